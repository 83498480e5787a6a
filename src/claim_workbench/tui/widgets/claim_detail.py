"""The detail pane: one claim's sentence, verdict, note, earlier sighting, evidence and history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from claim_workbench.store.models import ClaimStatus, ReviewEvent
from claim_workbench.store.provenance import (
    current_status_event,
    dismissal_reason,
    note_outdated,
    note_sign,
)
from claim_workbench.store.views import ClaimDetails, ClaimView, EvidenceView, SourceView

if TYPE_CHECKING:
    from claim_workbench.store.factchecks import FactCheckSeen

from claim_workbench.tui.widgets.rendering import (
    claim_sentence,
    evidence_text,
    format_when,
    history_text,
    one_line,
    printable,
    status_text,
)


def source_names(details: ClaimDetails) -> dict[int, str]:
    """A short name per source (its site, else its title) for the lines about copies."""
    return {
        item.source.id: one_line(
            item.source.site or item.source.title or item.source.url or f"#{item.source.id}", 60
        )
        for item in details.evidence
    }


def copy_of(details: ClaimDetails) -> dict[int, str]:
    """Source id -> name of the representative, for each source that is a copy."""
    names = source_names(details)
    return {
        member: names.get(group.representative, f"#{group.representative}")
        for group in details.copy_groups
        for member in group.source_ids
        if member != group.representative
    }


def meta_text(claim: ClaimView, status_event: ReviewEvent | None = None) -> Text:
    """Status (who set it and when: the audit's, since a later note edit does not change the
    verdict's author), check-worthiness, kinds, speaker; why a dismissed claim was dismissed."""
    text = Text(end="")
    text.append("Status ", style="dim")
    text.append_text(status_text(claim.status))
    if status_event is not None:
        text.append(f" by {one_line(status_event.reviewer or 'someone', 40)}", style="dim")
        text.append(f" · {format_when(status_event.at)}", style="dim")
    elif claim.status != "unreviewed":
        text.append(f" by {one_line(claim.reviewer or 'someone', 40)}", style="dim")
        text.append(f" · {format_when(claim.updated_at)}", style="dim")
    text.append(f" · version {claim.version}", style="dim")
    if claim.status == ClaimStatus.dismissed.value:
        reason = dismissal_reason(status_event) or "no reason given"
        text.append("\nDismissed as not a claim: ", style="dim")
        text.append(one_line(reason, 120), style="italic")
    text.append("\nCheck-worthiness ", style="dim")
    text.append(f"{claim.check_worthiness:.2f}")
    if claim.kinds:
        text.append(" · kinds ", style="dim")
        text.append(one_line(", ".join(claim.kinds), 80))
    if claim.speaker:
        text.append("\nSpeaker ", style="dim")
        text.append(one_line(claim.speaker, 80), style="bold")
    return text


def note_text(claim: ClaimView, status_by: str | None = None) -> Text:
    """The note; with a warning line when it was written under another verdict (someone else
    flipped it since, or it explained another verdict)."""
    if not claim.note:
        return Text("No note. Press n to write one.", style="dim", end="")
    text = Text("Note ", style="dim", end="")
    text.append(printable(claim.note))
    outdated = note_outdated(
        note=claim.note,
        note_by=claim.note_by,
        note_status=claim.note_status,
        status=claim.status,
        status_by=status_by,
    )
    if outdated:
        sign = note_sign(note_by=claim.note_by, note_status=claim.note_status)
        text.append(
            f"\n⚠ {one_line(sign, 120)}; the verdict has changed since", style="bold yellow"
        )
    return text


def seen_text(claim: ClaimView, earlier: ClaimView) -> Text:
    """'Seen before: Disputed on 2025-11-18 by ana — "…"' with the similarity."""
    text = Text("Seen before: ", style="bold magenta", end="")
    text.append_text(status_text(earlier.status))
    text.append(f" on {format_when(earlier.updated_at)} by {one_line(earlier.reviewer, 40)}")
    relation = claim.seen_relation or "same"
    score = f"{claim.seen_score:.2f}" if claim.seen_score is not None else "?"
    text.append(f" ({relation}, similarity {score})", style="dim")
    text.append("\n“")
    text.append(one_line(earlier.text, 300), style="italic")
    text.append("”")
    if earlier.note:
        text.append("\nTheir note: ", style="dim")
        text.append(one_line(earlier.note, 300))
    return text


def fact_checks_text(fact_checks: list[FactCheckSeen]) -> Text:
    """'Fact-checked before by X: rating (date)' per published fact-check, with its claim.
    Publisher, rating and claim come from an imported file: plain Text, never markup."""
    text = Text(end="")
    for number, seen in enumerate(fact_checks):
        if number:
            text.append("\n")
        line = seen.line()
        text.append(one_line(line[0].upper() + line[1:], 160), style="bold magenta")
        text.append(f" (similarity {seen.score:.0f})", style="dim")
        text.append("\n“")
        text.append(one_line(seen.text, 300), style="italic")
        text.append("”")
        if seen.url:
            text.append("\n")
            text.append(one_line(seen.url, 200), style="dim")
    return text


class EvidenceList(OptionList):
    """The claim's passages, best first; the highlighted one is what `s` sets a stance on."""

    def show(
        self,
        evidence: list[EvidenceView],
        *,
        keep_id: int | None,
        copy_of: dict[int, str] | None = None,
    ) -> None:
        self.clear_options()
        options: list[Option | None] = []
        copy_of = copy_of or {}
        for view in evidence:
            if options:
                options.append(None)  # a rule between passages
            text = evidence_text(view, copy_of=copy_of.get(view.source.id))
            options.append(Option(text, id=str(view.id)))
        self.add_options(options)
        if not evidence:
            return
        try:
            self.highlighted = self.get_option_index(str(keep_id)) if keep_id is not None else 0
        except OptionDoesNotExist:
            self.highlighted = 0

    @property
    def highlighted_evidence_id(self) -> int | None:
        option = self.highlighted_option
        return int(option.id) if option is not None and option.id is not None else None

    @property
    def position_label(self) -> str:
        """ "passage 3 of 8"; "" without passages."""
        if not self.option_count or self.highlighted is None:
            return ""
        return f"passage {self.highlighted + 1} of {self.option_count}"


class ClaimDetail(VerticalScroll):
    """Shows a ClaimDetails; never interprets its text as markup."""

    # Its own look, parsed when it is mounted (after the first frame), not before it.
    DEFAULT_CSS = """
    ClaimDetail {
        border: round $secondary 50%;
        padding: 0 1;
        height: 1fr;
    }
    ClaimDetail:focus-within {
        border: round $secondary;
    }
    ClaimDetail #detail-sentence {
        text-style: bold;
        margin-bottom: 1;
    }
    ClaimDetail #detail-meta {
        margin-bottom: 1;
    }
    ClaimDetail #detail-seen, ClaimDetail #detail-factchecks {
        border-left: thick $accent;
        padding-left: 1;
        margin-bottom: 1;
    }
    ClaimDetail .section-heading {
        margin-top: 1;
        text-style: bold underline;
        color: $text-accent;
    }
    ClaimDetail #evidence-copies {
        color: $text-muted;
    }
    ClaimDetail #evidence-list {
        height: auto;
        max-height: 100%;
        border: none;
        padding: 0;
        background: transparent;
    }
    ClaimDetail #evidence-list > .option-list--option {
        padding: 0 0 1 0;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.claim_id: int | None = None
        self.details: ClaimDetails | None = None
        self._evidence_heading = Text("Evidence")

    def compose(self) -> ComposeResult:
        yield Static(id="detail-sentence")
        yield Static(id="detail-meta")
        yield Static(id="detail-note")
        yield Static(id="detail-seen")
        yield Static(id="detail-factchecks")
        yield Static(Text("Evidence"), id="evidence-heading", classes="section-heading")
        yield Static(id="evidence-copies")
        yield EvidenceList(id="evidence-list")
        yield Static(Text("History"), classes="section-heading")
        yield Static(id="detail-history")

    def on_mount(self) -> None:
        self.show_nothing()

    def show_nothing(self, message: str = "No claim selected.") -> None:
        self.claim_id = None
        self.details = None
        self.query_one("#detail-sentence", Static).update(Text(message, style="dim"))
        for name in ("#detail-meta", "#detail-note", "#detail-history"):
            self.query_one(name, Static).update(Text(""))
        self.query_one("#detail-seen", Static).display = False
        self.query_one("#detail-factchecks", Static).display = False
        self.query_one("#evidence-copies", Static).display = False
        self.query_one(EvidenceList).clear_options()
        self._evidence_heading = Text("Evidence")
        self.query_one("#evidence-heading", Static).update(self._evidence_heading)

    def show(self, details: ClaimDetails) -> None:
        claim = details.claim
        same_claim = claim.id == self.claim_id
        evidence_list = self.query_one(EvidenceList)
        keep = evidence_list.highlighted_evidence_id if same_claim else None
        self.claim_id = claim.id
        self.details = details
        self.query_one("#detail-sentence", Static).update(
            claim_sentence(
                text=claim.text,
                offset=claim.start,
                quantity_spans=[(q.start, q.end) for q in details.quantities],
                quote=claim.quote,
            )
        )
        status_event = current_status_event(details.history)
        self.query_one("#detail-meta", Static).update(meta_text(claim, status_event))
        status_by = status_event.reviewer if status_event is not None else claim.reviewer
        self.query_one("#detail-note", Static).update(note_text(claim, status_by))
        seen = self.query_one("#detail-seen", Static)
        seen.display = details.seen_claim is not None
        if details.seen_claim is not None:
            seen.update(seen_text(claim, details.seen_claim))
        checked = self.query_one("#detail-factchecks", Static)
        checked.display = bool(details.fact_checks)
        if details.fact_checks:
            checked.update(fact_checks_text(details.fact_checks))
        count = len(details.evidence)
        heading = (
            f"Evidence ({count}) · {details.sources_label}"
            if count
            else "Evidence — none yet: press a to attach"
        )
        self._evidence_heading = Text(heading)
        copies = self.query_one("#evidence-copies", Static)
        copies.display = bool(details.copy_groups)
        # Titles and sites are untrusted: plain Text, one line per group of copies.
        copies.update(
            Text(
                "\n".join(
                    one_line(group.label(source_names(details)), 400)
                    for group in details.copy_groups
                ),
                style="dim",
            )
        )
        evidence_list.show(details.evidence, keep_id=keep, copy_of=copy_of(details))
        evidence_list.display = bool(details.evidence)
        self._show_position()
        self.query_one("#detail-history", Static).update(history_text(details.history))
        if not same_claim:
            self.scroll_home(animate=False)

    @property
    def highlighted_evidence_id(self) -> int | None:
        return self.query_one(EvidenceList).highlighted_evidence_id

    @property
    def highlighted_source(self) -> SourceView | None:
        """The source of the highlighted passage, as read with the claim."""
        evidence_id = self.highlighted_evidence_id
        if self.details is None or evidence_id is None:
            return None
        return next((e.source for e in self.details.evidence if e.id == evidence_id), None)

    @property
    def evidence_list(self) -> EvidenceList:
        return self.query_one(EvidenceList)

    def _show_position(self) -> None:
        heading = self._evidence_heading.copy()
        position = self.evidence_list.position_label
        if position:
            heading.append(f" · {position}")
        self.query_one("#evidence-heading", Static).update(heading)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is not self.evidence_list:
            return
        self._show_position()
        if self.evidence_list.has_focus:  # moved with the list's own keys or the mouse
            self.call_after_refresh(self.scroll_to_passage)

    def scroll_to_passage(self) -> None:
        """Scroll the pane so the highlighted passage's first lines are in view."""
        evidence_list = self.evidence_list
        if evidence_list.highlighted is None or not evidence_list.display:
            return
        index = evidence_list.highlighted
        evidence_list.scroll_to_highlight()
        # The option's place in the list (OptionList keeps no public accessor for it; Textual
        # is pinned to a tested minor range): scrolling the pane to that region, rather than
        # to the whole list, keeps the heading and the copies' lines in view when they fit.
        line = evidence_list._index_to_line.get(index)  # noqa: SLF001
        height = evidence_list._heights.get(index, 1)  # noqa: SLF001
        if line is None:
            self.scroll_to_widget(evidence_list, animate=False, immediate=True)
            return
        top = evidence_list.virtual_region.y + line - round(evidence_list.scroll_y)
        shown = min(height, max(self.scrollable_content_region.height, 1))
        self.scroll_to_region(Region(0, top, 1, shown), animate=False, immediate=True, force=True)
