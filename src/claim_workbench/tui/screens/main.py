"""The main screen: the claims table, the selected claim's details, and the keys of a review.

It shows and asks; the rules live in the headless review layer (review/): ReviewState (the
claims shown, our writes in flight, what a failed one puts back), ReviewWriter (one write at a
time, in a thread), AttachJob (a source or a batch of them, cancellable) and the corrections.
MainScreen has the bindings, the layout and the message handlers; what the keys do is in the
modules beside it, one per kind of key (verdict_keys, source_keys, correction_keys,
article_keys), over ReviewView (review_view: what they read and show). To add a key: a
binding here, an action in the keys module it belongs to (or a new one, added to the bases
below) that opens its modal, and a thin worker that calls review/.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher, Footer
from textual.worker import Worker, WorkerState

from claim_workbench.store import reads as queries
from claim_workbench.store import storage
from claim_workbench.store.views import ClaimView as ClaimRow  # the name the screen uses
from claim_workbench.tui.messages import ClaimsChangedElsewhere, ScreenBecameReady
from claim_workbench.tui.screens.article_keys import ArticleKeys
from claim_workbench.tui.screens.correction_keys import CorrectionKeys
from claim_workbench.tui.screens.listing import SORT_NAMES, ClaimFilter, next_status_filter
from claim_workbench.tui.screens.review_view import WIDE_FROM
from claim_workbench.tui.screens.source_keys import SourceKeys
from claim_workbench.tui.screens.verdict_keys import VerdictKeys
from claim_workbench.tui.widgets.activity import ActivityBar
from claim_workbench.tui.widgets.article_header import ArticleHeader
from claim_workbench.tui.widgets.article_view import ArticleView
from claim_workbench.tui.widgets.claim_detail import ClaimDetail
from claim_workbench.tui.widgets.claims_table import ClaimsTable
from claim_workbench.tui.widgets.filter_bar import FilterBar
from claim_workbench.tui.widgets.rendering import one_line

# Actions that need widgets mounted after the first frame (see MainScreen._mount_rest).
NEEDS_FULL_SCREEN = frozenset(
    {
        "set_stance",
        "attach",
        "cancel_attach",
        "evidence",
        "toggle_article",
        "filter_text",
        "clear_filters",
        "open_article",
        "remove_evidence",
        "add_claim",
        "open_source",
        "show_snapshot",
        "find",
    }
)

# Priority bindings (they act before the focused widget sees the key), which the filter bar
# must still get as letters.
TYPED_IN_THE_FILTER = frozenset(
    {
        "filter_text",
        "edit_note",
        "attach",
        "set_stance",
        "export",
        "open_article",
        "dismiss_claim",
        "add_claim",
        "change_speaker",
        "find",
    }
)

VERDICT_KEYS = Binding.Group("Verdict", compact=True)


class MainScreen(VerdictKeys, SourceKeys, CorrectionKeys, ArticleKeys):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]
    AUTO_FOCUS = "#claims"

    BINDINGS = [
        # One footer entry for the three verdicts ("vdi Verdict"): with them spelled out, an
        # 80-column footer had no room left for Filter, Help and Quit.
        Binding("v", "mark('verified')", "Verified", id="mark-verified", group=VERDICT_KEYS),
        Binding("d", "mark('disputed')", "Disputed", id="mark-disputed", group=VERDICT_KEYS),
        Binding(
            "i",
            "mark('inconclusive')",
            "Inconclusive",
            id="mark-inconclusive",
            group=VERDICT_KEYS,
        ),
        # u takes back the reviewer's own last action (of any kind); U resets the verdict.
        Binding("u", "undo", "Undo your last action", show=False, id="undo"),
        Binding("U", "mark('unreviewed')", "Reset to unreviewed", show=False, id="mark-unreviewed"),
        Binding(
            "x",
            "dismiss_claim",
            "Dismiss as not a claim",
            show=False,
            id="dismiss-claim",
            priority=True,
        ),
        Binding("c", "add_claim", "Add a claim", show=False, id="add-claim", priority=True),
        Binding(
            "p", "change_speaker", "Change speaker", show=False, id="change-speaker", priority=True
        ),
        Binding("X", "remove_evidence", "Remove passage", show=False, id="remove-passage"),
        Binding("n", "edit_note", "Note", id="edit-note", priority=True),
        Binding("a", "attach", "Attach", id="attach-source", priority=True),
        Binding("F", "find", "Find sources", show=False, id="find-sources", priority=True),
        Binding("s", "set_stance", "Stance", id="set-stance", priority=True),
        Binding("A", "adopt", "Adopt earlier verdict", show=False, id="adopt-verdict"),
        Binding("t", "toggle_article", "Text", id="toggle-article"),
        Binding("r", "toggle_sort", "Sort", show=False, id="toggle-sort"),
        # Priority (here and for the keys that open a dialog): run as soon as the app reads
        # the key. Otherwise a fast typist's "/dui" reaches the table as one burst, before "/"
        # has moved the focus, and d, u and i mark claims; and the first words of a note typed
        # right after "n" are lost. (check_action lets these keys through to the filter bar.)
        Binding("slash", "filter_text", "Filter", id="filter-text", priority=True),
        Binding("f", "cycle_status_filter", "Status filter", show=False, id="filter-status"),
        Binding(
            "right_square_bracket", "evidence(1)", "Next passage", show=False, id="next-passage"
        ),
        Binding(
            "left_square_bracket", "evidence(-1)", "Previous passage", show=False, id="prev-passage"
        ),
        Binding("e", "export", "Export", show=False, id="export-report", priority=True),
        Binding("o", "open_article", "Open", show=False, id="open-article", priority=True),
        # The highlighted passage's source: b in the system browser, O its stored text.
        Binding("b", "open_source", "Source in browser", show=False, id="open-source"),
        Binding("O", "show_snapshot", "Stored text of the source", show=False, id="show-snapshot"),
        Binding("escape", "clear_filters", "Clear filters", show=False, id="clear-filters"),
        Binding("ctrl+x", "cancel_attach", "Cancel fetch", show=False, id="cancel-attach"),
        Binding("R", "retry_save", "Save the unsaved change again", show=False, id="retry-save"),
    ]

    def compose(self) -> ComposeResult:
        # Only what the first frame shows: the claims table, straight on the screen. The header
        # line, the filter bar, the detail pane, the activity strip and the footer are mounted
        # right after it (_mount_rest): every widget costs the first frame a share of Textual's
        # set-up (registering, styling, laying out), and reviewers come for the claims. The
        # header's line is left free meanwhile, so nothing moves when it arrives. The table is
        # the only focusable widget, so it gets the focus.
        yield ClaimsTable(id="claims")

    def on_mount(self) -> None:
        self.title = "Claim workbench"
        self.sub_title = "loading…"
        if not self.initial_import:
            self._open_first_screenful(self.initial_article_id)
        self.call_after_refresh(self._mount_rest)

    async def _mount_rest(self) -> None:
        """The widgets the first frame does without, mounted once it has been painted."""
        # Mount order is the order they are split off the edges: the header takes the top line
        # (freed in the same step, so the table does not move), the filter bar goes under it,
        # the footer to the bottom line and the activity strip above it.
        header = ArticleHeader(id="header")
        self.remove_class("-awaiting-header")
        self.mount(header, before=self.table)
        self._update_header()
        await self.mount(FilterBar(id="filter-bar"), after=header)
        await self.mount_all(
            [
                ContentSwitcher(
                    ClaimDetail(id="detail"),
                    ArticleView(id="article"),
                    initial="detail",
                    id="right-pane",
                ),
                Footer(compact=True),
                ActivityBar(id="activity"),
            ]
        )
        self.fully_mounted = True
        self.post_message(ScreenBecameReady())  # the app handles the keys typed meanwhile
        self.refresh_bindings()
        self._show_current_claim()
        if self.initial_import:
            self.import_article(self.initial_import)
        if self.refresh_seconds > 0:
            self.set_interval(self.refresh_seconds, self.check_for_changes, name="refresh")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys that use the detail pane, the filter bar or the activity strip wait for them
        # (a few milliseconds after the first frame).
        if action in NEEDS_FULL_SCREEN and not self.fully_mounted:
            return False
        if action in TYPED_IN_THE_FILTER and isinstance(self.focused, FilterBar):
            return False  # typed in the filter, the key is part of the words
        return True

    @on(ClaimsTable.RowHighlighted, "#claims")
    def _claim_highlighted(self, event: ClaimsTable.RowHighlighted) -> None:
        self.show_claim(event.claim_id)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def check_for_changes(self) -> None:
        """Pick up what other reviewers (or other processes) wrote since we last looked."""
        article = self.article
        if article is None or article.id is None:
            return
        known = self.review.known_versions()
        try:
            with self.session() as session:
                marker = queries.change_marker(
                    connection=session.connection(), article_id=article.id
                )
                if marker == self.review.marker:
                    return
                changed = queries.claims_changed_since(
                    session=session, article_id=article.id, known=known
                )
        except SQLAlchemyError as error:
            self.app.call_from_thread(self._database_failed, storage.database_trouble(error))
            return
        self.review.marker = marker
        if changed:
            self.post_message(ClaimsChangedElsewhere(changed))

    def on_claims_changed_elsewhere(self, message: ClaimsChangedElsewhere) -> None:
        changes = self.review.changed_elsewhere(message.claims)
        for row in changes.rows:
            self.table.update_claim(row)
            if row.id == self.table.claim_id_at_cursor:
                self.show_claim(row.id)
        if changes.added:
            self._show_rows(keep_claim_id=self.table.claim_id_at_cursor)
        self._update_header()
        if changes.colleagues:
            who = ", ".join(sorted(one_line(name, 30) for name in changes.colleagues))
            self.notify(f"Claims updated by {who}.", title="Changes from colleagues", markup=False)

    def action_toggle_article(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if switcher.current == "article":
            switcher.current = "detail"
            return
        if self.article is None:
            self.notify("No article open.", severity="warning")
            return
        text = self.article.text
        if text is None:
            # A long article's text comes with the rest of its claims, just after the start.
            self.notify("The article's text is still being read.", severity="warning")
            return
        switcher.current = "article"
        self.query_one(ArticleView).show_article(self.article.id, text)
        claim = self.current_claim
        if claim is not None:
            self.call_after_refresh(self._highlight_in_article, claim)

    def action_toggle_sort(self) -> None:
        self.sort = "score" if self.sort == "position" else "position"
        self._show_rows(keep_claim_id=self.table.claim_id_at_cursor)
        self.notify(f"Sorted by {SORT_NAMES[self.sort]}.", timeout=2)

    def action_cycle_status_filter(self) -> None:
        status = next_status_filter(self.claim_filter.status)
        self.claim_filter = ClaimFilter(status=status, words=self.claim_filter.words)
        self._show_rows(keep_claim_id=self.table.claim_id_at_cursor)

    def action_filter_text(self) -> None:
        bar = self.query_one(FilterBar)
        bar.add_class("-shown")
        # At once, not bar.focus() (which waits for the message queue): the next key of a
        # burst is handed to whatever has the focus when the app reads it.
        self.set_focus(bar)

    @on(FilterBar.Changed, "#filter-bar")
    def _filter_typed(self, event: FilterBar.Changed) -> None:
        self.claim_filter = ClaimFilter(status=self.claim_filter.status, words=event.value)
        self._show_rows(keep_claim_id=self.table.claim_id_at_cursor)

    @on(FilterBar.Finished)
    def _filter_finished(self, event: FilterBar.Finished) -> None:
        bar = self.query_one(FilterBar)
        if not bar.value:
            bar.remove_class("-shown")
        self.table.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Anything unexpected still reaches the reviewer as a line, not a silent failure.
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self._report_error(event.worker.description or "Something failed", event.worker.error)

    def palette_claims(self) -> Iterable[ClaimRow]:
        """The claims the palette can jump to (action jump_to_claim), in article order."""
        return sorted(self.claims.values(), key=lambda claim: claim.position)
