"""Change journal (`journal_changement`), indexes following it (`index_noeud`), its prunings
(`journal_elagage`), and the lease of import runs (`import_run.proprietaire`, `bail_jusqu_a`).

Revision 0002, after 0001, written 2026-12-07.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('index_noeud',
    sa.Column('noeud', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('sequence', sa.BigInteger(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('vu_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('noeud')
    )
    op.create_table('journal_changement',
    sa.Column('sequence', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('operation', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sequence'),
    sqlite_autoincrement=True
    )
    op.create_table('journal_elagage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jusqu_a', sa.BigInteger(), nullable=False),
    sa.Column('le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proprietaire', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column('bail_jusqu_a', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.drop_column('bail_jusqu_a')
        batch_op.drop_column('proprietaire')

    op.drop_table('journal_elagage')
    op.drop_table('journal_changement')
    op.drop_table('index_noeud')
