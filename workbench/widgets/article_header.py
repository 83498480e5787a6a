"""The top line: the article's title on the left, its date and review progress on the right."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from workbench.widgets.rendering import one_line


def header_line(title: str, progress: str, width: int) -> Text:
    """One line of ``width`` cells; the title gives way (ellipsis) before the progress does."""
    title, progress = one_line(title, 300), one_line(progress, 200)
    room = max(width - cell_len(progress) - 4, 1)  # a cell of padding around each part
    shown_title = Text(title, style="bold", end="")
    shown_title.truncate(room, overflow="ellipsis")
    gap = max(width - 4 - shown_title.cell_len - cell_len(progress), 1)
    line = Text(" ", end="", no_wrap=True)
    line.append_text(shown_title)
    line.append(" " * (gap + 2))
    line.append(progress, style="dim")
    return line


class ArticleHeader(Widget):
    """One widget drawing one line, rather than a row of two: it is in the first frame."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = "Claim workbench"
        self.progress = ""

    def show(self, *, title: str, progress: str) -> None:
        self.title_text, self.progress = title, progress
        self.refresh()

    def render(self) -> Text:
        # Plain Text, never markup: titles come from articles.
        return header_line(self.title_text, self.progress, self.size.width)
