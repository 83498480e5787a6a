"""The review state without a terminal: what the list shows, our writes and their outcomes.

The bookkeeping on its own, then ReviewState and ReviewWriter against a real SQLite file
(another connection writes as a colleague would, or holds the write lock).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlmodel import Session

from claim_workbench.review import corrections
from claim_workbench.review.state import (
    ClaimWrites,
    DatabaseHealth,
    ReviewState,
    ReviewWriter,
    not_saved_message,
)
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Claim
from tests.support.app_data import (
    claim_in_db,
    claims_in_db,
    give_up_on_locks_soon,
    sample_database,
    sqlite_write_locked,
)

# --- the bookkeeping, without a terminal ---------------------------------------------------


def test_a_failed_write_puts_back_the_row_and_the_claim_stops_pending() -> None:
    writes: ClaimWrites[str] = ClaimWrites()
    write = writes.queue(7, shown="open, version 3", seen=writes.seen(7, 3))
    assert writes.pending(7)
    assert writes.expected_version(write) == 3
    assert writes.failed(write) == "open, version 3"
    assert not writes.pending(7)
    # The next verdict expects the version the database still has, not one more.
    again = writes.queue(7, shown="open, version 3", seen=writes.seen(7, 3))
    assert again.ahead is None and writes.expected_version(again) == 3


def test_a_write_queued_behind_ours_expects_the_version_ours_made() -> None:
    writes: ClaimWrites[str] = ClaimWrites()
    first = writes.queue(7, shown="open v3", seen=writes.seen(7, 3))
    second = writes.queue(7, shown="verified (shown)", seen=writes.seen(7, 3))
    assert second.ahead is first
    with pytest.raises(RuntimeError):
        writes.expected_version(second)  # its turn has not come
    assert writes.expected_version(first) == 3
    writes.saved(first, row="verified v4", version=4)
    assert writes.pending(7)
    assert writes.expected_version(second) == 4
    writes.saved(second, row="disputed v5", version=5)
    assert not writes.pending(7)


def test_a_write_built_on_one_that_failed_is_not_made_and_retries_at_the_old_version() -> None:
    writes: ClaimWrites[str] = ClaimWrites()
    first = writes.queue(7, shown="open v3", seen=writes.seen(7, 3))
    second = writes.queue(7, shown="verified (shown)", seen=writes.seen(7, 3))
    assert writes.expected_version(first) == 3
    assert writes.failed(first) == "open v3"
    assert writes.expected_version(second) is None
    assert second.expected == 3  # what saving it again must expect
    assert writes.failed(second) == "open v3"
    assert not writes.pending(7)


def test_a_refused_write_shows_the_colleagues_row_and_drops_ours_behind_it() -> None:
    writes: ClaimWrites[str] = ClaimWrites()
    first = writes.queue(7, shown="open v3", seen=writes.seen(7, 3))
    second = writes.queue(7, shown="verified (shown)", seen=writes.seen(7, 3))
    writes.expected_version(first)
    assert writes.refused(first, row="disputed v4 by bo") == "disputed v4 by bo"
    assert writes.expected_version(second) is None
    assert writes.failed(second) == "disputed v4 by bo"


def test_a_dialog_opened_while_our_write_was_on_its_way_expects_the_version_it_made() -> None:
    # n pressed right after v: the note is saved after the verdict, with its new version.
    writes: ClaimWrites[str] = ClaimWrites()
    verdict = writes.queue(7, shown="open v3", seen=writes.seen(7, 3))
    seen_by_dialog = writes.seen(7, 3)
    writes.expected_version(verdict)
    writes.saved(verdict, row="verified v4", version=4)
    note = writes.queue(7, shown="verified v4", seen=seen_by_dialog)
    assert note.ahead is None
    assert writes.expected_version(note) == 4


def test_database_health_reports_only_the_changes() -> None:
    health = DatabaseHealth()
    busy = storage.DatabaseTrouble("busy")
    assert health.failed(busy) and health.down
    assert not health.failed(storage.DatabaseTrouble("unreachable"))
    assert health.answered() and not health.down
    assert not health.answered()


def test_not_saved_message_is_one_plain_line() -> None:
    assert not_saved_message(storage.DatabaseTrouble("busy"), "verdict") == (
        "not saved: the database is busy; your verdict was not recorded"
    )


# --- ReviewState and ReviewWriter on a real SQLite file ---------------------------------------


@dataclass(frozen=True)
class Article:
    id: int


@dataclass
class Row:
    """A row as a screen would keep it: here only what the review state reads."""

    id: int
    version: int
    status: str
    reviewer: str | None
    note: str = field(default="")

    @classmethod
    def from_claim(cls, claim: Claim) -> Row:
        assert claim.id is not None
        return cls(claim.id, claim.version, claim.status, claim.reviewer, claim.note)


@dataclass
class Review:
    url: str
    article_id: int
    state: ReviewState[Article, Row]
    writer: ReviewWriter[Article, Row]

    @property
    def first(self) -> Row:
        return min(self.state.claims.values(), key=lambda row: row.id)

    def mark(self, claim_id: int, status: str) -> Callable[[Session, int], Claim]:
        def save(session: Session, expected: int) -> Claim:
            return storage.mark_claim(
                session=session,
                claim_id=claim_id,
                status=status,
                reviewer="ana",
                expect_version=expected,
            )

        return save


@pytest.fixture
def review(sqlite_url: str) -> Review:
    article_id = sample_database(sqlite_url)
    engine = make_engine(sqlite_url)
    give_up_on_locks_soon(engine)
    state: ReviewState[Article, Row] = ReviewState(reviewer="ana", to_row=Row.from_claim)
    rows = [Row.from_claim(claim) for claim in claims_in_db(sqlite_url, article_id)]
    assert not state.load(Article(article_id), rows, complete=True)  # a new article
    writer = ReviewWriter(state=state, session=lambda: session_for(engine))
    return Review(sqlite_url, article_id, state, writer)


def colleague_marks(url: str, claim_id: int, status: str) -> Claim:
    engine = make_engine(url)
    with session_for(engine) as session:
        claim = storage.mark_claim(session=session, claim_id=claim_id, status=status, reviewer="bo")
    engine.dispose()
    return claim


def no_redo(_version: int) -> None:
    raise AssertionError("nothing should be saved again here")


async def test_two_quick_verdicts_are_saved_in_order_each_on_the_version_before(
    review: Review,
) -> None:
    row = review.first
    state = review.state
    first = state.queue(row.id, state.writes.seen(row.id, row.version), status="verified")
    second = state.queue(row.id, state.writes.seen(row.id, row.version), status="disputed")
    assert first is not None and second is not None
    assert state.claims[row.id].status == "disputed"  # shown at once, before any write
    outcomes = await asyncio.gather(
        review.writer.save_claim(first, "verdict", review.mark(row.id, "verified"), redo=no_redo),
        review.writer.save_claim(second, "verdict", review.mark(row.id, "disputed"), redo=no_redo),
    )
    assert [outcome.result for outcome in outcomes] == ["saved", "saved"]
    stored = claim_in_db(review.url, row.id)
    assert (stored.status, stored.version) == ("disputed", row.version + 2)
    assert not state.writes.pending(row.id)
    shown = state.saved(outcomes[1].claim)  # type: ignore[arg-type]
    assert (shown.status, shown.version) == ("disputed", row.version + 2)


async def test_a_read_that_arrives_during_our_write_does_not_undo_the_verdict_shown(
    review: Review,
) -> None:
    row = review.first
    state = review.state
    write = state.queue(row.id, state.writes.seen(row.id, row.version), status="verified")
    assert write is not None
    stale = [Row.from_claim(claim) for claim in claims_in_db(review.url, review.article_id)]
    assert state.load(Article(review.article_id), stale, complete=True)  # the same article
    assert state.claims[row.id].status == "verified"
    await review.writer.save_claim(write, "verdict", review.mark(row.id, "verified"), redo=no_redo)
    fresh = [Row.from_claim(claim) for claim in claims_in_db(review.url, review.article_id)]
    state.load(Article(review.article_id), fresh, complete=True)
    assert state.claims[row.id].version == row.version + 1


async def test_a_colleagues_change_first_refuses_ours_and_their_row_is_shown(
    review: Review,
) -> None:
    row = review.first
    state = review.state
    colleague_marks(review.url, row.id, "inconclusive")
    write = state.queue(row.id, state.writes.seen(row.id, row.version), status="verified")
    assert write is not None
    outcome = await review.writer.save_claim(
        write, "verdict", review.mark(row.id, "verified"), redo=no_redo
    )
    assert outcome.result == "refused" and not outcome.put_back
    assert outcome.claim is not None and outcome.claim.reviewer == "bo"
    shown = state.replaced(outcome.claim)
    assert (shown.status, shown.reviewer) == ("inconclusive", "bo")
    assert claim_in_db(review.url, row.id).status == "inconclusive"
    assert not state.writes.pending(row.id)


async def test_a_locked_database_puts_the_row_back_and_r_saves_the_verdict_again(
    review: Review,
) -> None:
    row = review.first
    state = review.state
    redone: list[int] = []
    write = state.queue(row.id, state.writes.seen(row.id, row.version), status="verified")
    assert write is not None
    with sqlite_write_locked(review.url):
        outcome = await review.writer.save_claim(
            write, "verdict", review.mark(row.id, "verified"), redo=redone.append
        )
    assert outcome.result == "not saved" and outcome.put_back
    assert outcome.trouble is not None and outcome.trouble.kind == "busy"
    assert state.claims[row.id].status == row.status  # put back as the database holds it
    assert not state.writes.pending(row.id)
    assert claim_in_db(review.url, row.id).version == row.version  # nothing was written
    assert state.unsaved is not None and state.unsaved.kind == "verdict"
    state.unsaved.retry()
    assert redone == [row.version]  # R saves it again on the version the database has


async def test_changes_found_by_the_periodic_check_skip_ours_and_name_the_colleagues(
    review: Review,
) -> None:
    rows = sorted(review.state.claims.values(), key=lambda row: row.id)
    theirs, ours = rows[0], rows[1]
    state = review.state
    in_flight = state.queue(ours.id, state.writes.seen(ours.id, ours.version), status="verified")
    assert in_flight is not None
    changed = [
        colleague_marks(review.url, theirs.id, "disputed"),
        colleague_marks(review.url, ours.id, "inconclusive"),
    ]
    changes = state.changed_elsewhere(changed)
    assert [row.id for row in changes.rows] == [theirs.id]  # ours is in flight: it says
    assert changes.colleagues == {"bo"} and not changes.added
    assert state.claims[theirs.id].status == "disputed"
    assert state.claims[ours.id].status == "verified"
    assert state.changed_elsewhere(changed[:1]).rows == []  # already shown


async def test_a_correction_a_colleague_got_ahead_of_is_refused_and_stores_nothing(
    review: Review,
) -> None:
    row = review.first
    colleague_marks(review.url, row.id, "disputed")
    done = await review.writer.correct(
        lambda session: corrections.dismiss(
            session,
            claim_id=row.id,
            reason="not a claim",
            reviewer="ana",
            expect_version=row.version,
        )
    )
    assert done.refused and done.claim_id == row.id
    assert done.summary.startswith("bo changed this claim first (now disputed)")
    assert claim_in_db(review.url, row.id).status == "disputed"


async def test_a_dismissal_is_stored_and_said_in_one_line(review: Review) -> None:
    row = review.first
    done = await review.writer.correct(
        lambda session: corrections.dismiss(
            session,
            claim_id=row.id,
            reason="an opinion",
            reviewer="ana",
            expect_version=row.version,
        )
    )
    assert not done.refused
    assert done.summary == "Dismissed: an opinion. Reports leave it out; u undoes."
    assert claim_in_db(review.url, row.id).status == "dismissed"
    row_now, added = review.state.corrected(done.claim)  # type: ignore[arg-type]
    assert row_now.status == "dismissed" and not added
