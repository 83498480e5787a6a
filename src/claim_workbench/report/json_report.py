"""The JSON report: one object written claim by claim, so memory does not grow with the article."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from claim_workbench.report.formats import ReportOptions
from claim_workbench.report.model import ReportHeader
from claim_workbench.report.serialize import (
    article_dict,
    claim_dict,
    dismissed_dict,
    iso_datetime,
)
from claim_workbench.store.views import ClaimView

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


def summary_json(header: ReportHeader) -> dict[str, int]:
    return {"total": header.total, **header.summary}


def write_json(header: ReportHeader, claims: Iterator[ClaimView], out: TextIO) -> None:
    out.write("{\n")
    out.write(f'  "report": {dumps(report_json(header), 1)},\n')
    out.write(f'  "article": {dumps(article_dict(header.article), 1)},\n')
    out.write(f'  "summary": {dumps(summary_json(header), 1)},\n')
    out.write('  "claims": [')
    separator = "\n    "
    dismissed: list[dict[str, Any]] = []
    for claim in claims:
        if claim.dismissal is not None:
            dismissed.append(dismissed_dict(claim))
            continue
        out.write(separator)
        out.write(dumps(claim_dict(claim), 2))
        separator = ",\n    "
    out.write("\n  ],\n" if separator != "\n    " else "],\n")
    out.write(f'  "dismissed": {dumps(dismissed, 1)}\n}}\n')


def write(
    header: ReportHeader, claims: Iterator[ClaimView], out: TextIO, options: ReportOptions
) -> None:
    """The JSON report (the entry point formats.FORMATS names)."""
    write_json(header, claims, out)
