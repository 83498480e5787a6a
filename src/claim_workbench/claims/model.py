"""The shapes claim extraction produces."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from claim_workbench.text.quantities import Quantity


@dataclass(slots=True)
class ParsedArticle:
    title: str
    published: dt.date | None
    # The headline, a blank line, then the body (see parse_article); claim offsets index it.
    text: str


@dataclass(slots=True)
class ExtractedClaim:
    text: str  # article_text[start:end] == text, always
    start: int
    end: int
    kinds: list[str]
    label: str
    check_worthiness: float  # 0..1
    quantities: list[Quantity] = field(default_factory=list)  # offsets into the article text
    quote: str | None = None  # the quoted words, when the claim is direct speech
    speaker: str | None = None  # resolved speaker, None when the article does not say
    # The article named the speaker as an organisation ("the ferry operator Baltic Link"),
    # which its name alone may not say; ClaimReview markup writes it as an Organization.
    speaker_is_organisation: bool = False
