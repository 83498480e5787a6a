"""The one serializer: the view models (store.views) as plain dicts for JSON, the same keys in
the JSON report and in the command line's --json output.

Dates are ISO 8601: calendar dates as YYYY-MM-DD, instants in UTC to the second. The report's
keys are documented in README.md ("JSON (--format json)"); the command line adds, after them,
what only it shows (a claim's stored state, a source's size, an article's claim count).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from claim_workbench.store.factchecks import FactCheckSeen
from claim_workbench.store.models import ReviewEvent
from claim_workbench.store.types import as_utc
from claim_workbench.store.views import (
    ArticleView,
    ClaimView,
    EvidenceView,
    QuantityView,
    SourceView,
    Verdict,
)


def iso_datetime(moment: dt.datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat(timespec="seconds")


def iso_date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


# The keys of the things written as they are (renamed ones are spelled out below), in the
# order README.md documents.
ARTICLE_KEYS = ("id", "title", "url", "published", "imported_at", "text_sha256")
QUANTITY_KEYS = ("value", "unit", "qualifier", "text", "start", "end")
SOURCE_KEYS = (
    "id",
    "origin",
    "url",
    "final_url",
    "title",
    "site",
    "published",
    "fetched_at",
    "status_code",
    "content_type",
    "sha256",
)


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime):
        return iso_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _keys(thing: object, keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: _plain(getattr(thing, key)) for key in keys}


def article_dict(article: ArticleView) -> dict[str, Any]:
    return _keys(article, ARTICLE_KEYS)


def quantity_dict(quantity: QuantityView) -> dict[str, Any]:
    return _keys(quantity, QUANTITY_KEYS)


def source_dict(source: SourceView) -> dict[str, Any]:
    return _keys(source, SOURCE_KEYS)


def evidence_dict(evidence: EvidenceView) -> dict[str, Any]:
    _, highlight, _ = evidence.segments
    return {
        "id": evidence.id,
        "score": evidence.score,
        "number_agreement": evidence.number_agreement,
        "reviewer_stance": evidence.reviewer_stance,
        "suggested_stance": evidence.suggested_stance,
        "reviewer": evidence.reviewer,
        "attached_at": iso_datetime(evidence.attached_at),
        "passage": evidence.passage,
        "passage_start": evidence.start,
        "passage_end": evidence.end,
        "highlight_start": evidence.highlight_start,
        "highlight_end": evidence.highlight_end,
        "highlight": highlight,
        "no_passage": evidence.no_passage,
        "quantities_line": evidence.quantities_line,
        "quantity_checks": [check.as_dict() for check in evidence.quantity_checks],
        "days_after_article": evidence.days_after_article,
        "source": source_dict(evidence.source),
    }


def verdict_dict(verdict: Verdict) -> dict[str, Any]:
    return {
        "status": verdict.status,
        "note": verdict.note,
        "reviewer": verdict.reviewer,
        "decided_at": iso_datetime(verdict.decided_at),
        "note_by": verdict.note_by if verdict.note else None,
        "note_status": verdict.note_status if verdict.note else None,
        "note_outdated": verdict.note_outdated,
    }


def claim_dict(claim: ClaimView) -> dict[str, Any]:
    """A claim as the report lists it. A claim read without the report's context (no verdict
    read: the command line's listings) has the same keys less number, verdict, evidence,
    sources and copy_groups."""
    start, end = claim.offsets
    reported = claim.verdict is not None
    data: dict[str, Any] = {"id": claim.id}
    if reported:
        data["number"] = claim.number
    data.update(
        position=claim.position,
        label=claim.label,
        text=claim.text,
        start=start,
        end=end,
        kinds=list(claim.kinds),
        check_worthiness=claim.check_worthiness,
        speaker=claim.speaker,
        quote=claim.quote,
    )
    if claim.verdict is not None:
        data["verdict"] = verdict_dict(claim.verdict)
    data["quantities"] = [quantity_dict(quantity) for quantity in claim.quantities]
    if reported:
        data["evidence"] = [evidence_dict(evidence) for evidence in claim.evidence]
        data["sources"] = {
            "count": claim.source_count,
            "independent": claim.independent_count,
            "label": claim.sources_line,
        }
        data["copy_groups"] = [
            {"source_ids": list(group.source_ids), "label": group.label}
            for group in claim.copy_groups
        ]
    return data


def dismissed_dict(claim: ClaimView) -> dict[str, Any]:
    start, end = claim.offsets
    dismissal = claim.dismissal
    return {
        "id": claim.id,
        "position": claim.position,
        "label": claim.label,
        "text": claim.text,
        "start": start,
        "end": end,
        "reason": dismissal.reason if dismissal else "",
        "reviewer": dismissal.reviewer if dismissal else None,
        "dismissed_at": iso_datetime(dismissal.dismissed_at) if dismissal else None,
    }


# --- what only the command line shows, after the shared keys ------------------------------


def listed_article_dict(article: ArticleView, claim_count: int) -> dict[str, Any]:
    return {**article_dict(article), "claims": claim_count}


def listed_claim_dict(
    claim: ClaimView, fact_checks: list[FactCheckSeen] | None = None
) -> dict[str, Any]:
    """The claim's keys, then its stored review state (the listings read no audit events)
    and the published fact-checks it restates."""
    return {
        **claim_dict(claim),
        **_keys(claim, ("article_id", "status", "note", "reviewer", "version", "updated_at")),
        "seen_before": (
            {
                "claim_id": claim.seen_claim_id,
                "score": claim.seen_score,
                "relation": claim.seen_relation,
            }
            if claim.seen_claim_id is not None
            else None
        ),
        "fact_checked_before": [fact_check_seen_dict(seen) for seen in fact_checks or []],
    }


def fact_check_seen_dict(seen: FactCheckSeen) -> dict[str, Any]:
    """A published fact-check a claim restates (what "fact-checked before" shows)."""
    return {
        "fact_check_id": seen.factcheck_id,
        "publisher": seen.publisher,
        "rating": seen.rating,
        "published": iso_date(seen.published),
        "url": seen.url,
        "text": seen.text,
        "score": round(seen.score, 2),
        "relation": seen.relation,
    }


def listed_source_dict(source: SourceView) -> dict[str, Any]:
    return {**source_dict(source), "size": source.size}


def listed_evidence_dict(evidence: EvidenceView) -> dict[str, Any]:
    data = evidence_dict(evidence)
    data["source"] = listed_source_dict(evidence.source)
    data["claim_id"] = evidence.claim_id
    return data


def event_dict(event: ReviewEvent) -> dict[str, Any]:
    return {
        **_keys(event, ("id", "claim_id", "action")),
        "from": event.from_value,
        "to": event.to_value,
        **_keys(event, ("note", "evidence_id", "reviewer", "at")),
    }
