"""The article text, paragraph by paragraph, with the selected claim's sentence highlighted."""

from __future__ import annotations

import re

from textual.containers import VerticalScroll
from textual.widgets import Static

from claim_workbench.tui.widgets.rendering import CLAIM_STYLE, highlighted

_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs (runs of non-empty lines) of ``text``."""
    return [(match.start(), match.end()) for match in _PARAGRAPH.finditer(text)]


class ArticleView(VerticalScroll):
    """Built when first shown; highlighting a claim restyles only the paragraphs it touches."""

    DEFAULT_CSS = """
    ArticleView {
        border: round $secondary 50%;
        padding: 0 1;
        height: 1fr;
    }
    ArticleView:focus-within {
        border: round $secondary;
    }
    ArticleView .paragraph {
        margin-bottom: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._spans: list[tuple[int, int]] = []
        self._built_for: int | None = None
        self._lit: list[int] = []

    def show_article(self, article_id: int | None, text: str) -> None:
        """Lay out the paragraphs of the article, unless they are already there."""
        if article_id == self._built_for and self.children:
            return
        self.remove_children()
        self._text = text
        self._spans = paragraph_spans(text)
        self._built_for = article_id
        self._lit = []
        self.mount_all(
            Static(highlighted(text[start:end], []), classes="paragraph")
            for start, end in self._spans
        )

    def highlight_claim(self, start: int, end: int) -> None:
        """Style the claim's characters and scroll its first paragraph into view."""
        paragraphs = list(self.query(".paragraph").results(Static))
        for index in self._lit:
            if index < len(paragraphs):
                para_start, para_end = self._spans[index]
                paragraphs[index].update(highlighted(self._text[para_start:para_end], []))
        self._lit = []
        for index, (para_start, para_end) in enumerate(self._spans):
            if para_end <= start or para_start >= end or index >= len(paragraphs):
                continue
            self._lit.append(index)
            paragraphs[index].update(
                highlighted(
                    self._text[para_start:para_end],
                    [(start - para_start, end - para_start, CLAIM_STYLE)],
                )
            )
        if self._lit:
            self.call_after_refresh(
                self.scroll_to_widget, paragraphs[self._lit[0]], animate=False, top=True
            )

    @property
    def lit_paragraphs(self) -> list[int]:
        """Indices of the paragraphs that hold the highlighted claim."""
        return list(self._lit)
