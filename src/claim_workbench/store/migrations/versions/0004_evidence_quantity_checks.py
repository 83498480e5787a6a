"""evidence: per-quantity checks and the no-passage marker

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-03 08:00:00.000000

Rows stored before this revision get an empty list of checks and no_passage false: they show
and export as they did (their overall number_agreement is kept).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("quantity_checks", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column("no_passage", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("no_passage")
        batch_op.drop_column("quantity_checks")
