"""Benchmark claim memory on CLEF CheckThat! 2020 task 2 (tweets restating fact-checked claims).

Usage:
    bench/claim_memory.py [SPLIT_DIR]            MAP@5 on a split (default: the dev split)
    bench/claim_memory.py SPLIT_DIR --fit        fit the re-ranking weights and threshold
    bench/claim_memory.py SPLIT_DIR --cv 4       cross-validated MAP@5 of fitting (use train)
    bench/claim_memory.py [SPLIT_DIR] --speed    time searches against 100,000 claims

SPLIT_DIR holds tweets.queries.tsv and tweet-vclaim-pairs.qrels; verified_claims.docs.tsv is
read from its parent folder. Every verified claim is indexed as an earlier reviewed claim (its
fact-check title as context) and each tweet is searched. MAP@5 is the lab's measure: average
precision over the top 5, divided by min(relevant, 5). The last line is `MAP@5=0.xxx` for the
default configuration (with sentence embeddings: MiniLM, plus MPNet where installed).
Fit on the train split only; report dev.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claim_workbench.memory.claim_memory import (  # noqa: E402
    COARSE_MIN_CLAIMS,
    LEXICAL_FEATURES,
    MODEL_LABELS,
    POOL_SIZE,
    SAME_CLAIM_THRESHOLD,
    SEMANTIC_FEATURES,
    CandidateFeatures,
    ClaimMemoryIndex,
)
from claim_workbench.memory.embeddings import (  # noqa: E402
    CachedEncoder,
    CombinedEncoder,
    SentenceEncoder,
    encoder_parts,
    load_default_encoder,
)
from claim_workbench.text.bm25 import BM25Index  # noqa: E402

DEFAULT_SPLIT = (
    Path(__file__).resolve().parents[2] / "shared" / "datasets" / "checkthat2020-task2" / "dev"
)


CLAIM_ORDER_SEED = 2020


@dataclass(frozen=True, slots=True)
class VerifiedClaim:
    claim_id: str
    text: str
    title: str


@dataclass(frozen=True, slots=True)
class Split:
    claims: list[VerifiedClaim]
    tweets: list[tuple[str, str]]  # (tweet_id, text)
    relevant: dict[str, set[str]]  # tweet_id -> verified claim ids


def load_split(split_dir: Path) -> Split:
    """Read a split folder and the verified claims beside it; one-line errors for bad input."""
    paths = {
        "claims": split_dir.parent / "verified_claims.docs.tsv",
        "tweets": split_dir / "tweets.queries.tsv",
        "qrels": split_dir / "tweet-vclaim-pairs.qrels",
    }
    for path in paths.values():
        if not path.is_file():
            raise SystemExit(f"error: {path} not found (expected a CheckThat! 2020 split folder)")
    with paths["claims"].open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    claims = [VerifiedClaim(row[0], row[1], row[2]) for row in rows if len(row) >= 3]
    with paths["tweets"].open(newline="", encoding="utf-8") as handle:
        tweets = [(row[0], row[1]) for row in list(csv.reader(handle, delimiter="\t"))[1:]]
    relevant: dict[str, set[str]] = {}
    for line in paths["qrels"].read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[3] != "0":
            relevant.setdefault(fields[0], set()).add(fields[2])
    return Split(claims, tweets, relevant)


def shuffled(split: Split) -> tuple[Split, list[int]]:
    """The split with its claims in a fixed random order, and that order (new -> old position).

    The claims file lists the claims that tweets restate first (train and dev answers all sit
    in its first ~800 rows), and it holds near-duplicates (the same fact-check twice, quotes
    changed) of which the qrels mark only the first. Any tie broken by position then favours
    the answer. Fitting uses this order so that nothing learns from position; MAP@5 is printed
    for both orders.
    """
    order = list(range(len(split.claims)))
    random.Random(CLAIM_ORDER_SEED).shuffle(order)
    return Split([split.claims[i] for i in order], split.tweets, split.relevant), order


def average_precision_at_5(ranked: Sequence[str], relevant: set[str]) -> float:
    """AP over the top 5, denominator min(relevant, 5) (CheckThat! 2020 task 2)."""
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for rank, claim_id in enumerate(ranked[:5], start=1):
        if claim_id in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), 5)


def map_at_5(split: Split, rank: Callable[[str], Sequence[int]]) -> float:
    """MAP@5 over the split's tweets that have a relevant claim, ranking with ``rank``."""
    ids = [claim.claim_id for claim in split.claims]
    scores = [
        average_precision_at_5([ids[i] for i in rank(text)], split.relevant[tweet_id])
        for tweet_id, text in split.tweets
        if tweet_id in split.relevant
    ]
    return sum(scores) / len(scores)


def duplicate_groups(claims: Sequence[VerifiedClaim]) -> list[int]:
    """A group number per claim: claims with the same words and title (case and punctuation
    dropped, so quote styles do not count) share one. The claims file repeats some fact-checks
    with only their quotes changed, and the qrels mark one copy; ranking the other first costs
    AP although it is the same claim."""
    groups: dict[tuple[str, str], int] = {}
    return [
        groups.setdefault(
            (_letters_and_digits(claim.text), _letters_and_digits(claim.title)), len(groups)
        )
        for claim in claims
    ]


def _letters_and_digits(text: str) -> str:
    return "".join(character for character in text.lower() if character.isalnum())


def map_at_5_duplicates_merged(split: Split, index: ClaimMemoryIndex) -> float:
    """MAP@5 when each group of duplicate claims counts once (the first copy ranked stands
    for the group): shows how much of the loss is picking the unmarked copy of a duplicate."""
    group = duplicate_groups(split.claims)
    position = {claim.claim_id: i for i, claim in enumerate(split.claims)}
    precisions = []
    for tweet_id, text in split.tweets:
        if tweet_id not in split.relevant:
            continue
        ranked: list[str] = []
        for match in index.search(text, top_k=20):
            if str(group[match.index]) not in ranked:
                ranked.append(str(group[match.index]))
        relevant = {str(group[position[c]]) for c in split.relevant[tweet_id] if c in position}
        precisions.append(average_precision_at_5(ranked, relevant))
    return sum(precisions) / len(precisions)


def token_set_ranking(split: Split) -> Callable[[str], list[int]]:
    choices = [utils.default_process(claim.text) for claim in split.claims]

    def rank(text: str) -> list[int]:
        found = process.extract(
            utils.default_process(text), choices, scorer=fuzz.token_set_ratio, limit=5
        )
        return [index for _, _, index in found]

    return rank


def claim_inputs(split: Split) -> list[tuple[str, str]]:
    return [(claim.text, claim.title) for claim in split.claims]


# --- fitting -----------------------------------------------------------------------------------


def fit_logistic(
    features: np.ndarray, labels: np.ndarray, *, l2: float = 1.0, iterations: int = 60
) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; returns (bias, weights...).

    Not class-balanced on purpose: the score shown to reviewers is this probability, and
    balancing pushes every top candidate to 97-99, which makes the threshold unreadable (it
    changes MAP@5 on train by under 0.005 in 4-fold cross-validation).
    """
    design = np.hstack([np.ones((features.shape[0], 1)), features])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0  # the bias is not shrunk
    weights = np.zeros(design.shape[1])
    for _ in range(iterations):
        probability = 1.0 / (1.0 + np.exp(-(design @ weights)))
        gradient = design.T @ (probability - labels) + penalty * weights
        curvature = probability * (1 - probability)
        hessian = design.T @ (design * curvature[:, None]) + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-9:
            break
    return weights


@dataclass(slots=True)
class FitData:
    pools_with_answer: list[tuple[CandidateFeatures, set[int]]]
    pools_without_answer: list[CandidateFeatures]


def collect_fit_data(split: Split, index: ClaimMemoryIndex) -> FitData:
    position = {claim.claim_id: i for i, claim in enumerate(split.claims)}
    data = FitData([], [])
    for tweet_id, text in split.tweets:
        answer = {position[c] for c in split.relevant.get(tweet_id, set()) if c in position}
        if not answer:
            continue
        data.pools_with_answer.append((index.candidate_features(text), answer))
        # The same tweet with its claims hidden: the best candidate is then a near miss, which
        # teaches the model (and the threshold) what "not seen before" looks like.
        data.pools_without_answer.append(index.candidate_features(text, exclude=frozenset(answer)))
    return data


def fit(data: FitData) -> tuple[np.ndarray, float, str]:
    """Weights (bias shifted so the threshold is 50), the best-F1 threshold, and its figures."""
    rows = [pool.features for pool, _ in data.pools_with_answer]
    labels = [
        np.isin(pool.indices, list(answer)).astype(float) for pool, answer in data.pools_with_answer
    ]
    rows += [pool.features for pool in data.pools_without_answer]
    labels += [np.zeros(pool.indices.size) for pool in data.pools_without_answer]
    weights = fit_logistic(np.vstack(rows), np.concatenate(labels))

    def best(pool: CandidateFeatures) -> tuple[int, float]:
        logits = weights[0] + pool.features @ weights[1:]
        top = int(np.lexsort((pool.indices, -logits))[0])
        return int(pool.indices[top]), 100.0 / (1.0 + np.exp(-logits[top]))

    # A top match is a true "seen before" when it is one of the tweet's claims; with the
    # claims hidden every top match is a false one.
    outcomes: list[tuple[float, bool]] = []
    for pool, answer in data.pools_with_answer:
        index, score = best(pool)
        outcomes.append((score, index in answer))
    outcomes += [(best(pool)[1], False) for pool in data.pools_without_answer]
    threshold, summary = choose_threshold(outcomes)
    # Move the bias so that the chosen boundary lands on SAME_CLAIM_THRESHOLD (50): both
    # models then share one threshold, and the ranking does not change.
    weights[0] -= math.log(threshold / (100 - threshold))
    return weights, threshold, summary


def choose_threshold(outcomes: list[tuple[float, bool]]) -> tuple[float, str]:
    """The whole-number threshold with the best F1 for "the top match is the same claim"."""
    best_threshold, best_f1, best_text = 50.0, -1.0, ""
    for threshold in range(5, 100):
        shown = [correct for score, correct in outcomes if score >= threshold]
        true_positives = sum(shown)
        positives = sum(correct for _, correct in outcomes)
        precision = true_positives / len(shown) if shown else 0.0
        recall = true_positives / positives if positives else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best_f1:
            best_threshold, best_f1 = float(threshold), f1
            best_text = f"threshold {threshold}: precision {precision:.3f} recall {recall:.3f}"
    return best_threshold, best_text


def threshold_report(split: Split, index: ClaimMemoryIndex, threshold: float) -> str:
    """Precision and recall of "seen before" at ``threshold``, claims present or hidden."""
    data = collect_fit_data(split, index)
    outcomes: list[tuple[float, bool]] = []
    for pool, answer in data.pools_with_answer:
        index_, score = _top(index, pool)
        outcomes.append((score, index_ in answer))
    outcomes += [(_top(index, pool)[1], False) for pool in data.pools_without_answer]
    shown = [correct for score, correct in outcomes if score >= threshold]
    positives = sum(correct for _, correct in outcomes)
    precision = sum(shown) / len(shown) if shown else 0.0
    recall = sum(shown) / positives if positives else 0.0
    hidden_shown = sum(1 for pool in data.pools_without_answer if _top(index, pool)[1] >= threshold)
    return (
        f"at threshold {threshold:g}: precision {precision:.3f}, recall {recall:.3f}; "
        f"with the right claim hidden, {hidden_shown}/{len(data.pools_without_answer)} "
        "tweets still show a (wrong) match"
    )


def _top(index: ClaimMemoryIndex, pool: CandidateFeatures) -> tuple[int, float]:
    scores = index.score_candidates(pool)
    top = int(np.lexsort((pool.indices, -scores))[0])
    return int(pool.indices[top]), float(scores[top])


def cross_validate(split: Split, data: FitData, folds: int) -> float:
    """MAP@5 of weights fitted on the other folds, pooled over every held-out tweet.

    Folds are drawn over tweets (seeded); each tweet's pool, with its claims present and hidden,
    stays in one fold, so no tweet is ranked by weights that saw it.
    """
    tweet_count = len(data.pools_with_answer)
    fold_of = np.arange(tweet_count) % folds
    np.random.default_rng(CLAIM_ORDER_SEED).shuffle(fold_of)
    precisions: list[float] = []
    for fold in range(folds):
        train = FitData(
            [p for p, f in zip(data.pools_with_answer, fold_of, strict=True) if f != fold],
            [p for p, f in zip(data.pools_without_answer, fold_of, strict=True) if f != fold],
        )
        weights, _, _ = fit(train)
        for (pool, answer), pool_fold in zip(data.pools_with_answer, fold_of, strict=True):
            if pool_fold != fold:
                continue
            logits = weights[0] + pool.features @ weights[1:]
            ranked = pool.indices[np.lexsort((pool.indices, -logits))[:5]]
            precisions.append(
                average_precision_at_5([str(i) for i in ranked], {str(i) for i in answer})
            )
    return sum(precisions) / len(precisions)


# --- configurations --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Variant:
    """One way of running claim memory: lexical, or with a set of embedding models."""

    label: str
    encoder: SentenceEncoder | None
    columns: np.ndarray | None  # which columns of the full vectors this variant's models use


def variants(
    encoder: SentenceEncoder | None, *, cache: bool = True
) -> tuple[list[Variant], SentenceEncoder | None]:
    """Lexical, each installed model alone, and all of them together (the default), and the
    encoder whose vectors hold every model's columns (None when no model is installed).

    With ``cache`` each model is wrapped in an in-memory cache, so a tweet is encoded once per
    model however many configurations rank it (never when timing).
    """
    found = [Variant("lexical", None, None)]
    if encoder is None:
        return found, None
    models = list(encoder.encoders) if isinstance(encoder, CombinedEncoder) else [encoder]
    cached: list[SentenceEncoder] = [CachedEncoder(model) if cache else model for model in models]
    full: SentenceEncoder = cached[0] if len(cached) == 1 else CombinedEncoder(cached)
    starts = np.cumsum([0] + [model.dimension for model in models])
    chosen = [[i] for i in range(len(models))] + (
        [list(range(len(models)))] if len(models) > 1 else []
    )
    for members in chosen:
        label = "+".join(MODEL_LABELS.get(models[i].name, models[i].name) for i in members)
        columns = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in members])
        part = (
            cached[members[0]]
            if len(members) == 1
            else CombinedEncoder([cached[i] for i in members])
        )
        found.append(Variant(label, part, columns))
    return found, full


def build_index(
    inputs: list[tuple[str, str]],
    variant: Variant,
    vectors: tuple[np.ndarray, np.ndarray] | None,
    *,
    fitting: bool,
) -> ClaimMemoryIndex:
    """The variant's index over ``inputs``; with ``fitting``, placeholder weights (a model
    combination may have none fitted yet)."""
    weights = placeholder_weights(variant.encoder) if fitting else None
    if variant.encoder is None or vectors is None or variant.columns is None:
        return ClaimMemoryIndex(inputs, encoder=None, weights=weights)
    claim_vectors, context_vectors = (v[:, variant.columns] for v in vectors)
    return ClaimMemoryIndex(
        inputs, encoder=variant.encoder, vectors=(claim_vectors, context_vectors), weights=weights
    )


def placeholder_weights(encoder: SentenceEncoder | None) -> list[float]:
    """Zero weights of the right length, for an index that is only used for its features."""
    models = len(encoder_parts(encoder)) if encoder is not None else 0
    return [0.0] * (1 + len(LEXICAL_FEATURES) + models * len(SEMANTIC_FEATURES))


# --- speed ---------------------------------------------------------------------------------------


def perturbed_claims(split: Split, size: int, seed: int = 7) -> list[str]:
    """``size`` claim texts: the verified claims, then copies with words dropped and swapped."""
    rng = random.Random(seed)
    texts = [claim.text for claim in split.claims]
    result = list(texts)
    while len(result) < size:
        words = rng.choice(texts).split()
        other = rng.choice(texts).split()
        kept = [word for word in words if rng.random() > 0.2]
        kept[rng.randrange(len(kept) + 1) : 0] = other[: rng.randint(1, 4)]
        result.append(" ".join(kept) or "claim")
    return result[:size]


def run_speed(split: Split, size: int, vectors_path: Path | None) -> None:
    texts = perturbed_claims(split, size + 200)
    # Two kinds of new claim: the dev tweets (long, noisy: 40-60 word pieces), and claim-length
    # sentences made like the indexed ones but not among them (20-30 word pieces).
    query_sets = {
        "tweets": [text for _, text in split.tweets][:200],
        "claims": texts[size:],
    }
    texts = texts[:size]
    start = time.perf_counter()
    lexical = ClaimMemoryIndex(texts, encoder=None)
    print(f"lexical index of {len(lexical):,} claims built in {time.perf_counter() - start:.1f} s")
    for kind, queries in query_sets.items():
        report_latency(f"lexical, {kind}", lexical, queries)

    configurations, full = variants(load_default_encoder(), cache=False)
    if full is None:
        print("no embedding model (WORKBENCH_EMBEDDINGS=off?): semantic speed not measured")
        return
    sample = texts[:1000]
    start = time.perf_counter()
    sample_vectors = full.encode(sample)
    per_claim = (time.perf_counter() - start) / len(sample)
    print(
        f"encoding claims ({full.name}): {per_claim * 1000:.1f} ms per claim, so about "
        f"{per_claim * size / 60:.0f} min for {size:,} claims on this machine"
    )
    # Encoding 100,000 claims for every run would take long; search time does not depend on
    # where the vectors came from, so the large index reuses encoded claims with noise added
    # (each model's slice normalised on its own, as the models do).
    rng = np.random.default_rng(7)
    vectors = sample_vectors[np.arange(size) % len(sample)]
    vectors += rng.normal(0, 0.02, vectors.shape).astype(np.float32)
    start_column = 0
    for _, dimension in encoder_parts(full):
        block = vectors[:, start_column : start_column + dimension]
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        start_column += dimension
    real = cached_vectors(vectors_path, cache_key(split, full.name))
    for variant in configurations[1:]:
        assert variant.encoder is not None and variant.columns is not None
        variant.encoder.encode(["warm-up"])  # lazy model load
        for kind, queries in query_sets.items():
            timings = []
            for query in queries:
                begin = time.perf_counter()
                variant.encoder.encode([query])
                timings.append((time.perf_counter() - begin) * 1000)
            print(
                f"{variant.label}: encoding one new claim ({kind}): median "
                f"{statistics.median(timings):.1f} ms, mean {statistics.fmean(timings):.1f} ms"
            )
        columns = np.ascontiguousarray(vectors[:, variant.columns])
        start = time.perf_counter()
        index = ClaimMemoryIndex(texts, encoder=variant.encoder, vectors=(columns, columns))
        build = time.perf_counter() - start
        print(f"{variant.label}: index of {len(index):,} claims from stored vectors: {build:.1f} s")
        for kind, queries in query_sets.items():
            report_latency(f"{variant.label}, {kind}", index, queries)
        del index, columns
        if real is not None:
            # Recall of the fast search on real vectors: every verified claim and every
            # fact-check title indexed as a claim of its own (20,750, above COARSE_MIN_CLAIMS).
            own = np.vstack([real[0], real[1]])[:, variant.columns]
            own_texts = [claim.text for claim in split.claims] + [c.title for c in split.claims]
            index = ClaimMemoryIndex(own_texts, encoder=variant.encoder, vectors=(own, own))
            report_nearest_recall(variant.label, index, own, variant.encoder, query_sets["tweets"])
            del index, own


def report_nearest_recall(
    label: str,
    index: ClaimMemoryIndex,
    vectors: np.ndarray,
    encoder: SentenceEncoder,
    queries: list[str],
) -> None:
    """How many of the exact 40 nearest claims the fast (coarse, then exact) search finds."""
    assert len(index) >= COARSE_MIN_CLAIMS, "the index is small enough for exact search"
    found = 0
    timings = []
    query_vectors = encoder.encode(queries)
    for query_vector in query_vectors:
        exact = np.argpartition(-(vectors @ query_vector), POOL_SIZE)[:POOL_SIZE]
        begin = time.perf_counter()
        fast = index.nearest(query_vector, POOL_SIZE)
        timings.append((time.perf_counter() - begin) * 1000)
        found += len(set(exact.tolist()) & set(fast.tolist()))
    print(
        f"{label}: nearest {POOL_SIZE} by the fast search: recall "
        f"{found / (POOL_SIZE * len(queries)):.4f} of the exact search, "
        f"median {statistics.median(timings):.1f} ms"
    )


def report_latency(label: str, index: ClaimMemoryIndex, queries: list[str]) -> None:
    index.search(queries[0])  # warm-up: lazy model load, caches
    timings = []
    for query in queries:
        start = time.perf_counter()
        index.search(query, top_k=5)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(
        f"{label} search over {len(index):,} claims: mean {statistics.fmean(timings):.1f} ms, "
        f"median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(0.95 * len(timings))]:.1f} ms ({len(queries)} queries)"
    )


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split_dir", nargs="?", type=Path, default=DEFAULT_SPLIT)
    parser.add_argument("--fit", action="store_true", help="fit weights and threshold (train)")
    parser.add_argument(
        "--cv", type=int, metavar="K", help="K-fold cross-validated MAP@5 of fitting (train)"
    )
    parser.add_argument("--speed", action="store_true", help="time searches over --size claims")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument(
        "--vectors",
        type=Path,
        help="an .npz file caching the claim embeddings between runs (made when missing)",
    )
    args = parser.parse_args(argv)
    split = load_split(args.split_dir)
    print(f"{args.split_dir}: {len(split.claims):,} verified claims, {len(split.tweets)} tweets")
    if args.speed:
        run_speed(split, args.size, args.vectors)
        return

    mixed, order = shuffled(split)
    configurations, full = variants(load_default_encoder())
    stored: tuple[np.ndarray, np.ndarray] | None = None
    if full is not None:
        start = time.perf_counter()
        key = cache_key(split, full.name)
        stored = cached_vectors(args.vectors, key)
        if stored is None:
            everything = ClaimMemoryIndex(
                claim_inputs(split), encoder=full, weights=placeholder_weights(full)
            )
            assert everything.vectors is not None
            stored = everything.vectors
            if args.vectors is not None:
                np.savez(args.vectors, claim=stored[0], context=stored[1], key=key)
        print(f"claim vectors ({full.name}) ready in {time.perf_counter() - start:.1f} s")
    else:
        print("no embedding model (WORKBENCH_EMBEDDINGS=off?): semantic figures skipped")
    fitting = args.fit or args.cv is not None
    mixed_vectors = None if stored is None else (stored[0][order], stored[1][order])
    # (variant, index in file order, index over the shuffled claims)
    indexes = [
        (
            variant,
            build_index(claim_inputs(split), variant, stored, fitting=fitting),
            build_index(claim_inputs(mixed), variant, mixed_vectors, fitting=fitting),
        )
        for variant in configurations
    ]

    if fitting:
        for variant, _, index in indexes:
            data = collect_fit_data(mixed, index)
            if args.cv is not None:
                figure = cross_validate(mixed, data, args.cv)
                print(f"{variant.label}: {args.cv}-fold cross-validated MAP@5={figure:.3f}")
            if args.fit:
                weights, threshold, summary = fit(data)
                names = ", ".join(index.feature_names)
                print(f"{variant.label} weights (bias, {names}):")
                print("    " + ", ".join(f"{w:.4f}" for w in weights))
                print(f"{variant.label} best-F1 threshold before the bias shift: {summary}")
        return

    for name, data in (("file order", split), ("shuffled", mixed)):
        bm25 = BM25Index([claim.text for claim in data.claims])
        bm25_map = map_at_5(data, lambda t, bm25=bm25: _ids(bm25, t))
        token_set_map = map_at_5(data, token_set_ranking(data))
        print(f"baselines, {name}: BM25 (claim text) MAP@5={bm25_map:.3f}, ", end="")
        print(f"token_set_ratio MAP@5={token_set_map:.3f}")
    figure = 0.0
    for variant, index, index_mixed in indexes:
        start = time.perf_counter()
        figure = map_at_5(split, lambda t, index=index: [m.index for m in index.search(t)])
        elapsed = time.perf_counter() - start
        figure_mixed = map_at_5(mixed, lambda t, i=index_mixed: [m.index for m in i.search(t)])
        print(
            f"claim memory, {variant.label}: MAP@5={figure:.3f} in file order, {figure_mixed:.3f} "
            f"shuffled ({elapsed / len(split.tweets) * 1000:.0f} ms per tweet)"
        )
        print(f"  same-claim {threshold_report(mixed, index_mixed, SAME_CLAIM_THRESHOLD)}")
        merged = map_at_5_duplicates_merged(mixed, index_mixed)
        print(
            f"  diagnostic, not the lab's measure: shuffled, duplicates merged MAP@5={merged:.3f}"
        )
    print(f"MAP@5={figure:.3f}")


def cache_key(split: Split, encoder_name: str) -> str:
    """Identifies the encoder and the exact claims, so a stale cache is never reused."""
    digest = hashlib.sha256(encoder_name.encode())
    for claim in split.claims:
        digest.update(f"\x00{claim.text}\x00{claim.title}".encode())
    return digest.hexdigest()


def cached_vectors(path: Path | None, key: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Claim and context vectors saved by an earlier run over the same claims, if any."""
    if path is None or not path.is_file():
        return None
    with np.load(path) as stored:
        if str(stored["key"]) != key:
            return None
        return stored["claim"], stored["context"]


def _ids(index: BM25Index, text: str) -> list[int]:
    return [i for i, _ in index.search(text, top_k=5)]


if __name__ == "__main__":
    main()
