"""Benchmark: import 10,000 claims and mark 1,000 of them, on SQLite and on PostgreSQL.

Claims are the 10,375 real fact-checked claims of CheckThat! 2020 task 2 (their numbers
become Quantity rows, as the extractor would make them). PostgreSQL is a throwaway server
started like the test fixture, with fsync on, unless --pg-url names one.

    .venv/bin/python bench/db.py [--claims 10000] [--marks 1000] [--backend both]
                                 [--datasets PATH] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))  # tests.support

from claim_workbench.store.engine import make_engine, session_for  # noqa: E402
from claim_workbench.store.models import ClaimBase, ClaimStatus, QuantityBase  # noqa: E402
from claim_workbench.store.storage import (  # noqa: E402
    ClaimDraft,
    get_claim,
    history,
    import_article,
    list_claims,
    mark_claim,
)

DEFAULT_DATASETS = REPO.parent / "shared" / "datasets"
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
VERDICTS = [s.value for s in ClaimStatus if s is not ClaimStatus.unreviewed]


def load_claim_texts(datasets: Path, count: int) -> tuple[list[str], str]:
    path = datasets / "checkthat2020-task2" / "verified_claims.docs.tsv"
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))[1:]
        texts = [row[1].strip() for row in rows if len(row) > 1 and row[1].strip()]
        return (texts * (count // len(texts) + 1))[:count], f"{path.relative_to(datasets)}"
    # Without the datasets folder: numbered sentences of a typical claim's length.
    texts = [f"Officials said {n} boats were struck and {n * 3} people died." for n in range(count)]
    return texts, "synthetic sentences (datasets folder not found)"


def drafts_for(texts: list[str], first_position: int = 0) -> tuple[str, list[ClaimDraft]]:
    """An article made of the claim sentences, with offsets and number quantities."""
    drafts, offset = [], 0
    for position, sentence in enumerate(texts, start=first_position):
        quantities = []
        for match in NUMBER.finditer(sentence):
            try:
                value = float(match.group().replace(",", ""))
            except ValueError:
                continue
            quantities.append(
                QuantityBase(value=value, text=match.group(), start=match.start(), end=match.end())
            )
        drafts.append(
            ClaimDraft(
                claim=ClaimBase(
                    position=position,
                    text=sentence,
                    start=offset,
                    end=offset + len(sentence),
                    label=sentence[:40],
                    kinds=["quantity"] if quantities else ["statement"],
                    check_worthiness=0.5,
                ),
                quantities=quantities,
            )
        )
        offset += len(sentence) + 1
    return " ".join(texts), drafts


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@dataclass
class Figures:
    backend: str
    migrate_new: float
    start_current_ms: float
    import_one_article: float
    import_articles: float
    articles: int
    list_claims_ms: float
    marks: int
    mark_total: float
    mark_p50_ms: float
    mark_p95_ms: float
    parallel_total: float
    parallel_reviewers: int
    events: int


def _parallel_marker(url: str, claim_ids: list[int], reviewer: str, go) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    with session_for(engine) as session:
        go.wait()
        for n, claim_id in enumerate(claim_ids):
            mark_claim(
                session=session, claim_id=claim_id, status=VERDICTS[n % 3], reviewer=reviewer
            )
    engine.dispose()


def run(url: str, backend: str, texts: list[str], marks: int, reviewers: int) -> Figures:
    migrate_new = timed(lambda: make_engine(url).dispose())
    starts = []
    for _ in range(20):
        starts.append(timed(lambda: make_engine(url).dispose()))
    engine = make_engine(url)

    # 1. one long article holding every claim (the worst case for one import)
    article_text, drafts = drafts_for(texts)
    with session_for(engine) as session:
        holder: dict = {}
        one = timed(
            lambda: holder.update(
                article=import_article(
                    session=session, title="all claims", text=article_text, claims=drafts
                )[0]
            )
        )
        article_id = holder["article"].id
        list_ms = 1000 * statistics.median(
            timed(lambda: list_claims(session=session, article_id=article_id)) for _ in range(5)
        )

    # 2. the same number of claims as articles of 50 claims, one transaction each
    per_article = 50
    chunks = [texts[i : i + per_article] for i in range(0, len(texts), per_article)]
    with session_for(engine) as session:

        def import_many() -> None:
            for number, chunk in enumerate(chunks):
                # a distinct first sentence: the same text would be found, not imported
                text, chunk_drafts = drafts_for([f"Article {number}.", *chunk])
                import_article(
                    session=session, title=f"article {number}", text=text, claims=chunk_drafts
                )

        many = timed(import_many)

    # 3. a reviewer marks claims one by one, each against the version they saw (as the TUI)
    with session_for(engine) as session:
        claim_ids = [c.id for c in list_claims(session=session, article_id=article_id)]
        rng = random.Random(8)
        chosen = rng.sample(claim_ids, min(marks, len(claim_ids)))
        latencies = []
        for n, claim_id in enumerate(chosen):
            seen = get_claim(session=session, claim_id=claim_id).version
            latencies.append(
                timed(
                    lambda claim_id=claim_id, n=n, seen=seen: mark_claim(
                        session=session,
                        claim_id=claim_id,
                        status=VERDICTS[n % 3],
                        reviewer="bench",
                        note="checked against the register" if n % 3 == 0 else None,
                        expect_version=seen,
                    )
                )
            )

    # 4. several reviewers marking other claims at the same time, one process each
    already = set(chosen)
    remaining = [c for c in claim_ids if c not in already][:marks]
    per_reviewer = [remaining[i::reviewers] for i in range(reviewers)]
    fork = multiprocessing.get_context("fork")
    go = fork.Event()
    engine.dispose()
    processes = [
        fork.Process(target=_parallel_marker, args=(url, ids, f"desk-{i}", go))
        for i, ids in enumerate(per_reviewer)
    ]
    for process in processes:
        process.start()
    time.sleep(2.0)  # let every process open its engine before the start signal
    start = time.perf_counter()
    go.set()
    for process in processes:
        process.join()
    parallel = time.perf_counter() - start
    assert all(process.exitcode == 0 for process in processes), "a parallel marker failed"

    engine = make_engine(url)
    with session_for(engine) as session:
        events = sum(len(history(session=session, claim_id=c)) for c in chosen + remaining)
    engine.dispose()
    latencies.sort()
    return Figures(
        backend=backend,
        migrate_new=migrate_new,
        start_current_ms=1000 * statistics.median(starts),
        import_one_article=one,
        import_articles=many,
        articles=len(chunks),
        list_claims_ms=list_ms,
        marks=len(chosen),
        mark_total=sum(latencies),
        mark_p50_ms=1000 * latencies[len(latencies) // 2],
        mark_p95_ms=1000 * latencies[int(len(latencies) * 0.95)],
        parallel_total=parallel,
        parallel_reviewers=reviewers,
        events=events,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--marks", type=int, default=1_000)
    parser.add_argument("--reviewers", type=int, default=4)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument(
        "--pg-url",
        help="an existing, empty PostgreSQL database to use instead of a temporary server",
    )
    args = parser.parse_args(argv)

    texts, origin = load_claim_texts(args.datasets, args.claims)
    print(f"claims: {len(texts)} from {origin}; marks: {args.marks}; reviewers: {args.reviewers}")
    results: list[Figures] = []
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            results.append(
                run(url, "SQLite (WAL, synchronous=NORMAL)", texts, args.marks, args.reviewers)
            )
    if args.backend in ("postgresql", "both"):
        if args.pg_url:
            results.append(
                run(args.pg_url, "PostgreSQL (given)", texts, args.marks, args.reviewers)
            )
        else:
            from tests.support.pg_server import start_temporary_postgres

            server = start_temporary_postgres(durable=True)
            try:
                url = server.create_database("bench")
                label = "PostgreSQL 15 (local, fsync on)"
                results.append(run(url, label, texts, args.marks, args.reviewers))
            finally:
                server.stop()

    print()
    print(
        "| backend | new DB (migrations) | start, DB current | import 1 article × "
        f"{len(texts)} claims | import {results[0].articles} articles × 50 | list 1 article | "
        f"mark {args.marks} one by one | mark p50 / p95 | {args.reviewers} reviewers × "
        f"{args.marks // args.reviewers} marks at once | audit events |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for f in results:
        print(
            f"| {f.backend} | {f.migrate_new:.2f} s | {f.start_current_ms:.1f} ms | "
            f"{f.import_one_article:.2f} s | {f.import_articles:.2f} s | "
            f"{f.list_claims_ms:.0f} ms | "
            f"{f.mark_total:.2f} s ({f.marks / f.mark_total:.0f}/s) | "
            f"{f.mark_p50_ms:.1f} / {f.mark_p95_ms:.1f} ms | "
            f"{f.parallel_total:.2f} s ({args.marks / f.parallel_total:.0f}/s) | {f.events} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
