"""Attaching from a real loopback HTTP server: the UI keeps answering while the fetch waits."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import event
from sqlmodel import select
from textual.pilot import Pilot
from werkzeug import Request, Response

from claim_workbench.acquisition.fetch import from_text
from claim_workbench.review import services
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Evidence, Source
from claim_workbench.store.views import ClaimView
from claim_workbench.tui.app import WorkbenchApp, make_app
from claim_workbench.tui.widgets.activity import ActivityBar
from tests.support.app_data import sample_database

# These tests fetch from servers on loopback, which the fetch policy refuses unless allowed.
pytestmark = pytest.mark.usefixtures("loopback_fetching")

# The server holds each answer until the test releases it (or this limit, a safety net).
SLOW_SECONDS = 15.0


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("WORKBENCH_DB", url)
    return url


def slow_page(body: str, released: threading.Event) -> object:
    def handler(_request: Request) -> Response:
        # Wait for the test to say so (or the time limit): the fetch is in flight meanwhile.
        released.wait(timeout=SLOW_SECONDS)
        return Response(body, content_type="text/html; charset=utf-8")

    return handler


def page_quoting(sentence: str) -> str:
    return (
        "<html><head><title>Wire report</title></head><body><article>"
        "<p>Officials spoke to reporters on Sunday about the campaign.</p>"
        f"<p>{sentence}</p>"
        "<p>The statement was repeated later in the week by the ministry.</p>"
        "</article></body></html>"
    )


async def start(db_url: str) -> tuple[WorkbenchApp, int]:
    article_id = sample_database(db_url)
    return make_app(
        db_url=db_url, reviewer="ana", article_id=article_id, refresh_seconds=0
    ), article_id


async def settled_claim(app: WorkbenchApp, pilot: Pilot[None]) -> ClaimView:
    """Once the app has read its article: the claim under the cursor."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    claim = app.main_screen.current_claim
    assert claim is not None and claim.id is not None
    return claim


async def test_keys_are_handled_while_a_slow_fetch_runs(
    db_url: str, httpserver: HTTPServer
) -> None:
    app, _article_id = await start(db_url)
    released = threading.Event()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app.main_screen
        claim = main.current_claim
        assert claim is not None and claim.id is not None
        httpserver.expect_request("/slow").respond_with_handler(
            slow_page(page_quoting(claim.text), released)
        )
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*httpserver.url_for("/slow"), "enter")
        await pilot.pause(0.2)

        attach = [w for w in app.workers if w.group == "attach"]
        assert attach and attach[0].is_running
        activity = main.query_one(ActivityBar)
        assert activity.display and activity.query_one("#activity-spinner").display
        assert "Fetching" in activity.message

        # While the server sits on the request, the reviewer keeps working.
        await pilot.press("down", "down")
        moved_to = main.table.claim_id_at_cursor
        assert moved_to != claim.id
        assert main.detail.claim_id == moved_to
        await pilot.press("v")
        await pilot.pause()
        while any(w.group == "write" and w.is_running for w in app.workers):
            await pilot.pause(0.01)
        # All of that was handled, and the verdict stored, before the server answered.
        assert attach[0].is_running and not released.is_set()
        assert main.claims[moved_to or 0].status == "verified"
        assert main.claims[moved_to or 0].version == 2

        released.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not activity.display

    with session_for(make_engine(db_url)) as session:
        rows = storage.list_evidence(session=session, claim_id=claim.id)
    assert rows, "the slow page's passages were stored for the claim that was selected at 'a'"
    assert rows[0][1].title == "Wire report"
    assert claim.text in rows[0][0].passage


async def test_attach_extracts_in_the_worker_processes_and_quitting_stops_them(
    db_url: str, httpserver: HTTPServer
) -> None:
    import claim_workbench.acquisition.fetch as fetch_module

    app, _article_id = await start(db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        claim = await settled_claim(app, pilot)
        httpserver.expect_request("/wire").respond_with_data(
            page_quoting(claim.text), content_type="text/html; charset=utf-8"
        )
        await pilot.press("a")
        started = fetch_module._workers
        if started is None:
            pytest.skip("a single CPU: the extraction processes are not started")
        # The processes start while the reviewer types; the page waits for nobody.
        assert await fetch_module.extraction_workers_ready()
        await pilot.press(*httpserver.url_for("/wire"), "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert started.pages_extracted == 1
        processes = started_processes(started)
        assert processes and all(process.is_alive() for process in processes)
        await pilot.press("q")
        await pilot.pause()
    assert fetch_module._workers is None
    assert not any(process.is_alive() for process in processes)
    with session_for(make_engine(db_url)) as session:
        rows = storage.list_evidence(session=session, claim_id=claim.id)
    assert rows and rows[0][1].title == "Wire report"


def started_processes(workers: object) -> list:  # type: ignore[type-arg]
    pool = workers._pool.result()  # type: ignore[attr-defined]
    return list(pool._processes.values()) if pool is not None else []


def test_several_pasted_addresses_are_a_batch_but_a_path_with_spaces_is_one_target() -> None:
    assert services.split_targets(" https://a.example/x\nhttp://b.example/y ") == [
        "https://a.example/x",
        "http://b.example/y",
    ]
    assert services.split_targets("/home/ana/My Documents/report.pdf") == [
        "/home/ana/My Documents/report.pdf"
    ]
    # A URL and a file path together are two targets, as on the command line.
    assert services.split_targets("https://a.example/x notes.txt") == [
        "https://a.example/x",
        "notes.txt",
    ]


async def test_several_addresses_attach_together_and_failures_are_summed_up(
    db_url: str, httpserver: HTTPServer
) -> None:
    app, _article_id = await start(db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        claim = await settled_claim(app, pilot)
        for path in ("/wire", "/agency"):
            httpserver.expect_request(path).respond_with_data(
                page_quoting(claim.text).replace("Wire report", f"Report {path}"),
                content_type="text/html; charset=utf-8",
            )
        httpserver.expect_request("/gone").respond_with_data("gone", status=404)
        urls = [httpserver.url_for(path) for path in ("/wire", "/gone", "/agency")]
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*" ".join(urls), "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [f"{n.title}: {n.message}" for n in app._notifications]
        assert any("2 of 3 sources attached" in m and "404" in m for m in messages), messages
    with session_for(make_engine(db_url)) as session:
        rows = storage.list_evidence(session=session, claim_id=claim.id)
    assert {source.title for _evidence, source in rows} == {"Report /wire", "Report /agency"}


async def test_a_failed_fetch_is_a_notification_and_stores_nothing(
    db_url: str, httpserver: HTTPServer
) -> None:
    app, _article_id = await start(db_url)
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*httpserver.url_for("/gone"), "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [f"{n.title}: {n.message}" for n in app._notifications]
        assert any("Could not attach" in m and "404" in m for m in messages)
        assert not app.main_screen.query_one(ActivityBar).display
    with session_for(make_engine(db_url)) as session:
        assert session.exec(select(Source)).all() == []
        assert session.exec(select(Evidence)).all() == []


async def test_ctrl_x_cancels_a_fetch_and_stores_nothing(
    db_url: str, httpserver: HTTPServer
) -> None:
    app, _article_id = await start(db_url)
    released = threading.Event()
    httpserver.expect_request("/slow").respond_with_handler(slow_page(page_quoting("x"), released))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*httpserver.url_for("/slow"), "enter")
        await pilot.pause(0.2)
        await pilot.press("ctrl+x")
        await pilot.pause()
        released.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.main_screen.query_one(ActivityBar).display
        assert any("cancelled" in str(n.message) for n in app._notifications)
    with session_for(make_engine(db_url)) as session:
        assert session.exec(select(Source)).all() == []


async def test_ctrl_x_cancels_a_batch_while_it_fetches_and_stores_nothing(
    db_url: str, httpserver: HTTPServer
) -> None:
    app, _article_id = await start(db_url)
    released = threading.Event()
    for path in ("/slow-a", "/slow-b"):
        httpserver.expect_request(path).respond_with_handler(slow_page(page_quoting("x"), released))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("a")
        await pilot.pause()
        urls = " ".join(httpserver.url_for(path) for path in ("/slow-a", "/slow-b"))
        await pilot.press(*urls, "enter")
        await pilot.pause(0.2)
        assert "Fetching 2 sources" in app.main_screen.query_one(ActivityBar).message
        await pilot.press("ctrl+x")
        await pilot.pause()
        released.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.main_screen.query_one(ActivityBar).display
        assert any("cancelled" in str(n.message) for n in app._notifications)
    with session_for(make_engine(db_url)) as session:
        assert session.exec(select(Source)).all() == []


def database_dump(db_url: str) -> list[str]:
    """Every table's schema and rows, as SQL: equal dumps mean an unchanged database."""
    connection = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


async def test_ctrl_x_after_matching_started_stores_nothing(
    db_url: str, httpserver: HTTPServer
) -> None:
    app, _article_id = await start(db_url)
    page = page_quoting("Officials said 21 strikes killed 82 people on boats in the Caribbean.")
    httpserver.expect_request("/wire").respond_with_data(page, content_type="text/html")
    before = database_dump(db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        activity = app.main_screen.query_one(ActivityBar)
        # A colleague's write holds the database, so the attach, once it has matched the
        # page, waits to write its rows: the cancel arrives while it is under way.
        colleague = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            colleague.execute("BEGIN IMMEDIATE")
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*httpserver.url_for("/wire"), "enter")
            for _ in range(2000):
                if activity.display and activity.message.startswith("Matching"):
                    break
                await pilot.pause(0.005)
            assert activity.message.startswith("Matching"), "the fetch never finished"
            await pilot.pause(0.3)  # matching one page takes milliseconds; the write waits
            await pilot.press("ctrl+x")
            await pilot.pause()
        finally:
            colleague.close()  # lets go: the attach goes on to its commit, and stops there
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("nothing was stored" in message for message in messages)
        assert not any("passage(s) from" in message for message in messages)
        assert not activity.display
    assert database_dump(db_url) == before


def test_a_cancel_while_the_rows_are_written_stores_nothing(db_url: str) -> None:
    """The last check is inside the commit: a cancel after the rows were flushed still counts."""
    article_id = sample_database(db_url)
    engine = make_engine(db_url)
    with session_for(engine) as session:
        claim_id = storage.list_claims(session=session, article_id=article_id)[0].id or 0
    before = database_dump(db_url)
    cancel = services.AttachCancel()
    document = from_text("Officials said 21 strikes killed 82 people on boats in the Caribbean.")

    def cancel_from_another_thread(*_args: object) -> None:
        reviewer = threading.Thread(target=cancel.cancel)
        reviewer.start()
        reviewer.join()

    with session_for(engine) as session:
        # The moment the source and its passages have been written, not yet committed.
        event.listen(session, "after_flush", cancel_from_another_thread)
        with pytest.raises(services.AttachCancelled):
            services.store_source(
                session=session,
                claim_id=claim_id,
                document=document,
                reviewer="ana",
                cancel=cancel,
            )
    engine.dispose()
    assert database_dump(db_url) == before


def test_cancel_and_commit_exclude_each_other() -> None:
    cancelled_first = services.AttachCancel()
    assert cancelled_first.cancel() is True
    with pytest.raises(services.AttachCancelled):
        cancelled_first.begin_commit()
    committing_first = services.AttachCancel()
    committing_first.begin_commit()
    assert committing_first.cancel() is False  # too late: the source is being stored
    committing_first.check()  # and the attach is not stopped


async def test_o_imports_an_article_from_a_url(db_url: str, httpserver: HTTPServer) -> None:
    app, first_article = await start(db_url)
    body = (
        "<html><head><title>Port figures rise</title></head><body><article>"
        "<h1>Port figures rise</h1>"
        "<p>The harbour handled 1,200 ships in October, the port authority said on Monday.</p>"
        "<p>Officials expect 1,500 ships in November after the canal reopened last week.</p>"
        "<p>Freight volumes grew by 12 percent compared with the same month last year.</p>"
        "</article></body></html>"
    )
    httpserver.expect_request("/port").respond_with_data(body, content_type="text/html")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("o")
        await pilot.pause()
        await app.workers.wait_for_complete()  # the article list is read in a thread
        await pilot.pause()
        target = app.screen.query_one("#open-target")
        target.value = httpserver.url_for("/port")
        target.focus()
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        main = app.main_screen
        assert main.article is not None and main.article.id != first_article
        assert main.article.url == httpserver.url_for("/port")
        assert "1,200 ships" in main.article.text
