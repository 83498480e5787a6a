"""Search providers against real HTTP servers on loopback answering in each API's format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Iterator, Sequence

import pytest
from pydantic import SecretStr
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from claim_workbench.acquisition import providers
from claim_workbench.acquisition.errors import SourceError
from claim_workbench.acquisition.providers import base, searxng
from claim_workbench.acquisition.providers.brave import BraveSearch
from claim_workbench.acquisition.providers.config import ProviderConfig, load_config
from claim_workbench.acquisition.providers.factcheck import FactCheckTools
from claim_workbench.acquisition.providers.query import build_query
from claim_workbench.acquisition.providers.searxng import SearxNG
from claim_workbench.acquisition.providers.wikipedia import Wikipedia
from claim_workbench.text.quantities import extract_quantities
from tests.support import provider_answers as answers

KEY = "sk-test-0123456789abcdef"
QUERY = providers.SearchQuery(
    text="Rotterdam port strike 12000 dockers",
    entities=("Rotterdam",),
    terms=("port", "strike", "dockers"),
    since=dt.date(2026, 1, 10),
    until=dt.date(2026, 3, 11),
)


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """Each test starts with no provider waiting out an earlier test's Retry-After."""
    base._RATE_LIMITS.clear()
    yield
    base._RATE_LIMITS.clear()


@pytest.fixture
def second_server() -> Iterator[HTTPServer]:
    server = HTTPServer()
    server.start()
    yield server
    server.clear()
    server.stop()


async def _events(
    asked: Sequence[providers.SearchProvider], query: providers.SearchQuery = QUERY
) -> list[providers.SearchEvent]:
    return [event async for event in providers.stream_search(asked, query)]


def _found(events: list[providers.SearchEvent]) -> list[providers.Candidate]:
    return [event.candidate for event in events if isinstance(event, providers.Found)]


def _failures(events: list[providers.SearchEvent]) -> dict[str, str]:
    return {
        event.provider: event.message for event in events if isinstance(event, providers.Failed)
    }


# --- each provider in its documented format ----------------------------------------------


@pytest.mark.usefixtures("loopback_fetching")
async def test_searxng_sends_the_query_and_reads_its_results(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/search", query_string={"q": QUERY.text, "format": "json"}
    ).respond_with_json(answers.SEARXNG_ANSWER)
    # Undated: SearxNG's time ranges count back from today (see test_searxng_time_range).
    undated = dataclasses.replace(QUERY, since=None, until=None)
    events = await _events([SearxNG(url=httpserver.url_for("/"))], undated)
    first, second = _found(events)
    assert first.provider == "searxng"
    assert first.title == "Port strike: 12,000 dockers walk out in Rotterdam"
    assert first.url == "https://news.example.org/2026/02/port-strike"
    assert first.site == "news.example.org"
    assert first.published == dt.date(2026, 2, 9)
    assert first.snippet.startswith("About 12,000 dockers walked out")
    assert second.published is None
    assert events[-1] == providers.Finished("searxng", 2)


@pytest.mark.usefixtures("loopback_fetching")
async def test_searxng_credentials_in_its_address_travel_only_in_the_header(
    httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[Request] = []

    def answer(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(answers.SEARXNG_ANSWER), content_type="application/json")

    httpserver.expect_request("/search").respond_with_handler(answer)
    address = httpserver.url_for("/").replace("http://", "http://desk:s%3Acret-pw@")
    caplog.set_level("DEBUG")
    events = await _events([SearxNG(url=address)])
    assert len(_found(events)) == 2
    (request,) = seen
    assert request.authorization is not None
    assert (request.authorization.username, request.authorization.password) == (
        "desk",
        "s:cret-pw",
    )
    assert "cret-pw" not in request.url
    assert "cret-pw" not in caplog.text and "desk:" not in caplog.text
    assert any("HTTP Request" in record.getMessage() for record in caplog.records)


@pytest.mark.usefixtures("loopback_fetching")
async def test_brave_sends_its_key_in_the_header_and_strips_its_emphasis(
    httpserver: HTTPServer,
) -> None:
    seen: list[Request] = []

    def answer(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(answers.BRAVE_ANSWER), content_type="application/json")

    httpserver.expect_request("/res/v1/web/search").respond_with_handler(answer)
    brave = BraveSearch(key=SecretStr(KEY), url=httpserver.url_for("/res/v1/web/search"))
    (candidate,) = _found(await _events([brave]))
    (request,) = seen
    assert request.headers["X-Subscription-Token"] == KEY
    assert KEY not in request.url
    assert request.args["q"] == QUERY.text
    assert request.args["freshness"] == "2026-01-10to2026-03-11"
    assert candidate.title == "Dockers strike Rotterdam port"
    assert candidate.snippet == (
        "The union put the number of strikers at 12,000 & said the walkout would last two days."
    )
    assert candidate.site == "Example Wire"
    assert candidate.published == dt.date(2026, 2, 9)
    assert KEY not in repr(brave)


@pytest.mark.usefixtures("loopback_fetching")
async def test_wikipedia_searches_with_extracts_and_keeps_the_search_rank(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(
        "/w/api.php",
        query_string={
            "action": "query",
            "format": "json",
            "formatversion": "2",
            "generator": "search",
            "gsrsearch": "Rotterdam",
            "gsrlimit": "8",
            "prop": "extracts|info",
            "exintro": "1",
            "explaintext": "1",
            "exlimit": "max",
            "inprop": "url",
            "redirects": "1",
        },
    ).respond_with_json(answers.WIKIPEDIA_ANSWER)
    wikipedia = Wikipedia(language="de", url=httpserver.url_for("/w/api.php"))
    first, second = _found(await _events([wikipedia]))
    assert first.title == "2026 Rotterdam port strike"  # index 1, though listed second
    assert first.url == "https://en.wikipedia.org/wiki/2026_Rotterdam_port_strike"
    assert "12,000 dockers" in first.snippet
    assert first.site == "Wikipedia (de)"
    assert second.title == "Port of Rotterdam"


@pytest.mark.usefixtures("loopback_fetching")
async def test_wikipedia_with_no_match_and_with_a_refused_request(httpserver: HTTPServer) -> None:
    url = httpserver.url_for("/w/api.php")
    httpserver.expect_ordered_request("/w/api.php").respond_with_json(answers.WIKIPEDIA_EMPTY)
    httpserver.expect_ordered_request("/w/api.php").respond_with_json(answers.WIKIPEDIA_ERROR)
    empty = await _events([Wikipedia(url=url)])
    assert empty == [providers.Finished("wikipedia", 0)]
    refused = _failures(await _events([Wikipedia(url=url)]))
    assert refused == {
        "wikipedia": "Wikipedia: the search was refused (The parameters gsrsearch and gsrwhat "
        "cannot be used together.)"
    }


def test_searxng_time_range_is_the_smallest_reaching_the_window() -> None:
    today = dt.date.today()
    assert searxng._time_range(today) == "day"
    assert searxng._time_range(today - dt.timedelta(days=20)) == "month"
    assert searxng._time_range(today - dt.timedelta(days=200)) == "year"
    assert searxng._time_range(today - dt.timedelta(days=900)) is None
    assert searxng._time_range(None) is None


def test_wikipedia_language_must_be_a_language_code() -> None:
    with pytest.raises(SourceError, match="not a Wikipedia language code"):
        Wikipedia(language="evil.example.com/")


@pytest.mark.usefixtures("loopback_fetching")
async def test_factcheck_reads_ratings_and_keeps_its_key_out_of_the_url(
    httpserver: HTTPServer,
) -> None:
    seen: list[Request] = []

    def answer(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(answers.FACTCHECK_ANSWER), content_type="application/json")

    httpserver.expect_request("/v1alpha1/claims:search").respond_with_handler(answer)
    checks = FactCheckTools(key=SecretStr(KEY), url=httpserver.url_for("/v1alpha1/claims:search"))
    (candidate,) = _found(await _events([checks]))
    (request,) = seen
    assert request.headers["X-Goog-Api-Key"] == KEY
    assert KEY not in request.url and "key" not in request.args
    assert request.args["query"] == QUERY.text
    assert int(request.args["maxAgeDays"]) == (dt.date.today() - QUERY.since).days
    assert candidate.rating == "Exaggerated"
    assert candidate.site == "Example Checks"
    assert candidate.url == "https://checks.example.org/rotterdam-dockers"
    assert (
        candidate.snippet == "Union spokesperson: 20,000 dockers joined the Rotterdam port strike"
    )
    assert candidate.published == dt.date(2026, 2, 11)


# --- errors: each names its provider, never the key ----------------------------------------


@pytest.mark.usefixtures("loopback_fetching")
async def test_refused_key_names_the_provider_not_the_key(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/brave").respond_with_json(
        {"type": "ErrorResponse", "error": {"status": 401, "code": "SUBSCRIPTION_TOKEN_INVALID"}},
        status=401,
    )
    httpserver.expect_request("/checks").respond_with_json(answers.FACTCHECK_BAD_KEY, status=400)
    failures = _failures(
        await _events(
            [
                BraveSearch(key=SecretStr(KEY), url=httpserver.url_for("/brave")),
                FactCheckTools(key=SecretStr(KEY), url=httpserver.url_for("/checks")),
            ]
        )
    )
    assert failures == {
        "brave": "Brave Search: the API key was refused (HTTP 401 Unauthorized); "
        "check its configuration",
        "factcheck": "Google Fact Check: the API key was refused (HTTP 400); "
        "check its configuration",
    }


@pytest.mark.usefixtures("loopback_fetching")
async def test_429_with_a_long_retry_after_is_reported_and_then_respected(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/search").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    searx = SearxNG(url=httpserver.url_for("/"))
    assert _failures(await _events([searx])) == {
        "searxng": "SearxNG: rate limited (HTTP 429 Too Many Requests); try again in 120 s"
    }
    # Until the wait is over, nothing more is sent to it.
    again = _failures(await _events([SearxNG(url=httpserver.url_for("/"))]))
    assert again["searxng"].startswith("SearxNG: rate limited; try again in 1")
    assert len(httpserver.log) == 1


@pytest.mark.usefixtures("loopback_fetching")
async def test_429_with_a_short_retry_after_is_waited_out_once(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/search").respond_with_data(
        "", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/search").respond_with_json(answers.SEARXNG_ANSWER)
    started = time.monotonic()
    events = await _events([SearxNG(url=httpserver.url_for("/"), timeout=5)])
    assert len(_found(events)) == 2
    assert time.monotonic() - started >= 1.0
    assert len(httpserver.log) == 2


@pytest.mark.usefixtures("loopback_fetching")
async def test_refusals_without_a_key(httpserver: HTTPServer) -> None:
    # SearxNG answers 403 when its settings.yml does not list json among search.formats.
    httpserver.expect_request("/search").respond_with_data("Forbidden", status=403)
    httpserver.expect_request("/w/api.php").respond_with_data("Forbidden", status=403)
    failures = _failures(
        await _events(
            [SearxNG(url=httpserver.url_for("/")), Wikipedia(url=httpserver.url_for("/w/api.php"))]
        )
    )
    assert failures == {
        "searxng": "SearxNG: the instance does not answer in JSON (HTTP 403 Forbidden); add "
        "json to search.formats in its settings.yml",
        "wikipedia": "Wikipedia: access was refused (HTTP 403 Forbidden)",
    }


@pytest.mark.usefixtures("loopback_fetching")
async def test_server_failure_and_malformed_json(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/broken/search").respond_with_data("oops", status=500)
    httpserver.expect_request("/garbled/search").respond_with_data(
        '{"results": [', content_type="application/json"
    )
    failures = _failures(
        await _events(
            [
                SearxNG(url=httpserver.url_for("/broken")),
                Wikipedia(url=httpserver.url_for("/garbled/search")),
            ]
        )
    )
    assert failures == {
        "searxng": "SearxNG: the service failed (HTTP 500 Internal Server Error)",
        "wikipedia": "Wikipedia: the answer is not valid JSON",
    }


@pytest.mark.usefixtures("loopback_fetching")
async def test_a_slow_provider_times_out_while_the_others_answer(
    httpserver: HTTPServer, second_server: HTTPServer
) -> None:
    def slow(_request: Request) -> Response:
        time.sleep(3)
        return Response(json.dumps(answers.WIKIPEDIA_ANSWER), content_type="application/json")

    second_server.expect_request("/w/api.php").respond_with_handler(slow)
    httpserver.expect_request("/search").respond_with_json(answers.SEARXNG_ANSWER)
    started = time.monotonic()
    events = await _events(
        [
            Wikipedia(url=second_server.url_for("/w/api.php"), timeout=0.5),
            SearxNG(url=httpserver.url_for("/"), timeout=5),
        ]
    )
    assert time.monotonic() - started < 2.5
    assert [c.provider for c in _found(events)] == ["searxng", "searxng"]
    assert _failures(events) == {"wikipedia": "Wikipedia: no answer within 0.5 s"}
    # Candidates stream in before the slow provider gives up.
    kinds = [type(event).__name__ for event in events]
    assert kinds.index("Found") < kinds.index("Failed")


@pytest.mark.usefixtures("loopback_fetching")
async def test_an_empty_result(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/search").respond_with_json({"query": "x", "results": []})
    assert await _events([SearxNG(url=httpserver.url_for("/"))]) == [
        providers.Finished("searxng", 0)
    ]


async def test_loopback_is_refused_without_the_allowance(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/search").respond_with_json(answers.SEARXNG_ANSWER)
    failures = _failures(await _events([SearxNG(url=httpserver.url_for("/"))]))
    assert failures["searxng"].startswith("SearxNG: refused http://localhost:")
    assert "loopback" in failures["searxng"]
    assert httpserver.log == []


@pytest.mark.usefixtures("loopback_fetching")
async def test_a_redirect_is_not_followed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/search").respond_with_data(
        "", status=302, headers={"Location": "https://elsewhere.example/search"}
    )
    failures = _failures(await _events([SearxNG(url=httpserver.url_for("/"))]))
    assert "redirected to another address" in failures["searxng"]


# --- configuration ---------------------------------------------------------------------------


def test_config_file_and_environment(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[find]\ntimeout = 4\n[searxng]\nurl = "https://search.newsroom.example"\n'
        '[brave]\nkey = "from-the-file-key"\n[wikipedia]\nlanguage = "fr"\n',
        encoding="utf-8",
    )
    config = load_config(path, environ={"WORKBENCH_BRAVE_KEY": KEY})
    searx = SearxNG.from_config(config)
    assert searx.url == "https://search.newsroom.example" and searx.timeout == 4
    brave = BraveSearch.from_config(config)
    assert brave._key.get_secret_value() == KEY  # the environment wins
    assert KEY not in repr(brave) and KEY not in repr(brave._key)
    assert Wikipedia.from_config(config).language == "fr"
    assert providers.default_provider_names(config) == ["stored", "searxng", "brave", "wikipedia"]
    assert config.scrub(f"oops {KEY} and from-the-file-key") == "oops ********** and **********"


def test_unconfigured_and_unknown_providers() -> None:
    config = ProviderConfig({}, None, {})
    assert providers.default_provider_names(config) == ["stored"]
    asked, problems = providers.make_providers(["brave", "wikipedia"], config)
    assert [provider.name for provider in asked] == ["wikipedia"]
    assert problems == {
        "brave": "Brave Search: not configured (set WORKBENCH_BRAVE_KEY or [brave] key to a "
        "Brave Search API key)"
    }
    with pytest.raises(providers.UnknownProvider, match="unknown provider 'bing'"):
        providers.make_providers(["stored", "bing"], config)


def test_damaged_config_file_is_one_line_without_its_values(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[brave]\nkey = "{KEY}\n', encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_config(path, environ={})
    message = str(caught.value)
    assert message.startswith(f"{path} is not valid TOML") and KEY not in message
    assert "\n" not in message


# --- the query ------------------------------------------------------------------------------


def test_query_from_a_claim() -> None:
    text = "Union leader Maria Jansen said 12,000 dockers walked out in Rotterdam on Monday."
    query = build_query(
        text,
        quantities=extract_quantities(text),
        speaker="Maria Jansen",
        quote="12,000 dockers walked out",
        article_date=dt.date(2026, 2, 9),
    )
    assert "Maria Jansen" in query.entities and "Rotterdam" in query.entities
    assert ("12,000 dockers", "12000") in query.quantities
    assert "12000" in query.text.split() or "12,000" in query.text.split()
    assert "said" not in query.text.split()
    assert query.speaker == "Maria Jansen"
    assert (query.since, query.until) == (dt.date(2026, 1, 10), dt.date(2026, 3, 11))
    assert len(query.text.split()) <= 10
    edited = build_query(text, text="  dockers   strike ", article_date=dt.date(2026, 2, 9))
    assert edited.text == "dockers strike" and edited.edited
    assert edited.since == dt.date(2026, 1, 10)


def test_query_gives_numbers_written_as_words_in_digits() -> None:
    text = "Officials say eighty-two people died in the strikes."
    query = build_query(text, quantities=extract_quantities(text))
    assert "82" in query.text.split()
    assert "eighty-two" not in query.terms


@pytest.mark.usefixtures("loopback_fetching")
async def test_requests_to_one_provider_keep_its_interval(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/search").respond_with_json(answers.SEARXNG_ANSWER)
    started = time.monotonic()
    await _events([SearxNG(url=httpserver.url_for("/"), interval=1.5)])
    await _events([SearxNG(url=httpserver.url_for("/"), interval=1.5)])  # shares the limit
    # The second request waited for the interval since the first was sent.
    assert time.monotonic() - started >= 1.5
    assert len(httpserver.log) == 2


def test_retry_after_as_seconds_or_a_date() -> None:
    assert base.retry_after_seconds("30") == 30.0
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=90)
    from_date = base.retry_after_seconds(later.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert from_date is not None and 85 <= from_date <= 90
    assert base.retry_after_seconds("soon") is None
    assert base.retry_after_seconds(None) is None


@pytest.mark.usefixtures("loopback_fetching")
async def test_an_oversized_answer_is_abandoned(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/search").respond_with_data(
        b"[" + b"0," * (base.MAX_ANSWER_BYTES // 2) + b"0]", content_type="application/json"
    )
    failures = _failures(await _events([SearxNG(url=httpserver.url_for("/"))]))
    assert failures == {"searxng": "SearxNG: the answer is too large to be a search result"}
