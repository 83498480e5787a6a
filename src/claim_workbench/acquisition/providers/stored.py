"""Sources already in the database, across every article: works offline, asked by default.

The provider itself holds no database code: the review layer gives it ``lookup``, a function
from a query to the stored passages that best answer it (review/find.py), which runs in a
worker thread so that the other providers' answers keep streaming in meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from claim_workbench.acquisition.providers.base import (
    Candidate,
    NotConfigured,
    SearchProvider,
    SearchQuery,
)
from claim_workbench.acquisition.providers.config import ProviderConfig

StoredLookup = Callable[[SearchQuery], Sequence[Candidate]]


class StoredSources(SearchProvider):
    name = "stored"
    label = "Stored sources"
    needs_network = False

    def __init__(self, *, lookup: StoredLookup, **options: Any) -> None:
        super().__init__(**options)
        self.lookup = lookup

    @classmethod
    def from_config(cls, config: ProviderConfig, context: Any = None) -> StoredSources:
        lookup = getattr(context, "stored_lookup", None)
        if lookup is None:
            raise NotConfigured("no database to search")
        return cls(lookup=lookup, timeout=config.number("stored", "timeout", 30.0))

    @classmethod
    def configured(cls, config: ProviderConfig) -> bool:
        return True

    async def search(self, query: SearchQuery) -> AsyncIterator[Candidate]:
        for candidate in await asyncio.to_thread(self.lookup, query):
            yield candidate
