"""The frame every dialog shares: centred, bordered, scrolling when the terminal is small."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal whose content sits in a container with the class ``dialog``.

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
