"""Claim extraction: from article text to ranked, typed claims (pure functions, no UI, no database)."""

from workbench.claims.model import ExtractedClaim, ParsedArticle

__all__ = ["ExtractedClaim", "ParsedArticle"]
