"""Plain-dict shapes of stored rows for JSON output (stable keys, ISO-8601 dates)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from claim_workbench.evidence.agreement import checks_from_json, days_between, describe_checks
from claim_workbench.store.models import Article, Claim, Evidence, Quantity, ReviewEvent, Source


def iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def article_dict(article: Article, claim_count: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "published": iso(article.published),
        "url": article.url,
        "imported_at": iso(article.imported_at),
        "sha256": article.text_sha256,
    }
    if claim_count is not None:
        data["claims"] = claim_count
    return data


class QuantityLike(Protocol):
    """A stored Quantity row or a report's QuantityEntry: both serialise the same way."""

    value: float
    unit: str | None
    qualifier: str | None
    text: str
    start: int
    end: int


def quantity_dict(quantity: QuantityLike) -> dict[str, Any]:
    return {
        "value": quantity.value,
        "unit": quantity.unit,
        "qualifier": quantity.qualifier,
        "text": quantity.text,
        "start": quantity.start,
        "end": quantity.end,
    }


def claim_dict(claim: Claim, quantities: list[Quantity]) -> dict[str, Any]:
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "position": claim.position,
        "text": claim.text,
        "label": claim.label,
        "kinds": list(claim.kinds),
        "checkworthiness": claim.check_worthiness,
        "status": claim.status,
        "note": claim.note,
        "reviewer": claim.reviewer,
        "version": claim.version,
        "updated_at": iso(claim.updated_at),
        "speaker": claim.speaker,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "quantities": [quantity_dict(q) for q in quantities],
        "seen_before": (
            {
                "claim_id": claim.seen_claim_id,
                "score": claim.seen_score,
                "relation": claim.seen_relation,
            }
            if claim.seen_claim_id is not None
            else None
        ),
    }


def source_dict(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "origin": source.origin,
        "url": source.url,
        "final_url": source.final_url,
        "title": source.title,
        "site": source.site,
        "published": iso(source.published),
        "fetched_at": iso(source.fetched_at),
        "status_code": source.status_code,
        "content_type": source.content_type,
        "sha256": source.sha256,
        "size": source.size,
    }


def evidence_dict(
    evidence: Evidence, source: Source | None = None, *, article_published: dt.date | None = None
) -> dict[str, Any]:
    """``article_published`` (the claim's article's date) adds ``days_after_article``."""
    checks = checks_from_json(evidence.quantity_checks)
    data: dict[str, Any] = {
        "id": evidence.id,
        "claim_id": evidence.claim_id,
        "source_id": evidence.source_id,
        "passage": evidence.passage,
        "start": evidence.start,
        "end": evidence.end,
        "score": evidence.score,
        "number_agreement": evidence.number_agreement,
        "stance": evidence.suggested_stance,
        "reviewer_stance": evidence.reviewer_stance,
        "highlight_start": evidence.highlight_start,
        "highlight_end": evidence.highlight_end,
        "attached_at": iso(evidence.attached_at),
        "no_passage": bool(evidence.no_passage),
        "quantity_checks": [check.as_dict() for check in checks],
        "quantities_line": describe_checks(checks),
    }
    if source is not None:
        data["days_after_article"] = days_between(article_published, source.published)
        data["source"] = source_dict(source)
    return data


def event_dict(event: ReviewEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "claim_id": event.claim_id,
        "action": event.action,
        "from": event.from_value,
        "to": event.to_value,
        "note": event.note,
        "evidence_id": event.evidence_id,
        "reviewer": event.reviewer,
        "at": iso(event.at),
    }
