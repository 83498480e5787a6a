"""Full-text search over every stored source, through the database's own index.

Migration 0005 builds the index: on SQLite an FTS5 table (``source_fts``, porter stemming,
kept in step by triggers), on PostgreSQL a generated ``tsvector`` column with a GIN index
(English stemming). Nothing here re-reads source texts in Python: the database finds the
matching sources, ranks them and cuts the snippet.

Ranking: BM25 on SQLite (a title word counts twice a body word). On PostgreSQL, an any-word
search first ranks by the rarity of the words a source holds (the sum of each word's inverse
source share, as BM25's idf; one index scan per word, which reads no tsvector), then orders
the best POOL of those by that sum plus ``ts_rank`` (which counts repeats and title words but
reads every tsvector it ranks: over every match it cost 50-110 ms on 10,000 sources). The
snippet is cut by ``ts_headline`` from a window of the text around the first word of the query
it holds (on PostgreSQL 15 and later, which have ``regexp_instr``): cut from a whole 5 kB
text it cost about 1 ms a source.

Query text comes from readers and from articles, so it is never handed to the database's query
syntax: it is split into words (letters and digits), each word is matched as a plain term (a
quoted FTS5 string; ``plainto_tsquery`` on PostgreSQL), and quotes, ``NEAR``, ``*``,
parentheses or a bare ``-`` are only text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import bindparam, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from claim_workbench.store.models import Source
from claim_workbench.text.tokens import STOPWORDS

# The index's own tables, columns and indexes: not in the models, so schema comparison
# (alembic autogenerate, tests/db/test_migrations.py) must not report them as extra.
FTS_TABLE = "source_fts"
FTS_VOCABULARY = "source_fts_vocab"
_FTS_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config", "_vocab")
FULLTEXT_TABLES = frozenset(FTS_TABLE + suffix for suffix in _FTS_SHADOW_SUFFIXES)
PG_VECTOR_COLUMN = "search_vector"
PG_VECTOR_INDEX = "ix_source_search_vector"
# Same expression as the generated column's body part (migration 0005): ts_headline cuts the
# snippet from the text that was indexed.
PG_INDEXED_CHARS = 300_000

# Words of a query used at most: a claim-sized query has 10-30.
MAX_TERMS = 64
# An any-word search uses the query's rarest words that the statistics count, this many at
# most (on PostgreSQL also every word its statistics do not list: those are rare), and leaves
# out words that more than COMMON_SHARE of the sources hold (the rarest word stays). Ranking costs a
# little for every source that holds any of the words, and a common word ("said") is in most:
# BM25 gives it almost no weight, while it made ranking 10,000 sources cost 0.3-0.6 s.
MAX_ANY_TERMS = 8
COMMON_SHARE = 0.5
# Below this many sources ranking every match is cheap, and no word is left out.
PRUNE_FROM_SOURCES = 1_000
# PostgreSQL: sources ranked by ts_rank after the word-rarity ranking, per search.
POOL = 150
# PostgreSQL: characters of text around the first matching word that ts_headline reads.
SNIPPET_WINDOW = 600
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
    """The words of ``query`` that are searched for, in order, without repeats: letters and
    digits, lowercased, English stopwords left out (PostgreSQL's English index has none)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(query.casefold()):
        if word not in STOPWORDS and word.strip("_"):
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
    shares: dict[str, float] = {}
    if match == "any" and len(terms) > 1 and dialect in ("sqlite", "postgresql"):
        terms, shares = _rarest(session, dialect, terms, MAX_ANY_TERMS)
        if not terms:  # no source holds any of the words
            return []
    if dialect == "sqlite":
        rows = _search_sqlite(session, terms, limit, excluded, match)
    elif dialect == "postgresql":
        rows = _search_postgresql(session, terms, shares, limit, excluded, match)
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


def _rarest(
    session: Session, dialect: str, terms: list[str], count: int
) -> tuple[list[str], dict[str, float]]:
    """The words of an any-word search, in query order: of the words the statistics count,
    the ``count`` held by the fewest sources, and from PRUNE_FROM_SOURCES sources on without
    those most sources hold; on SQLite no word that no source holds; on PostgreSQL every word
    its statistics do not list (they list the commonest only). Without statistics every
    word. Also the share of sources holding each word, where the statistics were read (on
    SQLite below PRUNE_FROM_SOURCES, with few enough words, they are not)."""
    connection = session.connection()
    if dialect == "postgresql":
        total = connection.execute(
            text("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'source'::regclass")
        ).scalar()
    else:
        total = connection.execute(text("SELECT count(*) FROM source")).scalar()
    prune = (total or 0) >= PRUNE_FROM_SOURCES
    if not prune and len(terms) <= count and dialect != "postgresql":
        return terms, {}  # (PostgreSQL weighs each word by its share: see _search_postgresql)
    held: dict[str, float] = {}
    try:
        # A savepoint: a failed look-up must not abort the caller's transaction.
        with session.begin_nested():
            if dialect == "sqlite":
                held = _sqlite_document_counts(session, terms)
            elif dialect == "postgresql":
                held = _postgresql_document_shares(session, terms)
    except SQLAlchemyError:  # statistics are an optimisation: the search works without them
        held = {}
    order = sorted(range(len(terms)), key=lambda i: (held.get(terms[i], 0), i))
    listed = [i for i in order if held.get(terms[i], 0) > 0]
    if dialect == "sqlite" and held:
        # FTS5's vocabulary counts every word: one that no source holds matches nothing and
        # must not take the place of one that does.
        unlisted: list[int] = []
    else:
        # PostgreSQL's statistics list only its commonest words: one they do not list is in
        # fewer sources than any listed one (or in none), and its index scan costs next to
        # nothing, so every such word is searched; the listed ones compete for the places.
        unlisted = [i for i in order if held.get(terms[i], 0) == 0]
    kept = listed[:count]
    if prune:
        # A word in more than half the sources has no weight in BM25 (FTS5 floors its idf
        # near zero): it would only widen the set to rank. If that leaves none, the rarest
        # held word stays.
        kept = [i for i in kept if held[terms[i]] <= COMMON_SHARE] or listed[:1]
    return [terms[i] for i in sorted(unlisted + kept)], held


def _sqlite_document_counts(session: Session, terms: list[str]) -> dict[str, float]:
    """Share of sources holding each term, from the FTS5 vocabulary (words stemmed as FTS5
    stems them)."""
    stems = {term: _porter(term) for term in terms}
    connection = session.connection()
    total, newest = connection.execute(text("SELECT count(*), max(id) FROM source")).one()
    # Counting a word's sources walks its whole posting list (2-3 ms for a word in most of
    # 10,000 sources): counts are kept while the sources stay the same.
    state = (str(connection.engine.url), total, newest)
    if _COUNTS.get("state") != state:
        _COUNTS.clear()
        _COUNTS["state"] = state
    known: dict[str, int] = _COUNTS.setdefault("counts", {})  # type: ignore[assignment]
    missing = sorted({stem for stem in stems.values() if stem not in known})
    if missing:
        statement = text(f"SELECT term, doc FROM {FTS_VOCABULARY} WHERE term IN :stems")
        statement = statement.bindparams(bindparam("stems", expanding=True))
        found = dict(connection.execute(statement, {"stems": missing}).all())
        if len(known) > _MAX_COUNTS:
            known.clear()
        known.update({stem: int(found.get(stem, 0)) for stem in missing})
    return {term: known[stem] / (total or 1) for term, stem in stems.items()}


# Source counts per stemmed word, for one state of one database (see above).
_COUNTS: dict[str, object] = {}
_MAX_COUNTS = 50_000


def _porter(term: str) -> str:
    import unicodedata

    import snowballstemmer

    plain = "".join(c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c))
    return snowballstemmer.stemmer("porter").stemWord(plain)


def _postgresql_document_shares(session: Session, terms: list[str]) -> dict[str, float]:
    """Share of sources holding each term, from the column's statistics (ANALYZE keeps the
    most common lexemes and their frequencies; rarer ones are not listed)."""
    connection = session.connection()
    row = connection.execute(
        text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'source' "
            f"AND attname = '{PG_VECTOR_COLUMN}'"
        )
    ).first()
    if row is None or row[0] is None:
        return {}
    shares = dict(zip(row[0], row[1], strict=False))
    lexemes = connection.execute(
        text(
            "SELECT word, tsvector_to_array(to_tsvector('english', word)) "
            "FROM unnest(CAST(:words AS text[])) AS word"
        ),
        {"words": terms},
    ).all()
    return {
        word: max((shares.get(lexeme, 0.0) for lexeme in found or []), default=0.0)
        for word, found in lexemes
    }


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
    session: Session,
    terms: list[str],
    shares: dict[str, float],
    limit: int,
    excluded: list[int],
    match: str,
) -> list[Any]:
    parameters: dict[str, Any] = {
        "limit": limit,
        "pool": max(POOL, limit),
        "options": (
            f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords={SNIPPET_WORDS}, "
            "MinWords=12, MaxFragments=1"
        ),
    }
    words = []
    for number, term in enumerate(terms):
        parameters[f"t{number}"] = term
        words.append(f"plainto_tsquery('english', :t{number})")
    not_in = " AND id NOT IN :excluded" if excluded else ""
    # The headline marks every query word it sees (with the AND query of an every-word
    # search, ts_headline marks nothing where no one passage holds every word).
    any_word = " || ".join(words)  # the tsquery OR operator
    if match == "any":
        tsquery = any_word
        # One index scan per word, each source weighted by the words it holds: no tsvector is
        # read (a GIN match on plain words needs no recheck).
        known = [share for share in shares.values() if share > 0]
        unknown = min(known, default=0.01) / 2  # a word the statistics do not list is rarer
        scans = []
        for number, term in enumerate(terms):
            share = min(max(shares.get(term) or unknown, 1e-6), 1.0)
            parameters[f"w{number}"] = math.log(1.0 / share) + 0.01  # above 0 for every word
            scans.append(
                f"SELECT id, CAST(:w{number} AS float8) AS weight FROM source "
                f"WHERE {PG_VECTOR_COLUMN} @@ {words[number]}{not_in}"
            )
        candidates = (
            "pre AS (SELECT id, sum(weight) AS weight "
            f"FROM ({' UNION ALL '.join(scans)}) AS found "
            "GROUP BY id ORDER BY weight DESC, id LIMIT :pool), "
        )
        rank = f"pre.weight + ts_rank(s.{PG_VECTOR_COLUMN}, q.query, 1)"
        ranked = (
            f"hit AS (SELECT s.id, {rank} AS rank FROM pre JOIN source s ON s.id = pre.id, q "
            "ORDER BY rank DESC, s.id LIMIT :limit) "
        )
    else:
        parameters["t"] = " ".join(terms)
        tsquery = "plainto_tsquery('english', :t)"
        candidates = ""
        ranked = (
            f"hit AS (SELECT s.id, ts_rank(s.{PG_VECTOR_COLUMN}, q.query, 1) AS rank "
            f"FROM source s, q WHERE s.{PG_VECTOR_COLUMN} @@ q.query{not_in} "
            "ORDER BY rank DESC, s.id LIMIT :limit) "
        )
    body = f"left(s.text, {PG_INDEXED_CHARS})"
    pattern = _first_word_pattern(session, terms)
    if pattern is not None:
        parameters["pattern"] = pattern
        parameters["window"] = SNIPPET_WINDOW
        parameters["before"] = SNIPPET_WINDOW // 3
        body = (
            f"substr(s.text, greatest(1, regexp_instr({body}, :pattern, 1, 1, 0, 'i') "
            "- :before), :window)"
        )
    statement = text(
        f"WITH q AS (SELECT ({tsquery}) AS query, ({any_word}) AS words), {candidates}{ranked}"
        f"SELECT hit.id, ts_headline('english', {body}, q.words, :options), hit.rank "
        "FROM hit JOIN source s ON s.id = hit.id, q "
        "ORDER BY hit.rank DESC, hit.id"
    )
    if excluded:
        statement = statement.bindparams(bindparam("excluded", expanding=True))
        parameters["excluded"] = excluded
    # In a savepoint rolled back afterwards, so the setting ends with the search: the planner
    # does not know that testing a common word on every row reads every row's tsvector (a
    # sequential scan cost 45-50 ms for one word on 10,000 sources; its index scan 1-3 ms).
    with session.begin_nested() as savepoint:
        connection = session.connection()  # the savepoint is opened on this call
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        rows = list(connection.execute(statement, parameters))
        savepoint.rollback()
    return rows


def _first_word_pattern(session: Session, terms: list[str]) -> str | None:
    """A PostgreSQL regular expression for the query's words as they appear in text (the
    English stem and up to four more letters), or None where the server has no
    ``regexp_instr`` (before PostgreSQL 15: the snippet is cut from the whole text)."""
    version = session.get_bind().dialect.server_version_info or (0,)
    if version < (15,):
        return None
    stems = session.connection().execute(
        text("SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', :words)))"),
        {"words": " ".join(terms)},
    )
    # Longest first, each character that is not a letter or digit escaped.
    alternatives = sorted((re.sub(r"(\W)", r"\\\1", stem) for (stem,) in stems), key=len)
    if not alternatives:
        return None
    return "\\m(" + "|".join(reversed(alternatives)) + ")\\w{0,4}\\M"


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
