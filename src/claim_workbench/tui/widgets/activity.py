"""A one-line strip that shows background work (fetching, matching, importing) as it runs."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import LoadingIndicator, Static

from claim_workbench.tui.widgets.rendering import one_line


class ActivityBar(Horizontal):
    """Hidden while idle; `start` shows a moving indicator and what is being done."""

    DEFAULT_CSS = """
    ActivityBar {
        split: bottom;
        height: 1;
        background: $boost;
    }
    ActivityBar #activity-spinner {
        width: 8;
        height: 1;
        min-height: 1;
    }
    ActivityBar #activity-message {
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def compose(self) -> ComposeResult:
        yield LoadingIndicator(id="activity-spinner")
        yield Static(id="activity-message")

    def on_mount(self) -> None:
        self.display = False

    def start(self, message: str) -> None:
        self.query_one("#activity-message", Static).update(Text(one_line(message, 300)))
        self.display = True

    def stop(self) -> None:
        self.display = False

    @property
    def message(self) -> str:
        return str(self.query_one("#activity-message", Static).visual)
