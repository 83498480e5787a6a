"""Claim memory: find earlier reviewed claims that a new claim restates (BM25, then re-ranking).

Same design as evidence matching: a BM25 index picks candidates (plus the nearest sentence
embeddings, see memory.embeddings; MiniLM is part of the default install), then every candidate is
re-scored with features that look at the pair as a whole: fuzzy ratios (rapidfuzz),
idf-weighted word coverage in both directions, how the candidate ranks, and cosine similarity.
The features are combined by a logistic model whose weights were fitted on the train split of
the CLEF CheckThat! 2020 verified-claim retrieval data (``bench/claim_memory.py --fit`` prints
them again); the score shown is its probability times 100, with the bias shifted so that 50 is
the train split's best decision boundary. Quantity agreement then says whether a match is the
"same" claim or only "related" (the numbers differ). When the embedding model is turned off
(``WORKBENCH_EMBEDDINGS=off``) or cannot load, the index is lexical: the same pipeline without
the cosine features, with its own fitted weights.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, utils

from claim_workbench.memory.embeddings import (
    MINILM_NAME,
    MPNET_NAME,
    EmbeddingsUnavailableError,
    SentenceEncoder,
    encoder_parts,
    load_default_encoder,
    report_fallback,
)
from claim_workbench.text.bm25 import BM25Index
from claim_workbench.text.quantities import comparable_value, extract_quantities
from claim_workbench.text.tokens import tokenize

# A claim to remember: its text, or (text, context) where the context is extra text about the
# same claim, such as the headline of the fact-check that reviewed it.
ClaimInput = str | tuple[str, str]

# How many candidates each retriever contributes to the re-ranking pool. Recall of the true
# claim in the pool is 0.99 on the train split at 40 each; the re-ranking cost grows linearly.
POOL_SIZE = 40

LEXICAL_FEATURES: tuple[str, ...] = (
    "bm25_relative",  # BM25 score / best BM25 score in the pool
    "bm25_reciprocal_rank",  # 1 / (1 + rank by BM25 within the pool)
    "query_coverage",  # idf-weighted share of the new claim's terms found in the earlier one
    "claim_coverage",  # idf-weighted share of the earlier claim's terms found in the new one
    "token_set_ratio",
    "partial_ratio",  # the earlier claim as a passage of the new text
    "token_sort_ratio",
    "partial_token_sort_ratio",
    "context_token_set_ratio",  # against the context (the claim itself when there is none)
)
# Per sentence-embedding model, prefixed with the model's short label ("minilm_cosine_claim").
SEMANTIC_FEATURES: tuple[str, ...] = (
    "cosine_claim",
    "cosine_context",
    # Ranked separately: the claim and its context each find restatements the other misses
    # (ranking by their sum instead lost about 0.02 MAP@5 in an early cross-validation on train).
    "claim_reciprocal_rank",
    "context_reciprocal_rank",
)
MODEL_LABELS: dict[str, str] = {MINILM_NAME: "minilm", MPNET_NAME: "mpnet"}

# Logistic weights (bias first, then one per feature, in the order of `feature_names`), fitted
# by `bench/claim_memory.py SPLIT --fit` on the train split, never on dev. One set per
# combination of models, because each must lean on different evidence. Each bias is shifted so
# that the train split's best-F1 boundary for "the top match is the same claim" lands on 50.
WEIGHTS: dict[tuple[str, ...], tuple[float, ...]] = {
    (): (
        -10.7464,
        4.9248, 2.9857, 2.0765, 2.1111, 0.8144, -0.5466, 1.2367, -0.1451, 2.3090,
    ),
    (MINILM_NAME,): (
        -9.7446,
        3.5182, 1.4242, 0.3066, -0.6249, 0.7362, -0.6441, -0.2303, -0.5052, 0.0444,
        2.1072, 1.4241, 2.9769, 1.1188,
    ),
    (MPNET_NAME,): (
        -9.7559,
        3.5318, 1.1511, -0.0932, -0.5501, 0.5067, -0.3975, -0.5974, 0.0725, -0.0921,
        2.5991, 1.6253, 2.8219, 1.5075,
    ),
    (MINILM_NAME, MPNET_NAME): (
        -9.0160,
        2.9908, 1.0065, 0.0279, -0.8329, 0.5189, -0.3972, -0.4376, -0.2366, -0.0853,
        0.1424, -0.3782, 2.0517, 0.0739,
        1.9396, 1.6862, 2.0509, 1.2517,
    ),
}  # fmt: skip
LEXICAL_WEIGHTS = WEIGHTS[()]
SEMANTIC_WEIGHTS = WEIGHTS[(MINILM_NAME,)]

# Above this many indexed claims the nearest-vector search first scores every claim on a
# reduced matrix (the leading principal directions of the vectors), then re-scores the best
# COARSE_CANDIDATES exactly: the full product over 100,000 claims is memory-bound (10-40 ms).
COARSE_MIN_CLAIMS = 20_000
COARSE_DIMENSIONS = 128
COARSE_CANDIDATES = 1_000
# Claims whose vectors estimate those directions: more only makes building slower.
COARSE_SAMPLE = 5_000

# Score (0..100) from which the best match is shown as "seen before": the best-F1 boundary on
# the train split (see the weights above and bench/RESULTS.md, "Claim memory (issue 9)").
SAME_CLAIM_THRESHOLD: float = 50.0

_URL_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
# Relative tolerance under which two values count as the same number ("12,000" vs "12000.5").
_SAME_VALUE_TOLERANCE = 0.01


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """An earlier claim that the searched claim may restate."""

    index: int  # index into the claims the index was built from
    score: float  # 0..100, how sure we are it is the same claim
    relation: Literal["same", "related"]  # "related": same subject, the numbers differ


@dataclass(frozen=True, slots=True)
class CandidateFeatures:
    """The re-ranking pool for one query: candidate indices and one feature row each."""

    indices: np.ndarray  # int64, shape (n,)
    features: np.ndarray  # float64, shape (n, len(feature_names))
    feature_names: tuple[str, ...]


class ClaimMemoryIndex:
    """Earlier reviewed claims, indexed once and searched for each new claim.

    ``encoder="default"`` uses the packaged sentence-embedding models (load_default_encoder:
    MiniLM, plus MPNet where installed) unless ``WORKBENCH_EMBEDDINGS=off``; ``encoder=None``
    forces lexical matching. An encoder that cannot load (EmbeddingsUnavailableError, while
    building or at the first search) leaves the index lexical, with the reason logged once
    (claim_workbench.memory.embeddings.report_fallback); :attr:`semantic` says which it is.
    ``vectors`` lets a caller reuse claim and context embeddings it stored from an earlier
    build (see :attr:`vectors`), since encoding is the slow part of building. ``weights``
    (bias first, one per feature) replaces the fitted ones; the fitting script uses it.
    """

    def __init__(
        self,
        claims: Sequence[ClaimInput],
        *,
        encoder: SentenceEncoder | None | Literal["default"] = "default",
        vectors: tuple[np.ndarray, np.ndarray] | None = None,
        weights: Sequence[float] | None = None,
    ) -> None:
        if isinstance(claims, str):
            raise TypeError("claims must be a sequence of claims, not one string")
        self._texts: list[str] = []
        self._contexts: list[str] = []
        for claim in claims:
            text, context = (claim, "") if isinstance(claim, str) else claim
            if not isinstance(text, str) or not isinstance(context, str):
                raise TypeError(f"a claim is a string or a (text, context) pair, got {claim!r}")
            self._texts.append(text)
            # Without a context the claim stands in for it, so the context features mean the
            # same thing whether or not a claim came with one.
            self._contexts.append(context.strip() or text)
        self._bm25 = BM25Index(
            [
                text if context == text else f"{text} {context}"
                for text, context in zip(self._texts, self._contexts, strict=True)
            ]
        )
        self._encoder = load_default_encoder() if encoder == "default" else encoder
        self._claim_vectors: np.ndarray | None = None
        self._context_vectors: np.ndarray | None = None
        self._coarse: tuple[np.ndarray, np.ndarray] | None = None
        if self._encoder is not None and self._texts:
            if vectors is not None:
                claim_vectors, context_vectors = vectors
                expected = (len(self._texts), self._encoder.dimension)
                if claim_vectors.shape != expected or context_vectors.shape != expected:
                    raise ValueError(
                        f"stored vectors have shapes {claim_vectors.shape} and "
                        f"{context_vectors.shape}, expected {expected} for these claims"
                    )
                self._claim_vectors = np.ascontiguousarray(claim_vectors, dtype=np.float32)
                self._context_vectors = (
                    self._claim_vectors
                    if context_vectors is claim_vectors
                    else np.ascontiguousarray(context_vectors, dtype=np.float32)
                )
            else:
                try:
                    self._claim_vectors = self._encoder.encode(self._texts)
                    self._context_vectors = self._encode_contexts()
                except EmbeddingsUnavailableError as error:
                    report_fallback(error)
                    self._encoder = self._claim_vectors = self._context_vectors = None
            if self._claim_vectors is not None and len(self._texts) >= COARSE_MIN_CLAIMS:
                self._coarse = self._coarse_matrix()
        self._configure(weights)
        self._unknown_term_idf = math.log1p((len(self._texts) + 0.5) / 0.5)

    def _configure(self, weights: Sequence[float] | None) -> None:
        """Feature names and weights for the models in use (none: lexical)."""
        self.semantic = self._claim_vectors is not None
        parts = encoder_parts(self._encoder) if self.semantic and self._encoder else ()
        self._parts: list[tuple[str, slice]] = []
        start = 0
        for number, (name, dimension) in enumerate(parts):
            self._parts.append(
                (MODEL_LABELS.get(name, f"model{number + 1}"), slice(start, start + dimension))
            )
            start += dimension
        self.feature_names = LEXICAL_FEATURES + tuple(
            f"{label}_{feature}" for label, _ in self._parts for feature in SEMANTIC_FEATURES
        )
        if weights is None:
            weights = self._weights_for(tuple(name for name, _ in parts))
        elif len(weights) != len(self.feature_names) + 1:
            raise ValueError(
                f"expected {len(self.feature_names) + 1} weights (bias first), got {len(weights)}"
            )
        self._bias = float(weights[0])
        self._weights = np.asarray(weights[1:], dtype=np.float64)

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def vectors(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(claim vectors, context vectors) when the index uses embeddings, for storing."""
        if self._claim_vectors is None or self._context_vectors is None:
            return None
        return self._claim_vectors, self._context_vectors

    @staticmethod
    def _weights_for(models: tuple[str, ...]) -> tuple[float, ...]:
        if models in WEIGHTS:
            return WEIGHTS[models]
        if len(models) == 1:
            # A model we have no fitted weights for: its cosines play MiniLM's part.
            return WEIGHTS[(MINILM_NAME,)]
        raise ValueError(f"no fitted re-ranking weights for the models {', '.join(models)}")

    def _encode_contexts(self) -> np.ndarray:
        assert self._encoder is not None and self._claim_vectors is not None
        if self._contexts == self._texts:
            return self._claim_vectors
        vectors = self._claim_vectors.copy()
        with_context = [
            i
            for i, (text, context) in enumerate(zip(self._texts, self._contexts, strict=True))
            if context != text
        ]
        if with_context:
            vectors[with_context] = self._encoder.encode([self._contexts[i] for i in with_context])
        return vectors

    def _coarse_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """(basis, reduced vectors): the leading right singular vectors of the claim (+ context)
        vectors, and every claim projected on them, for the first pass of the nearest search."""
        assert self._claim_vectors is not None and self._context_vectors is not None
        rows = np.random.default_rng(0).choice(
            len(self._texts), size=min(len(self._texts), COARSE_SAMPLE), replace=False
        )
        sample = self._claim_vectors[np.sort(rows)]
        if self._context_vectors is not self._claim_vectors:
            sample = sample + self._context_vectors[np.sort(rows)]
        dimensions = min(COARSE_DIMENSIONS, sample.shape[1])
        basis = np.linalg.svd(sample, full_matrices=False)[2][:dimensions].T
        basis = np.ascontiguousarray(basis, dtype=np.float32)
        reduced = self._claim_vectors @ basis
        if self._context_vectors is not self._claim_vectors:
            reduced += self._context_vectors @ basis
        return basis, np.ascontiguousarray(reduced, dtype=np.float32)

    def search(self, claim_text: str, *, top_k: int = 5) -> list[MemoryMatch]:
        """The earlier claims most likely restated by ``claim_text``, best first.

        Ties keep the order the claims were given in. Only candidates that share a search term
        (or, with embeddings, are among the nearest in meaning) are returned at all.
        """
        if top_k <= 0 or not self._texts or not claim_text.strip():
            return []
        pool = self.candidate_features(claim_text)
        if pool.indices.size == 0:
            return []
        scores = self.score_candidates(pool)
        order = np.lexsort((pool.indices, -scores))[:top_k]
        matches: list[MemoryMatch] = []
        for position in order:
            index = int(pool.indices[position])
            score = float(scores[position])
            relation: Literal["same", "related"] = (
                "related" if numbers_differ(claim_text, self._texts[index]) else "same"
            )
            matches.append(MemoryMatch(index=index, score=round(score, 2), relation=relation))
        return matches

    def score_candidates(self, pool: CandidateFeatures) -> np.ndarray:
        """Scores (0..100) of a pool's candidates: the re-ranking model's probability x 100."""
        logits = self._bias + _row_dots(pool.features, self._weights)
        return 100.0 / (1.0 + np.exp(-logits))

    def candidate_features(
        self, claim_text: str, *, exclude: frozenset[int] = frozenset()
    ) -> CandidateFeatures:
        """The re-ranking pool for ``claim_text`` and its feature rows.

        ``exclude`` hides some claims as if they were not indexed; the fitting script uses it to
        see what the best *wrong* candidate looks like when the right one is absent.
        """
        lexical_scores = self._bm25.scores(claim_text).astype(np.float64)
        pool = _top_indices(lexical_scores, POOL_SIZE, exclude, positive_only=True)
        query_vector = self._query_vector(claim_text)
        if query_vector is not None:
            pool = np.union1d(pool, self.nearest(query_vector, POOL_SIZE, exclude=exclude))
        if pool.size == 0:
            return CandidateFeatures(
                pool, np.zeros((0, len(self.feature_names))), self.feature_names
            )

        query_terms = set(tokenize(claim_text))
        query_folded = utils.default_process(claim_text)
        pool_lexical = lexical_scores[pool]
        best_lexical = max(float(pool_lexical.max()), 1e-9)
        lexical_ranks = _ranks(pool_lexical)
        rows: list[list[float]] = []
        for position, index in enumerate(pool.tolist()):
            text, context = self._texts[index], self._contexts[index]
            text_folded = utils.default_process(text)
            text_terms = set(tokenize(text))
            claim_terms = text_terms if context is text else text_terms | set(tokenize(context))
            rows.append(
                [
                    pool_lexical[position] / best_lexical,
                    1.0 / (1.0 + lexical_ranks[position]),
                    self._coverage(query_terms, claim_terms),
                    self._coverage(text_terms, query_terms),
                    fuzz.token_set_ratio(query_folded, text_folded) / 100,
                    fuzz.partial_ratio(text_folded, query_folded) / 100,
                    fuzz.token_sort_ratio(query_folded, text_folded) / 100,
                    fuzz.partial_token_sort_ratio(query_folded, text_folded) / 100,
                    fuzz.token_set_ratio(
                        query_folded,
                        text_folded if context is text else utils.default_process(context),
                    )
                    / 100,
                ]
            )
        features = np.asarray(rows, dtype=np.float64)
        if query_vector is not None:
            assert self._claim_vectors is not None and self._context_vectors is not None
            claim_rows = self._claim_vectors[pool]
            context_rows = (
                claim_rows
                if self._context_vectors is self._claim_vectors
                else self._context_vectors[pool]
            )
            columns: list[np.ndarray] = []
            for _, part in self._parts:
                claim_cosines = _row_dots(claim_rows[:, part], query_vector[part])
                context_cosines = _row_dots(context_rows[:, part], query_vector[part])
                columns += [
                    claim_cosines,
                    context_cosines,
                    1.0 / (1.0 + _ranks(claim_cosines)),
                    1.0 / (1.0 + _ranks(context_cosines)),
                ]
            features = np.hstack([features, np.column_stack(columns).astype(np.float64)])
        return CandidateFeatures(pool.astype(np.int64), features, self.feature_names)

    def _query_vector(self, claim_text: str) -> np.ndarray | None:
        if self._encoder is None or self._claim_vectors is None:
            return None
        try:
            # Links carry no meaning for the model and are frequent in pasted posts.
            return self._encoder.encode([_URL_RE.sub(" ", claim_text)])[0]
        except EmbeddingsUnavailableError as error:
            # Built from stored vectors, the index meets the model first here: from now on
            # it is lexical, with the lexical weights.
            report_fallback(error)
            self._encoder = self._claim_vectors = self._context_vectors = None
            self._coarse = None
            self._configure(None)
            return None

    def nearest(
        self, query_vector: np.ndarray, count: int, *, exclude: frozenset[int] = frozenset()
    ) -> np.ndarray:
        """Indices (sorted) of the ``count`` claims whose claim plus context cosines, summed over
        the models, are highest; approximate above COARSE_MIN_CLAIMS claims (see there)."""
        assert self._claim_vectors is not None and self._context_vectors is not None
        if self._coarse is None:
            return _top_indices(
                self._similarities(query_vector), count, exclude, positive_only=False
            )
        basis, reduced = self._coarse
        coarse = _row_dots(reduced, query_vector @ basis)
        shortlist = _top_indices(
            coarse, COARSE_CANDIDATES + len(exclude), exclude, positive_only=False
        )
        exact = self._similarities(query_vector, shortlist)
        best = _top_indices(exact, count, frozenset(), positive_only=False)
        return np.sort(shortlist[best])

    def _similarities(self, query_vector: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        assert self._claim_vectors is not None and self._context_vectors is not None
        claims = self._claim_vectors if rows is None else self._claim_vectors[rows]
        scores = _row_dots(claims, query_vector)
        if self._context_vectors is not self._claim_vectors:
            contexts = self._context_vectors if rows is None else self._context_vectors[rows]
            scores += _row_dots(contexts, query_vector)
        return scores

    def _coverage(self, terms: set[str], found_in: set[str]) -> float:
        """idf-weighted share of ``terms`` that occur in ``found_in`` (0 when no terms)."""
        if not terms:
            return 0.0
        total = found = 0.0
        for term in terms:
            weight = self._bm25.idf(term) or self._unknown_term_idf
            total += weight
            if term in found_in:
                found += weight
        return found / total


def _row_dots(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """``matrix @ vector`` without BLAS. A threaded BLAS product leaves its worker threads
    spinning on both cores for a while afterwards, and the next claim's encoding (onnxruntime,
    also on both cores) then took twice as long: 33 ms instead of 17 for MPNet. numpy's own
    loop runs on one thread and is nearly as fast for these memory-bound products."""
    return np.einsum("ij,j->i", matrix, vector)


def _top_indices(
    scores: np.ndarray, count: int, exclude: frozenset[int], *, positive_only: bool
) -> np.ndarray:
    """Indices of the ``count`` best scores (ties to the lower index), skipping ``exclude``."""
    if exclude:
        scores = scores.copy()
        scores[list(exclude)] = -np.inf
    eligible = np.flatnonzero(scores > 0) if positive_only else np.flatnonzero(scores > -np.inf)
    if eligible.size > count:
        kth = np.partition(scores[eligible], eligible.size - count)[eligible.size - count]
        eligible = eligible[scores[eligible] >= kth]
    order = np.lexsort((eligible, -scores[eligible]))[:count]
    return np.sort(eligible[order])


def _ranks(scores: np.ndarray) -> np.ndarray:
    """0-based rank of each score, best first; equal scores share a rank.

    Sharing matters: the same claim reviewed twice must get the same features, hence the same
    score, whichever copy comes first.
    """
    return (scores[None, :] > scores[:, None]).sum(axis=1).astype(np.float64)


def numbers_differ(new_claim: str, earlier_claim: str) -> bool:
    """True when both claims give an amount of the same kind and none of the values agree.

    "At least 12,000 homes" and "12,000 homes" agree; "30,000 homes" and "12,000 homes" differ.
    Claims that only one side quantifies do not differ: nothing contradicts.
    """
    new_values = _values_by_unit(new_claim)
    earlier_values = _values_by_unit(earlier_claim)
    for unit, values in new_values.items():
        others = earlier_values.get(unit)
        if not others:
            continue
        if not any(_same_value(value, other) for value in values for other in others):
            return True
    return False


def _values_by_unit(text: str) -> dict[str | None, list[float]]:
    values: dict[str | None, list[float]] = {}
    for quantity in extract_quantities(text):
        value, unit = comparable_value(quantity)
        values.setdefault(unit, []).append(value)
    return values


def _same_value(first: float, second: float) -> bool:
    return abs(first - second) <= _SAME_VALUE_TOLERANCE * max(abs(first), abs(second), 1e-9)
