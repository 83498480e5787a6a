"""The export dialog: pick a report format and where to write it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs
from rich.text import Text
from sqlalchemy.engine import URL
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, RadioButton, RadioSet, Static

from claim_workbench.report.formats import FORMATS, report_format
from claim_workbench.store.engine import default_db_path, sqlite_file
from claim_workbench.tui.modals.dialog import FormDialog
from claim_workbench.tui.widgets.fields import VisibleInput


@dataclass(frozen=True, slots=True)
class ExportRequest:
    fmt: str
    path: Path


def default_report_path(*, article_id: int, fmt: str, folder: Path) -> Path:
    return folder / f"report-{article_id}{report_format(fmt).suffix}"


def default_report_folder(database: URL) -> Path:
    """Where a report goes unless the reviewer says otherwise: beside the database when it is
    a SQLite file of their choosing (the review's own folder), else their documents folder
    (home when there is none). Never the folder the workbench happened to start in, nor the
    hidden data folder that holds the default database."""
    path = sqlite_file(database) if database.get_backend_name() == "sqlite" else None
    if path is not None:
        folder = path.expanduser().resolve().parent
        if folder != default_db_path().resolve().parent and folder.is_dir():
            return folder
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


class FormatChoice(RadioSet):
    """The formats; Enter takes the highlighted one and exports (Space only chooses it)."""

    BINDINGS = [Binding("enter", "export", "Export", show=False, id="export-format-enter")]

    @dataclass
    class Chosen(Message):
        fmt: str

    def action_export(self) -> None:
        # The highlighted button (what the arrows moved to), else the pressed one.
        index = self._selected if self._selected is not None else self.pressed_index
        buttons = list(self.query(RadioButton))
        if 0 <= index < len(buttons):
            self.post_message(
                self.Chosen((buttons[index].id or "").removeprefix("format-") or FORMATS[0].name)
            )


class ExportDialog(FormDialog[ExportRequest]):
    FORM = "export"
    INCOMPLETE = "Give a file to write the report to."
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export-cancel"),
        Binding("ctrl+s", "submit", "Export", id="export-submit"),
    ]

    def __init__(self, *, article_id: int, folder: Path) -> None:
        super().__init__()
        self.article_id = article_id
        self.folder = folder
        self.fmt = FORMATS[0].name

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static(
                Text("Export the verification report", style="bold"), classes="dialog-title"
            )
            with FormatChoice(id="export-format"):
                for index, entry in enumerate(FORMATS):
                    yield RadioButton(
                        Text(entry.name),
                        value=index == 0,
                        id=f"format-{entry.name}",
                        tooltip=entry.label,
                    )
            yield Static(
                Text("Enter exports (Space only picks a format). Write to:"), classes="hint"
            )
            yield VisibleInput(str(self._default_path()), id="export-path")
            yield from self.form_buttons("Export")

    def _default_path(self) -> Path:
        return default_report_path(article_id=self.article_id, fmt=self.fmt, folder=self.folder)

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._choose((event.pressed.id or "").removeprefix("format-") or FORMATS[0].name)

    def on_format_choice_chosen(self, event: FormatChoice.Chosen) -> None:
        event.stop()
        self._choose(event.fmt)
        self.action_submit()

    def _choose(self, fmt: str) -> None:
        path_input = self.query_one("#export-path", Input)
        # Follow the format with the suggested name unless the reviewer typed their own.
        suggested = str(self._default_path())
        self.fmt = fmt
        if path_input.value.strip() in ("", suggested):
            path_input.value = str(self._default_path())

    def request(self) -> ExportRequest | None:
        path = self.query_one("#export-path", Input).value.strip()
        return ExportRequest(fmt=self.fmt, path=Path(path).expanduser()) if path else None
