"""The note editor: the reviewer's free-text note on a claim."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static, TextArea

from claim_workbench.tui.modals.dialog import Dialog
from claim_workbench.tui.widgets.fields import VisibleTextArea


class NoteEditor(Dialog[str | None]):
    DEFAULT_CSS = """
    #note-text {
        height: 8;
    }
    """

    """Dismisses with the new note, or None when cancelled or unchanged."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note-cancel"),
        Binding("ctrl+s", "save", "Save note", id="note-save"),
    ]

    def __init__(self, *, note: str) -> None:
        super().__init__()
        self.original = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(
                Text("Note on this claim (Ctrl+S to save, Esc to cancel)"), classes="dialog-title"
            )
            yield VisibleTextArea(self.original, id="note-text", soft_wrap=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="note-ok")
                yield Button("Cancel", id="note-close")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        note = self.query_one("#note-text", TextArea).text.strip()
        self.dismiss(None if note == self.original.strip() else note)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-ok":
            self.action_save()
        else:
            self.action_cancel()
