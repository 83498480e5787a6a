"""Whether a claim's note still speaks for its verdict, and the sign shown when it may not."""

from __future__ import annotations

from collections.abc import Sequence

from claim_workbench.store.models import ClaimStatus, ReviewEvent
from claim_workbench.store.storage import STATUS_ACTIONS, UNDONE_ADDITION


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


def current_status_event(events: Sequence[ReviewEvent]) -> ReviewEvent | None:
    """The latest event (of ``events``, oldest first) that set the claim's status and was not
    undone since: who gave the status it has now, when, and for a dismissal why."""
    undone = {event.undoes_event_id for event in events if event.undoes_event_id is not None}
    for event in reversed(events):
        if event.id in undone:
            continue
        if event.action in STATUS_ACTIONS or (
            event.action == "undo" and event.from_value == "add-claim"
        ):
            return event
    return None


def dismissal_reason(event: ReviewEvent | None) -> str:
    """Why the claim was dismissed, from its current status event."""
    if event is None:
        return ""
    if event.action == "undo":
        return UNDONE_ADDITION
    return event.note or ""
