"""Which debate lines become claims, and how their labels look (issue 17).

Usage:
    python bench/claim_choice.py [--data DIR]

Reads the CheckThat! 2019 task 1 training debates (DIR defaults to
``../shared/datasets/checkthat2019-task1/training``; tab-separated: line number, speaker, text,
check-worthy 0/1) and runs ``extract_claims`` on each line by itself. Prints, for check-worthy
and other lines, the share that becomes at least one claim; the share of lines that have a
"you" or open with an interjection; and for the labels: mean and longest length, and the share
that end in "…" (a cut sentence), overall and among claims with a figure or a superlative.
Nothing is fitted here: the rules are fixed, so every figure is held-out.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claim_workbench.claims import extract_claims

DEFAULT_DATA = Path("../shared/datasets/checkthat2019-task1/training")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    files = sorted(args.data.glob("*.tsv"))
    if not files:
        sys.exit(f"no .tsv files in {args.data}")
    kept = {0: 0, 1: 0}
    total = {0: 0, 1: 0}
    labels: list[str] = []
    checkable_labels: list[str] = []
    for path in files:
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 4:
                    continue
                worthy = int(row[3])
                total[worthy] += 1
                claims = extract_claims(row[2])
                if claims:
                    kept[worthy] += 1
                for claim in claims:
                    labels.append(claim.label)
                    if {"quantity", "superlative"} & set(claim.kinds):
                        checkable_labels.append(claim.label)
    print(f"debates: {len(files)}, lines: {total[0] + total[1]:,} ({total[1]:,} check-worthy)")
    for worthy, name in ((1, "check-worthy"), (0, "other")):
        share = kept[worthy] / total[worthy] if total[worthy] else 0.0
        print(f"{name:>13} lines kept as claims: {kept[worthy]:,}/{total[worthy]:,} = {share:.3f}")
    lengths = [len(label) for label in labels]
    print(f"labels: {len(labels):,}, mean {statistics.mean(lengths):.1f} chars, max {max(lengths)}")
    cut = sum(label.endswith("…") for label in labels) / len(labels)
    print(f"labels ending in '…': {cut:.3f}")
    if checkable_labels:
        cut = sum(label.endswith("…") for label in checkable_labels) / len(checkable_labels)
        print(
            f"labels ending in '…' among claims with a figure or superlative "
            f"({len(checkable_labels):,}): {cut:.3f}"
        )


if __name__ == "__main__":
    main()
