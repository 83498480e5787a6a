"""Reads the main screen needs: the article's claims, one claim's details, the change marker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from db import storage
from db.models import Article, Claim
from workbench.widgets.claim_detail import ClaimDetails


@dataclass(frozen=True, slots=True)
class ChangeMarker:
    """Changes whenever any claim of the article is written (verdict, note, adoption)."""

    latest_update: dt.datetime | None
    version_total: int
    claim_count: int


@dataclass(slots=True)
class LoadedArticle:
    article: Article | None
    claims: list[Claim]
    marker: ChangeMarker | None


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


def load_article(*, session: Session, article_id: int | None) -> LoadedArticle:
    """The article asked for (NotFound if missing), else the latest import, else nothing."""
    if article_id is not None:
        article: Article | None = storage.get_article(session=session, article_id=article_id)
    else:
        article = storage.latest_article(session=session)
    if article is None or article.id is None:
        return LoadedArticle(None, [], None)
    claims = storage.list_claims(session=session, article_id=article.id)
    marker = change_marker(session=session, article_id=article.id)
    return LoadedArticle(article, claims, marker)


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
