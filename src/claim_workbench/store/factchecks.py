"""Stored fact-checks published elsewhere, and which stored claims restate them.

An import is one transaction: the fact-checks of a file and the claim matches found for them
are written together or not at all. A fact-check is keyed by its review URL and claim text
(:func:`fact_check_key`), so importing a file again adds only what is new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from claim_workbench.store.models import (
    Claim,
    ClaimStatus,
    FactCheck,
    FactCheckBase,
    FactCheckMatch,
)
from claim_workbench.store.storage import StorageError, sha256_hex

# Keys looked up per statement (well under SQLite's bound-parameter limit).
_KEY_CHUNK = 500


class FactCheckConflict(StorageError):
    """Another import stored some of the same fact-checks at the same moment."""


@dataclass(frozen=True, slots=True)
class FactCheckSeen:
    """A published fact-check a claim restates: what "fact-checked before" shows."""

    claim_id: int
    factcheck_id: int
    score: float
    relation: str  # "same", or "related": the same subject, other numbers
    publisher: str | None
    rating: str
    published: dt.date | None
    url: str | None
    text: str

    def line(self) -> str:
        return fact_checked_line(self.publisher, self.rating, self.published)


def fact_checked_line(publisher: str | None, rating: str, published: dt.date | None) -> str:
    """ "fact-checked before by PolitiFact: False (2024-05-01)"; untrusted text, plain."""
    by = publisher or "an unnamed publisher"
    when = f" ({published.isoformat()})" if published else ""
    return f"fact-checked before by {by}: {rating}{when}"


def fact_check_key(url: str | None, text: str) -> str:
    """The identity of a fact-check: the same claim at the same review URL is one."""
    return sha256_hex(f"{(url or '').strip()}\n{' '.join(text.split()).casefold()}")


def fact_check_count(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(FactCheck)).one()


def stored_keys(*, session: Session, keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` already stored."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for first in range(0, len(wanted), _KEY_CHUNK):
        chunk = wanted[first : first + _KEY_CHUNK]
        found.update(
            session.exec(select(FactCheck.key_sha256).where(col(FactCheck.key_sha256).in_(chunk)))
        )
    return found


def fact_check_texts(*, session: Session) -> list[tuple[int, str]]:
    """(id, claim text) of every stored fact-check, in id order: what claim memory indexes."""
    rows = session.exec(select(FactCheck.id, FactCheck.text).order_by(col(FactCheck.id))).all()
    return [(int(i or 0), t) for i, t in rows]


def claims_to_match(
    *, session: Session, article_id: int | None = None, claim_ids: Sequence[int] | None = None
) -> list[tuple[int, str]]:
    """(id, text) of the claims to look for among fact-checks, most check-worthy first:
    one article's (or only ``claim_ids`` of them), or every article's; dismissed claims are
    left out."""
    statement = select(Claim.id, Claim.text).where(Claim.status != ClaimStatus.dismissed.value)
    if article_id is not None:
        statement = statement.where(Claim.article_id == article_id)
    if claim_ids is not None:
        statement = statement.where(col(Claim.id).in_(list(claim_ids)))
    statement = statement.order_by(col(Claim.check_worthiness).desc(), col(Claim.id))
    return [(int(i or 0), t) for i, t in session.exec(statement).all()]


def save_fact_checks(
    *,
    session: Session,
    fact_checks: Sequence[FactCheckBase],
    keys: Sequence[str],
    matches_new: Sequence[tuple[int, int, float, str]] = (),
    matches_stored: Sequence[tuple[int, int, float, str]] = (),
) -> list[int]:
    """Store new fact-checks and claim matches in one transaction; the new rows' ids.

    ``matches_new`` are (claim id, position in ``fact_checks``, score, relation);
    ``matches_stored`` (claim id, stored fact-check id, score, relation). A match already
    stored is kept as it was. On any failure nothing is written.
    """
    try:
        ids: list[int] = []
        if fact_checks:
            now = dt.datetime.now(dt.UTC)
            rows = [
                {**draft.model_dump(), "key_sha256": key, "imported_at": now}
                for draft, key in zip(fact_checks, keys, strict=True)
            ]
            result = session.execute(
                insert(FactCheck).returning(col(FactCheck.id), sort_by_parameter_order=True),
                rows,
            )
            ids = [int(row[0]) for row in result]
        links = [
            {"claim_id": c, "factcheck_id": ids[p], "score": s, "relation": r}
            for c, p, s, r in matches_new
        ] + [
            {"claim_id": c, "factcheck_id": f, "score": s, "relation": r}
            for c, f, s, r in matches_stored
        ]
        _insert_matches(session, links)
        session.commit()
    except IntegrityError as error:
        session.rollback()
        if "key_sha256" not in str(error.orig):
            raise
        raise FactCheckConflict(
            "another import stored some of these fact-checks at the same moment; "
            "nothing was imported: run the import again"
        ) from None
    except Exception:
        session.rollback()
        raise
    return ids


def save_fact_check_matches(
    *, session: Session, matches: Sequence[tuple[int, int, float, str]]
) -> None:
    """Store (claim id, fact-check id, score, relation) links; links already there stay."""
    try:
        _insert_matches(
            session,
            [
                {"claim_id": c, "factcheck_id": f, "score": s, "relation": r}
                for c, f, s, r in matches
            ],
        )
        session.commit()
    except Exception:
        session.rollback()
        raise


def _insert_matches(session: Session, links: list[dict]) -> None:
    if not links:
        return
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = session.get_bind().dialect.name
    table = FactCheckMatch.__table__  # type: ignore[attr-defined]
    if dialect == "postgresql":
        statement = postgresql.insert(table).on_conflict_do_nothing()
    else:
        statement = sqlite.insert(table).on_conflict_do_nothing()
    session.execute(statement, links)


def fact_checks_seen(
    *, session: Session, claim_ids: Sequence[int], per_claim: int = 3
) -> dict[int, list[FactCheckSeen]]:
    """For each claim, the published fact-checks it restates, best match first (one query)."""
    if not claim_ids:
        return {}
    statement = (
        select(
            FactCheckMatch.claim_id,
            FactCheckMatch.factcheck_id,
            FactCheckMatch.score,
            FactCheckMatch.relation,
            FactCheck.publisher,
            FactCheck.rating,
            FactCheck.published,
            FactCheck.url,
            FactCheck.text,
        )
        .join(FactCheck, col(FactCheck.id) == col(FactCheckMatch.factcheck_id))
        .where(col(FactCheckMatch.claim_id).in_(list(claim_ids)))
        .order_by(
            col(FactCheckMatch.claim_id),
            col(FactCheckMatch.score).desc(),
            col(FactCheckMatch.factcheck_id),
        )
    )
    found: dict[int, list[FactCheckSeen]] = {}
    for row in session.exec(statement).all():
        seen = found.setdefault(row[0], [])
        if len(seen) < per_claim:
            seen.append(FactCheckSeen(*row))
    return found


def get_fact_checks(*, session: Session, ids: Sequence[int]) -> dict[int, FactCheck]:
    rows = session.exec(select(FactCheck).where(col(FactCheck.id).in_(list(ids)))).all()
    return {row.id or 0: row for row in rows}
