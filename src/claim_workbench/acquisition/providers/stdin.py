"""Pasted text on standard input (``-`` on the command line), with an optional title and a
note of where it came from (kept as the source's site)."""

from __future__ import annotations

import sys

from claim_workbench.acquisition.fetch import FetchedDocument, read_stream
from claim_workbench.acquisition.providers.acquirer import Acquirer


class StandardInput(Acquirer):
    name = "stdin"
    reads_stdin = True

    @classmethod
    def recognises(cls, reference: str) -> bool:
        return reference.strip() == "-"

    async def acquire(
        self, reference: str, *, title: str | None = None, origin_note: str | None = None
    ) -> FetchedDocument:
        return read_stream(
            sys.stdin.buffer, name="the pasted text", title=title, origin_note=origin_note
        )
