"""Pilot tests of the review corrections in the app: undo, reset, dismiss, add a claim,
change the speaker, remove a passage, clear a stance; the note written under another
verdict; the warning for a bare verdict; the export and attach dialogs; one word per status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy.engine import make_url
from textual.geometry import Offset
from textual.selection import Selection as ScreenSelection
from textual.widgets import Input, RadioSet, TextArea
from textual.widgets.text_area import Selection

from claim_workbench.store import storage
from claim_workbench.store.engine import default_db_path, make_engine, session_for
from claim_workbench.store.models import Evidence
from claim_workbench.tui.modals.add_claim import AddClaimDialog
from claim_workbench.tui.modals.export import ExportDialog, default_report_folder
from claim_workbench.tui.modals.help import HelpScreen
from claim_workbench.tui.modals.prompt import TextPrompt
from claim_workbench.tui.modals.stance import StancePicker
from claim_workbench.tui.widgets.article_header import ArticleHeader
from tests.support.app_data import (
    actions_in_db,
    add_evidence,
    claim_in_db,
    claims_in_db,
    sample_database,
)
from tests.support.pilot import SIZE, cursor_claim, detail_text, notifications


@pytest.fixture
def article_id(app_db_url: str) -> int:
    return sample_database(app_db_url)


# --- one word for each status ---------------------------------------------------------------


async def test_unreviewed_is_the_one_word_in_the_list_header_and_detail(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claim_id = cursor_claim(app)
        assert app.main_screen.table.cell_text(claim_id, "status") == "unreviewed"
        assert "unreviewed" in str(app.main_screen.query_one(ArticleHeader).progress)
        assert detail_text(app, "meta").startswith("Status unreviewed")
        everything = notifications(app) + [str(app.main_screen.query_one(ArticleHeader).progress)]
        assert not any(" open" in line for line in everything)


# --- undo and reset ---------------------------------------------------------------------------


async def test_u_undoes_your_last_action_then_the_one_before(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first = cursor_claim(app)
        await pilot.press("v", "down")
        second = cursor_claim(app)
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("up")  # undo does not depend on where the cursor is
        await pilot.press("u")
        await settle(app, pilot)
        assert claim_in_db(app_db_url, second).status == "unreviewed"
        assert claim_in_db(app_db_url, first).status == "verified"
        assert cursor_claim(app) == second  # the claim undone is shown
        assert app.main_screen.table.cell_text(second, "status") == "unreviewed"
        assert any("Undid your verdict unreviewed → disputed" in n for n in notifications(app))
        assert "undid verdict unreviewed → disputed" in detail_text(app, "history")
        await pilot.press("u")
        await settle(app, pilot)
        assert claim_in_db(app_db_url, first).status == "unreviewed"
        assert cursor_claim(app) == first
    assert actions_in_db(app_db_url, second) == ["status", "undo"]


async def test_u_is_refused_when_a_colleague_changed_the_claim_since(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claim_id = cursor_claim(app)
        await pilot.press("v")
        await settle(app, pilot)
        with session_for(make_engine(app_db_url)) as session:
            storage.mark_claim(
                session=session, claim_id=claim_id, status="disputed", reviewer="bea"
            )
        await pilot.press("u")
        await settle(app, pilot)
        assert any("bea changed it since" in n for n in notifications(app)), notifications(app)
    assert claim_in_db(app_db_url, claim_id).status == "disputed"
    assert "undo" not in actions_in_db(app_db_url, claim_id)


async def test_nothing_to_undo_is_said_plainly(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert any("nothing of yours to undo" in n for n in notifications(app))


async def test_reset_to_unreviewed_stays_reachable_from_the_palette(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claim_id = cursor_claim(app)
        await pilot.press("v")
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Reset to unreviewed")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
    assert claim_in_db(app_db_url, claim_id).status == "unreviewed"


# --- dismiss, speaker, added claims ------------------------------------------------------------


async def test_x_dismisses_the_claim_with_a_reason_and_u_takes_it_back(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claim_id = cursor_claim(app)
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, TextPrompt)
        field = app.screen.query_one("#prompt-value", Input)
        assert field.value == "not a claim"
        field.value = "an opinion"
        await pilot.press("enter")
        await settle(app, pilot)
        stored = claim_in_db(app_db_url, claim_id)
        assert stored.status == "dismissed"
        assert app.main_screen.table.cell_text(claim_id, "status") == "dismissed"
        assert "1 dismissed" in str(app.main_screen.query_one(ArticleHeader).progress)
        assert "Dismissed as not a claim: an opinion" in detail_text(app, "meta")
        await pilot.press("u")
        await settle(app, pilot)
        assert claim_in_db(app_db_url, claim_id).status == "unreviewed"
        assert app.main_screen.table.cell_text(claim_id, "status") == "unreviewed"
    assert actions_in_db(app_db_url, claim_id) == ["dismiss", "undo"]


async def test_p_re_attributes_the_claim_and_empty_means_nobody(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        claim_id = cursor_claim(app)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"Ines Duarte", "enter")
        await settle(app, pilot)
        assert claim_in_db(app_db_url, claim_id).speaker == "Ines Duarte"
        assert "Speaker Ines Duarte" in detail_text(app, "meta")
        assert "changed the speaker: none → Ines Duarte" in detail_text(app, "history")
        await pilot.press("p")
        await settle(app, pilot)
        app.screen.query_one("#prompt-value", Input).value = ""
        await pilot.press("enter")
        await settle(app, pilot)
    assert claim_in_db(app_db_url, claim_id).speaker is None
    assert actions_in_db(app_db_url, claim_id) == ["speaker", "speaker"]


async def test_c_adds_a_claim_from_words_selected_in_the_article(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    before = {claim.id for claim in claims_in_db(app_db_url, article_id)}
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article_text = app.main_screen.article.text
        assert article_text is not None
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, AddClaimDialog)
        area = app.screen.query_one("#add-claim-article", TextArea)
        # Select "Washington may soon open discussions" with the keyboard, as a reviewer would.
        start = article_text.index("Washington may soon")
        area.move_cursor(area.document.get_location_from_index(start))
        await pilot.press(*["shift+right"] * len("Washington may soon open discussions"))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (added,) = [c for c in claims_in_db(app_db_url, article_id) if c.id not in before]
        assert added.text == "Washington may soon open discussions"
        assert article_text[added.start : added.end] == added.text
        assert cursor_claim(app) == added.id  # listed, and selected
        assert app.main_screen.table.row_count == len(before) + 1
        assert "added this claim (selected in the article text)" in detail_text(app, "history")


async def test_c_takes_the_words_selected_with_the_mouse_in_the_article_view(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    before = {claim.id for claim in claims_in_db(app_db_url, article_id)}
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        article_text = app.main_screen.article.text
        assert article_text is not None
        await pilot.press("t")
        await settle(app, pilot)
        first_paragraph = app.main_screen.query(".paragraph").first()
        # What dragging the mouse over the start of the first paragraph leaves selected.
        app.main_screen.selections = {
            first_paragraph: ScreenSelection.from_offsets(Offset(0, 0), Offset(20, 0))
        }
        await pilot.press("c")
        await settle(app, pilot)
        typed = app.screen.query_one("#add-claim-text", Input).value
        assert typed == " ".join(article_text[:20].split())
        await pilot.press("enter")
        await settle(app, pilot)
    (added,) = [c for c in claims_in_db(app_db_url, article_id) if c.id not in before]
    assert article_text[added.start : added.end] == added.text == typed


async def test_c_adds_the_headline_as_typed(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        title = app.main_screen.article.title
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("ctrl+t")  # the headline goes in the typing field
        assert app.screen.query_one("#add-claim-text", Input).value == title
        await pilot.press("enter")
        await settle(app, pilot)
        headline = claims_in_db(app_db_url, article_id)[0]
        assert headline.text == title
        assert (headline.start, headline.end) == (0, 0)
        assert cursor_claim(app) == headline.id
        assert any("kept as typed" in n for n in notifications(app))


async def test_a_claim_a_colleague_adds_appears_in_the_list(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    from claim_workbench.review import services

    app = build_app(app_db_url, article_id, refresh_seconds=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        shown = app.main_screen.table.row_count
        with session_for(make_engine(app_db_url)) as session:
            added = services.add_claim(
                session=session, article_id=article_id, text="Extra headline", reviewer="bea"
            ).claim
        for _ in range(40):
            await pilot.pause(0.1)
            if app.main_screen.table.row_count > shown:
                break
        assert app.main_screen.table.row_count == shown + 1
        assert app.main_screen.table.claim_ids[0] == added.id  # typed: listed first


async def test_c_with_nothing_selected_or_typed_asks_for_words(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    count = len(claims_in_db(app_db_url, article_id))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        area = app.screen.query_one("#add-claim-article", TextArea)
        area.selection = Selection.cursor((0, 0))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, AddClaimDialog)  # still open
        assert any("Select the claim's words" in n for n in notifications(app))
    assert len(claims_in_db(app_db_url, article_id)) == count


# --- passages and stances -------------------------------------------------------------------


async def test_X_removes_the_highlighted_passage_and_u_puts_it_back(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    claim_id = claims_in_db(app_db_url, article_id)[0].id or 0
    kept = add_evidence(
        app_db_url,
        claim_id=claim_id,
        title="Wire",
        passage="Talks may open soon.",
        highlight=(0, 5),
    )
    removed = add_evidence(
        app_db_url,
        claim_id=claim_id,
        title="Blog",
        passage="Unrelated words here.",
        highlight=(0, 5),
        score=20,
    )
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket")  # the second passage, "Blog"
        await pilot.press("X")
        await settle(app, pilot)
        with session_for(make_engine(app_db_url)) as session:
            assert [e.id for e, _ in storage.list_evidence(session=session, claim_id=claim_id)] == [
                kept
            ]
        assert "Evidence (1)" in str(app.main_screen.query_one("#evidence-heading").visual)
        assert "removed a passage of Blog" in detail_text(app, "history")
        await pilot.press("u")
        await settle(app, pilot)
        assert "Evidence (2)" in str(app.main_screen.query_one("#evidence-heading").visual)
    with session_for(make_engine(app_db_url)) as session:
        ids = {e.id for e, _ in storage.list_evidence(session=session, claim_id=claim_id)}
    assert ids == {kept, removed}


async def test_a_stance_can_be_cleared_from_the_picker(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    claim_id = claims_in_db(app_db_url, article_id)[0].id or 0
    evidence_id = add_evidence(
        app_db_url,
        claim_id=claim_id,
        title="Wire",
        passage="Talks may open soon.",
        highlight=(0, 5),
    )
    with session_for(make_engine(app_db_url)) as session:
        storage.set_stance(
            session=session, evidence_id=evidence_id, stance="supports", reviewer="ana"
        )
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, StancePicker)
        await pilot.press("4")  # none: clear it
        await settle(app, pilot)
        assert "stance: not set" in str(
            app.main_screen.detail.query_one("#evidence-list").get_option_at_index(0).prompt
        )
        assert "cleared a passage's stance" in detail_text(app, "history")
    with session_for(make_engine(app_db_url)) as session:
        evidence = session.get(Evidence, evidence_id)
        assert evidence is not None and evidence.reviewer_stance is None


# --- the note and the verdict -------------------------------------------------------------------


async def test_a_note_that_survived_a_colleagues_flip_is_shown_as_such(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    claim_id = claims_in_db(app_db_url, article_id)[0].id or 0
    with session_for(make_engine(app_db_url)) as session:
        storage.mark_claim(
            session=session,
            claim_id=claim_id,
            status="disputed",
            note="DoD says 83",
            reviewer="alice",
        )
        storage.mark_claim(session=session, claim_id=claim_id, status="verified", reviewer="bob")
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        note = detail_text(app, "note")
        assert "DoD says 83" in note
        assert "note by alice, written when the verdict was disputed" in note
        assert detail_text(app, "meta").startswith("Status verified by bob")


async def test_a_note_followed_by_its_authors_verdict_has_no_sign(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press(*"minutes agree", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        note = detail_text(app, "note")
        assert "minutes agree" in note and "written when" not in note
        # A note, so no warning about a bare verdict either.
        assert not any("Verdict without a note" in n for n in notifications(app))


async def test_a_verdict_with_no_note_and_no_evidence_warns(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        warnings = [n for n in notifications(app) if n.startswith("Verdict without a note")]
        assert warnings and "no review text" in warnings[0], notifications(app)


# --- export and attach dialogs ------------------------------------------------------------------


async def test_enter_on_the_format_list_exports_beside_the_database(
    app_db_url: str, article_id: int, build_app, settle, tmp_path: Path
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        assert isinstance(app.focused, RadioSet)  # the format list has the focus
        path_field = app.screen.query_one("#export-path", Input)
        assert Path(path_field.value).parent == tmp_path  # the SQLite file's folder
        await pilot.press("down", "down")  # html, json: highlighted, not chosen yet
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
    written = tmp_path / f"report-{article_id}.json"
    assert json.loads(written.read_text(encoding="utf-8"))["article"]["id"] == article_id


async def test_enter_in_the_path_field_exports(
    app_db_url: str, article_id: int, build_app, settle, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "review.md"
    target.parent.mkdir()
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        field = app.screen.query_one("#export-path", Input)
        field.value = str(target)
        field.focus()
        await pilot.press("enter")
        await settle(app, pilot)
    assert target.read_text(encoding="utf-8").startswith("# Verification report")


def test_default_report_folder_is_the_documents_folder_for_the_default_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    default = make_url(f"sqlite:///{default_db_path()}")
    assert default_report_folder(default) == documents
    assert default_report_folder(make_url("postgresql://ana@db/factcheck")) == documents
    chosen = tmp_path / "desk" / "review.db"
    chosen.parent.mkdir()
    assert default_report_folder(make_url(f"sqlite:///{chosen}")) == chosen.parent
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "missing"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_report_folder(default) == tmp_path  # no documents folder: home


@pytest.mark.usefixtures("loopback_fetching")
async def test_a_url_and_a_file_path_attach_together(
    app_db_url: str, article_id: int, build_app, settle, httpserver: HTTPServer, tmp_path: Path
) -> None:
    claim = claims_in_db(app_db_url, article_id)[0]
    httpserver.expect_request("/wire").respond_with_data(
        f"<html><head><title>Wire</title></head><body><p>{claim.text}</p></body></html>",
        content_type="text/html; charset=utf-8",
    )
    notes = tmp_path / "desk notes.txt"
    notes.write_text(f"Notes from the briefing. {claim.text}", encoding="utf-8")
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        app.screen.query_one(
            "#attach-target", Input
        ).value = f"{httpserver.url_for('/wire')} {notes}"
        await pilot.press("enter")
        await settle(app, pilot)
        assert any(n.startswith("Sources attached: 2 of 2") for n in notifications(app))
    with session_for(make_engine(app_db_url)) as session:
        rows = storage.list_evidence(session=session, claim_id=claim.id or 0)
    assert {source.origin for _evidence, source in rows} == {"url", "file"}


@pytest.mark.usefixtures("loopback_fetching")
async def test_a_batch_where_nothing_attached_is_not_titled_attached(
    app_db_url: str, article_id: int, build_app, settle, httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        app.screen.query_one(
            "#attach-target", Input
        ).value = f"{httpserver.url_for('/gone')} {tmp_path / 'missing.txt'}"
        await pilot.press("enter")
        await settle(app, pilot)
        summary = [n for n in app._notifications if "0 of 2 sources attached" in n.message]
        assert summary and summary[0].title == "Nothing attached"
        assert summary[0].severity == "error"


# --- help -----------------------------------------------------------------------------------


async def test_help_lists_the_correction_keys(
    app_db_url: str, article_id: int, build_app, settle
) -> None:
    app = build_app(app_db_url, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys").visual)
        for line in (
            "u  Undo your last action",
            "U  Reset to unreviewed",
            "x  Dismiss as not a claim",
            "c  Add a claim",
            "p  Change speaker",
            "X  Remove passage",
        ):
            key, description = line.split("  ")
            assert any(
                row.split()[0] == key and row.endswith(description) for row in keys.splitlines()
            ), line
