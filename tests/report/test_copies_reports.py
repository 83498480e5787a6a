"""A wire story under two titles among other pages, attached over HTTP: every report groups it."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claim_workbench.cli import cli
from tests.support.app_data import RATE_ARTICLE, fixture_page

pytestmark = pytest.mark.usefixtures("loopback_fetching")

PAGES = {"/ap": "rates_ap", "/copy": "rates_ap_copy_nocredit", "/bloomberg": "rates_bloomberg"}


def page_html(name: str) -> str:
    page = fixture_page(name)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in page["text"].split("\n\n"))
    return (
        f"<html><head><title>{html.escape(page['title'])}</title></head>"
        f"<body><article><h1>{html.escape(page['title'])}</h1>{paragraphs}</article></body></html>"
    )


@pytest.fixture
def reports(tmp_path: Path, httpserver) -> dict[str, str]:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'r.db'}"

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db, "--reviewer", "ana", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    article = tmp_path / "article.txt"
    article.write_text(RATE_ARTICLE, encoding="utf-8")
    run("import", str(article))
    claims = json.loads(run("claims", "--json"))
    claim = next(c for c in claims if "4.75%" in c["text"])
    for path, name in PAGES.items():
        httpserver.expect_request(path).respond_with_data(
            page_html(name), content_type="text/html; charset=utf-8"
        )
    run("attach", str(claim["id"]), *(httpserver.url_for(path) for path in PAGES))
    run("mark", str(claim["id"]), "verified", "--note", "The bank's own statement says 4.75%.")
    return {fmt: run("report", "--format", fmt) for fmt in ("md", "html", "json", "csv")}


def test_json_report_counts_the_copies_once(reports: dict[str, str]) -> None:
    claim = json.loads(reports["json"])["claims"][0]
    assert claim["sources"] == {"count": 3, "independent": 2, "label": "3 sources, 2 independent"}
    (group,) = claim["copy_groups"]
    by_id = {e["source"]["id"]: e["source"]["url"] for e in claim["evidence"]}
    members = {by_id[source_id].rsplit("/", 1)[-1] for source_id in group["source_ids"]}
    assert members == {"ap", "copy"}
    assert group["label"].startswith("2 copies of one story, counted once: ")
    assert "the same text" in group["label"]  # the AP credit was cut from the copy


def test_markdown_and_html_show_the_count_and_the_group(reports: dict[str, str]) -> None:
    md = reports["md"]
    assert "**Verified** by ana on " in md and " · 3 sources, 2 independent" in md
    assert "· 3 sources, 2 independent\n\n- 2 copies of one story, counted once: " in md
    page = reports["html"]
    assert "&middot; 3 sources, 2 independent</h4>" in page
    assert '<p class="copies">2 copies of one story, counted once: ' in page


def test_csv_appends_the_counts(reports: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(reports["csv"].lstrip("\ufeff"))))
    assert list(rows[0])[-3:] == ["source_count", "independent_sources", "copy_groups"]
    assert rows[0]["source_count"] == "3" and rows[0]["independent_sources"] == "2"
    assert rows[0]["copy_groups"].startswith("2 copies of one story, counted once: ")
