"""The JSON report: one object written claim by claim, so memory does not grow with the article."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from claim_workbench.report.formats import ReportOptions
from claim_workbench.report.model import (
    ClaimEntry,
    EvidenceEntry,
    ReportHeader,
    SourceEntry,
    iso_date,
    iso_datetime,
)
from claim_workbench.report.serialize import quantity_dict

REPORT_FORMAT_NAME = "claim-workbench-report"
# Bumped when a key is renamed or removed; new keys may appear without a bump.
REPORT_FORMAT_VERSION = 1


# ClaimReview markup is pasted into a page's <script type="application/ld+json">: escaped this
# way, no claim text can close that element or open another. JSON readers see the same string.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def dumps(value: Any, level: int = 0, *, html_safe: bool = False) -> str:
    """Pretty JSON for a value nested ``level`` deep inside the document being written."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    if html_safe:
        text = text.translate(_HTML_SAFE)
    return text.replace("\n", "\n" + "  " * level) if level else text


def report_json(header: ReportHeader) -> dict[str, Any]:
    return {
        "format": REPORT_FORMAT_NAME,
        "format_version": REPORT_FORMAT_VERSION,
        "generated_at": iso_datetime(header.generated_at),
        "prepared_by": header.prepared_by,
        "organisation": header.organisation,
        "review_url": header.review_url,
        "reviewers": list(header.reviewers),
    }


def article_json(header: ReportHeader) -> dict[str, Any]:
    article = header.article
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "published": iso_date(article.published),
        "imported_at": iso_datetime(article.imported_at),
        "text_sha256": article.text_sha256,
    }


def summary_json(header: ReportHeader) -> dict[str, int]:
    return {"total": header.total, **header.summary}


def source_json(source: SourceEntry) -> dict[str, Any]:
    return {
        "id": source.id,
        "origin": source.origin,
        "url": source.url,
        "final_url": source.final_url,
        "title": source.title,
        "site": source.site,
        "published": iso_date(source.published),
        "fetched_at": iso_datetime(source.fetched_at),
        "status_code": source.status_code,
        "content_type": source.content_type,
        "sha256": source.sha256,
    }


def evidence_json(evidence: EvidenceEntry) -> dict[str, Any]:
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
        "source": source_json(evidence.source),
    }


def claim_offsets(claim: ClaimEntry) -> tuple[int | None, int | None]:
    """The claim's offsets in the article text; (None, None) for words typed by hand that are
    not in it (stored as an empty span)."""
    if claim.start == claim.end and claim.text:
        return None, None
    return claim.start, claim.end


def claim_json(claim: ClaimEntry) -> dict[str, Any]:
    verdict = claim.verdict
    start, end = claim_offsets(claim)
    return {
        "id": claim.id,
        "number": claim.number,
        "position": claim.position,
        "label": claim.label,
        "text": claim.text,
        "start": start,
        "end": end,
        "kinds": list(claim.kinds),
        "check_worthiness": claim.check_worthiness,
        "speaker": claim.speaker,
        "quote": claim.quote,
        "verdict": {
            "status": verdict.status,
            "note": verdict.note,
            "reviewer": verdict.reviewer,
            "decided_at": iso_datetime(verdict.decided_at),
            "note_by": verdict.note_by if verdict.note else None,
            "note_status": verdict.note_status if verdict.note else None,
            "note_outdated": verdict.note_outdated,
        },
        "quantities": [quantity_dict(quantity) for quantity in claim.quantities],
        "evidence": [evidence_json(evidence) for evidence in claim.evidence],
        "sources": {
            "count": claim.source_count,
            "independent": claim.independent_count,
            "label": claim.sources_line,
        },
        "copy_groups": [
            {"source_ids": list(group.source_ids), "label": group.label}
            for group in claim.copy_groups
        ],
    }


def dismissed_json(claim: ClaimEntry) -> dict[str, Any]:
    start, end = claim_offsets(claim)
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


def write_json(header: ReportHeader, claims: Iterator[ClaimEntry], out: TextIO) -> None:
    out.write("{\n")
    out.write(f'  "report": {dumps(report_json(header), 1)},\n')
    out.write(f'  "article": {dumps(article_json(header), 1)},\n')
    out.write(f'  "summary": {dumps(summary_json(header), 1)},\n')
    out.write('  "claims": [')
    separator = "\n    "
    dismissed: list[dict[str, Any]] = []
    for claim in claims:
        if claim.dismissal is not None:
            dismissed.append(dismissed_json(claim))
            continue
        out.write(separator)
        out.write(dumps(claim_json(claim), 2))
        separator = ",\n    "
    out.write("\n  ],\n" if separator != "\n    " else "],\n")
    out.write(f'  "dismissed": {dumps(dismissed, 1)}\n}}\n')


def write(
    header: ReportHeader, claims: Iterator[ClaimEntry], out: TextIO, options: ReportOptions
) -> None:
    """The JSON report (the entry point formats.FORMATS names)."""
    write_json(header, claims, out)
