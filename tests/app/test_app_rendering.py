"""The app's pure cores: which claims are listed in which order, and how text is laid out."""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len

from claim_workbench.store.views import ClaimView, EvidenceView, SourceView
from claim_workbench.tui.screens.listing import (
    ClaimFilter,
    next_status_filter,
    status_counts,
    visible_claims,
)
from claim_workbench.tui.widgets.article_header import header_line
from claim_workbench.tui.widgets.article_view import paragraph_spans
from claim_workbench.tui.widgets.claims_table import column_widths, fit
from claim_workbench.tui.widgets.rendering import (
    HistoryLine,
    evidence_text,
    format_short_summary,
    format_summary,
    history_text,
)


def row(
    claim_id: int, *, position: int, score: float, status: str = "unreviewed", **kw
) -> ClaimView:  # type: ignore[no-untyped-def]
    return ClaimView(
        id=claim_id,
        position=position,
        status=status,
        check_worthiness=score,
        label=kw.get("label", f"claim {claim_id}"),
        kinds=["quantity"],
        text=kw.get("text", f"Sentence of claim {claim_id}."),
        speaker=kw.get("speaker"),
        quote=None,
        version=1,
        reviewer=None,
        updated_at=None,
        start=0,
        end=10,
    )


ROWS = [
    row(1, position=0, score=0.2, label="21 attacks, 82 deaths"),
    row(2, position=1, score=0.9, status="verified", speaker="Ana Ruiz"),
    row(3, position=2, score=0.9, status="disputed", text="The port handled 1,200 ships."),
    row(4, position=3, score=0.5),
]


def test_sort_by_check_worthiness_breaks_ties_by_article_order() -> None:
    ordered = visible_claims(ROWS, sort="score", claim_filter=ClaimFilter())
    assert [r.id for r in ordered] == [2, 3, 4, 1]
    assert [
        r.id for r in visible_claims(ROWS[::-1], sort="position", claim_filter=ClaimFilter())
    ] == [
        1,
        2,
        3,
        4,
    ]


def test_text_filter_needs_every_word_in_label_sentence_or_speaker() -> None:
    def ids(words: str, status: str | None = None) -> list[int]:
        chosen = ClaimFilter(status=status, words=words)
        return [r.id for r in visible_claims(ROWS, sort="position", claim_filter=chosen)]

    assert ids("82 ATTACKS") == [1]
    assert ids("ruiz") == [2]
    assert ids("port ships") == [3]
    assert ids("port deaths") == []
    assert ids("", status="verified") == [2]
    assert ids("claim", status="unreviewed") == [1, 4]


def test_status_filter_cycles_through_every_status_and_back() -> None:
    seen = [None]
    while True:
        following = next_status_filter(seen[-1])
        if following is None:
            break
        seen.append(following)
    assert seen == [None, "unreviewed", "verified", "disputed", "inconclusive", "dismissed"]


def test_progress_summary() -> None:
    counts = status_counts(ROWS)
    assert format_summary(counts) == "4 claims · 1 verified · 1 disputed · 2 unreviewed"
    counts["inconclusive"] = 1
    assert (
        format_summary(counts)
        == "5 claims · 1 verified · 1 disputed · 1 inconclusive · 2 unreviewed"
    )
    assert format_short_summary(counts) == "1 verified · 1 disputed · 1 inconclusive · 2 unreviewed"


def test_header_shortens_the_progress_before_the_title_disappears() -> None:
    title = "Regional hospitals report longest waiting lists in a decade"
    full = "2026-10-05 · 7 claims · 1 verified · 1 disputed · 1 inconclusive · 4 unreviewed"
    forms = (
        full,
        full.split(" · ", 1)[1],
        "1 verified · 1 disputed · 1 inconclusive · 4 unreviewed",
        "4 of 7 unreviewed",
    )
    wide = header_line(title, forms, 150)
    assert title in wide and wide.rstrip().endswith(full) and cell_len(wide) == 150
    middle = header_line(title, forms, 100)
    assert middle.rstrip().endswith(forms[2])
    narrow = header_line(title, forms, 80)
    assert cell_len(narrow) == 80
    assert narrow.rstrip().endswith(forms[3]) and full not in narrow
    assert narrow.startswith(" Regional hospitals report")  # not two letters and "…"
    # With no shorter form the title still gives way rather than the progress.
    squeezed = header_line(title, full, 90)
    assert squeezed.rstrip().endswith(full) and cell_len(squeezed) == 90
    assert squeezed.startswith(" Re") and "…" in squeezed


def test_columns_fill_the_width_and_cells_fit_exactly() -> None:
    for width in (60, 78, 120, 200):
        widths = column_widths(width)
        assert sum(widths) + len(widths) + 1 == width
    assert cell_len(fit("漢字漢字漢字", 5)) == 5
    assert fit("short", 8) == "short   "
    assert fit("a longer label", 6) == "a lon…"


def test_paragraph_offsets_point_into_the_text() -> None:
    text = "First line\nstill first.\n\nSecond.\n\n\nThird."
    spans = paragraph_spans(text)
    assert [text[a:b] for a, b in spans] == ["First line\nstill first.", "Second.", "Third."]


def test_evidence_shows_judgements_and_the_matched_words() -> None:
    source = SourceView(
        id=1,
        origin="text",
        url=None,
        final_url=None,
        title="Wire",
        site="example.org",
        published=dt.date(2025, 11, 16),
        fetched_at=dt.datetime(2025, 11, 17, tzinfo=dt.UTC),
        status_code=None,
        content_type="text/plain",
        sha256="0" * 64,
    )
    view = EvidenceView(
        id=1,
        source=source,
        start=0,
        end=28,
        attached_at=dt.datetime(2025, 11, 18, tzinfo=dt.UTC),
        score=87.4,
        number_agreement="conflict",
        suggested_stance="contradicts",
        reviewer_stance=None,
        reviewer=None,
        passage="Officials counted 80 deaths.",
        highlight_start=18,
        highlight_end=27,
    )
    text = evidence_text(view)
    assert "example.org · 2025-11-16" in text.plain
    assert "score 87" in text.plain and "numbers conflict" in text.plain
    assert "hint: contradicts" in text.plain and "stance: not set" in text.plain
    assert [text.plain[s.start : s.end] for s in text.spans][-1] == "80 deaths"


def test_history_lines_say_who_did_what() -> None:
    at = dt.datetime(2025, 11, 18, 9, 30)
    text = history_text(
        [
            HistoryLine(at, "ana", "status", "unreviewed", "disputed"),
            HistoryLine(at, "bea", "note", "", "Checked the Pentagon figure"),
        ]
    ).plain
    assert text.splitlines() == [
        "2025-11-18 09:30  ana  unreviewed → disputed",
        "2025-11-18 09:30  bea  edited the note: Checked the Pentagon figure",
    ]
