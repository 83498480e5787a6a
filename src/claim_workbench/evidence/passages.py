"""Splitting source text into passages (sentences and short sentence windows) with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of a source text; ``source_text[start:end] == text``."""

    text: str
    start: int
    end: int


# Abbreviations whose trailing period does not end a sentence (compared lowercased, without the
# period). Titles and common news shorthand; single letters are handled as initials below.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm pres st jr sr rev hon
    no nos vs etc e.g i.e al approx est dept univ inc ltd co corp fig figs vol ed eds
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u
    """.split()
)

# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, whitespace.
_END_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
# What may open a sentence: an uppercase letter, a digit, or an opening quote/bracket.
_OPENER_RE = re.compile(r"\s+[\"'“‘«(\[]*[^\W_a-z]")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Overlong "sentences" (tables, lists without punctuation) are cut into chunks of this many words
# so one passage never swamps the fuzzy alignment.
MAX_SENTENCE_WORDS = 80


def _is_abbreviation(text: str, period_index: int) -> bool:
    """Does the period at ``period_index`` end an abbreviation or initial rather than a sentence?"""
    word_start = period_index
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:period_index].lower().lstrip("(\"“'‘")
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "F.", "U.S.", "a.m."
    return bool(re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", word))


def _line_breaks(text: str, start: int, end: int) -> list[int]:
    """Positions after which a single newline ends a sentence (headings, list items).

    A newline inside running prose (hard-wrapped text from PDFs or e-mails) is not a break: the
    line before it ends in a word or comma and the next line starts in lowercase or a digit.
    """
    breaks: list[int] = []
    for match in re.finditer(r"\n", text[start:end]):
        position = start + match.start()
        # Only the neighbourhood matters; bounded slices keep this linear in the text length.
        before = text[max(start, position - 200) : position].rstrip()
        after = text[position + 1 : min(end, position + 201)].lstrip()
        if not before or not after:
            continue
        continues = (before[-1].isalnum() or before[-1] in ",;-–(") and (
            after[0].islower() or after[0].isdigit()
        )
        if not continues:
            breaks.append(position)
    return breaks


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _chunk_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = [match.span() for match in re.finditer(r"\S+", text[start:end])]
    if len(spans) <= MAX_SENTENCE_WORDS:
        return [(start, end)]
    chunks = []
    for first in range(0, len(spans), MAX_SENTENCE_WORDS):
        last = min(first + MAX_SENTENCE_WORDS, len(spans)) - 1
        chunks.append((start + spans[first][0], start + spans[last][1]))
    return chunks


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``, trimmed of surrounding whitespace, in order."""
    spans: list[tuple[int, int]] = []
    blocks: list[tuple[int, int]] = []
    block_start = 0
    for match in _BLANK_LINE_RE.finditer(text):
        blocks.append((block_start, match.start()))
        block_start = match.end()
    blocks.append((block_start, len(text)))

    for block_start, block_end in blocks:
        cuts = set(_line_breaks(text, block_start, block_end))
        for match in _END_RE.finditer(text, block_start, block_end):
            opener = _OPENER_RE.match(text, match.end(), block_end)
            if opener is None:
                continue
            mark = match.group()
            if (
                mark[0] == "."
                and not mark.startswith("..")
                and _is_abbreviation(text, match.start())
            ):
                continue
            cuts.add(match.end())
        sentence_start = block_start
        for cut in sorted(cuts) + [block_end]:
            start, end = _trimmed(text, sentence_start, cut)
            if start < end:
                spans.extend(_chunk_long(text, start, end))
            sentence_start = cut
    return spans


def split_passages(text: str, *, window: int = 2) -> list[Passage]:
    """Sentences of ``text`` plus windows of 2..``window`` consecutive sentences.

    Windows give context (a number in one sentence, its subject in the previous one) while single
    sentences keep highlights tight. Passages come sentence by sentence: the sentence first,
    then the windows starting at it, shortest first. Offsets are into ``text``.
    """
    if window < 1:
        raise ValueError(f"window must be at least 1 sentence, got {window}")
    sentences = split_sentences(text)
    passages: list[Passage] = []
    for index, (start, _) in enumerate(sentences):
        for size in range(1, window + 1):
            if index + size > len(sentences):
                break
            end = sentences[index + size - 1][1]
            passages.append(Passage(text=text[start:end], start=start, end=end))
    return passages
