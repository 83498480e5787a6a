"""Number agreement on real claim/evidence pairs: how often a figure is compared at all, and how.

Usage:
    python bench/agreement.py [FILE] [--show VERDICT] [--save PATH | --compare PATH]

FILE defaults to ../shared/datasets/climate-fever/climate-fever-dev.jsonl next to the repo.
Every claim with a quantity is checked (``evidence.agreement.check_quantities``) against each of
its five evidence sentences, and each quantity's verdict is counted by the sentence's label
(SUPPORTS, REFUTES, NOT_ENOUGH_INFO). Nobody labelled the numbers, so this is a proxy: a
"differs" against a sentence the annotators found gives NOT_ENOUGH_INFO, or one that SUPPORTS
the claim, is most often a figure measuring something else, the false conflict a reviewer must
not be shown. ``--show differs`` prints those pairs to read; ``--save``/``--compare`` keep the
verdicts of a run and list the pairs whose verdict changed since.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claim_workbench.evidence.agreement import check_quantities  # noqa: E402
from claim_workbench.text.quantities import extract_quantities  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "datasets" / "climate-fever" / "climate-fever-dev.jsonl"
LABELS = ("SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show", default=None, help="print the pairs given this verdict")
    parser.add_argument("--save", type=Path, default=None)
    parser.add_argument("--compare", type=Path, default=None)
    arguments = parser.parse_args(argv)
    if not arguments.file.is_file():
        print(f"error: no such file: {arguments.file}", file=sys.stderr)
        return 2
    counts: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
    verdicts: dict[str, str] = {}
    for line in arguments.file.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        claim = item["claim"]
        quantities = extract_quantities(claim)
        if not quantities:
            continue
        for evidence in item["evidences"]:
            label, sentence = evidence["evidence_label"], evidence["evidence"]
            for check in check_quantities(quantities, sentence, claim_text=claim):
                counts[label][check.verdict] += 1
                key = f"{claim} || {sentence} || {check.claim}"
                verdicts[key] = check.verdict
                if arguments.show and check.verdict == arguments.show:
                    print(
                        f"[{label}] {claim}\n    {sentence}\n    {check.claim} -> {check.passage}"
                    )
    every = sorted({verdict for counter in counts.values() for verdict in counter})
    print(f"{'label':16s} " + " ".join(f"{v:>15s}" for v in every))
    for label in LABELS:
        print(f"{label:16s} " + " ".join(f"{counts[label][v]:15d}" for v in every))
    compared = {
        label: sum(n for v, n in counts[label].items() if v != "not mentioned") for label in LABELS
    }
    for label in LABELS:
        differs = counts[label]["differs"]
        print(
            f"{label}: {compared[label]} quantities compared, {differs} differ "
            f"({differs / max(compared[label], 1):.1%})"
        )
    if arguments.save:
        arguments.save.write_text(json.dumps(verdicts), encoding="utf-8")
    if arguments.compare:
        before = json.loads(arguments.compare.read_text(encoding="utf-8"))
        for key, verdict in verdicts.items():
            if before.get(key) != verdict:
                print(f"{before.get(key)} -> {verdict}: {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
