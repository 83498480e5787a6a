"""Pilot tests of the workbench against a real SQLite file in a temporary folder: start-up,
layout, views and filters, keys typed ahead, help, footer and palette. Verdicts, notes and
stances are in test_app_verdicts.py; opening, importing and exporting in test_app_articles.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import ContentSwitcher, Footer
from textual.widgets._footer import FooterKey

from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Evidence
from claim_workbench.tui.modals.attach import AttachDialog
from claim_workbench.tui.modals.help import HelpScreen
from claim_workbench.tui.modals.note import NoteEditor
from claim_workbench.tui.screens.main import MainScreen
from claim_workbench.tui.widgets.article_header import ArticleHeader
from claim_workbench.tui.widgets.article_view import ArticleView
from claim_workbench.tui.widgets.claims_table import ClaimsTable
from claim_workbench.tui.widgets.filter_bar import FilterBar
from tests.support.app_data import (
    claims_in_db,
    database_held_by_another_process,
    hand_made_claims,
    store_article,
)
from tests.support.pilot import (
    SIZE,
    app_for,
    main_of,
    notifications,
    settle,
    table_status,
    type_in_one_burst,
)


async def test_opens_on_the_article_with_every_claim_listed(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claims = claims_in_db(db_url, article_id)
        table = main_of(app).table
        assert table.row_count == len(claims) > 5
        assert table.claim_id_at_cursor == claims[0].id
        progress = main_of(app).query_one(ArticleHeader).progress
        count = len(claims)
        assert str(progress) == (
            f"2025-11-17 · {count} claims · 0 verified · 0 disputed · {count} unreviewed"
        )
        sentence = str(main_of(app).query_one("#detail-sentence").visual)
        assert sentence == claims[0].text


async def test_claims_table_scrolls_and_has_the_scrollbar_every_widget_has(
    db_url: str, article_id: int
) -> None:
    # The table does not inherit Widget's CSS (see ClaimsTable); what it copies must match.
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = main_of(app).table
        detail = main_of(app).query_one("#detail")
        copied = [
            name
            for name in table.styles.get_rules()
            if name.startswith("scrollbar_") and name != "scrollbar_size_horizontal"
        ]
        assert len(copied) == 8
        for name in copied:
            assert getattr(table.styles, name) == getattr(detail.styles, name), name
        assert table.styles.overflow_y == "auto" and table.styles.overflow_x == "hidden"


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_the_table_stays_put_while_the_rest_of_the_screen_arrives(
    db_url: str, article_id: int, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first frame is the table alone; the header and the rest follow a moment later. No
    # frame in between may show the table anywhere but under the header's line.
    tops: list[int] = []
    original = ClaimsTable.render_line

    def recording(table: ClaimsTable, y: int):  # type: ignore[no-untyped-def]
        tops.append(table.region.y)
        return original(table, y)

    monkeypatch.setattr(ClaimsTable, "render_line", recording)
    app = app_for(db_url, article_id)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert main_of(app).query_one(ArticleHeader).region.y == 0
        assert main_of(app).table.region.y == 1
    assert tops and set(tops) == {1}


async def test_without_an_article_id_opens_the_latest_import(db_url: str, article_id: int) -> None:
    with session_for(make_engine(db_url)) as session:
        newer = store_article(session, title="Second", text="A newer article text.", drafts=[])
    app = app_for(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = main_of(app)
        assert main.article is not None and main.article.id == newer != article_id
        assert "No claims" in str(main.query_one("#detail-sentence").visual)


async def test_a_attaches_pasted_text_as_a_source(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claim = main_of(app).current_claim
        assert claim is not None
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AttachDialog)
        app.screen.query_one("#attach-text").text = f"A wire report. {claim.text} More words."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        with session_for(make_engine(db_url)) as session:
            rows = storage.list_evidence(session=session, claim_id=claim.id or 0)
        assert rows and rows[0][1].origin == "text"
        assert "Evidence (" in str(main_of(app).query_one("#evidence-heading").visual)
        assert any("Source attached" in n for n in notifications(app))


async def test_attach_errors_become_notifications_and_store_nothing(
    db_url: str, article_id: int, tmp_path: Path
) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*str(tmp_path / "missing.txt"), "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("Could not attach" in n for n in notifications(app))
        with session_for(make_engine(db_url)) as session:
            assert session.exec(select(Evidence)).all() == []


async def test_t_shows_the_article_with_the_claim_highlighted(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "down")
        claim = main_of(app).current_claim
        assert claim is not None
        await pilot.press("t")
        await settle(app, pilot)
        view = main_of(app).query_one(ArticleView)
        assert view.display and view.lit_paragraphs
        lit = list(view.query(".paragraph"))[view.lit_paragraphs[0]]
        content = lit.visual
        styled = [content.plain[span.start : span.end] for span in content.spans]
        assert claim.text in styled
        await pilot.press("down")  # the highlight follows the cursor
        await settle(app, pilot)
        following = main_of(app).current_claim
        assert following is not None
        lit = list(view.query(".paragraph"))[view.lit_paragraphs[0]]
        assert following.text in [lit.visual.plain[s.start : s.end] for s in lit.visual.spans]
        await pilot.press("t")
        await pilot.pause()
        assert main_of(app).query_one("#right-pane").current == "detail"


async def test_r_toggles_between_article_order_and_check_worthiness(
    db_url: str, article_id: int
) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claims = claims_in_db(db_url, article_id)
        table = main_of(app).table

        def order() -> list[int]:
            return table.claim_ids

        assert order() == [c.id for c in claims]
        await pilot.press("r")
        await pilot.pause()
        by_score = sorted(claims, key=lambda c: (-c.check_worthiness, c.position))
        assert order() == [c.id for c in by_score]
        assert "check-worthiness" in str(main_of(app).table.border_title)
        await pilot.press("r")
        await pilot.pause()
        assert order() == [c.id for c in claims]


async def test_slash_filters_by_text_and_escape_clears(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claims = claims_in_db(db_url, article_id)
        word = "Pentagon"
        expected = [c.id for c in claims if word.casefold() in (c.label + c.text).casefold()]
        assert 0 < len(expected) < len(claims)
        await pilot.press("slash")
        assert isinstance(app.focused, FilterBar)
        await pilot.press(*word)
        await pilot.pause()
        table = main_of(app).table
        assert table.claim_ids == expected
        await pilot.press("enter")  # back to the table, filter kept
        assert isinstance(app.focused, ClaimsTable)
        assert table.row_count == len(expected)
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == len(claims)


async def test_words_typed_right_after_slash_go_to_the_filter_not_the_verdict_keys(
    db_url: str, article_id: int
) -> None:
    # A terminal delivers a fast typist's "/dui" as one burst of keys: the keys queued behind
    # "/" must reach the filter bar, not mark claims disputed, unreviewed, inconclusive.
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        type_in_one_burst(app, "/dui")
        await settle(app, pilot)
        assert isinstance(app.focused, FilterBar)
        assert app.query_one(FilterBar).value == "dui"
        await pilot.press("slash", "x")  # in the filter, "/" is a character like any other
        assert app.query_one(FilterBar).value == "dui/x"
        await pilot.press("n", "a", "s", "e", "o")  # so are the keys that open dialogs
        assert app.query_one(FilterBar).value == "dui/xnaseo"
        assert isinstance(app.screen, MainScreen)
    assert {claim.status for claim in claims_in_db(db_url, article_id)} == {"unreviewed"}


async def test_keys_typed_ahead_while_the_workbench_starts_are_handled_in_order(
    db_url: str, article_id: int
) -> None:
    # Typed into the terminal while the workbench was starting: the keys arrive in one burst
    # with the first frame, before the filter bar exists. "/" must still open the filter and
    # the words after it must be filter text, not verdicts.
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        assert not main_of(app).fully_mounted  # the burst comes this early
        type_in_one_burst(app, "/du")
        await settle(app, pilot)
        await settle(app, pilot)
        assert isinstance(app.focused, FilterBar)
        assert app.query_one(FilterBar).value == "du"
    assert {claim.status for claim in claims_in_db(db_url, article_id)} == {"unreviewed"}


async def test_f_cycles_the_status_filter(db_url: str, article_id: int) -> None:
    claims = claims_in_db(db_url, article_id)
    ids = [claim.id or 0 for claim in claims]
    # Two claims per reviewed status, so each filter must pick out exactly its own pair.
    marked = {
        "verified": ids[0:2],
        "disputed": ids[2:4],
        "inconclusive": ids[4:6],
        "dismissed": ids[6:8],
    }
    with session_for(make_engine(db_url)) as session:
        for status, claim_ids in marked.items():
            for claim_id in claim_ids:
                if status == "dismissed":
                    storage.dismiss_claim(session=session, claim_id=claim_id, reviewer="bea")
                    continue
                storage.mark_claim(
                    session=session, claim_id=claim_id, status=status, reviewer="bea"
                )
    reviewed = {claim_id for claim_ids in marked.values() for claim_id in claim_ids}
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = main_of(app).table
        assert set(table.claim_ids) == set(ids)
        expected_steps = [
            ("unreviewed", set(ids) - reviewed),
            ("verified", set(marked["verified"])),
            ("disputed", set(marked["disputed"])),
            ("inconclusive", set(marked["inconclusive"])),
            ("dismissed", set(marked["dismissed"])),
            (None, set(ids)),
        ]
        for status, expected in expected_steps:
            await pilot.press("f")
            await pilot.pause()
            assert main_of(app).claim_filter.status == status
            assert set(table.claim_ids) == expected, status
            shown = {main_of(app).claims[claim_id].status for claim_id in table.claim_ids}
            assert shown == ({status} if status else {"unreviewed", *marked})


async def test_question_mark_shows_every_key(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys").visual)
        for description in ("Verified", "Disputed", "Note", "Attach", "Stance", "Export", "Quit"):
            assert description in keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_an_80_column_footer_shows_the_verdicts_filter_help_and_quit(
    db_url: str, article_id: int
) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        footer = main_of(app).query_one(Footer)
        palette = footer.query_one(".-command-palette", FooterKey)
        shown = {
            key.key: key
            for key in footer.query(FooterKey)
            if key is not palette and key.region.width > 0
        }
        for key in ("v", "d", "i", "n", "a", "s", "slash", "question_mark", "q"):
            assert key in shown, key
            # Wholly on screen, left of the palette key that is docked on the right.
            assert shown[key].region.right <= palette.region.x, key


async def test_q_quits(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_command_palette_jumps_to_a_claim_by_label(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        target = claims_in_db(db_url, article_id)[-1]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*target.label)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_of(app).table.claim_id_at_cursor == target.id


async def test_command_palette_runs_actions(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claim_id = main_of(app).table.claim_id_at_cursor or 0
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Mark disputed")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert table_status(app, claim_id) == "disputed"


async def test_works_at_80_by_24(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main = main_of(app)
        assert main.has_class("-narrow")
        table = main.table
        assert table.region.width <= 80 and table.size.height >= 4
        assert table.max_scroll_x == 0  # nothing hides to the right
        assert main.detail.region.height >= 6
        await pilot.press("v")
        await settle(app, pilot)
        assert table_status(app, table.claim_id_at_cursor or 0) == "verified"


async def test_unknown_article_id_is_a_notification_not_a_crash(db_url: str) -> None:
    make_engine(db_url)
    app = app_for(db_url, 999)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("no article with id 999" in n for n in notifications(app))
        assert main_of(app).article is None


async def test_a_long_article_lists_every_claim_after_the_first_screenful(db_url: str) -> None:
    from claim_workbench.tui.screens.review_view import FIRST_SCREENFUL

    count = max(FIRST_SCREENFUL, SIZE[1]) * 2 + 7  # the first read takes a screenful
    text = " ".join(f"Report {n} counted {n + 3} boats near the coast." for n in range(count))
    with session_for(make_engine(db_url)) as session:
        article_id = store_article(session, title="Long", text=text, drafts=hand_made_claims(text))
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = main_of(app)
        assert main.table.row_count == count
        assert f"{count} claims" in str(main.query_one(ArticleHeader).progress)
        assert "reading the rest" not in str(main.query_one(ArticleHeader).progress)
        await pilot.press("end")
        await settle(app, pilot)
        last = claims_in_db(db_url, article_id)[-1]
        assert main.table.claim_id_at_cursor == last.id
        assert str(main.query_one("#detail-sentence").visual) == last.text
        # The first read left the text out; it came with the rest of the claims.
        await pilot.press("t")
        await settle(app, pilot)
        view = main.query_one(ArticleView)
        assert view.display and view.lit_paragraphs
        lit = list(view.query(".paragraph"))[view.lit_paragraphs[0]]
        assert last.text in [lit.visual.plain[s.start : s.end] for s in lit.visual.spans]


async def test_moving_between_claims_does_not_wait_for_the_database(
    db_url: str, article_id: int
) -> None:
    """A claim's details are read in a thread: a busy database does not freeze the keys."""
    claims = claims_in_db(db_url, article_id)
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = main_of(app)
        with database_held_by_another_process(app, db_url):
            await pilot.press("down")
            await pilot.press("t")  # answered at once, while the read still waits
            await pilot.pause()
            assert main.table.claim_id_at_cursor == claims[1].id
            assert main.query_one(ContentSwitcher).current == "article"
            assert str(main.query_one("#detail-sentence").visual) == claims[0].text
        await settle(app, pilot)
        assert str(main.query_one("#detail-sentence").visual) == claims[1].text


@pytest.mark.parametrize(
    ("key", "dialog", "field"),
    [("n", NoteEditor, "#note-text"), ("a", AttachDialog, "#attach-target")],
)
async def test_words_typed_right_after_a_dialog_key_land_in_its_field(
    db_url: str, article_id: int, key: str, dialog: type, field: str
) -> None:
    # "n" then the note in one burst: the letters come before the editor has its field;
    # they must end up in it, not be lost or reach the table (v and d mark claims).
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        type_in_one_burst(app, key + "vid ok")
        await settle(app, pilot)
        assert isinstance(app.screen, dialog)
        typed = app.screen.query_one(field)
        assert getattr(typed, "value", None) == "vid ok" or getattr(typed, "text", None) == "vid ok"
    assert {claim.status for claim in claims_in_db(db_url, article_id)} == {"unreviewed"}
