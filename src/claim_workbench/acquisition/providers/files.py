"""Local files: HTML, PDF, text, Markdown or JSON read from a path (the fallback kind)."""

from __future__ import annotations

from claim_workbench.acquisition.fetch import FetchedDocument, read_file
from claim_workbench.acquisition.providers.acquirer import Acquirer


class LocalFile(Acquirer):
    name = "file"
    one_word = False  # a path may hold spaces

    @classmethod
    def recognises(cls, reference: str) -> bool:
        return True

    async def acquire(
        self, reference: str, *, title: str | None = None, origin_note: str | None = None
    ) -> FetchedDocument:
        return read_file(reference.strip())
