"""The main screen's keys for sources and their passages: [ ] to step through them, s for
the stance, b and O to see the source, a to attach (AttachJob), F to find sources (FindDialog,
attaching through the same job) and Ctrl+X to cancel it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from claim_workbench.review.attach_job import (
    AttachJob,
    AttachReport,
    PastedSource,
    start_extraction_workers,
)
from claim_workbench.review.state import EXPECTED_ERRORS
from claim_workbench.store import storage
from claim_workbench.store.models import Evidence, Source
from claim_workbench.tui.messages import SourceAttached, StanceSaved
from claim_workbench.tui.modals.attach import AttachDialog, AttachRequest
from claim_workbench.tui.modals.snapshot import SnapshotView
from claim_workbench.tui.modals.stance import StancePicker
from claim_workbench.tui.screens.corrections import attach_batch_title
from claim_workbench.tui.screens.review_view import ReviewView
from claim_workbench.tui.widgets.claim_detail import NO_EVIDENCE
from claim_workbench.tui.widgets.rendering import one_line

if TYPE_CHECKING:
    from claim_workbench.acquisition.providers.base import Candidate
    from claim_workbench.review.find import FindSearch

CANCEL_NOTICES = {
    "skipping the rest": "Attach cancelled; the sources not yet stored are skipped.",
    "cancelled": "Attach cancelled; nothing was stored.",
}


class SourceKeys(ReviewView):
    def action_evidence(self, step: int) -> None:
        """[ and ] step through the passages and stop at either end, saying so."""
        notice = self.detail.step_passage(step)
        if notice:
            self.notify(notice)

    def _highlighted_source(self) -> Source | None:
        if self._claim_in_pane() is None:
            return None
        source = self.detail.highlighted_source
        if source is None:
            self.notify(NO_EVIDENCE)
        return source

    def action_open_source(self) -> None:
        """The highlighted passage's source in the system browser (the address it came from)."""
        import webbrowser  # start-up time: it loads shlex and subprocess, for a rare key

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
        if source is not None:
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
        claim = self._claim_in_pane()
        if claim is None:
            return
        evidence_id = self.detail.highlighted_evidence_id
        if evidence_id is None:
            self.notify(NO_EVIDENCE)
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
        # The pane is not changed ahead of the save: it shows the stored stance either way.
        redo = partial(self._save_stance, claim_id, evidence_id, stance)
        outcome = await self.writer.save_stance(claim_id, evidence_id, stance, redo=redo)
        if outcome.result == "not saved" and outcome.trouble is not None:
            self._not_saved(outcome.trouble, "stance")
        elif outcome.result == "failed" and outcome.error is not None:
            self._report_error("Stance not saved", outcome.error)
        else:
            self.post_message(StanceSaved(claim_id, evidence_id, stance))

    def on_stance_saved(self, message: StanceSaved) -> None:
        if message.claim_id == self.table.claim_id_at_cursor:
            self.show_claim(message.claim_id)

    def action_attach(self) -> None:
        claim = self._claim_or_warn()
        if claim is None:
            return
        claim_id = claim.id
        if self.attach_job is not None and self.attach_job.storing:
            # A new attach would cancel this worker (exclusive) while its thread still runs.
            self.notify("Still finishing the last source; attach again in a moment.")
            return

        def attach(request: AttachRequest | None) -> None:
            if request is not None:
                self.attach_source(claim_id, request)

        self.app.push_screen(AttachDialog(claim_label=claim.label or claim.text), attach)
        start_extraction_workers()  # while the reviewer pastes the address

    @work(exclusive=True, group="attach", exit_on_error=False, description="Attaching a source")
    async def attach_source(self, claim_id: int, request: AttachRequest) -> None:
        """Fetch (awaiting the network), then match and store in a thread (AttachJob)."""
        job = self.attach_job = AttachJob(
            claim_id=claim_id,
            reviewer=self.reviewer,
            session=self.session,
            progress=self.activity.start,
        )
        pasted = PastedSource(
            request.pasted_text or "", request.pasted_title, request.pasted_origin
        )
        try:
            report = await job.run(target=request.target, pasted=pasted)
        finally:
            self.activity.stop()
        self._tell_attached(claim_id, report)

    def action_find(self) -> None:
        """F: search the providers for sources about the claim; attach what the reviewer picks."""
        # The dialog brings in the word stemmer and, once it searches, the providers (httpx):
        # only when F is pressed.
        from claim_workbench.tui.modals.find import FindDialog

        claim = self._claim_or_warn()
        if claim is None:
            return
        claim_id = claim.id
        if self.attach_job is not None and self.attach_job.storing:
            self.notify("Still finishing the last source; find again in a moment.")
            return

        def attach(chosen: list[Candidate] | None) -> None:
            if chosen:
                self.attach_candidates(claim_id, chosen)

        self.app.push_screen(
            FindDialog(
                claim_label=claim.label or claim.text,
                open_search=partial(self._open_search, claim_id),
            ),
            attach,
        )
        start_extraction_workers()  # while the candidates arrive

    def _open_search(self, claim_id: int, query_text: str | None) -> FindSearch:
        """The search for the dialog (run in a thread: it reads the claim and its sources)."""
        # Matching and numpy: only for F.
        from claim_workbench.review.find import FindSearch, add_earlier_fact_checks

        with self.session() as session:
            search = FindSearch(session=session, claim_id=claim_id, query_text=query_text)
            add_earlier_fact_checks(search, session=session, claim_id=claim_id)
            return search

    @work(exclusive=True, group="attach", exit_on_error=False, description="Attaching a source")
    async def attach_candidates(self, claim_id: int, candidates: list[Candidate]) -> None:
        """What the find dialog picked, attached by the same job as `a` (AttachJob)."""
        job = self.attach_job = AttachJob(
            claim_id=claim_id,
            reviewer=self.reviewer,
            session=self.session,
            progress=self.activity.start,
        )
        try:
            report = await job.run_candidates(candidates)
        finally:
            self.activity.stop()
        self._tell_attached(claim_id, report)

    def _tell_attached(self, claim_id: int, report: AttachReport) -> None:
        for what, warnings in report.repaired:
            self._warn_about(what, warnings)
        if report.batch:
            self._tell_batch(claim_id, report)
        elif report.error is not None:
            self._report_error("Could not attach the source", report.error)
        elif report.attached:  # else cancelled: action_cancel_attach has told the reviewer
            title, passages = report.attached[0]
            self.post_message(SourceAttached(claim_id, title, passages))

    def _tell_batch(self, claim_id: int, report: AttachReport) -> None:
        """One notification sums up what a batch did."""
        summary = f"{len(report.attached)} of {report.asked} sources attached."
        if report.failed:
            summary += " Failed: " + "; ".join(one_line(reason, 120) for reason in report.failed)
        title, severity = attach_batch_title(attached=len(report.attached), asked=report.asked)
        timeout = 8 if report.failed else 4
        self.notify(summary, title=title, severity=severity, markup=False, timeout=timeout)
        if report.attached and claim_id == self.table.claim_id_at_cursor:
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
        done = self.attach_job.cancel() if self.attach_job is not None else "not storing"
        if done == "not storing":  # still fetching: stopping the worker stops that
            if self.workers.cancel_group(self, "attach"):
                self.activity.stop()
                self.notify("Fetch cancelled; nothing was stored.")
        elif done == "too late":
            self.notify("Too late to cancel: the source is being saved.", severity="warning")
        else:
            self.activity.start("Cancelling…")
            self.notify(CANCEL_NOTICES[done])
