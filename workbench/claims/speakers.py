"""Quotations and who said them: quoted spans, named speakers, and cautious pronoun resolution.

The rules, kept simple so that a reviewer can trust an answer and read a ``None`` as "the article
does not say plainly":

- A quotation is text between curly quotes (“…”) or straight double quotes, at least three words
  long; shorter quoted words are scare quotes or titles, not speech.
- Its speaker is the name joined to a reporting verb right after the quote (“…,” Smith said /
  “…,” said Smith) or right before it (Smith said: “…”). Titles before a name are dropped
  ("Defense Secretary Jane Doe" -> "Jane Doe"), and a surname alone is widened to the fullest
  form of that name seen earlier in the article ("Doe" -> "Jane Doe").
- "he" or "she" as the speaker resolves to the person named as the subject of a reporting verb
  (Doe said / according to Doe) in this sentence or the previous ``PRONOUN_WINDOW`` sentences,
  and only when exactly one such person is there; otherwise the speaker is ``None``. "They",
  "officials", "a spokesman" and other unnamed speakers are ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PRONOUN_WINDOW = 2
_MAX_QUOTE_CHARS = 600
# Bounded, and the class excludes the opening mark, so each scan stops at the next quote.
_QUOTE_RE = re.compile(r"“([^“”\n]{1,600})”|\"([^\"\n]{1,600})\"")
_REPORTING_VERBS = (
    "said|says|say|told|tells|added|adds|remarked|remarks|stated|states|claimed|claims|"
    "accused|accuses|alleged|alleges|announced|announces|warned|warns|insisted|insists|"
    "argued|argues|denied|denies|confirmed|confirms|reported|reports|wrote|writes|tweeted|"
    "posted|noted|notes|explained|explains|acknowledged|admitted|estimated|predicted|"
    "promised|vowed|suggested|hinted|hints|indicated|declared|testified|asked|replied|"
    "responded|continued|concluded|urged|stressed|emphasized|emphasised|told reporters"
)
_NAME_WORD = r"(?:[A-Z][\w'’\-]*\.?|(?:de|da|van|von|bin|al|la|le|del|der)(?=\s+[A-Z]))"
# A name does not start inside a token ("News.Az" is not the name "Az").
_NAME = rf"(?<![\w.’'\-]){_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,5}}"
_ADVERB = r"(?:[ \t]+(?:also|then|later|again|previously|repeatedly|once|reportedly|has|had|have))?"
_PRONOUNS = frozenset({"he", "she"})
# A role in lower case between the verb and the name: “…,” said board chair Priya Raman /
# said the company's spokeswoman Jane Doe. Up to three words, the last one a role word.
_LOWER_ROLE = (
    r"(?:the[ \t]+)?(?:[a-z][\w'’\-]*[ \t]+){0,3}?"
    r"(?:chair|chairman|chairwoman|spokesman|spokeswoman|spokesperson|director|official|"
    r"minister|secretary|president|governor|mayor|commissioner|chief|executive|manager|"
    r"economist|analyst|researcher|scientist|lawyer|expert|adviser|advisor|professor|"
    r"leader|founder|officer|commander|ambassador|envoy|lawmaker|senator|judge|coach|"
    r"historian|strategist|negotiator|candidate)[ \t]+"
)
_SPEAKER_AFTER_RE = re.compile(
    rf"[\s,.!?…—–-]*(?:(?P<pron>he|she|they|we|I)|(?P<name>{_NAME})){_ADVERB}[ \t]+"
    rf"(?:{_REPORTING_VERBS})\b"
    rf"|[\s,.!?…—–-]*(?:{_REPORTING_VERBS})[ \t]+(?:{_LOWER_ROLE})?(?P<name_after>{_NAME})"
)
_SPEAKER_BEFORE_RE = re.compile(
    rf"(?:(?P<pron>\b(?:he|she|He|She))|(?P<name>{_NAME})){_ADVERB}[ \t]+(?:{_REPORTING_VERBS})"
    r"\b[^“\"]{0,60}?[:,]?[ \t]*$"
)
_PRONOUN_SUBJECT_RE = re.compile(rf"(?:He|She){_ADVERB}[ \t]+(?:{_REPORTING_VERBS})\b")
_SUBJECT_RE = re.compile(
    rf"(?P<name>{_NAME}){_ADVERB}[ \t]+(?:{_REPORTING_VERBS})\b"
    rf"|\b[Aa]ccording[ \t]+to[ \t]+(?P<according>{_NAME})"
)
# Role words end a title ("Finance Minister", "Defense Secretary"); title modifiers may sit
# between a role and the name ("Secretary of State Jane Doe") but are kept when no role word
# comes before them ("US Southern Command" stays whole).
_ROLE_WORDS = frozenset(
    "president minister secretary senator sen. sen rep. rep representative governor gov. gov "
    "mayor general gen. gen admiral adm. colonel col. major maj. captain capt. lieutenant lt. "
    "sergeant sgt. dr. dr mr. mr mrs. mrs ms. ms prof. prof professor chancellor chief judge "
    "justice ambassador spokesman spokeswoman spokesperson director commissioner chairman "
    "chairwoman chair ceo cfo speaker leader king queen prince princess pope sheikh attorney "
    "commander officer official adviser advisor premier economist analyst researcher scientist "
    "lawyer expert journalist reporter activist founder executive manager coach historian "
    "strategist lawmaker legislator candidate nominee negotiator envoy".split()
)
_TITLE_MODIFIERS = frozenset(
    "of state defense defence foreign interior home finance treasury health justice "
    "security national general the us u.s. uk u.k. eu un former acting deputy vice prime "
    "press white house".split()
)
_NOT_NAMES = frozenset(
    "the a an it this that these those there he she they we i you his her their its our "
    "my your but and or so yet if when while as officials police authorities experts "
    "critics analysts witnesses residents sources".split()
)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation inside a sentence; offsets into the text that was scanned."""

    words: str
    start: int  # of the opening mark
    end: int  # after the closing mark


@dataclass(slots=True)
class SpeakerMemory:
    """Named speakers met so far in one article, for pronouns and surnames."""

    recent: list[tuple[int, str]] = field(default_factory=list)  # (sentence index, name)
    full_names: dict[str, str] = field(default_factory=dict)  # last word -> fullest name

    def remember(self, sentence_index: int, name: str) -> str:
        name = self.widen(name)
        self.recent.append((sentence_index, name))
        if len(self.recent) > 16:
            del self.recent[:-16]
        return name

    def widen(self, name: str) -> str:
        last = name.split()[-1]
        known = self.full_names.get(last)
        if known is None or len(name.split()) > len(known.split()):
            self.full_names[last] = name
            return name
        return known

    def resolve_pronoun(self, sentence_index: int) -> str | None:
        names = {name for index, name in self.recent if sentence_index - index <= PRONOUN_WINDOW}
        return names.pop() if len(names) == 1 else None


def find_quotes(sentence: str) -> list[QuoteSpan]:
    """Quotations of three words or more, in order."""
    quotes: list[QuoteSpan] = []
    for match in _QUOTE_RE.finditer(sentence):
        # The comma before "he said" belongs to the sentence, not to the speaker's words.
        words = (match.group(1) or match.group(2) or "").strip().rstrip(",").rstrip()
        if len(words.split()) >= 3:
            quotes.append(QuoteSpan(words=words, start=match.start(), end=match.end()))
    return quotes


def pronoun_subject(sentence: str) -> bool:
    """Whether the sentence opens with "He said" / "She added" (a speaker to resolve)."""
    return _PRONOUN_SUBJECT_RE.match(sentence) is not None


def named_subjects(sentence: str) -> list[str]:
    """Names that are the subject of a reporting verb, in order ("Doe said", "according to Doe")."""
    names: list[str] = []
    for match in _SUBJECT_RE.finditer(_without_quotes(sentence)):
        name = clean_name(match.group("name") or match.group("according") or "")
        if name:
            names.append(name)
    return names


def quote_speaker(
    sentence: str, quote: QuoteSpan, sentence_index: int, memory: SpeakerMemory
) -> str | None:
    """The speaker of ``quote`` by the rules in the module docstring, or None."""
    after = _SPEAKER_AFTER_RE.match(sentence, quote.end, min(len(sentence), quote.end + 120))
    if after is not None:
        return _speaker_from(after, sentence_index, memory)
    before_start = max(0, quote.start - 160)
    before = _SPEAKER_BEFORE_RE.search(sentence, before_start, quote.start)
    if before is not None:
        return _speaker_from(before, sentence_index, memory)
    return None


def clean_name(written: str) -> str | None:
    """Drop a leading title and trailing punctuation; None when what is left is not a name."""
    words = written.replace("’s", "").split()
    # Everything up to the last role word is the title ("Finance Minister Paolo Greco").
    roles = [index for index, word in enumerate(words) if word.lower() in _ROLE_WORDS]
    if roles and roles[-1] < len(words) - 1:
        rest = words[roles[-1] + 1 :]
        while len(rest) > 1 and rest[0].lower() in _TITLE_MODIFIERS:
            rest = rest[1:]
        words = rest
    while words and words[-1].lower() in {"de", "da", "van", "von", "bin", "al", "la", "le"}:
        words = words[:-1]
    if not words or words[0].lower() in _NOT_NAMES:
        return None
    name = " ".join(words).rstrip(".,")
    return name or None


def _speaker_from(match: re.Match[str], sentence_index: int, memory: SpeakerMemory) -> str | None:
    groups = match.groupdict()
    if groups.get("pron"):
        if groups["pron"].lower() in _PRONOUNS:
            return memory.resolve_pronoun(sentence_index)
        return None
    written = groups.get("name") or groups.get("name_after") or ""
    name = clean_name(written)
    if name is None:
        return None
    return memory.widen(name)


def _without_quotes(sentence: str) -> str:
    """The sentence with quoted words blanked (same length), so names inside quotes don't count."""
    if "“" not in sentence and '"' not in sentence:
        return sentence
    return _QUOTE_RE.sub(lambda match: " " * len(match.group()), sentence)
