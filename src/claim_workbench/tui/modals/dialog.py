"""The frame every dialog shares: centred, bordered, scrolling when the terminal is small."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from claim_workbench.tui.messages import ScreenBecameReady

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal whose content sits in a container with the class ``dialog``.

    Keys typed right after the key that opened it (the first words of a note, a path) are
    held by the app until the dialog has mounted and focused its field (takes_keys), then
    handled: they would otherwise reach a screen with nothing focused and be lost.

    Its look lives here rather than in workbench.tcss: the stylesheet is parsed before the
    first frame, and no dialog is on it.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog .dialog {
        width: 80%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
        /* A small terminal scrolls the dialog rather than cutting its buttons off. */
        overflow-y: auto;
    }
    Dialog .dialog-title {
        margin-bottom: 1;
    }
    Dialog .hint {
        color: $text-muted;
        margin-top: 1;
    }
    Dialog .dialog-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    Dialog .dialog-buttons Button {
        margin-left: 2;
    }
    """

    takes_keys = False

    def on_mount(self) -> None:
        # After the subclass's on_mount (Textual calls it first) has asked for its focus.
        self.call_after_refresh(self._take_keys)

    def _take_keys(self) -> None:
        self.takes_keys = True
        self.post_message(ScreenBecameReady())


class FormDialog(Dialog[ResultType]):
    """A dialog filled in, then submitted: Enter in a one-line field, the key each dialog binds
    to ``submit`` (Ctrl+S) or its first button submits; Esc or Cancel dismisses with None.

    A subclass names its buttons (``FORM``: "note" gives #note-ok and #note-close), reads its
    fields in ``request`` (None when they do not say enough) and says what is missing then
    (``INCOMPLETE``).
    """

    FORM = "form"
    INCOMPLETE = "Fill in the dialog, or press Esc to cancel."

    def request(self) -> ResultType | None:
        raise NotImplementedError

    def form_buttons(self, submit: str) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button(submit, variant="primary", id=f"{self.FORM}-ok")
            yield Button("Cancel", id=f"{self.FORM}-close")

    def action_submit(self) -> None:
        request = self.request()
        if request is None:
            self.notify(self.INCOMPLETE, severity="warning")
            return
        self.dismiss(request)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == f"{self.FORM}-ok":
            self.action_submit()
        else:
            self.action_cancel()
