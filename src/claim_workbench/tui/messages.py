"""App-wide messages: what happened to the review, told in the past tense."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from claim_workbench.store.models import Claim
from claim_workbench.store.views import ArticleView, ClaimView


@dataclass
class ArticleLoaded(Message):
    """An article and its claims were read from the database (or nothing was there)."""

    article: ArticleView | None
    claims: list[ClaimView]
    complete: bool = True  # False for the first screenful, sent ahead of the rest


@dataclass
class ArticleImported(Message):
    article_id: int
    created: bool
    claim_count: int


@dataclass
class ClaimSaved(Message):
    """A verdict or note of ours was written; ``claim`` is the row as stored."""

    claim: Claim
    action: str  # "status" or "note"


@dataclass
class ClaimConflicted(Message):
    """Someone else changed the claim first; ``claim`` is the row as they left it."""

    claim: Claim
    explanation: str


@dataclass
class StanceSaved(Message):
    claim_id: int
    evidence_id: int
    stance: str


@dataclass
class SourceAttached(Message):
    claim_id: int
    source_title: str
    evidence_count: int


@dataclass
class ClaimsChangedElsewhere(Message):
    """The periodic check found claims changed by other reviewers (or other processes)."""

    claims: list[Claim]


@dataclass
class ReportExported(Message):
    path: str
    fmt: str
    warnings: list[str] = field(default_factory=list)  # e.g. claims ClaimReview left out


@dataclass
class ClaimCorrected(Message):
    """A correction of ours was saved (undo, dismissal, speaker, added claim, removed passage),
    or refused because a colleague changed the claim first."""

    claim_id: int
    claim: Claim | None  # the claim as stored now, when the correction changed it
    summary: str  # what to tell the reviewer
    go_to: bool = False  # select the claim (an undo elsewhere in the list, an added claim)
    refused: bool = False


@dataclass
class ScreenBecameReady(Message):
    """A screen finished putting itself together and takes keys: the keys held meanwhile
    (WorkbenchApp.hold_keys) are handled now."""
