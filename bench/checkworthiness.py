"""Check-worthiness benchmark: MAP over debates of the project's scorer on CheckThat! 2019 data.

Usage:
    python bench/checkworthiness.py [DIR] [--cv] [--fit]

DIR holds TSV files (no header: line_number, speaker, text, label), one debate per file; it
defaults to ../shared/datasets/checkthat2019-task1/training beside the repository. Every
sentence is scored with ``workbench.claims.check_worthiness`` (the function claim extraction
uses). Prints the naive digits-and-length reference, then per-debate AP, and ``MAP=0.xxxx``
as the last line.

--cv   also fits the model's features by logistic regression on all debates but one and
       scores the held-out debate (leave-one-debate-out), and fits on the older half of the
       debates to score the newer half, to show whether fitted weights hold on debates they
       never saw.
--fit  prints weights fitted on all debates in DIR (how the constants in scoring.py were made).
"""

from __future__ import annotations

import csv
import math
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.claims.scoring import (  # noqa: E402
    BIAS,
    WEIGHTS,
    check_worthiness,
    score_features,
    sentence_features,
)

DEFAULT_DIR = (
    Path(__file__).resolve().parents[2] / "shared" / "datasets" / "checkthat2019-task1" / "training"
)

Debate = list[tuple[str, int]]  # (sentence, label)


def read_debates(folder: Path) -> dict[str, Debate]:
    debates: dict[str, Debate] = {}
    csv.field_size_limit(1 << 24)
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            debates[path.stem] = [(row[2], int(row[3])) for row in rows if len(row) >= 4]
    return debates


def average_precision(scores: list[float], labels: list[int]) -> float:
    # Stable sort keeps debate order among ties, as a reviewer's list would.
    order = sorted(range(len(scores)), key=lambda index: -scores[index])
    hits = 0
    total = 0.0
    for rank, index in enumerate(order, start=1):
        if labels[index]:
            hits += 1
            total += hits / rank
    positives = sum(labels)
    return total / positives if positives else 0.0


def mean_average_precision(
    debates: dict[str, Debate], score: Callable[[str], float], show: bool = False
) -> float:
    precisions = []
    for name, debate in debates.items():
        ap = average_precision([score(text) for text, _ in debate], [label for _, label in debate])
        precisions.append(ap)
        if show:
            print(f"  {name:32s} AP={ap:.4f}  ({sum(lab for _, lab in debate)} positive)")
    return sum(precisions) / len(precisions)


def naive_score(sentence: str) -> float:
    """The reference heuristic: digits count a lot, then length."""
    has_digit = any(char.isdigit() for char in sentence)
    return float(has_digit) + min(len(sentence), 300) / 1000


def fit_weights(
    debates: dict[str, Debate], features: dict[str, dict[str, dict[str, float]]]
) -> tuple[dict[str, float], float]:
    """L2-regularised logistic regression by gradient descent; positives up-weighted."""
    names = list(WEIGHTS)
    rows = []
    labels = []
    for debate_name, debate in debates.items():
        for text, label in debate:
            vector = features[debate_name][text]
            rows.append([vector[name] for name in names])
            labels.append(label)
    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    sample_weight = np.where(y > 0, (len(y) - y.sum()) / max(y.sum(), 1.0), 1.0)
    sample_weight /= sample_weight.mean()
    weights = np.zeros(x.shape[1])
    bias = 0.0
    learning_rate = 0.5
    l2 = 1e-3
    for _ in range(1500):
        logits = x @ weights + bias
        predicted = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        error = (predicted - y) * sample_weight
        weights -= learning_rate * (x.T @ error / len(y) + l2 * weights)
        bias -= learning_rate * error.mean()
    return {name: round(float(w), 2) for name, w in zip(names, weights, strict=True)}, round(
        float(bias), 2
    )


def cross_validate(debates: dict[str, Debate]) -> tuple[float, float, float]:
    """Leave-one-debate-out MAP, then (fitted on the older half, MAP on the newer half, and the
    shipped weights' MAP on that newer half for comparison)."""
    features = {
        name: {text: sentence_features(text) for text, _ in debate}
        for name, debate in debates.items()
    }
    names = sorted(debates)  # file names start with the debate's date
    older, newer = names[: len(names) // 2], names[len(names) // 2 :]
    weights, bias = fit_weights({name: debates[name] for name in older}, features)
    newer_precisions = []
    shipped_precisions = []
    for name in newer:
        labels = [label for _, label in debates[name]]
        vectors = [features[name][text] for text, _ in debates[name]]
        newer_precisions.append(
            average_precision([score_features(v, weights, bias) for v in vectors], labels)
        )
        shipped_precisions.append(average_precision([score_features(v) for v in vectors], labels))
    precisions = []
    for held_out in debates:
        training = {name: debate for name, debate in debates.items() if name != held_out}
        weights, bias = fit_weights(training, features)
        debate = debates[held_out]
        scores = [score_features(features[held_out][text], weights, bias) for text, _ in debate]
        precisions.append(average_precision(scores, [label for _, label in debate]))
    return (
        sum(precisions) / len(precisions),
        sum(newer_precisions) / len(newer_precisions),
        sum(shipped_precisions) / len(shipped_precisions),
    )


def main(argv: list[str]) -> int:
    arguments = [argument for argument in argv if not argument.startswith("--")]
    folder = Path(arguments[0]) if arguments else DEFAULT_DIR
    if not folder.is_dir():
        print(f"error: no such folder: {folder}", file=sys.stderr)
        return 2
    debates = read_debates(folder)
    if not debates:
        print(f"error: no .tsv debates in {folder}", file=sys.stderr)
        return 2
    sentences = sum(len(debate) for debate in debates.values())
    print(f"{len(debates)} debates, {sentences} sentences from {folder}")
    print(f"naive digits-and-length MAP={mean_average_precision(debates, naive_score):.4f}")
    if "--fit" in argv:
        features = {
            name: {text: sentence_features(text) for text, _ in debate}
            for name, debate in debates.items()
        }
        weights, bias = fit_weights(debates, features)
        print(f"fitted on all debates: BIAS = {bias}")
        print("WEIGHTS = " + repr(weights))
    if "--cv" in argv:
        leave_one_out, newer, shipped = cross_validate(debates)
        names = sorted(debates)
        newer_half = {name: debates[name] for name in names[len(names) // 2 :]}
        naive_newer = mean_average_precision(newer_half, naive_score)
        print(f"leave-one-debate-out (refit per fold) MAP={leave_one_out:.4f}")
        print(
            f"fit on the older half of the debates, newer half: MAP={newer:.4f} "
            f"(shipped weights there: {shipped:.4f}; naive there: {naive_newer:.4f})"
        )
    print(f"project scorer (bias {BIAS}, {len(WEIGHTS)} features), per debate:")
    value = mean_average_precision(debates, check_worthiness, show=True)
    print(f"MAP={value:.4f}")
    return 0 if not math.isnan(value) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
