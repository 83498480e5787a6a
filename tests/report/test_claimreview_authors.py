"""ClaimReview names who made the claim as a Person or an Organization, as the speaker is."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from claim_workbench.claims.speakers import is_organisation
from claim_workbench.cli import cli

ARTICLE = """ date 2026-03-02 Ferry crossings cut
“Crossings will fall from twelve a day to four from April,” the transport ministry said.

“I counted 300 passengers on the last boat,” said harbour master Tomas Eriksen.
"""


def test_organisation_speakers_are_told_from_people() -> None:
    for name in ("Transport ministry", "Police", "Nordic Rail", "WHO", "Nurses' union"):
        assert is_organisation(name), name
    for name in ("Tomas Eriksen", "Mayor", "Aisha Khan"):
        assert not is_organisation(name), name


def cli_in(tmp_path: Path, article_text: str) -> tuple[Callable[..., str], Path]:
    """A command runner on a fresh SQLite file in ``tmp_path``, and the article written there."""
    article = tmp_path / "ferry.txt"
    article.write_text(article_text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'review.db'}"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", url, "--reviewer", "ana", *args])
        assert result.exit_code == 0, result.output
        return result.output

    return run, article


def test_claimreview_author_type_follows_the_speaker(tmp_path: Path) -> None:
    run, article = cli_in(tmp_path, ARTICLE)
    run("import", str(article))
    claims = json.loads(run("claims", "--json"))
    speakers = {claim["speaker"]: claim["id"] for claim in claims if claim["speaker"]}
    assert set(speakers) == {"Transport ministry", "Tomas Eriksen"}
    for claim_id in speakers.values():
        run("mark", str(claim_id), "verified", "--note", "checked")
    reviews = json.loads(run("report", "--format", "claimreview"))
    authors = {
        r["itemReviewed"]["author"]["name"]: r["itemReviewed"]["author"]["@type"] for r in reviews
    }
    assert authors == {"Transport ministry": "Organization", "Tomas Eriksen": "Person"}


NAMED_BUSINESS = """ date 2026-03-02 Ferry crossings cut
The ferry operator Baltic Link said on Monday that crossings would fall to four a day.

“We lost 2 million euros on the route last year,” the company said.
"""


def test_an_organisation_the_article_named_as_one_is_an_organization(tmp_path: Path) -> None:
    # "Baltic Link" does not say it is an organisation; the article does ("the ferry operator"),
    # and the stored claim keeps that. A speaker the reviewer types is read from its name, and
    # undo puts the article's reading back.
    run, article = cli_in(tmp_path, NAMED_BUSINESS)

    def authors() -> dict[str, str]:
        reviews = json.loads(run("report", "--format", "claimreview"))
        return {
            r["itemReviewed"]["author"]["name"]: r["itemReviewed"]["author"]["@type"]
            for r in reviews
        }

    assert not is_organisation("Baltic Link")
    run("import", str(article))
    claims = json.loads(run("claims", "--json"))
    ids = [claim["id"] for claim in claims if claim["speaker"] == "Baltic Link"]
    assert len(ids) == 2, claims
    for claim_id in ids:
        run("mark", str(claim_id), "verified", "--note", "checked")
    assert authors() == {"Baltic Link": "Organization"}
    run("speaker", str(ids[0]), "Ivar Dahl")
    assert authors() == {"Baltic Link": "Organization", "Ivar Dahl": "Person"}
    run("undo")
    assert authors() == {"Baltic Link": "Organization"}
