"""The report's content, read from storage in bounded batches and shared by every renderer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import Row, and_, or_, select, union
from sqlmodel import Session, col

from claim_workbench.evidence.agreement import (
    QuantityCheck,
    checks_from_json,
    days_between,
    describe_checks,
)
from claim_workbench.evidence.copies import (
    CopyGroup,
    Fingerprint,
    group_copies,
    independence,
    independence_label,
)
from claim_workbench.review.provenance import note_outdated
from claim_workbench.store.copies import sources_for_claims
from claim_workbench.store.models import (
    Article,
    Claim,
    ClaimStatus,
    Evidence,
    Quantity,
    ReviewEvent,
    Source,
)
from claim_workbench.store.storage import (
    STATUS_ACTIONS,
    UNDONE_ADDITION,
    get_article,
    status_summary,
)

# Claims are read this many at a time, each batch with its quantities, evidence and last
# verdict in three more queries: memory stays flat however long the article is.
BATCH_SIZE = 500

STATUS_TITLES = {
    ClaimStatus.unreviewed.value: "Unreviewed",
    ClaimStatus.verified.value: "Verified",
    ClaimStatus.disputed.value: "Disputed",
    ClaimStatus.inconclusive.value: "Inconclusive",
    ClaimStatus.dismissed.value: "Dismissed",
}


def as_utc(moment: dt.datetime) -> dt.datetime:
    # SQLite hands datetimes back naive; everything the workbench stores is UTC.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def iso_datetime(moment: dt.datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat(timespec="seconds")


def iso_date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def status_title(status: str) -> str:
    return STATUS_TITLES.get(status, status.capitalize())


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: int
    title: str
    url: str | None
    published: dt.date | None
    imported_at: dt.datetime
    text_sha256: str


@dataclass(frozen=True, slots=True)
class ReportHeader:
    article: ArticleInfo
    summary: dict[str, int]  # every status, in ClaimStatus order, zero when absent
    reviewers: list[str]  # everyone who set a verdict, a note or a stance, sorted
    generated_at: dt.datetime
    prepared_by: str | None
    organisation: str | None
    review_url: str | None

    @property
    def total(self) -> int:
        return sum(self.summary.values())


@dataclass(frozen=True, slots=True)
class QuantityEntry:
    value: float
    unit: str | None
    qualifier: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SourceEntry:
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

    @property
    def link(self) -> str | None:
        """Where the snapshot really came from: the URL after redirects, else the one asked for."""
        return self.final_url or self.url


@dataclass(frozen=True, slots=True)
class EvidenceEntry:
    id: int
    source: SourceEntry
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

    @property
    def quantities_line(self) -> str:
        """ "21 attacks ✓ · 82 deaths → 83 ✗", "" without checks."""
        return describe_checks(self.quantity_checks)

    @property
    def timing(self) -> str:
        """ "published 3 days after the article", "" when a date is unknown."""
        if self.days_after_article is None:
            return ""
        days = self.days_after_article
        if days == 0:
            return "published the same day as the article"
        unit = "day" if abs(days) == 1 else "days"
        return f"published {abs(days)} {unit} {'after' if days > 0 else 'before'} the article"

    @property
    def segments(self) -> tuple[str, str, str]:
        """The passage as (before, matching span, after); the span is empty when there is none."""
        length = len(self.passage)
        start = min(max(self.highlight_start, 0), length)
        end = min(max(self.highlight_end, start), length)
        return self.passage[:start], self.passage[start:end], self.passage[end:]


@dataclass(frozen=True, slots=True)
class CopyGroupEntry:
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


@dataclass(frozen=True, slots=True)
class ClaimEntry:
    # 1-based, in article order, counting the claims a report lists (0 for a dismissed one)
    number: int
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
    verdict: Verdict
    quantities: list[QuantityEntry] = field(default_factory=list)
    evidence: list[EvidenceEntry] = field(default_factory=list)  # best score first
    dismissal: Dismissal | None = None  # set when the claim was dismissed as not a claim
    copy_groups: tuple[CopyGroupEntry, ...] = ()  # the evidence's sources that are copies
    source_count: int = 0  # distinct sources of the evidence
    independent_count: int = 0  # of them, counting each group of copies once

    @property
    def sources_line(self) -> str:
        """ "3 sources, 2 independent"; "1 source"; "no sources"."""
        return independence_label(self.source_count, self.independent_count)


def read_header(
    *,
    session: Session,
    article_id: int,
    generated_at: dt.datetime,
    prepared_by: str | None = None,
    organisation: str | None = None,
    review_url: str | None = None,
) -> ReportHeader:
    """The article, the status counts and the reviewers; raises NotFound for an unknown id."""
    article = get_article(session=session, article_id=article_id)
    assert article.id is not None
    info = ArticleInfo(
        id=article.id,
        title=article.title,
        url=article.url,
        published=article.published,
        imported_at=as_utc(article.imported_at),
        text_sha256=article.text_sha256,
    )
    return ReportHeader(
        article=info,
        summary=status_summary(session=session, article_id=article_id),
        reviewers=_reviewers(session=session, article_id=article_id),
        generated_at=as_utc(generated_at),
        prepared_by=prepared_by,
        organisation=organisation,
        review_url=review_url,
    )


def _reviewers(*, session: Session, article_id: int) -> list[str]:
    claim_ids = select(Claim.id).where(Claim.article_id == article_id)
    names = union(
        select(Claim.reviewer).where(Claim.article_id == article_id),
        select(ReviewEvent.reviewer).where(col(ReviewEvent.claim_id).in_(claim_ids)),
        select(Evidence.reviewer).where(col(Evidence.claim_id).in_(claim_ids)),
    )
    rows = session.execute(names).scalars().all()
    return sorted({name for name in rows if name}, key=str.casefold)


_CLAIM_COLUMNS = (
    Claim.id,
    Claim.position,
    Claim.label,
    Claim.text,
    Claim.start,
    Claim.end,
    Claim.kinds,
    Claim.check_worthiness,
    Claim.speaker,
    Claim.quote,
    Claim.status,
    Claim.note,
    Claim.reviewer,
    Claim.updated_at,
    Claim.note_by,
    Claim.note_status,
)

# Only the columns a report shows: a source's snapshot text and raw bytes can be megabytes
# and are shared by many claims, so they are never loaded here.
_SOURCE_COLUMNS = (
    Source.id,
    Source.origin,
    Source.url,
    Source.final_url,
    Source.title,
    Source.site,
    Source.published,
    Source.fetched_at,
    Source.status_code,
    Source.content_type,
    Source.sha256,
)

_EVIDENCE_COLUMNS = (
    Evidence.claim_id,
    Evidence.id,
    Evidence.passage,
    Evidence.start,
    Evidence.end,
    Evidence.highlight_start,
    Evidence.highlight_end,
    Evidence.score,
    Evidence.number_agreement,
    Evidence.suggested_stance,
    Evidence.reviewer_stance,
    Evidence.reviewer,
    Evidence.attached_at,
    Evidence.quantity_checks,
    Evidence.no_passage,
)


def iter_claims(
    *, session: Session, article_id: int, batch_size: int = BATCH_SIZE
) -> Iterator[ClaimEntry]:
    """Every claim of the article in article order, with quantities, verdict and evidence.

    Rows are plain column tuples rather than ORM objects so nothing accumulates in the
    session's identity map; the caller holds one batch at a time.
    """
    number = 0
    last_key: tuple[int, int] | None = None
    # A source cited by claims in several batches is fingerprinted once.
    fingerprints: dict[int, Fingerprint] = {}
    published = (
        session.connection()
        .execute(select(Article.published).where(Article.id == article_id))
        .scalar_one_or_none()
    )
    while True:
        query = select(*_CLAIM_COLUMNS).where(Claim.article_id == article_id)
        if last_key is not None:
            # Keyset paging on (position, id): stable and index-friendly, unlike OFFSET.
            position, claim_id = last_key
            query = query.where(
                or_(
                    col(Claim.position) > position,
                    and_(col(Claim.position) == position, col(Claim.id) > claim_id),
                )
            )
        query = query.order_by(col(Claim.position), col(Claim.id)).limit(batch_size)
        rows = session.connection().execute(query).all()
        if not rows:
            return
        claim_ids = [row.id for row in rows]
        quantities = _quantities(session=session, claim_ids=claim_ids)
        evidence = _evidence(session=session, claim_ids=claim_ids, article_published=published)
        events = _last_verdict_events(session=session, claim_ids=claim_ids)
        copies = _copy_groups(session=session, claim_ids=claim_ids, cache=fingerprints)
        for row in rows:
            event = events.get(row.id)
            dismissal = _dismissal(row, event)
            if dismissal is None:
                number += 1
            claim_evidence = evidence.get(row.id, [])
            groups = tuple(copies.get(row.id, ()))
            counted = independence(
                [item.source.id for item in claim_evidence],
                [group for group, _entry in groups],
            )
            yield ClaimEntry(
                number=0 if dismissal else number,
                id=row.id,
                position=row.position,
                label=row.label,
                text=row.text,
                start=row.start,
                end=row.end,
                kinds=list(row.kinds or []),
                check_worthiness=row.check_worthiness,
                speaker=row.speaker,
                quote=row.quote,
                verdict=_verdict(row, event),
                quantities=quantities.get(row.id, []),
                evidence=claim_evidence,
                dismissal=dismissal,
                copy_groups=tuple(entry for _group, entry in groups),
                source_count=counted.sources,
                independent_count=counted.independent,
            )
        last_key = (rows[-1].position, rows[-1].id)
        if len(rows) < batch_size:
            return


def _copy_groups(
    *, session: Session, claim_ids: list[int], cache: dict[int, Fingerprint]
) -> dict[int, list[tuple[CopyGroup, CopyGroupEntry]]]:
    """Each claim's groups of copies among its sources (claims without any are left out)."""
    read = sources_for_claims(session=session, claim_ids=claim_ids)
    result: dict[int, list[tuple[CopyGroup, CopyGroupEntry]]] = {}
    for claim_id in claim_ids:
        sources = read.of(claim_id)
        if len(sources) < 2:
            continue
        names = {source.id: source.site or source.title or f"#{source.id}" for source in sources}
        groups = group_copies(sources, cache=cache)
        if groups:
            result[claim_id] = [
                (group, CopyGroupEntry(source_ids=group.source_ids, label=group.label(names)))
                for group in groups
            ]
    return result


def _verdict(row: Row[Any], event: Row[Any] | None) -> Verdict:
    note = {"note": row.note or "", "note_by": row.note_by, "note_status": row.note_status}
    if event is not None:
        return Verdict(
            status=row.status, reviewer=event.reviewer, decided_at=as_utc(event.at), **note
        )
    if row.status != ClaimStatus.unreviewed.value:
        # A status with no audit event (older data): the claim's own stamp is the best we have.
        return Verdict(
            status=row.status, reviewer=row.reviewer, decided_at=as_utc(row.updated_at), **note
        )
    return Verdict(status=row.status, reviewer=None, decided_at=None, **note)


def _dismissal(row: Row[Any], event: Row[Any] | None) -> Dismissal | None:
    if row.status != ClaimStatus.dismissed.value:
        return None
    if event is None:
        return Dismissal(reason="", reviewer=row.reviewer, dismissed_at=as_utc(row.updated_at))
    if event.action == "undo":
        return Dismissal(
            reason=UNDONE_ADDITION, reviewer=event.reviewer, dismissed_at=as_utc(event.at)
        )
    return Dismissal(
        reason=event.note or "", reviewer=event.reviewer, dismissed_at=as_utc(event.at)
    )


def _quantities(*, session: Session, claim_ids: list[int]) -> dict[int, list[QuantityEntry]]:
    rows = (
        session.connection()
        .execute(
            select(
                Quantity.claim_id,
                Quantity.value,
                Quantity.unit,
                Quantity.qualifier,
                Quantity.text,
                Quantity.start,
                Quantity.end,
            )
            .where(col(Quantity.claim_id).in_(claim_ids))
            .order_by(col(Quantity.claim_id), col(Quantity.start), col(Quantity.id))
        )
        .all()
    )
    result: dict[int, list[QuantityEntry]] = {}
    for row in rows:
        result.setdefault(row.claim_id, []).append(
            QuantityEntry(
                value=row.value,
                unit=row.unit,
                qualifier=row.qualifier,
                text=row.text,
                start=row.start,
                end=row.end,
            )
        )
    return result


def _evidence(
    *, session: Session, claim_ids: list[int], article_published: dt.date | None = None
) -> dict[int, list[EvidenceEntry]]:
    rows = (
        session.connection()
        .execute(
            select(*_EVIDENCE_COLUMNS, *_SOURCE_COLUMNS)
            .join(Source, col(Source.id) == col(Evidence.source_id))
            .where(col(Evidence.claim_id).in_(claim_ids))
            .order_by(col(Evidence.claim_id), col(Evidence.score).desc(), col(Evidence.id))
        )
        .all()
    )
    result: dict[int, list[EvidenceEntry]] = {}
    # One SourceEntry per source per batch: a source cited by many claims is held once.
    sources: dict[int, SourceEntry] = {}
    width = len(_EVIDENCE_COLUMNS)
    for row in rows:
        (
            claim_id,
            evidence_id,
            passage,
            start,
            end,
            highlight_start,
            highlight_end,
            score,
            number_agreement,
            suggested_stance,
            reviewer_stance,
            reviewer,
            attached_at,
            quantity_checks,
            no_passage,
        ) = row[:width]
        source = sources.get(row[width])
        if source is None:
            source = _source_entry(row[width:])
            sources[source.id] = source
        result.setdefault(claim_id, []).append(
            EvidenceEntry(
                id=evidence_id,
                source=source,
                passage=passage,
                start=start,
                end=end,
                highlight_start=highlight_start,
                highlight_end=highlight_end,
                score=score,
                number_agreement=number_agreement,
                suggested_stance=suggested_stance,
                reviewer_stance=reviewer_stance,
                reviewer=reviewer,
                attached_at=as_utc(attached_at),
                quantity_checks=tuple(checks_from_json(quantity_checks)),
                no_passage=bool(no_passage),
                days_after_article=days_between(article_published, source.published),
            )
        )
    return result


_SOURCE_FIELDS = tuple(column.key for column in _SOURCE_COLUMNS)
# Positional construction below relies on the columns being listed in field order.
assert _SOURCE_FIELDS == tuple(entry.name for entry in fields(SourceEntry))
_FETCHED_AT = _SOURCE_FIELDS.index("fetched_at")


def _source_entry(values: Sequence[Any]) -> SourceEntry:
    values = list(values)
    values[_FETCHED_AT] = as_utc(values[_FETCHED_AT])
    return SourceEntry(*values)


def _last_verdict_events(*, session: Session, claim_ids: list[int]) -> dict[int, Row[Any]]:
    """Each claim's latest event that set its status and was not undone since: who set the
    status it has now, when, and (for a dismissal) why."""
    undone = select(ReviewEvent.undoes_event_id).where(
        col(ReviewEvent.claim_id).in_(claim_ids), col(ReviewEvent.undoes_event_id).is_not(None)
    )
    rows = (
        session.connection()
        .execute(
            select(
                ReviewEvent.claim_id,
                ReviewEvent.action,
                ReviewEvent.reviewer,
                ReviewEvent.at,
                ReviewEvent.note,
            )
            .where(
                col(ReviewEvent.claim_id).in_(claim_ids),
                or_(
                    col(ReviewEvent.action).in_(STATUS_ACTIONS),
                    # Undoing an added claim dismisses it.
                    and_(ReviewEvent.action == "undo", ReviewEvent.from_value == "add-claim"),
                ),
                col(ReviewEvent.id).not_in(undone),
            )
            .order_by(col(ReviewEvent.claim_id), col(ReviewEvent.at), col(ReviewEvent.id))
        )
        .all()
    )
    # Ascending order, so the last row seen for a claim is its latest verdict.
    return {row.claim_id: row for row in rows}
