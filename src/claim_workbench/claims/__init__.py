"""Claim extraction: article text to ranked, typed claims (pure functions, no UI or database)."""

from claim_workbench.claims.extract import (
    claim_from_text,
    extract_claims,
    nothing_found_message,
    parse_article,
)
from claim_workbench.claims.model import ExtractedClaim, ParsedArticle
from claim_workbench.claims.scoring import check_worthiness

__all__ = [
    "ExtractedClaim",
    "ParsedArticle",
    "check_worthiness",
    "claim_from_text",
    "extract_claims",
    "nothing_found_message",
    "parse_article",
]
