"""Web pages: an http(s) address (or what is meant as one) fetched under the fetch policy."""

from __future__ import annotations

from collections.abc import Sequence

from claim_workbench.acquisition.fetch import (
    FetchedDocument,
    fetch_many,
    fetch_url,
    looks_like_url,
    shared_client,
)
from claim_workbench.acquisition.providers.acquirer import Acquirer


class WebPage(Acquirer):
    name = "web"
    remote = True

    @classmethod
    def recognises(cls, reference: str) -> bool:
        # Also javascript:, file: and the like, so that they are refused as addresses
        # rather than looked for as file names.
        return looks_like_url(reference)

    async def acquire(
        self, reference: str, *, title: str | None = None, origin_note: str | None = None
    ) -> FetchedDocument:
        return await fetch_url(reference.strip(), client=shared_client())

    async def acquire_many(self, references: Sequence[str]) -> list[FetchedDocument | Exception]:
        # Concurrently, per-site bounded; in the extraction processes once the app has them.
        urls = [reference.strip() for reference in references]
        return list(await fetch_many(urls, client=shared_client()))
