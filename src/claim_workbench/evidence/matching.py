"""Evidence matching: rank passages for a claim, highlight the match, compare numbers, hint stance.

Retrieval is lexical (BM25 over stemmed terms, text.bm25) because it is fast and, measured on
Climate-FEVER, finds more gold evidence than fuzzy string similarity alone. rapidfuzz then scores
and aligns the claim against each candidate, and the signals are combined into one 0..100 score.
Given a sentence encoder (the workbench passes the default one, memory.embeddings), the nearest
passages by meaning join the candidates and cosine similarity takes half of the score; an
encoder that cannot load leaves matching lexical (the reason is logged once).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz

from claim_workbench.evidence.agreement import (
    AGREE,
    APPROXIMATE,
    DIFFERS,
    EARLIER_FIGURE,
    LATER_FIGURE,
    NOT_COMPARABLE,
    NOT_MENTIONED,
    QuantityCheck,
    bare_number_recurs,
    check_quantities,
    number_agreement,  # noqa: F401  (re-exported: callers import it from here)
    overall_agreement,
)
from claim_workbench.evidence.passages import Passage
from claim_workbench.memory.embeddings import EmbeddingsUnavailableError, report_fallback
from claim_workbench.text.bm25 import BM25Index, top_documents
from claim_workbench.text.quantities import Quantity, canonical_unit, extract_quantities
from claim_workbench.text.sentences import source_sentence_spans
from claim_workbench.text.tokens import fold_for_alignment, tokenize, word_spans, words

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
# The band of encoder cosines spread over the meaning part of a blended evidence score.
MEANING_FLOOR = 0.2
MEANING_CEILING = 0.8
# The share of a blended evidence score taken by meaning: less than PassageMatcher's
# SEMANTIC_WEIGHT, so that a passage agreeing on every figure still outranks a paraphrase that
# gives other figures (the evidence score's quantity part would otherwise be halved).
MEANING_SHARE = 0.5


# Words of one of these unit groups match each other in a highlight: "killed" and "deaths",
# "strikes" and "attacks" (claim_workbench.text.quantities.canonical_unit).
_UNIT_GROUPS = frozenset({"deaths", "injuries", "attacks", "percent"})


@dataclass(frozen=True, slots=True)
class PassageMatch:
    """One passage ranked for a claim, with what the reviewer needs to judge it."""

    passage: Passage
    score: float  # 0..100
    highlight_start: int  # offsets into passage.text of the span that best matches the claim
    highlight_end: int
    number_agreement: str  # "agree" | "conflict" | "update" | "none"
    stance: str  # suggested only: "supports" | "contradicts" | "unclear"
    # One per claim quantity: the passage's figure for it and its verdict (evidence.agreement).
    quantity_checks: tuple[QuantityCheck, ...] = ()
    # sentence_relevance: share of the claim found together in the passage's best sentence.
    relevance: float = 0.0


class TextEncoder(Protocol):
    """Anything that turns texts into L2-normalised vectors (e.g. memory.embeddings' encoder)."""

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


# --- The one evidence score -------------------------------------------------------------------
#
# Every place that orders evidence (attach, search, the evidence pane, the reports) orders it by
# evidence_score, which depends on the claim and the passage alone, never on which other
# passages were ranked with it: a score stored at attach time means the same as one computed by
# a search over every source, and passages of different sources compare. (PassageMatcher's
# scores are relative to its collection, through BM25 and idf: they pick the shortlist only.)

# Shares of the score. The lexical part: coverage of the claim's weighted terms (in the passage
# or its context), the share of the passage's terms that are the claim's (so a short passage
# saying just that beats a long one saying it among other things), and fuzzy alignment. The
# sentence part: the claim's terms together in one sentence, a claim figure counting as there
# when the sentence gives a figure for the same count. The quantity part: how the claim's
# quantities fare (QUANTITY_CREDIT). Without quantities the lexical and sentence parts share
# the whole score.
LEXICAL_SHARE = 0.5
SENTENCE_SHARE = 0.25
QUANTITY_SHARE = 0.25
COVERAGE_PART, DENSITY_PART, FUZZY_PART = 0.6, 0.2, 0.2
# Terms found only in the passage's context (its source's title) count this much.
CONTEXT_SHARE = 1.0
# Credit of each per-quantity verdict: a passage agreeing on the numbers ranks above one that
# differs from them; a differing figure is still about the claim (and worth seeing), an event's
# count or a missing figure is not.
QUANTITY_CREDIT = {
    AGREE: 1.0,
    APPROXIMATE: 0.8,
    LATER_FIGURE: 0.6,
    EARLIER_FIGURE: 0.6,
    DIFFERS: 0.4,
    NOT_COMPARABLE: 0.0,
    NOT_MENTIONED: 0.0,
}
# Claim terms that say little on their own (reporting verbs, generic nouns) weigh less; numbers
# and names (capitalised inside the sentence) weigh more.
WEAK_TERM_WEIGHT = 0.4
STRONG_TERM_WEIGHT = 1.5
_WEAK_TERMS = frozenset(
    tokenize(
        "said says say told tell according report reported reports added stated claimed "
        "year years time times new made make use used way people thing number"
    )
)
_CAPITALISED_RE = re.compile(r"(?<=[^\W\d_]) +([A-Z][^\W\d_]+)|(?<=[,;:]) +([A-Z][^\W\d_]+)")
# The relevance floor (is_relevant): a passage whose best sentence holds less than
# RELEVANCE_FLOOR of the claim's term weight (sentence_relevance) is not kept as evidence, and
# for a claim with quantities neither is one that gives no figure for any of its counts unless
# it holds FIGURELESS_FLOOR of the claim. It stays searchable in its source. bench/evidence.py
# reports how much annotated evidence falls below the floor.
RELEVANCE_FLOOR = 0.12
FIGURELESS_FLOOR = 0.4


def is_relevant(match: PassageMatch) -> bool:
    """Is the passage about the claim enough to be kept as evidence? (see RELEVANCE_FLOOR)"""
    if match.relevance < RELEVANCE_FLOOR:
        return False
    checks = match.quantity_checks
    if not checks or any(check.verdict != NOT_MENTIONED for check in checks):
        return True
    return match.relevance >= FIGURELESS_FLOOR


def term_weights(claim_text: str, quantities: Sequence[Quantity] = ()) -> dict[str, float]:
    """Weight of each of the claim's search terms in the evidence score.

    Numbers, names and the words of the claim's quantities ("attacks" of "21 attacks") weigh
    STRONG_TERM_WEIGHT, reporting verbs and generic nouns WEAK_TERM_WEIGHT, the rest 1.
    """
    names = {
        term
        for match in _CAPITALISED_RE.finditer(claim_text)
        for term in tokenize(match.group(1) or match.group(2))
    }
    names.update(term for quantity in quantities for term in tokenize(quantity.text))
    weights: dict[str, float] = {}
    for term in tokenize(claim_text):
        if term[0].isdigit() or term in names:
            weights[term] = STRONG_TERM_WEIGHT
        elif term in _WEAK_TERMS:
            weights[term] = WEAK_TERM_WEIGHT
        else:
            weights[term] = 1.0
    return weights


def evidence_score(
    claim_text: str,
    passage_text: str,
    checks: Sequence[QuantityCheck] = (),
    *,
    context: str = "",
    weights: dict[str, float] | None = None,
) -> float:
    """How well the passage speaks to the claim, 0..100, from the two texts alone.

    ``checks`` are the passage's per-quantity checks (evidence.agreement.check_quantities, with
    offsets into ``passage_text``); without any (the claim has no quantity) the lexical and
    sentence parts share the score. ``context`` (the source's title) adds the terms it holds at
    CONTEXT_SHARE of their weight.
    """
    weights = term_weights(claim_text) if weights is None else weights
    total = sum(weights.values())
    if not total or not passage_text.strip():
        return 0.0
    passage_terms = set(tokenize(passage_text))
    context_terms = set(tokenize(context)) - passage_terms if context else set()
    coverage = (
        sum(weight for term, weight in weights.items() if term in passage_terms)
        + CONTEXT_SHARE * sum(weight for term, weight in weights.items() if term in context_terms)
    ) / total
    density = math.sqrt(len(passage_terms & weights.keys()) / max(1, len(passage_terms)))
    fuzzy = fuzz.token_set_ratio(fold_for_alignment(claim_text), fold_for_alignment(passage_text))
    lexical = COVERAGE_PART * coverage + DENSITY_PART * density + FUZZY_PART * fuzzy / 100.0
    sentence = sentence_relevance(
        claim_text, passage_text, checks, weights=weights, context_terms=context_terms
    )
    if not checks:
        share = LEXICAL_SHARE + SENTENCE_SHARE
        return round(100.0 * (LEXICAL_SHARE * lexical + SENTENCE_SHARE * sentence) / share, 2)
    credit = sum(QUANTITY_CREDIT.get(check.verdict, 0.0) for check in checks) / len(checks)
    return round(
        100.0 * (LEXICAL_SHARE * lexical + SENTENCE_SHARE * sentence + QUANTITY_SHARE * credit), 2
    )


def sentence_relevance(
    claim_text: str,
    passage_text: str,
    checks: Sequence[QuantityCheck] = (),
    *,
    weights: dict[str, float] | None = None,
    context_terms: set[str] | frozenset[str] = frozenset(),
) -> float:
    """Share (0..1) of the claim's term weight found together in the passage's best sentence.

    ``context_terms`` (of the source's title, which states every sentence's subject) count in
    each sentence at CONTEXT_SHARE.

    A claim figure counts as found in a sentence that gives a figure for the same count, agreeing
    or not (a check other than "not mentioned" whose passage figure lies in it): "83 killed"
    speaks to the claim's "82 deaths" as much as "82 killed" does.
    """
    weights = term_weights(claim_text) if weights is None else weights
    total = sum(weights.values())
    if not total:
        return 0.0
    figures = [
        (check.passage_start, set(tokenize(check.claim)) & weights.keys())
        for check in checks
        if check.verdict != NOT_MENTIONED and check.passage_start is not None
    ]
    best = 0.0
    for start, end in source_sentence_spans(passage_text) or [(0, len(passage_text))]:
        found = set(tokenize(passage_text[start:end])) & weights.keys()
        for position, terms in figures:
            if start <= position < end:
                found |= terms
        extra = (context_terms & weights.keys()) - found
        best = max(
            best,
            sum(weights[term] for term in found)
            + CONTEXT_SHARE * sum(weights[term] for term in extra),
        )
    return min(1.0, best / total)


# --- Ranking the passages of one source -------------------------------------------------------

# Passages a PassageMatcher shortlists before the evidence score orders them.
SHORTLIST = 100


@dataclass(frozen=True, slots=True)
class EvidenceContext:
    """What the evidence is judged against besides the texts: dates and the source's title."""

    claim_date: dt.date | None = None  # the article's published date
    source_date: dt.date | None = None  # the source's published date
    title: str = ""  # the source's title (scored as context, never highlighted)


def meaning_similarities(
    encoder: TextEncoder | None, claim_text: str, texts: Sequence[str]
) -> list[float] | None:
    """Cosine similarity of the claim to each text by the sentence encoder; None without one
    (or when it cannot load: the reason is logged once and matching stays lexical)."""
    if encoder is None or not texts:
        return None
    try:
        # The claim alone, then the texts: a vector must not depend on what it was batched with
        # (padding moves an int8 model's output a little), or attach and search would differ.
        query = np.asarray(encoder.encode([claim_text]), dtype=np.float32)[0]
        vectors = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    except EmbeddingsUnavailableError as error:
        report_fallback(error)
        return None
    return [float(value) for value in vectors @ query]


def with_meaning(match: PassageMatch, similarity: float | None) -> PassageMatch:
    """The match scored with the encoder's similarity too, at MEANING_SHARE of the score: a
    paraphrase that shares few words with the claim can still rank first, while the figures'
    agreement keeps its weight. Attach, search and so the app and the reports score alike."""
    if similarity is None:
        return match
    # MiniLM's cosines for sentences on one subject lie between about 0.2 (loosely related) and
    # 0.8 (a restatement); spread that band over 0..100 so meaning weighs like the word score.
    meaning = min(1.0, max(0.0, (similarity - MEANING_FLOOR) / (MEANING_CEILING - MEANING_FLOOR)))
    blended = (1.0 - MEANING_SHARE) * match.score + MEANING_SHARE * 100.0 * meaning
    return replace(match, score=round(blended, 2))


def rank_passages(
    claim_text: str,
    passages: Sequence[Passage],
    *,
    claim_quantities: Sequence[Quantity] | None = None,
    top_k: int = 5,
    context: EvidenceContext | None = None,
    relevant_only: bool = False,
    encoder: TextEncoder | None = None,
    rerank_depth: int | None = RERANK_DEPTH,
) -> list[PassageMatch]:
    """Best ``top_k`` passages for a claim by evidence_score, best first, overlaps dropped.

    Sentence windows overlap their sentences; showing the same sentence three times (alone, with
    the one before, with the one after) wastes the reviewer's five slots, so a passage that
    overlaps a better-ranked one is skipped (passages of different sources never count as
    overlapping). A PassageMatcher shortlists SHORTLIST passages sharing terms with the claim;
    with ``relevant_only`` passages below the relevance floor (is_relevant) are left out.
    ``claim_quantities`` default to the quantities found in ``claim_text``. ``encoder``
    (optional) brings meaning into the shortlist, as in PassageMatcher (its RERANK_DEPTH best
    lexical candidates re-scored, so the cost does not grow with the source); the shortlist's
    order then breaks ties between equal evidence scores.
    """
    if top_k <= 0 or not passages:
        return []
    if claim_quantities is None:
        claim_quantities = extract_quantities(claim_text)
    matcher = PassageMatcher(
        [passage.text for passage in passages], encoder=encoder, rerank_depth=rerank_depth
    )
    shortlist = matcher.rank(claim_text, top_k=SHORTLIST, candidates=SHORTLIST)
    weights = term_weights(claim_text, claim_quantities)
    scored = [
        match_passage(
            claim_text,
            passages[index],
            claim_quantities=claim_quantities,
            context=context,
            weights=weights,
        )
        for index, _ in shortlist
    ]
    if matcher.semantic:
        similarities = meaning_similarities(
            encoder, claim_text, [match.passage.text for match in scored]
        )
        if similarities is not None:
            scored = [with_meaning(m, sim) for m, sim in zip(scored, similarities, strict=True)]
    order = {id(passages[index]): rank for rank, (index, _) in enumerate(shortlist)}
    scored.sort(key=lambda match: (-match.score, order[id(match.passage)]))
    chosen: list[PassageMatch] = []
    for match in scored:
        if relevant_only and not is_relevant(match):
            continue
        if any(_overlaps(match.passage, kept.passage) for kept in chosen):
            continue
        chosen.append(match)
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
    score: float | None = None,
    claim_quantities: Sequence[Quantity] | None = None,
    context: EvidenceContext | None = None,
    weights: dict[str, float] | None = None,
) -> PassageMatch:
    """Describe one passage for the reviewer: score, per-quantity checks, highlight, stance.

    ``score`` defaults to evidence_score (give one only to show another ranking's figure);
    ``claim_quantities`` default to the quantities found in ``claim_text``.
    """
    context = context or EvidenceContext()
    if claim_quantities is None:
        claim_quantities = extract_quantities(claim_text)
    checks = check_quantities(
        claim_quantities,
        passage.text,
        claim_text=claim_text,
        claim_date=context.claim_date,
        source_date=context.source_date,
    )
    agreement = overall_agreement(checks)
    if agreement == "none" and bare_number_recurs(claim_quantities, claim_text, passage.text):
        agreement = "agree"
    if weights is None:
        weights = term_weights(claim_text, claim_quantities)
    if score is None:
        score = evidence_score(
            claim_text, passage.text, checks, context=context.title, weights=weights
        )
    title_terms = frozenset(tokenize(context.title)) if context.title else frozenset()
    relevance = sentence_relevance(
        claim_text, passage.text, checks, weights=weights, context_terms=title_terms
    )
    anchors = [
        (check.passage_start, check.passage_end)
        for check in checks
        if check.verdict in ANCHORED_VERDICTS
        and check.passage_start is not None
        and check.passage_end is not None
    ]
    highlight_start, highlight_end = highlight_span(claim_text, passage.text, anchors=anchors)
    return PassageMatch(
        passage=passage,
        score=score,
        highlight_start=highlight_start,
        highlight_end=highlight_end,
        number_agreement=agreement,
        stance=stance_hint(claim_text, passage.text, agreement),
        quantity_checks=tuple(checks),
        relevance=round(relevance, 4),
    )


# Verdicts whose passage figure the highlight must include (the reviewer must see it).
ANCHORED_VERDICTS = frozenset({AGREE, APPROXIMATE, DIFFERS, LATER_FIGURE, EARLIER_FIGURE})
# The highlight is the stretch of words maximising (claim terms covered) - HIGHLIGHT_WORD_COST
# per word - HIGHLIGHT_BREAK_COST per sentence or clause end crossed: a claim term is worth
# bridging a few other words for, not a sentence, unless the next sentence adds two or more.
HIGHLIGHT_WORD_COST = 0.15
HIGHLIGHT_BREAK_COST = 1.5
_CLAUSE_BREAK_RE = re.compile(r"[.;:!?…][\"'”’»)\]]*\s")


def highlight_span(
    claim_text: str, passage_text: str, *, anchors: Sequence[tuple[int, int]] = ()
) -> tuple[int, int]:
    """Offsets into ``passage_text`` of the smallest stretch carrying the claim; (0, 0) if none.

    A passage word carries a claim term when it has the same stem, a close spelling (words of 5+
    letters) or the same unit group ("killed" for "deaths", "strikes" for "attacks"). The
    stretch starts and ends on such words and is chosen to cover the most distinct claim terms
    at the least length (HIGHLIGHT_WORD_COST per word) and the fewest sentence or clause ends
    crossed (HIGHLIGHT_BREAK_COST each). ``anchors`` (offsets into the passage, such as the
    passage figures matched to the claim's quantities) are always inside it.
    """
    folded_passage = fold_for_alignment(passage_text)
    spans = word_spans(folded_passage)
    if not spans:
        return 0, 0
    claim_terms = set(tokenize(claim_text))
    claim_words = words(claim_text)
    long_claim_words = [word for word in claim_words if len(word) >= 5]
    claim_unit_groups = {canonical_unit(word) for word in claim_words} & _UNIT_GROUPS
    carried: list[str | None] = []
    for start, end in spans:
        word = folded_passage[start:end]
        terms = tokenize(word)
        group = canonical_unit(word)
        if terms and terms[0] in claim_terms:
            carried.append(terms[0])
        elif group in claim_unit_groups:
            carried.append(f"unit:{group}")
        elif len(word) >= 5 and (
            close := next((o for o in long_claim_words if fuzz.ratio(word, o) >= 85), None)
        ):
            carried.append(f"word:{close}")
        else:
            carried.append(None)
    anchored = [
        index
        for index, (start, end) in enumerate(spans)
        if any(start < high and end > low for low, high in anchors)
    ]
    ends = [index for index, term in enumerate(carried) if term is not None or index in anchored]
    if not ends:
        return 0, 0
    breaks = [match.start() for match in _CLAUSE_BREAK_RE.finditer(passage_text)]
    must_low = min(anchored) if anchored else len(spans)
    must_high = max(anchored) if anchored else -1
    best: tuple[float, int, int] | None = None
    best_span = (0, 0)
    for first in ends:
        if first > must_low:
            break
        covered: set[str] = set()
        for last in ends:
            if last < first:
                continue
            # Every carrying word is in ``ends``: nothing between two of them is to be added.
            term = carried[last]
            if term is not None:
                covered.add(term)
            if last < must_high:
                continue
            start, end = spans[first][0], spans[last][1]
            crossed = sum(1 for position in breaks if start <= position < end - 1)
            value = (
                len(covered)
                - HIGHLIGHT_WORD_COST * (last - first + 1)
                - HIGHLIGHT_BREAK_COST * crossed
            )
            key = (round(value, 6), -(end - start), -start)
            if best is None or key > best:
                best, best_span = key, (start, end)
    return best_span


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


@dataclass(frozen=True, slots=True)
class StanceBasis:
    """What a stance suggestion rests on: the rule that fired and how much of the claim it saw."""

    stance: str  # "supports" | "contradicts" | "unclear"
    rule: str  # one of STANCE_RULES, or "" when no rule fired
    coverage: float  # share of the claim's search terms found in the passage (the confidence)


# The rules behind a suggestion, each calibrated on its own (bench/evidence.py).
STANCE_RULES = (
    "numbers differ",  # a claim quantity differs: contradicts
    "negation",  # one text negates a term the other asserts: contradicts
    "numbers agree",  # the claim's numbers agree: supports
    "words",  # the claim has no numbers and its words are there: supports
)


def stance_basis(claim_text: str, passage_text: str, agreement: str) -> StanceBasis:
    """The plain rules (see suggest_stance), with the rule that fired and its coverage."""
    claim_terms = set(tokenize(claim_text))
    passage_terms = set(tokenize(passage_text))
    shared = claim_terms & passage_terms
    coverage = len(shared) / len(claim_terms) if claim_terms else 0.0
    if agreement == "conflict":
        return StanceBasis("contradicts", "numbers differ", coverage)
    if not claim_terms:
        return StanceBasis("unclear", "", 0.0)
    claim_negated = negated_terms(claim_text)
    passage_negated = negated_terms(passage_text)
    # A polarity mismatch on the claim's own terms: one text negates a shared term and the other
    # negates nothing. Negations elsewhere in the passage say nothing about the claim, and when
    # both texts negate something, word windows are too crude to tell who denies what.
    passage_only = (passage_negated & shared) - claim_negated
    claim_only = (claim_negated & shared) - passage_negated
    if coverage >= NEGATION_COVERAGE and (
        (passage_only and not claim_negated) or (claim_only and not passage_negated)
    ):
        return StanceBasis("contradicts", "negation", coverage)
    if passage_only or claim_only:
        # The texts differ in polarity somewhere; never suggest "supports".
        return StanceBasis("unclear", "", coverage)
    if agreement == "agree" and coverage >= SUPPORT_COVERAGE / 2:
        return StanceBasis("supports", "numbers agree", coverage)
    # A claim with numbers is only supported by a passage that states them.
    if agreement in ("none", "update") and extract_quantities(claim_text):
        return StanceBasis("unclear", "", coverage)
    if coverage >= SUPPORT_COVERAGE:
        return StanceBasis("supports", "words", coverage)
    return StanceBasis("unclear", "", coverage)


def suggest_stance(claim_text: str, passage_text: str, agreement: str) -> str:
    """The plain rule's suggestion: "supports", "contradicts" or "unclear" (ungated).

    "contradicts" when numbers conflict, or when one text negates a term the other asserts and
    has no negation of its own (the passage says "did not", "never", "denied" ... before a word
    of the claim, or the claim negates a word the passage states plainly), provided the passage
    holds NEGATION_COVERAGE of the claim's terms. "supports" when the texts do not differ in
    polarity on a shared term and either the numbers agree and the passage holds half of
    SUPPORT_COVERAGE of the claim's terms, or the claim has no numbers and the passage holds
    SUPPORT_COVERAGE of them. Anything else is "unclear". What the reviewer is shown is
    stance_hint: this, only where it has been measured to be right often enough.
    """
    return stance_basis(claim_text, passage_text, agreement).stance


# The least coverage at which each rule's suggestion is shown, None for never: the lowest
# coverage at which the rule was right at least HINT_PRECISION of the time on the calibration
# half of Climate-FEVER dev (bench/evidence.py --calibrate; the figures on the other half are in
# bench/RESULTS.md). Below it, or for a rule never that precise, the hint is "unclear".
HINT_PRECISION = 0.8
HINT_MIN_COVERAGE: dict[str, float | None] = {
    "numbers differ": None,
    "negation": None,
    "numbers agree": None,
    "words": None,
}


def stance_hint(claim_text: str, passage_text: str, agreement: str) -> str:
    """The stance hint shown to the reviewer: the rule's suggestion where it is reliable."""
    basis = stance_basis(claim_text, passage_text, agreement)
    threshold = HINT_MIN_COVERAGE.get(basis.rule)
    if basis.stance == "unclear" or threshold is None or basis.coverage < threshold:
        return "unclear"
    return basis.stance
