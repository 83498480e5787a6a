"""Reads the main screen needs: the article's claims, one claim's details, the change marker."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import Connection, TextClause, text
from sqlmodel import Session, col, select

from claim_workbench.store import storage
from claim_workbench.store.factchecks import fact_checks_seen
from claim_workbench.store.models import Article, Claim
from claim_workbench.tui.widgets.claim_detail import ClaimDetails
from claim_workbench.tui.widgets.claims_table import ClaimRow

if TYPE_CHECKING:
    from claim_workbench.evidence.copies import Fingerprint


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the screen shows of an article: plain data, not an ORM object."""

    id: int
    title: str
    published: dt.date | None
    url: str | None
    # None in the first screenful of a long article: its text is most of what that read would
    # fetch, and the first frame does not show it. The read of the rest brings it.
    text: str | None


@dataclass(frozen=True, slots=True)
class ChangeMarker:
    """Changes whenever any claim of the article is written (verdict, note, adoption)."""

    latest_update: object  # max(updated_at) as the driver returns it; only compared
    version_total: int
    claim_count: int


@dataclass(slots=True)
class LoadedArticle:
    article: ArticleInfo | None
    claims: list[ClaimRow]
    marker: ChangeMarker | None
    complete: bool = True  # False when ``claims`` is only the first rows


# The reads below run when the app starts, before its first frame: they are plain SQL built
# from the models' table and column names. A statement built with select() costs several
# milliseconds to compile on a new engine (its column types are set up for the dialect), more
# than the query itself; these cost a fraction of one. Values come back as the driver gives
# them (strings on SQLite, dates and lists on PostgreSQL) and are decoded here.
_ARTICLE_COLUMNS = (Article.id, Article.title, Article.published, Article.url)
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


def _datetime(value: object) -> dt.datetime | None:
    """SQLite keeps UTC instants as naive text; the models read them back as aware UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value  # type: ignore[return-value]


def _kinds(value: object) -> list[str]:
    return list(json.loads(value) if isinstance(value, str) else value or [])  # type: ignore[arg-type]


def change_marker(*, connection: Connection, article_id: int) -> ChangeMarker:
    """One cheap aggregate: max(updated_at) alone misses two writes in the same clock tick."""
    latest, total, count = connection.execute(
        _sql(
            connection,
            "SELECT max({updated}), coalesce(sum({version}), 0), count(*) FROM {table} "
            "WHERE {article} = :article_id",
            table=Claim.__tablename__,
            updated=Claim.updated_at.key,
            version=Claim.version.key,
            article=Claim.article_id.key,
        ),
        {"article_id": article_id},
    ).one()
    return ChangeMarker(latest, int(total), int(count))


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
    article = ArticleInfo(
        id=row[0],
        title=row[1],
        published=_date(row[2]),
        url=row[3],
        text=row[4] if first is None else None,
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
) -> list[ClaimRow]:
    """The article's claims in article order, as table rows."""
    # Then by id: a claim added by hand shares the position of the one it follows.
    template = (
        "SELECT {columns} FROM {table} WHERE {article} = :article_id ORDER BY {position}, {id}"
    )
    statement = _sql(
        connection,
        template + (" LIMIT :limit" if limit is not None else ""),
        columns=_ROW_COLUMNS,
        table=Claim.__tablename__,
        article=Claim.article_id.key,
        position=Claim.position.key,
        id=Claim.id.key,
    )
    parameters: dict[str, int] = {"article_id": article_id}
    if limit is not None:
        parameters["limit"] = limit
    result = connection.execute(statement, parameters)
    rows: list[ClaimRow] = []
    for values in result:
        row = ClaimRow(*values)
        row.kinds = _kinds(row.kinds)
        row.updated_at = _datetime(row.updated_at)
        rows.append(row)
    return rows


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
    from claim_workbench.evidence.copies import group_copies  # not imported before the first frame

    claim = storage.get_claim(session=session, claim_id=claim_id)
    seen = None
    if claim.seen_claim_id is not None:
        seen = session.get(Claim, claim.seen_claim_id)
    evidence = storage.list_evidence(session=session, claim_id=claim_id)
    details = ClaimDetails(
        claim=claim,
        quantities=storage.quantities_for(session=session, claim_ids=[claim_id])[claim_id],
        evidence=evidence,
        copy_groups=group_copies((source for _row, source in evidence), cache=copy_cache),
        history=storage.history(session=session, claim_id=claim_id),
        seen_claim=seen,
        fact_checks=fact_checks_seen(session=session, claim_ids=[claim_id]).get(claim_id, []),
        # Only the date: the article's text can be long and is not needed here.
        article_published=session.exec(
            select(Article.published).where(Article.id == claim.article_id)
        ).first(),
    )
    return details
