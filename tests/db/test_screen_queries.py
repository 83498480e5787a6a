"""The main screen's start-up reads (plain SQL) give what the ORM gives, SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from claim_workbench.store import reads as queries
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import ClaimBase
from claim_workbench.store.storage import (
    ClaimDraft,
    NotFound,
    get_article,
    import_article,
    list_claims,
    mark_claim,
)
from claim_workbench.store.views import ArticleView, ClaimView
from tests.support.drafts import ARTICLE as TEXT
from tests.support.drafts import drafts as two_drafts

LAST = "Fishing resumed on Monday."


def drafts() -> list[ClaimDraft]:
    """The PostgreSQL tests' two claims, and a third without kinds (an empty JSON list)."""
    start = TEXT.index(LAST)
    last = ClaimBase(
        position=2, text=LAST, start=start, end=start + len(LAST), label="fishing", kinds=[]
    )
    return [*two_drafts(), ClaimDraft(claim=last)]


def test_start_up_reads_match_the_orm(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        article, _ = import_article(
            session=session,
            title="Boats [bold]struck[/]",
            text=TEXT,
            claims=drafts(),
            published=dt.date(2025, 11, 17),
            url="https://news.example/boats",
        )
        article_id = article.id
        assert article_id is not None
        claims = list_claims(session=session, article_id=article.id)
        mark_claim(session=session, claim_id=claims[1].id, status="disputed", reviewer="ana")
        session.commit()
    with session_for(engine) as session:
        stored = get_article(session=session, article_id=article_id)
        expected = [
            ClaimView.from_claim(claim)
            for claim in list_claims(session=session, article_id=article_id)
        ]
        latest = queries.load_article(connection=session.connection(), article_id=None)
        by_id = queries.load_article(connection=session.connection(), article_id=article_id)
        first = queries.load_article(
            connection=session.connection(), article_id=article_id, first=2
        )
        text = queries.article_text(connection=session.connection(), article_id=article_id)
        short = queries.load_article(
            connection=session.connection(), article_id=article_id, first=10
        )
        info = ArticleView.from_article(stored, with_text=True)
    engine.dispose()

    assert latest.article == info and by_id.article == info
    assert latest.claims == expected and by_id.claims == expected
    assert by_id.complete and by_id.marker is not None
    assert by_id.marker.claims == 3 and by_id.marker.versions == 4
    assert expected[1].status == "disputed" and expected[1].updated_at.tzinfo is not None
    # The first screenful: two rows, no marker yet (the rest is read after the first paint).
    assert first.claims == expected[:2] and not first.complete and first.marker is None
    # ... and not the article's text, which comes with the rest; when the first screenful is
    # every claim, the text comes with it.
    assert first.article == dataclasses.replace(info, text=None) and text == stored.text
    assert short.complete and short.article == info and short.claims == expected


def test_change_marker_moves_with_every_write(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        article, _ = import_article(session=session, title="t", text=TEXT, claims=drafts())
        before = queries.change_marker(connection=session.connection(), article_id=article.id)
        again = queries.change_marker(connection=session.connection(), article_id=article.id)
        claim_id = list_claims(session=session, article_id=article.id)[0].id
        mark_claim(session=session, claim_id=claim_id, status="verified", reviewer="ana")
        session.commit()
        after = queries.change_marker(connection=session.connection(), article_id=article.id)
    engine.dispose()
    assert before == again
    assert after != before and after.versions == before.versions + 1


def test_unknown_article_and_empty_database(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        nothing = queries.load_article(connection=session.connection(), article_id=None)
        with pytest.raises(NotFound, match="no article with id 99"):
            queries.load_article(connection=session.connection(), article_id=99)
    engine.dispose()
    assert nothing.article is None and nothing.claims == [] and nothing.marker is None
