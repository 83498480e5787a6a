"""The report's content: its header, and the claims read by store.reads.iter_claims in
bounded batches, shared by every renderer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from claim_workbench.store.models import ClaimStatus
from claim_workbench.store.reads import article_view, iter_claims, reviewers
from claim_workbench.store.storage import status_summary
from claim_workbench.store.types import as_utc
from claim_workbench.store.views import ArticleView

__all__ = ["ReportHeader", "iter_claims", "read_header", "status_title"]

STATUS_TITLES = {
    ClaimStatus.unreviewed.value: "Unreviewed",
    ClaimStatus.verified.value: "Verified",
    ClaimStatus.disputed.value: "Disputed",
    ClaimStatus.inconclusive.value: "Inconclusive",
    ClaimStatus.dismissed.value: "Dismissed",
}


def status_title(status: str) -> str:
    return STATUS_TITLES.get(status, status.capitalize())


@dataclass(frozen=True, slots=True)
class ReportHeader:
    article: ArticleView
    summary: dict[str, int]  # every status, in ClaimStatus order, zero when absent
    reviewers: list[str]  # everyone who set a verdict, a note or a stance, sorted
    generated_at: dt.datetime
    prepared_by: str | None
    organisation: str | None
    review_url: str | None

    @property
    def total(self) -> int:
        return sum(self.summary.values())


def read_header(
    *,
    session: Session,
    article_id: int,
    generated_at: dt.datetime,
    prepared_by: str | None = None,
    organisation: str | None = None,
    review_url: str | None = None,
) -> ReportHeader:
    """The article, the status counts and the reviewers; raises NotFound for an unknown id."""
    return ReportHeader(
        article=article_view(session=session, article_id=article_id),
        summary=status_summary(session=session, article_id=article_id),
        reviewers=reviewers(session=session, article_id=article_id),
        # The caller's clock (a naive one is taken as UTC): the report states it in UTC.
        generated_at=as_utc(generated_at),
        prepared_by=prepared_by,
        organisation=organisation,
        review_url=review_url,
    )
