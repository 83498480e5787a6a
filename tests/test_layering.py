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


def test_sources_and_db_do_not_import_textual_or_workbench() -> None:
    loaded = _modules_after_importing(["sources", "db"])
    assert "sources.fetch" in loaded and "db.storage" in loaded  # the walk really imported them
    forbidden = {m for m in loaded if m.split(".")[0] in {"textual", "workbench"}}
    assert forbidden == set()


def test_layering_check_notices_a_forbidden_import() -> None:
    # The check above must be able to fail: importing the workbench shows up.
    loaded = _modules_after_importing(["workbench.claims"])
    assert "workbench" in loaded
