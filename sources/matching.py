"""Evidence matching: rank passages for a claim, highlight the match, compare numbers, hint stance.

Retrieval is lexical (BM25 over stemmed terms, sources.bm25) because it is fast and, measured on
Climate-FEVER, finds more gold evidence than fuzzy string similarity alone. rapidfuzz then scores
and aligns the claim against each candidate, and the signals are combined into one 0..100 score.
Given a sentence encoder (the workbench passes the default one, sources.embeddings), the nearest
passages by meaning join the candidates and cosine similarity takes half of the score; an
encoder that cannot load leaves matching lexical (the reason is logged once).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz

from sources.bm25 import BM25Index, top_documents
from sources.embeddings import EmbeddingsUnavailableError, report_fallback
from sources.passages import Passage
from sources.quantities import (
    VAGUE_QUALIFIERS,
    Quantity,
    canonical_unit,
    comparable_value,
    extract_quantities,
)
from sources.text import fold_for_alignment, tokenize, word_spans, words

# Weights of the combined score. Lexical relevance (BM25 against the claim's own best case)
# decides most of the ranking; coverage of the claim's weighted terms and the fuzzy alignment
# score separate candidates that BM25 scores alike and make the score absolute (0..100).
LEXICAL_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.3
FUZZY_WEIGHT = 0.2
# With a sentence encoder, the share of the final score taken by cosine similarity. 0.3, 0.5
# and 0.7 gave the same Climate-FEVER recall within a point; 0.5 is the unbiased middle.
SEMANTIC_WEIGHT = 0.5
# A passage that shares no search term with the claim joins the candidates by meaning only from
# this cosine similarity on; else a source that says nothing about the claim fills the five
# slots with passages scored near 0. With all-MiniLM-L6-v2 on Climate-FEVER dev, half of the
# claim/sentence pairs that are not evidence (all about climate) score under 0.20, texts on
# other subjects under 0.1, and gold evidence sharing no word with its claim 0.47 (median);
# recall@5 and MRR were the same for every floor from 0 to 0.5 (bench/RESULTS.md, issue 17).
MIN_SEMANTIC_SIMILARITY = 0.3
# How many lexical candidates of each claim are embedded and re-scored when not every passage
# is (PassageMatcher's rerank_depth; attach and search do this). On Climate-FEVER dev, with
# source titles: 10 -> recall@5 0.705, 20 -> 0.733, 50 -> 0.741 = every passage embedded.
RERANK_DEPTH = 50


# Words of one of these unit groups match each other in a highlight: "killed" and "deaths",
# "strikes" and "attacks" (sources.quantities.canonical_unit).
_UNIT_GROUPS = frozenset({"deaths", "injuries", "attacks", "percent"})
MAX_HIGHLIGHT_GAP = 2  # non-matching words a highlight may bridge between two matching ones
_CLAUSE_BREAK_RE = re.compile(r"[.;:!?]\s")


@dataclass(frozen=True, slots=True)
class PassageMatch:
    """One passage ranked for a claim, with what the reviewer needs to judge it."""

    passage: Passage
    score: float  # 0..100
    highlight_start: int  # offsets into passage.text of the span that best matches the claim
    highlight_end: int
    number_agreement: str  # "agree" | "conflict" | "none"
    stance: str  # suggested only: "supports" | "contradicts" | "unclear"


class TextEncoder(Protocol):
    """Anything that turns texts into L2-normalised vectors (e.g. sources.embeddings' encoder)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class PassageMatcher:
    """Ranks a fixed collection of passages for many claims: index once, query many times.

    ``contexts`` (optional, one per passage) is text indexed along with the passage but never
    shown, such as the title of the source it comes from: a passage from a page titled
    "Polar bear" is about polar bears even when the sentence only says "the population".

    ``encoder`` (optional) adds meaning to the lexical match, in one of two ways:

    - ``rerank_depth=None``: every passage (with its context) is embedded here, and each
      claim's candidates are the BM25 shortlist plus the nearest passages by cosine similarity
      (from MIN_SEMANTIC_SIMILARITY on), so paraphrases sharing no word are found too. Slow to
      build (10-40 ms per passage on two cores): for a pool whose vectors are cached.
    - ``rerank_depth=N``: nothing is embedded here; each claim's N best lexical candidates are
      embedded when it is ranked (a vector-caching encoder makes that once per passage) and
      re-scored. What the workbench does: the cost no longer grows with the source, and on
      Climate-FEVER re-ranking the top 50 kept the whole gain (bench/RESULTS.md, issue 17).

    Either way a candidate's score mixes the lexical score and the similarity (SEMANTIC_WEIGHT),
    and an encoder that cannot load leaves the matcher lexical, with the reason logged once.
    """

    def __init__(
        self,
        passages: Sequence[str],
        *,
        contexts: Sequence[str] | None = None,
        encoder: TextEncoder | None = None,
        rerank_depth: int | None = None,
    ) -> None:
        if contexts is not None and len(contexts) != len(passages):
            raise ValueError(
                f"contexts must give one entry per passage ({len(contexts)} for {len(passages)})"
            )
        if rerank_depth is not None and rerank_depth < 1:
            raise ValueError(f"rerank_depth must be at least 1, got {rerank_depth}")
        self._passages = list(passages)
        self._indexed = (
            self._passages
            if contexts is None
            else [f"{context}\n{text}" for context, text in zip(contexts, passages, strict=True)]
        )
        term_lists = [tokenize(text) for text in self._indexed]
        self._index = BM25Index.from_terms(term_lists)
        self._terms = [frozenset(terms) for terms in term_lists]
        self._folded = [fold_for_alignment(text) for text in self._passages]
        self._encoder = encoder
        self._rerank_depth = rerank_depth
        self._vectors: np.ndarray | None = None
        if encoder is not None and self._indexed and rerank_depth is None:
            try:
                self._vectors = np.asarray(encoder.encode(self._indexed), dtype=np.float32)
            except EmbeddingsUnavailableError as error:
                self._fall_back(error)

    def __len__(self) -> int:
        return len(self._passages)

    @property
    def semantic(self) -> bool:
        """Whether ranking uses the sentence encoder (False: lexical only, e.g. after the
        encoder failed to load)."""
        return self._encoder is not None and (
            self._vectors is not None or self._rerank_depth is not None
        )

    def _fall_back(self, error: EmbeddingsUnavailableError) -> None:
        report_fallback(error)
        self._encoder = None
        self._vectors = None

    def rank(
        self, claim_text: str, *, top_k: int = 5, candidates: int = 100
    ) -> list[tuple[int, float]]:
        """Best ``top_k`` passages for the claim as (passage index, score 0..100).

        BM25 picks ``candidates`` passages (embedding every passage, so does cosine similarity);
        each is rescored with the combined score, so at most that many (twice that many) come
        back. Best first, ties broken by lower index. A passage sharing no search term with the
        claim is returned only when every passage is embedded, from MIN_SEMANTIC_SIMILARITY on.
        """
        if top_k <= 0 or not self._passages:
            return []
        lexical = self._lexical_scores(claim_text, candidates)
        if not self.semantic or (self._rerank_depth is not None and not lexical):
            scored = list(lexical.items())
        else:
            scored = self._semantic_scores(claim_text, lexical, candidates)
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored[:top_k]

    def _semantic_scores(
        self, claim_text: str, lexical: dict[int, float], candidates: int
    ) -> list[tuple[int, float]]:
        """The candidates with their combined scores; the lexical ones alone if the encoder
        cannot load (it is then dropped)."""
        assert self._encoder is not None
        try:
            query = np.asarray(self._encoder.encode([claim_text]), dtype=np.float32)[0]
            if self._rerank_depth is None:
                assert self._vectors is not None
                similarity = self._vectors @ query
                nearest = top_documents(
                    np.where(similarity >= MIN_SEMANTIC_SIMILARITY, similarity, 0.0), candidates
                )
                pool = sorted(set(lexical) | {doc_id for doc_id, _ in nearest})
                cosines = {doc_id: float(similarity[doc_id]) for doc_id in pool}
            else:
                pool = sorted(lexical, key=lambda doc_id: (-lexical[doc_id], doc_id))
                head = pool[: self._rerank_depth]
                vectors = np.asarray(
                    self._encoder.encode([self._indexed[doc_id] for doc_id in head]),
                    dtype=np.float32,
                )
                # Candidates past the depth are not embedded: they count as dissimilar.
                cosines = dict.fromkeys(pool, 0.0)
                cosines.update(zip(head, (float(c) for c in vectors @ query), strict=True))
        except EmbeddingsUnavailableError as error:
            self._fall_back(error)
            return list(lexical.items())
        return [
            (
                doc_id,
                round(
                    (1.0 - SEMANTIC_WEIGHT) * lexical.get(doc_id, 0.0)
                    + SEMANTIC_WEIGHT * 100.0 * max(0.0, cosines[doc_id]),
                    4,
                ),
            )
            for doc_id in pool
        ]

    def _lexical_scores(self, claim_text: str, candidates: int) -> dict[int, float]:
        """Combined lexical score (0..100) of the BM25 shortlist."""
        query = Counter(tokenize(claim_text))
        if not query:
            return {}
        shortlist = top_documents(self._index.score_terms(query), candidates)
        weights = {term: self._index.idf(term) * count for term, count in query.items()}
        total_weight = sum(weights.values()) or 1.0
        folded_claim = fold_for_alignment(claim_text)
        scored: dict[int, float] = {}
        for doc_id, raw in shortlist:
            # BM25 of a passage holding each claim term once at average length is about the
            # sum of the terms' idf: dividing by it gives a 0..1 "how much of the claim" figure.
            lexical = min(1.0, raw / total_weight)
            coverage = sum(w for term, w in weights.items() if term in self._terms[doc_id])
            fuzzy = fuzz.token_set_ratio(folded_claim, self._folded[doc_id]) / 100.0
            scored[doc_id] = round(
                100.0
                * (
                    LEXICAL_WEIGHT * lexical
                    + COVERAGE_WEIGHT * coverage / total_weight
                    + FUZZY_WEIGHT * fuzzy
                ),
                4,
            )
        return scored


# --- Ranking the passages of one source -------------------------------------------------------


def rank_passages(
    claim_text: str,
    passages: Sequence[Passage],
    *,
    claim_quantities: Sequence[Quantity] | None = None,
    top_k: int = 5,
    encoder: TextEncoder | None = None,
    rerank_depth: int | None = RERANK_DEPTH,
) -> list[PassageMatch]:
    """Best ``top_k`` passages for a claim, best first, overlapping ones dropped.

    Sentence windows overlap their sentences; showing the same sentence three times (alone, with
    the one before, with the one after) wastes the reviewer's five slots, so a passage that
    overlaps a better-ranked one is skipped. Scores are relative to the passages given (term
    weights come from them), so rank one source's passages, or a shortlist from a
    PassageMatcher over many sources (passages of different sources never count as
    overlapping). ``claim_quantities`` default to the quantities found in ``claim_text``.
    ``encoder`` (optional) ranks by meaning too, as in PassageMatcher: by default it re-scores
    the RERANK_DEPTH best lexical candidates, so the cost does not grow with the source.
    """
    if top_k <= 0 or not passages:
        return []
    if claim_quantities is None:
        claim_quantities = extract_quantities(claim_text)
    matcher = PassageMatcher(
        [passage.text for passage in passages], encoder=encoder, rerank_depth=rerank_depth
    )
    ranked = matcher.rank(claim_text, top_k=len(passages), candidates=len(passages))
    chosen: list[PassageMatch] = []
    for passage_index, score in ranked:
        passage = passages[passage_index]
        if any(_overlaps(passage, kept.passage) for kept in chosen):
            continue
        chosen.append(
            match_passage(claim_text, passage, score=score, claim_quantities=claim_quantities)
        )
        if len(chosen) == top_k:
            break
    return chosen


def _overlaps(first: Passage, second: Passage) -> bool:
    """Do two passages share text of one source? Offsets alone cannot tell passages of two
    different sources apart, so the shared stretch must also read the same in both."""
    start, end = max(first.start, second.start), min(first.end, second.end)
    if start >= end:
        return False
    return (
        first.text[start - first.start : end - first.start]
        == second.text[start - second.start : end - second.start]
    )


def match_passage(
    claim_text: str,
    passage: Passage,
    *,
    score: float,
    claim_quantities: Sequence[Quantity] | None = None,
) -> PassageMatch:
    """Describe one ranked passage for the reviewer: highlight, number agreement, stance.

    ``score`` is the passage's ranking score (PassageMatcher.rank); ``claim_quantities`` default
    to the quantities found in ``claim_text``.
    """
    if claim_quantities is None:
        claim_quantities = extract_quantities(claim_text)
    highlight_start, highlight_end = highlight_span(claim_text, passage.text)
    agreement = number_agreement(claim_quantities, passage.text, claim_text=claim_text)
    return PassageMatch(
        passage=passage,
        score=score,
        highlight_start=highlight_start,
        highlight_end=highlight_end,
        number_agreement=agreement,
        stance=suggest_stance(claim_text, passage.text, agreement),
    )


def highlight_span(claim_text: str, passage_text: str) -> tuple[int, int]:
    """Offsets into ``passage_text`` of the stretch that matches the claim; (0, 0) if none does.

    rapidfuzz's partial_ratio_alignment finds where the claim aligns best. The highlight runs
    from the first to the last passage word inside that stretch that matches a claim word (same
    stem, a close spelling for words of 5+ letters, or the same unit group: "killed" matches
    "deaths", "strikes" matches "attacks"), then grows over nearby matching words,
    bridging up to MAX_HIGHLIGHT_GAP other words within the sentence ("82 people were killed",
    "polar bear population is declining"), so it starts and ends on a matching word.
    """
    folded_passage = fold_for_alignment(passage_text)
    spans = word_spans(folded_passage)
    claim_terms = set(tokenize(claim_text))
    claim_words = words(claim_text)
    long_claim_words = [word for word in claim_words if len(word) >= 5]
    claim_unit_groups = {canonical_unit(word) for word in claim_words} & _UNIT_GROUPS
    matching: list[bool] = []
    for start, end in spans:
        word = folded_passage[start:end]
        terms = tokenize(word)
        matching.append(
            bool(terms and terms[0] in claim_terms)
            or (len(word) >= 5 and any(fuzz.ratio(word, other) >= 85 for other in long_claim_words))
            or canonical_unit(word) in claim_unit_groups
        )
    if not any(matching):
        return 0, 0
    alignment = fuzz.partial_ratio_alignment(fold_for_alignment(claim_text), folded_passage)
    aligned = [
        index
        for index, (start, end) in enumerate(spans)
        if matching[index] and start < alignment.dest_end and end > alignment.dest_start
    ]
    if not aligned:
        # The best character alignment missed every matching word (very short claims): anchor
        # on the matching word nearest to it instead.
        middle = (alignment.dest_start + alignment.dest_end) / 2
        aligned = [
            min(
                (index for index, match in enumerate(matching) if match),
                key=lambda index: (abs((spans[index][0] + spans[index][1]) / 2 - middle), index),
            )
        ]

    def bridgeable(left: int, right: int) -> bool:
        # No sentence or clause end between two words (the folded text has lost punctuation).
        return not _CLAUSE_BREAK_RE.search(passage_text, spans[left][1], spans[right][0])

    first, last = aligned[0], aligned[-1]
    extended = True
    while extended:
        extended = False
        for step in range(1, MAX_HIGHLIGHT_GAP + 2):
            if first - step >= 0 and matching[first - step] and bridgeable(first - step, first):
                first -= step
                extended = True
                break
        for step in range(1, MAX_HIGHLIGHT_GAP + 2):
            if last + step < len(spans) and matching[last + step] and bridgeable(last, last + step):
                last += step
                extended = True
                break
    return spans[first][0], spans[last][1]


# --- Number agreement -------------------------------------------------------------------------
#
# Each quantity stands for an interval of values it is consistent with; a claim quantity and a
# passage quantity with the same canonical unit AGREE when their intervals overlap and CONFLICT
# when they do not. The intervals:
#   - plain numbers (and "exactly", "only"): against another plain number, the value at the
#     precision written, i.e. +/- half a unit of the last written digit, bounds excluded ("82"
#     covers (81.5, 82.5), so 82 and 83 conflict; "1.2 million" covers (1.15M, 1.25M), so it
#     agrees with 1,234,567); against a hedged number, the value as written;
#   - "about", "around", "approximately", "roughly", "some", "estimated", "close to", "~",
#     "or so": within APPROXIMATION (10 %) either side ("about 80" agrees with 72..88);
#   - "nearly", "almost", "just under", "just below": from 10 % below up to the value; "just
#     over", "just above": from the value up to 10 % above;
#   - "at least", "no fewer than", "no less than", "or more", "a minimum of": the value or more;
#     "more than", "over", "above", "exceeding", "greater than", "upwards of", "in excess of",
#     "well over", ...: strictly more;
#   - "at most", "no more than", "up to", "as many as", "as much as", "or fewer", "or less", "a
#     maximum of": the value or less; "less than", "fewer than", "under", "below", ...:
#     strictly less;
#   - "several", "a few" (a vague amount, "several hundred": the value is the scale): from two
#     times the value up to ten times, the top excluded;
#   - ranges ("20 to 30", "between 20 and 30"): the range, ends included.
# Two bounds in the same direction are the exception: "at least 30" and "at least 21" could
# both be true, but they report different counts, so they agree only when the bounds are equal.
# Units compare after sources.quantities.comparable_value ("people killed" = "deaths", fractions
# as percent). A number with no unit never compares, except right after a killing verb or "death
# toll" ("the strikes killed 83"), where it counts as deaths. Generic units (percent, people,
# money, metres, ...) also need a shared search term in the words around the two numbers when
# both have any ("50 % of its surface" does not compare with "16 % more melting area"); the
# news casualty units in SPECIFIC_UNITS always compare. Overall: "conflict" when some claim
# quantity has comparable passage numbers and none of them agrees; else "agree" when some claim
# quantity agrees; else "none".

APPROXIMATION = 0.10
SPECIFIC_UNITS = frozenset({"deaths", "injuries", "attacks"})
CONTEXT_CHARS = 60
_SENTENCE_END_RE = re.compile(r"[.;!?]\s")
_APPROXIMATE = frozenset(
    {"about", "around", "approximately", "roughly", "some", "estimated", "close to", "or so"}
)
_JUST_BELOW = frozenset({"nearly", "almost", "just under", "just below"})
_JUST_ABOVE = frozenset({"just over", "just above"})
_AT_LEAST = frozenset(
    {"at least", "no fewer than", "no less than", "not fewer than", "not less than", "or more"}
    | {"a minimum of"}
)
_MORE_THAN = frozenset(
    {"more than", "over", "upwards of", "in excess of", "well over", "above", "well above"}
    | {"exceeding", "exceeds", "exceeded", "greater than", "higher than", "larger than"}
    | {"north of"}
)
_AT_MOST = frozenset(
    {"at most", "no more than", "not more than", "up to", "as many as", "as much as"}
    | {"or fewer", "or less", "a maximum of"}
)
_LESS_THAN = frozenset(
    {"less than", "fewer than", "under", "below", "lower than", "smaller than", "well below"}
    | {"well under"}
)
_KILLING_BEFORE_RE = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|death toll(?:\s+(?:of|at|to|rose to|reached|stands at|is|was|"
    r"climbed to|hit))?)\s*$",
    re.IGNORECASE,
)
_DIGITS_RE = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_SCALE_WORDS = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@dataclass(frozen=True, slots=True)
class _Interval:
    low: float
    high: float
    low_included: bool
    high_included: bool
    # Set for a plain number: its rounding interval only applies against another plain number
    # ("82" vs "82.4"); against a hedge ("more than 80") the number is taken as written, so
    # "80" does not satisfy "more than 80".
    written: float | None = None

    @property
    def bound(self) -> str | None:
        """ "lower" for "at least"/"more than", "upper" for "up to"/"less than", else None."""
        if self.high == math.inf and self.low != -math.inf:
            return "lower"
        if self.low == -math.inf and self.high != math.inf:
            return "upper"
        return None

    def overlaps(self, other: _Interval) -> bool:
        if self.bound is not None and self.bound == other.bound:
            # "at least 30" against "at least 21": both could hold, but they report different
            # counts, and that is what a fact-checker needs to see.
            if self.bound == "lower":
                return math.isclose(self.low, other.low, rel_tol=1e-9)
            return math.isclose(self.high, other.high, rel_tol=1e-9)
        first, second = self, other
        if first.written is not None and second.written is None:
            first = _Interval(first.written, first.written, True, True)
        if second.written is not None and self.written is None:
            second = _Interval(second.written, second.written, True, True)
        return first._intersects(second)

    def _intersects(self, other: _Interval) -> bool:
        if self.low > other.low or (self.low == other.low and not self.low_included):
            low, low_included = self.low, self.low_included
        else:
            low, low_included = other.low, other.low_included
        if self.high < other.high or (self.high == other.high and not self.high_included):
            high, high_included = self.high, self.high_included
        else:
            high, high_included = other.high, other.high_included
        return low < high or (low == high and low_included and high_included)


def _precision(quantity: Quantity) -> float:
    """One unit of the last digit written: "82" -> 1, "3.5%" -> 0.1, "1.2 million" -> 1e5."""
    if quantity.unit == "fraction":
        return 1.0  # compared as percent; "two-thirds" is about 66.7 %, not 66.666...
    digits = _DIGITS_RE.search(quantity.text)
    if digits is None:
        lowered = quantity.text.lower()
        scales = [size for word, size in _SCALE_WORDS.items() if word in lowered]
        return max(scales) if scales else 1.0
    written = float(digits.group().replace(",", ""))
    decimals = len(digits.group(1) or "")
    multiplier = abs(quantity.value / written) if written else 1.0
    return multiplier * 10.0**-decimals


def _unit(quantity: Quantity, text: str, offset: int) -> str | None:
    _, unit = comparable_value(quantity)
    if unit is None and text[quantity.start - offset : quantity.end - offset] == quantity.text:
        before = text[max(0, quantity.start - offset - 30) : quantity.start - offset]
        if _KILLING_BEFORE_RE.search(before):
            return "deaths"
    return unit


@dataclass(frozen=True, slots=True)
class _Amount:
    unit: str  # canonical
    interval: _Interval
    context: frozenset[str]  # search terms around the number, for generic units

    def comparable(self, other: _Amount) -> bool:
        if self.unit != other.unit:
            return False
        if self.unit in SPECIFIC_UNITS or not self.context or not other.context:
            return True
        return bool(self.context & other.context)


def _context(quantity: Quantity, text: str, offset: int) -> frozenset[str]:
    """Search terms in the same sentence within CONTEXT_CHARS of the quantity, minus its own."""
    start, end = quantity.start - offset, quantity.end - offset
    if text[start:end] != quantity.text:
        return frozenset()  # quantities found in some other text: no context to read
    before = _SENTENCE_END_RE.split(text[max(0, start - CONTEXT_CHARS) : start])[-1]
    after = _SENTENCE_END_RE.split(text[end : end + CONTEXT_CHARS])[0]
    own = set(tokenize(quantity.text))
    return frozenset(
        term for term in tokenize(f"{before} {after}") if term not in own and not term[0].isdigit()
    )


def _intervals(quantities: Sequence[Quantity], text: str, offset: int) -> list[_Amount]:
    """Unit, interval and context of each quantity with a unit; range ends are merged."""
    result: list[_Amount] = []
    index = 0
    while index < len(quantities):
        quantity = quantities[index]
        unit = _unit(quantity, text, offset)
        value, _ = comparable_value(quantity)
        qualifier = (quantity.qualifier or "").lower()
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        if qualifier in {"from", "between"} and following and following.qualifier == "to":
            high, _ = comparable_value(following)
            unit = unit or _unit(following, text, offset)
            if unit is not None:
                interval = _Interval(min(value, high), max(value, high), True, True)
                result.append(_Amount(unit, interval, _context(quantity, text, offset)))
            index += 2
            continue
        index += 1
        if unit is None:
            continue
        inf = float("inf")
        if qualifier in _APPROXIMATE:
            spread = abs(value) * APPROXIMATION
            interval = _Interval(value - spread, value + spread, True, True)
        elif qualifier in _JUST_BELOW:
            interval = _Interval(value - abs(value) * APPROXIMATION, value, True, True)
        elif qualifier in _JUST_ABOVE:
            interval = _Interval(value, value + abs(value) * APPROXIMATION, True, True)
        elif qualifier in _AT_LEAST:
            interval = _Interval(value, inf, True, False)
        elif qualifier in _MORE_THAN:
            interval = _Interval(value, inf, False, False)
        elif qualifier in _AT_MOST:
            interval = _Interval(-inf, value, False, True)
        elif qualifier in _LESS_THAN:
            interval = _Interval(-inf, value, False, False)
        elif qualifier in VAGUE_QUALIFIERS:
            interval = _Interval(2 * value, 10 * value, True, False)
        else:
            half = _precision(quantity) / 2
            interval = _Interval(value - half, value + half, False, False, written=value)
        result.append(_Amount(unit, interval, _context(quantity, text, offset)))
    return result


def number_agreement(
    claim_quantities: Sequence[Quantity], passage_text: str, *, claim_text: str | None = None
) -> str:
    """Do the passage's numbers agree with the claim's? "agree" | "conflict" | "none".

    See the rules above. ``claim_text`` (the text the claim quantities were found in, offsets
    from 0) gives the claim numbers their context: a unitless number after a killing verb
    counts as deaths, and generic units compare only when the words around them overlap.
    """
    claim = _intervals(claim_quantities, claim_text or "", 0)
    bare = _bare_numbers(claim_quantities, claim_text or "")
    if not claim and not bare:
        return "none"
    passage_numbers = extract_quantities(passage_text)
    passage = _intervals(passage_numbers, passage_text, 0)
    verdicts = []
    for claimed in claim:
        comparable = [amount.interval for amount in passage if claimed.comparable(amount)]
        if comparable:
            verdicts.append(any(claimed.interval.overlaps(interval) for interval in comparable))
    # A bare claim number ("rose to 212,000") has no unit to compare, so it can never make a
    # conflict; but the same distinctive number in a passage about the same thing agrees.
    for value, half, context in bare:
        if any(
            abs(comparable_value(other)[0] - value) <= half
            and context & _context(other, passage_text, 0)
            for other in passage_numbers
        ):
            verdicts.append(True)
    if not verdicts:
        return "none"
    return "agree" if all(verdicts) else "conflict"


# Below this a bare number ("3", "21") recurs too easily to say two texts agree on it.
BARE_NUMBER_MIN = 100


def _bare_numbers(
    quantities: Sequence[Quantity], text: str
) -> list[tuple[float, float, frozenset[str]]]:
    """Value, half a unit of its last digit, and context of each distinctive unitless number."""
    bare = []
    for quantity in quantities:
        if quantity.qualifier or quantity.value < BARE_NUMBER_MIN or _unit(quantity, text, 0):
            continue
        context = _context(quantity, text, 0)
        if context:
            bare.append((quantity.value, _precision(quantity) / 2, context))
    return bare


# --- Suggested stance -------------------------------------------------------------------------

# Words that negate what follows them in the same clause, and how far (in words) they reach.
_NEGATIONS = {
    "not": 4,
    "no": 3,
    "never": 4,
    "neither": 4,
    "nor": 3,
    "without": 3,
    "none": 4,
    "cannot": 4,
    "denied": 10,
    "denies": 10,
    "deny": 10,
    "denying": 10,
    "rejected": 10,
    "rejects": 10,
    "refuted": 10,
}
_CLAUSE_END_RE = re.compile(r"[.;:!?]|\bbut\b|\bhowever\b")
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
SUPPORT_COVERAGE = 0.6  # share of the claim's terms a passage must contain to suggest "supports"
NEGATION_COVERAGE = 0.3  # ... and to read a negation in it as denying the claim


def negated_terms(text: str) -> set[str]:
    """Search terms of ``text`` that fall within the reach of a negation in the same clause."""
    negated: set[str] = set()
    for clause in _CLAUSE_END_RE.split(text):
        tokens = [token.lower().replace("’", "'") for token in _WORD_RE.findall(clause)]
        reach = 0
        for token in tokens:
            if token.endswith("n't"):
                reach = 4
                continue
            if token in _NEGATIONS:
                reach = _NEGATIONS[token]
                continue
            if reach > 0:
                negated.update(tokenize(token))
                reach -= 1
    return negated


def suggest_stance(claim_text: str, passage_text: str, agreement: str) -> str:
    """A hint for the reviewer: "supports", "contradicts" or "unclear".

    "contradicts" when numbers conflict, or when one text negates a term the other asserts and
    has no negation of its own (the passage says "did not", "never", "denied" ... before a word
    of the claim, or the claim negates a word the passage states plainly), provided the passage
    holds NEGATION_COVERAGE of the claim's terms. "supports" when the texts do not differ in
    polarity on a shared term and either the numbers agree and the passage holds half of
    SUPPORT_COVERAGE of the claim's terms, or the claim has no numbers and the passage holds
    SUPPORT_COVERAGE of them. Anything else is "unclear".
    """
    if agreement == "conflict":
        return "contradicts"
    claim_terms = set(tokenize(claim_text))
    passage_terms = set(tokenize(passage_text))
    if not claim_terms:
        return "unclear"
    claim_negated = negated_terms(claim_text)
    passage_negated = negated_terms(passage_text)
    shared = claim_terms & passage_terms
    coverage = len(shared) / len(claim_terms)
    # A polarity mismatch on the claim's own terms: one text negates a shared term and the other
    # negates nothing. Negations elsewhere in the passage say nothing about the claim, and when
    # both texts negate something, word windows are too crude to tell who denies what.
    passage_only = (passage_negated & shared) - claim_negated
    claim_only = (claim_negated & shared) - passage_negated
    if coverage >= NEGATION_COVERAGE and (
        (passage_only and not claim_negated) or (claim_only and not passage_negated)
    ):
        return "contradicts"
    if passage_only or claim_only:
        return "unclear"  # the texts differ in polarity somewhere; never suggest "supports"
    if agreement == "agree" and coverage >= SUPPORT_COVERAGE / 2:
        return "supports"
    # A claim with numbers is only supported by a passage that states them.
    if agreement == "none" and extract_quantities(claim_text):
        return "unclear"
    if coverage >= SUPPORT_COVERAGE:
        return "supports"
    return "unclear"
