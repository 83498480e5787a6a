"""Several reviewers in separate processes on one database: no lost or silent overwrites."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import sqlite3
import subprocess
import sys
import threading
import traceback
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from claim_workbench.store.engine import HEAD_REVISION, current_revision, make_engine, session_for
from claim_workbench.store.models import Article, ClaimBase, ReviewEvent, SourceBase
from claim_workbench.store.reads import change_marker
from claim_workbench.store.storage import (
    ClaimDraft,
    EvidenceDraft,
    VersionConflict,
    attach_source,
    get_claim,
    history,
    import_article,
    list_claims,
    list_evidence,
    mark_claim,
    set_stance,
    sha256_hex,
)

REPO = Path(__file__).resolve().parents[2]

# One reviewer's program: open the database, say "ready", wait for the shared start
# signal (a file appearing) so that every process acts at the same moment, then act.
# Run as a fresh interpreter, like a second terminal.
WORKER = r"""
import json, os, sys, time
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.storage import VersionConflict, mark_claim

job = json.loads(sys.argv[1])
engine = make_engine(job["url"])
session = session_for(engine)
session.connection()  # connect now, so the start signal is not spent connecting
session.rollback()
print("ready", flush=True)
while not os.path.exists(job["go"]):
    time.sleep(0.001)
results = []
for mark in job["marks"]:
    try:
        claim = mark_claim(session=session, reviewer=job["reviewer"], **mark)
        results.append({"ok": True, "version": claim.version})
    except VersionConflict as error:
        results.append({"ok": False, "conflict": str(error)})
print(json.dumps(results), flush=True)
sys.exit(0 if all(result["ok"] for result in results) else 3)
"""


def run_programs(url: str, jobs: list[dict], go_file: Path) -> list[tuple[int, list[dict]]]:
    """Start one interpreter per job, release them at once, return (exit code, results)."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, json.dumps({**job, "url": url, "go": str(go_file)})],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.strip() == "ready", process.stderr.read() if process.stderr else line
        go_file.touch()
        outcomes = []
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode in (0, 3), err
            outcomes.append((process.returncode, json.loads(out.strip().splitlines()[-1])))
        return outcomes
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()


# Many reviewers at once: forked processes (each opens its own engine and connections
# after the fork) start in milliseconds where twenty fresh interpreters take seconds.
FORK = multiprocessing.get_context("fork")


def _forked_reviewer(index: int, url: str, job: dict, ready, go, outbox) -> None:  # type: ignore[no-untyped-def]
    try:
        results = _act(url, job, ready, go)
    except BaseException:  # report it to the test instead of leaving it waiting
        outbox.put((index, [{"ok": False, "error": traceback.format_exc()}]))
        sys.exit(1)
    outbox.put((index, results))
    sys.exit(0 if all(result["ok"] for result in results) else 3)


def _act(url: str, job: dict, ready, go) -> list[dict]:  # type: ignore[no-untyped-def]
    engine = make_engine(url) if job["action"] != "open" else None
    session = session_for(engine) if engine is not None else None
    if session is not None:
        session.connection()  # connect now, so the start signal is not spent connecting
        session.rollback()
    ready.wait()
    go.wait()
    results: list[dict] = []
    if job["action"] == "open":
        make_engine(url).dispose()
    elif job["action"] == "import":
        body = job["text"]
        claim = ClaimBase(position=0, text=body, start=0, end=len(body), label="import race")
        article, created = import_article(
            session=session, title="t", text=body, claims=[ClaimDraft(claim=claim)]
        )
        results.append({"ok": True, "article_id": article.id, "created": created})
    else:
        for mark in job["marks"]:
            try:
                claim = mark_claim(session=session, reviewer=job["reviewer"], **mark)
                results.append({"ok": True, "version": claim.version})
            except VersionConflict as error:
                results.append({"ok": False, "conflict": str(error)})
    return results


def run_forked(url: str, jobs: list[dict]) -> list[tuple[int, list[dict]]]:
    """One forked process per job, released together; (exit code, results) in job order."""
    ready, go, outbox = FORK.Barrier(len(jobs) + 1), FORK.Event(), FORK.Queue()
    processes = [
        FORK.Process(target=_forked_reviewer, args=(index, url, job, ready, go, outbox))
        for index, job in enumerate(jobs)
    ]
    for process in processes:
        process.start()
    try:
        ready.wait(timeout=120)
        go.set()
        results = dict(outbox.get(timeout=120) for _ in jobs)
        for process in processes:
            process.join(timeout=120)
        outcomes = [(process.exitcode, results[index]) for index, process in enumerate(processes)]
        failures = [result for code, result in outcomes if code not in (0, 3)]
        assert not failures, failures
        return outcomes
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()


def seed_claims(url: str, count: int) -> list[int]:
    engine = make_engine(url)
    with session_for(engine) as session:
        sentences = [f"Claim number {n} says {n * 7} boats were seen." for n in range(count)]
        article_text = " ".join(sentences)
        drafts, offset = [], 0
        for position, sentence in enumerate(sentences):
            drafts.append(
                ClaimDraft(
                    claim=ClaimBase(
                        position=position,
                        text=sentence,
                        start=offset,
                        end=offset + len(sentence),
                        label=f"{position * 7} boats",
                    )
                )
            )
            offset += len(sentence) + 1
        article, _ = import_article(session=session, title="seed", text=article_text, claims=drafts)
        ids = [claim.id for claim in list_claims(session=session, article_id=article.id)]
    engine.dispose()
    return ids


def test_two_reviewers_with_the_same_version_one_wins_one_is_told(
    any_db_url: str, tmp_path: Path
) -> None:
    [claim_id] = seed_claims(any_db_url, 1)
    jobs = [
        {
            "action": "mark",
            "reviewer": reviewer,
            "marks": [{"claim_id": claim_id, "status": status, "expect_version": 1}],
        }
        for reviewer, status in (("ana", "verified"), ("ben", "disputed"))
    ]

    outcomes = run_programs(any_db_url, jobs, tmp_path / "go")

    assert sorted(code for code, _ in outcomes) == [0, 3]
    winner = 0 if outcomes[0][0] == 0 else 1
    winner_name, winner_status = ("ana", "verified") if winner == 0 else ("ben", "disputed")
    [loser_result] = outcomes[1 - winner][1]
    assert f"changed by {winner_name} (now {winner_status}, version 2" in loser_result["conflict"]
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        claim = get_claim(session=session, claim_id=claim_id)
        assert (claim.status, claim.reviewer, claim.version) == (winner_status, winner_name, 2)
        events = history(session=session, claim_id=claim_id)
        assert [(e.reviewer, e.from_value, e.to_value) for e in events] == [
            (winner_name, "unreviewed", winner_status)
        ]
    engine.dispose()


def test_twenty_reviewers_marking_different_claims_lose_nothing(any_db_url: str) -> None:
    statuses = ["verified", "disputed", "inconclusive"]
    claim_ids = seed_claims(any_db_url, 20)
    jobs = [
        {
            "action": "mark",
            "reviewer": f"reviewer-{n}",
            "marks": [
                {
                    "claim_id": claim_id,
                    "status": statuses[n % 3],
                    "note": f"checked by {n}",
                    "expect_version": 1,
                }
            ],
        }
        for n, claim_id in enumerate(claim_ids)
    ]

    outcomes = run_forked(any_db_url, jobs)

    assert [code for code, _ in outcomes] == [0] * 20
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        for n, claim_id in enumerate(claim_ids):
            claim = get_claim(session=session, claim_id=claim_id)
            assert (claim.status, claim.reviewer, claim.note, claim.version) == (
                statuses[n % 3],
                f"reviewer-{n}",
                f"checked by {n}",
                2,
            )
        events = session.exec(select(ReviewEvent)).all()
        assert sorted((e.claim_id, e.reviewer) for e in events) == [
            (claim_id, f"reviewer-{n}") for n, claim_id in enumerate(claim_ids)
        ]
    engine.dispose()


def test_audit_trail_counts_every_change_when_all_write_one_claim(any_db_url: str) -> None:
    # Plain `mark` without an expected version: each write lands on whatever version is
    # current, so none is refused, and the trail must show every change, chained in order.
    # A mark that finds the claim already at its status (a colleague just set it) changes
    # nothing and writes nothing; it reports the version that colleague's write made.
    [claim_id] = seed_claims(any_db_url, 1)
    statuses = ["verified", "disputed", "inconclusive", "verified", "disputed"]
    reviewers = [f"desk-{n}" for n in range(6)]
    jobs = [
        {
            "action": "mark",
            "reviewer": reviewer,
            "marks": [{"claim_id": claim_id, "status": status} for status in statuses],
        }
        for reviewer in reviewers
    ]

    outcomes = run_forked(any_db_url, jobs)

    assert [code for code, _ in outcomes] == [0] * len(reviewers)
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        claim = get_claim(session=session, claim_id=claim_id)
        events = history(session=session, claim_id=claim_id)
    engine.dispose()
    results = [result for _code, job_results in outcomes for result in job_results]
    assert len(results) == len(reviewers) * len(statuses)
    # Each real change made one new version; a mark that changed nothing reports one of them.
    changes = len({result["version"] for result in results})
    assert claim.version == 1 + changes
    assert len(events) == changes
    assert all(e.from_value != e.to_value for e in events)
    assert set(Counter(e.reviewer for e in events)) <= set(reviewers)
    assert events[0].from_value == "unreviewed"
    pairs = itertools.pairwise(events)
    assert all(later.from_value == earlier.to_value for earlier, later in pairs)
    assert events[-1].to_value == claim.status


def test_workbenches_starting_together_on_a_new_database_migrate_it_once(
    any_db_url: str, tmp_path: Path
) -> None:
    outcomes = run_forked(any_db_url, [{"action": "open"}] * 4)

    assert [code for code, _ in outcomes] == [0] * 4
    engine = make_engine(any_db_url)
    with engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
        versions = connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()
    assert versions == 1
    assert {"article", "claim", "reviewevent"} <= set(inspect(engine).get_table_names())
    engine.dispose()
    assert list(tmp_path.glob("*.bak-*")) == []  # a new database needs no backup


def test_same_article_imported_by_two_reviewers_at_once_is_stored_once(any_db_url: str) -> None:
    make_engine(any_db_url).dispose()
    article_text = "The coast guard reported 14 rescues on Sunday."
    jobs = [{"action": "import", "text": article_text}] * 2

    outcomes = run_forked(any_db_url, jobs)

    results = [result for _, [result] in outcomes]
    assert results[0]["article_id"] == results[1]["article_id"]
    assert sorted(result["created"] for result in results) == [False, True]
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        assert session.exec(select(func.count(col(Article.id)))).one() == 1
    engine.dispose()


def test_sqlite_connections_keep_the_safety_settings(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)  # creates the file through the migrations first
    with engine.connect() as connection:
        settings = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    engine.dispose()
    assert settings == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000}


def test_opening_while_another_process_writes_waits_for_wal_instead_of_failing(
    sqlite_url: str, sqlite_path: Path
) -> None:
    # Switching a file to WAL fails at once ("database is locked", no busy wait) while
    # another connection holds a write lock: what a second workbench met when two started
    # together on a new database. Opening must wait for the lock, not fail.
    make_engine(sqlite_url).dispose()
    writer = sqlite3.connect(sqlite_path, isolation_level=None, check_same_thread=False)
    writer.execute("PRAGMA journal_mode=DELETE")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE alembic_version SET version_num = version_num")
    release = threading.Timer(0.3, lambda: writer.execute("COMMIT"))
    release.start()
    try:
        engine = make_engine(sqlite_url)
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        engine.dispose()
    finally:
        release.join()
        writer.close()
    assert mode == "wal"


def test_sqlite_foreign_keys_are_enforced(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as connection, pytest.raises(IntegrityError, match="FOREIGN KEY"):
        connection.execute(
            text(
                "INSERT INTO reviewevent (claim_id, action, at) "
                "VALUES (424242, 'status', '2026-01-01 00:00:00')"
            )
        )
        connection.commit()
    engine.dispose()


def test_an_open_window_sees_colleagues_changes(any_db_url: str) -> None:
    # Two long-lived sessions on two engines, as two reviewers' workbenches hold them.
    [claim_id] = seed_claims(any_db_url, 1)
    mine_engine, theirs_engine = make_engine(any_db_url), make_engine(any_db_url)
    mine, theirs = session_for(mine_engine), session_for(theirs_engine)
    article_id = get_claim(session=mine, claim_id=claim_id).article_id
    assert list_claims(session=mine, article_id=article_id)[0].status == "unreviewed"

    def marker():  # type: ignore[no-untyped-def]
        # Its own short connection, as the window polls: no snapshot held open between polls.
        with mine_engine.connect() as connection:
            return change_marker(connection=connection, article_id=article_id)

    quiet = marker()
    assert marker() == quiet

    mark_claim(session=theirs, claim_id=claim_id, status="disputed", reviewer="ben")
    after_mark = marker()
    [claim] = list_claims(session=mine, article_id=article_id)
    assert after_mark != quiet
    assert (claim.status, claim.reviewer, claim.version) == ("disputed", "ben", 2)

    raw = b"Coast guard log: 3 boats."
    snapshot = SourceBase(origin="text", text=raw.decode(), sha256=sha256_hex(raw), size=len(raw))
    passage = EvidenceDraft(
        passage="3 boats",
        start=17,
        end=24,
        score=70.0,
        highlight_start=0,
        highlight_end=7,
        number_agreement="none",
        suggested_stance="unclear",
    )
    _, [evidence] = attach_source(
        session=theirs, claim_id=claim_id, source=snapshot, raw=raw, evidence=[passage]
    )
    after_attach = marker()
    assert after_attach != after_mark
    assert [e.reviewer_stance for e, _ in list_evidence(session=mine, claim_id=claim_id)] == [None]

    set_stance(session=theirs, evidence_id=evidence.id, stance="supports", reviewer="ben")
    after_stance = marker()
    assert after_stance != after_attach
    seen = list_evidence(session=mine, claim_id=claim_id)
    assert [(e.reviewer_stance, e.reviewer) for e, _ in seen] == [("supports", "ben")]
    assert marker() == after_stance

    mine.close()
    theirs.close()
    mine_engine.dispose()
    theirs_engine.dispose()
