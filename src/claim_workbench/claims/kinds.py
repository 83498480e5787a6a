"""Cues for the kinds of claim a sentence makes, and for sentences that make none.

A sentence is read once into lowercase word tokens (``SentenceCues``); every cue is then a set
lookup or a phrase test on those tokens, which keeps extraction linear and fast (one regex pass
per sentence instead of one per cue). Every cue is general English: no names, places or topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claim_workbench.text.number_words import NUMBER_WORDS, SCALES, alternation

_TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_DIGIT_RE = re.compile(r"\d")
_QUESTION_END_RE = re.compile(r"\?[\"”’')\]]*\s*$")
_YEAR = r"(?:1[89]|20)\d\d\b"
_YEAR_AFTER_WORD_RE = re.compile(
    r"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Ff]rom|[Uu]ntil|[Dd]uring|[Bb]efore|[Aa]fter|of|[Ee]arly"
    rf"|[Ll]ate|mid-?)\s+{_YEAR}"
)
# Looked for first: a pattern that opens with a digit lets re skip to the digits, where the
# one above, opening with a word boundary, is tried at every character.
_YEAR_RE = re.compile(_YEAR)
_MAY_AS_MONTH_RE = re.compile(r"\bMay\s+\d|\b(?:in|since|by|until|early|late|mid|last|next)\s+May")

MIN_CLAIM_WORDS = 4
_ORDINAL_REACH = 5  # "the first <up to four words> to ..."


class Phrases:
    """Multi-word cues, indexed by their longest word so most sentences skip them at once."""

    def __init__(self, *phrases: str) -> None:
        self.by_trigger: dict[str, list[str]] = {}
        for phrase in phrases:
            trigger = max(phrase.split(), key=len)
            self.by_trigger.setdefault(trigger, []).append(f" {phrase.strip()} ")
        self.triggers = frozenset(self.by_trigger)


_SUPERLATIVE_WORDS = frozenset(
    "largest biggest greatest highest lowest smallest fastest slowest longest shortest oldest "
    "youngest newest deadliest bloodiest strongest weakest richest poorest worst best busiest "
    "heaviest tallest widest costliest hottest coldest wettest driest warmest cheapest safest "
    "unprecedented".split()
)
_SUPERLATIVE_PHRASES = Phrases(
    " the most ",
    " first ever ",
    " all time high ",
    " all time low ",
    " all time record ",
    " record high ",
    " record low ",
    " record level ",
    " record levels ",
    " record number ",
    " record numbers ",
    " record breaking ",
    " a record ",
    " new record ",
    " on record ",
    " broke the record ",
    " for the first time ",
    " never before ",
    " the first to ",
)
_SUPERLATIVE_DETERMINERS = frozenset("the its their his her our my".split())
_NOT_SUPERLATIVES = frozenset(
    "interest forest request protest contest harvest conquest inquest behest manifest midwest "
    "southwest northwest southeast northeast arrest digest latest honest modest earnest "
    "suggest invest detest attest".split()
)
# Shared with the labels, which quote the phrase a superlative ranks.
SUPERLATIVE_WORDS = _SUPERLATIVE_WORDS
SUPERLATIVE_DETERMINERS = _SUPERLATIVE_DETERMINERS
NOT_SUPERLATIVES = _NOT_SUPERLATIVES
_MONTHS = frozenset(
    "January February March April June July August September October November December "
    "Jan Feb Aug Sept Oct Nov Dec".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_TIME_WORDS = frozenset({"yesterday", "overnight", "ago"})
_RELATIVE_FIRST = frozenset("earlier later last this next previous past same".split())
_RELATIVE_SECOND = frozenset(
    "year month week decade spring summer autumn fall winter weekend century morning evening "
    "night".split()
)
_TEMPORAL_PHRASES = Phrases(
    " in recent ",
    " since the start ",
    " since the beginning ",
    " since the end ",
    " since the outbreak ",
    " began in ",
    " started in ",
    " ended in ",
    " launched in ",
    " opened in ",
)
_DESIGNATION_WORDS = frozenset(
    "designate designated designates designating designation designations blacklisted "
    "blacklist outlawed indicted convicted acquitted impeached sanctioned banned ratified".split()
)
_DESIGNATION_PHRASES = Phrases(
    " charged with ",
    " signed into law ",
    " state of emergency ",
    " state of war ",
    " terrorist organization ",
    " terrorist organizations ",
    " terrorist organisation ",
    " terrorist organisations ",
    " terrorist group ",
    " terrorist groups ",
    " terrorist entity ",
    " terrorist entities ",
    " sentenced to ",
    " classified as ",
    " listed as ",
    " recognized as ",
    " recognised as ",
    " labeled as ",
    " labelled as ",
    " branded as ",
    " certified as ",
    " registered as ",
)
_VERDICT_VERBS = frozenset("declared ruled deemed found judged held".split())
_STATUS_WORDS = frozenset(
    "unlawful illegal unconstitutional invalid lawful legal void guilty liable".split()
)
_EVENT_VERBS = frozenset(
    "arrived deployed launched attacked struck seized captured invaded fired killed destroyed "
    "bombed raided arrested detained signed passed approved rejected vetoed voted won lost "
    "elected appointed resigned died collapsed crashed exploded erupted began started ended "
    "opened closed increased decreased rose fell dropped doubled tripled surged plunged grew "
    "shrank imposed lifted sent moved withdrew expanded intensified escalated occurred happened "
    "visited hosted sued filed fined spent built sold bought acquired merged hired evacuated "
    "crossed entered reached landed sank released published issued ordered authorized "
    "authorised".split()
)
_EVENT_PHRASES = Phrases(
    " carried out ",
    " took place ",
    " took over ",
    " laid off ",
    " set up ",
    " shut down ",
    " broke out ",
)
_IRREGULAR_PARTICIPLES = frozenset(
    "begun done gone seen taken given made sent spent built brought bought caught fought held "
    "hit led left lost met paid put run set shot struck sold thrown won written grown risen "
    "fallen drawn flown beaten broken chosen driven stolen sworn torn withdrawn undertaken "
    "become come cut kept found shut sunk spread".split()
)
_PERFECT_AUXILIARIES = frozenset({"has", "have", "had"})
_PAST_AUXILIARIES = frozenset({"was", "were"})
_AUXILIARIES = _PERFECT_AUXILIARIES | _PAST_AUXILIARIES
_SKIPPABLE = frozenset("also now already just since not never reportedly been".split())
REPORTING_VERBS = frozenset(
    "said says say told tells added adds remarked remarks stated states claimed claims accused "
    "accuses alleged alleges announced announces warned warns insisted insists argued argues "
    "denied denies confirmed confirms reported reports wrote writes tweeted posted noted notes "
    "explained explains acknowledged admitted estimated predicted promised vowed suggested "
    "hinted hints indicated declared testified asked replied responded concluded urged "
    "stressed emphasized emphasised".split()
)
# Words after which a reporting verb has no subject: "the reported cases", "against alleged".
_NOT_SUBJECTS = frozenset(
    "the a an this that these those its their his her our my your some any no every each of to "
    "in on at for from by with as into than against about over under after before between "
    "among through and or but nor so if when while because although is are was were be been "
    "being has have had do does did will would shall should can could may might must widely "
    "previously newly".split()
)
_BOILERPLATE_WORDS = frozenset(
    "subscribe subscribed newsletter cookies cookie advertisement copyright unsubscribe".split()
)
_BOILERPLATE_PHRASES = Phrases(
    " sign up ",
    " click here ",
    " follow us ",
    " share this ",
    " all rights reserved ",
    " read more ",
    " related articles ",
    " related stories ",
    " terms of use ",
    " terms of service ",
    " privacy policy ",
    " log in ",
    " sign in ",
    " contact us ",
    " download our app ",
    " download the app ",
)
_GREETINGS = frozenset("hello hi hey welcome dear congratulations goodbye bye thanks".split())
_GREETING_PAIRS = frozenset(
    {"good morning", "good evening", "good afternoon", "good night", "thank you"}
)
_OPINION_SUBJECTS = frozenset({"i", "we"})
_OPINION_VERBS = frozenset(
    "think believe feel hope guess suppose love like want wish must should".split()
)
_OPINION_PHRASES = Phrases("in my opinion", "in my view", "i'm sure", "i'm convinced")


@dataclass(slots=True)
class SentenceCues:
    """A sentence read once: its word tokens and what they signal."""

    text: str
    words: list[str]  # lowercase word tokens, apostrophes as "'"
    original: list[str]  # the same tokens as written
    word_set: frozenset[str]
    cue_words: frozenset[str]  # the words of word_set that a cue set below holds
    padded: str  # " " + " ".join(words) + " ", for phrase tests
    has_digit: bool

    def has_phrase(self, phrases: Phrases) -> bool:
        # Only phrases whose longest word is in the sentence are looked for.
        if phrases.triggers.isdisjoint(self.word_set):
            return False  # most sentences: no set built
        for trigger in self.word_set & phrases.triggers:
            for phrase in phrases.by_trigger[trigger]:
                if phrase in self.padded:
                    return True
        return False


def read_sentence(sentence: str) -> SentenceCues:
    original = _TOKEN_RE.findall(sentence)
    if "\u0130" not in sentence and "\u212a" not in sentence:
        # No other character lowercases to an ASCII letter, so the lowercase tokens are the
        # tokens lowercased: one C-level join and split instead of a second regex scan.
        joined = " ".join(original).lower().replace("’", "'")
        words = joined.split()
    else:
        # "İ" and the Kelvin sign "K" lowercase to ASCII letters, which the pattern then reads.
        words = _TOKEN_RE.findall(sentence.lower().replace("’", "'"))
        if len(words) != len(original):
            words = [token.lower().replace("’", "'") for token in original]
        joined = " ".join(words)
    word_set = frozenset(words)
    return SentenceCues(
        text=sentence,
        words=words,
        original=original,
        word_set=word_set,
        cue_words=word_set & _CUE_WORDS,
        padded=f" {joined} ",  # the words joined by single spaces, in both cases
        has_digit=_DIGIT_RE.search(sentence) is not None,
    )


def word_count(sentence: str) -> int:
    return sum(1 for token in _TOKEN_RE.findall(sentence) if len(token) > 1)


def has_superlative(cues: SentenceCues) -> bool:
    if not cues.cue_words.isdisjoint(_SUPERLATIVE_WORDS) or cues.has_phrase(_SUPERLATIVE_PHRASES):
        return True
    if "first" in cues.word_set and _ordinal_superlative(cues):
        return True
    if "est " not in cues.padded:
        return False
    # Any "-est" adjective after "the", a possessive or "world's": "the steepest drop".
    words = cues.words
    for index in range(1, len(words)):
        word = words[index]
        if len(word) > 5 and word.endswith("est") and word not in _NOT_SUPERLATIVES:
            before = words[index - 1]
            if before in _SUPERLATIVE_DETERMINERS or before.endswith("'s"):
                return True
    return False


def _ordinal_superlative(cues: SentenceCues) -> bool:
    """ "the first needle-free vaccine to beat ...", "its first ... ever": first of a kind."""
    words = cues.words
    for index in range(1, len(words)):
        if words[index] != "first":
            continue
        before = words[index - 1]
        if before not in _SUPERLATIVE_DETERMINERS and not before.endswith("'s"):
            continue
        following = words[index + 1 : index + 1 + _ORDINAL_REACH]
        if "to" in following[1:] or "ever" in following:
            return True
        if before.endswith("'s") and following and following[0] not in _ORDINAL_PERIODS:
            return True  # "the country's first female finance minister"
    return False


# "the company's first quarter", "Britain's first round": an order in time, not a first.
_ORDINAL_PERIODS = frozenset(
    "quarter half day week month year season round term time half-year place stage".split()
)


def has_temporal(cues: SentenceCues) -> bool:
    if not cues.cue_words.isdisjoint(_WEEKDAYS) or not cues.cue_words.isdisjoint(_TIME_WORDS):
        return True
    if not _MONTHS.isdisjoint(cues.original):
        return True
    if "May" in cues.original and _MAY_AS_MONTH_RE.search(cues.text):
        return True
    if not cues.cue_words.isdisjoint(_RELATIVE_FIRST) and not cues.cue_words.isdisjoint(
        _RELATIVE_SECOND
    ):
        words = cues.words
        for index in range(len(words) - 1):
            if words[index] in _RELATIVE_FIRST and words[index + 1] in _RELATIVE_SECOND:
                return True
    if cues.has_phrase(_TEMPORAL_PHRASES):
        return True
    if not cues.has_digit or _YEAR_RE.search(cues.text) is None:
        return False
    return _YEAR_AFTER_WORD_RE.search(cues.text) is not None


def has_designation(cues: SentenceCues) -> bool:
    if not cues.cue_words.isdisjoint(_DESIGNATION_WORDS):
        return True
    if not cues.cue_words.isdisjoint(_VERDICT_VERBS) and not cues.cue_words.isdisjoint(
        _STATUS_WORDS
    ):
        return True
    return cues.has_phrase(_DESIGNATION_PHRASES)


def has_event(cues: SentenceCues) -> bool:
    if not cues.cue_words.isdisjoint(_EVENT_VERBS) or cues.has_phrase(_EVENT_PHRASES):
        return True
    if cues.cue_words.isdisjoint(_AUXILIARIES):
        return False
    words = cues.words
    for index, word in enumerate(words):
        if word in _PERFECT_AUXILIARIES or word in _PAST_AUXILIARIES:
            for following in words[index + 1 : index + 4]:
                if following in _SKIPPABLE or following.endswith("ly"):
                    continue
                if (len(following) > 4 and following.endswith("ed")) or (
                    following in _IRREGULAR_PARTICIPLES
                ):
                    return True
                break
    return False


def has_attribution(cues: SentenceCues) -> bool:
    """Someone is reported as saying, claiming or accusing: a reporting verb after a subject
    (not after a determiner, preposition or verb, so "seized alleged goods" is not
    attribution), or "according to" / "citing"."""
    if "citing" in cues.word_set or " according to " in cues.padded:
        return True
    if cues.cue_words.isdisjoint(REPORTING_VERBS):
        return False
    words = cues.words
    for index, word in enumerate(words):
        if word in REPORTING_VERBS and index > 0:
            before = index - 1
            while before > 0 and (words[before].endswith("ly") or words[before] in _SKIPPABLE):
                before -= 1
            subject = words[before]
            if cues.original[before][0].isupper() and subject not in _NOT_SUBJECTS:
                return True  # a name or a capitalised subject
            # Not after a determiner or preposition, nor after another verb ("seized alleged").
            if subject not in _NOT_SUBJECTS and not subject.endswith("ed"):
                if subject not in _EVENT_VERBS and subject not in REPORTING_VERBS:
                    return True
    return False


def is_question(cues: SentenceCues) -> bool:
    return _QUESTION_END_RE.search(cues.text) is not None


def is_boilerplate(cues: SentenceCues) -> bool:
    if not cues.cue_words.isdisjoint(_BOILERPLATE_WORDS) or "©" in cues.text:
        return True
    if cues.has_phrase(_BOILERPLATE_PHRASES):
        return True
    words = cues.words
    if words and words[0] in _GREETINGS:
        return True
    return len(words) > 1 and f"{words[0]} {words[1]}" in _GREETING_PAIRS


def is_opinion(cues: SentenceCues) -> bool:
    """First-person opinion or wish ("I think", "we must"): a view, not a checkable fact."""
    if not cues.cue_words.isdisjoint(_OPINION_SUBJECTS) and not cues.cue_words.isdisjoint(
        _OPINION_VERBS
    ):
        words = cues.words
        for index in range(len(words) - 1):
            following = words[index + 1]
            if following == "really" and index + 2 < len(words):
                following = words[index + 2]
            if words[index] in _OPINION_SUBJECTS and following in _OPINION_VERBS:
                return True
    return cues.has_phrase(_OPINION_PHRASES)


# The writer guessing at what may come ("Analysts may yet come to see this as ..."): no fact.
_SPECULATION_PHRASES = Phrases(
    " may yet ", " might yet ", " could yet ", " may well ", " might well ", " could well ",
    " only time will tell ", " remains to be seen ", " looks likely ", " seems likely ",
    " looks unlikely ", " seems unlikely ", " wouldn't bet ", " would not bet ",
)  # fmt: skip


def is_speculation(cues: SentenceCues) -> bool:
    return cues.has_phrase(_SPECULATION_PHRASES)


# --- talk that is not a claim: the article about itself, the reader, the person spoken to ---

_SECOND_PERSON = frozenset("you your you're you've you'll you'd yours yourself yourselves".split())
_AUDIENCE = frozenset("readers viewers listeners subscribers".split())
_AUDIENCE_REACH = 4  # "Many readers have asked", "Some of our readers ..."
_META_PHRASES = Phrases(
    " here's what ",
    " here is what ",
    " here's how ",
    " here is how ",
    " what we know ",
    " what you need to know ",
    " read on ",
    " keep reading ",
    " stay tuned ",
    " more to follow ",
    " more on this ",
    " this story ",
    " this article ",
    " this page ",
    " this post ",
    " this piece ",
    " this live blog ",
    " developing story ",
    " has been updated ",
    " will be updated ",
    " was updated ",
    " editor's note ",
    " let's ",
    " let me ",
)
_INTERJECTIONS = frozenset(
    "well look okay ok so yes yeah no oh folks listen anyway right sure".split()
)


def talks_about_itself(cues: SentenceCues) -> bool:
    """The text speaks about itself or its readers ("Many readers have asked", "Many of you
    have written in", "This story has been updated", "Here's what we know"): no fact about the
    world, unless it gives a figure."""
    if cues.has_phrase(_META_PHRASES):
        return True
    opening = cues.words[:_AUDIENCE_REACH]
    if "you" in cues.word_set and any(
        opening[i] == "you" and opening[i - 1] == "of" for i in range(1, len(opening))
    ):
        return True  # "Many of you have written in", "Those of you who ..."
    return not cues.cue_words.isdisjoint(_AUDIENCE) and not _AUDIENCE.isdisjoint(opening)


def is_chat(cues: SentenceCues) -> bool:
    """Conversation: the reader or the person spoken to is addressed ("You're talking about 2
    different subjects"), or the sentence opens with an interjection and a comma ("Well, ...",
    "Look, ..."). Pass the cues of the words outside quotation marks. Such a sentence can still
    be a claim (extract.py decides by what else it holds)."""
    if not cues.cue_words.isdisjoint(_SECOND_PERSON):
        return True
    if cues.words and cues.words[0] in _INTERJECTIONS and cues.original:
        first = cues.original[0]
        after = cues.text.find(first) + len(first)
        return cues.text[after : after + 1] == ","
    return False


def has_proper_name(cues: SentenceCues) -> bool:
    """A capitalised word after the first one (not "I"): the sentence names someone or somewhere."""
    return any(token[0].isupper() and token != "I" for token in cues.original[1:])


# --- numbers written as words, which the quantity parser may not read --------------------

_NUMBER_WORDS = alternation(word for word in NUMBER_WORDS if word != "zero")
_SCALE_WORDS = alternation(SCALES)
# A run of number words that ends in a scale word ("a trillion", "two hundred thousand",
# "half a million"), glued or not to a noun ("trillion-dollar"); or a number word glued to a
# noun ("two-year", "three-day"). "one-" compounds ("one-sided", "one-off") are not amounts.
_WRITTEN_NUMBER_RE = re.compile(
    rf"\b(?:(?:a|an|half[ \t]+a|(?:{_NUMBER_WORDS}|{_SCALE_WORDS}))[ \t-]+)*"
    rf"(?:{_SCALE_WORDS})(?:-[a-z]+)?\b(?!-)"
    rf"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    rf"|sixty|seventy|eighty|ninety|hundred|dozen)-[a-z]+\b",
    re.IGNORECASE,
)


def written_numbers(sentence: str) -> list[tuple[int, int]]:
    """Spans of numbers written as words or word compounds ("more than a trillion-dollar
    deficit" gives "a trillion-dollar"), offsets into ``sentence``."""
    lowered = sentence.lower()
    if not any(hint in lowered for hint in _WRITTEN_NUMBER_HINTS):
        return []
    if not _CANDIDATE_NUMBER_RE.search(lowered):
        return []
    return [match.span() for match in _WRITTEN_NUMBER_RE.finditer(sentence)]


_WRITTEN_NUMBER_HINTS = ("hundred", "thousand", "illion", "-")
# One flat alternation of words, each opening with a letter, so that re skips to the letters
# that can begin one instead of trying every word at every character ("hundred-" is met by
# "hundred").
_CANDIDATE_NUMBER_RE = re.compile(
    alternation([*SCALES, *(f"{word}-" for word in [*NUMBER_WORDS, "dozen"] if word != "zero")])
)


# --- headlines ---------------------------------------------------------------------------

# Headlines tell past events in the present tense ("Rail strike shuts 40% of lines").
HEADLINE_EVENT_VERBS = frozenset(
    "shuts closes opens wins loses kills hits strikes seizes launches signs passes approves "
    "rejects vetoes bans backs cuts raises lifts slashes doubles triples halves tops beats "
    "breaks sets reaches ends begins starts halts blocks sues fines charges arrests jails "
    "frees quits resigns dies falls rises jumps soars surges slumps plunges drops climbs grows "
    "shrinks expands unveils orders deploys sends sinks crashes collapses erupts floods burns "
    "storms takes buys sells acquires merges hires fires sacks elects appoints names "
    "overturns upholds convicts acquits indicts sentences deports evacuates invades captures "
    "destroys damages injures leaves joins enters returns arrives records hikes trims "
    "freezes suspends scraps delays postpones cancels lowers boosts blames warns admits denies "
    "confirms reveals announces vows pledges threatens axes shelves rescues evicts".split()
)
# Headlines also tell events in the passive, the verb "to be" left out ("Ferry service cut as
# ...", "Three killed in crash", "Mayor charged over contracts").
HEADLINE_EVENT_PARTICIPLES = frozenset(
    "shut closed opened won lost killed hit struck seized launched signed passed approved "
    "rejected vetoed banned backed cut raised lifted slashed doubled tripled halved beaten "
    "broken halted blocked sued fined charged arrested jailed freed ended delayed postponed "
    "cancelled canceled scrapped suspended axed shelved frozen sold bought acquired hired "
    "fired sacked elected appointed named overturned upheld convicted acquitted indicted "
    "sentenced deported evacuated invaded captured destroyed damaged injured wounded hurt "
    "flooded burned burnt sunk crashed rescued evicted detained released dismissed ordered "
    "deployed expanded cleared found confirmed".split()
)
_HEADLINE_EVENT_WORDS = HEADLINE_EVENT_VERBS | HEADLINE_EVENT_PARTICIPLES
_TEASER_OPENERS = frozenset(
    "what why how who when where which watch live opinion analysis explainer explained "
    "podcast video photos pictures gallery quiz review comment editorial letters".split()
)


def has_headline_event(cues: SentenceCues) -> bool:
    return not cues.cue_words.isdisjoint(_HEADLINE_EVENT_WORDS)


def is_teaser(cues: SentenceCues) -> bool:
    """A headline that promises a story instead of stating a fact ("What we know about the
    strike", "Live: ...", "Opinion: ...")."""
    if not cues.words or cues.words[0] not in _TEASER_OPENERS:
        return False
    return not cues.original[0].isupper()  # "WHO warns ..." is the organisation


# Every word that a cue set above holds. A sentence's words are intersected with it once, when
# it is read (``SentenceCues.cue_words``): the cues then test the few words left instead of all
# of them, with the same answers, since each of those sets lies inside this one.
_CUE_WORDS = frozenset().union(
    _SUPERLATIVE_WORDS,
    _WEEKDAYS,
    _TIME_WORDS,
    _RELATIVE_FIRST,
    _RELATIVE_SECOND,
    _DESIGNATION_WORDS,
    _VERDICT_VERBS,
    _STATUS_WORDS,
    _EVENT_VERBS,
    _AUXILIARIES,
    REPORTING_VERBS,
    _BOILERPLATE_WORDS,
    _OPINION_SUBJECTS,
    _OPINION_VERBS,
    _AUDIENCE,
    _SECOND_PERSON,
    _HEADLINE_EVENT_WORDS,
)
