"""How a typed reference becomes a document: the interface every kind of source implements.

A reference is what a reviewer types or passes on the command line: an https:// address, a
file path, ``-`` for standard input. Each kind is one module with one :class:`Acquirer`,
listed once in ``providers/__init__.ACQUIRERS``; the first that recognises a reference
acquires it (a local file comes last: it takes whatever no other kind claims).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from claim_workbench.acquisition.errors import SourceError
from claim_workbench.acquisition.fetch import FetchedDocument


class Acquirer:
    name: ClassVar[str] = ""
    # Needs the network (an import then awaits it; a local read runs in a thread).
    remote: ClassVar[bool] = False
    # A reference of this kind is a single word (a URL): in typed text with several
    # references it stands alone; one that may hold spaces (a path) does not.
    one_word: ClassVar[bool] = True
    # Reads this process's standard input: only where a command line asks for it.
    reads_stdin: ClassVar[bool] = False

    @classmethod
    def recognises(cls, reference: str) -> bool:
        raise NotImplementedError

    async def acquire(
        self, reference: str, *, title: str | None = None, origin_note: str | None = None
    ) -> FetchedDocument:
        raise NotImplementedError

    async def acquire_many(self, references: Sequence[str]) -> list[FetchedDocument | Exception]:
        """Each reference's document or the error it gave (by default one after another)."""
        outcomes: list[FetchedDocument | Exception] = []
        for reference in references:
            try:
                outcomes.append(await self.acquire(reference))
            except (SourceError, OSError) as error:
                outcomes.append(error)
        return outcomes
