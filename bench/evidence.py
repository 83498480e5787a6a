"""Evidence retrieval on Climate-FEVER: recall@5 and MRR of the project's matcher over a pool.

Usage: bench/evidence.py [FILE] [--embeddings] [--calibrate]
(FILE defaults to ../shared/datasets/climate-fever/climate-fever-dev.jsonl next to the repo)

Every evidence sentence of every claim goes into one pool (deduplicated by article and text).
Each claim is ranked against the whole pool. A claim counts as found when one of its SUPPORTS or
REFUTES sentences is in the top 5. Claims with no SUPPORTS/REFUTES sentence (all five labelled
NOT_ENOUGH_INFO) have nothing to find and are left out of the denominator. MRR is the mean
reciprocal rank of the first gold sentence within the top 100 (0 when none is there).

Printed: the two reference baselines (BM25 over plain lowercase words, rapidfuzz
token_set_ratio), BM25 with the project's tokenizer, the matcher on the sentence alone, then the
matcher with the article title as passage context (the product indexes a passage with the title
of its source), and how the suggested stance of each claim/sentence pair compares with the
annotators' label. The product's order follows: the matcher picks the top 5 (overlaps aside)
and the one evidence score (evidence.matching.evidence_score, the same in attach, search, the
app and the reports) orders them; then how much annotated evidence the relevance floor would
drop. The stance hint is calibrated on the even rows of the file and measured on the odd rows:
for each rule of evidence.matching.stance_basis, the lowest coverage at which it is right at
least HINT_PRECISION of the time on the even rows (``--calibrate`` prints the table to paste
into HINT_MIN_COVERAGE), then the precision and coverage of each hint, as the product shows
it, on the odd rows. The last line is the product's order: ``recall@5=0.xxx MRR=0.xxx``.
With ``--embeddings`` (the default install's MiniLM model; encoding the pool takes minutes on
two cores) it also prints the matcher with the sentence encoder, before the stance table: every
passage embedded, then re-ranking only each claim's best 10, 20 and RERANK_DEPTH lexical
candidates (the last is what the workbench's shortlist does in attach and search).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claim_workbench.evidence.matching import (  # noqa: E402
    HINT_MIN_COVERAGE,
    HINT_PRECISION,
    RELEVANCE_FLOOR,
    RERANK_DEPTH,
    STANCE_RULES,
    EvidenceContext,
    PassageMatcher,
    is_relevant,
    match_passage,
    stance_basis,
    term_weights,
)
from claim_workbench.evidence.passages import Passage  # noqa: E402
from claim_workbench.text.bm25 import BM25Index  # noqa: E402
from claim_workbench.text.quantities import extract_quantities  # noqa: E402

DEFAULT_FILE = REPO.parent / "shared" / "datasets" / "climate-fever" / "climate-fever-dev.jsonl"
GOLD_LABELS = frozenset({"SUPPORTS", "REFUTES"})
DEPTH = 100


@dataclass(frozen=True, slots=True)
class Pool:
    sentences: list[str]
    articles: list[str]
    claims: list[str]  # only claims with at least one gold sentence
    gold: list[frozenset[int]]  # pool indices of each claim's SUPPORTS/REFUTES sentences
    skipped: int  # claims without any gold sentence


def load_pool(path: Path) -> Pool:
    """Read a Climate-FEVER JSON Lines file into a deduplicated sentence pool with gold labels."""
    positions: dict[tuple[str, str], int] = {}
    claims: list[str] = []
    gold: list[frozenset[int]] = []
    skipped = 0
    with path.open(encoding="utf-8") as lines:
        for line_number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                evidences = row["evidences"]
                claim = row["claim"]
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                message = f"{path}:{line_number}: not a Climate-FEVER row ({error})"
                raise SystemExit(message) from None
            found = set()
            for evidence in evidences:
                key = (evidence["article"], evidence["evidence"])
                position = positions.setdefault(key, len(positions))
                if evidence["evidence_label"] in GOLD_LABELS:
                    found.add(position)
            if found:
                claims.append(claim)
                gold.append(frozenset(found))
            else:
                skipped += 1
    keys = list(positions)
    return Pool(
        sentences=[sentence for _, sentence in keys],
        articles=[article for article, _ in keys],
        claims=claims,
        gold=gold,
        skipped=skipped,
    )


def plain_words(text: str) -> list[str]:
    """The reference baseline's tokens: lowercase word characters, no stemming, no stopwords."""
    return re.findall(r"\w+", text.lower())


def evaluate(pool: Pool, rank: Callable[[str], list[int]]) -> tuple[float, float]:
    """recall@5 and MRR (first gold sentence within the top DEPTH) of a ranking function."""
    found = 0
    reciprocal_ranks = 0.0
    for claim, gold in zip(pool.claims, pool.gold, strict=True):
        for position, doc_id in enumerate(rank(claim)[:DEPTH]):
            if doc_id in gold:
                found += position < 5
                reciprocal_ranks += 1.0 / (position + 1)
                break
    return found / len(pool.claims), reciprocal_ranks / len(pool.claims)


def report(name: str, pool: Pool, rank: Callable[[str], list[int]]) -> tuple[float, float]:
    started = time.perf_counter()
    recall, mrr = evaluate(pool, rank)
    elapsed = time.perf_counter() - started
    print(f"{name:<48} recall@5={recall:.3f} MRR={mrr:.3f}  ({elapsed:.1f} s)")
    return recall, mrr


def semantic_report(pool: Pool) -> None:
    """The matcher with the default sentence encoder, unless WORKBENCH_EMBEDDINGS=off."""
    try:
        from claim_workbench.memory.embeddings import CachedEncoder, load_default_encoder
    except ImportError:
        print("--embeddings: claim_workbench.memory.embeddings is not available; skipped")
        return
    encoder = load_default_encoder()
    if encoder is None:
        print("--embeddings: no embedding model (WORKBENCH_EMBEDDINGS=off, or not installed)")
        return
    # Vectors kept in memory: the re-ranking runs reuse those of the run embedding every passage.
    cached = CachedEncoder(encoder)
    for name, contexts in (("sentence only", None), ("sentence + article title", pool.articles)):
        started = time.perf_counter()
        matcher = PassageMatcher(pool.sentences, contexts=contexts, encoder=cached)
        print(
            f"  (encoded {len(pool.sentences)} passages in {time.perf_counter() - started:.0f} s)"
        )
        report(
            f"matcher + embeddings, {name}",
            pool,
            lambda c, m=matcher: [d for d, _ in m.rank(c, top_k=DEPTH)],
        )
        # What attach and search do: embed only each claim's best lexical candidates.
        for depth in sorted({10, 20, RERANK_DEPTH}):
            reranker = PassageMatcher(
                pool.sentences, contexts=contexts, encoder=cached, rerank_depth=depth
            )
            label = " (the workbench)" if depth == RERANK_DEPTH else ""
            report(
                f"  re-ranking the top {depth}{label}",
                pool,
                lambda c, m=reranker: [d for d, _ in m.rank(c, top_k=DEPTH)],
            )


def product_order(pool: Pool, matcher: PassageMatcher) -> Callable[[str], list[int]]:
    """The product's ranking: the matcher's top 5, ordered by the evidence score, then the rest."""
    passages = [Passage(text, 0, len(text)) for text in pool.sentences]

    def rank(claim: str) -> list[int]:
        ranked = [doc_id for doc_id, _ in matcher.rank(claim, top_k=DEPTH)]
        quantities = extract_quantities(claim)
        weights = term_weights(claim, quantities)
        shown = ranked[:5]
        scores = {
            doc_id: match_passage(
                claim,
                passages[doc_id],
                claim_quantities=quantities,
                context=EvidenceContext(title=pool.articles[doc_id]),
                weights=weights,
            ).score
            for doc_id in shown
        }
        shown.sort(key=lambda doc_id: (-scores[doc_id], ranked.index(doc_id)))
        return shown + ranked[5:]

    return rank


@dataclass(frozen=True, slots=True)
class Pair:
    row: int  # line of the file, 0-based among rows
    label: str  # SUPPORTS | REFUTES | NOT_ENOUGH_INFO
    stance: str  # the plain rule's suggestion
    rule: str
    coverage: float
    relevance: float
    relevant: bool  # above the relevance floor (claim_workbench.evidence.matching.is_relevant)


def read_pairs(path: Path) -> list[Pair]:
    """Every claim/sentence pair with the stance rule's suggestion and the sentence's relevance."""
    pairs: list[Pair] = []
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    for row_number, row in enumerate(rows):
        claim = row["claim"]
        quantities = extract_quantities(claim)
        weights = term_weights(claim, quantities)
        for evidence in row["evidences"]:
            text = evidence["evidence"]
            match = match_passage(
                claim,
                Passage(text, 0, len(text)),
                claim_quantities=quantities,
                context=EvidenceContext(title=evidence["article"]),
                weights=weights,
            )
            basis = stance_basis(claim, text, match.number_agreement)
            relevance = match.relevance
            pairs.append(
                Pair(
                    row_number,
                    evidence["evidence_label"],
                    basis.stance,
                    basis.rule,
                    basis.coverage,
                    relevance,
                    is_relevant(match),
                )
            )
    return pairs


RIGHT = {"supports": "SUPPORTS", "contradicts": "REFUTES"}
MIN_HINTS = 10  # a threshold needs at least this many hints on the calibration half


def calibrate(pairs: list[Pair]) -> dict[str, float | None]:
    """Per rule, the lowest coverage at which it is right HINT_PRECISION of the time (or None)."""
    thresholds: dict[str, float | None] = {}
    for rule in STANCE_RULES:
        fired = [pair for pair in pairs if pair.rule == rule]
        chosen = None
        for cut in sorted({round(pair.coverage, 4) for pair in fired}):
            shown = [pair for pair in fired if pair.coverage >= cut]
            if len(shown) < MIN_HINTS:
                break
            right = sum(1 for pair in shown if RIGHT[pair.stance] == pair.label)
            if right / len(shown) >= HINT_PRECISION:
                chosen = cut
                break
        thresholds[rule] = chosen
    return thresholds


def hint(pair: Pair, thresholds: dict[str, float | None]) -> str:
    threshold = thresholds.get(pair.rule)
    if pair.stance == "unclear" or threshold is None or pair.coverage < threshold:
        return "unclear"
    return pair.stance


def stance_report(path: Path, *, print_calibration: bool) -> None:
    """Calibrate the hint on the even rows; report it, as shipped, on the odd rows."""
    pairs = read_pairs(path)
    fit = [pair for pair in pairs if pair.row % 2 == 0]
    held_out = [pair for pair in pairs if pair.row % 2 == 1]
    found = calibrate(fit)
    print(f"stance hint, calibrated on the even rows ({len(fit)} pairs):")
    for rule in STANCE_RULES:
        shipped = HINT_MIN_COVERAGE.get(rule)
        print(f"  rule {rule!r:<16} calibrated threshold {found[rule]}, shipped {shipped}")
    if print_calibration:
        print("HINT_MIN_COVERAGE = " + repr(found))
    if found != HINT_MIN_COVERAGE:
        print("  NOTE: the shipped thresholds differ from this calibration")
    labels = ("SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO")
    for name, chosen in (("plain rule, ungated", None), ("hint as shipped", HINT_MIN_COVERAGE)):
        table: Counter[tuple[str, str]] = Counter()
        for pair in held_out:
            stance = pair.stance if chosen is None else hint(pair, chosen)
            table[pair.label, stance] += 1
        print(f"held-out odd rows ({len(held_out)} pairs), {name}:")
        for label in labels:
            counts = {s: table[label, s] for s in ("supports", "contradicts", "unclear")}
            print(f"  {label:<16} " + "  ".join(f"{s}={n}" for s, n in counts.items()))
        for stance, label in RIGHT.items():
            shown = sum(table[other, stance] for other in labels)
            right = table[label, stance]
            total = sum(table[label, s] for s in ("supports", "contradicts", "unclear"))
            precision = f"{right / shown:.3f}" if shown else "n/a"
            print(
                f"  hint {stance:<11} shown {shown:>4} times, right {right:>4}: precision "
                f"{precision}, coverage {right}/{total} {label} pairs"
                f" ({right / total if total else 0:.3f})"
            )
    gold = [pair for pair in pairs if pair.label in GOLD_LABELS]
    other = [pair for pair in pairs if pair.label not in GOLD_LABELS]
    below_gold = sum(1 for pair in gold if not pair.relevant)
    below_other = sum(1 for pair in other if not pair.relevant)
    print(
        f"relevance floor {RELEVANCE_FLOOR}: below it {below_gold} of {len(gold)} "
        f"SUPPORTS/REFUTES sentences ({below_gold / len(gold):.3f}) and {below_other} of "
        f"{len(other)} NOT_ENOUGH_INFO ones ({below_other / len(other):.3f})"
    )


def main(argv: list[str]) -> None:
    args = argv[1:]
    with_embeddings = "--embeddings" in args
    print_calibration = "--calibrate" in args
    args = [arg for arg in args if arg not in ("--embeddings", "--calibrate")]
    path = Path(args[0]) if args else DEFAULT_FILE
    if not path.is_file():
        raise SystemExit(f"no such dataset file: {path}")
    pool = load_pool(path)
    print(
        f"{path.name}: {len(pool.claims) + pool.skipped} claims, {len(pool.sentences)} pooled "
        f"sentences; {len(pool.claims)} claims with a SUPPORTS/REFUTES sentence are scored, "
        f"{pool.skipped} without one are left out"
    )

    plain_bm25 = BM25Index(pool.sentences, tokenizer=plain_words)
    report(
        "baseline: BM25, plain lowercase words",
        pool,
        lambda c: [d for d, _ in plain_bm25.search(c, DEPTH)],
    )
    bm25 = BM25Index(pool.sentences)
    report(
        "BM25, project tokenizer (stems, stopwords)",
        pool,
        lambda c: [d for d, _ in bm25.search(c, DEPTH)],
    )

    # One cdist call over every claim at once, on both cores.
    processed = [utils.default_process(sentence) for sentence in pool.sentences]
    claim_rows = {claim: row for row, claim in enumerate(pool.claims)}
    matrix = process.cdist(
        [utils.default_process(claim) for claim in pool.claims],
        processed,
        scorer=fuzz.token_set_ratio,
        workers=-1,
    )

    def token_set(claim: str) -> list[int]:
        scores = matrix[claim_rows[claim]]
        # Stable sort: ties keep pool order, as process.extract would.
        return [int(doc_id) for doc_id in np.argsort(-scores, kind="stable")[:DEPTH]]

    report("baseline: rapidfuzz token_set_ratio", pool, token_set)

    plain = PassageMatcher(pool.sentences)
    report("matcher (sentence only)", pool, lambda c: [d for d, _ in plain.rank(c, top_k=DEPTH)])

    with_titles = PassageMatcher(pool.sentences, contexts=pool.articles)
    recall, mrr = report(
        "matcher (sentence + article title as context)",
        pool,
        lambda c: [d for d, _ in with_titles.rank(c, top_k=DEPTH)],
    )
    if with_embeddings:
        semantic_report(pool)
    recall, mrr = report(
        "product: matcher's top 5 ordered by evidence score", pool, product_order(pool, with_titles)
    )
    stance_report(path, print_calibration=print_calibration)
    print(f"recall@5={recall:.3f} MRR={mrr:.3f}")


if __name__ == "__main__":
    main(sys.argv)
