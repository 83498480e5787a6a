"""Tests for the search-term tokenizer (text.tokens) and the BM25 index (text.bm25)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from claim_workbench.text.bm25 import BM25Index
from claim_workbench.text.tokens import fold_for_alignment, tokenize


def test_tokenize_lowercases_drops_stopwords_and_stems() -> None:
    assert tokenize("The Polar Bears were Driving towards extinction") == [
        "polar",
        "bear",
        "drive",
        "toward",
        "extinct",
    ]


def test_tokenize_keeps_numbers_and_unifies_their_spellings() -> None:
    assert tokenize("Eighty-two people were killed") == tokenize("82 people killed")
    assert "1250" in tokenize("a total of 1,250 bears")
    assert "3.5" in tokenize("rose by 3.5 percent")
    assert "21" in tokenize("twenty one attacks")


def test_tokenize_merges_casualty_and_attack_words() -> None:
    assert tokenize("82 deaths in 21 attacks") == tokenize("82 killed in 21 strikes")
    assert tokenize("fatalities") == tokenize("dead") == tokenize("died")
    assert tokenize("wounded") == tokenize("injuries")
    assert tokenize("deaths") != tokenize("injuries")


def test_tokenize_is_unicode_aware_and_drops_possessives() -> None:
    assert tokenize("Zürich's Überschwemmung") == ["zürich", "überschwemmung"]
    assert tokenize("Earth's climate") == tokenize("Earth climate")


def test_tokenize_of_only_stopwords_is_empty() -> None:
    assert tokenize("it was not the one that they had") == ["1"]
    assert tokenize("and or but") == []


def test_fold_for_alignment_keeps_length_and_positions() -> None:
    text = "İstanbul: 82 DEATHS, “confirmed”."
    folded = fold_for_alignment(text)
    assert len(folded) == len(text)
    assert folded[folded.index("82") : folded.index("82") + 9] == "82 deaths"
    assert "," not in folded and "“" not in folded


def _reference_bm25(documents: list[str], query: str, k1: float, b: float) -> list[float]:
    """Textbook BM25 (Lucene idf) computed term by term, to check the vectorised index."""
    tokenised = [tokenize(d) for d in documents]
    average = sum(len(t) for t in tokenised) / len(tokenised)
    scores = []
    for terms in tokenised:
        counts = Counter(terms)
        total = 0.0
        for term in tokenize(query):
            df = sum(1 for t in tokenised if term in t)
            if not df or term not in counts:
                continue
            idf = math.log(1 + (len(documents) - df + 0.5) / (df + 0.5))
            tf = counts[term]
            total += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(terms) / average))
        scores.append(total)
    return scores


CORPUS = [
    "Sea ice in the Arctic is shrinking every summer.",
    "Polar bears depend on sea ice to hunt seals.",
    "The polar bear population is declining in two areas.",
    "Coral reefs bleach when ocean temperatures rise.",
    "Global temperatures have risen by about one degree since 1880.",
    "Bears, bears and more bears: a polar bear census in Svalbard.",
]


@pytest.mark.parametrize("query", ["polar bear sea ice", "temperatures rise", "bear census"])
@pytest.mark.parametrize(("k1", "b"), [(1.2, 0.75), (2.0, 0.3), (0.9, 1.0)])
def test_scores_match_textbook_bm25(query: str, k1: float, b: float) -> None:
    index = BM25Index(CORPUS, k1=k1, b=b)
    expected = _reference_bm25(CORPUS, query, k1, b)
    assert index.scores(query).tolist() == pytest.approx(expected, rel=1e-5)


def test_search_returns_best_first_and_only_matching_documents() -> None:
    index = BM25Index(CORPUS)
    results = index.search("polar bear population", top_k=10)
    ids = [doc_id for doc_id, _ in results]
    assert ids[0] == 2  # the only document with all three terms
    assert set(ids) == {1, 2, 5}
    scores = [score for _, score in results]
    assert scores == sorted(scores, reverse=True)


def test_rare_terms_outweigh_common_ones() -> None:
    documents = ["climate change"] * 5 + ["climate svalbard", "change svalbard"]
    index = BM25Index(documents)
    assert index.idf(tokenize("svalbard")[0]) > index.idf(tokenize("climate")[0])
    assert {doc_id for doc_id, _ in index.search("svalbard climate", top_k=1)} == {5}


def test_ties_are_broken_by_document_index() -> None:
    documents = ["unrelated text", "melting glaciers", "other words", "melting glaciers"] + [
        "melting glaciers"
    ] * 3
    index = BM25Index(documents)
    assert [doc_id for doc_id, _ in index.search("glaciers melting", top_k=3)] == [1, 3, 4]
    assert [doc_id for doc_id, _ in index.search("glaciers melting", top_k=10)] == [1, 3, 4, 5, 6]


def test_top_k_and_len() -> None:
    index = BM25Index(CORPUS)
    assert len(index) == len(CORPUS)
    assert len(index.search("bear", top_k=2)) == 2
    assert index.search("bear", top_k=0) == []


def test_query_without_known_terms_or_empty_corpus_returns_nothing() -> None:
    assert BM25Index(CORPUS).search("zebra xylophone") == []
    assert BM25Index(CORPUS).search("the of and") == []
    empty = BM25Index([])
    assert len(empty) == 0
    assert empty.search("anything") == []
    assert BM25Index(["", "   "]).search("anything") == []


def test_invalid_parameters_raise_a_clear_error() -> None:
    with pytest.raises(ValueError, match="0 <= b <= 1"):
        BM25Index(CORPUS, b=1.5)


def test_index_from_pretokenised_terms_scores_like_one_built_from_text() -> None:
    from_text = BM25Index(CORPUS)
    from_terms = BM25Index.from_terms([tokenize(document) for document in CORPUS])
    for query in ("polar bear sea ice", "temperatures rise"):
        assert from_terms.scores(query).tolist() == from_text.scores(query).tolist()
    assert len(from_terms) == len(CORPUS)
