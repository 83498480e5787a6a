"""Long writes that do not starve colleagues: a cap on claims per article, imports in short
batches that nobody sees half-done, and a claim-memory step bounded in time."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from claim_workbench.cli import cli
from claim_workbench.memory.embeddings import CachedEncoder
from claim_workbench.review import claim_search, services
from claim_workbench.store import reads as queries
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Article, Claim, ClaimBase, Quantity, QuantityBase


def boats_text(count: int, *, first: int = 10) -> str:
    """A text whose sentences the extractor takes as one claim each."""
    return " ".join(
        f"The navy said {n} boats were struck near the port of Tela on Monday, officials said."
        for n in range(first, first + count)
    )


def drafts(count: int) -> list[storage.ClaimDraft]:
    return [
        storage.ClaimDraft(
            claim=ClaimBase(
                position=n, text=f"Claim {n} counts {n} boats.", start=n, end=n + 1, label=f"{n}"
            ),
            quantities=[QuantityBase(value=n, unit="boats", text=str(n), start=0, end=1)],
        )
        for n in range(count)
    ]


def counts(url: str) -> tuple[int, int, int]:
    """Articles, claims and quantities in the database, hidden ones included."""
    engine = make_engine(url)
    with session_for(engine) as session:
        found = tuple(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Article, Claim, Quantity)
        )
    engine.dispose()
    return found  # type: ignore[return-value]


def what_readers_see(url: str, article_id: int) -> dict[str, object]:
    """Every way a reader finds articles, on its own engine (another process's view)."""
    engine = make_engine(url)
    with session_for(engine) as session:
        try:
            storage.get_article(session=session, article_id=article_id)
            by_id: object = "found"
        except storage.NotFound:
            by_id = "not found"
        latest = storage.latest_article(session=session)
        seen = {
            "listed": [a.id for a, _n in storage.list_articles(session=session)],
            "latest": latest.id if latest else None,
            "by_id": by_id,
        }
        with engine.connect() as connection:
            try:
                queries.load_article(connection=connection, article_id=article_id)
                seen["screen_by_id"] = "found"
            except storage.NotFound:
                seen["screen_by_id"] = "not found"
            shown = queries.load_article(connection=connection, article_id=None).article
            seen["screen_latest"] = shown.id if shown else None
    engine.dispose()
    return seen


# --- the cap on claims per article --------------------------------------------------------------


def test_an_article_with_more_claims_than_allowed_is_refused_and_nothing_stored(
    sqlite_url: str,
) -> None:
    engine = make_engine(sqlite_url)
    with session_for(engine) as session:
        with pytest.raises(services.TooManyClaims) as refused:
            services.import_text(session=session, raw=boats_text(6), max_claims=5)
        allowed = services.import_text(session=session, raw=boats_text(6, first=50), max_claims=6)
    engine.dispose()
    assert str(refused.value).startswith(
        "the article has 6 claims, more than the 5 one article may have; nothing was imported"
    )
    assert allowed.created and allowed.claim_count == 6
    assert counts(sqlite_url)[:2] == (1, 6)


def test_the_cap_comes_from_the_environment_and_defaults_to_a_few_thousand(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(services.MAX_CLAIMS_VARIABLE, raising=False)
    assert 1_000 <= services.max_claims_per_article() == services.DEFAULT_MAX_CLAIMS <= 9_999
    monkeypatch.setenv(services.MAX_CLAIMS_VARIABLE, "250")
    assert services.max_claims_per_article() == 250
    monkeypatch.setenv(services.MAX_CLAIMS_VARIABLE, "many")
    with pytest.raises(storage.StorageError, match="must be a positive whole number, not 'many'"):
        services.max_claims_per_article()


def test_cli_import_refuses_past_the_cap_in_one_line(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "long.txt"
    article.write_text(boats_text(6), "utf-8")
    runner = CliRunner()
    run = lambda *args: runner.invoke(cli, ["--db", sqlite_url, *args])  # noqa: E731
    refused = run("import", str(article), "--max-claims", "4")
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1
    assert "the article has 6 claims, more than the 4 one article may have" in refused.stderr
    monkeypatch.setenv(services.MAX_CLAIMS_VARIABLE, "3")
    assert "more than the 3 one article" in run("import", str(article)).stderr
    assert counts(sqlite_url) == (0, 0, 0)
    imported = run("import", str(article), "--max-claims", "6", "--json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["claims"] == 6


# --- batches, hidden until the last ---------------------------------------------------------


def test_an_article_is_hidden_until_its_last_batch_is_in(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        earlier, _ = storage.import_article(
            session=session, title="earlier", text="An earlier article.", claims=drafts(2)
        )
    seen_between: list[dict[str, object]] = []

    def look(done: int, total: int) -> None:
        hidden_id = earlier.id + 1  # type: ignore[operator]
        seen_between.append({"done": done, **what_readers_see(any_db_url, hidden_id)})

    with session_for(engine) as session:
        article, created = storage.import_article(
            session=session,
            title="batched",
            text="The batched article.",
            claims=drafts(7),
            batch_size=3,
            between_batches=look,
        )
    engine.dispose()
    assert created and article.id == earlier.id + 1  # type: ignore[operator]
    assert [seen["done"] for seen in seen_between] == [3, 6, 7]
    for seen in seen_between:
        assert seen["listed"] == [earlier.id] and seen["latest"] == earlier.id
        assert seen["by_id"] == seen["screen_by_id"] == "not found"
        assert seen["screen_latest"] == earlier.id
    after = what_readers_see(any_db_url, article.id or 0)
    assert after["by_id"] == after["screen_by_id"] == "found"
    assert after["latest"] == after["screen_latest"] == article.id
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        claims = storage.list_claims(session=session, article_id=article.id or 0)
        quantities = storage.quantities_for(session=session, claim_ids=[c.id or 0 for c in claims])
    engine.dispose()
    assert [c.position for c in claims] == list(range(7))
    assert [quantities[c.id or 0][0].value for c in claims] == list(range(7))


class Interrupted(Exception):
    pass


def fail_after_first_batch(done: int, total: int) -> None:
    if done < total:
        raise Interrupted("the disk filled up")


def test_an_import_that_fails_half_way_leaves_nothing_behind(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        with pytest.raises(Interrupted):
            storage.import_article(
                session=session,
                title="broken",
                text="Half an article.",
                claims=drafts(5),
                batch_size=2,
                between_batches=fail_after_first_batch,
            )
        # The same text imports cleanly afterwards.
        article, created = storage.import_article(
            session=session, title="whole", text="Half an article.", claims=drafts(5)
        )
    engine.dispose()
    assert created
    assert counts(any_db_url) == (1, 5, 5)


def _import_and_die(url: str) -> None:
    """An import whose process is killed after its first batch (no clean-up can run)."""
    engine = make_engine(url)
    with session_for(engine) as session:
        storage.import_article(
            session=session,
            title="orphan",
            text="An import that never finished.",
            claims=drafts(4),
            batch_size=2,
            between_batches=lambda done, total: os._exit(9),
        )


def test_an_import_killed_half_way_stays_hidden_and_is_swept_later(sqlite_url: str) -> None:
    make_engine(sqlite_url).dispose()
    process = multiprocessing.get_context("fork").Process(
        target=_import_and_die, args=(sqlite_url,)
    )
    process.start()
    process.join(timeout=60)
    assert process.exitcode == 9
    assert counts(sqlite_url) == (1, 2, 2)  # its first batch is there, hidden
    assert what_readers_see(sqlite_url, 1)["listed"] == []
    engine = make_engine(sqlite_url)
    with session_for(engine) as session:
        # A fresh leftover may be an import still running elsewhere: it is left alone.
        storage.import_article(session=session, title="a", text="First other.", claims=drafts(1))
        assert counts(sqlite_url)[:2] == (2, 3)
        old = dt.datetime.now(dt.UTC) - storage.ABANDONED_IMPORT_AFTER - dt.timedelta(minutes=1)
        session.execute(text("UPDATE article SET imported_at = :old WHERE id = 1"), {"old": old})
        session.commit()
        storage.import_article(session=session, title="b", text="Second other.", claims=drafts(1))
    engine.dispose()
    assert counts(sqlite_url) == (2, 2, 2)


def test_sqlite_is_free_for_a_colleagues_write_between_two_batches(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    path = sqlite_url.removeprefix("sqlite:///")
    colleague_wrote: list[int] = []

    def colleague_writes(done: int, total: int) -> None:
        # No waiting at all (timeout 0): the lock must be free right after a batch.
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            colleague_wrote.append(done)
        finally:
            other.close()

    with session_for(engine) as session:
        storage.import_article(
            session=session,
            title="long",
            text="A long article.",
            claims=drafts(9),
            batch_size=4,
            between_batches=colleague_writes,
        )
    engine.dispose()
    assert colleague_wrote == [4, 8, 9]


# --- claim memory after an import, bounded in time ----------------------------------------------


def _reviewed_article(session: Session) -> None:
    imported = services.import_text(session=session, raw=boats_text(3))
    for claim in storage.list_claims(session=session, article_id=imported.article.id or 0):
        storage.mark_claim(
            session=session, claim_id=claim.id or 0, status="verified", reviewer="ana"
        )


def test_claim_memory_stops_when_its_time_is_up(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(sqlite_url)
    with session_for(engine) as session:
        _reviewed_article(session)
        monkeypatch.setattr(services, "MEMORY_SECONDS", 0.0)
        hurried = services.import_text(session=session, raw="Update. " + boats_text(3))
        monkeypatch.setattr(services, "MEMORY_SECONDS", 60.0)
        unhurried = services.import_text(session=session, raw="Later. " + boats_text(3))
        flagged = {
            result.article.id: sum(
                claim.seen_claim_id is not None
                for claim in storage.list_claims(session=session, article_id=result.article.id or 0)
            )
            for result in (hurried, unhurried)
        }
    engine.dispose()
    assert hurried.memory == services.MemoryOutcome(checked=0, total=3, found=0)
    assert unhurried.memory == services.MemoryOutcome(checked=3, total=3, found=3)
    assert flagged == {hurried.article.id: 0, unhurried.article.id: 3}


def test_cli_import_says_when_claim_memory_ran_out_of_time(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(sqlite_url)
    with session_for(engine) as session:
        _reviewed_article(session)
    engine.dispose()
    monkeypatch.setattr(services, "MEMORY_SECONDS", 0.0)
    run: Callable = lambda *args, **kw: CliRunner().invoke(cli, ["--db", sqlite_url, *args], **kw)  # noqa: E731
    result = run("import", "-", input="Update. " + boats_text(3))
    assert result.exit_code == 0, result.output
    assert "compared 0 of 3 claims with earlier verdicts in the time allowed" in result.stderr
    as_json = run("import", "-", "--json", input="Again. " + boats_text(3))
    assert json.loads(as_json.stdout)["claim_memory"] == {"checked": 0, "of": 3, "found": 0}


class LetterEncoder:
    """A small deterministic sentence encoder (letter counts, normalised) that records what it
    was asked to encode; the optional model is not needed to test how claim memory uses one."""

    name = "letters"
    dimension = 26

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        rows = np.zeros((len(texts), self.dimension), np.float32)
        for row, sentence in zip(rows, texts, strict=True):
            for letter in sentence.lower():
                if "a" <= letter <= "z":
                    row[ord(letter) - ord("a")] += 1
            row /= max(float(np.linalg.norm(row)), 1e-9)
        return rows


def reviewed_claims(count: int) -> list[Claim]:
    return [
        Claim(
            id=n,
            article_id=1,
            position=n,
            text=f"Claim {n}: {n} boats sank.",
            start=0,
            end=1,
            label="x",
        )
        for n in range(count)
    ]


def use_encoder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[LetterEncoder, Path]:
    model = LetterEncoder()
    path = tmp_path / "vectors.npz"
    monkeypatch.setattr(claim_search, "memory_model", lambda: model)
    monkeypatch.setattr(claim_search, "memory_encoder", lambda: CachedEncoder(model, path))
    return model, path


def test_searched_claims_bypass_the_vector_cache_and_reviewed_ones_fill_it_in_chunks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    model, path = use_encoder(monkeypatch, tmp_path)
    monkeypatch.setattr(claim_search, "ENCODE_CHUNK", 4)
    memory = claim_search.MemorySearch(reviewed_claims(10))
    results = memory.search(["Claim 3: 3 boats sank.", "Nothing alike at all."], top_k=1)
    assert results[0][0].index == 3
    with np.load(path) as stored:
        assert len(stored["keys"]) == 10  # the reviewed claims; the searched ones are not kept
    assert model.calls[:3] == [4, 4, 2] and model.calls[-2:] == [1, 1]


def test_claim_memory_matches_by_words_when_encoding_would_take_too_long(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    model, path = use_encoder(monkeypatch, tmp_path)
    memory = claim_search.MemorySearch(reviewed_claims(10), build_deadline=time.monotonic() - 1)
    assert memory.search(["Claim 3: 3 boats sank."], top_k=1)[0][0].index == 3
    assert model.calls == [] and not path.exists()
    assert "matches by words this time" in caplog.text
