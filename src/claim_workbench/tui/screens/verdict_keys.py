"""The main screen's verdict and note keys (v d i U, n, A, R): shown at once, then written in
turn by the review writer; a refusal or a failure puts back what the database holds."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlmodel import Session
from textual import on, work

from claim_workbench.review.state import EXPECTED_ERRORS, ChangeKind, QueuedWrite, VersionSeen
from claim_workbench.store import storage
from claim_workbench.store.models import VERDICTS, Claim
from claim_workbench.store.views import ClaimView as ClaimRow  # the name the screen uses
from claim_workbench.tui.messages import ClaimConflicted, ClaimSaved
from claim_workbench.tui.modals.note import NoteEditor
from claim_workbench.tui.screens.corrections import unsupported_verdict_warning
from claim_workbench.tui.screens.review_view import ReviewView
from claim_workbench.tui.widgets.rendering import one_line


class VerdictKeys(ReviewView):
    def _seen(self, claim: ClaimRow) -> VersionSeen:
        return self.review.writes.seen(claim.id, claim.version)

    def action_mark(self, status: str) -> None:
        claim = self._claim_or_warn()
        if claim is not None and claim.status != status:
            self._mark(claim.id, status, self._seen(claim))

    def _mark(self, claim_id: int, status: str, seen: VersionSeen) -> None:
        """Show the verdict at once; the write follows in a worker, and a refusal or a
        failure puts back what the database holds."""
        if self.review.verdict_unchanged(claim_id, status):
            self.notify(f"Already {status}: nothing to save.", timeout=3)
            return
        mark = partial(storage.mark_claim, claim_id=claim_id, status=status, reviewer=self.reviewer)
        redo = self._redo(self._mark, claim_id, status)
        self._queue_write(claim_id, seen, "status", "verdict", mark, redo=redo, status=status)

    def _queue_write(
        self,
        claim_id: int,
        seen: VersionSeen,
        action: str,
        kind: ChangeKind,
        save: Callable[..., Claim],
        *,
        redo: Callable[[int], None],
        status: str | None = None,
    ) -> None:
        """Queue a write of ours; a verdict (``status``) is shown at once, ahead of it."""
        write = self.review.queue(claim_id, seen, status=status)
        if write is None:
            return
        if status is not None:
            self.table.update_claim(self.claims[claim_id])
            self._update_header()
        self._save_claim(
            write,
            action,
            kind,
            lambda session, expected: save(session=session, expect_version=expected),
            redo=redo,
        )

    @staticmethod
    def _redo(again: Callable[..., None], *args: object) -> Callable[[int], None]:
        """R: the same write again, expecting the version the database holds."""
        return lambda expected: again(*args, VersionSeen(expected))

    def action_edit_note(self) -> None:
        claim = self._claim_or_warn()
        if claim is None:
            return
        claim_id, seen = claim.id, self._seen(claim)

        def save(note: str | None) -> None:
            if note is not None and note != claim.note:
                self._save_note(claim_id, note, seen)

        self.app.push_screen(NoteEditor(note=claim.note), save)

    def _save_note(self, claim_id: int, note: str, seen: VersionSeen) -> None:
        save = partial(storage.set_note, claim_id=claim_id, note=note, reviewer=self.reviewer)
        redo = self._redo(self._save_note, claim_id, note)
        self._queue_write(claim_id, seen, "note", "note", save, redo=redo)

    def action_adopt(self) -> None:
        claim = self._claim_or_warn()
        if claim is None:
            return
        if claim.seen_claim_id is None:
            self.notify("This claim was not seen before.", severity="warning")
            return
        self._adopt(claim.id, claim.seen_claim_id, self._seen(claim))

    def _adopt(self, claim_id: int, earlier_id: int, seen: VersionSeen) -> None:
        adopt = partial(
            storage.adopt_verdict,
            claim_id=claim_id,
            earlier_claim_id=earlier_id,
            reviewer=self.reviewer,
        )
        redo = self._redo(self._adopt, claim_id, earlier_id)
        self._queue_write(claim_id, seen, "adopt", "verdict", adopt, redo=redo)

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
        """Run one queued write in its turn (ReviewWriter); show how it ended."""
        try:
            outcome = await self.writer.save_claim(write, kind, save, redo=redo)
        except BaseException:
            self._redraw(write.claim_id)  # the writer has put the row back
            raise
        if outcome.put_back:
            self._redraw(write.claim_id)
        if outcome.result == "saved" and outcome.claim is not None:
            self.post_message(ClaimSaved(outcome.claim, action))
        elif outcome.result == "refused" and outcome.claim is not None:
            self.post_message(ClaimConflicted(outcome.claim, outcome.explanation))
        elif outcome.result == "not saved" and outcome.trouble is not None:
            self._not_saved(outcome.trouble, kind)
        elif outcome.result == "failed" and outcome.error is not None:
            self._report_error("Not saved", outcome.error)

    def action_retry_save(self) -> None:
        change, self.review.unsaved = self.review.unsaved, None
        if change is None:
            self.notify("Nothing is waiting to be saved.", timeout=3)
        elif change.claim_id not in self.claims:
            self.notify("That claim is no longer open; nothing was saved.", severity="warning")
        else:
            change.retry()

    def on_claim_saved(self, message: ClaimSaved) -> None:
        self._redraw_row(self.review.saved(message.claim))

    def on_claim_conflicted(self, message: ClaimConflicted) -> None:
        claim = message.claim
        self._redraw_row(self.review.replaced(claim))
        who = one_line(claim.reviewer or "someone else", 40)
        self.notify(
            f"{one_line(claim.label, 60)}: {who} changed it first (now {claim.status}). "
            "It has been reloaded; your change was not saved.",
            title="Changed by a colleague",
            severity="warning",
            timeout=10,
            markup=False,
        )

    @on(ClaimSaved)
    def _check_verdict_support(self, message: ClaimSaved) -> None:
        """A verdict set with no note and no evidence is published with no review text."""
        claim = message.claim
        if message.action == "status" and claim.status in VERDICTS and not claim.note.strip():
            self._warn_if_unsupported(claim.id or 0)

    @work(thread=True, group="verdict-check", exit_on_error=False, description="Checking")
    def _warn_if_unsupported(self, claim_id: int) -> None:
        from claim_workbench.report import require_note_setting  # numpy: not before the first paint

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
