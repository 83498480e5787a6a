"""The tables: articles, claims and quantities, sources, evidence and the audit trail.

Every instant is a UTCDateTime column (store.types): aware UTC in, aware UTC out."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from claim_workbench.store.types import UTCDateTime


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ClaimStatus(StrEnum):
    unreviewed = "unreviewed"
    verified = "verified"
    disputed = "disputed"
    inconclusive = "inconclusive"
    # Not a claim (an opinion, a duplicate, a sentence split wrongly): left out of reports'
    # claims and of ClaimReview, counted apart.
    dismissed = "dismissed"


# The statuses that are a verdict on the claim (what ClaimReview publishes and claim memory
# offers to adopt).
VERDICTS = frozenset({ClaimStatus.verified, ClaimStatus.disputed, ClaimStatus.inconclusive})


class NumberAgreement(StrEnum):
    agree = "agree"
    conflict = "conflict"
    update = "update"  # only running totals counted at another date differ
    none = "none"


class Stance(StrEnum):
    supports = "supports"
    contradicts = "contradicts"
    context = "context"
    unclear = "unclear"


class SourceOrigin(StrEnum):
    url = "url"
    file = "file"
    text = "text"


class ArticleBase(SQLModel):
    title: str
    published: dt.date | None = None
    url: str | None = None
    text: str


class Article(ArticleBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Importing the same text twice returns the existing article.
    text_sha256: str = Field(index=True, unique=True, max_length=64)
    imported_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ClaimBase(SQLModel):
    position: int
    text: str
    start: int
    end: int
    label: str
    kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    check_worthiness: float = 0.0
    speaker: str | None = None
    quote: str | None = None
    # Whether the speaker is an organisation, as the article named it (see ExtractedClaim);
    # None when a reviewer set the speaker or the claim predates the column: then the name is
    # read for it (claims.speakers.is_organisation).
    speaker_is_organisation: bool | None = None


class Claim(ClaimBase, table=True):
    # Every listing reads one article's claims in order: the index serves it directly.
    __table_args__ = (Index("ix_claim_article_id_position", "article_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    status: str = Field(default=ClaimStatus.unreviewed.value, index=True)
    note: str = ""
    reviewer: str | None = None
    # Who last wrote the note, and the claim's status then: a note that outlives a change of
    # verdict by someone else is shown as such, not as the reason for the new verdict.
    note_by: str | None = None
    note_status: str | None = None
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)
    # Optimistic concurrency: every verdict or note change bumps it; a write that
    # expected another version is refused instead of overwriting a colleague.
    version: int = 1
    # Claim memory: the best earlier reviewed claim this one restates, if any.
    seen_claim_id: int | None = Field(default=None, foreign_key="claim.id", ondelete="SET NULL")
    seen_score: float | None = None
    seen_relation: str | None = None


class QuantityBase(SQLModel):
    value: float
    unit: str | None = None
    qualifier: str | None = None
    text: str
    start: int
    end: int


class Quantity(QuantityBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")


class SourceBase(SQLModel):
    origin: str = SourceOrigin.url.value
    url: str | None = None
    final_url: str | None = None
    title: str | None = None
    site: str | None = None
    published: dt.date | None = None
    fetched_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    status_code: int | None = None
    content_type: str = "text/plain"
    text: str
    sha256: str = Field(max_length=64)
    size: int = 0


class Source(SourceBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Identical bytes are stored once and shared by every claim that cites them.
    sha256: str = Field(max_length=64, index=True, unique=True)
    # The raw bytes, zlib-compressed, so the text can be re-extracted later.
    raw_compressed: bytes = Field(default=b"", sa_column=Column(LargeBinary, nullable=False))


class Evidence(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("claim_id", "source_id", "start", "end"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    passage: str
    start: int
    end: int
    highlight_start: int = 0
    highlight_end: int = 0
    score: float = 0.0
    number_agreement: str = NumberAgreement.none.value
    suggested_stance: str = Stance.unclear.value
    reviewer_stance: str | None = None
    reviewer: str | None = None
    attached_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # One object per claim quantity (evidence.agreement.QuantityCheck.as_dict): the passage's
    # figure for it and the verdict. Rows stored before migration 0004 have none.
    quantity_checks: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    # True for the row that links a source none of whose passages is about the claim: passage
    # is empty and nothing is highlighted.
    no_passage: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class ReviewEvent(SQLModel, table=True):
    """One line of the append-only audit trail: never updated, never deleted."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    # "status", "note", "stance", "adopt", "dismiss", "speaker", "add-claim", "attach",
    # "remove-evidence" or "undo"
    action: str = "status"
    from_value: str | None = None
    to_value: str | None = None
    note: str | None = None
    evidence_id: int | None = None
    reviewer: str | None = None
    at: dt.datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)
    # What undo needs to put things back: the claim's fields before the change, a removed
    # passage, the passages an attach created (see claim_workbench.store.storage.undo_last_action).
    detail: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # On an "undo" event: the event it took back (that one is then never undone again).
    undoes_event_id: int | None = Field(default=None, index=True)


class FactCheckBase(SQLModel):
    """A fact-check published elsewhere (schema.org ClaimReview), imported into claim memory."""

    text: str  # the claim reviewed (claimReviewed)
    rating: str  # the rating as the publisher words it (alternateName), else "value/best"
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    publisher: str | None = None  # who published the review (author, else publisher)
    publisher_url: str | None = None
    published: dt.date | None = None  # the review's date
    url: str | None = None  # the review's address
    title: str | None = None  # the review's headline
    claimant: str | None = None  # who made the claim (itemReviewed.author)
    claim_date: dt.date | None = None
    appearance_url: str | None = None  # where the claim was made
    language: str | None = None


class FactCheck(FactCheckBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # SHA-256 of the review URL and the claim text: importing a file again adds nothing.
    key_sha256: str = Field(max_length=64, index=True, unique=True)
    imported_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FactCheckMatch(SQLModel, table=True):
    """A stored claim that claim memory found to restate an imported fact-check."""

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    factcheck_id: int = Field(
        foreign_key="factcheck.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    score: float
    relation: str  # "same", or "related": the same subject, other numbers
