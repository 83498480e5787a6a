"""Hidden characters in untrusted text: stripped at import, made visible wherever text is shown.

Three kinds of character change what a reader sees without showing themselves:

- control characters (C0 but newline and tab, DEL, C1), which a terminal obeys: ``ESC c``
  resets it, ``ESC [ 2 J`` clears it, a carriage return writes over the line;
- bidirectional overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069), which
  reorder the characters after them ("Trojan Source");
- zero-width characters (U+200B-U+200D, U+2060, U+FEFF), which split or join words unseen.

``clean_article_text`` removes terminal escape sequences and control characters from an
article before its claims and quantities are read (so ``ESC[31m`` is not the number 31).
``reveal_hidden`` replaces each hidden character with a visible tag such as ``⟨ESC⟩`` or
``⟨RLO⟩`` for reports and the command line, where a reviewer should see that something was
there. ``HIDDEN`` lists them all, for displays that must keep one character per character.
"""

from __future__ import annotations

import re

_C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()
_FORMAT_NAMES = {
    0x200B: "ZWSP",
    0x200C: "ZWNJ",
    0x200D: "ZWJ",
    0x2060: "WJ",
    0xFEFF: "ZWNBSP",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
}

CONTROL: frozenset[int] = frozenset(
    [*(code for code in range(0x20) if code not in (0x09, 0x0A)), 0x7F, *range(0x80, 0xA0)]
)
BIDI_CONTROL: frozenset[int] = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
ZERO_WIDTH: frozenset[int] = frozenset([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])
# Every character that reveal_hidden tags (newline and tab are kept: they show as space).
HIDDEN: frozenset[int] = CONTROL | BIDI_CONTROL | ZERO_WIDTH


def hidden_name(code: int) -> str:
    """A short name a reader can look up: "ESC", "RLO", "ZWSP"; "U+0085" for C1 controls."""
    if code < 0x20:
        return _C0_NAMES[code]
    if code == 0x7F:
        return "DEL"
    return _FORMAT_NAMES.get(code, f"U+{code:04X}")


_REVEAL = str.maketrans({code: f"⟨{hidden_name(code)}⟩" for code in HIDDEN})


def reveal_hidden(text: str | None) -> str:
    """``text`` with each control, bidi and zero-width character replaced by a visible tag
    (``"a\\x1b[2Jb"`` -> ``"a⟨ESC⟩[2Jb"``); newline and tab are kept."""
    return (text or "").translate(_REVEAL)


def has_hidden(text: str | None) -> bool:
    return any(ord(char) in HIDDEN for char in text or "")


# ECMA-48 escape sequences, in the 7-bit form terminals obey: control sequences (CSI, the
# colours and cursor moves: ESC [ 31 m), control strings (OSC titles and hyperlinks, DCS,
# SOS, PM, APC) up to their terminator or the end of the line, and two- or three-character
# escapes (ESC c resets the terminal, ESC ( B picks a character set).
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|\x1b[\]PX^_][^\n]*?(?:\x07|\x1b\\|\x9c|(?=\n)|$)"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
# Controls that break lines (vertical tab, form feed between PDF pages, the file/group/
# record separators, NEL): a line break, so the words on either side stay apart.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85]")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f]")


def clean_article_text(text: str) -> str:
    """``text`` without terminal escape sequences and control characters, for import.

    ``"The \\x1b[31m82\\x1b[0m deaths"`` -> ``"The 82 deaths"``. Carriage returns and the
    other line-breaking controls become newlines; newline and tab are kept. Bidirectional and
    zero-width characters are left in (they are part of some scripts' spelling) and are
    made visible where the text is shown.
    """
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    return _OTHER_CONTROLS.sub("", text)
