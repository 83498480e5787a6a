"""From article text to claims: sentences, their kinds, quantities, quotes, labels and scores."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from claim_workbench.claims import kinds
from claim_workbench.claims.kinds import read_sentence
from claim_workbench.claims.labels import claim_label
from claim_workbench.claims.model import ExtractedClaim, ParsedArticle
from claim_workbench.claims.registry import Reading, kinds_of, what_claims_state
from claim_workbench.claims.scoring import score_sentence, sentence_features
from claim_workbench.claims.speakers import (
    AttributedQuote,
    SentenceSpeech,
    SpeakerTracker,
    is_organisation,
)
from claim_workbench.text.clean import clean_article_text
from claim_workbench.text.quantities import Quantity, extract_quantities
from claim_workbench.text.sentences import sentence_spans

_MAX_TITLE_CHARS = 150
_UNTITLED_TITLE_CHARS = 80
_UNTITLED = "Untitled"
_DATE_LINE_RE = re.compile(r"^\s?date[ \t]+(\d{4})-(\d{2})-(\d{2})(?:[ \t]+(.*))?$")
_QUESTION_END_RE = re.compile(r"\?\W*$")
_QUOTED_RE = re.compile(r"“[^“”]*”?|\"[^\"]*\"?")
# Conversation ("you", "Well, ...") still counts when it gives an amount at least this large.
_FIRM_COUNT = 10
_FIRM_UNITS = frozenset({"percent", "percentage points", "fraction"})


def parse_article(raw: str) -> ParsedArticle:
    """Title, date and text from a plain-text article.

    A first line `` date YYYY-MM-DD Headline`` (leading space optional) gives the date and title.
    Otherwise the first non-empty line is the title when it is short (at most 150 characters)
    and more text follows; else the title is the start of the text and the text is all of it.

    The headline is part of the article's text: ``text`` is the headline, a blank line, then
    the body (the body alone when it already opens with the headline, and empty when there is
    no body), so a headline that states a fact is a claim whose offsets point into the stored
    text like every other claim's. The `` date`` line itself is never part of the text.
    """
    text = clean_article_text(raw).lstrip("\ufeff")  # no ESC[31m read as the number 31
    first_line, _, rest = text.lstrip("\n").partition("\n")
    header = _DATE_LINE_RE.match(first_line)
    if header is not None:
        published = _date_or_none(*(int(part) for part in header.group(1, 2, 3)))
        title = (header.group(4) or "").strip()
        return ParsedArticle(
            title=title or _UNTITLED,
            published=published,
            text=_with_headline(title, rest.strip("\n")),
        )
    stripped_first = first_line.strip()
    if stripped_first and len(stripped_first) <= _MAX_TITLE_CHARS and rest.strip():
        return ParsedArticle(
            title=stripped_first,
            published=None,
            text=_with_headline(stripped_first, rest.strip("\n")),
        )
    body = text.strip("\n")
    return ParsedArticle(title=_title_from(body) or _UNTITLED, published=None, text=body)


def _with_headline(title: str, body: str) -> str:
    if not title or not body.strip() or body.lstrip().startswith(title):
        return body
    return f"{title}\n\n{body}"


def extract_claims(text: str) -> list[ExtractedClaim]:
    """Every checkable sentence of ``text`` as a claim, in article order.

    Left out: sentences with no claim kind, questions (and quotes that are questions),
    boilerplate, greetings, first-person opinion without numbers or quotes, fragments under
    four words, text about itself or its readers ("Many readers have asked") unless it gives a
    figure, and conversation ("You're talking about 2 different subjects", "Well, ...") unless
    it gives a figure, a record, a designation, a name, an event or a date. A number written in
    words that the quantity parser does not read ("a trillion-dollar deficit") still makes a
    quantity claim.

    The first line is read as a headline when it stands alone and does not end like a sentence
    (see ``parse_article``): headlines tell events in the present tense ("Strike shuts 40% of
    lines"), and a headline that only promises a story ("What we know about ...") is left out.
    Offsets index ``text``: ``text[claim.start:claim.end] == claim.text``.
    """
    if not text or not text.strip():
        return []
    claims: list[ExtractedClaim] = []
    memory = SpeakerTracker()
    last_start = -1  # where the sentence read last starts
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
        headline = index == 0 and _is_headline(text, start, end)
        claim, speech = _claim_from_sentence(
            text[start:end], start, index, memory, inside, headline=headline
        )
        owner = speech.earlier_speaker
        if owner is not None and claims and claims[-1].start == last_start:
            # “We just want to know where he is.” That plea came from Carmen Ruiz Ortega, ...
            claims[-1] = _with_speaker(claims[-1], owner, is_organisation(owner))
        last_start = start
        if claim is not None:
            claims.append(claim)
    return claims


def _with_speaker(claim: ExtractedClaim, speaker: str, organisation: bool) -> ExtractedClaim:
    """A quoting claim whose speaker the next sentence named: its speaker and label (what the
    next sentence says beats a guess that the quote went on from the sentence before)."""
    if claim.quote is None or claim.speaker == speaker:
        return claim
    at = claim.text.find(claim.quote)
    local = [_shift(quantity, -claim.start) for quantity in claim.quantities]
    return dataclasses.replace(
        claim,
        speaker=speaker,
        speaker_is_organisation=organisation,
        label=claim_label(
            claim.text,
            local,
            quote=(at, at + len(claim.quote)) if at >= 0 else None,
            speaker=speaker,
            speaker_is_organisation=organisation,
            kinds=claim.kinds,
        ),
    )


def claim_from_text(text: str, start: int = 0) -> ExtractedClaim:
    """A claim the reviewer picked or typed, read as extraction reads a sentence (its numbers,
    quote, speaker, kinds, label, score) but never left out: the reviewer says it is one.

    ``start`` is where ``text`` begins in the article (0 for words typed by hand); the
    claim's offsets and its quantities' point into the article from there.
    """
    cues = read_sentence(text)
    speech = SpeakerTracker().read(text, 0)
    local_quantities = extract_quantities(text)
    features = sentence_features(text, local_quantities, cues)
    quantities = [_shift(quantity, start) for quantity in local_quantities]
    claim_kinds = kinds_of(
        Reading(
            text=text,
            cues=cues,
            features=features,
            has_quantities=bool(quantities),
            has_quote=bool(speech.quotes),
            headline=False,
        )
    )
    return _claim(text, start, claim_kinds, local_quantities, quantities, speech, features, cues)


def nothing_found_message(text: str) -> str:
    """A one-line explanation for a reviewer when ``extract_claims`` returned nothing."""
    if not text.strip():
        return "The article is empty."
    if kinds.word_count(text) < kinds.MIN_CLAIM_WORDS:
        return "The article has too few words to hold a claim."
    return f"No checkable claims found: no sentence states {what_claims_state()}."


def _is_headline(text: str, start: int, end: int) -> bool:
    """A first line of its own, short, that does not end with a full stop."""
    line = text[start:end]
    return (
        "\n" in text[end:]
        and not text[end:].strip("\n \t") == ""
        and "\n" not in line
        and len(line) <= _MAX_TITLE_CHARS
        and not line.endswith(".")
    )


def _claim_from_sentence(
    sentence: str,
    start: int,
    index: int,
    memory: SpeakerTracker,
    quantities: list[Quantity],
    *,
    headline: bool = False,
) -> tuple[ExtractedClaim | None, SentenceSpeech]:
    cues = read_sentence(sentence)
    # Every sentence is read, kept or not, so speakers carry over to the sentences after it.
    speech = memory.read(sentence, index)
    quotes = speech.quotes
    if len(cues.words) < kinds.MIN_CLAIM_WORDS:
        return None, speech
    if kinds.is_question(cues) or kinds.is_boilerplate(cues):
        return None, speech
    opinion = kinds.is_opinion(cues)
    if (opinion or kinds.is_speculation(cues)) and not quantities and not quotes:
        return None, speech
    local_quantities = [_shift(quantity, -start) for quantity in quantities]
    if _is_talk(sentence, cues, local_quantities, quotes, headline):
        return None, speech
    # The scorer reads the same cues the kinds come from, so both are computed once, and the
    # tests above that let the sentence through are not run again.
    features = sentence_features(
        sentence, local_quantities, cues, question=False, boilerplate=False, opinion=opinion
    )
    claim_kinds = kinds_of(
        Reading(
            text=sentence,
            cues=cues,
            features=features,
            has_quantities=bool(quantities),
            has_quote=bool(quotes),
            headline=headline,
        )
    )
    if not claim_kinds:
        return None, speech
    claim = _claim(
        sentence, start, claim_kinds, local_quantities, quantities, speech, features, cues
    )
    return claim, speech


def _claim(
    text: str,
    start: int,
    claim_kinds: list[str],
    local_quantities: list[Quantity],
    quantities: list[Quantity],
    speech: SentenceSpeech,
    features: dict[str, float],
    cues: kinds.SentenceCues,
) -> ExtractedClaim:
    """The claim a sentence makes, once it is known to make one: its label and score.
    ``local_quantities`` index ``text``; ``quantities`` the article (``start`` on)."""
    quotes, speaker = speech.quotes, speech.speaker
    quote_span = (quotes[0].start + 1, quotes[0].end - 1) if quotes else None
    return ExtractedClaim(
        text=text,
        start=start,
        end=start + len(text),
        kinds=claim_kinds,
        label=claim_label(
            text,
            local_quantities,
            quote=quote_span,
            speaker=speaker,
            speaker_is_organisation=speech.speaker_is_organisation,
            speaker_acronym=speech.speaker_acronym,
            kinds=claim_kinds,
        ),
        check_worthiness=round(score_sentence(text, features, cues), 4),
        quantities=quantities,
        quote=quotes[0].words if quotes else None,
        speaker=speaker,
        speaker_is_organisation=speaker is not None and speech.speaker_is_organisation,
    )


def _is_talk(
    sentence: str,
    cues: kinds.SentenceCues,
    quantities: list[Quantity],
    quotes: list[AttributedQuote],
    headline: bool,
) -> bool:
    """Whether the sentence is talk rather than a claim (see ``extract_claims``)."""
    if headline and kinds.is_teaser(cues):
        return True
    if quotes and all(_QUESTION_END_RE.search(quote.words) for quote in quotes) and not quantities:
        return True  # “Why would we do that?” she asked.
    if not kinds.talks_about_itself(cues) and not kinds.is_chat(cues):
        return False  # the words outside the quotes hold no more than the whole sentence
    outside = read_sentence(_QUOTED_RE.sub(" ", sentence)) if quotes else cues
    firm = any(_is_firm(quantity) for quantity in quantities)
    if kinds.talks_about_itself(outside):
        return not firm
    if kinds.is_chat(outside):
        # Said to someone, a claim is still one when it tells what happened or what they did
        # ("You voted against it in 2008"); talk about the talk itself is not.
        return not (
            firm
            or kinds.has_superlative(outside)
            or kinds.has_designation(outside)
            or kinds.has_proper_name(outside)
            or kinds.has_event(outside)
            or kinds.has_temporal(outside)
        )
    return False


def _is_firm(quantity: Quantity) -> bool:
    """An amount worth checking even in conversation: money, a share, or a count of ten or more."""
    unit = quantity.unit
    if unit in _FIRM_UNITS or (unit is not None and len(unit) == 3 and unit.isupper()):
        return True
    return quantity.value >= _FIRM_COUNT


def _title_from(body: str) -> str:
    """The start of the text, as a title for an article that has none."""
    compact = " ".join(body.split())
    if len(compact) <= _UNTITLED_TITLE_CHARS:
        return compact
    cut = compact.rfind(" ", 0, _UNTITLED_TITLE_CHARS - 1)
    if cut < _UNTITLED_TITLE_CHARS // 2:
        cut = _UNTITLED_TITLE_CHARS - 1
    return compact[:cut].rstrip(",;: ") + "…"


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
