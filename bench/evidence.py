"""Evidence retrieval on Climate-FEVER: recall@5 and MRR of the project's matcher over a pool.

Usage: bench/evidence.py [FILE] [--embeddings]
(FILE defaults to ../shared/datasets/climate-fever/climate-fever-dev.jsonl next to the repo)

Every evidence sentence of every claim goes into one pool (deduplicated by article and text).
Each claim is ranked against the whole pool. A claim counts as found when one of its SUPPORTS or
REFUTES sentences is in the top 5. Claims with no SUPPORTS/REFUTES sentence (all five labelled
NOT_ENOUGH_INFO) have nothing to find and are left out of the denominator. MRR is the mean
reciprocal rank of the first gold sentence within the top 100 (0 when none is there).

Printed: the two reference baselines (BM25 over plain lowercase words, rapidfuzz
token_set_ratio), BM25 with the project's tokenizer, the matcher on the sentence alone, then the
matcher with the article title as passage context (the product indexes a passage with the title
of its source), and how the suggested stance of each claim/sentence pair compares with the
annotators' label. The last line is the matcher with context: ``recall@5=0.xxx MRR=0.xxx``.
With ``--embeddings`` (the default install's MiniLM model; encoding the pool takes minutes on
two cores) it also prints the matcher with the sentence encoder, before the stance table: every
passage embedded, then re-ranking only each claim's best 10, 20 and RERANK_DEPTH lexical
candidates (the last is what the workbench does in attach and search).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sources.bm25 import BM25Index  # noqa: E402
from sources.matching import (  # noqa: E402
    RERANK_DEPTH,
    PassageMatcher,
    number_agreement,
    suggest_stance,
)
from sources.quantities import extract_quantities  # noqa: E402

DEFAULT_FILE = REPO.parent / "shared" / "datasets" / "climate-fever" / "climate-fever-dev.jsonl"
GOLD_LABELS = frozenset({"SUPPORTS", "REFUTES"})
DEPTH = 100


@dataclass(frozen=True, slots=True)
class Pool:
    sentences: list[str]
    articles: list[str]
    claims: list[str]  # only claims with at least one gold sentence
    gold: list[frozenset[int]]  # pool indices of each claim's SUPPORTS/REFUTES sentences
    skipped: int  # claims without any gold sentence


def load_pool(path: Path) -> Pool:
    """Read a Climate-FEVER JSON Lines file into a deduplicated sentence pool with gold labels."""
    positions: dict[tuple[str, str], int] = {}
    claims: list[str] = []
    gold: list[frozenset[int]] = []
    skipped = 0
    with path.open(encoding="utf-8") as lines:
        for line_number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                evidences = row["evidences"]
                claim = row["claim"]
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                message = f"{path}:{line_number}: not a Climate-FEVER row ({error})"
                raise SystemExit(message) from None
            found = set()
            for evidence in evidences:
                key = (evidence["article"], evidence["evidence"])
                position = positions.setdefault(key, len(positions))
                if evidence["evidence_label"] in GOLD_LABELS:
                    found.add(position)
            if found:
                claims.append(claim)
                gold.append(frozenset(found))
            else:
                skipped += 1
    keys = list(positions)
    return Pool(
        sentences=[sentence for _, sentence in keys],
        articles=[article for article, _ in keys],
        claims=claims,
        gold=gold,
        skipped=skipped,
    )


def plain_words(text: str) -> list[str]:
    """The reference baseline's tokens: lowercase word characters, no stemming, no stopwords."""
    return re.findall(r"\w+", text.lower())


def evaluate(pool: Pool, rank: Callable[[str], list[int]]) -> tuple[float, float]:
    """recall@5 and MRR (first gold sentence within the top DEPTH) of a ranking function."""
    found = 0
    reciprocal_ranks = 0.0
    for claim, gold in zip(pool.claims, pool.gold, strict=True):
        for position, doc_id in enumerate(rank(claim)[:DEPTH]):
            if doc_id in gold:
                found += position < 5
                reciprocal_ranks += 1.0 / (position + 1)
                break
    return found / len(pool.claims), reciprocal_ranks / len(pool.claims)


def report(name: str, pool: Pool, rank: Callable[[str], list[int]]) -> tuple[float, float]:
    started = time.perf_counter()
    recall, mrr = evaluate(pool, rank)
    elapsed = time.perf_counter() - started
    print(f"{name:<48} recall@5={recall:.3f} MRR={mrr:.3f}  ({elapsed:.1f} s)")
    return recall, mrr


def semantic_report(pool: Pool) -> None:
    """The matcher with the default sentence encoder, unless WORKBENCH_EMBEDDINGS=off."""
    try:
        from sources.embeddings import CachedEncoder, load_default_encoder
    except ImportError:
        print("--embeddings: sources.embeddings is not available; skipped")
        return
    encoder = load_default_encoder()
    if encoder is None:
        print("--embeddings: no embedding model (WORKBENCH_EMBEDDINGS=off, or not installed)")
        return
    # Vectors kept in memory: the re-ranking runs reuse those of the run embedding every passage.
    cached = CachedEncoder(encoder)
    for name, contexts in (("sentence only", None), ("sentence + article title", pool.articles)):
        started = time.perf_counter()
        matcher = PassageMatcher(pool.sentences, contexts=contexts, encoder=cached)
        print(
            f"  (encoded {len(pool.sentences)} passages in {time.perf_counter() - started:.0f} s)"
        )
        report(
            f"matcher + embeddings, {name}",
            pool,
            lambda c, m=matcher: [d for d, _ in m.rank(c, top_k=DEPTH)],
        )
        # What attach and search do: embed only each claim's best lexical candidates.
        for depth in sorted({10, 20, RERANK_DEPTH}):
            reranker = PassageMatcher(
                pool.sentences, contexts=contexts, encoder=cached, rerank_depth=depth
            )
            label = " (the workbench)" if depth == RERANK_DEPTH else ""
            report(
                f"  re-ranking the top {depth}{label}",
                pool,
                lambda c, m=reranker: [d for d, _ in m.rank(c, top_k=DEPTH)],
            )


def stance_table(path: Path) -> None:
    """How the suggested stance lines up with the annotators' label of each claim/sentence pair."""
    table: Counter[tuple[str, str]] = Counter()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            quantities = extract_quantities(row["claim"])
            for evidence in row["evidences"]:
                agreement = number_agreement(
                    quantities, evidence["evidence"], claim_text=row["claim"]
                )
                stance = suggest_stance(row["claim"], evidence["evidence"], agreement)
                table[evidence["evidence_label"], stance] += 1
    print("suggested stance vs annotated label (claim/sentence pairs):")
    for label in ("SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO"):
        counts = {stance: table[label, stance] for stance in ("supports", "contradicts", "unclear")}
        print(f"  {label:<16} " + "  ".join(f"{s}={n}" for s, n in counts.items()))


def main(argv: list[str]) -> None:
    args = argv[1:]
    with_embeddings = "--embeddings" in args
    args = [arg for arg in args if arg != "--embeddings"]
    path = Path(args[0]) if args else DEFAULT_FILE
    if not path.is_file():
        raise SystemExit(f"no such dataset file: {path}")
    pool = load_pool(path)
    print(
        f"{path.name}: {len(pool.claims) + pool.skipped} claims, {len(pool.sentences)} pooled "
        f"sentences; {len(pool.claims)} claims with a SUPPORTS/REFUTES sentence are scored, "
        f"{pool.skipped} without one are left out"
    )

    plain_bm25 = BM25Index(pool.sentences, tokenizer=plain_words)
    report(
        "baseline: BM25, plain lowercase words",
        pool,
        lambda c: [d for d, _ in plain_bm25.search(c, DEPTH)],
    )
    bm25 = BM25Index(pool.sentences)
    report(
        "BM25, project tokenizer (stems, stopwords)",
        pool,
        lambda c: [d for d, _ in bm25.search(c, DEPTH)],
    )

    # One cdist call over every claim at once, on both cores.
    processed = [utils.default_process(sentence) for sentence in pool.sentences]
    claim_rows = {claim: row for row, claim in enumerate(pool.claims)}
    matrix = process.cdist(
        [utils.default_process(claim) for claim in pool.claims],
        processed,
        scorer=fuzz.token_set_ratio,
        workers=-1,
    )

    def token_set(claim: str) -> list[int]:
        scores = matrix[claim_rows[claim]]
        # Stable sort: ties keep pool order, as process.extract would.
        return [int(doc_id) for doc_id in np.argsort(-scores, kind="stable")[:DEPTH]]

    report("baseline: rapidfuzz token_set_ratio", pool, token_set)

    plain = PassageMatcher(pool.sentences)
    report("matcher (sentence only)", pool, lambda c: [d for d, _ in plain.rank(c, top_k=DEPTH)])

    with_titles = PassageMatcher(pool.sentences, contexts=pool.articles)
    recall, mrr = report(
        "matcher (sentence + article title as context)",
        pool,
        lambda c: [d for d, _ in with_titles.rank(c, top_k=DEPTH)],
    )
    if with_embeddings:
        semantic_report(pool)
    stance_table(path)
    print(f"recall@5={recall:.3f} MRR={mrr:.3f}")


if __name__ == "__main__":
    main(sys.argv)
