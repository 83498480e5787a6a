"""The Markdown report: readable as plain text in a terminal and rendered on a code host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from claim_workbench.report.formats import ReportOptions
from claim_workbench.report.model import ReportHeader, status_title
from claim_workbench.report.text import (
    agreement_text,
    human_time,
    note_text,
    published_text,
    quantity_reading,
    safe_link,
    stance_text,
    summary_statuses,
)
from claim_workbench.store.views import ClaimView, EvidenceView, SourceView
from claim_workbench.text.clean import reveal_hidden

# Characters that start emphasis, code, links, raw HTML, tables, strikethrough or headings.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>|~#])")
# "&amp;" would be shown as "&" by a renderer; only entity-like runs need the escape.
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def md_escape(text: str | None) -> str:
    """Untrusted text made inert inline: one line, every Markdown-active character escaped,
    control, bidi and zero-width characters shown as tags (``⟨ESC⟩``, ``⟨RLO⟩``).

    Newlines are folded into spaces because every field sits inside a list item, heading
    or quote, where a line break would end the block and let the rest start a new one.
    """
    if not text:
        return ""
    flat = " ".join(reveal_hidden(text).split())
    return _ENTITY_LIKE.sub(r"\\&", _MARKDOWN_ACTIVE.sub(r"\\\1", flat))


def md_link(url: str | None) -> str:
    link = safe_link(url)
    if link is not None:
        return f"<{link}>"
    return md_escape(url) if url else "none recorded"


def md_marked_passage(evidence: EvidenceView) -> str:
    """The passage with its matching span in bold.

    Spaces at the edges of the span are moved outside the markers: "** word**" is not
    emphasis in CommonMark and would show the asterisks.
    """
    before, span, after = evidence.segments
    core = md_escape(span)
    if not core:
        return md_escape(evidence.passage)
    left_text = before + span[: len(span) - len(span.lstrip())]
    right_text = span[len(span.rstrip()) :] + after
    left = md_escape(left_text)
    right = md_escape(right_text)
    left_gap = " " if left and left_text[-1:].isspace() else ""
    right_gap = " " if right and right_text[:1].isspace() else ""
    return f"{left}{left_gap}**{core}**{right_gap}{right}"


def _header_lines(header: ReportHeader) -> list[str]:
    article = header.article
    generated = human_time(header.generated_at)
    if header.prepared_by:
        generated += f" by {md_escape(header.prepared_by)}"
    if header.organisation:
        generated += f" for {md_escape(header.organisation)}"
    reviewers = ", ".join(md_escape(name) for name in header.reviewers) or "none yet"
    lines = [
        f"# Verification report: {md_escape(article.title)}",
        "",
        f"- **Article:** {md_link(article.url)}",
        f"- **Published:** {article.published.isoformat() if article.published else 'unknown'}",
        f"- **Article id:** {article.id}, imported {human_time(article.imported_at)}",
        f"- **Reviewers:** {reviewers}",
        f"- **Report generated:** {generated}",
    ]
    if header.review_url:
        lines.append(f"- **Published review:** {md_link(header.review_url)}")
    lines += ["", "## Summary", "", "| Status | Claims |", "| --- | ---: |"]
    for status in summary_statuses(header.summary):
        lines.append(f"| {status_title(status)} | {header.summary.get(status, 0)} |")
    lines += [f"| **Total** | **{header.total}** |", "", "## Claims", ""]
    return lines


def _verdict_line(claim: ClaimView) -> str:
    verdict = claim.verdict
    title = f"**{status_title(verdict.status)}**"
    if not verdict.reviewed:
        if verdict.decided_at is None:
            return f"{title}: not yet checked"
        who = md_escape(verdict.reviewer) or "unknown reviewer"
        return f"{title}: reset by {who} on {human_time(verdict.decided_at)}"
    who = md_escape(verdict.reviewer) or "unknown reviewer"
    line = f"{title} by {who} on {human_time(verdict.decided_at)}"
    # What the verdict rests on: copies of one story count once.
    return f"{line} · {claim.sources_line}" if claim.source_count else line


def _note(claim: ClaimView) -> str:
    note, sign = note_text(claim.verdict)
    if not note:
        return "none"
    return f"{md_escape(note)} (*{md_escape(sign)}*)" if sign else md_escape(note)


def _dismissed_lines(dismissed: list[ClaimView]) -> list[str]:
    lines = [f"## Dismissed as not claims ({len(dismissed)})", ""]
    for claim in dismissed:
        why = claim.dismissal
        reason = md_escape(why.reason) if why and why.reason else "no reason given"
        who = md_escape(why.reviewer) if why and why.reviewer else "unknown reviewer"
        when = human_time(why.dismissed_at) if why else "unknown"
        lines.append(
            f"- {md_escape(claim.label) or '(no label)'} (claim id {claim.id}): {reason}, "
            f"by {who} on {when}"
        )
    return [*lines, ""]


def _location_line(source: SourceView) -> str:
    if source.origin == "text" and not source.link:
        return "- Origin: pasted text"
    label = "File" if source.origin == "file" else "URL"
    return f"- {label}: {md_link(source.link)}"


def _evidence_lines(evidence: EvidenceView, rank: int, count: int) -> list[str]:
    source = evidence.source
    title = md_escape(source.title) or "untitled source"
    site = f" ({md_escape(source.site)})" if source.site else ""
    source_lines = [
        f"- Source: {title}{site}",
        f"- Published: {published_text(evidence)}",
        _location_line(source),
        f"- Fetched: {human_time(source.fetched_at)}, sha256 `{source.sha256}`",
    ]
    if evidence.no_passage:
        return [
            f"**Evidence {rank} of {count}**: no passage about this claim",
            "",
            *source_lines,
            "",
        ]
    figures = (
        [f"- Figures: {md_escape(evidence.quantities_line)}"] if evidence.quantity_checks else []
    )
    return [
        f"**Evidence {rank} of {count}**: score {evidence.score:.1f}, "
        f"{agreement_text(evidence.number_agreement)}",
        "",
        *figures,
        *source_lines,
        f"- Stance: {md_escape(stance_text(evidence))}",
        "",
        f"> {md_marked_passage(evidence)}",
        "",
    ]


def _claim_lines(claim: ClaimView) -> list[str]:
    label = md_escape(claim.label) or "(no label)"
    kinds = ", ".join(md_escape(kind) for kind in claim.kinds) or "none"
    if claim.quantities:
        quantities = "; ".join(
            md_escape(quantity_reading(quantity)) for quantity in claim.quantities
        )
    else:
        quantities = "none"
    lines = [
        f"### {claim.number}. {label}",
        "",
        _verdict_line(claim),
        "",
        f"> {md_escape(claim.text)}",
        "",
        f"- Claim id: {claim.id}",
        f"- Kinds: {kinds}",
        f"- Quantities: {quantities}",
        f"- Speaker: {md_escape(claim.speaker) or 'none'}",
        f"- Check-worthiness: {claim.check_worthiness:.2f}",
        f"- Note: {_note(claim)}",
        "",
    ]
    if not claim.evidence:
        lines += ["No evidence attached.", ""]
    else:
        lines += [f"#### Evidence ({len(claim.evidence)}) · {claim.sources_line}", ""]
        lines += [f"- {md_escape(group.label)}" for group in claim.copy_groups]
        if claim.copy_groups:
            lines.append("")
        for rank, evidence in enumerate(claim.evidence, start=1):
            lines += _evidence_lines(evidence, rank, len(claim.evidence))
    return lines


def write_markdown(header: ReportHeader, claims: Iterator[ClaimView], out: TextIO) -> None:
    out.write("\n".join(_header_lines(header)))
    out.write("\n")
    wrote_any = False
    dismissed: list[ClaimView] = []
    for claim in claims:
        if claim.dismissal is not None:
            dismissed.append(claim)
            continue
        out.write("\n".join(_claim_lines(claim)))
        out.write("\n")
        wrote_any = True
    if not wrote_any:
        out.write("No claims were found in this article.\n")
    if dismissed:
        out.write("\n")
        out.write("\n".join(_dismissed_lines(dismissed)))


def write(
    header: ReportHeader, claims: Iterator[ClaimView], out: TextIO, options: ReportOptions
) -> None:
    """The Markdown report (the entry point formats.FORMATS names)."""
    write_markdown(header, claims, out)
