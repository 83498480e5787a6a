"""Tokenising and normalising text for the matchers: BM25 search terms, offset-safe folding."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from claim_workbench.text.number_words import NUMBER_WORDS, TENS, UNITS

# A conventional English stopword list (close to the Snowball/Lucene ones). Negations ("not",
# "no", "never") are stopwords for retrieval: they carry little topical signal, and stance
# detection reads them from the raw text instead.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having he
    he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if
    in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on
    once only or other ought our ours ourselves out over own same shan't she she'd she'll she's
    should shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under until up
    very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
    which while who who's whom why why's will with won't would wouldn't you you'd you'll you're
    you've your yours yourself yourselves also s t just may might must shall us since per among
    within upon via whether though although yet still even ever already however thus therefore
    would've could've should've least
    """.split()
)


# Words (letters, with an inner apostrophe kept so "don't" stays one stopword) or numbers
# (digits with thousands separators or a decimal part).
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
# "eighty-two" / "eighty two": one number, not two, so it meets "82" in the other text.
_COMPOUND_NUMBER_RE = re.compile(
    r"\b("
    + "|".join(TENS)
    + r")[-\s]+("
    + "|".join(word for word, value in UNITS.items() if 0 < value < 10)
    + r")\b",
    re.IGNORECASE,
)
_NOT_ALNUM_RE = re.compile(r"[\W_]")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:,\d{3})+$")

_stemmer = snowballstemmer.stemmer("english")


# Stems that news reports use interchangeably for the same count, merged into one search term
# so "82 deaths" finds "82 people were killed" and "21 attacks" finds "21 strikes" (the same
# groups as claim_workbench.text.quantities.canonical_unit).
TERM_GROUPS: dict[str, str] = {
    "kill": "death",
    "die": "death",
    "dead": "death",
    "fatal": "death",
    "strike": "attack",
    "airstrik": "attack",
    "raid": "attack",
    "injur": "injuri",
    "wound": "injuri",
}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem of a lowercase word; cached because vocabularies repeat a lot."""
    return _stemmer.stemWord(word)


def normalize_number(token: str) -> str:
    """Canonical spelling of a numeric token: "1,250" -> "1250", "3.50" stays "3.50"."""
    if _THOUSANDS_RE.match(token):
        return token.replace(",", "")
    return token


def _compound_to_digits(match: re.Match[str]) -> str:
    return str(TENS[match.group(1).lower()] + UNITS[match.group(2).lower()])


def words(text: str) -> list[str]:
    """Lowercase word and number tokens of ``text``, number words as digits, not stemmed."""
    text = _COMPOUND_NUMBER_RE.sub(_compound_to_digits, text.lower().replace("’", "'"))
    result: list[str] = []
    for token in _TOKEN_RE.findall(text):
        if token[0].isdigit():
            result.append(normalize_number(token))
        elif token in NUMBER_WORDS:
            result.append(str(NUMBER_WORDS[token]))
        else:
            result.append(token)
    return result


_WORD_SPAN_RE = re.compile(_COMPOUND_NUMBER_RE.pattern + r"|\S+", re.IGNORECASE)


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each whitespace-separated word, a compound number word ("eighty-two",
    "eighty two") counting as one word so it can meet "82"."""
    return [match.span() for match in _WORD_SPAN_RE.finditer(text)]


def tokenize(text: str) -> list[str]:
    """Search terms of ``text``: lowercase unicode words and numbers, stopwords dropped, stemmed.

    Possessive "'s" is dropped ("Earth's" -> "earth"). Numbers are kept as terms, with number
    words turned into digits ("eighty-two" -> "82") so both spellings meet in an index.
    Casualty and attack words share a term (TERM_GROUPS: "killed" -> "death").
    """
    terms: list[str] = []
    for token in words(text):
        if token in STOPWORDS:
            continue
        if token.endswith("'s"):
            token = token[:-2]
        if token[0].isdigit():
            terms.append(token)
            continue
        token = token.replace("'", "")
        if token:
            stemmed = stem(token)
            terms.append(TERM_GROUPS.get(stemmed, stemmed))
    return terms


def fold_for_alignment(text: str) -> str:
    """Lowercase ``text`` and blank out punctuation WITHOUT changing its length.

    Fuzzy alignment (rapidfuzz) reports offsets into the strings it was given; keeping one output
    character per input character means those offsets are valid in the original text.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return _NOT_ALNUM_RE.sub(" ", lowered)
    # A few characters lowercase to two ("İ" -> "i̇"): keep those as they are.
    return "".join(
        " " if not char.isalnum() else (char.lower() if len(char.lower()) == 1 else char)
        for char in text
    )
