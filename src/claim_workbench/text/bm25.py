"""In-memory BM25 index (Okapi BM25, Lucene idf) over many short texts: build once, query many."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from claim_workbench.text.tokens import tokenize


class BM25Index:
    """Inverted index with precomputed per-posting BM25 weights.

    Each term's postings are a slice of two flat numpy arrays (document ids, term weights), so a
    query costs one vectorised add per query term: a few milliseconds for 50,000+ documents.
    """

    def __init__(
        self,
        documents: Sequence[str],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        tokenizer: Callable[[str], list[str]] = tokenize,
    ) -> None:
        self._build([tokenizer(document) for document in documents], k1, b, tokenizer)

    @classmethod
    def from_terms(
        cls,
        term_lists: Sequence[Sequence[str]],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        tokenizer: Callable[[str], list[str]] = tokenize,
    ) -> BM25Index:
        """Index documents already tokenised (``tokenizer`` is still used for queries)."""
        index = cls.__new__(cls)
        index._build(term_lists, k1, b, tokenizer)
        return index

    def _build(
        self,
        term_lists: Sequence[Sequence[str]],
        k1: float,
        b: float,
        tokenizer: Callable[[str], list[str]],
    ) -> None:
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError(f"BM25 needs k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        self.k1 = k1
        self.b = b
        self.tokenizer = tokenizer
        self._size = len(term_lists)

        vocabulary: dict[str, int] = {}
        term_ids: list[int] = []
        doc_ids: list[int] = []
        frequencies: list[int] = []
        lengths = np.zeros(self._size, dtype=np.float64)
        for doc_id, terms in enumerate(term_lists):
            lengths[doc_id] = len(terms)
            for term, count in Counter(terms).items():
                term_ids.append(vocabulary.setdefault(term, len(vocabulary)))
                doc_ids.append(doc_id)
                frequencies.append(count)

        self._vocabulary = vocabulary
        average_length = float(lengths.mean()) if self._size and lengths.sum() else 1.0
        term_array = np.asarray(term_ids, dtype=np.int64)
        # Stable sort keeps each term's postings in document order.
        order = np.argsort(term_array, kind="stable")
        self._doc_ids = np.asarray(doc_ids, dtype=np.int32)[order]
        tf = np.asarray(frequencies, dtype=np.float64)[order]
        norm = k1 * (1.0 - b + b * lengths[self._doc_ids] / average_length)
        self._weights = (tf * (k1 + 1.0) / (tf + norm)).astype(np.float32)
        document_frequency = np.bincount(term_array, minlength=len(vocabulary))
        self._offsets = np.concatenate(([0], np.cumsum(document_frequency))).astype(np.int64)
        # Lucene's idf: never negative, so very common terms add little instead of subtracting.
        self._idf = np.log1p(
            (self._size - document_frequency + 0.5) / (document_frequency + 0.5)
        ).astype(np.float32)

    def __len__(self) -> int:
        return self._size

    def idf(self, term: str) -> float:
        """Inverse document frequency of an already tokenised term (0.0 when unknown)."""
        term_id = self._vocabulary.get(term)
        return 0.0 if term_id is None else float(self._idf[term_id])

    def document_frequency(self, term: str) -> int:
        """How many documents contain the tokenised ``term``."""
        term_id = self._vocabulary.get(term)
        if term_id is None:
            return 0
        return int(self._offsets[term_id + 1] - self._offsets[term_id])

    def score_terms(self, term_weights: Mapping[str, float]) -> np.ndarray:
        """BM25 score of every document for tokenised query terms, each scaled by its weight."""
        scores = np.zeros(self._size, dtype=np.float32)
        for term, weight in term_weights.items():
            term_id = self._vocabulary.get(term)
            if term_id is None or weight == 0:
                continue
            start, end = self._offsets[term_id], self._offsets[term_id + 1]
            # A document appears at most once per term, so fancy-index += is a correct scatter-add.
            scores[self._doc_ids[start:end]] += (
                np.float32(weight) * self._idf[term_id] * self._weights[start:end]
            )
        return scores

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (repeated query terms count repeatedly)."""
        return self.score_terms(Counter(self.tokenizer(query)))

    def search(self, query: str, top_k: int = 10) -> list[tuple[int, float]]:
        """Best ``top_k`` documents as (index, score), best first, ties broken by lower index.

        Documents sharing no term with the query are never returned.
        """
        return top_documents(self.scores(query), top_k)


def top_documents(scores: np.ndarray, top_k: int) -> list[tuple[int, float]]:
    """Indices of the ``top_k`` positive scores, best first, ties broken by lower index."""
    if top_k <= 0:
        return []
    candidates = np.flatnonzero(scores > 0)
    if candidates.size > top_k:
        # Partition first (linear), then keep every candidate tied with the k-th score so the
        # index tie-break below is decided over all of them, not an arbitrary subset.
        kth = np.partition(scores[candidates], candidates.size - top_k)[candidates.size - top_k]
        candidates = candidates[scores[candidates] >= kth]
    candidate_scores = scores[candidates]
    order = np.lexsort((candidates, -candidate_scores))[:top_k]
    return [(int(candidates[i]), float(candidate_scores[i])) for i in order]
