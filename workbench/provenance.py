"""Whether a claim's note still speaks for its verdict, and the sign shown when it may not."""

from __future__ import annotations

from db.models import ClaimStatus


def note_outdated(
    *,
    note: str,
    note_by: str | None,
    note_status: str | None,
    status: str,
    status_by: str | None,
) -> bool:
    """True when the note was written under another status than the current one, and either
    someone other than its author set the current one, or the note explained another verdict.

    A note written first and followed by its author's verdict (n, then v) is that verdict's
    note. One written for "disputed" next to "verified" is not, whoever flipped it; nor is
    ana's note once bob has set the verdict. Notes whose writer was not recorded (written
    before the workbench kept it) are taken as they are.
    """
    if not note.strip() or note_status is None or note_status == status:
        return False
    if note_status != ClaimStatus.unreviewed.value:
        return True
    return note_by != status_by


def note_sign(*, note_by: str | None, note_status: str | None) -> str:
    """'note by alice, written when the verdict was disputed' (or the claim was unreviewed)."""
    who = note_by or "someone"
    if note_status in (None, ClaimStatus.unreviewed.value):
        return f"note by {who}, written when the claim was unreviewed"
    if note_status == ClaimStatus.dismissed.value:
        return f"note by {who}, written when the claim was dismissed"
    return f"note by {who}, written when the verdict was {note_status}"
