"""The attach dialog: a URL, a file path, or pasted text to attach as a source."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static, TextArea

from claim_workbench.tui.modals.dialog import FormDialog
from claim_workbench.tui.widgets.fields import VisibleInput, VisibleTextArea
from claim_workbench.tui.widgets.rendering import one_line


@dataclass(frozen=True, slots=True)
class AttachRequest:
    """Exactly one of the two is set."""

    target: str | None = None  # URL or file path
    pasted_text: str | None = None
    pasted_title: str | None = None  # for pasted text only
    pasted_origin: str | None = None  # where pasted text came from


class AttachDialog(FormDialog[AttachRequest]):
    FORM = "attach"
    INCOMPLETE = "Give a URL or a file path, or paste some text."
    DEFAULT_CSS = """
    #attach-text {
        height: 6;
    }
    #attach-pasted-about {
        height: auto;
    }
    #attach-pasted-about Input {
        width: 1fr;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="attach-cancel"),
        Binding("ctrl+s", "submit", "Attach", id="attach-submit"),
    ]

    def __init__(self, *, claim_label: str) -> None:
        super().__init__()
        self.claim_label = claim_label

    def compose(self) -> ComposeResult:
        with Vertical(id="attach-dialog", classes="dialog"):
            heading = Text("Attach a source to ", style="bold", end="")
            heading.append(one_line(self.claim_label, 70), style="bold italic")
            yield Static(heading, classes="dialog-title")
            yield VisibleInput(
                placeholder="https://… (several: separate with spaces) or a file path, Enter",
                id="attach-target",
            )
            yield Static(Text("…or paste the source text (Ctrl+S to attach):"), classes="hint")
            yield VisibleTextArea(id="attach-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(id="attach-pasted-about"):
                yield VisibleInput(placeholder="Title of the pasted text", id="attach-title")
                yield VisibleInput(
                    placeholder="Where it came from (e.g. ministry press office email)",
                    id="attach-origin",
                )
            yield from self.form_buttons("Attach")

    def on_mount(self) -> None:
        self.query_one("#attach-target", Input).focus()

    def request(self) -> AttachRequest | None:
        target = self.query_one("#attach-target", Input).value.strip()
        pasted = self.query_one("#attach-text", TextArea).text
        if target:
            return AttachRequest(target=target)
        if pasted.strip():
            title = self.query_one("#attach-title", Input).value.strip()
            origin = self.query_one("#attach-origin", Input).value.strip()
            return AttachRequest(
                pasted_text=pasted, pasted_title=title or None, pasted_origin=origin or None
            )
        return None
