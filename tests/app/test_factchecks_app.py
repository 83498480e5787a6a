"""The detail pane shows the published fact-checks a claim restates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claim_workbench.review.factchecks import import_fact_checks
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.factchecks import fact_checks_seen
from claim_workbench.store.models import FactCheckBase
from claim_workbench.tui.app import WorkbenchApp, make_app
from tests.support.app_data import sample_database

SIZE = (160, 50)


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("WORKBENCH_DB", url)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "ana")
    return url


async def settle(app: WorkbenchApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def move_to(app: WorkbenchApp, pilot, claim_id: int) -> None:  # type: ignore[no-untyped-def]
    table = app.main_screen.table
    for _ in range(50):
        if table.claim_id_at_cursor == claim_id:
            return
        await pilot.press("down")
        await settle(app, pilot)
    raise AssertionError(f"claim {claim_id} not reached")


async def test_selected_claim_shows_fact_checked_before(db_url: str) -> None:
    article_id = sample_database(db_url)
    engine = make_engine(db_url)
    with session_for(engine) as session:
        claims = storage.list_claims(session=session, article_id=article_id)
        target = claims[1]
        result = import_fact_checks(
            session=session,
            fact_checks=[
                FactCheckBase(
                    text=target.text,
                    # Publisher and rating come from someone else's file: never markup.
                    rating="[bold red]Mostly false[/]",
                    publisher="Checks Desk",
                    published=dt.date(2025, 11, 20),
                    url="https://checks.example/review",
                )
            ],
        )
        seen = fact_checks_seen(session=session, claim_ids=[c.id or 0 for c in claims])
    engine.dispose()
    assert result.matched_claims >= 1 and target.id in seen
    unmatched = next(c for c in claims[2:] if c.id not in seen)

    app = make_app(db_url=db_url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        pane = app.main_screen.query_one("#detail-factchecks")
        await move_to(app, pilot, target.id or 0)
        assert pane.display
        shown = str(pane.visual)
        assert "Fact-checked before by Checks Desk: [bold red]Mostly false[/] (2025-11-20)" in shown
        assert "https://checks.example/review" in shown
        assert target.text[:40] in shown
        await move_to(app, pilot, unmatched.id or 0)
        assert not pane.display
