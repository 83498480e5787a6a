"""The evidence pane: copies of one story counted once, the source's address, b and O, [ and ]."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Static

from claim_workbench.tui.app import WorkbenchApp, make_app
from claim_workbench.tui.modals.snapshot import SnapshotView
from claim_workbench.tui.widgets.claim_detail import ClaimDetail
from tests.support.app_data import fixture_page, rate_story_database


class RecordingBrowser(webbrowser.BaseBrowser):
    """A browser controller as webbrowser.register takes them: it records what it opens."""

    opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        RecordingBrowser.opened.append(url)
        return True


@pytest.fixture
def recording_browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    RecordingBrowser.opened = []
    # BROWSER names the controller webbrowser.open uses; register makes it known.
    monkeypatch.setattr(webbrowser, "_browsers", {})
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setenv("BROWSER", "recording")
    webbrowser.register("recording", None, RecordingBrowser("recording"), preferred=True)
    return RecordingBrowser.opened


@pytest.fixture
def rate_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WorkbenchApp:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("WORKBENCH_DB", url)
    article_id, _claim_id = rate_story_database(url)
    return make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)


async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def plain(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def heading(app: WorkbenchApp) -> str:
    return plain(app.screen.query_one("#evidence-heading", Static))


def notices(app: WorkbenchApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_pane_counts_copies_once_and_names_the_group(rate_app: WorkbenchApp) -> None:
    async with rate_app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert heading(rate_app) == ("Evidence (6) · 3 sources, 2 independent · passage 1 of 6")
        copies = plain(rate_app.screen.query_one("#evidence-copies", Static))
        assert copies.startswith("2 copies of one story, counted once: apnews.com, ")
        assert "nordic-business.example" in copies
        assert "bloomberg" not in copies
        # The copy's passages say whose copy they are; the AP page shows where it redirected.
        options = rate_app.screen.query_one("#evidence-list").options
        prompts = [option.prompt.plain for option in options]  # type: ignore[union-attr]
        copy_page = fixture_page("rates_ap_copy_nocredit")
        on_copy = [p for p in prompts if p.startswith(copy_page["title"][:40])]
        assert on_copy and all("copy of apnews.com: counted once" in p for p in on_copy)
        ap = fixture_page("rates_ap")
        assert any(f"https://apnews.com/a/1234 → {ap['url']}" in p for p in prompts)


async def test_brackets_step_and_stop_at_the_ends(rate_app: WorkbenchApp) -> None:
    async with rate_app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("left_square_bracket")
        assert heading(rate_app).endswith("passage 1 of 6")
        assert "This is the first passage (1 of 6)." in notices(rate_app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert heading(rate_app).endswith("passage 3 of 6")
        for _ in range(5):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert heading(rate_app).endswith("passage 6 of 6")  # not wrapped round to 1
        assert "This is the last passage (6 of 6)." in notices(rate_app)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_selected_passage_is_scrolled_into_view(
    rate_app: WorkbenchApp, size: tuple[int, int]
) -> None:
    async with rate_app.run_test(size=size) as pilot:
        await loaded(pilot)
        detail = rate_app.screen.query_one(ClaimDetail)
        evidence_list = detail.evidence_list
        # Down to the last passage and back up to the first.
        steps = [("right_square_bracket", index) for index in range(1, 6)]
        steps += [("left_square_bracket", index) for index in range(4, -1, -1)]
        for key, index in steps:
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert evidence_list.highlighted == index
            # The first line of the highlighted option, on the screen: inside both the
            # list's and the pane's visible regions.
            line = evidence_list._index_to_line[index]
            top = evidence_list.content_region.y + line - round(evidence_list.scroll_y)
            visible = detail.scrollable_content_region.intersection(evidence_list.content_region)
            assert visible.y <= top < visible.bottom, (index, top, visible)


async def test_b_opens_the_source_address_in_the_browser(
    rate_app: WorkbenchApp, recording_browser: list[str]
) -> None:
    async with rate_app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("b")  # the AP page: opened where the redirect led
        await pilot.press("right_square_bracket", "b")  # the copy, at its own address
        await pilot.pause()
    ap, copy = fixture_page("rates_ap"), fixture_page("rates_ap_copy_nocredit")
    assert recording_browser == [ap["url"], copy["url"]]


async def test_o_still_opens_another_article(rate_app: WorkbenchApp) -> None:
    async with rate_app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert type(rate_app.screen).__name__ == "OpenDialog"


async def test_shift_o_shows_the_stored_text_as_plain_text(rate_app: WorkbenchApp) -> None:
    async with rate_app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("O")
        await pilot.pause()
        view = rate_app.screen
        assert isinstance(view, SnapshotView)
        shown = plain(view.query_one("#snapshot-text", Static))
        assert shown == fixture_page("rates_ap")["text"]
        scroller = view.query_one("#snapshot-dialog")
        assert scroller.max_scroll_y > 0  # longer than the dialog: it scrolls
        await pilot.press("end")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(rate_app.screen, SnapshotView)


async def test_stored_text_is_never_markup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claim_workbench.store import storage
    from claim_workbench.store.engine import make_engine, session_for
    from claim_workbench.store.models import SourceBase

    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("WORKBENCH_DB", url)
    article_id, claim_id = rate_story_database(url)
    hostile = "[bold red]not bold[/] [link=https://evil.example]x[/link] \x1b[31mred"
    with session_for(make_engine(url)) as session:
        storage.remove_evidence  # noqa: B018 - exists; the new source is added on top
        draft = storage.EvidenceDraft(hostile, 0, 10, 99.0, 0, 5, "none", "unclear")
        source = SourceBase(
            origin="text",
            title="[i]pasted[/i]",
            text=hostile,
            sha256=storage.sha256_hex(hostile),
            size=len(hostile),
        )
        storage.attach_source(
            session=session,
            claim_id=claim_id,
            source=source,
            raw=hostile.encode(),
            evidence=[draft],
        )
    app = make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("O")  # the pasted source scores best: it is the first passage
        await pilot.pause()
        shown = plain(app.screen.query_one("#snapshot-text", Static))
        assert "[bold red]not bold[/]" in shown and "\x1b" not in shown
        await pilot.press("escape", "b")
        await pilot.pause()
        assert "This source has no web address: press O to read its stored text." in notices(app)
