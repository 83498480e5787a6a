"""The frame every dialog shares: centred, bordered, scrolling when the terminal is small."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

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
