"""From article text to claims: sentences, their kinds, quantities, quotes, labels and scores."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from sources.quantities import Quantity, extract_quantities
from workbench.claims import kinds
from workbench.claims.kinds import read_sentence
from workbench.claims.model import ExtractedClaim, ParsedArticle
from workbench.claims.scoring import score_features, sentence_features
from workbench.claims.sentences import sentence_spans
from workbench.claims.speakers import SpeakerTracker

LABEL_CHARS = 80
_MAX_TITLE_CHARS = 150
_UNTITLED = "Untitled"
_DATE_LINE_RE = re.compile(r"^\s?date[ \t]+(\d{4})-(\d{2})-(\d{2})(?:[ \t]+(.*))?$")
_LEADING_CONNECTIVE_RE = re.compile(
    r"^(?:meanwhile|however|moreover|furthermore|in addition|additionally|also|but|and|still"
    r"|separately|nevertheless|indeed)\s*,?\s+",
    re.IGNORECASE,
)
_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_QUOTE_LABEL_WORDS = 8
# Kinds read from the scorer's features, in the order claims list them.
_CUE_KINDS = ("attribution", "superlative", "temporal", "designation", "event")
_LABEL_QUANTITIES = 4


def parse_article(raw: str) -> ParsedArticle:
    """Title, date and body from a plain-text article.

    A first line `` date YYYY-MM-DD Headline`` (leading space optional) gives the date and title.
    Otherwise the first non-empty line is the title when it is short (at most 150 characters)
    and more text follows; else the title is the start of the text and the body is all of it.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    first_line, _, rest = text.lstrip("\n").partition("\n")
    header = _DATE_LINE_RE.match(first_line)
    if header is not None:
        published = _date_or_none(*(int(part) for part in header.group(1, 2, 3)))
        title = (header.group(4) or "").strip() or _UNTITLED
        return ParsedArticle(title=title, published=published, text=rest.strip("\n"))
    stripped_first = first_line.strip()
    if stripped_first and len(stripped_first) <= _MAX_TITLE_CHARS and rest.strip():
        return ParsedArticle(title=stripped_first, published=None, text=rest.strip("\n"))
    body = text.strip("\n")
    return ParsedArticle(title=_compact(body) or _UNTITLED, published=None, text=body)


def extract_claims(text: str) -> list[ExtractedClaim]:
    """Every checkable sentence of ``text`` as a claim, in article order.

    Sentences with no claim kind, questions, boilerplate, greetings, first-person opinion
    without numbers or quotes, and fragments under four words are left out. Offsets index
    ``text``: ``text[claim.start:claim.end] == claim.text``.
    """
    if not text or not text.strip():
        return []
    claims: list[ExtractedClaim] = []
    memory = SpeakerTracker()
    # One pass over the whole text for numbers, then each sentence takes the ones inside it.
    quantities = extract_quantities(text)
    next_quantity = 0
    for index, (start, end) in enumerate(sentence_spans(text)):
        while next_quantity < len(quantities) and quantities[next_quantity].start < start:
            next_quantity += 1
        inside: list[Quantity] = []
        while next_quantity < len(quantities) and quantities[next_quantity].end <= end:
            inside.append(quantities[next_quantity])
            next_quantity += 1
        claim = _claim_from_sentence(text[start:end], start, index, memory, inside)
        if claim is not None:
            claims.append(claim)
    return claims


def nothing_found_message(text: str) -> str:
    """A one-line explanation for a reviewer when ``extract_claims`` returned nothing."""
    if not text.strip():
        return "The article is empty."
    if kinds.word_count(text) < kinds.MIN_CLAIM_WORDS:
        return "The article has too few words to hold a claim."
    return (
        "No checkable claims found: no sentence states a number, quote, attribution, date, "
        "event, record or official status."
    )


def _claim_from_sentence(
    sentence: str, start: int, index: int, memory: SpeakerTracker, quantities: list[Quantity]
) -> ExtractedClaim | None:
    cues = read_sentence(sentence)
    # Every sentence is read, kept or not, so speakers carry over to the sentences after it.
    speech = memory.read(sentence, index)
    quotes = speech.quotes
    quote_words = quotes[0].words if quotes else None
    speaker = speech.speaker
    if len(cues.words) < kinds.MIN_CLAIM_WORDS:
        return None
    if kinds.is_question(cues) or kinds.is_boilerplate(cues):
        return None
    if kinds.is_opinion(cues) and not quantities and not quotes:
        return None
    local_quantities = [_shift(quantity, -start) for quantity in quantities]
    # The scorer reads the same cues the kinds come from, so both are computed once.
    features = sentence_features(sentence, local_quantities, cues)
    claim_kinds = _kinds(features, quantities, bool(quotes))
    if not claim_kinds:
        return None
    return ExtractedClaim(
        text=sentence,
        start=start,
        end=start + len(sentence),
        kinds=claim_kinds,
        label=_label(sentence, quantities, quote_words, speaker),
        check_worthiness=round(score_features(features), 4),
        quantities=quantities,
        quote=quote_words,
        speaker=speaker,
    )


def _kinds(features: dict[str, float], quantities: list[Quantity], has_quote: bool) -> list[str]:
    found: list[str] = []
    if quantities:
        found.append("quantity")
    if has_quote:
        found.append("quote")
    found.extend(kind for kind in _CUE_KINDS if features[kind])
    return found


def _label(
    sentence: str, quantities: list[Quantity], quote: str | None, speaker: str | None
) -> str:
    if quote is not None:
        words = quote.split()
        opening = " ".join(words[:_QUOTE_LABEL_WORDS])
        if len(words) > _QUOTE_LABEL_WORDS:
            opening = opening.rstrip(",.;:") + "…"
        return _truncate(f'{speaker or "Unattributed"}: "{opening}"')
    if quantities:
        return _truncate(", ".join(_quantity_labels(quantities)[:_LABEL_QUANTITIES]))
    return _compact(sentence)


def _quantity_labels(quantities: list[Quantity]) -> list[str]:
    labels: list[str] = []
    index = 0
    while index < len(quantities):
        quantity = quantities[index]
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        if quantity.qualifier == "from" and following is not None and following.qualifier == "to":
            low = _format_number(quantity.value, quantity.unit)
            high = _format_number(following.value, following.unit)
            labels.append(_with_unit(f"{low}–{high}", following.unit))
            index += 2
            continue
        label = _with_unit(_format_number(quantity.value, quantity.unit), quantity.unit)
        if quantity.qualifier and quantity.qualifier not in {"from", "to"}:
            label = f"{quantity.qualifier} {label}"
        labels.append(label)
        index += 1
    return labels


def _with_unit(number: str, unit: str | None) -> str:
    if unit is None:
        return number
    if unit in {"percent"}:
        return f"{number}%"
    if unit == "fraction":
        return number
    if unit in _CURRENCY_SIGNS:
        return f"{_CURRENCY_SIGNS[unit]}{number}"
    if len(unit) == 3 and unit.isupper():
        return f"{number} {unit}"
    return f"{number} {unit}"


def _format_number(value: float, unit: str | None) -> str:
    if unit == "fraction" and 0 < value < 1:
        fraction = Fraction(value).limit_denominator(12)
        if abs(float(fraction) - value) < 1e-6:
            return f"{fraction.numerator}/{fraction.denominator}"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{value / size:.3g} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.3g}" if value < 1000 else f"{value:,.1f}"


def _compact(sentence: str) -> str:
    compact = " ".join(sentence.split())
    compact = _LEADING_CONNECTIVE_RE.sub("", compact, count=1)
    if compact:
        compact = compact[0].upper() + compact[1:]
    return _truncate(compact)


def _truncate(label: str) -> str:
    if len(label) <= LABEL_CHARS:
        return label
    cut = label.rfind(" ", 0, LABEL_CHARS - 1)
    if cut < LABEL_CHARS // 2:
        cut = LABEL_CHARS - 1
    return label[:cut].rstrip(",;: ") + "…"


def _shift(quantity: Quantity, by: int) -> Quantity:
    return Quantity(
        value=quantity.value,
        unit=quantity.unit,
        qualifier=quantity.qualifier,
        text=quantity.text,
        start=quantity.start + by,
        end=quantity.end + by,
    )


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
