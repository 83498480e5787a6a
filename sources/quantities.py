"""Quantities in running text: numbers (digits or words) with their unit noun and qualifier.

Shared by claim extraction (workbench.claims) and number agreement (sources.matching).

Rules, so that callers know what a ``Quantity`` means:

- ``value`` is the number as a float: "1,200" -> 1200, "2.5 million" -> 2_500_000,
  "eighty-two" -> 82 (number words go through text2num), "two-thirds" -> 0.666...
- ``unit`` is the noun that follows, lowercased as written ("attacks", "people"), with a few
  normalisations: money is a currency code ("$3 billion" -> "USD"), percentages are "percent",
  fractions are "fraction" (value 0..1), and a bare number has ``None``. When the noun is
  followed by a casualty participle ("82 people were killed") or preceded by a killing verb
  ("killed 82 people") the unit is noun plus participle, "people killed", which
  ``canonical_unit`` maps to "deaths".
- ``qualifier`` is the hedge written before the number ("at least", "about", "more than", ...,
  "~" becomes "about"), or None. A range ("20 to 30 deaths", "between 20 and 30", "20-30%")
  gives two quantities: the low end with qualifier "from" and the high end with qualifier "to",
  both with the unit written after the high end.
- ``text`` is the surface text, qualifier and unit included: ``scanned[start - offset:end -
  offset] == text``.

Numbers that are not amounts are left out: years ("in 2025"; a bare 4-digit number from 1600 to
2199 with no unit or before a singular noun, "a 2021 report"; "2024-25"; "from 2019 to 2021"),
days next to a month name ("November 17", "17 Nov"), times ("10:30", "7 p.m."), ordinals
("21st"), numbers glued to letters ("F-35", "COVID-19", "G7"), numbers in names (a digit number
right after a capitalised word, "Section 230"; a capitalised number word inside a sentence,
"Air Force One"), and "one" used as a pronoun ("one of the", "no one").
Vague plurals ("dozens of", "millions of") are not quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from text_to_num import text2num


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text. Offsets are into the text that was scanned."""

    value: float
    unit: str | None  # noun, e.g. "deaths", "attacks", "percent", "USD"
    qualifier: str | None  # "at least", "about", "more than", "up to", ...
    text: str  # surface text, text[start:end]
    start: int
    end: int


_UNITS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    "|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    "|eighty|ninety"
)
_SCALES = "hundred|thousand|million|billion|trillion"
_NUMBER_WORD = rf"(?:{_UNITS}|{_SCALES})\b"
# "and" joins number words only after a scale word ("three hundred and twenty"), so that
# "twenty and thirty" stays two numbers.
_AND_AFTER_SCALE = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion)|(?<=trillion))"
_WORD_RUN = (
    rf"(?:a[ \t]+(?=(?:{_SCALES})\b))?{_NUMBER_WORD}"
    rf"(?:(?:[ \t]+|[ \t]*-[ \t]*|{_AND_AFTER_SCALE}[ \t]+and[ \t]+){_NUMBER_WORD})*"
)
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
_NUMERATORS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
# Plural denominators are always fractions ("two-thirds"); a singular one only with "of" after
# it, because "a third time" and "one fifth" of a bottle look alike otherwise.
_FRACTION = (
    r"\b(?P<numerator>a|one|two|three|four|five|six|seven|eight|nine)[ \t]*[- \t][ \t]*"
    r"(?P<denominator>halves|thirds|quarters|fourths|fifths|sixths|sevenths|eighths|ninths|tenths"
    r"|(?:half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?=[ \t]+of\b))\b"
    r"|\b(?P<dozen_count>a|one|two|three|four|five|six|seven|eight|nine|ten|half[ \t]+a)"
    r"[ \t]+dozen\b"
    r"|\b(?P<half_scale>half[ \t]+an?[ \t]+(?P<scale_word>thousand|million|billion|trillion))\b"
    r"|\b(?P<half>half)(?=[ \t]+(?:of|the|a|an)\b)"
)
_DIGITS = (
    r"(?P<currency>US\$|\$|€|£|¥)?[ \t]?"
    r"(?<![\w.,/:])(?<![A-Za-z]-)"
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<glued_scale>bn|m|k)?"
    r"(?![\w/:]|[.,]\d)"
)
_NUMBER_WORD_RE = re.compile(rf"(?:{_UNITS}|{_SCALES}|dozen|half)", re.IGNORECASE)
_ATOM_RE = re.compile(
    rf"(?:{_FRACTION})|(?:{_DIGITS})|(?P<words>\b{_WORD_RUN})",
    re.IGNORECASE,
)
# Where a number can start. Scanning lowercased text with a case-sensitive pattern is several
# times faster than one big case-insensitive pattern; the full atom pattern then runs only at
# these few places.
_CANDIDATE_WORDS = (
    rf"{_UNITS}|{_SCALES}|dozen|half|halves|thirds?|quarters?|fourths?|fifths?|sixths?"
    r"|sevenths?|eighths?|ninths?|tenths?"
)
_CANDIDATE_RE = re.compile(rf"[\d$€£¥]|\b(?:{_CANDIDATE_WORDS})\b")
_CANDIDATE_ANY_CASE_RE = re.compile(_CANDIDATE_RE.pattern, re.IGNORECASE)
_GLUED_SCALES = {"bn": 1e9, "m": 1e6, "k": 1e3}
_SCALE_WORDS = frozenset(_SCALES.split("|"))
_SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Units of time and distance: "N in M minutes" is an amount within a span, not a ratio.
_SPAN_UNITS = frozenset(
    "second minute hour day night week month year decade century mile kilometre kilometer km "
    "metre meter lap round game match inning".split()
)
_RATIO_JOIN_RE = re.compile(r"[ \t]+(?:in|out[ \t]+of)(?:[ \t]+every)?[ \t]+", re.IGNORECASE)
_SCALE_AFTER_RE = re.compile(r"[ \t]+(thousand|million|billion|trillion)\b", re.IGNORECASE)
_PERCENT_AFTER_RE = re.compile(
    r"[ \t]*(%)|[ \t]+(percentage[ \t]+points?|per[ \t]?cent|pct)\b", re.IGNORECASE
)
_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "yen": "JPY",
    "yuan": "CNY",
    "rupees": "INR",
    "pesos": "MXN",
    "rubles": "RUB",
    "roubles": "RUB",
}
_CURRENCY_WORD_AFTER_RE = re.compile(
    r"[ \t]+(?:US[ \t]+)?(dollars?|euros?|yen|yuan|rupees|pesos|r[o]?ubles)\b", re.IGNORECASE
)
# Words that may sit between a number and its noun without being the noun themselves.
_MODIFIERS = frozenset(
    "more new other additional further alleged suspected confirmed reported separate known "
    "total registered armed unarmed innocent young small large major minor recorded "
    "documented estimated different similar previous".split()
)
# Words that cannot be a unit noun: a number followed by one of these is bare.
_NOT_UNITS = frozenset(
    "a an the and or but nor of to in on at for from by with as into onto than then that "
    "which who whom whose what when where why how this these those it its is are was were be "
    "been being has have had do does did will would shall should can could may might must "
    "not no so if per vs versus via up down out off over under about after before since "
    "until while during against between among through across per cent percent also only "
    "just even still yet all each every both either neither some any such".split()
)
_UNIT_AFTER_RE = re.compile(r"(?:[ \t]+|-)([A-Za-z][A-Za-z']*(?:-[A-Za-z]+)*)")
_PARTICIPLE_AFTER_RE = re.compile(
    r"[ \t]+(?:(?:were|was|are|is|have[ \t]+been|has[ \t]+been|had[ \t]+been|being|been|"
    r"reportedly|reported)[ \t]+)?"
    r"(killed|dead|died|injured|wounded|hurt|arrested|detained|displaced|missing|evacuated)\b",
    re.IGNORECASE,
)
_CASUALTY_WORDS = frozenset(
    "killed dead died injured wounded hurt arrested detained displaced missing evacuated".split()
)
_KILLING_VERBS = frozenset({"killed", "killing", "kills", "kill"})
_QUALIFIERS = frozenset(
    {
        "at least",
        "at most",
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "more than",
        "less than",
        "fewer than",
        "over",
        "under",
        "up to",
        "as many as",
        "as much as",
        "as few as",
        "some",
        "an estimated",
        "estimated",
        "close to",
        "just over",
        "just under",
        "well over",
        "upwards of",
        "in excess of",
        "no fewer than",
        "no more than",
        "no less than",
        "exactly",
        "only",
        "between",
        "from",
        "~",
    }
)
_QUALIFIER_NORMAL = {"~": "about", "an estimated": "estimated"}
# "May" is capitalised-only: lowercase "may" is the verb.
_MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
_MONTH_AFTER_RE = re.compile(rf"[ \t]+(?:of[ \t]+)?(?:{'|'.join(sorted(_MONTHS))})\b")
_YEAR_CONTEXT_WORDS = frozenset(
    "in since by from until till through during before after of early late mid year summer "
    "winter spring autumn fall and or to circa".split()
)
_TIME_AFTER_RE = re.compile(r"[ \t]*(?:a\.?m\.?|p\.?m\.?)(?![A-Za-z])", re.IGNORECASE)
# Capitalised words that can stand before a number at a sentence start without naming it.
_NOT_NAME_WORDS = (
    _NOT_UNITS
    | _MODIFIERS
    | frozenset(
        "his her their our my your its another nearly almost about around over some roughly only "
        "just approximately more fewer less up at least estimated exactly".split()
    )
)
_ONE_AS_PRONOUN_BEFORE = frozenset(
    "the no any every each this that which some someone anyone everyone".split()
)
_YEAR_SPAN_BEFORE_RE = re.compile(r"(?<!\d)(?:1[6-9]|2[01])\d\d[-–/]$")
_RANGE_JOIN_RE = re.compile(r"[ \t]*(?:-|–|—|to|and)[ \t]*$", re.IGNORECASE)
_SENTENCE_OPENERS = frozenset('.!?:;"“‘([')
# Words before a number, punctuation marks as their own tokens; read from a short window.
_TOKEN_RE = re.compile(r"[\w']+|[^\w\s]")
_MAX_NUMBER_WORDS = 12
# Bounds how far back a qualifier or context word is looked for, keeping the scan linear.
_LOOKBACK = 32


@dataclass(slots=True)
class _Atom:
    """A number under construction, before ranges are joined."""

    value: float
    start: int
    end: int  # end of the number (and scale, percent or currency word), before the unit
    unit: str | None
    unit_end: int  # end including the unit noun (and participle)
    is_word: bool
    is_fraction: bool
    has_currency: bool
    has_scale: bool
    is_percent: bool
    digits_text: str


def extract_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Return the quantities in ``text``; offsets are shifted by ``offset``."""
    if not text:
        return []
    atoms: list[_Atom] = []
    # Words already read as a scale or unit ("2.5 million", "a dozen half") are not re-read.
    consumed_to = 0
    for candidate in _candidates(text):
        position = candidate.start()
        if position < consumed_to:
            continue
        match = _atom_match_at(text, position)
        if match is None:
            continue
        for atom in _atoms_from_match(text, match):
            if atom.start < consumed_to:
                continue
            atoms.append(atom)
            consumed_to = atom.unit_end
        consumed_to = max(consumed_to, match.end())
    quantities: list[Quantity] = []
    index = 0
    while index < len(atoms):
        atom = atoms[index]
        following = atoms[index + 1] if index + 1 < len(atoms) else None
        if following is not None and (ratio := _ratio_atom(text, atom, following)):
            quantities.append(_single_quantity(text, ratio, offset))
            index += 2
            continue
        if following is not None and _is_range(text, atom, following):
            if _is_amount(text, atom) and _is_amount(text, following):
                quantities.extend(_range_quantities(text, atom, following, offset))
            index += 2  # a span of years ("from 2019 to 2021") is no quantity at all
            continue
        if _is_amount(text, atom):
            quantities.append(_single_quantity(text, atom, offset))
        index += 1
    return quantities


def canonical_unit(unit: str | None) -> str | None:
    """Map a unit as written to a comparable form: "people killed" and "fatalities" -> "deaths".

    Groups: deaths (killed, dead, died, deaths, fatalities), injuries (injured, wounded),
    attacks (attacks, strikes, airstrikes, raids), percent (percent, %, per cent), people
    (people, persons, individuals); currency codes stay as they are; any other noun is reduced
    to a naive singular ("vessels" -> "vessel") so that singular and plural compare equal.
    """
    if unit is None:
        return None
    lowered = " ".join(unit.lower().split())
    if not lowered:
        return None
    if lowered.isupper() or lowered.upper() in _CURRENCY_SYMBOLS.values():
        return lowered.upper()
    words = set(re.split(r"[\s-]+", lowered))
    if words & {"killed", "dead", "died", "death", "deaths", "fatalities", "fatality", "killings"}:
        return "deaths"
    if words & {"injured", "wounded", "hurt", "injuries", "injury"}:
        return "injuries"
    if words & {"attack", "attacks", "strike", "strikes", "airstrike", "airstrikes", "raid"}:
        return "attacks"
    if lowered == "raids":
        return "attacks"
    if lowered in {"percentage points", "percentage point", "points"}:
        return "percentage points"
    if lowered in {"percent", "%", "per cent", "pct", "percentage"}:
        return "percent"
    if lowered in {"people", "persons", "person", "individuals", "individual"}:
        return "people"
    return _naive_singular(lowered)


def comparable_value(quantity: Quantity) -> tuple[float, str | None]:
    """Value and canonical unit in a form where fractions compare with percentages."""
    if quantity.unit == "fraction":
        return quantity.value * 100, "percent"
    return quantity.value, canonical_unit(quantity.unit)


def _candidates(text: str) -> Iterator[re.Match[str]]:
    lowered = text.lower()
    if len(lowered) == len(text):  # lowercasing kept every offset
        return _CANDIDATE_RE.finditer(lowered)
    return _CANDIDATE_ANY_CASE_RE.finditer(text)


def _atom_match_at(text: str, position: int) -> re.Match[str] | None:
    """The full atom at a candidate, including a leading "a " or "US" the candidate skipped."""
    lead = text[max(0, position - 2) : position].lower()
    if lead == "a " or (lead == "us" and text[position] == "$"):
        match = _ATOM_RE.match(text, position - 2)
        if match is not None:
            return match
    return _ATOM_RE.match(text, position)


def _naive_singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _atoms_from_match(text: str, match: re.Match[str]) -> list[_Atom]:
    if match.group("denominator") or match.group("half"):
        return [_fraction_atom(text, match)]
    if match.group("half_scale"):
        atom = _finish_atom(
            text,
            value=0.5 * _SCALE_VALUES[match.group("scale_word").lower()],
            start=match.start(),
            end=match.end(),
            is_word=True,
            currency=None,
            has_scale=True,
            digits_text="",
        )
        return [atom] if atom is not None else []
    if match.group("dozen_count"):
        atom = _dozen_atom(text, match)
        return [atom] if atom is not None else []
    if match.group("digits"):
        atom = _digit_atom(text, match)
        return [atom] if atom is not None else []
    return _word_atoms(text, match)


def _fraction_atom(text: str, match: re.Match[str]) -> _Atom:
    if match.group("half"):
        value = 0.5
    else:
        numerator = _NUMERATORS[match.group("numerator").lower()]
        value = numerator / _DENOMINATORS[match.group("denominator").lower()]
    return _Atom(
        value=value,
        start=match.start(),
        end=match.end(),
        unit="fraction",
        unit_end=match.end(),
        is_word=True,
        is_fraction=True,
        has_currency=False,
        has_scale=False,
        is_percent=False,
        digits_text="",
    )


def _dozen_atom(text: str, match: re.Match[str]) -> _Atom | None:
    count = match.group("dozen_count").lower()
    dozens = 0.5 if count.startswith("half") else _NUMERATORS.get(count) or 10
    return _finish_atom(
        text,
        value=12.0 * dozens,
        start=match.start(),
        end=match.end(),
        is_word=True,
        currency=None,
        has_scale=False,
        digits_text="",
    )


def _digit_atom(text: str, match: re.Match[str]) -> _Atom | None:
    digits = match.group("digits")
    if len(digits) > 18:
        return None  # an identifier or a run of digits, not an amount
    value = float(digits.replace(",", ""))
    currency = match.group("currency")
    glued = match.group("glued_scale")
    start = match.start("currency") if currency else match.start("digits")
    end = match.end()
    has_scale = False
    if glued:
        # "5m" is five million only after a currency sign; "5k" likewise ("5km" never matches).
        if not currency:
            return None
        value *= _GLUED_SCALES[glued.lower()]
        has_scale = True
    else:
        scale = _SCALE_AFTER_RE.match(text, end)
        if scale:
            value *= _SCALE_VALUES[scale.group(1).lower()]
            end = scale.end()
            has_scale = True
    return _finish_atom(
        text,
        value=value,
        start=start,
        end=end,
        is_word=False,
        currency=_CURRENCY_SYMBOLS[currency.lower()] if currency else None,
        has_scale=has_scale,
        digits_text=digits,
    )


def _word_atoms(text: str, match: re.Match[str]) -> list[_Atom]:
    """Number words become values through text2num; a run it rejects is split into the
    longest valid pieces from the left ("one two" -> 1, 2)."""
    atoms: list[_Atom] = []
    run_start = match.start("words")
    tokens = [
        (token.start() + run_start, token.end() + run_start, token.group())
        for token in re.finditer(r"[A-Za-z]+", match.group("words"))
    ]
    index = 0
    while index < len(tokens):
        if index + 1 < len(tokens) and not _may_follow(tokens[index][2], tokens[index + 1][2]):
            # The next word starts a new number ("one two"): read this word on its own.
            pieces = [tokens[index]]
        else:
            pieces = tokens
        # A written number has at most a dozen words; the cap keeps a long run linear.
        last = index + 1 if len(pieces) == 1 else min(len(tokens), index + _MAX_NUMBER_WORDS)
        for stop in range(last, index, -1):
            words = [word.lower() for _, _, word in tokens[index:stop]]
            if words[0] == "a":
                if len(words) == 1:
                    continue
                words = words[1:]
            if words[-1] == "and":
                continue
            try:
                value = float(text2num(" ".join(words), "en"))
            except ValueError:
                continue
            start, end = tokens[index][0], tokens[stop - 1][1]
            atom = _finish_atom(
                text,
                value=value,
                start=start,
                end=end,
                is_word=True,
                currency=None,
                has_scale=bool(set(words) & set(_SCALE_VALUES)),
                digits_text="",
            )
            if atom is not None:
                atoms.append(atom)
            index = stop
            break
        else:
            index += 1
    return atoms


_SMALL = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split()
)
_TENS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())


def _may_follow(word: str, following: str) -> bool:
    """Whether ``following`` can continue the number that ``word`` is part of."""
    word, following = word.lower(), following.lower()
    if word in _SMALL:
        return following in _SCALE_WORDS
    if word in _TENS:
        return following in _SCALE_WORDS or following in _SMALL
    return True


def _finish_atom(
    text: str,
    *,
    value: float,
    start: int,
    end: int,
    is_word: bool,
    currency: str | None,
    has_scale: bool,
    digits_text: str,
) -> _Atom | None:
    """Attach percent, currency word and unit noun after the number."""
    unit: str | None = currency
    is_percent = False
    percent = _PERCENT_AFTER_RE.match(text, end)
    if percent and not currency:
        written = (percent.group(1) or percent.group(2)).lower()
        unit = "percentage points" if written.startswith("percentage") else "percent"
        end = percent.end()
        is_percent = True
    elif currency is None:
        currency_word = _CURRENCY_WORD_AFTER_RE.match(text, end)
        if currency_word:
            unit = _CURRENCY_WORDS[currency_word.group(1).lower()]
            end = currency_word.end()
    unit_end = end
    if unit is None:
        if _TIME_AFTER_RE.match(text, end):
            return None
        unit, unit_end = _unit_noun_after(text, end)
        if unit is not None:
            tokens = _tokens_before(text, start)
            _, qualifier_tokens = _qualifier_in(tokens)
            verb = (
                tokens[-qualifier_tokens - 1][0].lower() if len(tokens) > qualifier_tokens else ""
            )
            if verb in _KILLING_VERBS and not unit.endswith(" killed"):
                unit = f"{unit} killed"
    return _Atom(
        value=value,
        start=start,
        end=end,
        unit=unit,
        unit_end=unit_end,
        is_word=is_word,
        is_fraction=False,
        has_currency=currency is not None,
        has_scale=has_scale,
        is_percent=is_percent,
        digits_text=digits_text,
    )


def _unit_noun_after(text: str, end: int) -> tuple[str | None, int]:
    position = end
    for _ in range(3):  # at most two modifiers, then the noun
        word_match = _UNIT_AFTER_RE.match(text, position)
        if not word_match:
            return None, end
        word = word_match.group(1).lower()
        if word in _NOT_UNITS or any(_NUMBER_WORD_RE.fullmatch(part) for part in word.split("-")):
            return None, end
        position = word_match.end()
        if word in _MODIFIERS:
            continue
        if len(word) > 4 and word.endswith("ed") and word not in _CASUALTY_WORDS:
            return None, end  # a past-tense verb ("230 boarded"), not a noun
        participle = _PARTICIPLE_AFTER_RE.match(text, position)
        if participle and word not in _CASUALTY_WORDS:
            return f"{word} {participle.group(1).lower()}", participle.end()
        return word, position
    return None, end


def _tokens_before(text: str, start: int) -> list[tuple[str, int]]:
    """The last few tokens before ``start`` with their positions in ``text``."""
    window_start = max(0, start - _LOOKBACK)
    matches = list(_TOKEN_RE.finditer(text, window_start, start))
    if window_start > 0 and matches and matches[0].start() == window_start:
        matches = matches[1:]  # may be the tail of a longer word cut by the window
    return [(match.group(), match.start()) for match in matches[-4:]]


def _qualifier_in(tokens: list[tuple[str, int]]) -> tuple[str | None, int]:
    """The qualifier ending the tokens and how many tokens it takes (0 when there is none)."""
    for count in (3, 2, 1):
        if len(tokens) >= count:
            written = " ".join(word.lower() for word, _ in tokens[-count:])
            if written in _QUALIFIERS:
                return _QUALIFIER_NORMAL.get(written, written), count
    return None, 0


def _qualifier_before(text: str, start: int) -> tuple[str | None, int]:
    tokens = _tokens_before(text, start)
    qualifier, count = _qualifier_in(tokens)
    if qualifier is None:
        return None, start
    return qualifier, tokens[-count][1]


def _at_sentence_start(text: str, start: int, tokens: list[tuple[str, int]]) -> bool:
    if not tokens:
        return start - _LOOKBACK <= 0 or "\n" in text[max(0, start - _LOOKBACK) : start]
    last_word, last_start = tokens[-1]
    return last_word in _SENTENCE_OPENERS or "\n" in text[last_start:start]


def _is_amount(text: str, atom: _Atom) -> bool:
    """False for years, days of a month, names and pronoun "one"; see the module docstring."""
    if atom.is_fraction or atom.has_currency or atom.is_percent:
        return True
    tokens = _tokens_before(text, atom.start)
    qualifier, _ = _qualifier_in(tokens)
    last_word = tokens[-1][0] if tokens else ""
    if last_word == "." and len(tokens) > 1:
        last_word = tokens[-2][0]  # "Nov. 17"
    if not atom.is_word:
        digits = atom.digits_text
        if _YEAR_SPAN_BEFORE_RE.search(text, max(0, atom.start - 5), atom.start):
            return False  # the "25" of "2024-25"
        if not atom.has_scale and "," not in digits and "." not in digits:
            number = int(digits) if len(digits) < 10 else 0
            if 1 <= number <= 31 and (
                last_word in _MONTHS or _MONTH_AFTER_RE.match(text, atom.end)
            ):
                return False
            if len(digits) == 4 and 1600 <= number <= 2199:
                if atom.unit is None or last_word in _MONTHS or last_word == ",":
                    return False
                if last_word.lower() in _YEAR_CONTEXT_WORDS:
                    return False
                if qualifier is None and not atom.unit.endswith("s"):
                    return False  # a year as an adjective: "a 2021 report", "the 2020 vote"
        if qualifier is None and last_word[:1].isupper() and last_word.isalpha():
            if last_word.lower() not in _NOT_NAME_WORDS and last_word not in _MONTHS:
                return False  # "Section 230", "Boeing 737": the number is part of a name
        return True
    surface = text[atom.start : atom.end]
    if surface[:1].isupper() and not _at_sentence_start(text, atom.start, tokens):
        return False  # "Air Force One"
    if atom.value == 1 and not atom.has_scale:
        if atom.unit is None or last_word.lower() in _ONE_AS_PRONOUN_BEFORE:
            return False
    return True


def _ratio_atom(text: str, part: _Atom, whole: _Atom) -> _Atom | None:
    """ "1 in 5 posts", "seven out of 10 voters": one fraction, so it compares with "20%"."""
    if part.unit_end != part.end or part.is_percent or part.has_currency or part.is_fraction:
        return None
    if whole.is_percent or whole.has_currency or whole.is_fraction:
        return None
    if not _RATIO_JOIN_RE.fullmatch(text, part.end, whole.start):
        return None
    if whole.unit and _naive_singular(whole.unit.lower()) in _SPAN_UNITS:
        return None  # "5 in 90 minutes", "3 in 10 km": an amount within a span
    if not (part.value.is_integer() and whole.value.is_integer() and 0 < part.value < whole.value):
        return None
    if not whole.is_word and len(whole.digits_text) == 4 and "," not in whole.digits_text:
        if 1600 <= whole.value <= 2199:
            return None  # "3 in 2020": a count and a year
    return _Atom(
        value=part.value / whole.value,
        start=part.start,
        end=whole.end,
        unit="fraction",
        unit_end=whole.end,
        is_word=part.is_word and whole.is_word,
        is_fraction=True,
        has_currency=False,
        has_scale=False,
        is_percent=False,
        digits_text="",
    )


def _is_range(text: str, low: _Atom, high: _Atom) -> bool:
    if low.unit_end != low.end and not low.is_percent and not low.has_currency:
        return False  # "20 attacks and 30 deaths" are two quantities, not a range
    between = text[low.end : high.start]
    if len(between) > 6 or not _RANGE_JOIN_RE.fullmatch(between):
        return False
    joiner = between.strip().lower()
    if joiner == "and":
        qualifier, _ = _qualifier_before(text, low.start)
        return qualifier == "between"
    return low.value <= high.value


def _range_quantities(text: str, low: _Atom, high: _Atom, offset: int) -> list[Quantity]:
    unit = high.unit if not low.is_percent and not low.has_currency else low.unit
    _, low_start = _qualifier_before(text, low.start)
    return [
        Quantity(
            value=low.value,
            unit=unit,
            qualifier="from",
            text=text[low_start : low.end],
            start=low_start + offset,
            end=low.end + offset,
        ),
        Quantity(
            value=high.value,
            unit=unit,
            qualifier="to",
            text=text[high.start : high.unit_end],
            start=high.start + offset,
            end=high.unit_end + offset,
        ),
    ]


def _single_quantity(text: str, atom: _Atom, offset: int) -> Quantity:
    qualifier, start = _qualifier_before(text, atom.start)
    if qualifier in {"between", "from"}:
        qualifier, start = None, atom.start
    return Quantity(
        value=atom.value,
        unit=atom.unit,
        qualifier=qualifier,
        text=text[start : atom.unit_end],
        start=start + offset,
        end=atom.unit_end + offset,
    )
