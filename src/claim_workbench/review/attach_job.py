"""The attach job: one source or a batch of them for a claim, fetched, matched and stored.

It keeps what the screen shows and asks about: its progress (one line at a time), whether it
can still be cancelled (Ctrl+X), and what became of each target. Plain class, no Textual: the
main screen runs it in a worker, tests run it against a server on loopback.

services (matching, extraction, numpy) and the fetcher (httpx) are imported when a job runs,
not with this module: the main screen imports it, and its first paint needs neither.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from sqlmodel import Session

from claim_workbench.review.state import EXPECTED_ERRORS
from claim_workbench.text.printable import one_line

if TYPE_CHECKING:
    from claim_workbench.acquisition.documents import FetchedDocument
    from claim_workbench.review.services import AttachCancel, AttachResult

# What cancel() did: skipped the rest of a batch, stopped the one attach before its commit,
# came too late (it is being committed), or found nothing being stored (only fetching, which
# the caller stops by cancelling the task that runs the job).
CancelResult = Literal["skipping the rest", "cancelled", "too late", "not storing"]


@dataclass(frozen=True, slots=True)
class PastedSource:
    text: str
    title: str | None = None
    origin: str | None = None  # where it came from, in the reviewer's words


@dataclass(slots=True)
class AttachReport:
    """What the job did, for one notification."""

    asked: int  # how many targets (1 for one address, a file or pasted text)
    batch: bool
    attached: list[tuple[str, int]] = field(default_factory=list)  # (source title, passages)
    failed: list[str] = field(default_factory=list)  # one reason per target not attached
    # Documents read with repairs (bytes not valid UTF-8, an unknown charset): stored all the
    # same, but the reviewer should know. (what was asked for, the warnings)
    repaired: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    error: Exception | None = None  # one target (not a batch) that could not be attached
    cancelled: bool = False


def start_extraction_workers() -> None:
    """Start the extraction processes while the reviewer types the address (about a second of
    CPU elsewhere, once per session), so that a large page is then extracted outside this
    process instead of stalling the screen. Until they are ready, threads do the work."""
    from claim_workbench.acquisition.fetch import start_extraction_workers as start

    start()


class AttachJob:
    """Attach what the reviewer gave to one claim, each source in one transaction."""

    def __init__(
        self,
        *,
        claim_id: int,
        reviewer: str,
        session: Callable[[], Session],
        progress: Callable[[str], None],
    ) -> None:
        self.claim_id = claim_id
        self.reviewer = reviewer
        self.session = session
        self.progress = progress
        # Set while a source is being matched and stored: that runs in a thread, which
        # cancelling the task would not stop; cancel() stops it through this instead.
        self._storing: AttachCancel | None = None
        self._batch_running = False
        self._batch_cancelled = False

    @property
    def storing(self) -> bool:
        return self._storing is not None

    async def run(
        self, *, target: str | None = None, pasted: PastedSource | None = None
    ) -> AttachReport:
        """One address or file, several separated by spaces (a batch), or pasted text."""
        import claim_workbench.review.services as services  # see the module's docstring

        if target and len(targets := services.split_targets(target)) > 1:
            return await self._run_batch(targets)
        report = AttachReport(asked=1, batch=False)
        what = one_line(target, 80) if target else "pasted text"
        self.progress(f"Fetching {what}…  (Ctrl+X cancels)")
        try:
            document = await self._fetch_one(target, pasted)
            # From here on cancel() works through `_storing`, up to the commit. This line and
            # cancel() both run on the event loop: no cancel slips in between.
            storing = self._storing = services.AttachCancel()
            self.progress(f"Matching and storing passages of {what}…  (Ctrl+X cancels)")
            result = await self._store(document, storing)
        except services.AttachCancelled:
            report.cancelled = True
            return report
        except EXPECTED_ERRORS as error:
            report.error = error
            return report
        finally:
            self._storing = None
        source = result.source
        report.repaired.append((what, tuple(document.warnings)))
        report.attached.append(
            (source.title or source.final_url or source.url or what, len(result.evidence))
        )
        return report

    async def _fetch_one(self, target: str | None, pasted: PastedSource | None) -> FetchedDocument:
        import claim_workbench.review.services as services
        from claim_workbench.acquisition.fetch import from_text  # see the module's docstring

        if target:
            return await services.fetch_source(target)
        pasted = pasted or PastedSource("")
        return from_text(pasted.text, title=pasted.title, origin_note=pasted.origin)

    async def _store(self, document: FetchedDocument, cancel: AttachCancel) -> AttachResult:
        """Match and store in a thread, in one transaction."""
        import claim_workbench.review.services as services  # see the module's docstring

        def store() -> AttachResult:
            with self.session() as session:
                return services.store_source(
                    session=session,
                    claim_id=self.claim_id,
                    document=document,
                    reviewer=self.reviewer,
                    cancel=cancel,
                )

        return await asyncio.to_thread(store)

    async def _run_batch(self, targets: list[str]) -> AttachReport:
        """Several targets: fetched together, then each stored on its own (its own commit);
        cancel() stops before the next one."""
        import claim_workbench.review.services as services  # see the module's docstring

        report = AttachReport(asked=len(targets), batch=True)
        self.progress(f"Fetching {len(targets)} sources…  (Ctrl+X cancels)")
        self._batch_running, self._batch_cancelled = True, False
        try:
            outcomes = await services.fetch_sources(targets)
            for number, (target, outcome) in enumerate(zip(targets, outcomes, strict=True), 1):
                if self._batch_cancelled:
                    report.cancelled = True
                    break
                if isinstance(outcome, Exception):
                    report.failed.append(str(outcome))
                    continue
                storing = self._storing = services.AttachCancel()
                self.progress(
                    f"Matching and storing source {number} of {len(targets)}…  (Ctrl+X cancels)"
                )
                try:
                    result = await self._store(outcome, storing)
                except services.AttachCancelled:
                    report.cancelled = True
                    break
                except EXPECTED_ERRORS as error:
                    report.failed.append(f"{target}: {error}")
                else:
                    title = result.source.title or result.source.url or target
                    report.attached.append((title, len(result.evidence)))
                    report.repaired.append((one_line(target, 80), tuple(outcome.warnings)))
        finally:
            self._storing = None
            self._batch_running = False
        return report

    def cancel(self) -> CancelResult:
        """Ctrl+X. In a batch what is stored stays (each source is its own action); the one
        being matched stops if it can, and the rest are skipped."""
        if self._storing is None:
            return "not storing"
        if self._batch_running:
            self._batch_cancelled = True
            self._storing.cancel()
            return "skipping the rest"
        # Stops before the commit at the latest (see services.AttachCancel).
        return "cancelled" if self._storing.cancel() else "too late"
