"""Partners' API keys (`jeton_api`: name, SHA-256 of the key, created, revoked).

Revision 0003, after 0002, written 2026-12-07.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('jeton_api',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('empreinte', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('cree_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoque_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nom')
    )
    with op.batch_alter_table('jeton_api', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jeton_api_empreinte'), ['empreinte'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('jeton_api', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jeton_api_empreinte'))

    op.drop_table('jeton_api')
