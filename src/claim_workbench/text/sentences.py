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
# Written as one alternative per mark, each opening with its literal character, so that the
# search jumps from candidate to candidate (re cannot when an alternative opens with a class);
# the matches are those of "[.!?…]+[closing]*(?=\s)|\n[ \t]*\n\s*|\n".
_BOUNDARY_RE = re.compile(
    "|".join(rf"{re.escape(mark)}[.!?…]*[\"”’')\]]*(?=\s)" for mark in ".!?…")
    + r"|\n[ \t]*\n\s*|\n"
)
_NEXT_STARTS_SENTENCE_RE = re.compile(r"\s+[\"“‘'(\[]?[A-Z0-9À-ÖØ-Þ]")
# Abbreviations whose period does not end a sentence (compared lowercased, without the final
# period): titles and common news shorthand. Initials and dotted acronyms are told by shape.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm pres st jr sr rev hon
    const supt insp det cpl pte maj brig cllr
    no nos vs etc e.g i.e al approx est dept univ inc ltd co corp fig figs vol ed eds mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m
    """.split()
)
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]|[^\W\d_a-z]")
_QUOTE_MARKS = '“”"'
_OPEN_QUOTE = "“"
_CLOSE_QUOTE = "”"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in text order."""
    spans: list[tuple[int, int]] = []
    start = 0
    quote_open_at: int | None = None
    marks = _quote_marks(text)
    next_mark = 0
    for boundary in _BOUNDARY_RE.finditer(text):
        # The quotation marks up to the end of the boundary: a line break holds none, and a
        # terminal mark may be followed by the closing quote it leaves open or shut.
        if marks[next_mark][0] < boundary.end():
            quote_open_at, next_mark = _read_quote_marks(
                marks, next_mark, boundary.end(), quote_open_at
            )
        mark = boundary.group()
        if mark.startswith("\n"):
            if not _line_break_ends_sentence(text, boundary.start(), mark):
                continue
        else:
            if not _mark_ends_sentence(text, boundary):
                continue
            if quote_open_at is not None and boundary.start() - quote_open_at < _MAX_QUOTE_SPAN:
                continue
        _add_span(text, start, boundary.end(), spans)
        start = boundary.end()
        quote_open_at = None
    _add_span(text, start, len(text), spans)
    return spans


def _quote_marks(text: str) -> list[tuple[int, str]]:
    """Each curly or straight double quotation mark of ``text`` with its offset, in order, then
    ``(len(text), "")``, which no boundary passes. ``str.find`` jumps from mark to mark, where a
    search with a pattern would test every character."""
    marks = []
    for quote in _QUOTE_MARKS:
        at = text.find(quote)
        while at >= 0:
            marks.append((at, quote))
            at = text.find(quote, at + 1)
    marks.sort()
    marks.append((len(text), ""))
    return marks


def _read_quote_marks(
    marks: list[tuple[int, str]], index: int, end: int, open_at: int | None
) -> tuple[int | None, int]:
    """Where the currently open quotation began after reading the marks from ``marks[index]``
    up to offset ``end``, and the index of the first mark left. Curly quotes open and close;
    straight quotes toggle."""
    while marks[index][0] < end:
        at, quote = marks[index]
        if quote == _OPEN_QUOTE:
            open_at = at
        elif quote == _CLOSE_QUOTE:
            open_at = None
        else:
            open_at = None if open_at is not None else at
        index += 1
    return open_at, index


def _mark_ends_sentence(text: str, boundary: re.Match[str]) -> bool:
    if not _NEXT_STARTS_SENTENCE_RE.match(text, boundary.end()):
        return False
    if text[boundary.start()] != ".":
        return True
    return not ends_abbreviation(text, boundary.start())


def ends_abbreviation(text: str, period_index: int) -> bool:
    """Whether the period at ``period_index`` ends an abbreviation ("Mr.", "Jan."), a capital
    initial ("J. Smith") or a dotted acronym ("U.S.", "a.m.") rather than a sentence."""
    # The word before the period: its last 16 characters at most. ``str.split`` and
    # ``isspace`` know the same whitespace as ``\s``; a regex searched backwards for the
    # word's start would try every one of the 16 positions.
    window = text[max(0, period_index - 16) : period_index]
    if not window or window[-1].isspace():
        return False
    written = window.rsplit(None, 1)[-1].lstrip("(\"“'‘[").rstrip(".")
    if not written:
        return False
    return (
        written.lower() in ABBREVIATIONS
        or _INITIALS_RE.fullmatch(written) is not None
        or written == "Ma"  # Philippine press: "Senator Ma. Lourdes Villaceran" (Maria)
    )


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


# --- sources: sentences for passages -------------------------------------------------------


# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, whitespace.
_END_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
# What may open a sentence: an uppercase letter, a digit, or an opening quote/bracket.
_OPENER_RE = re.compile(r"\s+[\"'“‘«(\[]*[^\W_a-z]")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Overlong "sentences" (tables, lists without punctuation) are cut into chunks of this many words
# so one passage never swamps the fuzzy alignment.
MAX_SENTENCE_WORDS = 80


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


def source_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of a source's text, for passages and highlights.

    Unlike :func:`sentence_spans` (articles), a quotation does not hold its sentences together,
    so a passage stays as tight as the sentence that matches; a single line break inside running
    prose (hard-wrapped PDF or e-mail text) does not end a sentence; a run of more than
    ``MAX_SENTENCE_WORDS`` words is cut into chunks of that many.
    """
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
                and ends_abbreviation(text, match.start())
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
