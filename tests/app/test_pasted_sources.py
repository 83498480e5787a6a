"""Pasted text as a source: it can carry a title and a note of where it came from, shown where a
web page shows its title and publisher (the pane and every report)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea
from typer.testing import CliRunner

from claim_workbench.cli import cli
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.tui.app import WorkbenchApp

ARTICLE = (
    " date 2026-03-02 Harbour barrier approved\n\n"
    "The council approved a barrier costing $45 million on Monday, officials said.\n"
)
PASTED = "The council's finance office confirmed the barrier budget of $45 million on Monday."


def run_cli(*args: str, db: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["--db", db, *args], input=stdin)


@pytest.fixture
def imported(tmp_path: Path, app_db_url: str) -> str:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run_cli("import", str(article), db=app_db_url).exit_code == 0
    return app_db_url


def test_pasted_text_keeps_its_title_and_origin_on_the_command_line(imported: str) -> None:
    result = run_cli(
        "attach",
        "1",
        "-",
        "--title",
        "Finance office reply",
        "--origin",
        "email from the council press office",
        "--json",
        db=imported,
        stdin=PASTED,
    )
    assert result.exit_code == 0, result.output
    source = json.loads(result.stdout)["source"]
    assert (source["origin"], source["title"]) == ("text", "Finance office reply")
    assert source["site"] == "email from the council press office"
    markdown = run_cli("report", "--format", "md", db=imported).stdout
    assert "Finance office reply" in markdown and "email from the council press office" in markdown


async def test_the_attach_dialog_takes_a_title_and_origin_for_pasted_text(
    imported: str, build_app, settle
) -> None:
    app: WorkbenchApp = build_app(imported, 1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        app.screen.query_one("#attach-text", TextArea).text = PASTED
        app.screen.query_one("#attach-title", Input).value = "Finance office reply"
        app.screen.query_one("#attach-origin", Input).value = "council press office email"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    with session_for(make_engine(imported)) as session:
        (source,) = storage.list_sources(session=session)
    assert (source.origin, source.title) == ("text", "Finance office reply")
    assert source.site == "council press office email"
