"""whether a claim's speaker is an organisation, as the article named it

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: claims stored before it keep None, and the name is read for them as before.
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("speaker_is_organisation", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("speaker_is_organisation")
