"""The text filter over the claims table: shown by `/`, filters as you type."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from claim_workbench.tui.widgets.fields import VisibleInput


class FilterBar(VisibleInput):
    """Hidden until `/` gives it the class -shown; Escape clears it and gives focus back.

    It is split off the top of the screen, under the header, as one plain line.
    """

    # Here rather than in workbench.tcss, which is parsed before the first frame: the bar is
    # mounted after it. ":focus" is named so that it outranks Input's own ":focus" border.
    DEFAULT_CSS = """
    FilterBar {
        split: top;
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    FilterBar:focus {
        border: none;
    }
    FilterBar.-shown {
        display: block;
    }
    """

    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", id="filter-clear"),
        Binding("down", "done", "To the table", show=False, id="filter-done"),
    ]

    @dataclass
    class Finished(Message):
        """The reviewer left the filter (Enter, Escape or Down); focus goes back to the table."""

        cleared: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="filter claims: words in the label, sentence or speaker", id=id
        )

    def action_clear_filter(self) -> None:
        self.value = ""
        self.post_message(self.Finished(cleared=True))

    def action_done(self) -> None:
        self.post_message(self.Finished(cleared=False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Finished(cleared=False))
