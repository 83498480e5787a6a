"""Check-worthiness: how much a sentence needs checking, 0..1.

Two scorers share one set of general linguistic features (numbers and their units,
comparatives, capitalised names, past-tense events, dates, attribution, first-person opinion,
modal and future talk, questions, length):

* the learned scorer: a logistic model over those features and the sentence's words and word
  pairs (TF-IDF), trained by ``bench/train_checkworthiness.py`` on the CheckThat! 2019 training
  debates and shipped as ``checkworthiness.npz`` beside this module. The file holds plain
  arrays (terms, their idf and weights); prediction here is plain Python, no scikit-learn. It
  is read on the first sentence scored, not on import.
* the rule-based scorer: the same features alone with rounded constant weights
  (``WEIGHTS``, ``BIAS``). It is used when the model file is missing or damaged; one log line
  then says why.

``WORKBENCH_CHECKWORTHINESS_MODEL`` names another model file to use (one written by the
training script's ``--out``).
"""

from __future__ import annotations

import logging
import math
import os
import re
import threading
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claim_workbench.claims import kinds
from claim_workbench.claims.kinds import SentenceCues, read_sentence
from claim_workbench.text.quantities import Quantity, extract_quantities

if TYPE_CHECKING:
    import numpy as np

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

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("checkworthiness.npz")
MODEL_ENV = "WORKBENCH_CHECKWORTHINESS_MODEL"
MODEL_FORMAT = 1

# The rule-based scorer's weights and bias, fitted by logistic regression on the CheckThat! 2019
# training debates (the former ``bench/checkworthiness.py --fit``) and rounded.
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
    *,
    question: bool | None = None,
    boilerplate: bool | None = None,
    opinion: bool | None = None,
) -> dict[str, float]:
    """The features the check-worthiness model reads, each in 0..1.

    ``question``, ``boilerplate`` and ``opinion`` are what ``kinds.is_question``,
    ``kinds.is_boilerplate`` and ``kinds.is_opinion`` say of ``cues``, when the caller has
    already asked (extraction drops sentences by them first); left out, they are asked here.
    """
    if cues is None:
        cues = read_sentence(sentence)
    if quantities is None:
        quantities = extract_quantities(sentence)
    words = cues.words
    word_set = cues.word_set
    with_unit = [quantity for quantity in quantities if quantity.unit is not None]
    names = 0  # capitalised words after the first but "I" (a plain loop: no generator)
    for token in cues.original[1:]:
        if token[0].isupper() and token != "I":
            names += 1
    return {
        "quantities": min(len(with_unit), 3) / 3,
        "bare_number": float(len(with_unit) < len(quantities)),
        "money_or_percent": float(any(_is_money_or_share(quantity) for quantity in quantities)),
        "digits": float(cues.has_digit),
        "comparative": float(not word_set.isdisjoint(_COMPARATIVES)),
        "superlative": float(kinds.has_superlative(cues)),
        "temporal": float(kinds.has_temporal(cues)),
        "designation": float(kinds.has_designation(cues)),
        "event": float(kinds.has_event(cues)),
        "past_fact": float(not word_set.isdisjoint(_PAST_FACTS)),
        "attribution": float(kinds.has_attribution(cues)),
        "quote": float("“" in sentence or sentence.count('"') >= 2),
        "names": min(names, 4) / 4,
        "first_person": float(not word_set.isdisjoint(_FIRST_PERSON)),
        "second_person": float(not word_set.isdisjoint(_SECOND_PERSON)),
        "modal": float(
            not word_set.isdisjoint(_MODALS)
            or cues.has_phrase(_MODAL_PHRASES)
            or "'ll " in cues.padded
        ),
        "opinion": float(kinds.is_opinion(cues) if opinion is None else opinion),
        "question": float(kinds.is_question(cues) if question is None else question),
        "interjection": float(
            (bool(words) and words[0] in _INTERJECTIONS) or _has_stage_direction(sentence)
        ),
        "boilerplate": float(kinds.is_boilerplate(cues) if boilerplate is None else boilerplate),
        "short": float(len(words) < 6),
        "log_words": min(math.log1p(len(words)) / math.log1p(40), 1.0),
    }


def check_worthiness(
    sentence: str,
    quantities: Sequence[Quantity] | None = None,
    cues: SentenceCues | None = None,
) -> float:
    """How much ``sentence`` needs checking, in 0..1, by the learned scorer (the rule-based one
    when the model file cannot be read).

    ``quantities`` and ``cues`` may be passed when the caller already has them; they are
    computed from the sentence otherwise, with the same result.
    """
    if cues is None:
        cues = read_sentence(sentence)
    return score_sentence(sentence, sentence_features(sentence, quantities, cues), cues)


def score_sentence(
    sentence: str, features: dict[str, float], cues: SentenceCues | None = None
) -> float:
    """The learned score of ``sentence`` whose ``sentence_features`` are ``features``; the
    rule-based score when the model cannot be loaded. ``cues``, the sentence's
    ``read_sentence`` when the caller has it, spares tokenising the sentence again."""
    model = default_model()
    if model is None:
        return score_features(features)
    return model.score(sentence, features, cues)


def score_features(
    features: dict[str, float], weights: dict[str, float] | None = None, bias: float | None = None
) -> float:
    """The rule-based scorer: a logistic model over ``features`` alone (``WEIGHTS``, ``BIAS``
    unless others are given)."""
    weights = WEIGHTS if weights is None else weights
    total = BIAS if bias is None else bias
    for name, value in features.items():
        total += weights.get(name, 0.0) * value
    return _logistic(total)


def _has_stage_direction(sentence: str) -> bool:
    if "(" not in sentence:
        return False  # every direction opens with one
    lowered = sentence.lower()
    return any(direction in lowered for direction in _STAGE_DIRECTIONS)


def _is_money_or_share(quantity: Quantity) -> bool:
    unit = quantity.unit
    if unit in {"percent", "percentage points", "fraction"}:
        return True
    return unit is not None and len(unit) == 3 and unit.isupper()


# --- the learned scorer ----------------------------------------------------------------------

_TERM_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[$%€£]")


def terms(sentence: str, cues: SentenceCues | None = None) -> list[str]:
    """The words and adjacent word pairs the learned model weighs, lowercase.

    Numbers become ``<num>`` (``<year>`` for 1900-2099 written as four digits) so the model
    learns "a number here", not particular numbers; currency and percent signs are words.
    ``cues`` (``read_sentence(sentence)``), when given, are used for a sentence without
    numbers or signs: its words are then exactly the cues' words.
    """
    if cues is not None and _only_words(cues):
        return _with_pairs(cues.words)
    words = []
    for token in _TERM_RE.findall(sentence.lower().replace("’", "'")):
        if token[0].isdigit():
            token = "<year>" if len(token) == 4 and token[:2] in ("19", "20") else "<num>"
        words.append(token)
    return _with_pairs(words)


def _with_pairs(words: list[str]) -> list[str]:
    """The words, then each adjacent pair joined by a space ("more than"), built in C."""
    return words + list(map(" ".join, zip(words, words[1:], strict=False)))


def _only_words(cues: SentenceCues) -> bool:
    """Whether the terms' words are the cues' words: no digit or sign in the sentence, nor an
    "İ" (its lowercase "i̇" is a word of its own to the terms, not to the cues)."""
    text = cues.text
    return not cues.has_digit and not any(sign in text for sign in _SIGNS_OR_CAPITAL_I)


_SIGNS_OR_CAPITAL_I = ("$", "%", "€", "£", "\u0130")


class ModelFileError(ValueError):
    """A check-worthiness model file that is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class CheckWorthinessModel:
    """A logistic model over L2-normalised sublinear TF-IDF of ``terms`` and the linguistic
    features: ``bias + features·feature_weights + tfidf·term_weights``, then the logistic."""

    # term -> (idf × weight, idf²): a term seen c times adds tf·idf×weight to the dot product
    # and (tf·idf)² to the squared norm, tf = 1 + ln c.
    vocabulary: dict[str, tuple[float, float]]
    feature_weights: dict[str, float]
    bias: float
    info: str = ""

    def score(
        self, sentence: str, features: dict[str, float], cues: SentenceCues | None = None
    ) -> float:
        return _logistic(self.logit(sentence, features, cues))

    def logit(
        self, sentence: str, features: dict[str, float], cues: SentenceCues | None = None
    ) -> float:
        vocabulary = self.vocabulary
        counts: dict[str, int] = {}
        for term in terms(sentence, cues):
            if term in vocabulary:
                if term in counts:  # (cheaper than a call to counts.get)
                    counts[term] += 1
                else:
                    counts[term] = 1
        dot = 0.0
        norm = 0.0
        for term, count in counts.items():
            weighted, squared = vocabulary[term]
            if count == 1:
                dot += weighted
                norm += squared
            else:
                tf = 1.0 + math.log(count)
                dot += tf * weighted
                norm += tf * tf * squared
        total = self.bias + (dot / math.sqrt(norm) if norm else 0.0)
        for name, weight in self.feature_weights.items():
            total += weight * features[name]
        return total


def save_model(
    path: Path,
    *,
    vocabulary: Sequence[str],
    idf: Sequence[float],
    term_weights: Sequence[float],
    feature_weights: dict[str, float],
    bias: float,
    info: str = "",
) -> None:
    """Write a model file ``load_model`` reads: compressed arrays, no pickled objects."""
    import numpy as np

    if any("\n" in term for term in vocabulary):
        raise ValueError("a term holds a line break")
    np.savez_compressed(
        path,
        format=np.array(MODEL_FORMAT),
        terms=np.frombuffer("\n".join(vocabulary).encode("utf-8"), dtype=np.uint8),
        idf=np.asarray(idf, dtype=np.float32),
        term_weights=np.asarray(term_weights, dtype=np.float32),
        feature_names=np.frombuffer("\n".join(feature_weights).encode("utf-8"), dtype=np.uint8),
        feature_weights=np.asarray(list(feature_weights.values()), dtype=np.float32),
        bias=np.array(bias, dtype=np.float64),
        info=np.frombuffer(info.encode("utf-8"), dtype=np.uint8),
    )


def load_model(path: Path) -> CheckWorthinessModel:
    """The model in ``path``; ``ModelFileError`` with a one-line reason when it cannot be used."""
    import numpy as np  # not on import: the workbench starts without numpy

    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except FileNotFoundError:
        raise ModelFileError(f"no such file: {path}") from None
    except OSError as error:
        raise ModelFileError(f"cannot read {path}: {_one_line(error)}") from None
    if head != b"PK\x03\x04":
        raise ModelFileError(f"{path} is not a model file (not an .npz archive)")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as error:
        raise ModelFileError(f"{path} is damaged ({_one_line(error)})") from None
    try:
        return _model_from_arrays(arrays)
    except (KeyError, ValueError, TypeError, UnicodeDecodeError) as error:
        raise ModelFileError(f"{path} is damaged: {_one_line(error)}") from None


def _model_from_arrays(arrays: dict[str, np.ndarray]) -> CheckWorthinessModel:
    import numpy as np

    missing = {"format", "terms", "idf", "term_weights", "feature_names", "feature_weights", "bias"}
    missing -= set(arrays)
    if missing:
        raise ValueError(f"missing {', '.join(sorted(missing))}")
    if arrays["format"].shape != () or int(arrays["format"]) != MODEL_FORMAT:
        raise ValueError(f"format {arrays['format']!s}, expected {MODEL_FORMAT}")
    vocabulary = _strings(arrays["terms"])
    feature_names = _strings(arrays["feature_names"])
    idf = arrays["idf"].astype(np.float64)
    term_weights = arrays["term_weights"].astype(np.float64)
    feature_weights = arrays["feature_weights"]
    bias = arrays["bias"]
    if idf.shape != (len(vocabulary),) or term_weights.shape != (len(vocabulary),):
        raise ValueError(
            f"{len(vocabulary)} terms but {idf.size} idf and {term_weights.size} weights"
        )
    if feature_weights.shape != (len(feature_names),) or bias.shape != ():
        raise ValueError("feature weights do not match their names")
    if len(set(vocabulary)) != len(vocabulary) or not all(vocabulary):
        raise ValueError("terms are not distinct")
    unknown = set(feature_names) - set(WEIGHTS)
    if unknown:
        raise ValueError(f"unknown features {', '.join(sorted(unknown))}")
    for name in ("idf", "term_weights", "feature_weights", "bias"):
        if not np.issubdtype(arrays[name].dtype, np.floating):
            raise ValueError(f"{name} are not numbers")
        if not np.all(np.isfinite(arrays[name])):
            raise ValueError(f"{name} hold values that are not finite")
    return CheckWorthinessModel(
        vocabulary=dict(
            zip(
                vocabulary,
                zip((idf * term_weights).tolist(), (idf * idf).tolist(), strict=True),
                strict=True,
            )
        ),
        feature_weights=dict(zip(feature_names, feature_weights.tolist(), strict=True)),
        bias=float(bias),
        info=bytes(arrays["info"]).decode("utf-8") if "info" in arrays else "",
    )


def _strings(array: np.ndarray) -> list[str]:
    if str(array.dtype) != "uint8" or array.ndim != 1:
        raise ValueError("a text array is not UTF-8 bytes")
    text = array.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def model_path() -> Path:
    """The model file the scorer reads: ``WORKBENCH_CHECKWORTHINESS_MODEL`` or the shipped one."""
    chosen = os.environ.get(MODEL_ENV, "").strip()
    return Path(chosen).expanduser() if chosen else MODEL_PATH


_model_lock = threading.Lock()
_model_state: dict[str, CheckWorthinessModel | None] = {}


def default_model() -> CheckWorthinessModel | None:
    """The learned model, read once on first use; None (and one warning) when it cannot be."""
    if "model" in _model_state:
        return _model_state["model"]
    with _model_lock:
        if "model" not in _model_state:
            path = model_path()
            try:
                _model_state["model"] = load_model(path)
            except ModelFileError as error:
                log.warning("check-worthiness model not used, scoring by rules instead: %s", error)
                _model_state["model"] = None
    return _model_state["model"]


def reset_default_model() -> None:
    """Forget the loaded model, so the next score reads ``model_path()`` again."""
    with _model_lock:
        _model_state.clear()


def _logistic(total: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
