"""The find dialog (F): the query built from a claim, the candidates the search providers offer
as they arrive, and Enter (or Space to mark several, then Enter) to attach them.

The search itself is review.find's FindSearch, which the screen builds (``open_search``, in a
thread: it reads the claim); the providers are awaited in this dialog's worker, so closing the
dialog cancels them. It dismisses with the candidates to attach, or None.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from claim_workbench.review.state import EXPECTED_ERRORS
from claim_workbench.text.tokens import tokenize, word_spans
from claim_workbench.tui.modals.dialog import Dialog
from claim_workbench.tui.widgets.fields import VisibleInput
from claim_workbench.tui.widgets.rendering import (
    PASSAGE_MATCH_STYLE,
    format_when,
    highlighted,
    one_line,
    passage_excerpt,
)

if TYPE_CHECKING:
    from claim_workbench.acquisition.providers.base import Candidate
    from claim_workbench.review.find import FindSearch, RankedCandidate

SNIPPET_LIMIT = 240
HINT = "↑↓ choose · Enter attach · Space mark several · Tab edit the query · Esc close"


def claim_word_spans(text: str, claim: str) -> list[tuple[int, int]]:
    """Where ``text`` has a word of the claim (as the matcher sees words: stemmed, stopwords
    left out, number words as digits)."""
    terms = set(tokenize(claim))
    return [
        (start, end)
        for start, end in word_spans(text)
        if any(term in terms for term in tokenize(text[start:end]))
    ]


def candidate_key(candidate: Candidate) -> str:
    """One per address, or per stored passage (as review.find ranks them)."""
    if candidate.source_id is not None:
        return f"stored:{candidate.source_id}:{candidate.start}:{candidate.end}"
    return f"url:{candidate.url or candidate.title}"


def candidate_prompt(ranked: RankedCandidate, *, claim: str, marked: bool) -> Text:
    """Two lines: the mark, title, site, date, provider and score; the snippet with the
    claim's words highlighted. All of it untrusted text, styled, never markup."""
    candidate = ranked.candidate
    line = Text(end="")
    line.append("[x] " if marked else "[ ] ", style="bold" if marked else "dim")
    line.append(one_line(candidate.title or candidate.url or "untitled", 70), style="bold")
    published = format_when(candidate.published) if candidate.published else ""
    details = [one_line(part, 40) for part in (candidate.site, published) if part]
    details.append(one_line(", ".join((candidate.provider, *ranked.also_from)), 40))
    line.append("  " + " · ".join(details), style="dim")
    line.append(f"  score {ranked.match.score:.0f}", style="bold")
    if ranked.attached:
        line.append("  attached", style="green")
    if candidate.rating:
        by = one_line(candidate.site or candidate.provider, 40)
        line.append(f"\nfact-checked before by {by}: ", style="yellow")
        line.append(one_line(candidate.rating, 40), style="bold yellow")
    snippet = ranked.match.passage.text.replace("\n", " ")
    if snippet:
        excerpt = passage_excerpt(
            snippet, ranked.match.highlight_start, ranked.match.highlight_end, limit=SNIPPET_LIMIT
        )
        spans = [
            (start, end, PASSAGE_MATCH_STYLE)
            for start, end in claim_word_spans(excerpt.text, claim)
        ]
        line.append("\n")
        line.append_text(highlighted(excerpt.text, spans))
    return line


def shown_order(ranked: Iterable[RankedCandidate]) -> list[RankedCandidate]:
    """Earlier fact-checks of the claim first, then the rest by evidence score."""
    ranked = list(ranked)
    return [r for r in ranked if r.candidate.rating] + [r for r in ranked if not r.candidate.rating]


# Shown when a search finds nothing.
NOTHING_STORED = (
    "Nothing found among the stored sources. Tab edits the query; a web search provider "
    "(SearxNG, Brave, Wikipedia, Fact Check Tools) searches beyond them once configured "
    "(README: Finding evidence)."
)
NOTHING_FOUND = "Nothing found. Tab edits the query."


class FindDialog(Dialog["list[Candidate] | None"]):
    DEFAULT_CSS = """
    #find-dialog {
        max-width: 120;
        width: 95%;
        height: 90%;
    }
    #find-bar {
        height: auto;
    }
    #find-query {
        width: 1fr;
    }
    #find-progress {
        height: auto;
        margin-top: 1;
    }
    #find-candidates {
        height: 1fr;
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="find-cancel"),
        Binding("space", "toggle_mark", "Mark", id="find-mark"),
    ]

    def __init__(
        self, *, claim_label: str, open_search: Callable[[str | None], FindSearch]
    ) -> None:
        super().__init__()
        self.claim_label = claim_label
        self.open_search = open_search
        self.search: FindSearch | None = None
        self.progress: dict[str, str] = {}  # provider -> one line
        self.hint: str | None = None  # what to try when nothing was found
        self.shown: list[RankedCandidate] = []
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical(id="find-dialog", classes="dialog"):
            heading = Text("Find sources for ", style="bold", end="")
            heading.append(one_line(self.claim_label, 80), style="bold italic")
            yield Static(heading, classes="dialog-title")
            with Horizontal(id="find-bar"):
                yield VisibleInput(placeholder="query (Enter searches)", id="find-query")
                yield Button("Search", id="find-run")
            yield Static(Text("Building the query…"), id="find-progress")
            yield OptionList(id="find-candidates")
            yield Static(Text(HINT), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#find-candidates", OptionList).focus()
        self.run_search(None)

    # --- searching ---------------------------------------------------------------------

    @on(Input.Submitted, "#find-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._search_again()

    @on(Button.Pressed, "#find-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._search_again()

    def _search_again(self) -> None:
        text = " ".join(self.query_one("#find-query", Input).value.split())
        if not text:
            self.notify("Type some words to search for.", severity="warning")
            return
        built = self.search.query.text if self.search is not None else None
        self.run_search(None if text == built and not self.search_edited else text)

    @property
    def search_edited(self) -> bool:
        return self.search is not None and self.search.query.edited

    @work(exclusive=True, group="find", exit_on_error=False, description="Finding sources")
    async def run_search(self, query_text: str | None) -> None:
        import claim_workbench.acquisition.providers as providers  # httpx: once F is pressed

        self.shown, self.marked = [], set()
        self.hint = None
        self.query_one("#find-candidates", OptionList).clear_options()
        try:
            search = await asyncio.to_thread(self.open_search, query_text)
        except EXPECTED_ERRORS as error:
            self.progress = {}
            self._show_progress(Text(one_line(str(error), 200), style="red"))
            return
        self.search = search
        query = self.query_one("#find-query", Input)
        if query.value != search.query.text:
            query.value = search.query.text
        self.progress = {name: "searching…" for name in search.asked}
        self.progress.update(search.errors)
        self._show_progress()
        if search.arrived:  # earlier fact-checks of the claim, found before any provider
            self._show_candidates(search.ranked())
        async for event in search.events():
            if isinstance(event, providers.Failed):
                self.progress[event.provider] = event.message
            elif isinstance(event, providers.Finished):
                if event.provider not in search.errors:
                    noun = "result" if event.count == 1 else "results"
                    self.progress[event.provider] = f"{event.count} {noun}"
            else:
                self._show_candidates(search.ranked())
                continue
            self._show_progress()
        if not self.shown:
            self.hint = NOTHING_STORED if search.asked == ["stored"] else NOTHING_FOUND
            self._show_progress()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Anything unexpected still reaches the reviewer as a line in the dialog.
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self._show_progress(Text(f"The search failed: {one_line(str(error), 160)}", "red"))

    def _show_progress(self, text: Text | None = None) -> None:
        if text is None:
            text = Text(end="")
            for index, (name, state) in enumerate(self.progress.items()):
                if index:
                    text.append("\n")
                failed = name in (self.search.errors if self.search else {})
                text.append(f"{name}: ", style="bold")
                text.append(one_line(state, 160), style="red" if failed else "dim")
            if self.hint:
                text.append(f"\n{self.hint}", style="italic")
        self.query_one("#find-progress", Static).update(text)

    def _show_candidates(self, ranked: list[RankedCandidate]) -> None:
        options = self.query_one("#find-candidates", OptionList)
        highlighted_at = options.highlighted
        keep = (
            candidate_key(self.shown[highlighted_at].candidate)
            if highlighted_at is not None and highlighted_at < len(self.shown)
            else None
        )
        self.shown = shown_order(ranked)
        self._fill(options)
        keys = [candidate_key(r.candidate) for r in self.shown]
        options.highlighted = keys.index(keep) if keep in keys else 0

    def _fill(self, options: OptionList) -> None:
        claim = self.search.ranker.claim_text if self.search is not None else ""
        options.clear_options()
        options.add_options(
            [
                Option(
                    candidate_prompt(
                        ranked, claim=claim, marked=candidate_key(ranked.candidate) in self.marked
                    ),
                    id=str(index),
                )
                for index, ranked in enumerate(self.shown)
            ]
        )

    # --- choosing ----------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        options = self.query_one("#find-candidates", OptionList)
        at = options.highlighted
        if at is None or at >= len(self.shown):
            return
        key = candidate_key(self.shown[at].candidate)
        self.marked.symmetric_difference_update({key})
        self._fill(options)
        options.highlighted = at

    @on(OptionList.OptionSelected, "#find-candidates")
    def _candidate_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = [r for r in self.shown if candidate_key(r.candidate) in self.marked]
        if not chosen:
            chosen = [self.shown[event.option_index]]
        new = [r.candidate for r in chosen if not r.attached]
        if not new:
            self.notify("Already attached to this claim.", severity="warning")
            return
        if len(new) < len(chosen):
            self.notify(f"{len(chosen) - len(new)} already attached: not attached again.")
        self.workers.cancel_group(self, "find")
        self.dismiss(new)

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "find")
        self.dismiss(None)
