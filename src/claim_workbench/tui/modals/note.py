"""The note editor: the reviewer's free-text note on a claim."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from claim_workbench.tui.modals.dialog import FormDialog
from claim_workbench.tui.widgets.fields import VisibleTextArea


class NoteEditor(FormDialog[str]):
    """Dismisses with the new note, or None when cancelled or unchanged."""

    DEFAULT_CSS = """
    #note-text {
        height: 8;
    }
    """
    FORM = "note"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note-cancel"),
        Binding("ctrl+s", "submit", "Save note", id="note-save"),
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
            yield from self.form_buttons("Save")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_submit(self) -> None:
        # An unchanged note is not an incomplete one: the dialog closes, with nothing to save.
        note = self.query_one("#note-text", TextArea).text.strip()
        self.dismiss(None if note == self.original.strip() else note)
