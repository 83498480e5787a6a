"""The stance picker: does this passage support, contradict, or give context to the claim?"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from claim_workbench.tui.modals.dialog import Dialog
from claim_workbench.tui.widgets.rendering import one_line

STANCES = ("supports", "contradicts", "context")
# The picker's last choice: take the reviewer's stance back (store.storage.set_stance's "none").
CLEAR = "none"


class StancePicker(Dialog[str | None]):
    DEFAULT_CSS = """
    #stance-options {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="stance-cancel"),
        Binding("1", "pick('supports')", "Supports", id="stance-supports"),
        Binding("2", "pick('contradicts')", "Contradicts", id="stance-contradicts"),
        Binding("3", "pick('context')", "Context", id="stance-context"),
        Binding("4", "pick('none')", "Clear the stance", id="stance-clear"),
    ]

    def __init__(self, *, current: str | None, suggested: str | None, source_title: str) -> None:
        super().__init__()
        self.current = current
        self.suggested = suggested
        self.source_title = source_title

    def compose(self) -> ComposeResult:
        with Vertical(id="stance-dialog", classes="dialog"):
            title = Text("Your stance on the passage from ", style="bold", end="")
            title.append(one_line(self.source_title, 60), style="bold italic")
            yield Static(title, classes="dialog-title")
            if self.suggested:
                yield Static(
                    Text(f"The matcher suggests: {one_line(self.suggested, 20)}", style="dim"),
                    classes="hint",
                )
            yield OptionList(
                *(
                    Option(Text(f"{number}  {stance}"), id=stance)
                    for number, stance in enumerate(STANCES, start=1)
                ),
                Option(
                    Text(f"{len(STANCES) + 1}  none (clear your stance)", style="dim"), id=CLEAR
                ),
                id="stance-options",
            )

    def on_mount(self) -> None:
        options = self.query_one("#stance-options", OptionList)
        start = self.current or self.suggested
        options.highlighted = STANCES.index(start) if start in STANCES else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, stance: str) -> None:
        self.dismiss(stance)

    def action_cancel(self) -> None:
        self.dismiss(None)
