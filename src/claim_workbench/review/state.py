"""Review state kept beside the database: our writes in flight, what a failed one puts back.

Also the change a reviewer can save again and whether the database answers. Plain classes,
no Textual: the main screen calls them, and tests use them without a terminal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from claim_workbench.store.storage import DatabaseTrouble

Row = TypeVar("Row")

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
