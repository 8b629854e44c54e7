"""Sign-in attempts per account and address (`echec_connexion` renamed `tentative_connexion`,
with the address) and server-side sessions (`session_connectee`), for issue 17.

Revision 0005, after 0004, written 2026-12-07.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the failed sign-ins become attempts per account *and address*: same rows, one more column
    op.rename_table('echec_connexion', 'tentative_connexion')
    with op.batch_alter_table('tentative_connexion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adresse', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=False, server_default=''))
        batch_op.drop_index('ix_echec_connexion_courriel')
        batch_op.create_index(batch_op.f('ix_tentative_connexion_adresse'), ['adresse'], unique=False)
        batch_op.create_index(batch_op.f('ix_tentative_connexion_courriel'), ['courriel'], unique=False)
        batch_op.create_index(batch_op.f('ix_tentative_connexion_quand'), ['quand'], unique=False)

    op.create_table('session_connectee',
    sa.Column('empreinte', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('utilisateur_id', sa.Integer(), nullable=False),
    sa.Column('cree_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expire_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['utilisateur_id'], ['utilisateur.id'], ),
    sa.PrimaryKeyConstraint('empreinte')
    )
    with op.batch_alter_table('session_connectee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_connectee_utilisateur_id'), ['utilisateur_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('session_connectee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_connectee_utilisateur_id'))

    op.drop_table('session_connectee')
    with op.batch_alter_table('tentative_connexion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tentative_connexion_quand'))
        batch_op.drop_index(batch_op.f('ix_tentative_connexion_courriel'))
        batch_op.drop_index(batch_op.f('ix_tentative_connexion_adresse'))
        batch_op.create_index('ix_echec_connexion_courriel', ['courriel'], unique=False)
        batch_op.drop_column('adresse')
    op.rename_table('tentative_connexion', 'echec_connexion')
