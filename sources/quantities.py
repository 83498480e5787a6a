"""Quantities in running text: numbers (digits or words) with their unit noun and qualifier.

Shared by claim extraction (workbench.claims) and number agreement (sources.matching).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text. Offsets are into the text that was scanned."""

    value: float
    unit: str | None  # noun, e.g. "deaths", "attacks", "percent", "USD"
    qualifier: str | None  # "at least", "about", "more than", "up to", ...
    text: str  # surface text, text[start:end]
    start: int
    end: int


def extract_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Return the quantities in ``text``; offsets are shifted by ``offset``."""
    raise NotImplementedError  # implemented by the claim-extraction work (issue 3)
