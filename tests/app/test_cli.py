"""The command line contract, through typer's runner and a real subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from claim_workbench.cli import cli, sample_path
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Article, Claim, Evidence, ReviewEvent, Source

# These tests fetch from servers on loopback, which the fetch policy refuses unless allowed.
pytestmark = pytest.mark.usefixtures("loopback_fetching")

ROOT = Path(__file__).resolve().parents[2]

OWN_ARTICLE = """ date 2026-03-02 Port city council approves new flood barrier

The city council voted 7 to 2 on Monday to build a flood barrier along the harbour.
The barrier will cost about $45 million, according to the council's finance office.
"This is the largest investment in the harbour since 1990," said Mayor Ines Duarte.
Construction began in January and should finish by late 2028.
"""


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def run(db_url: str):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--db", db_url, "--reviewer", "ana", *args], input=input)

    return invoke


def _counts(db_url: str) -> dict[str, int]:
    with session_for(make_engine(db_url)) as session:
        return {
            model.__name__: len(session.exec(select(model)).all())
            for model in (Article, Claim, Source, Evidence, ReviewEvent)
        }


def _import_sample(run) -> int:
    result = run("import", str(sample_path()), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["article_id"]


def test_import_prints_article_id_and_claim_count(run) -> None:
    result = run("import", str(sample_path()))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("imported article 1: Trump hints at possible talks")
    count = int(result.stdout.rsplit("(", 1)[1].split()[0])
    assert count >= 10
    again = run("import", str(sample_path()))
    assert again.stdout.startswith("already imported article 1")


def test_articles_json_lists_title_date_and_claims(run) -> None:
    _import_sample(run)
    (article,) = json.loads(run("articles", "--json").stdout)
    assert article["title"].startswith("Trump hints at possible talks with Maduro")
    assert article["published"] == "2025-11-17"
    assert article["claims"] >= 10
    assert article["imported_at"].endswith("+00:00")


def test_claims_json_has_the_contract_fields(run) -> None:
    article_id = _import_sample(run)
    claims = json.loads(run("claims", str(article_id), "--json").stdout)
    required = {
        "id",
        "article_id",
        "position",
        "text",
        "label",
        "kinds",
        "check_worthiness",
        "status",
        "note",
        "reviewer",
        "version",
        "speaker",
        "start",
        "end",
        "quantities",
    }
    assert all(required <= set(c) for c in claims)
    assert [c["position"] for c in claims] == sorted(c["position"] for c in claims)
    by_score = json.loads(run("claims", "--sort", "score", "--json").stdout)
    scores = [c["check_worthiness"] for c in by_score]
    assert scores == sorted(scores, reverse=True)
    deaths = next(c for c in claims if "82 deaths" in c["label"])
    assert {"value": 21.0, "qualifier": "at least"}.items() <= deaths["quantities"][0].items()


def test_own_article_imports_from_stdin(run) -> None:
    result = run("import", "-", "--json", input=OWN_ARTICLE)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["title"] == "Port city council approves new flood barrier"
    claims = json.loads(run("claims", "--json").stdout)
    assert any(q["value"] == 45_000_000 for c in claims for q in c["quantities"])


def test_mark_then_history(run, db_url: str) -> None:
    _import_sample(run)
    claim = json.loads(run("claims", "--json").stdout)[0]
    result = run("mark", str(claim["id"]), "verified", "--note", "matches the DoD release")
    assert result.exit_code == 0, result.output
    assert f"claim {claim['id']} is now verified (version 2)" in result.stdout
    (event,) = json.loads(run("history", str(claim["id"]), "--json").stdout)
    assert (event["from"], event["to"], event["reviewer"]) == ("unreviewed", "verified", "ana")


def test_stale_expected_version_exits_3_naming_the_other_reviewer(run, db_url: str) -> None:
    _import_sample(run)
    claim = json.loads(run("claims", "--json").stdout)[0]
    assert run("mark", str(claim["id"]), "disputed", "--reviewer", "bo").exit_code == 0
    result = run("mark", str(claim["id"]), "verified", "--expect-version", "1")
    assert result.exit_code == 3
    assert "bo" in result.stderr and "disputed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "/no/such/article.txt"), "not found"),
        (("import", "/"), "is a folder, not a file"),
        (("mark", "999", "verified"), "no claim with id 999"),
        (("mark", "1", "true"), "unknown status 'true'"),
        (("claims", "42"), "no article with id 42"),
        (("attach", "1", "ftp://example.org/x"), "only http and https"),
        (("evidence", "777"), "no claim with id 777"),
        (("report", "--format", "pdf"), "unknown format 'pdf'"),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(run, db_url, args, message) -> None:
    _import_sample(run)
    before = _counts(db_url)
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert _counts(db_url) == before


def test_attach_from_loopback_server_stores_snapshot_and_evidence(run, httpserver, db_url) -> None:
    _import_sample(run)
    claims = json.loads(run("claims", "--json").stdout)
    deaths = next(c for c in claims if "82 deaths" in c["label"])
    httpserver.expect_request("/report").respond_with_data(
        "<html><head><title>Strikes tally</title></head><body><article>"
        "<p>The Pentagon said its forces have carried out 21 strikes on suspected drug boats "
        "since September, killing 82 people in the Caribbean and the Eastern Pacific.</p>"
        "<p>Lawmakers in both parties have asked for the legal basis of the campaign, and "
        "several families have disputed that their relatives were traffickers.</p>"
        "</article></body></html>",
        content_type="text/html; charset=utf-8",
    )
    result = run("attach", str(deaths["id"]), httpserver.url_for("/report"), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["source"]["status_code"] == 200
    assert payload["source"]["final_url"] == httpserver.url_for("/report")
    assert len(payload["source"]["sha256"]) == 64
    best = payload["evidence"][0]
    assert "82 people" in best["passage"]
    assert best["number_agreement"] == "agree"
    highlighted = best["passage"][best["highlight_start"] : best["highlight_end"]]
    assert highlighted.strip()
    listed = json.loads(run("evidence", str(deaths["id"]), "--json").stdout)
    assert listed[0]["id"] == best["id"] and listed[0]["source"]["title"] == "Strikes tally"


def test_failed_fetch_leaves_database_as_it_was(run, httpserver, db_url) -> None:
    _import_sample(run)
    httpserver.expect_request("/gone").respond_with_data("nope", status=404)
    before = _counts(db_url)
    result = run("attach", "1", httpserver.url_for("/gone"))
    assert result.exit_code == 1
    assert "404" in result.stderr
    assert _counts(db_url) == before


def test_attach_several_targets_stores_each_that_fetches_and_names_each_failure(
    run, httpserver, db_url, tmp_path: Path
) -> None:
    _import_sample(run)
    claims = json.loads(run("claims", "--json").stdout)
    deaths = next(c for c in claims if "82 deaths" in c["label"])
    for path, tally in (("/wire", "82 people"), ("/agency", "83 people")):
        httpserver.expect_request(path).respond_with_data(
            f"<html><head><title>Report {path}</title></head><body><article><p>The Pentagon "
            f"said 21 strikes on boats since September had killed {tally} in the Caribbean."
            "</p></article></body></html>",
            content_type="text/html; charset=utf-8",
        )
    httpserver.expect_request("/gone").respond_with_data("nope", status=404)
    notes = tmp_path / "notes.txt"
    notes.write_text("Officials counted 21 attacks and 82 deaths in total.", encoding="utf-8")
    before = _counts(db_url)

    result = run(
        "attach",
        str(deaths["id"]),
        httpserver.url_for("/wire"),
        httpserver.url_for("/gone"),
        str(notes),
        str(tmp_path / "missing.txt"),
        httpserver.url_for("/agency"),
        "--json",
    )

    assert result.exit_code == 1
    entries = json.loads(result.stdout)
    assert [("error" in entry) for entry in entries] == [False, True, False, True, False]
    assert "404" in entries[1]["error"] and "not found" in entries[3]["error"]
    agreements = [entries[i]["evidence"][0]["number_agreement"] for i in (0, 2, 4)]
    assert agreements == ["agree", "agree", "conflict"]
    assert len(result.stderr.strip().splitlines()) == 2
    assert "Traceback" not in result.output
    after = _counts(db_url)
    assert after["Source"] == before["Source"] + 3
    listed = json.loads(run("evidence", str(deaths["id"]), "--json").stdout)
    assert {row["source"]["title"] for row in listed} >= {"Report /wire", "Report /agency"}


def test_pasted_text_cannot_be_combined_with_other_targets(run, db_url) -> None:
    _import_sample(run)
    before = _counts(db_url)
    result = run("attach", "1", "-", "notes.txt", input="text")
    assert result.exit_code == 1
    assert "cannot be combined" in result.stderr
    assert _counts(db_url) == before


def test_numbers_of_a_claim_deep_in_the_article_are_read_in_their_own_sentence(
    run, tmp_path: Path
) -> None:
    article = tmp_path / "waiting.txt"
    article.write_text(
        " date 2026-10-05 Hospital waiting lists grow\n\n"
        "Patients waited an average of 14 weeks for planned surgery in September.\n"
        "The number of people on waiting lists rose to 212,000, the health authority said.\n",
        encoding="utf-8",
    )
    assert run("import", str(article)).exit_code == 0
    claims = json.loads(run("claims", "--json").stdout)
    waiting = next(c for c in claims if "212,000" in c["label"])
    result = run(
        "attach",
        str(waiting["id"]),
        "-",
        "--json",
        input="At the end of September, 212,000 patients were waiting for treatment.",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["evidence"][0]["number_agreement"] == "agree"


def test_similar_tells_a_seen_claim_from_a_weak_neighbour(run, tmp_path: Path) -> None:
    first = tmp_path / "first.txt"
    first.write_text(OWN_ARTICLE, encoding="utf-8")
    assert run("import", str(first)).exit_code == 0
    for claim in json.loads(run("claims", "--json").stdout):
        assert run("mark", str(claim["id"]), "verified").exit_code == 0
    second = tmp_path / "second.txt"
    second.write_text(
        " date 2026-03-09 Harbour works start\n\n"
        "The flood barrier along the harbour will cost about $45 million, "
        "the finance office said.\n",
        encoding="utf-8",
    )
    assert run("import", str(second)).exit_code == 0
    (restated,) = json.loads(run("claims", "--json").stdout)
    found = json.loads(run("similar", str(restated["id"]), "--top", "10", "--json").stdout)
    assert "$45 million" in found[0]["text"] and found[0]["seen_before"] is True
    assert found[-1]["seen_before"] is False
    lines = run("similar", str(restated["id"]), "--top", "10").stdout.splitlines()
    assert " same " in lines[0] and " weak " in lines[-1]


def test_pasted_text_source(run) -> None:
    _import_sample(run)
    claims = json.loads(run("claims", "--json").stdout)
    carrier = next(c for c in claims if "superlative" in c["kinds"])
    result = run(
        "attach",
        str(carrier["id"]),
        "-",
        "--title",
        "Navy notes",
        "--json",
        input="The Gerald R. Ford is the largest aircraft carrier in the world. It sailed in June.",
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["source"]["title"] == "Navy notes"
    assert "largest aircraft carrier" in payload["evidence"][0]["passage"]


def test_real_subprocess_import_and_error(tmp_path: Path) -> None:
    env = {**os.environ, "WORKBENCH_DB": f"sqlite:///{tmp_path / 'sub.db'}"}
    ok = subprocess.run(
        [sys.executable, "-m", "claim_workbench.cli", "import", str(sample_path())],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("imported article 1")
    bad = subprocess.run(
        [sys.executable, "-m", "claim_workbench.cli", "mark", "1", "sideways"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert bad.returncode == 1
    assert bad.stderr.strip().startswith("error: unknown status 'sideways'")
    assert "Traceback" not in bad.stderr


def test_search_finds_passages_in_sources_attached_to_other_claims(run) -> None:
    _import_sample(run)
    claims = json.loads(run("claims", "--json").stdout)
    carrier = next(c for c in claims if "superlative" in c["kinds"])
    deaths = next(c for c in claims if "82 deaths" in c["label"])
    source_text = (
        "Navy officials confirmed the carrier reached the Caribbean this week. "
        "Separately, the Pentagon said 82 people were killed in 21 strikes since September. "
        "The weather in the region was calm."
    )
    attached = run("attach", str(carrier["id"]), "-", "--title", "Wire roundup", input=source_text)
    assert attached.exit_code == 0, attached.output
    result = run("search", str(deaths["id"]), "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert "82 people were killed" in hits[0]["passage"]
    assert hits[0]["number_agreement"] == "agree"
    assert hits[0]["source"]["title"] == "Wire roundup"
    spans = [(h["source"]["id"], h["passage_start"], h["passage_end"]) for h in hits]
    for i, (src, start, end) in enumerate(spans):  # no two hits overlap in one source
        assert all(not (s == src and a < end and start < b) for s, a, b in spans[i + 1 :])


def test_html_article_file_goes_through_main_text_extraction(run, tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Council backs harbour barrier</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav><article>"
        "<h1>Council backs harbour barrier</h1>"
        "<p>The city council voted 7 to 2 on Monday to build a flood barrier along the harbour, "
        "a project the finance office says will cost about $45 million over four years.</p>"
        "<p>Construction began in January and should finish by late 2028, officials said.</p>"
        "</article><footer>Subscribe to our newsletter</footer></body></html>",
        encoding="utf-8",
    )
    result = run("import", str(page), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Council backs harbour barrier"
    claims = json.loads(run("claims", "--json").stdout)
    assert any(q["value"] == 45_000_000 for c in claims for q in c["quantities"])
    assert not any("Subscribe" in c["text"] or "Sport" in c["text"] for c in claims)
    (article,) = json.loads(run("articles", "--json").stdout)
    assert article["url"] is None  # a local file's path is not the article's address


def test_a_source_with_no_matching_passage_stays_linked_to_the_claim(run) -> None:
    _import_sample(run)
    claim = json.loads(run("claims", "--json").stdout)[0]
    result = run(
        "attach",
        str(claim["id"]),
        "-",
        "--title",
        "Fruit",
        "--json",
        input="Bananas are yellow. Apples can be red or green.",
    )
    assert result.exit_code == 0, result.output
    (evidence,) = json.loads(result.stdout)["evidence"]
    # Linked by one row that says no passage is about the claim, not by a 0-score passage.
    assert (evidence["score"], evidence["passage"], evidence["no_passage"]) == (0.0, "", True)
    listed = json.loads(run("evidence", str(claim["id"]), "--json").stdout)
    assert [e["source"]["title"] for e in listed] == ["Fruit"]
    shown = run("evidence", str(claim["id"])).stdout
    assert "no passage about this claim" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("attach", "1", "-", "--top", "0"), "greater than or equal to 1"),
        (("claims", "99999999999999999999"), "too large"),
        (("mark", "1", "verified", "--expect-version", "99999999999999999999"), "too large"),
        (("report", "-o", "/no/such/folder/r.md"), "the folder /no/such/folder does not exist"),
        (("report", "-o", "/"), "is a folder"),
        (("import", "-"), "standard input is not a readable document"),
    ],
)
def test_more_bad_input_is_one_clear_line(run, db_url, args, message) -> None:
    _import_sample(run)
    before = _counts(db_url)
    result = run(*args, input="\x00\x01\x02\xff" * 50 if args == ("import", "-") else "text")
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert _counts(db_url) == before


def test_report_to_a_symlink_writes_through_it(run, tmp_path: Path) -> None:
    _import_sample(run)
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = run("report", "-f", "MD", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("# Verification report")


def test_empty_db_url_and_missing_db_folder_are_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    empty = runner.invoke(cli, ["--db", "", "articles"])
    assert empty.exit_code == 1 and "--db is empty" in empty.stderr
    missing = runner.invoke(cli, ["--db", f"sqlite:///{tmp_path}/nope/x.db", "articles"])
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
    assert not (tmp_path / "nope").exists()


def test_cli_highlight_survives_control_characters(run) -> None:
    _import_sample(run)
    claims = json.loads(run("claims", "--json").stdout)
    deaths = next(c for c in claims if "82 deaths" in c["label"])
    text = "Intro.\r\nThe \x1b[31mofficial\x1b[0m tally: 21 attacks and 82 deaths since the start."
    result = run("attach", str(deaths["id"]), "-", input=text)
    assert result.exit_code == 0, result.output
    evidence = json.loads(run("evidence", str(deaths["id"]), "--json").stdout)[0]
    raw_match = evidence["passage"][evidence["highlight_start"] : evidence["highlight_end"]]
    shown = run("evidence", str(deaths["id"])).stdout
    assert "\x1b" not in shown
    marked = shown.split("»", 1)[1].split("«", 1)[0]
    assert marked == raw_match.replace("\x1b", "").replace("\r", "").replace("\n", " ")


def test_claimreview_markup_cannot_close_the_script_element_it_is_pasted_into(run) -> None:
    _import_sample(run)
    claim = json.loads(run("claims", "--json").stdout)[0]
    hostile = "</script><script>alert(1)</script> & more"
    assert run("mark", str(claim["id"]), "disputed", "--note", hostile).exit_code == 0
    result = run("report", "--format", "claimreview")
    assert result.exit_code == 0, result.output
    assert "<" not in result.stdout and ">" not in result.stdout.replace("=>", "")
    (review,) = json.loads(result.stdout)
    assert review["reviewBody"] == hostile
