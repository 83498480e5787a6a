"""Shared helpers for the Pilot tests: the app as users get it, waiting for it to settle, and
reading what it shows and said (no tests)."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.pilot import Pilot

from claim_workbench.tui.app import WorkbenchApp, make_app
from claim_workbench.tui.screens.main import MainScreen

SIZE = (120, 40)


def app_for(db_url: str, article_id: int | None = None, **kwargs: object) -> WorkbenchApp:
    """make_app, as the command line calls it; no periodic refresh unless asked for."""
    return make_app(
        db_url=db_url,
        reviewer="ana",
        article_id=article_id,
        refresh_seconds=kwargs.pop("refresh_seconds", 0),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


async def settle(app: WorkbenchApp, pilot: Pilot[None]) -> None:
    """Until the app has handled what was pressed and its workers are done."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 20.0
) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("the condition did not come true")


def notifications(app: WorkbenchApp) -> list[str]:
    """Every notification so far, as "title: message"."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


def type_in_one_burst(app: WorkbenchApp, typed: str) -> None:
    """Keys as a terminal delivers a fast typist's burst: all read before any is handled."""
    names = {" ": "space", "/": "slash"}
    for character in typed:
        app.post_message(events.Key(names.get(character, character), character))


def table_status(app: WorkbenchApp, claim_id: int) -> str:
    return app.main_screen.table.cell_text(claim_id, "status")


def detail_text(app: WorkbenchApp, part: str) -> str:
    return str(app.main_screen.query_one(f"#detail-{part}").visual)


def cursor_claim(app: WorkbenchApp) -> int:
    claim_id = app.main_screen.table.claim_id_at_cursor
    assert claim_id is not None
    return claim_id


def main_of(app: WorkbenchApp) -> MainScreen:
    return app.main_screen
