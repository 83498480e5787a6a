"""Quantities in running text: numbers (digits or words) with their unit noun and qualifier.

Shared by claim extraction (claims) and number agreement (evidence.matching).

Rules, so that callers know what a ``Quantity`` means:

- ``value`` is the number as a float: "1,200" -> 1200, "2.5 million" -> 2_500_000, "1.2bn"
  -> 1.2e9, "10k" -> 10_000, "eighty-two" -> 82 (number words go through text2num; "trillion",
  which text2num does not know, is read here), "a trillion-dollar deficit" -> 1e12,
  "two and a half million" -> 2_500_000, "10 1/2" and "10½" -> 10.5, "two-thirds" -> 0.666...
  A minus sign or word makes it negative: "-18 °C", "−3%", "minus five percent", "negative 2%"
  (a hyphen between two numbers, "20-30", stays a range, and "plus or minus 3" stays 3).
  Glued single-letter scales are read with care: "$5m", "€3b" and "5M users" are millions,
  "10k" is ten thousand, but "100m" with no currency and no counted noun after it is 100
  metres (unit "m"), and one digit with a capital letter ("3M", "4K") is a name, not a number.
- ``unit`` is the noun that follows, lowercased as written ("attacks", "people"), with a few
  normalisations: money is an ISO 4217 currency code ("$3 billion" -> "USD", "C$", "CAD 40",
  "40 Canadian dollars" -> "CAD", "HK$" -> "HKD", "A$" -> "AUD", "NZ$" -> "NZD", "MX$" and
  "Mexican pesos" -> "MXN", "EUR 125" and "€125" -> "EUR", "£" -> "GBP"; a bare "$" stays US
  dollars, "USD"; "KSh 350 billion" -> "KES"; "R2.3bn" -> "ZAR" and "N1,550" -> "NGN" only
  glued to a number that looks like money; "Rs 2.5 lakh crore" is 2.5e12 and "₹1,25,000" is
  125,000; "9p", "50 pence" and "12 cents" are hundredths, pence of "GBP", cents of the money
  named before them in the sentence or else "USD"; "pounds" is "GBP" when the sentence speaks
  of money and not of weight, and not before "of" and a thing), percentages are "percent",
  temperatures "°C" or "°F" ("-18 °C", "30C", "40 degrees Celsius"), glued measures as
  written ("10km" -> "km"), fractions are "fraction" (value 0..1), and a bare number has
  ``None``. When the noun is followed by a casualty participle ("82 people were killed") or
  preceded by a killing verb ("killed 82 people") the unit is noun plus participle, "people
  killed", which ``canonical_unit`` maps to "deaths".
- ``qualifier`` is the hedge written before the number ("at least", "about", "more than", "above",
  "exceeding", "greater than", "below", "within", "topped", ..., "~" becomes "about") or after it
  ("50 or more", "65 and over", "50+" -> "or more"; "or fewer", "or less"; "20 or so" -> "or so"),
  or None. A range ("20 to 30 deaths", "between 20 and 30", "20-30%") gives two quantities: the low
  end with qualifier "from" and the high end with qualifier "to", both with the unit written after
  the high end; a scale written once applies to both ends ("20-30 million" is 20 million to 30
  million). The unit may be written at both ends ("between 44 mg and 50 mg", "from 280 ppm to 415
  ppm", rising) or suspended ("a 10- to 15-minute walk"). Only like amounts make a range: "fell 8%
  to $12.50" is a percentage and an amount of money, two quantities, and so are "from 20 attacks to
  30 deaths" and a fall ("from 35% to 15%").
- A rate after a slash keeps its amount and unit, the "per" part in the surface text only:
  "$15/hour" is 15 USD written "$15/hour"; "24/7" and "3/4/2025" are not amounts. Thousands
  grouped by a no-break or thin space ("10 000") are one number.
- A vague amount named by its scale, "several hundred", "a few thousand", "several million
  dollars", has ``value`` the scale (100, 1000, 1e6) and ``qualifier`` "several" or "a few":
  no exact amount is claimed, only "some few times the scale" (``Quantity.is_vague``; number
  matching reads it as 2 to 10 times the value). "A couple of hundred" is "about" 200.
- ``text`` is the surface text, qualifier and unit included: ``scanned[start - offset:end -
  offset] == text``.

Numbers that are not amounts are left out: years ("in 2025"; a bare 4-digit number from 1600 to
2199 with no unit or before a singular noun, "a 2021 report"; "2024-25"; "from 2019 to 2021"),
days next to a month name ("November 17", "17 Nov"), times ("10:30", "7 p.m."), ordinals
("21st"), numbers glued to letters ("F-35", "COVID-19", "G7"), numbers in names (a digit number
right after a capitalised word, "Section 230"; a capitalised number word inside a sentence,
"Air Force One"), designations after a lower-case noun ("type 2 diabetes", "a phase 3 trial",
"flight 370"), the first of two days before a month ("15 and 16 December"), and "one" used as a
pronoun ("one of the", "no one").
Vague plurals before "of" are vague amounts like "several hundred": "dozens of homes" is 12
homes, "tens of thousands of people" 10,000 people and "hundreds of millions of dollars" 1e8
USD, each with its words as the qualifier ("dozens", "tens of thousands"; ``is_vague``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from text_to_num import text2num

from claim_workbench.text.number_words import NUMBER_WORDS, SCALES, alternation

# Qualifiers of an amount named only by its scale ("several hundred", "dozens of", "tens of
# thousands of"): see the module docstring.
_PLURAL_SCALES = {"dozens": 12.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6}
_PLURAL_SCALES["billions"] = 1e9
VAGUE_QUALIFIERS = frozenset(
    {"several", "a few"}
    | set(_PLURAL_SCALES)
    | {f"{many} of {scale}" for many in ("tens", "hundreds") for scale in _PLURAL_SCALES}
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text. Offsets are into the text that was scanned."""

    value: float
    unit: str | None  # noun, e.g. "deaths", "attacks", "percent", "USD"
    qualifier: str | None  # "at least", "about", "more than", "up to", "or more", ...
    text: str  # surface text, text[start:end]
    start: int
    end: int

    @property
    def is_vague(self) -> bool:
        """True for "several hundred", "a few thousand": ``value`` is only the scale named.

        Read from the qualifier, so a quantity rebuilt from stored fields keeps it.
        """
        return self.qualifier in VAGUE_QUALIFIERS


_UNITS = alternation(NUMBER_WORDS)
_SCALES = alternation(SCALES)
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
# "one and a half million", "two-and-a-half", "a million and a half".
_MIXED_PARTS = {"half": 1 / 2, "quarter": 1 / 4, "third": 1 / 3}
_MIXED = (
    rf"\b(?P<mixed_whole>\d{{1,3}}|(?:{_UNITS})(?:[ \t]*-[ \t]*(?:{_UNITS}))?)"
    r"(?:[ \t]+and[ \t]+a[ \t]+|-and-a-)(?P<mixed_part>half|quarter|third)\b"
    r"(?:(?:[ \t]+|-)(?P<mixed_scale>thousand|million|billion|trillion)\b)?"
    r"|\b(?:a|one)[ \t]+(?P<scale_and_half>thousand|million|billion|trillion)[ \t]+and[ \t]+a"
    r"[ \t]+half\b"
)
# "several hundred", "a few thousand", "a couple of hundred": see the module docstring.
_VAGUE = (
    r"\b(?P<vague>several|a[ \t]+few|a[ \t]+couple(?:[ \t]+of)?)[ \t]+"
    r"(?P<vague_scale>(?:dozen|hundred|thousand|million|billion|trillion)"
    r"(?:[ \t]+(?:thousand|million|billion))?)\b"
)
# "dozens of homes", "tens of thousands of people", "hundreds of millions of dollars": the
# scale, vague, with what follows "of" as the unit.
_VAGUE_PLURAL = (
    r"\b(?P<plural>(?:(?:tens|hundreds)[ \t]+of[ \t]+)?(?:dozens|hundreds|thousands|millions"
    r"|billions))[ \t]+of\b"
)
# Words of so many times that compare amounts: "twice the average", "twice as many", "double the
# price", "more than doubled", "tripled", "halved"; not "twice a week" or "a double murder".
# Nor "twice the €48m": the amount it is twice is written, and is what the claim gives.
_RATIO_TO_AMOUNT = (
    r"(?![ \t]+(?:(?:the|its|their|his|her|our|that|those|this|last)[ \t]+)?"
    r"(?:[$£€₹]|[A-Z]{1,3}\$|\d(?!\d{3}\b)))"
)
_RATIO_WORD = (
    r"\b(?P<ratio_word>twice(?=[ \t]+(?:(?:the|as|what|its|their|his|her|our|that|those|this|last)"
    rf"\b|\d)){_RATIO_TO_AMOUNT}"
    rf"|double(?=[ \t]+(?:the|what|its|their|his|her|our|that|those|last)\b){_RATIO_TO_AMOUNT}"
    r"|(?:doubled|doubling|tripled|tripling|trebled|quadrupled|halved|halving)"
    r"(?![ \t]+down\b)(?!-))"
)
_RATIO_WORD_VALUES = {"twi": 2.0, "dou": 2.0, "tri": 3.0, "tre": 3.0, "qua": 4.0, "hal": 0.5}
# "a fourfold increase", "a 10-fold rise": so many times.
_FOLD = rf"\b(?P<fold>{_UNITS}|\d+(?:\.\d+)?)[ \t-]?fold\b"
# Plural denominators are always fractions ("two-thirds"); a singular one only with "of" after
# it, "by" before it ("fell by a fifth", "by about a fifth"), a comparative after it ("a third
# less likely") or after "one" at the end of a clause ("is exactly one sixth."), because "a
# third time" and "one fifth" of a bottle look alike otherwise. "Half" likewise: "half of",
# "by half", "more than half" at the end of a clause.
_FRACTION = (
    r"\b(?P<numerator>a|one|two|three|four|five|six|seven|eight|nine)[ \t]*[- \t][ \t]*"
    r"(?P<denominator>halves|thirds|quarters|fourths|fifths|sixths|sevenths|eighths|ninths|tenths"
    r"|(?:half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?=[ \t]+of\b)"
    r"|(?<=\bone )(?:third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?=[.;!?)]|$)"
    r"|(?:third|quarter|fifth)(?=[ \t]+(?:less|more|fewer|lower|higher|smaller|larger"
    r"|bigger|cheaper|faster|slower)\b)"
    r"|(?:(?<=\bby a )|(?<=\bby one )|(?<=\bby about a )|(?<=\bby almost a )"
    r"|(?<=\bby nearly a )|(?<=\bby roughly a )|(?<=\bby around a ))"
    r"(?:third|quarter|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth)(?=[.,;:!?)\n]|$|[ \t]+(?:since|in|to|from|over|on|and|or|this|last|compared|between"
    r"|after|before|during|within|while|as|amid|despite|when|because|for|at|a|an|the)\b)"
    r")\b"
    r"|\b(?P<dozen_count>a|one|two|three|four|five|six|seven|eight|nine|ten|half[ \t]+a)"
    r"[ \t]+dozen\b"
    r"|\b(?P<half_scale>half[ \t]+an?[ \t]+(?P<scale_word>thousand|million|billion|trillion))\b"
    r"|\b(?P<half>half)(?:(?=[ \t]+(?:of|the|a|an)\b)|(?:(?<=by half)|(?<=than half))"
    r"(?=[.,;:!?)]|$|[ \t]+(?:in|since|from|over|on|and|or|this|last|after)\b))"
)
# "a quarter point", "half a percentage point", "a quarter of a percentage point", "a half-point
# cut": a part of a percentage point, as rates move.
_POINT_FRACTION = (
    r"\b(?P<point_part>(?:a|one)[ \t]+(?:quarter|half)|half|three[ \t-]+quarters)"
    r"(?:[ \t]+of)?(?:[ \t]+an?)?[ \t-]+(?:percentage[ \t]+)?points?\b"
)
_VULGAR = "½¼¾⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
# "3/4", "10 1/2", "½", "10½". Only the denominators of everyday fractions, so that "9/11" and
# "24/7" stay out, and nothing glued to another slash ("3/4/2025" is a date).
_DIGIT_FRACTION = (
    r"(?<![\w.,/:])(?<![A-Za-z]-)"
    rf"(?:(?P<fraction_whole>\d{{1,3}})(?:[ \t]+(?=\d)|(?=[{_VULGAR}])))?"
    r"(?:(?P<fraction_numerator>\d{1,2})/"
    r"(?P<fraction_denominator>2|3|4|5|6|8|10|12|16|32|64|100)"
    rf"|(?P<vulgar>[{_VULGAR}]))"
    r"(?![\w/:]|[.,]\d)"
)
# Money is named by ISO 4217 codes; US dollars keep "USD", as before.
_CURRENCY_CODES = frozenset(
    "USD EUR GBP JPY CNY INR CAD HKD AUD NZD MXN CHF SEK NOK DKK SGD BRL ZAR RUB KRW TRY PLN "
    "ILS NGN UAH TWD SAR AED ARS PHP PKR EGP IDR MYR THB COP CLP KES".split()
)
_CURRENCY_SIGNS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₩": "KRW",
    "₺": "TRY",
    "₪": "ILS",
    "₦": "NGN",
    "₴": "UAH",
}
# Letters written before "$": "C$", "HK$", "A$", ...
_DOLLAR_PREFIXES = {
    "US": "USD",
    "C": "CAD",
    "CA": "CAD",
    "CAN": "CAD",
    "HK": "HKD",
    "A": "AUD",
    "AU": "AUD",
    "NZ": "NZD",
    "MX": "MXN",
    "MEX": "MXN",
    "S": "SGD",
    "SG": "SGD",
    "R": "BRL",
    "NT": "TWD",
}
_DOLLAR_PREFIX_PATTERN = "|".join(sorted(_DOLLAR_PREFIXES, key=len, reverse=True))
# Codes read next to a number; a few are left out because the same capitals name other things
# next to numbers: "COP28" (the climate conference), "PHP 8" (the language), "TRY 5".
_CODE_PATTERN = "|".join(sorted(_CURRENCY_CODES - {"COP", "PHP", "TRY"}))
_OTHER_SIGNS = "".join(sign for sign in _CURRENCY_SIGNS if sign != "$")
# Letters written before the number for a currency that has no sign of its own: "KSh 350
# billion" (Kenyan shillings); "R2.3bn" (South African rand) and "N1,550" (naira) only glued to
# the number, and see _prefix_is_money.
_PREFIX_CODES = {"KSh": "KES", "Ksh": "KES", "R": "ZAR", "N": "NGN"}
_GLUED_PREFIX = r"(?<![A-Za-z])(?-i:R|N)(?=\d)"
_CURRENCY = (
    rf"(?P<currency>(?:(?<![A-Za-z])(?-i:{_DOLLAR_PREFIX_PATTERN}))?\$|[{_OTHER_SIGNS}]"
    rf"|(?<![A-Za-z])(?-i:{_CODE_PATTERN}|Rs\.?|KSh|Ksh)(?![A-Za-z])|{_GLUED_PREFIX})"
)
# What a rate is per, after a slash: "$15/hour", "$100/barrel", "50km/h" (not "24/7" or a date).
_PER = (
    r"(?:hour|hr|h|day|week|wk|month|mo|year|yr|night|barrel|bbl|gallon|gal|litre|liter|l"
    r"|kg|lb|tonne|ton|t|mwh|kwh|share|person|head|capita|sq|m2|km|mile|m|ounce|oz)"
)
_PER_RE = re.compile(rf"/(?i:{_PER})\b(?!/)")
_DIGITS = (
    rf"(?:{_CURRENCY}[ \t]?|(?<![\w.,/:])(?<![A-Za-z]-))"
    # Indian grouping too: "₹1,25,000" is 125,000.
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<glued>[A-Za-z]{1,3})?"
    rf"(?![\w:]|/(?!(?i:{_PER})\b(?!/))|[.,]\d)"
)
_NUMBER_WORD_RE = re.compile(rf"(?:{_UNITS}|{_SCALES}|dozen|half)", re.IGNORECASE)
_ATOM_RE = re.compile(
    rf"(?:{_POINT_FRACTION})|(?:{_MIXED})|(?:{_VAGUE})|(?:{_VAGUE_PLURAL})|(?:{_RATIO_WORD})|(?:{_FOLD})|(?:{_FRACTION})|(?:{_DIGIT_FRACTION})|(?:{_DIGITS})"
    rf"|(?P<words>\b{_WORD_RUN})",
    re.IGNORECASE,
)
# Where a number can start. Scanning lowercased text with a case-sensitive pattern is several
# times faster than one big case-insensitive pattern; the full atom pattern then runs only at
# these few places. A currency code or a "C" of "C$" before the number is found from the digit
# or the "$" (see _atom_match_at).
_CANDIDATE_WORDS = (
    rf"{_UNITS}|{_SCALES}|dozen|half|halves|thirds?|quarters?|fourths?|fifths?|sixths?"
    r"|sevenths?|eighths?|ninths?|tenths?|several|few|couple|twofold|threefold|fourfold"
    r"|fivefold|sixfold|sevenfold|eightfold|ninefold|tenfold|tens|dozens|hundreds|thousands"
    r"|millions|billions|twice|double|doubled|doubling|tripled|tripling|trebled|quadrupled"
    r"|halved|halving"
)


def _by_first_letter(alternatives: str) -> str:
    """``zero|one|two|three`` as ``z(?:ero)|o(?:ne)|t(?:wo|hree)``: the same matches, in the
    same order at each position, but the scan tries a dozen first letters instead of every
    word at every character of the text."""
    groups: dict[str, list[str]] = {}
    for word in alternatives.split("|"):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Two scans, each of a pattern that opens with a character class, so that re's search skips to
# the few places worth trying (one pattern "[marks]|\b(?:words)\b" is tried at every
# character): the marks, and the number words after a character that is not part of a word.
_CANDIDATE_MARK_RE = re.compile(rf"[\d$€£¥{_OTHER_SIGNS}{_VULGAR}]")
_CANDIDATE_WORD_RE = re.compile(rf"\W({_by_first_letter(_CANDIDATE_WORDS)})\b")
_CANDIDATE_MARK_ANY_CASE_RE = re.compile(_CANDIDATE_MARK_RE.pattern, re.IGNORECASE)
_CANDIDATE_WORD_ANY_CASE_RE = re.compile(_CANDIDATE_WORD_RE.pattern, re.IGNORECASE)
_DOLLAR_PREFIX_BEFORE_RE = re.compile(rf"(?<![A-Za-z])(?:{_DOLLAR_PREFIX_PATTERN})$")
_CODE_BEFORE_RE = re.compile(
    rf"(?<![A-Za-z])(?:(?:{_CODE_PATTERN}|Rs\.?|KSh|Ksh)[ \t]?|(?-i:R|N))$"
)
_SCALE_WORDS = frozenset(_SCALES.split("|"))
_SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Abbreviated scales, glued ("1.2bn") or spaced ("5 mln"); they always mean the scale.
_SCALE_ABBREVIATIONS = {
    "bn": 1e9,
    "bln": 1e9,
    "mn": 1e6,
    "mln": 1e6,
    "tn": 1e12,
    "trn": 1e12,
    "crore": 1e7,  # as Indian papers write amounts: "Rs 1,200 crore" is 12 billion rupees
    "crores": 1e7,
    "lakh": 1e5,
    "lakhs": 1e5,
}
# Glued single letters: a scale after a currency ("$5m"), otherwise see _glued_reading.
_GLUED_LETTERS = {"k": 1e3, "m": 1e6, "b": 1e9}
# Measures glued to a number ("10km", "5kg"); the unit is the letters lowercased, as when
# written apart ("10 km").
_GLUED_UNITS = frozenset(
    "km cm mm kg mg ml mph kph kmh ft mi lb lbs ha kw mw gw kwh mwh gwh twh gb tb".split()
)
# Nouns after "100m" that say metres, not millions: "the 400m hurdles".
_METRE_NOUNS = frozenset("hurdles sprints races heats finals metres meters".split())
_PLURAL_WITHOUT_S = frozenset("people children men women police staff cattle".split())
# Units a number measures in, not nouns that describe another ("40 tonne trucks" weigh 40
# tonnes; "34 league games" are games).
_MEASURES = frozenset(
    "second minute hour day week month year decade mile kilometre kilometer metre meter foot "
    "inch yard tonne ton pound kilo kilogram gram litre liter gallon acre hectare storey "
    "seat bed".split()
)
# Units of time and distance: "N in M minutes" is an amount within a span, not a ratio.
_SPAN_UNITS = frozenset(
    "second minute hour day night week month year decade century mile kilometre kilometer km "
    "metre meter lap round game match inning".split()
)
_RATIO_JOIN_RE = re.compile(r"[ \t]+(?:in|out[ \t]+of)(?:[ \t]+every)?[ \t]+", re.IGNORECASE)
_SCALE_AFTER_RE = re.compile(
    r"(?:[ \t]+|-)(thousand|million|billion|trillion|bn|bln|mn|mln|tn|trn|crores?|lakhs?)\b",
    re.IGNORECASE,
)
_PERCENT_AFTER_RE = re.compile(
    r"[ \t]*(%)|(?:[ \t]+|-)(percentage[ \t]+points?|per[ \t-]?cent|pct)\b", re.IGNORECASE
)
# Currency words: (nationality, word) -> code, and the word alone -> code. A word that is not
# money on its own ("pounds", "francs", "real") is money only with its nationality.
_NATIONAL_MONEY = {
    ("us", "dollar"): "USD",
    ("american", "dollar"): "USD",
    ("canadian", "dollar"): "CAD",
    ("australian", "dollar"): "AUD",
    ("hong kong", "dollar"): "HKD",
    ("new zealand", "dollar"): "NZD",
    ("singapore", "dollar"): "SGD",
    ("taiwan", "dollar"): "TWD",
    ("taiwanese", "dollar"): "TWD",
    ("new taiwan", "dollar"): "TWD",
    ("mexican", "peso"): "MXN",
    ("argentine", "peso"): "ARS",
    ("argentinian", "peso"): "ARS",
    ("philippine", "peso"): "PHP",
    ("colombian", "peso"): "COP",
    ("chilean", "peso"): "CLP",
    ("indian", "rupee"): "INR",
    ("pakistani", "rupee"): "PKR",
    ("swiss", "franc"): "CHF",
    ("british", "pound"): "GBP",
    ("egyptian", "pound"): "EGP",
    ("turkish", "lira"): "TRY",
    ("brazilian", "real"): "BRL",
    ("south african", "rand"): "ZAR",
    ("japanese", "yen"): "JPY",
    ("chinese", "yuan"): "CNY",
    ("russian", "ruble"): "RUB",
    ("russian", "rouble"): "RUB",
}
_MONEY_WORDS = {
    "dollar": "USD",
    "euro": "EUR",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "peso": "MXN",
    "ruble": "RUB",
    "rouble": "RUB",
    "sterling": "GBP",
    "pound sterling": "GBP",
    "shekel": "ILS",
    "naira": "NGN",
    "hryvnia": "UAH",
    "zloty": "PLN",
    "reais": "BRL",
    "lira": "TRY",
    "rand": "ZAR",
    "riyal": "SAR",
    "dirham": "AED",
    "kronor": "SEK",
}
_NATIONS = sorted({nation for nation, _ in _NATIONAL_MONEY} - {"us"}, key=len, reverse=True)
_CURRENCY_WORD_AFTER_RE = re.compile(
    r"(?:[ \t]+|-)(?:(?P<nation>U\.?S\.?|"
    + "|".join(nation.replace(" ", r"[ \t]+") for nation in _NATIONS)
    + r")[ \t]+)?(?P<money>dollars?|euros?|yen|yuan|renminbi|rupees?|pesos?|r[o]?ubles?|francs?"
    r"|pounds?(?:[ \t]+sterling)?|sterling|liras?|reais|real|rand|shekels?|naira|hryvnias?"
    r"|riyals?|dirhams?|zlotys?|kronor)\b",
    re.IGNORECASE,
)
_CURRENCY_CODE_AFTER_RE = re.compile(rf"[ \t]+({_CODE_PATTERN})\b")
_TEMPERATURE_AFTER_RE = re.compile(
    r"[ \t]*[°º][ \t]?(?P<letter>(?-i:[CF]))\b"
    r"|[ \t]+degrees?[ \t]+(?P<named>Celsius|centigrade|Fahrenheit|(?-i:[CF])\b)"
    r"|[ \t]*(?P<degree>[°º])",
    re.IGNORECASE,
)
# Qualifiers written after the number: "50 or more", "65 and over", "50+", "20 or so".
_POST_QUALIFIER_RE = re.compile(
    r"[ \t]+or[ \t]+(?P<or>more|greater|higher|above|over|fewer|less|lower|below|under|so)\b"
    r"(?![ \t]+than\b)(?![ \t]*\d)"
    r"|[ \t]+and[ \t]+(?P<and>above|over|up|more)\b(?![ \t]+to\b)(?![ \t]*\d)"
    r"|(?P<plus>\+(?=[ \t]+[a-z]|[ \t]*[),.;:!?]|[ \t]*$)|-plus\b)",
    re.IGNORECASE,
)
_POST_QUALIFIER_NORMAL = {
    "fewer": "or fewer",
    "less": "or less",
    "lower": "or less",
    "below": "or less",
    "under": "or less",
    "so": "or so",
}
# "minus" before any number; "negative" only before digits ("a negative one" is a pronoun).
_NEGATIVE_WORD_BEFORE_RE = re.compile(r"(?<![\w-])(?:minus|negative)[ \t]+$", re.IGNORECASE)
_MINUS_WORD_BEFORE_RE = re.compile(r"(?<![\w-])minus[ \t]+$", re.IGNORECASE)
_PLUS_OR_BEFORE_RE = re.compile(r"(?:plus[ \t]+or|\d)[ \t]*$", re.IGNORECASE)
_MINUS_SIGNS = "-\u2212"
# What may stand before a minus sign for it to be one: "fell to -3", "(-18 °C)", "= -2".
_BEFORE_MINUS = frozenset(" \t\n([{=:;,")
# Words that may sit between a number and its noun without being the noun themselves.
_MODIFIERS = frozenset(
    "more new other additional further alleged suspected confirmed reported separate known "
    "total registered armed unarmed innocent young small large major minor recorded "
    "documented estimated different similar previous consecutive straight successive".split()
)
# Words that cannot be a unit noun: a number followed by one of these is bare.
_NOT_UNITS = frozenset(
    "a an the and or but nor of to in on at for from by with as into onto than then that "
    "which who whom whose what when where why how this these those it its is are was were be "
    "been being has have had do does did will would shall should can could may might must "
    "not no so if per vs versus via up down out off over under about after before since "
    "until while during against between among through across within per cent percent also only "
    "just even still yet all each every both either neither some any such "
    # adverbs of frequency or share: "€3 to 4.5 billion annually", "$5 apiece"
    "annually yearly monthly weekly daily hourly apiece respectively overall altogether "
    # words that open the next amount's qualifier: "several hundred above 1/2"
    "above below exceeding exceeds exactly roughly nearly almost around approximately "
    # time words that open a date phrase: "from 40 to 25 next year", "5 last month"
    "next last coming ago later earlier".split()
)
# Capitalised words that describe the noun after them: a nationality or a region ("European",
# "Venezuelan", "British", "Japanese") or an abbreviation ("US", "NHS"); not a plural
# ("40 Europeans said").
_PROPER_MODIFIER_RE = re.compile(r"[A-Z][a-z]+(?:an|ish|ese|ic|i)|[A-Z]{2,5}")
# Endings of adjectives that stand before the noun an amount counts ("three coastal towns",
# "five historic buildings", "two northern provinces").
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ful", "less", "ern", "ary", "ian")
_DIMENSIONS = frozenset({"cubic", "square"})  # part of the unit: "cubic metres" are not metres
_VERBS_AFTER_PEOPLE = frozenset(
    "said says say told tell think thinks believe want wants know live work died voted "
    "agree agreed disagree remain stay went came took got made won lost met gave saw sent "
    "paid sold left held led ran put cut hit".split()
)
_UNIT_AFTER_RE = re.compile(r"(?:[ \t]+|-)([A-Za-z][A-Za-z']*(?:-[A-Za-z]+)*)")
_PARTICIPLE_AFTER_RE = re.compile(
    r"[ \t]+(?:(?:were|was|are|is|have[ \t]+been|has[ \t]+been|had[ \t]+been|have|has|had|"
    r"being|been|"
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
        "upward of",
        "in excess of",
        "no fewer than",
        "no more than",
        "no less than",
        "not fewer than",
        "not more than",
        "not less than",
        "a maximum of",
        "a minimum of",
        "above",
        "below",
        "exceeding",
        "exceeds",
        "exceeded",
        "greater than",
        "higher than",
        "larger than",
        "lower than",
        "smaller than",
        "just above",
        "just below",
        "well above",
        "well below",
        "well under",
        "north of",
        "within",
        "topped",
        "tops",
        "topping",
        "exactly",
        "only",
        "between",
        "from",
        "~",
    }
)
_QUALIFIER_NORMAL = {"~": "about", "an estimated": "estimated", "upward of": "upwards of"}
_QUALIFIER_LAST_WORDS = frozenset(qualifier.split(" ")[-1] for qualifier in _QUALIFIERS)
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
# Words before a four-digit number without a comma that make it a year used as an adjective.
_YEAR_DETERMINERS = frozenset("the a an its their his her our this that last next".split())
_TIME_AFTER_RE = re.compile(r"[ \t]*(?:a\.?m\.?|p\.?m\.?)(?![A-Za-z])", re.IGNORECASE)
# Capitalised words that can stand before a number at a sentence start without naming it.
_NOT_NAME_WORDS = (
    _NOT_UNITS
    | _MODIFIERS
    | frozenset(
        "his her their our my your its another nearly almost about around over some roughly only "
        "just approximately more fewer less up at least estimated exactly minus negative".split()
    )
)
_ONE_AS_PRONOUN_BEFORE = frozenset(
    "the no any every each this that which some someone anyone everyone "
    # "the firm would one day list its shares": some day, not a day
    "would will could might may should can".split()
)
# A number that is part of a phone number or a street address, not an amount.
_DIGIT_GROUP_BEFORE_RE = re.compile(r"(?<![\d,.])\d{3,}[ \t]$")
_DIGIT_GROUP_AFTER_RE = re.compile(r"[ \t]\d{3,}(?![\d,.]|[ \t]*%)")
_STREET_AFTER_RE = re.compile(
    r"[ \t]+(?:[A-Z][\w'’\-]*[ \t]+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Boulevard|Blvd"
    r"|Drive|Way|Place|Square|Terrace|Crescent|Close)\b"
)
_YEAR_SPAN_BEFORE_RE = re.compile(r"(?<!\d)(?:1[6-9]|2[01])\d\d[-–/]$")
_RANGE_JOIN_RE = re.compile(r"[ \t]*(?:-|–|—|(?:[-–][ \t]+)?to|and)[ \t]*$", re.IGNORECASE)
_SENTENCE_OPENERS = frozenset('.!?:;"“‘([')
# Words before a number, punctuation marks as their own tokens; read from a short window.
_TOKEN_RE = re.compile(r"[\w']+|[^\w\s]")
_MAX_NUMBER_WORDS = 12
# No-break and thin spaces, common between a number and its unit, read as plain spaces.
_ODD_SPACES_RE = re.compile("[\u00a0\u2007\u2009\u202f]")
# Thousands grouped by a no-break or thin space, as in SI and French style: "10 000".
_SPACED_THOUSANDS_RE = re.compile("(?<![\\d.,])\\d{1,3}(?:[\u00a0\u2009\u202f]\\d{3})+(?![\\d])")
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
    scale: float = 1.0  # the scale word or letters written ("million", "bn"), else 1
    post_qualifier: str | None = None  # "or more", written after the number or its unit
    own_qualifier: str | None = None  # "several" of "several hundred"
    # The tokens before the atom (``_tokens_before``) and the start they were read at: read
    # once, though the unit, the amount test and the qualifier all look at them.
    before: list[tuple[str, int]] | None = None
    before_at: int = -1


def extract_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Return the quantities in ``text``; offsets are shifted by ``offset``."""
    if not text:
        return []
    if _ODD_SPACES_RE.search(text) or (" 000" in text and _PLAIN_SPACED_RE.search(text)):
        # Read "5\u00a0million" as "5 million" and "10\u202f000" (or "85 000 €") as "10,000"
        # (same length, same offsets), but give the surface text as written.
        spaced = _PLAIN_SPACED_RE.sub(_commas, _SPACED_THOUSANDS_RE.sub(_commas, text))
        spaced = _ODD_SPACES_RE.sub(" ", spaced)
        return [
            _with_text(quantity, text[quantity.start - offset : quantity.end - offset])
            for quantity in _extract(spaced, offset)
        ]
    return _extract(text, offset)


def _commas(match: re.Match[str]) -> str:
    return re.sub(r"[ \u00a0\u2009\u202f]", ",", match.group())


# Thousands grouped with plain spaces, as French and much of Europe write them ("85 000 €",
# "120 000 people"): only a group of three zeros after the first, so that two numbers side
# by side ("in 2019 500 people", "0800 555 0143") stay two.
_PLAIN_SPACED_RE = re.compile(
    r"(?<![\d.,])(?<!\d )[1-9]\d{0,2}(?: \d{3})* 000(?: \d{3})*(?![\d,.])"
)


def _with_text(quantity: Quantity, text: str) -> Quantity:
    return Quantity(
        value=quantity.value,
        unit=quantity.unit,
        qualifier=quantity.qualifier,
        text=text,
        start=quantity.start,
        end=quantity.end,
    )


def _extract(text: str, offset: int) -> list[Quantity]:
    atoms: list[_Atom] = []
    # Words already read as a scale or unit ("2.5 million", "a dozen half") are not re-read.
    consumed_to = 0
    for position in _candidates(text):
        if position < consumed_to:
            continue
        match = _atom_match_at(text, position, consumed_to)
        if match is None:
            continue
        for atom in _atoms_from_match(text, match):
            if atom.start < consumed_to:
                continue
            _apply_sign(text, atom, consumed_to)
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
            low_amount = _is_amount(text, atom)
            if low_amount and _is_amount(text, following):
                atom.value = _range_low_value(atom, following)
                quantities.extend(_range_quantities(text, atom, following, offset))
            elif (
                not low_amount
                and len(atom.digits_text) == 4
                and " to " in text[atom.start : following.start]
                and _is_amount(text, following)
            ):
                # "from 1.8 million in 2010 to 2.3 million": the year is no end of a range,
                # and the amount after it is read on its own.
                index += 1
                continue
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
    (people, persons, individuals), temperatures (°C, °F); currency codes stay as they are; any
    other noun is reduced to a naive singular ("vessels" -> "vessel") so that singular and
    plural compare equal.
    """
    if unit is None:
        return None
    lowered = " ".join(unit.lower().split())
    if not lowered:
        return None
    if lowered.upper() in _CURRENCY_CODES:
        return lowered.upper()
    if lowered in {"°c", "°f"}:
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


def _candidates(text: str) -> list[int]:
    """Where a number may start, in text order: every mark and the start of every number word."""
    lowered = text.lower()
    if len(lowered) == len(text):  # lowercasing kept every offset
        marks, words, scanned = _CANDIDATE_MARK_RE, _CANDIDATE_WORD_RE, lowered
    else:
        marks, words, scanned = _CANDIDATE_MARK_ANY_CASE_RE, _CANDIDATE_WORD_ANY_CASE_RE, text
    found = [match.start() for match in marks.finditer(scanned)]
    # A space in front lets a word that opens the text follow a non-word character too.
    found.extend([match.start(1) - 1 for match in words.finditer(" " + scanned)])
    found.sort()  # a mark is never inside a number word, so no position is found twice
    return found


def _atom_match_at(text: str, position: int, consumed_to: int) -> re.Match[str] | None:
    """The full atom at a candidate, including what the candidate skipped: a leading "a "
    ("a million"), a currency code ("USD 22.5") or the letters of "C$", "HK$", "US$"."""
    for lead in _lead_starts(text, position):
        if lead >= consumed_to and (match := _ATOM_RE.match(text, lead)) is not None:
            return match
    return _ATOM_RE.match(text, position)


def _lead_starts(text: str, position: int) -> list[int]:
    leads = []
    char = text[position]
    lead = None
    if char == "$":
        lead = _DOLLAR_PREFIX_BEFORE_RE.search(text, max(0, position - 3), position)
    elif char.isdigit():
        lead = _CODE_BEFORE_RE.search(text, max(0, position - 5), position)
    if lead is not None:
        leads.append(lead.start())
    if text[max(0, position - 2) : position].lower() == "a ":
        leads.append(position - 2)
    return leads


def _naive_singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _atoms_from_match(text: str, match: re.Match[str]) -> list[_Atom]:
    if match.group("mixed_part") or match.group("scale_and_half"):
        atom = _mixed_atom(text, match)
    elif match.group("vague"):
        atom = _vague_atom(text, match)
    elif match.group("plural"):
        atom = _vague_plural_atom(text, match)
    elif match.group("point_part"):
        part = match.group("point_part").lower()
        value = 0.75 if part.startswith("three") else 0.25 if "quarter" in part else 0.5
        atom = _unit_atom(match, value, "percentage points", is_percent=True)
    elif match.group("fold"):
        atom = _fold_atom(match)
    elif match.group("ratio_word"):
        atom = _unit_atom(match, _RATIO_WORD_VALUES[match.group("ratio_word")[:3].lower()], "times")
    elif match.group("denominator") or match.group("half"):
        atom = _fraction_atom(text, match)
    elif match.group("half_scale"):
        scale = _SCALE_VALUES[match.group("scale_word").lower()]
        atom = _finish_atom(
            text,
            value=0.5 * scale,
            start=match.start(),
            end=match.end(),
            is_word=True,
            currency=None,
            scale=scale,
            digits_text="",
        )
    elif match.group("dozen_count"):
        atom = _dozen_atom(text, match)
    elif match.group("fraction_numerator") or match.group("vulgar"):
        atom = _digit_fraction_atom(text, match)
    elif match.group("digits"):
        atom = _digit_atom(text, match)
    else:
        return _word_atoms(text, match)
    return [atom] if atom is not None else []


def _unit_atom(
    match: re.Match[str],
    value: float,
    unit: str,
    *,
    is_percent: bool = False,
    digits_text: str = "",
) -> _Atom:
    """A quantity whose whole match is the number and its unit ("a quarter point", "doubled",
    "a 10-fold rise")."""
    return _Atom(
        value=value,
        start=match.start(),
        end=match.end(),
        unit=unit,
        unit_end=match.end(),
        is_word=not digits_text,
        is_fraction=False,
        has_currency=False,
        has_scale=False,
        is_percent=is_percent,
        digits_text=digits_text,
    )


def _fold_atom(match: re.Match[str]) -> _Atom:
    """ "a fourfold increase", "a 10-fold rise": so many times."""
    written = match.group("fold").lower()
    if written[0].isdigit():
        return _unit_atom(match, float(written), "times", digits_text=written)
    return _unit_atom(match, float(NUMBER_WORDS[written]), "times")


def _fraction_atom(text: str, match: re.Match[str]) -> _Atom | None:
    if match.group("half"):
        if _HALF_OF_TIME_BEFORE_RE.search(text, max(0, match.start() - 12), match.start()):
            return None  # "the first half of the year": a period, not a share
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


_HALF_OF_TIME_BEFORE_RE = re.compile(r"\b(?:first|second|latter|former)[ \t]+$", re.IGNORECASE)


def _mixed_atom(text: str, match: re.Match[str]) -> _Atom | None:
    """ "one and a half million" -> 1_500_000; "a million and a half" likewise."""
    digits_text = ""
    if match.group("scale_and_half"):
        scale = _SCALE_VALUES[match.group("scale_and_half").lower()]
        value = 1.5 * scale
        is_word = True
    else:
        whole = match.group("mixed_whole")
        is_word = not whole[0].isdigit()
        if is_word:
            try:
                whole_value = _words_value(re.findall(r"[a-z]+", whole.lower()))
            except ValueError:
                return None
        else:
            whole_value = float(whole)
            digits_text = whole
        written_scale = match.group("mixed_scale")
        scale = _SCALE_VALUES[written_scale.lower()] if written_scale else 1.0
        value = (whole_value + _MIXED_PARTS[match.group("mixed_part").lower()]) * scale
    return _finish_atom(
        text,
        value=value,
        start=match.start(),
        end=match.end(),
        is_word=is_word,
        currency=None,
        scale=scale,
        digits_text=digits_text,
    )


def _vague_atom(text: str, match: re.Match[str]) -> _Atom | None:
    """ "several hundred" -> 100 with qualifier "several"; "a couple of hundred" -> about 200."""
    scale = 1.0
    for word in match.group("vague_scale").lower().split():
        scale *= 12.0 if word == "dozen" else 100.0 if word == "hundred" else _SCALE_VALUES[word]
    kind = " ".join(match.group("vague").lower().split())
    couple = kind.startswith("a couple")
    atom = _finish_atom(
        text,
        value=2 * scale if couple else scale,
        start=match.start(),
        end=match.end(),
        is_word=True,
        currency=None,
        scale=scale,
        digits_text="",
    )
    if atom is not None:
        atom.own_qualifier = "about" if couple else kind
    return atom


def _vague_plural_atom(text: str, match: re.Match[str]) -> _Atom | None:
    """ "dozens of homes" -> 12 homes, "tens of thousands of people" -> 10,000 people, with the
    words as the qualifier: no amount is claimed, only some few times the scale."""
    words = " ".join(match.group("plural").lower().split())
    scale = _PLURAL_SCALES[words.split(" ")[-1]]
    if words.startswith("tens of"):
        scale *= 10
    elif words.startswith("hundreds of"):
        scale *= 100
    atom = _finish_atom(
        text,
        value=scale,
        start=match.start(),
        end=match.end(),
        is_word=True,
        currency=None,
        scale=scale,
        digits_text="",
    )
    if atom is not None:
        atom.own_qualifier = words
    return atom


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
        digits_text="",
    )


def _digit_fraction_atom(text: str, match: re.Match[str]) -> _Atom | None:
    """ "3/4 of voters" is a fraction; "10 1/2 miles" and "½ mile" are amounts of miles."""
    whole = match.group("fraction_whole")
    vulgar = match.group("vulgar")
    if vulgar:
        part = unicodedata.numeric(vulgar)
    else:
        numerator = int(match.group("fraction_numerator"))
        denominator = int(match.group("fraction_denominator"))
        if not 0 < numerator < denominator:
            return None  # "10/10", "5/4": a score or a ratio, not a fraction
        part = numerator / denominator
    value = (int(whole) if whole else 0) + part
    end = match.end()
    scale = 1.0
    scale_word = _SCALE_AFTER_RE.match(text, end)
    if scale_word:
        scale = _scale_value(scale_word.group(1))
        value *= scale
        end = scale_word.end()
    atom = _finish_atom(
        text,
        value=value,
        start=match.start(),
        end=end,
        is_word=False,
        currency=None,
        scale=scale,
        digits_text=whole or "",
    )
    if atom is not None and atom.unit is None and not whole and scale == 1.0:
        atom.unit = "fraction"
        atom.is_fraction = True
    return atom


def _digit_atom(text: str, match: re.Match[str]) -> _Atom | None:
    digits = match.group("digits")
    if len(digits) > 18:
        return None  # an identifier or a run of digits, not an amount
    value = float(digits.replace(",", ""))
    currency = match.group("currency")
    code = _currency_code(currency) if currency else None
    start = match.start("currency") if currency else match.start("digits")
    end = match.end()
    scale = 1.0
    unit = None
    glued = match.group("glued")
    if currency in {"R", "N"}:
        if glued and glued.lower() not in _SCALE_ABBREVIATIONS and glued.lower() not in "mbk":
            return None
        scaled = bool(glued) or bool(_SCALE_AFTER_RE.match(text, end))
        if not _prefix_is_money(currency, digits, scaled) or text.startswith("-", end):
            return None
    if glued:
        reading = _glued_reading(text, glued, code, digits, end)
        if reading is None:
            return None
        scale, unit = reading
        if unit == "GBP":
            code, unit = unit, None  # pence: money, so a currency
    else:
        scale_word = _SCALE_AFTER_RE.match(text, end)
        if scale_word:
            scale = _scale_value(scale_word.group(1))
            end = scale_word.end()
            if scale_word.group(1).lower() in {"lakh", "lakhs", "thousand"} and (
                crore := _CRORE_AFTER_RE.match(text, end)
            ):
                scale, end = scale * 1e7, crore.end()  # "Rs 2.5 lakh crore" is 2.5e12
    return _finish_atom(
        text,
        value=value * scale,
        start=start,
        end=end,
        is_word=False,
        currency=code,
        scale=scale,
        digits_text=digits,
        unit=unit,
    )


_CRORE_AFTER_RE = re.compile(r"[ \t]+crores?\b", re.IGNORECASE)


def _currency_code(written: str) -> str:
    if written.startswith("Rs"):
        return "INR"  # "Rs 1,200 crore", "Rs. 80"
    if written.endswith("$"):
        return _DOLLAR_PREFIXES.get(written[:-1], "USD")
    if written in _PREFIX_CODES:
        return _PREFIX_CODES[written]
    return _CURRENCY_SIGNS.get(written, written)


def _prefix_is_money(prefix: str, digits: str, scaled: bool) -> bool:
    """A capital glued to a number is a currency only when the number looks like money: "R22",
    "R2.3bn", "R500,000" are rand, but "R1" and "R2-D2" are names; "N" (naira) needs a
    thousands comma or a scale ("N1,550", "N5bn"), since "N95" is a mask."""
    if prefix == "N":
        return scaled or "," in digits
    return scaled or "," in digits or "." in digits or len(digits) >= 2


def _scale_value(written: str) -> float:
    lowered = written.lower()
    return _SCALE_VALUES.get(lowered) or _SCALE_ABBREVIATIONS[lowered]


def _glued_reading(
    text: str, glued: str, currency: str | None, digits: str, end: int
) -> tuple[float, str | None] | None:
    """Scale and unit of letters glued to a number, or None when the whole is no amount.

    "1.2bn", "5 mln": always a scale. "k", "m", "b": a scale after a currency ("$5m"); without
    one "10k" is ten thousand and "5m people" five million, but "100m" before no counted noun
    is a hundred metres; one digit with a capital letter ("3M", "4K", "5G") is a name unless a
    counted noun follows ("5M users").
    """
    lowered = glued.lower()
    if lowered in _SCALE_ABBREVIATIONS:
        return _SCALE_ABBREVIATIONS[lowered], None
    if lowered in _GLUED_LETTERS:
        start = end - len(glued) - len(digits)
        if currency or _MONEY_RANGE_BEFORE_RE.search(text, max(0, start - 16), start):
            # "$5m"; the high end of "£20-30m" is money too
            return _GLUED_LETTERS[lowered], None
        counted = _counted_noun_after(text, end)
        if glued.isupper() and len(digits) == 1 and not counted:
            return None
        if lowered == "k" or counted:
            return _GLUED_LETTERS[lowered], None
        if glued == "m":
            return 1.0, "m"
        if glued == "M":
            return 1e6, None
        return None
    if currency:
        return None
    if lowered in {"bp", "bps"}:
        return 0.01, "percentage points"  # "25bp": basis points
    if glued == "p" and digits not in _VIDEO_LINES:
        return 0.01, "GBP"  # "9p", "147.6p": pence; not "720p", a video resolution
    if glued in {"C", "F"} and "," not in digits and float(digits) <= 150:
        return 1.0, f"°{glued}"  # "30C", "-18C"; not "212F", a section of a statute
    if lowered in _GLUED_UNITS:
        return 1.0, lowered
    return None  # "5G", "21st", "1990s", "5pm": not an amount


_VIDEO_LINES = frozenset("240 360 480 576 720 1080 1440 2160 4320".split())
_MONEY_RANGE_BEFORE_RE = re.compile(rf"(?:[{_OTHER_SIGNS}$]|\b[A-Z]{{3}}[ \t]?)\d+(?:\.\d+)?[-–]$")


def _counted_noun_after(text: str, end: int) -> bool:
    noun, _ = _unit_noun_after(text, end)
    if noun is None or noun in _METRE_NOUNS:
        return False
    return noun in _PLURAL_WITHOUT_S or (noun.endswith("s") and not noun.endswith("ss"))


def _words_value(words: list[str]) -> float:
    """text2num for a run of number words, plus "trillion", which text2num does not know."""
    if "trillion" in words:
        at = len(words) - 1 - words[::-1].index("trillion")
        head, tail = words[:at], words[at + 1 :]
        if tail[:1] == ["and"]:
            tail = tail[1:]
        high = _words_value(head) if head else 1.0
        low = _words_value(tail) if tail else 0.0
        if high >= 1000 or low >= 1e12:
            raise ValueError(f"not a number: {' '.join(words)!r}")
        return high * 1e12 + low
    return float(text2num(" ".join(words), "en"))


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
                value = _words_value(words)
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
                scale=_SCALE_VALUES.get(words[-1], 1.0),
                digits_text="",
            )
            if atom is not None:
                if set(words) & set(_SCALE_VALUES):
                    atom.has_scale = True
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
    digits_text: str,
    scale: float = 1.0,
    unit: str | None = None,
) -> _Atom | None:
    """Attach percent, currency, temperature, unit noun and a trailing qualifier."""
    is_percent = False
    if unit is None and (basis := _BASIS_POINTS_AFTER_RE.match(text, end)):
        # "100 basis points", "25bp": hundredths of a percentage point
        value, scale, end, unit = value / 100, scale / 100, basis.end(), "percentage points"
    subunit = None if is_word or currency or unit else _SUBUNIT_AFTER_RE.match(text, end)
    if subunit:
        # "12 cents", "65 US cents", "50 pence": a hundredth of the currency; only in digits,
        # as prices are written ("one hundred cents equal a dollar" counts cents)
        currency = _subunit_code(text, start, subunit)
        value, scale, end = value / 100, scale / 100, subunit.end()
    if currency is not None:
        unit = currency
    elif unit is None:
        unit, end, is_percent = _unit_attached(text, end, start)
    post_qualifier, end = _post_qualifier(text, end)
    unit_end = end
    if text.startswith("/", end) and (per := _PER_RE.match(text, end)):
        unit_end = per.end()  # "$15/hour" is $15, written with what it is per
        if unit in _DISTANCE_WORDS and (speed := _SPEED_AFTER_RE.match(text, end)):
            unit = f"{unit}/{speed.group(1).lower()}"  # "50km/h": a speed, not a distance
    before = None
    if unit is None and text[max(0, start - 11) : start].lower().rstrip(" \t-").endswith(
        "magnitude"
    ):
        unit = "magnitude"  # "a magnitude 6.1 earthquake" is not 6.1 earthquakes
    if unit is None:
        if _TIME_AFTER_RE.match(text, end):
            return None
        unit, unit_end = _unit_noun_after(text, end)
        if unit is not None:
            tokens = before = _tokens_before(text, start)
            _, qualifier_tokens = _qualifier_in(tokens)
            verb = (
                tokens[-qualifier_tokens - 1][0].lower() if len(tokens) > qualifier_tokens else ""
            )
            if verb in _KILLING_VERBS and not unit.endswith(" killed"):
                unit = f"{unit} killed"
            if unit in {"point", "points"} and _points_are_percentage(text, start, unit_end):
                unit = "percentage points"
            if post_qualifier is None:
                post_qualifier, unit_end = _post_qualifier(text, unit_end)
    return _Atom(
        value=value,
        start=start,
        end=end,
        unit=unit,
        unit_end=unit_end,
        is_word=is_word,
        is_fraction=False,
        has_currency=currency is not None,
        has_scale=scale != 1.0,
        is_percent=is_percent,
        digits_text=digits_text,
        scale=scale,
        post_qualifier=post_qualifier,
        before=before,
        before_at=start if before is not None else -1,
    )


_BASIS_POINTS_AFTER_RE = re.compile(r"(?:[ \t]+|-)basis[ \t-]+points?\b|[ \t]+bps?\b", re.I)
# Points are percentage points when the sentence speaks of a poll, a lead, a share or a rate,
# or gives a percentage ("fell 6 points to 31%"); never on a stock index ("the Dow gained 215
# points, or 0.6%") or in a game ("scored 30 points").
_INDEX_CUES_RE = re.compile(
    r"\b(?:index|indices|indexes|Sensex|Nifty|Dow|FTSE|Nasdaq|S&P|Nikkei|Hang[ \t]+Seng|DAX|CAC"
    r"|ASX|KOSPI|TSX|Stoxx|stock[ \t]+market|stocks|shares|blue-chip|benchmark[ \t]+index)\b"
    r"|\bS&P\b",
)
_GAME_CUES_RE = re.compile(
    r"\b(?:scored?|scoring|game|games|match|matches|won|beat|beaten|defeat(?:ed)?|league|season"
    r"|rebounds|assists|goals?|title|table|quarterback|tries|innings|championship|standings)\b",
    re.IGNORECASE,
)
_SHARE_CUES_RE = re.compile(
    r"%|\bper[ \t-]?cent\b|\bpercent\b|\b(?:lead|leads|poll|polls|polling|survey|surveys"
    r"|turnout|share|rate|rates|approval|ratings?|margin|swing|vote|votes|support|unemployment"
    r"|inflation|yields?)\b",
    re.IGNORECASE,
)


def _points_are_percentage(text: str, start: int, end: int) -> bool:
    left, right = _sentence_bounds(text, start, end)
    sentence = text[left:start] + " " + text[end:right]
    if _INDEX_CUES_RE.search(sentence):
        return False
    share = _SHARE_CUES_RE.search(sentence)
    if share is None:
        return False
    poll = re.search(r"\b(?:poll|polls|polling|survey|lead|turnout)\b", sentence, re.I)
    return poll is not None or not _GAME_CUES_RE.search(sentence)


_SUBUNIT_AFTER_RE = re.compile(
    r"[ \t]+(?:(?P<nation>US|U\.S\.|American|Canadian|Australian|New[ \t]+Zealand|Hong[ \t]+Kong"
    r"|Singapore|euro)[ \t]+)?(?P<subunit>cents?|pence)\b",
    re.IGNORECASE,
)
# The currency a bare "cents" is a hundredth of: the nearest money named before it in the
# sentence, if it has cents ("€1.20, up 5 cents"), else US dollars, as a bare "$" is.
_CENT_CURRENCIES = frozenset("USD EUR CAD AUD NZD HKD SGD ZAR".split())
_MONEY_MARK_RE = re.compile(rf"{_CURRENCY}(?=[ \t]?\d)")


def _subunit_code(text: str, start: int, subunit: re.Match[str]) -> str:
    if subunit.group("subunit").lower() == "pence":
        return "GBP"
    nation = subunit.group("nation")
    if nation:
        key = " ".join(nation.lower().replace(".", "").split())
        return "EUR" if key == "euro" else _NATIONAL_MONEY.get((key, "dollar"), "USD")
    sentence_start = _sentence_bounds(text, start, start)[0]
    code = "USD"
    for mark in _MONEY_MARK_RE.finditer(text, sentence_start, start):
        code = _currency_code(mark.group("currency"))
    return code if code in _CENT_CURRENCIES else "USD"


_SENTENCE_END_RE = re.compile(r"[.!?](?=[\s\"”’)]|$)")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], looked for at most 300 characters either side."""
    window = max(0, start - 300)
    left = window
    for stop in _SENTENCE_END_RE.finditer(text, window, start):
        left = stop.end()
    right = _SENTENCE_END_RE.search(text, end, min(len(text), end + 300))
    return left, right.start() if right else min(len(text), end + 300)


# "pounds" alone is money or weight: weight when "of" and a thing follow ("500 pounds of
# cocaine") or the sentence speaks of weight; money when it speaks of money ("cost", "paid",
# "£"), else left as written.
_POUNDS_OF_MONEY_RE = re.compile(
    r"[ \t]+of[ \t]+(?:public[ \t]+|taxpayers'?[ \t]+|taxpayer[ \t]+)?(?:money|funding|funds"
    r"|investment|savings|cuts|aid|debts?|losses|damage|revenue|subsidies|spending)\b",
    re.IGNORECASE,
)
_WEIGHT_CUES_RE = re.compile(
    r"\b(?:weigh(?:s|ed|ing|t|ts)?|heav(?:y|ier|iest)|light(?:er|est)|kg|kilos?|kilograms?|lbs?"
    r"|ounces?|tonnes?|tons?|stone|obese|diet|lifts?|lifted)\b",
    re.IGNORECASE,
)
_MONEY_CUES_RE = re.compile(
    r"£|\bsterling\b|\b(?:cost(?:s|ing)?|worth|spen[dt]|spending|pa(?:y|ys|id|ying|yment)|fined?"
    r"|damages|budget|fund(?:s|ed|ing)?|price[sd]?|salary|salaries|wages?|earn(?:s|ed|ing)?"
    r"|raised?|invest(?:s|ed|ing|ment)?|loans?|debts?|bill|compensation|deal|sold|bought|bid"
    r"|profits?|revenue|tax(?:es)?|award(?:ed)?|grants?|donat(?:ed|ion)|fee|fees|bonus|cash"
    r"|settlement|sued|owe[sd]?)\b",
    re.IGNORECASE,
)


def _pounds_are_money(text: str, start: int, end: int) -> bool:
    if re.match(r"[ \t]+of\b", text[end : end + 4], re.IGNORECASE):
        return bool(_POUNDS_OF_MONEY_RE.match(text, end))
    left, right = _sentence_bounds(text, start, end)
    sentence = text[left:start] + " " + text[end:right]
    return not _WEIGHT_CUES_RE.search(sentence) and bool(_MONEY_CUES_RE.search(sentence))


def _unit_attached(text: str, end: int, start: int) -> tuple[str | None, int, bool]:
    """A percent, currency word or code, or temperature right after the number: unit, new end,
    whether it is a percentage."""
    percent = _PERCENT_AFTER_RE.match(text, end)
    if percent:
        written = (percent.group(1) or percent.group(2)).lower()
        unit = "percentage points" if written.startswith("percentage") else "percent"
        return unit, percent.end(), True
    money = _CURRENCY_WORD_AFTER_RE.match(text, end)
    if money:
        code = _money_code(money.group("nation"), money.group("money"))
        if code is not None:
            return code, money.end(), False
        if money.group("money").lower() in {"pound", "pounds"} and _pounds_are_money(
            text, start, money.end()
        ):
            return "GBP", money.end(), False
    code_after = _CURRENCY_CODE_AFTER_RE.match(text, end)
    if code_after:
        return code_after.group(1), code_after.end(), False
    temperature = _TEMPERATURE_AFTER_RE.match(text, end)
    if temperature:
        if temperature.group("degree"):
            return "degrees", temperature.end(), False
        letter = (temperature.group("letter") or temperature.group("named"))[0].upper()
        return f"°{'F' if letter == 'F' else 'C'}", temperature.end(), False
    return None, end, False


def _money_code(nation: str | None, money: str) -> str | None:
    word = " ".join(money.lower().split()).replace("pounds sterling", "pound sterling")
    if word.endswith("s") and word not in {"reais", "kronor"}:
        word = word[:-1]  # "dollars" -> "dollar"
    if nation is None:
        return _MONEY_WORDS.get(word)
    key = " ".join(nation.lower().replace(".", "").split())
    return _NATIONAL_MONEY.get((key, "real" if word == "reais" else word))


def _post_qualifier(text: str, end: int) -> tuple[str | None, int]:
    found = _POST_QUALIFIER_RE.match(text, end)
    if found is None:
        return None, end
    word = (found.group("or") or found.group("and") or "").lower()
    return _POST_QUALIFIER_NORMAL.get(word, "or more"), found.end()


def _apply_sign(text: str, atom: _Atom, floor: int) -> None:
    """Make the atom negative when a minus sign or word stands right before it."""
    if atom.is_fraction or atom.own_qualifier is not None:
        return
    start = atom.start
    if not atom.is_word and start > 0 and text[start - 1] in _MINUS_SIGNS:
        sign = start - 1
        before = text[max(0, sign - 8) : sign]
        # "20 -30" and "2024-25" are joined numbers, not a negative one.
        if (not before or before[-1] in _BEFORE_MINUS) and not re.search(r"[\d%]\s*$", before):
            if sign >= floor:
                atom.value, atom.start = -atom.value, sign
            return
    words = _MINUS_WORD_BEFORE_RE if atom.is_word else _NEGATIVE_WORD_BEFORE_RE
    word = words.search(text, max(0, start - 10), start)
    if word is None or word.start() < floor:
        return
    if _PLUS_OR_BEFORE_RE.search(text, max(0, word.start() - 10), word.start()):
        return  # "plus or minus 3 points" is a margin; "5 minus 3" is arithmetic
    atom.value, atom.start = -atom.value, word.start()


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
        if word in _DIMENSIONS and _is_noun_after(text, position):
            noun = _UNIT_AFTER_RE.match(text, position)
            return f"{word} {noun.group(1)}", noun.end()  # "40,000 cubic metres"
        if word in _MODIFIERS or (
            (
                _PROPER_MODIFIER_RE.fullmatch(word_match.group(1))
                or word.endswith(_ADJECTIVE_ENDINGS)
            )
            and _is_noun_after(text, position)
        ):
            continue  # "12 more people", "40 European ports", "three coastal towns"
        if len(word) > 4 and word.endswith("ed") and word not in _CASUALTY_WORDS:
            return None, end  # a past-tense verb ("230 boarded"), not a noun
        if word in _VERBS_AFTER_PEOPLE and word not in _CASUALTY_WORDS:
            return None, end  # "56 said they would", "12 died": a verb, not what was counted
        if (
            not word.endswith("s")
            and word not in _MEASURES
            and word not in _VERBS_AFTER_PEOPLE
            and _plural_noun_after(text, position, end)
        ):
            continue  # "34 league games", "5 police officers": the first noun describes
        participle = _PARTICIPLE_AFTER_RE.match(text, position)
        if participle and word not in _CASUALTY_WORDS:
            return f"{word} {participle.group(1).lower()}", participle.end()
        if word in _DISTANCE_WORDS and (speed := _SPEED_AFTER_RE.match(text, position)):
            return f"{word}/{speed.group(1).lower()}", speed.end()  # "120 km/h": a speed
        if word.endswith("s'") and len(word) > 3:
            # "eight months' salary", "two weeks' notice": the plural's possessive, a span
            return word[:-1], position
        return word, position
    return None, end


_DISTANCE_WORDS = frozenset("km m mile miles kilometres kilometers metres meters".split())
_SPEED_AFTER_RE = re.compile(r"/(h|hr|s)\b", re.IGNORECASE)


def _plural_noun_after(text: str, position: int, number_end: int) -> bool:
    """A plural noun right after a singular one, counted by a number other than one: the
    noun the amount counts ("34 league games"); not "one person dies"."""
    match = _UNIT_AFTER_RE.match(text, position)
    if match is None or not match.group(1).endswith("s") or match.group(1).endswith("ss"):
        return False
    if text[max(0, number_end - 4) : number_end].lower().endswith(("one", "1", " a", " an")):
        return False
    return match.group(1) not in _VERBS_AFTER_PEOPLE and _is_noun_after(text, position)


def _is_noun_after(text: str, position: int) -> bool:
    """Whether a lower-case word at ``position`` can be what an amount counts: not a function
    word, a number or a past-tense verb ("40 European ports", not "12 Democrats voted")."""
    match = _UNIT_AFTER_RE.match(text, position)
    if match is None or match.start(1) != position + 1 or not match.group(1).islower():
        return False
    word = match.group(1)
    if (
        word in _NOT_UNITS
        or word in _VERBS_AFTER_PEOPLE
        or any(_NUMBER_WORD_RE.fullmatch(part) for part in word.split("-"))
    ):
        return False
    return not (len(word) > 4 and word.endswith(("ed", "ing"))) and not word.endswith("ly")


def _tokens_before(text: str, start: int) -> list[tuple[str, int]]:
    """The last few tokens before ``start`` with their positions in ``text``."""
    window_start = max(0, start - _LOOKBACK)
    matches = list(_TOKEN_RE.finditer(text, window_start, start))
    if window_start > 0 and matches and matches[0].start() == window_start:
        matches = matches[1:]  # may be the tail of a longer word cut by the window
    return [(match.group(), match.start()) for match in matches[-4:]]


def _atom_tokens(text: str, atom: _Atom) -> list[tuple[str, int]]:
    """``_tokens_before(text, atom.start)``, read once per atom start."""
    if atom.before is None or atom.before_at != atom.start:
        atom.before = _tokens_before(text, atom.start)
        atom.before_at = atom.start
    return atom.before


def _qualifier_in(tokens: list[tuple[str, int]]) -> tuple[str | None, int]:
    """The qualifier ending the tokens and how many tokens it takes (0 when there is none)."""
    if not tokens or tokens[-1][0].lower() not in _QUALIFIER_LAST_WORDS:
        return None, 0  # most numbers: no qualifier ends with the word before them
    for count in (3, 2, 1):
        if len(tokens) >= count:
            written = " ".join(word.lower() for word, _ in tokens[-count:])
            if written in _QUALIFIERS:
                return _QUALIFIER_NORMAL.get(written, written), count
    return None, 0


def _over_is_about(words: list[str], *, money: bool) -> bool:
    """Whether "over" after ``words`` says what something is about ("a row over $2bn in
    fees", "jailed for six years over $4.2m fraud") rather than "more than": one of the few
    words before it, in the same phrase, is a dispute noun, or, before money, a verb of
    punishment ("arrested over 300 people" is still more than 300)."""
    for word in reversed(words[-5:]):
        if word[-1:] in ",;:":
            return False
        lowered = word.lower()
        if lowered in _OVER_DISPUTES or (money and lowered in _OVER_PUNISHMENTS):
            return True
    return False


_OVER_DISPUTES = frozenset(
    "row rows dispute disputes fight battle probe inquiry investigation concern concerns fears "
    "anger outrage talks clash clashes protest protests lawsuit charges trial scandal standoff "
    "tensions".split()
)
_OVER_PUNISHMENTS = frozenset(
    "jailed sacked charged arrested sued quizzed questioned probed investigated indicted "
    "convicted sentenced suspended fired ousted impeached criticised criticized condemned".split()
)


def _qualifier_before(text: str, atom: _Atom) -> tuple[str | None, int]:
    """The qualifier written before the atom and where it starts (the atom's start if none)."""
    tokens = _atom_tokens(text, atom)
    start = atom.start
    qualifier, count = _qualifier_in(tokens)
    if qualifier is None:
        return None, start
    if qualifier == "over":
        # The words before "over" (a longer look than the four tokens kept for every atom).
        over_at = tokens[-count][1]
        window = max(0, over_at - 50)
        words = [
            match.group()
            for match in _TOKEN_RE.finditer(text, window, over_at)
            if not (window and match.start() == window)  # perhaps the tail of a word
        ]
        if _over_is_about(words, money=atom.has_currency):
            return None, start
    return qualifier, tokens[-count][1]


def _at_sentence_start(text: str, start: int, tokens: list[tuple[str, int]]) -> bool:
    if not tokens:
        return start - _LOOKBACK <= 0 or "\n" in text[max(0, start - _LOOKBACK) : start]
    last_word, last_start = tokens[-1]
    return last_word in _SENTENCE_OPENERS or "\n" in text[last_start:start]


# Lower-case nouns a number after them designates, not counts: "type 2", "stage 4".
_DESIGNATING_NOUNS = frozenset(
    "type phase stage grade level category class tier flight route platform terminal gate "
    "article section chapter clause paragraph room line step version model".split()
)
_DAY_BEFORE_DAY_RE = re.compile(
    r"[ \t]*(?:and|or|to|&|-|–)[ \t]*\d{1,2}(?:st|nd|rd|th)?[ \t]+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)


def _is_amount(text: str, atom: _Atom) -> bool:
    """False for years, days of a month, names and pronoun "one"; see the module docstring."""
    if atom.is_fraction or atom.has_currency or atom.is_percent:
        return True
    tokens = _atom_tokens(text, atom)
    qualifier, _ = _qualifier_in(tokens)
    last_word = tokens[-1][0] if tokens else ""
    if last_word == "." and len(tokens) > 1:
        last_word = tokens[-2][0]  # "Nov. 17"
    if not atom.is_word:
        digits = atom.digits_text
        if not digits:
            return True  # "½ mile"
        if _YEAR_SPAN_BEFORE_RE.search(text, max(0, atom.start - 5), atom.start):
            return False  # the "25" of "2024-25"
        if not atom.has_scale and "," not in digits and "." not in digits and atom.value > 0:
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
                if last_word.lower() in _YEAR_DETERMINERS:
                    return False  # "the 2019 floods", "their 2020 elections": counts of that
                    # size are written with a comma ("the 2,019 delegates")
                if qualifier is None and not atom.unit.endswith("s"):
                    return False  # a year as an adjective: "a 2021 report", "the 2020 vote"
        if qualifier is None and last_word.isalpha() and not last_word.islower():
            if last_word.lower() not in _NOT_NAME_WORDS and last_word not in _MONTHS:
                return False  # "Section 230", "Boeing 737", "iPhone 15": part of a name
        if atom.unit is None and digits.isdigit() and len(digits) >= 3:
            if (
                digits[0] == "0"
                or _DIGIT_GROUP_BEFORE_RE.search(text, max(0, atom.start - 12), atom.start)
                or _DIGIT_GROUP_AFTER_RE.match(text, atom.end)
            ):
                return False  # "0800 555 0143": a phone number
        if _STREET_AFTER_RE.match(text, atom.end):
            return False  # "221 Baker Street": an address
        if len(digits) >= 3 and not digits.strip("0"):
            return False  # the "000" of "120 000" written with a plain space: not zero
        if qualifier is None and last_word in _DESIGNATING_NOUNS and atom.value.is_integer():
            return False  # "type 2 diabetes", "a phase 3 trial", "flight 370": a designation
        if 1 <= atom.value <= 31 and _DAY_BEFORE_DAY_RE.match(text, atom.end):
            return False  # the "15" of "15 and 16 December"
        return True
    surface = text[atom.start : atom.end]
    if surface[:1].isupper() and not _at_sentence_start(text, atom.start, tokens):
        return False  # "Air Force One"
    if abs(atom.value) == 1 and not atom.has_scale:
        if atom.unit is None or last_word.lower() in _ONE_AS_PRONOUN_BEFORE:
            return False
    return True


def _ratio_atom(text: str, part: _Atom, whole: _Atom) -> _Atom | None:
    """ "1 in 5 posts", "seven out of 10 voters": one fraction, so it compares with "20%"."""
    if part.unit_end != part.end or part.is_percent or part.has_currency or part.is_fraction:
        return None
    if whole.is_percent or whole.has_currency or whole.is_fraction:
        return None
    if part.post_qualifier or part.own_qualifier or whole.own_qualifier:
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
        # "20 attacks and 30 deaths" are two quantities, not a range; "between 44 mg and 50
        # mg" and "from -18 °C to -34 °C" are one, the unit written twice.
        return _is_range_of_one_unit(text, low, high)
    if low.post_qualifier or low.own_qualifier or high.own_qualifier:
        return False  # "50 or more to ...", "several hundred to ..."
    if low.unit is not None and high.unit is not None:
        money_span = (
            low.has_currency and not high.has_currency and text[low.end : high.start] in "-–"
        )  # "a $5-6bn deal": the noun after the high end is what the money is for
        if canonical_unit(low.unit) != canonical_unit(high.unit) and not money_span:
            return False  # "fell 8% to $12.50": a percentage and a price
    between = text[low.end : high.start]
    if len(between) > 6 or not _RANGE_JOIN_RE.fullmatch(between):
        return False
    joiner = between.strip().lower()
    if joiner == "and":
        qualifier, _ = _qualifier_before(text, low)
        return qualifier == "between"
    if low.is_percent and high.unit is None and not _bare_end_of_percent(text, low, high):
        return False  # "fell 1.2% to 7,412.5": a change and the level it reached
    return _range_low_value(low, high) <= high.value


# A change before a percentage: "fell 1.2%", "up 3%", "rose by 5%".
_CHANGE_BEFORE_RE = re.compile(
    r"\b(?:fell|falls?|falling|rose|rises?|rising|risen|jumped|jumps?|dropped|drops?|gained|gains?"
    r"|lost|loses?|climbed|climbs?|slipped|slips?|slumped|surged|soared|sank|tumbled|plunged"
    r"|grew|grows?|shrank|declined|increased|decreased|added|shed|up|down|eased|edged|by)"
    r"(?:[ \t]+(?:by|a|some|about|around|nearly|almost|more[ \t]+than|over|just))*[ \t]+$",
    re.IGNORECASE,
)


def _bare_end_of_percent(text: str, low: _Atom, high: _Atom) -> bool:
    """Whether a bare number after "N% to" is the high end of a range of percentages: only a
    number a percentage could be (at most 100), and not after a change ("fell 1.2% to 7,412.5"
    is the level reached; "rose from 5% to 6" and "5% to 6% growth" are ranges)."""
    if high.value > 100 or "," in high.digits_text:
        return False
    qualifier, _ = _qualifier_before(text, low)
    if qualifier == "from":
        return True
    return not _CHANGE_BEFORE_RE.search(text, max(0, low.start - 40), low.start)


def _is_range_of_one_unit(text: str, low: _Atom, high: _Atom) -> bool:
    between = text[low.unit_end : high.start]
    if len(between) > 6 or not _RANGE_JOIN_RE.fullmatch(between):
        return False
    if low.unit is None or high.unit is None or low.post_qualifier or high.own_qualifier:
        return False
    if canonical_unit(low.unit) != canonical_unit(high.unit) or high.unit_end == high.end:
        return False
    qualifier, _ = _qualifier_before(text, low)
    joiner = between.strip().lower()
    if (qualifier, joiner) not in {("between", "and"), ("from", "to")}:
        return False
    return low.value <= high.value  # "from 35% to 15%" is a fall: two amounts, as elsewhere


def _range_low_value(low: _Atom, high: _Atom) -> float:
    """The low end with the high end's scale when only the high end wrote one: "20-30 million"
    is 20 million to 30 million, but "900 to 1.2 million" is 900 to 1.2 million."""
    if low.scale == 1.0 and high.scale != 1.0 and low.value * high.scale <= high.value:
        return low.value * high.scale
    return low.value


def _range_quantities(text: str, low: _Atom, high: _Atom, offset: int) -> list[Quantity]:
    # The unit written after the high end; else the one attached to the low end ("$20-30m").
    unit = high.unit if high.unit is not None and not low.has_currency else low.unit
    _, low_start = _qualifier_before(text, low)
    return [
        Quantity(
            value=low.value,
            unit=unit,
            qualifier="from",
            text=text[low_start : low.unit_end],
            start=low_start + offset,
            end=low.unit_end + offset,
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
    qualifier, start = _qualifier_before(text, atom)
    if qualifier in {"between", "from"}:
        qualifier, start = None, atom.start
    if atom.own_qualifier is not None:
        qualifier, start = atom.own_qualifier, atom.start
    elif atom.post_qualifier is not None and qualifier in {None, "only", "exactly"}:
        qualifier = atom.post_qualifier  # "only 10 or fewer": the bound is what "or fewer" says
    return Quantity(
        value=atom.value,
        unit=atom.unit,
        qualifier=qualifier,
        text=text[start : atom.unit_end],
        start=start + offset,
        end=atom.unit_end + offset,
    )
