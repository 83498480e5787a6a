"""The help screen: every key of the main screen and what it does."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from claim_workbench.tui.modals.dialog import Dialog


def bindings_text(bindings: Sequence[tuple[str, str]]) -> Text:
    """One line per (key, description), keys aligned in a column."""
    width = max((len(key) for key, _ in bindings), default=0)
    text = Text(end="")
    for index, (key, description) in enumerate(bindings):
        if index:
            text.append("\n")
        text.append(key.ljust(width + 2), style="bold")
        text.append(description)
    return text


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
    #help-dialog {
        height: 90%;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="help-close"),
        Binding("question_mark", "close", "Close", show=False, id="help-close-again"),
        Binding("q", "close", "Close", show=False, id="help-close-q"),
    ]

    def __init__(self, *, bindings: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.bindings = list(bindings)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(Text("Keys (Esc to close)", style="bold"), classes="dialog-title")
            yield Static(bindings_text(self.bindings), id="help-keys")
            yield Static(
                Text(
                    "u takes back your own last action in this article, whatever it was "
                    "(press it again for the one before), unless a colleague has changed "
                    "that claim since; U only resets the verdict to unreviewed."
                ),
                classes="hint",
            )
            yield Static(
                Text(
                    "Evidence: [ and ] step through the passages and stop at the first and "
                    "last; b opens the highlighted passage's source in your browser, O shows "
                    "the text stored when it was attached; s sets a stance (4 clears it), X "
                    "removes the passage (u puts it back). o opens another article. F finds "
                    "sources for the claim (stored sources, and the search providers you "
                    "configured): Enter attaches one, Space marks several."
                ),
                classes="hint",
            )
            yield Static(
                Text(
                    "Ctrl+P opens the command palette: the same actions, "
                    "and type a claim's words to jump to it."
                ),
                classes="hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)
