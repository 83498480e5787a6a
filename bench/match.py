"""Matching speed: 1,000 claims against 50,000 passages, brute-force rapidfuzz vs indexed matcher.

Usage: bench/match.py [FILE] [--brute-claims N]
(FILE defaults to ../shared/datasets/climate-fever/climate-fever-dev.jsonl next to the repo)

Data: the Climate-FEVER evidence pool (about 3,000 sentences, deduplicated by article and text)
plus synthetic passages up to 50,000: each splices the first part of one pool sentence onto the
end of another, with a few words dropped, so it is lexically close to real ones without
copying any. Claims: the file's claims, then, up to 1,000, copies of them with one word dropped.
Everything is seeded, so each run sees the same data.

Brute force is the issue's reference: ``process.cdist(claims, passages, scorer=token_set_ratio)``
over every pair, on both cores. By default it runs on all 1,000 claims; ``--brute-claims N``
times N claims and scales up linearly (printed as extrapolated). Recall@5 is measured on the
Climate-FEVER pool itself and on the 50,000-passage pool, for both methods, over the claims with
a SUPPORTS/REFUTES sentence. The last part times attaching one 10,000-word source to one claim
(split_passages + rank_passages), median of 20 runs.

Times are given as CPU time as well as wall time: the machine is shared, and wall time then
mostly measures the neighbours. Brute force runs on 2 threads (its CPU time counts both); the
matcher on one.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from evidence import DEFAULT_FILE, Pool, load_pool  # noqa: E402

from claim_workbench.evidence.matching import PassageMatcher, rank_passages  # noqa: E402
from claim_workbench.evidence.passages import split_passages  # noqa: E402

PASSAGES = 50_000
CLAIMS = 1_000
CHUNK = 100  # claims per cdist call, so the score matrix stays small


def synthetic_passages(sentences: list[str], count: int, rng: random.Random) -> list[str]:
    """``count`` spliced sentences: the start of one pool sentence joined to the end of another."""
    result = []
    split = [sentence.split() for sentence in sentences]
    while len(result) < count:
        head, tail = rng.sample(split, 2)
        words = head[: max(1, len(head) // 2)] + tail[len(tail) // 2 :]
        for _ in range(min(2, len(words) // 6)):
            del words[rng.randrange(len(words))]
        result.append(" ".join(words))
    return result


def synthetic_claims(claims: list[str], count: int, rng: random.Random) -> list[str]:
    result = []
    while len(result) < count:
        words = rng.choice(claims).split()
        if len(words) > 3:
            del words[rng.randrange(len(words))]
        result.append(" ".join(words))
    return result


def brute_force_top5(
    claims: list[str], passages: list[str]
) -> tuple[list[list[int]], float, float]:
    """Top 5 passages per claim by token_set_ratio over every pair; wall and CPU seconds."""
    processed = [utils.default_process(passage) for passage in passages]
    wall, cpu = time.perf_counter(), time.process_time()
    tops: list[list[int]] = []
    for first in range(0, len(claims), CHUNK):
        queries = [utils.default_process(claim) for claim in claims[first : first + CHUNK]]
        scores = process.cdist(queries, processed, scorer=fuzz.token_set_ratio, workers=-1)
        for row in scores:
            best = np.argpartition(-row, 5)[:5]
            tops.append(sorted(best.tolist(), key=lambda doc_id: (-row[doc_id], doc_id)))
    return tops, time.perf_counter() - wall, time.process_time() - cpu


def recall_at_5(tops: list[list[int]], gold: list[frozenset[int]]) -> float:
    return sum(bool(set(top[:5]) & wanted) for top, wanted in zip(tops, gold, strict=True)) / len(
        gold
    )


def main(argv: list[str]) -> None:
    args = argv[1:]
    brute_claims = CLAIMS
    if "--brute-claims" in args:
        position = args.index("--brute-claims")
        try:
            brute_claims = int(args[position + 1])
        except (IndexError, ValueError):
            raise SystemExit("--brute-claims needs a whole number") from None
        del args[position : position + 2]
    path = Path(args[0]) if args else DEFAULT_FILE
    if not path.is_file():
        raise SystemExit(f"no such dataset file: {path}")

    rng = random.Random(5)
    pool: Pool = load_pool(path)
    passages = pool.sentences + synthetic_passages(
        pool.sentences, PASSAGES - len(pool.sentences), rng
    )
    claims = pool.claims + synthetic_claims(pool.claims, CLAIMS - len(pool.claims), rng)
    print(
        f"{len(claims)} claims ({len(pool.claims)} real with gold evidence), "
        f"{len(passages)} passages ({len(pool.sentences)} real)"
    )

    # --- brute force
    tops, wall, cpu = brute_force_top5(claims[:brute_claims], passages)
    scale = len(claims) / len(tops)
    brute_wall, brute_cpu = wall * scale, cpu * scale
    label = "measured" if len(tops) == len(claims) else f"extrapolated from {len(tops)} claims"
    print(
        f"brute force cdist(token_set_ratio), {len(claims)} claims: {brute_wall:.1f} s wall, "
        f"{brute_cpu:.1f} s CPU on 2 threads ({label})"
    )
    gold = pool.gold
    scored = min(len(gold), len(tops))  # real claims come first, so these have gold evidence
    small_tops, _, _ = brute_force_top5(pool.claims, pool.sentences)

    # --- indexed matcher
    wall, cpu = time.perf_counter(), time.process_time()
    matcher = PassageMatcher(passages)
    build_wall, build_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    ranked = [[doc_id for doc_id, _ in matcher.rank(claim, top_k=5)] for claim in claims]
    query_wall, query_cpu = time.perf_counter() - wall, time.process_time() - cpu
    small = PassageMatcher(pool.sentences)
    small_ranked = [[doc_id for doc_id, _ in small.rank(claim, top_k=5)] for claim in pool.claims]
    print(
        f"indexed matcher: index build {build_wall:.1f} s wall / {build_cpu:.1f} s CPU, "
        f"{len(claims)} queries {query_wall:.2f} s wall / {query_cpu:.2f} s CPU "
        f"({1000 * query_cpu / len(claims):.2f} ms CPU per claim, one thread)"
    )
    print(
        f"speed-up (CPU): {brute_cpu / query_cpu:.0f}x on queries, "
        f"{brute_cpu / (build_cpu + query_cpu):.0f}x including the index build; "
        f"(wall): {brute_wall / query_wall:.0f}x, {brute_wall / (build_wall + query_wall):.0f}x"
    )
    print(
        f"recall@5 on the Climate-FEVER pool ({len(pool.sentences)} passages, {len(gold)} claims): "
        f"brute force {recall_at_5(small_tops, gold):.3f}, "
        f"matcher {recall_at_5(small_ranked, gold):.3f}"
    )
    print(
        f"recall@5 on the {len(passages)}-passage pool ({scored} claims): "
        f"brute force {recall_at_5(tops[:scored], gold[:scored]):.3f}, "
        f"matcher {recall_at_5(ranked[:scored], gold[:scored]):.3f}"
    )

    # --- attaching one long source to one claim
    source_sentences: list[str] = []
    while sum(len(sentence.split()) for sentence in source_sentences) < 10_000:
        source_sentences.append(rng.choice(pool.sentences))
    paragraphs = [
        " ".join(source_sentences[first : first + 5])
        for first in range(0, len(source_sentences), 5)
    ]
    source = "\n\n".join(paragraphs)
    claim = pool.claims[0]
    timings = []
    for _ in range(20):
        cpu = time.process_time()
        found = rank_passages(claim, split_passages(source), top_k=5)
        timings.append(time.process_time() - cpu)
    passage_count = len(split_passages(source))
    print(
        f"attach a {len(source.split())}-word source ({passage_count} passages) to one claim: "
        f"median {1000 * statistics.median(timings):.0f} ms CPU (split + rank, "
        f"{len(found)} matches)"
    )


if __name__ == "__main__":
    main(sys.argv)
