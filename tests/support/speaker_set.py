"""The attributed-quote set in tests/data/attributed_quotes.txt and how speakers are scored on it.

Shared by tests/test_speakers.py and bench/speakers.py so both report the same figures. The
file's format is described at its top. Scoring, per expected quotation:

- the quotation is looked up among ``attribute_quotes(passage)`` by its first words;
- a found speaker equal to the expected one is correct, any other found speaker is wrong;
- precision = correct / quotations given a speaker; recall = correct / quotations that have an
  expected speaker. A quotation expected to have none ("-") that gets one costs precision.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claim_workbench.claims.speakers import AttributedQuote, attribute_quotes

QUOTE_SET = Path(__file__).resolve().parents[1] / "data" / "attributed_quotes.txt"


@dataclass(frozen=True, slots=True)
class Expected:
    label: str
    passage: str
    quote_start: str  # the first words of the quoted text
    speaker: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    expected: Expected
    found_quote: str | None  # None: no quotation starts with those words
    found_speaker: str | None

    @property
    def correct(self) -> bool:
        return self.found_quote is not None and self.found_speaker == self.expected.speaker


@dataclass(frozen=True, slots=True)
class Score:
    outcomes: list[Outcome]

    @property
    def predicted(self) -> int:
        return sum(outcome.found_speaker is not None for outcome in self.outcomes)

    @property
    def relevant(self) -> int:
        return sum(outcome.expected.speaker is not None for outcome in self.outcomes)

    @property
    def true_positives(self) -> int:
        return sum(
            outcome.correct and outcome.expected.speaker is not None for outcome in self.outcomes
        )

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.relevant if self.relevant else 1.0

    @property
    def misses(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.correct]


def load_quote_set(path: Path = QUOTE_SET) -> list[Expected]:
    expected: list[Expected] = []
    label: str | None = None
    lines: list[str] = []
    wanted: list[tuple[str, str | None]] = []

    def close() -> None:
        if label is None:
            return
        passage = "\n".join(lines).strip("\n")
        for quote_start, speaker in wanted:
            expected.append(Expected(label, passage, quote_start, speaker))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and label is None:
            continue
        if line.startswith("=== "):
            close()
            label, lines, wanted = line[4:].strip(), [], []
        elif line.startswith("> "):
            quote_start, _, speaker = line[2:].rpartition("|")
            name = speaker.strip()
            wanted.append((quote_start.strip(), None if name == "-" else name))
        elif label is not None:
            lines.append(line)
    close()
    return expected


def find_quote(quotes: list[AttributedQuote], quote_start: str) -> AttributedQuote | None:
    for quote in quotes:
        if " ".join(quote.words.split()).startswith(quote_start):
            return quote
    return None


def score(expected: list[Expected]) -> Score:
    outcomes: list[Outcome] = []
    cache: dict[str, list[AttributedQuote]] = {}
    for item in expected:
        if item.passage not in cache:
            cache[item.passage] = attribute_quotes(item.passage)
        quote = find_quote(cache[item.passage], item.quote_start)
        outcomes.append(
            Outcome(
                expected=item,
                found_quote=quote.words if quote else None,
                found_speaker=quote.speaker if quote else None,
            )
        )
    return Score(outcomes)
