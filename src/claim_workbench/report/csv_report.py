"""The CSV report: one row per claim with its evidence summarised, for spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from claim_workbench.report.formats import ReportOptions
from claim_workbench.report.model import ReportHeader
from claim_workbench.report.serialize import iso_datetime
from claim_workbench.store.models import NumberAgreement, Stance
from claim_workbench.store.views import ClaimView
from claim_workbench.text.clean import reveal_hidden

CSV_COLUMNS = (
    "article_id",
    "number",
    "claim_id",
    "label",
    "text",
    "kinds",
    "quantities",
    "speaker",
    "check_worthiness",
    "status",
    "note",
    "reviewer",
    "decided_at",
    "evidence_count",
    "best_score",
    "best_source_title",
    "best_source_url",
    "numbers_agree",
    "numbers_conflict",
    "stance_supports",
    "stance_contradicts",
    "numbers_update",
    "best_figures",
    "best_source_published",
    "best_days_after_article",
    "sources_without_passage",
    "note_by",
    "note_outdated",
    "source_count",
    "independent_sources",
    "copy_groups",
)

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets
# ("CSV injection"); article and source text is untrusted, so such cells get a leading
# apostrophe, which spreadsheets hide and show the text as typed.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str | None) -> str:
    """The cell for untrusted text: hidden characters shown as tags (``⟨ESC⟩``, ``⟨RLO⟩``),
    a formula defused."""
    if not text:
        return ""
    text = reveal_hidden(text)
    return "'" + text if text.startswith(_FORMULA_TRIGGERS) else text


def claim_row(header: ReportHeader, claim: ClaimView) -> list[str]:
    # A source linked with no passage about the claim is counted, never "best".
    linked = [item for item in claim.evidence if item.no_passage]
    evidence = [item for item in claim.evidence if not item.no_passage]
    best = evidence[0] if evidence else None  # evidence comes best first
    agreements = [item.number_agreement for item in evidence]
    stances = [item.reviewer_stance for item in evidence]
    quantities = "; ".join(quantity.text for quantity in claim.quantities)
    return [
        str(header.article.id),
        str(claim.number),
        str(claim.id),
        spreadsheet_safe(claim.label),
        spreadsheet_safe(claim.text),
        spreadsheet_safe(";".join(claim.kinds)),
        spreadsheet_safe(quantities),
        spreadsheet_safe(claim.speaker),
        f"{claim.check_worthiness:.2f}",
        claim.verdict.status,
        spreadsheet_safe(claim.verdict.note),
        spreadsheet_safe(claim.verdict.reviewer),
        iso_datetime(claim.verdict.decided_at) or "",
        str(len(evidence)),
        f"{best.score:.1f}" if best else "",
        spreadsheet_safe(best.source.title) if best else "",
        spreadsheet_safe(best.source.link) if best else "",
        str(agreements.count(NumberAgreement.agree.value)),
        str(agreements.count(NumberAgreement.conflict.value)),
        str(stances.count(Stance.supports.value)),
        str(stances.count(Stance.contradicts.value)),
        str(agreements.count(NumberAgreement.update.value)),
        spreadsheet_safe(best.quantities_line) if best else "",
        best.source.published.isoformat() if best and best.source.published else "",
        str(best.days_after_article) if best and best.days_after_article is not None else "",
        str(len(linked)),
        spreadsheet_safe(claim.verdict.note_by) if claim.verdict.note else "",
        "yes" if claim.verdict.note_outdated else "",
        str(claim.source_count),
        str(claim.independent_count),
        spreadsheet_safe(" | ".join(group.label for group in claim.copy_groups)),
    ]


def write_csv(
    header: ReportHeader, claims: Iterator[ClaimView], out: TextIO, *, bom: bool = True
) -> None:
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for claim in claims:
        if claim.dismissal is None:  # dismissed: not a claim, so not a row
            writer.writerow(claim_row(header, claim))


def write(
    header: ReportHeader, claims: Iterator[ClaimView], out: TextIO, options: ReportOptions
) -> None:
    """The CSV report (the entry point formats.FORMATS names)."""
    write_csv(header, claims, out, bom=options.csv_bom)
