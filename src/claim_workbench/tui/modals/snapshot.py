"""The stored snapshot of a source: the text the workbench extracted and matched, as plain text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from claim_workbench.tui.modals.dialog import Dialog
from claim_workbench.tui.widgets.rendering import format_when, one_line, printable


class SnapshotView(Dialog[None]):
    """Scrolls through a source's stored text; Escape closes. Nothing in it is markup."""

    DEFAULT_CSS = """
    #snapshot-dialog {
        height: 90%;
        max-width: 110;
    }
    #snapshot-text {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="snapshot-close"),
        Binding("q", "close", "Close", show=False, id="snapshot-close-q"),
    ]

    def __init__(
        self,
        *,
        title: str | None,
        address: str | None,
        fetched_at: object,
        sha256: str,
        text: str,
    ) -> None:
        super().__init__()
        self.source_title = title
        self.address = address
        self.fetched_at = fetched_at
        self.sha256 = sha256
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="snapshot-dialog", classes="dialog"):
            heading = Text("Stored text of ", style="bold", end="")
            heading.append(one_line(self.source_title or self.address or "pasted text", 90))
            heading.append("  (Esc to close)", style="dim")
            yield Static(heading, classes="dialog-title")
            about = Text(end="", style="dim")
            if self.address:
                about.append(one_line(self.address, 200) + "\n")
            when = format_when(self.fetched_at) if self.fetched_at else "unknown"  # type: ignore[arg-type]
            about.append(f"stored {when} · sha256 {self.sha256[:16]}… · {len(self.text)} chars")
            yield Static(about, classes="hint")
            # printable(): control and bidi characters shown, never sent to the terminal.
            yield Static(Text(printable(self.text), end=""), id="snapshot-text")

    def on_mount(self) -> None:
        self.query_one("#snapshot-dialog").focus()

    def action_close(self) -> None:
        self.dismiss(None)
