"""The registry of report formats (report/formats.py): what the command line and the app read."""

import subprocess
import sys
from pathlib import Path

import pytest

from claim_workbench.report.formats import FORMATS, report_format

ROOT = Path(__file__).resolve().parents[2]


def test_reading_the_list_of_formats_loads_no_format() -> None:
    """The app and the command line import the registry at start; a format's module (and
    numpy, jinja2 behind the report model) loads only when a report is written."""
    code = (
        "import sys\n"
        "import claim_workbench.report, claim_workbench.report.formats\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    format_modules = {f"claim_workbench.report.{entry.module}" for entry in FORMATS}
    heavy = {"numpy", "jinja2", "claim_workbench.report.model"}
    assert "claim_workbench.report.formats" in loaded
    assert loaded & (format_modules | heavy) == set()


@pytest.mark.parametrize("entry", FORMATS, ids=lambda entry: entry.name)
def test_each_format_names_a_module_that_writes_it(entry) -> None:
    assert callable(entry.write)
    assert entry.suffix.startswith(".") and entry.label and "/" in entry.media_type
    assert report_format(f" {entry.name.upper()} ") is entry


def test_an_unknown_format_is_refused_with_the_names_of_the_known_ones() -> None:
    with pytest.raises(ValueError) as refused:
        report_format("pdf")
    assert str(refused.value) == (
        "unknown format 'pdf': use one of " + ", ".join(entry.name for entry in FORMATS)
    )


def test_the_palette_names_every_format() -> None:
    from claim_workbench.report.formats import format_labels

    shown = format_labels()
    assert all(entry.label in shown for entry in FORMATS)
    assert shown.endswith(f" or {FORMATS[-1].label}")
