"""Quotations and who said them: quoted spans, their speakers, and cautious resolution.

The rules, kept simple so that a reviewer can trust an answer and read a ``None`` as "the article
does not say plainly". Feed a ``SpeakerTracker`` every sentence of an article in order, or call
``attribute_quotes`` on the whole text. Rules over a light tokeniser (regular expressions and
word lists); no NLP library.

Quotations
  Text between curly quotes (“…”) or straight double quotes, at least three words long (shorter
  quoted words are scare quotes or titles, not speech). A quotation still open at the end of its
  sentence runs to that end: news continues a quote into the next paragraph by opening the
  paragraph with a quote mark and leaving the previous one unclosed. Two quoted words count
  after a verb of speech ("said the strike was “deeply regrettable”") or as the first part of a
  split quote (“The problem,” said Dr Asante, “is ...”). In a sentence with no double marks,
  single marks (‘…’ or '…', British style) quote speech when the quoted words end with their
  own comma or full stop, follow a colon or a verb of speech, or open a headline; titles and
  scare quotes in single marks are not quotations.

Attribution, nearest first
  1. Right after the quote: a subject and a reporting verb (“…,” Reeve said / “…,” the operator
     said / “…,” Tomas Eriksen, the harbour master, said / “…,” the agency's director, Yuki
     Sato, said), the verb and then the subject (“…,” said harbour master Tomas Eriksen / said
     the company's finance chief, Ravi Menon), or “…,” according to the transport ministry.
  2. Right before it: a subject, an optional appositive between commas or dashes, a reporting
     verb and up to 60 characters (Dr. Aisha Khan, who led the trial, said: “…” / Reeve called
     the plan “…”), According to X, “…”, or Said X: “…”.
  When one of these is written, its subject decides, even when that gives ``None``
  (“…,” a spokesman said stays unattributed). A clause that opens with "though", "while",
  "but", "and" ... after the quote has its own subject ("“…”, though the Treasury insists" is
  not the Treasury's; in "X said “…”, but Y said “…”" the first quote is X's). A name given in
  the passive is its author's ("was branded “…” by Sam Reed"), and "X was quoted by Reuters as
  saying “…”" is X's, as is "As X once put it, “…”". An opening participle or prepositional
  phrase is skipped ("Responding to criticism from X, the health secretary, Y, said:" is Y's),
  and so is a live blog's time stamp ("14:05 Fire chief ..."). A partial quote deep in a reported
  clause, with no nearer verb of speech, is the reporting subject's ("X said in a statement on
  Monday that the outage was “fully contained”", "he said the council had spent €18.5 million, “more
  than any other ...”").
  3. Otherwise, a later quote in a sentence continues the one before it in that sentence, and a
     quote that opens its sentence continues the sentence just before: its speech (a quote or
     "X said ...") or, failing that, the person or organisation it opens with ("Judge Miriam
     Cole read her ruling. “The council acted ...”"). “We are ready,” she said. “We have
     waited long enough.” gives both quotes the same speaker.

Subjects and the speaker they give
  - A name: titles and lower-case roles before it are dropped ("harbour master Tomas Eriksen",
    "Defense Secretary Jane Doe" -> "Tomas Eriksen", "Jane Doe"); a role capitalised because it
    opens the sentence is dropped when it is a known role word or has an occupation's ending
    ("Witness Ahmed Saleh", "Meteorologist Kari Nes"). A surname alone is widened to the fullest
    form of that name seen earlier ("Doe" -> "Jane Doe"). "The" and capitalised words name an
    organisation as written ("the Transport Ministry" -> "Transport Ministry"; "for" joins an
    organisation's name after an organisation word: "the Institute for Fiscal Studies"; "A
    report by X found ..." makes X the organisation "the report" speaks for). Capitals in a
    headline written in title case are not names. A possessor before a name is not part of it
    ("Labour's Grace Okonjo"); an acronym between the name and its verb gives the organisation
    it stands for ("the Intergovernmental Panel on Climate Change (IPCC) estimated"). A name
    after "in" is a place ("a resident at the centre in Sandoval said" names no one; "Governor
    Rick Scott in Florida" is Rick Scott), unless a study or editorial is "in" it ("Nature").
  - A description: "the harbour master" or "the operator" is the one name the article gave that
    role ("harbour master Tomas Eriksen", "Nordic Rail, the operator, ..."). Failing that, an
    organisation noun (ministry, operator, police, council, ...) is the speaker in a clean form:
    "the" dropped and the first letter capitalised, the rest as written ("the transport
    ministry" -> "Transport ministry", "the French foreign ministry" -> "French foreign
    ministry"); any other description ("the man", "the report") gives ``None``.
  - Voices speak for their organisation: "a spokeswoman for Skyline Air", "a police spokesman",
    "the ministry's spokesman", "a report by the Environment Agency"; a voice named in
    apposition speaks for itself ("Dermot Vance's spokesman, Kieran Toal, said"). Indefinite and
    plural people ("a spokesman", "officials", "Doctors"), two people together ("Kim Larsen and Jan
    Holt") and "the wife of X" give ``None``.
  - "he" or "she" resolves to the person named (with two words or more) as a speaker or as the
    subject opening a sentence, in this sentence (before the quote) or the previous
    ``PRONOUN_WINDOW`` sentences, only when exactly one such person is there, or else exactly
    one in the sentence just before (the nearest subject, as a reader takes it); "it" the same way
    to an organisation. A person the text itself marks as the other ("Mr", "Ms", "her"/"his"
    after the person a sentence opens with, "His opponent, ...", "X and her colleague", a
    pronoun already resolved) does not count; names are never read for gender, so "Anna Lind
    and Per Lind ... he said" stays ``None``. "They", "we", "I" give ``None``.
  - "the company" / "a company spokeswoman" is the one business the article named ("the ferry
    operator Baltic Link"); "the ministry" or "the CAA" the organisation named or abbreviated
    before ("the club" after "Rovers FC"); "the minister" / "the governor" the one person
    titled so in this or the two sentences before ("Gov. Elaine Rutherford"), no one when two
    were.
  - Not speakers: people counted ("Some 40 Europeans said", "Many Republicans say"), a noun
    after "close to" / "familiar with" ("a source close to the club"), a shirt number ("said
    the No 8"), contracted pronouns ("I've said"), a connective opening the sentence ("But the
    union said" is the union). ", saying ..." or ", adding that ..." is what the sentence's
    subject said; so is "X declined to comment but said". Titles before a name include
    parliamentary ones ("MP", "TD") and sports roles ("Striker"); "X of the Northshore Police"
    is X.
  A bare quotation whose speaker only the next sentence names is that speaker's when the next
  sentence says so ("“…” So says X", "That plea came from X", "Those were the words of the
  coroner, X"); ``SentenceSpeech.earlier_speaker`` carries the name back. A sentence opening
  with "He"/"She" or with a role ("The judge rejected that argument, saying ...") opens with
  the person the pronoun resolves to or the one person the article gave that role, for the
  rules that give a sentence's subject its quotes and reported speech. A quotation ending in "?"
  or "!" ends its sentence for the splitter; an attribution standing alone after it ("Sir
  Malcolm asked.") is its speaker's, and "Sir Malcolm" is the "Sir Malcolm Pruitt" named before.
  Not understood (``None`` or a description instead): a speaker in parentheses, a speaker named
  in the next sentence in other words ("“…” X, 43, has waited three years"), Q/A transcripts,
  nested quotations, and "the company" when two businesses were named.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from claim_workbench.text.sentences import sentence_spans

# Names are written with capitals beyond A-Z ("Ó Dálaigh", "Łukasz", "Şahin"): every "[A-Z]" in
# this module's patterns reads as any Latin capital.
_CAPITALS = "A-Z" + "".join(char for char in map(chr, range(0xC0, 0x250)) if char.isupper())


def _compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern.replace("[A-Z]", f"[{_CAPITALS}]"), flags)


PRONOUN_WINDOW = 3
_MIN_QUOTE_WORDS = 3
_AFTER_CHARS = 160
_BEFORE_CHARS = 240
_MAX_ROLE_WORDS = 4

# Bounded, and the class excludes the opening mark, so each scan stops at the next quote.
_QUOTE_RE = _compile(r"“([^“”\n]{1,600})”|\"([^\"\n]{1,600})\"")
_ANY_MARK_RE = _compile(r"[“”\"]")

_REPORTING_VERBS = frozenset(
    "said says say told tells added adds remarked remarks stated states claimed claims alleged "
    "alleges announced announces warned warns insisted insists argued argues denied denies "
    "confirmed confirms reported reports wrote writes tweeted posted noted notes explained "
    "explains acknowledged admitted admits estimated predicted promised vowed suggested "
    "suggests hinted hints indicated declared testified asked asks replied responded continued "
    "concluded urged stressed emphasized emphasised recalled recalls agreed agrees conceded "
    "cautioned observed disagreed countered objected retorted complained commented maintained "
    "revealed contended accused accuses informed reckons reckoned described describes admits "
    "concedes".split()
)
# Verbs that may come before their subject: “…,” said Reeve / tweeted Senator Bright. Not those
# whose object is a person ("told Reeve", "accused Reeve").
_INVERTING_VERBS = _REPORTING_VERBS - frozenset("say told tells accused accuses urged".split())
# Verbs that attribute the quoted words that follow them: Reeve called the plan “…”.
_FRAMING_VERBS = frozenset(
    "called calls described describes branded labelled labeled dubbed defended defends hailed "
    "hails blamed blames dismissed dismisses rejected rejects".split()
)


class _LazyPattern:
    """A regular expression compiled when first used, not when the module is imported: the app
    imports claim extraction at launch, and compiling these costs about 9 ms of CPU."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags

    def __getattr__(self, name: str) -> Any:
        compiled = _compile(self._source, self._flags)
        for method in ("match", "search", "finditer"):
            setattr(self, method, getattr(compiled, method))  # later calls skip __getattr__
        return getattr(compiled, name)


def _alternation(words: frozenset[str]) -> str:
    """A regex for any of ``words``, as a trie ("sa(?:id|ys?)"): Python's re tries the branches
    of a plain alternation one by one at every position, and this halves the time of a scan."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [
            re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


_VERB = rf"(?:{_alternation(_REPORTING_VERBS)})"
_INVERTING = rf"(?:{_alternation(_INVERTING_VERBS)})"
_FRAMING = rf"(?:{_alternation(_FRAMING_VERBS)})"
_ADVERB = (
    r"(?:[a-z]+ly|also|then|later|again|once|has|had|have|had\s+earlier"
    r"|(?:has|have|had)\s+(?:just|now|already|since|also))"  # "has just told MPs"
)
# Possessive runs ("*+", "{1,120}+") match what the plain ones would, since what follows them
# cannot start inside them, but never backtrack: text full of commas and verbs stays linear.
_WORD = r"(?:[^\W\d_][\w'’.\-&]*+|&)"  # "&" on its own joins a name: "Harlow & Finch"
_PHRASE = rf"(?:{_WORD}[ \t]++){{0,7}}?{_WORD}"
# Between a name and its verb: ", who led the trial," / ", 54," / " — a nurse —".
_APPOSITIVE = (
    r"(?:,[ \t]+(?=[a-z0-9])[^,“”\"]{1,120}+(?:,[^,“”\"]{1,100}+){0,2},"
    r"|,[ \t]+[RDI]-[A-Z][A-Za-z.]{1,6},"  # a US party and state: "Sen. X, D-N.M., said"
    r"|[ \t]+[—–][ \t]*+[^—–“”\"]{1,120}+[—–])"
)
_APPOSED_NAME = (
    r"(?P<named>,[ \t]+(?P<aname>(?:[A-Z][\w'’.\-]*+[ \t]+){0,3}[A-Z][\w'’\-]*+)"
    r"(?:,[ \t]+\d{1,3})?,)"
)
# Between a subject and its verb: an appositive, or a name in apposition to a description.
_BETWEEN = (
    rf"(?:[ \t]+\((?:(?P<acronym>[A-Z][A-Za-z]{{1,7}})(?=\))|[^()“”\"\n]{{1,80}}+)\))?"
    rf"(?:(?P<appos>{_APPOSITIVE})|{_APPOSED_NAME})?"
)
_LEAD = r"^[\s,.!?…—–\-]*"

_AFTER_SUBJECT_RE = _LazyPattern(
    rf"{_LEAD}(?P<subj>{_PHRASE}){_BETWEEN}(?:[ \t]+{_ADVERB})?[ \t]+{_VERB}\b"
)
_AFTER_INVERTED_RE = _LazyPattern(
    rf"{_LEAD}(?:{_ADVERB}[ \t]+)?{_INVERTING}[ \t]+(?P<rest>[^,;:!?“”\"]{{1,100}})"
)
_AFTER_ACCORDING_RE = _LazyPattern(
    rf"{_LEAD}(?:{_ADVERB}[ \t]+)?according[ \t]+to[ \t]+(?P<rest>[^,;:!?“”\"]{{1,100}})",
    re.IGNORECASE,
)
_AFTER_DASH_RE = _LazyPattern(
    r"[ \t]*[—–][ \t]*(?P<rest>[A-Za-z][^,;:!?“”\"]{0,80}?)[ \t.]*(?:,|$)"
)
_NAME_AFTER_ROLE_RE = _LazyPattern(
    r",[ \t]+(?P<name>(?:[A-Z][\w'’.\-]*[ \t]+){0,3}[A-Z][\w'’\-]*)[ \t]*(?:[,.;!?]|$)"
)
_BEFORE_SUBJECT_RE = _LazyPattern(
    rf"(?<![\w'’.\-&])(?P<subj>{_PHRASE}){_BETWEEN}(?:[ \t]+{_ADVERB})?"
    rf"[ \t]+(?:{_VERB}|{_FRAMING})\b[^“”\"]{{0,60}}$"
)
# "he said the council had spent €18.5 million on flood works since 2015, “more than any
# other ...”", "X said in a statement on Monday that the outage was “fully contained”": a
# partial quote inside a long reported clause. Tried only when no verb of
# speech is within the short reach, so "X said ..., while residents called it “…”" keeps
# the residents' verb.
_BEFORE_SUBJECT_FAR_RE = _LazyPattern(
    rf"(?<![\w'’.\-&])(?P<subj>{_PHRASE}){_BETWEEN}(?:[ \t]+{_ADVERB})?"
    rf"[ \t]+{_VERB}\b[^“”\"]{{61,200}}$"
)
_FRAMING_WORD_RE = _LazyPattern(rf"\b{_FRAMING}\b")
# "Said coach Ben Tarrant: “…”" (the verb is checked against _INVERTING_VERBS).
_BEFORE_INVERTED_RE = _LazyPattern(
    r"^\s*(?P<verb>[A-Za-z]+)[ \t]+(?P<rest>[^,;:!?“”\"]{1,100})[:,][ \t]*$"
)
_BEFORE_ACCORDING_RE = _LazyPattern(
    r"\baccording[ \t]+to[ \t]+(?P<rest>[^,;:!?“”\"]{1,100}),[^“”\"]{0,60}$", re.IGNORECASE
)
# Speakers of a sentence without quotes: "X said ...", "according to X", "..., said X".
# Found verb first, then the subject in the text just before it: scanning every word of every
# sentence for a subject that may turn out to have a verb costs three times as much.
_VERB_WORD_RE = _LazyPattern(rf"[ \t](?P<verb>{_VERB})\b")
_SUBJECT_BEFORE_VERB_RE = _LazyPattern(
    rf"(?<![\w'’.\-&])(?P<subj>{_PHRASE}){_BETWEEN}(?:[ \t]+{_ADVERB})?[ \t]+$"
)
_SUBJECT_REACH = 220  # an appositive between subject and verb can be long
_SUBJECT_NEAR = 70
_MAX_VERBS = 8  # most subjects are a few words; the long reach is tried when needed
_ACCORDING_RE = _LazyPattern(
    r"\baccording[ \t]+to[ \t]+(?P<rest>[^,;:!?“”\"]{1,100})", re.IGNORECASE
)
# A name and then a verb after "said": the start of what was said.
_REPORTED_CLAUSE_RE = _LazyPattern(
    r"(?:[A-Z][\w'’.\-]*[ \t]+){1,4}(?:had|has|have|was|were|is|are|would|will|could|should"
    r"|did|does|must|might|may|can)\b"
)
_INVERTED_RE = _LazyPattern(rf",[ \t]+{_INVERTING}[ \t]+(?P<rest>[^,;:!?“”\"]{{1,100}})")
# "Nordic Rail, the operator of the line, ..." gives the role "operator" to Nordic Rail.
_APPOSITIVE_ROLE_RE = _LazyPattern(
    r"(?<![\w'’.\-&])(?P<name>(?:[A-Z][\w'’.\-&]*[ \t]+(?:(?:of|de|van|von|al|bin|&)[ \t]+)?){0,4}"
    r"[A-Z][\w'’.\-&]*),[ \t]+(?P<desc>the[ \t]+[A-Za-z][^,.;:“”\"]{0,60}?)(?=[,.;:—–]|$)"
)

_PRONOUNS = frozenset("he she it they we i".split())
_DETERMINERS = frozenset("the a an another one its their his her our".split())
_INDEFINITE = frozenset("a an another one".split())
# Irish "Ó", "Ní", "Uí" as written, and lower-case for the checks that lower words.
# Welsh "ap" and Dutch "'t" ("Rhodri ap Gwilym", "Ruud van 't Hoff") join a name too.
_JOINERS = frozenset(
    "of de da van von bin binte al la le del der du dela ap 't ’t Ó Ní Uí ó ní uí".split()
)
_FUNCTION_WORDS = frozenset(
    "the a an this that these those some many most few several all both each every any no "
    "other such own its their his her our my your whose who which what when where why how whom "
    "because although unless whether "
    "of for in on at to from by with without about after before during over under between among "
    "against into onto across through since until than as like via per near "
    "and or but nor yet so if then also again later earlier still now already just only even "
    "too very once meanwhile however moreover separately indeed instead asked speaking "
    "is are was were be been being has have had do does did will would can could shall should "
    "may might must not never yesterday today tonight tomorrow last next here there "
    "he she it they we i you him them us me".split()
)
_TITLE_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof st jr sr gen col lt sgt capt gov sen rep".split()
)
# Organisations named by a noun: the speaker when no name was given for them.
_ORG_HEADS = frozenset(
    "ministry department agency authority council government company firm operator airline "
    "utility bank regulator commission committee court union hospital university college "
    "school police army military navy coastguard service office board trust club party embassy "
    "municipality administration inspectorate institute foundation charity network broadcaster "
    "manufacturer carmaker insurer retailer group association federation league organisation "
    "organization parliament cabinet secretariat command observatory laboratory museum library "
    "airport port railway prosecutor's-office consortium alliance coalition".split()
)
# Words that make a capitalised name an organisation rather than a person.
_ORG_NAME_WORDS = _ORG_HEADS | frozenset(
    "rail railways airlines airways inc ltd plc corp corporation llc gmbh holdings partners "
    "news times post herald journal press tv radio media energy power water motors systems "
    "house centre center forum institute constabulary steel foods pharma pharmaceuticals "
    "mining chemicals logistics software technologies tech insurance capital industries "
    "brewery motors electricity gas telecom telecoms utilities ferries buses labs laboratories "
    "solutions networks studios games robotics therapeutics biotech".split()
)
# Roles in a team that a match report gives to the player or manager it has just named.
_TEAM_ROLES = frozenset("captain skipper manager coach boss striker keeper goalkeeper".split())
# Descriptions of a public body that do not repeat a word of its name ("the agency").
_BODY_HEADS = frozenset(
    "agency body organisation organization office service watchdog authority".split()
)
# A person or text that speaks for the organisation it belongs to.
_VOICE_HEADS = frozenset(
    "spokesman spokeswoman spokesperson spokespeople representative statement figures data "
    "website account report study survey analysis letter release filing essay editorial "
    "article".split()
)
_VOICE_PREPOSITIONS = frozenset("for of from by".split())
# What is published in a journal or paper speaks for it: "a pair of studies in Nature said".
_VOICES_IN = frozenset(
    "studies reports surveys analyses letters essays editorials articles".split()
)
# A noun after one of these is not the subject: "a source close to the club told ...", "people
# familiar with the talks said" (unlike "officials at the water board", who speak for it).
_PLACE_PREPOSITIONS = frozenset("to with near around against".split())
# "The company said" and "a company spokeswoman" speak for the one business the article named.
_COMPANY_HEADS = frozenset(
    "company firm business group operator carrier airline manufacturer carmaker retailer "
    "insurer utility developer owner employer maker producer supplier lender chain "
    "brand".split()
)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation inside a sentence; offsets into the text that was scanned."""

    words: str
    start: int  # of the opening mark
    end: int  # after the closing mark, or the end of the sentence when it is left open
    closed: bool = True


@dataclass(frozen=True, slots=True)
class AttributedQuote:
    words: str
    start: int
    end: int
    speaker: str | None


@dataclass(frozen=True, slots=True)
class SentenceSpeech:
    """The quotations of one sentence and who the sentence reports as speaking."""

    quotes: list[AttributedQuote]
    speaker: str | None  # the first quote's speaker; without quotes, the subject of "X said"
    speaker_is_organisation: bool = False  # named as one ("the ferry operator Baltic Link")
    speaker_acronym: str | None = None  # what the article also calls it ("WHO")
    # The speaker of the sentence just before, when that was a bare quotation and this
    # sentence says whose it was ("“…” That plea came from Carmen Ruiz Ortega, ...").
    earlier_speaker: str | None = None


@dataclass(frozen=True, slots=True)
class _Subject:
    kind: str  # "pronoun", "person", "org", "description" or "unnamed"
    text: str = ""  # pronoun, name, or description words in lower case
    role: str = ""  # lower-case role that came with a name ("harbour master")
    determiner: str | None = None


@dataclass(slots=True)
class SpeakerTracker:
    """Reads an article's sentences in order and attributes their quotations."""

    _index: int = -1
    _persons: list[tuple[int, str]] = field(default_factory=list)  # (sentence index, name)
    _orgs: list[tuple[int, str]] = field(default_factory=list)
    _named_orgs: dict[str, bool] = field(default_factory=dict)  # name -> named as a business
    _full_names: dict[str, str] = field(default_factory=dict)  # last word -> fullest name
    _roles: dict[str, set[str]] = field(default_factory=dict)  # role phrase or head -> names
    _previous_speaker: str | None = None  # who spoke in the sentence just before
    _undecided: bool = False  # the last quote read: nothing near it said who spoke
    _previous_index: int = -2
    _previous_opener: str | None = None  # the person the sentence just before opened with
    _bare_quote_index: int = -2  # the last sentence that was only a quotation, its speaker unsaid
    _open_bare_index: int = -2  # the same, its last quotation left open at its end
    _asked_index: int = -2  # the last sentence that was only a quotation ending in "?" or "!"
    _knights: bool = False  # the article has written "Sir X Y", "Dame X Y", ...
    _plains: list[str] = field(default_factory=list)  # sentences read, quotes blanked
    _genders: dict[str, str] = field(default_factory=dict)  # surname -> "he" or "she"
    _acronyms: dict[str, str] = field(default_factory=dict)  # "CAA" -> "Civil Aviation Authority"
    _acronym_of: dict[str, str] = field(default_factory=dict)  # and back
    _not_surnames: set[str] = field(default_factory=set)  # sentence openers that named no one
    # surname -> (sentences already searched, fuller names found there): a surname that comes
    # back searches only the sentences read since, not the whole article again.
    _written_names: dict[str, tuple[int, frozenset[str]]] = field(default_factory=dict)

    def read(self, sentence: str, index: int | None = None) -> SentenceSpeech:
        """The quotations of ``sentence`` with their speakers; offsets index ``sentence``."""
        self._index = self._index + 1 if index is None else index
        if "quoted" in sentence:
            sentence = _QUOTED_AS_SAYING_RE.sub(_said_in_place, sentence)
        quotes, plain = _scan_quotes(sentence)
        self._plains.append(plain)
        if not self._knights and ("Sir " in plain or "Dame " in plain or "Lord " in plain):
            self._knights = True
        self._learn_roles(plain)
        if "(" in plain:
            self._learn_acronyms(plain)
        owner = None  # whose the bare quotation just before was, when this sentence says so
        if self._asked_index == self._index - 1 and not quotes and len(plain) < 60:
            # “Why did nobody act on your warning?” Sir Malcolm asked.: the sentence splitter
            # ends a sentence at the question; the attribution alone is the next one.
            said, subject = _attribution_after(" " + plain)
            if said and subject is not None and subject.kind in {"person", "org", "pronoun"}:
                owner = self._resolve(subject)
        if owner is None and self._bare_quote_index == self._index - 1 and not quotes:
            back = _BACK_REFERENCE_RE.match(plain)
            if back is not None:
                named = _parse_head(_words(back.group("rest")))
                if named is not None and named.kind == "description":
                    # "Those were the words of the coroner, Imran Choudhury, ..."
                    apposed = _NAME_AFTER_ROLE_RE.match(plain, back.end("rest"))
                    if apposed is not None:
                        named = _parse_head(_words(apposed.group("name")))
                if named is not None and named.kind in {"person", "org"}:
                    owner = self._resolve(named)
                    if owner is not None:
                        self._remember(owner, named)
        subjects = _subjects(plain)
        opener = _sentence_subject(plain)
        if opener is not None and opener.kind == "org" and plain[:4] == "The ":
            # "The Member of Parliament for Asante Nkwanta, Hon. Abena Owusu-Mensah, has
            # appealed ...": the person named after the office, not an organisation.
            described = _DESCRIBED_NAME_RE.match(plain)
            name = clean_name(described.group(1)) if described is not None else None
            if name is not None and self._is_person(name):
                opener = _Subject("person", name)
        if opener is not None and opener.kind == "role":
            # "The judge rejected that argument, saying ...": the one person the article gave
            # that role, or no one (not "Judge").
            holder = self._role_holder(opener.text)
            if holder is None:
                holder = self._titled_recently(opener.text)
            opened_by = holder or None
            opener = None
        else:
            opened_by = self._resolve(opener) if opener is not None else None
        named = None
        if opened_by is not None:
            self._remember(opened_by, opener)
        elif " " in plain:
            named = self._opened_by_name(plain)
        # ("His opponent, Councillor Priya Rao, ...": "his" is someone named before her.)
        self._learn_genders(plain, opened_by)
        if named is not None:
            opened_by = named
            self._remember(named, None)
            self._learn_opener_gender(plain, named, plain.find(" "))  # "Lamb, ... his lawyer"
        elif opened_by is None and plain[:1] in "AT" and (voice := _VOICE_BY_RE.match(plain)):
            # "A report by the Lowmoor Institute for Fiscal Research found ...": the report
            # speaks for the institute ("..., the report said" in the next sentence).
            author = _parse_head(_words(voice.group("rest")))
            if author is not None and author.kind == "org":
                self._remember(self._resolve(author) or author.text, author)
        elif opened_by is None and _HE_SHE_OPENING_RE.match(plain):
            # "He argued that ..., and said Olcott had shown “genuine remorse”": the person the
            # pronoun stands for opens the sentence.
            pronoun = "she" if _SHE_RE.match(plain) else "he"
            opened_by = self._resolve(_Subject("pronoun", pronoun))
            if opened_by is not None:
                # "She still arrives at 4am. She still bakes ...": each sentence about her
                # keeps her in reach of the "she said" that comes later.
                self._remember(opened_by, None)
        if (
            " by " in plain
            and (opened_by is None or not self._is_person(opened_by))
            and (agent := self._passive_agent(plain))
        ):
            # "The only shop is run by Bríd Uí Cheallaigh, 79.": she is "she" in what follows.
            self._remember(agent, None)
        reported: str | None = None
        reported_before: str | None = None  # named before the first quote
        first_decided = False  # an attribution was written for the first quote
        noted = 0
        attributed: list[AttributedQuote] = []
        for position, quote in enumerate(quotes):
            # Speakers named before a quote are known when its "she said" is read.
            while noted < len(subjects) and subjects[noted][0] < quote.start:
                reported = self._note(plain, *subjects[noted], has_quotes=True) or reported
                noted += 1
            if position == 0:
                reported_before = reported
            earlier = attributed[-1].speaker if attributed else None
            speaker = self._quote_speaker(sentence, quotes, position, earlier, opened_by)
            if position == 0:
                first_decided = not self._undecided
            if speaker is None and reported is not None and self._undecided:
                # "Newsweek reports that the majority ... but “…”": nothing around the quote
                # says who, and the sentence is what the subject named before it reported.
                speaker = reported
            attributed.append(AttributedQuote(quote.words, quote.start, quote.end, speaker))
        for at, subject in subjects[noted:]:
            speaker = self._note(plain, at, subject, has_quotes=bool(quotes))
            reported = reported or speaker
        if (
            reported is None
            and opened_by is not None
            and (self._is_person(opened_by) or _looks_like_org(opened_by))
        ):
            # What the sentence's subject said, whatever its main verb: "Mark Feeney called it
            # a betrayal and said visits ...", "The port disputes the figure, saying its ...".
            for hints, pattern in _SUBJECT_GOES_ON:
                if any(hint in plain for hint in hints):
                    said = pattern.search(plain)
                    if said is not None and not _RELATIVE_CLAUSE_RE.search(plain, 0, said.start()):
                        reported = opened_by
                        break
        if attributed:
            # The first quote with a speaker; "X said the plan was “pure fantasy”" keeps X. When
            # no quote has one, the speaker named before the first quote ("The Economist
            # estimated that ... which they called “pure fantasy”"), not one named after it
            # ("Critics dubbed it “a tax by stealth”, though the Treasury insists ...").
            speaker = next(
                (quote.speaker for quote in attributed if quote.speaker), reported_before
            )
            if first_decided and attributed[0].speaker is None:
                # "Critics have called the scheme “…”, while its architect, X, ... “…”": the
                # first quote was said to be no one's, so the sentence is not X's.
                speaker = reported_before
            last = attributed[-1].speaker
        else:
            speaker = last = reported
        if (
            last is None
            and opened_by is not None
            and (self._is_person(opened_by) or _looks_like_org(opened_by))
        ):
            last = opened_by  # Judge Miriam Cole read her ruling. “The council acted ...”
        self._previous_speaker, self._previous_index = last, self._index
        opener_is_person = opened_by is not None and self._is_person(opened_by)
        self._previous_opener = opened_by if opener_is_person else None
        if owner is not None and last is None:
            self._previous_speaker = owner  # “…” So says X. “…”: X goes on speaking
        if (
            owner is None
            and self._open_bare_index == self._index - 1
            and attributed
            and attributed[0].speaker is not None
            and not sentence[: quotes[0].start].strip()
        ):
            # A paragraph left its quotation open and this one goes on with it: whoever this
            # one says spoke spoke both (“The sea state was as bad as I have seen it. // “They
            # brought everyone home,” said coxswain Declan Ó Murchú.).
            owner = attributed[0].speaker
        only_quotes = bool(attributed) and not plain.strip(" \t.,!?…")
        bare = only_quotes and attributed[0].speaker is None
        self._bare_quote_index = self._index if bare else -2
        self._open_bare_index = self._index if bare and not quotes[-1].closed else -2
        asked = only_quotes and attributed[-1].words.rstrip().endswith(("?", "!"))
        self._asked_index = self._index if asked else -2
        return SentenceSpeech(
            quotes=attributed,
            speaker=speaker,
            speaker_is_organisation=speaker is not None
            and (speaker in self._named_orgs or is_organisation(speaker)),
            speaker_acronym=self._acronym_of.get(speaker) if self._acronym_of else None,
            earlier_speaker=owner,
        )

    def _quote_speaker(
        self,
        sentence: str,
        quotes: list[QuoteSpan],
        position: int,
        earlier: str | None,
        opened_by: str | None = None,
    ) -> str | None:
        """By the rules of the module docstring; ``earlier``: the previous quote's speaker."""
        quote = quotes[position]
        after_end = quotes[position + 1].start if position + 1 < len(quotes) else len(sentence)
        after = sentence[quote.end : min(after_end, quote.end + _AFTER_CHARS)]
        before_start = quotes[position - 1].end if position > 0 else 0
        before = sentence[max(before_start, quote.start - _BEFORE_CHARS) : quote.start]
        if ", R-" in after or ", D-" in after or ", I-" in after:
            after = _PARTY_STATE_RE.sub("", after)  # “…,” Sen. Marjorie Quillen, R-Neb., said
        found, subject = _attribution_after(after)
        if not found and after.lstrip().startswith("by ") and _PASSIVE_FRAMING_RE.search(before):
            # "It has been called “the greatest scam in history” by John Coleman, who ..."
            by = _BY_NAME_RE.match(after)
            subject = _parse_head(_words(by.group("rest"))) if by is not None else None
            found = subject is not None and subject.kind in {"person", "org"}
        if not found:
            found, subject = _attribution_before(before)
        if found:
            speaker = self._resolve(subject)
        elif position > 0:
            speaker = earlier  # “…,” she said, “and …”
        elif not sentence[: quote.start].strip() and self._previous_index == self._index - 1:
            speaker = self._previous_speaker  # the quote goes on from the sentence before
        elif (
            position == 0
            and opened_by is not None
            and (
                before.rstrip().endswith(":")
                or _GERUND_FRAMING_RE.search(before)
                or _AND_SAID_BEFORE_RE.search(before)
            )
            and not _names_another(before, opened_by)
            and (self._is_person(opened_by) or _looks_like_org(opened_by))
        ):
            # "Press secretary Karen Liu went further at the briefing: “…”", "Hollis opened
            # the debate by calling the charges “…”": the sentence's subject introduces the
            # quote, whatever the verb.
            speaker = opened_by
        else:
            speaker = None
        # Nothing near the quote said who spoke (a found attribution or a continuation did).
        self._undecided = not found and position == 0 and speaker is None
        if speaker is not None:
            self._remember(speaker, subject if found else None)
        return speaker

    def _note(self, plain: str, at: int, subject: _Subject, *, has_quotes: bool) -> str | None:
        """Remember a speaker the sentence names outside quotes; its name, if it resolves."""
        if subject.kind == "pronoun" and (has_quotes or not _opens_clause(plain, at)):
            # "She added that ..." or "..., she said."; not "vessels it claims are ...".
            return None
        speaker = self._resolve(subject)
        if speaker is not None:
            self._remember(speaker, subject)
        return speaker

    # --- memory ---------------------------------------------------------------------------------

    def _resolve(self, subject: _Subject | None) -> str | None:
        if subject is None:
            return None
        if subject.kind == "pronoun":
            if subject.text in {"he", "she"}:
                return self._only_recent(self._persons, person=True, pronoun=subject.text)
            if subject.text == "it":
                return self._only_recent(self._orgs, person=False)
            return None
        if subject.kind == "person":
            return self._widen(subject.text)
        if subject.kind == "org":
            return self._acronyms.get(subject.text, subject.text)
        if subject.kind == "description":
            known = self._role_holder(subject.text)
            if known is not None:
                return known or None  # "" when two people hold the role: cannot tell
            head = subject.text.split()[-1].lower()
            if subject.determiner == "the":
                # "the authority" after "the regional health authority said": the same one.
                words = set(subject.text.lower().split())
                same = {
                    name
                    for _, name in self._orgs
                    if words <= _lower_words(name)
                    # "the Solvara club said" after "Atlético Solvara said"
                    or (
                        head in _ORG_HEADS
                        and words - {head}
                        and words - {head} <= _lower_words(name)
                    )
                    # "the force said" after "Redmoor Police said"
                    or (words == {"force"} and _lower_words(name) & {"police", "constabulary"})
                }
                if len(same) == 1:
                    return same.pop()
                if not same and head in _ORG_HEADS:
                    # "The council said" after "Kestrel Vale District Council" was named, not
                    # as a speaker: the one body of that kind written in full.
                    written = _bodies_written(head, words, self._plains[-_KNIGHT_REACH:])
                    if not written and words == {"club"}:
                        # "Dunmore Rovers have sacked ... the club said": the one team named
                        written = _teams_written(self._plains[-_KNIGHT_REACH:])
                    if len(written) == 1:
                        return written.pop()
            if head in _BODY_HEADS and subject.determiner == "the":
                # "... according to the National Weather Office (NWO). The agency said ...":
                # the public body that spoke in the sentence before.
                previous = self._previous_speaker
                if (
                    previous is not None
                    and self._previous_index == self._index - 1
                    and _looks_like_org(previous)
                    and not self._named_orgs.get(previous, False)
                ):
                    return previous
            if head in _VOICE_HEADS and subject.determiner == "the":
                # "The Ministry of Fisheries said in a statement ... “…,” the statement said."
                return self._only_recent(self._orgs, person=False)
            if head in _COMPANY_HEADS and subject.determiner == "the":
                businesses = [name for name, business in self._named_orgs.items() if business]
                if not businesses:
                    # "... after Vaalkop Electricity extended its schedule. “…,” the utility
                    # said": the one business named just before, though it had not spoken.
                    businesses = list(_businesses_written(self._plains[-2:]))
                if len(businesses) == 1:
                    return businesses[0]  # "Baltic Link ... the company said"
            if head in _ORG_HEADS and subject.determiner not in _INDEFINITE:
                return subject.text[0].upper() + subject.text[1:]
            if subject.determiner == "the" and _is_epithet(subject.text):
                # "Ruud van 't Hoff insisted ... “…,” the Dutchman told Sky Sports", "said the
                # 34-year-old": the person the sentence before was about, or the one in reach.
                if self._previous_opener is not None:
                    return self._previous_opener
                return self._only_recent(self._persons, person=True)
            if head in _ROLE_WORDS and subject.determiner == "the":
                titled = self._titled_recently(head)
                if titled is not None:
                    return titled or None  # "" when two were: "Finance Minister X and Trade
                    # Minister Y met ... the minister said" cannot be told
                if head in _TEAM_ROLES and self._previous_opener is not None:
                    # "Tane Whakaari could barely speak after the loss. “…,” the captain
                    # said.": the player the sentence before was about.
                    return self._previous_opener
                # "the mayor said", no mayor named so far: the role is all the article says.
                return _role_written(subject.text)
        return None

    def _remember(self, speaker: str, subject: _Subject | None) -> None:
        if subject is not None and subject.role:
            self._add_role(subject.role, speaker)
        organisation = subject is not None and (
            subject.kind == "org" or subject.kind == "description"
        )
        # The role's head: "superintendent of police" is a superintendent, not the police.
        role_head = (
            subject.role.split(" of ", 1)[0].split()[-1]
            if subject is not None and subject.role
            else ""
        )
        if (
            subject is not None
            and subject.kind != "description"
            and (subject.kind == "org" or role_head in _ORG_HEADS)
        ):
            # Named, as "the ferry operator Baltic Link" or "Nordic Rail": a business unless
            # its name or role says government, police, a court ...
            self._named_orgs[speaker] = role_head in _COMPANY_HEADS or (
                not role_head and not _GOVERNMENT_RE.search(speaker)
            )
            organisation = True
        if organisation or _looks_like_org(speaker):
            self._orgs.append((self._index, speaker))
            del self._orgs[:-16]
        else:
            self._persons.append((self._index, speaker))
            del self._persons[:-16]

    def _only_recent(
        self, recent: list[tuple[int, str]], *, person: bool, pronoun: str = ""
    ) -> str | None:
        names = {
            name
            for index, name in recent
            if self._index - index <= PRONOUN_WINDOW
            and (not person or self._is_person(name))
            and self._genders.get(_surname(name), pronoun) == pronoun  # "Ms Ines-Whitfield"
        }
        if len(names) > 1 and person:
            # Two people in reach: the one the sentence just before (or this one) named, when
            # it named only one ("... said Helga Marsden. Labour minister Piet Olander said ...
            # “…,” he told reporters").
            names = {name for index, name in recent if index >= self._index - 1 and name in names}
        if len(names) != 1:
            return None
        name = names.pop()
        if pronoun:
            self._genders[_surname(name)] = pronoun
        return name

    def _learn_opener_gender(self, plain: str, person: str, written: int) -> None:
        """ "her" or "his" after the person a sentence opens with (the first ``written``
        characters), before anyone else is named: that person's."""
        if not self._is_person(person):
            return
        match = _GENDER_WORD_RE.search(plain, written, written + _GENDER_REACH)
        while match is not None and plain[match.start() - 1 : match.start()].isalpha():
            match = _GENDER_WORD_RE.search(plain, match.end(), written + _GENDER_REACH)
        between = plain[written : match.start()] if match else ""
        if match and not _CAPITALISED_PAIR_RE.search(between):
            pronoun = "he" if match.group().lower() in {"his", "him", "he"} else "she"
            self._genders.setdefault(_surname(person), pronoun)

    def _learn_acronyms(self, plain: str) -> None:
        """ "The Civil Aviation Authority (CAA)": the CAA is the Civil Aviation Authority."""
        for match in _ACRONYM_RE.finditer(plain):
            words = match.group(1).split()
            acronym = match.group(2)
            capitals = [word for word in words if word[0].isupper()]
            for start in range(len(capitals)):
                if "".join(word[0] for word in capitals[start:]) == acronym:
                    first = words.index(capitals[start])
                    self._acronyms[acronym] = " ".join(words[first:])
                    self._acronym_of[self._acronyms[acronym]] = acronym
                    break

    def _learn_genders(self, plain: str, opened_by: str | None) -> None:
        """What the text itself says of who is "he" and who is "she": an honorific ("Ms
        Ines-Whitfield"), "her" or "his" after the person a sentence opens with ("Beatrix Van
        Houten-Ames won her third gold medal"), and a sentence opening with "He" or "She" when
        one person can be meant. Names are never guessed from how they sound."""
        for match in _GENDERED_TITLE_RE.finditer(plain):
            gender = _GENDERED_TITLES.get(match.group(1).lower())
            if gender is not None and not plain[match.start() - 1 : match.start()].isalpha():
                self._genders[match.group(2)] = gender
        if opened_by is not None:
            self._learn_opener_gender(plain, opened_by, len(opened_by))
        if " and his " in plain or " and her " in plain:
            for match in _AND_HIS_HER_RE.finditer(plain):
                name = clean_name(match.group(1))
                if name is not None and self._is_person(name):
                    name = self._widen(name)  # "Dr Ama Boateng and her colleague Henrik Salo"
                    self._genders[_surname(name)] = "he" if match.group(2) == "his" else "she"
                    self._remember(name, None)
        opening = _PRONOUN_OPENING_RE.match(plain)
        if opening is not None and opened_by is None:
            pronoun = {"his": "he", "her": "she"}.get(opening.group(1).lower())
            self._only_recent(
                self._persons, person=True, pronoun=pronoun or opening.group(1).lower()
            )

    def _is_person(self, name: str) -> bool:
        return len(name.split()) > 1 and not _looks_like_org(name)

    def _widen(self, name: str) -> str:
        if name.split(None, 1)[0] in _CAPITALISED_PARTICLES and " " in name:
            # "De la Fuente said" after "Lucía de la Fuente Ortega": the particle is capitalised
            # because it opens the sentence.
            written = f" {name[0].lower()}{name[1:]} "
            fuller = {
                known
                for known in {*self._full_names.values(), *(person for _, person in self._persons)}
                if written in f" {known} "
            }
            if not fuller:
                pattern = _compile(
                    rf"(?:[A-Z][\w'’\-]*[ \t]+){{1,2}}{re.escape(written.strip())}"
                    r"(?:[ \t]+[A-Z][\w'’\-]+)?"
                )
                fuller = {
                    found
                    for plain in self._plains[-_KNIGHT_REACH:]
                    for found in pattern.findall(plain)
                    if self._is_person(found)
                }
            if len(fuller) == 1:
                return fuller.pop()
        last = _surname(name)
        known = self._full_names.get(last)
        if known is None and " " not in name:
            known = self._full_name_written(name)
            if known is not None:
                self._full_names[last] = known
                return known
            knight = self._knighted_full_name(name)
            if knight is not None:
                return knight  # "Sir Malcolm asked" after "Sir Malcolm Pruitt"
            family = _family_name_first(name, self._plains[-_KNIGHT_REACH:])
            if len(family) == 1:
                return family.pop()  # "Judge Kow" after "District Judge Kow Mei Ling"
            if name[1:].islower() and len(name) > 3:
                # "Northline said" after "Northline Rail": the organisation named in full.
                fuller = {org for _, org in self._orgs if org.split(None, 1)[0] == name}
                if not fuller:
                    # "Brevik said" after "Brevik Mining will suspend ...", which never spoke.
                    fuller = _fuller_orgs(name, self._plains[-_KNIGHT_REACH:])
                if len(fuller) == 1 and " " in (org := fuller.pop()):
                    return org
        if known is not None and not (
            set(name.split()) <= set(known.split()) or set(known.split()) <= set(name.split())
        ):
            # "Denise Marlowe" after "Tessa Marlowe": her mother, another person ("Marlowe"
            # alone stays the one named first).
            return name
        if known is None or len(name.split()) > len(known.split()):
            if not _looks_like_org(name):
                self._full_names[last] = name
            return name
        return known

    def _knighted_full_name(self, first: str) -> str | None:
        """ "Malcolm Pruitt" for "Malcolm" when the article wrote "Sir Malcolm Pruitt" (or Dame,
        Lord): those titles go with the first name alone."""
        if not self._knights:
            return None
        pattern = _compile(rf"\b(?:Sir|Dame|Lord)[ \t]+{re.escape(first)}[ \t]+([A-Z][\w'’\-]+)")
        for plain in reversed(self._plains[-_KNIGHT_REACH:]):
            if first in plain:
                found = pattern.search(plain)
                if found is not None:
                    return f"{first} {found.group(1)}"
        return None

    def _opened_by_name(self, plain: str) -> str | None:
        """The person a sentence opens with in two forms the opener parse leaves out: a
        surname the article gave in full before ("Beamish laughed.", "Tully, who runs 800
        head, ..."), and a description with the name after it ("His captain, Jamie Doyle,
        was blunter.")."""
        plain = _without_short_opening(plain)
        first = plain[: plain.find(" ")].rstrip(",")
        surname = len(first) > 2 and first[0].isupper() and first[1:].islower()
        known = self._full_names.get(first) if surname else None
        if known is not None:
            return known
        if not surname or first in self._not_surnames:
            pass
        elif first.lower() not in _FUNCTION_WORDS:
            written = self._full_name_written(first, 20)
            if written is not None:
                return written
            self._not_surnames.add(first)  # "Officials", "Prices": looked for once
        if first not in _DESCRIPTION_OPENERS:
            return None
        described = _DESCRIBED_NAME_RE.match(plain)
        if described is not None:
            name = clean_name(described.group(1))
            if name is not None and self._is_person(name):
                return self._widen(name)
        return None

    def _passive_agent(self, plain: str) -> str | None:
        """The one person a passive sentence names as who does it ("is run by Bríd Uí
        Cheallaigh"), when no one else is named in it."""
        match = _PASSIVE_AGENT_RE.search(plain)
        if match is None or len(_CAPITALISED_PAIR_RE.findall(plain)) > 1:
            return None
        name = clean_name(match.group(1))
        return self._widen(name) if name is not None and self._is_person(name) else None

    def _titled_recently(self, role: str) -> str | None:
        """The one person written with ``role`` as a title ("Finance Minister Georg Lindahl")
        in this sentence or the ``PRONOUN_WINDOW`` before it; "" for two or more; None for
        none."""
        title = role.capitalize()
        short = _TITLE_SHORT.get(role)
        written = rf"{re.escape(title)}|{short}\.?" if short else re.escape(title)
        pattern = _compile(
            rf"\b(?:{written})[ \t]+((?:[A-Z][\w'’\-]*\.?[ \t]+){{0,2}}[A-Z][\w'’\-]+)"
        )
        found: set[str] = set()
        for plain in self._plains[-(PRONOUN_WINDOW + 1) :]:
            if title in plain or (short and short in plain):
                found.update(self._widen(m.group(1)) for m in pattern.finditer(plain))
        if not found:
            return None
        return found.pop() if len(found) == 1 else ""

    def _full_name_written(self, surname: str, reach: int = 0) -> str | None:
        """The one fuller form of ``surname`` written anywhere so far ("Suzanne Whitlock" in
        "the chief executive, Suzanne Whitlock, ..."), not only where it spoke; with
        ``reach``, in the last ``reach`` sentences only."""
        if reach:
            found = _fuller_names(surname, self._plains[-reach:])
        else:
            searched, found = self._written_names.get(surname, (0, frozenset()))
            if searched < len(self._plains):
                found = found | _fuller_names(surname, self._plains[searched:])
                self._written_names[surname] = (len(self._plains), found)
        return next(iter(found)) if len(found) == 1 else None

    def _add_role(self, role: str, name: str) -> None:
        role = role.lower()
        words = role.split()
        # "the Labour MP for Harnleigh North" is an MP.
        head = role.split(" for ", 1)[0].split()[-1]
        for key in {role, words[-1], head}:
            self._roles.setdefault(key, set()).add(name)

    def _role_holder(self, description: str) -> str | None:
        description = description.lower()
        for key in (description, description.split()[-1]):
            names = self._roles.get(key)
            if names:
                return next(iter(names)) if len(names) == 1 else ""
        return None

    def _learn_roles(self, plain: str) -> None:
        if ", the " not in plain:
            return
        for match in _APPOSITIVE_ROLE_RE.finditer(plain):
            name_words = _words(match.group("name"))
            desc_words = _words(match.group("desc"))
            if name_words[0].lower() in _FUNCTION_WORDS:
                continue  # "In Oslo, the harbour master ..." names no one
            named = _parse_tail(name_words)
            role = _parse_head(desc_words)
            if named is None or named.kind not in {"person", "org"}:
                continue
            if role is None or role.kind != "description":
                continue
            # The description must end the appositive or lead into "of/at/for ...".
            rest = desc_words[1 + len(role.text.split()) :]
            if rest and rest[0].lower() not in {"of", "at", "for", "in", "on", "from", "with"}:
                continue
            self._add_role(role.text, self._widen(named.text))


_ACRONYM_ROLES = frozenset("mp mep msp mla ceo cfo".split())


def _role_written(role: str) -> str:
    """A role as a speaker's name: "Mayor", "MP", "Chief executive"."""
    words = [word.upper() if word in _ACRONYM_ROLES else word for word in role.split()]
    return " ".join([words[0][0].upper() + words[0][1:], *words[1:]])


def _bodies_written(head: str, words: set[str], plains: list[str]) -> set[str]:
    """The names ending in ``head`` capitalised ("Kestrel Vale District Council" for "the
    council") written in ``plains`` whose words include the description's other words."""
    title = head.capitalize()
    # "the Ras Al-Qamar Electricity and Water Authority": "and" between capitalised words
    pattern = _compile(rf"((?:[A-Z][\w'’\-]*[ \t]+(?:and[ \t]+(?=[A-Z]))?){{1,5}}){title}\b")
    found: set[str] = set()
    for plain in plains:
        if title not in plain:
            continue
        for match in pattern.finditer(plain):
            name_words = _title_and_name(match.group(0))[1]
            while name_words and name_words[0].lower() in _FUNCTION_WORDS:
                name_words = name_words[1:]  # "The Kestrel Vale District Council"
            name = " ".join(name_words)
            if len(name_words) >= 2 and words <= _lower_words(name) | {head}:
                found.add(name)
    return found


# A football or rugby club's name ends so ("Dunmore Rovers", "Castlemere Athletic"); "City",
# "Town" and "County" are left out, as places end so too.
_TEAM_NAME_RE = _compile(
    r"(?<![\w'’])(?:[A-Z][\w'’\-]*[ \t]+){1,3}(?:Rovers|United|Athletic|Wanderers|Albion"
    r"|Rangers|Celtic|Hotspur|Harriers|Thistle|FC|AFC|RFC)(?![ \t]+[A-Z])\b"
)


def _names_written(pattern: re.Pattern[str], plains: list[str]) -> list[str]:
    """The names of two words or more that ``pattern`` finds in ``plains``, without the article
    or a connective that opens them ("The Kestrel Wanderers" -> "Kestrel Wanderers")."""
    names: list[str] = []
    for plain in plains:
        for match in pattern.finditer(plain):
            words = match.group().split()
            while words and words[0].lower() in _FUNCTION_WORDS:
                words = words[1:]
            if len(words) >= 2:
                names.append(" ".join(words))
    return names


def _teams_written(plains: list[str]) -> set[str]:
    """The club names in ``plains``."""
    return set(_names_written(_TEAM_NAME_RE, plains))


_CAPITALISED_RUN_RE = _compile(r"(?<![\w'’])(?:[A-Z][\w&\-]*[ \t]+){1,3}[A-Z][\w&\-]*")


def _businesses_written(plains: list[str]) -> set[str]:
    """The names in ``plains`` that look like a business's ("Vaalkop Electricity"), not a
    ministry's, a court's or a union's."""
    return {
        name
        for name in _names_written(_CAPITALISED_RUN_RE, plains)
        if _looks_like_org(name) and not _GOVERNMENT_RE.search(name)
    }


_PORTFOLIO_BEFORE_RE = _compile(r"\bfor[ \t]+[A-Z]\w+[ \t]+$")


def _family_name_first(family: str, plains: list[str]) -> set[str]:
    """Names written family name first after a title ("District Judge Kow Mei Ling") that
    begin with ``family``."""
    pattern = _compile(
        rf"(\S+)[ \t]+({re.escape(family)}(?:[ \t]+[A-Z][a-z][\w'’\-]*){{1,2}})\b(?![ \t]+[A-Z])"
    )
    found: set[str] = set()
    for plain in plains:
        if family not in plain:
            continue
        for match in pattern.finditer(plain):
            titled = _is_title_word(match.group(1).rstrip(".")) or _PORTFOLIO_BEFORE_RE.search(
                plain, max(0, match.start() - 12), match.start(2)
            )  # "District Judge Kow Mei Ling", "Minister of State for Transport Tan Wei Ling"
            if titled and not _looks_like_org(match.group(2)):
                found.add(match.group(2))
    return found


def _fuller_orgs(first: str, plains: list[str]) -> set[str]:
    """The organisations written in ``plains`` whose name starts with the word ``first``
    ("Brevik Mining" for "Brevik"), a possessive "'s" left out."""
    pattern = _compile(rf"\b{re.escape(first)}((?:[ \t]+[A-Z][\w&\-]*){{1,3}})")
    found: set[str] = set()
    for plain in plains:
        if first not in plain:
            continue
        for match in pattern.finditer(plain):
            words = [first]
            for word in match.group(1).split():
                words.append(word)
                if _looks_like_org(" ".join(words)):
                    found.add(" ".join(words))
                    break
    return found


def _fuller_names(surname: str, plains: list[str]) -> frozenset[str]:
    """The fuller forms of ``surname`` written in ``plains`` ("Suzanne Whitlock" for
    "Whitlock"), titles and words such as "Then" or "I'm" in front left out."""
    # Not a name that goes on after the word ("Transport Tan Wei Ling" has no "Tan" surname).
    pattern = _compile(
        rf"((?:[A-Z][\w'’\-]*\.?[ \t]+){{1,3}}){re.escape(surname)}\b"
        r"(?:[ \t]+(?:Jr|Sr)\.|[ \t]+I[IV]I?\b)?(?![ \t]+[A-Z][a-z])"
    )
    found: set[str] = set()
    for plain in plains:
        if surname not in plain:
            continue
        for match in pattern.finditer(plain):
            words = _title_and_name(match.group(0))[1]
            while words and _APOSTROPHE_RE.split(words[0].lower().rstrip("."))[0] in (
                _FUNCTION_WORDS
            ):
                words = words[1:]  # "I'm Elaine Quijano", "Then Jan Holt"
            if len(words) >= 2 and not _looks_like_org(" ".join(words)):
                found.add(_name_without_stop(" ".join(words)))
    return frozenset(found)


def attribute_quotes(text: str) -> list[AttributedQuote]:
    """Every quotation in ``text`` with its speaker; offsets index ``text``."""
    tracker = SpeakerTracker()
    found: list[AttributedQuote] = []
    before = 0  # where the previous sentence's quotations start in ``found``
    for index, (start, end) in enumerate(sentence_spans(text)):
        speech = tracker.read(text[start:end], index)
        if speech.earlier_speaker is not None:
            found[before:] = [
                dataclasses.replace(quote, speaker=speech.earlier_speaker)
                for quote in found[before:]
            ]
        before = len(found)
        for quote in speech.quotes:
            found.append(
                AttributedQuote(quote.words, quote.start + start, quote.end + start, quote.speaker)
            )
    return found


def find_quotes(sentence: str) -> list[QuoteSpan]:
    """Quotations of three words or more, in order, the last one possibly left open."""
    return _scan_quotes(sentence)[0]


def _scan_quotes(sentence: str) -> tuple[list[QuoteSpan], str]:
    """``find_quotes`` and the sentence with every quoted span blanked (same length), short
    ones included, so that names inside quotes are not read as speakers."""
    if "“" not in sentence and '"' not in sentence and "”" not in sentence:
        if "‘" in sentence or " '" in sentence or sentence.startswith("'"):
            return _scan_single_quotes(sentence)
        return [], sentence
    quotes: list[QuoteSpan] = []
    pieces: list[str] = []
    last_end = 0
    for match in _QUOTE_RE.finditer(sentence):
        pieces.extend((sentence[last_end : match.start()], " " * (match.end() - match.start())))
        last_end = match.end()
        # The comma before "he said" belongs to the sentence, not to the speaker's words.
        inside = (match.group(1) or match.group(2) or "").strip()
        words = inside.rstrip(",").rstrip()
        count = len(words.split())
        # A short first part of a split quote (“The problem,” said Dr Asante, “is ...”), or
        # two words after a verb of speech ("said the strike was “deeply regrettable”").
        split_start = bool(words) and inside.endswith(",")
        split_start = split_start and bool(_SPLIT_QUOTE_GOES_ON_RE.match(sentence, match.end()))
        framed_pair = count == _MIN_QUOTE_WORDS - 1 and bool(
            _FRAMED_BEFORE_RE.search(sentence, max(0, match.start() - 60), match.start())
        )
        if count >= _MIN_QUOTE_WORDS or split_start or framed_pair:
            quotes.append(QuoteSpan(words=words, start=match.start(), end=match.end()))
    opening = min(
        (at for at in (sentence.find("“", last_end), sentence.find('"', last_end)) if at >= 0),
        default=-1,
    )
    if opening >= 0 and not _ANY_MARK_RE.search(sentence, opening + 1):
        words = sentence[opening + 1 :].strip()
        if len(words.split()) >= _MIN_QUOTE_WORDS:
            quotes.append(QuoteSpan(words, opening, len(sentence), closed=False))
            pieces.extend((sentence[last_end:opening], " " * (len(sentence) - opening)))
            last_end = len(sentence)
    pieces.append(sentence[last_end:])
    return quotes, "".join(pieces)


# British style quotes speech in single marks (‘…’ or '…'). Read only in a sentence with no
# double marks (there they quote inside a quote). The closing mark is one no letter follows, so
# "don’t" and "it's" do not close it; a straight opening mark must open a word.
_APOSTROPHE_RE = _compile("['’]")
_FRAMED_BEFORE_RE = _LazyPattern(rf"\b(?:{_VERB}|{_FRAMING})\b[^'‘’\"“”]{{0,40}}$")
_SPLIT_QUOTE_GOES_ON_RE = _compile(r"[^“”\"\n]{1,80}?,[ \t]*[“\"]")
_SINGLE_QUOTE_RE = _compile(
    r"‘((?:[^‘’\n]|’(?=[^\W\d_])){1,600}?)’(?![^\W\d_])"
    r"|(?:^|(?<=[\s(—–]))'(?=\w)([^\n]{1,600}?)'(?![^\W\d_])"
)


def _scan_single_quotes(sentence: str) -> tuple[list[QuoteSpan], str]:
    quotes: list[QuoteSpan] = []
    pieces: list[str] = []
    last_end = 0
    for match in _SINGLE_QUOTE_RE.finditer(sentence):
        inside = (match.group(1) or match.group(2) or "").strip()
        words = inside.rstrip(",").rstrip()
        if len(words.split()) < _MIN_QUOTE_WORDS:
            continue  # ‘woke’, 'fair play': a word or two in marks
        opens = not sentence[: match.start()].strip() and sentence[match.end() :].lstrip()[:1] in {
            ":",
            ",",
        }
        if inside[-1] not in ",.!?…" and not opens:
            framed = _FRAMED_BEFORE_RE.search(sentence, max(0, match.start() - 60), match.start())
            if not sentence[: match.start()].rstrip().endswith(":") and framed is None:
                continue  # a title or scare quotes (‘Mini Ice Age’), not speech: speech in
                # single marks ends with its own comma or full stop, follows a colon or a
                # verb of speech ("called the plan 'a betrayal of ...'"), or opens a headline
                # before a colon (‘We were left to drown’: villagers ...)
        pieces.extend((sentence[last_end : match.start()], " " * (match.end() - match.start())))
        last_end = match.end()
        quotes.append(QuoteSpan(words=words, start=match.start(), end=match.end()))
    if not quotes:
        # 'We are keen to speak to anyone ... midnight. (the quote goes on in the next
        # paragraph): a mark opening the sentence, or after a colon, and never closed.
        opened = _OPEN_SINGLE_RE.match(sentence) or _OPEN_SINGLE_AFTER_COLON_RE.search(sentence)
        if opened is not None:
            words = sentence[opened.end() :].strip()
            if len(words.split()) >= _MIN_QUOTE_WORDS and not _CLOSING_SINGLE_RE.search(words):
                start = opened.end() - 1
                quotes.append(QuoteSpan(words, start, len(sentence), closed=False))
                pieces.append(sentence[last_end:start] + " " * (len(sentence) - start))
                last_end = len(sentence)
    pieces.append(sentence[last_end:])
    return quotes, "".join(pieces)


_OPEN_SINGLE_RE = _compile(r"[ \t]*[‘'](?=[A-Z])")
_OPEN_SINGLE_AFTER_COLON_RE = _compile(r":[ \t]+[‘'](?=[A-Z])")
_CLOSING_SINGLE_RE = _compile(r"[^\W\d_][.,!?…]?[’'](?![^\W\d_])|[.,!?…][’']")


def clean_name(written: str) -> str | None:
    """Drop a leading title and trailing punctuation; None when what is left is not a name."""
    words = _title_and_name(written)[1]
    while len(words) > 2 and words[-1].rstrip(".,") in _POST_NOMINALS:
        words = words[:-1]  # "Colm O'Rourke KC"
    if "of" in words[2:]:
        at = words.index("of", 2)
        if _looks_like_org(" ".join(words[at + 1 :])):
            words = words[:at]  # "Yvonne Ashdown of Westmoor Constabulary"
    if any(word.endswith("-based") for word in words):
        return None  # "one Chicago-based trader" describes someone unnamed
    if not words or words[0].lower() in _NOT_NAMES:
        return None
    return _name_without_stop(" ".join(words)) or None


# Particles written in lower case inside a name and capitalised when it opens a sentence.
_CAPITALISED_PARTICLES = frozenset("De Da Di Del Della Dos Das Du Le La Van Von Ter Ten".split())
# Written after a surname, not one ("Harold T. Brackenridge Jr.").
NAME_SUFFIXES = frozenset("Jr Jr. Sr Sr. II III IV".split())
# A word whose final period belongs to it: a suffix, initials ("K.V."), "Ma." (Maria).
_OWN_PERIOD_RE = _compile(r"(?:Jr|Sr|Ma|(?:[A-Z]\.)+[A-Z])\.")


def _name_without_stop(name: str) -> str:
    """``name`` without a trailing comma or full stop, unless the stop is its last word's."""
    name = name.rstrip(",")
    if name.endswith(".") and _OWN_PERIOD_RE.fullmatch(name.rsplit(None, 1)[-1]):
        return name
    return name.rstrip(".,")


def _surname(name: str) -> str:
    """The last word of ``name`` that is not a suffix: "Brackenridge" in "... Brackenridge Jr."."""
    words = name.split()
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return words[-1]


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
    "strategist lawmaker legislator candidate nominee negotiator envoy master inspector "
    "superintendent detective constable dean rector bishop archbishop rabbi imam councillor "
    "councilor alderman sheriff marshal surgeon nurse doctor chef architect witness prosecutor "
    "farmer fisherman forester hydrologist geologist biologist auditor teacher headteacher "
    "pilot engineer author writer novelist artist actor singer player owner student victim "
    "survivor driver worker paramedic firefighter midwife pharmacist designer planner priest "
    "pastor vicar referee skipper mother father resident det det. insp insp. supt supt. cllr "
    "cllr. fr fr. rev rev. revd dci const const. pc cpl cpl. pte pte. tánaiste taoiseach "
    "campaigner striker midfielder defender goalkeeper winger forward batsman bowler opener "
    "councilwoman councilman alderwoman dame sir baroness quarterback linebacker pitcher "
    "catcher shortstop wicketkeeper jockey trainer boxer swimmer cyclist sprinter golfer mp mep "
    "principal treasurer neighbour neighbor pacer spinner seamer batter headmaster headmistress "
    "librarian caretaker registrar magistrate organiser organizer contributor alhaji advocate "
    "fullback halfback flanker full-back fly-half scrum-half agent "
    "undersecretary ssp asp dsp igp recorder sgt adv adv. madam datuk dato datin tun puan "
    "hon hon. engr engr. "
    # people named by what they are in a local or human-interest story ("Pensioner Albert ...")
    "pensioner retiree grandmother grandfather gran grandad mum dad widow widower shopkeeper "
    "trader vendor commuter passenger motorist tenant landlord landlady homeowner parent "
    "volunteer supporter businessman businesswoman entrepreneur hairdresser plumber "
    "electrician builder cleaner waiter waitress publican "
    "msp mla".split()
)
_TITLE_MODIFIERS = frozenset(
    "of state defense defence foreign interior home finance treasury health justice "
    "security national general the us u.s. uk u.k. eu un former acting deputy vice prime "
    "press white house for police seri sri".split()  # "Datuk Seri Azman"
)
_NOT_NAMES = frozenset(
    "the a an it this that these those there he she they we i you his her their its our "
    "my your but and or so yet if when while as officials police authorities experts "
    "critics analysts witnesses residents sources another others one some many several both "
    "each most few none everyone someone nobody".split()
)
_ACRONYM_RE = _compile(
    r"((?:[A-Z][\w'’\-]*[ \t]+(?:(?:of|for|and|on)[ \t]+)?){2,8})\(([A-Z]{2,6})\)"
)
_GENDERED_TITLES = {
    "mr": "he", "sir": "he", "lord": "he", "mrs": "she", "ms": "she", "miss": "she",
    "dame": "she", "lady": "she",
}  # fmt: skip
# Opens with a character class so that re skips to the capitals worth trying; the title is
# then checked against _GENDERED_TITLES ("Mir" is none).
_GENDERED_TITLE_RE = _compile(
    r"([MSDL](?:rs?|s|iss|ir|ame|ord|ady))\.?[ \t]+(?:[A-Z][\w'’\-]*[ \t]+)?([A-Z][\w'’\-]+)"
)
# "his", "him", "her", "hers", "he", "she" in either case, led by a character class so that re
# skips to the letters worth trying (a letter before the match is checked by the caller).
_GENDER_WORD_RE = _compile(r"(?:[Hh](?:is|im|ers?|e)|[Ss]he)\b")
_GENDER_REACH = 120
_CAPITALISED_PAIR_RE = _compile(r"\b[A-Z][\w'’\-]+[ \t]+[A-Z][\w'’\-]+")
_AND_HIS_HER_RE = _compile(
    r"((?:[A-Z][\w'’\-]*\.?[ \t]+){1,3}[A-Z][\w'’\-]+),?[ \t]+and[ \t]+(his|her)[ \t]+[a-z]"
)
_PRONOUN_OPENING_RE = _compile(
    r"(?:(?:But|And|Then|Later)[ \t]+)?(He|She|His|Her)[ \t]+[a-z]"  # "His opponent, ..."
)
_POST_NOMINALS = frozenset("KC QC MP MEP MSP MLA TD OBE CBE MBE PhD".split())
_COORDINATORS = frozenset("and or nor & as well".split())
_CONNECTIVES = frozenset("but and meanwhile however still yet so then later now also".split())
_ROLE_ENDINGS = (
    "ologist", "ographer", "ician", "ist", "eer", "keeper", "maker", "worker", "grower",
    "farmer", "fighter",
)  # fmt: skip
_HONORIFICS = frozenset("dr dr. mr mr. mrs mrs. ms ms. prof prof. sir dame".split())


def _is_title_word(word: str) -> bool:
    """A role word, a word with an occupation's ending ("Meteorologist", "Physician"), or a
    parliamentary title before a name ("MP Helen Crossley", "Independent TD ...")."""
    lowered = word.lower()
    return (
        lowered in _ROLE_WORDS
        or (len(lowered) > 5 and lowered.endswith(_ROLE_ENDINGS))
        or word in _POST_NOMINALS
    )


@functools.lru_cache(maxsize=4096)
def _title_and_name(written: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """("Finance Minister Paolo Greco") -> (["Finance", "Minister"], ["Paolo", "Greco"])."""
    words = written.split()
    if "'s" in written or "’s" in written:
        # "Labour's Grace Okonjo": the possessor is not part of the name.
        owned = [
            index
            for index, word in enumerate(words[:-2])
            if word.endswith(("'s", "’s"))
            and words[index + 1][:1].isupper()
            and words[index + 1].lower() not in _ORG_NAME_WORDS
        ]
        if owned:
            words = words[owned[-1] + 1 :]
        # "the agency's director Yuki Sato" -> the agency, but "St Brendan's Hospital" is a name.
        words = [
            word
            if index + 1 < len(words) and words[index + 1].lower() in _ORG_NAME_WORDS
            else word.replace("’s", "").replace("'s", "")
            for index, word in enumerate(words)
        ]
    while len(words) > 1 and words[0].lower().endswith(("-year-old", "-month-old")):
        words = words[1:]  # "Sixteen-year-old Josh": the age is capitalised, not a name
    title: list[str] = []
    # Everything up to the last role word is the title ("Finance Minister Paolo Greco"); the
    # last word is a name whatever its ending ("Hanne Lindqvist" is not a role in "-ist").
    roles = [index for index, word in enumerate(words[:-1]) if _is_title_word(word)]
    if roles and roles[-1] < len(words) - 1:
        title, rest = words[: roles[-1] + 1], words[roles[-1] + 1 :]
        while len(rest) > 1 and rest[0].lower() in _TITLE_MODIFIERS:
            title, rest = [*title, rest[0]], rest[1:]
        words = rest
    while words and words[-1].lower() in _JOINERS:
        words = words[:-1]
    return tuple(title), tuple(words)


_EPITHET_RE = _compile(
    r"\w+-year-old|(?:Dutch|French|English|Irish|Welsh|Scots|Cornish|Manx)(?:wo)?man"
    r"|(?!Guardian)[A-Z][a-z]+(?:ian|ese)|Spaniard|Dane|Swede|Finn|Pole|Swiss|Kiwi|Aussie|Scot"
    r"|veteran|youngster|teenager|pensioner|grandmother|grandfather|(?:mother|father)-of-\w+"
)


def _is_epithet(word: str) -> bool:
    """ "34-year-old", "Dutchman", "Brazilian", "veteran": a word a report uses for a person
    it has just named, instead of the name."""
    return _EPITHET_RE.fullmatch(word.rstrip(".,;:!?")) is not None


_OBJECT_PRONOUNS = {"him": "he", "her": "she"}
_EPITHET_FOLLOWERS = frozenset("who as after before when while at in on to and but".split())


def _epithet(word: str) -> _Subject:
    return _Subject("description", word.rstrip(".,;:!?"), determiner="the")


# --- subjects -----------------------------------------------------------------------------------


_POSSESSIVE_ROLE_RE = _compile(r"[A-Z][\w\-]*['’]s[ \t]+[a-z]")


def _attribution_after(frame: str) -> tuple[bool, _Subject | None]:
    """Whether an attribution follows a quote ("…,” she said), and its subject."""
    if not frame or not frame.strip(" \t,.!?…—–-"):
        return False, None
    match = _AFTER_SUBJECT_RE.match(frame)
    if match is not None and match.group("subj").lower() in {"and", "but", "or"}:
        # X called it “…” and said ...: the subject before the quote goes on speaking.
        return False, None
    if match is not None and match.group("subj").split(None, 1)[0].lower() in _NEW_CLAUSE:
        # “…”, though the Treasury insists ...; X said “…”, but Y said “…”: a new clause with
        # its own subject.
        return False, None
    if match is not None:
        subject = _subject_of(match)
        if subject is not None:
            return True, subject
    dash = _AFTER_DASH_RE.match(frame)
    if dash is not None:
        # A pull quote signed with a dash: "“…” — Dr. Anjali Rao, Professor of Dermatology"
        subject = _parse_head(_words(dash.group("rest")))
        if subject is not None and subject.kind in {"person", "org"}:
            return True, subject
    for pattern in (_AFTER_INVERTED_RE, _AFTER_ACCORDING_RE):
        match = pattern.match(frame)
        if match is not None:
            subject = _parse_head(_words(match.group("rest")))
            owned = _POSSESSIVE_ROLE_RE.search(match.group("rest"))
            if subject is not None and owned is not None:
                # "added Dr Varga's deputy, Miriam Achterberg": the deputy spoke, not Varga
                # (and no one the article names when no name follows: hence "a").
                role = match.group("rest")[owned.end() - 1 :].strip().rstrip(".").lower()
                subject = _Subject("description", role, determiner="a")
            if subject is not None and subject.kind == "description":
                # "said the company's chief financial officer, Ravi Menon": the name follows.
                named = _NAME_AFTER_ROLE_RE.match(frame, match.end("rest"))
                if named is not None:
                    person = _parse_head(_words(named.group("name")))
                    if person is not None and person.kind in {"person", "org"}:
                        return True, _with_role(person, subject.text)
            return True, subject
    return False, None


# "X was quoted by Reuters as saying “…”" is what X said: read as "X said" (same length, so
# offsets into the sentence hold), not as Reuters speaking.
_QUOTED_AS_SAYING_RE = _compile(
    r"\b(?:was|were|is|are|has[ \t]+been|had[ \t]+been)[ \t]+(?:widely[ \t]+|later[ \t]+)?"
    r"quoted[ \t]+(?:by[ \t]+[^,;:“”\"]{1,60}?[ \t]+)?as[ \t]+(?:saying|telling[ \t]+\w+)\b"
)


# A quotation framed as a name given, with the one who gave it after "by".
_PASSIVE_FRAMING_RE = _compile(
    r"\b(?:been|was|were|is|are|be|being)[ \t]+(?:\w+ly[ \t]+)?(?:called|described[ \t]+as"
    r"|dubbed|branded|labell?ed|termed|hailed[ \t]+as|denounced[ \t]+as)\b[^“”\"]{0,30}$"
)
_BY_NAME_RE = _compile(r"[ \t]*by[ \t]+(?P<rest>[^,;:!?“”\"(]{1,80})")


def _said_in_place(match: re.Match[str]) -> str:
    return "said".ljust(len(match.group()))


def _opens_clause(plain: str, at: int) -> bool:
    """Whether ``at`` starts the sentence or follows a comma or dash."""
    return not plain[:at].strip() or plain[:at].rstrip().endswith((",", "—", "–"))


def _with_role(subject: _Subject, role: str) -> _Subject:
    return _Subject(subject.kind, subject.text, role=role, determiner=subject.determiner)


# "the governor" after "Gov. Elaine Rutherford".
_TITLE_SHORT = {
    "governor": "Gov", "senator": "Sen", "representative": "Rep", "congressman": "Rep",
    "congresswoman": "Rep", "general": "Gen", "inspector": "Insp", "detective": "Det",
    "professor": "Prof", "superintendent": "Supt", "councillor": "Cllr", "father": "Fr",
    "judge": "Justice",  # "Mr Justice Edmund Hollis ... said the judge"
}  # fmt: skip
_PARTY_STATE_RE = _compile(r",[ \t]+[RDI]-[A-Z][A-Za-z.]{1,6},")
_DESCRIPTION_OPENERS = frozenset("His Her Their Its The A An".split())
_DESCRIBED_NAME_RE = _compile(
    r"(?:His|Her|Their|Its|The|A|An)[ \t]+[\w'’\-][\w'’\- \t]{0,60}?,[ \t]+"
    r"((?:[A-Z][\w'’\-]*\.?[ \t]+){1,3}[A-Z][\w'’\-]+),[ \t]"
)
_GERUND_FRAMING_RE = _compile(
    r"\b(?:by|after|while|before)[ \t]+(?:calling|describing|branding|labelling|labeling"
    r"|dubbing|saying|telling|warning|insisting|arguing)\b[^“”\"]{0,60}$"
)
_AND_SAID_RE = _LazyPattern(
    rf"\b(?:and|but)[ \t]+(?:{_ADVERB}[ \t]+)?(?:{_VERB})[ \t]+(?:that[ \t]+)?[a-z]"
)
# ", saying (that) the ...", ", adding that ...": what the sentence's subject said, whatever
# its main verb (as the labels read it).
_SAYING_RE = _compile(r",[ \t]+(?:saying|adding)[ \t]+(?:that[ \t]+)?[a-z\d]")
# (words that must be in the sentence, the verb of speech that goes on from its subject)
_SUBJECT_GOES_ON = (((" and ", " but "), _AND_SAID_RE), ((", saying", ", adding"), _SAYING_RE))
_AND_SAID_BEFORE_RE = _LazyPattern(
    rf"\b(?:and|but)[ \t]+(?:{_ADVERB}[ \t]+)?(?:{_VERB})\b[^“”\"]{{0,60}}$"
)


def _names_another(frame: str, person: str) -> bool:
    """Whether ``frame`` names someone besides ``person`` after the first lower-case word that
    is not a function word, the end of the subject ("The court heard that Gary Hollis ...
    read:" names Gary Hollis, so the court did not say it; "The Intergovernmental Panel on
    Climate Change report defines it as:" names no one else)."""
    content = _LOWER_CONTENT_WORD_RE.search(frame)
    while content is not None and content.group(1) in _FUNCTION_WORDS:
        content = _LOWER_CONTENT_WORD_RE.search(frame, content.end())
    if content is None:
        return False
    words = set(person.split())
    return any(
        not words.intersection(pair.group().split())
        for pair in _CAPITALISED_PAIR_RE.finditer(frame, content.end())
    )


_LOWER_CONTENT_WORD_RE = _compile(r"(?<![\w'’\-])([a-z][\w'’\-]*)")


_SUBORDINATORS = frozenset("though although while whereas because since as if unless".split())
_NEW_CLAUSE = _SUBORDINATORS | {"but", "and", "or", "yet"}
_RELATIVE_CLAUSE_RE = _compile(r",[ \t]+(?:who|which|whose)\b")
_OPENING_CLAUSE_RE = _compile(
    r"[ \t]*(?:When|Asked|If|After|Before|While|Pressed|Questioned|Challenged|Under|During"
    r"|Despite|Following|[A-Z][a-z]{2,}ing)\b"
    r"[^,“”\"]{0,120},[ \t]+"
)


_AS_X_PUT_IT_RE = _compile(
    r"\bAs[ \t]+(?P<rest>[^,;:“”\"]{1,80}?)[ \t]+(?:once[ \t]+|famously[ \t]+|memorably[ \t]+"
    r"|later[ \t]+|recently[ \t]+)?put[ \t]+it[ \t]*[,:]?[ \t]*$"
)


def _attribution_before(frame: str) -> tuple[bool, _Subject | None]:
    """Whether an attribution comes before a quote (Reeve said: “…”), and its subject."""
    if not frame.strip():
        return False, None
    match = _BEFORE_ACCORDING_RE.search(frame)
    if match is not None:
        subject = _parse_head(_words(match.group("rest")))
        apposed = _NAME_AFTER_ROLE_RE.match(frame, match.end("rest"))
        if apposed is not None and (subject is None or subject.kind != "person"):
            # "According to the command's spokesperson, SP Adewale Okonkwo-Bello, “…”"
            words = _words(apposed.group("name"))
            if len(words) >= 3 and words[0].isupper() and len(words[0]) <= 4:
                words = words[1:]  # a rank in capitals: "SP", "ASP", "DCI"
            named = _parse_head(words)
            if named is not None and named.kind == "person" and " " in named.text:
                return True, named
        return True, subject
    if "put it" in frame:
        put = _AS_X_PUT_IT_RE.search(frame)
        if put is not None:
            return True, _parse_tail(_words(put.group("rest")))  # "As X once put it, “…”"
    opening = _OPENING_CLAUSE_RE.match(frame)
    if opening is not None:
        frame = frame[opening.end() :]  # "When asked if she would race again, she replied:"
    match = _BEFORE_SUBJECT_RE.search(frame)
    if match is not None:
        if match.group("subj").rsplit(None, 1)[-1] in {"and", "but"}:
            return False, None  # "X declined to comment but said ...": X, the sentence's subject
        return True, _subject_of(match)
    match = _BEFORE_INVERTED_RE.match(frame)
    if match is not None and match.group("verb").lower() in _INVERTING_VERBS:
        return True, _parse_head(_words(match.group("rest")))
    if len(frame) > 60:
        match = _BEFORE_SUBJECT_FAR_RE.search(frame)
        if match is not None and not _FRAMING_WORD_RE.search(frame, match.end("subj")):
            return True, _subject_of(match)
    return False, None


def _subject_of(match: re.Match[str]) -> _Subject | None:
    """The subject of "X said", or of "the spokesperson, Ali Demir, said": the name."""
    if match.group("acronym") is not None:
        # "the Intergovernmental Panel on Climate Change (IPCC) estimated": the organisation
        # the acronym stands for (the tracker learnt it), not the capitalised words before.
        return _Subject("org", match.group("acronym"))
    words = _words(match.group("subj"))
    subject = _parse_tail(words)
    if match.group("named") is None:
        if (
            subject is not None
            and subject.kind in {"org", "person"}
            and match.group("appos")
            and len(words) > len(subject.text.split())
            and words[-len(subject.text.split()) - 1].lower() in _INTRODUCING_PREPOSITIONS
        ):
            # "In a statement released through Westshire Police, his mother, Donna Threlfall,
            # said": the police are where the words came through; the name after is who spoke.
            last = match.group("appos").strip(" \t,").rsplit(",", 1)[-1]
            person = _parse_tail(_words(last))
            if person is not None and person.kind == "person" and " " in person.text:
                return person
        if subject is not None and subject.kind == "description" and match.group("appos"):
            # "its architect, former housing adviser Celeste Morrow, has defended it as"
            described = _described_name(match.group("appos"))
            if described is not None:
                return _with_role(described, subject.text)
        return subject
    named = _parse_tail(_words(match.group("aname")))
    if named is None or named.kind not in {"person", "org"}:
        return subject
    voice = match.group("subj").rsplit(None, 1)[-1].lower() in _VOICE_HEADS
    titled = subject is not None and all(
        _is_title_word(word) or word.lower() in _TITLE_MODIFIERS for word in subject.text.split()
    )  # "The Prime Minister, Edwina Carrow, replied"
    office = _OFFICE_OF_RE.search(match.group("subj"))
    if (
        office is not None
        and (_is_title_word(office.group(1)) or office.group(1).lower() in _VOICE_HEADS)
        and named.kind == "person"
    ):
        # "the Chairman of the Traders Association, Alhaji Musa Dankabo, described", "a
        # spokesman for the Ministry of Health, Ali Khan, said": the person, not the body.
        return _with_role(named, "")
    if subject is None or subject.kind in {"description", "unnamed"} or voice or titled:
        # "Dermot Vance's spokesman, Kieran Toal, said": the spokesman, not Vance.
        return _with_role(named, subject.text if subject and subject.kind == "description" else "")
    return subject


_INTRODUCING_PREPOSITIONS = frozenset("through via by from with to".split())
_OFFICE_OF_RE = _compile(r"\b([A-Za-z]+)[ \t]+(?:of|for)[ \t]")


def _described_name(appositive: str) -> _Subject | None:
    """The person an appositive names after lower-case role words only ("former housing
    adviser Celeste Morrow"), not a place or employer after a preposition ("a teacher at Elm
    School")."""
    words = _words(appositive.strip(" \t,—–"))
    person = _parse_tail(words)
    if person is None or " " not in person.text:
        return None
    before = words[: len(words) - len(person.text.split())]
    if person.kind == "org":
        # "The county's elections watchdog, the Wendham Electoral Forum, said": the body named.
        return person if [word.lower() for word in before] == ["the"] else None
    if person.kind != "person":
        return None
    if any(not word.islower() or word in _FUNCTION_WORDS - _DETERMINERS for word in before):
        return None
    return person


def _subjects(plain: str) -> list[tuple[int, _Subject]]:
    """(offset, subject) of every "X said", "according to X" and ", said X" in order."""
    found: list[tuple[int, _Subject]] = []
    verbs = 0
    for verb in _VERB_WORD_RE.finditer(plain):
        verbs += 1
        if verbs > _MAX_VERBS:
            break  # a sentence with more reporting verbs than this is not prose
        match = _subject_before(plain, verb.start("verb"))
        if match is None:
            continue
        subject = _subject_of(match)
        if subject is not None and subject.kind == "person" and " " not in subject.text:
            before = plain[: match.start("subj")].split()
            if before and _counts_people(before[-1]):
                subject = _Subject("unnamed")  # "Some 40 Europeans said": people counted
        if subject is not None:
            found.append((_subject_offset(match), subject))
    if not verbs and "ccording" not in plain:
        return found  # no reporting verb, so no ", said X" either
    for pattern in (_ACCORDING_RE if "ccording" in plain else None, _INVERTED_RE):
        if pattern is None or (pattern is _INVERTED_RE and "," not in plain):
            continue
        for match in pattern.finditer(plain):
            if pattern is _INVERTED_RE and _REPORTED_CLAUSE_RE.match(match.group("rest")):
                continue  # "..., said Hartwick had been ...": what was said, not who said it
            subject = _parse_head(_words(match.group("rest")))
            if subject is not None:
                found.append((match.start(), subject))
    found.sort(key=lambda item: item[0])
    return found


def _subject_before(plain: str, verb_at: int) -> re.Match[str] | None:
    """The subject phrase that ends right before the verb at ``verb_at``."""
    near = max(0, verb_at - _SUBJECT_NEAR)
    match = _SUBJECT_BEFORE_VERB_RE.search(plain, near, verb_at)
    cut_short = (
        match is None
        or match.start() == near
        or match.group("appos", "named")
        != (
            None,
            None,
        )
    )
    if near > 0 and cut_short:
        match = _SUBJECT_BEFORE_VERB_RE.search(plain, max(0, verb_at - _SUBJECT_REACH), verb_at)
    return match


def _subject_offset(match: re.Match[str]) -> int:
    """Where the subject's last word starts when it is a pronoun (0: it opens the sentence)."""
    subject = match.group("subj")
    last = subject.split()[-1]
    if last.lower() in _PRONOUNS:
        return match.end("subj") - len(last)
    return match.start("subj")


def _words(phrase: str) -> list[str]:
    if "." not in phrase:
        return phrase.split()
    words = []
    for word in phrase.split():
        bare = word.rstrip(".")
        if (
            word.endswith(".")
            and bare.lower() not in _TITLE_ABBREVIATIONS
            and len(bare) > 1
            and not _OWN_PERIOD_RE.fullmatch(word)
        ):
            word = bare
        if word:
            words.append(word)
    return words


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _is_cap(word: str) -> bool:
    if not word[0].isupper():
        return False
    lowered = word.lower()
    if "'" in lowered or "’" in lowered:
        lowered = _CONTRACTION_RE.sub("", lowered)  # "I’ll", "We're": pronouns still
    return lowered not in _PRONOUNS


_CONTRACTION_RE = _compile(r"['’](?:ll|m|d|ve|re|s)$")


def _is_role_word(word: str) -> bool:
    lowered = word.lower()
    return (
        word[0].islower()
        and lowered not in _FUNCTION_WORDS
        and lowered not in _REPORTING_VERBS
        and not lowered.endswith("ly")
        and all(char.isalpha() or char in "'’-" for char in word)
    )


def _parse_tail(words: list[str]) -> _Subject | None:
    """The subject that ends with the last of ``words``, the words right before its verb."""
    if not words:
        return None
    if words[-1].lower() in _PRONOUNS:
        return _Subject("pronoun", words[-1].lower())
    if len(words) >= 2 and words[-2].lower() == "the" and _is_epithet(words[-1]):
        return _epithet(words[-1])  # "the Dutchman said"
    start = len(words)
    while start > 0:
        if _is_cap(words[start - 1]):
            start -= 1
            continue
        if (
            words[start - 1] in {"and", "&"}
            and start >= 2
            and start < len(words)
            and _is_cap(words[start - 2])
            and (words[-1].lower() in _ORG_NAME_WORDS or words[start - 1] == "&")
        ):
            start -= 1  # "Greywater Fire and Rescue Service", "Harlow & Finch": one organisation
            continue
        if (
            words[start - 1] == "and"
            and start >= 4
            and start < len(words)
            and _is_cap(words[start - 2])
            and words[start - 3] == "of"
            and words[start - 4].lower() in _ORG_NAME_WORDS
        ):
            start -= 1  # "the Ministry of Roads and Highways": one ministry
            continue
        if (
            words[start - 1] in {"for", "on"}
            and start >= 2
            and start < len(words)
            and words[start - 2].lower() in _ORG_NAME_WORDS
            and _is_cap(words[start - 2])
        ):
            # "the Institute for Fiscal Studies", "the Advisory Council on Global Change"
            start -= 1
            continue
        # Joiners inside a name ("Jan van der Berg"): at most two, between capitalised words.
        joined = start
        while joined > 0 and words[joined - 1] in _JOINERS and start - joined < 2:
            joined -= 1
        if joined < start < len(words) and joined >= 1 and _is_cap(words[joined - 1]):
            start = joined
        else:
            break
    name = words[start:]
    before = words[:start]
    if "of" in name[2:-1]:
        # "Cristina Villanueva of Barangay Tres said": a person of a place or body, not one
        # name; but "the Bank of England", "Minister of State Jane Doe" are.
        owner = name[: name.index("of")]
        after = name[len(owner) + 1 :]
        titles = [_is_title_word(word) or word.lower() in _TITLE_MODIFIERS for word in owner]
        if (all(titles) or _is_title_word(owner[-1])) and len(after) >= 3:
            # "Prime Minister of Barbados Mia Mottley", "United States Secretary of Energy
            # Rick Perry": the country or portfolio, then the name
            words = 2 if after[1] in _PORTFOLIO_SECOND_WORDS and len(after) >= 4 else 1
            role = " ".join(word.lower() for word in [*owner, "of", *after[:words]])
            return _Subject("person", " ".join(after[words:]), role=role)
        if (
            not all(titles)
            and all(
                (_is_cap(word) or word in _JOINERS) and word.lower() not in _ORG_NAME_WORDS
                for word in owner
            )
            and not _looks_like_org(" ".join(owner))
        ):
            person = _parse_tail(words[: start + len(owner)])
            if person is not None and person.kind == "person" and " " in person.text:
                return person
    if len(name) == 1 and before and _counts_people(before[-1]):
        return _Subject("unnamed")  # "many Democrats say"
    determiner: str | None = None
    # Words capitalised because they open the sentence ("But", "The", "Meanwhile") end it there.
    if len(name) == 2 and name[0].lower() in _COUNTING_WORDS:
        return _Subject("unnamed")  # "Many Republicans say": people counted, not a name
    while name and name[0].lower() in _FUNCTION_WORDS and not _is_acronym(name[0]):
        determiner = name[0].lower() if name[0].lower() in _DETERMINERS else None
        name, before = name[1:], []
    role_start = len(before)
    while (
        role_start > 0
        and _is_role_word(before[role_start - 1])
        and len(before) - role_start < _MAX_ROLE_WORDS
    ):
        role_start -= 1
    roles = before[role_start:]
    if determiner is None and role_start > 0 and before[role_start - 1].lower() in _DETERMINERS:
        determiner = before[role_start - 1].lower()
        role_start -= 1
    governor = before[:role_start]
    while governor and governor[0].lower() in _CONNECTIVES and governor[0][0].isupper():
        governor = governor[1:]  # "But the union said", "And the ministry said": the opening
    if (
        governor
        and governor[-1].lower() in _COORDINATORS
        and (
            governor[-1].lower() in {"as", "well"}  # "as X said ...": an aside, not the claim
            or (len(governor) >= 2 and not governor[-2].endswith((",", ";")))
        )
    ):
        # "Kim Larsen and Jan Holt said": two people, not one; but "..., and the trust said"
        # joins two clauses.
        return _Subject("unnamed")
    if not name and roles and governor and _is_cap(governor[-1]):
        head = roles[-1].lower()
        if head in _VOICE_HEADS:
            # "Nordic Rail's spokesman" / "a Nordic Rail spokesman" speaks for Nordic Rail.
            owner_words = [*governor[:-1], governor[-1].removesuffix("’s").removesuffix("'s")]
            owner = _parse_tail(owner_words)
            return owner if owner is not None and owner.kind in {"org", "person"} else None
        if head in _ORG_HEADS:
            # "the French foreign ministry": capitalised words that describe an organisation.
            caps = len(governor)
            while caps > 0 and _is_cap(governor[caps - 1]) and len(governor) - caps < 3:
                caps -= 1
            while caps < len(governor) and governor[caps].lower() in _DETERMINERS:
                caps += 1  # "The Solvara club": the article is not part of the description
            if caps == 0 or governor[caps - 1].lower() in _DETERMINERS:
                written = " ".join([*governor[caps:], *(word.lower() for word in roles)])
                return _Subject("description", written, determiner="the")
    if (
        len(governor) >= 2
        and governor[-1] in {"for", "of"}
        and _is_title_word(governor[-2])
        and governor[-2][:1].isupper()
        and len(name) >= 3
        and all(_is_cap(word) for word in name)
    ):
        # "Minister for Housing Eoin Galvin": the portfolio, then the person's name;
        # "Minister of State for Transport Tan Wei Ling", "for Foreign Affairs Jane Doe".
        words = 2 if name[1] in _PORTFOLIO_SECOND_WORDS and len(name) >= 4 else 1
        portfolio = " ".join(word.lower() for word in [*governor[-2:], *name[:words]])
        return _Subject("person", " ".join(name[words:]), role=portfolio)
    subject = _subject_from(determiner, roles, name)
    if subject is None:
        return None
    if governor and governor[-1].lower() in _PLACE_PREPOSITIONS:
        return _Subject("unnamed")  # "a source close to the club", "people familiar with it"
    if (
        len(governor) >= 2
        and governor[-1] == "in"
        and not roles
        and subject.kind in {"person", "org"}
        and governor[-2].lower() not in _VOICE_HEADS
        and governor[-2].lower() not in _VOICES_IN
    ):
        # A place after "in": "Governor Rick Scott in Florida said" is Rick Scott; "a resident
        # at the centre in Sandoval said" is no one named; but "an editorial in Nature said"
        # is Nature's.
        person = _parse_tail(governor[:-1])
        if person is not None and person.kind == "person" and " " in person.text:
            return person
        return _Subject("unnamed")
    if len(governor) >= 3 and governor[-1].lower() in {"of", "at"} and _is_cap(governor[-2]):
        person = _parse_tail(governor[:-1])
        if person is not None and person.kind == "person" and " " in person.text:
            # "Const. Helene Ross of the Northshore Regional Police", "Analyst Mei Lin Okafor
            # at Barrow Securities"
            return person
    if len(governor) >= 2 and governor[-1].lower() in _VOICE_PREPOSITIONS:
        # "a spokesman for Nordic Rail" speaks for it; "the wife of Tomas Eriksen" does not.
        if governor[-2].lower() in _VOICE_HEADS:
            if subject.kind == "person" and len(subject.text.split()) > 1:
                return _Subject("org", subject.text)  # a spokesperson speaks for an organisation
            return subject if subject.kind in {"org", "description"} else None
        return _Subject("unnamed")
    return subject


# The second word of a two-word portfolio: "Foreign Affairs", "Social Protection".
_PORTFOLIO_SECOND_WORDS = frozenset(
    "Affairs Protection Security Development Services Relations Trade Industry Enterprise "
    "Employment Justice Care Government Communities Equality Resources Works".split()
)
_COUNTING_WORDS = frozenset(
    "some many several most few all both two three four five six seven eight nine ten dozens "
    "hundreds thousands millions".split()
)


def _counts_people(word: str) -> bool:
    """A number or a word that counts ("40", "many") right before a capitalised plural; not a
    year or a date that ends a phrase ("In March 2017, Pruitt said")."""
    if word.lower() in _COUNTING_WORDS:
        return True
    digits = word.replace(",", "")
    return digits.isdigit() and word[-1] != "," and not (len(word) == 4 and word[0] in "12")


def _name_end(words: list[str], index: int) -> int:
    """Where the name starting at ``words[index]`` ends: capitalised words, and at most two
    joiners between them ("Jan van der Berg", "Ali bin Hamad")."""
    start = index
    while index < len(words):
        if _is_cap(words[index]):
            index += 1
            continue
        joined = index
        while joined < len(words) and words[joined] in _JOINERS and joined - index < 2:
            joined += 1
        if (
            joined == index
            and words[index] == "for"
            and index > start
            and words[index - 1].lower() in _ORG_NAME_WORDS
        ):
            joined += 1  # "the Institute for Fiscal Studies", "the Department for Education"
        if index > start and joined > index and joined < len(words) and _is_cap(words[joined]):
            index = joined
        else:
            break
    return index


# Past tenses that end in neither -ed nor a role: "Lena Park met Omar Haddad" names two
# people, not Omar Haddad with the role "Lena Park met".
_IRREGULAR_PAST = frozenset(
    "met told took gave sent saw left won lost beat led made paid sold spoke found got kept "
    "held brought thought wrote ran set put became began came went knew chose drove flew "
    "fought caught taught meant felt sought struck hit rang sang swore".split()
)


def _is_past_verb(word: str) -> bool:
    return word in _IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed"))


def _parse_head(words: list[str]) -> _Subject | None:
    """The subject that starts with the first of ``words`` (after "said" or "according to")."""
    return _head(words)[0]


def _head(words: list[str]) -> tuple[_Subject | None, int]:
    """``_parse_head`` and how many of ``words`` the subject takes."""
    if not words:
        return None, 0
    if words[0].lower() in _PRONOUNS:
        return _Subject("pronoun", words[0].lower()), 1
    if len(words) == 1 and words[0].lower() in _OBJECT_PRONOUNS:
        return _Subject("pronoun", _OBJECT_PRONOUNS[words[0].lower()]), 1  # "according to him"
    if (
        len(words) >= 2
        and words[0].lower() == "the"
        and _is_epithet(words[1])
        and (len(words) == 2 or words[1][-1] in ".,;:!?" or words[2] in _EPITHET_FOLLOWERS)
    ):
        return _epithet(words[1]), 2  # "said the 34-year-old", not "the Vestrovian embassy"
    index = 0
    determiner: str | None = None
    if words[0].lower() in _DETERMINERS:
        determiner, index = words[0].lower(), 1
    role_start = index
    while index < len(words) and _is_role_word(words[index]) and index - role_start < 5:
        index += 1
    roles = words[role_start:index]
    name_start = index
    index = _name_end(words, index)
    name = words[name_start:index]
    if name and not roles:
        after = index
        while after < len(words) and _is_role_word(words[after]) and after - index < 4:
            after += 1
        following = [word.lower() for word in words[index:after]]
        if (
            following
            and after < len(words)
            and _is_cap(words[after])
            and not any(_is_past_verb(word) for word in following)
        ):
            # "Defence lawyer Martin Greer", "Nordic Rail spokesman Ivar Dahl": a role first.
            roles, name_start = words[name_start:after], after
            index = _name_end(words, after)
            name = words[name_start:index]
        elif following and following[-1] in _VOICE_HEADS:
            owner = _subject_from(None, [], name)  # "a Nordic Rail spokesman"
            return (owner if owner is None else _Subject("org", owner.text)), after
        elif following and following[-1] in _ORG_HEADS:
            written = " ".join([*name, *following])  # "the French foreign ministry"
            return _Subject("description", written, determiner=determiner), after
    if name and index + 1 < len(words) and words[index].lower() in _COORDINATORS:
        if _is_cap(words[index + 1]) or words[index + 1].lower() in _DETERMINERS:
            return _Subject("unnamed"), index  # "said Kim Larsen and Jan Holt"
    subject = _subject_from(determiner, roles, name)
    if (
        subject is not None
        and subject.kind in {"description", "unnamed"}
        and roles
        and roles[-1].lower() in _VOICE_HEADS
        and index < len(words)
        and words[index].lower() in _VOICE_PREPOSITIONS
    ):
        owner, taken = _head(words[index + 1 :])
        if owner is not None and owner.kind in {"org", "description"}:
            return owner, index + 1 + taken
    return subject, index


_CLAUSE_END_RE = _compile(r"[,;:()—–“”\"]")
# What a sentence that opens with a name or an organisation starts like: "The ...", an acronym,
# or a capitalised word with another within the next three ("Senator Amir", "Defence lawyer
# Martin"); "Turnout was high" and "Heavy rain fell" are not worth parsing.
_OPENER_HINT_RE = _LazyPattern(
    r"(?:(?:But|And|Meanwhile|However|Still|Yet|So|Then|Later|Now|Also)[ \t]+)?"
    r"(?:The[ \t]|[A-Z]{2}|[A-Z][\w'’.\-&]*[ \t]+(?:[a-z][\w'’\-]*[ \t]+){0,2}[A-Z])"
)


# A short phrase of when or where before a capitalised subject.
_SHORT_OPENING_RE = _compile(
    r"(?:(?:At|On|In)[ \t]+(?:the[ \t]+(?:age[ \t]+of[ \t]+)?)?(?:\d|[A-Z]|(?<=the )[a-z])"
    r"|(?:Last|This|Earlier|Later)[ \t]+"
    r"(?:week|month|year|summer|winter|spring|autumn|morning|evening))"
    r"[^,;:“”\"]{0,25},[ \t]+(?=[A-Z]|the[ \t])"
)


_DATELINE_RE = _compile(
    r"[A-Z][A-Z'’.\-]+(?:[ \t]+[A-Z][A-Z'’.\-]+){0,3}[ \t]*(?::|[ \t][—–])[ \t]+"
)


def _without_short_opening(plain: str) -> str:
    """``plain`` after a short phrase of when or where: "At 82, Winifred Asamoah swims ...",
    "On Monday, ...", "On the ferry, the skipper, Máirtín Ó Flaithearta, points ..."."""
    if plain[:1] not in "AOILT" or (opening := _SHORT_OPENING_RE.match(plain)) is None:
        return plain
    plain = plain[opening.end() :]
    return "T" + plain[1:] if plain.startswith("the ") else plain


def _sentence_subject(plain: str) -> _Subject | None:
    """The person or organisation a sentence opens with ("Senator Amir Haddad voted ...")."""
    if plain[:2].isupper() and (dateline := _DATELINE_RE.match(plain)):
        plain = plain[dateline.end() :]  # "ISLAMABAD: Senator Farzana Qureshi-Malik ..."
    if plain[:1].isdigit() and (stamp := _TIMESTAMP_RE.match(plain)):
        plain = plain[stamp.end() :]  # a live blog's entry: "14:05 Fire chief Aurelio Batista"
    plain = _without_short_opening(plain)
    if not plain or not plain[0].isalpha() or not _OPENER_HINT_RE.match(plain):
        return None
    clause = _CLAUSE_END_RE.split(plain[:120], maxsplit=1)
    words = _words(" ".join(clause[0].split(maxsplit=10)[:10]))
    while len(words) > 1 and words[0].lower() in _CONNECTIVES:
        words = words[1:]
    if _title_case(plain):
        return None  # "Weather Channel Co-Founder John Coleman Calls Global Warming a Hoax"
    if not words or (
        words[0].lower() in _FUNCTION_WORDS
        and words[0].lower() != "the"
        and not _is_acronym(words[0])
        and not (len(words) > 2 and words[0] in {"A", "An"} and words[1] in _VOICE_HEADS)
    ):
        return None  # but "A spokeswoman for Orrin Bank declined ..." speaks for the bank
    subject, taken = _head(words)
    if subject is None or subject.kind == "unnamed":
        return _organisation_opening(words)  # "The port disputes ...": "disputes" read as a role
    if subject.kind == "pronoun":
        return None
    if subject.kind == "description":
        # "The transport ministry defended ...": the description ends at its organisation noun.
        role_words = subject.text.split()
        heads = [i for i, word in enumerate(role_words) if word in _ORG_HEADS]
        if not heads:
            if (
                role_words[0] in _ROLE_WORDS
                and subject.determiner == "the"
                and (
                    (len(role_words) == 1 and taken < len(words) and words[taken][0].islower())
                    or (len(role_words) == 2 and _is_past_verb(role_words[1]))
                )
            ):
                return _Subject("role", role_words[0], determiner="the")  # "The judge rejected"
            return None
        return _Subject("description", " ".join(role_words[: heads[-1] + 1]), determiner="the")
    ends_clause = taken == len(words) and len(clause) > 1
    verb_follows = taken < len(words) and words[taken][0].islower()
    if not ends_clause and not verb_follows:
        return None  # a verb follows the name, or an appositive does
    if verb_follows and words[taken].lower() in _COORDINATORS:
        return None  # "Kim Larsen and Jan Holt said": two people, not one
    return subject


# A sentence that says whose the bare quotation just before it was: "So says X", "That plea
# came from X", "The words are those of X", "That was the message from X", "That is how X
# described ...".
_BACK_REFERENCE_RE = _compile(
    r"[ \t]*(?:So[ \t]+(?:says|said)[ \t]+|(?:That|This)[ \t]+(?:is|was)[ \t]+how[ \t]+"
    r"|(?:That|This|Those|These|The|Such)[ \t]+(?:[a-z]+[ \t]+){0,2}?"
    r"(?:came|comes|was|were|is|are)[ \t]+(?:the[ \t]+(?:[a-z]+[ \t]+){0,2}?)?"
    r"(?:from|of|by|those[ \t]+of)[ \t]+)"
    r"(?P<rest>[^,;:.!?“”\"]{1,80})"
)
_VOICE_BY_RE = _compile(
    r"(?:A|An|The)[ \t]+(?:new[ \t]+|recent[ \t]+|[a-z]+-page[ \t]+)?"
    r"(?:report|study|survey|analysis|review|paper|audit|inquiry)[ \t]+(?:by|from|for)[ \t]+"
    r"(?:the[ \t]+)?(?P<rest>[A-Z][^,;:.!?“”\"]{1,80})"
)
_PASSIVE_AGENT_RE = _compile(
    r"\b(?:[a-z]{2,}ed|run|led|held|kept|made|built|written|driven|owned|taken|given)[ \t]+by[ \t]+"
    r"((?:[A-Z][\w'’\-]*\.?[ \t]+){1,3}[A-Z][\w'’\-]+)"
)
_KNIGHT_REACH = 30  # sentences searched back for "Sir Malcolm Pruitt"
# "He argued ...", "But she cautioned ...": a sentence about the person the pronoun stands for.
_HE_SHE_OPENING_RE = _compile(
    r"(?:He|She|(?:But|And|Then|Later|However,|Yet)[ \t]+(?:he|she))[ \t]+[a-z]"
)
_SHE_RE = _compile(r"(?:\S+[ \t]+)?[Ss]he\b")
_TIMESTAMP_RE = _compile(r"\d{1,2}[:.]\d{2}(?:[ \t]*(?:[ap]\.?m\.?|GMT|BST|ET|UTC))?[ \t]+")


def _title_case(plain: str) -> bool:
    """A headline in title case, where capitals do not mark names: six words or more, every
    word in lower case a short function word ("Co-Founder Calls Global Warming a Hoax", not
    "Lena Park met Omar Haddad on Friday")."""
    if _LONG_LOWER_WORD_RE.search(plain):
        return False  # the common case, found at the first long word in lower case
    words = [word for word in plain.split() if word[0].isalpha()]
    return len(words) >= 6 and all(
        not word[0].islower() or word in _TITLE_CASE_LOWER for word in words
    )


_LONG_LOWER_WORD_RE = _compile(r"(?<![\w'’\-])[a-z][\w'’\-]{4}")
_TITLE_CASE_LOWER = frozenset("a an the and or but nor of on in to for at by as from vs".split())


def _organisation_opening(words: list[str]) -> _Subject | None:
    """ "The port authority disputes ...": the organisation noun the lower-case words after an
    opening "The" end with, when a verb follows; None when there is none."""
    if len(words) < 3 or words[0] != "The":
        return None
    last = None
    for index in range(1, min(len(words), _MAX_ROLE_WORDS + 1)):
        if not _is_role_word(words[index]):
            break
        if words[index].lower() in _ORG_HEADS:
            last = index
    if last is None or last + 1 >= len(words) or not _is_role_word(words[last + 1]):
        return None
    written = " ".join(word.lower() for word in words[1 : last + 1])
    return _Subject("description", written, determiner="the")


def _subject_from(determiner: str | None, roles: list[str], name: list[str]) -> _Subject | None:
    role = " ".join(word.lower() for word in roles)
    if name:
        if name[0] in {"No", "Number"} or (
            determiner == "the" and len(name) > 1 and name[-1] in {"No", "Number"}
        ):
            return None  # "said the No 8", "the Carrow No 10": a shirt number, not a name
        if name[-1].lower() in _ACRONYM_ROLES and len(name) <= 2:
            # "the local MP", "the Labour MP": a role written in capitals, not an organisation
            words = [*roles, *name]
            return _Subject(
                "description", " ".join(w.lower() for w in words), determiner=determiner
            )
        written = " ".join(name)
        if determiner == "the" and not roles:
            if len(name) == 1 and name[0].lower() in _ROLE_WORDS:
                return _Subject("description", name[0].lower(), determiner="the")  # the Minister
            return _Subject("org", written.rstrip(".,"))  # the Transport Ministry, the Pentagon
        title = _title_and_name(written)[0]
        cleaned = clean_name(written)
        if len(name) == 1 and (_plural_role(name[0]) or name[0].lower() in _VOICES_IN):
            return _Subject("unnamed")  # "Doctors warned ...", "Reports have predicted ..."
        if cleaned is None:
            if len(name) == 1 and name[0].lower() in _ORG_HEADS:
                return _Subject("description", name[0].lower())  # "Police said"
            return None
        title_role = " ".join(
            word.lower().rstrip(".") for word in title if word.lower() not in _HONORIFICS
        )
        full_role = " ".join(part for part in (role, title_role) if part)
        kind = "org" if _looks_like_org(cleaned) else "person"
        return _Subject(kind, cleaned, role=full_role, determiner=determiner)
    if not roles:
        return None
    head = roles[-1].lower()
    if head in _VOICE_HEADS and len(roles) > 1 and roles[-2].lower() in _ORG_HEADS:
        # "a police spokesman", "a health ministry statement" speak for the organisation.
        return _Subject("description", " ".join(w.lower() for w in roles[:-1]), determiner="the")
    if determiner in _INDEFINITE:
        return _Subject("unnamed")
    possessive = [i for i, word in enumerate(roles[:-1]) if word.endswith(("’s", "'s"))]
    if head in _VOICE_HEADS and possessive:
        owner = [word.lower() for word in roles[: possessive[-1] + 1]]
        owner[-1] = owner[-1][:-2]
        return _Subject("description", " ".join(owner), determiner=determiner)
    if head.endswith("s") and head not in _ORG_HEADS and not head.endswith("ss"):
        return _Subject("unnamed")  # officials, residents, experts
    return _Subject("description", role, determiner=determiner)


def _plural_role(word: str) -> bool:
    lowered = word.lower()
    if lowered in _GROUP_NOUNS:
        return True  # "Staff reported ...": many people, none named
    return lowered.endswith("s") and (lowered[:-1] in _ROLE_WORDS or lowered[:-2] in _ROLE_WORDS)


_GROUP_NOUNS = frozenset("staff people employees personnel crew crews public".split())


_GOVERNMENT_RE = _compile(
    r"\b(?:Ministry|Department|Agency|Authority|Council|Government|Police|Court|Commission|"
    r"Parliament|Office|Service|Army|Navy|Embassy|University|Hospital|Union|Party|Committee|"
    # a port board, a regulator, a tribunal, an inspectorate: public bodies, not businesses
    r"Board|Regulator|Tribunal|Inspectorate|Directorate|Bureau|Assembly|Senate|Congress|"
    # nor a union, a charity or a campaign: not "the company" either
    r"Workers|Federation|Association|Institute|Foundation|Trust|Coalition|Forum|Society|League)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1024)
def _lower_words(name: str) -> frozenset[str]:
    """The words of a name in lower case, with what an abbreviation in it stands for ("Rovers
    FC" is a club)."""
    words = frozenset(name.lower().split())
    for short, meaning in _NAME_ABBREVIATIONS.items():
        if short in words:
            words |= meaning
    return words


_NAME_ABBREVIATIONS = {
    "fc": frozenset({"club", "football"}),
    "afc": frozenset({"club", "football"}),
    "rfc": frozenset({"club", "rugby"}),
    "plc": frozenset({"company"}),
    "ltd": frozenset({"company"}),
    "inc": frozenset({"company"}),
    "nhs": frozenset({"health"}),
}


def is_organisation(speaker: str) -> bool:
    """Whether a speaker as the rules give it names an organisation ("Transport ministry",
    "Police", "Nordic Rail", "WHO") rather than a person ("Tomas Eriksen", "Mayor")."""
    words = speaker.split()
    return bool(words) and (_looks_like_org(speaker) or words[-1].lower() in _ORG_HEADS)


# "K.V. Raghunathan" is a person, "U.S. Steel" and "Amazon.com" are not.
_INITIALS_BEFORE_NAME_RE = _compile(r"(?!U\.[SKN]\.|E\.U\.)(?:[A-Z]\.){1,3}[A-Z]?\.?")


@functools.lru_cache(maxsize=4096)
def _looks_like_org(name: str) -> bool:
    words = name.split()
    return any(
        word.lower() in _ORG_NAME_WORDS
        or word.lower() == "of"
        or (len(word.rstrip(".")) >= 2 and word.isupper())  # "WHO", not the initial "K."
        or ("." in word.rstrip(".") and not _INITIALS_BEFORE_NAME_RE.fullmatch(word))
        or word == "&"  # "Harlow & Finch"
        for word in words
    )
