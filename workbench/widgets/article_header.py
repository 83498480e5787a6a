"""The top line: the article's title on the left, its date and review progress on the right."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from workbench.widgets.rendering import one_line


class ArticleHeader(Horizontal):
    """The title gives way (ellipsis) before the progress summary does."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Claim workbench"), id="header-title")
        yield Static(Text(""), id="header-progress")

    def show(self, *, title: str, progress: str) -> None:
        self.query_one("#header-title", Static).update(Text(one_line(title, 300)))
        self.query_one("#header-progress", Static).update(Text(one_line(progress, 200)))

    @property
    def progress(self) -> str:
        return str(self.query_one("#header-progress", Static).visual)
