"""Check-worthiness: how much a sentence needs checking, 0..1, from general linguistic features.

A logistic model over features any English sentence has (numbers and their units, comparatives,
capitalised names, past-tense events, dates, attribution, first-person opinion, modal and
future talk, questions, length). No word lists from any data set and no topics. The weights were
fitted by ``bench/checkworthiness.py --fit`` on the CheckThat! 2019 training debates and checked
by leave-one-debate-out cross-validation (see bench/RESULTS.md); they are rounded constants here
so the scorer is a pure function with no data at run time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sources.quantities import Quantity, extract_quantities
from workbench.claims import kinds
from workbench.claims.kinds import SentenceCues, read_sentence

_COMPARATIVES = frozenset(
    "more less fewer higher lower bigger smaller larger greater faster slower better worse "
    "cheaper increase increased increases decrease decreased decreases rose risen rising fell "
    "fallen falling doubled tripled quadrupled halved grew grown declined dropped cut than".split()
)
_FIRST_PERSON = frozenset("i i'm i've i'll i'd me my mine myself".split())
_SECOND_PERSON = frozenset("you your you're you've yours".split())
_MODALS = frozenset("will would should could can might must gonna let's".split())
_MODAL_PHRASES = kinds.Phrases("going to", "want to", "wants to", "need to", "needs to")
_PAST_FACTS = frozenset(
    "was were had did voted passed signed created lost spent paid raised cut added got went".split()
)
_INTERJECTIONS = frozenset("yes no okay ok well right so oh look folks and but now".split())
_STAGE_DIRECTIONS = ("(applause", "(laughter", "(crosstalk", "(inaudible", "(booing", "(cheering")

# Feature weights and bias, fitted on the CheckThat! 2019 training debates (see module docstring).
WEIGHTS: dict[str, float] = {
    "quantities": 0.52,
    "bare_number": 0.0,
    "money_or_percent": 0.87,
    "digits": 0.96,
    "comparative": 0.52,
    "superlative": 0.58,
    "temporal": -0.39,
    "designation": 0.21,
    "event": 0.6,
    "past_fact": 0.29,
    "attribution": 0.38,
    "quote": -0.27,
    "names": 0.15,
    "first_person": -0.52,
    "second_person": 0.0,
    "modal": -0.51,
    "opinion": -0.57,
    "question": -1.02,
    "interjection": -0.41,
    "boilerplate": -0.74,
    "short": -0.45,
    "log_words": 1.94,
}
BIAS = -1.26


def sentence_features(
    sentence: str,
    quantities: Sequence[Quantity] | None = None,
    cues: SentenceCues | None = None,
) -> dict[str, float]:
    """The features the check-worthiness model reads, each in 0..1."""
    if cues is None:
        cues = read_sentence(sentence)
    if quantities is None:
        quantities = extract_quantities(sentence)
    words = cues.words
    word_set = cues.word_set
    with_unit = [quantity for quantity in quantities if quantity.unit is not None]
    names = sum(1 for token in cues.original[1:] if token[0].isupper() and token != "I")
    lowered = sentence.lower()
    return {
        "quantities": min(len(with_unit), 3) / 3,
        "bare_number": float(len(with_unit) < len(quantities)),
        "money_or_percent": float(any(_is_money_or_share(quantity) for quantity in quantities)),
        "digits": float(cues.has_digit),
        "comparative": float(bool(word_set & _COMPARATIVES)),
        "superlative": float(kinds.has_superlative(cues)),
        "temporal": float(kinds.has_temporal(cues)),
        "designation": float(kinds.has_designation(cues)),
        "event": float(kinds.has_event(cues)),
        "past_fact": float(bool(word_set & _PAST_FACTS)),
        "attribution": float(kinds.has_attribution(cues)),
        "quote": float("“" in sentence or sentence.count('"') >= 2),
        "names": min(names, 4) / 4,
        "first_person": float(bool(word_set & _FIRST_PERSON)),
        "second_person": float(bool(word_set & _SECOND_PERSON)),
        "modal": float(
            bool(word_set & _MODALS) or cues.has_phrase(_MODAL_PHRASES) or "'ll " in cues.padded
        ),
        "opinion": float(kinds.is_opinion(cues)),
        "question": float(kinds.is_question(cues)),
        "interjection": float(
            (bool(words) and words[0] in _INTERJECTIONS)
            or any(direction in lowered for direction in _STAGE_DIRECTIONS)
        ),
        "boilerplate": float(kinds.is_boilerplate(cues)),
        "short": float(len(words) < 6),
        "log_words": min(math.log1p(len(words)) / math.log1p(40), 1.0),
    }


def check_worthiness(
    sentence: str,
    quantities: Sequence[Quantity] | None = None,
    cues: SentenceCues | None = None,
) -> float:
    """How much ``sentence`` needs checking, in 0..1.

    ``quantities`` and ``cues`` may be passed when the caller already has them; they are
    computed from the sentence otherwise, with the same result.
    """
    return score_features(sentence_features(sentence, quantities, cues))


def score_features(
    features: dict[str, float], weights: dict[str, float] | None = None, bias: float | None = None
) -> float:
    """The logistic model over ``features``; other weights can be given for fitting."""
    weights = WEIGHTS if weights is None else weights
    total = BIAS if bias is None else bias
    for name, value in features.items():
        total += weights.get(name, 0.0) * value
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def _is_money_or_share(quantity: Quantity) -> bool:
    unit = quantity.unit
    if unit in {"percent", "percentage points", "fraction"}:
        return True
    return unit is not None and len(unit) == 3 and unit.isupper()
