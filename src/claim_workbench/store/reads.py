"""The reads behind what is shown: the TUI's claims table and detail pane, the change marker
it polls, and the reports' batches. They return the view models of store.views.

Two kinds, for two paths:
- the TUI's first paint (load_article, claim_rows, article_text, change_marker): plain SQL
  built from the models' table and column names. A statement built with select() costs several
  milliseconds to compile on a new engine (its column types are set up for the dialect), more
  than the query itself; these cost a fraction of one. Values come back as the driver gives
  them (strings on SQLite, dates and lists on PostgreSQL) and are decoded here.
- everything else (claim_details, claims_changed_since, the reports' iter_claims): select()
  on the models' columns, whose types decode the values.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, TextClause, and_, or_, text, union
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from claim_workbench.store import storage
from claim_workbench.store.copies import sources_for_claims
from claim_workbench.store.factchecks import fact_checks_seen
from claim_workbench.store.models import (
    Article,
    Claim,
    ClaimStatus,
    Evidence,
    Quantity,
    ReviewEvent,
    Source,
)
from claim_workbench.store.types import utc_from_db
from claim_workbench.store.views import (
    CLAIM_COLUMNS,
    ArticleView,
    ClaimDetails,
    ClaimView,
    CopyGroupView,
    Dismissal,
    EvidenceView,
    QuantityView,
    SourceView,
    Verdict,
)

if TYPE_CHECKING:
    from claim_workbench.evidence.copies import CopyGroup, Fingerprint


@dataclass(frozen=True, slots=True)
class ChangeMarker:
    """A cheap summary of an article's review state: it differs whenever anyone changes it.

    Verdicts and notes bump claim versions (max(updated_at) alone would miss two writes in one
    clock tick); every write, stances and attachments included, appends an audit event.
    """

    claims: int
    versions: int
    last_update: dt.datetime | None
    last_event: int | None


@dataclass(slots=True)
class LoadedArticle:
    article: ArticleView | None
    claims: list[ClaimView]
    marker: ChangeMarker | None
    complete: bool = True  # False when ``claims`` is only the first rows


# --- the TUI's first paint: plain SQL ------------------------------------------------------

_ARTICLE_COLUMNS = (
    Article.id,
    Article.title,
    Article.url,
    Article.published,
    Article.imported_at,
    Article.text_sha256,
)
# Plain columns, not ORM objects: for thousands of claims this is several times faster. In
# ClaimView's field order: the views are built positionally.
_CLAIM_COLUMNS = tuple(getattr(Claim, name) for name in CLAIM_COLUMNS)


def _sql(connection: Connection, template: str, **names: object) -> TextClause:
    """``template`` with {table} and {columns} names filled in, quoted for the database."""
    quote = connection.dialect.identifier_preparer.quote
    filled: dict[str, str] = {}
    for key, value in names.items():
        if isinstance(value, tuple):
            filled[key] = ", ".join(quote(column.key) for column in value)
        else:
            filled[key] = quote(str(value))
    return text(template.format(**filled))


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


def _kinds(value: object) -> list[str]:
    return list(json.loads(value) if isinstance(value, str) else value or [])  # type: ignore[arg-type]


def change_marker(*, connection: Connection, article_id: int) -> ChangeMarker:
    """One small query a window can poll every few seconds to see colleagues' changes: when
    the marker differs from the last one seen, reload the claims. The last event is found by a
    join, so the claims' index is read once: three IN (subquery) lookups, one per table, cost
    five times as much on 5,000 claims."""
    row = connection.execute(
        _sql(
            connection,
            "SELECT count(*), coalesce(sum({version}), 0), max({updated}), "
            "(SELECT max(e.{id}) FROM {events} e JOIN {claims} c ON c.{id} = e.{claim} "
            "WHERE c.{article} = :article_id) "
            "FROM {claims} WHERE {article} = :article_id",
            claims=Claim.__tablename__,
            events=ReviewEvent.__tablename__,
            id=Claim.id.key,
            updated=Claim.updated_at.key,
            version=Claim.version.key,
            article=Claim.article_id.key,
            claim=ReviewEvent.claim_id.key,
        ),
        {"article_id": article_id},
    ).one()
    count, versions, last_update, last_event = row
    return ChangeMarker(
        claims=int(count),
        versions=int(versions),
        last_update=utc_from_db(last_update),
        last_event=last_event,
    )


def load_article(
    *, connection: Connection, article_id: int | None, first: int | None = None
) -> LoadedArticle:
    """The article asked for (NotFound if missing), else the latest import, else nothing.

    With ``first``, only that many claims (in article order) are read: enough to paint. When
    that is not all of them, the article's text is left for the read of the rest.
    """
    columns = _ARTICLE_COLUMNS if first is not None else (*_ARTICLE_COLUMNS, Article.text)
    # An article still being imported (storage.IMPORTING_PREFIX) is not there yet.
    shown = "{sha} NOT LIKE :importing"
    if article_id is not None:
        template = f"SELECT {{columns}} FROM {{table}} WHERE {{id}} = :article_id AND {shown}"
    else:
        template = (
            f"SELECT {{columns}} FROM {{table}} WHERE {shown} "
            "ORDER BY {imported} DESC, {id} DESC LIMIT 1"
        )
    row = connection.execute(
        _sql(
            connection,
            template,
            columns=columns,
            table=Article.__tablename__,
            id=Article.id.key,
            imported=Article.imported_at.key,
            sha=Article.text_sha256.key,
        ),
        {"article_id": article_id, "importing": f"{storage.IMPORTING_PREFIX}%"},
    ).first()
    if row is None:
        if article_id is not None:
            raise storage.NotFound(f"no article with id {article_id}")
        return LoadedArticle(None, [], None)
    imported_at = utc_from_db(row[4])
    assert imported_at is not None
    article = ArticleView(
        id=row[0],
        title=row[1],
        url=row[2],
        published=_date(row[3]),
        imported_at=imported_at,
        text_sha256=row[5],
        text=row[6] if first is None else None,
    )
    claims = claim_rows(connection=connection, article_id=article.id, limit=first)
    if first is not None and len(claims) >= first:
        return LoadedArticle(article, claims, None, complete=False)
    if article.text is None:  # a short article: all of it was the first screenful
        article = replace(article, text=article_text(connection=connection, article_id=article.id))
    marker = change_marker(connection=connection, article_id=article.id)
    return LoadedArticle(article, claims, marker)


def article_text(*, connection: Connection, article_id: int) -> str:
    return str(
        connection.execute(
            _sql(
                connection,
                "SELECT {text} FROM {table} WHERE {id} = :article_id",
                text=Article.text.key,
                table=Article.__tablename__,
                id=Article.id.key,
            ),
            {"article_id": article_id},
        ).scalar_one()
    )


def claim_rows(
    *, connection: Connection, article_id: int, limit: int | None = None
) -> list[ClaimView]:
    """The article's claims in article order, as the claims table shows them."""
    # Then by id: a claim added by hand shares the position of the one it follows.
    template = (
        "SELECT {columns} FROM {table} WHERE {article} = :article_id ORDER BY {position}, {id}"
    )
    statement = _sql(
        connection,
        template + (" LIMIT :limit" if limit is not None else ""),
        columns=_CLAIM_COLUMNS,
        table=Claim.__tablename__,
        article=Claim.article_id.key,
        position=Claim.position.key,
        id=Claim.id.key,
    )
    parameters: dict[str, int] = {"article_id": article_id}
    if limit is not None:
        parameters["limit"] = limit
    rows: list[ClaimView] = []
    for values in connection.execute(statement, parameters):
        (id_, position, label, text_, start, end, kinds, score, speaker, quote, status, note,
         reviewer, updated_at, *rest) = values  # fmt: skip
        rows.append(
            ClaimView(
                id_,
                position,
                label,
                text_,
                start,
                end,
                _kinds(kinds),
                score,
                speaker,
                quote,
                status,
                note,
                reviewer,
                utc_from_db(updated_at),
                *rest,
            )  # fmt: skip
        )
    return rows


# --- the TUI after its first paint ---------------------------------------------------------


def claims_changed_since(
    *, session: Session, article_id: int, known: dict[int, int]
) -> list[Claim]:
    """The article's claims whose version differs from ``known`` (claim id -> version)."""
    rows = session.exec(select(Claim.id, Claim.version).where(Claim.article_id == article_id)).all()
    changed_ids = [claim_id for claim_id, version in rows if known.get(claim_id or 0) != version]
    if not changed_ids:
        return []
    return list(session.exec(select(Claim).where(col(Claim.id).in_(changed_ids))).all())


def claim_details(
    *, session: Session, claim_id: int, copy_cache: dict[int, Fingerprint] | None = None
) -> ClaimDetails:
    """One claim with its evidence; ``copy_cache`` keeps the sources' fingerprints between
    reads (a stored source's text never changes), so moving along the table does not read
    every source's words again."""
    # numpy and rapidfuzz come with evidence.copies: not imported before the first frame.
    from claim_workbench.evidence.copies import group_copies

    claim = storage.get_claim(session=session, claim_id=claim_id)
    seen = None
    if claim.seen_claim_id is not None:
        seen = session.get(Claim, claim.seen_claim_id)
    rows = storage.list_evidence(session=session, claim_id=claim_id)
    # Only the date: the article's text can be long and is not needed here.
    published = session.exec(
        select(Article.published).where(Article.id == claim.article_id)
    ).first()
    return ClaimDetails(
        claim=ClaimView.from_claim(claim),
        quantities=[
            QuantityView.from_row(quantity)
            for quantity in storage.quantities_for(session=session, claim_ids=[claim_id])[claim_id]
        ],
        evidence=[
            EvidenceView.from_rows(evidence, source, article_published=published)
            for evidence, source in rows
        ],
        copy_groups=group_copies((source for _row, source in rows), cache=copy_cache),
        history=storage.history(session=session, claim_id=claim_id),
        seen_claim=ClaimView.from_claim(seen) if seen is not None else None,
        fact_checks=fact_checks_seen(session=session, claim_ids=[claim_id]).get(claim_id, []),
        article_published=published,
    )


# --- the reports: bounded batches ----------------------------------------------------------

# Claims are read this many at a time, each batch with its quantities, evidence and last
# verdict in three more queries: memory stays flat however long the article is.
BATCH_SIZE = 500


def article_view(*, session: Session, article_id: int) -> ArticleView:
    """The article without its text; raises NotFound for an unknown id."""
    return ArticleView.from_article(storage.get_article(session=session, article_id=article_id))


def reviewers(*, session: Session, article_id: int) -> list[str]:
    """Everyone who set a verdict, a note or a stance on the article's claims, sorted."""
    claim_ids = sa_select(Claim.id).where(Claim.article_id == article_id)
    names = union(
        sa_select(Claim.reviewer).where(Claim.article_id == article_id),
        sa_select(ReviewEvent.reviewer).where(col(ReviewEvent.claim_id).in_(claim_ids)),
        sa_select(Evidence.reviewer).where(col(Evidence.claim_id).in_(claim_ids)),
    )
    rows = session.execute(names).scalars().all()
    return sorted({name for name in rows if name}, key=str.casefold)


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
# Positional construction below relies on the columns being listed in field order.
assert tuple(c.key for c in _SOURCE_COLUMNS) == tuple(
    f.name for f in fields(SourceView)[: len(_SOURCE_COLUMNS)]
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
) -> Iterator[ClaimView]:
    """Every claim of the article in article order, with quantities, verdict and evidence.

    Rows are plain column tuples rather than ORM objects so nothing accumulates in the
    session's identity map; the caller holds one batch at a time.
    """
    # numpy and rapidfuzz come with evidence.copies: not imported before the TUI's first frame.
    from claim_workbench.evidence.copies import independence

    number = 0
    last_key: tuple[int, int] | None = None
    # A source cited by claims in several batches is fingerprinted once.
    fingerprints: dict[int, Fingerprint] = {}
    published = (
        session.connection()
        .execute(sa_select(Article.published).where(Article.id == article_id))
        .scalar_one_or_none()
    )
    while True:
        query = sa_select(*_CLAIM_COLUMNS).where(Claim.article_id == article_id)
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
                [group for group, _view in groups],
            )
            yield ClaimView(
                *row,
                number=0 if dismissal else number,
                verdict=_verdict(row, event),
                quantities=quantities.get(row.id, []),
                evidence=claim_evidence,
                dismissal=dismissal,
                copy_groups=tuple(view for _group, view in groups),
                source_count=counted.sources,
                independent_count=counted.independent,
            )
        last_key = (rows[-1].position, rows[-1].id)
        if len(rows) < batch_size:
            return


def _copy_groups(
    *, session: Session, claim_ids: list[int], cache: dict[int, Fingerprint]
) -> dict[int, list[tuple[CopyGroup, CopyGroupView]]]:
    """Each claim's groups of copies among its sources (claims without any are left out)."""
    from claim_workbench.evidence.copies import group_copies  # see iter_claims

    read = sources_for_claims(session=session, claim_ids=claim_ids)
    result: dict[int, list[tuple[CopyGroup, CopyGroupView]]] = {}
    for claim_id in claim_ids:
        sources = read.of(claim_id)
        if len(sources) < 2:
            continue
        names = {source.id: source.site or source.title or f"#{source.id}" for source in sources}
        groups = group_copies(sources, cache=cache)
        if groups:
            result[claim_id] = [
                (group, CopyGroupView(source_ids=group.source_ids, label=group.label(names)))
                for group in groups
            ]
    return result


def _verdict(row: Row[Any], event: Row[Any] | None) -> Verdict:
    note = {"note": row.note or "", "note_by": row.note_by, "note_status": row.note_status}
    if event is not None:
        return Verdict(status=row.status, reviewer=event.reviewer, decided_at=event.at, **note)
    if row.status != ClaimStatus.unreviewed.value:
        # A status with no audit event (older data): the claim's own stamp is the best we have.
        return Verdict(status=row.status, reviewer=row.reviewer, decided_at=row.updated_at, **note)
    return Verdict(status=row.status, reviewer=None, decided_at=None, **note)


def _dismissal(row: Row[Any], event: Row[Any] | None) -> Dismissal | None:
    if row.status != ClaimStatus.dismissed.value:
        return None
    if event is None:
        return Dismissal(reason="", reviewer=row.reviewer, dismissed_at=row.updated_at)
    if event.action == "undo":
        return Dismissal(
            reason=storage.UNDONE_ADDITION, reviewer=event.reviewer, dismissed_at=event.at
        )
    return Dismissal(reason=event.note or "", reviewer=event.reviewer, dismissed_at=event.at)


def _quantities(*, session: Session, claim_ids: list[int]) -> dict[int, list[QuantityView]]:
    rows = (
        session.connection()
        .execute(
            sa_select(
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
    result: dict[int, list[QuantityView]] = {}
    for claim_id, *values in rows:
        result.setdefault(claim_id, []).append(QuantityView(*values))
    return result


def _evidence(
    *, session: Session, claim_ids: list[int], article_published: dt.date | None = None
) -> dict[int, list[EvidenceView]]:
    rows = (
        session.connection()
        .execute(
            sa_select(
                *_EVIDENCE_COLUMNS,
                # Labelled: the evidence's columns are read by name, and both have an id.
                *(column.label(f"source_{column.key}") for column in _SOURCE_COLUMNS),
            )
            .join(Source, col(Source.id) == col(Evidence.source_id))
            .where(col(Evidence.claim_id).in_(claim_ids))
            .order_by(col(Evidence.claim_id), col(Evidence.score).desc(), col(Evidence.id))
        )
        .all()
    )
    result: dict[int, list[EvidenceView]] = {}
    # One SourceView per source per batch: a source cited by many claims is held once.
    sources: dict[int, SourceView] = {}
    width = len(_EVIDENCE_COLUMNS)
    for row in rows:
        source = sources.get(row[width])
        if source is None:
            source = SourceView(*row[width:])
            sources[source.id] = source
        view = EvidenceView.of(row, source, article_published)
        result.setdefault(view.claim_id, []).append(view)  # type: ignore[arg-type]
    return result


def _last_verdict_events(*, session: Session, claim_ids: list[int]) -> dict[int, Row[Any]]:
    """Each claim's latest event that set its status and was not undone since: who set the
    status it has now, when, and (for a dismissal) why."""
    undone = sa_select(ReviewEvent.undoes_event_id).where(
        col(ReviewEvent.claim_id).in_(claim_ids), col(ReviewEvent.undoes_event_id).is_not(None)
    )
    rows = (
        session.connection()
        .execute(
            sa_select(
                ReviewEvent.claim_id,
                ReviewEvent.action,
                ReviewEvent.reviewer,
                ReviewEvent.at,
                ReviewEvent.note,
            )
            .where(
                col(ReviewEvent.claim_id).in_(claim_ids),
                or_(
                    col(ReviewEvent.action).in_(storage.STATUS_ACTIONS),
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
