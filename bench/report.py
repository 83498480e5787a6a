"""Benchmark for the reports (issue 7): time and peak memory per format on a large review.

Builds a SQLite database with N claims (default 10,000) and 3 evidence items each, about
70% of the claims with a verdict, then writes every report format to a file: best of three
timed runs, then one under tracemalloc for the peak of Python allocations. Run at two sizes to see
whether memory grows with the article (it should not: claims are read in batches).

    .venv/bin/python bench/report.py                 # 1,000 and 10,000 claims
    .venv/bin/python bench/report.py --claims 10000  # one size
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import insert  # noqa: E402

from claim_workbench.report import REPORT_FORMATS, ReportOptions, write_report
from claim_workbench.store.engine import make_engine, session_for  # noqa: E402
from claim_workbench.store.models import (  # noqa: E402  # noqa: E402
    Claim,
    ClaimBase,
    Evidence,
    QuantityBase,
    ReviewEvent,
    Source,
)
from claim_workbench.store.storage import ClaimDraft, import_article, sha256_hex  # noqa: E402

STATUSES = ("verified", "disputed", "inconclusive", "verified", "disputed", "verified")
REVIEWERS = ("alice", "bob", "carol")
NOW = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.UTC)


def sentence(index: int) -> str:
    return (
        f"Officials said that at least {index % 97 + 3} attacks had killed {index % 311 + 10} "
        f"people in region {index} since September, the ministry's report number {index} says."
    )


def build_database(path: Path, claims: int, evidence_per_claim: int) -> int:
    """A reviewed article with ``claims`` claims; returns its id. Setup is not timed."""
    engine = make_engine(f"sqlite:///{path}")
    sentences = [sentence(index) for index in range(claims)]
    text = " ".join(sentences)
    drafts = []
    offset = 0
    for index, claim_text in enumerate(sentences):
        attacks = f"{index % 97 + 3} attacks"
        attacks_at = offset + claim_text.index(attacks)
        drafts.append(
            ClaimDraft(
                claim=ClaimBase(
                    position=index,
                    text=claim_text,
                    start=offset,
                    end=offset + len(claim_text),
                    label=f"{attacks}, {index % 311 + 10} deaths (region {index})",
                    kinds=["quantity", "attribution"],
                    check_worthiness=0.8,
                    speaker="Officials" if index % 4 == 0 else None,
                ),
                quantities=[
                    QuantityBase(
                        value=float(index % 97 + 3),
                        unit="attacks",
                        qualifier="at least",
                        text=attacks,
                        start=attacks_at,
                        end=attacks_at + len(attacks),
                    )
                ],
            )
        )
        offset += len(claim_text) + 1
    with session_for(engine) as session:
        article, _ = import_article(
            session=session,
            title="Benchmark article",
            text=text,
            claims=drafts,
            published=dt.date(2025, 11, 17),
            url="https://news.example/benchmark",
        )
        assert article.id is not None
        claim_ids = list(
            session.execute(
                Claim.__table__.select().with_only_columns(Claim.__table__.c.id)
            ).scalars()
        )
        source_rows = []
        evidence_rows = []
        event_rows = []
        source_id = 0
        for number, claim_id in enumerate(claim_ids):
            for rank in range(evidence_per_claim):
                source_id += 1
                body = (sentence(number) + " ") * 8 + f"Source {source_id}."
                raw = body.encode()
                source_rows.append(
                    {
                        "id": source_id,
                        "origin": "url",
                        "url": f"https://source{rank}.example/{number}",
                        "final_url": f"https://source{rank}.example/{number}?final",
                        "title": f"Source {source_id} <report>",
                        "site": f"source{rank}.example",
                        "fetched_at": NOW,
                        "status_code": 200,
                        "content_type": "text/html",
                        "text": body,
                        "sha256": sha256_hex(raw),
                        "size": len(raw),
                        "raw_compressed": zlib.compress(raw),
                    }
                )
                passage = sentence(number)
                evidence_rows.append(
                    {
                        "claim_id": claim_id,
                        "source_id": source_id,
                        "passage": passage,
                        "start": 0,
                        "end": len(passage),
                        "highlight_start": 15,
                        "highlight_end": 40,
                        "score": 90.0 - 10 * rank,
                        "number_agreement": ("agree", "conflict", "none")[rank % 3],
                        "suggested_stance": "supports",
                        "reviewer_stance": "supports" if rank == 0 else None,
                        "reviewer": REVIEWERS[number % 3],
                        "attached_at": NOW,
                    }
                )
            if number % 10 < 7:
                event_rows.append(
                    {
                        "claim_id": claim_id,
                        "action": "status",
                        "from_value": "unreviewed",
                        "to_value": STATUSES[number % len(STATUSES)],
                        "reviewer": REVIEWERS[number % 3],
                        "at": NOW,
                    }
                )
        session.execute(insert(Source), source_rows)
        session.execute(insert(Evidence), evidence_rows)
        session.execute(insert(ReviewEvent), event_rows)
        for row in event_rows:
            session.execute(
                Claim.__table__.update()
                .where(Claim.__table__.c.id == row["claim_id"])
                .values(status=row["to_value"], reviewer=row["reviewer"], note="checked")
            )
        session.commit()
    engine.dispose()
    return article.id


def run_format(
    db_path: Path, article_id: int, fmt: str, out_path: Path, *, trace: bool = False
) -> tuple[float, int]:
    """Seconds for one report and, when traced, the peak of Python allocations while writing."""
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        with (
            session_for(engine) as session,
            out_path.open("w", encoding="utf-8", newline="") as out,
        ):
            if trace:
                tracemalloc.start()
            started = time.perf_counter()
            write_report(
                session=session,
                article_id=article_id,
                fmt=fmt,
                out=out,
                options=ReportOptions(now=NOW, organisation="Bench Checks"),
            )
            seconds = time.perf_counter() - started
            peak = 0
            if trace:
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            return seconds, peak
    finally:
        engine.dispose()


def measure(claims: int, evidence_per_claim: int, workdir: Path) -> list[tuple]:
    db_path = workdir / f"bench-{claims}.db"
    started = time.perf_counter()
    article_id = build_database(db_path, claims, evidence_per_claim)
    print(
        f"built {claims} claims x {evidence_per_claim} evidence in "
        f"{time.perf_counter() - started:.1f}s ({db_path.stat().st_size / 1e6:.0f} MB)"
    )
    results = []
    for fmt in REPORT_FORMATS:
        out_path = workdir / f"report-{claims}.{fmt}"
        run_format(db_path, article_id, fmt, out_path)  # warm the page cache
        # Best of three: the machine is shared, and the minimum is the least disturbed run.
        seconds = min(run_format(db_path, article_id, fmt, out_path)[0] for _ in range(3))
        size = out_path.stat().st_size
        # A separate run: tracemalloc slows allocation-heavy code several times over.
        _, peak = run_format(db_path, article_id, fmt, out_path, trace=True)
        results.append((claims, fmt, seconds, peak, size))
        print(
            f"{claims:>6} claims  {fmt:<12} {seconds:6.2f} s  "
            f"peak {peak / 1e6:6.1f} MB  output {size / 1e6:6.1f} MB"
        )
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--claims", type=int, action="append", help="repeatable; default 1000, 10000"
    )
    parser.add_argument("--evidence", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = args.claims or [1000, 10000]
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        for claims in sizes:
            rows += measure(claims, args.evidence, Path(folder))
    print()
    print("| claims | format | time (s) | peak Python memory (MB) | output (MB) |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for claims, fmt, seconds, peak, size in rows:
        print(f"| {claims:,} | {fmt} | {seconds:.2f} | {peak / 1e6:.1f} | {size / 1e6:.1f} |")


if __name__ == "__main__":
    main()
