"""Fetching, text extraction and passage matching for evidence sources (no UI, no workbench imports)."""
