"""Quantity forms from news that the reader used to lose or misread (issue 17), one class each.

Each class is tested on several forms, not only the example in the issue: ranges between
unlike amounts, negative values, mixed number words, currency codes and prefixed dollars,
fractions, glued scales, comparatives before and after the number, vague amounts, and numbers
written as words or compounds ("a trillion-dollar deficit").
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claim_workbench.claims import extract_claims
from claim_workbench.evidence.matching import number_agreement
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


def reading(text: str) -> list[tuple[float, str | None, str | None]]:
    return [(q.value, q.unit, q.qualifier) for q in extract_quantities(text)]


def agreement(claim: str, passage: str) -> str:
    return number_agreement(extract_quantities(claim), passage, claim_text=claim)


# --- Ranges only between like amounts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares fell 8% to $12.50.", [(8, "percent", None), (12.5, "USD", None)]),
        ("The index rose 1.2% to 7,500 points.", [(1.2, "percent", None), (7500, "points", None)]),
        ("Sales fell 30% to €12 million.", [(30, "percent", None), (12e6, "EUR", None)]),
        ("The fee went from $20 to €25.", [(20, "USD", None), (25, "EUR", None)]),
    ],
)
def test_a_percent_and_a_later_amount_of_something_else_are_two_quantities(
    text: str, expected: list[tuple[float, str, None]]
) -> None:
    assert reading(text) == expected


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Prices ranged from $20 to $30.", 20, 30, "USD"),
        ("Support was 20% to 30% in the north.", 20, 30, "percent"),
        ("Support grew 20-30% in rural areas.", 20, 30, "percent"),
        ("It will cost $20-30 million.", 20e6, 30e6, "USD"),
        ("Between 2 and 3 million people left.", 2e6, 3e6, "people"),
        ("Volcanoes emit between 0.2 and 0.3 billion tons.", 0.2e9, 0.3e9, "tons"),
        ("Twenty to thirty thousand ships waited.", 20_000, 30_000, "ships"),
        ("The aid is worth €3 to 4.5 billion annually.", 3e9, 4.5e9, "EUR"),
        ("Lows of -5 to 10 °C are expected.", -5, 10, "°C"),
    ],
)
def test_like_amounts_still_make_a_range_and_share_a_scale_written_once(
    text: str, low: float, high: float, unit: str
) -> None:
    first, second = extract_quantities(text)
    assert (first.value, first.qualifier, first.unit) == (pytest.approx(low), "from", unit)
    assert (second.value, second.qualifier, second.unit) == (pytest.approx(high), "to", unit)


def test_a_low_end_with_its_own_magnitude_keeps_it() -> None:
    first, second = extract_quantities("The town grew from 900 to 1.2 million residents.")
    assert (first.value, second.value) == (900, 1_200_000)


# --- Negative values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "surface"),
    [
        ("It was -18 °C at dawn.", -18, "°C", "-18 °C"),
        ("It was \u221218 °C at dawn.", -18, "°C", "\u221218 °C"),
        ("Temperatures of -18C were recorded.", -18, "°C", "-18C"),
        ("Growth was -0.4% in May.", -0.4, "percent", "-0.4%"),
        ("Output fell minus five percent.", -5, "percent", "minus five percent"),
        ("Output fell minus 5 percent.", -5, "percent", "minus 5 percent"),
        ("Returns were negative 2% last year.", -2, "percent", "negative 2%"),
        ("The fund posted -$5m in the quarter.", -5e6, "USD", "-$5m"),
        ("The reading (-12.3 degrees) was low.", -12.3, "degrees", "-12.3 degrees"),
    ],
)
def test_minus_signs_and_words_make_a_negative_value(
    text: str, value: float, unit: str, surface: str
) -> None:
    quantity = only(text)
    assert quantity.value == pytest.approx(value)
    assert (quantity.unit, quantity.text) == (unit, surface)
    assert text[quantity.start : quantity.end] == quantity.text


def test_a_qualifier_before_a_negative_number_is_kept() -> None:
    quantity = only("Nights fell below minus 20 degrees.")
    assert (quantity.value, quantity.qualifier) == (-20, "below")
    assert quantity.text == "below minus 20 degrees"


@pytest.mark.parametrize(
    "text",
    [
        "Support grew 20-30% in rural areas.",
        "The score was 20 -30 at half time.",
        "The poll has a margin of plus or minus 3 percentage points.",
        "It was the best player of the 2024-25 season, aged 25.",
        "Pilots flew the F-35 and caught COVID-19 in 30 days.",
        "They saw a positive effect, not a negative one, in 30 towns.",
    ],
)
def test_hyphens_between_numbers_and_margins_are_not_negative(text: str) -> None:
    assert all(quantity.value >= 0 for quantity in extract_quantities(text))


def test_negative_numbers_agree_and_conflict_by_sign() -> None:
    claim = "Temperatures fell to -18 °C overnight in the valley."
    assert agreement(claim, "In the valley temperatures fell to \u221218 °C overnight.") == "agree"
    assert agreement(claim, "In the valley temperatures fell to 18 °C overnight.") == "conflict"


# --- Mixed number words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("One and a half million people fled.", 1_500_000, "people"),
        ("It cost two and a half million dollars.", 2_500_000, "USD"),
        ("Half a million people fled.", 500_000, "people"),
        ("About half a billion dollars was lost.", 500_000_000, "USD"),
        ("A million and a half dollars was raised.", 1_500_000, "USD"),
        ("The talks took three and a quarter hours.", 3.25, "hours"),
        ("He served seven-and-a-half years.", 7.5, "years"),
        ("After 2 and a half years the case closed.", 2.5, "years"),
        ("Twenty-one and a half thousand tickets sold.", 21_500, "tickets"),
    ],
)
def test_a_whole_and_a_half_or_quarter_is_one_number(text: str, value: float, unit: str) -> None:
    quantity = only(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


# --- Currency codes and prefixed dollars -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The deal was worth USD 22.5 million.", 22_500_000, "USD"),
        ("Tickets cost EUR 125 each.", 125, "EUR"),
        ("Tickets cost 125 EUR each.", 125, "EUR"),
        ("It raised GBP 3bn from investors.", 3e9, "GBP"),
        ("A coffee costs CHF 4.50 there.", 4.5, "CHF"),
        ("The price is AUD 40 per tonne.", 40, "AUD"),
        ("The fine was 22.5 million USD.", 22_500_000, "USD"),
        ("It paid USD22.5m up front.", 22_500_000, "USD"),
        ("The loan was 100 DKK.", 100, "DKK"),
    ],
)
def test_currency_codes_before_or_after_the_number_are_kept(
    text: str, value: float, unit: str
) -> None:
    quantity = only(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("C$", "CAD"),
        ("CA$", "CAD"),
        ("HK$", "HKD"),
        ("A$", "AUD"),
        ("AU$", "AUD"),
        ("NZ$", "NZD"),
        ("MX$", "MXN"),
        ("S$", "SGD"),
        ("R$", "BRL"),
        ("US$", "USD"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("₹", "INR"),
    ],
)
def test_prefixed_dollars_and_currency_signs_become_iso_codes(written: str, code: str) -> None:
    for text in (f"The state paid {written}40 million.", f"The state paid {written} 40 million."):
        quantity = only(text)
        assert (quantity.value, quantity.unit) == (40_000_000, code)
        assert quantity.text == f"{written}40 million" or quantity.text == f"{written} 40 million"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("It cost 40 million Canadian dollars.", "CAD"),
        ("It cost 40 million Australian dollars.", "AUD"),
        ("It cost 40 million Hong Kong dollars.", "HKD"),
        ("It cost 40 million New Zealand dollars.", "NZD"),
        ("It cost 40 million Mexican pesos.", "MXN"),
        ("It cost 40 million Swiss francs.", "CHF"),
        ("It cost 40 million US dollars.", "USD"),
        ("It cost 40 million dollars.", "USD"),
        ("It cost 40 million euros.", "EUR"),
        ("It cost 40 million pounds sterling.", "GBP"),
    ],
)
def test_currency_words_with_their_nationality_become_iso_codes(text: str, code: str) -> None:
    assert reading(text) == [(40_000_000, code, None)]


def test_words_that_are_money_only_with_a_nationality_stay_nouns() -> None:
    assert reading("She bought 5 pounds of flour.") == [(5, "pounds", None)]


@pytest.mark.parametrize(
    "text",
    ["Delegates met at COP28 in Dubai.", "Delegates met at COP 28 in Dubai.", "It runs PHP 8."],
)
def test_capitals_that_only_look_like_currency_codes_are_not_money(text: str) -> None:
    assert all(q.unit not in {"COP", "PHP"} for q in extract_quantities(text))


def test_currency_codes_are_canonical_and_compare_only_with_the_same_currency() -> None:
    assert canonical_unit("CAD") == "CAD" and canonical_unit("HKD") == "HKD"
    claim = "The province spent C$40 million on the bridge."
    assert agreement(claim, "The bridge cost the province CAD 40 million.") == "agree"
    assert agreement(claim, "The bridge cost the province 40 million Canadian dollars.") == "agree"
    assert agreement(claim, "The bridge cost the province US$40 million.") == "none"


# --- Fractions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("They walked 10 1/2 miles.", 10.5, "miles"),
        ("They walked 10½ miles.", 10.5, "miles"),
        ("They walked 2 3/4 miles.", 2.75, "miles"),
        ("They walked ½ mile.", 0.5, "mile"),
        ("Some 3/4 of voters agreed.", 0.75, "fraction"),
        ("Only 1/3 of the staff stayed.", 1 / 3, "fraction"),
        ("About 7/8 of the budget went unspent.", 7 / 8, "fraction"),
        ("Nearly ⅔ of the seats were empty.", 2 / 3, "fraction"),
        ("Prices rose 2½% in a year.", 2.5, "percent"),
    ],
)
def test_digit_and_vulgar_fractions_are_read(text: str, value: float, unit: str) -> None:
    quantity = only(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


def test_a_digit_fraction_compares_with_a_percentage() -> None:
    assert comparable_value(only("Some 3/4 of voters agreed.")) == (75, "percent")


@pytest.mark.parametrize(
    "text",
    [
        "After 9/11 the rules changed.",
        "The shop is open 24/7.",
        "The vote is on 3/4/2025.",
        "Critics rated it 10/10.",
    ],
)
def test_dates_and_scores_with_slashes_are_not_fractions(text: str) -> None:
    assert all(q.unit != "fraction" and q.value >= 1 for q in extract_quantities(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Spending per patient has fallen by a fifth since 2019.", 0.2),
        ("Fares rose by a quarter.", 0.25),
        ("The council cut the budget by one third in 2020.", 1 / 3),
    ],
)
def test_a_singular_fraction_after_by_is_a_change(text: str, value: float) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.unit) == (pytest.approx(value), "fraction")


@pytest.mark.parametrize(
    "text",
    ["The case was settled by a third party.", "He won by a fifth year running.", "A third time."],
)
def test_an_ordinal_after_by_that_is_not_a_share_is_no_fraction(text: str) -> None:
    assert all(q.unit != "fraction" for q in extract_quantities(text))


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Former mayor jailed for six years over $4.2m housing fraud", None),
        ("The row over $2bn in unpaid fees goes on.", None),
        ("Talks over 40% tariffs stalled.", None),
        ("Police arrested over 300 people.", "over"),
        ("The appeal raised over $5m.", "over"),
        ("He was sued, and lost over $5m.", "over"),
    ],
)
def test_over_after_a_dispute_or_a_punishment_is_no_qualifier(
    text: str, qualifier: str | None
) -> None:
    assert extract_quantities(text)[-1].qualifier == qualifier


# --- Glued scales and units ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The app has 1.2bn users.", 1.2e9, "users"),
        ("The account has 10k followers.", 10_000, "followers"),
        ("She earns 10K a year.", 10_000, None),
        ("She raised $5m from donors.", 5e6, "USD"),
        ("She raised €3bn from donors.", 3e9, "EUR"),
        ("She raised £2.5M from donors.", 2.5e6, "GBP"),
        ("The field holds 5 mln barrels.", 5e6, "barrels"),
        ("The debt is $1.5tn.", 1.5e12, "USD"),
        ("The plan created 2.3m jobs.", 2.3e6, "jobs"),
        ("The platform counts 5M users.", 5e6, "users"),
        ("He won the 100m sprint.", 100, "m"),
        ("He won the 400m hurdles.", 400, "m"),
        ("The zone covers 10km.", 10, "km"),
        ("The parcel weighs 5kg.", 5, "kg"),
    ],
)
def test_glued_scales_and_measures_are_read(text: str, value: float, unit: str | None) -> None:
    quantity = only(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "3M said profits were up.",
        "They bought a 4K TV.",
        "The 5G network opened.",
        "It was the 21st session.",
        "It began in the 1990s.",
        "We meet at 5pm.",
    ],
)
def test_names_ordinals_decades_and_times_glued_to_letters_are_not_quantities(text: str) -> None:
    assert extract_quantities(text) == []


# --- Comparatives as qualifiers --------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "above",
        "below",
        "exceeding",
        "greater than",
        "higher than",
        "lower than",
        "well above",
        "just below",
        "a maximum of",
        "a minimum of",
        "not more than",
    ],
)
def test_comparatives_before_the_number_are_qualifiers(written: str) -> None:
    quantity = only(f"The storm hit {written} 40 villages.")
    assert quantity.qualifier == written
    assert quantity.text == f"{written} 40 villages"


@pytest.mark.parametrize(
    ("text", "qualifier", "surface"),
    [
        ("The blast killed 50 or more people.", "or more", "50 or more people"),
        ("The blast killed 50 people or more.", "or more", "50 people or more"),
        ("The blast killed 50 or greater people.", "or more", "50 or greater people"),
        ("Those aged 65 and over were exempt.", "or more", "65 and over"),
        ("The blast injured 50+ people.", "or more", "50+ people"),
        ("The town has 40-plus schools.", "or more", "40-plus schools"),
        ("Only 10 or fewer seats remain.", "or fewer", "Only 10 or fewer seats"),
        ("Tickets are limited to 4 or fewer.", "or fewer", "4 or fewer"),
        ("Homes worth $250,000 or less are exempt.", "or less", "$250,000 or less"),
        ("Turnout was 5% or more.", "or more", "5% or more"),
        ("About 20 or so people came.", "about", "About 20 or so people"),
        ("Some 20 or so people came.", "some", "Some 20 or so people"),
        ("They found 20 or so people.", "or so", "20 or so people"),
    ],
)
def test_comparatives_after_the_number_are_qualifiers(
    text: str, qualifier: str, surface: str
) -> None:
    quantity = only(text)
    assert (quantity.qualifier, quantity.text) == (qualifier, surface)


@pytest.mark.parametrize(
    "text", ["They asked for 5 or more than 6 seats.", "The total is (1+r) squared, 20 times."]
)
def test_or_more_than_and_a_plus_in_a_formula_are_not_trailing_qualifiers(text: str) -> None:
    assert all(q.qualifier != "or more" for q in extract_quantities(text))


def test_comparative_qualifiers_bound_number_agreement() -> None:
    claim = "Attacks on the port exceeded 40 attacks this year."
    assert agreement("Exceeding 40 attacks hit the port.", "The port saw 41 attacks.") == "agree"
    assert agreement("Exceeding 40 attacks hit the port.", "The port saw 39 attacks.") == "conflict"
    assert agreement(claim, "The port saw 40 attacks.") == "conflict"
    assert agreement("The blast killed 50 or more people.", "It killed 50 people.") == "agree"
    assert agreement("The blast killed 50 or more people.", "It killed 49 people.") == "conflict"
    assert agreement("The flood killed 20 or fewer people.", "It killed 21 people.") == "conflict"


# --- Vague amounts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("Several hundred people marched.", 100, "several", "people"),
        ("Police met a few thousand protesters.", 1000, "a few", "protesters"),
        ("The firm lost several million dollars.", 1e6, "several", "USD"),
        ("Several dozen boats sank.", 12, "several", "boats"),
        ("A few hundred thousand homes lost power.", 100_000, "a few", "homes"),
    ],
)
def test_a_vague_amount_keeps_its_scale_with_a_vague_qualifier(
    text: str, value: float, qualifier: str, unit: str
) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.qualifier, quantity.unit) == (value, qualifier, unit)
    assert quantity.is_vague
    assert quantity.text.lower().startswith(qualifier)


def test_a_couple_of_hundred_is_about_two_hundred_and_not_vague() -> None:
    quantity = only("A couple of hundred fans waited.")
    assert (quantity.value, quantity.qualifier, quantity.is_vague) == (200, "about", False)


def test_vagueness_survives_a_quantity_rebuilt_from_stored_fields() -> None:
    stored = only("Several hundred people marched.")
    rebuilt = Quantity(stored.value, stored.unit, stored.qualifier, stored.text, 0, 1)
    assert rebuilt.is_vague and not only("300 people marched.").is_vague


def test_a_vague_amount_agrees_with_a_few_times_its_scale_only() -> None:
    claim = "Several hundred protesters gathered in the square."
    assert agreement(claim, "About 300 protesters gathered in the square.") == "agree"
    assert agreement(claim, "Some 900 protesters gathered in the square.") == "agree"
    assert agreement(claim, "Only 90 protesters gathered in the square.") == "conflict"
    assert agreement(claim, "Some 1,500 protesters gathered in the square.") == "conflict"


def test_a_vague_amount_is_labelled_as_written_on_its_claim() -> None:
    (claim,) = extract_claims("Police said several hundred people were arrested overnight.")
    assert "quantity" in claim.kinds
    # Reported speech: who said it, then the amount as written ("Police: several hundred ...").
    assert claim.label == "Police: several hundred people were arrested"


# --- Numbers written as words or compounds ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("It left more than a trillion-dollar deficit.", 1e12, "USD", "more than"),
        ("They signed a billion-dollar deal.", 1e9, "USD", None),
        ("It costs two trillion dollars.", 2e12, "USD", None),
        ("The debt hit one trillion dollars.", 1e12, "USD", None),
        ("The debt hit three trillion four hundred billion dollars.", 3.4e12, "USD", None),
        ("He found a ten-dollar bill.", 10, "USD", None),
        ("Prices rose by a 10-percent margin.", 10, "percent", None),
    ],
)
def test_numbers_as_words_and_compounds_are_quantities(
    text: str, value: float, unit: str, qualifier: str | None
) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.unit, quantity.qualifier) == (
        pytest.approx(value),
        unit,
        qualifier,
    )


def test_a_claim_about_a_trillion_dollar_deficit_has_its_quantity() -> None:
    (claim,) = extract_claims("The plan would leave more than a trillion-dollar deficit by 2030.")
    assert "quantity" in claim.kinds
    (quantity,) = claim.quantities
    assert (quantity.value, quantity.unit, quantity.qualifier) == (1e12, "USD", "more than")


# --- Temperatures and spacing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Highs of 30C are forecast.", 30, "°C"),
        ("Highs of 30 °C are forecast.", 30, "°C"),
        ("Highs of 86°F are forecast.", 86, "°F"),
        ("Highs of 40 degrees Celsius are forecast.", 40, "°C"),
        ("Highs of 100 degrees Fahrenheit are forecast.", 100, "°F"),
    ],
)
def test_temperatures_have_a_degree_unit(text: str, value: float, unit: str) -> None:
    assert reading(text) == [(value, unit, None)]


def test_no_break_spaces_read_as_spaces_and_the_surface_stays_as_written() -> None:
    text = "The storm cut power to 5\u00a0million homes at \u221218\u00a0°C."
    first, second = extract_quantities(text)
    assert (first.value, first.unit, first.text) == (5e6, "homes", "5\u00a0million homes")
    assert (second.value, second.unit) == (-18, "°C")
    for quantity in (first, second):
        assert text[quantity.start : quantity.end] == quantity.text


_pieces = st.sampled_from(
    [
        "-",
        "\u2212",
        "minus ",
        "negative ",
        "C$",
        "HK$",
        "USD ",
        " EUR",
        "1/2",
        " 3/4",
        "½",
        "10",
        "1.2bn",
        "5m",
        " or more",
        "+",
        "-plus",
        "several hundred ",
        "a few ",
        "one and a half ",
        "million",
        "trillion-dollar",
        " °C",
        "\u00a0",
        " to ",
        "%",
        " people",
        "above ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_pieces, st.text(max_size=6)), max_size=25), st.integers(0, 10_000))
def test_surface_offsets_index_the_text_with_the_new_forms(pieces: list[str], offset: int) -> None:
    text = "".join(pieces)
    previous_end = offset
    for quantity in extract_quantities(text, offset=offset):
        assert text[quantity.start - offset : quantity.end - offset] == quantity.text
        assert quantity.start >= previous_end
        previous_end = quantity.end


def test_a_qualifier_word_after_an_amount_is_not_its_unit() -> None:
    # Found by the property test above: "above" was taken as the unit of "several hundred"
    # and again as the qualifier of "1/2", so the two quantities overlapped.
    first, second = extract_quantities("several hundred above 1/2")
    assert first.text == "several hundred"
    assert first.unit is None
    assert (second.qualifier, second.text) == ("above", "above 1/2")


@pytest.mark.parametrize(
    "text",
    [
        "roughly double the cost of the 2019 floods",
        "ahead of their 2024 elections",
        "as in the 1996 strikes",
    ],
)
def test_a_year_before_a_plural_noun_is_not_a_count(text: str) -> None:
    # "roughly double" is a ratio of its own; the year is what must stay out
    assert [q for q in extract_quantities(text) if q.unit != "times"] == []


def test_a_count_written_with_a_comma_after_the_is_still_a_count() -> None:
    (quantity,) = extract_quantities("the 2,019 delegates voted")
    assert (quantity.value, quantity.unit) == (2019, "delegates")


def test_a_toll_in_the_pluperfect_counts_the_same_as_in_the_past() -> None:
    # "three people had died" and "three people died" are one count: agreement compares them.
    (claim,) = extract_quantities("At least three people died, police said.")
    (source,) = extract_quantities("Police confirmed that three people had died.")
    assert canonical_unit(claim.unit) == canonical_unit(source.unit)
    assert number_agreement([claim], "Police confirmed that three people had died.") == "agree"


@pytest.mark.parametrize(
    ("text", "written", "unit"),
    [
        ("throughput at 40 European ports.", "40 European ports", "ports"),
        ("in 30 US states", "30 US states", "states"),
        ("killed 3 Venezuelan fishermen", "3 Venezuelan fishermen", "fishermen killed"),
        ("said 12 Democrats voted", "12 Democrats", "democrats"),
        ("as 10 Japanese said", "10 Japanese", "japanese"),
        ("over a million British working days", "over a million British", "british"),
    ],
)
def test_a_nationality_or_abbreviation_before_a_noun_describes_it(
    text: str, written: str, unit: str
) -> None:
    (quantity,) = extract_quantities(text)
    assert (quantity.text, quantity.unit) == (written, unit)


@pytest.mark.parametrize(
    ("text", "written", "unit"),
    [
        ("in three coastal towns had", "three coastal towns", "towns"),
        ("building 29 massive bridges", "29 massive bridges", "bridges"),
        ("produce 40,000 cubic metres of water", "40,000 cubic metres", "cubic metres"),
        ("an area of 3 square miles", "3 square miles", "square miles"),
        # a singular noun before a plural one describes it; a measure does not
        ("scored in 34 league games last season", "34 league games", "games"),
        ("three police cars were damaged", "three police cars", "cars"),
        ("banned 40 tonne trucks", "40 tonne", "tonne"),
        ("one person dies every hour", "one person", "person"),
    ],
)
def test_an_adjective_before_the_noun_is_not_the_unit(text: str, written: str, unit: str) -> None:
    (quantity,) = extract_quantities(text)
    assert (quantity.text, quantity.unit) == (written, unit)


# --- Forms the public quantulum3 suite showed were lost (bench/quantities_public.py) ----------


@pytest.mark.parametrize(
    ("text", "value", "unit", "written"),
    [
        ("The minimum wage rises to $15/hour in May.", 15.0, "USD", "$15/hour"),
        ("Brent crude hit $100/barrel on Monday.", 100.0, "USD", "$100/barrel"),
        ("Power sold at $14,200/MWh at the peak.", 14200.0, "USD", "$14,200/MWh"),
        ("Rents reached £1,200/month in the city.", 1200.0, "GBP", "£1,200/month"),
        ("The limit is 50km/h near schools.", 50.0, "km/h", "50km/h"),
    ],
)
def test_an_amount_per_unit_after_a_slash_is_read(
    text: str, value: float, unit: str, written: str
) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.unit, quantity.text) == (value, unit, written)


@pytest.mark.parametrize("text", ["The clinic is open 24/7.", "It happened on 3/4/2025.", "9/11"])
def test_a_slash_that_is_not_a_rate_still_reads_no_amount(text: str) -> None:
    assert extract_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a 10- to 15-minute walk", [(10.0, "minute", "from"), (15.0, "minute", "to")]),
        ("Doses were between 44 mg and 50 mg.", [(44.0, "mg", "from"), (50.0, "mg", "to")]),
        ("from 280 ppm to 415 ppm", [(280.0, "ppm", "from"), (415.0, "ppm", "to")]),
        # Unlike units, or a fall, stay two amounts.
        ("from 20 attacks to 30 deaths", [(20.0, "attacks", None), (30.0, "deaths", None)]),
        ("from 35 ppm to 15 ppm", [(35.0, "ppm", None), (15.0, "ppm", None)]),
    ],
)
def test_a_range_with_its_unit_written_at_both_ends_or_suspended(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected


def test_thousands_grouped_by_a_no_break_or_thin_space() -> None:
    assert reading("It cost 10\u00a0000 dollars.") == [(10000.0, "USD", None)]
    assert reading("1\u202f200\u202f000 people voted") == [(1_200_000.0, "people", None)]
    # A year and a count side by side are not grouped.
    assert reading("In 2019\u00a0100 people died.") == [(100.0, "people died", None)]


def test_one_and_a_singular_denominator_at_the_end_of_a_clause_is_a_fraction() -> None:
    assert reading("The chance is exactly one sixth.") == [(1 / 6, "fraction", "exactly")]
    assert reading("It came a third time.") == []


# --- Forms from three articles written blind to the rules (2026-12-04) -------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The risk of type 2 diabetes fell.",
        "A phase 3 trial begins in May.",
        "Doctors found stage 4 cancer.",
        "The search for flight 370 ended.",
    ],
)
def test_a_number_a_lower_case_noun_designates_is_not_an_amount(text: str) -> None:
    assert extract_quantities(text) == []


def test_the_first_of_two_days_before_a_month_is_a_date() -> None:
    assert extract_quantities("Walkouts are planned for 15 and 16 December.") == []
    assert reading("They struck on 15 days and 16 nights.") == [
        (15.0, "days", None),
        (16.0, "nights", None),
    ]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Her payments had been cut by about a fifth.", 0.2, "about"),
        ("Walkers were nearly a third less likely to fall ill.", 1 / 3, "nearly"),
        ("Takings had fallen by more than half.", 0.5, "more than"),
        ("Sales fell by half in May.", 0.5, None),
    ],
)
def test_a_fraction_in_words_after_by_or_before_a_comparative(
    text: str, value: float, qualifier: str | None
) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.unit, quantity.qualifier) == (value, "fraction", qualifier)


# --- Classes read from a blind set of news sentences (2026-12-07) ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A speed is not a distance.
        ("Wind gusts exceeding 120 km/h battered the coast.", [(120, "km/h", "exceeding")]),
        (
            "The winner averaged 45 km/h over the 180 km stage.",
            [(45, "km/h", None), (180, "km", None)],
        ),
        # A magnitude is not a count of earthquakes.
        ("A magnitude 6.1 earthquake struck off the coast.", [(6.1, "magnitude", None)]),
        # A year between two amounts is no end of a range.
        (
            "The population grew from 1.8 million in 2010 to 2.3 million in 2020.",
            [(1.8e6, None, None), (2.3e6, None, None)],
        ),
        # The high end of a range of money with a glued scale, and a noun after it.
        (
            "The club is seeking £20-30m for its striker.",
            [(20e6, "GBP", "from"), (30e6, "GBP", "to")],
        ),
        ("A $5-6bn deal.", [(5e9, "USD", "from"), (6e9, "USD", "to")]),
        # So many times.
        ("Police recorded a fourfold increase.", [(4, "times", None)]),
        ("Sales saw a 10-fold rise.", [(10, "times", None)]),
        # Rupees, crore and lakh.
        ("The state set aside Rs 1,200 crore for roads.", [(1.2e10, "INR", None)]),
        ("Onions sell for Rs 80 a kilo.", [(80, "INR", None)]),
        ("Each family gets ₹5 lakh.", [(5e5, "INR", None)]),
        # "The first half of the year" is a period, not a share.
        ("Orders rose by a third in the first half of the year.", [(1 / 3, "fraction", None)]),
        # Thousands grouped with plain spaces.
        ("About 120 000 people marched.", [(120000, "people", "about")]),
        ("It cost 1 250 000 euros.", [(1250000, "EUR", None)]),
    ],
)
def test_news_shapes_read_from_a_blind_set(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "For more information, call the council helpline on 0800 555 0143.",
        "Sales of the iPhone 15 in Asia were lower than expected.",
        "The company moved its headquarters to 221 Baker Street last year.",
        "The chief executive said the firm would one day list its shares in New York.",
        "Sales rose from 2019 to 2021.",
    ],
)
def test_numbers_that_are_not_amounts(text: str) -> None:
    assert extract_quantities(text) == []


def test_two_numbers_side_by_side_stay_two() -> None:
    assert reading("In 2019 500 people died.") == [(500, "people died", None)]
    assert reading("It took one day to build.") == [(1, "day", None)]


# --- Currencies written as prefixes, codes, subunits and words --------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # South African rand: "R" glued to a number that looks like money.
        ("The province set aside R4.7bn for new clinics.", [(4.7e9, "ZAR", None)]),
        ("A loaf of bread now costs R19 in Durban.", [(19, "ZAR", None)]),
        ("Investigators traced R75 million in payments.", [(75e6, "ZAR", None)]),
        ("The bakkie was sold for R310,000.", [(310000, "ZAR", None)]),
        # Kenyan shillings.
        ("Nairobi County owes KSh 12 billion to suppliers.", [(12e9, "KES", None)]),
        ("The levy raised Ksh 4.5 billion.", [(4.5e9, "KES", None)]),
        # Naira written with "N": only with a thousands comma or a scale.
        ("Diesel sold at N1,200 a litre in Kano.", [(1200, "NGN", None)]),
        ("The state spent N3bn on roads.", [(3e9, "NGN", None)]),
        # Indian scales and grouping.
        ("The scheme costs Rs 1.4 lakh crore a year.", [(1.4e12, "INR", None)]),
        ("Exports were worth ₹3 lakh crore.", [(3e12, "INR", None)]),
        ("A flat in Pune costs ₹85,00,000.", [(8.5e6, "INR", None)]),
        # Pence and cents: a hundredth of the currency.
        ("A first-class stamp now costs 135p.", [(1.35, "GBP", None)]),
        ("Diesel fell 3.5p a litre.", [(0.035, "GBP", None)]),
        ("The fare rose by 20 pence.", [(0.2, "GBP", None)]),
        ("The kiwi dollar rose to 61 US cents.", [(0.61, "USD", None)]),
        ("Bus fares rose by 25 cents.", [(0.25, "USD", None)]),
        ("Coffee costs €2.40, up 15 cents.", [(2.4, "EUR", None), (0.15, "EUR", None)]),
        ("Wheat fell 8 Canadian cents a bushel.", [(0.08, "CAD", None)]),
        # "pounds" with money around it is sterling.
        ("The club was fined 3 million pounds.", [(3e6, "GBP", None)]),
        ("The repairs will cost 400,000 pounds.", [(400000, "GBP", None)]),
        ("She paid 900 pounds in fees.", [(900, "GBP", None)]),
    ],
)
def test_currencies_written_as_prefixes_subunits_and_words(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert [(pytest.approx(v), u, q) for v, u, q in reading(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The R1 motorway was closed.", []),
        ("Nurses asked for N95 masks.", []),
        ("The droid R2-D2 appeared.", []),
        ("The film streams in 1080p.", []),
        ("One hundred cents make a dollar.", [(100, "cents", None)]),
        # Weight: "pounds of" a thing, or weight words in the sentence.
        (
            "Officers seized 300 pounds of cannabis worth £1m.",
            [(300, "pounds", None), (1e6, "GBP", None)],
        ),
        ("The baby weighed 8 pounds.", [(8, "pounds", None)]),
        ("He lost 30 pounds in a year.", [(30, "pounds", None)]),
    ],
)
def test_letters_cents_and_pounds_that_are_not_money(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected


# --- Basis points and points ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The central bank lifted rates by 50 basis points.", [(0.5, "percentage points", None)]),
        ("Bond yields jumped 15bps on Monday.", [(0.15, "percentage points", None)]),
        ("Lenders added 75 bp to mortgage rates.", [(0.75, "percentage points", None)]),
        (
            "The Fed is expected to trim rates by a quarter point.",
            [(0.25, "percentage points", None)],
        ),
        ("Markets priced in a half-point cut.", [(0.5, "percentage points", None)]),
        ("Rates rose by half a percentage point.", [(0.5, "percentage points", None)]),
        (
            "The Reserve Bank cut by three quarters of a percentage point.",
            [(0.75, "percentage points", None)],
        ),
        # Points of a poll lead, a turnout or a share are percentage points.
        (
            "The Greens gained four points in the latest poll.",
            [(4, "percentage points", None)],
        ),
        ("Turnout among young voters rose 5.5 points.", [(5.5, "percentage points", None)]),
        (
            "Its market share slipped two points to 18%.",
            [(2, "percentage points", None), (18, "percent", None)],
        ),
    ],
)
def test_basis_points_and_points_of_a_share_are_percentage_points(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Nikkei fell 650 points, or 1.7%.", [(650, "points", None), (1.7, "percent", None)]),
        ("The Nasdaq closed 120 points lower.", [(120, "points", None)]),
        (
            "She scored 31 points, hitting 60% of her shots.",
            [(31, "points", None), (60, "percent", None)],
        ),
        ("The licence adds six points to a driver's record.", [(6, "points", None)]),
    ],
)
def test_index_game_and_other_points_stay_points(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected


# --- Vague plurals: "dozens of", "tens of thousands of" ----------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("Dozens of families were moved to shelters.", 12, "families", "dozens"),
        ("Hundreds of nurses walked out on Tuesday.", 100, "nurses", "hundreds"),
        ("The storm cut power to thousands of homes.", 1000, "homes", "thousands"),
        ("Tens of thousands of pilgrims reached the city.", 1e4, "pilgrims", "tens of thousands"),
        (
            "Hundreds of thousands of voters were turned away.",
            1e5,
            "voters",
            "hundreds of thousands",
        ),
        ("The strike hit millions of passengers.", 1e6, "passengers", "millions"),
        ("The fraud cost taxpayers billions of dollars.", 1e9, "USD", "billions"),
        ("Tens of millions of euros were wasted.", 1e7, "EUR", "tens of millions"),
    ],
)
def test_vague_plurals_are_vague_amounts_of_their_scale(
    text: str, value: float, unit: str, qualifier: str
) -> None:
    quantity = only(text)
    assert (quantity.value, quantity.unit, quantity.qualifier) == (value, unit, qualifier)
    assert quantity.is_vague


def test_a_vague_plural_agrees_with_a_count_a_few_times_its_scale() -> None:
    claim = "Dozens of homes were destroyed by the fire."
    assert agreement(claim, "The fire destroyed 40 homes, officials said.") == "agree"
    assert agreement(claim, "The fire destroyed 3 homes, officials said.") == "conflict"


# --- Ratio words: "twice", "double", "doubled", "halved" --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fares are twice what they were a decade ago.", [(2, "times", None)]),
        ("The clinic saw twice as many patients.", [(2, "times", None)]),
        ("Energy bills reached almost twice the 2021 level.", [(2, "times", "almost")]),
        ("Gold now costs double its price in 2019.", [(2, "times", None)]),
        ("Sales of heat pumps more than doubled last year.", [(2, "times", "more than")]),
        ("The cost of the stadium has tripled.", [(3, "times", None)]),
        ("Exports trebled over the decade.", [(3, "times", None)]),
        ("The firm has quadrupled its workforce.", [(4, "times", None)]),
        ("Waiting times were halved.", [(0.5, "times", None)]),
    ],
)
def test_ratio_words_are_so_many_times(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Nurses are checked twice a day.",
        "He was convicted of a double murder.",
        "The minister doubled down on the pledge.",
        "She has been arrested twice.",
    ],
)
def test_twice_and_double_that_compare_nothing_are_not_ratios(text: str) -> None:
    assert extract_quantities(text) == []


def test_twice_an_amount_written_beside_it_gives_the_amount() -> None:
    assert reading("The bid was nearly twice the £30m offered in May.") == [(30e6, "GBP", None)]


# --- "within" is an upper bound, "topped" a lower one -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ambulances should arrive within 18 minutes.", [(18, "minutes", "within")]),
        ("The probe flew within 9,000 kilometres of the moon.", [(9000, "kilometres", "within")]),
        ("Oil topped $100 a barrel.", [(100, "USD", "topped")]),
        ("Turnout topped 70% in the capital.", [(70, "percent", "topped")]),
        ("Bitcoin tops $90,000 again.", [(90000, "USD", "tops")]),
    ],
)
def test_within_and_topped_are_bounds(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected


def test_within_reads_as_at_most_and_topped_as_more_than() -> None:
    claim = "Most cases were closed within 30 days, the court said."
    assert agreement(claim, "The court closed the cases in 25 days.") == "agree"
    assert agreement(claim, "The court closed the cases in 41 days.") == "conflict"
    claim = "The price of copper topped $9,000 a tonne."
    assert agreement(claim, "Copper traded at $9,350 a tonne.") == "agree"
    assert agreement(claim, "Copper traded at $8,600 a tonne.") == "conflict"


# --- A bare number after "N% to": a level reached, or the high end of a range -----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Nikkei rose 0.9% to 38,120.4 in Tokyo.",
            [(0.9, "percent", None), (38120.4, None, None)],
        ),
        ("The index slipped 0.4% to 96.2.", [(0.4, "percent", None), (96.2, None, None)]),
        ("Copper is up 2% to 412.5 after the data.", [(2, "percent", None), (412.5, None, None)]),
    ],
)
def test_a_bare_number_after_a_percent_change_is_the_level_reached(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The rate went from 4% to 6 within a year.",
            [(4, "percent", "from"), (6, "percent", "to")],
        ),
        ("Forecasts put growth at 1.5% to 2.", [(1.5, "percent", "from"), (2, "percent", "to")]),
    ],
)
def test_a_bare_number_after_a_percent_of_its_size_is_the_range_end(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Workers were given two weeks' notice.", [(2, "weeks", None)]),
        ("The fine equals six months' pay.", [(6, "months", None)]),
    ],
)
def test_a_possessive_duration_is_a_duration(
    text: str, expected: list[tuple[float, str | None, str | None]]
) -> None:
    assert reading(text) == expected
