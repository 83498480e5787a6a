"""The claims table: one row per claim, updated cell by cell when a claim changes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, ColumnKey, RowDoesNotExist, RowKey

from db.models import Claim
from workbench.widgets.rendering import SEEN_MARKER, one_line, status_text

SEEN_WIDTH = 1
STATUS_WIDTH = 12
SCORE_WIDTH = 5
KINDS_WIDTH = 10
MIN_LABEL_WIDTH = 16
# What the label cell keeps of a label: more than any screen is wide, so widening the
# column shows more, and far less than a pathological label could make us measure.
LABEL_KEEP = 160


def seen_cell(claim: Claim) -> Text:
    if claim.seen_claim_id is None:
        return Text(" ")
    style = "bold magenta" if (claim.seen_relation or "same") == "same" else "magenta"
    return Text(SEEN_MARKER, style=style)


def score_cell(claim: Claim) -> Text:
    return Text(f"{claim.check_worthiness:.2f}", justify="right")


def label_cell(claim: Claim) -> Text:
    return Text(one_line(claim.label or claim.text, LABEL_KEEP), no_wrap=True, overflow="ellipsis")


def kinds_cell(claim: Claim) -> Text:
    return Text(
        one_line(", ".join(claim.kinds), KINDS_WIDTH),
        style="dim",
        no_wrap=True,
        overflow="ellipsis",
    )


class ClaimsTable(DataTable[Text]):
    """Claims keyed by their id; cells are Rich Text, so article text is never parsed as markup."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.add_column(Text("◆"), key="seen", width=SEEN_WIDTH)
        self.add_column(Text("status"), key="status", width=STATUS_WIDTH)
        self.add_column(Text("score"), key="score", width=SCORE_WIDTH)
        self.add_column(Text("claim"), key="label", width=MIN_LABEL_WIDTH)
        self.add_column(Text("kinds"), key="kinds", width=KINDS_WIDTH)
        self._fit_label_column()

    def on_resize(self) -> None:
        self._fit_label_column()

    def _fit_label_column(self) -> None:
        """Give the label column whatever width the fixed columns leave."""
        if not self.columns:
            return
        padding = 2 * self.cell_padding
        fixed = sum(
            column.width + padding
            for key, column in self.columns.items()
            if key != ColumnKey("label")
        )
        scrollbar = 2 if self.show_vertical_scrollbar else 0
        available = self.scrollable_content_region.width or self.size.width
        width = max(MIN_LABEL_WIDTH, available - fixed - padding - scrollbar)
        label = self.columns[ColumnKey("label")]
        if label.width != width:
            label.width = width
            # The table recomputes its virtual size on idle when asked; there is no public
            # call for "a fixed column changed width", so ask the way add_column does.
            self._require_update_dimensions = True
            self.refresh()

    def show_claims(self, claims: Sequence[Claim], *, keep_claim_id: int | None = None) -> None:
        """Replace the rows, keeping the cursor on ``keep_claim_id`` when it is still listed."""
        self.clear()
        for claim in claims:
            self.add_row(
                seen_cell(claim),
                status_text(claim.status),
                score_cell(claim),
                label_cell(claim),
                kinds_cell(claim),
                key=str(claim.id),
            )
        if keep_claim_id is not None:
            self.move_to_claim(keep_claim_id)

    def update_claim(self, claim: Claim) -> bool:
        """Refresh one row's cells in place; False when the claim is not shown."""
        key = RowKey(str(claim.id))
        try:
            self.update_cell(key, "status", status_text(claim.status))
            self.update_cell(key, "seen", seen_cell(claim))
            self.update_cell(key, "label", label_cell(claim))
        except CellDoesNotExist:
            return False
        return True

    def move_to_claim(self, claim_id: int) -> bool:
        try:
            row = self.get_row_index(RowKey(str(claim_id)))
        except RowDoesNotExist:
            return False
        self.move_cursor(row=row, animate=False, scroll=True)
        return True

    @property
    def claim_id_at_cursor(self) -> int | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return int(key.value) if key.value is not None else None
