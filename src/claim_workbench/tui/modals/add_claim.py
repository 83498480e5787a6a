"""Adding a claim the extractor missed: words selected in the article, or typed."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static, TextArea

from claim_workbench.tui.modals.dialog import FormDialog
from claim_workbench.tui.widgets.fields import VisibleInput, VisibleTextArea


@dataclass(frozen=True, slots=True)
class AddClaimRequest:
    """The claim's words; ``start`` and ``end`` when they were selected in the article text."""

    text: str
    start: int | None = None
    end: int | None = None


class AddClaimDialog(FormDialog[AddClaimRequest]):
    FORM = "add-claim"
    INCOMPLETE = "Select the claim's words in the article, or type them."
    DEFAULT_CSS = """
    #add-claim-article {
        height: 12;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="add-claim-cancel"),
        Binding("ctrl+s", "submit", "Add claim", id="add-claim-submit"),
        Binding("ctrl+t", "headline", "Type the headline", id="add-claim-headline"),
    ]

    def __init__(self, *, article_text: str, headline: str, near: int = 0, typed: str = "") -> None:
        super().__init__()
        self.article_text = article_text
        self.headline = headline
        self.near = near
        self.typed = typed  # words selected in the article view before the dialog opened

    def compose(self) -> ComposeResult:
        with Vertical(id="add-claim-dialog", classes="dialog"):
            yield Static(Text("Add a claim", style="bold"), classes="dialog-title")
            yield Static(
                Text(
                    "Select its words in the article (Shift+arrows or the mouse) and press "
                    "Ctrl+S, or type them below (Ctrl+T types the headline) and press Enter."
                ),
                classes="hint",
            )
            yield VisibleTextArea(
                self.article_text,
                read_only=True,
                soft_wrap=True,
                show_line_numbers=False,
                id="add-claim-article",
            )
            yield VisibleInput(self.typed, placeholder="…or type the claim", id="add-claim-text")
            yield from self.form_buttons("Add claim")

    def on_mount(self) -> None:
        area = self.query_one("#add-claim-article", TextArea)
        near = min(max(self.near, 0), len(self.article_text))
        area.move_cursor(area.document.get_location_from_index(near), center=True)
        if self.typed:
            field = self.query_one("#add-claim-text", Input)
            field.focus()  # Enter adds what was selected
            field.action_end()
        else:
            area.focus()

    def request(self) -> AddClaimRequest | None:
        typed = " ".join(self.query_one("#add-claim-text", Input).value.split())
        if typed:
            return AddClaimRequest(typed)
        area = self.query_one("#add-claim-article", TextArea)
        selected = area.selected_text
        if not selected.strip():
            return None
        document = area.document
        first, last = sorted((area.selection.start, area.selection.end))
        start = document.get_index_from_location(first)
        end = document.get_index_from_location(last)
        return AddClaimRequest(selected, start, end)

    def action_headline(self) -> None:
        field = self.query_one("#add-claim-text", Input)
        field.value = self.headline
        field.focus()
        field.action_end()
