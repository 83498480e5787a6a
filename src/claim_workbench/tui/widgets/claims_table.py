"""The claims table: a Line API list that renders only the rows on screen.

DataTable measures every cell of every row when rows are added, which costs seconds for an
article of thousands of claims; here filling the table is building a list, a verdict redraws
one line, and drawing cost depends on the terminal's height, not on the number of claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from claim_workbench.store.views import ClaimView
from claim_workbench.tui.widgets.rendering import (
    SEEN_MARKER,
    STATUS_LABELS,
    STATUS_STYLES,
    one_line,
)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int  # 0: takes the width the others leave


COLUMNS = (
    Column("seen", SEEN_MARKER, 1),
    Column("status", "status", 12),
    Column("score", "score", 5),
    Column("label", "claim", 0),
    Column("kinds", "kinds", 0),
)
GAP = 1
MIN_LABEL_WIDTH = 12
KINDS_WIDTH = 10
KINDS_MAX_WIDTH = 24


def column_widths(total: int) -> list[int]:
    """Fixed columns keep their width, kinds grow a little on wide screens, the label the rest."""
    kinds = max(KINDS_WIDTH, min(KINDS_MAX_WIDTH, total // 5))
    widths = [kinds if column.key == "kinds" else column.width for column in COLUMNS]
    label = max(MIN_LABEL_WIDTH, total - sum(widths) - GAP * (len(COLUMNS) + 1))
    return [width or label for width in widths]


def fit(text: str, width: int) -> str:
    """Exactly ``width`` cells: padded, or cut with an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(width - 1, 0)) + "…"


@lru_cache(maxsize=64)
def _style(definition: str) -> Style:
    return Style.parse(definition) if definition else Style()


def cell_texts(row: ClaimView) -> dict[str, tuple[str, str]]:
    """(text, style) per column; text is already made printable and single-line."""
    seen = ""
    seen_style = ""
    if row.seen_claim_id is not None:
        seen = SEEN_MARKER
        seen_style = "bold magenta" if (row.seen_relation or "same") == "same" else "magenta"
    return {
        "seen": (seen, seen_style),
        "status": (STATUS_LABELS.get(row.status, row.status), STATUS_STYLES.get(row.status, "")),
        "score": (f"{row.check_worthiness:5.2f}", ""),
        "label": (one_line(row.label or row.text, 400), ""),
        "kinds": (one_line(", ".join(row.kinds), 60), "dim"),
    }


class ClaimsTable(ScrollView, can_focus=True, inherit_css=False):
    """Rows of ClaimView, one line each, with a header line and a row cursor.

    inherit_css=False: the table is in the first frame, and taking the CSS of ScrollView, its
    container base and Widget would mean parsing two more stylesheets and Widget's a second
    time (Textual parses a base's CSS again when a deeper subclass registers it), half a
    millisecond before the first paint. The few declarations the table needs of them (the
    scroll overflow and Widget's scrollbar colours) are in its own DEFAULT_CSS; a test checks
    they still agree with Widget's.
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="cursor-up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="cursor-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="page-down"),
        Binding("home", "first", "First claim", show=False, id="first-claim"),
        Binding("end", "last", "Last claim", show=False, id="last-claim"),
    ]
    COMPONENT_CLASSES = {
        "claims-table--header",
        "claims-table--cursor",
        "claims-table--odd",
    }
    DEFAULT_CSS = """
    ClaimsTable {
        overflow-y: auto;
        overflow-x: hidden;
        scrollbar-background: $scrollbar-background;
        scrollbar-background-hover: $scrollbar-background-hover;
        scrollbar-background-active: $scrollbar-background-active;
        scrollbar-color: $scrollbar;
        scrollbar-color-active: $scrollbar-active;
        scrollbar-color-hover: $scrollbar-hover;
        scrollbar-corner-color: $scrollbar-corner-color;
        scrollbar-size-vertical: 2;
    }
    ClaimsTable > .claims-table--header { text-style: bold; background: $panel; }
    ClaimsTable > .claims-table--cursor { background: $block-cursor-blurred-background; }
    ClaimsTable:focus > .claims-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    ClaimsTable > .claims-table--odd { background: $surface-lighten-1 20%; }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class RowHighlighted(Message):
        """The cursor came to rest on a claim."""

        table: ClaimsTable
        claim_id: int

        @property
        def control(self) -> ClaimsTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[ClaimView] = []
        self._index: dict[int, int] = {}  # claim id -> row number
        self._line_cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)

    # --- contents -------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def claim_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def show_claims(self, rows: Sequence[ClaimView], *, keep_claim_id: int | None = None) -> None:
        """Replace the rows, keeping the cursor on ``keep_claim_id`` when it is still listed."""
        self._rows = list(rows)
        self._line_cache.clear()  # labels may have been reloaded, and the zebra moved
        self._index = {row.id: number for number, row in enumerate(self._rows)}
        self.virtual_size = Size(0, len(self._rows) + 1)
        row = self._index.get(keep_claim_id, 0) if keep_claim_id is not None else 0
        self.cursor_row = row
        self.refresh()

    def update_claim(self, row: ClaimView) -> bool:
        """Redraw one row in place; False when the claim is not listed."""
        number = self._index.get(row.id)
        if number is None:
            return False
        self._rows[number] = row
        self.refresh_line(number + 1)
        return True

    def cell_text(self, claim_id: int, column: str) -> str:
        return cell_texts(self._rows[self._index[claim_id]])[column][0]

    @property
    def claim_id_at_cursor(self) -> int | None:
        if not self._rows:
            return None
        return self._rows[min(self.cursor_row, len(self._rows) - 1)].id

    def move_to_claim(self, claim_id: int) -> bool:
        number = self._index.get(claim_id)
        if number is None:
            return False
        self.cursor_row = number
        return True

    # --- the cursor -----------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        # Lines in virtual coordinates: the header is line 0, so row n is line n + 1.
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._scroll_cursor_into_view()
        claim_id = self.claim_id_at_cursor
        if claim_id is not None:
            self.post_message(self.RowHighlighted(self, claim_id))

    def _scroll_cursor_into_view(self) -> None:
        visible = max(self.scrollable_content_region.height - 1, 1)  # less the header
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.cursor_row += step

    def action_page(self, direction: int) -> None:
        self.cursor_row += direction * max(self.scrollable_content_region.height - 2, 1)

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self._rows) - 1

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.cursor_row = int(self.scroll_offset.y) + event.y - 1
            self.focus()

    def watch_has_focus(self, has_focus: bool) -> None:
        # The screen focuses the table as it composes, then restyles every widget when it is
        # first shown: restyling the table for the focus as well would do it twice.
        if self.screen.stack_updates == 0:
            return
        super().watch_has_focus(has_focus)

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self._rows) + 1)

    # --- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        widths = column_widths(width)
        if y == 0:
            style = self.get_component_rich_style("claims-table--header")
            cells = [(column.title, "") for column in COLUMNS]
            return self._strip(cells, widths, style, width)
        number = int(self.scroll_offset.y) + y - 1
        if number >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        row = self._rows[number]
        # Other widgets' updates repaint the whole screen; rows that did not change are reused.
        key = (
            row.id,
            row.version,
            row.status,
            row.seen_claim_id,
            number % 2,
            number == self.cursor_row,
            self.has_focus,
            width,
            self.app.theme,
        )
        cached = self._line_cache.get(key)
        if cached is not None:
            return cached
        strip = self._render_row(row, number, widths, width)
        self._line_cache[key] = strip
        return strip

    def _render_row(self, row: ClaimView, number: int, widths: list[int], width: int) -> Strip:
        texts = cell_texts(row)
        if number == self.cursor_row:
            base = self.get_component_rich_style("claims-table--cursor")
        elif number % 2:
            base = self.get_component_rich_style("claims-table--odd")
        else:
            base = self.rich_style
        return self._strip([texts[column.key] for column in COLUMNS], widths, base, width)

    def _strip(
        self, cells: list[tuple[str, str]], widths: list[int], base: Style, width: int
    ) -> Strip:
        gap = Segment(" " * GAP, base)
        segments = [gap]
        for (text, style), cell_width, column in zip(cells, widths, COLUMNS, strict=True):
            shown = fit(text, cell_width)
            if column.key == "score":
                shown = shown.strip().rjust(cell_width)
            segments.append(Segment(shown, base + _style(style)))
            segments.append(gap)
        return Strip(segments).adjust_cell_length(width, base)
