"""Per-quantity agreement (evidence.agreement): verdicts, event vs total, running totals, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from claim_workbench.evidence.agreement import (
    AGREE,
    APPROXIMATE,
    DIFFERS,
    EARLIER_FIGURE,
    LATER_FIGURE,
    NOT_COMPARABLE,
    NOT_MENTIONED,
    QuantityCheck,
    check_quantities,
    checks_from_json,
    describe_checks,
    figure_date,
    overall_agreement,
    timing_text,
)
from claim_workbench.text.quantities import extract_quantities

CAMPAIGN = (
    "Since the start of the operation, at least 21 attacks have been carried out, "
    "resulting in 82 deaths."
)
ARTICLE_DATE = dt.date(2025, 11, 17)


def checks(
    passage: str, claim: str = CAMPAIGN, *, source_date: dt.date | None = None
) -> list[QuantityCheck]:
    return check_quantities(
        extract_quantities(claim),
        passage,
        claim_text=claim,
        claim_date=ARTICLE_DATE,
        source_date=source_date,
    )


def verdicts(passage: str, claim: str = CAMPAIGN, **kwargs: dt.date) -> list[str]:
    return [check.verdict for check in checks(passage, claim, **kwargs)]


def test_each_claim_quantity_gets_its_own_verdict_and_passage_figure() -> None:
    found = checks("US strikes have killed 83 people in 21 attacks, officials said.")
    assert [(c.claim, c.verdict) for c in found] == [
        ("at least 21 attacks", AGREE),
        ("82 deaths", DIFFERS),
    ]
    passage = "US strikes have killed 83 people in 21 attacks, officials said."
    differing = found[1]
    assert passage[differing.passage_start : differing.passage_end].startswith("83")
    assert differing.passage == "83"
    assert "83" in differing.reason and "82" in differing.reason
    assert overall_agreement(found) == "conflict"
    assert describe_checks(found) == "at least 21 attacks ✓ · 82 deaths → 83 ✗"


def test_a_hedged_passage_figure_is_approximate_and_says_why() -> None:
    (deaths,) = checks("About 80 people have been killed so far.", "82 deaths")
    assert deaths.verdict == APPROXIMATE
    assert deaths.reason == "“About 80 people have been killed” allows 72–88"
    assert describe_checks([deaths]) == "82 deaths ≈ About 80"
    assert overall_agreement([deaths]) == "agree"
    (more,) = checks("More than 80 people were killed.", "82 deaths")
    assert more.verdict == APPROXIMATE and "or more" in more.reason


def test_the_claims_own_hedge_makes_a_larger_figure_agree() -> None:
    (attacks,) = checks("There were 25 strikes.", "at least 21 attacks")
    assert attacks.verdict == AGREE
    assert "claim's own hedge" in attacks.reason


def test_a_figure_missing_from_the_passage_is_not_mentioned() -> None:
    found = checks("Officials said 82 people had been killed.")
    assert [c.verdict for c in found] == [NOT_MENTIONED, AGREE]
    assert found[0].passage is None
    assert overall_agreement(found) == "agree"


@pytest.mark.parametrize(
    "passage",
    [
        "A single strike on Tuesday killed 11 people aboard a boat.",
        "One attack on a fishing boat killed 11 people.",
        "Tuesday's raid killed 11 people.",
        "The blast killed 11 people.",
    ],
)
def test_one_events_toll_is_not_comparable_with_the_campaign_total(passage: str) -> None:
    found = checks(passage)
    assert found[1].verdict == NOT_COMPARABLE
    assert "one event" in found[1].reason
    assert overall_agreement(found) == "none"


def test_an_events_toll_beside_the_new_total_compares_the_total() -> None:
    found = checks("Tuesday's strike killed 11 people, bringing the toll to 82.")
    assert found[1].verdict == AGREE and found[1].passage == "82"


def test_a_campaign_figure_against_a_total_in_plural_strikes_still_conflicts() -> None:
    assert verdicts("US strikes on boats have killed 90 people.") == [NOT_MENTIONED, DIFFERS]


def test_a_larger_running_total_published_later_is_a_later_figure() -> None:
    passage = (
        "Since it began in September, the military has carried out at least 42 strikes, "
        "killing 144 people so far."
    )
    later = verdicts(passage, source_date=dt.date(2026, 2, 17))
    assert later == [LATER_FIGURE, LATER_FIGURE]
    found = checks(passage, source_date=dt.date(2026, 2, 17))
    assert overall_agreement(found) == "update"
    assert "92 days after" in found[1].reason
    # The same page with no date, or dated the article's day, is a plain difference.
    assert verdicts(passage) == [DIFFERS, DIFFERS]
    assert verdicts(passage, source_date=ARTICLE_DATE) == [DIFFERS, DIFFERS]


def test_a_running_total_does_not_shrink() -> None:
    passage = "So far 70 people have been killed in the strikes."
    # Published after the article with a smaller total: that is a real difference.
    assert verdicts(passage, "82 deaths", source_date=dt.date(2025, 12, 1)) == [DIFFERS]
    # Published before it with a smaller one: an earlier count.
    assert verdicts(passage, "82 deaths", source_date=dt.date(2025, 11, 1)) == [EARLIER_FIGURE]
    # Published before it with a larger one: a difference.
    larger = "So far 83 people have been killed in the strikes."
    assert verdicts(larger, "82 deaths", source_date=dt.date(2025, 11, 16)) == [DIFFERS]


def test_a_difference_without_running_total_words_stays_a_difference_whatever_the_date() -> None:
    passage = "The storm killed 90 people."
    assert verdicts(passage, "The storm killed 82 people", source_date=dt.date(2026, 1, 1)) == [
        DIFFERS
    ]


def test_an_as_of_phrase_dates_the_figure() -> None:
    published = dt.date(2025, 11, 20)  # a Thursday
    assert figure_date("The toll stood at 90 as of Friday.", published) == dt.date(2025, 11, 14)
    assert figure_date("As of 16 November, 83 had died.", published) == dt.date(2025, 11, 16)
    assert figure_date("By November 18 the toll rose to 85.", published) == dt.date(2025, 11, 18)
    assert figure_date("No date here.", published) == published
    assert figure_date("as of Friday", None) is None
    # Published after the article, but counted before it and smaller: an earlier figure.
    passage = "As of November 10, the death toll stood at 70."
    assert verdicts(passage, "82 deaths", source_date=dt.date(2025, 11, 20)) == [EARLIER_FIGURE]


def test_timing_text() -> None:
    assert timing_text(ARTICLE_DATE, dt.date(2026, 2, 17)) == "published 92 days after the article"
    assert timing_text(ARTICLE_DATE, dt.date(2025, 11, 16)) == "published 1 day before the article"
    assert timing_text(ARTICLE_DATE, ARTICLE_DATE) == "published the same day as the article"
    assert timing_text(None, ARTICLE_DATE) == ""


def test_checks_round_trip_through_json_and_tolerate_old_or_odd_rows() -> None:
    found = checks("US strikes have killed 83 people in 21 attacks.")
    assert checks_from_json([check.as_dict() for check in found]) == found
    assert checks_from_json(None) == []
    assert checks_from_json("nonsense") == []
    (partial,) = checks_from_json([{"claim": "82 deaths", "verdict": "differs"}])
    assert partial.passage is None and partial.verdict == DIFFERS
    assert describe_checks([partial]) == "82 deaths: ✗"


def test_claims_without_units_have_no_checks() -> None:
    assert checks("Prices rose in 2024.", "Prices rose.") == []
    assert describe_checks([]) == ""


# --- another figure is a difference only when it measures the same thing ----------------------


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        # A month in common is not a measure in common.
        (
            "Unemployment rose to 5.4% in October.",
            "Inflation eased to 3.1% in October, the statistics office said.",
            NOT_COMPARABLE,
        ),
        # Nor are the verbs of a movement and the word "rate".
        (
            "The unemployment rate rose to 5.4% last year.",
            "The inflation rate rose to 3.1% last year.",
            NOT_COMPARABLE,
        ),
        # Words news uses for one measure meet.
        ("Unemployment rose to 5.4% in October.", "The jobless rate climbed to 5.4%.", AGREE),
        ("Shares fell 8% on Monday.", "The stock closed down 8 percent.", AGREE),
        # The same measure, few words around it: still a difference.
        ("Unemployment fell to 3.5% in May.", "Unemployment was 3.6 percent.", DIFFERS),
        # A counted noun is part of what is measured.
        (
            "The storm left 3,000 homes without power.",
            "About 40,000 homes lost power.",
            DIFFERS,
        ),
        # One word in common (the spender) is half of the words round a budget: too little to
        # call a whole seventeen times the part a difference ...
        (
            "The council spent $2.3m on the Elm Street bridge.",
            "The council's total budget for the year was $40m.",
            NOT_COMPARABLE,
        ),
        # ... but enough for figures of one size.
        (
            "Current CO2 levels are the highest in 15 million years.",
            "The present concentration is the highest for 14 million years.",
            DIFFERS,
        ),
        ("The council spent $2.3m on the bridge.", "The council spent $2.5m.", DIFFERS),
    ],
)
def test_another_figure_differs_only_for_the_same_measure(
    claim: str, passage: str, expected: str
) -> None:
    (check,) = checks(passage, claim)
    assert check.verdict == expected, check
    if expected == NOT_COMPARABLE:
        assert "measure something else" in check.reason
        assert check.passage is not None  # the other figure is still shown


def test_a_passage_figure_that_agrees_with_one_claim_figure_is_no_evidence_against_another() -> (
    None
):
    claim = "Inflation eased to 3.1% in November from 3.4% in October."
    found = checks("Consumer price inflation eased to 3.1% in November.", claim)
    assert [(c.claim, c.verdict) for c in found] == [("3.1%", AGREE), ("3.4%", NOT_MENTIONED)]
    # A figure of its own for the earlier value is still read against it.
    found = checks("Inflation was 3.1% in November, down from 3.6% in October.", claim)
    assert [(c.claim, c.verdict) for c in found] == [("3.1%", AGREE), ("3.4%", DIFFERS)]


def test_a_short_counted_noun_names_the_measure() -> None:
    claim = "The office's figures showed that manufacturers cut 12,000 jobs over the month."
    (check,) = checks(
        "Manufacturing employment fell by 11,500 jobs, the largest monthly drop since 2020.", claim
    )
    assert (check.verdict, check.passage) == (DIFFERS, "11,500")
