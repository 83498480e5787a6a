"""One ranking, highlights and dated per-quantity verdicts, from attach to every report.

The pages are written here (no sample text is read): a same-day page agreeing on 21 and 82, a
day-before page with 83 deaths, a page three months later with a larger running total, a page
on one strike's toll, an "about 80" page and a page on another topic, served over loopback.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claim_workbench.cli import cli
from claim_workbench.evidence.matching import (
    EvidenceContext,
    highlight_span,
    is_relevant,
    match_passage,
    rank_passages,
)
from claim_workbench.evidence.passages import Passage, split_passages
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Evidence

pytestmark = pytest.mark.usefixtures("loopback_fetching")

CLAIM = (
    "Since the start of the operation, at least 21 attacks have been carried out against "
    "alleged drug-trafficking targets, resulting in 82 deaths."
)
ARTICLE = (
    " date 2025-11-17 US widens its campaign against drug boats\n"
    "The US military said on Monday that it would widen its campaign in the Caribbean.\n"
    f"{CLAIM}\n"
)


def page(title: str, published: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<html><head><title>{title}</title><meta name="date" content="{published}">'
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


PAGES = {
    "/same-day": page(
        "What we know about the boat strikes",
        "2025-11-17",
        "The US military has struck boats it says carry drugs in the Caribbean and the Pacific.",
        "US Southern Command said on Monday that 21 strikes had been carried out since "
        "September and 82 people had been killed. The strikes have drawn criticism from legal "
        "experts.",
    ),
    "/day-before": page(
        "Pentagon defends boat strikes",
        "2025-11-16",
        "Defence officials defended the campaign on Sunday.",
        "US strikes have killed 83 people in 21 attacks on suspected drug vessels, officials said.",
    ),
    "/later": page(
        "Caribbean campaign grinds on",
        "2026-02-17",
        "Three months on, the campaign shows no sign of ending.",
        "Since it began in September, the US military has carried out at least 42 strikes, "
        "killing 144 people so far, according to a tally of official statements.",
    ),
    "/single": page(
        "Deadliest strike yet",
        "2025-11-18",
        "A single strike on Tuesday killed 11 people aboard a boat off Venezuela, officials said.",
        "Relatives said the men were fishermen.",
    ),
    "/about-80": page(
        "Boat strikes explained",
        "2025-11-17",
        "About 80 people have been killed in the strikes so far, according to US figures.",
        "The campaign began in September.",
    ),
    "/cake": page(
        "Lemon cake",
        "2025-11-17",
        "Mix the flour, the sugar and the eggs.",
        "Bake for 40 minutes until golden.",
    ),
}


@pytest.fixture
def attached(tmp_path: Path, httpserver):
    db_url = f"sqlite:///{tmp_path / 'evidence.db'}"
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        result = runner.invoke(cli, ["--db", db_url, "--reviewer", "ana", *args], input=input)
        assert result.exit_code == 0, result.output
        return result.stdout

    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run("import", str(article))
    claims = json.loads(run("claims", "--json"))
    claim = next(c for c in claims if "82 deaths" in c["text"])
    for path, html in PAGES.items():
        httpserver.expect_request(path).respond_with_data(
            html, content_type="text/html; charset=utf-8"
        )
    urls = [httpserver.url_for(path) for path in PAGES]
    attach = json.loads(run("attach", str(claim["id"]), *urls, "--json"))
    return (
        run,
        claim["id"],
        {path: entry for path, entry in zip(PAGES, attach, strict=True)},
        db_url,
    )


def best(entry):
    return entry["evidence"][0]


def test_attach_gives_per_quantity_verdicts_and_dates(attached) -> None:
    _run, _claim_id, by_page, _db = attached
    assert [check["verdict"] for check in best(by_page["/same-day"])["quantity_checks"]] == [
        "agree",
        "agree",
    ]
    day_before = best(by_page["/day-before"])
    assert day_before["quantities_line"] == "at least 21 attacks ✓ · 82 deaths → 83 ✗"
    assert day_before["number_agreement"] == "conflict"
    assert by_page["/day-before"]["days_after_article"] == -1
    later = best(by_page["/later"])
    assert [c["verdict"] for c in later["quantity_checks"]] == ["later figure", "later figure"]
    assert later["number_agreement"] == "update"
    assert by_page["/later"]["days_after_article"] == 92
    single = best(by_page["/single"])
    assert [c["verdict"] for c in single["quantity_checks"]] == ["not mentioned", "not comparable"]
    assert single["number_agreement"] == "none"
    about = best(by_page["/about-80"])
    assert about["quantity_checks"][1]["verdict"] == "approximate"
    assert "≈ About 80" in about["quantities_line"]
    cake = by_page["/cake"]["evidence"]
    assert [(e["no_passage"], e["passage"], e["score"]) for e in cake] == [(True, "", 0.0)]


def test_only_passages_about_the_claim_are_stored(attached) -> None:
    _run, _claim_id, by_page, _db = attached
    for path in ("/same-day", "/day-before", "/later", "/single", "/about-80"):
        passages = [e["passage"] for e in by_page[path]["evidence"]]
        assert passages, path
        # Headlines and sentences that say nothing about the claim are left out.
        assert not any(
            p.startswith(("Relatives said", "The campaign began", "Three months on, the"))
            and len(p) < 60
            for p in passages
        ), passages
        assert all("legal experts" not in p or "82" in p for p in passages)


def test_the_agreeing_passage_ranks_first_with_its_own_numbers_highlighted(attached) -> None:
    run, claim_id, _by_page, _db = attached
    listed = json.loads(run("evidence", str(claim_id), "--json"))
    top = listed[0]
    assert top["source"]["title"] == "What we know about the boat strikes"
    highlight = top["passage"][top["highlight_start"] : top["highlight_end"]]
    assert highlight.startswith("21 strikes") and highlight.endswith("killed")
    assert "legal experts" not in highlight
    scores = [e["score"] for e in listed]
    assert scores == sorted(scores, reverse=True)
    titles = [e["source"]["title"] for e in listed]
    # Agreeing numbers beat conflicting ones; the cake page comes last, with no passage.
    assert titles.index("What we know about the boat strikes") < titles.index(
        "Pentagon defends boat strikes"
    )
    assert titles[-1] == "Lemon cake" and listed[-1]["no_passage"]
    shown = run("evidence", str(claim_id))
    assert "published 1 day before the article" in shown
    assert "published 92 days after the article" in shown
    assert "no passage about this claim" in shown


def test_search_ranks_with_the_same_function_as_attach(attached) -> None:
    run, claim_id, _by_page, _db = attached
    stored = {
        (e["source"]["title"], e["passage_start"]): e["score"]
        for e in json.loads(run("evidence", str(claim_id), "--json"))
        if not e["no_passage"]
    }
    hits = json.loads(run("search", str(claim_id), "--json"))
    assert hits[0]["source"]["title"] == "What we know about the boat strikes"
    common = [
        (h["source"]["title"], h["passage_start"])
        for h in hits
        if (h["source"]["title"], h["passage_start"]) in stored
    ]
    assert len(common) >= 3
    for hit in hits:
        key = (hit["source"]["title"], hit["passage_start"])
        if key in stored:
            assert hit["score"] == pytest.approx(stored[key], abs=0.01)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_every_report_format_carries_the_verdicts_and_dates(attached) -> None:
    run, claim_id, _by_page, _db = attached
    data = json.loads(run("report", "--format", "json"))
    assert data["report"]["format_version"] == 1
    (claim,) = [c for c in data["claims"] if c["id"] == claim_id]
    lines = [e["quantities_line"] for e in claim["evidence"]]
    assert "at least 21 attacks ✓ · 82 deaths → 83 ✗" in lines
    assert {e["days_after_article"] for e in claim["evidence"]} >= {0, -1, 92}
    markdown = run("report", "--format", "md")
    assert "- Figures: at least 21 attacks ✓ · 82 deaths → 83 ✗" in markdown
    assert "- Published: 2026-02-17, published 92 days after the article" in markdown
    assert "no passage about this claim" in markdown
    html = run("report", "--format", "html")
    assert "82 deaths → 83 ✗" in html and "published 1 day before the article" in html
    assert "<mark>21 strikes" in html
    rows = list(
        csv.DictReader(io.StringIO(run("report", "--format", "csv").removeprefix("\ufeff")))
    )
    (row,) = [r for r in rows if r["claim_id"] == str(claim_id)]
    assert row["best_figures"] == "at least 21 attacks ✓ · 82 deaths ✓"
    assert (row["best_source_published"], row["best_days_after_article"]) == ("2025-11-17", "0")
    assert (row["numbers_conflict"], row["numbers_update"], row["sources_without_passage"]) == (
        "1",
        "1",
        "1",
    )


def test_old_rows_without_checks_still_display_and_export(attached) -> None:
    run, claim_id, _by_page, db_url = attached
    with session_for(make_engine(db_url)) as session:
        for row in session.query(Evidence).all():
            row.quantity_checks = []
        session.commit()
    shown = run("evidence", str(claim_id))
    assert "numbers: conflict" in shown
    data = json.loads(run("report", "--format", "json"))
    (claim,) = [c for c in data["claims"] if c["id"] == claim_id]
    assert all(e["quantity_checks"] == [] and e["quantities_line"] == "" for e in claim["evidence"])
    assert "Figures:" not in run("report", "--format", "md")


# --- highlights and ranking without the database ---------------------------------------------


def test_highlight_covers_matching_words_spread_over_two_sentences() -> None:
    claim = "Polar bear numbers in the Arctic are declining because sea ice is shrinking"
    passage = (
        "Polar bears depend on sea ice. In the Arctic, shrinking ice is causing their numbers "
        "to decline. Tourism is growing."
    )
    start, end = highlight_span(claim, passage)
    assert passage[start:end] == (
        "Polar bears depend on sea ice. In the Arctic, shrinking ice is causing their numbers "
        "to decline"
    )
    # A single stray word in the next sentence is not worth crossing a sentence for.
    start, end = highlight_span("polar bears hunt seals", "Polar bears hunt seals. Seals swim.")
    assert (start, end) == (0, len("Polar bears hunt seals"))


def test_highlight_includes_the_matched_figures_even_across_a_clause_end() -> None:
    passage = "Since September, 21 strikes were carried out; 82 people were killed."
    match = match_passage("21 attacks, 82 deaths", Passage(passage, 0, len(passage)))
    assert passage[match.highlight_start : match.highlight_end] == (
        "21 strikes were carried out; 82 people were killed"
    )


def test_a_passage_matching_every_quantity_ranks_above_one_that_conflicts() -> None:
    agreeing = "Officials said 82 people were killed in 21 strikes."
    conflicting = "Officials said 83 people were killed in 21 strikes."
    for text in (conflicting + " " + agreeing, agreeing + " " + conflicting):
        ranked = rank_passages(
            "82 people were killed in 21 strikes", split_passages(text, window=1)
        )
        assert ranked[0].passage.text == agreeing
        assert ranked[0].score > ranked[1].score


def test_scores_do_not_depend_on_the_other_passages_ranked() -> None:
    claim = "82 people were killed in 21 strikes"
    target = "Officials said 82 people were killed in 21 strikes."
    alone = rank_passages(claim, split_passages(target))[0].score
    crowd = target + " " + " ".join(f"Strikes were reported in town {i}." for i in range(30))
    among = next(
        m
        for m in rank_passages(claim, split_passages(crowd, window=1), top_k=50)
        if m.passage.text == target
    )
    assert among.score == alone


def test_relevance_floor_keeps_figures_and_drops_passages_saying_nothing() -> None:
    context = EvidenceContext(title="Boat strikes")

    def relevant(text: str) -> bool:
        return is_relevant(match_passage(CLAIM, Passage(text, 0, len(text)), context=context))

    assert relevant("About 80 people have been killed in the strikes so far.")
    assert relevant("A single strike on Tuesday killed 11 people.")
    assert not relevant("The strikes have drawn criticism from legal experts.")
    assert not relevant("Mix the flour, the sugar and the eggs.")
