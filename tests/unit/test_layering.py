"""The headless packages never pull in the UI (textual, the TUI package) or the command line."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _modules_after_importing(packages: list[str]) -> set[str]:
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {packages!r}:\n"
        "    package = importlib.import_module(name)\n"
        "    for info in pkgutil.walk_packages(package.__path__, name + '.'):\n"
        "        if '.migrations' in info.name:\n"
        "            continue\n"
        "        importlib.import_module(info.name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def _forbidden_after_importing(packages: list[str]) -> set[str]:
    loaded = _modules_after_importing(packages)
    assert all(name in loaded for name in packages)  # the walk really imported them
    return {
        m
        for m in loaded
        if m.split(".")[0] == "textual"
        or m.startswith(("claim_workbench.tui", "claim_workbench.cli"))
    }


HEADLESS = [
    "claim_workbench.text",
    "claim_workbench.claims",
    "claim_workbench.acquisition",
    "claim_workbench.evidence",
    "claim_workbench.memory",
    "claim_workbench.store",
    "claim_workbench.review",
    "claim_workbench.report",
]


def test_headless_packages_do_not_import_textual_or_the_front_ends() -> None:
    assert _forbidden_after_importing(HEADLESS) == set()


def test_layering_check_notices_a_forbidden_import() -> None:
    # The same check, run on a package that does use the UI, must report textual: otherwise
    # the test above could pass because the check sees nothing at all.
    forbidden = _forbidden_after_importing(["claim_workbench.tui.screens"])
    assert "textual" in forbidden and "claim_workbench.tui.screens" in forbidden
