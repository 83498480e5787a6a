"""Claim memory core: restated claims are found, unrelated ones not, numbers decide "related"."""

from __future__ import annotations

import logging
import zlib
from pathlib import Path

import numpy as np
import pytest

from claim_workbench.memory.claim_memory import (
    COARSE_MIN_CLAIMS,
    LEXICAL_FEATURES,
    POOL_SIZE,
    SAME_CLAIM_THRESHOLD,
    ClaimMemoryIndex,
    MemoryMatch,
    numbers_differ,
)
from claim_workbench.memory.embeddings import (
    MINILM_NAME,
    CachedEncoder,
    CombinedEncoder,
    MiniLMEncoder,
    encoder_parts,
    load_default_encoder,
    minilm_files,
)

REVIEWED = [
    "The storm left at least 12,000 homes without power on the coast on Friday.",
    "The new bridge over the river cost the city 40 million dollars.",
    "Unemployment in the region fell to 4.1 percent in March.",
    "The mayor said the school will close because of falling enrolment.",
    "US strikes on boats in the Caribbean have killed 82 people since September.",
    "A study found that drinking coffee daily lowers the risk of heart disease.",
    "The hospital has treated more than 300 patients for heat stroke this summer.",
    "Police arrested the suspect near the train station on Tuesday night.",
]


@pytest.fixture(scope="module")
def lexical() -> ClaimMemoryIndex:
    return ClaimMemoryIndex(REVIEWED, encoder=None)


def test_restated_claim_is_found_first_and_shown_as_seen_before(lexical) -> None:
    matches = lexical.search(
        "On Friday the storm left 12,000 homes on the coast without power, the utility said."
    )
    assert matches[0].index == 0
    assert matches[0].relation == "same"
    assert matches[0].score >= SAME_CLAIM_THRESHOLD
    assert all(later.score <= matches[0].score for later in matches[1:])


def test_reworded_claim_with_the_same_figure_is_found(lexical) -> None:
    best = lexical.search("Since September, 82 people have been killed in US boat strikes")[0]
    assert best.index == 4
    assert best.relation == "same"
    assert best.score >= SAME_CLAIM_THRESHOLD


def test_unrelated_claim_is_not_shown_as_seen_before(lexical) -> None:
    matches = lexical.search("The football club signed a new goalkeeper from Brazil on Monday.")
    assert all(match.score < SAME_CLAIM_THRESHOLD for match in matches)


def test_claim_sharing_one_common_word_is_not_seen_before(lexical) -> None:
    matches = lexical.search("The river festival attracted record crowds on Friday.")
    assert all(match.score < SAME_CLAIM_THRESHOLD for match in matches)


def test_same_claim_with_a_different_number_is_related_not_same(lexical) -> None:
    best = lexical.search("The storm left at least 30,000 homes without power on the coast.")[0]
    assert best.index == 0
    assert best.relation == "related"


def test_hedged_figure_counts_as_the_same_number(lexical) -> None:
    best = lexical.search("More than 300 patients were treated for heat stroke at the hospital")[0]
    assert best.index == 6
    assert best.relation == "same"


def test_identical_claims_tie_in_the_order_they_were_given() -> None:
    claims = [
        "The factory closed in May.",
        "Wildfires destroyed 500 homes in the valley.",
        "The council approved a new budget.",
        "Wildfires destroyed 500 homes in the valley.",
    ]
    matches = ClaimMemoryIndex(claims, encoder=None).search("Wildfires destroyed 500 homes")
    assert [m.index for m in matches[:2]] == [1, 3]
    assert matches[0].score == matches[1].score


def test_search_is_repeatable_and_respects_top_k(lexical) -> None:
    query = "The city paid 40 million dollars for the new bridge"
    first = lexical.search(query, top_k=3)
    assert first == lexical.search(query, top_k=3)
    assert len(first) <= 3
    assert all(isinstance(match, MemoryMatch) for match in first)
    assert 0 <= first[-1].score <= first[0].score <= 100


def test_context_such_as_a_headline_helps_find_the_claim() -> None:
    claims = [
        ("A photograph shows a shark swimming on a flooded highway.", "Hurricane shark photo"),
        ("A photograph shows a crowd at the inauguration.", "Inauguration crowd size"),
    ]
    index = ClaimMemoryIndex(claims, encoder=None)
    assert index.search("hurricane shark")[0].index == 0
    assert len(index) == 2


def test_empty_inputs_give_no_matches(lexical) -> None:
    assert ClaimMemoryIndex([], encoder=None).search("anything at all") == []
    assert lexical.search("   ") == []
    assert lexical.search("storm homes power", top_k=0) == []


def test_a_claim_that_is_not_text_is_refused() -> None:
    with pytest.raises(TypeError, match="a claim is a string"):
        ClaimMemoryIndex([("text", 3)], encoder=None)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not one string"):
        ClaimMemoryIndex("one claim", encoder=None)


@pytest.mark.parametrize(
    ("new", "earlier", "differ"),
    [
        ("at least 12,000 homes lost power", "12,000 homes lost power", False),
        ("30,000 homes lost power", "12,000 homes lost power", True),
        ("the strikes killed 82 people", "82 people were killed in the strikes", False),
        ("the strikes killed 80 people", "82 people were killed in the strikes", True),
        ("homes lost power after the storm", "12,000 homes lost power", False),
        ("unemployment fell to 4.1 percent", "12,000 homes lost power", False),
    ],
)
def test_numbers_differ_only_when_the_same_kind_of_amount_disagrees(new, earlier, differ) -> None:
    assert numbers_differ(new, earlier) is differ


# --- with the sentence-embedding model (default install) -------------------------------------

PARAPHRASE = "Having a cup of joe every day is good for your heart, researchers say"


def test_the_default_index_uses_the_installed_model() -> None:
    index = ClaimMemoryIndex(REVIEWED)
    assert index.semantic and index.vectors is not None
    assert "minilm_cosine_claim" in index.feature_names
    assert encoder_parts(load_default_encoder())[0][0] == MINILM_NAME  # type: ignore[arg-type]


def test_embeddings_find_a_paraphrase_that_shares_few_words() -> None:
    index = ClaimMemoryIndex(REVIEWED)
    assert index.vectors is not None
    best = index.search(PARAPHRASE)
    assert best[0].index == 5
    assert best[0].score >= SAME_CLAIM_THRESHOLD
    # Word matching alone does not recognise it as the same claim.
    lexical_best = ClaimMemoryIndex(REVIEWED, encoder=None).search(PARAPHRASE)
    assert not lexical_best or lexical_best[0].score < SAME_CLAIM_THRESHOLD


def test_embeddings_do_not_make_unrelated_claims_seen_before() -> None:
    index = ClaimMemoryIndex(REVIEWED)
    matches = index.search("The football club signed a new goalkeeper from Brazil on Monday.")
    assert all(match.score < SAME_CLAIM_THRESHOLD for match in matches)


def test_stored_vectors_give_the_same_results_as_encoding_again() -> None:
    built = ClaimMemoryIndex(REVIEWED)
    assert built.vectors is not None
    reused = ClaimMemoryIndex(REVIEWED, vectors=built.vectors)
    query = "Police caught the suspect at the railway station"
    assert reused.search(query) == built.search(query)
    with pytest.raises(ValueError, match="stored vectors"):
        ClaimMemoryIndex(REVIEWED[:3], vectors=built.vectors)
    wrong = np.zeros((len(REVIEWED), 3), dtype=np.float32)
    with pytest.raises(ValueError, match="stored vectors"):
        ClaimMemoryIndex(REVIEWED, vectors=(wrong, wrong))


# --- the fallback to word matching ------------------------------------------------------------

RESTATED = "On Friday the storm left 12,000 homes on the coast without power, the utility said."


def _embedding_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "claim_workbench.memory.embeddings"]


def test_with_embeddings_off_the_default_index_is_lexical_and_still_finds_claims(
    embeddings_off: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="claim_workbench.memory.embeddings")
    index = ClaimMemoryIndex(REVIEWED)
    assert not index.semantic and index.vectors is None
    assert index.feature_names == LEXICAL_FEATURES
    assert index.search(RESTATED) == ClaimMemoryIndex(REVIEWED, encoder=None).search(RESTATED)
    assert index.search(RESTATED)[0].index == 0
    ClaimMemoryIndex(REVIEWED)
    (line,) = _embedding_lines(caplog)
    assert "WORKBENCH_EMBEDDINGS=off" in line


def test_a_model_that_cannot_load_leaves_the_index_lexical_with_one_logged_reason(
    damaged_minilm: Path, caplog: pytest.LogCaptureFixture
) -> None:
    index = ClaimMemoryIndex(REVIEWED)  # the damaged install is found and fails to load
    assert not index.semantic and index.feature_names == LEXICAL_FEATURES
    best = index.search(RESTATED)
    assert best[0].index == 0 and best[0].score >= SAME_CLAIM_THRESHOLD
    again = ClaimMemoryIndex(REVIEWED)  # tried once per process, logged once
    assert again.search(RESTATED) == best
    (line,) = _embedding_lines(caplog)
    assert "fall back to word matching" in line and "could not load" in line
    assert all(
        r.levelno == logging.WARNING
        for r in caplog.records
        if r.name == "claim_workbench.memory.embeddings"
    )


def test_an_index_built_from_stored_vectors_falls_back_at_its_first_search(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from claim_workbench.memory.embeddings import reset_default_encoder

    reset_default_encoder()
    good = ClaimMemoryIndex(REVIEWED)
    assert good.vectors is not None
    files = minilm_files()
    assert files is not None
    damaged = tmp_path / "model.onnx"
    damaged.write_bytes(b"\x08\x07 not an onnx graph")
    broken = MiniLMEncoder(damaged, files[1])
    index = ClaimMemoryIndex(REVIEWED, encoder=broken, vectors=good.vectors)
    assert index.semantic  # the model is only needed for the query
    best = index.search(RESTATED)
    assert not index.semantic and index.feature_names == LEXICAL_FEATURES
    assert best == ClaimMemoryIndex(REVIEWED, encoder=None).search(RESTATED)
    assert len(_embedding_lines(caplog)) == 1


# --- several models, and the fast nearest search over many claims ---------------------------


class ClusterEncoder:
    """A deterministic stand-in model: each text's vector is its topic's direction plus a small
    offset from its words, so texts of one topic are each other's nearest neighbours."""

    def __init__(self, name: str, dimension: int, topics: int = 50, seed: int = 0) -> None:
        self.name = name
        self.dimension = dimension
        rng = np.random.default_rng(seed)
        self._topics = rng.normal(size=(topics, dimension)).astype(np.float32)

    def encode(self, texts):
        rows = []
        for text in texts:
            topic = int(text.split()[1]) % len(self._topics)
            offset = np.random.default_rng(zlib.crc32(text.encode())).normal(size=self.dimension)
            row = self._topics[topic] + 0.3 * offset.astype(np.float32)
            rows.append(row / np.linalg.norm(row))
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dimension)


def test_combined_encoder_keeps_each_models_columns_and_names() -> None:
    first, second = ClusterEncoder("first", 8), ClusterEncoder("second", 16, seed=1)
    combined = CombinedEncoder([first, second])
    vectors = combined.encode(["topic 3 storm", "topic 4 bridge"])
    assert vectors.shape == (2, 24) and combined.dimension == 24
    assert np.allclose(vectors[:, :8], first.encode(["topic 3 storm", "topic 4 bridge"]))
    assert encoder_parts(combined) == (("first", 8), ("second", 16))
    assert encoder_parts(CachedEncoder(combined)) == encoder_parts(combined)
    assert encoder_parts(first) == (("first", 8),)


def test_each_model_gets_its_own_cosine_features() -> None:
    combined = CombinedEncoder([ClusterEncoder("first", 8), ClusterEncoder("second", 16, seed=1)])
    claims = [f"topic {i % 5} claim number {i}" for i in range(30)]
    with pytest.raises(ValueError, match="no fitted re-ranking weights"):
        ClaimMemoryIndex(claims, encoder=combined)
    weights = [0.0] * (1 + 9 + 8)
    weights[10] = 1.0  # the first model's claim cosine
    index = ClaimMemoryIndex(claims, encoder=combined, weights=weights)
    assert index.feature_names[9:13] == (
        "model1_cosine_claim",
        "model1_cosine_context",
        "model1_claim_reciprocal_rank",
        "model1_context_reciprocal_rank",
    )
    assert index.feature_names[13] == "model2_cosine_claim"
    pool = index.candidate_features("topic 2 something else")
    query = combined.encode(["topic 2 something else"])[0]
    vectors = combined.encode([claims[i] for i in pool.indices])
    assert np.allclose(pool.features[:, 9], vectors[:, :8] @ query[:8], atol=1e-5)
    assert np.allclose(pool.features[:, 13], vectors[:, 8:] @ query[8:], atol=1e-5)
    with pytest.raises(ValueError, match="expected 18 weights"):
        ClaimMemoryIndex(claims, encoder=combined, weights=[0.0] * 5)


def test_fast_nearest_search_over_many_claims_finds_the_exact_nearest() -> None:
    encoder = ClusterEncoder("clusters", 384, topics=400)
    claims = [f"topic {i % 400} report {i}" for i in range(COARSE_MIN_CLAIMS + 1000)]
    vectors = encoder.encode(claims)
    index = ClaimMemoryIndex(claims, encoder=encoder, vectors=(vectors, vectors))
    found = 0
    for topic in (3, 77, 150, 399):
        query = encoder.encode([f"topic {topic} new claim"])[0]
        exact = set(np.argsort(-(vectors @ query), kind="stable")[:POOL_SIZE].tolist())
        fast = set(index.nearest(query, POOL_SIZE).tolist())
        assert all(claims[i].startswith(f"topic {topic} ") for i in fast)
        found += len(exact & fast)
    assert found >= 0.97 * 4 * POOL_SIZE
    hidden = frozenset(sorted(exact)[:5])
    assert not hidden & set(index.nearest(query, POOL_SIZE, exclude=hidden).tolist())
