"""The search query built from a claim: names, figures, key words, the speaker, a date window.

Search engines answer short queries best, and a query must not read as the claim restated
(that finds the article itself and its copies); so a query gathers what identifies the
claim's subject: the names in it, the numbers as written (and in digits where they were
written as words), the speaker of a quote, then its key words, at most MAX_WORDS words. The
reviewer may replace the words (``edited``); the date window and the parts stay for the
providers that use them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from claim_workbench.acquisition.providers.base import SearchQuery
from claim_workbench.text.number_words import NUMBER_WORDS, SCALES
from claim_workbench.text.quantities import Quantity
from claim_workbench.text.tokens import STOPWORDS

MAX_WORDS = 10
DAYS_BEFORE = 30
DAYS_AFTER = 30

# Words that say how a claim is reported, not what it is about.
_REPORTING = frozenset(
    """
    said says say told tell telling according report reported reports added stated claimed
    claims claim announced noted warned insisted argued wrote believes think thinks
    """.split()
)
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# A name: capitalised words in a row ("Pete Hegseth", "United Nations"), or an acronym.
_NAME = re.compile(r"(?:[A-Z][\w'’.-]*|[A-Z]{2,})(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’.-]*)*")


def _number_text(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:g}"


def _ordinary(word: str) -> bool:
    """A capitalised word that is no name ("The", "Said"); an acronym ("US") is one."""
    return not word.isupper() and word.lower() in STOPWORDS | _REPORTING


def _is_number_word(word: str) -> bool:
    parts = [part for part in re.split(r"[-\s]+", word.lower()) if part]
    return bool(parts) and all(part in NUMBER_WORDS or part in SCALES for part in parts)


def claim_entities(text: str) -> list[str]:
    """Names in the claim, in order, without a sentence's capitalised first word when it is
    an ordinary word ("The", "Officials say")."""
    names: list[str] = []
    for match in _NAME.finditer(text):
        name = match.group(0).rstrip(".")
        words = name.split()
        at_start = match.start() == 0 or text[: match.start()].rstrip()[-1:] in ".!?\"“'‘:"
        if at_start and words and _ordinary(words[0]):
            words = words[1:]
            name = " ".join(words)
        if not words or (len(words) == 1 and _ordinary(words[0])):
            continue
        if name not in names:
            names.append(name)
    return names


def key_terms(text: str, *, exclude: Sequence[str] = ()) -> list[str]:
    """The claim's content words in order: no stopwords, reporting verbs or numbers, nor the
    words already in ``exclude`` (the names)."""
    taken = {word.lower() for phrase in exclude for word in _WORD.findall(phrase)}
    terms: list[str] = []
    for word in _WORD.findall(text):
        lowered = word.lower().replace("’", "'")
        if lowered in STOPWORDS or lowered in _REPORTING or lowered in taken:
            continue
        if any(character.isdigit() for character in word) or len(word) < 3:
            continue
        if _is_number_word(word):
            continue
        if lowered not in (term.lower() for term in terms):
            terms.append(word)
    return terms


def build_query(
    claim_text: str,
    *,
    quantities: Sequence[Quantity] = (),
    speaker: str | None = None,
    quote: str | None = None,
    article_date: dt.date | None = None,
    text: str | None = None,
    days_before: int = DAYS_BEFORE,
    days_after: int = DAYS_AFTER,
) -> SearchQuery:
    """The query for a claim; ``text`` (the reviewer's words) replaces the built words."""
    entities = claim_entities(claim_text)
    terms = key_terms(claim_text, exclude=entities)
    figures: list[tuple[str, str]] = []
    for quantity in quantities:
        written = " ".join(quantity.text.split())
        figures.append((written, _number_text(quantity.value)))
    who = speaker.strip() if speaker and quote else None
    words: list[str] = []

    def add(phrase: str) -> None:
        for word in phrase.split():
            if len(words) < MAX_WORDS and word.lower() not in (w.lower() for w in words):
                words.append(word)

    for name in entities[:3]:
        add(name)
    if who and who not in entities:
        add(who.split()[-1])  # the surname: titles and first names vary between outlets
    for written, number in figures:
        digits = [token for token in written.split() if any(ch.isdigit() for ch in token)]
        add(" ".join(token.strip("$€£%,.") for token in digits) if digits else number)
    for term in terms:
        add(term)
    built = " ".join(words) or " ".join(claim_text.split()[:MAX_WORDS])
    given = " ".join(text.split()) if text else ""
    return SearchQuery(
        text=given or built,
        terms=tuple(terms),
        entities=tuple(entities),
        quantities=tuple(figures),
        speaker=who,
        since=article_date - dt.timedelta(days=days_before) if article_date else None,
        until=article_date + dt.timedelta(days=days_after) if article_date else None,
        edited=bool(given),
    )
