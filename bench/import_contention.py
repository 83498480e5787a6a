"""Benchmark: import a 5,000-claim article into a database holding 10,000 reviewed claims while
a colleague, in another process, marks claims in a loop; how long did the colleague wait?

The reviewed claims are the first 10,000 real fact-checked claims of CheckThat! 2020 task 2
(stored as 200 articles of 50, then given verdicts). The new article is real text run
through the workbench's own import (`services.import_text`: extraction, the batched store,
claim memory): the sentences of the CheckThat! 2019 debates, the CheckThat! 2020 tweets
(which restate reviewed claims, so claim memory has matches to find), then CLIMATE-FEVER's
claims and Wikipedia sentences, cut where its 5,000th claim ends. The colleague marks
claims of another article one by one, each against the version just read (as the app
does), each mark a real change, from before the import starts until after it ends.

    .venv/bin/python bench/import_contention.py [--backend sqlite|postgresql|both]
        [--claims 5000] [--reviewed 10000] [--batch-claims N] [--no-pause] [--warm]
        [--datasets PATH]

With the `embeddings` extra installed, claim memory encodes the reviewed claims it has no
vectors for. The benchmark uses a vector cache of its own, empty (the first import after the
claims were reviewed) unless --warm fills it first, untimed (every later import).

--batch-claims 1000000 with --no-pause writes the article in one transaction, as imports
did before they were batched (for comparison).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))  # tests.support

from sqlalchemy import event, update  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from claim_workbench.claims import extract_claims  # noqa: E402
from claim_workbench.review import claim_search, services  # noqa: E402
from claim_workbench.store import storage  # noqa: E402
from claim_workbench.store.engine import make_engine, session_for  # noqa: E402
from claim_workbench.store.models import Claim, ClaimBase  # noqa: E402

DEFAULT_DATASETS = REPO.parent / "shared" / "datasets"
VERDICTS = ("verified", "disputed", "inconclusive")


def reviewed_texts(datasets: Path, count: int) -> list[str]:
    path = datasets / "checkthat2020-task2" / "verified_claims.docs.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    texts = [row[1].strip() for row in rows if len(row) > 1 and row[1].strip()]
    return (texts * (count // len(texts) + 1))[:count]


def article_text(datasets: Path, claims: int) -> tuple[str, int]:
    """Real sentences up to the end of the article's ``claims``-th claim; (text, claims)."""
    lines: list[str] = []
    for path in sorted((datasets / "checkthat2019-task1" / "training").glob("*.tsv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 3 and row[2].strip():
                    lines.append(row[2].strip())
    for split in ("train", "dev"):
        path = datasets / "checkthat2020-task2" / split / "tweets.queries.tsv"
        with path.open(encoding="utf-8", newline="") as handle:
            for row in list(csv.reader(handle, delimiter="\t"))[1:]:
                if len(row) > 1 and row[1].strip():
                    lines.append(" ".join(row[1].split()))
    with (datasets / "climate-fever" / "climate-fever-dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            lines.append(item["claim"].strip())
            lines.extend(evidence["evidence"].strip() for evidence in item["evidences"])
    body = "\n".join(lines)
    found = extract_claims(body)
    if len(found) < claims:
        raise SystemExit(f"the datasets give only {len(found)} claims, fewer than {claims}")
    body = body[: found[claims - 1].end]
    return " date 2026-12-03 Five thousand claims\n\n" + body, len(extract_claims(body))


def seed(url: str, reviewed: list[str]) -> list[int]:
    """The reviewed claims (200 articles of 50) and the colleague's article; its claim ids."""
    engine = make_engine(url)
    with session_for(engine) as session:
        for number in range(0, len(reviewed), 50):
            chunk = reviewed[number : number + 50]
            offset, drafts = 0, []
            for position, sentence in enumerate(chunk):
                drafts.append(
                    storage.ClaimDraft(
                        claim=ClaimBase(
                            position=position,
                            text=sentence,
                            start=offset,
                            end=offset + len(sentence),
                            label=sentence[:40],
                            kinds=["statement"],
                        )
                    )
                )
                offset += len(sentence) + 1
            storage.import_article(
                session=session,
                title=f"reviewed {number // 50}",
                text=f"Reviewed article {number // 50}. " + " ".join(chunk),
                claims=drafts,
            )
        session.execute(update(Claim).values(status="verified", reviewer="desk"))
        session.commit()
        colleague = [
            storage.ClaimDraft(
                claim=ClaimBase(
                    position=n, text=f"Claim {n} of the colleague.", start=n, end=n + 1, label="c"
                )
            )
            for n in range(300)
        ]
        article, _ = storage.import_article(
            session=session, title="colleague", text="The colleague's article.", claims=colleague
        )
        ids = [c.id for c in storage.list_claims(session=session, article_id=article.id or 0)]
    engine.dispose()
    return [claim_id for claim_id in ids if claim_id is not None]


def colleague(url: str, claim_ids: list[int], started, stop, outbox) -> None:  # type: ignore[no-untyped-def]
    """Mark claims one by one until told to stop; send (start time, wait, failed) per mark."""
    engine = make_engine(url)
    marks: list[tuple[float, float, bool]] = []
    with session_for(engine) as session:
        session.connection()
        session.rollback()
        started.set()
        n = 0
        while not stop.is_set():
            claim_id = claim_ids[n % len(claim_ids)]
            begun = time.perf_counter()
            failed = False
            try:
                seen = storage.get_claim(session=session, claim_id=claim_id).version
                session.rollback()
                storage.mark_claim(
                    session=session,
                    claim_id=claim_id,
                    # Another verdict than the claim's last one: a repeated one writes nothing.
                    status=VERDICTS[(n + n // len(claim_ids)) % 3],
                    reviewer="colleague",
                    expect_version=seen,
                )
            except (OperationalError, storage.StorageError):
                session.rollback()
                failed = True
            marks.append((begun, time.perf_counter() - begun, failed))
            n += 1
    engine.dispose()
    outbox.put(marks)


@dataclass
class Figures:
    backend: str
    memory_mode: str
    text_mb: float
    claims: int
    total: float
    extract_and_store: float = 0.0
    memory: float = 0.0
    memory_checked: int = 0
    memory_found: int = 0
    transactions: list[float] = field(default_factory=list)
    marks: int = 0
    failed: int = 0
    wait_max_ms: float = 0.0
    wait_p50_ms: float = 0.0
    wait_p99_ms: float = 0.0
    quiet_p50_ms: float = 0.0


class WarningCount(logging.Handler):
    """Notices claim memory's fallback to words (it logs a warning when it happens)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.fell_back = False

    def emit(self, record: logging.LogRecord) -> None:
        self.fell_back |= "matches by words this time" in record.getMessage()


def run(
    url: str, backend: str, datasets: Path, claims: int, reviewed_count: int, *, warm: bool
) -> Figures:
    raw, claim_count = article_text(datasets, claims)
    claim_ids = seed(url, reviewed_texts(datasets, reviewed_count))
    engine = make_engine(url)
    # How long each writing transaction of the import held the database: from its first
    # INSERT, UPDATE or DELETE (where SQLite takes the write lock) to its commit.
    transactions: list[float] = []
    writing_since: dict[int, float] = {}

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(connection, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writing_since.setdefault(id(connection), time.perf_counter())

    @event.listens_for(engine, "commit")
    def _commit(connection) -> None:  # type: ignore[no-untyped-def]
        if id(connection) in writing_since:
            transactions.append(time.perf_counter() - writing_since.pop(id(connection)))

    if warm and claim_search.memory_encoder() is not None:
        claim_search.memory_encoder().encode(reviewed_texts(datasets, reviewed_count))  # type: ignore[union-attr]
    words_only = WarningCount()
    logging.getLogger("claim_workbench.review.services").addHandler(words_only)
    phases: dict[str, float] = {}
    remember = services.remember_seen_claims

    def timed_memory(**arguments):  # type: ignore[no-untyped-def]
        phases["memory_start"] = time.perf_counter()
        try:
            return remember(**arguments)
        finally:
            phases["memory_end"] = time.perf_counter()

    services.remember_seen_claims = timed_memory  # type: ignore[assignment]
    fork = multiprocessing.get_context("fork")
    started, stop, outbox = fork.Event(), fork.Event(), fork.Queue()
    process = fork.Process(target=colleague, args=(url, claim_ids, started, stop, outbox))
    process.start()
    started.wait(60)
    time.sleep(1.0)  # the colleague's marks on a quiet database, for comparison
    import_start = time.perf_counter()
    with session_for(engine) as session:
        result = services.import_text(session=session, raw=raw)
    import_end = time.perf_counter()
    time.sleep(0.5)
    stop.set()
    marks = outbox.get(timeout=120)
    process.join(timeout=60)
    services.remember_seen_claims = remember  # type: ignore[assignment]
    logging.getLogger("claim_workbench.review.services").removeHandler(words_only)
    engine.dispose()
    if claim_search.memory_encoder() is None:
        mode = "words (no model installed)"
    elif words_only.fell_back:
        mode = "words (encoding the reviewed claims ran out of time)"
    else:
        mode = "embeddings"

    during = [(wait, bad) for begun, wait, bad in marks if import_start <= begun <= import_end]
    quiet = [wait for begun, wait, failed in marks if begun < import_start and not failed]
    waits = sorted(wait for wait, _failed in during)
    memory = result.memory
    assert result.created and result.claim_count == claim_count
    return Figures(
        backend=backend,
        memory_mode=mode,
        text_mb=len(raw.encode()) / 1e6,
        claims=claim_count,
        total=import_end - import_start,
        extract_and_store=phases["memory_start"] - import_start,
        memory=phases["memory_end"] - phases["memory_start"],
        memory_checked=memory.checked if memory else 0,
        memory_found=memory.found if memory else 0,
        transactions=transactions,
        marks=len(during),
        failed=sum(failed for _wait, failed in during),
        wait_max_ms=1000 * waits[-1] if waits else 0.0,
        wait_p50_ms=1000 * statistics.median(waits) if waits else 0.0,
        wait_p99_ms=1000 * waits[int(len(waits) * 0.99)] if waits else 0.0,
        quiet_p50_ms=1000 * statistics.median(quiet) if quiet else 0.0,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--claims", type=int, default=5_000)
    parser.add_argument("--reviewed", type=int, default=10_000)
    parser.add_argument("--batch-claims", type=int, default=storage.IMPORT_BATCH_CLAIMS)
    parser.add_argument("--no-pause", action="store_true", help="no pause between batches")
    parser.add_argument("--warm", action="store_true", help="fill the vector cache first")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    args = parser.parse_args(argv)
    # A vector cache of the benchmark's own, never the user's.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="bench-vectors-")
    storage.IMPORT_BATCH_CLAIMS = args.batch_claims
    if args.no_pause:
        storage.SQLITE_BATCH_PAUSE = 0.0
    services.DEFAULT_MAX_CLAIMS = max(services.DEFAULT_MAX_CLAIMS, args.claims)

    results: list[Figures] = []
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            results.append(
                run(url, "SQLite", args.datasets, args.claims, args.reviewed, warm=args.warm)
            )
    if args.backend in ("postgresql", "both"):
        from tests.support.pg_server import start_temporary_postgres

        server = start_temporary_postgres(durable=True)
        try:
            url = server.create_database("bench")
            results.append(
                run(url, "PostgreSQL", args.datasets, args.claims, args.reviewed, warm=args.warm)
            )
        finally:
            server.stop()

    print(
        f"batches of {storage.IMPORT_BATCH_CLAIMS} claims, pause "
        f"{storage.SQLITE_BATCH_PAUSE:.2f} s (SQLite); {args.reviewed} reviewed claims; "
        f"vector cache {'filled first' if args.warm else 'empty'}; claim memory by "
        + ", ".join(f"{f.memory_mode} on {f.backend}" for f in results)
    )
    print(
        "| backend | article | import total | extract + store | claim memory (compared / found)"
        " | longest transaction | colleague's marks during import | failed"
        " | colleague's wait: max / p99 / p50 | p50 on a quiet database |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for f in results:
        print(
            f"| {f.backend} | {f.claims} claims, {f.text_mb:.2f} MB | {f.total:.2f} s "
            f"| {f.extract_and_store:.2f} s "
            f"| {f.memory:.2f} s ({f.memory_checked} / {f.memory_found}) "
            f"| {1000 * max(f.transactions):.0f} ms | {f.marks} | {f.failed} "
            f"| **{f.wait_max_ms:.0f}** / {f.wait_p99_ms:.0f} / {f.wait_p50_ms:.1f} ms "
            f"| {f.quiet_p50_ms:.1f} ms |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
