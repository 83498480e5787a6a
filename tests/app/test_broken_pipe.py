"""`workbench report | head` ends quietly: a reader that stops early is not an error.

Every command that prints runs as a real process writing into a pipe whose reader has gone
(deterministic: the first write fails), and the common pipelines run into a real `head -1`.
A broken pipe must print nothing on stderr and exit with 141, as `seq` or `git log` do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claim_workbench.cli import EXIT_BROKEN_PIPE, cli, sample_path

ROOT = Path(__file__).resolve().parents[2]
PASTED = "The ministry said 82 people were evacuated from the flooded district on Monday."


def long_article(sentences: int) -> str:
    """An article whose report is far larger than a pipe's buffer (64 KiB on Linux)."""
    body = " ".join(
        f"Officials said {n * 7} people were evacuated from district {n} on Monday, "
        f"and {n * 3} homes were damaged."
        for n in range(1, sentences + 1)
    )
    return f" date 2026-03-02 Flood evacuations across {sentences} districts\n\n{body}\n"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('pipes') / 'pipes.db'}"
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> str:
        result = runner.invoke(cli, ["--db", url, "--reviewer", "ana", *args], input=input)
        assert result.exit_code == 0, result.output
        return result.stdout

    run("import", "-", input=long_article(400))
    run("attach", "1", "-", input=PASTED)
    run("mark", "1", "verified", "--note", "checked")
    assert len(json.loads(run("claims", "--json"))) >= 300
    return url


# Each command once (their --json forms share print_json; claims --json stands for them: its
# output is short enough to wait in the buffer until the flush at exit), every report format.
PRINTING_COMMANDS = [
    ["import", str(sample_path())],
    ["articles"],
    ["claims"],
    ["claims", "--json"],
    ["attach", "3", "-"],
    ["evidence", "1"],
    ["mark", "2", "disputed"],
    ["history", "1"],
    ["search", "1"],
    ["similar", "1"],
    ["adopt", "4", "1"],
    *(["report", "--format", fmt] for fmt in ("md", "html", "json", "csv", "claimreview")),
    ["--help"],
]


def workbench(db_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "claim_workbench.cli", "--db", db_url, "--reviewer", "ana", *args]


def test_every_printing_command_ends_quietly_when_its_reader_is_gone(db_url: str) -> None:
    started = []
    for command in PRINTING_COMMANDS:
        read_end, write_end = os.pipe()
        os.close(read_end)  # the reader is gone before the first line is written
        process = subprocess.Popen(
            workbench(db_url, *command),
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.close(write_end)
        started.append((command, process))
    for command, process in started:  # they run side by side: a second each on their own
        _, stderr = process.communicate(input=PASTED, timeout=300)
        assert (command, stderr) == (command, "")
        assert (command, process.returncode) == (command, EXIT_BROKEN_PIPE)


@pytest.mark.parametrize(
    "command", [["report"], ["report", "--format", "html"], ["claims"], ["search", "1"]]
)
def test_piping_into_head_prints_the_first_line_and_nothing_else(
    db_url: str, command: list[str]
) -> None:
    writer = subprocess.Popen(
        workbench(db_url, *command), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert writer.stdout is not None
    head = subprocess.run(["head", "-n", "1"], stdin=writer.stdout, capture_output=True)
    writer.stdout.close()
    _, stderr = writer.communicate(timeout=300)
    assert stderr == b""
    assert head.stdout.count(b"\n") == 1 and head.stderr == b""
    # A report of 400 claims is far beyond the pipe's buffer: the writer must have met the
    # closed pipe. Shorter outputs may be written whole before head exits.
    expected = {EXIT_BROKEN_PIPE} if command[0] == "report" else {0, EXIT_BROKEN_PIPE}
    assert writer.returncode in expected
