"""Evidence sources: fetching, text extraction and passage matching (no UI or workbench imports)."""
