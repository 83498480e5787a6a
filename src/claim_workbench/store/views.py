"""One view model per thing shown: article, claim, source, evidence (and a claim's quantities).

Plain data read from the store, never ORM objects: the TUI's widgets, the command line's
--json output and every report take these, and report.serialize is the one place that turns
them into JSON. The SQLModel tables (store.models) are the storage; claims.ExtractedClaim is
what extraction produces before anything is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from typing import TYPE_CHECKING, Any

from claim_workbench.evidence.agreement import (
    QuantityCheck,
    checks_from_json,
    days_between,
    days_text,
    describe_checks,
)
from claim_workbench.store.models import Article, Claim, ClaimStatus, Evidence, Quantity, Source
from claim_workbench.store.provenance import note_outdated

if TYPE_CHECKING:
    from claim_workbench.evidence.copies import CopyGroup
    from claim_workbench.store.factchecks import FactCheckSeen
    from claim_workbench.store.models import ReviewEvent


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(cls))


def _stored(cls: type, row: object, names: Sequence[str] | None = None) -> list[Any]:
    """The values of ``row`` (a table row, or a plain read's row) for ``cls``'s fields that
    hold stored columns: the first ones, named as the columns are, so nothing is copied by
    hand field by field."""
    return [getattr(row, name) for name in (_field_names(cls) if names is None else names)]


class _Stored:
    """A view whose fields are its table's columns of the same names, in order."""

    __slots__ = ()

    @classmethod
    def from_row(cls, row: object) -> Any:
        return cls(*_stored(cls, row))


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: int
    title: str
    url: str | None
    published: dt.date | None
    imported_at: dt.datetime
    text_sha256: str
    # None where the read leaves it out: the first screenful of a long article (its text is
    # most of what that read would fetch, and the first frame does not show it), the reports.
    text: str | None = None

    @classmethod
    def from_article(cls, article: Article, *, with_text: bool = False) -> ArticleView:
        return cls(
            *_stored(cls, article, _ARTICLE_FIELDS), text=article.text if with_text else None
        )


@dataclass(frozen=True, slots=True)
class QuantityView(_Stored):
    value: float
    unit: str | None
    qualifier: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SourceView(_Stored):
    id: int
    origin: str
    url: str | None
    final_url: str | None
    title: str | None
    site: str | None
    published: dt.date | None
    fetched_at: dt.datetime
    status_code: int | None
    content_type: str
    sha256: str
    # Left out (None) by the reports' read: the snapshot text can be megabytes and is shared
    # by many claims. The detail pane's read has them (the snapshot view shows the text).
    size: int | None = None
    text: str | None = None

    @property
    def link(self) -> str | None:
        """Where the snapshot really came from: the URL after redirects, else the one asked for."""
        return self.final_url or self.url


@dataclass(frozen=True, slots=True)
class EvidenceView:
    id: int
    source: SourceView
    passage: str
    start: int  # offsets of the passage in the source text
    end: int
    highlight_start: int  # offsets into the passage
    highlight_end: int
    score: float
    number_agreement: str
    suggested_stance: str
    reviewer_stance: str | None
    reviewer: str | None
    attached_at: dt.datetime
    # Per claim quantity: the passage's figure and its verdict; empty for rows stored before
    # the checks existed (their number_agreement still stands).
    quantity_checks: tuple[QuantityCheck, ...] = ()
    no_passage: bool = False  # the source is linked, but no passage of it is about the claim
    days_after_article: int | None = None  # source date minus article date, None if unknown
    claim_id: int | None = None

    @classmethod
    def from_rows(
        cls, evidence: Evidence, source: Source, *, article_published: dt.date | None = None
    ) -> EvidenceView:
        return cls.of(evidence, SourceView.from_row(source), article_published)

    @classmethod
    def of(
        cls, evidence: Any, source: SourceView, article_published: dt.date | None
    ) -> EvidenceView:
        """From a stored Evidence row, or a plain read's row with its columns."""
        return cls(
            evidence.id,
            source,
            *_stored(cls, evidence, _EVIDENCE_FIELDS),
            tuple(checks_from_json(evidence.quantity_checks)),
            bool(evidence.no_passage),
            days_between(article_published, source.published),
            evidence.claim_id,
        )

    @property
    def quantities_line(self) -> str:
        """ "21 attacks ✓ · 82 deaths → 83 ✗", "" without checks."""
        return describe_checks(self.quantity_checks)

    @property
    def timing(self) -> str:
        """ "published 3 days after the article", "" when a date is unknown."""
        return days_text(self.days_after_article)

    @property
    def segments(self) -> tuple[str, str, str]:
        """The passage as (before, matching span, after); the span is empty when there is none."""
        length = len(self.passage)
        start = min(max(self.highlight_start, 0), length)
        end = min(max(self.highlight_end, start), length)
        return self.passage[:start], self.passage[start:end], self.passage[end:]


@dataclass(frozen=True, slots=True)
class CopyGroupView:
    """Sources of one claim that are copies of one story: they count as one source."""

    source_ids: tuple[int, ...]  # the representative first
    label: str  # "2 copies of one story, counted once: … — same text under different titles …"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The claim's current status and who set it, when (None for a claim nobody has marked)."""

    status: str
    note: str
    reviewer: str | None
    decided_at: dt.datetime | None
    # Who last wrote the note, and the claim's status then (None when not recorded).
    note_by: str | None = None
    note_status: str | None = None

    @property
    def reviewed(self) -> bool:
        return self.status != ClaimStatus.unreviewed.value

    @property
    def note_outdated(self) -> bool:
        """The note was written under another verdict than this one (see provenance)."""
        return note_outdated(
            note=self.note,
            note_by=self.note_by,
            note_status=self.note_status,
            status=self.status,
            status_by=self.reviewer,
        )


@dataclass(frozen=True, slots=True)
class Dismissal:
    """Why and by whom a claim was set aside as not a claim."""

    reason: str
    reviewer: str | None
    dismissed_at: dt.datetime | None


@dataclass(slots=True)
class ClaimView:
    """A claim as shown: a row of the claims table, the detail pane's claim, a report entry.

    The claim's own columns come first, in the order the plain-SQL reads list them. The
    report's read adds what it gathers around each claim (number, verdict, quantities,
    evidence, copies); the table's read leaves those at their defaults. Not frozen: thousands
    are built before the first paint, and a frozen dataclass costs a setattr call per field.
    """

    id: int
    position: int
    label: str
    text: str
    start: int
    end: int
    kinds: list[str]
    check_worthiness: float
    speaker: str | None
    quote: str | None
    status: str
    note: str = ""
    reviewer: str | None = None  # who last set the status or the note
    updated_at: dt.datetime | None = None
    version: int = 1
    note_by: str | None = None
    note_status: str | None = None
    seen_claim_id: int | None = None
    seen_relation: str | None = None
    seen_score: float | None = None
    article_id: int | None = None
    speaker_is_organisation: bool | None = None  # None: read it from the name
    # Set by the reports' read (store.reads.iter_claims):
    # 1-based, in article order, counting the claims a report lists (0 for a dismissed one)
    number: int | None = None
    verdict: Verdict | None = None
    quantities: Sequence[QuantityView] = ()
    evidence: Sequence[EvidenceView] = ()  # best score first
    dismissal: Dismissal | None = None  # set when the claim was dismissed as not a claim
    copy_groups: tuple[CopyGroupView, ...] = ()  # the evidence's sources that are copies
    source_count: int = 0  # distinct sources of the evidence
    independent_count: int = 0  # of them, counting each group of copies once

    @classmethod
    def from_claim(cls, claim: Claim | ClaimView, quantities: Sequence[Quantity] = ()) -> ClaimView:
        view = cls(
            *_stored(cls, claim, CLAIM_COLUMNS),
            quantities=tuple(QuantityView.from_row(q) for q in quantities),
        )
        view.kinds = list(view.kinds)  # not the row's own list
        return view

    @property
    def offsets(self) -> tuple[int | None, int | None]:
        """The claim's offsets in the article text; (None, None) for words typed by hand that
        are not in it (stored as an empty span)."""
        if self.start == self.end and self.text:
            return None, None
        return self.start, self.end

    @property
    def sources_line(self) -> str:
        """ "3 sources, 2 independent"; "1 source"; "no sources"."""
        # numpy and rapidfuzz come with evidence.copies: not before the TUI's first frame.
        from claim_workbench.evidence.copies import independence_label

        return independence_label(self.source_count, self.independent_count)


_ARTICLE_FIELDS = [item.name for item in fields(ArticleView) if item.name != "text"]
# Stored columns of Evidence, in EvidenceView's order, between its source and what is derived.
_EVIDENCE_FIELDS = [item.name for item in fields(EvidenceView)][2:13]
_CLAIM_FIELDS = [item.name for item in fields(ClaimView)]
# ClaimView's fields that are Claim's columns, in order (the rest is the reports' context).
CLAIM_COLUMNS = _CLAIM_FIELDS[: _CLAIM_FIELDS.index("number")]


@dataclass(slots=True)
class ClaimDetails:
    """Everything the detail pane shows for one claim, read in one go from the database."""

    claim: ClaimView
    quantities: list[QuantityView] = field(default_factory=list)
    evidence: list[EvidenceView] = field(default_factory=list)  # best first
    history: list[ReviewEvent] = field(default_factory=list)
    seen_claim: ClaimView | None = None  # the earlier reviewed claim this one restates
    article_published: dt.date | None = None  # what each source's date is compared with
    copy_groups: list[CopyGroup] = field(default_factory=list)  # the evidence's copies
    # Published fact-checks (imported with `workbench factchecks import`) this claim restates.
    fact_checks: list[FactCheckSeen] = field(default_factory=list)

    @property
    def sources_label(self) -> str:
        """ "3 sources, 2 independent": copies of one story count once."""
        # numpy and rapidfuzz come with evidence.copies: not before the TUI's first frame.
        from claim_workbench.evidence.copies import independence

        ids = [item.source.id for item in self.evidence]
        return independence(ids, self.copy_groups).label
