"""Check-worthiness benchmark: leave-one-debate-out MAP on the CheckThat! 2019 training debates.

Usage:
    python bench/checkworthiness.py [--data DIR] [--c C]

DIR holds TSV files (no header: line_number, speaker, text, label), one debate per file; it
defaults to ../shared/datasets/checkthat2019-task1/training beside the repository. Needs the
``train`` extra (scikit-learn) for the refits.

Each debate is held out in turn: the learned model (bench/train_checkworthiness.py) is fitted
on the 18 others, its C chosen among them by the same grouped cross-validation as the shipped
model's (nested; ``--c`` fixes C instead and skips the inner search), and scores the held-out
debate. Beside it: the naive digits-and-length heuristic and the rule-based fallback scorer
(its constant weights were fitted on all 19 debates, so its figure is in-sample). Printed per
debate, per group of debates (file-name families: the 2016 primary debates, the 2016
general-election debates and acceptance speech, the 2017 speeches and press events, 2018-19),
and overall; then the stricter leave-one-group-out figures, the shipped model's in-sample MAP,
its file size, load time and scoring speed. The last line is ``MAP=0.xxxx``, the
leave-one-debate-out MAP of the learned model.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from train_checkworthiness import (  # noqa: E402
    DEFAULT_DIR,
    FEATURES,
    Debate,
    average_precision,
    choose_c,
    fit,
    read_debates,
)

from claim_workbench.claims.scoring import (  # noqa: E402
    MODEL_PATH,
    load_model,
    score_features,
)

_PRIMARY_RE = re.compile(r"_(?:\d+_?)?(?:dem|gop|rep)$")


def naive_score(sentence: str) -> float:
    """The reference heuristic: digits count a lot, then length."""
    has_digit = any(char.isdigit() for char in sentence)
    return float(has_digit) + min(len(sentence), 300) / 1000


def group_of(name: str) -> str:
    """The family a debate's file name puts it in (``YYYYMMDD_what``)."""
    year = name[:4]
    if year == "2016":
        return "2016 primaries" if _PRIMARY_RE.search(name) else "2016 general election"
    if year in {"2018", "2019"}:
        return "2018-19"
    return year


def rule_scores(debate: Debate) -> list[float]:
    return [score_features(dict(zip(FEATURES, row, strict=True))) for row in debate.features]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--data", dest="data_option", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--c", type=float, default=None, help="fix C (no inner search)")
    arguments = parser.parse_args(argv)
    folder = arguments.data or arguments.data_option
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("error: the refits need scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 2
    if not folder.is_dir():
        print(f"error: no such folder: {folder}", file=sys.stderr)
        return 2
    debates = read_debates(folder)
    if len(debates) < 3:
        print(f"error: fewer than 3 .tsv debates in {folder}", file=sys.stderr)
        return 2
    names = sorted(debates)
    sentences = sum(len(debate.texts) for debate in debates.values())
    print(f"{len(names)} debates, {sentences} sentences from {folder}")

    naive = {
        n: average_precision([naive_score(t) for t in debates[n].texts], debates[n].labels)
        for n in names
    }
    rules = {n: average_precision(rule_scores(debates[n]), debates[n].labels) for n in names}
    learned: dict[str, float] = {}
    chosen: dict[str, float] = {}
    how = f"C={arguments.c} fixed" if arguments.c else "C chosen on the other 18 by grouped CV"
    print(f"\nleave-one-debate-out, learned model refit without the held-out debate ({how}):")
    print(f"  {'debate':28s} {'group':22s} pos  naive  rules  learned  C")
    for held_out in names:
        training = [name for name in names if name != held_out]
        c = arguments.c or choose_c(debates, training)
        fitted = fit(debates, training, c)
        debate = debates[held_out]
        learned[held_out] = average_precision(fitted.decision(debate), debate.labels)
        chosen[held_out] = c
        print(
            f"  {held_out:28s} {group_of(held_out):22s} {int(debate.labels.sum()):3d}  "
            f"{naive[held_out]:.3f}  {rules[held_out]:.3f}  {learned[held_out]:.3f}    {c:g}",
            flush=True,
        )

    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(group_of(name), []).append(name)
    print("\nper group (mean AP of its debates, each held out alone):")
    print(f"  {'group':22s} debates  naive  rules  learned  learned-naive")
    for group, members in groups.items():
        n, r, m = (float(np.mean([table[x] for x in members])) for table in (naive, rules, learned))
        print(f"  {group:22s} {len(members):7d}  {n:.3f}  {r:.3f}  {m:.3f}    {m - n:+.3f}")
    overall = {
        key: float(np.mean(list(table.values())))
        for key, table in (("naive", naive), ("rules", rules), ("learned", learned))
    }
    print(
        f"  {'all debates':22s} {len(names):7d}  {overall['naive']:.3f}  {overall['rules']:.3f}"
        f"  {overall['learned']:.3f}    {overall['learned'] - overall['naive']:+.3f}"
    )

    if len(groups) > 1:
        fixed = arguments.c or float(np.median(list(chosen.values())))
        print(f"\nleave-one-group-out (fitted on the other groups, C={fixed:g}):")
        for group, members in groups.items():
            fitted = fit(debates, [name for name in names if name not in members], fixed)
            precision = np.mean(
                [average_precision(fitted.decision(debates[x]), debates[x].labels) for x in members]
            )
            naive_there = np.mean([naive[x] for x in members])
            print(f"  {group:22s} learned {precision:.3f}  naive {naive_there:.3f}")

    _shipped_model(debates)
    print(f"\nnaive MAP={overall['naive']:.4f}  rules MAP={overall['rules']:.4f} (in-sample)")
    print(f"MAP={overall['learned']:.4f}")
    return 0


def _shipped_model(debates: dict[str, Debate]) -> None:
    size = MODEL_PATH.stat().st_size if MODEL_PATH.is_file() else 0
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        model = load_model(MODEL_PATH)
        loads.append(time.perf_counter() - start)
    texts = [text for debate in debates.values() for text in debate.texts]
    rows = [
        dict(zip(FEATURES, row.tolist(), strict=True))
        for debate in debates.values()
        for row in debate.features
    ]
    start = time.perf_counter()
    for text, row in zip(texts, rows, strict=True):
        model.score(text, row)
    per_sentence = (time.perf_counter() - start) / len(texts)
    in_sample = np.mean(
        [
            average_precision(
                [
                    model.score(t, dict(zip(FEATURES, r.tolist(), strict=True)))
                    for t, r in zip(d.texts, d.features, strict=True)
                ],
                d.labels,
            )
            for d in debates.values()
        ]
    )
    print(
        f"\nshipped model {MODEL_PATH.name}: {size / 1e6:.2f} MB, {len(model.vocabulary)} terms, "
        f"load {min(loads) * 1000:.1f} ms (best of 5, median {np.median(loads) * 1000:.1f} ms), "
        f"{per_sentence * 1e6:.1f} µs a sentence beyond its features"
    )
    print(f"  in-sample MAP on these debates (trained on all of them): {in_sample:.4f}")
    print(f"  {model.info}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
