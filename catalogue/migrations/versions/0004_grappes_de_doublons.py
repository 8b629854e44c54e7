"""Duplicate clusters of the published offers (`grappe_doublons`, `catalogue doublons regrouper`),
for the search's `exclure_doublons`.

Revision 0004, after 0003, written 2026-12-07.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grappe_doublons',
    sa.Column('offer_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('grappe', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id')
    )


def downgrade() -> None:
    op.drop_table('grappe_doublons')
