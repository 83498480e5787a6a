"""Full-text search over stored sources, on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

from __future__ import annotations

import datetime as dt
import zlib

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from claim_workbench.store import search
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Source, SourceBase
from claim_workbench.store.search import StoredSourceHit, search_stored_sources
from claim_workbench.store.storage import (
    EvidenceDraft,
    attach_source,
    import_article,
    list_claims,
    sha256_hex,
)
from tests.support.drafts import ARTICLE, drafts

STRIKES = (
    "The ministry confirmed that about 80 people were killed when the boats were struck "
    "off the coast. Fishermen said the strikes came without warning."
)
HARBOUR = "The harbour reopened on Monday after the storm, and fishing boats went out again."
BUDGET = "Parliament passed the budget, which raises spending on schools by 4 percent."


@pytest.fixture
def db(any_db_url: str) -> Session:
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        yield session
    engine.dispose()


def add_source(session: Session, body: str, *, title: str | None = None, **fields) -> int:
    source = Source(
        text=body,
        title=title,
        sha256=sha256_hex(body + (title or "")),
        raw_compressed=zlib.compress(body.encode()),
        **fields,
    )
    session.add(source)
    session.commit()
    assert source.id is not None
    return source.id


def ids(hits: list[StoredSourceHit]) -> list[int]:
    return [hit.source_id for hit in hits]


def test_finds_stored_sources_by_their_words_with_metadata_snippet_and_rank(db: Session) -> None:
    strikes = add_source(
        db,
        STRIKES,
        title="Strikes at sea",
        url="https://news.example/strikes",
        site="news.example",
        published=dt.date(2025, 11, 18),
    )
    harbour = add_source(db, HARBOUR, title="Harbour reopens")
    add_source(db, BUDGET, title="Budget passed")

    hits = search_stored_sources(db, "boats struck, 80 people killed")

    # Both boat stories match ("boats" on both); the one with more of the words ranks first;
    # the budget story shares no word.
    assert ids(hits) == [strikes, harbour]
    best = hits[0]
    assert (best.title, best.url, best.site, best.published) == (
        "Strikes at sea",
        "https://news.example/strikes",
        "news.example",
        dt.date(2025, 11, 18),
    )
    assert best.rank > hits[1].rank
    assert "\x02" not in best.snippet and "\x03" not in best.snippet
    assert "killed" in best.snippet
    marked = {best.snippet[start:end].casefold() for start, end in best.highlights}
    assert {"killed", "boats", "struck"} <= marked


def test_words_are_matched_by_their_stem(db: Session) -> None:
    harbour = add_source(db, HARBOUR)
    assert ids(search_stored_sources(db, "boat")) == [harbour]
    assert ids(search_stored_sources(db, "reopening harbours")) == [harbour]


def test_a_title_word_counts_more_than_a_body_word(db: Session) -> None:
    in_body = add_source(db, "Officials spoke about the ferry schedule for the winter months.")
    in_title = add_source(db, "Officials spoke about the schedule for the winter.", title="Ferry")
    assert ids(search_stored_sources(db, "ferry")) == [in_title, in_body]


def test_match_all_needs_every_word(db: Session) -> None:
    strikes = add_source(db, STRIKES)
    add_source(db, HARBOUR)
    assert ids(search_stored_sources(db, "boats killed", match="all")) == [strikes]
    assert len(search_stored_sources(db, "boats killed", match="any")) == 2


def test_excluded_sources_and_limit(db: Session) -> None:
    strikes = add_source(db, STRIKES)
    harbour = add_source(db, HARBOUR)
    assert ids(search_stored_sources(db, "boats", exclude_source_ids=[strikes])) == [harbour]
    assert len(search_stored_sources(db, "boats", limit=1)) == 1
    assert search_stored_sources(db, "boats", limit=0) == []


def test_a_rare_word_outranks_a_common_word_said_many_times(db: Session) -> None:
    for number in range(12):
        add_source(db, f"The storm flooded the harbour road. Storm warnings stayed. Note {number}.")
    loud = add_source(db, "Storm after storm: the storm season brought storm damage to the coast.")
    lighthouse = add_source(db, "The lighthouse keeper counted the gulls on the coast.")
    for number in range(16):
        add_source(db, f"Parliament passed the budget on a Tuesday. Item {number}.")
    if db.get_bind().dialect.name == "postgresql":
        db.commit()
        db.connection().execute(text("ANALYZE source"))  # what autovacuum does after writes
    found = ids(search_stored_sources(db, "storm lighthouse"))
    # The one source with the rare word comes first, before the source that says the
    # common word four times; every storm source is still found.
    assert found[0] == lighthouse
    assert loud in found and len(found) == 14


def test_words_no_source_holds_do_not_crowd_out_one_that_does(db: Session) -> None:
    # A claim-built query: many of its words are in no stored source.
    statement = add_source(db, "Fuel for the route cost more in 2025.", title="Skerry Ferries")
    add_source(db, "The harbour reopened on Monday after the storm.")
    query = "Skerry Isles regional council ask transport ministry euros subsidy crossings daily"
    assert ids(search_stored_sources(db, query)) == [statement]
    assert search_stored_sources(db, "Isles regional ministry euros subsidy crossings") == []


def test_every_word_search_marks_each_word_in_the_snippet(db: Session) -> None:
    filler = " ".join(f"Line {number} of the minutes was read aloud." for number in range(12))
    minutes = add_source(db, f"The council approved the ferry timetable. {filler} Fares rose.")
    (hit,) = search_stored_sources(db, "ferry fares", match="all")
    assert hit.source_id == minutes
    # The two words are too far apart for one snippet; the snippet still marks the one it has.
    marked = {hit.snippet[start:end].casefold() for start, end in hit.highlights}
    assert marked & {"ferry", "fares"}


def test_snippet_is_cut_around_a_match_deep_in_a_long_source(db: Session) -> None:
    filler = " ".join(f"Paragraph {number} says nothing of note." for number in range(1500))
    long_source = add_source(db, f"{filler} Then the lighthouse keeper retired. {filler}")
    (hit,) = search_stored_sources(db, "lighthouse keeper")
    assert hit.source_id == long_source
    assert "lighthouse keeper retired" in hit.snippet
    marked = {hit.snippet[start:end].casefold() for start, end in hit.highlights}
    assert {"lighthouse", "keeper"} <= marked


def test_postgresql_search_leaves_the_planner_settings_as_they_were(
    fresh_postgresql_url: str,
) -> None:
    engine = make_engine(fresh_postgresql_url)
    with session_for(engine) as session:
        add_source(session, STRIKES)
        assert search_stored_sources(session, "boats struck")
        assert search_stored_sources(session, "boats struck", match="all")
        setting = session.connection().execute(text("SHOW enable_seqscan")).scalar()
        assert setting == "on"
        session.rollback()
    engine.dispose()


def test_postgresql_before_15_cuts_the_snippet_from_the_whole_text(
    fresh_postgresql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(fresh_postgresql_url)
    # The server here is newer; the query without regexp_instr runs on it all the same.
    monkeypatch.setattr(engine.dialect, "server_version_info", (14, 11))
    with session_for(engine) as session:
        strikes = add_source(session, STRIKES)
        (hit,) = search_stored_sources(session, "fishermen warning")
        assert hit.source_id == strikes
        marked = {hit.snippet[start:end].casefold() for start, end in hit.highlights}
        assert {"fishermen", "warning"} <= marked
    engine.dispose()


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'boats "struck',
        "NEAR(boats struck)",
        "boats NEAR struck",
        "boat*",
        "*",
        "(boats",
        "boats)",
        "-",
        "- boats",
        "boats -struck",
        "boats AND",
        "OR",
        "NOT boats",
        "title:boats",
        "text : boats",
        "^boats",
        "boats:*",
        "!boats & | <->",
        "'; DROP TABLE source; --",
        "\\",
        "%_",
        "",
        "   ",
        "the of and",
    ],
)
def test_query_syntax_in_the_text_is_only_text(db: Session, query: str) -> None:
    strikes = add_source(db, STRIKES)
    hits = search_stored_sources(db, query)
    if "boats" in query:
        assert strikes in ids(hits)
    assert db.connection().execute(text("SELECT count(*) FROM source")).scalar() == 1


def test_index_follows_writes_updates_and_deletes(db: Session) -> None:
    # The way the workbench stores a source: attach_source, for a claim.
    article, _ = import_article(session=db, title="Strikes", text=ARTICLE, claims=drafts())
    claim_id = list_claims(session=db, article_id=article.id)[0].id
    raw = STRIKES.encode()
    source, _ = attach_source(
        session=db,
        claim_id=claim_id,
        source=SourceBase(text=STRIKES, sha256=sha256_hex(raw), title="Strikes at sea"),
        raw=raw,
        evidence=[
            EvidenceDraft(
                passage=STRIKES[:40],
                start=0,
                end=40,
                score=1.0,
                highlight_start=0,
                highlight_end=10,
                number_agreement="none",
                suggested_stance="unclear",
            )
        ],
    )
    assert ids(search_stored_sources(db, "fishermen")) == [source.id]

    source.text = HARBOUR
    db.add(source)
    db.commit()
    assert search_stored_sources(db, "fishermen") == []
    assert ids(search_stored_sources(db, "harbour")) == [source.id]

    db.delete(source)
    db.commit()
    assert search_stored_sources(db, "harbour") == []


def test_sources_stored_before_the_index_are_found_after_the_upgrade(any_db_url: str) -> None:
    """A database at the previous revision, holding sources, upgraded by the workbench."""
    from alembic import command

    from claim_workbench.store.engine import alembic_config

    plain = create_engine(any_db_url.replace("postgresql://", "postgresql+psycopg://"))
    with plain.begin() as connection:
        command.upgrade(alembic_config(connection), "0004")
        for number, body in enumerate([STRIKES, HARBOUR, BUDGET], start=1):
            connection.execute(
                text(
                    "INSERT INTO source (origin, title, site, fetched_at, content_type, "
                    "text, sha256, size, raw_compressed) VALUES ('url', :title, "
                    "'old.example', :at, 'text/plain', :text, :sha, :size, :raw)"
                ),
                {
                    "title": f"Old source {number}",
                    "at": "2026-01-02 03:04:05+00:00",
                    "text": body,
                    "sha": sha256_hex(body),
                    "size": len(body),
                    "raw": zlib.compress(body.encode()),
                },
            )
    plain.dispose()

    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        hits = search_stored_sources(session, "fishermen strikes")
        assert [hit.title for hit in hits] == ["Old source 1"]
        hits = search_stored_sources(session, "budget schools", match="all")
        assert [hit.title for hit in hits] == ["Old source 3"]
        # New sources are indexed too, next to the old ones.
        add_source(session, "Boats were struck again.", title="Again")
        hits = search_stored_sources(session, "struck")
        assert {hit.title for hit in hits} == {"Old source 1", "Again"}
    engine.dispose()


def test_any_word_search_leaves_out_words_most_sources_hold(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From this many sources on (1,000 in use: below, ranking every match is cheap).
    monkeypatch.setattr(search, "PRUNE_FROM_SOURCES", 10)
    common = "Officials said people saw boats in the harbour during the storm on Monday."
    for number in range(12):
        add_source(db, f"{common} Report number {number}.")
    lighthouse = add_source(db, "The old lighthouse keeper counted the gulls every evening.")
    if db.get_bind().dialect.name == "postgresql":
        db.commit()
        db.connection().execute(text("ANALYZE source"))  # what autovacuum does after writes
    query = (
        "officials said people saw boats harbour storm monday; the lighthouse keeper counted gulls"
    )
    hits = search_stored_sources(db, query)
    # The words of every source carry no weight: only the lighthouse words pick sources.
    assert ids(hits) == [lighthouse]
    assert ids(search_stored_sources(db, "harbour lighthouse")) == [lighthouse]
    # A query of common words only keeps its rarest: the sources holding it are found.
    assert len(search_stored_sources(db, "harbour storm")) == 12
    # Needing every word, nothing is left out.
    assert search_stored_sources(db, "harbour lighthouse", match="all") == []
