"""Every storage function against a real PostgreSQL server through psycopg 3."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlmodel import Session, func, select

from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import ClaimBase, QuantityBase, ReviewEvent, Source, SourceBase
from claim_workbench.store.storage import (
    ClaimDraft,
    EvidenceDraft,
    NotFound,
    VersionConflict,
    attach_source,
    evidence_for,
    get_article,
    get_claim,
    get_source,
    history,
    import_article,
    latest_article,
    list_articles,
    list_claims,
    list_evidence,
    list_sources,
    mark_claim,
    quantities_for,
    set_note,
    set_stance,
    sha256_hex,
    source_raw,
    status_summary,
)
from tests.support.drafts import ARTICLE, drafts


@pytest.fixture
def pg_session(fresh_postgresql_url: str) -> Session:
    engine = make_engine(fresh_postgresql_url)
    with session_for(engine) as session:
        yield session
    engine.dispose()


def test_engine_talks_to_postgresql_through_psycopg3(fresh_postgresql_url: str) -> None:
    engine = make_engine(fresh_postgresql_url)
    assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
    with engine.connect() as connection:
        assert connection.execute(text("SHOW server_version_num")).scalar_one().isdigit()
    engine.dispose()


def test_plain_postgresql_scheme_gets_the_psycopg3_driver(fresh_postgresql_url: str) -> None:
    # Users paste postgresql:// (or Heroku-style postgres://) URLs; psycopg2 is not installed.
    for scheme in ("postgresql://", "postgres://"):
        url = fresh_postgresql_url.replace("postgresql+psycopg://", scheme)
        engine = make_engine(url)
        assert engine.dialect.driver == "psycopg"
        engine.dispose()


def test_import_list_and_summaries_round_trip(pg_session: Session) -> None:
    before = dt.datetime.now(dt.UTC)
    article, created = import_article(
        session=pg_session,
        title="Strikes at sea",
        text=ARTICLE,
        claims=drafts(),
        published=dt.date(2025, 11, 17),
    )
    again, created_again = import_article(
        session=pg_session, title="copy", text=ARTICLE, claims=drafts()
    )

    assert created and not created_again and again.id == article.id
    assert article.text_sha256 == sha256_hex(ARTICLE)
    assert article.imported_at.tzinfo is not None and article.imported_at >= before
    assert get_article(session=pg_session, article_id=article.id).published == dt.date(2025, 11, 17)
    assert latest_article(session=pg_session).id == article.id
    assert [(a.id, n) for a, n in list_articles(session=pg_session)] == [(article.id, 2)]

    in_order = list_claims(session=pg_session, article_id=article.id)
    by_score = list_claims(session=pg_session, article_id=article.id, sort="score")
    assert [c.position for c in in_order] == [0, 1]
    assert [c.label for c in by_score] == ["minister: acted lawfully", "21 boats, 82 deaths"]
    assert in_order[0].kinds == ["quantity"]
    assert in_order[1].speaker == "the minister"

    quantities = quantities_for(session=pg_session, claim_ids=[c.id for c in in_order])
    assert [(q.value, q.unit, q.qualifier) for q in quantities[in_order[0].id]] == [
        (21.0, "boats", None),
        (82.0, "people", "at least"),
    ]
    assert quantities[in_order[1].id] == []
    assert status_summary(session=pg_session, article_id=article.id) == {
        "unreviewed": 2,
        "verified": 0,
        "disputed": 0,
        "inconclusive": 0,
        "dismissed": 0,
    }
    with pytest.raises(NotFound):
        get_claim(session=pg_session, claim_id=999_999)


def test_verdicts_notes_and_history_carry_the_reviewer(pg_session: Session) -> None:
    article, _ = import_article(session=pg_session, title="t", text=ARTICLE, claims=drafts())
    claim = list_claims(session=pg_session, article_id=article.id)[0]

    marked = mark_claim(
        session=pg_session, claim_id=claim.id, status="Verified", reviewer="ana", note="navy log"
    )
    # The session hands back one object per row: keep what the mark returned.
    marked_state = (marked.status, marked.reviewer, marked.version, marked.updated_at)
    noted = set_note(
        session=pg_session,
        claim_id=claim.id,
        note="navy log, p. 3",
        reviewer="ben",
        expect_version=marked.version,
    )

    assert marked_state[:3] == ("verified", "ana", 2)
    assert (noted.note, noted.reviewer, noted.version) == ("navy log, p. 3", "ben", 3)
    assert noted.updated_at.tzinfo is not None and noted.updated_at >= marked_state[3]
    events = history(session=pg_session, claim_id=claim.id)
    assert [(e.action, e.from_value, e.to_value, e.reviewer) for e in events] == [
        ("status", "unreviewed", "verified", "ana"),
        ("note", "navy log", "navy log, p. 3", "ben"),
    ]
    assert all(e.at.tzinfo is not None for e in events)
    assert status_summary(session=pg_session, article_id=article.id)["verified"] == 1


def test_stale_expected_version_is_refused_and_changes_nothing(pg_session: Session) -> None:
    article, _ = import_article(session=pg_session, title="t", text=ARTICLE, claims=drafts())
    claim = list_claims(session=pg_session, article_id=article.id)[1]
    mark_claim(
        session=pg_session, claim_id=claim.id, status="disputed", reviewer="ana", expect_version=1
    )

    with pytest.raises(VersionConflict, match=r"changed by ana \(now disputed, version 2"):
        mark_claim(
            session=pg_session,
            claim_id=claim.id,
            status="verified",
            reviewer="ben",
            expect_version=1,
        )

    current = get_claim(session=pg_session, claim_id=claim.id)
    assert (current.status, current.reviewer, current.version) == ("disputed", "ana", 2)
    assert len(history(session=pg_session, claim_id=claim.id)) == 1


def test_sources_evidence_and_stances(pg_session: Session) -> None:
    article, _ = import_article(session=pg_session, title="t", text=ARTICLE, claims=drafts())
    first, second = list_claims(session=pg_session, article_id=article.id)
    raw = b"<html><body>The ministry counted 21 boats and 82 dead.\x00\xff</body></html>"
    snapshot = SourceBase(
        url="http://example.test/report",
        final_url="http://example.test/report?page=1",
        title="Ministry report",
        status_code=200,
        content_type="text/html",
        text="The ministry counted 21 boats and 82 dead.",
        sha256=sha256_hex(raw),
        size=len(raw),
    )
    passage = EvidenceDraft(
        passage="The ministry counted 21 boats and 82 dead.",
        start=0,
        end=42,
        score=88.5,
        highlight_start=21,
        highlight_end=29,
        number_agreement="agree",
        suggested_stance="supports",
    )

    source, rows = attach_source(
        session=pg_session,
        claim_id=first.id,
        source=snapshot,
        raw=raw,
        evidence=[passage],
        reviewer="ana",
    )
    shared, _ = attach_source(
        session=pg_session, claim_id=second.id, source=snapshot, raw=raw, evidence=[passage]
    )
    stance = set_stance(
        session=pg_session, evidence_id=rows[0].id, stance="contradicts", reviewer="ben"
    )

    assert shared.id == source.id and len(list_sources(session=pg_session)) == 1
    assert source_raw(get_source(session=pg_session, source_id=source.id)) == raw
    assert source.fetched_at.tzinfo is not None
    listed = list_evidence(session=pg_session, claim_id=first.id)
    assert [(e.score, e.number_agreement, s.title) for e, s in listed] == [
        (88.5, "agree", "Ministry report")
    ]
    both = evidence_for(session=pg_session, claim_ids=[first.id, second.id])
    assert [len(both[first.id]), len(both[second.id])] == [1, 1]
    assert (stance.reviewer_stance, stance.reviewer) == ("contradicts", "ben")
    events = history(session=pg_session, claim_id=first.id)
    assert [(e.action, e.from_value, e.to_value, e.reviewer, e.evidence_id) for e in events] == [
        ("attach", None, "Ministry report", "ana", None),
        ("stance", None, "contradicts", "ben", rows[0].id),
    ]
    assert events[0].detail == {"source_id": source.id, "evidence_ids": [rows[0].id]}
    count = pg_session.exec(select(func.count()).select_from(Source)).one()
    assert count == 1
    # Two attaches (each audited) and one stance.
    assert pg_session.exec(select(func.count()).select_from(ReviewEvent)).one() == 3


def test_large_import_keeps_each_claims_quantities_and_defaults(any_db_url: str) -> None:
    # The import inserts claims in one batch and matches quantities to the returned ids:
    # a mix-up in that order would hang quantities on the wrong claims.
    drafts = [
        ClaimDraft(
            claim=ClaimBase(
                position=0, text=f"Claim {n}", start=n, end=n + 1, label=f"label {n}", kinds=["q"]
            ),
            quantities=[
                QuantityBase(value=n * 10 + k, unit="boats", text=f"{n}.{k}", start=k, end=k + 1)
                for k in range(n % 3)
            ],
        )
        for n in range(600)
    ]
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        article, _ = import_article(session=session, title="big", text="many claims", claims=drafts)
        claims = list_claims(session=session, article_id=article.id)
        quantities = quantities_for(session=session, claim_ids=[c.id for c in claims])
    engine.dispose()

    assert [c.label for c in claims] == [f"label {n}" for n in range(600)]
    assert [c.position for c in claims] == list(range(600))
    assert {(c.status, c.note, c.version, c.kinds[0]) for c in claims} == {
        ("unreviewed", "", 1, "q")
    }
    assert all(c.updated_at.tzinfo is not None for c in claims)
    for n, claim in enumerate(claims):
        assert [q.value for q in quantities[claim.id]] == [n * 10 + k for k in range(n % 3)]
