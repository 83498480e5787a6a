"""Attach cost with and without the sentence encoder: one source to one claim, as `attach` does.

Usage: bench/attach.py [FILE] [--words N] [--runs R]
(FILE defaults to ../shared/datasets/climate-fever/climate-fever-dev.jsonl next to the repo)

The source is N words (default 10,000; 1,000 is a typical news article) of Climate-FEVER pool
sentences in paragraphs of five (seeded, as in bench/match.py), the claim the file's first.
Timed: split_passages + rank_passages (median of R runs, default 5) word matching only; with
the default encoder (MiniLM) re-ranking the best RERANK_DEPTH word matches as attach does, with
no cached vectors (a new source) and with them cached (the same source attached to another
claim); and, for comparison, embedding every passage of the new source. Wall and CPU time;
onnxruntime runs on both cores, so its CPU time can exceed its wall time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from evidence import DEFAULT_FILE, load_pool  # noqa: E402

from claim_workbench.evidence.matching import RERANK_DEPTH, rank_passages  # noqa: E402
from claim_workbench.evidence.passages import split_passages  # noqa: E402
from claim_workbench.memory.embeddings import CachedEncoder, load_default_encoder  # noqa: E402


def timed(job: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        job()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.file.is_file():
        raise SystemExit(f"no such dataset file: {args.file}")
    pool = load_pool(args.file)
    rng = random.Random(5)
    sentences: list[str] = []
    while sum(len(sentence.split()) for sentence in sentences) < args.words:
        sentences.append(rng.choice(pool.sentences))
    source = "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))
    claim = pool.claims[0]
    passages = split_passages(source)
    print(f"source: {len(source.split())} words, {len(passages)} passages; claim: {claim!r}")

    encoder = load_default_encoder()
    if encoder is None:
        raise SystemExit("no embedding model (WORKBENCH_EMBEDDINGS=off?)")
    encoder.encode(["warm-up"])  # the model's one-time load is not an attach cost

    def lexical() -> object:
        return rank_passages(claim, split_passages(source))

    def cold() -> object:  # a cache of its own each time: nothing is cached yet
        return rank_passages(claim, split_passages(source), encoder=CachedEncoder(encoder))

    cached = CachedEncoder(encoder)
    cached.encode([p.text for p in passages] + [claim])

    def warm() -> object:
        return rank_passages(claim, split_passages(source), encoder=cached)

    def everything() -> object:
        return rank_passages(
            claim, split_passages(source), encoder=CachedEncoder(encoder), rerank_depth=None
        )

    for label, job in (
        ("word matching only", lexical),
        (f"MiniLM, top {RERANK_DEPTH}, new source", cold),
        (f"MiniLM, top {RERANK_DEPTH}, vectors cached", warm),
        ("MiniLM, every passage, new", everything),
    ):
        wall, cpu = timed(job, args.runs)
        print(f"{label:32s} median {1000 * wall:7.0f} ms wall, {1000 * cpu:7.0f} ms CPU")


if __name__ == "__main__":
    main()
