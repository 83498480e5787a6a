"""`workbench factchecks import`: published fact-checks in claim memory, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from claim_workbench.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "factchecks"

ARTICLE = """ date 2025-11-18 Strikes at sea

The navy said 21 boats were struck and at least 82 people died. Fishing resumed on Monday.
The council will vote on the new bus routes next spring.
"""


@pytest.fixture
def db_url(any_db_url: str) -> str:
    return any_db_url


@pytest.fixture
def run(db_url: str):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--db", db_url, "--reviewer", "ana", *args], input=input)

    return invoke


def counts(db_url: str) -> tuple[int, int]:
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM factcheck")).scalar_one()
        links = connection.execute(text("SELECT count(*) FROM factcheckmatch")).scalar_one()
    engine.dispose()
    return stored, links


def import_article(run) -> list[dict]:
    result = run("import", "-", "--json", input=ARTICLE)
    assert result.exit_code == 0, result.output
    article_id = json.loads(result.stdout)["article_id"]
    return json.loads(run("claims", str(article_id), "--json").stdout)


def test_import_marks_the_claims_a_published_fact_check_covers(run, db_url: str) -> None:
    claims = import_article(run)
    boats = next(c for c in claims if "boats" in c["text"])

    result = run("factchecks", "import", str(FIXTURES / "page.html"))

    assert result.exit_code == 0, result.output
    assert "imported 1 fact-checks from page.html (HTML page)" in result.stdout
    assert "1 stored claims are fact-checked there" in result.stdout
    listing = run("claims").stdout.splitlines()
    at = next(i for i, line in enumerate(listing) if line.strip().startswith(str(boats["id"])))
    assert listing[at + 1].strip() == (
        "fact-checked before by Checks Desk: Mostly true (2025-11-19)"
    )
    # Only the claim the fact-check is about.
    assert sum("fact-checked before" in line for line in listing) == 1
    similar = run("similar", str(boats["id"])).stdout
    assert "fact-checked before by Checks Desk: Mostly true" in similar
    assert "https://checks.example/2025/11/boat-strikes-82" in similar
    found = json.loads(run("similar", str(boats["id"]), "--json").stdout)
    checked = [item for item in found if "fact_check_id" in item]
    assert checked[0]["rating"] == "Mostly true" and checked[0]["seen_before"] is True


def test_an_article_imported_after_the_fact_checks_is_matched_too(run) -> None:
    assert run("factchecks", "import", str(FIXTURES / "array.json")).exit_code == 0
    import_article(run)
    listing = run("claims").stdout
    assert "fact-checked before by Harbour Watch: Verified (2025-11-20)" in listing
    assert "bridge toll" not in listing


def test_every_shape_imports_and_importing_again_adds_nothing(run, db_url: str) -> None:
    files = ["page.html", "array.json", "graph.json", "feed.json", "factchecks.csv"]
    for name in files:
        result = run("factchecks", "import", str(FIXTURES / name))
        assert result.exit_code == 0, result.output
    assert counts(db_url)[0] == 1 + 2 + 2 + 2 + 2

    again = run("factchecks", "import", str(FIXTURES / "graph.json"), "--json")
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert (summary["added"], summary["already"], summary["skipped"]) == (0, 2, 1)
    assert counts(db_url)[0] == 9


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{ this is not json", "is not valid JSON"),
        (b'{"@context": "https://schema.org", "@type": "NewsArticle"}', "no schema.org"),
    ],
)
def test_bad_file_is_one_line_and_nothing_is_imported(
    run, db_url: str, tmp_path: Path, content: bytes, expected: str
) -> None:
    import_article(run)
    bad = tmp_path / "checks.json"
    bad.write_bytes(content)
    result = run("factchecks", "import", str(bad))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and expected in result.stderr
    assert "Traceback" not in result.output
    assert counts(db_url) == (0, 0)


def test_fifty_megabyte_file_is_refused(run, db_url: str, tmp_path: Path) -> None:
    big = tmp_path / "feed.json"
    review = json.dumps(
        {"@type": "ClaimReview", "claimReviewed": "x " * 200, "reviewRating": {"ratingValue": 1}}
    )
    with big.open("w") as handle:
        handle.write("[")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(review + ",")
        handle.write(review + "]")
    result = run("factchecks", "import", str(big))
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error: feed.json is 50 MB, more than the 32 MB")
    assert result.stderr.count("\n") == 1
    assert counts(db_url) == (0, 0)


def test_missing_file_is_one_line(run) -> None:
    result = run("factchecks", "import", "/nonexistent/checks.json")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot read /nonexistent/checks.json")


REFUSE_SQLITE = (
    "CREATE TRIGGER refuse BEFORE INSERT ON factcheck WHEN new.text LIKE 'poison%' "
    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
)
REFUSE_POSTGRESQL = (
    "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.text LIKE 'poison%' THEN RAISE EXCEPTION 'refused by the test'; END IF; "
    "RETURN NEW; END $$",
    "CREATE TRIGGER refuse BEFORE INSERT ON factcheck FOR EACH ROW EXECUTE FUNCTION refuse()",
)


def test_a_failure_while_storing_leaves_nothing_half_imported(
    run, db_url: str, tmp_path: Path
) -> None:
    import_article(run)
    many = [
        {
            "@type": "ClaimReview",
            "url": f"https://many.example/{n}",
            "claimReviewed": f"Claim number {n} about the harbour budget."
            if n != 700
            else "poison: the database refuses this one",
            "reviewRating": {"ratingValue": 1, "alternateName": "False"},
        }
        for n in range(1000)
    ]
    feed = tmp_path / "many.json"
    feed.write_text(json.dumps(many))
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    # A real write failure part-way through the import (as a full disk or a constraint).
    refuse = REFUSE_SQLITE if engine.dialect.name == "sqlite" else REFUSE_POSTGRESQL
    with engine.begin() as connection:
        for statement in refuse:
            connection.execute(text(statement))
    engine.dispose()

    result = run("factchecks", "import", str(feed))

    assert result.exit_code == 1
    assert "refused by the test" in result.stderr and result.stderr.count("\n") == 1
    assert counts(db_url) == (0, 0)


def test_claims_json_lists_the_fact_checks_a_claim_restates(run) -> None:
    claims = import_article(run)
    assert all(claim["fact_checked_before"] == [] for claim in claims)
    assert run("factchecks", "import", str(FIXTURES / "page.html")).exit_code == 0

    listed = json.loads(run("claims", "--json").stdout)

    boats = next(c for c in listed if "boats" in c["text"])
    (seen,) = boats["fact_checked_before"]
    assert (seen["publisher"], seen["rating"], seen["published"]) == (
        "Checks Desk",
        "Mostly true",
        "2025-11-19",
    )
    assert seen["url"] == "https://checks.example/2025/11/boat-strikes-82"
    assert seen["relation"] in ("same", "related") and seen["score"] > 0
    assert all(c["fact_checked_before"] == [] for c in listed if c["id"] != boats["id"])


def test_a_claim_added_by_hand_is_matched_with_stored_fact_checks(run, tmp_path: Path) -> None:
    claims = import_article(run)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "The council approved 40 new bus routes in 2024.",
        "datePublished": "2025-11-21",
        "author": {"@type": "Organization", "name": "Transit Checks"},
        "url": "https://transit.example/bus-vote",
        "reviewRating": {"@type": "Rating", "alternateName": "Unproven"},
    }
    (tmp_path / "bus.json").write_text(json.dumps(review), encoding="utf-8")
    assert run("factchecks", "import", str(tmp_path / "bus.json")).exit_code == 0
    article_id = claims[0]["article_id"]

    # Typed (the article does not say it): stored as typed, then matched.
    added = run(
        "add-claim", str(article_id), "--text", "Council approved 40 new bus routes in 2024"
    )

    assert added.exit_code == 0, added.output
    assert "kept as typed" in added.stdout
    listing = run("claims").stdout
    assert "fact-checked before by Transit Checks: Unproven (2025-11-21)" in listing
    listed = json.loads(run("claims", "--json").stdout)
    bus = next(c for c in listed if "40 new bus routes" in c["text"])
    assert [seen["publisher"] for seen in bus["fact_checked_before"]] == ["Transit Checks"]
