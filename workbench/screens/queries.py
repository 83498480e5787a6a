"""Reads the main screen needs: the article's claims, one claim's details, the change marker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from db import storage
from db.models import Article, Claim
from workbench.widgets.claim_detail import ClaimDetails
from workbench.widgets.claims_table import ClaimRow


@dataclass(frozen=True, slots=True)
class ChangeMarker:
    """Changes whenever any claim of the article is written (verdict, note, adoption)."""

    latest_update: dt.datetime | None
    version_total: int
    claim_count: int


@dataclass(slots=True)
class LoadedArticle:
    article: Article | None
    claims: list[ClaimRow]
    marker: ChangeMarker | None
    complete: bool = True  # False when ``claims`` is only the first rows


def change_marker(*, session: Session, article_id: int) -> ChangeMarker:
    """One cheap aggregate: max(updated_at) alone misses two writes in the same clock tick."""
    latest, total, count = session.exec(
        select(
            func.max(Claim.updated_at),
            func.coalesce(func.sum(Claim.version), 0),
            func.count(col(Claim.id)),
        ).where(Claim.article_id == article_id)
    ).one()
    return ChangeMarker(latest, int(total), int(count))


def load_article(
    *, session: Session, article_id: int | None, first: int | None = None
) -> LoadedArticle:
    """The article asked for (NotFound if missing), else the latest import, else nothing.

    With ``first``, only that many claims (in article order) are read: enough to paint.
    """
    if article_id is not None:
        article: Article | None = storage.get_article(session=session, article_id=article_id)
    else:
        article = storage.latest_article(session=session)
    if article is None or article.id is None:
        return LoadedArticle(None, [], None)
    claims = claim_rows(session=session, article_id=article.id, limit=first)
    if first is not None and len(claims) >= first:
        return LoadedArticle(article, claims, None, complete=False)
    marker = change_marker(session=session, article_id=article.id)
    return LoadedArticle(article, claims, marker)


# Plain columns, not ORM objects: for thousands of claims this is several times faster.
_ROW_COLUMNS = (
    Claim.id,
    Claim.position,
    Claim.status,
    Claim.check_worthiness,
    Claim.label,
    Claim.kinds,
    Claim.text,
    Claim.speaker,
    Claim.version,
    Claim.reviewer,
    Claim.updated_at,
    Claim.start,
    Claim.end,
    Claim.seen_claim_id,
    Claim.seen_relation,
    Claim.note,
    Claim.quote,
)


def claim_rows(*, session: Session, article_id: int, limit: int | None = None) -> list[ClaimRow]:
    """The article's claims in article order, as table rows."""
    query = (
        select(*_ROW_COLUMNS).where(Claim.article_id == article_id).order_by(col(Claim.position))
    )
    rows = session.exec(query.limit(limit) if limit is not None else query).all()
    return [ClaimRow(*row) for row in rows]


def claims_changed_since(
    *, session: Session, article_id: int, known: dict[int, int]
) -> list[Claim]:
    """The article's claims whose version differs from ``known`` (claim id -> version)."""
    rows = session.exec(select(Claim.id, Claim.version).where(Claim.article_id == article_id)).all()
    changed_ids = [claim_id for claim_id, version in rows if known.get(claim_id or 0) != version]
    if not changed_ids:
        return []
    return list(session.exec(select(Claim).where(col(Claim.id).in_(changed_ids))).all())


def claim_details(*, session: Session, claim_id: int) -> ClaimDetails:
    claim = storage.get_claim(session=session, claim_id=claim_id)
    seen = None
    if claim.seen_claim_id is not None:
        seen = session.get(Claim, claim.seen_claim_id)
    details = ClaimDetails(
        claim=claim,
        quantities=storage.quantities_for(session=session, claim_ids=[claim_id])[claim_id],
        evidence=storage.list_evidence(session=session, claim_id=claim_id),
        history=storage.history(session=session, claim_id=claim_id),
        seen_claim=seen,
    )
    return details
