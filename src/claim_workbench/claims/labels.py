"""Claim labels: what a claim says that can be checked, in a few words a reviewer can scan.

A label is at most ``LABEL_CHARS`` characters and is built from the claim's parts, in this order:

1. Direct speech: ``Speaker: core of the quote``, the surname for a person ("Khan: first
   needle-free vaccine to beat the shot"), "Unattributed" when the article does not say who.
2. Reported speech with a known speaker ("Doe said that ...", "According to Doe, ..."):
   ``Speaker: core of what was said``.
3. Anything else: the core of the sentence.

The core of a clause is the clause compacted the way headlines are written: an opening phrase
("Speaking to reporters on Sunday,", "Earlier this year,"), a trailing attribution
(", officials said"), "This is" / "It was", a leading article, "also", and the auxiliary before
a participle ("have been carried out" -> "carried out") are dropped. When that is too long it is
cut at the last clause or phrase boundary (a comma, "and", "with", a preposition) that still
holds every checkable part: the quantities, the superlative phrase, a number written in words,
the designation. When no cut holds them all, the label is the checkable parts themselves:
quantities with their noun ("$2.3 billion contract", "40% of lines", "growth of about 0.5%"),
the superlative phrase ("largest rail strike since 1989"), "designated <category>". Only when
nothing checkable exists is the label the compact clause cut at a word, ending in "…".

Every rule is about the shape of English sentences; nothing is specific to a topic or article.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate, repeat
from operator import add, itemgetter

from claim_workbench.claims.kinds import (
    NOT_SUPERLATIVES,
    REPORTING_VERBS,
    SUPERLATIVE_DETERMINERS,
    SUPERLATIVE_WORDS,
    written_numbers,
)
from claim_workbench.claims.speakers import NAME_SUFFIXES
from claim_workbench.text.number_words import NUMBER_WORDS
from claim_workbench.text.quantities import Quantity

LABEL_CHARS = 48  # the longest label, speaker included
PLAIN_CHARS = 42  # a label without a speaker: about what a claims table column shows
UNATTRIBUTED = "Unattributed"
_LONG_SPEAKER = 24  # a speaker longer than this leaves too little of the label for the claim
_QUOTE_LABEL_WORDS = 3  # a shorter quote (a split quote's start, two words) is not the label

_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_WORD_EDGES = "\"“”‘’'()[],.;:!?…"
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_ARTICLES = frozenset({"the", "a", "an"})
_CONNECTIVES = frozenset(
    "meanwhile however moreover furthermore additionally also but and still separately "
    "nevertheless indeed instead nonetheless overall".split()
)
# Words that open a phrase that sets the scene ("In a statement on Monday, ...").
_OPENERS = frozenset(
    "in on at since after before during by for from with under over amid despite following "
    "according earlier later last this next when while as although though once until within "
    "throughout across speaking asked writing addressing".split()
)
_PLACEHOLDER_SUBJECTS = (
    ("this", "is"),
    ("this", "was"),
    ("it", "is"),
    ("it", "was"),
    ("that", "is"),
    ("that", "was"),
    ("there", "is"),
    ("there", "are"),
    ("there", "was"),
    ("there", "were"),
    ("here", "is"),
)
_PERFECT = frozenset({"has", "have", "had"})
_PASSIVE = frozenset({"is", "are", "was", "were"})
_DROPPED_ADVERBS = frozenset({"also", "already", "now", "just"})
_AUXILIARY_OR_ADVERB = _PERFECT | _PASSIVE | _DROPPED_ADVERBS
# A passive "were" after one of these is kept: without it the label reads as active.
_PERSONAL_PRONOUNS = frozenset("i you he she it we they".split())
_SKIPPED_ADVERBS = _DROPPED_ADVERBS | {"reportedly", "recently", "since", "not", "never"}
# Participles whose past tense differs ("have taken place" must keep its "have").
_IRREGULAR_ONLY_PARTICIPLES = frozenset(
    "begun done gone seen taken given written grown risen fallen drawn flown beaten broken "
    "chosen driven stolen sworn torn withdrawn undertaken become come shown known thrown "
    "eaten spoken frozen hidden ridden woken overtaken forgotten".split()
)
_SAME_PAST_PARTICIPLES = frozenset(
    "made sent spent built brought bought caught fought held hit led left lost met paid put run "
    "set shot struck sold won cut kept found shut sunk spread told said heard read".split()
)
# A clause may be cut before these words, or after a comma, semicolon, colon or dash.
_BOUNDARY_WORDS = frozenset(
    "and but or with as while which who whose where whereas after before because although "
    "though even in on at into for from by over under across against near following during "
    "amid despite through toward towards between without since until including".split()
)
# "... risen by 12% | last year": a time phrase after the claim may be cut off too.
_TIME_OPENERS = frozenset("last next this".split())
_TIME_NOUNS = frozenset(
    "year week month spring summer autumn fall winter night weekend decade century quarter "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_TRAILING_JUNK = _BOUNDARY_WORDS | _ARTICLES | {"of", "to", "that", "its", "their", "his", "her"}
_ATTRIBUTION_TAIL_WORDS = 10
_OPENING_REACH = 12
# Words that end a noun phrase after a number or a superlative.
_PHRASE_STOPS = frozenset(
    "is are was were be been being has have had will would shall should can could may might "
    "must do does did that which who whom whose where when while because but and or as if "
    "than said says say told added claimed according after before".split()
)
# A subject pronoun right after the ranked noun opens a clause of its own: "the largest fraud it
# had prosecuted", "the biggest problems we have" (not "since we took action", "get it done").
_CLAUSE_PRONOUNS = frozenset("he she they we i".split())
_OBJECT_PRONOUNS = frozenset("it you".split())  # subjects only before an auxiliary
_AUXILIARIES = frozenset("had has have was is were are would will can could did do".split())
_CLAUSE_OPENERS = frozenset("since when after before until if as because so once".split())
_NOT_NOUNS = (
    _PHRASE_STOPS
    | _TRAILING_JUNK
    | frozenset(
        "a an the this that these those it its per each every last next a year month day week "
        "more less so too very also just only about up down out off".split()
    )
)
_NOUN_WORDS = 2
_SMALL_COUNT = 10
# Words kept before numbers that have no unit, to say what they count; words that do not
# say it are dropped from the front ("I've named 20" -> "named 20").
_WORDS_BEFORE_BARE = 3
_NOT_COUNTED = _TRAILING_JUNK | frozenset(
    "i i've you we they he she it it's there's there is are was were be been being has have "
    "had do does did said says say think like just actually maybe about".split()
)
_PHRASE_BREAK_RE = re.compile(r"[;:—–]|--| - ")
_COMPOUND_AMOUNT_RE = re.compile(r"[A-Za-z\d]-[a-z]+\b")  # "thousand-strong", "2-year"
_COMPOUND_END_RE = re.compile(r"[A-Za-z\d]-[a-z]+$")
# How an amount moved, right before it: "fell to 4.1 percent", "fallen by 11 percent".
_MOVEMENT_RE = re.compile(
    r"\b((?:rose|rise|rises|risen|rising|fell|fall|falls|fallen|falling|grew|grow|grows|grown"
    r"|dropped|drops|jumped|jumps|climbed|climbs|slid|slipped|declined|increased|decreased"
    r"|surged|soared|plunged|shrank|shrunk|eased|eases|slowed|slows|accelerated|edged|dipped"
    r"|tumbled|sank|rebounded|down|up)(?:\s+(?:to|by|from))?)\s*$",
    re.IGNORECASE,
)
# What every match of _MOVEMENT_RE ends with: the last letter of one of its words.
_MOVEMENT_HINT_RE = re.compile(r"[degklmnopswy]\s*$", re.IGNORECASE)
# The noun right before a verb of movement, and the word before it: what moved, unless that
# noun ends a phrase after a preposition ("for the quarter slipped 6.5%").
_MOVER_RE = re.compile(r"(?:^|\s)([A-Za-z][a-z\-]{2,})\s+$")
_PREPOSITIONS = frozenset(
    "by for at of in on with from to into over under after before since during".split()
)
_NOT_MOVERS = (
    _NOT_NOUNS
    | _PREPOSITIONS
    | frozenset(
        "have has had having is are was were be been being will would could should may might "
        "must can which who what also then still further sharply slightly steadily and or but "
        "as than they we he she you".split()
    )
)
_NOUN_OF_RE = re.compile(r"([a-z][a-z\-]+) of\s*$")  # "budget of" before an amount
# "cut flood-defence spending by 40%", "cuts growth forecast to 0.8%": a verb of change, its
# object, "by" or "to", the amount.
_CHANGED_BY_RE = re.compile(
    r"\b(cut|cuts|raised|raises|reduced|reduces|lowered|lowers|boosted|boosts|increased"
    r"|increases|decreased|decreases|slashed|slashes|trimmed|trims|expanded|expands)\s+"
    r"((?:(?!by\b|to\b)[a-z0-9][\w\-’']*\s+){1,4})(by|to)\s*$",
    re.IGNORECASE,
)
_THEN_TO_RE = re.compile(r"(?:\s+[a-z]+){0,3}?,?\s+(?:(?:all\s+the\s+way\s+)?(?:up|down)\s+)?to\s+")
_SHARE_WORDS_RE = re.compile(r"\s(?:in|out\s+of)\s")  # "one in four", "seven out of 10"
_PART_OF_RE = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|our)\s+)?")  # "112 of the 400"
_OF_PHRASE_RE = re.compile(r"\s+of\s+((?:[\w\-’']+\s*){1,3})")  # "of lines" after one
_QUANTITY_OF_DETERMINERS = frozenset({"the", "all", "its", "their", "his", "her", "our"})
_QUALIFIERS_BEFORE = (
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "over",
    "some",
)
_DESIGNATION_RE = re.compile(
    r"\bdesignat\w*\s+(?:(?!as\b)[^,;.]){1,80}?\bas\s+(?:an?\s+|the\s+)?(?P<category>[^,;.]+)"
    r"|\bdesignated\s+(?:as\s+)?(?:an?\s+|the\s+)?(?P<passive>[^,;.]+)"
    r"|\b(?P<verb>labell?ed|classified|listed|branded|recognised|recognized|certified)\s+as\s+"
    r"(?:an?\s+|the\s+)?(?P<other>[^,;.]+)",
    re.IGNORECASE,
)
_DESIGNATION_HINT_RE = re.compile(
    r"designat|(?:labell?ed|classified|listed|branded|recogni[sz]ed|certified) as"
)
_SUPERLATIVE_HINT_RE = re.compile(r"est\b|\bmost\b|\bfirst\b|\brecord\b|\bbest\b|\bworst\b|unprec")
# Organisations are named in full in a label; a person by the surname.
_ORGANISATION_WORDS = frozenset(
    "command ministry department office council agency bank company police army navy force "
    "forces party union court commission committee group authority service board government "
    "institute university association federation organization organisation corporation "
    "house press news times post network foundation fund center centre league club church "
    "inc ltd corp co plc llc labs laboratories solutions networks studios games robotics "
    "therapeutics biotech".split()
)


# A token is a plain tuple (text, start, end, word): every word of every claim is one, and a
# tuple is several times cheaper to build than a NamedTuple. ``start`` and ``end`` are offsets
# into the sentence; ``word`` is lowercase, with punctuation and quote marks stripped and
# apostrophes as "'".
_Token = tuple[str, int, int, str]
_TEXT, _START, _END, _WORD = 0, 1, 2, 3


@dataclass(slots=True)  # not frozen: built for every claim, and never changed
class _Parts:
    """What a sentence holds that can be checked, found once per label."""

    quantities: Sequence[Quantity]  # offsets into the sentence
    written: list[tuple[int, int]]  # numbers in words the quantity parser did not read
    superlative: tuple[int, int] | None
    designation: re.Match[str] | None

    def spans(self, start: int, end: int) -> list[tuple[int, int]]:
        # A figure the clause holds even in part ("about one in nine" after "said") is core.
        found = [(q.start, q.end) for q in self.quantities if q.start < end and start < q.end]
        found.extend(span for span in self.written if start <= span[0] < end)
        if self.superlative is not None and start <= self.superlative[0] < end:
            found.append(self.superlative)
        if self.designation is not None and start <= self.designation.start() < end:
            found.append(self.designation.span())
        return found


def _parts(
    sentence: str,
    tokens: list[_Token],
    quantities: Sequence[Quantity],
    kinds: Collection[str] | None,
) -> _Parts:
    """The checkable parts; ``kinds``, when known, saves looking for what the sentence lacks."""
    lowered = sentence.lower() if kinds is None else ""
    if kinds is None or "designation" in kinds:
        hinted = kinds is not None or _DESIGNATION_HINT_RE.search(lowered)
        designation = _DESIGNATION_RE.search(sentence) if hinted else None
    else:
        designation = None
    if kinds is None or "superlative" in kinds:
        hinted = kinds is not None or _SUPERLATIVE_HINT_RE.search(lowered)
        superlative = _superlative_span(tokens) if hinted else None
    else:
        superlative = None
    numbers = not quantities and (kinds is None or "quantity" in kinds)
    if quantities and any(q.unit in _TIME_UNITS for q in quantities):
        # "fell 12% over the past five years": the 12% is the claim, and "fell sharply over
        # the past five years" is a clause to show, not "5 years".
        quantities = [q for q in quantities if not _is_time_frame(sentence, q)]
        spans = [q for q in quantities if q.qualifier == "over" and q.unit in _TIME_UNITS]
        if spans and len(spans) < len(quantities):
            # "add $256 billion to deficits over 10 years": over the span, beside the figure
            quantities = [q for q in quantities if q not in spans]
    return _Parts(
        quantities=quantities,
        written=written_numbers(sentence) if numbers else [],
        superlative=superlative,
        designation=designation,
    )


def claim_label(
    sentence: str,
    quantities: Sequence[Quantity],
    *,
    quote: tuple[int, int] | None = None,
    speaker: str | None = None,
    speaker_is_organisation: bool = False,
    speaker_acronym: str | None = None,
    kinds: Collection[str] | None = None,
) -> str:
    """The label of the claim ``sentence``.

    ``quantities`` have offsets into the sentence; ``quote`` is the span of the quoted words
    (without the marks) when the claim is direct speech; ``speaker`` is the resolved speaker,
    named in full when ``speaker_is_organisation`` ("Baltic Link", not "Link"), or by
    ``speaker_acronym`` when that is shorter and the article used it ("WHO");
    ``kinds``, the claim's kinds when the caller has them, only make the label faster.
    """
    every: list[_Token] | None = None
    prefix = ""
    if speaker:
        prefix = short_speaker(speaker, organisation=speaker_is_organisation)
        if speaker_acronym and len(speaker_acronym) < len(prefix):
            prefix = speaker_acronym
    if quote is not None and len(sentence[quote[0] : quote[1]].split()) < _QUOTE_LABEL_WORDS:
        quote = None  # said the IFS analysis showed a “clear threat”: the sentence is the claim
    if quote is not None:
        quoted = _tokens(sentence, *quote)
        quoted_parts = _parts(sentence, quoted, quantities, kinds)
        figures_outside = [
            q
            for q in quantities
            if not quote[0] <= q.start < quote[1] and not _inside_quotes(sentence, q.start)
        ]
        if (
            speaker
            and figures_outside
            and quoted_parts.superlative is None
            and len(figures_outside) == len(quantities)
        ):
            # X called it “a disgrace” and said spending fell 40%: the figure is what can be
            # checked, so the label is what X said outside the quote.
            every = _tokens(sentence, 0, len(sentence))
            said = _reported_clause(every, sentence)
            if said is not None and every[said][_START] >= quote[1]:
                parts = _parts(sentence, every, quantities, kinds)
                return _with_prefix(prefix, sentence, every[said:], parts)
            if (
                said is not None
                and every[said][_START] < quote[0]
                and not sentence[quote[1] + 1 :].strip(" .!?”\"'’")
                and any(every[said][_START] <= q.start < quote[0] for q in figures_outside)
            ):
                # "he said the council had spent €18.5 million on flood works, “more than any
                # other ...”", "she said the government had provided £1.2bn ... and would act
                # “in the new year”": a partial quote ends what was said, the figure before it.
                before = [token for token in every[said:] if token[_END] <= quote[0] - 1]
                if before:
                    parts = _parts(sentence, every, quantities, kinds)
                    return _with_prefix(prefix, sentence, before, parts)
        if (
            quantities
            and quoted_parts.superlative is None
            and len(figures_outside) == len(quantities)
            and any(
                _is_figure_to_check(sentence, q) and not _in_relative_aside(sentence, q.start)
                for q in quantities
                if q.end <= quote[0]
            )
            and sentence[: quote[0] - 1].strip(" “\"'‘")
        ):
            # "European sales fell by a third to €310 million, which Moreau blamed on “a brutal
            # year ...”", "Seven were treated, and the authority said the number was “likely
            # to rise”": the figures before a partial quote are the claim, and not the
            # speaker's words.
            before = [q for q in quantities if q.end <= quote[0]]
            return claim_label(sentence[: quote[0] - 1], before, kinds=kinds)
        return _with_prefix(prefix or UNATTRIBUTED, sentence, quoted, quoted_parts)
    every = _tokens(sentence, 0, len(sentence))
    parts = _parts(sentence, every, quantities, kinds)
    if speaker:
        aside = _attribution_aside(every)
        if aside is not None:
            # "The government will spend €450m on hospitals, Varga said, paid for by ...":
            # what was said is on both sides of the attribution.
            return _with_prefix(prefix, sentence, every[: aside[0]] + every[aside[1] :], parts)
        said = _reported_clause(every, sentence)
        if said is not None:
            verb = said - 1
            while verb > 0 and every[verb][_WORD] not in REPORTING_VERBS:
                verb -= 1
            if parts.spans(0, every[verb][_START]) and not parts.spans(
                every[verb][_START], len(sentence)
            ):
                # "X cut the forecast to 0.8% and said there would be no new taxes": the
                # figures are what X did before the verb of speech, and what can be checked.
                return _with_prefix(prefix, sentence, every[:verb], parts)
            return _with_prefix(prefix, sentence, every[said:], parts)
    tokens = _compact(sentence, every, parts.spans(0, len(sentence)))
    return _core_label(sentence, tokens, parts, PLAIN_CHARS, LABEL_CHARS, capitalise=True)


def _attribution_aside(tokens: list[_Token]) -> tuple[int, int] | None:
    """(first, after) of an attribution between commas inside the sentence (", Varga said,"),
    None when there is none. At most four words of subject before the verb."""
    for index in range(3, len(tokens) - 3):
        token = tokens[index]
        if not token[_TEXT].endswith(",") or token[_WORD] not in REPORTING_VERBS:
            continue
        for first in range(index - 1, max(1, index - 5), -1):
            if tokens[first - 1][_TEXT].endswith(","):
                return first, index + 1
        return None
    return None


def short_speaker(name: str, *, organisation: bool = False) -> str:
    """A person by the surname ("Amira Khan" -> "Khan"); organisations (``organisation``: known
    to be one, as "Baltic Link" from "the ferry operator Baltic Link") and unusual names whole."""
    words = name.split()
    if len(name) > _LONG_SPEAKER and len(words) >= 3 and all(w.islower() for w in words[1:]):
        # An organisation named by a long description ("Regional civil protection agency"):
        # its last two words are enough beside the claim ("Protection agency").
        return f"{words[-2].capitalize()} {words[-1]}"
    if organisation or not 2 <= len(words) <= 4 or words[0].isupper():
        return name
    for word in words:
        if not word[:1].isupper() or word.lower().strip(".,") in _ORGANISATION_WORDS:
            return name
    while len(words) > 2 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]  # "Harold T. Brackenridge Jr." -> "Brackenridge"
    if len(words) > 2 and words[-2] in _SURNAME_PARTICLES:
        return " ".join(words[-2:])  # "Seán Ó Briain" -> "Ó Briain"
    return words[-1]


# Capitalised words that belong to the surname after them (Irish and Scottish Gaelic).
_SURNAME_PARTICLES = frozenset("Ó Ní Nic Mac Mhic Uí".split())


# --- building blocks -----------------------------------------------------------------------


def _with_prefix(prefix: str, sentence: str, tokens: list[_Token], parts: _Parts) -> str:
    if len(prefix) > _LONG_SPEAKER:
        prefix = _cut_at_word(prefix, _LONG_SPEAKER)  # a speaker the rules misread, say
    budget = LABEL_CHARS - len(prefix) - 2
    if not tokens:
        return prefix
    tokens = _compact(sentence, tokens, parts.spans(tokens[0][_START], tokens[-1][_END]))
    body = _core_label(sentence, tokens, parts, budget, budget, capitalise=False)
    return f"{prefix}: {body}" if body else prefix


def _core_label(
    sentence: str,
    tokens: list[_Token],
    parts: _Parts,
    budget: int,
    most: int,
    *,
    capitalise: bool,
) -> str:
    """The clause within ``budget`` (capitalised when it opens the label), else the checkable
    parts within ``most``, else the clause cut at a word within ``most``."""
    if not tokens:
        return ""
    start, end = tokens[0][_START], tokens[-1][_END]
    core = parts.spans(start, end)
    fitted = _fit(tokens, core, budget)
    if fitted is not None:
        return fitted[0].upper() + fitted[1:] if capitalise and fitted else fitted
    labels = _core_parts(sentence, start, end, parts)
    inside = [q for q in parts.quantities if start <= q.start < end]
    small = bool(inside) and parts.superlative is None and all(map(_is_small_count, inside))
    if inside and not small and parts.superlative is None and all(map(_is_bare, inside)):
        # Numbers with nothing to say what they count ("from 14 a day to 9"): the words just
        # before them say it ("cut crossings from 14 a day to 9"), where "14, 9" would not.
        around = _around(sentence, tokens, inside, most)
        if around is not None:
            return around[0].upper() + around[1:] if capitalise else around
    if labels and not small:
        return _join_parts(labels, most)
    cut = _cut_at_word(_join(tokens), most)
    if labels and not all(" ".join(q.text.split()) in cut for q in inside):
        return _join_parts(labels, most)
    # Nothing checkable, or only small plain counts ("two towns") that the clause cut at a word
    # still holds: then the clause says more than "2 towns" would.
    return cut[0].upper() + cut[1:] if capitalise and cut else cut


def _inside_quotes(sentence: str, at: int) -> bool:
    """Whether ``at`` lies inside a quotation of ``sentence`` (its second quote, say)."""
    before = sentence[:at]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


_RELATIVE_RE = re.compile(r",\s+(?:which|who|whose)\s")


def _in_relative_aside(sentence: str, at: int) -> bool:
    """ "The union, which represents around 2,300 employees, called ...": a figure that
    describes the subject, not what the sentence claims."""
    opened = [match.end() for match in _RELATIVE_RE.finditer(sentence, 0, at)]
    return bool(opened) and "," not in sentence[opened[-1] : at]


def _is_figure_to_check(sentence: str, quantity: Quantity) -> bool:
    """A figure a claim turns on: a count of something, a share or an amount of money, not an
    age, one thing, a duration or a number with nothing to say what it counts."""
    return not (
        quantity.unit is None
        or quantity.unit in {"time", "times"}
        or quantity.value == 1
        or _is_weak(sentence, quantity)
        or _is_known_count(sentence, quantity)
        or quantity.unit in _TIME_UNITS
    )


def _is_bare(quantity: Quantity) -> bool:
    return quantity.unit is None and quantity.qualifier is None and not quantity.is_vague


def _around(
    sentence: str, tokens: list[_Token], quantities: Sequence[Quantity], most: int
) -> str | None:
    """The few words before the first of ``quantities`` (what they count or how they moved)
    and the words up to the end of the last, within ``most``; None when no such word is
    there, the numbers are not in one phrase, or it does not fit."""
    first, last = quantities[0].start, quantities[-1].end
    if _PHRASE_BREAK_RE.search(sentence, first, last):
        return None  # "it's at 118 -- and starting at 250": two phrases
    at = next((i for i, token in enumerate(tokens) if token[_END] > first), None)
    if at is None:
        return None
    begin = at
    while begin > 0 and at - begin < _WORDS_BEFORE_BARE:
        previous = tokens[begin - 1][_TEXT]
        if previous[-1] in ",;:—–-" or not any(char.isalnum() for char in previous):
            break
        begin -= 1
    while begin < at and tokens[begin][_WORD] in _NOT_COUNTED:
        begin += 1
    if begin == at:
        return None
    text = _tidy(" ".join(sentence[tokens[begin][_START] : last].split()))
    return text if len(text) <= most else None


def _is_small_count(quantity: Quantity) -> bool:
    return (
        quantity.value < _SMALL_COUNT
        and quantity.qualifier is None
        and quantity.unit not in _CURRENCY_SIGNS
        and quantity.unit not in {"percent", "fraction", "percentage points"}
    )


_TIME_UNITS = frozenset(
    "year years month months week weeks day days hour hours decade decades minutes season "
    "seasons".split()
)
_FRAME_BEFORE = ("the past ", "the last ", "the next ", "the previous ", "in ", "within ")


def _is_time_frame(sentence: str, quantity: Quantity) -> bool:
    """ "over the past five years", "in three years": when, not what, beside another figure."""
    return (
        quantity.unit in _TIME_UNITS
        and quantity.qualifier is None
        and sentence.endswith(_FRAME_BEFORE, 0, quantity.start)
    )


_DEFINITE_BEFORE = ("the ", "The ", "these ", "those ", "both ", "its ", "their ", "all ")


def _is_weak(sentence: str, quantity: Quantity) -> bool:
    """A duration, or an amount that describes a noun ("four-day week"): checkable, but less
    what a claim turns on than a share, a sum or a count beside it; not a sentence or a term
    ("jailed for six years", "signed for three years")."""
    if quantity.unit in _TIME_UNITS:
        return not _TERM_VERB_RE.search(sentence, max(0, quantity.start - 30), quantity.start)
    return quantity.unit != "fraction" and _COMPOUND_END_RE.search(quantity.text) is not None


_TERM_VERB_RE = re.compile(
    r"\b(?:jailed|sentenced|imprisoned|banned|suspended|barred|signed|extended|served|"
    r"elected|appointed|contracted)\b"
)


def _is_known_count(sentence: str, quantity: Quantity) -> bool:
    """ "the two sides", "their three children": a small count of what the text already named,
    not a figure to check; nor is an age after a name ("Varga, 52, is ...")."""
    if _is_age(sentence, quantity):
        return True
    if not _is_small_count(quantity) or not sentence.endswith(_DEFINITE_BEFORE, 0, quantity.start):
        return False
    # "three of its eight libraries": the whole of a share, which the label keeps.
    return not sentence[max(0, quantity.start - 12) : quantity.start].rstrip().endswith(_SHARE_OF)


def _is_age(sentence: str, quantity: Quantity) -> bool:
    if quantity.unit is not None or not 0 < quantity.value < 120 or quantity.qualifier:
        return False
    if not sentence.endswith(", ", 0, quantity.start) or not sentence.startswith(",", quantity.end):
        return False
    before = sentence[: quantity.start - 2].rsplit(None, 1)[-1:]
    return bool(before) and before[0][:1].isupper()


_SHARE_OF = tuple(f" of {word}" for word in ("the", "its", "their", "all", "these", "those"))


def _tokens(sentence: str, start: int, end: int) -> list[_Token]:
    """The whitespace-separated pieces of ``sentence[start:end]``, offsets into ``sentence``."""
    text = sentence[start:end] if start or end < len(sentence) else sentence
    pieces = text.split()
    lowered = text.lower()
    if len(lowered) == len(text) and " ".join(pieces) == text:
        # Words apart by single spaces (most sentences): offsets follow from the lengths, and
        # the lowercase pieces line up with the pieces, so no Python loop runs per word.
        if "’" in lowered:
            lowered = lowered.replace("’", "'")
        lengths = list(map(len, pieces))
        starts = list(accumulate(map((1).__add__, lengths), initial=start))
        words = map(str.strip, lowered.split(" "), repeat(_WORD_EDGES))
        # ``starts`` holds one more offset, after the last piece.
        return list(zip(pieces, starts, map(add, starts, lengths), words, strict=False))
    tokens: list[_Token] = []
    position = 0
    find = text.find
    for piece in pieces:
        position = find(piece, position)
        after = position + len(piece)
        word = piece.strip(_WORD_EDGES).lower()
        if "’" in word:
            word = word.replace("’", "'")
        tokens.append((piece, start + position, start + after, word))
        position = after
    return tokens


def _join(tokens: Sequence[_Token]) -> str:
    return _tidy(" ".join([token[_TEXT] for token in tokens]))


def _tidy(text: str) -> str:
    """Without the sentence's end punctuation or a quote mark left alone at either end."""
    text = text.strip().rstrip(",;:—–-.!?…").rstrip()
    if text[:1] in '"“”' or text[-1:] in '"“”':
        straight, opened, closed = text.count('"'), text.count("“"), text.count("”")
        if straight % 2 or opened != closed:
            text = text.strip('"“”')  # the other mark was cut off with the sentence
    return text


def _in_core(token: _Token, core: Sequence[tuple[int, int]]) -> bool:
    for start, end in core:
        if token[_START] < end and start < token[_END]:
            return True
    return False


def _compact(sentence: str, tokens: list[_Token], core: Sequence[tuple[int, int]]) -> list[_Token]:
    """The clause as a headline would say it (see the module docstring)."""
    if len(tokens) > 1 and tokens[0][_WORD] in _CONNECTIVES and not _in_core(tokens[0], core):
        tokens = tokens[1:]
    tokens = _drop_opening_phrase(tokens, core)
    if "-" in sentence and _PARTY_STATE_HINT_RE.search(sentence):
        tokens = _drop_party_state(tokens)
    tokens = _drop_relative_clauses(tokens, core)
    if " by " in sentence:
        tokens = _drop_participle_aside(tokens, core)
    tokens = _drop_attribution_tail(tokens, core)
    if len(tokens) > 3 and (tokens[0][_WORD], tokens[1][_WORD]) in _PLACEHOLDER_SUBJECTS:
        if not _in_core(tokens[0], core) and not _in_core(tokens[1], core):
            tokens = tokens[2:]
    if len(tokens) > 2 and tokens[0][_WORD] in _ARTICLES and not _in_core(tokens[0], core):
        tokens = tokens[1:]
    return _drop_auxiliaries(tokens, core)


def _drop_opening_phrase(tokens: list[_Token], core: Sequence[tuple[int, int]]) -> list[_Token]:
    if not tokens:
        return tokens
    first = tokens[0][_WORD]
    if first not in _OPENERS and not (first.endswith("ing") and len(first) > 5):
        return tokens
    for index, token in enumerate(tokens[:_OPENING_REACH]):
        if token[_TEXT].endswith(","):
            rest = tokens[index + 1 :]
            if len(rest) >= 3 and not any(_in_core(item, core) for item in tokens[: index + 1]):
                return rest
            return tokens
    return tokens


_RELATIVE_REACH = 12
_FINITE_AUXILIARIES = frozenset("are is were was will would have has had can could must".split())


def _drop_relative_clauses(tokens: list[_Token], core: Sequence[tuple[int, int]]) -> list[_Token]:
    """Without ", who denied all charges," after a name ("Lamb, who denied all charges, plans
    to appeal" -> "Lamb plans to appeal"): it describes the person, the claim goes on."""
    if "who" not in map(itemgetter(_TEXT), tokens):  # most sentences: looked for in C
        return tokens  # (as written: "WHO" is the World Health Organization)
    if len(tokens) > 4 and tokens[1][_TEXT] == "who" and tokens[0][_TEXT][0].isupper():
        # "Residents who lost out on housing are expected to ...": the subject and its verb.
        verb = next(
            (
                at
                for at in range(3, min(len(tokens) - 2, _RELATIVE_REACH))
                if tokens[at][_WORD] in _FINITE_AUXILIARIES
            ),
            None,
        )
        clause = tokens[1:verb] if verb is not None else []
        if clause and not any(item[_TEXT][-1] in ",;:" for item in clause):
            if not any(_in_core(item, core) for item in clause):
                tokens = [tokens[0], *tokens[verb:]]
    index = 0
    while index < len(tokens) - 2:
        token = tokens[index]
        if not (
            token[_TEXT].endswith(",")
            and token[_TEXT][0].isupper()
            and tokens[index + 1][_TEXT] == "who"
        ):
            index += 1
            continue
        end = _comma_from(tokens, index + 2, index + _RELATIVE_REACH)
        if (
            end is None
            or not tokens[end + 1][_TEXT][0].islower()  # the sentence goes on: "..., plans to"
            or tokens[end + 1][_WORD] in _PERSONAL_PRONOUNS  # "..., he was": spoken, restarted
            or any(_in_core(item, core) for item in tokens[index + 1 : end + 1])
        ):
            index += 1
            continue
        tokens = _without_aside(tokens, index, end)
        index += 1
    return tokens


def _comma_from(tokens: Sequence[_Token], first: int, stop: int) -> int | None:
    """The first token from ``first`` (before ``stop`` and the last token) that ends with a
    comma: where an aside between commas ends."""
    return next(
        (at for at in range(first, min(len(tokens) - 1, stop)) if tokens[at][_TEXT].endswith(",")),
        None,
    )


def _without_aside(tokens: list[_Token], before: int, end: int) -> list[_Token]:
    """``tokens`` without the aside after ``before`` up to ``end`` (its closing comma) and
    without the comma that opened it: "Lamb, who denied all charges, plans" -> "Lamb plans"."""
    token = tokens[before]
    text = token[_TEXT][:-1]
    trimmed = (text, token[_START], token[_START] + len(text), token[_WORD])
    return [*tokens[:before], trimmed, *tokens[end + 1 :]]


_PARTY_STATE_RE = re.compile(r"[RDI]-[A-Z][A-Za-z.]{1,6},")
_PARTY_STATE_HINT_RE = re.compile(r", [RDI]-[A-Z]")


def _drop_party_state(tokens: list[_Token]) -> list[_Token]:
    """Without ", R-Neb.," after a name ("Sen. Marjorie Quillen, R-Neb., voted against it")."""
    for index in range(1, min(len(tokens) - 1, _OPENING_REACH)):
        token = tokens[index]
        if token[_TEXT][1:2] != "-" or not _PARTY_STATE_RE.fullmatch(token[_TEXT]):
            continue
        if not tokens[index - 1][_TEXT].endswith(","):
            return tokens
        return _without_aside(tokens, index - 1, index)
    return tokens


def _drop_participle_aside(tokens: list[_Token], core: Sequence[tuple[int, int]]) -> list[_Token]:
    """Without ", chaired by retired judge Mary Kinsella," after the subject ("The inquiry,
    chaired by ..., is expected to report" -> "The inquiry is expected to report")."""
    for index in range(min(len(tokens) - 3, _SUBJECT_WORDS)):
        token = tokens[index]
        if not token[_TEXT].endswith(",") or not _is_participle(tokens, index + 1):
            continue
        if tokens[index + 2][_WORD] != "by":
            return tokens
        end = _comma_from(tokens, index + 3, index + _RELATIVE_REACH)
        if (
            end is None
            or not tokens[end + 1][_TEXT][0].islower()
            or any(_in_core(item, core) for item in tokens[index + 1 : end + 1])
        ):
            return tokens
        return _without_aside(tokens, index, end)
    return tokens


_SUBJECT_WORDS = 4


def _drop_attribution_tail(tokens: list[_Token], core: Sequence[tuple[int, int]]) -> list[_Token]:
    last = {token[_WORD] for token in tokens[-_ATTRIBUTION_TAIL_WORDS:]}
    if not (last & REPORTING_VERBS or "according" in last or "citing" in last):
        return tokens
    for index in range(len(tokens) - 2, 1, -1):
        if len(tokens) - index > _ATTRIBUTION_TAIL_WORDS:
            break
        if not tokens[index][_TEXT].endswith(","):
            continue
        tail = tokens[index + 1 :]
        words = {token[_WORD] for token in tail}
        attributed = bool(words & REPORTING_VERBS) or "according" in words or "citing" in words
        if attributed and not any(_in_core(token, core) for token in tail):
            return tokens[: index + 1]
    return tokens


def _drop_auxiliaries(tokens: list[_Token], core: Sequence[tuple[int, int]]) -> list[_Token]:
    if _AUXILIARY_OR_ADVERB.isdisjoint(map(itemgetter(_WORD), tokens)):
        return tokens
    dropped: set[int] = set()
    for index, token in enumerate(tokens):
        word = token[_WORD]
        if index == 0 or word not in _AUXILIARY_OR_ADVERB or _in_core(token, core):
            continue
        if word in _DROPPED_ADVERBS:
            dropped.add(index)
            continue
        if token[_TEXT][-1] in ",;:":
            continue
        following = index + 1
        while following < len(tokens) and tokens[following][_WORD] in _SKIPPED_ADVERBS:
            following += 1
        if any(tokens[at][_WORD] == "not" for at in range(index + 1, following)):
            continue  # "has not opened" must not become "not opened"
        if word in _PERFECT and following < len(tokens) and tokens[following][_WORD] == "been":
            if _is_participle(tokens, following + 1):
                dropped.update((index, following))  # "have been carried out" -> "carried out"
        elif word in _PASSIVE and tokens[index - 1][_WORD] in _PERSONAL_PRONOUNS:
            continue  # "we were told" must not become "we told"
        elif _is_participle(tokens, following) and (
            word in _PASSIVE or tokens[following][_WORD] not in _IRREGULAR_ONLY_PARTICIPLES
        ):
            dropped.add(index)  # "has deployed" -> "deployed"; "were designated" -> "designated"
    return [token for index, token in enumerate(tokens) if index not in dropped]


def _is_participle(tokens: Sequence[_Token], index: int) -> bool:
    return index < len(tokens) and _is_participle_word(tokens[index][_WORD])


def _is_participle_word(word: str) -> bool:
    return (len(word) > 4 and word.endswith("ed")) or (
        word in _IRREGULAR_ONLY_PARTICIPLES or word in _SAME_PAST_PARTICIPLES or word == "meant"
    )


def _fit(tokens: list[_Token], core: Sequence[tuple[int, int]], budget: int) -> str | None:
    """The clause, or its longest head cut at a boundary, that holds ``core`` within ``budget``."""
    if not tokens:
        return None
    # The longest head that could fit: its words and the spaces between them within budget.
    length, longest = -1, 0
    for token in tokens:
        length += len(token[_TEXT]) + 1
        if length > budget + 2:  # a closing mark or comma may still come off
            break
        longest += 1
    if longest == len(tokens):
        whole = _join(tokens)
        if len(whole) <= budget:
            return whole
    core_end = max((end for _start, end in core), default=0)
    shorter = _without_subject_phrase(tokens, core)
    if shorter is not None:
        return _fit(_drop_auxiliaries(shorter, core), core, budget)  # "Injuries doubled"
    for cut in range(min(longest, len(tokens) - 1), 1, -1):
        if tokens[cut - 1][_END] < core_end:
            break
        previous, following = tokens[cut - 1], tokens[cut]
        at_boundary = previous[_TEXT][-1] in ",;:—–" or following[_WORD] in _BOUNDARY_WORDS
        if not at_boundary and following[_WORD] in _TIME_OPENERS and cut + 1 < len(tokens):
            at_boundary = (
                tokens[cut + 1][_WORD] in _TIME_NOUNS and previous[_WORD] not in _NOT_NOUNS
            )
        if not at_boundary or following[_TEXT] in {"-"}:
            continue
        head = tokens[:cut]
        while len(head) > 2 and head[-1][_WORD] in _TRAILING_JUNK and not _in_core(head[-1], core):
            head = head[:-1]
        if _ends_unfinished(head):
            continue  # "most of the breaches were | in sections built before 1990": unfinished
        text = _join(head)
        if len(text) <= budget and len(head) >= 3:
            return text
    return None


_COPULAS = _PERFECT | _PASSIVE | frozenset({"be", "been", "being", "will", "would"})


def _ends_unfinished(head: Sequence[_Token]) -> bool:
    """Whether ``head`` stops at its only verb, a copula right after its subject ("most of the
    breaches were"); "where we want to be" and "the mess we were" are finished."""
    if len(head) < 2 or head[-1][_WORD] not in _COPULAS:
        return False
    before = head[-2][_WORD]
    if before in _PERSONAL_PRONOUNS or before in {"to", "not", "i"}:
        return False
    return not any(token[_WORD] in _COPULAS or "'" in token[_WORD] for token in head[:-1])


_PLACE_PREPOSITIONS = frozenset("on at in near across inside outside around along".split())
_MOVEMENT_VERBS = frozenset(
    "rose fell grew doubled tripled halved dropped jumped climbed slid declined increased "
    "decreased surged soared plunged shrank rise fall grow double drop jump climb".split()
)


def _without_subject_phrase(
    tokens: list[_Token], core: Sequence[tuple[int, int]]
) -> list[_Token] | None:
    """The clause without the place phrase of its subject ("Injuries on the quay doubled in
    three years" -> "Injuries doubled in three years"): a preposition of place after the first
    one or two words, up to four words that hold nothing checkable, then the verb. None when
    the clause is not of that shape."""
    for at in (1, 2):
        if at + 2 >= len(tokens) or tokens[at][_WORD] not in _PLACE_PREPOSITIONS:
            continue
        if any(token[_WORD] in _NOT_NOUNS for token in tokens[:at]):
            return None
        if _in_core(tokens[at], core):
            return None  # "one in nine posts was vacant": the figure, not a place
        for verb in range(at + 2, min(at + 8, len(tokens) - 1)):
            word = tokens[verb][_WORD]
            if tokens[verb - 1][_TEXT][-1] in ",;:—–" or _in_core(tokens[verb - 1], core):
                return None
            if word in _MOVEMENT_VERBS or word in _AUXILIARY_OR_ADVERB or _is_participle_word(word):
                return [*tokens[:at], *tokens[verb:]]
        return None
    return None


def _cut_at_word(text: str, budget: int) -> str:
    if len(text) <= budget:
        return text
    cut = text.rfind(" ", 0, budget)
    if cut < budget // 2:
        cut = budget - 1
    head = text[:cut].rstrip(",;:—– ")
    opening = max(head.rfind("“"), head.rfind('"') if head.count('"') % 2 else -1)
    if opening > budget // 2 and "”" not in head[opening:]:
        head = head[:opening].rstrip(",;:—– ")  # not a quotation cut in the middle: “a…
    words = head.split()
    while len(words) > 2 and words[-1].lower() in _TRAILING_JUNK:
        words.pop()
    return " ".join(words).rstrip(",;:—– ") + "…"


def _join_parts(parts: list[str], budget: int) -> str:
    label = ""
    for index, part in enumerate(parts):
        if part in parts[:index]:
            continue  # the same amount twice in the sentence: once in the label
        candidate = f"{label}, {part}" if label else part
        if len(candidate) > budget:
            break
        label = candidate
    return label or _cut_at_word(parts[0], budget)


# --- the checkable parts -------------------------------------------------------------------


def _core_parts(sentence: str, start: int, end: int, parts: _Parts) -> list[str]:
    labels: list[str] = []
    superlative = parts.superlative
    if superlative is not None and start <= superlative[0] < end:
        labels.append(_tidy(" ".join(sentence[superlative[0] : superlative[1]].split())))
    inside = [quantity for quantity in parts.quantities if start <= quantity.start < end]
    if superlative is not None:
        # "strongest in people over 65": the amount is already in the superlative's words.
        inside = [q for q in inside if not superlative[0] <= q.start < superlative[1]]
    checkable = [q for q in inside if not _is_known_count(sentence, q)]
    if checkable or labels:
        inside = checkable  # "talks between the two sides ... an offer of 3.5%": the offer
    labels.extend(_quantity_labels(sentence, inside))
    labels.extend(
        _written_number_label(sentence, span) for span in parts.written if start <= span[0] < end
    )
    if not labels and parts.designation is not None and start <= parts.designation.start() < end:
        designation = _designation_label(parts.designation)
        if designation:
            labels.append(designation)
    return labels


def _opens_own_clause(tokens: list[_Token], index: int) -> bool:
    word = tokens[index][_WORD]
    if tokens[index - 1][_WORD] in _CLAUSE_OPENERS:
        return False
    if word in _CLAUSE_PRONOUNS:
        return True
    return (
        word in _OBJECT_PRONOUNS
        and index + 1 < len(tokens)
        and tokens[index + 1][_WORD] in _AUXILIARIES
    )


def _superlative_span(tokens: list[_Token]) -> tuple[int, int] | None:
    """The superlative and the noun phrase it ranks: "world's largest aircraft carrier",
    "largest rail strike since 1989", "first needle-free vaccine to beat the shot"."""
    for index, token in enumerate(tokens):
        word = token[_WORD]
        before = tokens[index - 1][_WORD] if index else ""
        ranked = word in SUPERLATIVE_WORDS or (
            word == "most" and before == "the" and index + 1 < len(tokens)
        )
        if not ranked and len(word) > 5 and word.endswith("est"):
            ranked = word not in NOT_SUPERLATIVES and (
                before in SUPERLATIVE_DETERMINERS or before.endswith("'s")
            )
        if not ranked and word == "first":
            ranked = before in SUPERLATIVE_DETERMINERS or before.endswith("'s")
        if not ranked and word == "record" and index + 1 < len(tokens):
            ranked = tokens[index + 1][_WORD] in {"high", "low", "number", "level", "levels"}
        if not ranked:
            continue
        first = index - 1 if before.endswith("'s") and index else index
        last = index
        for following in range(index + 1, min(len(tokens), index + 9)):
            if tokens[following - 1][_TEXT][-1] in ',;:.!?…)”"' or tokens[following][_WORD] in (
                _PHRASE_STOPS
            ):
                break
            if _opens_own_clause(tokens, following):
                break
            if tokens[following][_END] - tokens[first][_START] > PLAIN_CHARS:
                break
            last = following
        while last > index and (
            tokens[last][_WORD] in _TRAILING_JUNK or tokens[last][_TEXT].endswith(("'s", "’s"))
        ):
            last -= 1  # "largest flood loss in the country's" stops before "in the country's"
            while last > index and tokens[last][_WORD] in _PHRASE_STOPS | _TRAILING_JUNK:
                last -= 1
        if last == index and word in {"first", "most", "best", "worst"}:
            continue  # "at first", "the most" alone rank nothing
        return tokens[first][_START], tokens[last][_END]
    return None


def _designation_label(match: re.Match[str]) -> str | None:
    category = match.group("category") or match.group("passive") or match.group("other") or ""
    category = " ".join(category.split()).rstrip(".")
    verb = (match.group("verb") or "designated").lower()
    return _cut_at_word(f"{verb} {category}", PLAIN_CHARS) if category else None


def _written_number_label(sentence: str, span: tuple[int, int]) -> str:
    start, end = span
    lowered = sentence.lower()
    for qualifier in _QUALIFIERS_BEFORE:
        if lowered[:start].rstrip().endswith(qualifier):
            start = lowered.rfind(qualifier, 0, start)
            break
    noun = _noun_after(sentence, end)
    if noun is not None:
        end = noun[1]
    return " ".join(sentence[start:end].split())


def _noun_after(sentence: str, at: int) -> tuple[int, int] | None:
    """The noun (one or two words) right after ``at`` that an amount measures: "contract",
    "trade corridor"; None when the next word cannot be that noun."""
    end = at
    for _ in range(_NOUN_WORDS):
        match = _WORD_RE.match(sentence, end + 1) if sentence[end : end + 1] == " " else None
        if match is None or not match.group().islower() or match.group() in _NOT_NOUNS:
            break
        if match.group().endswith(("ed", "ing", "ly")) and end > at:
            break
        if _is_participle_word(match.group()):
            break  # "$4.2 million meant for housing", "$3m spent on ads": no noun follows
        end = match.end()
    return (at + 1, end) if end > at else None


def _quantity_labels(sentence: str, quantities: Sequence[Quantity]) -> list[str]:
    """The quantities' labels in article order, except that a duration or a descriptor
    ("for six months", "a four-day week") goes after the shares, sums and counts beside it, so
    a short label keeps the figure a claim turns on."""
    labels: list[str] = []
    weak: list[bool] = []  # per label: made from one weak quantity
    index = 0
    while index < len(quantities):
        quantity = quantities[index]
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        if quantity.qualifier == "from" and following is not None and following.qualifier == "to":
            low = _format_number(quantity.value, quantity.unit, quantity.text)
            high = _format_number(following.value, following.unit, following.text)
            for scale in (" million", " billion", " trillion"):
                if low.endswith(scale) and high.endswith(scale):
                    low = low.removesuffix(scale)  # "€90–140 million"
            label = _with_unit(f"{low}–{high}", _unit_as_written(following))
            labels.append(_in_context(sentence, quantity.start, following.end, following, label))
            weak.append(False)
            index += 2
            continue
        if (
            following is not None
            and quantity.qualifier is None
            and sentence.endswith("from ", 0, quantity.start)
            and (
                _THEN_TO_RE.fullmatch(sentence, quantity.end, following.start)
                or (following.qualifier == "up to" and quantity.end + 1 == following.start)
            )
        ):
            # "from 35 percent to 15 percent", "from 1 percent up to 4 percent": one movement
            low = _format_number(quantity.value, quantity.unit, quantity.text)
            high = _format_number(following.value, following.unit, following.text)
            low, high = _with_unit(low, quantity.unit), _with_unit(high, following.unit)
            labels.append(f"from {low} to {high}")
            weak.append(False)
            index += 2
            continue
        if (
            following is not None
            and following.unit is None
            and quantity.unit is not None
            and quantity.unit not in _CURRENCY_SIGNS
            and quantity.qualifier is None
            and sentence[quantity.end : following.start] == " to "
        ):
            # "by 69 votes to 30", "won 3 sets to 1": one tally
            labels.append(f"{' '.join(quantity.text.split())} to {following.text}")
            weak.append(False)
            index += 2
            continue
        if (
            following is not None
            and quantity.unit is None
            and following.unit is None
            and sentence[quantity.end : following.start] in {"-", "–"}
        ):
            labels.append(f"{quantity.text}–{following.text}")  # "passes the bill 69-30"
            weak.append(False)
            index += 2
            continue
        if (
            following is not None
            and quantity.unit is None
            and _PART_OF_RE.fullmatch(sentence, quantity.end, following.start)
        ):
            # "only 112 of the 400 promised homes": one share, not two numbers.
            whole = _with_unit(_format_number(following.value, following.unit), following.unit)
            if following.unit is None:
                whole += _words_after(sentence, following.end)
            part = _format_number(quantity.value, None)
            if quantity.qualifier and quantity.qualifier not in {"from", "to"}:
                part = f"{quantity.qualifier} {part}"
            labels.append(f"{part} of {whole}")
            weak.append(False)
            index += 2
            continue
        if quantity.unit == "fraction" and _SHARE_WORDS_RE.search(quantity.text):
            # "one in four schools": as written, with what it counts, not "1/4"
            labels.append(" ".join(quantity.text.split()) + _words_after(sentence, quantity.end))
            weak.append(False)
            index += 1
            continue
        if quantity.unit == "fraction" and not any(c.isdigit() for c in quantity.text):
            # "by more than half", "cut by about a fifth": as written, not "1/2"
            label = " ".join(quantity.text.split())
            labels.append(_in_context(sentence, quantity.start, quantity.end, quantity, label))
            weak.append(False)
            index += 1
            continue
        if quantity.is_vague:  # "several hundred people": the value is only the scale
            labels.append(" ".join(quantity.text.split()))
            weak.append(False)
            index += 1
            continue
        label = _with_unit(
            _format_number(quantity.value, quantity.unit, quantity.text), _unit_as_written(quantity)
        )
        if (
            following is not None
            and following.unit is None
            and following.qualifier is None
            and quantity.unit is not None
            and sentence[quantity.end : following.start] == " in "
        ):
            # "six weekends in eight": one share, not a count and a bare number
            label += f" in {_format_number(following.value, None)}"
            index += 1
        if quantity.qualifier and quantity.qualifier.startswith(("or ", "and ")):
            label = f"{label} {quantity.qualifier}"  # "5 days or more", "65 and over"
        elif quantity.qualifier and quantity.qualifier not in {"from", "to"}:
            label = f"{quantity.qualifier} {label}"
        labels.append(_in_context(sentence, quantity.start, quantity.end, quantity, label))
        weak.append(_is_weak(sentence, quantity))
        index += 1
    if any(weak) and not all(weak):
        return [label for label, w in zip(labels, weak, strict=True) if not w] + [
            label for label, w in zip(labels, weak, strict=True) if w
        ]
    return labels


def _in_context(sentence: str, start: int, end: int, quantity: Quantity, label: str) -> str:
    """The amount with what it measures or how it moved: "budget of $4.2 million",
    "$2.3 billion contract", "40% of lines", "fell to 4.1%", "a thousand-strong workforce"."""
    unit = quantity.unit
    if unit != "fraction" and _COMPOUND_AMOUNT_RE.search(quantity.text):
        # "a billion-pound project": the amount describes the noun after it, as written.
        noun = _noun_after(sentence, end) if _COMPOUND_END_RE.search(quantity.text) else None
        written = " ".join(sentence[start : noun[1] if noun else end].split())
        qualifier = quantity.qualifier or ""
        if qualifier and not written.lower().startswith(qualifier.lower()):
            written = f"{qualifier} {written}"
        return written
    window = sentence[max(0, start - 30) : start]
    # The hints are cheap tests that every match passes: most amounts have neither before them.
    hinted = _MOVEMENT_HINT_RE.search(window)
    movement = _MOVEMENT_RE.search(window) if hinted else None
    if movement is not None and not (quantity.qualifier or "").startswith(("from", "to")):
        label = f"{movement.group(1).lower()} {label}"
        mover = _MOVER_RE.search(
            sentence, max(0, start - 60), start - len(window) + movement.start()
        )
        if (
            mover is not None
            and mover.group(1).lower() not in _NOT_MOVERS
            and not {
                word.lower()
                for word in sentence[max(0, mover.start(1) - 30) : mover.start(1)].split()[-3:]
            }
            & _PREPOSITIONS
        ):
            label = f"{mover.group(1).lower()} {label}"  # "turnout fell to 29%", "profit falls"
    elif window.endswith(("by ", "by", "to ", "to")):
        changed = _CHANGED_BY_RE.search(sentence[max(0, start - 50) : start])
        if changed is not None and not set(changed.group(2).lower().split()) & _NOT_NOUNS:
            words = " ".join(changed.group(2).split())
            return f"{changed.group(1).lower()} {words} {changed.group(3)} {label}"
    elif quantity.qualifier is None and window.endswith(" from "):
        label = f"from {label}"  # "rise to 6.1% from 5.4%": where it moved from
    before = _NOUN_OF_RE.search(window) if " of" in window else None
    if before is not None and before.group(1) not in _NOT_NOUNS:
        label = f"{before.group(1)} of {label}"
    if unit in _CURRENCY_SIGNS or (unit is not None and len(unit) == 3 and unit.isupper()):
        noun = _noun_after(sentence, end)
        if noun is not None:
            label = f"{label} {sentence[noun[0] : noun[1]]}"
    elif unit in {"percent", "fraction", "percentage points"}:
        of = _of_phrase(sentence, end)
        if not of and unit == "percent":
            target = _PERCENT_NOUN_RE.match(sentence, end)
            if target is not None:
                of = f" {target.group(1).lower()}"  # "our 2% target", "a 10% sell-on clause"
        label += of
    return label


# Nouns a percentage names the kind of: "a 2% target", "a 10% stake", "a 5% pay rise".
_PERCENT_NOUN_RE = re.compile(
    r"\s+((?:pay\s+)?(?:target|threshold|limit|cap|ceiling|stake|share|tariff|tax|levy|"
    r"discount|rise|increase|cut|fall|drop|chance|probability|majority|turnout|"
    r"sell-on\s+clause|interest\s+rate|rate))\b",
    re.IGNORECASE,
)


def _words_after(sentence: str, at: int) -> str:
    """Up to two lower-case words after ``at`` that say what was counted ("promised homes")."""
    kept: list[str] = []
    for word in sentence[at : at + 40].split()[:_NOUN_WORDS]:
        bare = word.rstrip(_WORD_EDGES)
        if not bare.isalpha() or not bare.islower() or bare in _NOT_NOUNS:
            break
        if bare.endswith("ly") or bare in _SKIPPED_ADVERBS:
            break  # "one in four schools already had": not what was counted
        kept.append(bare)
        if bare != word:
            break  # punctuation ends the phrase
    return f" {' '.join(kept)}" if kept else ""


def _of_phrase(sentence: str, at: int) -> str:
    match = _OF_PHRASE_RE.match(sentence[at : at + 60])
    if match is None:
        return ""
    words = match.group(1).split()
    while words and words[0].lower() in _QUANTITY_OF_DETERMINERS:
        words = words[1:]
    kept: list[str] = []
    for word in words[:2]:
        if word.lower() in _NOT_NOUNS:
            break
        kept.append(word)
    return f" of {' '.join(kept)}" if kept else ""


def _unit_as_written(quantity: Quantity) -> str | None:
    """The unit as the text spells it ("12 Democrats", not "12 democrats"); units the parser
    named itself ("percent", "USD") as they are."""
    unit = quantity.unit
    if unit in _DOLLAR_PREFIXES and _DOLLAR_PREFIXES[unit] in quantity.text:
        return _DOLLAR_PREFIXES[unit]  # "C$2.91 billion" as written, not "2.91 billion CAD"
    if unit is None or unit.islower() is False or unit in _CURRENCY_SIGNS:
        return unit
    text = quantity.text
    at = text.lower().find(unit)
    if at < 0:
        return unit
    start = at
    while start > 0:  # "40 European ports": the capitalised words that describe the noun
        before = text.rfind(" ", 0, start - 1) + 1
        word = text[before : start - 1]
        if not word[:1].isupper() or word.lower() in NUMBER_WORDS:
            break  # "Seven years": the number itself, not a word describing the noun
        start = before
    return text[start : at + len(unit)]


_DOLLAR_PREFIXES = {"CAD": "C$", "AUD": "A$", "HKD": "HK$", "NZD": "NZ$", "SGD": "S$"}


def _with_unit(number: str, unit: str | None) -> str:
    if unit is None or unit == "fraction":
        return number
    if unit.endswith("$"):
        return f"{unit}{number}"
    if unit == "percent":
        return f"{number}%"
    if unit in _CURRENCY_SIGNS:
        return f"{_CURRENCY_SIGNS[unit]}{number}"
    return f"{number} {unit}"


_DECIMALS_RE = re.compile(r"\d\.(\d+)")


def _format_number(value: float, unit: str | None, written: str = "") -> str:
    """``value`` for a label; ``written``, the quantity as the text has it, keeps the cents of
    an amount of money."""
    if unit == "fraction" and 0 < value < 1:
        fraction = Fraction(value).limit_denominator(12)
        if abs(float(fraction) - value) < 1e-6:
            return f"{fraction.numerator}/{fraction.denominator}"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.3g} {word}"
    if value == int(value):
        return f"{int(value):,}"
    money = unit is not None and (unit in _CURRENCY_SIGNS or (len(unit) == 3 and unit.isupper()))
    decimals = _DECIMALS_RE.search(written)
    if money and decimals is not None and len(decimals.group(1)) == 2 and abs(value) < 1e6:
        return f"{value:,.2f}"  # money in cents as it is written: "€12.50", not "€12.5"
    return f"{value:.3g}" if value < 1000 else f"{value:,.1f}"


def _reported_clause(tokens: list[_Token], sentence: str) -> int | None:
    """The index of the token where what a named subject said begins: after "Doe said
    (that)", "Doe told reporters", "According to Doe,", ", saying"; None when the sentence is
    not reported speech of that shape."""
    if len(tokens) > 3 and tokens[0][_WORD] == "according" and tokens[1][_WORD] == "to":
        for index, token in enumerate(tokens[2:_OPENING_REACH], start=2):
            if token[_TEXT].endswith(","):
                return index + 1 if len(tokens) - index > 3 else None
        return None
    spoke = other_clause = False
    participles = ", saying " in sentence or ", adding " in sentence
    for index in range(2, len(tokens) - 3 if participles else 0):
        word = tokens[index][_WORD]
        spoke = spoke or word in REPORTING_VERBS
        other_clause = other_clause or (spoke and word in _NEW_SUBJECT_WORDS)
        if word in {"saying", "adding"} and tokens[index - 1][_TEXT].endswith(","):
            if other_clause:
                break  # "X said ..., but Y disputes that, saying ...": X's words come first
            # "The port disputes the figure, saying its records show ...", "she wrote on X,
            # adding that the bill would add $256 billion": what was said.
            return _skip_speech_opening(tokens, index + 1)
    # "Speaking to reporters on Sunday, Doe said ...": the opening phrase is passed over.
    opening = len(tokens) - len(_drop_opening_phrase(tokens, []))
    limit = max(opening + 2, opening + (len(tokens) - opening) * 3 // 5)
    for index in range(opening + 1, len(tokens)):
        token = tokens[index]
        if token[_WORD] not in REPORTING_VERBS or tokens[index - 1][_TEXT] in _RELATIVES:
            continue  # "Lamb, who denied all charges, plans ...": not what Lamb said
        after_comma = tokens[index - 1][_TEXT].endswith(",")
        if after_comma and not _says_content_next(tokens, index + 1):
            if not _told_that(tokens, index):
                continue  # "..., said the minister": the speaker follows, not what was said
        if index >= limit and not after_comma and tokens[index - 1][_WORD] != "and":
            continue  # a late "said" with no appositive before it ends the sentence's own claim
        rest = index + 1
        if _told_that(tokens, index):
            rest = next(at for at in range(index + 2, len(tokens)) if tokens[at][_WORD] == "that")
        elif token[_WORD] == "told" and rest < len(tokens):
            rest += 1  # "told reporters", "told Reuters"
        rest = _skip_speech_opening(tokens, rest)
        return rest if len(tokens) - rest >= 3 else None
    return None


def _told_that(tokens: Sequence[_Token], index: int) -> bool:
    """ "X, who surveyed the walls, told the inquiry that ...": "told" and its listener, then
    what was said."""
    if tokens[index][_WORD] not in {"told", "tells"}:
        return False
    following = [token[_WORD] for token in tokens[index + 1 : index + 5]]
    return "that" in following[1:] and not any(
        token[_TEXT].endswith(",") for token in tokens[index : index + following.index("that") + 1]
    )


_NEW_SUBJECT_WORDS = frozenset("but while whereas although though".split())
_RELATIVES = frozenset("who which that whom".split())
# After "X, which runs four hospitals, said": what was said opens with one of these.
_CONTENT_OPENERS = frozenset("that it he she they we".split())


def _says_content_next(tokens: Sequence[_Token], index: int) -> bool:
    """After "X, a campaign group, said": what was said ("that ...", "it ...", "more than
    9,000 people ..."), not a speaker ("the minister", "Transport Minister Ola Dahl")."""
    if index >= len(tokens):
        return False
    word = tokens[index][_WORD]
    if word in _CONTENT_OPENERS:
        return True
    if word in _SPEAKER_OPENERS and any(
        token[_WORD] in _FINITE_AUXILIARIES for token in tokens[index + 2 : index + 4]
    ):
        return True  # "The CBO estimate, released last week, said the bill would add ..."
    first = tokens[index][_TEXT][:1]
    return (
        first.islower()
        and word not in _SPEAKER_OPENERS
        and len(tokens) - index > _INVERTED_SUBJECT_WORDS
    )


# "..., said the minister", "..., said a spokeswoman for the group": a speaker comes next.
_SPEAKER_OPENERS = frozenset("the a an his her its their one another".split())
_INVERTED_SUBJECT_WORDS = 5


_WEEKDAY_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday".split()
)


def _skip_speech_opening(tokens: Sequence[_Token], index: int) -> int:
    """Past "on Sunday", "that", "at", "of" after a reporting verb ("hinted at", "warned of")."""
    while index < len(tokens) - 1:
        word = tokens[index][_WORD]
        if word in {"on", "in"} and tokens[index + 1][_WORD] in _WEEKDAY_WORDS:
            index += 2
        elif word in {"that", "at", "about", "of", "on", "he", "she"}:  # "Doe said she ..."
            if word in {"at", "about"} and tokens[index + 1][_WORD] in {"least", "most"}:
                break  # "said at least 79 vessels": the amount begins
            index += 1
        elif word in _WEEKDAY_WORDS or word in {"earlier", "later"}:
            index += 1
        elif word in _TIME_OPENERS and tokens[index + 1][_WORD] in _TIME_NOUNS:
            index += 2  # "said earlier this year that ..."
        else:
            break
    return index
