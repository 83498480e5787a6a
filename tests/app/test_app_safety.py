"""Hostile text (markup, ANSI escapes, a very long line) is shown as text and breaks nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import ClaimBase, QuantityBase
from claim_workbench.tui.app import make_app
from claim_workbench.tui.widgets.article_header import ArticleHeader
from claim_workbench.tui.widgets.article_view import ArticleView
from claim_workbench.tui.widgets.claims_table import ClaimsTable
from claim_workbench.tui.widgets.rendering import (
    QUANTITY_STYLE,
    claim_sentence,
    one_line,
    passage_excerpt,
    printable,
)
from tests.support.app_data import add_evidence, store_article

MARKUP = "[bold red]"
ANSI = "\x1b[31m\x1b[2J"
LONG_WORD = "x" * 5000

HOSTILE_SENTENCE = f"Officials {MARKUP}counted{ANSI} 82 deaths in {LONG_WORD} waters [/]."
HOSTILE_TITLE = f"{MARKUP}Title{ANSI} with a bell\a"


@pytest.fixture
def hostile_db(tmp_path: Path) -> tuple[str, int, int]:
    url = f"sqlite:///{tmp_path}/t.db"
    text = f"Intro line.\n\n{HOSTILE_SENTENCE}\n\nA calm closing paragraph."
    start = text.index(HOSTILE_SENTENCE)
    number = start + HOSTILE_SENTENCE.index("82")
    draft = storage.ClaimDraft(
        claim=ClaimBase(
            position=0,
            text=HOSTILE_SENTENCE,
            start=start,
            end=start + len(HOSTILE_SENTENCE),
            label=f"{MARKUP}82 deaths{ANSI}{LONG_WORD}",
            kinds=["quantity", MARKUP],
            check_worthiness=0.9,
            speaker=f"{MARKUP}someone{ANSI}",
        ),
        quantities=[QuantityBase(value=82, unit="deaths", text="82", start=number, end=number + 2)],
    )
    with session_for(make_engine(url)) as session:
        article_id = store_article(session, title=HOSTILE_TITLE, text=text, drafts=[draft])
        claim_id = storage.list_claims(session=session, article_id=article_id)[0].id or 0
    passage = f"A source says {MARKUP}82 deaths{ANSI} {LONG_WORD} and more."
    at = passage.index("82 deaths")
    add_evidence(
        url,
        claim_id=claim_id,
        title=f"{MARKUP}Source{ANSI}",
        passage=passage,
        highlight=(at, at + 9),
        site=f"{ANSI}site",
    )
    return url, article_id, claim_id


def styled_parts(content: object) -> list[str]:
    """The characters that carry a style, span by span."""
    plain = content.plain  # type: ignore[attr-defined]
    return [plain[span.start : span.end] for span in content.spans]  # type: ignore[attr-defined]


def test_printable_keeps_offsets_and_defuses_control_characters() -> None:
    text = f"a{ANSI}b\tc\r\n\x7f\x9b"
    shown = printable(text)
    assert len(shown) == len(text)
    assert "\x1b" not in shown and "\x9b" not in shown and "\t" not in shown
    assert shown.startswith("a␛[31m␛[2Jb c \n")
    assert one_line("two\nlines", 5) == "two …"


def test_markup_in_text_stays_literal_and_adds_no_style() -> None:
    text = claim_sentence(
        text=HOSTILE_SENTENCE,
        offset=0,
        quantity_spans=[(HOSTILE_SENTENCE.index("82"),) * 2],
        quote=None,
    )
    assert MARKUP in text.plain
    assert text.spans == []  # an empty quantity span styles nothing
    quantity_start = HOSTILE_SENTENCE.index("82")
    text = claim_sentence(
        text=HOSTILE_SENTENCE,
        offset=0,
        quantity_spans=[(quantity_start, quantity_start + 2)],
        quote=None,
    )
    assert [(s.start, s.end, str(s.style)) for s in text.spans] == [
        (quantity_start, quantity_start + 2, QUANTITY_STYLE)
    ]
    assert isinstance(text, Text) and text.plain[quantity_start : quantity_start + 2] == "82"


def test_long_passages_are_cut_around_the_highlight() -> None:
    passage = "a" * 3000 + "MATCH" + "b" * 3000
    excerpt = passage_excerpt(passage, 3000, 3005, limit=200)
    assert len(excerpt.text) <= 202
    assert excerpt.text[excerpt.highlight_start : excerpt.highlight_end] == "MATCH"


async def test_hostile_article_and_source_render_as_text(hostile_db: tuple[str, int, int]) -> None:
    url, article_id, _claim_id = hostile_db
    app = make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app.main_screen

        sentence = main.query_one("#detail-sentence").visual
        assert MARKUP in sentence.plain and "\x1b" not in sentence.plain
        assert "␛[31m" in sentence.plain
        assert styled_parts(sentence) == ["82"]  # the quantity, nothing from the markup

        # The header draws the title as text: the markup shows, and styles nothing.
        header = main.query_one(ArticleHeader)
        title = header.render_line(0)
        assert title.text.startswith(f" {MARKUP}Title") and "\x1b" not in title.text
        # One colour throughout (the theme's), styled only bold (title) and dim (progress).
        assert {segment.style.color for segment in title if segment.style} == {
            header.rich_style.color
        }
        assert not any(segment.style.italic or segment.style.reverse for segment in title)

        evidence = main.detail.query_one("#evidence-list").get_option_at_index(0).prompt
        assert MARKUP in evidence.plain and "\x1b" not in evidence.plain
        assert "red" not in " ".join(str(span.style) for span in evidence.spans)
        assert "82 deaths" in styled_parts(evidence)

        # The very long label does not widen the table past its pane.
        table = main.query_one(ClaimsTable)
        assert table.max_scroll_x == 0
        row_line = table.render_line(1).text
        assert len(row_line) == table.scrollable_content_region.width
        assert MARKUP in row_line and "\x1b" not in row_line

        await pilot.press("t")  # the article view with its 5,000-character line
        await pilot.pause()
        paragraphs = [p.visual for p in main.query_one(ArticleView).query(".paragraph")]
        hostile = next(p for p in paragraphs if MARKUP in p.plain)
        assert "\x1b" not in hostile.plain
        # Only the claim's own characters are styled: the markup added nothing.
        assert styled_parts(hostile) == [HOSTILE_SENTENCE.replace("\x1b", "␛")]
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running

        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot
        assert "[bold&#160;red]" in screenshot


CLICK = "[@click=app.quit]quit[/]"
PALETTE_SENTENCE = f"Officials {CLICK} counted 82 drownings, [$accent]says[/] [B]a[/B] [/] report."


@pytest.fixture
def palette_db(tmp_path: Path) -> tuple[str, int]:
    url = f"sqlite:///{tmp_path}/palette.db"
    text = f"Intro line.\n\n{PALETTE_SENTENCE}\n"
    start = text.index(PALETTE_SENTENCE)
    draft = storage.ClaimDraft(
        claim=ClaimBase(
            position=0,
            text=PALETTE_SENTENCE,
            start=start,
            end=start + len(PALETTE_SENTENCE),
            label=f"82 drownings {CLICK} [/]",
            kinds=["quantity"],
            check_worthiness=0.9,
        ),
        quantities=[],
    )
    with session_for(make_engine(url)) as session:
        article_id = store_article(session, title="Palette", text=text, drafts=[draft])
    return url, article_id


async def test_palette_shows_hostile_claim_text_as_text(palette_db: tuple[str, int]) -> None:
    from textual.command import CommandList

    url, article_id = palette_db
    app = make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"drownings")
        await pilot.pause(0.5)
        assert app.is_running  # a "[/]" read as markup raised MarkupError here
        commands = app.screen.query_one(CommandList)
        prompts = [
            commands.get_option_at_index(index).prompt for index in range(commands.option_count)
        ]
        hit = next(prompt for prompt in prompts if "82 drownings" in prompt.plain)
        # Label and sentence appear character for character; none of it became a style or
        # a clickable action.
        assert f"82 drownings {CLICK} [/]" in hit.plain
        assert PALETTE_SENTENCE in hit.plain
        styles = " ".join(str(span.style) for span in hit.spans)
        assert "click" not in styles and "accent" not in styles and "B" not in styles.split()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.main_screen.table.claim_id_at_cursor is not None
