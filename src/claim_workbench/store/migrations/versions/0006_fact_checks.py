"""fact-checks published elsewhere (ClaimReview imports) and the claims that restate them

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (AutoString)
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "factcheck",
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("rating", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("rating_value", sa.Float(), nullable=True),
        sa.Column("best_rating", sa.Float(), nullable=True),
        sa.Column("worst_rating", sa.Float(), nullable=True),
        sa.Column("publisher", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("publisher_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("claimant", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("claim_date", sa.Date(), nullable=True),
        sa.Column("appearance_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("factcheck", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_factcheck_key_sha256"), ["key_sha256"], unique=True)

    op.create_table(
        "factcheckmatch",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("factcheck_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("relation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["factcheck_id"], ["factcheck.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id", "factcheck_id"),
    )
    with op.batch_alter_table("factcheckmatch", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_factcheckmatch_factcheck_id"), ["factcheck_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("factcheckmatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_factcheckmatch_factcheck_id"))
    op.drop_table("factcheckmatch")
    with op.batch_alter_table("factcheck", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_factcheck_key_sha256"))
    op.drop_table("factcheck")
