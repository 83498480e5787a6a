"""A one-line question: a dismissal's reason, a claim's speaker."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from claim_workbench.tui.modals.dialog import Dialog
from claim_workbench.tui.widgets.fields import VisibleInput


class TextPrompt(Dialog[str | None]):
    """Dismisses with the words typed (spaces trimmed), or None when cancelled."""

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
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="prompt-ok")
                yield Button("Cancel", id="prompt-close")

    def on_mount(self) -> None:
        field = self.query_one("#prompt-value", Input)
        field.focus()
        field.action_end()

    def action_submit(self) -> None:
        value = " ".join(self.query_one("#prompt-value", Input).value.split())
        if not value and not self.allow_empty:
            self.notify("Type something, or press Esc to cancel.", severity="warning")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "prompt-ok":
            self.action_submit()
        else:
            self.action_cancel()
