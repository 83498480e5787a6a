"""Text fields that show hidden characters instead of sending them to the terminal.

Textual's Input and TextArea draw their text as it is: an ESC in a pasted source or in a note
adopted from another claim would reach the terminal and be obeyed (``ESC c`` resets it), and a
right-to-left override would reorder the rest of the line. These subclasses draw each control,
bidi and zero-width character as a visible stand-in (see ``printable``); what the field holds,
and what is saved, is unchanged.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input, TextArea

from claim_workbench.text.clean import has_hidden
from claim_workbench.tui.widgets.rendering import printable


def visible_strip(strip: Strip) -> Strip:
    """``strip`` with hidden characters drawn visibly, at its own width.

    They take no cell as drawn by the field, their stand-ins one each: the line is cut back to
    its width, so a field with hidden characters loses as many cells at its right edge.
    """
    if not any(has_hidden(segment.text) for segment in strip if not segment.control):
        return strip
    width = strip.cell_length
    shown = Strip(
        segment if segment.control else Segment(printable(segment.text), segment.style)
        for segment in strip
    )
    return shown.crop(0, width).adjust_cell_length(width)


class VisibleInput(Input):
    """An Input that draws control, bidi and zero-width characters visibly."""

    def render_line(self, y: int) -> Strip:
        return visible_strip(super().render_line(y))


class VisibleTextArea(TextArea):
    """A TextArea that draws control, bidi and zero-width characters visibly."""

    def render_line(self, y: int) -> Strip:
        return visible_strip(super().render_line(y))
