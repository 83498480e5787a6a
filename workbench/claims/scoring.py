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
import re
from collections.abc import Sequence

from sources.quantities import Quantity, extract_quantities
from workbench.claims import kinds
from workbench.claims.speakers import find_quotes, has_attribution

_COMPARATIVE_RE = re.compile(
    r"\b(?:more|less|fewer|higher|lower|bigger|smaller|larger|greater|faster|slower|better"
    r"|worse|cheaper|increase[sd]?|decrease[sd]?|rose|risen|rising|fell|fallen|falling|doubled"
    r"|tripled|quadrupled|halved|grew|grown|declined|dropped|cut|than)\b",
    re.IGNORECASE,
)
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I['’]m|I['’]ve|I['’]ll|I['’]d|me|my|mine|myself)\b")
_SECOND_PERSON_RE = re.compile(r"\b(?:you|your|you['’]re|you['’]ve)\b", re.IGNORECASE)
_MODAL_RE = re.compile(
    r"\b(?:will|would|should|could|can|might|must|going\s+to|gonna|want\s+to|wants\s+to"
    r"|need\s+to|needs\s+to|let['’]s|'ll)\b",
    re.IGNORECASE,
)
_PAST_FACT_RE = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had|did|voted|passed|signed|created|lost|spent"
    r"|paid|raised|cut|added|got|went)\b",
    re.IGNORECASE,
)
_CAPITALISED_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b|\b[A-Z]{2,}\b")
_INTERJECTION_RE = re.compile(
    r"^\W*(?:yes|no|okay|ok|well|right|so|oh|look|folks|and|but|now)\b"
    r"|\((?:applause|laughter|crosstalk|inaudible|booing|cheering)\)",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")

# Feature weights and bias, fitted on the CheckThat! 2019 training debates (see module docstring).
WEIGHTS: dict[str, float] = {
    "quantities": 0.51,
    "bare_number": 0.05,
    "money_or_percent": 0.85,
    "digits": 0.97,
    "comparative": 0.51,
    "superlative": 0.74,
    "temporal": -0.33,
    "designation": 0.23,
    "event": 0.53,
    "past_fact": 0.31,
    "attribution": 0.27,
    "quote": -0.04,
    "names": 0.24,
    "first_person": -0.47,
    "second_person": -0.02,
    "modal": -0.42,
    "opinion": -0.58,
    "question": -1.03,
    "interjection": -0.4,
    "boilerplate": -0.71,
    "short": -0.43,
    "log_words": 1.83,
}
BIAS = -1.21


def sentence_features(
    sentence: str, quantities: Sequence[Quantity] | None = None
) -> dict[str, float]:
    """The features the check-worthiness model reads, each roughly in 0..1."""
    if quantities is None:
        quantities = extract_quantities(sentence)
    words = kinds.word_count(sentence)
    with_unit = [quantity for quantity in quantities if quantity.unit is not None]
    names = sum(1 for _ in _CAPITALISED_RE.finditer(sentence))
    return {
        "quantities": min(len(with_unit), 3) / 3,
        "bare_number": float(len(with_unit) < len(quantities)),
        "money_or_percent": float(
            any(
                q.unit in {"percent", "percentage points", "fraction"} or _is_money(q)
                for q in quantities
            )
        ),
        "digits": float(_DIGIT_RE.search(sentence) is not None),
        "comparative": float(_COMPARATIVE_RE.search(sentence) is not None),
        "superlative": float(kinds.has_superlative(sentence)),
        "temporal": float(kinds.has_temporal(sentence)),
        "designation": float(kinds.has_designation(sentence)),
        "event": float(kinds.has_event(sentence)),
        "past_fact": float(_PAST_FACT_RE.search(sentence) is not None),
        "attribution": float(has_attribution(sentence)),
        "quote": float(bool(find_quotes(sentence))),
        "names": min(names, 4) / 4,
        "first_person": float(_FIRST_PERSON_RE.search(sentence) is not None),
        "second_person": float(_SECOND_PERSON_RE.search(sentence) is not None),
        "modal": float(_MODAL_RE.search(sentence) is not None),
        "opinion": float(kinds.is_opinion(sentence)),
        "question": float(kinds.is_question(sentence)),
        "interjection": float(_INTERJECTION_RE.search(sentence) is not None),
        "boilerplate": float(kinds.is_boilerplate(sentence)),
        "short": float(words < 6),
        "log_words": min(math.log1p(words) / math.log1p(40), 1.0),
    }


def check_worthiness(sentence: str, quantities: Sequence[Quantity] | None = None) -> float:
    """How much ``sentence`` needs checking, in 0..1 (pass its quantities if already found)."""
    features = sentence_features(sentence, quantities)
    return score_features(features)


def score_features(
    features: dict[str, float], weights: dict[str, float] | None = None, bias: float | None = None
) -> float:
    """The logistic model over ``features``; other weights can be given for fitting."""
    weights = WEIGHTS if weights is None else weights
    total = BIAS if bias is None else bias
    for name, value in features.items():
        total += weights.get(name, 0.0) * value
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def _is_money(quantity: Quantity) -> bool:
    return quantity.unit is not None and len(quantity.unit) == 3 and quantity.unit.isupper()
