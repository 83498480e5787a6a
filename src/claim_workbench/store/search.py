"""Full-text search over every stored source, through the database's own index.

Migration 0005 builds the index: on SQLite an FTS5 table (``source_fts``, porter stemming,
kept in step by triggers), on PostgreSQL a generated ``tsvector`` column with a GIN index
(English stemming). Nothing here re-reads source texts in Python: the database finds the
matching sources, ranks them (BM25 on SQLite, ``ts_rank`` on PostgreSQL; a title word counts
more than a body word on both) and cuts the snippet.

Query text comes from readers and from articles, so it is never handed to the database's query
syntax: it is split into words (letters and digits), each word is matched as a plain term (a
quoted FTS5 string; ``plainto_tsquery`` on PostgreSQL), and quotes, ``NEAR``, ``*``,
parentheses or a bare ``-`` are only text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import bindparam, text
from sqlmodel import Session, select

from claim_workbench.store.models import Source

# The index's own tables, columns and indexes: not in the models, so schema comparison
# (alembic autogenerate, tests/db/test_migrations.py) must not report them as extra.
FTS_TABLE = "source_fts"
_FTS_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config")
FULLTEXT_TABLES = frozenset(FTS_TABLE + suffix for suffix in _FTS_SHADOW_SUFFIXES)
PG_VECTOR_COLUMN = "search_vector"
PG_VECTOR_INDEX = "ix_source_search_vector"
# Same expression as the generated column's body part (migration 0005): ts_headline cuts the
# snippet from the text that was indexed.
PG_INDEXED_CHARS = 300_000

# Words of a query used at most: a claim-sized query has 10-30.
MAX_TERMS = 64
# Snippet length in words (FTS5 counts tokens; ts_headline MaxWords).
SNIPPET_WORDS = 32
_MARK_START, _MARK_END = "\x02", "\x03"  # control characters: stripped from stored text
_WORD = re.compile(r"\w+")


def include_in_schema_comparison(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic ``include_name`` hook: leave out the full-text index's own objects."""
    if type_ == "table":
        return name not in FULLTEXT_TABLES
    if type_ == "column":
        return not (parent_names.get("table_name") == "source" and name == PG_VECTOR_COLUMN)
    if type_ == "index":
        return name != PG_VECTOR_INDEX
    return True


@dataclass(frozen=True, slots=True)
class StoredSourceHit:
    """One stored source that matches a query."""

    source_id: int
    title: str | None
    url: str | None  # the URL fetched after redirects when known, else the one given
    site: str | None
    published: dt.date | None
    snippet: str  # plain text around the best match (untrusted: never markup)
    highlights: tuple[tuple[int, int], ...]  # (start, end) of each matched word in snippet
    rank: float  # higher is better; comparable within one result list only


def query_terms(query: str) -> list[str]:
    """The words of ``query`` that are searched for, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(query.casefold()):
        seen.setdefault(word, None)
    return list(seen)[:MAX_TERMS]


def search_stored_sources(
    session: Session,
    query: str,
    *,
    limit: int = 50,
    exclude_source_ids: Collection[int] = (),
    match: Literal["any", "all"] = "any",
) -> list[StoredSourceHit]:
    """The stored sources best matching ``query``, best first, at most ``limit``.

    ``match="any"`` finds sources with any of the query's words, ranked so that those with
    more of the rarer words come first (what a claim-built query needs); ``match="all"`` only
    sources with every word. A query with no words finds nothing.
    """
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    excluded = sorted({int(i) for i in exclude_source_ids})
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        rows = _search_sqlite(session, terms, limit, excluded, match)
    elif dialect == "postgresql":
        rows = _search_postgresql(session, terms, limit, excluded, match)
    else:
        raise NotImplementedError(f"no full-text search on {dialect}")
    if not rows:
        return []
    ids = [row[0] for row in rows]
    sources = {
        row[0]: row
        for row in session.exec(
            select(
                Source.id, Source.title, Source.final_url, Source.url, Source.site, Source.published
            ).where(
                Source.id.in_(ids)  # type: ignore[union-attr]
            )
        )
    }
    hits: list[StoredSourceHit] = []
    for source_id, marked, rank in rows:
        found = sources.get(source_id)
        if found is None:  # deleted between the two reads
            continue
        _, title, final_url, url, site, published = found
        snippet, highlights = _unmark(marked or "")
        hits.append(
            StoredSourceHit(
                source_id=source_id,
                title=title,
                url=final_url or url,
                site=site,
                published=published,
                snippet=snippet,
                highlights=highlights,
                rank=float(rank),
            )
        )
    return hits


def _search_sqlite(
    session: Session, terms: list[str], limit: int, excluded: list[int], match: str
) -> list[Any]:
    # Each word a quoted FTS5 string (a word has no quote to escape): NEAR, AND, OR, NOT or
    # a column name in the query are only words.
    expression = (" OR " if match == "any" else " ").join(f'"{term}"' for term in terms)
    not_in = " AND rowid NOT IN :excluded" if excluded else ""
    statement = text(
        f"SELECT rowid, snippet({FTS_TABLE}, 1, :start, :end, '…', :words), -rank "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :expression{not_in} "
        "ORDER BY rank LIMIT :limit"
    )
    parameters: dict[str, Any] = {
        "expression": expression,
        "start": _MARK_START,
        "end": _MARK_END,
        "words": SNIPPET_WORDS,
        "limit": limit,
    }
    if excluded:
        statement = statement.bindparams(bindparam("excluded", expanding=True))
        parameters["excluded"] = excluded
    return list(session.connection().execute(statement, parameters))


def _search_postgresql(
    session: Session, terms: list[str], limit: int, excluded: list[int], match: str
) -> list[Any]:
    parameters: dict[str, Any] = {
        "limit": limit,
        "options": (
            f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords={SNIPPET_WORDS}, "
            "MinWords=12, MaxFragments=1"
        ),
    }
    if match == "any":
        # plainto_tsquery per word, joined with the tsquery OR operator.
        parts = []
        for number, term in enumerate(terms):
            parameters[f"t{number}"] = term
            parts.append(f"plainto_tsquery('english', :t{number})")
        tsquery = " || ".join(parts)
    else:
        parameters["t"] = " ".join(terms)
        tsquery = "plainto_tsquery('english', :t)"
    not_in = " AND s.id NOT IN :excluded" if excluded else ""
    # Rank and cut the list first; the headline (which re-reads the text) only for the hits.
    statement = text(
        f"WITH q AS (SELECT ({tsquery}) AS query), "
        "hit AS ("
        f"  SELECT s.id, ts_rank(s.{PG_VECTOR_COLUMN}, q.query, 1) AS rank "
        f"  FROM source s, q WHERE s.{PG_VECTOR_COLUMN} @@ q.query{not_in} "
        "  ORDER BY rank DESC, s.id LIMIT :limit) "
        "SELECT hit.id, "
        f"  ts_headline('english', left(s.text, {PG_INDEXED_CHARS}), q.query, :options), "
        "  hit.rank "
        "FROM hit JOIN source s ON s.id = hit.id, q ORDER BY hit.rank DESC, hit.id"
    )
    if excluded:
        statement = statement.bindparams(bindparam("excluded", expanding=True))
        parameters["excluded"] = excluded
    return list(session.connection().execute(statement, parameters))


def _unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The snippet without the database's highlight marks, and where the marks were."""
    plain: list[str] = []
    highlights: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in re.split(f"([{_MARK_START}{_MARK_END}])", marked):
        if piece == _MARK_START:
            start = length
        elif piece == _MARK_END:
            if start is not None and length > start:
                highlights.append((start, length))
            start = None
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), tuple(highlights)
