"""Untrusted text made safe to show on a terminal, one character for one (pure).

Terminal control characters, bidirectional overrides and zero-width characters are replaced
one-for-one by visible stand-ins, so that offsets computed on the original text still point at
the same characters. The TUI renders with these; messages built headless (review/) use them too.
"""

from __future__ import annotations

from claim_workbench.text.clean import BIDI_CONTROL, ZERO_WIDTH

# C0 controls (but newline) become their Unicode "control picture" (ESC -> ␛), DEL becomes
# ␡, and C1 controls, bidi overrides and zero-width characters the replacement character �:
# one character in, one character out, each visible, so a reviewer sees that something
# hidden is there (and a right-to-left override cannot reorder the rest of the line).
_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x0A}
_CONTROL_PICTURES[0x09] = " "  # a tab would expand to a variable width and shift the layout
_CONTROL_PICTURES[0x0D] = " "
_CONTROL_PICTURES[0x7F] = "\u2421"
_CONTROL_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_CONTROL_PICTURES.update({code: "\ufffd" for code in BIDI_CONTROL | ZERO_WIDTH})
_TRANSLATION = str.maketrans(_CONTROL_PICTURES)
_SINGLE_LINE = str.maketrans({**_CONTROL_PICTURES, 0x0A: " "})


def printable(text: str | None) -> str:
    """The text with control characters (ANSI escapes, bells, tabs), bidi overrides and
    zero-width characters made visible and inert, one character for one."""
    return (text or "").translate(_TRANSLATION)


def one_line(text: str | None, limit: int | None = None) -> str:
    """Printable text on a single line, cut to ``limit`` characters with an ellipsis."""
    line = (text or "").translate(_SINGLE_LINE)
    if limit is not None and len(line) > limit:
        return line[: max(limit - 1, 0)] + "…"
    return line
