"""A verdict, note or stance the claim already has writes nothing; a version it never had is
named as such, not blamed on a colleague."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claim_workbench.cli import cli, sample_path
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Claim, ReviewEvent
from claim_workbench.tui.app import make_app
from tests.support.app_data import add_evidence, sample_database


def first_claim(url: str) -> Claim:
    engine = make_engine(url)
    with session_for(engine) as session:
        article = storage.latest_article(session=session)
        assert article is not None and article.id is not None
        claim = storage.list_claims(session=session, article_id=article.id)[0]
    engine.dispose()
    return claim


def events(url: str, claim_id: int) -> list[ReviewEvent]:
    engine = make_engine(url)
    with session_for(engine) as session:
        found = storage.history(session=session, claim_id=claim_id)
    engine.dispose()
    return found


def test_the_same_status_twice_is_one_change(any_db_url: str) -> None:
    sample_database(any_db_url)
    claim_id = first_claim(any_db_url).id or 0
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        first = storage.mark_claim(
            session=session, claim_id=claim_id, status="verified", reviewer="ana"
        )
        again = storage.mark_claim(
            session=session, claim_id=claim_id, status="Verified", reviewer="bo"
        )
        expected = storage.mark_claim(
            session=session, claim_id=claim_id, status="verified", reviewer="bo", expect_version=2
        )
    engine.dispose()
    assert first.version == again.version == expected.version == 2
    assert (again.reviewer, again.status) == ("ana", "verified")
    assert [(e.from_value, e.to_value) for e in events(any_db_url, claim_id)] == [
        ("unreviewed", "verified")
    ]


def test_a_new_note_with_the_same_status_is_still_a_change(any_db_url: str) -> None:
    sample_database(any_db_url)
    claim_id = first_claim(any_db_url).id or 0
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        storage.mark_claim(session=session, claim_id=claim_id, status="verified", reviewer="ana")
        noted = storage.mark_claim(
            session=session, claim_id=claim_id, status="verified", reviewer="ana", note="DoD: 82"
        )
        storage.set_note(session=session, claim_id=claim_id, note="DoD: 82", reviewer="ana")
    engine.dispose()
    assert (noted.version, noted.note) == (3, "DoD: 82")
    assert [e.action for e in events(any_db_url, claim_id)] == ["status", "status"]


def test_the_same_stance_twice_is_one_event(any_db_url: str) -> None:
    sample_database(any_db_url)
    claim_id = first_claim(any_db_url).id or 0
    evidence_id = add_evidence(
        any_db_url, claim_id=claim_id, title="Wire", passage="One passage.", highlight=(0, 3)
    )
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        for _ in range(2):
            row = storage.set_stance(
                session=session, evidence_id=evidence_id, stance="supports", reviewer="ana"
            )
    engine.dispose()
    assert row.reviewer_stance == "supports"
    stances = [(e.action, e.to_value) for e in events(any_db_url, claim_id) if e.action == "stance"]
    assert stances == [("stance", "supports")]  # attaching is audited too; only stances here


def test_an_expected_version_the_claim_never_had_says_so(any_db_url: str) -> None:
    sample_database(any_db_url)
    claim_id = first_claim(any_db_url).id or 0
    engine = make_engine(any_db_url)
    with session_for(engine) as session:
        storage.mark_claim(session=session, claim_id=claim_id, status="verified", reviewer="ana")
        storage.mark_claim(session=session, claim_id=claim_id, status="disputed", reviewer="ana")
        for version in (12, 0, -1):
            with pytest.raises(storage.UnknownVersion) as refused:
                storage.set_note(
                    session=session,
                    claim_id=claim_id,
                    note="x",
                    reviewer="bo",
                    expect_version=version,
                )
            assert str(refused.value) == (
                f"claim {claim_id} has never been at version {version}; it is at version 3"
            )
        # An old version that was current once is a colleague's change, as before.
        with pytest.raises(storage.VersionConflict, match="changed by ana"):
            storage.mark_claim(
                session=session,
                claim_id=claim_id,
                status="verified",
                reviewer="bo",
                expect_version=2,
            )
    engine.dispose()
    assert first_claim(any_db_url).version == 3 and len(events(any_db_url, claim_id)) == 2


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.db'}"

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", url, "--reviewer", "ana", *args])

    invoke.url = url  # type: ignore[attr-defined]
    return invoke


def test_cli_mark_with_the_status_the_claim_has_changes_nothing(run) -> None:
    assert run("import", str(sample_path())).exit_code == 0
    claim = json.loads(run("claims", "--json").stdout)[0]
    assert run("mark", str(claim["id"]), "verified").exit_code == 0
    result = run("mark", str(claim["id"]), "verified")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"claim {claim['id']} is already verified (version 2); nothing was changed"
    )
    history = json.loads(run("history", str(claim["id"]), "--json").stdout)
    assert [(e["from"], e["to"]) for e in history] == [("unreviewed", "verified")]


def test_cli_expect_version_never_current_is_one_line_exit_1(run) -> None:
    assert run("import", str(sample_path())).exit_code == 0
    claim = json.loads(run("claims", "--json").stdout)[0]
    result = run("mark", str(claim["id"]), "disputed", "--expect-version", "12")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: claim {claim['id']} has never been at version 12; it is at version 1"
    )
    assert "changed by" not in result.stderr
    assert run("history", str(claim["id"]), "--json").stdout.strip() == "[]"


async def test_app_verdict_key_on_a_claim_with_that_verdict_writes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    article_id = sample_database(url)
    claim_id = first_claim(url).id or 0
    app = make_app(db_url=url, reviewer="ana", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("v", "v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert first_claim(url).version == 2
    assert [(e.from_value, e.to_value) for e in events(url, claim_id)] == [
        ("unreviewed", "verified")
    ]
