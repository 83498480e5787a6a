"""Train the learned check-worthiness model and write the file the workbench ships.

Usage:
    python bench/train_checkworthiness.py [--data DIR] [--out PATH]

Needs the ``train`` extra (scikit-learn): ``pip install -e '.[train]'``. DIR holds the
CheckThat! 2019 task 1 debates, one TSV file each (no header: line_number, speaker, text,
label); it defaults to ``../shared/datasets/checkthat2019-task1/training`` beside the
repository. PATH defaults to ``workbench/claims/checkworthiness.npz``.

The model: L2-regularised logistic regression (liblinear, classes weighted to balance) over
the sublinear TF-IDF of ``claim_workbench.claims.scoring.terms`` (words and word pairs that occur in
at least two training sentences, numbers as ``<num>``) beside the 22 linguistic features of
``sentence_features``. Nothing else was tuned: the only hyper-parameter, the regularisation C,
is chosen from a grid fixed beforehand by grouped cross-validation over whole debates (no
debate is split between training and testing). Speakers are not used: articles have none.

After fitting, the written file is read back with the workbench's own loader and its scores
are compared with scikit-learn's on every training sentence. This module also holds the
pieces ``bench/checkworthiness.py`` uses for its leave-one-debate-out evaluation.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claim_workbench.claims.scoring import (  # noqa: E402
    MODEL_PATH,
    WEIGHTS,
    load_model,
    save_model,
    sentence_features,
    terms,
)

DEFAULT_DIR = ROOT.parent / "shared" / "datasets" / "checkthat2019-task1" / "training"
C_GRID = (0.1, 0.3, 1.0, 3.0)
INNER_FOLDS = 6
MIN_DF = 2
FEATURES = list(WEIGHTS)


@dataclass
class Debate:
    texts: list[str]
    labels: np.ndarray
    terms: list[list[str]]
    features: np.ndarray  # one row of FEATURES per sentence
    speakers: list[str]  # the speaker field; never a feature of the shipped model


def read_debates(folder: Path) -> dict[str, Debate]:
    """Every ``*.tsv`` debate in ``folder`` by file stem, with its terms and features."""
    csv.field_size_limit(1 << 24)
    debates: dict[str, Debate] = {}
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                row
                for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                if len(row) >= 4
            ]
        texts = [row[2] for row in rows]
        debates[path.stem] = Debate(
            texts=texts,
            labels=np.array([int(row[3]) for row in rows]),
            terms=[terms(text) for text in texts],
            features=np.array(
                [
                    [features[name] for name in FEATURES]
                    for features in map(sentence_features, texts)
                ]
            ).reshape(len(texts), len(FEATURES)),
            speakers=[row[1] for row in rows],
        )
    return debates


def average_precision(scores: list[float] | np.ndarray, labels: list[int] | np.ndarray) -> float:
    """AP of one debate's ranking; a stable sort keeps debate order among ties."""
    order = sorted(range(len(scores)), key=lambda index: -scores[index])
    hits = 0
    total = 0.0
    for rank, index in enumerate(order, start=1):
        if labels[index]:
            hits += 1
            total += hits / rank
    positives = int(sum(labels))
    return total / positives if positives else 0.0


@dataclass
class Fitted:
    vectorizer: object
    classifier: object
    c: float

    def decision(self, debate: Debate) -> np.ndarray:
        return self.classifier.decision_function(_matrix(self.vectorizer, debate))


def fit(debates: dict[str, Debate], names: list[str], c: float) -> Fitted:
    """The model fitted on the debates ``names``."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=_given_terms, min_df=MIN_DF, sublinear_tf=True, norm="l2", smooth_idf=True
    )
    words = vectorizer.fit_transform([t for name in names for t in debates[name].terms])
    features = np.vstack([debates[name].features for name in names])
    labels = np.concatenate([debates[name].labels for name in names])
    classifier = LogisticRegression(
        C=c, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=0
    )
    classifier.fit(sparse.hstack([words, sparse.csr_matrix(features)]).tocsr(), labels)
    return Fitted(vectorizer, classifier, c)


def choose_c(debates: dict[str, Debate], names: list[str], folds: int = INNER_FOLDS) -> float:
    """The C of ``C_GRID`` with the best mean AP on held-out debates, ``folds`` groups of whole
    debates in turn (debate i goes to group i mod folds, in date order)."""
    ordered = sorted(names)
    groups = [ordered[start::folds] for start in range(folds)]
    best_c, best_map = C_GRID[0], -1.0
    for c in C_GRID:
        precisions = []
        for held_out in groups:
            if not held_out:
                continue
            training = [name for name in ordered if name not in held_out]
            fitted = fit(debates, training, c)
            precisions.extend(
                average_precision(fitted.decision(debates[name]), debates[name].labels)
                for name in held_out
            )
        mean = float(np.mean(precisions))
        if mean > best_map:
            best_c, best_map = c, mean
    return best_c


def export(fitted: Fitted, path: Path, info: str) -> None:
    """Write ``fitted`` as a file ``claim_workbench.claims.scoring.load_model`` reads."""
    vocabulary = fitted.vectorizer.vocabulary_
    ordered = sorted(vocabulary, key=vocabulary.get)
    weights = fitted.classifier.coef_[0]
    count = len(ordered)
    save_model(
        path,
        vocabulary=ordered,
        idf=fitted.vectorizer.idf_,
        term_weights=weights[:count],
        feature_weights=dict(zip(FEATURES, weights[count:].tolist(), strict=True)),
        bias=float(fitted.classifier.intercept_[0]),
        info=info,
    )


def check_export(fitted: Fitted, path: Path, debates: dict[str, Debate]) -> float:
    """The largest difference, over every sentence, between scikit-learn's logit and the
    workbench's for the model read back from ``path``."""
    model = load_model(path)
    worst = 0.0
    for debate in debates.values():
        expected = fitted.decision(debate)
        for text, row, want in zip(debate.texts, debate.features, expected, strict=True):
            got = model.logit(text, dict(zip(FEATURES, row.tolist(), strict=True)))
            worst = max(worst, abs(got - float(want)))
    return worst


def _given_terms(terms_of_sentence: list[str]) -> list[str]:
    return terms_of_sentence


def _matrix(vectorizer, debate: Debate):
    from scipy import sparse

    words = vectorizer.transform(debate.terms)
    return sparse.hstack([words, sparse.csr_matrix(debate.features)]).tocsr()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="folder of debate TSVs")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="model file to write")
    arguments = parser.parse_args(argv)
    try:
        import sklearn
    except ImportError:
        print("error: training needs scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 2
    if not arguments.data.is_dir():
        print(f"error: no such folder: {arguments.data}", file=sys.stderr)
        return 2
    debates = read_debates(arguments.data)
    if len(debates) < INNER_FOLDS:
        print(f"error: fewer than {INNER_FOLDS} .tsv debates in {arguments.data}", file=sys.stderr)
        return 2
    names = sorted(debates)
    sentences = sum(len(debate.texts) for debate in debates.values())
    print(f"{len(names)} debates, {sentences} sentences from {arguments.data}")
    c = choose_c(debates, names)
    print(f"C={c} (best of {C_GRID} by {INNER_FOLDS}-fold cross-validation over debates)")
    fitted = fit(debates, names, c)
    info = (
        f"CheckThat! 2019 task 1 training: {len(names)} debates, {sentences} sentences; "
        f"C={c}; scikit-learn {sklearn.__version__}"
    )
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    export(fitted, arguments.out, info)
    worst = check_export(fitted, arguments.out, debates)
    size = arguments.out.stat().st_size
    print(
        f"wrote {arguments.out} ({size / 1e6:.2f} MB, {len(fitted.vectorizer.vocabulary_)} terms); "
        f"largest logit difference from scikit-learn: {worst:.2e}"
    )
    if worst > 1e-3:
        print("error: the written model does not reproduce the fitted one", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
