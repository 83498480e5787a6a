"""Quantities on news sentences written blind to the parser: how many it finds, and how many it
reads exactly (value, kind, currency, bound).

Usage:
    python bench/quantities_blind.py [FILE] [--misses]

FILE defaults to ``tests/data/quantities_news_blind.jsonl``: one JSON object a line,
``{"sentence": ..., "quantities": [{"text", "value", "high"?, "kind", "currency"?, "bound"}]}``,
written by someone who had not read ``text/quantities.py`` (see the file's first record for
the date). Years and dates are listed by the writer but left out of the figures: the
workbench reads them with its date reader, not as quantities. A quantity is *found* when the
parser gives the same value (both ends, for a range); *exact* when its kind, currency and
bound ("about", "more", "less" or none) are the writer's too. *Extra* counts quantities the
parser gave that the writer did not list. A vague amount ("several hundred", "thousands of")
is found when the writer's value lies between its scale and ten times it: the writer put the
least it could be (200 for "several hundred"), the parser puts the scale with a qualifier.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claim_workbench.text.quantities import Quantity, extract_quantities  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "quantities_news_blind.jsonl"
NOT_QUANTITIES = {"year", "date"}

_LENGTH = set(
    "mile miles km kilometre kilometres kilometer kilometers metre metres meter meters m cm mm "
    "foot feet ft inch inches yard yards nautical".split()
)
_WEIGHT = set(
    "tonne tonnes ton tons kg kilogram kilograms kilo kilos gram grams g pound pounds lb lbs "
    "ounce ounces".split()
)
_AREA = set("hectare hectares acre acres km2 sq".split())
_VOLUME = set("litre litres liter liters gallon gallons barrel barrels ml cubic".split())
_SPEED = set("mph km/h kph knots".split())
_DURATION = set(
    "year years month months week weeks day days hour hours minute minutes second seconds "
    "decade decades century centuries".split()
)
_ABOUT = {
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "some",
    "approximately",
    "an estimated",
    "estimated",
    "close to",
    "just over",
    "just under",
    "a couple of",
    "circa",
    "c.",
}
_MORE = {
    "more than",
    "over",
    "at least",
    "above",
    "exceeding",
    "or more",
    "upwards of",
    "greater than",
    "in excess of",
    "several",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "a few",
    "plus",
    "or above",
    "and over",
    "and above",
    "no fewer than",
    "no less than",
    # read as "more than" by evidence.agreement too
    "well over",
    "well above",
    "exceeded",
    "exceeds",
    "higher than",
    "larger than",
    "north of",
    "topped",
    "tops",
    "topping",
}
_LESS = {
    "less than",
    "under",
    "up to",
    "at most",
    "below",
    "fewer than",
    "or less",
    "or fewer",
    "no more than",
    "as few as",
    "as little as",
    "or under",
    "and under",
    "or below",
    # read as "at most" / "less than" by evidence.agreement too
    "within",
    "well below",
    "well under",
    "lower than",
    "smaller than",
}


def kind_of(quantity: Quantity) -> tuple[str, str | None]:
    unit = quantity.unit
    if unit is None:
        return "number", None
    if unit == "percent":
        return "percent", None
    if unit == "percentage points":
        return "percentage points", None
    if len(unit) == 3 and unit.isupper():
        return "money", unit
    if unit.startswith("°") or unit in {"celsius", "fahrenheit", "degrees"}:
        return "temperature", None
    if unit == "fraction":
        return "fraction", None
    if unit in {"times", "time"}:
        return "ratio", None
    if unit == "magnitude":
        return "number", None  # a magnitude on a scale, not a count
    lowered = unit.lower()
    if lowered.startswith("square ") or lowered.startswith("sq "):
        return "area", None
    for kind, words in (
        ("length", _LENGTH), ("weight", _WEIGHT), ("area", _AREA), ("volume", _VOLUME),
        ("speed", _SPEED), ("duration", _DURATION),
    ):  # fmt: skip
        if lowered in words or lowered.split()[0] in words:
            return kind, None
    return "count", None


def bound_of(quantity: Quantity) -> str | None:
    if quantity.is_vague:
        return "more"  # "several hundred", "thousands of": at least the scale
    qualifier = (quantity.qualifier or "").lower()
    if not qualifier or qualifier in {"from", "to", "only", "exactly"}:
        return None  # "only 28%", "exactly 40": no bound, as evidence.agreement reads them
    if qualifier in _ABOUT:
        return "about"
    if qualifier in _MORE:
        return "more"
    if qualifier in _LESS:
        return "less"
    return qualifier


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=2e-3, abs_tol=1e-9)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--misses", action="store_true", help="print what was not read exactly")
    arguments = parser.parse_args(argv)
    if not arguments.file.is_file():
        print(f"error: no such file: {arguments.file}", file=sys.stderr)
        return 2
    rows = [
        json.loads(line)
        for line in arguments.file.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    total = found = exact = extra = 0
    by_kind: dict[str, Counter[str]] = {}
    misses: list[str] = []
    for row in rows:
        sentence = row["sentence"]
        got = extract_quantities(sentence)
        used: set[int] = set()
        for wanted in row["quantities"]:
            if wanted["kind"] in NOT_QUANTITIES:
                continue
            total += 1
            counts = by_kind.setdefault(wanted["kind"], Counter())
            counts["all"] += 1
            high = wanted.get("high")
            match = None
            for index, quantity in enumerate(got):
                if index in used:
                    continue
                # A vague amount ("several hundred", "thousands of") is its scale as read
                # here, the least it could be as the writer may put it: one amount either way.
                vague = (
                    quantity.is_vague and quantity.value <= wanted["value"] < 10 * quantity.value
                )
                if not vague and not same(quantity.value, wanted["value"]):
                    continue
                if high is not None:
                    following = got[index + 1] if index + 1 < len(got) else None
                    if following is None or not same(following.value, high):
                        continue
                    used.add(index + 1)
                match = index
                break
            if match is None:
                misses.append(f"  not found  {wanted['text']!r} in {sentence}")
                continue
            used.add(match)
            found += 1
            counts["found"] += 1
            quantity = got[match]
            kind, currency = kind_of(quantity)
            bound = bound_of(quantity) if high is None else None
            expected = (
                wanted["kind"],
                wanted.get("currency"),
                wanted.get("bound") if high is None else None,
            )
            if (kind, currency, bound) == expected:
                exact += 1
                counts["exact"] += 1
            else:
                read = (kind, currency, bound)
                misses.append(
                    f"  misread    {wanted['text']!r}: {read} for {expected} in {sentence}"
                )
        for index, quantity in enumerate(got):
            if index not in used:
                extra += 1
                misses.append(f"  extra      {quantity.text!r} in {sentence}")
    print(f"{len(rows)} sentences, {total} quantities (years and dates left out)")
    print(
        f"found {found} ({found / total:.1%}), exact {exact} ({exact / total:.1%}), extra {extra}"
    )
    print(f"\n{'kind':20s} {'all':>5s} {'found':>6s} {'exact':>6s}")
    for kind, counts in sorted(by_kind.items(), key=lambda item: -item[1]["all"]):
        print(f"{kind:20s} {counts['all']:5d} {counts['found']:6d} {counts['exact']:6d}")
    if arguments.misses:
        print("\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
