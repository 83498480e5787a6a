"""The headless packages (sources/, db/) never pull in the UI or the workbench package."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
    return {m for m in loaded if m.split(".")[0] in {"textual", "workbench"}}


def test_sources_and_db_do_not_import_textual_or_workbench() -> None:
    assert _forbidden_after_importing(["sources", "db"]) == set()


def test_layering_check_notices_a_forbidden_import() -> None:
    # The same check, run on a package that does use the UI, must report textual: otherwise
    # the test above could pass because the check sees nothing at all.
    forbidden = _forbidden_after_importing(["workbench.screens"])
    assert "textual" in forbidden and "workbench.screens" in forbidden
