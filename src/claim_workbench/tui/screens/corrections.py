"""What the main screen says about review corrections and batches (pure, no widgets)."""

from __future__ import annotations

from typing import Literal

Severity = Literal["information", "warning", "error"]


def attach_batch_title(*, attached: int, asked: int) -> tuple[str, Severity]:
    """The title and severity of a batch attach's summary: "Sources attached" only when
    every one was."""
    if attached == asked:
        return ("Source attached" if asked == 1 else "Sources attached"), "information"
    if attached == 0:
        return "Nothing attached", "error"
    return f"Only {attached} of {asked} sources attached", "warning"


def unsupported_verdict_warning(*, require_note: bool) -> str:
    consequence = (
        "ClaimReview exports leave it out until it has a note (WORKBENCH_REQUIRE_NOTE)"
        if require_note
        else "its ClaimReview would have a rating and no review text"
    )
    return f"This verdict has no note and no evidence: {consequence}. Press n to add a note."
