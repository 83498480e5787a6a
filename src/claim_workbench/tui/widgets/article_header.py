"""The top line: the article's title on the left, its date and review progress on the right."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from claim_workbench.tui.widgets.rendering import one_line

# The title keeps at least this many cells (or all of itself) before the progress is shortened.
MIN_TITLE_CELLS = 32
BOLD, DIM = Style(bold=True), Style(dim=True)


def header_parts(title: str, progress: str | Sequence[str], width: int) -> tuple[str, str, str]:
    """One line of ``width`` cells, as (title, gap, progress): the title on the left, the
    progress on the right, a cell of padding at either end (in the gap's count, not its text).

    ``progress`` may give shorter forms after the full one; the first that leaves the title
    MIN_TITLE_CELLS (at 80 columns the full summary would leave it two letters) is used. The
    title gives way (ellipsis) before the progress does.
    """
    title = one_line(title, 300)
    forms = [progress] if isinstance(progress, str) else list(progress)
    wanted = min(cell_len(title), MIN_TITLE_CELLS)
    chosen = one_line(forms[-1], 200) if forms else ""
    for form in forms:
        if width - cell_len(one_line(form, 200)) - 4 >= wanted:
            chosen = one_line(form, 200)
            break
    room = max(width - cell_len(chosen) - 4, 1)  # a cell of padding around each part
    if cell_len(title) > room:
        title = set_cell_size(title, room - 1) + "…"
    gap = max(width - 2 - cell_len(title) - cell_len(chosen), 1)
    return title, " " * gap, chosen


def header_line(title: str, progress: str | Sequence[str], width: int) -> str:
    """The header's line as plain text (see header_parts)."""
    shown_title, gap, shown_progress = header_parts(title, progress, width)
    return f" {shown_title}{gap}{shown_progress} "


class ArticleHeader(Widget):
    """One widget drawing one line, rather than a row of two: it is in the first frame, so it
    draws its line as segments (the Line API) rather than through render()'s Content
    pipeline, which costs a third of a millisecond more before the first paint."""

    # Here rather than in workbench.tcss (parsed before the first frame): the header is
    # mounted just after it, split off the top of the screen.
    DEFAULT_CSS = """
    ArticleHeader {
        split: top;
        height: 1;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = "Claim workbench"
        self.progress = ""  # the full summary; shorter forms follow in progress_forms
        self.progress_forms: tuple[str, ...] = ("",)

    def show(self, *, title: str, progress: str | Sequence[str]) -> None:
        """``progress``: the full summary, optionally followed by shorter forms of it."""
        forms = (progress,) if isinstance(progress, str) else tuple(progress)
        self.title_text, self.progress, self.progress_forms = title, forms[0], forms
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        if y:
            return Strip.blank(width, base)
        # Plain strings as segments, never markup: titles come from articles.
        title, gap, progress = header_parts(self.title_text, self.progress_forms, width)
        segments = [
            Segment(" ", base),
            Segment(title, base + BOLD),
            Segment(gap, base),
            Segment(progress, base + DIM),
        ]
        return Strip(segments).adjust_cell_length(width, base)
