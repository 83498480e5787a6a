"""The open dialog: another stored article, or a file or URL to import."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from claim_workbench.store.models import Article
from claim_workbench.tui.modals.dialog import Dialog
from claim_workbench.tui.widgets.fields import VisibleInput
from claim_workbench.tui.widgets.rendering import format_when, one_line


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """Exactly one of the two is set."""

    article_id: int | None = None
    import_target: str | None = None


def article_option(article: Article, claim_count: int) -> Option:
    prompt = Text(one_line(article.title, 90), style="bold", end="")
    prompt.append(
        f"\n{format_when(article.published)} · {claim_count} claims · #{article.id}", style="dim"
    )
    return Option(prompt, id=str(article.id))


class OpenDialog(Dialog[OpenRequest | None]):
    """Opens at once; the stored articles are listed when the screen has read them (show_articles),
    so keys typed right after `o` land here (in the path field) rather than on the claims."""

    DEFAULT_CSS = """
    #open-articles {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="open-cancel")]

    def __init__(self, *, articles: list[tuple[Article, int]] | None = None) -> None:
        super().__init__()
        self.articles = articles  # None until read

    def compose(self) -> ComposeResult:
        with Vertical(id="open-dialog", classes="dialog"):
            yield Static(Text("Open an article", style="bold"), classes="dialog-title")
            # select_on_focus off: a letter typed on the list is put here before the focus
            # arrives, and selecting it then would let the next letter replace it.
            yield VisibleInput(
                placeholder="import a file path or URL (Enter)",
                id="open-target",
                select_on_focus=False,
            )
            yield Static(self._list_hint(), classes="hint", id="open-hint")
            yield OptionList(id="open-articles")

    def _list_hint(self) -> Text:
        if self.articles is None:
            return Text("Reading the stored articles…")
        if not self.articles:
            return Text("No stored articles yet.")
        return Text("…or pick a stored article (Enter):")

    def on_mount(self) -> None:
        self.query_one("#open-target", Input).focus()
        if self.articles is not None:
            self.show_articles(self.articles)

    def show_articles(self, articles: list[tuple[Article, int]]) -> None:
        self.articles = articles
        self.query_one("#open-hint", Static).update(self._list_hint())
        options = self.query_one("#open-articles", OptionList)
        options.clear_options()
        options.add_options([article_option(article, count) for article, count in articles])
        # To the list, unless the reviewer has started typing a path meanwhile.
        if articles:
            options.highlighted = 0  # the newest
            if not self.query_one("#open-target", Input).value:
                options.focus()

    def show_list_unavailable(self) -> None:
        self.query_one("#open-hint", Static).update(
            Text("The stored articles could not be read; a path or URL can still be imported.")
        )

    def on_key(self, event: events.Key) -> None:
        # Letters typed on the list start a path: the list has no use for them.
        if event.is_printable and event.character and isinstance(self.focused, OptionList):
            target = self.query_one("#open-target", Input)
            target.focus()
            target.insert_text_at_cursor(event.character)
            event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(OpenRequest(article_id=int(event.option.id)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        target = event.value.strip()
        if not target:
            self.notify("Give a file path or a URL to import.", severity="warning")
            return
        self.dismiss(OpenRequest(import_target=target))

    def action_cancel(self) -> None:
        self.dismiss(None)
