"""The headless packages never pull in the UI (textual, the TUI package) or the command line
when imported (a runtime check beside the static contracts of lint-imports), and every import
made inside a function is a listed, deliberate one."""

import ast
import subprocess
import sys
import tomllib
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


# -- lazy imports ------------------------------------------------------------------------------
# import-linter (the contracts in pyproject.toml) sees imports made inside functions like any
# other; it cannot tell which are deliberate. pyproject.toml lists them with their reasons.


def _lazy_imports() -> set[tuple[str, str]]:
    """(importer, imported module) for every import inside a function under src/."""
    found: set[tuple[str, str]] = set()
    src = ROOT / "src"
    for path in sorted(src.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(src).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = module if parts[-1] == "__init__" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    found.update((module, alias.name) for alias in node.names)
                elif isinstance(node, ast.ImportFrom):
                    base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                    name = ".".join(filter(None, [base, node.module or ""]))
                    found.add((module, name))
    return found


def _listed_lazy_imports() -> dict[tuple[str, str], str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = config["tool"]["claim_workbench"]["lazy-imports"]
    pairs = {}
    for key, reason in listed.items():
        importer, _, imported = key.partition(" -> ")
        pairs[(importer.strip(), imported.strip())] = reason
    return pairs


def _within(module: str, pattern: str) -> bool:
    return module == pattern or module.startswith(pattern + ".")


def test_every_lazy_import_is_listed_with_its_reason() -> None:
    listed = _listed_lazy_imports()
    found = _lazy_imports()
    assert len(found) > 20  # the walk really found the imports inside functions
    unlisted = {
        (importer, imported)
        for importer, imported in found
        if not any(_within(importer, a) and _within(imported, b) for a, b in listed)
    }
    assert unlisted == set(), "add these to [tool.claim_workbench.lazy-imports] with a reason"
    stale = {
        key
        for key in listed
        if not any(
            _within(importer, key[0]) and _within(imported, key[1]) for importer, imported in found
        )
    }
    assert stale == set(), "no import inside a function matches these lines any more"
    assert all(reason.strip() for reason in listed.values())
