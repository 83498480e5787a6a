"""review corrections: who wrote a note and under which verdict; undo's audit columns

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel's AutoString and UTCDateTime)
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('note_status', sqlmodel.sql.sqltypes.AutoString(), nullable=True))

    with op.batch_alter_table('reviewevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('undoes_event_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_reviewevent_undoes_event_id'), ['undoes_event_id'], unique=False)

    _fill_note_provenance()


def _fill_note_provenance() -> None:
    """Who wrote each existing note, and under which status, read back from the audit trail:
    the last event that set the note (a note edit, a verdict given with a note, an adoption)
    and the status the claim had just after it."""
    connection = op.get_bind()
    events = connection.execute(
        sa.text(
            "SELECT claim_id, action, to_value, note, reviewer FROM reviewevent "
            "WHERE action IN ('status', 'adopt', 'note') ORDER BY claim_id, at, id"
        )
    )
    provenance: dict[int, tuple[str | None, str]] = {}
    status: dict[int, str] = {}
    for claim_id, action, to_value, note, reviewer in events:
        if action == 'note':
            provenance[claim_id] = (reviewer, status.get(claim_id, 'unreviewed'))
            continue
        status[claim_id] = to_value or 'unreviewed'
        if action == 'adopt' or note is not None:
            provenance[claim_id] = (reviewer, status[claim_id])
    update = sa.text(
        "UPDATE claim SET note_by = :note_by, note_status = :note_status "
        "WHERE id = :claim_id AND note != ''"
    )
    rows = [
        {'claim_id': claim_id, 'note_by': note_by, 'note_status': note_status}
        for claim_id, (note_by, note_status) in provenance.items()
    ]
    if rows:
        connection.execute(update, rows)


def downgrade() -> None:
    with op.batch_alter_table('reviewevent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviewevent_undoes_event_id'))
        batch_op.drop_column('undoes_event_id')
        batch_op.drop_column('detail')

    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_column('note_status')
        batch_op.drop_column('note_by')
