"""Acceptance of claim extraction on the sample article shipped with the package (issue 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claim_workbench.claims import ExtractedClaim, ParsedArticle, extract_claims, parse_article

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "claim_workbench"
    / "samples"
    / "caribbean-campaign-2025-11-17.txt"
)


@pytest.fixture(scope="module")
def article() -> ParsedArticle:
    return parse_article(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def claims(article: ParsedArticle) -> list[ExtractedClaim]:
    return extract_claims(article.text)


def claim_containing(claims: list[ExtractedClaim], words: str) -> ExtractedClaim:
    found = [claim for claim in claims if words in claim.text]
    assert len(found) == 1, f"{words!r} in {len(found)} claims"
    return found[0]


def test_title_and_date_come_from_the_first_line(article: ParsedArticle) -> None:
    assert article.published == dt.date(2025, 11, 17)
    assert article.title.startswith("Trump hints at possible talks with Maduro")
    assert not article.text.startswith(" date")


def test_at_least_ten_claims_with_exact_offsets(
    article: ParsedArticle, claims: list[ExtractedClaim]
) -> None:
    assert len(claims) >= 10
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.text
        for quantity in claim.quantities:
            assert article.text[quantity.start : quantity.end] == quantity.text


def test_attacks_and_deaths_claim_is_labelled_qualified_and_ranked_top_three(
    claims: list[ExtractedClaim],
) -> None:
    claim = claim_containing(claims, "82 deaths")
    assert "quantity" in claim.kinds
    attacks, deaths = claim.quantities
    assert (attacks.value, attacks.unit, attacks.qualifier) == (21, "attacks", "at least")
    assert (deaths.value, deaths.unit) == (82, "deaths")
    assert "21 attacks" in claim.label and "82 deaths" in claim.label
    ranked = sorted(claims, key=lambda item: item.check_worthiness, reverse=True)
    assert claim in ranked[:3]


def test_every_quote_is_attributed_to_trump(claims: list[ExtractedClaim]) -> None:
    quotes = [claim for claim in claims if "quote" in claim.kinds]
    assert len(quotes) >= 2
    for claim in quotes:
        assert claim.speaker is not None and "Trump" in claim.speaker
        assert claim.label.startswith("Trump: ")
    said = {claim.quote for claim in quotes}
    assert any(quote and quote.startswith("We may be having some discussions") for quote in said)
    assert any(quote and quote.startswith("It allows us to do that") for quote in said)


def test_designation_superlative_temporal_and_event_claims(claims: list[ExtractedClaim]) -> None:
    assert "designation" in claim_containing(claims, "Foreign Terrorist Organization").kinds
    assert "superlative" in claim_containing(claims, "largest aircraft carrier").kinds
    assert "temporal" in claim_containing(claims, "by late October").kinds
    assert "event" in claim_containing(claims, "submarines").kinds
