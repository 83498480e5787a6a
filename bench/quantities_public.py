"""Quantities against a public test suite: quantulum3's English sentences (issue 17, item 6).

Usage:
    pip download quantulum3==0.10.0 --no-deps -d /tmp/q3
    python bench/quantities_public.py /tmp/q3/quantulum3-0.10.0-py3-none-any.whl [--misses]

The suite is read from the wheel as published (``quantulum3/_lang/en_US/tests/quantities.json``
and ``quantities.ambiguity.json``: 121 sentences, each with the quantities quantulum3's authors
expect); nothing of it is copied into this repository. Most of its sentences are science and
engineering ("4e14 s-1", "3.5–4.0 TeV"); a news article is mostly counts, money and percents,
so the figures are for the number reading only and units are not compared (the two
vocabularies differ: "metre" there, "meters" as written here).

Counted, per sentence and over all expected quantities:
  - an expected quantity is found when ``extract_quantities`` gives its value (relative
    difference under 1e-6); an expected range (one with an ``uncertainty``) is found when a
    "from"/"to" pair gives its midpoint, as quantulum3 writes a range;
  - a value we give is extra when the sentence expects no such value;
  - a sentence agrees exactly when every expected quantity is found and none is extra.
The same figures are printed again with the suite's years left out of what it expects ("in
1979", "in 2013"): the workbench reads a year as a date, never as a quantity (see
``claim_workbench.text.quantities``), so those are misses by design.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claim_workbench.text.quantities import Quantity, extract_quantities  # noqa: E402

SUITES = (
    "quantulum3/_lang/en_US/tests/quantities.json",
    "quantulum3/_lang/en_US/tests/quantities.ambiguity.json",
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="quantulum3-0.10.0-py3-none-any.whl")
    parser.add_argument("--misses", action="store_true", help="print each sentence that differs")
    arguments = parser.parse_args(argv)
    try:
        cases = read_suite(arguments.wheel)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        print(f"error: cannot read the suite from {arguments.wheel}: {error}", file=sys.stderr)
        return 2
    print(f"quantulum3 0.10.0 English suite: {len(cases)} sentences")
    report("every expected quantity", cases, misses=arguments.misses)
    without_years = [
        (sentence, [value for value in expected if not _is_year(sentence, value)])
        for sentence, expected in cases
    ]
    report("years left out of what is expected", without_years, misses=False)
    return 0


def report(title: str, cases: list[tuple[str, list[float]]], *, misses: bool) -> None:
    exact = expected_total = found_total = given_total = extra_total = 0
    for sentence, expected in cases:
        values = given_values(extract_quantities(sentence))
        found = [value for value in expected if any(_same(value, v) for v in values)]
        extra = [v for v in values if not any(_same(value, v) for value in expected)]
        expected_total += len(expected)
        found_total += len(found)
        given_total += len(values)
        extra_total += len(extra)
        agrees = len(found) == len(expected) and not extra
        exact += agrees
        if misses and not agrees:
            print(f"- {sentence}\n    expected {_show(expected)}; given {_show(values)}")
    print(f"{title}:")
    print(f"  sentences in exact agreement: {exact} ({exact / len(cases):.1%})")
    print(
        f"  expected quantities found:    {found_total} of {expected_total}"
        f" ({found_total / expected_total:.1%})"
    )
    print(
        f"  values given that are extra:  {extra_total} of {given_total}"
        f" ({extra_total / max(given_total, 1):.1%})"
    )


def _is_year(sentence: str, value: float) -> bool:
    return value.is_integer() and 1600 <= value <= 2199 and f"{value:.0f}" in sentence


def read_suite(wheel: Path) -> list[tuple[str, list[float]]]:
    """(sentence, expected values) for every case of the suites in the wheel; a range is its
    midpoint, as the suite writes it."""
    cases = []
    with zipfile.ZipFile(wheel) as archive:
        for name in SUITES:
            for case in json.loads(archive.read(name).decode("utf-8")):
                cases.append((case["req"], [float(item["value"]) for item in case["res"]]))
    return cases


def given_values(quantities: list[Quantity]) -> list[float]:
    """Our values, a "from"/"to" pair read as its midpoint (how the suite writes a range)."""
    values: list[float] = []
    index = 0
    while index < len(quantities):
        here = quantities[index]
        after = quantities[index + 1] if index + 1 < len(quantities) else None
        if here.qualifier == "from" and after is not None and after.qualifier == "to":
            values.append((here.value + after.value) / 2)
            index += 2
            continue
        values.append(here.value)
        index += 1
    return values


def _same(left: float, right: float) -> bool:
    return abs(left - right) <= 1e-6 * max(abs(left), abs(right), 1e-12)


def _show(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
