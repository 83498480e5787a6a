"""Importing an article from the app: a URL fetched on the caller's event loop, a file read in
a thread. Plain functions, no Textual.

services (extraction, matching, numpy) is imported when an import runs, not with this module:
the main screen imports it, and its first paint does not need services.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlmodel import Session

if TYPE_CHECKING:
    from claim_workbench.review.services import ImportResult


async def import_article(*, target: str, session: Callable[[], Session]) -> ImportResult:
    """Fetch or read ``target`` and store it as an article with its claims."""
    import claim_workbench.review.services as services  # see the module's docstring

    def run(work: Callable[[Session], ImportResult]) -> ImportResult:
        with session() as opened:
            return work(opened)

    if services.fetches_over_network(target):
        # The download awaits here, where the shared HTTP client lives; extraction and storing
        # run in a thread.
        document = await services.fetch_source(target)
        return await asyncio.to_thread(
            run, lambda opened: services.import_document(session=opened, document=document)
        )
    # A file needs no network: the whole import runs in a thread of its own.
    return await asyncio.to_thread(
        run, lambda opened: asyncio.run(services.import_target(session=opened, target=target))
    )
