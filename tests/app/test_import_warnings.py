"""What had to be repaired reading a document reaches the reviewer, and no way in lets terminal
escapes through: HTML articles and sources are cleaned like plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claim_workbench.cli import cli
from claim_workbench.tui.app import WorkbenchApp

ARTICLE = (
    " date 2026-03-02 Harbour barrier approved\n\n"
    "The council approved a barrier costing $45 million on Monday, officials said.\n"
    "\u201cIt is the biggest works since 1998,\u201d the mayor said \u2014 to applause.\n"
    "The caf\xe9 on the quay said 82 boats were moored there in January.\n"
)
RED = "\x1b[31m"
NOTE = "\u201cHarbour caf\xe9 staff\u201d counted 82 boats in January."


def invalid_utf8(text: str) -> bytes:
    """UTF-8 except for one byte that is not (a Latin-1 'é'): a file damaged in one place."""
    return text.replace("\xe9", "\x00").encode("utf-8").replace(b"\x00", b"\xe9")


def run_cli(*args: str, db: str, stdin: bytes | None = None):
    return CliRunner().invoke(cli, ["--db", db, *args], input=stdin)


def test_import_warns_about_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(invalid_utf8(ARTICLE))
    db = f"sqlite:///{tmp_path}/w.db"
    result = run_cli("import", str(path), db=db)
    assert result.exit_code == 0, result.output
    assert "imported article" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings and "UTF-8" in warnings[0]
    claims = json.loads(run_cli("claims", "--json", db=db).stdout)
    assert len(claims) >= 2  # the rest of the file was read as UTF-8, not as a code page


def test_a_clean_file_imports_without_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("import", str(path), db=f"sqlite:///{tmp_path}/w.db")
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.stderr


def test_attach_warns_about_a_source_read_with_repairs(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/w.db"
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run_cli("import", str(article), db=db).exit_code == 0
    source = tmp_path / "notes.txt"
    source.write_bytes(invalid_utf8(NOTE))
    result = run_cli("attach", "2", str(source), db=db)
    assert result.exit_code == 0, result.output
    assert f"warning: {source}:" in result.stderr and "UTF-8" in result.stderr


def test_an_html_article_gives_no_quantities_from_escape_sequences(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Harbour barrier approved</title></head><body><article>"
        f"<p>The council approved a {RED}barrier costing $45 million on Monday, officials "
        "said, after a debate that lasted most of the afternoon.</p>"
        f"<p>Officials said 82 boats were moored in the harbour in {RED}January, "
        "the highest number since the port reopened.</p></article></body></html>",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path}/w.db"
    result = run_cli("import", str(page), db=db)
    assert result.exit_code == 0, result.output
    claims = json.loads(run_cli("claims", "--json", db=db).stdout)
    values = {q["value"] for claim in claims for q in claim["quantities"]}
    assert 31 not in values and {45_000_000, 82} <= values
    assert all("[31m" not in claim["text"] for claim in claims)


def test_a_source_page_keeps_no_escape_sequences(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/w.db"
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run_cli("import", str(article), db=db).exit_code == 0
    page = tmp_path / "source.html"
    page.write_text(
        "<html><head><title>Quay count</title></head><body><article><p>Harbour staff "
        f"counted {RED}82 boats moored on the quay in January, the harbour office said in "
        "its monthly report to the council.</p></article></body></html>",
        encoding="utf-8",
    )
    result = run_cli("attach", "2", str(page), "--json", db=db)
    assert result.exit_code == 0, result.output
    evidence = json.loads(result.stdout)["evidence"]
    assert evidence and all("[31m" not in e["passage"] for e in evidence)


@pytest.fixture
def damaged_source(tmp_path: Path, app_db_url: str) -> Path:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run_cli("import", str(article), db=app_db_url).exit_code == 0
    source = tmp_path / "notes.txt"
    source.write_bytes(invalid_utf8(NOTE))
    return source


async def test_the_app_warns_about_a_source_read_with_repairs(
    damaged_source: Path, app_db_url: str, build_app, settle
) -> None:
    app: WorkbenchApp = build_app(app_db_url, 1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press(*str(damaged_source))
        await pilot.press("enter")
        await settle(app, pilot)
        shown = [f"{n.title}: {n.message}" for n in app._notifications]
        assert any(s.startswith("Read with repairs") and "UTF-8" in s for s in shown), shown
