"""Which claims the table lists, in which order: the sort toggle and the filters (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claim_workbench.store.models import ClaimStatus
from claim_workbench.store.views import ClaimView

SORTS = ("position", "score")
SORT_NAMES = {"position": "article order", "score": "check-worthiness"}
# `f` cycles through these: everything, then each status on its own.
STATUS_FILTERS: tuple[str | None, ...] = (None, *(status.value for status in ClaimStatus))


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    status: str | None = None
    words: str = ""

    def admits(self, claim: ClaimView) -> bool:
        if self.status is not None and claim.status != self.status:
            return False
        if not self.words.strip():
            return True
        haystack = " ".join((claim.label, claim.text, claim.speaker or "")).casefold()
        return all(word in haystack for word in self.words.casefold().split())

    @property
    def active(self) -> bool:
        return self.status is not None or bool(self.words.strip())


def sorted_claims(claims: Iterable[ClaimView], sort: str) -> list[ClaimView]:
    if sort == "score":
        return sorted(claims, key=lambda claim: (-claim.check_worthiness, claim.position, claim.id))
    # Then by id: a claim added by hand shares the position of the one it follows.
    return sorted(claims, key=lambda claim: (claim.position, claim.id))


def visible_claims(
    claims: Iterable[ClaimView], *, sort: str, claim_filter: ClaimFilter
) -> list[ClaimView]:
    return sorted_claims((claim for claim in claims if claim_filter.admits(claim)), sort)


def next_status_filter(current: str | None) -> str | None:
    index = STATUS_FILTERS.index(current) if current in STATUS_FILTERS else 0
    return STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)]


def status_counts(claims: Sequence[ClaimView]) -> dict[str, int]:
    counts = Counter(claim.status for claim in claims)
    return {status.value: counts.get(status.value, 0) for status in ClaimStatus}
