"""The database password is never shown: not in errors, logs, help or the app.

Every error path of the command line is run with a URL carrying a password (given with --db
and with WORKBENCH_DB), and everything it printed or logged is searched for the password and
for each piece of it (a password with an unencoded "@" used to be split, half shown).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claim_workbench.cli import cli, sample_path
from claim_workbench.store.engine import redact_url, scrub_secrets
from tests.support.pg_server import SUPERUSER, TemporaryPostgres

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cr3t-Pw"

# (what is wrong, URL, the password as the user meant it, how the URL is shown or None)
BROKEN_URLS = [
    (
        "mistyped scheme",
        f"postgresq://ana:{PASSWORD}@db.example/news",
        PASSWORD,
        "postgresq://ana:***@db.example/news",
    ),
    (
        "unknown driver",
        f"postgresql+nodriver://ana:{PASSWORD}@db.example/news",
        PASSWORD,
        "postgresql+nodriver://ana:***@db.example/news",
    ),
    ("no scheme at all", f"ana:{PASSWORD}@db.example/news", PASSWORD, "ana:***@db.example/news"),
    (
        "port that is not a number",
        f"postgresql://ana:{PASSWORD}@db.example:54x2/news",
        PASSWORD,
        "postgresql://ana:***@db.example:54x2/news",
    ),
    (
        "unencoded @ in the password",
        "postgresql://ana:s3cr@t-Pw@127.0.0.1:1/news",
        "s3cr@t-Pw",
        "postgresql://ana:***@127.0.0.1:1/news",
    ),
    (
        "unencoded @ and / in the password",
        "postgresql://ana:s3/cr@t-Pw@127.0.0.1:1/news",
        "s3/cr@t-Pw",
        "postgresql://ana:***@127.0.0.1:1/news",
    ),
    (
        "server unreachable",  # nothing listens on port 1: refused at once
        f"postgresql://ana:{PASSWORD}@127.0.0.1:1/news",
        PASSWORD,
        "postgresql+psycopg://ana:***@127.0.0.1:1/news",
    ),
    (
        "server unreachable, %40 in the password",
        "postgresql://ana:s3cr%40t-Pw@127.0.0.1:1/news",
        "s3cr%40t-Pw",
        "postgresql+psycopg://ana:***@127.0.0.1:1/news",
    ),
    ("driver not installed", f"mysql://ana:{PASSWORD}@127.0.0.1:1/news", PASSWORD, None),
]

COMMANDS = [["articles"], ["report"], ["open"], ["import", "-"], ["mark", "1", "verified"]]


def secret_pieces(password: str) -> list[str]:
    """The password and every piece of it that a wrong split at "@" or "/" could show."""
    pieces = {password, password.replace("%40", "@")}
    pieces |= set(re.split(r"@|%40|/", password))
    return sorted(piece for piece in pieces if len(piece) >= 3)


def assert_hidden(password: str, *outputs: str) -> None:
    for output in outputs:
        for piece in secret_pieces(password):
            assert piece not in output, f"{piece!r} shown in {output!r}"


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        record.getMessage() + (f"\n{record.exc_text}" if record.exc_text else "")
        for record in caplog.records
    )


@pytest.mark.parametrize("how", ["--db", "WORKBENCH_DB"])
@pytest.mark.parametrize(
    ("problem", "url", "password", "shown"), BROKEN_URLS, ids=[case[0] for case in BROKEN_URLS]
)
def test_no_error_path_shows_the_password(
    problem: str,
    url: str,
    password: str,
    shown: str | None,
    how: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    runner = CliRunner()
    for command in COMMANDS:
        if how == "--db":
            result = runner.invoke(cli, ["--db", url, *command], input="An article.\n")
        else:
            result = runner.invoke(cli, command, input="An article.\n", env={"WORKBENCH_DB": url})
        assert result.exit_code == 1, (problem, command, result.output)
        assert result.stdout == ""
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
        assert_hidden(password, result.stdout, result.stderr)
        if shown is not None:
            assert shown in result.stderr, result.stderr
    assert_hidden(password, logged(caplog))


def test_a_password_with_an_unencoded_at_is_refused_with_a_hint() -> None:
    result = CliRunner().invoke(
        cli, ["--db", "postgresql://ana:s3cr@t-Pw@127.0.0.1:1/news", "report"]
    )
    assert result.exit_code == 1
    assert "contains '@'" in result.stderr and "%40" in result.stderr


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["articles"], {"WORKBENCH_DB": f"postgresq://ana:{PASSWORD}@db.example/news"}),
        (["--db", f"postgresql://ana:{PASSWORD}@127.0.0.1:1/news", "report"], {}),
        (["--db", "postgresql://ana:s3cr@t-Pw@127.0.0.1:1/news", "claims"], {}),
    ],
)
def test_a_real_process_prints_no_password(args: list[str], env: dict[str, str]) -> None:
    # Everything the process writes, including what logging and warnings put on stderr.
    result = subprocess.run(
        [sys.executable, "-m", "claim_workbench.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env, "PYTHONWARNINGS": "always"},
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    password = "s3cr@t-Pw" if "s3cr@t" in " ".join(args) else PASSWORD
    assert_hidden(password, result.stdout, result.stderr)


@pytest.mark.parametrize("command", [[], ["report"], ["open"]])
def test_help_does_not_show_the_database_from_the_environment(command: list[str]) -> None:
    url = f"postgresql://ana:{PASSWORD}@db.example/news"
    result = CliRunner().invoke(cli, [*command, "--help"], env={"WORKBENCH_DB": url})
    assert result.exit_code == 0, result.output
    assert "WORKBENCH_DB" in result.stdout or command  # the root help names the variable
    assert_hidden(PASSWORD, result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ana:pw@db/news", "postgresql://ana:***@db/news"),
        ("postgresq://ana:pw@db/news", "postgresq://ana:***@db/news"),
        ("postgresql:/ana:pw@db/news", "postgresql:/ana:***@db/news"),
        ("ana:pw@db/news", "ana:***@db/news"),
        ("postgresql://ana:p@w@db/news", "postgresql://ana:***@db/news"),
        ("postgresql://ana:p@ss/w@db/news", "postgresql://ana:***@db/news"),
        ("postgresql://ana@desk:pw@db/news", "postgresql://ana%40desk:***@db/news"),
        ("postgresql://ana:p%40w@db/news", "postgresql://ana:***@db/news"),
        ("postgresql://ana:pw@db:x/news", "postgresql://ana:***@db:x/news"),
        # An "@" after the host is not part of the password.
        (
            "postgresql://ana:pw@db/news?application_name=a@b",
            "postgresql://ana:***@db/news?application_name=a%40b",
        ),
        # No password: shown as typed.
        ("postgresql://ana@db:5432/news", "postgresql://ana@db:5432/news"),
        ("postgresq://ana@db:5432/news", "postgresq://ana@db:5432/news"),
        ("sqlite:////home/ana/x@y:z.db", "sqlite:////home/ana/x@y:z.db"),
        ("not a url", "not a url"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_scrub_secrets_blanks_the_password_wherever_a_message_quotes_it() -> None:
    url = "postgresql://ana:s3cr%40t-Pw@db/news"
    message = "server said: bad password s3cr@t-Pw (sent as s3cr%40t-Pw)"
    assert scrub_secrets(message, url) == "server said: bad password *** (sent as ***)"
    assert scrub_secrets("a short pw is left alone", "postgresql://ana:pw@db/x").endswith("alone")


@pytest.fixture
def url_with_password(postgresql_server: TemporaryPostgres) -> str:
    # The test server trusts loopback connections: the password is sent and ignored.
    url = postgresql_server.create_database()
    return url.replace(f"//{SUPERUSER}@", f"//{SUPERUSER}:{PASSWORD}@", 1)


def test_working_team_database_keeps_its_password_out_of_output_and_logs(
    url_with_password: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    runner = CliRunner()
    outputs = []
    for command in (
        ["import", str(sample_path())],
        ["articles"],
        ["claims"],
        ["report"],
        ["report", "--format", "json"],
        ["evidence", "1"],
        ["history", "1"],
    ):
        result = runner.invoke(cli, ["--db", url_with_password, "--reviewer", "ana", *command])
        assert result.exit_code == 0, result.output
        outputs += [result.stdout, result.stderr]
    assert_hidden(PASSWORD, *outputs, logged(caplog))


async def test_the_app_does_not_show_the_password(url_with_password: str) -> None:
    from claim_workbench.review import services
    from claim_workbench.tui.app import make_app
    from claim_workbench.tui.widgets.article_header import ArticleHeader

    app = make_app(db_url=url_with_password, reviewer="ana", refresh_seconds=0)
    with app.session() as session:
        services.import_text(session=session, raw=sample_path().read_text("utf-8"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen
        header = screen.query_one(ArticleHeader).render_line(0).text
        assert "Trump" in header  # the article is shown, so the screen is there
        assert_hidden(
            PASSWORD,
            app.title,
            app.sub_title,
            screen.title or "",
            screen.sub_title or "",
            header,
            app.export_screenshot(),
        )
