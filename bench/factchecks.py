"""Benchmark: import 10,000 published fact-checks, then show "fact-checked before" on selection.

The fact-checks are the 10,375 verified claims of CheckThat! 2020 task 2 (Snopes claims and
their headlines), written as a schema.org ClaimReview JSON-LD array the way publishers write it
(the dataset has no ratings: each gets one of five rating words and values in turn, which only
fills the columns). The database already holds an article whose claims are the 197 dev tweets,
each of which restates one or more of those claims (the qrels): the import matches every stored
claim against the fact-checks as `workbench factchecks import` does, and writes everything in
one transaction. Then, as the app does when a claim is selected, the claim's details are read
(tui.screens.queries.claim_details, which now carries its fact-checks), timed per claim.

The vector cache starts empty (a temporary cache folder): the first import is what a new user
sees. A second import of the same file into a fresh database, with the vectors the first one
had time to encode, is timed too; and importing the file again into each database
(idempotent: nothing added).

    .venv/bin/python bench/factchecks.py [--fact-checks 10000] [--backend sqlite|postgresql|both]
                                         [--datasets PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))  # tests.support

DEFAULT_DATASETS = next(
    (p for p in (REPO.parent / "shared" / "datasets", Path("/work/shared/datasets")) if p.is_dir()),
    REPO.parent / "shared" / "datasets",
)
RATINGS = [(1, "False"), (2, "Mostly false"), (3, "Mixture"), (4, "Mostly true"), (5, "True")]


def load(
    datasets: Path, count: int
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]], set]:
    """(vclaim id, claim, title) x count; (tweet id, tweet) of dev; relevant (tweet, vclaim)."""
    folder = datasets / "checkthat2020-task2"
    with (folder / "verified_claims.docs.tsv").open(encoding="utf-8", newline="") as handle:
        claims = [
            (row[0], row[1].strip(), row[2].strip())
            for row in list(csv.reader(handle, delimiter="\t"))[1:]
            if len(row) > 2 and row[1].strip()
        ][:count]
    with (folder / "dev" / "tweets.queries.tsv").open(encoding="utf-8", newline="") as handle:
        tweets = [(row[0], row[1]) for row in list(csv.reader(handle, delimiter="\t"))[1:]]
    pairs = set()
    for line in (folder / "dev" / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == "1":
            pairs.add((parts[0], parts[2]))
    return claims, tweets, pairs


def claimreview_file(claims: list[tuple[str, str, str]], path: Path) -> None:
    reviews = []
    for number, (vclaim_id, claim, title) in enumerate(claims):
        value, words = RATINGS[number % len(RATINGS)]
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": f"https://www.snopes.com/fact-check/vclaim-{vclaim_id}/",
                "claimReviewed": claim,
                "name": title,
                "datePublished": f"20{10 + number % 10}-0{1 + number % 9}-1{number % 10}",
                "author": {
                    "@type": "Organization",
                    "name": "Snopes",
                    "url": "https://www.snopes.com",
                },
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": "Unknown"},
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": words,
                },
            }
        )
    path.write_text(json.dumps(reviews, ensure_ascii=False), encoding="utf-8")


def store_tweets(url: str, tweets: list[tuple[str, str]]) -> tuple[int, dict[int, str]]:
    """An article whose claims are the tweets; (article id, claim id -> tweet id)."""
    from claim_workbench.store.engine import make_engine, session_for
    from claim_workbench.store.models import ClaimBase
    from claim_workbench.store.storage import ClaimDraft, import_article, list_claims

    texts = [" ".join(text.split()) for _id, text in tweets]
    drafts, offset = [], 0
    for position, text in enumerate(texts):
        drafts.append(
            ClaimDraft(
                claim=ClaimBase(
                    position=position,
                    text=text,
                    start=offset,
                    end=offset + len(text),
                    label=text[:40],
                    kinds=["statement"],
                    check_worthiness=0.5,
                ),
                quantities=[],
            )
        )
        offset += len(text) + 1
    engine = make_engine(url)
    with session_for(engine) as session:
        article, _ = import_article(
            session=session, title="dev tweets", text=" ".join(texts), claims=drafts
        )
        claims = list_claims(session=session, article_id=article.id or 0)
    engine.dispose()
    return article.id or 0, {c.id or 0: tweets[c.position][0] for c in claims}


def run(url: str, file: Path, tweets, pairs, vclaim_of_url) -> dict:  # type: ignore[no-untyped-def]
    from claim_workbench.review.factchecks import import_fact_check_file
    from claim_workbench.store.engine import make_engine, session_for
    from claim_workbench.store.factchecks import fact_checks_seen, get_fact_checks
    from claim_workbench.tui.screens.queries import claim_details

    _article_id, tweet_of_claim = store_tweets(url, tweets)
    engine = make_engine(url)
    with session_for(engine) as session:
        start = time.perf_counter()
        result = import_fact_check_file(session=session, path=file)
        imported = time.perf_counter() - start
        start = time.perf_counter()
        again = import_fact_check_file(session=session, path=file)
        reimported = time.perf_counter() - start

        seen = fact_checks_seen(session=session, claim_ids=list(tweet_of_claim))
        checks = get_fact_checks(
            session=session, ids=[s.factcheck_id for found in seen.values() for s in found]
        )
        shown = correct = 0
        for claim_id, found in seen.items():
            if not found:
                continue
            shown += 1
            best = checks[found[0].factcheck_id]
            if (tweet_of_claim[claim_id], vclaim_of_url[best.url]) in pairs:
                correct += 1
        relevant_tweets = {tweet for tweet, _ in pairs}
        timings = []
        # Claims shown as fact-checked before (all of them, else unmatched ones for the read).
        selected = [claim_id for claim_id, found in seen.items() if found][:200]
        for claim_id in selected or list(tweet_of_claim)[:50]:
            session.commit()  # each selection is a fresh read, as in the app
            start = time.perf_counter()
            details = claim_details(session=session, claim_id=claim_id)
            timings.append(1000 * (time.perf_counter() - start))
            assert bool(details.fact_checks) == bool(selected), "what is stored is shown"
    engine.dispose()
    timings.sort()
    return {
        "import_s": imported,
        "added": result.added,
        "claims_checked": result.claims_checked,
        "claims_total": result.claims_total,
        "reimport_s": reimported,
        "reimport_added": again.added,
        "shown": shown,
        "correct": correct,
        "relevant_claims": len(relevant_tweets),
        "select_median_ms": statistics.median(timings) if timings else float("nan"),
        "select_p95_ms": timings[int(len(timings) * 0.95)] if timings else float("nan"),
        "select_max_ms": timings[-1] if timings else float("nan"),
        "selections": len(timings),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fact-checks", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")  # an empty vector cache: cold start
    claims, tweets, pairs = load(args.datasets, args.fact_checks)
    file = folder / "claimreview.json"
    claimreview_file(claims, file)
    vclaim_of_url = {
        f"https://www.snopes.com/fact-check/vclaim-{vclaim_id}/": vclaim_id
        for vclaim_id, _c, _t in claims
    }
    print(
        f"{len(claims)} ClaimReviews ({file.stat().st_size / 1e6:.1f} MB); "
        f"{len(tweets)} stored claims (dev tweets)"
    )
    rows = []
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        server = None
        for run_number, label in enumerate(
            ("first (vector cache empty)", "second (cache as the first left it)")
        ):
            if backend == "sqlite":
                url = f"sqlite:///{folder}/bench-{run_number}.db"
            else:
                if server is None:
                    from tests.support.pg_server import start_temporary_postgres

                    server = start_temporary_postgres(durable=True)
                url = server.create_database(f"bench{run_number}")
            figures = run(url, file, tweets, pairs, vclaim_of_url)
            rows.append((backend, label, figures))
        if server is not None:
            server.stop()
    print()
    print(
        "| backend | run | import (parse, match, write) | claims compared | re-import "
        "(adds) | claims shown fact-checked (best is a right one) | selection read: "
        "median / p95 / max |"
    )
    print("|---|---|---|---|---|---|---|")
    for backend, label, f in rows:
        print(
            f"| {backend} | {label} | {f['import_s']:.1f} s ({f['added']} added) | "
            f"{f['claims_checked']}/{f['claims_total']} | {f['reimport_s']:.1f} s "
            f"({f['reimport_added']}) | {f['shown']} ({f['correct']}; "
            f"{f['relevant_claims']} claims have one) | "
            f"{f['select_median_ms']:.1f} / {f['select_p95_ms']:.1f} / "
            f"{f['select_max_ms']:.1f} ms over {f['selections']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
