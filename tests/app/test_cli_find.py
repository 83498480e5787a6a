"""`workbench find` end to end: a real SQLite file, providers on loopback servers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlmodel import select
from typer.testing import CliRunner
from werkzeug import Request, Response

from claim_workbench.cli import cli
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Article, Claim, Evidence, ReviewEvent, Source
from tests.support import provider_answers as answers

pytestmark = pytest.mark.usefixtures("loopback_fetching")

KEY = "brave-key-do-not-print-0123456789"

ARTICLE = """ date 2026-02-10 Dockers strike shuts Rotterdam port

About 12,000 dockers walked out in Rotterdam on Monday, the union said.
The city council will meet on Thursday to discuss the budget for new parks.
"""

STRIKE_PAGE = """<html><head><title>Rotterdam dockers strike</title></head><body>
<article><h1>Rotterdam dockers strike</h1>
<p>Some 12,000 dockers walked out in Rotterdam on Monday, halting container traffic at
the port, the union said. The walkout is planned to last two days.</p>
<p>Port authorities said ships were waiting at anchor off the coast.</p>
</article></body></html>"""


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'find.db'}"


@pytest.fixture
def run(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Only what a test configures: no provider settings from the shell running the suite.
    for name in ("WORKBENCH_SEARXNG_URL", "WORKBENCH_BRAVE_KEY", "WORKBENCH_FACTCHECK_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "config.toml"))
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--db", db_url, "--reviewer", "ana", *args], input=input)

    return invoke


def _counts(db_url: str) -> dict[str, int]:
    with session_for(make_engine(db_url)) as session:
        return {
            model.__name__: len(session.exec(select(model)).all())
            for model in (Article, Claim, Source, Evidence, ReviewEvent)
        }


def _strike_claim(run, tmp_path: Path) -> int:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run("import", str(article)).exit_code == 0
    claims = json.loads(run("claims", "--json").stdout)
    return next(claim["id"] for claim in claims if "12,000" in claim["text"])


def _searxng_answer(httpserver: HTTPServer) -> dict[str, Any]:
    """The documented answer, with the weather page first and the strike page (served by
    this server, so that it can be attached) second."""
    weather, strike = (dict(result) for result in answers.SEARXNG_ANSWER["results"][::-1])
    strike["url"] = httpserver.url_for("/strike-report")
    return {**answers.SEARXNG_ANSWER, "results": [weather, strike]}


def _serve_searxng(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    httpserver.expect_request("/searx/search").respond_with_json(_searxng_answer(httpserver))
    httpserver.expect_request("/strike-report").respond_with_data(
        STRIKE_PAGE, content_type="text/html; charset=utf-8"
    )
    monkeypatch.setenv("WORKBENCH_SEARXNG_URL", httpserver.url_for("/searx"))


def test_find_ranks_stored_and_web_candidates_by_evidence_score(
    run, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim_id = _strike_claim(run, tmp_path)
    notes = tmp_path / "union-statement.txt"
    notes.write_text(
        "The union said 12,000 dockers joined the walkout in Rotterdam.\n\nNothing else.",
        encoding="utf-8",
    )
    assert run("attach", str(claim_id), str(notes)).exit_code == 0
    _serve_searxng(httpserver, monkeypatch)
    result = run("find", str(claim_id), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["providers"] == ["stored", "searxng"]  # the default: what is configured
    assert found["since"] == "2026-01-11" and found["until"] == "2026-03-12"
    candidates = found["candidates"]
    scores = [candidate["score"] for candidate in candidates]
    assert scores == sorted(scores, reverse=True)
    assert [c["n"] for c in candidates] == list(range(1, len(candidates) + 1))
    by_title = {candidate["title"]: candidate for candidate in candidates}
    strike = by_title["Port strike: 12,000 dockers walk out in Rotterdam"]
    weather = by_title["Weather today"]
    # SearxNG listed the weather first; the evidence score puts the strike above it.
    assert strike["n"] < weather["n"]
    assert strike["number_agreement"] == "agree"
    stored = next(c for c in candidates if c["provider"] == "stored")
    assert stored["source_id"] is not None and stored["url"] is None  # a file: no address
    assert stored["attached"] is True
    assert found["errors"] == []
    assert found["answered"]["searxng"] == 2 and found["answered"]["stored"] >= 1
    text = run("find", str(claim_id))
    assert text.stdout.startswith("query: ")
    assert "· searxng" in text.stdout and "»" in text.stdout


def test_find_attach_fetches_snapshots_and_matches_the_candidate(
    run, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    claim_id = _strike_claim(run, tmp_path)
    _serve_searxng(httpserver, monkeypatch)
    listed = json.loads(run("find", str(claim_id), "--provider", "searxng", "--json").stdout)
    strike = next(c for c in listed["candidates"] if c["url"].endswith("/strike-report"))
    before = _counts(db_url)
    result = run("find", str(claim_id), "--attach", str(strike["n"]), "--json")
    assert result.exit_code == 0, result.output
    attached = json.loads(result.stdout)
    assert attached["source"]["final_url"] == httpserver.url_for("/strike-report")
    assert attached["source"]["title"] == "Rotterdam dockers strike"
    assert attached["evidence"][0]["number_agreement"] == "agree"
    after = _counts(db_url)
    assert after["Source"] == before["Source"] + 1
    assert after["ReviewEvent"] == before["ReviewEvent"] + 1
    again = json.loads(run("find", str(claim_id), "-p", "searxng", "--json").stdout)
    marked = {c["url"]: c["attached"] for c in again["candidates"]}
    assert marked[httpserver.url_for("/strike-report")] is True
    assert marked["https://weather.example.com/today"] is False


def test_provider_errors_are_listed_while_the_others_answer(
    run, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    claim_id = _strike_claim(run, tmp_path)
    _serve_searxng(httpserver, monkeypatch)
    httpserver.expect_request("/brave").respond_with_json({"type": "ErrorResponse"}, status=401)
    (tmp_path / "config.toml").write_text(
        f'[brave]\nurl = "{httpserver.url_for("/brave")}"\n', encoding="utf-8"
    )
    monkeypatch.setenv("WORKBENCH_BRAVE_KEY", KEY)
    before = _counts(db_url)
    result = run("find", str(claim_id), "-p", "searxng", "-p", "brave", "-p", "factcheck")
    assert result.exit_code == 1
    assert "Port strike: 12,000 dockers walk out in Rotterdam" in result.stdout
    assert result.stderr.splitlines() == [
        "error: Brave Search: the API key was refused (HTTP 401 Unauthorized); "
        "check its configuration",
        "error: Google Fact Check: not configured (set WORKBENCH_FACTCHECK_KEY or [factcheck] "
        "key to a Google Fact Check Tools API key)",
    ]
    assert KEY not in result.output
    as_json = run("find", str(claim_id), "-p", "brave", "--json")
    assert KEY not in as_json.output
    assert json.loads(as_json.stdout)["errors"][0]["provider"] == "brave"
    assert _counts(db_url) == before


def test_bad_input_is_one_line_and_stores_nothing(
    run, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    claim_id = _strike_claim(run, tmp_path)
    _serve_searxng(httpserver, monkeypatch)
    before = _counts(db_url)
    unknown_claim = run("find", "999")
    assert unknown_claim.exit_code == 1
    assert unknown_claim.stderr == "error: no claim with id 999\n"
    unknown_provider = run("find", str(claim_id), "--provider", "bing")
    assert unknown_provider.exit_code == 1
    assert unknown_provider.stderr.startswith("error: unknown provider 'bing' (known: stored,")
    assert len(unknown_provider.stderr.splitlines()) == 1
    beyond = run("find", str(claim_id), "-p", "searxng", "--attach", "9")
    assert beyond.exit_code == 1
    assert beyond.stderr == (
        "error: there is no candidate 9: the search found 2; nothing was attached\n"
    )
    # The page behind a candidate is gone by the time it is attached.
    listed = json.loads(run("find", str(claim_id), "-p", "searxng", "--json").stdout)
    strike = next(c for c in listed["candidates"] if c["url"].endswith("/strike-report"))
    httpserver.clear()
    httpserver.expect_request("/strike-report").respond_with_data("gone", status=404)
    gone = run("find", str(claim_id), "-p", "searxng", "--attach", str(strike["n"]))
    assert gone.exit_code == 1
    assert gone.stderr == f"error: {httpserver.url_for('/strike-report')} returned 404 Not Found\n"
    assert _counts(db_url) == before


def test_query_override_reaches_the_provider(
    run, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim_id = _strike_claim(run, tmp_path)
    asked: list[str] = []

    def answer(request: Request) -> Response:
        asked.append(request.args["q"])
        return Response(json.dumps(_searxng_answer(httpserver)), content_type="application/json")

    httpserver.expect_request("/searx/search").respond_with_handler(answer)
    monkeypatch.setenv("WORKBENCH_SEARXNG_URL", httpserver.url_for("/searx"))
    result = run("find", str(claim_id), "-p", "searxng", "--query", " dockers  walkout ", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["query"] == "dockers walkout" and found["query_edited"] is True
    assert len(found["candidates"]) == 2
    assert asked == ["dockers walkout"]
