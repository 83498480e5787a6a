"""Snapshots of the screens reviewers look at (pytest-textual-snapshot; SVGs in __snapshots__)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.tui.app import WorkbenchApp, make_app
from tests.support.app_data import add_evidence, rate_story_database, sample_database


@pytest.fixture
def sample_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WorkbenchApp:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("WORKBENCH_DB", url)
    article_id = sample_database(url)
    with session_for(make_engine(url)) as session:
        claim = storage.list_claims(session=session, article_id=article_id)[0]
    passage = (
        "Washington may soon open talks with Venezuelan President Nicolas Maduro, "
        "the US president told reporters on Sunday."
    )
    add_evidence(
        url,
        claim_id=claim.id or 0,
        title="Trump says talks with Maduro possible",
        passage=passage,
        highlight=(0, 56),
        score=91,
        agreement="none",
        stance="supports",
    )
    add_evidence(
        url,
        claim_id=claim.id or 0,
        title="Caribbean deployment grows",
        passage="The carrier group arrived in the Caribbean with 4,000 sailors.",
        highlight=(4, 17),
        score=42,
        agreement="conflict",
        stance="unclear",
        site="news.example",
    )
    return make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)


async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen_on_the_sample(snap_compare, sample_app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("down")  # a claim without evidence
        await loaded(pilot)

    assert snap_compare(sample_app, run_before=run_before, terminal_size=(120, 40))


def test_main_screen_at_80_by_24(snap_compare, sample_app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample_app, run_before=loaded, terminal_size=(80, 24))


def test_detail_pane_with_evidence(snap_compare, sample_app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("right_square_bracket")  # highlight the second passage

    assert snap_compare(sample_app, run_before=run_before, terminal_size=(120, 40))


def test_attach_dialog(snap_compare, sample_app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"https://example.org/report")

    assert snap_compare(sample_app, run_before=run_before, terminal_size=(120, 40))


def test_text_filter_at_80_by_24(snap_compare, sample_app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("slash", *"Maduro")  # a one-line bar above the table, focused
        await pilot.pause()

    assert snap_compare(sample_app, run_before=run_before, terminal_size=(80, 24))


@pytest.fixture
def rate_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WorkbenchApp:
    """A claim with six passages from three sources, two of them one wire story."""
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("WORKBENCH_DB", url)
    article_id, _claim_id = rate_story_database(url)
    return make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)


def test_evidence_with_copies_at_80_by_24(snap_compare, rate_app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("tab", "down", "down", "down", "down", "down")  # the pane scrolls
        await loaded(pilot)

    assert snap_compare(rate_app, run_before=run_before, terminal_size=(80, 24))


def test_evidence_with_copies_at_160_by_48(snap_compare, rate_app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("right_square_bracket")
        await loaded(pilot)

    assert snap_compare(rate_app, run_before=run_before, terminal_size=(160, 48))


def test_find_dialog(snap_compare, sample_app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    # With no provider configured, the stored sources answer: the sample's source that shares
    # the first claim's words (attached to it already) is listed and marked.
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("F")
        await loaded(pilot)

    assert snap_compare(sample_app, run_before=run_before, terminal_size=(120, 40))
