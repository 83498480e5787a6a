"""Precision and recall of quote speakers on the attributed-quote sets in tests/data (issue 17).

Usage:
    python bench/speakers.py [--misses] [SET.txt ...]

Without arguments it scores the three sets in tests/data (attributed_quotes.txt, the set the
rules were written against, and the two held-out sets written later; see their headers) and
all of them together. Precision = right speakers / quotations given a speaker; recall = right
speakers / quotations that have one (tests/speaker_set.py). It also times the rules:
attribution over every passage of the sets, the CPU time of loading speakers.py alone (what it
adds to a launch, as the app imports claim extraction), and the wall time of importing the
whole claim_workbench.claims package (best of 5 new interpreters each).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # tests.support

from claim_workbench.claims.speakers import attribute_quotes  # noqa: E402
from tests.support.speaker_set import load_quote_set, score  # noqa: E402

DATA = ROOT / "tests" / "data"
DEFAULT_SETS = [
    DATA / "attributed_quotes.txt",
    DATA / "attributed_quotes_heldout.txt",
    DATA / "attributed_quotes_heldout2.txt",
    DATA / "attributed_quotes_heldout3.txt",
    DATA / "attributed_quotes_heldout4.txt",
    DATA / "attributed_quotes_heldout5.txt",
    DATA / "attributed_quotes_heldout6.txt",
    DATA / "attributed_quotes_heldout7.txt",
    DATA / "attributed_quotes_heldout8.txt",
    DATA / "attributed_quotes_heldout9.txt",
    DATA / "attributed_quotes_heldout10.txt",
    DATA / "attributed_quotes_heldout11.txt",
    DATA / "attributed_quotes_heldout12.txt",
]
# Loads speakers.py again as a new module, its dependencies already imported and the regex
# cache emptied, and prints the CPU seconds that took: the module's own cost at import.
_LOAD_PROBE = """
import importlib.util, re, sys, time
import claim_workbench.text.sentences
re.purge()
SPEAKERS_FILE = "src/claim_workbench/claims/speakers.py"
spec = importlib.util.spec_from_file_location("speakers_probe", SPEAKERS_FILE)
module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = module
began = time.process_time()
spec.loader.exec_module(module)
sys.stdout.write(str(time.process_time() - began))
"""
_PACKAGE_PROBE = (
    "import time, sys; t = time.perf_counter(); import claim_workbench.claims; "
    "sys.stdout.write(str(time.perf_counter() - t))"
)


def best_of(probe: str, runs: int = 5) -> float:
    """The least of ``runs`` figures that ``probe`` prints, each in a new interpreter."""
    best = float("inf")
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
        )
        best = min(best, float(done.stdout))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="quote-set files (default: tests/data)")
    parser.add_argument("--misses", action="store_true", help="list every wrong or missed speaker")
    args = parser.parse_args()
    paths = args.sets or DEFAULT_SETS
    print(f"{'set':<36} {'quotes':>6} {'speaker':>7} {'given':>6} {'right':>6} {'P':>6} {'R':>6}")
    every = []
    for path in paths:
        items = load_quote_set(path)
        every.extend(items)
        report(path.name, items, args.misses)
    if len(paths) > 1:
        report("all", every, misses=False)
    passages = sorted({item.passage for item in every})
    started = time.perf_counter()
    quotes = sum(len(attribute_quotes(passage)) for passage in passages)
    elapsed = time.perf_counter() - started
    print(
        f"\nattribution: {len(passages)} passages, {quotes} quotations in {elapsed * 1000:.1f} ms"
        f" ({elapsed / max(quotes, 1) * 1e6:.0f} µs per quotation)"
    )
    print(f"load of speakers.py alone, CPU, best of 5: {best_of(_LOAD_PROBE) * 1000:.1f} ms")
    print(f"import of claims, wall, best of 5: {best_of(_PACKAGE_PROBE) * 1000:.1f} ms")


def report(name: str, items: list, misses: bool) -> None:
    result = score(items)
    print(
        f"{name:<36} {len(items):>6} {result.relevant:>7} {result.predicted:>6} "
        f"{result.true_positives:>6} {result.precision:>6.3f} {result.recall:>6.3f}"
    )
    if misses:
        for outcome in result.misses:
            expected = outcome.expected
            found = "quotation not found" if outcome.found_quote is None else outcome.found_speaker
            print(f"    {expected.label}: expected {expected.speaker}, found {found}")


if __name__ == "__main__":
    main()
