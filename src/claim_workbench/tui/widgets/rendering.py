"""Untrusted text made safe to show, and the styled Rich Text the workbench displays.

Everything here is pure: strings and numbers in, ``rich.text.Text`` out. Article and source
text is never interpreted as markup (we only build ``Text`` objects with styled spans), and
terminal control characters, bidirectional overrides and zero-width characters are replaced
one-for-one by visible stand-ins so that offsets computed on the original text still point at
the same characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text

from claim_workbench.evidence.agreement import describe_check
from claim_workbench.store.models import ReviewEvent
from claim_workbench.store.views import EvidenceView
from claim_workbench.text.clean import BIDI_CONTROL, ZERO_WIDTH

# C0 controls (but newline) become their Unicode "control picture" (ESC -> ␛), DEL becomes
# ␡, and C1 controls, bidi overrides and zero-width characters the replacement character �:
# one character in, one character out, each visible, so a reviewer sees that something
# hidden is there (and a right-to-left override cannot reorder the rest of the line).
_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x0A}
_CONTROL_PICTURES[0x09] = " "  # a tab would expand to a variable width and shift the layout
_CONTROL_PICTURES[0x0D] = " "
_CONTROL_PICTURES[0x7F] = "\u2421"
_CONTROL_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_CONTROL_PICTURES.update({code: "\ufffd" for code in BIDI_CONTROL | ZERO_WIDTH})
_TRANSLATION = str.maketrans(_CONTROL_PICTURES)
_SINGLE_LINE = str.maketrans({**_CONTROL_PICTURES, 0x0A: " "})

STATUS_STYLES: Mapping[str, str] = {
    "unreviewed": "dim",
    "verified": "bold green",
    "disputed": "bold red",
    "inconclusive": "bold yellow",
    "dismissed": "dim strike",
}
# One word for each status everywhere (the list, the header, the detail pane, the reports and
# the command line): the stored value itself.
STATUS_LABELS: Mapping[str, str] = {status: status for status in STATUS_STYLES}
AGREEMENT_LABELS: Mapping[str, tuple[str, str]] = {
    "agree": ("numbers agree", "green"),
    "conflict": ("numbers conflict", "bold red"),
    "update": ("a later or earlier count", "yellow"),
    "none": ("no numbers to compare", "dim"),
}
# Per-quantity verdicts (evidence.agreement) and how they are coloured in the evidence list.
CHECK_STYLES: Mapping[str, str] = {
    "agree": "green",
    "approximate": "green",
    "differs": "bold red",
    "later figure": "yellow",
    "earlier figure": "yellow",
    "not comparable": "dim",
    "not mentioned": "dim",
}
QUANTITY_STYLE = "bold cyan"
QUOTE_STYLE = "italic magenta"
CLAIM_STYLE = "reverse"
PASSAGE_MATCH_STYLE = "bold black on yellow"
SEEN_MARKER = "◆"


def printable(text: str | None) -> str:
    """The text with control characters (ANSI escapes, bells, tabs), bidi overrides and
    zero-width characters made visible and inert, one character for one."""
    return (text or "").translate(_TRANSLATION)


def one_line(text: str | None, limit: int | None = None) -> str:
    """Printable text on a single line, cut to ``limit`` characters with an ellipsis."""
    line = (text or "").translate(_SINGLE_LINE)
    if limit is not None and len(line) > limit:
        return line[: max(limit - 1, 0)] + "…"
    return line


def highlighted(text: str, spans: Iterable[tuple[int, int, str]]) -> Text:
    """Printable ``text`` with each (start, end, style) span styled; bad spans are skipped."""
    result = Text(printable(text), end="")
    length = len(text)
    for start, end, style in spans:
        start, end = max(start, 0), min(end, length)
        if start < end:
            result.stylize(style, start, end)
    return result


def status_text(status: str) -> Text:
    return Text(STATUS_LABELS.get(status, status), style=STATUS_STYLES.get(status, ""))


def format_summary(counts: Mapping[str, int]) -> str:
    """'12 claims · 4 verified · 1 disputed · 7 unreviewed' (inconclusive and dismissed only
    when there are any)."""
    total = sum(counts.values())
    parts = [f"{total} claim" + ("" if total == 1 else "s")]
    parts.append(f"{counts.get('verified', 0)} verified")
    parts.append(f"{counts.get('disputed', 0)} disputed")
    if counts.get("inconclusive", 0):
        parts.append(f"{counts['inconclusive']} inconclusive")
    parts.append(f"{counts.get('unreviewed', 0)} unreviewed")
    if counts.get("dismissed", 0):
        parts.append(f"{counts['dismissed']} dismissed")
    return " · ".join(parts)


def format_short_summary(counts: Mapping[str, int]) -> str:
    """'4 verified · 1 disputed · 7 unreviewed': format_summary without the total, for narrow
    screens."""
    return format_summary(counts).split(" · ", 1)[1]


def format_tiny_summary(counts: Mapping[str, int]) -> str:
    """'7 of 12 unreviewed': what is left, when the short summary would crowd the title out."""
    total = sum(counts.values())
    return f"{counts.get('unreviewed', 0)} of {total} unreviewed"


def format_when(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return "—"
    if isinstance(moment, dt.datetime):
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def claim_sentence(
    *,
    text: str,
    offset: int,
    quantity_spans: Sequence[tuple[int, int]],
    quote: str | None,
) -> Text:
    """The claim's sentence with its quantities and quoted words highlighted.

    ``quantity_spans`` are article offsets; ``offset`` is where the claim starts in the article.
    """
    spans: list[tuple[int, int, str]] = []
    if quote:
        at = text.find(quote)
        if at >= 0:
            spans.append((at, at + len(quote), QUOTE_STYLE))
    spans.extend((start - offset, end - offset, QUANTITY_STYLE) for start, end in quantity_spans)
    return highlighted(text, spans)


@dataclass(frozen=True, slots=True)
class Excerpt:
    text: str
    highlight_start: int
    highlight_end: int


def passage_excerpt(passage: str, start: int, end: int, *, limit: int = 600) -> Excerpt:
    """At most ``limit`` characters of a passage, kept around its highlighted span."""
    start, end = max(0, min(start, len(passage))), max(0, min(end, len(passage)))
    if len(passage) <= limit:
        return Excerpt(passage, start, end)
    span = max(end - start, 0)
    room = max(limit - span, 0)
    left = max(0, start - room // 2)
    right = min(len(passage), max(end, left + limit))
    left = max(0, right - limit)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(passage) else ""
    shift = len(prefix) - left
    return Excerpt(
        prefix + passage[left:right] + suffix,
        max(start + shift, len(prefix)),
        min(end + shift, len(prefix) + right - left),
    )


def evidence_text(
    view: EvidenceView, *, copy_of: str | None = None, passage_limit: int = 600
) -> Text:
    """Two or more lines: the source line with its dates, the judgements, the figures claim by
    claim ("21 attacks ✓ · 82 deaths → 83 ✗"), then the highlighted passage. ``copy_of``: the
    name of the source this one is a copy of, counted once."""
    source = view.source
    url = source.link
    # The address asked for, when a redirect led elsewhere.
    requested_url = source.url if source.final_url else None
    title = one_line(source.title or url or "untitled source", 90)
    line = Text(end="")
    line.append(title, style="bold")
    published = format_when(source.published) if source.published else "date unknown"
    details = [one_line(part, 60) for part in (source.site, published, view.timing) if part]
    line.append("  " + " · ".join(details), style="dim")
    line.append("\n")
    if url:
        if requested_url and requested_url != url:
            line.append(one_line(requested_url, 100), style="dim")
            line.append(" → ", style="dim")
        line.append(one_line(url, 100), style="dim underline")
        line.append("\n")
    if copy_of:
        line.append(f"copy of {one_line(copy_of, 60)}: counted once", style="yellow")
        line.append("\n")
    if view.no_passage:
        line.append("no passage about this claim", style="italic")
        return line
    line.append(f"score {view.score:.0f}", style="bold")
    label, style = AGREEMENT_LABELS.get(view.number_agreement, (view.number_agreement, ""))
    line.append(" · ")
    line.append(one_line(label, 30), style=style)
    line.append(" · ")
    line.append(f"hint: {one_line(view.suggested_stance, 20)}", style="italic dim")
    line.append(" · ")
    if view.reviewer_stance:
        by = f" ({one_line(view.reviewer, 30)})" if view.reviewer else ""
        line.append(f"stance: {one_line(view.reviewer_stance, 20)}{by}", style="bold")
    else:
        line.append("stance: not set", style="dim")
    line.append("\n")
    if view.quantity_checks:
        for index, check in enumerate(view.quantity_checks):
            if index:
                line.append(" · ", style="dim")
            line.append(
                one_line(describe_check(check), 80), style=CHECK_STYLES.get(check.verdict, "")
            )
        line.append("\n")
    excerpt = passage_excerpt(
        view.passage, view.highlight_start, view.highlight_end, limit=passage_limit
    )
    line.append_text(
        highlighted(
            excerpt.text.replace("\n", " "),
            [(excerpt.highlight_start, excerpt.highlight_end, PASSAGE_MATCH_STYLE)],
        )
    )
    return line


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One line of a claim's history: a stored ReviewEvent has these fields too."""

    at: dt.datetime
    reviewer: str | None
    action: str
    from_value: str | None
    to_value: str | None
    note: str | None = None  # a dismissal's reason, what an undo took back


def history_text(lines: Sequence[HistoryLine | ReviewEvent]) -> Text:
    if not lines:
        return Text("No changes yet.", style="dim", end="")
    result = Text(end="")
    for index, entry in enumerate(lines):
        if index:
            result.append("\n")
        result.append(format_when(entry.at), style="dim")
        result.append(f"  {one_line(entry.reviewer or 'someone', 30)}  ", style="bold")
        if entry.action == "note":
            result.append("edited the note: ")
            result.append(one_line(entry.to_value, 80), style="italic")
        elif entry.action == "stance" and entry.to_value is None:
            result.append("cleared a passage's stance")
        elif entry.action == "stance":
            result.append(f"set a passage's stance to {one_line(entry.to_value, 20)}")
        elif entry.action == "adopt":
            result.append(f"adopted an earlier verdict: {one_line(entry.to_value, 20)}")
        elif entry.action == "dismiss":
            result.append("dismissed it: ")
            result.append(one_line(entry.note, 80), style="italic")
        elif entry.action == "speaker":
            result.append(
                f"changed the speaker: {one_line(entry.from_value or 'none', 30)} → "
                f"{one_line(entry.to_value or 'none', 30)}"
            )
        elif entry.action == "add-claim":
            result.append(f"added this claim ({one_line(entry.note, 40)})")
        elif entry.action == "attach":
            result.append(f"attached {one_line(entry.to_value, 60)}")
        elif entry.action == "remove-evidence":
            result.append(f"removed a passage of {one_line(entry.from_value, 60)}")
        elif entry.action == "undo":
            result.append(one_line(entry.note, 80), style="italic")
        else:
            result.append(f"{one_line(entry.from_value, 20)} → ")
            result.append_text(status_text(entry.to_value or ""))
    return result
