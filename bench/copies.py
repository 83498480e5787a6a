"""Copies of one story: where the thresholds come from, and what grouping costs.

Usage: bench/copies.py [--thresholds] [--speed] [--climate-fever FILE] [--seed N]
(both parts run when neither is named; FILE defaults to
../shared/datasets/climate-fever/climate-fever-dev.jsonl next to the repo)

--thresholds: the share (claim_workbench.evidence.copies.similarity) of
  - copies: each of the ten texts in tests/fixtures/copies edited as outlets edit wire copy, at
    three strengths, 40 seeded copies per text and strength: paragraphs trimmed from the end,
    the first paragraph rewritten (replaced by one from another story) or kept, a paragraph
    of other text added, one dropped, and a share of the words replaced, dropped or doubled
    (light: up to 2 % of words, 1 paragraph trimmed; medium: up to 5 %, half the story kept;
    heavy: up to 10 %, a third kept). The three hand-made copies in the fixtures are listed too;
  - different stories: every pair of distinct fixture texts (the same event told by another
    outlet, the same agency's follow-up with a paragraph of background repeated word for
    word, stories on other subjects), and pairs of texts about one subject from real data:
    the sentences of each Climate-FEVER Wikipedia article with 8 or more sentences, split
    into two halves; each half is also given a quoted sentence of the other, as two
    reports quoting one statement do.
  Shares are printed for 3-, 4- and 5-word shingles, as quantiles per kind.

--speed: time to group 50 sources of one claim (10 stories, each with 4 copies of varied
  strength), and to check one new source against 10,000 stored ones (CopyIndex: building
  the index, the memory it takes, the median time of one check, and how many planted copies
  it finds and how many unrelated sources it returns as candidates). Stored sources are
  built from Climate-FEVER sentences, 10 to 30 a source (about 250-750 words).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from evidence import DEFAULT_FILE, load_pool  # noqa: E402

from claim_workbench.evidence import copies  # noqa: E402
from claim_workbench.evidence.copies import CopyIndex, SourceText, fingerprint, group_copies  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "copies"
HAND_COPIES = {
    ("quake_reuters", "quake_copy_herald"),
    ("quake_reuters", "quake_copy_citypost"),
    ("rates_ap", "rates_ap_copy_nocredit"),
}
STRENGTHS = {  # name: (largest share of words edited, share of paragraphs kept at least)
    "light": (0.02, 0.85),
    "medium": (0.05, 0.5),
    "heavy": (0.10, 0.33),
}
COPIES_PER_TEXT = 40


def load_fixture(path: Path, source_id: int) -> SourceText:
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    published = meta.get("published")
    return SourceText(
        id=source_id,
        text=body,
        title=meta.get("title"),
        site=meta.get("site"),
        url=meta.get("url"),
        published=dt.date.fromisoformat(published) if published else None,
    )


def fixtures() -> dict[str, SourceText]:
    return {
        path.stem: load_fixture(path, number)
        for number, path in enumerate(sorted(FIXTURES.glob("*.txt")), start=1)
    }


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def edit_words(paragraph: str, rate: float, rng: random.Random, vocabulary: list[str]) -> str:
    out: list[str] = []
    for word in paragraph.split():
        roll = rng.random()
        if roll < rate / 3:
            continue  # dropped
        if roll < 2 * rate / 3:
            out.append(rng.choice(vocabulary))  # replaced
            continue
        out.append(word)
        if roll < rate:
            out.append(rng.choice(vocabulary))  # a word inserted
    return " ".join(out)


def edited_copy(
    text: str, strength: str, rng: random.Random, foreign: list[str], vocabulary: list[str]
) -> str:
    """An outlet's copy of a wire story: trimmed, intro rewritten, a paragraph added, words
    changed; how much is drawn at random up to the strength's limits."""
    most_edited, least_kept = STRENGTHS[strength]
    parts = paragraphs(text)
    if strength == "light":
        keep = len(parts) - rng.randint(0, 1)
    else:
        keep = max(2, round(len(parts) * rng.uniform(least_kept, 1.0)))
    parts = parts[:keep]
    if rng.random() < 0.5:
        parts[0] = rng.choice(foreign)  # intro rewritten
    if rng.random() < 0.5:
        parts.insert(rng.randint(1, len(parts)), rng.choice(foreign))  # a paragraph added
    if len(parts) > 3 and rng.random() < 0.3:
        del parts[rng.randint(1, len(parts) - 2)]  # one dropped
    rate = rng.uniform(0.0, most_edited)
    return "\n\n".join(edit_words(part, rate, rng, vocabulary) for part in parts)


def quantiles(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1) + 0.5))]

    return (
        f"n={len(values):4d} min {ordered[0]:.2f}  p5 {at(0.05):.2f}  p50 {at(0.5):.2f}"
        f"  p95 {at(0.95):.2f}  max {ordered[-1]:.2f}"
    )


def share(first: SourceText, second: SourceText) -> float:
    return copies.similarity(fingerprint(first), fingerprint(second))


def wiki_pairs(
    path: Path, rng: random.Random
) -> tuple[list[tuple[SourceText, SourceText]], list[tuple[SourceText, SourceText]]]:
    """Two texts about one subject: the sentences of a Wikipedia article in two halves; and the
    same halves each quoting one sentence of the other."""
    pool = load_pool(path)
    by_article: dict[str, list[str]] = defaultdict(list)
    for sentence, article in zip(pool.sentences, pool.articles, strict=True):
        by_article[article].append(sentence)
    plain, quoted = [], []
    for article, sentences in sorted(by_article.items()):
        if len(sentences) < 8:
            continue
        first, second = sentences[0::2], sentences[1::2]
        plain.append(
            (
                SourceText(id=1, text=" ".join(first), title=article),
                SourceText(id=2, text=" ".join(second), title=article),
            )
        )
        first_quoting = [*first, f'"{rng.choice(second)}"']
        second_quoting = [*second, f'"{rng.choice(first)}"']
        quoted.append(
            (
                SourceText(id=1, text=" ".join(first_quoting), title=article),
                SourceText(id=2, text=" ".join(second_quoting), title=article),
            )
        )
    return plain, quoted


THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8)


def threshold_study(climate_fever: Path, seed: int) -> None:
    texts = fixtures()
    names = sorted(texts)
    for size in (3, 4, 5):
        copies.SHINGLE_WORDS = size
        rng = random.Random(seed)
        kinds: dict[str, list[float]] = {}
        for strength in STRENGTHS:
            values = kinds.setdefault(f"copies, {strength}", [])
            for name in names:
                others = [
                    p for other in names if other != name for p in paragraphs(texts[other].text)
                ]
                vocabulary = texts[name].text.split()
                for _ in range(COPIES_PER_TEXT):
                    copy = edited_copy(texts[name].text, strength, rng, others, vocabulary)
                    values.append(share(texts[name], SourceText(id=2, text=copy)))
        kinds["copies, hand-made"] = [share(texts[a], texts[b]) for a, b in sorted(HAND_COPIES)]
        different = []
        for index, first in enumerate(names):
            for second in names[index + 1 :]:
                if (first, second) in HAND_COPIES or (second, first) in HAND_COPIES:
                    continue
                if {first, second} == {"quake_copy_herald", "quake_copy_citypost"}:
                    continue  # two copies of one story
                different.append((share(texts[first], texts[second]), first, second))
        kinds["different fixture stories"] = [value for value, _, _ in different]
        if climate_fever.exists():
            plain, quoted = wiki_pairs(climate_fever, random.Random(seed))
            kinds["one subject (Wikipedia)"] = [share(a, b) for a, b in plain]
            kinds["one subject + 1 quote"] = [share(a, b) for a, b in quoted]
        print(f"\n{size}-word shingles: share (similarity) by kind of pair")
        for kind, values in kinds.items():
            print(f"  {kind:27} {quantiles(values)}")
        print("  at or above each threshold (share of pairs):")
        print("  " + " " * 27 + "".join(f"{t:>6.2f}" for t in THRESHOLDS))
        for kind, values in kinds.items():
            row = "".join(f"{sum(v >= t for v in values) / len(values):6.2f}" for t in THRESHOLDS)
            print(f"  {kind:27}{row}")
        for value, first, second in sorted(different, reverse=True)[:3]:
            print(f"  highest different stories: {value:.2f} {first} / {second}")
        if not climate_fever.exists():
            print(f"  (no {climate_fever}: Wikipedia pairs skipped)")
    copies.SHINGLE_WORDS = 5


def synthetic_sources(climate_fever: Path, count: int, rng: random.Random) -> list[SourceText]:
    if climate_fever.exists():
        sentences = load_pool(climate_fever).sentences
    else:
        print(f"(no {climate_fever}: stored sources built from the fixture sentences)")
        sentences = [s for t in fixtures().values() for s in t.text.split(". ")]
    return [
        SourceText(
            id=10_000 + number,
            text=" ".join(rng.sample(sentences, rng.randint(10, 30))),
            title=f"Stored source {number}",
            url=f"https://site{number % 97}.example/story/{number}",
        )
        for number in range(count)
    ]


def as_paragraphs(text: str, rng: random.Random) -> str:
    """A stored source's sentences in paragraphs of one to three sentences, as news is set."""
    sentences = text.split(". ")
    parts: list[str] = []
    while sentences:
        take = rng.randint(1, 3)
        parts.append(". ".join(sentences[:take]))
        sentences = sentences[take:]
    return "\n\n".join(parts)


def speed(climate_fever: Path, seed: int) -> None:
    rng = random.Random(seed)
    texts = fixtures()
    # The fixtures' own copies (two outlets' copies of the quake story, one of the AP story)
    # are one story with their original: 7 stories among the 10 texts.
    story = {name: name for name in texts}
    for original, copy in HAND_COPIES:
        story[copy] = original
    claim_sources: list[SourceText] = []
    origin: dict[int, str] = {}
    for name, text in texts.items():
        claim_sources.append(text)
        origin[text.id] = story[name]
        others = [
            p for other in texts.values() if other is not text for p in paragraphs(other.text)
        ]
        vocabulary = text.text.split()
        for strength in ("light", "light", "medium", "heavy"):
            source_id = len(claim_sources) + 1000
            claim_sources.append(
                SourceText(
                    id=source_id,
                    text=edited_copy(text.text, strength, rng, others, vocabulary),
                    title=f"copy {source_id}",
                )
            )
            origin[source_id] = story[name]
    assert len(claim_sources) == 50
    timings = []
    for _ in range(20):
        started = time.process_time()
        groups = group_copies(claim_sources)
        timings.append(time.process_time() - started)
    independent = copies.independence([s.id for s in claim_sources], groups)
    mixed = sum(len({origin[i] for i in group.source_ids}) > 1 for group in groups)
    print(
        f"group 50 sources of one claim: median {statistics.median(timings) * 1000:.1f} ms CPU "
        f"(of 20 runs); {independent.label} (truth: {len(set(story.values()))} stories), "
        f"{len(groups)} groups, {mixed} mixing two stories"
    )
    prints = [fingerprint(source) for source in claim_sources]
    timings = []
    for _ in range(20):
        started = time.process_time()
        copies.group_fingerprints(prints)
        timings.append(time.process_time() - started)
    print(f"  of which comparing (fingerprints ready): {statistics.median(timings) * 1000:.1f} ms")

    stored = synthetic_sources(climate_fever, 10_000, rng)
    by_id = {source.id: source for source in stored}
    started, wall = time.process_time(), time.perf_counter()
    index = CopyIndex()
    for source in stored:
        index.add(source)
    build_cpu, build_wall = time.process_time() - started, time.perf_counter() - wall
    print(
        f"index 10,000 stored sources: {build_cpu:.1f} s CPU ({build_wall:.1f} s wall), "
        f"signatures {len(index) * copies.NUM_PERM * 4 / 1e6:.1f} MB"
    )
    vocabulary = " ".join(s.text for s in stored[:50]).split()
    foreign = [p for s in stored[-50:] for p in paragraphs(as_paragraphs(s.text, rng))]
    index.candidates(fingerprint(stored[0]))  # stacks the matrix once
    timings = []
    for strength in STRENGTHS:
        found, exact = 0, 0
        for source in rng.sample(stored[:-50], 50):
            text = edited_copy(as_paragraphs(source.text, rng), strength, rng, foreign, vocabulary)
            query = SourceText(id=1, text=text, title="new")
            started = time.process_time()
            links = index.find(query, by_id.get)
            timings.append(time.process_time() - started)
            found += any(link.copy_of == source.id for link in links)
            exact += copies.compare(fingerprint(source), fingerprint(query)) is not None
        print(
            f"  planted {strength} copies found: {found}/50 (compared exactly with their"
            f" original, {exact}/50 are copies)"
        )
    unrelated = synthetic_sources(climate_fever, 100, random.Random(seed + 1))
    candidates, false_links = 0, 0
    for source in unrelated:
        query = SourceText(id=2, text=source.text, title="unrelated")
        started = time.process_time()
        candidates += len(index.candidates(fingerprint(query)))
        false_links += len(index.find(query, by_id.get))
        timings.append(time.process_time() - started)
    print(
        f"check one new source against 10,000: median {statistics.median(timings) * 1000:.1f} ms"
        f" CPU (of {len(timings)}); 100 unrelated new sources: {candidates} candidates compared"
        f" exactly, {false_links} called copies"
    )
    matrix = np.vstack(index._rows)  # only to report the scan's own cost
    query_signature = copies.signature(fingerprint(stored[0]).shingles)
    started = time.process_time()
    for _ in range(100):
        (matrix == query_signature).mean(axis=1)
    print(f"  of which the signature scan: {(time.process_time() - started) * 10:.2f} ms")


def main(argv: list[str]) -> None:
    args = argv[1:]
    path = DEFAULT_FILE
    seed = 2026
    if "--climate-fever" in args:
        position = args.index("--climate-fever")
        path = Path(args[position + 1])
        del args[position : position + 2]
    if "--seed" in args:
        position = args.index("--seed")
        seed = int(args[position + 1])
        del args[position : position + 2]
    parts = set(args) or {"--thresholds", "--speed"}
    if "--thresholds" in parts:
        threshold_study(path, seed)
    if "--speed" in parts:
        speed(path, seed)


if __name__ == "__main__":
    main(sys.argv)
