"""Reading published fact-checks: the ClaimReview shapes real publishers produce, and CSV."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from claim_workbench.acquisition.claimreview import (
    FactCheckFileError,
    parse_fact_checks,
    read_fact_check_file,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "factchecks"


def by_text(path: Path) -> dict[str, object]:
    return {fc.text: fc for fc in read_fact_check_file(path).fact_checks}


def test_page_with_json_ld_script_and_claim_appearance() -> None:
    parsed = read_fact_check_file(FIXTURES / "page.html")
    assert parsed.kind == "HTML page"
    # The NewsArticle block and the broken block are passed over.
    (review,) = parsed.fact_checks
    assert review.text == "The navy said 21 boats were struck and at least 82 people died."
    assert (review.rating, review.rating_value, review.best_rating, review.worst_rating) == (
        "Mostly true",
        4.0,
        5.0,
        1.0,
    )
    assert (review.publisher, review.publisher_url) == ("Checks Desk", "https://checks.example")
    assert review.published == dt.date(2025, 11, 19)
    assert review.url == "https://checks.example/2025/11/boat-strikes-82"
    assert review.title == "Did strikes on boats kill 82 people?"
    assert (review.claimant, review.claim_date) == ("Defence Minister", dt.date(2025, 11, 17))
    assert review.appearance_url == "https://news.example/strikes"
    assert review.language == "en"


def test_array_as_the_workbench_exports_it() -> None:
    found = by_text(FIXTURES / "array.json")
    assert set(found) == {"Fishing resumed on Monday.", "The bridge toll doubled last year."}
    fishing = found["Fishing resumed on Monday."]
    assert (fishing.rating, fishing.rating_value, fishing.publisher) == (
        "Verified",
        5.0,
        "Harbour Watch",
    )
    assert fishing.appearance_url == "https://news.example/strikes"
    toll = found["The bridge toll doubled last year."]
    # itemReviewed without appearance: the claimant is still read.
    assert (toll.rating, toll.claimant, toll.appearance_url) == ("False", "A councillor", None)


def test_graph_with_ratings_as_strings_and_as_words() -> None:
    parsed = read_fact_check_file(FIXTURES / "graph.json")
    found = {fc.text: fc for fc in parsed.fact_checks}
    wage = found["The minimum wage rose by 12 percent in 2024."]
    # Numbers written as strings, no alternateName: the scale stands in for the words.
    assert (wage.rating, wage.rating_value, wage.best_rating) == ("2/5", 2.0, 5.0)
    # An older CreativeWork item: its author a plain string, its url the appearance.
    assert (wage.claimant, wage.appearance_url) == ("Finance Ministry", "https://gov.example/wage")
    assert wage.publisher == "Verify Team"  # from publisher, there being no author
    chips = found["Vaccines contain tracking microchips."]
    assert (chips.rating, chips.rating_value) == ("False", None)
    assert chips.publisher == "Verify Team"  # author given as a list
    # The ClaimReview that names no claim is counted, not imported.
    assert parsed.skipped == 1


def test_data_feed_of_many() -> None:
    found = by_text(FIXTURES / "feed.json")
    ferries = found["Ferries stopped running in October."]
    assert (ferries.rating, ferries.rating_value, ferries.worst_rating) == ("Half true", 2.5, 0.0)
    assert found["The dam holds 4 billion litres."].rating == "True"


def test_single_object_file() -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "Rents fell by half.",
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"},
        "author": "Solo Checks",
    }
    (found,) = parse_fact_checks(json.dumps(review).encode()).fact_checks
    assert (found.text, found.rating, found.publisher, found.url) == (
        "Rents fell by half.",
        "False",
        "Solo Checks",
        None,
    )


def test_csv_with_a_header_row() -> None:
    parsed = read_fact_check_file(FIXTURES / "factchecks.csv")
    assert parsed.kind == "CSV"
    first, second = parsed.fact_checks
    assert (first.rating, first.rating_value, first.best_rating, first.publisher) == (
        "Mostly true",
        4.0,
        5.0,
        "CSV Checks",
    )
    assert (first.published, first.url, first.claimant) == (
        dt.date(2025, 11, 21),
        "https://csv.example/boats",
        "Defence Minister",
    )
    assert second.claimant is None


def test_untrusted_text_is_cleaned() -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "Rents \x1b[31mfell\x07 by half.",
        "reviewRating": {"alternateName": "False\x1b[2J"},
        "url": "javascript:alert(1)",
    }
    (found,) = parse_fact_checks(json.dumps(review).encode()).fact_checks
    assert found.text == "Rents fell by half."
    assert found.rating == "False"
    assert found.url is None  # only http(s) addresses are kept


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "is empty"),
        (b"{ not json", "is not valid JSON"),
        (b'[{"@type": "NewsArticle", "headline": "x"}]', "holds no schema.org ClaimReview"),
        (b'{"@type": "ClaimReview", "reviewRating": {}}', "names the claim reviewed"),
        (b"<html><body>no data</body></html>", "without <script"),
        (b"just some words\nand more", "needs a 'claim' and a 'rating' column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON"),
    ],
)
def test_bad_input_is_one_clear_line(data: bytes, expected: str) -> None:
    with pytest.raises(FactCheckFileError) as caught:
        parse_fact_checks(data, name="checks.json")
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.json"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(FactCheckFileError, match=r"huge.json is 50 MB, more than the 32 MB"):
        read_fact_check_file(big)
