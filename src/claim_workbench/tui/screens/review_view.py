"""The main screen's view of the review: what it reads, shows and tells, shared by its keys.

ReviewView holds the review state (review.state.ReviewState) and its writer, reads the open
article and the selected claim off the UI thread, redraws rows, header and detail pane, and
says when the database does not answer. The keys live in the *_keys modules beside it; the
MainScreen (main.py) puts them together with the bindings and the layout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from textual import work
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher
from textual.worker import get_current_worker

from claim_workbench.review.attach_job import AttachJob
from claim_workbench.review.state import (
    EXPECTED_ERRORS,
    ChangeKind,
    ReviewState,
    ReviewWriter,
    not_saved_message,
)
from claim_workbench.store import reads as queries
from claim_workbench.store import storage
from claim_workbench.store.engine import session_for
from claim_workbench.store.views import ClaimDetails
from claim_workbench.store.views import ClaimView as ClaimRow  # the name the screen uses
from claim_workbench.tui.messages import ArticleLoaded
from claim_workbench.tui.screens.listing import (
    SORT_NAMES,
    ClaimFilter,
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

T = TypeVar("T")

# Claims read before the first paint: as many as the terminal has lines (the table cannot show
# more), at least this many; the rest are read in a thread worker after it.
FIRST_SCREENFUL = 24

# After the database failed, how often the screen asks whether it answers again.
PROBE_SECONDS = 1.0
NOT_SAVED_TITLES = {
    "busy": "Database busy",
    "unreachable": "Database unreachable",
    "failed": "Database error",
}

# From this width the table and the detail pane sit side by side.
WIDE_FROM = 110


class ReviewView(Screen[None]):
    """The state and the showing every part of the main screen shares (no bindings)."""

    def __init__(
        self,
        *,
        engine: Engine,
        reviewer: str,
        article_id: int | None,
        import_target: str | None,
        refresh_seconds: float,
    ) -> None:
        # The breakpoint class is there from the start: Textual adds it on the first resize,
        # which would otherwise style every widget of the first frame a second time.
        # -awaiting-header keeps the header's line free until the header is mounted.
        breakpoint = "-wide" if self.app.size.width >= WIDE_FROM else "-narrow"
        super().__init__(classes=f"{breakpoint} -awaiting-header")
        self.engine = engine
        self.reviewer = reviewer
        self.initial_article_id = article_id
        self.initial_import = import_target
        self.refresh_seconds = refresh_seconds
        self.review: ReviewState[queries.ArticleView, ClaimRow] = ReviewState(
            reviewer=reviewer, to_row=ClaimRow.from_claim
        )
        self.writer = ReviewWriter(state=self.review, session=self.session)
        self.attach_job: AttachJob | None = None  # the last one started
        self.sort = "position"
        self.claim_filter = ClaimFilter()
        self._probe_timer: Timer | None = None  # while the database does not answer
        # Copy detection's fingerprints by source id: a stored source's text never changes.
        self._copy_fingerprints: dict[int, Fingerprint] = {}
        # Counts show_claim calls, so a slow read for a claim left behind is not shown.
        self._detail_request = 0
        # False until _mount_rest has added what the first frame leaves out.
        self.fully_mounted = False

    @property
    def takes_keys(self) -> bool:
        """Keys wait (WorkbenchApp.hold_keys) until the first frame's missing parts are in."""
        return self.fully_mounted

    @property
    def article(self) -> queries.ArticleView | None:
        return self.review.article

    @property
    def claims(self) -> dict[int, ClaimRow]:
        return self.review.claims

    def session(self) -> Session:
        """A new session: one per action, so every read sees what others committed."""
        return session_for(self.engine)

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

    def _screenful(self) -> int:
        """How many claims fill the table: reading more before the first paint only delays it."""
        return max(FIRST_SCREENFUL, self.app.size.height)

    def _read(self, read: Callable[[Session], T]) -> T:
        with self.session() as session:
            return read(session)

    def _read_plain(self, read: Callable[[Connection], T]) -> T:
        """For the plain-SQL reads in queries: a connection alone (no ORM session) is less to
        set up before the first paint."""
        with self.engine.connect() as connection:
            return read(connection)

    def _load(self, article_id: int | None, first: int | None = None) -> queries.LoadedArticle:
        return self._read_plain(
            lambda connection: queries.load_article(
                connection=connection, article_id=article_id, first=first
            )
        )

    def _open_first_screenful(self, article_id: int | None) -> None:
        """At start: take one screenful (one small query), paint it, read the rest after."""
        try:
            first = self._load(article_id, self._screenful())
        except EXPECTED_ERRORS as error:
            self._report_error("Cannot open the article", error)
            first = queries.LoadedArticle(None, [], None)
        self.review.marker = first.marker
        self.on_article_loaded(ArticleLoaded(first.article, first.claims, complete=first.complete))
        if not first.complete and first.article is not None:
            self.call_after_refresh(self.load_article, first.article.id, first_screenful=False)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="Reading")
    def load_article(self, article_id: int | None, *, first_screenful: bool = True) -> None:
        """Send the first screenful at once, then the rest: a long article paints fast."""
        try:
            loaded = self._load(article_id, self._screenful() if first_screenful else None)
            if not loaded.complete and loaded.article is not None:
                # Wait until the screen has taken the first rows, so that reading the rest
                # does not compete with the first paint.
                painted = threading.Event()
                first = ArticleLoaded(loaded.article, loaded.claims, complete=False)
                self.app.call_from_thread(self._show_first_rows, first, painted)
                painted.wait(timeout=1.0)
                loaded = self._load(loaded.article.id)
        except EXPECTED_ERRORS as error:
            self.app.call_from_thread(self._report_error, "Cannot open the article", error)
            loaded = queries.LoadedArticle(None, [], None)
        self.review.marker = loaded.marker
        self.post_message(ArticleLoaded(loaded.article, loaded.claims, complete=True))

    def _show_first_rows(self, message: ArticleLoaded, painted: threading.Event) -> None:
        self.on_article_loaded(message)
        self.call_after_refresh(painted.set)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        keep = self.table.claim_id_at_cursor
        same_article = self.review.load(message.article, message.claims, complete=message.complete)
        self.table.loading = False
        if not message.complete:
            self._show_rows(keep_claim_id=None)
            self._update_header()
            return
        if not same_article:
            if self.fully_mounted:
                self.query_one(ArticleView).remove_children()
            self.table.focus()
        self._show_rows(keep_claim_id=keep if same_article else None)
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
        if self.review.loading_rest:
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
            if not self.review.loading_rest:
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
        row, changed = self.review.read_in_detail(details.claim)
        if changed:
            self.table.update_claim(row)
            self._update_header()
        self.detail.show(details)
        if self.query_one(ContentSwitcher).current == "article":
            self._highlight_in_article(row)

    def _claim_or_warn(self) -> ClaimRow | None:
        claim = self.current_claim
        if claim is None:
            self.notify("No claim selected.", severity="warning")
        return claim

    def _claim_in_pane(self) -> ClaimRow | None:
        """The selected claim, once the detail pane shows it: the pane is read in a thread
        and may still show the claim the cursor just left."""
        claim = self._claim_or_warn()
        if claim is not None and self.detail.claim_id != claim.id:
            self.notify("Still reading this claim; try again in a moment.")
            return None
        return claim

    def _redraw(self, claim_id: int) -> None:
        """The row and header as the review state has them; the detail pane read again (from
        the database, if it answers) when the claim is the one shown."""
        if claim_id in self.claims:
            self.table.update_claim(self.claims[claim_id])
            self._update_header()
        if claim_id == self.table.claim_id_at_cursor:
            self.show_claim(claim_id)

    def _redraw_row(self, row: ClaimRow) -> None:
        self.table.update_claim(row)
        self._update_header()
        if row.id == self.table.claim_id_at_cursor:
            self.show_claim(row.id)

    def _not_saved(self, trouble: storage.DatabaseTrouble, kind: ChangeKind) -> None:
        message = not_saved_message(trouble, kind)
        self.notify(
            f"{message[0].upper()}{message[1:]}. Press R to try again.",
            title=NOT_SAVED_TITLES[trouble.kind],
            severity="error",
            timeout=12,
            markup=False,
        )
        self._database_failed(trouble, told=True)

    def _database_failed(self, trouble: storage.DatabaseTrouble, *, told: bool = False) -> None:
        """A read or write failed on the database itself: say so once (unless the reviewer
        was just told), and ask every PROBE_SECONDS until it answers."""
        newly = self.review.database.failed(trouble)
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
        try:
            loaded = self._load(self.article.id if self.article is not None else None)
        except storage.NotFound:
            loaded = None  # answered; the article is gone (the next action says so)
        except SQLAlchemyError as error:
            trouble = storage.database_trouble(error)
            self.app.call_from_thread(self.review.database.failed, trouble)
            return
        self.app.call_from_thread(self._database_answered, loaded)

    def _database_answered(self, loaded: queries.LoadedArticle | None) -> None:
        was = self.review.database.trouble
        if not self.review.database.answered():
            return
        if self._probe_timer is not None:
            self._probe_timer.stop()
            self._probe_timer = None
        if loaded is not None and loaded.article is not None:
            self.review.marker = loaded.marker
            self.on_article_loaded(ArticleLoaded(loaded.article, loaded.claims, complete=True))
        self._show_current_claim()
        if was is not None and was.kind != "busy":
            retry = " Press R to save your unsaved change." if self.review.unsaved else ""
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

    def _highlight_in_article(self, claim: ClaimRow) -> None:
        self.query_one(ArticleView).highlight_claim(claim.start, claim.end)

    def action_clear_filters(self) -> None:
        if not self.claim_filter.active:
            return
        self.claim_filter = ClaimFilter()
        bar = self.query_one(FilterBar)
        with bar.prevent(FilterBar.Changed):
            bar.value = ""
        bar.remove_class("-shown")
        self._show_rows(keep_claim_id=self.table.claim_id_at_cursor)

    def action_jump_to_claim(self, claim_id: int) -> None:
        """Select a claim, clearing the filters if they hide it (the command palette uses it)."""
        if not self.table.move_to_claim(claim_id):
            self.action_clear_filters()
            self.table.move_to_claim(claim_id)
        self.table.focus()

    def _warn_about(self, what: str, warnings: Sequence[str]) -> None:
        """What had to be repaired reading a document (bytes not valid UTF-8, an unknown
        charset): it was stored all the same, but the reviewer should know."""
        for warning in warnings:
            self.notify(warning, title=f"Read with repairs: {what}", severity="warning")

    def _report_error(self, title: str, error: BaseException) -> None:
        self.notify(one_line(str(error), 300), title=title, severity="error", markup=False)
