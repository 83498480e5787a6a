"""Hidden characters in untrusted text: stripped at import, made visible wherever text is shown.

A terminal reset (ESC c), a screen clear, a bell, a C1 control, a right-to-left override and a
zero-width space are put into an article, a claim, a note and a source; the app, the command
line and the Markdown, CSV and HTML reports must each show that something is there without
obeying it, the JSON report must keep the text exactly as stored, and import must not read
numbers out of escape sequences.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.text import Text
from textual.content import Content
from typer.testing import CliRunner

from claim_workbench.cli import cli
from claim_workbench.report import render_report
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import ClaimBase, QuantityBase
from claim_workbench.text.clean import HIDDEN, clean_article_text, reveal_hidden
from claim_workbench.text.quantities import extract_quantities
from claim_workbench.tui.app import make_app
from claim_workbench.tui.widgets.article_header import ArticleHeader
from claim_workbench.tui.widgets.article_view import ArticleView
from claim_workbench.tui.widgets.claims_table import ClaimsTable
from claim_workbench.tui.widgets.rendering import one_line, printable
from tests.support.app_data import add_evidence

RESET = "\x1bc"  # ESC c: a full terminal reset
CLEAR = "\x1b[2J"
RED = "\x1b[31m"
BELL = "\a"
CSI_8BIT = "\x9b"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
PDF = "\u202c"
ZWSP = "\u200b"
MARKUP = "[bold]x[/]"

TITLE = f"Flood{RESET} barrier {RLO}gpj.exe{PDF}"
SENTENCE = f"The council {CLEAR}approved {RLO}82 deaths{PDF} and {MARKUP} by 7{ZWSP}5 votes{BELL}."
NOTE = f"Checked{BELL} with the{ZWSP} clerk {RLO}kcab{PDF}{CSI_8BIT}"
SOURCE_TITLE = f"Clerk{RESET} minutes {RLO}"
PASSAGE = f"Minutes: {CLEAR}82 deaths{ZWSP} were recorded {RED}today."
ARTICLE_URL = f"https://example.org/{RLO}news"

# What each hidden character is shown as in reports and on the command line.
TAGS = ["⟨ESC⟩", "⟨BEL⟩", "⟨RLO⟩", "⟨PDF⟩", "⟨ZWSP⟩", "⟨U+009B⟩"]


def hidden_in(text: str) -> list[str]:
    return sorted({f"U+{ord(char):04X}" for char in text if ord(char) in HIDDEN})


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[str, int, int]:
    url = f"sqlite:///{tmp_path}/hostile.db"
    text = f"Intro line.\n\n{SENTENCE}\n\nA calm closing paragraph."
    start = text.index(SENTENCE)
    number = start + SENTENCE.index("82")
    draft = storage.ClaimDraft(
        claim=ClaimBase(
            position=0,
            text=SENTENCE,
            start=start,
            end=start + len(SENTENCE),
            label=f"82 deaths {RLO}{MARKUP}{RESET}",
            kinds=["quantity"],
            check_worthiness=0.9,
            speaker=f"Mayor{ZWSP} {RLO}Duarte",
        ),
        quantities=[
            QuantityBase(value=82, unit="deaths", text="82 deaths", start=number, end=number + 9)
        ],
    )
    with session_for(make_engine(url)) as session:
        article, _created = storage.import_article(
            session=session, title=TITLE, text=text, claims=[draft], url=ARTICLE_URL
        )
        article_id = article.id
        assert article_id is not None
        claim_id = storage.list_claims(session=session, article_id=article_id)[0].id or 0
        storage.mark_claim(session=session, claim_id=claim_id, status="disputed", reviewer="ana")
        storage.set_note(session=session, claim_id=claim_id, note=NOTE, reviewer="ana")
    at = PASSAGE.index("82 deaths")
    add_evidence(
        url,
        claim_id=claim_id,
        title=SOURCE_TITLE,
        passage=PASSAGE,
        highlight=(at, at + 9),
        site=f"{RED}site{RLO}",
    )
    return url, article_id, claim_id


# --- import -----------------------------------------------------------------------------------


def test_clean_article_text_removes_escape_sequences_and_controls() -> None:
    cases = {
        f"The {RED}82{RESET}\x1b[0m deaths": "The 82 deaths",
        "a\x1b[38;5;196mb\x1b[1;31;40mc\x1b[?25ld": "abcd",  # 256 colours, private modes
        "title\x1b]0;owned 12\x07 end": "title end",  # an OSC title, ended by BEL
        "link \x1b]8;;https://x.test/9\x1b\\text\x1b]8;;\x1b\\ done": "link text done",
        "cut \x1b]2;unterminated 5\nnext line": "cut \nnext line",
        "charset \x1b(Bset \x1b7saved\x1b8": "charset set saved",
        "bell\a and\x00 nul\x7f \x9b31m": "bell and nul 31m",
        "windows\r\nline\rends": "windows\nline\nends",
        "page one.\x0cpage two\x0bthree": "page one.\npage two\nthree",
        f"kept: tab\there, {RLO}bidi{PDF} and zero{ZWSP}width": (
            f"kept: tab\there, {RLO}bidi{PDF} and zero{ZWSP}width"
        ),
    }
    for raw, cleaned in cases.items():
        assert clean_article_text(raw) == cleaned, raw
        assert clean_article_text(cleaned) == cleaned  # idempotent


def test_numbers_inside_escape_sequences_are_not_quantities() -> None:
    raw = f"Officials said {RED}82 people{CLEAR}\x1b[0m died in \x1b[38;5;196m21 attacks.\x1b[0m"
    assert {q.value for q in extract_quantities(raw)} & {31, 2, 38, 5, 196}  # the problem
    assert [q.value for q in extract_quantities(clean_article_text(raw))] == [82, 21]


def test_import_reads_no_quantities_from_escape_sequences(tmp_path: Path) -> None:
    run = CliRunner()
    db = ["--db", f"sqlite:///{tmp_path}/import.db"]
    raw = (
        f" date 2026-03-02 Port {RESET}council vote\n\n"
        f"The council {RED}approved{CLEAR}\x1b[0m a barrier costing $45 million on Monday.\n"
        f"Officials said 82 people{BELL} died in {RED}21 attacks\x1b[0m since January.\n"
    )
    result = run.invoke(cli, [*db, "import", "-", "--json"], input=raw)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Port council vote"
    claims = json.loads(run.invoke(cli, [*db, "claims", "--json"]).stdout)
    values = sorted(q["value"] for claim in claims for q in claim["quantities"])
    assert values == [21, 82, 45_000_000]
    assert all(hidden_in(claim["text"]) == [] for claim in claims)


# --- how hidden characters are shown ----------------------------------------------------------


def test_reveal_hidden_tags_each_hidden_character() -> None:
    assert reveal_hidden(f"a{RESET}b{CLEAR}") == "a⟨ESC⟩cb⟨ESC⟩[2J"
    assert reveal_hidden(f"{RLO}x{PDF}\u2066y\u2069") == "⟨RLO⟩x⟨PDF⟩⟨LRI⟩y⟨PDI⟩"
    assert reveal_hidden(f"a{ZWSP}b\u200dc\ufeffd\u2060") == "a⟨ZWSP⟩b⟨ZWJ⟩c⟨ZWNBSP⟩d⟨WJ⟩"
    assert reveal_hidden("\x00\x7f\x85\r") == "⟨NUL⟩⟨DEL⟩⟨U+0085⟩⟨CR⟩"
    assert reveal_hidden("lines\nand\ttabs stay") == "lines\nand\ttabs stay"
    assert reveal_hidden(None) == ""


def test_the_app_shows_bidi_and_zero_width_characters_one_for_one() -> None:
    text = f"a{RLO}b{ZWSP}c\u2066d{PDF}\u200de\ufeff"
    shown = printable(text)
    assert len(shown) == len(text)  # offsets computed on the stored text still hold
    assert hidden_in(shown) == []
    assert shown == "a\ufffdb\ufffdc\ufffdd\ufffd\ufffde\ufffd"
    assert hidden_in(one_line(f"{RLO}title{ZWSP}\nnext")) == []


def test_markdown_report_shows_hidden_characters_and_obeys_none(
    hostile: tuple[str, int, int],
) -> None:
    url, article_id, _claim_id = hostile
    with session_for(make_engine(url)) as session:
        report = render_report(session=session, article_id=article_id, fmt="md")
    assert hidden_in(report) == []  # `cat report.md` can no longer reset the terminal
    for tag in TAGS:
        assert tag in report, tag
    assert "# Verification report: Flood⟨ESC⟩c barrier ⟨RLO⟩gpj.exe⟨PDF⟩" in report
    # The article URL with an override in it is shown as text, not as a link.
    assert "<https://example.org/" not in report and "example.org/⟨RLO⟩news" in report


def test_html_report_shows_hidden_characters(hostile: tuple[str, int, int]) -> None:
    url, article_id, _claim_id = hostile
    with session_for(make_engine(url)) as session:
        page = render_report(session=session, article_id=article_id, fmt="html")
    assert hidden_in(page) == []
    for tag in TAGS:
        assert tag in page, tag
    assert "<title>Verification report: Flood⟨ESC⟩c barrier ⟨RLO⟩gpj.exe⟨PDF⟩</title>" in page
    assert "[bold]x[/]" in page
    assert 'href="https://example.org/' not in page


def test_csv_report_shows_hidden_characters(hostile: tuple[str, int, int]) -> None:
    url, article_id, _claim_id = hostile
    with session_for(make_engine(url)) as session:
        report = render_report(session=session, article_id=article_id, fmt="csv")
    assert report.startswith("\ufeff")  # the byte-order mark Excel needs stays
    (row,) = list(csv.DictReader(io.StringIO(report.removeprefix("\ufeff"), newline="")))
    assert all(hidden_in(cell) == [] for cell in row.values())
    assert row["text"] == reveal_hidden(SENTENCE)
    assert row["note"] == reveal_hidden(NOTE)
    assert row["best_source_title"] == "Clerk⟨ESC⟩c minutes ⟨RLO⟩"
    assert row["speaker"] == "Mayor⟨ZWSP⟩ ⟨RLO⟩Duarte"


def test_json_report_keeps_the_text_exactly_as_stored(hostile: tuple[str, int, int]) -> None:
    url, article_id, _claim_id = hostile
    with session_for(make_engine(url)) as session:
        data = json.loads(render_report(session=session, article_id=article_id, fmt="json"))
    assert data["article"]["title"] == TITLE
    assert data["article"]["url"] == ARTICLE_URL
    (claim,) = data["claims"]
    assert claim["text"] == SENTENCE and claim["verdict"]["note"] == NOTE
    assert claim["evidence"][0]["passage"] == PASSAGE
    assert claim["evidence"][0]["source"]["title"] == SOURCE_TITLE


def test_command_line_shows_hidden_characters(hostile: tuple[str, int, int]) -> None:
    url, article_id, claim_id = hostile
    runner = CliRunner()
    outputs = {
        command: runner.invoke(cli, ["--db", url, command, *args]).stdout
        for command, args in [
            ("articles", []),
            ("claims", [str(article_id)]),
            ("evidence", [str(claim_id)]),
            ("history", [str(claim_id)]),
            ("search", [str(claim_id)]),
        ]
    }
    for command, output in outputs.items():
        assert output and hidden_in(output) == [], command
    assert "Flood⟨ESC⟩c barrier ⟨RLO⟩gpj.exe⟨PDF⟩" in outputs["articles"]
    assert "82 deaths ⟨RLO⟩[bold]x[/]⟨ESC⟩c" in outputs["claims"]
    assert "Clerk⟨ESC⟩c minutes ⟨RLO⟩" in outputs["evidence"]
    assert "»82 deaths«⟨ZWSP⟩" in outputs["evidence"]
    assert "clerk ⟨RLO⟩kcab⟨PDF⟩⟨U+009B⟩" in outputs["history"]


def styled_parts(content: Text | Content) -> list[str]:
    """The characters that carry a style, span by span."""
    return [content.plain[span.start : span.end] for span in content.spans]


async def test_app_shows_markup_and_bidi_overrides_as_visible_text(
    hostile: tuple[str, int, int],
) -> None:
    url, article_id, _claim_id = hostile
    app = make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app.main_screen

        sentence = main.query_one("#detail-sentence").visual
        assert sentence.plain == printable(SENTENCE)
        assert MARKUP in sentence.plain and "\ufffd82 deaths\ufffd" in sentence.plain
        assert hidden_in(sentence.plain) == []
        # The only style is the quantity's: "[bold]" made nothing bold.
        assert styled_parts(sentence) == ["82 deaths"]

        note = main.query_one("#detail-note").visual
        assert "clerk \ufffdkcab\ufffd\ufffd" in note.plain and hidden_in(note.plain) == []

        title = main.query_one(ArticleHeader).render_line(0).text
        assert "Flood␛c barrier \ufffdgpj.exe\ufffd" in title and hidden_in(title) == []

        row = main.query_one(ClaimsTable).render_line(1).text
        assert f"\ufffd{MARKUP}␛c" in row and hidden_in(row) == []

        evidence = main.detail.query_one("#evidence-list").get_option_at_index(0).prompt
        assert "Clerk␛c minutes \ufffd" in evidence.plain and hidden_in(evidence.plain) == []

        await pilot.press("t")  # the article view
        await pilot.pause()
        paragraphs = [p.visual for p in main.query_one(ArticleView).query(".paragraph")]
        shown = next(p for p in paragraphs if MARKUP in p.plain)
        assert hidden_in(shown.plain) == []
        assert styled_parts(shown) == [printable(SENTENCE)]  # the claim, and nothing else

        screenshot = app.export_screenshot()
        assert hidden_in(screenshot) == []
        assert "[bold]x[/]" in screenshot


async def test_note_editor_shows_hidden_characters_and_saves_the_note_unchanged(
    hostile: tuple[str, int, int],
) -> None:
    from textual.widgets import TextArea

    url, article_id, claim_id = hostile
    app = make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        area = app.screen.query_one("#note-text", TextArea)
        drawn = "".join(area.render_line(y).text for y in range(area.size.height))
        assert hidden_in(drawn) == []  # the terminal is sent no BEL, override or C1 control
        # (Rich drops the bell before the field draws it; the rest is shown.)
        assert "Checked with the\ufffd clerk \ufffdkcab\ufffd\ufffd" in drawn
        assert area.text == NOTE  # only the drawing changed
        await pilot.press("end", *" ok", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    with session_for(make_engine(url)) as session:
        assert storage.get_claim(session=session, claim_id=claim_id).note == NOTE + " ok"


async def test_attach_dialog_shows_hidden_characters_in_pasted_text(
    hostile: tuple[str, int, int],
) -> None:
    from textual.widgets import Input, TextArea

    url, article_id, _claim_id = hostile
    app = make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        area = app.screen.query_one("#attach-text", TextArea)
        area.text = PASSAGE
        field = app.screen.query_one("#attach-target", Input)
        field.value = f"https://example.org/{RLO}{RESET}x"
        await pilot.pause()
        drawn = "".join(area.render_line(y).text for y in range(area.size.height))
        assert hidden_in(drawn) == [] and "Minutes: ␛[2J82 deaths\ufffd" in drawn
        target = field.render_line(0).text
        assert hidden_in(target) == [] and "example.org/\ufffd␛cx" in target
        assert area.text == PASSAGE
