"""Sentence spans in article text: offsets only, so claims can point back into the article.

Rules: a sentence ends at ".", "!", "?" or "…" (closing quotes and brackets after the mark stay
with it) when whitespace and a capital letter, digit or opening quote follow; at a blank line;
and at a single line break after sentence punctuation, or after a short line (a heading) when
the next line starts with a capital. It does not end after a known abbreviation ("Mr.", "U.S.",
"Jan."), after a single initial ("J."), or inside a quotation that opened in the same sentence,
so a multi-sentence quote with its "he said" stays one sentence. An unclosed quotation stops
protecting the text after ``_MAX_QUOTE_SPAN`` characters, and a run longer than
``MAX_SENTENCE_CHARS`` is cut at a space, so bad input (no punctuation, unbalanced quotes) still
gives bounded spans.
"""

from __future__ import annotations

import re

MAX_SENTENCE_CHARS = 1000
_MAX_QUOTE_SPAN = 800
_SHORT_LINE = 70  # a line this short that ends without punctuation is a heading

# A terminal mark, any closing quotes or brackets, then the space that separates sentences.
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)|\n[ \t]*\n\s*|\n")
_NEXT_STARTS_SENTENCE_RE = re.compile(r"\s+[\"“‘'(\[]?[A-Z0-9À-ÖØ-Þ]")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sr jr gen col lt sgt capt cmdr adm gov sen rep pres rev hon "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc ltd co corp dept "
    "fig al approx est mt ft e.g i.e u.s u.k u.n e.u a.m p.m".split()
)
_WORD_BEFORE_RE = re.compile(r"([\w.]+)$")
_QUOTE_MARK_RE = re.compile(r'[“”"]')
_OPEN_QUOTES = "“"
_CLOSE_QUOTES = "”"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in text order."""
    spans: list[tuple[int, int]] = []
    start = 0
    quote_open_at: int | None = None
    scanned_to = 0
    for boundary in _BOUNDARY_RE.finditer(text):
        quote_open_at = _quote_state(text, scanned_to, boundary.start(), quote_open_at, start)
        scanned_to = boundary.start()
        mark = boundary.group()
        if mark.startswith("\n"):
            if not _line_break_ends_sentence(text, boundary.start(), mark):
                continue
        else:
            quote_open_at = _quote_state(text, scanned_to, boundary.end(), quote_open_at, start)
            scanned_to = boundary.end()
            if not _mark_ends_sentence(text, boundary):
                continue
            if quote_open_at is not None and boundary.start() - quote_open_at < _MAX_QUOTE_SPAN:
                continue
        _add_span(text, start, boundary.end(), spans)
        start = boundary.end()
        quote_open_at = None
    _add_span(text, start, len(text), spans)
    return spans


def _quote_state(
    text: str, begin: int, end: int, open_at: int | None, sentence_start: int
) -> int | None:
    """Where the currently open curly or straight quotation began, after reading text[begin:end].

    Straight quotes toggle; the count of them since the sentence start decides parity.
    """
    if begin >= end:
        return open_at
    segment = text[begin:end]
    if '"' not in segment and "“" not in segment and "”" not in segment:
        return open_at
    for mark in _QUOTE_MARK_RE.finditer(segment):
        char = mark.group()
        if char in _OPEN_QUOTES:
            open_at = begin + mark.start()
        elif char in _CLOSE_QUOTES:
            open_at = None
        else:
            open_at = None if open_at is not None else begin + mark.start()
    return open_at


def _mark_ends_sentence(text: str, boundary: re.Match[str]) -> bool:
    if not _NEXT_STARTS_SENTENCE_RE.match(text, boundary.end()):
        return False
    if text[boundary.start()] != ".":
        return True
    word = _WORD_BEFORE_RE.search(text, max(0, boundary.start() - 12), boundary.start())
    if word is None:
        return True
    written = word.group(1).lower().rstrip(".")
    if written in _ABBREVIATIONS:
        return False
    # A single capital initial ("J. Smith") or a dotted acronym ("U.S.") mid-name.
    return not (len(written) == 1 and word.group(1).isupper())


def _line_break_ends_sentence(text: str, at: int, mark: str) -> bool:
    if mark.count("\n") > 1:
        return True  # blank line: a paragraph ends
    line_start = text.rfind("\n", max(0, at - 4 * _SHORT_LINE), at) + 1
    line = text[max(line_start, at - 4 * _SHORT_LINE) : at].rstrip()
    if not line:
        return True
    if line[-1] in '.!?…:"”’)':
        return True
    # A short line is a heading only when the next line starts like a sentence; otherwise it is
    # hard-wrapped text ("... without power on\nthe coast ...").
    return len(line) <= _SHORT_LINE and _NEXT_STARTS_SENTENCE_RE.match(text, at) is not None


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        _add_span(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
