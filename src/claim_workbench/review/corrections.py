"""Corrections from the app (undo, dismissal, speaker, added claim, removed passage): each one
stored in the session it is given, and the line that tells the reviewer what it did.

Plain functions, no Textual: the main screen runs them through ReviewWriter.correct, after its
queued writes; a colleague's change first refuses them there (VersionConflict).
"""

from __future__ import annotations

from sqlmodel import Session

from claim_workbench.review.state import Correction
from claim_workbench.store import storage
from claim_workbench.text.printable import one_line


def undo_last(session: Session, *, reviewer: str, article_id: int | None) -> Correction:
    result = storage.undo_last_action(session=session, reviewer=reviewer, article_id=article_id)
    claim = result.claim
    label = one_line(claim.label or claim.text, 60)
    return Correction(
        result.undone.claim_id,
        claim,
        f"Undid your {result.description} on “{label}”.",
        go_to=True,
    )


def dismiss(
    session: Session, *, claim_id: int, reason: str, reviewer: str, expect_version: int
) -> Correction:
    claim = storage.dismiss_claim(
        session=session,
        claim_id=claim_id,
        reason=reason,
        reviewer=reviewer,
        expect_version=expect_version,
    )
    return Correction(claim_id, claim, f"Dismissed: {reason}. Reports leave it out; u undoes.")


def change_speaker(
    session: Session, *, claim_id: int, speaker: str, reviewer: str, expect_version: int
) -> Correction:
    claim = storage.set_speaker(
        session=session,
        claim_id=claim_id,
        speaker=speaker,
        reviewer=reviewer,
        expect_version=expect_version,
    )
    return Correction(claim_id, claim, f"Now attributed to {one_line(speaker or 'nobody', 60)}.")


def add_claim(
    session: Session,
    *,
    article_id: int,
    text: str,
    reviewer: str,
    start: int | None = None,
    end: int | None = None,
) -> Correction:
    # services brings in extraction and matching (numpy): not imported before they are needed,
    # since the main screen imports this module before its first paint.
    import claim_workbench.review.services as services

    added = services.add_claim(
        session=session, article_id=article_id, text=text, reviewer=reviewer, start=start, end=end
    )
    where = "kept as typed, not found in the article text" if added.typed else "from the text"
    return Correction(added.claim.id or 0, added.claim, f"Added a claim ({where}).", go_to=True)


def remove_passage(
    session: Session, *, claim_id: int, evidence_id: int, reviewer: str
) -> Correction:
    storage.remove_evidence(session=session, evidence_id=evidence_id, reviewer=reviewer)
    return Correction(claim_id, None, "Removed the passage; u puts it back.")
