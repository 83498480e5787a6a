"""Review corrections on the command line and in the reports: undo, dismiss, speaker,
add-claim, remove-evidence, stance, the note written under another verdict, and the
ClaimReview guard for verdicts without a note."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claim_workbench.claims import parse_article
from claim_workbench.cli import cli
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Claim

ARTICLE = """ date 2026-03-02 Port city council approves new flood barrier

The city council voted 7 to 2 on Monday to build a flood barrier along the harbour.
The barrier will cost about $45 million, according to the council's finance office.
"This is the largest investment in the harbour since 1990," said Mayor Ines Duarte.
Construction began in January and should finish by late 2028.
"""

SOURCE = "The finance office said the barrier would cost $45 million in all."


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("WORKBENCH_REQUIRE_NOTE", raising=False)
    runner = CliRunner()

    def invoke(*args: str, reviewer: str = "ana", input: str | None = None, env=None):
        return runner.invoke(
            cli, ["--db", db_url, "--reviewer", reviewer, *args], input=input, env=env
        )

    return invoke


@pytest.fixture
def article(run, tmp_path: Path) -> dict[str, int]:
    """The article imported; claim ids by a word of their text."""
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    imported = run("import", str(path), "--json")
    assert imported.exit_code == 0, imported.output
    claims = json.loads(run("claims", "--json").stdout)
    by_word = {}
    for word in ("voted", "cost", "largest", "Construction"):
        by_word[word] = next(claim["id"] for claim in claims if word in claim["text"])
    by_word["article"] = json.loads(imported.stdout)["article_id"]
    return by_word


def stored(db_url: str, claim_id: int) -> Claim:
    with session_for(make_engine(db_url)) as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        return claim


def history(run, claim_id: int) -> list[dict]:
    result = run("history", str(claim_id), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_undo_takes_back_your_last_verdict_and_says_what(run, db_url: str, article) -> None:
    run("mark", str(article["voted"]), "verified", "--note", "minutes agree")
    run("mark", str(article["cost"]), "disputed", "--note", "it is 47")
    result = run("undo")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"undid your verdict unreviewed → disputed on claim {article['cost']}"
    )
    assert stored(db_url, article["cost"]).status == "unreviewed"
    assert stored(db_url, article["cost"]).note == ""
    assert stored(db_url, article["voted"]).status == "verified"
    assert [event["action"] for event in history(run, article["cost"])] == ["status", "undo"]


def test_undo_refuses_with_exit_3_when_a_colleague_changed_it(run, db_url, article) -> None:
    run("mark", str(article["voted"]), "verified")
    run("mark", str(article["voted"]), "disputed", "--note", "bea's reading", reviewer="bea")
    result = run("undo")
    assert result.exit_code == 3
    assert "bea changed it since" in result.stderr
    assert stored(db_url, article["voted"]).status == "disputed"


def test_undo_with_nothing_to_undo_is_one_line(run, article) -> None:
    result = run("undo", "--article", str(article["article"]))
    assert result.exit_code == 1
    assert result.stderr == "error: nothing of yours to undo in this article\n"


def test_dismiss_with_a_reason_shows_in_history_and_leaves_reports(run, db_url, article) -> None:
    result = run("dismiss", str(article["Construction"]), "--reason", "a schedule, not a claim")
    assert result.exit_code == 0, result.output
    assert stored(db_url, article["Construction"]).status == "dismissed"
    (event,) = history(run, article["Construction"])
    assert (event["action"], event["to"]) == ("dismiss", "dismissed")
    text_history = run("history", str(article["Construction"])).stdout
    assert "reason: a schedule, not a claim" in text_history

    document = json.loads(run("report", "--format", "json").stdout)
    assert article["Construction"] not in [claim["id"] for claim in document["claims"]]
    assert document["summary"]["dismissed"] == 1
    assert document["summary"]["total"] == len(document["claims"]) + 1
    (dismissed,) = document["dismissed"]
    assert (dismissed["id"], dismissed["reason"], dismissed["reviewer"]) == (
        article["Construction"],
        "a schedule, not a claim",
        "ana",
    )
    assert [claim["number"] for claim in document["claims"]] == list(
        range(1, len(document["claims"]) + 1)
    )

    markdown = run("report", "--format", "md").stdout
    assert "| Dismissed | 1 |" in markdown
    assert "## Dismissed as not claims (1)" in markdown
    assert "a schedule, not a claim, by ana" in markdown
    html = run("report", "--format", "html").stdout
    assert "Dismissed as not claims (1)" in html
    rows = list(
        csv.DictReader(io.StringIO(run("report", "--format", "csv").stdout.lstrip("\ufeff")))
    )
    assert str(article["Construction"]) not in [row["claim_id"] for row in rows]

    # A verdict takes the claim back into the report.
    run("mark", str(article["Construction"]), "verified", "--note", "on schedule")
    document = json.loads(run("report", "--format", "json").stdout)
    assert article["Construction"] in [claim["id"] for claim in document["claims"]]


def test_mark_dismissed_points_to_the_dismiss_command(run, db_url, article) -> None:
    result = run("mark", str(article["voted"]), "dismissed")
    assert result.exit_code == 1
    assert "workbench dismiss" in result.stderr
    assert stored(db_url, article["voted"]).status == "unreviewed"


def test_speaker_re_attributes_and_is_audited(run, db_url, article) -> None:
    quote = article["largest"]
    before = stored(db_url, quote)
    assert before.speaker == "Ines Duarte"
    result = run("speaker", str(quote), "Deputy Mayor Ana Ruiz")
    assert result.exit_code == 0, result.output
    assert "now attributed to Deputy Mayor Ana Ruiz" in result.stdout
    after = stored(db_url, quote)
    assert after.speaker == "Deputy Mayor Ana Ruiz"
    assert after.label.startswith("Ruiz: ")  # labels name a person by the surname
    (event,) = history(run, quote)
    assert (event["action"], event["from"], event["to"]) == (
        "speaker",
        "Ines Duarte",
        "Deputy Mayor Ana Ruiz",
    )
    run("speaker", str(quote), "")
    assert stored(db_url, quote).speaker is None


def test_add_claim_from_the_text_or_as_typed(run, db_url, article) -> None:
    found = run(
        "add-claim", str(article["article"]), "--text", "should finish by late 2028", "--json"
    )
    assert found.exit_code == 0, found.output
    claim = json.loads(found.stdout)
    assert claim["typed"] is False
    body = parse_article(ARTICLE).text  # the stored text: the headline, then the body
    assert body[claim["start"] : claim["end"]] == "should finish by late 2028"

    # The headline is part of the stored text now; words found nowhere in it are kept as typed
    # (a claim heard at a briefing, a caption).
    typed = "The mayor promised a second ferry by 2030"
    headline = run("add-claim", str(article["article"]), "--text", typed)
    assert headline.exit_code == 0, headline.output
    assert "kept as typed: not in the article text" in headline.stdout
    document = json.loads(run("report", "--format", "json").stdout)
    first = document["claims"][0]
    assert first["text"] == typed
    assert (first["start"], first["end"]) == (None, None)
    events = history(run, first["id"])
    assert [event["action"] for event in events] == ["add-claim"]

    empty = run("add-claim", str(article["article"]), "--text", "   ")
    assert empty.exit_code == 1 and empty.stderr.startswith("error: type the claim")


def test_remove_evidence_and_clear_stance_then_undo(run, db_url, article) -> None:
    claim = article["cost"]
    attached = run("attach", str(claim), "-", "--title", "Finance office", "--json", input=SOURCE)
    assert attached.exit_code == 0, attached.output
    evidence_id = json.loads(attached.stdout)["evidence"][0]["id"]

    assert run("stance", str(evidence_id), "contradicts").exit_code == 0
    cleared = run("stance", str(evidence_id), "none")
    assert cleared.stdout.strip().endswith("stance not set")
    (listed,) = json.loads(run("evidence", str(claim), "--json").stdout)
    assert listed["reviewer_stance"] is None
    bad = run("stance", str(evidence_id), "maybe")
    assert bad.exit_code == 1 and "unknown stance 'maybe'" in bad.stderr

    removed = run("remove-evidence", str(evidence_id))
    assert removed.exit_code == 0, removed.output
    assert json.loads(run("evidence", str(claim), "--json").stdout) == []
    text_history = run("history", str(claim)).stdout
    assert f"removed passage {evidence_id} of Finance office" in text_history
    assert run("undo").exit_code == 0
    (back,) = json.loads(run("evidence", str(claim), "--json").stdout)
    assert back["id"] == evidence_id

    missing = run("remove-evidence", "9999")
    assert missing.exit_code == 1 and missing.stderr == "error: no evidence with id 9999\n"


def test_a_verdict_without_note_or_evidence_warns(run, article) -> None:
    bare = run("mark", str(article["voted"]), "verified")
    assert bare.exit_code == 0
    assert "has a verdict but no note and no evidence" in bare.stderr
    assert "no review text" in bare.stderr
    noted = run("mark", str(article["cost"]), "verified", "--note", "matches the budget")
    assert noted.stderr == ""
    strict = run("mark", str(article["largest"]), "disputed", env={"WORKBENCH_REQUIRE_NOTE": "1"})
    assert "leaves it out until it has a note" in strict.stderr


def test_claimreview_warns_and_with_require_note_leaves_bare_verdicts_out(run, article) -> None:
    run("mark", str(article["voted"]), "verified")
    run("mark", str(article["cost"]), "disputed", "--note", "the budget says 47")
    published = run("report", "--format", "claimreview")
    assert published.exit_code == 0
    assert len(json.loads(published.stdout)) == 2
    assert (
        f"1 claim with a verdict but no note ({article['voted']}) published without review text"
        in published.stderr
    )
    strict = run("report", "--format", "claimreview", "--require-note")
    reviews = json.loads(strict.stdout)
    assert [review["reviewBody"] for review in reviews] == ["the budget says 47"]
    assert f"left out 1 claim with a verdict but no note ({article['voted']})" in strict.stderr
    from_env = run("report", "--format", "claimreview", env={"WORKBENCH_REQUIRE_NOTE": "1"})
    assert len(json.loads(from_env.stdout)) == 1


def test_reports_flag_a_note_written_under_another_verdict(run, article) -> None:
    claim = article["cost"]
    run("mark", str(claim), "disputed", "--note", "DoD says 83", reviewer="alice")
    run("mark", str(claim), "verified", reviewer="bob")
    document = json.loads(run("report", "--format", "json").stdout)
    (entry,) = [c for c in document["claims"] if c["id"] == claim]
    assert entry["verdict"]["note"] == "DoD says 83"
    assert (entry["verdict"]["note_by"], entry["verdict"]["note_status"]) == ("alice", "disputed")
    assert entry["verdict"]["note_outdated"] is True
    markdown = run("report", "--format", "md").stdout
    assert "DoD says 83 (*note by alice, written when the verdict was disputed*)" in markdown
    html = run("report", "--format", "html").stdout
    assert "note by alice, written when the verdict was disputed" in html
    rows = csv.DictReader(io.StringIO(run("report", "--format", "csv").stdout.lstrip("\ufeff")))
    (row,) = [r for r in rows if r["claim_id"] == str(claim)]
    assert (row["note_by"], row["note_outdated"]) == ("alice", "yes")

    # Written first, then the author's own verdict: that verdict's note, no sign.
    other = article["voted"]
    run("mark", str(other), "unreviewed", "--note", "minutes agree", reviewer="carol")
    run("mark", str(other), "verified", reviewer="carol")
    document = json.loads(run("report", "--format", "json").stdout)
    (entry,) = [c for c in document["claims"] if c["id"] == other]
    assert entry["verdict"]["note_outdated"] is False
    assert "note by carol" not in run("report", "--format", "md").stdout


def test_undone_verdict_is_not_reported_as_the_current_one(run, article) -> None:
    claim = article["voted"]
    run("mark", str(claim), "verified", "--note", "minutes agree", reviewer="alice")
    run("mark", str(claim), "disputed", "--note", "minutes are a draft", reviewer="ana")
    run("undo")
    document = json.loads(run("report", "--format", "json").stdout)
    (entry,) = [c for c in document["claims"] if c["id"] == claim]
    assert (entry["verdict"]["status"], entry["verdict"]["reviewer"]) == ("verified", "alice")
    assert entry["verdict"]["note"] == "minutes agree"
