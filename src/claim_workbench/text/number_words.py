"""English number words: the one table that the tokeniser, the quantity parser and the claim
kinds build on. Values are read by text2num where whole phrases are parsed (text/quantities.py);
these tables only say which words are numbers, for the patterns that find them and for the
tokeniser's "eighty-two" -> "82"."""

from __future__ import annotations

from collections.abc import Iterable

UNITS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
        " fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS: dict[str, int] = {
    word: 10 * value
    for value, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
NUMBER_WORDS: dict[str, int] = {**UNITS, **TENS}
SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}


def alternation(words: Iterable[str]) -> str:
    """The words as a regular-expression alternation, in table order ("zero|one|...")."""
    return "|".join(words)
