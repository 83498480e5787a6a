"""Pilot tests of opening, importing (o) and exporting (e) against a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.tui.app import WorkbenchApp, make_app
from claim_workbench.tui.modals.export import ExportDialog
from claim_workbench.tui.modals.open_article import OpenDialog
from claim_workbench.tui.screens.main import MainScreen
from claim_workbench.tui.widgets.article_header import ArticleHeader
from tests.support.app_data import (
    claims_in_db,
    database_held_by_another_process,
    store_article,
)
from tests.support.pilot import (
    SIZE,
    app_for,
    main_of,
    notifications,
    settle,
    type_in_one_burst,
)


async def test_e_exports_the_report(db_url: str, article_id: int, tmp_path: Path) -> None:
    app = app_for(db_url, article_id)
    out = tmp_path / "out.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path").value = str(out)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
    text = out.read_text("utf-8")
    assert "Trump hints at possible talks" in text
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")]


async def export_to(app: WorkbenchApp, pilot, path: Path) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ExportDialog)
    app.screen.query_one("#export-path").value = str(path)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert isinstance(app.screen, MainScreen)


async def test_export_through_a_symlink_keeps_the_link(
    db_url: str, article_id: int, tmp_path: Path
) -> None:
    real = tmp_path / "reports" / "review.md"
    real.parent.mkdir()
    real.write_text("old", "utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await export_to(app, pilot, link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "Trump hints at possible talks" in real.read_text("utf-8")
    assert sorted(p.name for p in real.parent.iterdir()) == ["review.md"]


async def test_export_errors_name_the_path_the_reviewer_gave(
    db_url: str, article_id: int, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "out.md"
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await export_to(app, pilot, missing)
        await export_to(app, pilot, tmp_path)  # a folder, not a file
        errors = [str(n.message) for n in app._notifications if n.title == "Export failed"]
        assert app.is_running
    assert len(errors) == 2
    assert str(missing) in errors[0] and "does not exist" in errors[0]
    assert str(tmp_path) in errors[1] and "folder" in errors[1]
    assert not any(".partial" in error for error in errors)
    assert not missing.parent.exists()


async def test_o_opens_another_stored_article(db_url: str, article_id: int) -> None:
    with session_for(make_engine(db_url)) as session:
        other = store_article(
            session,
            title="Other",
            text="The harbour handled 12 ships and 400 containers on Monday last week.",
            drafts=[],
        )
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)  # the dialog opens once its read is done
        assert isinstance(app.screen, OpenDialog)
        # Newest first: the other article is highlighted.
        await pilot.press("enter")
        await settle(app, pilot)
        main = main_of(app)
        assert main.article is not None and main.article.id == other
        assert main.table.row_count == 0


async def test_o_imports_a_file(db_url: str, article_id: int, tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    path.write_text(
        " date 2025-11-20 Port traffic report\n\n"
        "The port handled 1,200 ships in October, officials said on Monday.\n",
        "utf-8",
    )
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)  # the dialog opens once its read is done
        app.screen.query_one("#open-target").value = str(path)
        app.screen.query_one("#open-target").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        await settle(app, pilot)
        main = main_of(app)
        assert main.article is not None and main.article.title == "Port traffic report"
        assert main.article.id != article_id


async def test_sample_article_through_the_real_import_shows_its_quantities(
    db_url: str,
) -> None:
    from claim_workbench.review import services
    from tests.support.app_data import SAMPLE_ARTICLE

    with session_for(make_engine(db_url)) as session:
        result = services.import_text(session=session, raw=SAMPLE_ARTICLE.read_text("utf-8"))
        article_id = result.article.id or 0
        claims = storage.list_claims(session=session, article_id=article_id)
        quantities = storage.quantities_for(session=session, claim_ids=[c.id or 0 for c in claims])
    with_numbers = [c for c in claims if quantities[c.id or 0]]
    assert with_numbers, "the sample has claims with numbers"
    target = with_numbers[0]
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = main_of(app)
        assert main.table.row_count == result.claim_count
        assert main.query_one(ArticleHeader).title_text == result.article.title
        assert main.table.move_to_claim(target.id or 0)
        await settle(app, pilot)
        sentence = main.query_one("#detail-sentence").visual
        styled = {sentence.plain[span.start : span.end] for span in sentence.spans}
        assert {q.text for q in quantities[target.id or 0]} <= styled


async def test_open_with_a_path_imports_it_first(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(
        " date 2025-11-21 Harbour figures\n\n"
        "The harbour handled 1,200 ships in October, the port authority said on Monday.\n",
        "utf-8",
    )
    app = make_app(db_url=db_url, reviewer="ana", import_target=str(path), refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await settle(app, pilot)
        main = main_of(app)
        assert main.article is not None and main.article.title == "Harbour figures"
        assert "2025-11-21" in str(main.query_one(ArticleHeader).progress)


async def test_o_opens_at_once_and_lists_the_articles_when_they_are_read(
    db_url: str, article_id: int
) -> None:
    claims = claims_in_db(db_url, article_id)
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with database_held_by_another_process(app, db_url):
            await pilot.press("o")
            await pilot.pause()
            # Open at once, and answering keys, while the article list still waits.
            dialog = app.screen
            assert isinstance(dialog, OpenDialog)
            await pilot.press("x")
            assert dialog.query_one("#open-target", Input).value == "x"
            assert dialog.query_one("#open-articles", OptionList).option_count == 0
        # Once the database lets go the list arrives, not an error; the typing is kept.
        await settle(app, pilot)
        assert dialog.query_one("#open-articles", OptionList).option_count == 1
        assert dialog.query_one("#open-target", Input).value == "x"
        assert not any("Cannot" in n for n in notifications(app))
        await pilot.press("escape")
        await settle(app, pilot)
        assert main_of(app).table.claim_id_at_cursor == claims[0].id


async def test_o_says_so_when_the_article_list_cannot_be_read(db_url: str, article_id: int) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as other:
            other.execute("ALTER TABLE article RENAME TO article_moved")
        await pilot.press("o")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, OpenDialog)  # still there: a path can be imported
        hint = str(dialog.query_one("#open-hint", Static).visual)
        assert "could not be read" in hint
        assert dialog.query_one("#open-articles", OptionList).option_count == 0
        reported = [n for n in notifications(app) if "Listing the articles" in n]
        assert len(reported) == 1 and "article" in reported[0] and "\n" not in reported[0]


async def test_letters_typed_on_the_open_dialogs_list_start_a_path(
    db_url: str, article_id: int
) -> None:
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, OpenDialog) and isinstance(app.focused, OptionList)
        await pilot.press("n", "e", "w")
        assert isinstance(app.focused, Input)
        assert dialog.query_one("#open-target", Input).value == "new"
        assert app.screen is dialog


async def test_words_typed_right_after_o_go_to_the_dialog_not_the_verdict_keys(
    db_url: str, article_id: int
) -> None:
    # "o" then a path typed in one burst: the dialog is there before the list is read, so
    # the letters cannot reach the table and mark claims (v, d, i).
    app = app_for(db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        type_in_one_burst(app, "ovid")
        await settle(app, pilot)
        assert isinstance(app.screen, OpenDialog)
        assert app.screen.query_one("#open-target", Input).value == "vid"
    assert {claim.status for claim in claims_in_db(db_url, article_id)} == {"unreviewed"}
