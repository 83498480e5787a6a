"""The find dialog (F): a real SQLite file, search providers on a loopback server, the app
driven by Pilot."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlmodel import select
from textual.widgets import Input, OptionList, Static
from textual.worker import WorkerState
from werkzeug import Request, Response

from claim_workbench.acquisition.fetch import from_text
from claim_workbench.review import services
from claim_workbench.review.factchecks import import_fact_checks
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Evidence, FactCheckBase, ReviewEvent, Source
from claim_workbench.tui.app import WorkbenchApp
from claim_workbench.tui.modals.find import FindDialog
from claim_workbench.tui.screens.main import MainScreen
from tests.support import provider_answers as answers
from tests.support.app_data import hand_made_claims, store_article
from tests.support.pilot import SIZE, app_for, notifications, settle, wait_until

pytestmark = pytest.mark.usefixtures("loopback_fetching")

ARTICLE = (
    "About 12,000 dockers walked out in Rotterdam on Monday, the union said. "
    "The city council will meet on Thursday to discuss the budget for new parks."
)
# Stored earlier, for a claim of another article: what F finds with no configuration.
UNION_STATEMENT = (
    "The union said 12,000 dockers joined the walkout in Rotterdam on Monday.\n\n"
    "The union thanked the members for their patience."
)
OTHER_ARTICLE = "Harbour workers in Rotterdam plan a long walkout over pay this winter, unions say."

STRIKE_PAGE = """<html><head><title>Rotterdam dockers strike</title></head><body>
<article><h1>Rotterdam dockers strike</h1>
<p>Some 12,000 dockers walked out in Rotterdam on Monday, halting container traffic at
the port, the union said. The walkout is planned to last two days.</p>
<p>Port authorities said ships were waiting at anchor off the coast.</p>
</article></body></html>"""

WEATHER_PAGE = """<html><head><title>Weather today</title></head><body><article>
<p>Sunny spells and a light breeze over the coast, with 12 degrees in Rotterdam.</p>
</article></body></html>"""


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/find.db"
    monkeypatch.setenv("WORKBENCH_DB", url)
    # No config file of the user's: only what a test sets.
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "config.toml"))
    return url


@pytest.fixture
def article_id(db_url: str) -> int:
    with session_for(make_engine(db_url)) as session:
        article_id = store_article(
            session, title="Dockers strike", text=ARTICLE, drafts=hand_made_claims(ARTICLE)
        )
        other_id = store_article(
            session,
            title="Harbour pay talks",
            text=OTHER_ARTICLE,
            drafts=hand_made_claims(OTHER_ARTICLE),
        )
        other_claim = storage.list_claims(session=session, article_id=other_id)[0]
        assert other_claim.id is not None
        services.store_source(
            session=session,
            claim_id=other_claim.id,
            document=from_text(UNION_STATEMENT, title="Union statement on the walkout"),
            reviewer="bo",
        )
    return article_id


def serve_searxng(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, *, status: int = 200
) -> None:
    """SearxNG's documented answer (tests/support/provider_answers), its two results served
    by this server so that they can be attached."""
    strike, weather = (dict(result) for result in answers.SEARXNG_ANSWER["results"])
    strike["url"] = httpserver.url_for("/strike-report")
    weather["url"] = httpserver.url_for("/weather")
    answer = {**answers.SEARXNG_ANSWER, "results": [weather, strike]}
    if status == 200:
        httpserver.expect_request("/searx/search").respond_with_json(answer)
    else:
        httpserver.expect_request("/searx/search").respond_with_data("oops", status=status)
    httpserver.expect_request("/strike-report").respond_with_data(
        STRIKE_PAGE, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/weather").respond_with_data(
        WEATHER_PAGE, content_type="text/html; charset=utf-8"
    )
    monkeypatch.setenv("WORKBENCH_SEARXNG_URL", httpserver.url_for("/searx"))


def counts(db_url: str) -> dict[str, int]:
    with session_for(make_engine(db_url)) as session:
        return {
            model.__name__: len(session.exec(select(model)).all())
            for model in (Source, Evidence, ReviewEvent)
        }


def dialog_of(app: WorkbenchApp) -> FindDialog:
    assert isinstance(app.screen, FindDialog)
    return app.screen


def listed_titles(app: WorkbenchApp) -> list[str]:
    return [ranked.candidate.title for ranked in dialog_of(app).shown]


def evidence_pane(app: WorkbenchApp) -> str:
    """The detail pane's evidence list, as shown."""
    options = app.main_screen.query_one("#evidence-list", OptionList)
    return "\n".join(
        str(options.get_option_at_index(index).prompt) for index in range(options.option_count)
    )


def progress_text(app: WorkbenchApp) -> str:
    return str(dialog_of(app).query_one("#find-progress", Static).visual)


async def open_find(app: WorkbenchApp, pilot, *, until_listed: int = 1) -> FindDialog:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("F")
    await wait_until(pilot, lambda: isinstance(app.screen, FindDialog))
    dialog = dialog_of(app)
    await wait_until(pilot, lambda: len(dialog.shown) >= until_listed)
    await wait_until(pilot, lambda: "searching" not in progress_text(app))
    await pilot.pause()
    return dialog


async def test_f_without_configuration_finds_a_stored_sources_passage(
    db_url: str, article_id: int
) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_find(app, pilot)
        assert dialog.search is not None and dialog.search.asked == ["stored"]
        query = dialog.query_one("#find-query", Input).value
        assert "12,000" in query or "12000" in query
        first = dialog.shown[0]
        assert first.candidate.provider == "stored"
        assert first.candidate.title == "Union statement on the walkout"
        assert "12,000 dockers joined the walkout" in first.match.passage.text
        assert not first.attached  # stored for another claim, not this one
        assert progress_text(app).startswith("stored: ")
        # The row: the title, the score, the snippet with the claim's words highlighted.
        prompt = dialog.query_one("#find-candidates", OptionList).get_option_at_index(0).prompt
        assert "Union statement on the walkout" in prompt.plain
        assert f"score {first.match.score:.0f}" in prompt.plain
        lit = {prompt.plain[span.start : span.end] for span in prompt.spans}
        assert {"12,000", "dockers", "Rotterdam"} <= lit
        assert "thanked" not in lit
        # Enter attaches it: the stored snapshot, matched against this claim.
        before = counts(db_url)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        after = counts(db_url)
        # The same snapshot (one source row per content), a passage for this claim.
        assert after["Evidence"] > before["Evidence"]
        assert "Union statement on the walkout" in evidence_pane(app)
        assert any(n.startswith("Source attached") for n in notifications(app))


async def test_nothing_found_says_what_to_try(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down")  # the parks claim: no stored source shares its words
        await settle(app, pilot)
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FindDialog))
        await wait_until(pilot, lambda: "searching" not in progress_text(app))
        await wait_until(pilot, lambda: "Nothing found" in progress_text(app))
        assert dialog_of(app).shown == []
        assert "stored: 0 results" in progress_text(app)
        assert "web search provider" in progress_text(app)


async def test_the_palette_opens_the_find_dialog(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Find sources")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FindDialog))
        dialog = dialog_of(app)
        await wait_until(pilot, lambda: len(dialog.shown) >= 1)
        assert dialog.shown[0].candidate.title == "Union statement on the walkout"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)


async def test_searxng_candidates_stream_in_and_enter_attaches_one(
    db_url: str, article_id: int, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_searxng(httpserver, monkeypatch)
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_find(app, pilot, until_listed=3)
        assert dialog.search is not None and dialog.search.asked == ["stored", "searxng"]
        assert "searxng: 2 results" in progress_text(app)
        titles = listed_titles(app)
        strike_title = "Port strike: 12,000 dockers walk out in Rotterdam"
        # SearxNG put the weather first; the evidence score puts the strike above it.
        assert titles.index(strike_title) < titles.index("Weather today")
        scores = [ranked.match.score for ranked in dialog.shown]
        assert scores == sorted(scores, reverse=True)
        before = counts(db_url)
        options = dialog.query_one("#find-candidates", OptionList)
        options.highlighted = titles.index(strike_title)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        after = counts(db_url)
        assert after["Source"] == before["Source"] + 1
        assert after["Evidence"] > before["Evidence"]
        with session_for(make_engine(db_url)) as session:
            source = session.exec(
                select(Source).where(Source.final_url == httpserver.url_for("/strike-report"))
            ).one()
            assert source.title == "Rotterdam dockers strike"
        assert "Rotterdam dockers strike" in evidence_pane(app)
        # Found again, it is marked as attached and Enter does not attach it twice.
        dialog = await open_find(app, pilot, until_listed=3)
        strike = next(r for r in dialog.shown if r.candidate.url == source.final_url)
        assert strike.attached
        place = dialog.shown.index(strike)
        prompt = dialog.query_one("#find-candidates", OptionList).get_option_at_index(place).prompt
        assert "attached" in prompt.plain
        dialog.query_one("#find-candidates", OptionList).highlighted = place
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FindDialog)
        assert counts(db_url) == after
        assert any("Already attached" in n for n in notifications(app))


async def test_a_failing_provider_shows_its_error_while_the_others_list(
    db_url: str, article_id: int, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_searxng(httpserver, monkeypatch, status=500)
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_find(app, pilot)
        progress = progress_text(app)
        lines = progress.splitlines()
        assert len(lines) == 2
        assert lines[0].startswith("stored: ") and "result" in lines[0]
        assert lines[1].startswith("searxng: SearxNG") and "500" in lines[1]
        assert [r.candidate.provider for r in dialog.shown] == ["stored"] * len(dialog.shown)
        assert dialog.shown


async def test_space_marks_two_and_enter_attaches_both(
    db_url: str, article_id: int, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_searxng(httpserver, monkeypatch)
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_find(app, pilot, until_listed=3)
        options = dialog.query_one("#find-candidates", OptionList)
        web = [i for i, r in enumerate(dialog.shown) if r.candidate.provider == "searxng"]
        assert len(web) == 2
        for place in web:
            options.highlighted = place
            await pilot.press("space")
        marked = [options.get_option_at_index(place).prompt.plain for place in web]
        assert all(line.startswith("[x] ") for line in marked)
        before = counts(db_url)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        after = counts(db_url)
        assert after["Source"] == before["Source"] + 2
        with session_for(make_engine(db_url)) as session:
            urls = {source.final_url for source in session.exec(select(Source)).all()}
        assert {httpserver.url_for("/strike-report"), httpserver.url_for("/weather")} <= urls
        assert any("2 of 2 sources attached" in n for n in notifications(app))


async def test_escape_closes_the_dialog_and_stores_nothing(
    db_url: str, article_id: int, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_searxng(httpserver, monkeypatch)
    before = counts(db_url)
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_find(app, pilot, until_listed=3)
        await pilot.press("space")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert not dialog.is_attached
        assert counts(db_url) == before


async def test_closing_the_dialog_cancels_a_provider_still_searching(
    db_url: str, article_id: int, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    released = threading.Event()

    def slow(_request: Request) -> Response:
        released.wait(timeout=15)
        return Response(json.dumps(answers.SEARXNG_ANSWER), content_type="application/json")

    httpserver.expect_request("/searx/search").respond_with_handler(slow)
    monkeypatch.setenv("WORKBENCH_SEARXNG_URL", httpserver.url_for("/searx"))
    app = app_for(db_url, article_id)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("F")
            await wait_until(pilot, lambda: isinstance(app.screen, FindDialog))
            dialog = dialog_of(app)
            # The stored sources answer while SearxNG is still being waited for.
            await wait_until(pilot, lambda: len(dialog.shown) >= 1)
            assert "searxng: searching…" in progress_text(app)
            (worker,) = [w for w in dialog.workers if w.group == "find"]
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            await wait_until(pilot, lambda: worker.state == WorkerState.CANCELLED, seconds=5)
            assert counts(db_url)["Source"] == 1  # the one stored before
    finally:
        released.set()


async def test_an_edited_query_is_what_the_provider_is_asked(
    db_url: str, article_id: int, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_searxng(httpserver, monkeypatch)
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_find(app, pilot, until_listed=3)
        query = dialog.query_one("#find-query", Input)
        query.focus()
        query.value = ""
        await pilot.press(*"dockers walkout", "enter")
        await wait_until(pilot, lambda: bool(dialog.search and dialog.search.query.edited))
        await wait_until(pilot, lambda: "searxng: 2 results" in progress_text(app))
        assert query.value == "dockers walkout"
        asked = [request.args.get("q") for request, _ in httpserver.log]
        assert asked[-1] == "dockers walkout"


async def test_the_help_screen_lists_f(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        keys = str(app.screen.query_one("#help-keys").visual).splitlines()
        assert any(line.split()[:3] == ["F", "Find", "sources"] for line in keys)


async def test_earlier_fact_checks_of_the_claim_are_listed_first(
    db_url: str, article_id: int, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_for(make_engine(db_url)) as session:
        claim = storage.list_claims(session=session, article_id=article_id)[0]
        imported = import_fact_checks(
            session=session,
            fact_checks=[
                FactCheckBase(
                    text=claim.text,
                    rating="[red]Mostly true[/]",  # someone else's file: never markup
                    publisher="Checks Desk",
                    published=dt.date(2026, 2, 11),
                    url="https://checks.example/dockers",
                )
            ],
        )
    assert imported.matched_claims >= 1
    serve_searxng(httpserver, monkeypatch)
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_find(app, pilot, until_listed=4)
        first = dialog.shown[0]
        assert first.candidate.provider == "fact-checks"
        assert first.candidate.rating == "[red]Mostly true[/]"
        prompt = dialog.query_one("#find-candidates", OptionList).get_option_at_index(0).prompt
        assert "fact-checked before by Checks Desk: [red]Mostly true[/]" in prompt.plain
        assert all(r.candidate.provider != "fact-checks" for r in dialog.shown[1:])
