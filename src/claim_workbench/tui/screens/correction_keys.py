"""The main screen's correction keys: u (undo), x (dismiss), p (speaker), c (add a claim) and
X (remove a passage). Each runs a review.corrections function after our queued writes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlmodel import Session
from textual import work
from textual.widgets import ContentSwitcher

from claim_workbench.review import corrections
from claim_workbench.review.state import EXPECTED_ERRORS, Correction
from claim_workbench.store import storage
from claim_workbench.store.models import ClaimStatus
from claim_workbench.store.views import ClaimView as ClaimRow  # the name the screen uses
from claim_workbench.tui.messages import ClaimCorrected
from claim_workbench.tui.modals.add_claim import AddClaimDialog, AddClaimRequest
from claim_workbench.tui.modals.prompt import TextPrompt
from claim_workbench.tui.screens.review_view import ReviewView
from claim_workbench.tui.widgets.rendering import one_line


class CorrectionKeys(ReviewView):
    def _claim_to_correct(self) -> ClaimRow | None:
        claim = self._claim_or_warn()
        if claim is not None and self.review.writes.pending(claim.id):
            # The correction expects the version on screen, which that write will change.
            self.notify("Still saving this claim; try again in a moment.")
            return None
        return claim

    @work(group="write", exit_on_error=False, description="Saving a correction")
    async def _correct(self, failure_title: str, change: Callable[[Session], Correction]) -> None:
        """Run a correction in its turn after our queued writes; report what it did."""
        try:
            done = await self.writer.correct(change)
        except EXPECTED_ERRORS as error:
            self._report_error(failure_title, error)
            self.show_claim(self.table.claim_id_at_cursor)
            return
        self.post_message(ClaimCorrected(done))

    def on_claim_corrected(self, message: ClaimCorrected) -> None:
        done = message.correction
        if done.claim is not None:
            row, added = self.review.corrected(done.claim)
            if added:  # a claim added by hand: list it
                self._show_rows(keep_claim_id=self.table.claim_id_at_cursor)
            else:
                self.table.update_claim(row)
            self._update_header()
        if done.go_to and done.claim_id in self.claims:
            self.action_jump_to_claim(done.claim_id)
        if done.claim_id == self.table.claim_id_at_cursor:
            self.show_claim(done.claim_id)
        self.notify(
            done.summary,
            title="Not saved" if done.refused else "Saved",
            severity="warning" if done.refused else "information",
            timeout=8 if done.refused else 4,
            markup=False,
        )

    def action_undo(self) -> None:
        if self.article is None:
            self.notify("No article open.", severity="warning")
            return
        undo = partial(corrections.undo_last, reviewer=self.reviewer, article_id=self.article.id)
        self._correct("Nothing undone", undo)

    def action_dismiss_claim(self) -> None:
        claim = self._claim_to_correct()
        if claim is None:
            return
        if claim.status == ClaimStatus.dismissed.value:
            self.notify("Already dismissed: U resets it to unreviewed, u undoes your last action.")
            return
        dismiss = partial(
            corrections.dismiss,
            claim_id=claim.id,
            reviewer=self.reviewer,
            expect_version=claim.version,
        )

        def save(reason: str | None) -> None:
            if reason is not None:
                self._correct("Not dismissed", partial(dismiss, reason=reason))

        self.app.push_screen(
            TextPrompt(
                title=f"Dismiss “{one_line(claim.label or claim.text, 60)}”",
                hint="Why is it not a claim? Kept in its history. Enter dismisses, Esc cancels.",
                value=storage.DISMISS_REASON,
            ),
            save,
        )

    def action_change_speaker(self) -> None:
        claim = self._claim_to_correct()
        if claim is None:
            return
        change = partial(
            corrections.change_speaker,
            claim_id=claim.id,
            reviewer=self.reviewer,
            expect_version=claim.version,
        )

        def save(speaker: str | None) -> None:
            if speaker is not None and speaker != (claim.speaker or ""):
                self._correct("Speaker not changed", partial(change, speaker=speaker))

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
        add = partial(corrections.add_claim, article_id=self.article.id, reviewer=self.reviewer)
        near = self.current_claim.start if self.current_claim is not None else 0
        # Words selected with the mouse in the article view (t) come along, ready to add.
        in_article = self.query_one(ContentSwitcher).current == "article"
        selected = self.get_selected_text() if in_article else None

        def save(request: AddClaimRequest | None) -> None:
            if request is not None:
                what = partial(add, text=request.text, start=request.start, end=request.end)
                self._correct("Claim not added", what)

        self.app.push_screen(
            AddClaimDialog(
                article_text=self.article.text,
                headline=self.article.title,
                near=near,
                typed=" ".join((selected or "").split()),
            ),
            save,
        )

    def action_remove_evidence(self) -> None:
        claim = self._claim_in_pane()
        if claim is None:
            return
        evidence_id = self.detail.highlighted_evidence_id
        if evidence_id is None:
            self.notify("This claim has no evidence to remove.")
            return
        remove = partial(
            corrections.remove_passage,
            claim_id=claim.id,
            evidence_id=evidence_id,
            reviewer=self.reviewer,
        )
        self._correct("Passage not removed", remove)
