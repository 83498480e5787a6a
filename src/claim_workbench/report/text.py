"""Formatting shared by the human-readable reports: numbers, times, stances, safe links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlsplit

from claim_workbench.store.models import ClaimStatus, NumberAgreement
from claim_workbench.store.provenance import note_sign
from claim_workbench.store.types import as_utc
from claim_workbench.store.views import EvidenceView, QuantityView, Verdict
from claim_workbench.text.clean import has_hidden

# The order a reader scans the summary in: what was settled first, what is left last, and
# what was set aside.
SUMMARY_ORDER = (
    ClaimStatus.verified.value,
    ClaimStatus.disputed.value,
    ClaimStatus.inconclusive.value,
    ClaimStatus.unreviewed.value,
    ClaimStatus.dismissed.value,
)


def summary_statuses(summary: Mapping[str, int]) -> list[str]:
    """The statuses a summary table lists: every verdict and unreviewed, dismissed when any."""
    return [
        status
        for status in SUMMARY_ORDER
        if status != ClaimStatus.dismissed.value or summary.get(status, 0)
    ]


def note_text(verdict: Verdict) -> tuple[str, str | None]:
    """The note, and the sign that it was written under another verdict (None when not)."""
    if not verdict.note:
        return "", None
    if not verdict.note_outdated:
        return verdict.note, None
    return verdict.note, note_sign(note_by=verdict.note_by, note_status=verdict.note_status)


AGREEMENT_TEXT = {
    NumberAgreement.agree.value: "numbers agree",
    NumberAgreement.conflict.value: "numbers conflict",
    NumberAgreement.update.value: "a running total counted at another date",
    NumberAgreement.none.value: "no numbers compared",
}


def human_time(moment: dt.datetime | None) -> str:
    if moment is None:
        return "unknown"
    return as_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def human_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def quantity_reading(quantity: QuantityView) -> str:
    """How the workbench read a quantity, e.g. "at least 21 attacks".

    The surface text follows in quotes only when it says it differently ("twenty-one
    attacks"), so the reader can check the reading without seeing everything twice.
    """
    parts = [quantity.qualifier, human_number(quantity.value), quantity.unit]
    reading = " ".join(part for part in parts if part)
    surface = " ".join(quantity.text.split())
    if surface and surface.casefold() not in reading.casefold():
        reading += f" (“{surface}”)"
    return reading


def agreement_text(number_agreement: str) -> str:
    return AGREEMENT_TEXT.get(number_agreement, number_agreement)


def published_text(evidence: EvidenceView) -> str:
    """ "2025-11-16, published 1 day before the article", "unknown" without a source date."""
    published = evidence.source.published
    if published is None:
        return "unknown"
    timing = evidence.timing
    return f"{published.isoformat()}, {timing}" if timing else published.isoformat()


def stance_text(evidence: EvidenceView) -> str:
    """The reviewer's stance, with the matcher's guess labelled as only a suggestion."""
    suggested = f"suggested: {evidence.suggested_stance}"
    if evidence.reviewer_stance:
        who = f" ({evidence.reviewer})" if evidence.reviewer else ""
        return f"{evidence.reviewer_stance}{who}; {suggested}"
    return f"not set by a reviewer; {suggested}"


def safe_link(url: str | None) -> str | None:
    """The URL if a browser may follow it: http(s) only, so no javascript: or data: links."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(char.isspace() or char in '<>"`' for char in url) or has_hidden(url):
        return None  # shown as text instead, its hidden characters made visible
    return url
