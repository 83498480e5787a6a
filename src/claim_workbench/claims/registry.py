"""The kinds of claim, one entry each in ``CLAIM_KINDS`` (in the order a claim lists them).

Adding a kind is one entry below: its name (stored with the claim, shown in the app, the
command line and every report), what a sentence of the kind states (for the message shown
when nothing was found) and how to tell one. The cues a kind reads live in ``kinds.py``; the
check-worthiness scorer's features (``scoring.sentence_features``) are the inputs of a fitted
model, so a kind that needs a new feature there means refitting the model, not just a line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from claim_workbench.claims import kinds
from claim_workbench.claims.kinds import SentenceCues


class Reading(NamedTuple):
    """What extraction knows of a sentence when it names the sentence's kinds. One is built
    for every sentence: a named tuple, as immutable as a frozen dataclass and cheaper to build
    (one tuple, not a ``object.__setattr__`` per field)."""

    text: str
    cues: SentenceCues
    features: Mapping[str, float]  # scoring.sentence_features of the sentence
    has_quantities: bool  # the quantity parser read an amount in it
    has_quote: bool  # it holds direct speech
    headline: bool  # the article's headline (see extract.parse_article)


@dataclass(frozen=True, slots=True)
class ClaimKind:
    name: str
    states: str  # "no sentence states a ..., ..." when an article has no claim
    detect: Callable[[Reading], bool]


CLAIM_KINDS: tuple[ClaimKind, ...] = (
    # A number written in words the quantity parser does not read ("a trillion-dollar
    # deficit") is an amount all the same.
    ClaimKind(
        "quantity", "number", lambda r: r.has_quantities or bool(kinds.written_numbers(r.text))
    ),
    ClaimKind("quote", "quote", lambda r: r.has_quote),
    ClaimKind("attribution", "attribution", lambda r: bool(r.features["attribution"])),
    ClaimKind("superlative", "record", lambda r: bool(r.features["superlative"])),
    ClaimKind("temporal", "date", lambda r: bool(r.features["temporal"])),
    ClaimKind("designation", "official status", lambda r: bool(r.features["designation"])),
    # Headlines tell events in the present tense ("Strike shuts 40% of lines").
    ClaimKind(
        "event",
        "event",
        lambda r: bool(r.features["event"]) or (r.headline and kinds.has_headline_event(r.cues)),
    ),
)

KIND_NAMES: tuple[str, ...] = tuple(kind.name for kind in CLAIM_KINDS)


def kinds_of(reading: Reading) -> list[str]:
    """The names of the kinds the sentence is, in ``CLAIM_KINDS`` order (empty: no claim)."""
    return [kind.name for kind in CLAIM_KINDS if kind.detect(reading)]


def what_claims_state() -> str:
    """'a number, quote, ... or event': what a sentence must state to be a claim."""
    stated = [kind.states for kind in CLAIM_KINDS]
    return f"a {', '.join(stated[:-1])} or {stated[-1]}" if len(stated) > 1 else f"a {stated[0]}"
