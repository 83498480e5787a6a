"""Review state kept beside the database: the claims shown, our writes in flight, what a
failed one puts back, the change a reviewer can save again and whether the database answers.

Plain classes, no Textual: the main screen calls them, and tests use them without a terminal.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Literal, Protocol, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from claim_workbench.acquisition.errors import SourceError
from claim_workbench.store import storage
from claim_workbench.store.models import Claim
from claim_workbench.store.storage import DatabaseTrouble
from claim_workbench.text.printable import one_line

Row = TypeVar("Row")
T = TypeVar("T")

# Expected failures: one line for the reviewer, never a traceback.
EXPECTED_ERRORS = (storage.StorageError, SourceError, OSError, ValueError)

ChangeKind = Literal["verdict", "note", "stance"]


Outcome = Literal["saved", "refused", "failed"]


@dataclass(eq=False, slots=True)
class QueuedWrite:
    """One write of ours to a claim, waiting for or holding the write lock.

    A write queued while another of ours on the same claim is still on its way (``ahead``)
    is built on that one: it expects the version that one makes, and is not made at all
    if that one is not.
    """

    claim_id: int
    seen: VersionSeen
    ahead: QueuedWrite | None
    expected: int | None = None  # the version it expected (or would have), once its turn came
    saved_version: int | None = None  # once saved (a write that changed nothing keeps it)
    outcome: Outcome | None = None


@dataclass(frozen=True, slots=True)
class VersionSeen:
    """The version of a claim the reviewer acted on: the row's version, or, while a write of
    ours was on its way (``after``), the version that write makes."""

    version: int
    after: QueuedWrite | None = None

    def resolved(self) -> int:
        after = self.after
        if after is None or after.outcome is None:
            return self.version
        if after.outcome == "saved" and after.saved_version is not None:
            return after.saved_version
        # It was not made: what it expected is still what the database has (or, if a
        # colleague's change refused it, a stale version: refused again, and told).
        return after.expected if after.expected is not None else self.version


class ClaimWrites(Generic[Row]):
    """Our own verdict and note writes, in key-press order, and what each claim held before.

    The screen shows a verdict at once and writes it afterwards. Each outcome is reported
    here: ``saved`` (the row as stored), ``refused`` (a colleague's row) or ``failed`` (the
    database did not take it). Whatever the outcome the claim stops counting as pending, so
    a failure can never leave the next write expecting a version that will not come (which
    refused every later verdict as "changed by a colleague"). ``failed`` and ``refused``
    return the row to put back: the last one the database is known to hold.
    """

    def __init__(self) -> None:
        self._pending: Counter[int] = Counter()
        self._last: dict[int, QueuedWrite] = {}
        self._confirmed: dict[int, Row] = {}

    def pending(self, claim_id: int) -> bool:
        """True while a write of ours to the claim is on its way (the row shows its result)."""
        return self._pending[claim_id] > 0

    def seen(self, claim_id: int, version: int) -> VersionSeen:
        """What the reviewer acts on now, for a write queued later (after a dialog)."""
        return VersionSeen(version, self._last.get(claim_id) if self.pending(claim_id) else None)

    def queue(self, claim_id: int, *, shown: Row, seen: VersionSeen) -> QueuedWrite:
        """A new write to the claim; ``shown`` is the row before it."""
        ahead = self._last.get(claim_id) if self.pending(claim_id) else None
        if ahead is None:
            # Nothing of ours on the way: the row is what the database holds, as far as we know.
            self._confirmed[claim_id] = shown
        write = QueuedWrite(claim_id=claim_id, seen=seen, ahead=ahead)
        self._last[claim_id] = write
        self._pending[claim_id] += 1
        return write

    def expected_version(self, write: QueuedWrite) -> int | None:
        """The version the write must find, or None if it must not be made (ours ahead of it
        was not). Asked when the write's turn has come, so the one ahead is done."""
        ahead = write.ahead
        if ahead is None:
            write.expected = write.seen.resolved()
            return write.expected
        if ahead.outcome is None:
            raise RuntimeError("a write ran before the one queued ahead of it had finished")
        if ahead.outcome != "saved":
            write.expected = ahead.expected
            return None
        write.expected = ahead.saved_version
        return write.expected

    def saved(self, write: QueuedWrite, *, row: Row, version: int) -> None:
        """The write was stored as ``row``."""
        write.saved_version = version
        self._finish(write, "saved")
        self._confirmed[write.claim_id] = row

    def refused(self, write: QueuedWrite, *, row: Row) -> Row:
        """A colleague changed the claim first; ``row`` is theirs, and what to show."""
        self._finish(write, "refused")
        self._confirmed[write.claim_id] = row
        return row

    def failed(self, write: QueuedWrite) -> Row | None:
        """The write was not made; returns the row the database holds, as far as we know."""
        self._finish(write, "failed")
        return self._confirmed.get(write.claim_id)

    def _finish(self, write: QueuedWrite, outcome: Outcome) -> None:
        if write.outcome is not None:
            return
        write.outcome = outcome
        self._pending[write.claim_id] -= 1
        if self._pending[write.claim_id] <= 0:
            del self._pending[write.claim_id]
            self._last.pop(write.claim_id, None)


@dataclass(frozen=True, slots=True)
class UnsavedChange:
    """A change the database did not take, which the reviewer can ask for again."""

    claim_id: int
    kind: ChangeKind
    retry: Callable[[], None]


def not_saved_message(trouble: DatabaseTrouble, kind: ChangeKind) -> str:
    """One plain line: what happened and that nothing was recorded (no SQL, no names)."""
    return f"not saved: {trouble}; your {kind} was not recorded"


class DatabaseHealth:
    """Whether the database answers: a failure after success, and an answer after failures,
    are news (the screen tells the reviewer once and, when it is back, reloads)."""

    def __init__(self) -> None:
        self.trouble: DatabaseTrouble | None = None

    @property
    def down(self) -> bool:
        return self.trouble is not None

    def failed(self, trouble: DatabaseTrouble) -> bool:
        """Record a failure; True if the database was answering until now."""
        newly = self.trouble is None
        self.trouble = trouble
        return newly

    def answered(self) -> bool:
        """Record an answer; True if the database had been failing."""
        came_back = self.trouble is not None
        self.trouble = None
        return came_back


# --- the claims of the open article, as the screen shows them --------------------------------


class ShownArticle(Protocol):
    @property
    def id(self) -> int: ...


class ShownClaim(Protocol):
    """What the review state needs of a listed claim (the screen's row type has more)."""

    id: int
    version: int
    status: str
    reviewer: str | None


ArticleT = TypeVar("ArticleT", bound=ShownArticle)
RowT = TypeVar("RowT", bound=ShownClaim)


@dataclass(slots=True)
class RemoteChanges(Generic[RowT]):
    """What the periodic check brought that the list did not show yet."""

    rows: list[RowT] = field(default_factory=list)  # now in the list, in the order found
    added: bool = False  # one of them was not listed (a claim a colleague added by hand)
    colleagues: set[str] = field(default_factory=set)  # who else made the changes


class ReviewState(Generic[ArticleT, RowT]):
    """The open article, its claims as shown, and what our writes to them left to settle.

    Every rule of what the list shows lives here: a read that arrives after a change of ours
    does not undo it, a colleague's change does not replace a write of ours in flight, and a
    write that was not made puts back the row the database holds. The screen redraws what
    these methods return.
    """

    def __init__(self, *, reviewer: str, to_row: Callable[[Claim], RowT]) -> None:
        self.reviewer = reviewer
        self.to_row = to_row
        self.article: ArticleT | None = None
        self.claims: dict[int, RowT] = {}
        self.loading_rest = False  # True while only the first screenful of claims is listed
        self.marker: object | None = None  # the article's change marker when last read
        # Our own writes queue up in key-press order; each expects the version the reviewer
        # saw, or the one our write ahead of it makes, so a colleague's change in between
        # is refused rather than overwritten. `writes` keeps that bookkeeping and what to put
        # back when a write fails; `unsaved` is the change R saves again.
        self.writes: ClaimWrites[RowT] = ClaimWrites()
        self.unsaved: UnsavedChange | None = None
        self.database = DatabaseHealth()

    def load(self, article: ArticleT | None, rows: list[RowT], *, complete: bool) -> bool:
        """Take a read of the article's claims; True if it is the article already open.
        Rows the reviewer changed while it was read stay as shown."""
        same_article = (
            self.article is not None and article is not None and self.article.id == article.id
        )
        loaded = {row.id: row for row in rows}
        if same_article:
            for claim_id, shown in self.claims.items():
                fresher = claim_id in loaded and shown.version > loaded[claim_id].version
                if fresher or self.writes.pending(claim_id):
                    loaded[claim_id] = shown
        self.article = article
        self.claims = loaded
        self.loading_rest = not complete
        return same_article

    def known_versions(self) -> dict[int, int]:
        """A snapshot, for a read in another thread (the list may change meanwhile)."""
        return {claim_id: row.version for claim_id, row in list(self.claims.items())}

    def changed_elsewhere(self, claims: list[Claim]) -> RemoteChanges[RowT]:
        """Take the claims the periodic check found changed; what is new to the list."""
        changes: RemoteChanges[RowT] = RemoteChanges()
        article_id = self.article.id if self.article is not None else None
        for claim in claims:
            if claim.id is None or claim.article_id != article_id:
                continue
            known = self.claims.get(claim.id)
            if known is not None and known.version >= claim.version:
                continue  # our own write, already shown
            if self.writes.pending(claim.id):
                continue  # ours is in flight; its result (or conflict) will say what is true
            row = self.to_row(claim)
            changes.added = changes.added or known is None
            self.claims[row.id] = row
            changes.rows.append(row)
            if claim.reviewer and claim.reviewer != self.reviewer:
                changes.colleagues.add(claim.reviewer)
        return changes

    def read_in_detail(self, claim: Claim) -> tuple[RowT, bool]:
        """The claim as the detail pane read it, and whether the list must show it anew (not
        while a write of ours to it is on its way)."""
        row = self.to_row(claim)
        if self.claims.get(row.id) == row or self.writes.pending(row.id):
            return row, False
        self.claims[row.id] = row
        return row, True

    def verdict_unchanged(self, claim_id: int, status: str) -> bool:
        """Nothing to save: the claim has that verdict, and no write of ours is changing it."""
        claim = self.claims.get(claim_id)
        return claim is not None and claim.status == status and not self.writes.pending(claim_id)

    def queue(
        self, claim_id: int, seen: VersionSeen, *, status: str | None = None
    ) -> QueuedWrite | None:
        """Queue a write of ours to a listed claim (None if it is not listed); with a status,
        the row shows that verdict at once, ahead of the write."""
        claim = self.claims.get(claim_id)
        if claim is None:
            return None
        write = self.writes.queue(claim_id, shown=claim, seen=seen)
        if status is not None:
            self.claims[claim_id] = dataclasses.replace(  # type: ignore[type-var]
                claim, status=status, reviewer=self.reviewer
            )
        return write

    def saved(self, claim: Claim) -> RowT:
        """A write of ours was stored as ``claim``; the row to show."""
        saved = self.to_row(claim)
        shown = self.claims.get(saved.id)
        if shown is not None and self.writes.pending(saved.id):
            saved.status = shown.status  # a later verdict of ours is still on its way
        if shown is None or shown.version <= saved.version:
            self.claims[saved.id] = saved
        return self.claims[saved.id]

    def replaced(self, claim: Claim) -> RowT:
        """A colleague's row (our write was refused): shown as they left it."""
        row = self.to_row(claim)
        self.claims[row.id] = row
        return row

    def corrected(self, claim: Claim) -> tuple[RowT, bool]:
        """A correction stored ``claim``: the row to show, and whether it is new to the list
        (a claim added by hand)."""
        row = self.to_row(claim)
        known = self.claims.get(row.id)
        if known is None or known.version <= row.version:
            self.claims[row.id] = row
        return self.claims[row.id], known is None

    def put_back(self, claim_id: int, row: RowT | None) -> None:
        """A write was not made: the row the database holds, as far as we know."""
        if row is not None and claim_id in self.claims:
            self.claims[claim_id] = row


# --- writing, one write at a time -----------------------------------------------------------

WriteResult = Literal["saved", "refused", "not saved", "failed", "dropped"]


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    """How a queued write ended. All but ``saved`` and ``refused`` put the row back."""

    result: WriteResult
    claim: Claim | None = None  # as stored (saved) or as a colleague left it (refused)
    explanation: str = ""  # a refusal's reason
    trouble: DatabaseTrouble | None = None  # not saved: what the database said
    error: Exception | None = None  # failed: the one line to show

    @property
    def put_back(self) -> bool:
        return self.result in ("not saved", "failed", "dropped")


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction of ours was saved (undo, dismissal, speaker, added claim, removed
    passage), or refused because a colleague changed the claim first."""

    claim_id: int
    claim: Claim | None  # the claim as stored now, when the correction changed it
    summary: str  # what to tell the reviewer
    go_to: bool = False  # select the claim (an undo elsewhere in the list, an added claim)
    refused: bool = False


class ReviewWriter(Generic[ArticleT, RowT]):
    """Runs our writes one at a time, in key-press order, each in a thread of its own.

    Every outcome settles the bookkeeping in ``state``: saved, refused by a colleague's
    change, or not made (then the row is put back and, when the database was the reason,
    the change is kept for R).
    """

    def __init__(
        self, *, state: ReviewState[ArticleT, RowT], session: Callable[[], Session]
    ) -> None:
        self.state = state
        self.session = session
        self._lock = asyncio.Lock()

    def _run(self, work: Callable[[Session], T]) -> T:
        """In the thread: one session for one write; a database error becomes DatabaseTrouble,
        one plain line (busy, unreachable or failed) instead of the driver's message and SQL."""
        try:
            with self.session() as session:
                return work(session)
        except SQLAlchemyError as error:
            raise storage.database_trouble(error) from error

    async def save_claim(
        self,
        write: QueuedWrite,
        kind: ChangeKind,
        save: Callable[[Session, int], Claim],
        *,
        redo: Callable[[int], None],
    ) -> WriteOutcome:
        """Run one queued write in its turn; ``redo`` queues it again at a version (R)."""
        state = self.state
        async with self._lock:
            expected = state.writes.expected_version(write)
            if expected is None:
                # Built on a write of ours that was not made: not made either.
                refused = write.ahead is not None and write.ahead.outcome == "refused"
                state.put_back(write.claim_id, state.writes.failed(write))
                if not refused and write.expected is not None:
                    state.unsaved = UnsavedChange(write.claim_id, kind, _bind(redo, write.expected))
                return WriteOutcome("dropped")
            try:
                saved = await asyncio.to_thread(self._run, lambda session: save(session, expected))
            except storage.VersionConflict as conflict:
                state.writes.refused(write, row=state.to_row(conflict.claim))
                return WriteOutcome("refused", conflict.claim, explanation=str(conflict))
            except storage.DatabaseTrouble as trouble:
                state.put_back(write.claim_id, state.writes.failed(write))
                state.unsaved = UnsavedChange(write.claim_id, kind, _bind(redo, expected))
                return WriteOutcome("not saved", trouble=trouble)
            except EXPECTED_ERRORS as error:
                state.put_back(write.claim_id, state.writes.failed(write))
                return WriteOutcome("failed", error=error)
            except BaseException:
                # Even a failure nobody foresaw must not leave the claim counted as pending.
                state.put_back(write.claim_id, state.writes.failed(write))
                raise
            state.writes.saved(write, row=state.to_row(saved), version=saved.version)
            return WriteOutcome("saved", saved)

    async def save_stance(
        self, claim_id: int, evidence_id: int, stance: str, *, redo: Callable[[], None]
    ) -> WriteOutcome:
        """A stance is not shown ahead of its save: nothing to put back when it fails."""
        async with self._lock:
            try:
                await asyncio.to_thread(
                    self._run,
                    lambda session: storage.set_stance(
                        session=session,
                        evidence_id=evidence_id,
                        stance=stance,
                        reviewer=self.state.reviewer,
                    ),
                )
            except storage.DatabaseTrouble as trouble:
                self.state.unsaved = UnsavedChange(claim_id, "stance", redo)
                return WriteOutcome("not saved", trouble=trouble)
            except EXPECTED_ERRORS as error:
                return WriteOutcome("failed", error=error)
        return WriteOutcome("saved")

    async def correct(self, change: Callable[[Session], Correction]) -> Correction:
        """Run a correction in its turn after our queued writes. A colleague's change first
        refuses it; other expected errors are raised for the caller to report."""
        async with self._lock:
            try:
                return await asyncio.to_thread(self._run_plain, change)
            except storage.VersionConflict as conflict:
                who = one_line(conflict.claim.reviewer or "someone else", 40)
                return Correction(
                    conflict.claim.id or 0,
                    conflict.claim,
                    f"{who} changed this claim first (now {conflict.claim.status}); it has been "
                    "reloaded and your change was not saved.",
                    refused=True,
                )

    def _run_plain(self, work: Callable[[Session], T]) -> T:
        with self.session() as session:
            return work(session)


def _bind(redo: Callable[[int], None], version: int) -> Callable[[], None]:
    return lambda: redo(version)
