"""The main screen: the claims table, the selected claim's details, and every review action."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer
from textual.worker import Worker, WorkerState, get_current_worker

from claim_workbench.acquisition.errors import SourceError
from claim_workbench.review.state import (
    ChangeKind,
    ClaimWrites,
    DatabaseHealth,
    QueuedWrite,
    UnsavedChange,
    VersionSeen,
    not_saved_message,
)
from claim_workbench.store import reads as queries
from claim_workbench.store import storage
from claim_workbench.store.models import VERDICTS, Article, Claim, ClaimStatus, Evidence, Source
from claim_workbench.store.views import ClaimDetails
from claim_workbench.store.views import ClaimView as ClaimRow  # the name this screen uses
from claim_workbench.tui.messages import (
    ArticleImported,
    ArticleLoaded,
    ClaimConflicted,
    ClaimCorrected,
    ClaimSaved,
    ClaimsChangedElsewhere,
    ReportExported,
    ScreenBecameReady,
    SourceAttached,
    StanceSaved,
)
from claim_workbench.tui.modals.add_claim import AddClaimDialog, AddClaimRequest
from claim_workbench.tui.modals.attach import AttachDialog, AttachRequest
from claim_workbench.tui.modals.export import ExportDialog, ExportRequest, default_report_folder
from claim_workbench.tui.modals.note import NoteEditor
from claim_workbench.tui.modals.open_article import OpenDialog, OpenRequest
from claim_workbench.tui.modals.prompt import TextPrompt
from claim_workbench.tui.modals.snapshot import SnapshotView
from claim_workbench.tui.modals.stance import StancePicker
from claim_workbench.tui.screens.corrections import (
    attach_batch_title,
    unsupported_verdict_warning,
)
from claim_workbench.tui.screens.listing import (
    SORT_NAMES,
    ClaimFilter,
    next_status_filter,
    status_counts,
    visible_claims,
)
from claim_workbench.tui.widgets.activity import ActivityBar
from claim_workbench.tui.widgets.article_header import ArticleHeader
from claim_workbench.tui.widgets.article_view import ArticleView
from claim_workbench.tui.widgets.claim_detail import ClaimDetail
from claim_workbench.tui.widgets.claims_table import ClaimsTable
from claim_workbench.tui.widgets.filter_bar import FilterBar
from claim_workbench.tui.widgets.rendering import (
    format_short_summary,
    format_summary,
    format_tiny_summary,
    format_when,
    one_line,
)

if TYPE_CHECKING:
    from claim_workbench.evidence.copies import Fingerprint
    from claim_workbench.review.services import AttachCancel
    from claim_workbench.tui.app import WorkbenchApp

T = TypeVar("T")

# Claims read before the first paint: as many as the terminal has lines (the table cannot show
# more), at least this many; the rest are read in a thread worker after it.
FIRST_SCREENFUL = 24

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
    }
)

# Expected failures: one line for the reviewer, never a traceback.
EXPECTED_ERRORS = (storage.StorageError, SourceError, OSError, ValueError)

# After the database failed, how often the screen asks whether it answers again.
PROBE_SECONDS = 1.0
NOT_SAVED_TITLES = {
    "busy": "Database busy",
    "unreachable": "Database unreachable",
    "failed": "Database error",
}


VERDICT_KEYS = Binding.Group("Verdict", compact=True)

# From this width the table and the detail pane sit side by side.
WIDE_FROM = 110


class MainScreen(Screen[None]):
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

    def __init__(
        self,
        *,
        article_id: int | None,
        import_target: str | None,
        refresh_seconds: float,
    ) -> None:
        # The breakpoint class is there from the start: Textual adds it on the first resize,
        # which would otherwise style every widget of the first frame a second time.
        # -awaiting-header keeps the header's line free until the header is mounted.
        breakpoint = "-wide" if self.app.size.width >= WIDE_FROM else "-narrow"
        super().__init__(classes=f"{breakpoint} -awaiting-header")
        self.initial_article_id = article_id
        self.initial_import = import_target
        self.refresh_seconds = refresh_seconds
        self.article: queries.ArticleView | None = None
        self.claims: dict[int, ClaimRow] = {}
        self.sort = "position"
        self.claim_filter = ClaimFilter()
        self.marker: queries.ChangeMarker | None = None
        self.loading_rest = False  # True while only the first screenful of claims is listed
        # Our own writes queue up in key-press order; each expects the version the reviewer
        # saw, or the one our write ahead of it makes, so a colleague's change in between
        # is refused rather than overwritten. `writes` keeps that bookkeeping and what to put
        # back when a write fails; `unsaved` is the change R saves again.
        self._write_lock = asyncio.Lock()
        self.writes: ClaimWrites[ClaimRow] = ClaimWrites()
        self.unsaved: UnsavedChange | None = None
        # Whether the database answers; while it does not, a timer asks every PROBE_SECONDS.
        self.database = DatabaseHealth()
        self._probe_timer: Timer | None = None
        # Copy detection's fingerprints by source id: a stored source's text never changes.
        self._copy_fingerprints: dict[int, Fingerprint] = {}
        # Set while a source is being matched and stored: that runs in a thread, which
        # cancelling the worker would not stop; Ctrl+X cancels it through this instead.
        self._storing: AttachCancel | None = None
        # A batch of sources being stored one by one; Ctrl+X skips the rest.
        self._batch_running = False
        self._batch_cancelled = False
        # Counts show_claim calls, so a slow read for a claim left behind is not shown.
        self._detail_request = 0
        # False until _mount_rest has added what the first frame leaves out.
        self.fully_mounted = False

    @property
    def takes_keys(self) -> bool:
        """Keys wait (WorkbenchApp.hold_keys) until the first frame's missing parts are in."""
        return self.fully_mounted

    @property
    def workbench(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    # --- layout ---------------------------------------------------------------------------

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

    @property
    def table(self) -> ClaimsTable:
        return self.query_one(ClaimsTable)

    @property
    def detail(self) -> ClaimDetail:
        return self.query_one(ClaimDetail)

    @property
    def activity(self) -> ActivityBar:
        return self.query_one(ActivityBar)

    @property
    def current_claim(self) -> ClaimRow | None:
        claim_id = self.table.claim_id_at_cursor
        return self.claims.get(claim_id) if claim_id is not None else None

    # --- reading --------------------------------------------------------------------------

    def _screenful(self) -> int:
        """How many claims fill the table: reading more before the first paint only delays it."""
        return max(FIRST_SCREENFUL, self.app.size.height)

    def _read(self, read: Callable[[Session], T]) -> T:
        with self.workbench.session() as session:
            return read(session)

    def _read_plain(self, read: Callable[[Connection], T]) -> T:
        """For the plain-SQL reads in queries: a connection alone (no ORM session) is less to
        set up before the first paint."""
        with self.workbench.engine.connect() as connection:
            return read(connection)

    def _open_first_screenful(self, article_id: int | None) -> None:
        """At start: take one screenful (one small query), paint it, read the rest after."""
        try:
            first = self._read_plain(
                lambda connection: queries.load_article(
                    connection=connection, article_id=article_id, first=self._screenful()
                )
            )
        except EXPECTED_ERRORS as error:
            self._report_error("Cannot open the article", error)
            first = queries.LoadedArticle(None, [], None)
        self.marker = first.marker
        self.on_article_loaded(ArticleLoaded(first.article, first.claims, complete=first.complete))
        if not first.complete and first.article is not None:
            self.call_after_refresh(self.load_article, first.article.id, first_screenful=False)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="Reading")
    def load_article(self, article_id: int | None, *, first_screenful: bool = True) -> None:
        """Send the first screenful at once, then the rest: a long article paints fast."""
        try:
            loaded = self._read_plain(
                lambda connection: queries.load_article(
                    connection=connection,
                    article_id=article_id,
                    first=self._screenful() if first_screenful else None,
                )
            )
            if not loaded.complete and loaded.article is not None:
                # Wait until the screen has taken the first rows, so that reading the rest
                # does not compete with the first paint.
                painted = threading.Event()
                self.app.call_from_thread(
                    self._show_first_rows,
                    ArticleLoaded(loaded.article, loaded.claims, complete=False),
                    painted,
                )
                painted.wait(timeout=1.0)
                loaded = self._read_plain(
                    lambda connection: queries.load_article(
                        connection=connection,
                        article_id=loaded.article.id if loaded.article else None,
                    )
                )
        except EXPECTED_ERRORS as error:
            self.app.call_from_thread(self._report_error, "Cannot open the article", error)
            loaded = queries.LoadedArticle(None, [], None)
        self.marker = loaded.marker
        self.post_message(ArticleLoaded(loaded.article, loaded.claims, complete=True))

    def _show_first_rows(self, message: ArticleLoaded, painted: threading.Event) -> None:
        self.on_article_loaded(message)
        self.call_after_refresh(painted.set)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        same_article = (
            self.article is not None
            and message.article is not None
            and self.article.id == message.article.id
        )
        keep = self.table.claim_id_at_cursor if same_article else None
        loaded = {row.id: row for row in message.claims}
        if same_article:
            # Rows the reviewer changed while the rest was being read stay as shown.
            for claim_id, shown in self.claims.items():
                fresher = claim_id in loaded and shown.version > loaded[claim_id].version
                if fresher or self.writes.pending(claim_id):
                    loaded[claim_id] = shown
        self.article = message.article
        self.claims = loaded
        self.loading_rest = not message.complete
        if not message.complete:
            self.table.loading = False
            self._show_rows(keep_claim_id=None)
            self._update_header()
            return
        self.table.loading = False
        if not same_article:
            if self.fully_mounted:
                self.query_one(ArticleView).remove_children()
            self.table.focus()
        self._show_rows(keep_claim_id=keep)
        self._update_header()
        if self.article is None or not self.claims:
            self._show_current_claim()

    def _show_rows(self, *, keep_claim_id: int | None) -> None:
        """Refill the table; its RowHighlighted message then fills the detail pane."""
        rows = visible_claims(self.claims.values(), sort=self.sort, claim_filter=self.claim_filter)
        self.table.show_claims(rows, keep_claim_id=keep_claim_id)
        self._update_table_title(len(rows))
        if not rows and self.claims:
            self._show_current_claim()

    def _update_table_title(self, shown: int) -> None:
        parts = [f"Claims · {SORT_NAMES[self.sort]}"]
        if self.claim_filter.status:
            parts.append(f"status {self.claim_filter.status}")
        if self.claim_filter.words.strip():
            parts.append(f"“{one_line(self.claim_filter.words, 30)}”")
        if self.claim_filter.active:
            parts.append(f"{shown} of {len(self.claims)}")
        # Content, not a string: a border title string would be read as markup.
        self.table.border_title = Content(" · ".join(parts))

    def _update_header(self) -> None:
        headers = self.query(ArticleHeader)  # none until _mount_rest, which calls this again
        if self.article is None:
            self.title, self.sub_title = "Claim workbench", "no article"
            for header in headers:
                header.show(title="Claim workbench", progress="no article open")
            return
        counts = status_counts(list(self.claims.values()))
        summary, short = format_summary(counts), format_short_summary(counts)
        tiny = format_tiny_summary(counts)
        if self.loading_rest:
            summary, short = f"{summary} so far, reading the rest…", f"{short} so far…"
            tiny = f"{tiny} so far…"
        progress = f"{format_when(self.article.published)} · {summary}"
        self.title, self.sub_title = one_line(self.article.title, 200), progress
        # At 80 columns the full line would leave the title two letters: drop the date and
        # the total first (the claims pane's title counts the rows).
        for header in headers:
            header.show(title=self.article.title, progress=(progress, summary, short, tiny))

    def _show_current_claim(self) -> None:
        """The detail pane for the claim under the cursor, or why there is none."""
        if not self.fully_mounted:
            return  # _mount_rest calls this again once the pane exists
        if self.article is None:
            self.detail.show_nothing("No article yet: press o to import a file or URL.")
        elif not self.claims:
            if not self.loading_rest:
                self.detail.show_nothing("No claims were found in this article.")
        elif self.table.claim_id_at_cursor is None:
            self.detail.show_nothing("No claim matches the filter (Esc clears it).")
        else:
            self.show_claim(self.table.claim_id_at_cursor)

    def show_claim(self, claim_id: int | None) -> None:
        """Fill the detail pane (and the article view, when shown) for one claim."""
        if not self.fully_mounted:
            return  # _mount_rest shows the claim under the cursor once the pane exists
        self._detail_request += 1
        if claim_id is None:
            self.detail.show_nothing()
            return
        self._read_claim_details(claim_id, self._detail_request)

    @work(
        thread=True,
        exclusive=True,
        group="detail",
        exit_on_error=False,
        description="Reading the claim",
    )
    def _read_claim_details(self, claim_id: int, request: int) -> None:
        # Off the UI thread: holding j down, or a database across the network, must not
        # make the keys lag behind.
        try:
            details: ClaimDetails | None = self._read(
                lambda session: queries.claim_details(
                    session=session, claim_id=claim_id, copy_cache=self._copy_fingerprints
                )
            )
        except storage.NotFound:
            details = None
        except SQLAlchemyError as error:
            trouble = storage.database_trouble(error)
            self.app.call_from_thread(self._claim_unreadable, request, trouble)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_claim_details, claim_id, request, details)

    def _show_claim_details(
        self, claim_id: int, request: int, details: ClaimDetails | None
    ) -> None:
        if request != self._detail_request:
            return  # the reviewer has moved on; a newer read fills the pane
        if details is None:
            self.detail.show_nothing("This claim no longer exists.")
            return
        row = ClaimRow.from_claim(details.claim)
        if self.claims.get(claim_id) != row and not self.writes.pending(claim_id):
            self.claims[claim_id] = row
            self.table.update_claim(row)
            self._update_header()
        self.detail.show(details)
        if self.query_one(ContentSwitcher).current == "article":
            self._highlight_in_article(row)

    @on(ClaimsTable.RowHighlighted, "#claims")
    def _claim_highlighted(self, event: ClaimsTable.RowHighlighted) -> None:
        self.show_claim(event.claim_id)

    # --- periodic refresh -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def check_for_changes(self) -> None:
        """Pick up what other reviewers (or other processes) wrote since we last looked."""
        article = self.article
        if article is None or article.id is None:
            return
        # A snapshot taken in one step: the screen may replace rows meanwhile.
        known = {claim_id: row.version for claim_id, row in list(self.claims.items())}
        try:
            with self.workbench.session() as session:
                marker = queries.change_marker(
                    connection=session.connection(), article_id=article.id
                )
                if marker == self.marker:
                    return
                changed = queries.claims_changed_since(
                    session=session, article_id=article.id, known=known
                )
        except SQLAlchemyError as error:
            self.app.call_from_thread(self._database_failed, storage.database_trouble(error))
            return
        self.marker = marker
        if changed:
            self.post_message(ClaimsChangedElsewhere(changed))

    def on_claims_changed_elsewhere(self, message: ClaimsChangedElsewhere) -> None:
        others: set[str] = set()
        added = False
        for claim in message.claims:
            if claim.id is None or claim.article_id != (self.article and self.article.id):
                continue
            known = self.claims.get(claim.id)
            if known is not None and known.version >= claim.version:
                continue  # our own write, already shown
            if self.writes.pending(claim.id):
                continue  # ours is in flight; its result (or conflict) will say what is true
            row = ClaimRow.from_claim(claim)
            added = added or known is None  # a claim a colleague added by hand
            self.claims[row.id] = row
            self.table.update_claim(row)
            if claim.reviewer and claim.reviewer != self.workbench.reviewer:
                others.add(claim.reviewer)
            if claim.id == self.table.claim_id_at_cursor:
                self.show_claim(claim.id)
        if added:
            self._show_rows(keep_claim_id=self.table.claim_id_at_cursor)
        self._update_header()
        if others:
            who = ", ".join(sorted(one_line(name, 30) for name in others))
            self.notify(f"Claims updated by {who}.", title="Changes from colleagues", markup=False)

    # --- verdicts and notes ---------------------------------------------------------------

    def _claim_or_warn(self) -> ClaimRow | None:
        claim = self.current_claim
        if claim is None:
            self.notify("No claim selected.", severity="warning")
        return claim

    def action_mark(self, status: str) -> None:
        claim = self._claim_or_warn()
        if claim is None or claim.status == status:
            return
        self._mark(claim.id, status, self.writes.seen(claim.id, claim.version))

    def _mark(self, claim_id: int, status: str, seen: VersionSeen) -> None:
        """Show the verdict at once; the write follows in a worker, and a refusal or a
        failure puts back what the database holds."""
        claim = self.claims.get(claim_id)
        if claim is None:
            return
        if claim.status == status and not self.writes.pending(claim_id):
            self.notify(f"Already {status}: nothing to save.", timeout=3)
            return
        write = self.writes.queue(claim_id, shown=claim, seen=seen)
        shown = dataclasses.replace(claim, status=status, reviewer=self.workbench.reviewer)
        self.claims[claim_id] = shown
        self.table.update_claim(shown)
        self._update_header()
        self._save_claim(
            write,
            "status",
            "verdict",
            lambda session, expected: storage.mark_claim(
                session=session,
                claim_id=claim_id,
                status=status,
                reviewer=self.workbench.reviewer,
                expect_version=expected,
            ),
            redo=lambda expected: self._mark(claim_id, status, VersionSeen(expected)),
        )

    def action_edit_note(self) -> None:
        claim = self._claim_or_warn()
        if claim is None:
            return
        claim_id, seen = claim.id, self.writes.seen(claim.id, claim.version)

        def save(note: str | None) -> None:
            if note is not None and note != claim.note:
                self._save_note(claim_id, note, seen)

        self.app.push_screen(NoteEditor(note=claim.note), save)

    def _save_note(self, claim_id: int, note: str, seen: VersionSeen) -> None:
        claim = self.claims.get(claim_id)
        if claim is None:
            return
        self._save_claim(
            self.writes.queue(claim_id, shown=claim, seen=seen),
            "note",
            "note",
            lambda session, version: storage.set_note(
                session=session,
                claim_id=claim_id,
                note=note,
                reviewer=self.workbench.reviewer,
                expect_version=version,
            ),
            redo=lambda expected: self._save_note(claim_id, note, VersionSeen(expected)),
        )

    def action_adopt(self) -> None:
        claim = self._claim_or_warn()
        if claim is None:
            return
        if claim.seen_claim_id is None:
            self.notify("This claim was not seen before.", severity="warning")
            return
        self._adopt(claim.id, claim.seen_claim_id, self.writes.seen(claim.id, claim.version))

    def _adopt(self, claim_id: int, earlier_id: int, seen: VersionSeen) -> None:
        claim = self.claims.get(claim_id)
        if claim is None:
            return
        self._save_claim(
            self.writes.queue(claim_id, shown=claim, seen=seen),
            "adopt",
            "verdict",
            lambda session, expected: storage.adopt_verdict(
                session=session,
                claim_id=claim_id,
                earlier_claim_id=earlier_id,
                reviewer=self.workbench.reviewer,
                expect_version=expected,
            ),
            redo=lambda expected: self._adopt(claim_id, earlier_id, VersionSeen(expected)),
        )

    def _write(self, write: Callable[[Session], T]) -> T:
        """_read for the save path: any database error becomes DatabaseTrouble, one plain
        line (busy, unreachable or failed) instead of the driver's message and SQL."""
        try:
            return self._read(write)
        except SQLAlchemyError as error:
            raise storage.database_trouble(error) from error

    @work(group="write", exit_on_error=False, description="Saving")
    async def _save_claim(
        self,
        write: QueuedWrite,
        action: str,
        kind: ChangeKind,
        save: Callable[[Session, int], Claim],
        *,
        redo: Callable[[int], None],
    ) -> None:
        """Run one queued write in its turn. Every outcome settles the bookkeeping: saved,
        refused by a colleague's change, or not made (then the row is put back)."""
        async with self._write_lock:
            expected = self.writes.expected_version(write)
            if expected is None:
                # Built on a write of ours that was not made: not made either.
                refused = write.ahead is not None and write.ahead.outcome == "refused"
                self._put_back(write.claim_id, self.writes.failed(write))
                if not refused and write.expected is not None:
                    self.unsaved = UnsavedChange(
                        write.claim_id, kind, partial(redo, write.expected)
                    )
                return
            try:
                saved = await asyncio.to_thread(
                    self._write, lambda session: save(session, expected)
                )
            except storage.VersionConflict as conflict:
                self.writes.refused(write, row=ClaimRow.from_claim(conflict.claim))
                self.post_message(ClaimConflicted(conflict.claim, str(conflict)))
            except storage.DatabaseTrouble as trouble:
                self._put_back(write.claim_id, self.writes.failed(write))
                change = UnsavedChange(write.claim_id, kind, partial(redo, expected))
                self._not_saved(trouble, change)
            except EXPECTED_ERRORS as error:
                self._put_back(write.claim_id, self.writes.failed(write))
                self._report_error("Not saved", error)
            except BaseException:
                # Even a failure nobody foresaw must not leave the claim counted as pending.
                self._put_back(write.claim_id, self.writes.failed(write))
                raise
            else:
                self.writes.saved(write, row=ClaimRow.from_claim(saved), version=saved.version)
                self.post_message(ClaimSaved(saved, action))

    def _put_back(self, claim_id: int, row: ClaimRow | None) -> None:
        """A write was not made: the row and header as the database holds them, and the
        detail pane read again (from the database, if it answers)."""
        if row is not None and claim_id in self.claims:
            self.claims[claim_id] = row
            self.table.update_claim(row)
            self._update_header()
        if claim_id == self.table.claim_id_at_cursor:
            self.show_claim(claim_id)

    def _not_saved(self, trouble: storage.DatabaseTrouble, change: UnsavedChange) -> None:
        self.unsaved = change
        message = not_saved_message(trouble, change.kind)
        self.notify(
            f"{message[0].upper()}{message[1:]}. Press R to try again.",
            title=NOT_SAVED_TITLES[trouble.kind],
            severity="error",
            timeout=12,
            markup=False,
        )
        self._database_failed(trouble, told=True)

    def action_retry_save(self) -> None:
        change, self.unsaved = self.unsaved, None
        if change is None:
            self.notify("Nothing is waiting to be saved.", timeout=3)
            return
        if change.claim_id not in self.claims:
            self.notify("That claim is no longer open; nothing was saved.", severity="warning")
            return
        change.retry()

    def on_claim_saved(self, message: ClaimSaved) -> None:
        saved = ClaimRow.from_claim(message.claim)
        shown = self.claims.get(saved.id)
        if shown is not None and self.writes.pending(saved.id):
            saved.status = shown.status  # a later verdict of ours is still on its way
        if shown is None or shown.version <= saved.version:
            self.claims[saved.id] = saved
        self.table.update_claim(self.claims[saved.id])
        self._update_header()
        if saved.id == self.table.claim_id_at_cursor:
            self.show_claim(saved.id)

    def on_claim_conflicted(self, message: ClaimConflicted) -> None:
        claim = message.claim
        assert claim.id is not None
        self.claims[claim.id] = ClaimRow.from_claim(claim)
        self.table.update_claim(self.claims[claim.id])
        self._update_header()
        if claim.id == self.table.claim_id_at_cursor:
            self.show_claim(claim.id)
        who = one_line(claim.reviewer or "someone else", 40)
        self.notify(
            f"{one_line(claim.label, 60)}: {who} changed it first (now {claim.status}). "
            "It has been reloaded; your change was not saved.",
            title="Changed by a colleague",
            severity="warning",
            timeout=10,
            markup=False,
        )

    # --- when the database does not answer -----------------------------------------------

    def _database_failed(self, trouble: storage.DatabaseTrouble, *, told: bool = False) -> None:
        """A read or write failed on the database itself: say so once (unless the reviewer
        was just told), and ask every PROBE_SECONDS until it answers."""
        newly = self.database.failed(trouble)
        if newly and not told and trouble.kind != "busy":
            self.notify(
                f"{str(trouble).capitalize()}: nothing can be saved or read until it answers "
                "again. The workbench keeps trying.",
                title="Database",
                severity="error",
                timeout=12,
                markup=False,
            )
        if self._probe_timer is None:
            self._probe_timer = self.set_interval(
                PROBE_SECONDS, self._probe_database, name="database-probe"
            )

    @work(
        thread=True,
        exclusive=True,
        group="probe",
        exit_on_error=False,
        description="Reconnecting to the database",
    )
    def _probe_database(self) -> None:
        """Read the open article again: when that works, the database is back."""
        article_id = self.article.id if self.article is not None else None
        try:
            loaded = self._read_plain(
                lambda connection: queries.load_article(
                    connection=connection, article_id=article_id
                )
            )
        except storage.NotFound:
            loaded = None  # answered; the article is gone (the next action says so)
        except SQLAlchemyError as error:
            self.app.call_from_thread(self.database.failed, storage.database_trouble(error))
            return
        self.app.call_from_thread(self._database_answered, loaded)

    def _database_answered(self, loaded: queries.LoadedArticle | None) -> None:
        was = self.database.trouble
        if not self.database.answered():
            return
        if self._probe_timer is not None:
            self._probe_timer.stop()
            self._probe_timer = None
        if loaded is not None and loaded.article is not None:
            self.marker = loaded.marker
            self.on_article_loaded(ArticleLoaded(loaded.article, loaded.claims, complete=True))
        self._show_current_claim()
        if was is not None and was.kind != "busy":
            retry = " Press R to save your unsaved change." if self.unsaved else ""
            self.notify(
                f"The database answers again; the claims were reloaded.{retry}",
                title="Database",
                timeout=8,
                markup=False,
            )

    def _claim_unreadable(self, request: int, trouble: storage.DatabaseTrouble) -> None:
        if request == self._detail_request:
            self.detail.show_nothing(f"Cannot read this claim: {trouble}.")
        self._database_failed(trouble)

    # --- evidence -------------------------------------------------------------------------

    def action_evidence(self, step: int) -> None:
        """[ and ] step through the passages and stop at either end, saying so."""
        evidence_list = self.detail.evidence_list
        count = evidence_list.option_count
        if not count:
            self.notify("This claim has no evidence yet: press a to attach a source.")
            return
        current = evidence_list.highlighted if evidence_list.highlighted is not None else 0
        target = current + step
        if not 0 <= target < count:
            end = "last" if step > 0 else "first"
            self.notify(f"This is the {end} passage ({current + 1} of {count}).")
            return
        evidence_list.highlighted = target
        # After the layout settles: a claim just shown starts at its sentence, a step
        # through the passages shows the passage stepped to.
        self.detail.call_after_refresh(self.detail.scroll_to_passage)

    def _highlighted_source(self) -> Source | None:
        claim = self._claim_or_warn()
        if claim is None:
            return None
        if self.detail.claim_id != claim.id:
            self.notify("Still reading this claim; try again in a moment.")
            return None
        source = self.detail.highlighted_source
        if source is None:
            self.notify("This claim has no evidence yet: press a to attach a source.")
        return source

    def action_open_source(self) -> None:
        """The highlighted passage's source in the system browser (the address it came from)."""
        import webbrowser

        source = self._highlighted_source()
        if source is None:
            return
        address = source.final_url or source.url
        if source.origin != "url" or not address or not address.startswith(("http://", "https://")):
            self.notify("This source has no web address: press O to read its stored text.")
            return
        try:
            opened = webbrowser.open(address)
        except webbrowser.Error as error:
            self.notify(f"Cannot open a browser: {one_line(str(error), 120)}", severity="error")
            return
        if opened:
            self.notify(f"Opened {one_line(address, 100)} in the browser.")
        else:
            self.notify("No browser found; the address is in the pane.", severity="warning")

    def action_show_snapshot(self) -> None:
        """The text stored when the source was attached: what the passages were taken from."""
        source = self._highlighted_source()
        if source is None:
            return
        self.app.push_screen(
            SnapshotView(
                title=source.title,
                address=source.final_url or source.url,
                fetched_at=source.fetched_at,
                sha256=source.sha256,
                text=source.text,
            )
        )

    def action_set_stance(self) -> None:
        claim = self._claim_or_warn()
        if claim is None:
            return
        if self.detail.claim_id != claim.id:
            # The pane is read in a thread and still shows the claim the cursor just left.
            self.notify("Still reading this claim; try again in a moment.")
            return
        evidence_id = self.detail.highlighted_evidence_id
        if evidence_id is None:
            self.notify("This claim has no evidence yet: press a to attach a source.")
            return
        self._read_stance_choice(claim.id, evidence_id)

    @work(
        thread=True,
        exclusive=True,
        group="stance-read",
        exit_on_error=False,
        description="Reading the evidence",
    )
    def _read_stance_choice(self, claim_id: int, evidence_id: int) -> None:
        # The current stances are read afresh (a colleague may have set one), off the UI
        # thread: a busy database must not freeze the keys meanwhile.
        try:
            rows = self._read(
                lambda session: storage.list_evidence(session=session, claim_id=claim_id)
            )
        except EXPECTED_ERRORS as error:
            self.app.call_from_thread(self._report_error, "Cannot set the stance", error)
            return
        row = next(((ev, src) for ev, src in rows if ev.id == evidence_id), None)
        if row is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_stance_picker, claim_id, *row)

    def _show_stance_picker(self, claim_id: int, evidence: Evidence, source: Source) -> None:
        if self.app.screen is not self or self.table.claim_id_at_cursor != claim_id:
            # The reviewer moved on while the database was busy: a dialog popping up over
            # another claim would set the stance on something no longer in view.
            self.notify("The stance dialog was not opened: another claim is selected now.")
            return
        evidence_id = evidence.id

        def save(stance: str | None) -> None:
            if stance is not None and evidence_id is not None:
                self._save_stance(claim_id, evidence_id, stance)

        self.app.push_screen(
            StancePicker(
                current=evidence.reviewer_stance,
                suggested=evidence.suggested_stance,
                source_title=source.title or source.final_url or source.url or "pasted text",
            ),
            save,
        )

    @work(group="write", exit_on_error=False, description="Saving the stance")
    async def _save_stance(self, claim_id: int, evidence_id: int, stance: str) -> None:
        async with self._write_lock:
            try:
                await asyncio.to_thread(
                    self._write,
                    lambda session: storage.set_stance(
                        session=session,
                        evidence_id=evidence_id,
                        stance=stance,
                        reviewer=self.workbench.reviewer,
                    ),
                )
            except storage.DatabaseTrouble as trouble:
                # The pane was never changed ahead of the save: it shows the stored stance.
                retry = partial(self._save_stance, claim_id, evidence_id, stance)
                self._not_saved(trouble, UnsavedChange(claim_id, "stance", retry))
                return
            except EXPECTED_ERRORS as error:
                self._report_error("Stance not saved", error)
                return
        self.post_message(StanceSaved(claim_id, evidence_id, stance))

    def on_stance_saved(self, message: StanceSaved) -> None:
        if message.claim_id == self.table.claim_id_at_cursor:
            self.show_claim(message.claim_id)

    def action_attach(self) -> None:
        claim = self._claim_or_warn()
        if claim is None:
            return
        claim_id = claim.id
        if self._storing is not None:
            # A new attach would cancel this worker (exclusive) while its thread still runs.
            self.notify("Still finishing the last source; attach again in a moment.")
            return

        def attach(request: AttachRequest | None) -> None:
            if request is not None:
                self.attach_source(claim_id, request)

        self.app.push_screen(AttachDialog(claim_label=claim.label or claim.text), attach)
        # The extraction processes start while the reviewer pastes the address (about a second
        # of CPU elsewhere, once per session), so a large page is then extracted outside this
        # process instead of stalling the screen. Until they are ready, threads do the work.
        from claim_workbench.acquisition.fetch import start_extraction_workers

        start_extraction_workers()

    @work(exclusive=True, group="attach", exit_on_error=False, description="Attaching a source")
    async def attach_source(self, claim_id: int, request: AttachRequest) -> None:
        """Fetch (awaiting the network), then match and store in a thread, in one transaction."""
        # Imported here, not at the top: services brings in matching and extraction, which
        # the first paint does not need.
        from claim_workbench.acquisition.fetch import from_text
        from claim_workbench.review import services

        if request.target and len(targets := services.split_targets(request.target)) > 1:
            await self._attach_batch(claim_id, targets)
            return
        what = one_line(request.target, 80) if request.target else "pasted text"
        self.activity.start(f"Fetching {what}…  (Ctrl+X cancels)")
        try:
            if request.target:
                document = await services.fetch_source(request.target)
            else:
                document = from_text(
                    request.pasted_text or "",
                    title=request.pasted_title,
                    origin_note=request.pasted_origin,
                )
            # From here on Ctrl+X cancels through `storing`, up to the commit. This line and
            # the cancel action both run on the event loop: no cancel slips in between.
            storing = self._storing = services.AttachCancel()
            self.activity.start(f"Matching and storing passages of {what}…  (Ctrl+X cancels)")
            result = await asyncio.to_thread(
                self._read,
                lambda session: services.store_source(
                    session=session,
                    claim_id=claim_id,
                    document=document,
                    reviewer=self.workbench.reviewer,
                    cancel=storing,
                ),
            )
        except services.AttachCancelled:
            return  # action_cancel_attach has told the reviewer
        except EXPECTED_ERRORS as error:
            self._report_error("Could not attach the source", error)
            return
        finally:
            self._storing = None
            self.activity.stop()
        title = result.source.title or result.source.final_url or result.source.url or what
        self._warn_about(what, document.warnings)
        self.post_message(SourceAttached(claim_id, title, len(result.evidence)))

    def _warn_about(self, what: str, warnings: Sequence[str]) -> None:
        """What had to be repaired reading a document (bytes not valid UTF-8, an unknown
        charset): it was stored all the same, but the reviewer should know."""
        for warning in warnings:
            self.notify(warning, title=f"Read with repairs: {what}", severity="warning")

    async def _attach_batch(self, claim_id: int, targets: list[str]) -> None:
        """Several addresses: fetched together, then each stored on its own (its own commit);
        Ctrl+X stops before the next one. One notification sums up what happened."""
        from claim_workbench.review import services

        self.activity.start(f"Fetching {len(targets)} sources…  (Ctrl+X cancels)")
        stored: list[str] = []
        failed: list[str] = []
        self._batch_running, self._batch_cancelled = True, False
        try:
            outcomes = await services.fetch_sources(targets)
            for number, (target, outcome) in enumerate(zip(targets, outcomes, strict=True), 1):
                if self._batch_cancelled:
                    break
                if isinstance(outcome, Exception):
                    failed.append(str(outcome))
                    continue
                storing = self._storing = services.AttachCancel()
                self.activity.start(
                    f"Matching and storing source {number} of {len(targets)}…  (Ctrl+X cancels)"
                )
                try:
                    result = await asyncio.to_thread(
                        self._read,
                        lambda session, document=outcome, cancel=storing: services.store_source(
                            session=session,
                            claim_id=claim_id,
                            document=document,
                            reviewer=self.workbench.reviewer,
                            cancel=cancel,
                        ),
                    )
                except services.AttachCancelled:
                    break
                except EXPECTED_ERRORS as error:
                    failed.append(f"{target}: {error}")
                else:
                    stored.append(result.source.title or result.source.url or target)
                    self._warn_about(one_line(target, 80), outcome.warnings)
        finally:
            self._storing = None
            self._batch_running = False
            self.activity.stop()
        summary = f"{len(stored)} of {len(targets)} sources attached."
        if failed:
            summary += " Failed: " + "; ".join(one_line(reason, 120) for reason in failed)
        title, severity = attach_batch_title(attached=len(stored), asked=len(targets))
        self.notify(
            summary, title=title, severity=severity, markup=False, timeout=8 if failed else 4
        )
        if stored and claim_id == self.table.claim_id_at_cursor:
            self.show_claim(claim_id)

    def on_source_attached(self, message: SourceAttached) -> None:
        self.notify(
            f"{message.evidence_count} passage(s) from {one_line(message.source_title, 80)}.",
            title="Source attached",
            markup=False,
        )
        if message.claim_id == self.table.claim_id_at_cursor:
            self.show_claim(message.claim_id)

    def action_cancel_attach(self) -> None:
        if self._batch_running and self._storing is not None:
            # Storing a batch: what is stored stays (each source is its own action); the one
            # being matched stops if it can, and the rest are skipped.
            self._batch_cancelled = True
            self._storing.cancel()
            self.activity.start("Cancelling…")
            self.notify("Attach cancelled; the sources not yet stored are skipped.")
            return
        if self._storing is not None:
            if self._storing.cancel():
                # Stops before the commit at the latest (see services.AttachCancel).
                self.activity.start("Cancelling…")
                self.notify("Attach cancelled; nothing was stored.")
            else:
                self.notify(
                    "Too late to cancel: the source is being saved.",
                    severity="warning",
                )
            return
        cancelled = self.workers.cancel_group(self, "attach")
        if cancelled:
            self.activity.stop()
            self.notify("Fetch cancelled; nothing was stored.")

    # --- views, sorting and filtering -----------------------------------------------------

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

    def _highlight_in_article(self, claim: ClaimRow) -> None:
        self.query_one(ArticleView).highlight_claim(claim.start, claim.end)

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

    def action_clear_filters(self) -> None:
        if not self.claim_filter.active:
            return
        self.claim_filter = ClaimFilter()
        bar = self.query_one(FilterBar)
        with bar.prevent(FilterBar.Changed):
            bar.value = ""
        bar.remove_class("-shown")
        self._show_rows(keep_claim_id=self.table.claim_id_at_cursor)

    def jump_to_claim(self, claim_id: int) -> None:
        """Select a claim, clearing the filters if they hide it (the command palette uses it)."""
        if not self.table.move_to_claim(claim_id):
            self.action_clear_filters()
            self.table.move_to_claim(claim_id)
        self.table.focus()

    # --- articles and reports -------------------------------------------------------------

    def action_open_article(self) -> None:
        # The dialog opens at once and lists the articles when they are read: keys typed
        # right after `o` go to it, not to the claims (a "v" must not mark one).
        def open_chosen(request: OpenRequest | None) -> None:
            self.workers.cancel_group(self, "open-read")
            if request is None:
                return
            if request.import_target:
                self.import_article(request.import_target)
            elif request.article_id is not None:
                self.table.loading = True
                self.load_article(request.article_id)

        dialog = OpenDialog()
        self.app.push_screen(dialog, open_chosen)
        self._read_article_list(dialog)

    @work(
        thread=True,
        exclusive=True,
        group="open-read",
        exit_on_error=False,
        description="Listing the articles",
    )
    def _read_article_list(self, dialog: OpenDialog) -> None:
        # Off the UI thread, like every other read: the keys stay live while it waits.
        try:
            articles = self._read(lambda session: storage.list_articles(session=session))
        except Exception as error:
            # The dialog stays useful (a path or URL can still be imported) and says why the
            # list is missing; the error itself is reported as every other one is.
            self.app.call_from_thread(self._fill_open_dialog, dialog, None)
            if not isinstance(error, EXPECTED_ERRORS):
                raise
            self.app.call_from_thread(self._report_error, "Cannot list the articles", error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._fill_open_dialog, dialog, articles)

    def _fill_open_dialog(
        self, dialog: OpenDialog, articles: list[tuple[Article, int]] | None
    ) -> None:
        if not dialog.is_attached:
            return  # closed meanwhile
        if articles is None:
            dialog.show_list_unavailable()
        else:
            dialog.show_articles(articles)

    @work(exclusive=True, group="import", exit_on_error=False, description="Importing")
    async def import_article(self, target: str) -> None:
        from claim_workbench.acquisition.providers import needs_network as looks_like_url
        from claim_workbench.review import services

        self.activity.start(f"Importing {one_line(target, 80)}…")
        try:
            if looks_like_url(target):
                # The download awaits here; extraction and storing run in a thread.
                document = await services.fetch_source(target)
                result = await asyncio.to_thread(
                    self._read,
                    lambda session: services.import_document(session=session, document=document),
                )
            else:
                # A file needs no network: the whole import runs in a thread of its own.
                result = await asyncio.to_thread(
                    self._read,
                    lambda session: asyncio.run(
                        services.import_target(session=session, target=target)
                    ),
                )
        except EXPECTED_ERRORS as error:
            self._report_error("Could not import", error)
            if self.article is None:
                self.load_article(None)
            return
        finally:
            self.activity.stop()
        article_id = result.article.id
        assert article_id is not None
        self._warn_about(one_line(target, 80), result.warnings)
        self.post_message(ArticleImported(article_id, result.created, result.claim_count))

    def on_article_imported(self, message: ArticleImported) -> None:
        verb = "Imported" if message.created else "Already imported"
        self.notify(f"{verb}: {message.claim_count} claims.", title="Article")
        self.table.loading = True
        self.load_article(message.article_id)

    def action_export(self) -> None:
        if self.article is None or self.article.id is None:
            self.notify("No article open.", severity="warning")
            return
        article_id = self.article.id

        def export(request: ExportRequest | None) -> None:
            if request is not None:
                self.export_report(article_id, request)

        folder = default_report_folder(self.workbench.engine.url)
        self.app.push_screen(ExportDialog(article_id=article_id, folder=folder), export)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="Export")
    def export_report(self, article_id: int, request: ExportRequest) -> None:
        from claim_workbench.report import ReportOptions, require_note_setting, save_report

        # save_report (shared with the command line) keeps a failed export from leaving half
        # a file, writes through symlinks and to devices such as /dev/stdout.
        warnings: list[str] = []
        options = ReportOptions(
            reviewer=self.workbench.reviewer,
            require_note=require_note_setting(),
            warn=warnings.append,
        )
        try:
            with self.workbench.session() as session:
                save_report(
                    session=session,
                    article_id=article_id,
                    fmt=request.fmt,
                    path=request.path,
                    options=options,
                )
        except OSError as error:
            # An OSError may name the temporary file; the reviewer only knows their own path.
            reason = error.strerror or str(error)
            failure = OSError(f"cannot write {request.path}: {reason}")
            self.app.call_from_thread(self._report_error, "Export failed", failure)
            return
        except EXPECTED_ERRORS as error:
            self.app.call_from_thread(self._report_error, "Export failed", error)
            return
        self.post_message(ReportExported(str(request.path), request.fmt, warnings))

    def on_report_exported(self, message: ReportExported) -> None:
        self.notify(f"Wrote {message.path}", title=f"Report ({message.fmt})", markup=False)
        for warning in message.warnings:
            self.notify(
                one_line(warning, 300), title="Report", severity="warning", markup=False, timeout=10
            )

    # --- corrections: undo, dismissal, speaker, added claims, removed passages ------------

    def _saving(self, claim_id: int) -> bool:
        """A verdict or note of ours on this claim is still on its way to the database."""
        return self.writes.pending(claim_id)

    def _claim_to_correct(self) -> ClaimRow | None:
        claim = self._claim_or_warn()
        if claim is not None and self._saving(claim.id):
            # The correction expects the version on screen, which that write will change.
            self.notify("Still saving this claim; try again in a moment.")
            return None
        return claim

    @work(group="write", exit_on_error=False, description="Saving a correction")
    async def _correct(
        self, failure_title: str, change: Callable[[Session], ClaimCorrected]
    ) -> None:
        """Run a correction in its turn after our queued writes; report what it did."""
        async with self._write_lock:
            try:
                done = await asyncio.to_thread(self._read, change)
            except storage.VersionConflict as conflict:
                who = one_line(conflict.claim.reviewer or "someone else", 40)
                done = ClaimCorrected(
                    conflict.claim.id or 0,
                    conflict.claim,
                    f"{who} changed this claim first (now {conflict.claim.status}); it has been "
                    "reloaded and your change was not saved.",
                    refused=True,
                )
            except EXPECTED_ERRORS as error:
                self._report_error(failure_title, error)
                self.show_claim(self.table.claim_id_at_cursor)
                return
        self.post_message(done)

    def on_claim_corrected(self, message: ClaimCorrected) -> None:
        if message.claim is not None:
            row = ClaimRow.from_claim(message.claim)
            known = self.claims.get(row.id)
            if known is None or known.version <= row.version:
                self.claims[row.id] = row
            if known is None:  # a claim added by hand: list it
                self._show_rows(keep_claim_id=self.table.claim_id_at_cursor)
            else:
                self.table.update_claim(self.claims[row.id])
            self._update_header()
        if message.go_to and message.claim_id in self.claims:
            self.jump_to_claim(message.claim_id)
        if message.claim_id == self.table.claim_id_at_cursor:
            self.show_claim(message.claim_id)
        self.notify(
            message.summary,
            title="Not saved" if message.refused else "Saved",
            severity="warning" if message.refused else "information",
            timeout=8 if message.refused else 4,
            markup=False,
        )

    def action_undo(self) -> None:
        if self.article is None:
            self.notify("No article open.", severity="warning")
            return
        article_id, reviewer = self.article.id, self.workbench.reviewer

        def undo(session: Session) -> ClaimCorrected:
            result = storage.undo_last_action(
                session=session, reviewer=reviewer, article_id=article_id
            )
            claim = result.claim
            label = one_line(claim.label or claim.text, 60)
            return ClaimCorrected(
                result.undone.claim_id,
                claim,
                f"Undid your {result.description} on “{label}”.",
                go_to=True,
            )

        self._correct("Nothing undone", undo)

    def action_dismiss_claim(self) -> None:
        claim = self._claim_to_correct()
        if claim is None:
            return
        if claim.status == ClaimStatus.dismissed.value:
            self.notify("Already dismissed: U resets it to unreviewed, u undoes your last action.")
            return
        claim_id, version, reviewer = claim.id, claim.version, self.workbench.reviewer

        def dismiss(reason: str | None) -> None:
            if reason is None:
                return
            self._correct(
                "Not dismissed",
                lambda session: ClaimCorrected(
                    claim_id,
                    storage.dismiss_claim(
                        session=session,
                        claim_id=claim_id,
                        reason=reason,
                        reviewer=reviewer,
                        expect_version=version,
                    ),
                    f"Dismissed: {reason}. Reports leave it out; u undoes.",
                ),
            )

        self.app.push_screen(
            TextPrompt(
                title=f"Dismiss “{one_line(claim.label or claim.text, 60)}”",
                hint="Why is it not a claim? Kept in its history. Enter dismisses, Esc cancels.",
                value=storage.DISMISS_REASON,
            ),
            dismiss,
        )

    def action_change_speaker(self) -> None:
        claim = self._claim_to_correct()
        if claim is None:
            return
        claim_id, version, reviewer = claim.id, claim.version, self.workbench.reviewer

        def save(speaker: str | None) -> None:
            if speaker is None or speaker == (claim.speaker or ""):
                return
            who = speaker or "nobody"
            self._correct(
                "Speaker not changed",
                lambda session: ClaimCorrected(
                    claim_id,
                    storage.set_speaker(
                        session=session,
                        claim_id=claim_id,
                        speaker=speaker,
                        reviewer=reviewer,
                        expect_version=version,
                    ),
                    f"Now attributed to {one_line(who, 60)}.",
                ),
            )

        self.app.push_screen(
            TextPrompt(
                title="Who said it?",
                hint="The speaker's name; empty for nobody. Enter saves, Esc cancels.",
                value=claim.speaker or "",
                allow_empty=True,
            ),
            save,
        )

    def action_add_claim(self) -> None:
        if self.article is None:
            self.notify("No article open.", severity="warning")
            return
        if self.article.text is None:
            self.notify("The article's text is still being read.", severity="warning")
            return
        article_id = self.article.id
        near = self.current_claim.start if self.current_claim is not None else 0
        # Words selected with the mouse in the article view (t) come along, ready to add.
        selected = (
            self.get_selected_text()
            if self.query_one(ContentSwitcher).current == "article"
            else None
        )

        def add(request: AddClaimRequest | None) -> None:
            if request is not None:
                self._correct("Claim not added", partial(self._add_claim, article_id, request))

        self.app.push_screen(
            AddClaimDialog(
                article_text=self.article.text,
                headline=self.article.title,
                near=near,
                typed=" ".join((selected or "").split()),
            ),
            add,
        )

    def _add_claim(
        self, article_id: int, request: AddClaimRequest, session: Session
    ) -> ClaimCorrected:
        from claim_workbench.review import services

        added = services.add_claim(
            session=session,
            article_id=article_id,
            text=request.text,
            reviewer=self.workbench.reviewer,
            start=request.start,
            end=request.end,
        )
        where = "kept as typed, not found in the article text" if added.typed else "from the text"
        claim_id = added.claim.id or 0
        return ClaimCorrected(claim_id, added.claim, f"Added a claim ({where}).", go_to=True)

    def action_remove_evidence(self) -> None:
        claim = self._claim_or_warn()
        if claim is None:
            return
        if self.detail.claim_id != claim.id:
            self.notify("Still reading this claim; try again in a moment.")
            return
        evidence_id = self.detail.highlighted_evidence_id
        if evidence_id is None:
            self.notify("This claim has no evidence to remove.")
            return
        claim_id, reviewer = claim.id, self.workbench.reviewer

        def remove(session: Session) -> ClaimCorrected:
            storage.remove_evidence(session=session, evidence_id=evidence_id, reviewer=reviewer)
            return ClaimCorrected(claim_id, None, "Removed the passage; u puts it back.")

        self._correct("Passage not removed", remove)

    @on(ClaimSaved)
    def _check_verdict_support(self, message: ClaimSaved) -> None:
        """A verdict set with no note and no evidence is published with no review text."""
        claim = message.claim
        if message.action == "status" and claim.status in VERDICTS and not claim.note.strip():
            self._warn_if_unsupported(claim.id or 0)

    @work(thread=True, group="verdict-check", exit_on_error=False, description="Checking")
    def _warn_if_unsupported(self, claim_id: int) -> None:
        from claim_workbench.report import require_note_setting

        try:
            unsupported = self._read(
                lambda session: storage.verdict_without_support(session=session, claim_id=claim_id)
            )
        except EXPECTED_ERRORS:
            return  # only a warning: the verdict itself was saved
        if unsupported:
            warning = unsupported_verdict_warning(require_note=require_note_setting())
            self.app.call_from_thread(
                self.notify,
                warning,
                title="Verdict without a note",
                severity="warning",
                timeout=8,
                markup=False,
            )

    # --- errors ------------------------------------------------------------------

    def _report_error(self, title: str, error: BaseException) -> None:
        self.notify(one_line(str(error), 300), title=title, severity="error", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Anything unexpected still reaches the reviewer as a line, not a silent failure.
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self._report_error(event.worker.description or "Something failed", event.worker.error)
