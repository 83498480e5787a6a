"""Tests for the verification reports (report): every format on a reviewed sample."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markupsafe import escape
from sqlalchemy import update
from sqlmodel import Session, col, select

from claim_workbench.report import (
    REPORT_FORMATS,
    ReportOptions,
    render_report,
    write_report,
)
from claim_workbench.report.csv_report import CSV_COLUMNS
from claim_workbench.report.model import iter_claims
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import (
    Article,
    Claim,
    ClaimBase,
    Evidence,
    QuantityBase,
    ReviewEvent,
    SourceBase,
)
from claim_workbench.store.storage import (
    ClaimDraft,
    EvidenceDraft,
    NotFound,
    attach_source,
    import_article,
    list_evidence,
    mark_claim,
    set_stance,
    sha256_hex,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "src" / "claim_workbench" / "samples" / "caribbean-campaign-2025-11-17.txt"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
ARTICLE_URL = "https://www.news.az/trump-maduro-caribbean"
NOW = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.UTC)
CLOCK = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # the frozen review day
HOSTILE = "<script>alert(1)</script> [bold] ** stars"


def sample_article() -> tuple[str, dt.date, str]:
    """Title, date and body of the bundled sample (first line: ' date YYYY-MM-DD Headline')."""
    first, _, body = SAMPLE.read_text(encoding="utf-8").partition("\n")
    match = re.fullmatch(r"\s*date (\d{4}-\d{2}-\d{2}) (.+)", first)
    assert match, first
    return match.group(2).strip(), dt.date.fromisoformat(match.group(1)), body.strip()


def span(text: str, first_words: str, last_words: str) -> tuple[int, int]:
    start = text.index(first_words)
    return start, text.index(last_words, start) + len(last_words)


def quantity(text: str, surface: str, value: float, unit: str, qualifier: str | None = None):
    start = text.index(surface)
    return QuantityBase(
        value=value,
        unit=unit,
        qualifier=qualifier,
        text=surface,
        start=start,
        end=start + len(surface),
    )


@dataclass
class Reviewed:
    """The reviewed sample: database URL, article id and claim ids by a short name."""

    url: str
    article_id: int
    body: str
    claims: dict[str, int]


# (name, first words, last words, label, kinds, speaker, quantities as (surface, value, unit, q))
CLAIM_PLAN = [
    (
        "trump_talks",
        "“We may be having",
        "like to talk,”",
        "Trump: may hold talks with Maduro",
        ["quote"],
        "Donald Trump",
        [],
    ),
    (
        "designation",
        "His comments came",
        "Foreign Terrorist Organization.",
        "Cartel de los Soles designated FTO",
        ["designation", "event"],
        None,
        [],
    ),
    (
        "cartels",
        "Earlier this year",
        "covert operations.",
        "Mexican cartels designated earlier this year",
        ["designation", "temporal"],
        None,
        [],
    ),
    (
        "deployment",
        "The Pentagon has also deployed",
        "across the region.",
        "Marines, warships, submarines deployed",
        ["event"],
        None,
        [],
    ),
    (
        "carrier",
        "The USS Gerald Ford",
        "expanded mission.",
        "USS Gerald Ford, largest carrier, in Caribbean",
        ["superlative", "event"],
        None,
        [],
    ),
    (
        "campaign_start",
        "The current campaign began",
        "by late October.",
        "Campaign began in September",
        ["temporal", "event"],
        None,
        [],
    ),
    (
        "toll",
        "Since the start of the operation",
        "82 deaths.",
        "21 attacks, 82 deaths",
        ["quantity", "event"],
        None,
        [("21 attacks", 21, "attacks", "at least"), ("82 deaths", 82, "deaths", None)],
    ),
]


def source(
    *, title: str, url: str | None, final_url: str | None, site: str | None, text: str
) -> tuple[SourceBase, bytes]:
    raw = text.encode("utf-8")
    return (
        SourceBase(
            origin="url" if url else "text",
            url=url,
            final_url=final_url,
            title=title,
            site=site,
            fetched_at=CLOCK - dt.timedelta(hours=1),
            status_code=200 if url else None,
            content_type="text/html" if url else "text/plain",
            text=text,
            sha256=sha256_hex(raw),
            size=len(raw),
        ),
        raw,
    )


def evidence_on(text: str, passage: str, highlight: str, score: float, agreement: str, stance: str):
    start = text.index(passage)
    highlight_start = passage.index(highlight)
    return EvidenceDraft(
        passage=passage,
        start=start,
        end=start + len(passage),
        score=score,
        highlight_start=highlight_start,
        highlight_end=highlight_start + len(highlight),
        number_agreement=agreement,
        suggested_stance=stance,
    )


def build_reviewed_sample(url: str) -> Reviewed:
    """Import the sample with hand-made claims and run a scripted review on it."""
    title, published, body = sample_article()
    drafts = []
    for _name, first, last, label, kinds, speaker, quantities in CLAIM_PLAN:
        start, end = span(body, first, last)
        drafts.append(
            ClaimDraft(
                claim=ClaimBase(
                    position=0,
                    text=body[start:end],
                    start=start,
                    end=end,
                    label=label,
                    kinds=kinds,
                    check_worthiness=0.5 + 0.05 * len(kinds),
                    speaker=speaker,
                ),
                quantities=[quantity(body, *spec) for spec in quantities],
            )
        )
    # Storage keeps the order it is given; the article order is by offset.
    drafts.sort(key=lambda draft: draft.claim.start)
    engine = make_engine(url)
    with session_for(engine) as session:
        article, _ = import_article(
            session=session,
            title=title,
            text=body,
            claims=drafts,
            published=published,
            url=ARTICLE_URL,
        )
        assert article.id is not None
        by_text = {
            claim.text: claim.id
            for claim in session.exec(select(Claim).where(Claim.article_id == article.id))
        }
        ids = {name: by_text[body[slice(*span(body, f, la))]] for name, f, la, *_ in CLAIM_PLAN}
        _scripted_review(session, ids)
        _freeze_clocks(session, article.id)
    engine.dispose()
    return Reviewed(url=url, article_id=article.id, body=body, claims=ids)


def _scripted_review(session: Session, ids: dict[str, int]) -> None:
    southcom_text = (
        "US Southern Command said on Friday that since the start of the operation at least "
        "21 attacks had been carried out, resulting in 82 deaths among alleged traffickers."
    )
    hostile_text = (
        f"Breaking {HOSTILE}: officials counted 21 attacks and 80 deaths in total, "
        "the figures are disputed & [unconfirmed](javascript:alert(2))."
    )
    carrier_text = (
        "The USS Gerald R. Ford remained in the Mediterranean on Sunday, the Navy said; "
        "it is the largest aircraft carrier in the world."
    )
    southcom, southcom_raw = source(
        title="Southern Command update",
        url="https://www.southcom.mil/news/update",
        final_url="https://www.southcom.mil/news/update-2025",
        site="SOUTHCOM",
        text=southcom_text,
    )
    hostile, hostile_raw = source(
        title=f"Hostile {HOSTILE}",
        url="https://evil.example/post",
        final_url="javascript:alert(1)",
        site="[evil] site",
        text=hostile_text,
    )
    carrier, carrier_raw = source(
        title="Navy statement", url=None, final_url=None, site=None, text=carrier_text
    )
    attach_source(
        session=session,
        claim_id=ids["toll"],
        source=southcom,
        raw=southcom_raw,
        evidence=[
            evidence_on(
                southcom_text,
                southcom_text,
                "at least 21 attacks had been carried out, resulting in 82 deaths",
                92.5,
                "agree",
                "supports",
            )
        ],
        reviewer="alice",
    )
    attach_source(
        session=session,
        claim_id=ids["toll"],
        source=hostile,
        raw=hostile_raw,
        evidence=[
            evidence_on(
                hostile_text,
                hostile_text,
                "21 attacks and 80 deaths",
                71.0,
                "conflict",
                "contradicts",
            )
        ],
        reviewer="alice",
    )
    attach_source(
        session=session,
        claim_id=ids["carrier"],
        source=carrier,
        raw=carrier_raw,
        evidence=[
            evidence_on(
                carrier_text,
                carrier_text,
                "remained in the Mediterranean",
                64.0,
                "none",
                "contradicts",
            )
        ],
        reviewer="bob",
    )
    supporting = list_evidence(session=session, claim_id=ids["toll"])[0][0]
    assert supporting.id is not None
    set_stance(session=session, evidence_id=supporting.id, stance="supports", reviewer="alice")

    mark_claim(
        session=session,
        claim_id=ids["toll"],
        status="verified",
        reviewer="alice",
        note="Matches SOUTHCOM's count; one outlet says 80 deaths.",
    )
    mark_claim(
        session=session,
        claim_id=ids["carrier"],
        status="disputed",
        reviewer="bob",
        note='=HYPERLINK("http://evil.example") Navy: still in the *Mediterranean* | not here',
    )
    # A verdict changed by a colleague: the report must name the last one.
    mark_claim(session=session, claim_id=ids["designation"], status="disputed", reviewer="bob")
    mark_claim(session=session, claim_id=ids["designation"], status="verified", reviewer="alice")
    mark_claim(
        session=session,
        claim_id=ids["trump_talks"],
        status="inconclusive",
        reviewer="carol",
        note="Quote appears only in secondary reports.",
    )
    mark_claim(session=session, claim_id=ids["cartels"], status="disputed", reviewer="bob")


def _freeze_clocks(session: Session, article_id: int) -> None:
    """Give every stored time a fixed value so reports are byte-for-byte repeatable."""
    session.execute(update(Article).where(Article.id == article_id).values(imported_at=CLOCK))
    for event in session.exec(select(ReviewEvent).order_by(col(ReviewEvent.id))).all():
        event.at = CLOCK + dt.timedelta(minutes=10 * event.id)
    for claim in session.exec(select(Claim)).all():
        claim.updated_at = CLOCK + dt.timedelta(hours=5)
    for evidence in session.exec(select(Evidence)).all():
        evidence.attached_at = CLOCK + dt.timedelta(minutes=5)
    session.commit()


@pytest.fixture
def reviewed(sqlite_url: str) -> Reviewed:
    return build_reviewed_sample(sqlite_url)


def report(reviewed: Reviewed, fmt: str, options: ReportOptions | None = None) -> str:
    engine = make_engine(reviewed.url)
    try:
        with session_for(engine) as session:
            return render_report(
                session=session,
                article_id=reviewed.article_id,
                fmt=fmt,
                options=options or ReportOptions(now=NOW),
            )
    finally:
        engine.dispose()


def article_order(reviewed: Reviewed) -> list[str]:
    return sorted(reviewed.claims, key=lambda name: span(reviewed.body, *_words(name)))


def _words(name: str) -> tuple[str, str]:
    plan = next(item for item in CLAIM_PLAN if item[0] == name)
    return plan[1], plan[2]


def claim_text(reviewed: Reviewed, name: str) -> str:
    return reviewed.body[slice(*span(reviewed.body, *_words(name)))]


# --- errors --------------------------------------------------------------------------------


def test_unknown_format_is_a_value_error_and_writes_nothing(reviewed: Reviewed) -> None:
    engine = make_engine(reviewed.url)
    out = io.StringIO()
    with session_for(engine) as session, pytest.raises(ValueError, match="unknown format 'pdf'"):
        write_report(session=session, article_id=reviewed.article_id, fmt="pdf", out=out)
    assert out.getvalue() == ""


def test_unknown_article_raises_not_found_and_writes_nothing(reviewed: Reviewed) -> None:
    engine = make_engine(reviewed.url)
    out = io.StringIO()
    with session_for(engine) as session, pytest.raises(NotFound, match="no article with id 999"):
        write_report(session=session, article_id=999, fmt="json", out=out)
    assert out.getvalue() == ""


# --- json ----------------------------------------------------------------------------------


def test_json_report_parses_back_with_article_summary_and_claims(reviewed: Reviewed) -> None:
    document = json.loads(report(reviewed, "json"))
    assert list(document) == ["report", "article", "summary", "claims", "dismissed"]
    assert document["dismissed"] == []
    _, published, _ = sample_article()
    assert document["article"]["title"].startswith("Trump hints at possible talks")
    assert document["article"]["published"] == published.isoformat()
    assert document["article"]["url"] == ARTICLE_URL
    assert document["report"]["generated_at"] == "2026-11-24T07:00:00+00:00"
    assert document["report"]["reviewers"] == ["alice", "bob", "carol"]
    assert document["summary"] == {
        "total": 7,
        "unreviewed": 2,
        "verified": 2,
        "disputed": 2,
        "inconclusive": 1,
        "dismissed": 0,
    }
    claims = document["claims"]
    assert [claim["text"] for claim in claims] == [
        claim_text(reviewed, name) for name in article_order(reviewed)
    ]
    assert [claim["number"] for claim in claims] == list(range(1, 8))
    for claim in claims:
        assert reviewed.body[claim["start"] : claim["end"]] == claim["text"]


def test_json_claim_carries_quantities_verdict_and_marked_evidence(reviewed: Reviewed) -> None:
    claims = {claim["id"]: claim for claim in json.loads(report(reviewed, "json"))["claims"]}
    toll = claims[reviewed.claims["toll"]]
    assert toll["kinds"] == ["quantity", "event"]
    assert [(q["value"], q["unit"], q["qualifier"]) for q in toll["quantities"]] == [
        (21.0, "attacks", "at least"),
        (82.0, "deaths", None),
    ]
    assert toll["verdict"]["status"] == "verified"
    assert toll["verdict"]["reviewer"] == "alice"
    assert toll["verdict"]["note"].startswith("Matches SOUTHCOM")
    decided = dt.datetime.fromisoformat(toll["verdict"]["decided_at"])
    assert decided.tzinfo is not None and decided > CLOCK

    best, second = toll["evidence"]  # best score first
    assert (best["score"], second["score"]) == (92.5, 71.0)
    assert best["reviewer_stance"] == "supports" and best["suggested_stance"] == "supports"
    assert second["reviewer_stance"] is None and second["suggested_stance"] == "contradicts"
    assert (best["number_agreement"], second["number_agreement"]) == ("agree", "conflict")
    assert best["highlight"] == best["passage"][best["highlight_start"] : best["highlight_end"]]
    assert best["highlight"] == "at least 21 attacks had been carried out, resulting in 82 deaths"
    assert best["source"]["final_url"] == "https://www.southcom.mil/news/update-2025"
    assert best["source"]["site"] == "SOUTHCOM"
    assert re.fullmatch(r"[0-9a-f]{64}", best["source"]["sha256"])
    assert dt.datetime.fromisoformat(best["source"]["fetched_at"]).tzinfo is not None
    # Hostile text is data in JSON: kept exactly, to be escaped by whoever displays it.
    assert HOSTILE in second["passage"] and HOSTILE in second["source"]["title"]


def test_json_last_verdict_names_the_latest_reviewer(reviewed: Reviewed) -> None:
    claims = {claim["id"]: claim for claim in json.loads(report(reviewed, "json"))["claims"]}
    designation = claims[reviewed.claims["designation"]]["verdict"]
    # bob disputed it first, alice verified it ten minutes later.
    assert designation["status"] == "verified"
    assert designation["reviewer"] == "alice"
    cartels = claims[reviewed.claims["cartels"]]["verdict"]
    assert dt.datetime.fromisoformat(designation["decided_at"]) < dt.datetime.fromisoformat(
        cartels["decided_at"]
    )


def test_json_lists_unreviewed_claims_with_the_same_keys(reviewed: Reviewed) -> None:
    claims = json.loads(report(reviewed, "json"))["claims"]
    unreviewed = [claim for claim in claims if claim["verdict"]["status"] == "unreviewed"]
    assert {claim["id"] for claim in unreviewed} == {
        reviewed.claims["deployment"],
        reviewed.claims["campaign_start"],
    }
    for claim in unreviewed:
        assert claim["verdict"] == {
            "status": "unreviewed",
            "note": "",
            "reviewer": None,
            "decided_at": None,
            "note_by": None,
            "note_status": None,
            "note_outdated": False,
        }
        assert claim["evidence"] == []
    # Stable keys: every claim has exactly the same keys, whatever its state.
    assert len({tuple(claim) for claim in claims}) == 1


def test_json_report_on_sqlite_and_postgresql(any_db_url: str) -> None:
    reviewed = build_reviewed_sample(any_db_url)
    document = json.loads(report(reviewed, "json"))
    assert document["summary"]["total"] == 7
    assert document["report"]["reviewers"] == ["alice", "bob", "carol"]
    toll = next(c for c in document["claims"] if c["id"] == reviewed.claims["toll"])
    assert [e["score"] for e in toll["evidence"]] == [92.5, 71.0]
    assert toll["verdict"]["decided_at"].endswith("+00:00")


class MarkOnFirstWrite(io.StringIO):
    """Report output that, when the report starts writing, has a colleague mark claims."""

    def __init__(self, url: str, claim_ids: list[int]) -> None:
        super().__init__()
        self.url, self.claim_ids, self.marked = url, claim_ids, False

    def write(self, text: str) -> int:
        if not self.marked:
            self.marked = True
            engine = make_engine(self.url)
            with session_for(engine) as colleague:
                for claim_id in self.claim_ids:
                    mark_claim(
                        session=colleague, claim_id=claim_id, status="verified", reviewer="dan"
                    )
            engine.dispose()
        return super().write(text)


def test_report_counts_and_rows_come_from_one_snapshot(any_db_url: str) -> None:
    reviewed = build_reviewed_sample(any_db_url)
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        unreviewed = session.exec(
            select(Claim.id).where(
                Claim.article_id == reviewed.article_id, Claim.status == "unreviewed"
            )
        ).all()
    assert len(unreviewed) == 2
    out = MarkOnFirstWrite(any_db_url, list(unreviewed))
    with session_for(engine) as session:
        write_report(
            session=session,
            article_id=reviewed.article_id,
            fmt="json",
            out=out,
            options=ReportOptions(now=NOW),
        )
    engine.dispose()
    assert out.marked
    during = json.loads(out.getvalue())
    statuses = [claim["verdict"]["status"] for claim in during["claims"]]
    assert (during["summary"]["verified"], statuses.count("verified")) == (2, 2)
    assert during["summary"]["unreviewed"] == statuses.count("unreviewed") == 2
    after = json.loads(report(reviewed, "json"))  # the colleague's verdicts did land
    assert after["summary"]["verified"] == 4


# --- csv -----------------------------------------------------------------------------------


def test_csv_has_bom_header_and_one_row_per_claim(reviewed: Reviewed) -> None:
    text = report(reviewed, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [row["text"] for row in rows] == [
        claim_text(reviewed, name) for name in article_order(reviewed)
    ]
    by_id = {int(row["claim_id"]): row for row in rows}
    toll = by_id[reviewed.claims["toll"]]
    assert toll["status"] == "verified"
    assert toll["reviewer"] == "alice"
    assert toll["evidence_count"] == "2"
    assert toll["best_score"] == "92.5"
    assert toll["best_source_url"] == "https://www.southcom.mil/news/update-2025"
    assert toll["best_source_title"] == "Southern Command update"
    assert (toll["numbers_agree"], toll["numbers_conflict"]) == ("1", "1")
    assert (toll["stance_supports"], toll["stance_contradicts"]) == ("1", "0")
    assert toll["quantities"] == "21 attacks; 82 deaths"
    assert toll["kinds"] == "quantity;event"
    unreviewed = by_id[reviewed.claims["deployment"]]
    assert unreviewed["status"] == "unreviewed"
    assert (unreviewed["evidence_count"], unreviewed["best_score"]) == ("0", "")


def test_csv_neutralises_formula_cells(reviewed: Reviewed) -> None:
    rows = list(csv.DictReader(io.StringIO(report(reviewed, "csv").removeprefix("\ufeff"))))
    carrier = next(row for row in rows if int(row["claim_id"]) == reviewed.claims["carrier"])
    assert carrier["note"].startswith("'=HYPERLINK(")


def test_csv_bom_can_be_turned_off(reviewed: Reviewed) -> None:
    text = report(reviewed, "csv", ReportOptions(now=NOW, csv_bom=False))
    assert text.startswith("article_id,number,claim_id,")


# --- html ----------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects the tags and the visible text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_hostile_text_and_lists_every_claim(reviewed: Reviewed) -> None:
    page_source = report(reviewed, "html")
    page = _Page()
    page.feed(page_source)
    tag_names = [tag for tag, _ in page.tags]
    assert "script" not in tag_names
    visible = "".join(page.text)
    # The hostile source shows up as text, in its title and in its passage.
    assert visible.count("<script>alert(1)</script>") >= 2
    assert "[bold] ** stars" in visible
    for name in reviewed.claims:
        assert str(escape(claim_text(reviewed, name))) in page_source
        assert f'id="claim-{reviewed.claims[name]}"' in page_source
    hrefs = [attrs.get("href") or "" for tag, attrs in page.tags if tag == "a"]
    assert "https://www.southcom.mil/news/update-2025" in hrefs
    assert not any(href.lower().startswith("javascript") for href in hrefs)


def test_html_is_self_contained_with_status_colours_and_marked_span(reviewed: Reviewed) -> None:
    page_source = report(reviewed, "html")
    page = _Page()
    page.feed(page_source)
    assert not [tag for tag, attrs in page.tags if tag in ("link", "img", "iframe")]
    assert not [attrs for _, attrs in page.tags if "src" in attrs]
    assert "@media print" in page_source
    for status in ("verified", "disputed", "inconclusive", "unreviewed"):
        assert f"--{status}:" in page_source
        assert f'class="claim status-{status}"' in page_source
    assert "<mark>21 attacks and 80 deaths</mark>" in page_source
    visible = "".join(page.text)
    assert "suggested: contradicts" in visible
    assert "Quantities: at least 21 attacks; 82 deaths" in visible


# --- claimreview ---------------------------------------------------------------------------


def test_claimreview_objects_carry_every_required_field(reviewed: Reviewed) -> None:
    options = ReportOptions(
        now=NOW, organisation="Example Fact Check", review_url="https://factcheck.example/r/1"
    )
    reviews = json.loads(report(reviewed, "claimreview", options))
    assert isinstance(reviews, list)
    reviewed_names = ["trump_talks", "designation", "cartels", "carrier", "toll"]
    assert [review["claimReviewed"] for review in reviews] == [
        claim_text(reviewed, name) for name in article_order(reviewed) if name in reviewed_names
    ]
    expected_rating = {"Verified": 5, "Disputed": 1, "Inconclusive": 3}
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
        dt.date.fromisoformat(review["datePublished"])
        assert review["author"] == {"@type": "Organization", "name": "Example Fact Check"}
        assert re.fullmatch(r"https://factcheck\.example/r/1#claim-\d+", review["url"])
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["datePublished"] == "2025-11-17"
        assert item["appearance"]["@type"] == "CreativeWork"
        assert item["appearance"]["url"] == ARTICLE_URL
        assert item["author"]["@type"] in ("Person", "Organization")
        assert isinstance(item["author"]["name"], str)
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert all(isinstance(rating[key], int) for key in ("ratingValue", "bestRating"))
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["ratingValue"] == expected_rating[rating["alternateName"]]
    by_text = {review["claimReviewed"]: review for review in reviews}
    quote = by_text[claim_text(reviewed, "trump_talks")]
    assert quote["itemReviewed"]["author"] == {"@type": "Person", "name": "Donald Trump"}
    assert quote["reviewRating"]["alternateName"] == "Inconclusive"
    toll = by_text[claim_text(reviewed, "toll")]
    assert toll["itemReviewed"]["author"] == {"@type": "Organization", "name": "news.az"}
    assert toll["reviewRating"]["alternateName"] == "Verified"
    assert by_text[claim_text(reviewed, "carrier")]["reviewRating"]["ratingValue"] == 1


def test_claimreview_without_organisation_credits_the_reviewer_and_has_no_url(
    reviewed: Reviewed,
) -> None:
    reviews = json.loads(report(reviewed, "claimreview"))
    by_text = {review["claimReviewed"]: review for review in reviews}
    designation = by_text[claim_text(reviewed, "designation")]
    assert designation["author"] == {"@type": "Person", "name": "alice"}
    assert by_text[claim_text(reviewed, "cartels")]["author"] == {"@type": "Person", "name": "bob"}
    assert all("url" not in review for review in reviews)


# --- markdown ------------------------------------------------------------------------------


def test_markdown_matches_golden_file(reviewed: Reviewed) -> None:
    text = report(reviewed, "md", ReportOptions(now=NOW, reviewer="dana"))
    golden = GOLDEN / "report_sample.md"
    # Regenerate with UPDATE_GOLDEN=1 after reading the diff.
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_markdown_renders_hostile_text_inert(reviewed: Reviewed) -> None:
    text = report(reviewed, "md")
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    page = _Page()
    page.feed(rendered)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags
    # One heading per claim, every claim's sentence shown, the span in bold.
    assert tags.count("h3") == 7
    visible = "".join(page.text)
    for name in reviewed.claims:
        assert " ".join(claim_text(reviewed, name).split()) in visible
    assert "<script>alert(1)</script> [bold] ** stars" in visible
    assert "<strong>21 attacks and 80 deaths</strong>" in rendered
    hrefs = [attrs.get("href") or "" for tag, attrs in page.tags if tag == "a"]
    assert not any(href.lower().startswith("javascript") for href in hrefs)
    assert "Unreviewed" in visible and "not yet checked" in visible


# --- streaming and edge cases --------------------------------------------------------------


def test_claims_are_read_in_batches_without_loss_or_repeat(reviewed: Reviewed) -> None:
    engine = make_engine(reviewed.url)
    with session_for(engine) as session:
        whole = list(iter_claims(session=session, article_id=reviewed.article_id))
        paged = list(iter_claims(session=session, article_id=reviewed.article_id, batch_size=2))
    assert [claim.id for claim in paged] == [claim.id for claim in whole]
    assert paged == whole
    assert [claim.number for claim in paged] == list(range(1, 8))


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_every_format_handles_an_article_without_claims(sqlite_url: str, fmt: str) -> None:
    engine = make_engine(sqlite_url)
    with session_for(engine) as session:
        article, _ = import_article(session=session, title="Empty", text="Nothing here.", claims=[])
        assert article.id is not None
        text = render_report(
            session=session, article_id=article.id, fmt=fmt, options=ReportOptions(now=NOW)
        )
    if fmt == "json":
        document = json.loads(text)
        assert document["claims"] == [] and document["summary"]["total"] == 0
    elif fmt == "claimreview":
        assert json.loads(text) == []
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [list(CSV_COLUMNS)]
    else:
        assert "No claims were found in this article." in text


def test_a_verdict_reset_to_unreviewed_is_reported_as_unreviewed(reviewed: Reviewed) -> None:
    engine = make_engine(reviewed.url)
    with session_for(engine) as session:
        mark_claim(
            session=session,
            claim_id=reviewed.claims["cartels"],
            status="unreviewed",
            reviewer="eve",
        )
    engine.dispose()
    document = json.loads(report(reviewed, "json"))
    assert document["summary"]["unreviewed"] == 3 and document["summary"]["disputed"] == 1
    cartels = next(c for c in document["claims"] if c["id"] == reviewed.claims["cartels"])
    assert cartels["verdict"]["status"] == "unreviewed"
    assert cartels["verdict"]["reviewer"] == "eve"
    reviews = json.loads(report(reviewed, "claimreview"))
    assert claim_text(reviewed, "cartels") not in [review["claimReviewed"] for review in reviews]
    assert "**Unreviewed**: reset by eve on " in report(reviewed, "md")


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_every_format_writes_claims_as_they_are_read(
    reviewed: Reviewed, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No renderer collects the claims first: output grows between the first and last claim."""
    import claim_workbench.report.model as report_model

    out = io.StringIO()
    written_when_read: list[int] = []

    def watched_claims(**kwargs):  # the real reader, noting how much was written at each claim
        for claim in iter_claims(**kwargs):
            written_when_read.append(len(out.getvalue()))
            yield claim

    monkeypatch.setattr(report_model, "iter_claims", watched_claims)
    engine = make_engine(reviewed.url)
    with session_for(engine) as session:
        write_report(
            session=session,
            article_id=reviewed.article_id,
            fmt=fmt,
            out=out,
            options=ReportOptions(now=NOW),
        )
    engine.dispose()
    assert len(written_when_read) == 7
    assert written_when_read[-1] > written_when_read[0]
    assert len(out.getvalue()) > written_when_read[-1]


def test_every_format_on_the_sample_through_the_real_extractor_and_matcher(
    sqlite_url: str,
) -> None:
    """The whole pipeline: extracted claims, a pasted hostile source matched for real, verdicts."""
    from claim_workbench.acquisition.fetch import from_text
    from claim_workbench.review.services import import_text, store_source

    engine = make_engine(sqlite_url)
    with session_for(engine) as session:
        imported = import_text(session=session, raw=SAMPLE.read_text(encoding="utf-8"))
        article_id = imported.article.id
        assert article_id is not None
        claims = session.exec(
            select(Claim).where(Claim.article_id == article_id).order_by(col(Claim.position))
        ).all()
        assert len(claims) >= 5
        toll = next(claim for claim in claims if "82 deaths" in claim.text)
        assert toll.id is not None
        pasted = from_text(
            f"{HOSTILE}. The Pentagon said at least 21 attacks on boats had left 82 dead.",
            title=f"Pasted {HOSTILE}",
        )
        attached = store_source(
            session=session, claim_id=toll.id, document=pasted, reviewer="alice"
        )
        assert attached.evidence
        mark_claim(session=session, claim_id=toll.id, status="verified", reviewer="alice")
        assert claims[0].id is not None
        mark_claim(session=session, claim_id=claims[0].id, status="disputed", reviewer="bob")
        texts = [claim.text for claim in claims]
        ids = [claim.id for claim in claims]
        outputs = {
            fmt: render_report(
                session=session, article_id=article_id, fmt=fmt, options=ReportOptions(now=NOW)
            )
            for fmt in REPORT_FORMATS
        }
    engine.dispose()

    document = json.loads(outputs["json"])
    assert [claim["text"] for claim in document["claims"]] == texts
    toll_json = next(claim for claim in document["claims"] if claim["id"] == toll.id)
    for evidence in toll_json["evidence"]:
        assert (
            evidence["highlight"]
            == evidence["passage"][evidence["highlight_start"] : evidence["highlight_end"]]
        )
        assert evidence["source"]["origin"] == "text"
    rows = list(csv.DictReader(io.StringIO(outputs["csv"].removeprefix("\ufeff"))))
    assert [int(row["claim_id"]) for row in rows] == ids
    page = _Page()
    page.feed(outputs["html"])
    assert "script" not in [tag for tag, _ in page.tags]
    assert HOSTILE in "".join(page.text)
    for claim_id, text in zip(ids, texts, strict=True):
        assert f'id="claim-{claim_id}"' in outputs["html"]
        assert str(escape(text)) in outputs["html"]
    rendered = MarkdownIt("commonmark").enable("table").render(outputs["md"])
    assert rendered.count("<h3>") == len(texts)
    assert "<script>" not in rendered
    reviews = json.loads(outputs["claimreview"])
    assert {review["claimReviewed"] for review in reviews} == {toll.text, claims[0].text}
