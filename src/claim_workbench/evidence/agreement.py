"""Do a passage's numbers agree with a claim's? Quantity by quantity, and aware of dates.

For each quantity of the claim the passage's matching quantity (same unit family, same kind of
count) is found and judged on its own (``check_quantities``):

- ``agree``: the same figure (allowing for how precisely each is written, and the claim's own
  hedge: "at least 21" agrees with 21 and with 25);
- ``approximate``: consistent only within the passage's hedge ("about 80" against 82, "more
  than 80" against 82);
- ``differs``: another figure for the same count;
- ``later figure`` / ``earlier figure``: another figure of a running total ("so far", "since
  September", "the toll rose to"), reported after the article and larger, or before it and
  smaller: the count moved on, nobody contradicted anybody;
- ``not comparable``: the passage gives this kind of count only for something else, a single
  event's toll against the claim's total or the other way round, or a figure in the same unit
  that measures another thing (below);
- ``not mentioned``: the passage has no figure of this kind.

The evidence row's overall ``number_agreement`` derives from them (``overall_agreement``), and
``describe_checks`` writes them as one line: "21 attacks ✓ · 82 deaths → 83 ✗".

Intervals (the arithmetic behind agree / differs). Each quantity stands for the interval of
values it is consistent with; two quantities with the same canonical unit agree when their
intervals overlap:
  - plain numbers (and "exactly", "only"): against another plain number, the value at the
    precision written, i.e. +/- half a unit of the last written digit, bounds excluded ("82"
    covers (81.5, 82.5), so 82 and 83 differ; "1.2 million" covers (1.15M, 1.25M), so it agrees
    with 1,234,567); against a hedged number, the value as written;
  - "about", "around", "approximately", "roughly", "some", "estimated", "close to", "~",
    "or so": within APPROXIMATION (10 %) either side ("about 80" agrees with 72..88);
  - "nearly", "almost", "just under", "just below": from 10 % below up to the value; "just
    over", "just above": from the value up to 10 % above;
  - "at least", "no fewer than", "no less than", "or more", "a minimum of": the value or more;
    "more than", "over", "above", "exceeding", "greater than", "upwards of", "in excess of",
    "well over", ...: strictly more;
  - "at most", "no more than", "up to", "as many as", "as much as", "or fewer", "or less", "a
    maximum of": the value or less; "less than", "fewer than", "under", "below", ...:
    strictly less;
  - "several", "a few", "dozens", "tens of thousands", ... (a vague amount, "several
    hundred", "dozens of homes": the value is the scale): from two times the value up to ten
    times, the top excluded;
  - ranges ("20 to 30", "between 20 and 30"): the range, ends included.
Two bounds in the same direction are the exception: "at least 30" and "at least 21" could both
be true, but they report different counts, so they agree only when the bounds are equal.
Units compare after text.quantities.comparable_value ("people killed" = "deaths", fractions
as percent). A number with no unit never compares, except right after a killing verb or "death
toll" ("the strikes killed 83", "bringing the toll to 82"), where it counts as deaths. Generic
units (percent, people, money, metres, ...) also need a shared search term in the words around
the two numbers when both have any ("50 % of its surface" does not compare with "16 % more
melting area"); the news casualty units in SPECIFIC_UNITS always compare. Words news uses for
one measure count as one ("jobless" and "unemployment", "stock" and "shares").

The same measure. An agreeing figure needs only that. Calling another figure a difference needs
more, since a false ✗ costs the reviewer most: the words around the two figures must share what
is measured, not only when it was counted or how it moved (months, "last year", "rose", "rate",
"said" do not count). Two such words in common, a counted noun as the unit ("homes", "jobs")
counting as one, or half of the fewer words there are ("Unemployment fell to 3.5%" against
"Unemployment was 3.6 percent"); with no such word around one of them, as before. Otherwise the
nearest figure is shown as ``not comparable``: "Unemployment rose to 5.4% in October" against
"Inflation eased to 3.1% in October". A passage figure that agrees with one of the claim's
figures is not read against another of them: "inflation eased to 3.1% from 3.4%" against a
passage's "3.1%" is 3.1% ✓ and 3.4% not mentioned, not 3.4% → 3.1% ✗.

Event or total (``_scope``). A count belongs to one event when its clause names a single event
("a single strike", "one attack", "Tuesday's raid", "the blast") and no running-total word; it
is a total when its sentence has a running-total word or counts several events ("in 21
strikes"), or when it is itself a count of several events. An event's count and a total are
different quantities: never a conflict.

Time. A running total's figure is dated by an "as of / by / through <date>" phrase of the
passage ("as of Friday", "as of 20 November", resolved against the source's date), else by the
source's published date; the claim's figure by the article's date.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claim_workbench.text.quantities import (
    VAGUE_QUALIFIERS,
    Quantity,
    comparable_value,
    extract_quantities,
)
from claim_workbench.text.tokens import NUMBER_WORDS, tokenize

# --- verdicts ---------------------------------------------------------------------------------

AGREE = "agree"
APPROXIMATE = "approximate"
DIFFERS = "differs"
LATER_FIGURE = "later figure"
EARLIER_FIGURE = "earlier figure"
NOT_COMPARABLE = "not comparable"
NOT_MENTIONED = "not mentioned"
VERDICTS = (
    AGREE,
    APPROXIMATE,
    DIFFERS,
    LATER_FIGURE,
    EARLIER_FIGURE,
    NOT_COMPARABLE,
    NOT_MENTIONED,
)

# Overall number agreement of a passage (claim_workbench.store.models.NumberAgreement).
OVERALL_AGREE = "agree"
OVERALL_CONFLICT = "conflict"
OVERALL_UPDATE = "update"  # only running totals at another date differ
OVERALL_NONE = "none"

# How each verdict reads in one line ("82 deaths → 83 ✗").
VERDICT_MARKS = {
    AGREE: "✓",
    APPROXIMATE: "≈",
    DIFFERS: "✗",
    LATER_FIGURE: "later figure",
    EARLIER_FIGURE: "earlier figure",
    NOT_COMPARABLE: "not comparable",
    NOT_MENTIONED: "not mentioned",
}


@dataclass(frozen=True, slots=True)
class QuantityCheck:
    """One claim quantity against the passage: the passage's figure for it and the verdict."""

    claim: str  # the claim quantity's surface text, "at least 21 attacks"
    unit: str | None  # canonical unit, "attacks"
    verdict: str  # one of VERDICTS
    passage: str | None = None  # the passage quantity's surface text, "21 strikes"
    passage_start: int | None = None  # its offsets into the passage text
    passage_end: int | None = None
    reason: str = ""  # why, in words a reviewer can check

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "unit": self.unit,
            "verdict": self.verdict,
            "passage": self.passage,
            "passage_start": self.passage_start,
            "passage_end": self.passage_end,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuantityCheck:
        """Tolerant of missing keys: rows stored by an older version read as far as they go."""

        def integer(key: str) -> int | None:
            value = data.get(key)
            return int(value) if isinstance(value, int | float) else None

        return cls(
            claim=str(data.get("claim") or ""),
            unit=data.get("unit") if isinstance(data.get("unit"), str) else None,
            verdict=str(data.get("verdict") or NOT_MENTIONED),
            passage=data.get("passage") if isinstance(data.get("passage"), str) else None,
            passage_start=integer("passage_start"),
            passage_end=integer("passage_end"),
            reason=str(data.get("reason") or ""),
        )


def checks_from_json(value: object) -> list[QuantityCheck]:
    """Stored checks (a JSON list) back as QuantityCheck; anything else reads as none."""
    if not isinstance(value, list):
        return []
    return [QuantityCheck.from_dict(item) for item in value if isinstance(item, Mapping)]


def overall_agreement(checks: Iterable[QuantityCheck]) -> str:
    """The passage's overall number agreement from its per-quantity verdicts.

    "conflict" when some quantity differs; else "update" when some figure is a running total
    at another date; else "agree" when some quantity agrees (exactly or approximately); else
    "none" (nothing compared: not mentioned or not comparable).
    """
    verdicts = {check.verdict for check in checks}
    if DIFFERS in verdicts:
        return OVERALL_CONFLICT
    if verdicts & {LATER_FIGURE, EARLIER_FIGURE}:
        return OVERALL_UPDATE
    if verdicts & {AGREE, APPROXIMATE}:
        return OVERALL_AGREE
    return OVERALL_NONE


def describe_check(check: QuantityCheck) -> str:
    """ "21 attacks ✓", "82 deaths → 83 ✗", "82 deaths ≈ about 80", "21 attacks: not mentioned"."""
    claim = " ".join(check.claim.split())
    mark = VERDICT_MARKS.get(check.verdict, check.verdict)
    passage = " ".join((check.passage or "").split())
    if check.verdict == NOT_MENTIONED or not passage:
        return f"{claim}: {mark}"
    if check.verdict == APPROXIMATE:
        return f"{claim} ≈ {passage}"
    if check.verdict == AGREE:
        same = _digits_of(passage) == _digits_of(claim)
        return f"{claim} ✓" if same else f"{claim} → {passage} ✓"
    if check.verdict == DIFFERS:
        return f"{claim} → {passage} ✗"
    return f"{claim} → {passage} ({mark})"


def describe_checks(checks: Sequence[QuantityCheck]) -> str:
    """All checks on one line, "21 attacks ✓ · 82 deaths → 83 ✗"; "" when there are none."""
    return " · ".join(describe_check(check) for check in checks)


_NUMBER_IN_TEXT_RE = re.compile(r"\d[\d,.]*")


def _digits_of(text: str) -> str:
    return "".join(_NUMBER_IN_TEXT_RE.findall(text)).replace(",", "")


_FIGURE_RE = re.compile(
    r"^.*?\d(?:[\d,.]*\d)?(?:\s*(?:%|per\s*cent|percent|hundred|thousand|million|billion|"
    r"trillion|bn|mn|m|k)\b|%)?",
    re.IGNORECASE,
)
_NUMBER_VOCABULARY = (
    frozenset(NUMBER_WORDS)
    | {"hundred", "thousand", "million", "billion"}
    | {"trillion", "a", "and", "half", "dozen"}
)


def figure_text(surface: str) -> str:
    """A quantity's words up to its number: "About 80 people have been killed" -> "About 80",
    "at least 42 strikes" -> "at least 42", "eighty-two people" -> "eighty-two"."""
    surface = " ".join(surface.split())
    found = _FIGURE_RE.match(surface)
    if found:
        return found.group().strip()
    tokens = surface.split(" ")
    while len(tokens) > 1 and not all(
        part.lower() in _NUMBER_VOCABULARY for part in tokens[-1].split("-")
    ):
        tokens.pop()
    return " ".join(tokens)


# --- dates ------------------------------------------------------------------------------------


def days_between(article: dt.date | None, source: dt.date | None) -> int | None:
    """Days from the article's date to the source's (negative: the source came first)."""
    if article is None or source is None:
        return None
    return (source - article).days


def timing_text(article: dt.date | None, source: dt.date | None) -> str:
    """ "published 92 days after the article", "... the same day as ...", "" when unknown."""
    return days_text(days_between(article, source))


def days_text(days: int | None) -> str:
    """The same from the number of days (source date minus article date)."""
    if days is None:
        return ""
    if days == 0:
        return "published the same day as the article"
    unit = "day" if abs(days) == 1 else "days"
    side = "after" if days > 0 else "before"
    return f"published {abs(days)} {unit} {side} the article"


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_RE = (
    rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<dm>\d{{1,2}})\s+(?P<dm_month>{_MONTH_RE})\.?(?:,?\s+(?P<dm_year>\d{{4}}))?"
    rf"|(?P<md_month>{_MONTH_RE})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<md_year>\d{{4}}))?"
    rf"|(?P<weekday>{'|'.join(_WEEKDAYS)})"
    rf"|(?P<relative>yesterday|today)"
)
# "as of Friday", "as at 20 November", "by November 16", "through Sunday": the date a figure
# was counted on.
_AS_OF_RE = re.compile(
    rf"\b(?:as\s+of|as\s+at|by|through|until|up\s+to)\s+(?:the\s+end\s+of\s+)?(?:{_DATE_RE})\b",
    re.IGNORECASE,
)


def _resolve(match: re.Match[str], reference: dt.date) -> dt.date | None:
    """The date a matched phrase names, read as the latest such date not after ``reference``."""
    groups = match.groupdict()
    try:
        if groups["iso"]:
            return dt.date.fromisoformat(groups["iso"])
        if groups["weekday"]:
            wanted = _WEEKDAYS.index(groups["weekday"].lower())
            return reference - dt.timedelta(days=(reference.weekday() - wanted) % 7)
        if groups["relative"]:
            shift = 1 if groups["relative"].lower() == "yesterday" else 0
            return reference - dt.timedelta(days=shift)
        if groups["dm"]:
            day, month, year = groups["dm"], groups["dm_month"], groups["dm_year"]
        else:
            day, month, year = groups["md"], groups["md_month"], groups["md_year"]
        number = _MONTHS[month.lower().rstrip(".")]
        if year:
            return dt.date(int(year), number, int(day))
        guess = dt.date(reference.year, number, int(day))
        # A month and day without a year are the last such date on or before the reference
        # (allowing a few days' slack for reports dated ahead).
        if guess > reference + dt.timedelta(days=7):
            guess = dt.date(reference.year - 1, number, int(day))
        return guess
    except ValueError:
        return None


def figure_date(text: str, published: dt.date | None) -> dt.date | None:
    """When the passage's figures were counted: its "as of <date>" phrase, else ``published``."""
    if published is None:
        return None
    for match in _AS_OF_RE.finditer(text):
        day = _resolve(match, published)
        if day is not None:
            return day
    return published


# --- intervals --------------------------------------------------------------------------------

APPROXIMATION = 0.10
SPECIFIC_UNITS = frozenset({"deaths", "injuries", "attacks"})
EVENT_UNITS = frozenset({"attacks"})  # counts of events: "21 strikes" is several events
CONTEXT_CHARS = 60
_SENTENCE_END_RE = re.compile(r"[.;!?]\s")
_APPROXIMATE = frozenset(
    {"about", "around", "approximately", "roughly", "some", "estimated", "close to", "or so"}
)
_JUST_BELOW = frozenset({"nearly", "almost", "just under", "just below"})
_JUST_ABOVE = frozenset({"just over", "just above"})
_AT_LEAST = frozenset(
    {"at least", "no fewer than", "no less than", "not fewer than", "not less than", "or more"}
    | {"a minimum of"}
)
_MORE_THAN = frozenset(
    {"more than", "over", "upwards of", "in excess of", "well over", "above", "well above"}
    | {"exceeding", "exceeds", "exceeded", "greater than", "higher than", "larger than"}
    | {"north of", "topped", "tops", "topping"}
)
_AT_MOST = frozenset(
    {"at most", "no more than", "not more than", "up to", "as many as", "as much as", "within"}
    | {"or fewer", "or less", "a maximum of"}
)
_LESS_THAN = frozenset(
    {"less than", "fewer than", "under", "below", "lower than", "smaller than", "well below"}
    | {"well under"}
)
_VAGUE = VAGUE_QUALIFIERS  # "several", "a few", "dozens", "tens of thousands", ...
_KILLING_BEFORE_RE = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|(?:death\s+)?toll(?:\s+(?:has|had|have|now))?"
    r"(?:\s+(?:rose|risen|rises|climbed|climbs|reached|reaches|stands|stood|is|was|hit|hits|"
    r"jumped|increased|grew))?(?:\s+(?:to|at|of))?)\s*$",
    re.IGNORECASE,
)
_DIGITS_RE = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_SCALE_WORDS = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@dataclass(frozen=True, slots=True)
class _Interval:
    low: float
    high: float
    low_included: bool
    high_included: bool
    # Set for a plain number: its rounding interval only applies against another plain number
    # ("82" vs "82.4"); against a hedge ("more than 80") the number is taken as written, so
    # "80" does not satisfy "more than 80".
    written: float | None = None

    @property
    def bound(self) -> str | None:
        """ "lower" for "at least"/"more than", "upper" for "up to"/"less than", else None."""
        if self.high == math.inf and self.low != -math.inf:
            return "lower"
        if self.low == -math.inf and self.high != math.inf:
            return "upper"
        return None

    def overlaps(self, other: _Interval) -> bool:
        if self.bound is not None and self.bound == other.bound:
            # "at least 30" against "at least 21": both could hold, but they report different
            # counts, and that is what a fact-checker needs to see.
            if self.bound == "lower":
                return math.isclose(self.low, other.low, rel_tol=1e-9)
            return math.isclose(self.high, other.high, rel_tol=1e-9)
        first, second = self, other
        if first.written is not None and second.written is None:
            first = _Interval(first.written, first.written, True, True)
        if second.written is not None and self.written is None:
            second = _Interval(second.written, second.written, True, True)
        return first._intersects(second)

    def _intersects(self, other: _Interval) -> bool:
        if self.low > other.low or (self.low == other.low and not self.low_included):
            low, low_included = self.low, self.low_included
        else:
            low, low_included = other.low, other.low_included
        if self.high < other.high or (self.high == other.high and not self.high_included):
            high, high_included = self.high, self.high_included
        else:
            high, high_included = other.high, other.high_included
        return low < high or (low == high and low_included and high_included)

    @property
    def value(self) -> float:
        """One representative value: the number written, a bound, or the middle of a range."""
        if self.written is not None:
            return self.written
        if self.bound == "lower":
            return self.low
        if self.bound == "upper":
            return self.high
        return (self.low + self.high) / 2

    @property
    def hedged(self) -> bool:
        return self.written is None


def _precision(quantity: Quantity) -> float:
    """One unit of the last digit written: "82" -> 1, "3.5%" -> 0.1, "1.2 million" -> 1e5."""
    if quantity.unit == "fraction":
        return 1.0  # compared as percent; "two-thirds" is about 66.7 %, not 66.666...
    digits = _DIGITS_RE.search(quantity.text)
    if digits is None:
        lowered = quantity.text.lower()
        scales = [size for word, size in _SCALE_WORDS.items() if word in lowered]
        return max(scales) if scales else 1.0
    written = float(digits.group().replace(",", ""))
    decimals = len(digits.group(1) or "")
    multiplier = abs(quantity.value / written) if written else 1.0
    return multiplier * 10.0**-decimals


def _located(quantity: Quantity, text: str, offset: int) -> bool:
    """Are the quantity's offsets valid in ``text`` (minus ``offset``)?"""
    return text[quantity.start - offset : quantity.end - offset] == quantity.text


def _unit(quantity: Quantity, text: str, offset: int) -> str | None:
    _, unit = comparable_value(quantity)
    if unit is None and _located(quantity, text, offset):
        before = text[max(0, quantity.start - offset - 30) : quantity.start - offset]
        if _KILLING_BEFORE_RE.search(before):
            return "deaths"
    return unit


# Words around a figure that say when it was counted, how it moved or that it is a figure, not
# what it measures; and words news uses for one measure (stems, as ``tokenize`` gives them).
_NOT_MEASURE_TERMS = frozenset(
    """
    januari februari march april may june juli august septemb octob novemb decemb jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
    year month week day today yesterday last next ago earlier later now current recent annual
    rose rise risen fell fall fallen climb drop jump eas grew grow increas decreas declin reach
    hit stood stand total tot compar level rate number figur percent per cent point said say
    told accord report estim show around nearli almost least expect new
    """.split()
)
_MEASURE_SYNONYMS = {
    "jobless": "unemploy",
    "stock": "share",
    "role": "job",
    "post": "job",
    "posit": "job",
    "hous": "home",
    "household": "home",
    "properti": "home",
    "dwell": "home",
    "price": "cost",
    "spend": "cost",
    "spent": "cost",
    "pupil": "student",
    "ballot": "vote",
}
MEASURE_TERMS = 2  # shared words that make another figure a difference, not a coincidence


_GENERIC_UNITS = frozenset(
    """
    percent fraction people person individual time second minute hour day night week month year
    decade century mile kilometre kilometer metre meter foot feet inch yard tonne ton gigatonne
    megatonne pound kilo kilogram gram litre liter gallon barrel acre hectare degree part unit
    """.split()
)


_UNIT_ABBREVIATIONS = frozenset(
    "m km cm mm kg g mg t l ml gb mb tb kb kw mw gw kwh mwh gwh ppm ppb mph kph ha sq ft in lb "
    "oz".split()
)


def _names_the_measure(unit: str) -> bool:
    """Whether a canonical unit is a counted noun ("home", "job") rather than a unit anything
    can be measured in (percent, money, time, distance, weight, temperature)."""
    if unit in _UNIT_ABBREVIATIONS or unit.isupper() or unit.startswith("°") or " " in unit:
        return False
    return unit.rstrip("s") not in _GENERIC_UNITS and unit not in _GENERIC_UNITS


def _one_word_a_measure(context: frozenset[str]) -> set[str]:
    """The context with the words news uses for one measure written as one ("jobless" is
    "unemploy")."""
    return {_MEASURE_SYNONYMS.get(term, term) for term in context}


def _measure_terms(context: frozenset[str]) -> set[str]:
    return {_MEASURE_SYNONYMS.get(term, term) for term in context if term not in _NOT_MEASURE_TERMS}


def _context(quantity: Quantity, text: str, offset: int) -> frozenset[str]:
    """Search terms in the same sentence within CONTEXT_CHARS of the quantity, minus its own."""
    start, end = quantity.start - offset, quantity.end - offset
    if text[start:end] != quantity.text:
        return frozenset()  # quantities found in some other text: no context to read
    before = _SENTENCE_END_RE.split(text[max(0, start - CONTEXT_CHARS) : start])[-1]
    after = _SENTENCE_END_RE.split(text[end : end + CONTEXT_CHARS])[0]
    own = set(tokenize(quantity.text))
    return frozenset(
        term for term in tokenize(f"{before} {after}") if term not in own and not term[0].isdigit()
    )


# --- event or total ---------------------------------------------------------------------------

# Words that make a count a running total: it has grown and may grow again.
RUNNING_TOTAL_RE = re.compile(
    r"(?i:\b(?:so\s+far|to\s+date|thus\s+far|up\s+to\s+now|until\s+now|in\s+total|in\s+all"
    r"|a\s+total\s+of|total(?:led|ed|ing|s)?|overall|altogether|cumulative(?:ly)?|tally"
    r"|since\s+(?:the\s+)?(?:start|beginning|outset)|since\s+(?:(?-i:[A-Z])\w+|\d{4}|then|last)"
    r"|(?:death\s+)?toll\s+(?:has\s+|had\s+)?(?:now\s+)?(?:rose|rises|risen|climbed|climbs|"
    r"reached|reaches|stands|stood|hit|hits|grew|grows|increased|rising|climbing)"
    r"|(?:bringing|brings|brought|raising|raises|pushing|takes|taking|took)\s+the\s+"
    r"(?:total|toll|number|count|tally)"
    r"|as\s+of|as\s+at))",
)
# Nouns of events whose single occurrence has its own toll.
_EVENT_NOUNS = (
    "strike|airstrike|air strike|drone strike|attack|raid|bombing|blast|explosion|incident|"
    "crash|collision|shooting|ambush|assault|storm|earthquake|quake|fire|flood|landslide|"
    "accident|clash|battle|derailment|stampede|collapse|sinking|shelling|missile"
)
# "a single strike", "one attack", "the blast", "Tuesday's raid", "the deadliest strike":
# a singular event noun with a determiner of its own, not followed by a plural ending.
_SINGLE_EVENT_RE = re.compile(
    r"\b(?:a|an|one|single|the|this|that|each|its|latest|last|first|deadliest|\w+['’]s)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:" + _EVENT_NOUNS + r")\b(?![-\w])",
    re.IGNORECASE,
)
_PLURAL_EVENT_RE = re.compile(
    r"\b(?:" + _EVENT_NOUNS.replace("|", "s|") + r"s|attacks|raids|bombings)\b", re.IGNORECASE
)
_CLAUSE_RE = re.compile(r"[,;:.!?()—–]|\s-\s|\band\b|\bwhile\b|\bbut\b|\bwhich\b")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END_RE.finditer(text, 0, start)), default=0)
    found = _SENTENCE_END_RE.search(text, end)
    return left, found.start() + 1 if found else len(text)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE_RE.finditer(text, 0, start)), default=0)
    found = _CLAUSE_RE.search(text, end)
    return left, found.start() if found else len(text)


def _scope(quantity: Quantity, unit: str, text: str, offset: int, others: int) -> str | None:
    """ "event" for one occurrence's count, "total" for a count over several, else None.

    ``others`` is how many counts of several events (e.g. "21 strikes") the sentence holds.
    """
    if not _located(quantity, text, offset):
        return None
    start, end = quantity.start - offset, quantity.end - offset
    value, _ = comparable_value(quantity)
    if unit in EVENT_UNITS:
        return "event" if value == 1 else "total"
    sentence = text[slice(*_sentence_bounds(text, start, end))]
    clause = text[slice(*_clause_bounds(text, start, end))]
    if _SINGLE_EVENT_RE.search(clause) and not RUNNING_TOTAL_RE.search(clause):
        return "event"
    if RUNNING_TOTAL_RE.search(sentence) or others:
        return "total"
    # "killed 82 people in strikes on boats": a toll over several events.
    if _PLURAL_EVENT_RE.search(clause) and not _SINGLE_EVENT_RE.search(clause):
        return "total"
    return None


def _running_total(quantity: Quantity, text: str, offset: int) -> bool:
    if not _located(quantity, text, offset):
        return False
    start, end = quantity.start - offset, quantity.end - offset
    return bool(RUNNING_TOTAL_RE.search(text[slice(*_sentence_bounds(text, start, end))]))


@dataclass(frozen=True, slots=True)
class _Amount:
    unit: str  # canonical
    interval: _Interval
    context: frozenset[str]  # search terms around the number, for generic units
    quantity: Quantity
    end: int  # end offset of the last quantity read (the high end of a range)
    scope: str | None = None  # "event" | "total" | None
    running: bool = False  # a running total ("so far", "since ...", "toll rose to")

    def comparable(self, other: _Amount) -> bool:
        if self.unit != other.unit:
            return False
        if self.unit in SPECIFIC_UNITS or not self.context or not other.context:
            return True
        return bool(_one_word_a_measure(self.context) & _one_word_a_measure(other.context))

    def same_measure(self, other: _Amount) -> bool:
        """Strong enough to call another figure a difference: a casualty unit, or at least
        MEASURE_TERMS shared words around the two figures that say what is measured (not
        when, nor how it moved: "Unemployment rose to 5.4% in October" and "Inflation eased
        to 3.1% in October" measure different things)."""
        if self.unit in SPECIFIC_UNITS:
            return True
        mine, theirs = _measure_terms(self.context), _measure_terms(other.context)
        if not mine or not theirs:
            return True  # nothing around one of them says what it measures: as comparable()
        # A counted noun says part of what is measured ("3,000 homes" and "40,000 homes" ...
        # "without power"); a percent, an amount of money or a metre says nothing of it.
        shared = len(mine & theirs) + _names_the_measure(self.unit)
        if shared >= MEASURE_TERMS or shared >= min(len(mine), len(theirs)):
            # Or the few words there are all agree ("Unemployment fell to 3.5%" and
            # "Unemployment was 3.6 percent").
            return True
        # Half of the fewer words is weaker evidence, enough for figures of one size ("the
        # highest in 15 million years", "the highest for 14 million years") but not for a
        # part against a whole ("spent $2.3m on the bridge", "a total budget of $40m").
        return 2 * shared >= min(len(mine), len(theirs)) and _near(self, other)

    def same_kind(self, other: _Amount) -> bool:
        """Not one event's count against a total."""
        return {self.scope, other.scope} != {"event", "total"}


# A figure this many times another is a different quantity, not a wrong one, unless the words
# around the two say strongly that they measure the same thing.
WEAK_MATCH_RATIO = 3.0


def _near(first: _Amount, second: _Amount) -> bool:
    values = sorted(abs(amount.interval.value) for amount in (first, second))
    if math.isinf(values[1]):
        return False
    return values[1] <= WEAK_MATCH_RATIO * values[0]


def _intervals(quantities: Sequence[Quantity], text: str, offset: int) -> list[_Amount]:
    """Unit, interval and context of each quantity with a unit; range ends are merged."""
    raw: list[tuple[str, _Interval, Quantity, int]] = []
    index = 0
    while index < len(quantities):
        quantity = quantities[index]
        unit = _unit(quantity, text, offset)
        value, _ = comparable_value(quantity)
        qualifier = (quantity.qualifier or "").lower()
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        if qualifier in {"from", "between"} and following and following.qualifier == "to":
            high, _ = comparable_value(following)
            unit = unit or _unit(following, text, offset)
            if unit is not None:
                interval = _Interval(min(value, high), max(value, high), True, True)
                raw.append((unit, interval, quantity, following.end))
            index += 2
            continue
        index += 1
        if unit is None:
            continue
        inf = float("inf")
        if qualifier in _APPROXIMATE:
            spread = abs(value) * APPROXIMATION
            interval = _Interval(value - spread, value + spread, True, True)
        elif qualifier in _JUST_BELOW:
            interval = _Interval(value - abs(value) * APPROXIMATION, value, True, True)
        elif qualifier in _JUST_ABOVE:
            interval = _Interval(value, value + abs(value) * APPROXIMATION, True, True)
        elif qualifier in _AT_LEAST:
            interval = _Interval(value, inf, True, False)
        elif qualifier in _MORE_THAN:
            interval = _Interval(value, inf, False, False)
        elif qualifier in _AT_MOST:
            interval = _Interval(-inf, value, False, True)
        elif qualifier in _LESS_THAN:
            interval = _Interval(-inf, value, False, False)
        elif qualifier in _VAGUE:
            interval = _Interval(2 * value, 10 * value, True, False)
        else:
            half = _precision(quantity) / 2
            interval = _Interval(value - half, value + half, False, False, written=value)
        raw.append((unit, interval, quantity, quantity.end))
    result = []
    for unit, interval, quantity, end in raw:
        # Counts of several events in the same sentence make the other counts there totals.
        others = sum(
            1
            for other_unit, other_interval, other, _ in raw
            if other is not quantity
            and other_unit in EVENT_UNITS
            and other_interval.value > 1
            and _same_sentence(other, quantity, text, offset)
        )
        result.append(
            _Amount(
                unit,
                interval,
                _context(quantity, text, offset),
                quantity,
                end,
                _scope(quantity, unit, text, offset, others),
                _running_total(quantity, text, offset),
            )
        )
    return result


def _same_sentence(first: Quantity, second: Quantity, text: str, offset: int) -> bool:
    if not (_located(first, text, offset) and _located(second, text, offset)):
        return False
    bounds = _sentence_bounds(text, first.start - offset, first.end - offset)
    return bounds[0] <= second.start - offset < bounds[1]


# --- per-quantity checks ----------------------------------------------------------------------


def _hedge_reason(amount: _Amount) -> str:
    interval = amount.interval
    text = " ".join(amount.quantity.text.split())
    if interval.bound == "lower":
        return f"“{text}” allows {_number(interval.low)} or more"
    if interval.bound == "upper":
        return f"“{text}” allows up to {_number(interval.high)}"
    return f"“{text}” allows {_number(interval.low)}–{_number(interval.high)}"


def _number(value: float) -> str:
    if math.isinf(value):
        return "any"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}"


def _passage_span(amount: _Amount, offset: int) -> tuple[int, int]:
    return amount.quantity.start - offset, amount.end - offset


def _check(
    claimed: _Amount,
    passage: list[_Amount],
    *,
    offset: int,
    passage_text: str,
    claim_date: dt.date | None,
    figure_day: dt.date | None,
) -> QuantityCheck:
    claim_surface = " ".join(claimed.quantity.text.split())

    def made(amount: _Amount, verdict: str, reason: str) -> QuantityCheck:
        start, end = _passage_span(amount, offset)
        return QuantityCheck(
            claim=claim_surface,
            unit=claimed.unit,
            verdict=verdict,
            passage=figure_text(passage_text[start:end]),
            passage_start=start,
            passage_end=end,
            reason=reason,
        )

    candidates = [amount for amount in passage if claimed.comparable(amount)]
    if not candidates:
        return QuantityCheck(
            claim=claim_surface,
            unit=claimed.unit,
            verdict=NOT_MENTIONED,
            reason=f"the passage gives no figure for {claimed.unit}",
        )
    same_kind = [amount for amount in candidates if claimed.same_kind(amount)]
    if not same_kind:
        other = candidates[0]
        what = "one event" if other.scope == "event" else "a total over several events"
        mine = "the total" if claimed.scope == "total" else "one event"
        return made(
            other, NOT_COMPARABLE, f"the passage's figure is for {what}, the claim's for {mine}"
        )
    agreeing = [amount for amount in same_kind if claimed.interval.overlaps(amount.interval)]
    if agreeing:
        plain = [amount for amount in agreeing if not amount.interval.hedged]
        exact = [a for a in agreeing if math.isclose(a.interval.value, claimed.interval.value)]
        best = (exact or plain or agreeing)[0]
        if best.interval.hedged and not math.isclose(best.interval.value, claimed.interval.value):
            return made(best, APPROXIMATE, _hedge_reason(best))
        if claimed.interval.hedged and not math.isclose(
            best.interval.value, claimed.interval.value
        ):
            return made(best, AGREE, f"within the claim's own hedge: {_hedge_reason(claimed)}")
        return made(best, AGREE, "the same figure")
    # No agreeing figure: the nearest one that measures the same thing decides.
    measured = [amount for amount in same_kind if claimed.same_measure(amount)]
    if not measured:
        other = min(same_kind, key=lambda a: abs(a.interval.value - claimed.interval.value))
        return made(
            other,
            NOT_COMPARABLE,
            f"the passage's {claimed.unit} figures measure something else (too few words in "
            "common around them)",
        )
    nearest = min(measured, key=lambda a: abs(a.interval.value - claimed.interval.value))
    days = days_between(claim_date, figure_day)
    claimed_value, passage_value = claimed.interval.value, nearest.interval.value
    if days and (nearest.running or claimed.running):
        when = f"{abs(days)} day{'s' if abs(days) != 1 else ''}"
        if days > 0 and passage_value > claimed_value:
            return made(
                nearest,
                LATER_FIGURE,
                f"a running total counted {when} after the article, larger than the claim's",
            )
        if days < 0 and passage_value < claimed_value:
            return made(
                nearest,
                EARLIER_FIGURE,
                f"a running total counted {when} before the article, smaller than the claim's",
            )
    reason = f"{_number(passage_value)}, not {_number(claimed_value)}"
    if nearest.interval.hedged or claimed.interval.hedged:
        passage_words = " ".join(nearest.quantity.text.split())
        reason = f"“{passage_words}” against “{claim_surface}”"
    if days and (nearest.running or claimed.running):
        side = "after" if days > 0 else "before"
        direction = "smaller" if passage_value < claimed_value else "larger"
        reason += f"; a running total does not get {direction} when counted {side}"
    return made(nearest, DIFFERS, reason)


def check_quantities(
    claim_quantities: Sequence[Quantity],
    passage_text: str,
    *,
    claim_text: str | None = None,
    claim_date: dt.date | None = None,
    source_date: dt.date | None = None,
) -> list[QuantityCheck]:
    """One check per claim quantity with a unit (range ends merged), in claim order.

    ``claim_text`` is the text the claim quantities were found in (offsets from 0): it gives
    them their context, their unit after a killing verb, and whether each counts one event or a
    total. ``claim_date`` is the article's date, ``source_date`` the source's; with both, a
    running total that moved on between them is a later (earlier) figure, not a difference.
    """
    claim = _intervals(claim_quantities, claim_text or "", 0)
    if not claim:
        return []
    passage = _intervals(extract_quantities(passage_text), passage_text, 0)
    figure_day = figure_date(passage_text, source_date)

    def check(claimed: _Amount, figures: list[_Amount]) -> QuantityCheck:
        return _check(
            claimed,
            figures,
            offset=0,
            passage_text=passage_text,
            claim_date=claim_date,
            figure_day=figure_day,
        )

    checks = [check(claimed, passage) for claimed in claim]
    # A passage figure that agrees with one claim figure is not evidence against another: in
    # "inflation eased to 3.1% from 3.4%", a passage's 3.1% is the claim's 3.1%, and it says
    # nothing of the 3.4% before it.
    agreed = {(c.passage_start, c.passage_end) for c in checks if c.verdict in {AGREE, APPROXIMATE}}
    if not agreed:
        return checks
    others = [amount for amount in passage if _passage_span(amount, 0) not in agreed]
    return [
        check(claimed, others)
        if found.verdict not in {AGREE, APPROXIMATE}
        and (found.passage_start, found.passage_end) in agreed
        else found
        for claimed, found in zip(claim, checks, strict=True)
    ]


def number_agreement(
    claim_quantities: Sequence[Quantity], passage_text: str, *, claim_text: str | None = None
) -> str:
    """Do the passage's numbers agree with the claim's? "agree" | "conflict" | "none".

    Without dates: "conflict" when some claim quantity has comparable passage figures (of the
    same kind: not an event's count against a total) and none of them agrees; else "agree" when
    some claim quantity agrees, or a distinctive bare number (see below) recurs; else "none".
    """
    checks = check_quantities(claim_quantities, passage_text, claim_text=claim_text)
    verdicts = {check.verdict for check in checks}
    if DIFFERS in verdicts:
        return OVERALL_CONFLICT
    if verdicts & {AGREE, APPROXIMATE}:
        return OVERALL_AGREE
    if bare_number_recurs(claim_quantities, claim_text or "", passage_text):
        return OVERALL_AGREE
    return OVERALL_NONE


# Below this a bare number ("3", "21") recurs too easily to say two texts agree on it.
BARE_NUMBER_MIN = 100


def bare_number_recurs(quantities: Sequence[Quantity], text: str, passage_text: str) -> bool:
    """A bare claim number ("rose to 212,000") has no unit to compare, so it can never make a
    conflict; but the same distinctive number in a passage about the same thing agrees."""
    bare = []
    for quantity in quantities:
        if quantity.qualifier or quantity.value < BARE_NUMBER_MIN or _unit(quantity, text, 0):
            continue
        context = _context(quantity, text, 0)
        if context:
            bare.append((quantity.value, _precision(quantity) / 2, context))
    if not bare:
        return False
    passage_numbers = extract_quantities(passage_text)
    return any(
        abs(comparable_value(other)[0] - value) <= half
        and context & _context(other, passage_text, 0)
        for value, half, context in bare
        for other in passage_numbers
    )
