"""Benchmark: full-text search over 10,000 stored sources, on SQLite (FTS5) and PostgreSQL.

Sources are news-length texts (about 30 sentences, 4-5 kB) drawn from real sentences: the
CLIMATE-FEVER Wikipedia evidence sentences and the 10,375 fact-checked claims of CheckThat!
2020 task 2 (seeded, so every run stores the same sources). By default each source is about
one subject, as a news article is (a sentence and others sharing its less common words);
``--corpus mixed`` makes each a mix of 30 random subjects, the worst case for an any-word
search (every word is in a third of the sources or more). Queries are real claims: the
CheckThat! dev tweets and CLIMATE-FEVER claims, run as the stored provider runs them (any word,
best 50, with a snippet), and again needing every word; plus a query of the commonest words
(nearly every source matches: the ranking's worst case). With both backends it also prints how
far PostgreSQL's ranking agrees with SQLite's BM25 on the same sources. PostgreSQL is a
throwaway server started as bench/db.py starts it (fsync on), unless --pg-url names one.

    .venv/bin/python bench/stored_search.py [--sources 10000] [--queries 200]
                                            [--backend both] [--corpus topical|mixed]
                                            [--datasets PATH] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))  # tests.support

from claim_workbench.store.engine import make_engine, session_for  # noqa: E402
from claim_workbench.store.models import Source  # noqa: E402
from claim_workbench.store.search import search_stored_sources  # noqa: E402
from claim_workbench.store.storage import sha256_hex  # noqa: E402

DEFAULT_DATASETS = next(
    (p for p in (REPO.parent / "shared" / "datasets", Path("/work/shared/datasets")) if p.is_dir()),
    REPO.parent / "shared" / "datasets",
)
SENTENCES_PER_SOURCE = 30
COMMON_QUERY = "the people said that it was in the year"


def load_texts(datasets: Path) -> tuple[list[str], list[str]]:
    """(sentences to build sources from, claim queries)."""
    sentences: list[str] = []
    queries: list[str] = []
    fever = datasets / "climate-fever" / "climate-fever-dev.jsonl"
    with fever.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            queries.append(item["claim"])
            sentences += [evidence["evidence"] for evidence in item["evidences"]]
    checkthat = datasets / "checkthat2020-task2"
    with (checkthat / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as handle:
        for row in list(csv.reader(handle, delimiter="\t"))[1:]:
            sentences += [cell for cell in row[1:3] if cell.strip()]
    with (checkthat / "dev" / "tweets.queries.tsv").open(encoding="utf-8", newline="") as handle:
        queries += [row[1] for row in list(csv.reader(handle, delimiter="\t"))[1:] if len(row) > 1]
    return sentences, queries


def topical_bodies(sentences: list[str], count: int, rng: random.Random) -> list[str]:
    """Sources about one subject each, as news articles are: a seed sentence, then sentences
    sharing one of its less common words (padded with random ones when too few do)."""
    holders: dict[str, list[int]] = {}
    for number, sentence in enumerate(sentences):
        for word in set(re.findall(r"[a-z]{5,}", sentence.casefold())):
            holders.setdefault(word, []).append(number)
    bodies = []
    for _ in range(count):
        seed = rng.randrange(len(sentences))
        words = [
            w
            for w in set(re.findall(r"[a-z]{5,}", sentences[seed].casefold()))
            if 3 <= len(holders[w]) <= 300
        ]
        pool = sorted({i for w in words for i in holders[w]} - {seed})
        chosen = rng.sample(pool, min(len(pool), SENTENCES_PER_SOURCE - 1))
        while len(chosen) < SENTENCES_PER_SOURCE - 1:
            chosen.append(rng.randrange(len(sentences)))
        bodies.append(" ".join(sentences[i] for i in [seed, *chosen]))
    return bodies


def store_sources(url: str, sentences: list[str], count: int, corpus: str) -> float:
    rng = random.Random(19)
    if corpus == "topical":
        bodies = topical_bodies(sentences, count, rng)
    else:  # every source a mix of random subjects: every word is in many sources
        bodies = [" ".join(rng.sample(sentences, SENTENCES_PER_SOURCE)) for _ in range(count)]
    engine = make_engine(url)
    start = time.perf_counter()
    with session_for(engine) as session:
        for first in range(0, count, 500):
            for number in range(first, min(first + 500, count)):
                body = bodies[number]
                session.add(
                    Source(
                        title=rng.choice(sentences)[:120],
                        url=f"https://news{number % 40}.example/{number}",
                        site=f"news{number % 40}.example",
                        text=body,
                        sha256=sha256_hex(f"{number}:{body}"),
                        size=len(body),
                        raw_compressed=zlib.compress(body.encode()),
                    )
                )
            session.commit()
    elapsed = time.perf_counter() - start
    if engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of the writes: the word statistics the search
        # reads to leave common words out (store.search._postgresql_document_shares).
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE source")
    engine.dispose()
    return elapsed


def time_queries(
    url: str, queries: list[str], match: str
) -> tuple[float, float, float, float, float, dict[str, list[int]]]:
    """(median ms, p95 ms, max ms, mean hits, share of hits whose snippet shows a matched
    word, the ids found for each query) for each query, after one warm-up."""
    engine = make_engine(url)
    timings: list[float] = []
    hits = marked = 0
    found_ids: dict[str, list[int]] = {}
    with session_for(engine) as session:
        search_stored_sources(session, queries[0], match=match)  # type: ignore[arg-type]
        for query in queries:
            start = time.perf_counter()
            found = search_stored_sources(session, query, match=match)  # type: ignore[arg-type]
            timings.append(1000 * (time.perf_counter() - start))
            hits += len(found)
            marked += sum(1 for hit in found if hit.highlights)
            found_ids[query] = [hit.source_id for hit in found]
            session.commit()
    engine.dispose()
    timings.sort()
    return (
        statistics.median(timings),
        timings[int(len(timings) * 0.95)],
        timings[-1],
        hits / len(queries),
        marked / (hits or 1),
        found_ids,
    )


def run(
    url: str, backend: str, sentences: list[str], queries: list[str], count: int, corpus: str
) -> tuple[list[str], dict[str, list[int]]]:
    """Table rows, and the ids each claim's any-word search found (best first)."""
    stored = store_sources(url, sentences, count, corpus)
    backend = f"{backend}, {corpus}"
    rows = [
        f"| {backend} | store {count} sources (the database indexes them) | {stored:.1f} s | | |"
    ]
    claims_found: dict[str, list[int]] = {}
    for label, chosen, match in (
        (f"{len(queries)} claims, any word (the stored provider)", queries, "any"),
        (f"{len(queries)} claims, every word", queries, "all"),
        ("commonest words, any (nearly all sources match)", [COMMON_QUERY] * 20, "any"),
    ):
        median, p95, worst, mean_hits, marked, found = time_queries(url, chosen, match)
        if chosen is queries and match == "any":
            claims_found = found
        rows.append(
            f"| {backend} | {label} | median {median:.1f} ms, p95 {p95:.1f} ms, "
            f"max {worst:.1f} ms | {mean_hits:.1f} | {marked:.1%} |"
        )
    return rows, claims_found


def agreement(first: dict[str, list[int]], second: dict[str, list[int]], depth: int) -> float:
    """Mean share of the first list's best ``depth`` that the second also has in its best
    ``depth``, over the queries the first found anything for."""
    shares = [
        len(set(ids[:depth]) & set(second.get(query, [])[:depth])) / len(ids[:depth])
        for query, ids in first.items()
        if ids
    ]
    return statistics.mean(shares) if shares else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--pg-url", help="an existing, empty PostgreSQL database to use")
    parser.add_argument(
        "--corpus",
        choices=["topical", "mixed"],
        default="topical",
        help="topical: each source about one subject (as news is); mixed: 30 random subjects",
    )
    args = parser.parse_args(argv)

    sentences, queries = load_texts(args.datasets)
    queries = random.Random(7).sample(queries, min(args.queries, len(queries)))
    print(f"{args.sources} sources from {len(sentences)} sentences; {len(queries)} queries")
    rows: list[str] = []
    found: dict[str, dict[str, list[int]]] = {}
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            more, found["sqlite"] = run(
                url, "SQLite (FTS5)", sentences, queries, args.sources, args.corpus
            )
            rows += more
    if args.backend in ("postgresql", "both"):
        if args.pg_url:
            more, found["postgresql"] = run(
                args.pg_url, "PostgreSQL (given)", sentences, queries, args.sources, args.corpus
            )
            rows += more
        else:
            from tests.support.pg_server import start_temporary_postgres

            server = start_temporary_postgres(durable=True)
            try:
                url = server.create_database("bench")
                label = "PostgreSQL (tsvector, GIN)"
                more, found["postgresql"] = run(
                    url, label, sentences, queries, args.sources, args.corpus
                )
                rows += more
            finally:
                server.stop()
    print()
    print("| backend | what | time per search | hits per search | snippets with a matched word |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    if len(found) == 2:
        # The same sources in both (seeded), so their ids agree: how far the two rankings of
        # the claims' any-word searches agree (FTS5's BM25 is the reference).
        print()
        for depth in (10, 50):
            share = agreement(found["sqlite"], found["postgresql"], depth)
            print(f"PostgreSQL's best {depth} hold {share:.1%} of SQLite's best {depth} (mean)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
