"""A save the database does not take: shown as not saved, the row put back, R saves it again.

Against a SQLite file that another connection really locks, and a real PostgreSQL server
stopped and started again under the open app. The bookkeeping itself is tested without a
terminal in tests/unit/test_review_state.py.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from claim_workbench.store import engine, storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Claim, Evidence, ReviewEvent
from claim_workbench.tui.app import WorkbenchApp, make_app
from claim_workbench.tui.modals.note import NoteEditor
from claim_workbench.tui.modals.stance import StancePicker
from claim_workbench.tui.screens.main import MainScreen
from claim_workbench.tui.widgets.article_header import ArticleHeader
from tests.support.app_data import (
    add_evidence,
    give_up_on_locks_soon,
    sample_database,
    sqlite_write_locked,
)
from tests.support.pg_server import PostgresUnavailable, TemporaryPostgres, start_temporary_postgres
from tests.support.pilot import SIZE, notifications, settle, type_in_one_burst, wait_until

# What a raw database error shows and the reviewer must never see.
RAW = ("SELECT", "UPDATE", "INSERT", "sqlite3", "psycopg", "OperationalError", "[SQL", "sqlalche")


# --- what database errors mean, from real failures -------------------------------------------


def _failure(run: Callable[[], object]) -> SQLAlchemyError:
    try:
        run()
    except SQLAlchemyError as error:
        return error
    raise AssertionError("it did not fail")


def test_a_locked_sqlite_file_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.1})
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:

        def write() -> None:
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO t VALUES (1)"))

        trouble = storage.database_trouble(_failure(write))
    finally:
        holder.close()
        engine.dispose()
    assert trouble.kind == "busy" and str(trouble) == "the database is busy"


def test_a_postgresql_server_that_is_not_there_is_unreachable() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens here once the probe closes
    engine = create_engine(f"postgresql+psycopg://nobody@127.0.0.1:{port}/none")
    try:
        trouble = storage.database_trouble(_failure(lambda: engine.connect()))
    finally:
        engine.dispose()
    assert trouble.kind == "unreachable" and str(trouble) == "the database is unreachable"


def test_any_other_database_error_is_a_plain_failure(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")

    def read() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT secret FROM missing_table"))

    trouble = storage.database_trouble(_failure(read))
    engine.dispose()
    assert trouble.kind == "failed"
    assert "missing_table" not in str(trouble) and "SELECT" not in str(trouble)


def test_opening_a_file_another_connection_holds_exclusively_waits_once_not_fifty_times(
    tmp_path: Path,
) -> None:
    # Reconnecting after a failure opens new connections; each switches the file to WAL,
    # which retries for about a second when it fails at once. Held exclusively, the file
    # makes every attempt wait the whole busy timeout: fifty of them were 8 minutes.
    path = tmp_path / "held.db"
    sqlite3.connect(path).execute("PRAGMA journal_mode=WAL").close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    opening = sqlite3.connect(path, timeout=0)
    attempts: list[str] = []

    class CountingCursor(sqlite3.Cursor):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            attempts.append(sql)
            return super().execute(sql, *args)

    try:
        wait_ms = int(engine.WAL_ATTEMPTS * engine.WAL_PAUSE * 1500)  # longer than the retries
        opening.execute(f"PRAGMA busy_timeout={wait_ms}")
        engine._use_wal(opening.cursor(CountingCursor))
    finally:
        opening.close()
        holder.close()
    assert attempts.count("PRAGMA journal_mode=WAL") == 1


# --- the app on a SQLite file another connection locks -----------------------------------------


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("WORKBENCH_DB", url)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "ana")
    return url


@pytest.fixture
def article_id(db_url: str) -> int:
    return sample_database(db_url)


def app_with_short_waits(db_url: str, article_id: int) -> WorkbenchApp:
    """The app as users get it, except that SQLite gives up on a lock after 0.2 s, not 10."""
    app = make_app(db_url=db_url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    give_up_on_locks_soon(app.engine)
    return app


def stored(db_url: str, claim_id: int) -> tuple[Claim, list[ReviewEvent]]:
    engine = make_engine(db_url)
    with session_for(engine) as session:
        claim = storage.get_claim(session=session, claim_id=claim_id)
        events = storage.history(session=session, claim_id=claim_id)
    engine.dispose()
    return claim, events


def first_claim_id(db_url: str, article_id: int) -> int:
    engine = make_engine(db_url)
    with session_for(engine) as session:
        claim_id = storage.list_claims(session=session, article_id=article_id)[0].id
    engine.dispose()
    assert claim_id is not None
    return claim_id


def screen_shows(app: WorkbenchApp, claim_id: int) -> tuple[str, str, str]:
    """The claim's status in the table, the header's counts and the detail pane's status."""
    main = app.main_screen
    return (
        main.table.cell_text(claim_id, "status"),
        str(main.query_one(ArticleHeader).progress),
        str(main.query_one("#detail-meta").visual).split(" · ")[0],
    )


def assert_plain(app: WorkbenchApp) -> None:
    for line in notifications(app):
        assert not any(word in line for word in RAW), line
        assert "\n" not in line


async def test_a_verdict_the_locked_database_refuses_is_shown_as_not_saved_and_put_back(
    db_url: str, article_id: int
) -> None:
    claim_id = first_claim_id(db_url, article_id)
    app = app_with_short_waits(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = app.main_screen
        before = screen_shows(app, claim_id)
        assert before[0] == "unreviewed" and "0 verified" in before[1]
        with sqlite_write_locked(db_url):
            await pilot.press("i")
            await settle(app, pilot)
            said = [n for n in notifications(app) if "Not saved:" in n]
            assert said == [
                "Database busy: Not saved: the database is busy; your verdict was not recorded. "
                "Press R to try again."
            ]
            assert main.table.cell_text(claim_id, "status") == "unreviewed"
            assert not main.review.writes.pending(claim_id)
            assert screen_shows(app, claim_id) == before  # the pane was read again
        await wait_until(pilot, lambda: not main.review.database.down)
        await settle(app, pilot)
        assert screen_shows(app, claim_id) == before
        claim, events = stored(db_url, claim_id)
        assert (claim.status, claim.version, events) == ("unreviewed", 1, [])
        # The claim is not locked: the next verdict is saved, with no colleague in sight.
        await pilot.press("v")
        await settle(app, pilot)
        claim, events = stored(db_url, claim_id)
        assert (claim.status, claim.version) == ("verified", 2)
        assert [(e.from_value, e.to_value) for e in events] == [("unreviewed", "verified")]
        assert main.table.cell_text(claim_id, "status") == "verified"
        assert not any("colleague" in n for n in notifications(app))
        assert_plain(app)


async def test_r_saves_the_refused_verdict_once_the_database_lets_go(
    db_url: str, article_id: int
) -> None:
    claim_id = first_claim_id(db_url, article_id)
    app = app_with_short_waits(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with sqlite_write_locked(db_url):
            # Two verdicts in one burst, the second pressed while the first still waits on the
            # lock: it was built on the first, so neither is saved, the reviewer is told once,
            # and R saves the last one they chose. (Pressed one by one, a slow machine can let
            # the first give up before the second key, and then both are refused separately.)
            type_in_one_burst(app, "vd")
            await settle(app, pilot)
            assert app.main_screen.table.cell_text(claim_id, "status") == "unreviewed"
            assert len([n for n in notifications(app) if "Not saved:" in n]) == 1
        await pilot.press("R")
        await settle(app, pilot)
        claim, events = stored(db_url, claim_id)
        assert (claim.status, claim.version, claim.reviewer) == ("disputed", 2, "ana")
        assert [(e.from_value, e.to_value) for e in events] == [("unreviewed", "disputed")]
        assert app.main_screen.table.cell_text(claim_id, "status") == "disputed"
        await pilot.press("R")
        await settle(app, pilot)
        assert any("Nothing is waiting to be saved" in n for n in notifications(app))
        assert_plain(app)


async def test_r_does_not_overwrite_a_colleague_who_changed_the_claim_meanwhile(
    db_url: str, article_id: int
) -> None:
    claim_id = first_claim_id(db_url, article_id)
    app = app_with_short_waits(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with sqlite_write_locked(db_url):
            await pilot.press("v")
            await settle(app, pilot)
        engine = make_engine(db_url)
        with session_for(engine) as session:
            storage.mark_claim(session=session, claim_id=claim_id, status="disputed", reviewer="bo")
        engine.dispose()
        await pilot.press("R")
        await settle(app, pilot)
        claim, _events = stored(db_url, claim_id)
        assert (claim.status, claim.reviewer) == ("disputed", "bo")
        assert any("bo changed it first" in n for n in notifications(app))
        assert app.main_screen.table.cell_text(claim_id, "status") == "disputed"


async def test_a_note_the_locked_database_refuses_is_kept_for_r(
    db_url: str, article_id: int
) -> None:
    claim_id = first_claim_id(db_url, article_id)
    app = app_with_short_waits(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with sqlite_write_locked(db_url):
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, NoteEditor)
            await pilot.press(*"Pentagon says 83", "ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            assert any(
                "Not saved: the database is busy; your note was not recorded" in n
                for n in notifications(app)
            )
        claim, events = stored(db_url, claim_id)
        assert (claim.note, events) == ("", [])
        await pilot.press("R")
        await settle(app, pilot)
        claim, events = stored(db_url, claim_id)
        assert claim.note == "Pentagon says 83"
        assert [e.action for e in events] == ["note"]
        assert "Pentagon says 83" in str(app.main_screen.query_one("#detail-note").visual)
        assert_plain(app)


async def test_a_stance_the_locked_database_refuses_is_kept_for_r(
    db_url: str, article_id: int
) -> None:
    claim_id = first_claim_id(db_url, article_id)
    evidence_id = add_evidence(
        db_url, claim_id=claim_id, title="Wire", passage="One passage.", highlight=(0, 3)
    )
    app = app_with_short_waits(db_url, article_id)

    def stance() -> str | None:
        engine = make_engine(db_url)
        with session_for(engine) as session:
            row = session.exec(select(Evidence).where(Evidence.id == evidence_id)).one()
        engine.dispose()
        return row.reviewer_stance

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with sqlite_write_locked(db_url):
            await pilot.press("s")
            await settle(app, pilot)
            assert isinstance(app.screen, StancePicker)
            await pilot.press("2")
            await settle(app, pilot)
            assert any(
                "Not saved: the database is busy; your stance was not recorded" in n
                for n in notifications(app)
            )
        assert stance() is None
        await pilot.press("R")
        await settle(app, pilot)
        assert stance() == "contradicts"
        assert_plain(app)


# --- the app on a PostgreSQL server that stops and starts again ----------------------------------


@pytest.fixture(scope="module")
def restartable_postgres() -> Iterator[TemporaryPostgres]:
    """A server of this module's own: stopping the suite's shared one would fail other tests."""
    try:
        server = start_temporary_postgres()
    except PostgresUnavailable as error:
        if os.environ.get("WORKBENCH_REQUIRE_POSTGRES", "") not in ("", "0"):
            pytest.fail(f"PostgreSQL is required here but did not start: {error}")
        pytest.skip(f"no PostgreSQL server could be started: {error}")
    yield server
    server.stop()


async def test_postgresql_stopped_under_the_open_app_then_started_again(
    restartable_postgres: TemporaryPostgres,
) -> None:
    server = restartable_postgres
    url = server.create_database()
    article_id = sample_database(url)
    claim_id = first_claim_id(url, article_id)
    app = make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = app.main_screen
        before = screen_shows(app, claim_id)
        await asyncio.to_thread(server.shut_down)
        try:
            await pilot.press("d")
            await settle(app, pilot)
            assert any(
                "Not saved: the database is unreachable; your verdict was not recorded" in n
                for n in notifications(app)
            )
            assert main.table.cell_text(claim_id, "status") == "unreviewed"
            assert screen_shows(app, claim_id)[:2] == before[:2]
            assert main.review.database.down
            # Moving on while it is down: the pane says why it is empty, nothing raw.
            await pilot.press("down")
            await settle(app, pilot)
            assert "the database is unreachable" in str(
                main.detail.query_one("#detail-sentence").visual
            )
        finally:
            started = await asyncio.to_thread(server.start)
        assert started.returncode == 0, started.stderr
        await wait_until(pilot, lambda: not main.review.database.down)
        await settle(app, pilot)
        assert any("The database answers again" in n for n in notifications(app))
        await pilot.press("up")
        await settle(app, pilot)
        assert screen_shows(app, claim_id) == before
        await pilot.press("R")
        await settle(app, pilot)
        claim, events = stored(url, claim_id)
        assert (claim.status, claim.version) == ("disputed", 2)
        await pilot.press("v")  # and it goes on, with no "changed by a colleague"
        await settle(app, pilot)
        claim, events = stored(url, claim_id)
        assert (claim.status, claim.version) == ("verified", 3)
        assert [(e.from_value, e.to_value) for e in events] == [
            ("unreviewed", "disputed"),
            ("disputed", "verified"),
        ]
        assert not any("colleague" in n for n in notifications(app))
        assert_plain(app)
