"""The find use case: candidates scored as they stream in, ranked by the evidence score."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from claim_workbench.acquisition import providers
from claim_workbench.acquisition.fetch import from_text
from claim_workbench.acquisition.providers import base
from claim_workbench.acquisition.providers.config import ProviderConfig
from claim_workbench.review import find, services
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from tests.support import provider_answers as answers

ARTICLE = """ date 2026-02-10 Dockers strike shuts Rotterdam port

About 12,000 dockers walked out in Rotterdam on Monday, the union said.
"""
KEY = "brave-key-never-logged-0123456789"


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    base._RATE_LIMITS.clear()
    yield
    base._RATE_LIMITS.clear()


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A server answering each request in its own thread: a slow answer holds up no other."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def claim(tmp_path: Path) -> Iterator[tuple[object, int]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'find.db'}")
    with session_for(engine) as session:
        article = services.import_text(session=session, raw=ARTICLE).article
        claims = storage.list_claims(session=session, article_id=article.id or 0)
        (claim,) = [claim for claim in claims if "12,000" in claim.text]
        yield session, claim.id or 0


@pytest.mark.usefixtures("loopback_fetching")
async def test_candidates_stream_in_scored_and_end_ranked(
    claim, threaded_server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    httpserver = threaded_server
    session, claim_id = claim

    def slow_brave(_request: Request) -> Response:
        time.sleep(2)
        return Response("{}", status=401)

    httpserver.expect_request("/searx/search").respond_with_json(answers.SEARXNG_ANSWER)
    httpserver.expect_request("/brave").respond_with_handler(slow_brave)
    config = ProviderConfig(
        {"brave": {"url": httpserver.url_for("/brave"), "timeout": 0.8}},
        None,
        {"WORKBENCH_SEARXNG_URL": httpserver.url_for("/searx"), "WORKBENCH_BRAVE_KEY": KEY},
    )
    caplog.set_level(logging.DEBUG)
    search = find.FindSearch(
        session=session, claim_id=claim_id, provider_names=["brave", "searxng"], config=config
    )
    events = [event async for event in search.events()]
    scored = [event for event in events if isinstance(event, find.Scored)]
    # SearxNG's two results arrive scored before the slow provider gives up.
    assert [event.provider for event in scored] == ["searxng", "searxng"]
    assert isinstance(events[-1], providers.Failed) and events[-1].provider == "brave"
    assert search.errors == {"brave": "Brave Search: no answer within 0.8 s"}
    ranked = search.ranked()
    # SearxNG listed the strike first and the weather second; the ranking is by score, and
    # each candidate keeps the score it streamed in with.
    assert [r.candidate.title for r in ranked][0].startswith("Port strike: 12,000 dockers")
    assert {r.candidate.url: r.match.score for r in ranked} == {
        s.candidate.url: s.match.score for s in scored
    }
    assert ranked[0].match.score > ranked[1].match.score
    assert ranked[0].match.number_agreement == "agree"
    assert KEY not in caplog.text


@pytest.mark.usefixtures("loopback_fetching")
async def test_one_address_offered_twice_is_listed_once(claim, httpserver: HTTPServer) -> None:
    session, claim_id = claim
    strike = answers.SEARXNG_ANSWER["results"][0]
    brave_answer = json.loads(json.dumps(answers.BRAVE_ANSWER))
    brave_answer["web"]["results"][0]["url"] = strike["url"] + "#comments"
    httpserver.expect_request("/searx/search").respond_with_json(answers.SEARXNG_ANSWER)
    httpserver.expect_request("/brave").respond_with_json(brave_answer)
    config = ProviderConfig(
        {"brave": {"url": httpserver.url_for("/brave")}},
        None,
        {"WORKBENCH_SEARXNG_URL": httpserver.url_for("/searx"), "WORKBENCH_BRAVE_KEY": KEY},
    )
    result = await find.find_candidates(
        session=session, claim_id=claim_id, provider_names=["searxng", "brave"], config=config
    )
    assert len(result.candidates) == 2
    (twice,) = [r for r in result.candidates if r.also_from]
    assert twice.candidate.url == strike["url"] and set(twice.also_from) | {
        twice.candidate.provider
    } == {"searxng", "brave"}
    assert result.counts == {"searxng": 2, "brave": 1}


async def test_stored_sources_are_searched_by_the_reviewers_words_when_given(
    any_db_url: str,
) -> None:
    """Through the database's full-text index, on SQLite and on PostgreSQL."""
    with session_for(make_engine(any_db_url)) as session:
        article = services.import_text(session=session, raw=ARTICLE).article
        claims = storage.list_claims(session=session, article_id=article.id or 0)
        (claim,) = [claim for claim in claims if "12,000" in claim.text]
        await _stored_search(session, claim.id or 0)


async def _stored_search(session, claim_id: int) -> None:
    for text, title in (
        ("About 12,000 dockers walked out in Rotterdam, the union said.", "Union statement"),
        ("The harbour master reported fog and three ships waiting at anchor.", "Harbour log"),
    ):
        services.store_source(
            session=session,
            claim_id=claim_id,
            document=from_text(text, title=title),
            reviewer="ana",
        )
    config = ProviderConfig({}, None, {})
    built = await find.find_candidates(session=session, claim_id=claim_id, config=config)
    assert built.asked == ["stored"]
    assert [r.candidate.title for r in built.candidates] == ["Union statement"]
    assert built.candidates[0].attached
    edited = await find.find_candidates(
        session=session, claim_id=claim_id, query_text="harbour fog ships", config=config
    )
    titles = [r.candidate.title for r in edited.candidates]
    assert "Harbour log" in titles
