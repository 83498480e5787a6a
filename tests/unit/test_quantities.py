"""Tests for quantity extraction: values, units, qualifiers, offsets and what is left out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claim_workbench.text.quantities import (
    Quantity,
    canonical_unit,
    comparable_value,
    extract_quantities,
)


def only(text: str) -> Quantity:
    quantities = extract_quantities(text)
    assert len(quantities) == 1, quantities
    return quantities[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The ministry counted 1,200 homes destroyed.", 1200, "homes"),
        ("Officials reported eighty-two arrests overnight.", 82, "arrests"),
        ("The fund lost 2.5 million dollars last year.", 2_500_000, "USD"),
        ("The bill costs $3 billion over a decade.", 3_000_000_000, "USD"),
        ("Turnout rose to 45% in the north.", 45, "percent"),
        ("Prices climbed 12 percent in a month.", 12, "percent"),
        ("Inflation fell 3.5 per cent.", 3.5, "percent"),
        ("The gap narrowed by 2 percentage points.", 2, "percentage points"),
        ("She raised €5m from donors.", 5_000_000, "EUR"),
        ("The museum paid £700,000 for the painting.", 700_000, "GBP"),
        ("Three hundred and fifty thousand refugees crossed.", 350_000, "refugees"),
        ("They planted a million trees.", 1_000_000, "trees"),
        ("A court fined the firm two dozen times.", 24, "times"),
        ("Half a million people fled the city.", 500_000, "people"),
    ],
)
def test_values_and_units_from_digits_words_money_and_percent(
    text: str, value: float, unit: str
) -> None:
    quantity = only(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


def test_fraction_words_become_values_with_unit_fraction() -> None:
    quantity = only("Two-thirds of voters backed the measure.")
    assert quantity.value == pytest.approx(2 / 3)
    assert quantity.unit == "fraction"
    assert comparable_value(quantity) == (pytest.approx(200 / 3), "percent")
    assert only("Nearly half of the budget went unspent.").value == 0.5


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Officials said 1 in 5 posts remained vacant.", "1 in 5", 1 / 5),
        ("One in four nursing posts remains vacant.", "One in four", 1 / 4),
        ("Seven out of 10 voters backed the plan.", "Seven out of 10", 7 / 10),
        ("About 3 in every 10 children were affected.", "About 3 in every 10", 3 / 10),
    ],
)
def test_n_in_m_is_one_fraction(text: str, surface: str, value: float) -> None:
    quantity = only(text)
    assert (quantity.text, quantity.unit) == (surface, "fraction")
    assert quantity.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    ["They scored 5 in 90 minutes.", "He won 3 in 2020.", "Deaths rose to 82 in 21 attacks."],
)
def test_amounts_within_a_span_or_a_year_are_not_ratios(text: str) -> None:
    assert all(q.unit != "fraction" for q in extract_quantities(text))


def test_singular_fraction_needs_of_so_ordinals_stay_out() -> None:
    assert extract_quantities("He ran for a third time.") == []
    assert only("A third of the staff resigned.").value == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("written", "qualifier"),
    [
        ("At least", "at least"),
        ("about", "about"),
        ("around", "around"),
        ("nearly", "nearly"),
        ("more than", "more than"),
        ("over", "over"),
        ("up to", "up to"),
        ("fewer than", "fewer than"),
        ("almost", "almost"),
        ("roughly", "roughly"),
        ("approximately", "approximately"),
        ("~", "about"),
        ("an estimated", "estimated"),
    ],
)
def test_qualifier_is_read_and_included_in_the_surface(written: str, qualifier: str) -> None:
    separator = "" if written == "~" else " "
    text = f"The storm hit {written}{separator}40 villages."
    quantity = only(text)
    assert quantity.qualifier == qualifier
    assert quantity.text == f"{written}{separator}40 villages"
    assert quantity.value == 40


def test_no_qualifier_when_none_is_written() -> None:
    assert only("The storm destroyed 40 villages.").qualifier is None


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Between 20 and 30 deaths were recorded.", 20, 30, "deaths"),
        ("The survey found 20 to 30 nests.", 20, 30, "nests"),
        ("Support grew 20-30% in rural areas.", 20, 30, "percent"),
        ("Twenty to thirty ships waited.", 20, 30, "ships"),
    ],
)
def test_range_gives_low_from_and_high_to_with_shared_unit(
    text: str, low: float, high: float, unit: str
) -> None:
    first, second = extract_quantities(text)
    assert (first.value, first.qualifier, first.unit) == (low, "from", unit)
    assert (second.value, second.qualifier, second.unit) == (high, "to", unit)


def test_two_counts_joined_by_and_are_not_a_range() -> None:
    first, second = extract_quantities("The raids left 20 soldiers and 30 civilians injured.")
    assert (first.value, first.qualifier, first.unit) == (20, None, "soldiers")
    assert second.value == 30 and second.qualifier is None


@pytest.mark.parametrize(
    "text",
    [
        "The law was passed in 2025.",
        "The vote is on November 17.",
        "The vote is on 17 November.",
        "The meeting starts at 10:30 and ends at 7 p.m.",
        "It was the 21st session.",
        "Pilots flew the F-35 and caught COVID-19.",
        "Section 230 protects platforms.",
        "He flew home on Air Force One.",
        "One of the reasons is cost.",
        "No one was told.",
        "The rule applied from 2019 to 2021.",
        "A 2021 report by engineers found the flaw.",
        "It was the best player of the 2024-25 season.",
    ],
)
def test_years_dates_times_ordinals_names_and_pronouns_are_not_quantities(text: str) -> None:
    assert extract_quantities(text) == []


def test_a_four_digit_count_with_a_noun_is_kept() -> None:
    quantity = only("Police detained 2000 protesters.")
    assert (quantity.value, quantity.unit) == (2000, "protesters")


def test_casualty_participle_after_the_noun_joins_the_unit() -> None:
    quantity = only("At least eighty-two people were killed in the blast.")
    assert quantity.unit == "people killed"
    assert quantity.qualifier == "at least"
    assert quantity.text == "At least eighty-two people were killed"
    assert canonical_unit(quantity.unit) == "deaths"


def test_killing_verb_before_the_number_marks_the_unit_as_killed() -> None:
    quantity = only("The flood killed more than 300 villagers.")
    assert quantity.unit == "villagers killed"
    assert canonical_unit(quantity.unit) == "deaths"


def test_modifiers_between_number_and_noun_are_skipped() -> None:
    assert only("Police found 12 more bodies.").unit == "bodies"
    assert only("They reported 5 new cases.").unit == "cases"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("deaths", "deaths"),
        ("fatalities", "deaths"),
        ("people killed", "deaths"),
        ("dead", "deaths"),
        ("civilians died", "deaths"),
        ("attacks", "attacks"),
        ("strikes", "attacks"),
        ("airstrikes", "attacks"),
        ("percent", "percent"),
        ("%", "percent"),
        ("per cent", "percent"),
        ("people injured", "injuries"),
        ("persons", "people"),
        ("vessels", "vessel"),
        ("vessel", "vessel"),
        ("USD", "USD"),
        (None, None),
    ],
)
def test_canonical_unit_groups_synonyms(written: str | None, canonical: str | None) -> None:
    assert canonical_unit(written) == canonical


def test_offset_shifts_positions_into_the_larger_text() -> None:
    article = "Intro line.\nThe agency hired 300 inspectors."
    sentence_start = article.index("The agency")
    (quantity,) = extract_quantities(article[sentence_start:], offset=sentence_start)
    assert article[quantity.start : quantity.end] == quantity.text == "300 inspectors"


def test_several_quantities_come_in_text_order() -> None:
    text = (
        "Since May, at least 21 raids have taken place, resulting in 82 deaths and $4m in damage."
    )
    values = [(q.value, q.unit) for q in extract_quantities(text)]
    assert values == [(21, "raids"), (82, "deaths"), (4_000_000, "USD")]


@pytest.mark.parametrize(
    "text", ["", "   \n\t", "\x00\xff\x01garbage", "数字は三十です", "1" * 5000]
)
def test_odd_input_never_raises(text: str) -> None:
    for quantity in extract_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text


_pieces = st.sampled_from(
    [
        "at least ",
        "21",
        " attacks",
        "eighty-two",
        " people were killed",
        "$3 billion",
        "45%",
        " to ",
        "between ",
        " and ",
        "two-thirds of ",
        "November 17, 2025",
        " ",
        ".",
        "-",
        ",",
        "1,200",
        "half of ",
        "a dozen ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_pieces, st.text(max_size=8)), max_size=25), st.integers(0, 10_000))
def test_surface_offsets_always_index_the_text(pieces: list[str], offset: int) -> None:
    text = "".join(pieces)
    previous_end = offset
    for quantity in extract_quantities(text, offset=offset):
        assert text[quantity.start - offset : quantity.end - offset] == quantity.text
        assert quantity.start >= previous_end
        previous_end = quantity.end
