"""Claim-extraction throughput: MB/s on 0.1, 1 and 4 MB articles, to show linear cost.

Usage:
    python bench/extract.py [SIZES_MB ...]

The articles are built by concatenating the sample article shipped in workbench/samples with
varied generated paragraphs (numbers in digits and words, quotes with speakers, dates, records,
designations, boilerplate, questions), seeded so that every run reads the same text. Each size
is timed as the best of three runs of ``extract_claims`` on one core: wall-clock time and
the process's CPU time (steadier when other work shares the machine).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claim_workbench.claims import extract_claims, parse_article

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "claim_workbench" / "samples"
_FIRST = ["Ana", "Omar", "Lena", "Paolo", "Ruth", "Kwame", "Mei", "Ivan", "Sofia", "Tariq"]
_LAST = ["Lopez", "Haddad", "Park", "Greco", "Adler", "Mensah", "Chen", "Petrov", "Rossi", "Khan"]
_TITLES = ["Governor", "Finance Minister", "Mayor", "Senator", "Dr.", "Police Chief"]
_PLACES = ["the northern province", "the capital", "the river delta", "three coastal towns"]
_UNITS = ["homes", "vessels", "jobs", "schools", "arrests", "flights", "patients", "containers"]
_MONTHS = ["January", "March", "June", "September", "November"]
_WORD_NUMBERS = ["eighty-two", "two-thirds of the", "a dozen", "three hundred", "twenty-one"]


def generated_paragraph(generator: random.Random) -> str:
    name = f"{generator.choice(_FIRST)} {generator.choice(_LAST)}"
    surname = name.split()[1]
    unit = generator.choice(_UNITS)
    place = generator.choice(_PLACES)
    month = generator.choice(_MONTHS)
    sentences = [
        f"{generator.choice(_TITLES)} {name} said on Monday that at least "
        f"{generator.randint(2, 900)} {unit} in {place} had been affected since {month}.",
        f"“We have never seen anything like this in {place},” {surname} told reporters.",
        f"“The work will take {generator.choice(_WORD_NUMBERS)} months at least,” he added.",
        f"Officials estimated the cost at ${generator.randint(1, 99)}.{generator.randint(1, 9)} "
        f"million, up {generator.randint(2, 60)}% from last year.",
        f"The agency designated {place} a disaster area in {generator.randint(1990, 2025)}.",
        f"It was the worst flooding on record, with {generator.randint(10, 40)} to "
        f"{generator.randint(41, 90)} {unit} lost.",
        "Subscribe to our newsletter for daily updates.",
        f"Will {place} recover before {month}?",
        f"Between 1,{generator.randint(100, 999)} and 2,{generator.randint(100, 999)} "
        f"people were evacuated, according to the Red Cross.",
        "I think everyone did a wonderful job.",
    ]
    generator.shuffle(sentences)
    return " ".join(sentences)


def build_article(size_bytes: int, seed: int = 2026) -> str:
    generator = random.Random(seed)
    sample = parse_article(
        (SAMPLE / "caribbean-campaign-2025-11-17.txt").read_text(encoding="utf-8")
    ).text
    parts: list[str] = []
    length = 0
    while length < size_bytes:
        part = sample if generator.random() < 0.2 else generated_paragraph(generator)
        parts.append(part)
        length += len(part.encode("utf-8")) + 2
    return "\n\n".join(parts)


def main(argv: list[str]) -> int:
    sizes = [float(argument) for argument in argv] or [0.1, 1.0, 4.0]
    print(f"{'size MB':>8} {'claims':>8} {'wall s':>8} {'cpu s':>8} {'MB/s':>7} {'cpu s/MB':>9}")
    for size in sizes:
        text = build_article(int(size * 1_000_000))
        megabytes = len(text.encode("utf-8")) / 1_000_000
        walls = []
        cpus = []
        claims = []
        for _ in range(3):
            started, started_cpu = time.perf_counter(), time.process_time()
            claims = extract_claims(text)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - started_cpu)
        wall, cpu = min(walls), min(cpus)
        print(
            f"{megabytes:8.2f} {len(claims):8d} {wall:8.3f} {cpu:8.3f} {megabytes / wall:7.2f} "
            f"{cpu / megabytes:9.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
