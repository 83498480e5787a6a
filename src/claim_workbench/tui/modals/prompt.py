"""A one-line question: a dismissal's reason, a claim's speaker."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from claim_workbench.tui.modals.dialog import FormDialog
from claim_workbench.tui.widgets.fields import VisibleInput


class TextPrompt(FormDialog[str]):
    """Dismisses with the words typed (spaces trimmed), or None when cancelled."""

    FORM = "prompt"
    INCOMPLETE = "Type something, or press Esc to cancel."

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt-cancel"),
    ]

    def __init__(
        self,
        *,
        title: str,
        hint: str,
        value: str = "",
        placeholder: str = "",
        allow_empty: bool = False,
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.hint = hint
        self.value = value
        self.placeholder = placeholder
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog", classes="dialog"):
            # Text, never markup: titles quote claim labels, which come from articles.
            yield Static(Text(self.prompt_title, style="bold"), classes="dialog-title")
            yield VisibleInput(self.value, placeholder=self.placeholder, id="prompt-value")
            yield Static(Text(self.hint), classes="hint")
            yield from self.form_buttons("OK")

    def on_mount(self) -> None:
        field = self.query_one("#prompt-value", Input)
        field.focus()
        field.action_end()

    def request(self) -> str | None:
        value = " ".join(self.query_one("#prompt-value", Input).value.split())
        return value if value or self.allow_empty else None
