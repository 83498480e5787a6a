"""Check-worthiness: variants of the learned model, leave-one-debate-out, per group of debates.

Usage:
    python bench/checkworthiness_variants.py [--data DIR] [--only NAME ...]

Each variant is refit on 18 debates and scores the 19th, for every debate in turn, with C
fixed at 0.3 (what the shipped model's search picks) so that the variants differ in one thing
only; the nested search of ``bench/checkworthiness.py`` is too slow to repeat for each. Printed
per variant: the MAP over the 19 debates and, per group of debates (the groups of
``bench/checkworthiness.py``), the group's MAP and its margin over the naive heuristic. A group
passes the issue-17 target when the margin is at least 0.05.

The variants were chosen and read on these same folds, so the best of them is an optimistic
figure, not a held-out one. Needs the ``train`` extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from checkworthiness import group_of, naive_score, rule_scores  # noqa: E402
from train_checkworthiness import (  # noqa: E402
    DEFAULT_DIR,
    FEATURES,
    average_precision,
    read_debates,
)

from claim_workbench.claims.scoring import sentence_features, terms  # noqa: E402

C = 0.3
Scores = dict[str, np.ndarray]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--only", nargs="*", default=None, help="variant names to run")
    arguments = parser.parse_args(argv)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("error: the refits need scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 2
    if not arguments.data.is_dir():
        print(f"error: no such folder: {arguments.data}", file=sys.stderr)
        return 2
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", message="Inconsistent values: penalty=l1")
    bench = Bench(read_debates(arguments.data))
    bench.datasets = arguments.data.resolve().parents[1]  # beside checkthat2019-task1
    print(f"{len(bench.names)} debates; C={C}; group: MAP (margin over naive)\n")
    bench.report("naive digits-and-length", bench.naive)
    bench.report("rules (in-sample weights)", bench.rules)
    for name, variant in VARIANTS.items():
        if arguments.only and name not in arguments.only:
            continue
        for label, scores in variant(bench):
            bench.report(label, scores)
    return 0


class Bench:
    def __init__(self, debates) -> None:
        self.debates = debates
        self.names = sorted(debates)
        self.groups: dict[str, list[str]] = {}
        for name in self.names:
            self.groups.setdefault(group_of(name), []).append(name)
        self.naive = {n: np.array([naive_score(t) for t in debates[n].texts]) for n in self.names}
        self.rules = {n: np.array(rule_scores(debates[n])) for n in self.names}
        self._cache: dict[str, Scores] = {}
        self.datasets = DEFAULT_DIR.parents[1]

    def lodo(self, predict: Callable[[list[str], str], np.ndarray]) -> Scores:
        return {n: predict([m for m in self.names if m != n], n) for n in self.names}

    def shipped(self) -> Scores:
        """The shipped design's held-out scores (computed once)."""
        if "shipped" not in self._cache:
            self._cache["shipped"] = self.lodo(lambda train, n: self.fit(train, [n])[n])
        return self._cache["shipped"]

    def fit(
        self,
        train: list[str],
        test: list[str],
        *,
        c: float = C,
        class_weight="balanced",
        min_df: int = 2,
        extra: Callable[[str], np.ndarray] | None = None,
        sample_weight: np.ndarray | None = None,
        more: Callable | None = None,
    ) -> Scores:
        """Logistic regression over TF-IDF terms and features, as the shipped model; ``extra``
        adds dense columns per debate, ``more`` (fitted on the training rows) more columns."""
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        debates = self.debates
        vectorizer = TfidfVectorizer(
            analyzer=_same, min_df=min_df, sublinear_tf=True, norm="l2", smooth_idf=True
        )
        vectorizer.fit([t for n in train for t in debates[n].terms])
        extend = more(vectorizer, train) if more else None

        def matrix(names: list[str]):
            words = vectorizer.transform([t for n in names for t in debates[n].terms])
            dense = np.vstack([debates[n].features for n in names])
            if extra is not None:
                dense = np.hstack([dense, np.vstack([extra(n) for n in names])])
            parts = [words, sparse.csr_matrix(dense)]
            if extend is not None:
                parts.append(sparse.csr_matrix(extend(words)))
            return sparse.hstack(parts).tocsr()

        labels = np.concatenate([debates[n].labels for n in train])
        classifier = LogisticRegression(
            C=c, class_weight=class_weight, solver="liblinear", max_iter=5000, random_state=0
        )
        classifier.fit(matrix(train), labels, sample_weight=sample_weight)
        return {n: classifier.decision_function(matrix([n])) for n in test}

    def report(self, label: str, scores: Scores) -> None:
        ap = {n: average_precision(scores[n], self.debates[n].labels) for n in self.names}
        naive = {n: average_precision(self.naive[n], self.debates[n].labels) for n in self.names}
        parts, passed = [], True
        for group, members in self.groups.items():
            mine = float(np.mean([ap[m] for m in members]))
            margin = mine - float(np.mean([naive[m] for m in members]))
            passed &= margin >= 0.05
            parts.append(f"{group} {mine:.3f} ({margin:+.3f})")
        overall = float(np.mean(list(ap.values())))
        verdict = "  all targets met" if passed and overall > 0.20 else ""
        print(f"{label:44s} MAP {overall:.4f} | " + " | ".join(parts) + verdict, flush=True)


def _same(terms: list[str]) -> list[str]:
    return terms


def _rank(scores: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return (rankdata(scores) - 1) / max(len(scores) - 1, 1)


def _shifted(values: np.ndarray, by: int) -> np.ndarray:
    """``values`` moved ``by`` places later (earlier when negative), 0 where nothing moved in."""
    out = np.zeros_like(values)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def shipped(bench: Bench):
    yield "shipped design (words, pairs, 22 features)", bench.shipped()


def regularisation(bench: Bench):
    for c in (0.1, 1.0):
        yield f"C={c}", bench.lodo(lambda train, n, c=c: bench.fit(train, [n], c=c)[n])


def class_weights(bench: Bench):
    for label, weight in (("no class weights", None), ("positives weighted 10", {0: 1, 1: 10})):
        yield label, bench.lodo(lambda train, n, w=weight: bench.fit(train, [n], class_weight=w)[n])


def fewer_terms(bench: Bench):
    for min_df in (5, 10):
        yield (
            f"terms in at least {min_df} sentences",
            bench.lodo(lambda train, n, m=min_df: bench.fit(train, [n], min_df=m)[n]),
        )


def context(bench: Bench):
    question, short = FEATURES.index("question"), FEATURES.index("short")

    def cues(name: str) -> np.ndarray:
        f = bench.debates[name].features
        return np.column_stack(
            [_shifted(f[:, question], 1), _shifted(f[:, short], 1), _shifted(f[:, question], -1)]
        )

    yield (
        "+ previous is a question / short, next a question",
        bench.lodo(lambda train, n: bench.fit(train, [n], extra=cues)[n]),
    )


def interactions(bench: Bench):
    length, digits = FEATURES.index("log_words"), FEATURES.index("digits")

    def products(name: str) -> np.ndarray:
        f = bench.debates[name].features
        return np.column_stack(
            [f[:, length] * f[:, digits], f[:, length] ** 2, f[:, length] * (1 - f[:, digits])]
        )

    yield (
        "+ length x digits interactions",
        bench.lodo(lambda train, n: bench.fit(train, [n], extra=products)[n]),
    )


def per_debate_balance(bench: Bench):
    def weights(train: list[str]) -> np.ndarray:
        parts = []
        for name in train:
            labels = bench.debates[name].labels
            positives = labels.sum()
            parts.append(np.where(labels == 1, 0.5 / positives, 0.5 / (len(labels) - positives)))
        weight = np.concatenate(parts)
        return weight / weight.mean()

    yield (
        "each debate's classes weighted to balance",
        bench.lodo(
            lambda train, n: bench.fit(train, [n], class_weight=None, sample_weight=weights(train))[
                n
            ]
        ),
    )


def pairwise(bench: Bench):
    """A ranking objective: logistic loss on (positive - negative) differences of one debate,
    30 random negatives per positive, random sign."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def predict(train: list[str], name: str) -> np.ndarray:
        debates = bench.debates
        vectorizer = TfidfVectorizer(analyzer=_same, min_df=2, sublinear_tf=True, norm="l2")
        vectorizer.fit([t for n in train for t in debates[n].terms])

        def matrix(n: str):
            words = vectorizer.transform(debates[n].terms)
            return sparse.hstack([words, sparse.csr_matrix(debates[n].features)]).tocsr()

        rng = np.random.default_rng(0)
        rows = []
        for n in train:
            labels = debates[n].labels
            positives = np.repeat(np.flatnonzero(labels), 30)
            negatives = rng.choice(np.flatnonzero(labels == 0), size=len(positives))
            whole = matrix(n)
            rows.append(whole[positives] - whole[negatives])
        differences = sparse.vstack(rows).tocsr()
        sign = np.where(rng.random(differences.shape[0]) < 0.5, -1.0, 1.0)
        differences = sparse.diags(sign) @ differences
        classifier = LogisticRegression(
            C=C, fit_intercept=False, solver="liblinear", max_iter=5000, random_state=0
        )
        classifier.fit(differences, (sign > 0).astype(int))
        return matrix(name) @ classifier.coef_[0]

    scores = bench.lodo(predict)
    yield "pairwise ranking objective", scores
    yield (
        "rank average: shipped design + pairwise",
        {n: _rank(bench.shipped()[n]) + _rank(scores[n]) for n in bench.names},
    )


def word_topics(bench: Bench):
    """Word-cluster-like features: 150 LSA dimensions of the unigram TF-IDF, fitted per fold."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    def more(vectorizer, train):
        vocabulary = vectorizer.vocabulary_
        unigrams = np.array(sorted(i for t, i in vocabulary.items() if " " not in t))
        rows = vectorizer.transform([t for n in train for t in bench.debates[n].terms])
        svd = TruncatedSVD(150, random_state=0).fit(normalize(rows[:, unigrams]))
        return lambda words: normalize(svd.transform(normalize(words[:, unigrams])))

    yield (
        "+ 150 LSA dimensions of the words",
        bench.lodo(lambda train, n: bench.fit(train, [n], more=more)[n]),
    )


def combinations(bench: Bench):
    """Rank averages with the naive and the rule-based score, the weight shown (picking the
    best of these on the folds would be optimistic; nested, it can only do worse)."""
    learned = bench.shipped()
    for other, label in ((bench.naive, "naive"), (bench.rules, "rules")):
        for weight in (0.1, 0.2, 0.3, 0.5):
            yield (
                f"rank average with {label}, weight {weight}",
                {
                    n: (1 - weight) * _rank(learned[n]) + weight * _rank(other[n])
                    for n in bench.names
                },
            )


def smoothing(bench: Bench):
    """Neighbouring sentences' scores added (needs the neighbours at run time)."""
    learned = bench.shipped()
    for share in (0.1, 0.2, 0.3):
        smoothed = {}
        for n, scores in learned.items():
            before = np.concatenate([scores[:1], scores[:-1]])
            after = np.concatenate([scores[1:], scores[-1:]])
            smoothed[n] = scores + share * np.maximum(before, after)
        yield f"+ {share} x the larger neighbour's score", smoothed


def embeddings(bench: Bench):
    """MiniLM sentence vectors (the default install's encoder) as 384 more columns, and a
    logistic model over the vectors and the 22 features alone, rank-averaged with the shipped
    design. Run time would need every sentence encoded (about 320 a second on 2 CPUs here)."""
    from sklearn.linear_model import LogisticRegression

    from claim_workbench.memory.embeddings import MiniLMEncoder, minilm_files

    files = minilm_files()
    if files is None:
        print("embeddings: the MiniLM model is not installed; skipped")
        return
    encoder = MiniLMEncoder(*files)
    vectors = {n: encoder.encode(list(bench.debates[n].texts)) for n in bench.names}
    yield (
        "+ MiniLM vectors as columns",
        bench.lodo(lambda train, n: bench.fit(train, [n], extra=vectors.__getitem__)[n]),
    )

    def dense(name: str) -> np.ndarray:
        return np.hstack([vectors[name], bench.debates[name].features])

    def predict(train: list[str], name: str) -> np.ndarray:
        rows = np.vstack([dense(n) for n in train])
        labels = np.concatenate([bench.debates[n].labels for n in train])
        model = LogisticRegression(C=0.1, class_weight="balanced", max_iter=3000)
        return model.fit(rows, labels).decision_function(dense(name))

    alone = bench.lodo(predict)
    yield "MiniLM vectors + 22 features, C=0.1", alone
    yield (
        "rank average: shipped design + that",
        {n: _rank(bench.shipped()[n]) + _rank(alone[n]) for n in bench.names},
    )


def speaker_role(bench: Bench):
    """Two columns from the debate's speaker field, which articles do not have: the share of
    the speaker's lines that hold a question (moderators ask) and the speaker's share of lines.
    Shows whether knowing who speaks would help, not something the workbench could ship."""
    from collections import Counter

    role = {}
    for name in bench.names:
        speakers = bench.debates[name].speakers
        lines = Counter(speakers)
        asks = Counter(
            s for s, t in zip(speakers, bench.debates[name].texts, strict=True) if "?" in t
        )
        role[name] = np.array([[asks[s] / lines[s], lines[s] / len(speakers)] for s in speakers])
    yield (
        "+ speaker's question rate and share of lines",
        bench.lodo(lambda train, n: bench.fit(train, [n], extra=role.__getitem__)[n]),
    )


def _external_claims(bench: Bench) -> tuple[list[str], list[list[str]], np.ndarray]:
    """Claims professional fact-checkers checked, from the other shared datasets: the 10,375
    verified claims of CheckThat! 2020 task 2 and the 768 CLIMATE-FEVER dev claims, with their
    terms and features made as ``read_debates`` makes a debate's (the features read the
    sentence alone, so no debate context is needed)."""
    if "external" not in bench._cache:
        csv.field_size_limit(1 << 24)
        texts = []
        verified = bench.datasets / "checkthat2020-task2" / "verified_claims.docs.tsv"
        with verified.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t")
            next(rows)
            texts.extend(row[1].strip() for row in rows if len(row) >= 2)
        climate = bench.datasets / "climate-fever" / "climate-fever-dev.jsonl"
        with climate.open(encoding="utf-8") as handle:
            texts.extend(json.loads(line)["claim"].strip() for line in handle if line.strip())
        texts = [text for text in texts if text]
        features = np.array(
            [[row[name] for name in FEATURES] for row in map(sentence_features, texts)]
        ).reshape(len(texts), len(FEATURES))
        bench._cache["external"] = (texts, [terms(text) for text in texts], features)
    return bench._cache["external"]


def _fit_with_external(
    bench: Bench,
    train: list[str],
    name: str,
    rows: np.ndarray,
    weight: float,
    *,
    indicator: bool = False,
    external_vocabulary: bool = False,
) -> np.ndarray:
    """The shipped design fitted on the debates ``train`` plus the external claims ``rows``
    as positives. The debates' classes are weighted to balance among the debates alone, as
    ``class_weight="balanced"`` does for the shipped model; each external row weighs
    ``weight`` times a debate positive. ``indicator`` adds a column, 1 on external rows only
    (0 on every debate sentence, so it shifts nothing at test time); ``external_vocabulary``
    lets the external claims' terms into the vocabulary and its IDF."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    debates = bench.debates
    _, external_terms, external_features = _external_claims(bench)
    outside_terms = [external_terms[i] for i in rows]
    outside_features = external_features[rows]
    vectorizer = TfidfVectorizer(
        analyzer=_same, min_df=2, sublinear_tf=True, norm="l2", smooth_idf=True
    )
    inside_terms = [t for n in train for t in debates[n].terms]
    vectorizer.fit(inside_terms + (outside_terms if external_vocabulary else []))

    def matrix(sentence_terms, features, domain: float):
        dense = features
        if indicator:
            dense = np.hstack([dense, np.full((len(features), 1), domain)])
        return sparse.hstack(
            [vectorizer.transform(sentence_terms), sparse.csr_matrix(dense)]
        ).tocsr()

    labels = np.concatenate([debates[n].labels for n in train])
    positives = labels.sum()
    balanced = np.where(
        labels == 1, len(labels) / (2 * positives), len(labels) / (2 * (len(labels) - positives))
    )
    inside = matrix(inside_terms, np.vstack([debates[n].features for n in train]), 0.0)
    outside = matrix(outside_terms, outside_features, 1.0)
    classifier = LogisticRegression(C=C, solver="liblinear", max_iter=5000, random_state=0)
    classifier.fit(
        sparse.vstack([inside, outside]).tocsr(),
        np.concatenate([labels, np.ones(len(rows), dtype=labels.dtype)]),
        sample_weight=np.concatenate([balanced, np.full(len(rows), weight * balanced.max())]),
    )
    return classifier.decision_function(matrix(debates[name].terms, debates[name].features, 0.0))


def external_positives(bench: Bench):
    """Claims fact-checkers checked elsewhere (CheckThat! 2020 verified claims, CLIMATE-FEVER
    claims) added to every fold's training rows as positives, weighted per row relative to a
    debate positive; the held-out debate is untouched. There are no external negatives: the
    claims are positives only, alone or with a column marking them as external. The grid of
    sizes and weights was fixed before any was run."""
    texts, _, _ = _external_claims(bench)
    every = np.arange(len(texts))
    sample = np.sort(np.random.default_rng(0).choice(len(texts), size=1000, replace=False))
    configurations = [
        (every, 0.05, {}),
        (every, 0.2, {}),
        (every, 1.0, {}),
        (sample, 0.2, {}),
        (sample, 1.0, {}),
        (every, 0.2, {"indicator": True}),
        (every, 1.0, {"indicator": True}),
        (every, 0.2, {"external_vocabulary": True}),
    ]
    for rows, weight, options in configurations:
        label = f"+ {len(rows)} external positives x{weight}"
        if options.get("indicator"):
            label += ", marked"
        if options.get("external_vocabulary"):
            label += ", own terms"
        yield (
            label,
            bench.lodo(
                lambda train, n, r=rows, w=weight, o=options: _fit_with_external(
                    bench, train, n, r, w, **o
                )
            ),
        )


def stacked_boosting(bench: Bench):
    """Gradient-boosted trees stacked on the shipped design: inside each fold, the logistic
    score of every training debate comes from a fit on the other training debates (6 groups of
    whole debates, as ``choose_c`` splits them); the trees read that score, its rank within the
    debate and the 22 features, and the held-out debate gets the score of the fit on all 18.
    Shown alone and rank-averaged with the shipped design."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    def dense(name: str, scores: np.ndarray) -> np.ndarray:
        return np.column_stack([scores, _rank(scores), bench.debates[name].features])

    def predict(train: list[str], name: str) -> np.ndarray:
        groups = [train[start::6] for start in range(6)]
        outer = {}
        for held_out in groups:
            rest = [n for n in train if n not in held_out]
            outer.update(bench.fit(rest, held_out))
        trees = HistGradientBoostingClassifier(
            learning_rate=0.05,
            max_iter=200,
            max_leaf_nodes=15,
            min_samples_leaf=40,
            l2_regularization=1.0,
            class_weight="balanced",
            early_stopping=False,
            random_state=0,
        )
        trees.fit(
            np.vstack([dense(n, outer[n]) for n in train]),
            np.concatenate([bench.debates[n].labels for n in train]),
        )
        return trees.decision_function(dense(name, bench.shipped()[name]))

    stacked = bench.lodo(predict)
    yield "trees on out-of-fold score + 22 features", stacked
    yield (
        "rank average: shipped design + that",
        {n: _rank(bench.shipped()[n]) + _rank(stacked[n]) for n in bench.names},
    )


def nearest_checked(bench: Bench):
    """Claims checked before come back: each sentence's mean TF-IDF cosine to its 10 nearest
    positives of the 18 training debates, minus the same for the negatives, alone and
    rank-averaged with the shipped design (weight 0.3). Run time would need the training
    positives shipped with the model."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    def nearest(train: list[str], name: str) -> np.ndarray:
        vectorizer = TfidfVectorizer(analyzer=_same, min_df=2, sublinear_tf=True)
        vectorizer.fit([t for n in train for t in bench.debates[n].terms])
        rows = vectorizer.transform(bench.debates[name].terms)
        means = []
        for wanted in (1, 0):
            chosen = [
                t
                for n in train
                for t, label in zip(bench.debates[n].terms, bench.debates[n].labels, strict=True)
                if label == wanted
            ]
            cosines = (rows @ vectorizer.transform(chosen).T).toarray()
            means.append(np.sort(cosines, axis=1)[:, -10:].mean(axis=1))
        return means[0] - means[1]

    near = bench.lodo(nearest)
    yield "nearest checked lines (10), alone", near
    yield (
        "rank average: shipped design + 0.3 x that",
        {n: _rank(bench.shipped()[n]) + 0.3 * _rank(near[n]) for n in bench.names},
    )


def _views_fit(bench: Bench, train, test, views, *, c=C, penalty="l2", soft=None):
    """Logistic regression over column blocks: each view, given the training debates, returns
    a function from debate names to a matrix (rows in debate order). ``soft`` (weight,
    reach) gives every negative within ``reach`` lines of a positive that weight of a positive
    row and the rest of a negative one (soft labels); classes weighted to balance as shipped."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    built = [view(train) for view in views]

    def matrix(names):
        return sparse.hstack([b(names) for b in built]).tocsr()

    rows = matrix(train)
    labels = np.concatenate([bench.debates[n].labels for n in train])
    positives, total = labels.sum(), len(labels)
    weight_pos, weight_neg = total / (2 * positives), total / (2 * (total - positives))
    weights = np.where(labels == 1, weight_pos, weight_neg).astype(float)
    if soft is not None:
        share, reach = soft
        near = []
        for n in train:
            own = bench.debates[n].labels
            around = np.max([_shifted(own, d) for d in range(-reach, reach + 1) if d], axis=0)
            near.append((around > 0) & (own == 0))
        index = np.flatnonzero(np.concatenate(near))
        weights[index] = (1 - share) * weight_neg
        rows = sparse.vstack([rows, rows[index]]).tocsr()
        labels = np.concatenate([labels, np.ones(len(index), dtype=labels.dtype)])
        weights = np.concatenate([weights, np.full(len(index), share * weight_pos)])
    classifier = LogisticRegression(
        C=c, solver="liblinear", penalty=penalty, max_iter=5000, random_state=0
    )
    classifier.fit(rows, labels, sample_weight=weights)
    return {n: classifier.decision_function(matrix([n])) for n in test}


def _word_view(bench: Bench, **options):
    from sklearn.feature_extraction.text import TfidfVectorizer

    settings = {"min_df": 2, "sublinear_tf": True, **options}

    def build(train):
        vectorizer = TfidfVectorizer(analyzer=_same, **settings)
        vectorizer.fit([t for n in train for t in bench.debates[n].terms])
        return lambda names: vectorizer.transform(
            [t for n in names for t in bench.debates[n].terms]
        )

    return build


def _char_view(bench: Bench):
    from sklearn.feature_extraction.text import TfidfVectorizer

    def build(train):
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True
        )
        vectorizer.fit([t for n in train for t in bench.debates[n].texts])
        return lambda names: vectorizer.transform(
            [t for n in names for t in bench.debates[n].texts]
        )

    return build


def _dense_view(columns: Callable[[str], np.ndarray]):
    from scipy import sparse

    return lambda train: lambda names: sparse.csr_matrix(np.vstack([columns(n) for n in names]))


def _neighbour_words_view(bench: Bench, share: float, reach: int = 1):
    """The TF-IDF rows of the ``reach`` sentences either side, summed, times ``share``, as a
    block of columns of its own (needs the neighbours at run time)."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    def build(train):
        vectorizer = TfidfVectorizer(analyzer=_same, min_df=2, sublinear_tf=True)
        vectorizer.fit([t for n in train for t in bench.debates[n].terms])

        def matrix(names):
            blocks = []
            for n in names:
                own = vectorizer.transform(bench.debates[n].terms)
                width = own.shape[1]
                around = sparse.csr_matrix(own.shape)
                for d in range(1, reach + 1):
                    gap = sparse.csr_matrix((d, width))
                    around = around + sparse.vstack([gap, own[:-d]]) + sparse.vstack([own[d:], gap])
                blocks.append(share * around)
            return sparse.vstack(blocks).tocsr()

        return matrix

    return build


def _features_view(bench: Bench):
    return _dense_view(lambda n: bench.debates[n].features)


def char_ngrams(bench: Bench):
    """Character n-grams (char_wb 2-5, in at least 3 sentences, sublinear TF-IDF) instead of
    and beside the word terms."""
    features = _features_view(bench)
    chars, words = _char_view(bench), _word_view(bench)
    alone = bench.lodo(lambda train, n: _views_fit(bench, train, [n], [chars, features])[n])
    yield "char n-grams + 22 features", alone
    yield (
        "words + char n-grams + 22 features",
        bench.lodo(lambda train, n: _views_fit(bench, train, [n], [words, chars, features])[n]),
    )
    yield (
        "rank average: shipped design + char n-grams",
        {n: _rank(bench.shipped()[n]) + _rank(alone[n]) for n in bench.names},
    )


def nb_scaled(bench: Bench):
    """NB-SVM style: each TF-IDF term column scaled by its log-count ratio (presence in
    positives against negatives of the training rows, add-one), then the shipped fit."""
    from scipy import sparse

    words = _word_view(bench)

    def view(train):
        plain = words(train)
        rows = plain(train)
        labels = np.concatenate([bench.debates[n].labels for n in train])
        present = (rows > 0).astype(float)
        p = 1 + present[labels == 1].sum(axis=0).A1
        q = 1 + present[labels == 0].sum(axis=0).A1
        scale = sparse.diags(np.log((p / p.sum()) / (q / q.sum())))
        return lambda names: plain(names) @ scale

    for c in (0.1, 0.3, 1.0):
        yield (
            f"NB-scaled TF-IDF + 22 features, C={c}",
            bench.lodo(
                lambda train, n, c=c: _views_fit(
                    bench, train, [n], [view, _features_view(bench)], c=c
                )[n]
            ),
        )


def term_weighting(bench: Bench):
    """One setting of the TF-IDF or the penalty changed at a time."""
    features = _features_view(bench)
    settings = [
        ("terms in at least 1 sentence", {"min_df": 1}, {}),
        ("binary term presence (with IDF)", {"binary": True}, {}),
        ("no IDF", {"use_idf": False}, {}),
        ("L1 penalty, C=1", {}, {"penalty": "l1", "c": 1.0}),
        ("L1 penalty, C=3", {}, {"penalty": "l1", "c": 3.0}),
    ]
    for label, tfidf, fit in settings:
        yield (
            label,
            bench.lodo(
                lambda train, n, t=tfidf, f=fit: _views_fit(
                    bench, train, [n], [_word_view(bench, **t), features], **f
                )[n]
            ),
        )


def bagging(bench: Bench):
    """Variance reduction: ranks averaged over C in (0.1, 0.3, 1, 3); and the decisions of 18
    fits averaged, each leaving one more training debate out."""

    def over_c(train, n):
        return sum(_rank(bench.fit(train, [n], c=c)[n]) for c in (0.1, 0.3, 1.0, 3.0))

    yield "rank average over C = 0.1, 0.3, 1, 3", bench.lodo(over_c)

    def leave_one_more(train, n):
        return sum(bench.fit([m for m in train if m != d], [n])[n] for d in train)

    yield "mean of 18 fits, each leaving one more out", bench.lodo(leave_one_more)


def soft_labels(bench: Bench):
    """Positives cluster: negatives within ``reach`` lines of a positive count as a positive
    with weight ``share`` (and a negative with the rest) in training; the scoring is unchanged."""
    views = [_word_view(bench), _features_view(bench)]
    for share, reach in ((0.2, 1), (0.4, 1), (0.2, 2)):
        yield (
            f"soft labels: {share} to lines within {reach} of a positive",
            bench.lodo(
                lambda train, n, s=share, r=reach: _views_fit(
                    bench, train, [n], views, soft=(s, r)
                )[n]
            ),
        )


_ACTION = (
    r"(?:voted|vote|votes|supported|support|supports|opposed|oppose|opposes|passed|signed|"
    r"sponsored|introduced|cut|cuts|raised|raise|created|lost|increased|reduced|doubled|"
    r"tripled|proposed|endorsed|backed|called|said|says|wanted|wants|took|taken|gave|given|"
    r"spent|cost|fought|fight|helped|started|ended|won|lied|attacked|refused)"
)
_ADVERB = r"(?:(?:always|never|also|actually|just|already)\s+)?"
_CUE_PATTERNS = {
    "first-person past action": r"\b(?:i|we)(?:'ve| have| had)?\s+" + _ADVERB + r"(?:voted|"
    r"supported|opposed|passed|signed|sponsored|introduced|cut|raised|created|proposed|fought|"
    r"helped|started|ended|won|led|wrote|brought|balanced|negotiated|took)\b",
    "an opponent's record": r"\b(?:you|he|she|they|senator \w+|secretary \w+|governor \w+|"
    r"mr\. \w+|\w+ clinton|\w+ sanders|obama|trump)(?:'ve| have| has| had)?\s+"
    + _ADVERB
    + _ACTION
    + r"\b",
    "opens with you": r"^\W*(?:and |but |well, )?(?:you|your)\b",
    "a named law or bill": r"\b(?:act|bill|law|legislation|agreement|treaty|deal|amendment|"
    r"nafta|tpp|cafta|obamacare|affordable care|resolution|executive order|regulation|tariffs?)\b",
    "absolutes": r"\b(?:never|always|every|all|none|nobody|no one|everybody|ever|only|first|"
    r"last|entire)\b",
    "quantity words": r"\b(?:million|billion|trillion|percent|thousands?|hundreds?|dozens?|half|"
    r"twice|times|number|rate|majority|most|more|less|fewer)\b",
    "rankings": r"\b(?:highest|lowest|largest|biggest|worst|best|most|least|record|top|"
    r"greatest|fastest|slowest)\b",
    "a fact frame": r"\b(?:the fact is|the facts are|the truth is|in fact|the reality is|"
    r"as i understand it|it is true|that's true|that is true|not true|that's wrong|false|"
    r"lie|lying)\b",
    "a time span": r"\b(?:since|in the last|over the last|years ago|in (?:19|20)\d\d|last year|"
    r"this year)\b",
    "a country or body": r"\b(?:china|mexico|russia|iran|iraq|syria|libya|isis|united states|"
    r"america|american|congress|senate|wall street|nato|un)\b",
    "the economy": r"\b(?:jobs?|wages?|taxe?s?|income|wealth|deficit|debt|trade|economy|"
    r"unemployment|poverty|health care|insurance|minimum wage|gdp|budget|spending)\b",
}


def _cues(bench: Bench) -> dict[str, np.ndarray]:
    """One 0/1 column per cue lexicon of ``_CUE_PATTERNS``, per debate."""
    import re

    if "cues" not in bench._cache:
        patterns = [re.compile(p, re.IGNORECASE) for p in _CUE_PATTERNS.values()]
        bench._cache["cues"] = {
            n: np.array(
                [[1.0 if p.search(t) else 0.0 for p in patterns] for t in bench.debates[n].texts]
            )
            for n in bench.names
        }
    return bench._cache["cues"]


def cue_lexicons(bench: Bench):
    """Eleven claim-type cue lexicons (``_CUE_PATTERNS``) as 0/1 columns beside the shipped
    design's. Written after reading positives of two primaries debates, so its figure for the
    primaries is not a blind one."""
    cues = _cues(bench)
    yield (
        "+ 11 cue lexicons",
        bench.lodo(lambda train, n: bench.fit(train, [n], extra=cues.__getitem__)[n]),
    )
    yield (
        "cue lexicons + 22 features alone",
        bench.lodo(
            lambda train, n: _views_fit(
                bench, train, [n], [_features_view(bench), _dense_view(cues.__getitem__)]
            )[n]
        ),
    )


def neighbour_words(bench: Bench):
    """The neighbouring sentences' words as a block of columns of their own, down-weighted
    (needs the neighbours at run time)."""
    base = [_word_view(bench), _features_view(bench)]
    for share, reach in ((0.3, 1), (0.6, 1), (0.3, 2)):
        yield (
            f"+ words of the {reach} lines either side x{share}",
            bench.lodo(
                lambda train, n, s=share, r=reach: _views_fit(
                    bench, train, [n], [*base, _neighbour_words_view(bench, s, r)]
                )[n]
            ),
        )


def _minilm(bench: Bench) -> dict[str, np.ndarray] | None:
    if "minilm" not in bench._cache:
        from claim_workbench.memory.embeddings import MiniLMEncoder, minilm_files

        files = minilm_files()
        if files is None:
            return None
        encoder = MiniLMEncoder(*files)
        bench._cache["minilm"] = {
            n: encoder.encode(list(bench.debates[n].texts)) for n in bench.names
        }
    return bench._cache["minilm"]


def _combined_parts(bench: Bench):
    """The two fits of ``combined``: words + features + cues + neighbour words with soft
    labels (0.2 within 2 lines), and MiniLM vectors + features + cues at C = 0.1."""
    vectors = _minilm(bench)
    cues = _dense_view(_cues(bench).__getitem__)
    lexical = [_word_view(bench), _features_view(bench), cues, _neighbour_words_view(bench, 0.3)]
    meaning = [_dense_view(vectors.__getitem__), _features_view(bench), cues]

    def fit(train, test):
        a = _views_fit(bench, train, test, lexical, soft=(0.2, 2))
        b = _views_fit(bench, train, test, meaning, c=0.1)
        return {n: _rank(a[n]) + _rank(b[n]) for n in test}

    return fit


def combined(bench: Bench):
    """The additions above that helped the primaries, together, each rank-normalised within
    the debate before they are added: cues, neighbour words, soft labels, MiniLM vectors
    (needs the encoder and the neighbours at run time)."""
    if _minilm(bench) is None:
        print("combined: the MiniLM model is not installed; skipped")
        return
    fit = _combined_parts(bench)
    scores = bench.lodo(lambda train, n: fit(train, [n])[n])
    bench._cache["combined"] = scores
    yield "rank sum: lexical (cues, neighbours, soft) + MiniLM", scores


def _window(scores: np.ndarray) -> np.ndarray:
    """A sentence's rank within its debate, its two neighbours' either side, their largest."""
    rank = _rank(scores)
    near = [_shifted(rank, d) for d in (-2, -1, 1, 2)]
    return np.column_stack([rank, *near, np.max(near, axis=0)])


def stacked_window(bench: Bench):
    """A logistic model over ``_window`` of a base score, fitted on out-of-fold base scores
    (6 groups of whole training debates, as ``choose_c`` splits them): which neighbours'
    scores lift a sentence is learned, not set by hand. On the shipped design and on the
    ``combined`` rank sum (needs the neighbours at run time)."""
    from sklearn.linear_model import LogisticRegression

    def stack(base_fit, base_scores):
        def predict(train, name):
            outer = {}
            for start in range(6):
                held_out = train[start::6]
                outer.update(base_fit([n for n in train if n not in held_out], held_out))
            rows = np.vstack([_window(outer[n]) for n in train])
            labels = np.concatenate([bench.debates[n].labels for n in train])
            model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
            return model.fit(rows, labels).decision_function(_window(base_scores[name]))

        return bench.lodo(predict)

    yield "window of the shipped score, stacked", stack(bench.fit, bench.shipped())
    if _minilm(bench) is None:
        print("stacked_window: the MiniLM model is not installed; the combined base skipped")
        return
    if "combined" not in bench._cache:
        fit = _combined_parts(bench)
        bench._cache["combined"] = bench.lodo(lambda train, n: fit(train, [n])[n])
    yield (
        "window of the combined rank sum, stacked",
        stack(_combined_parts(bench), bench._cache["combined"]),
    )


def in_sample(bench: Bench):
    yield "in-sample (fitted on all 19; not a held-out figure)", bench.fit(bench.names, bench.names)


VARIANTS = {
    "shipped": shipped,
    "regularisation": regularisation,
    "class_weights": class_weights,
    "fewer_terms": fewer_terms,
    "context": context,
    "interactions": interactions,
    "per_debate_balance": per_debate_balance,
    "pairwise": pairwise,
    "word_topics": word_topics,
    "combinations": combinations,
    "smoothing": smoothing,
    "embeddings": embeddings,
    "speaker_role": speaker_role,
    "external_positives": external_positives,
    "stacked_boosting": stacked_boosting,
    "nearest_checked": nearest_checked,
    "char_ngrams": char_ngrams,
    "nb_scaled": nb_scaled,
    "term_weighting": term_weighting,
    "bagging": bagging,
    "soft_labels": soft_labels,
    "cue_lexicons": cue_lexicons,
    "neighbour_words": neighbour_words,
    "combined": combined,
    "stacked_window": stacked_window,
    "in_sample": in_sample,
}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
