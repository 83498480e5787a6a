"""Where sources come from: one registry for every kind of source and every search provider.

Two roles, each a list below; adding one is one module and one line:

- ``ACQUIRERS``: how a typed reference becomes a document (a web address, standard input,
  a local file). The first that recognises a reference acquires it; the file comes last.
- ``SEARCH_PROVIDERS``: where candidate documents for a claim are found (the stored
  sources, SearxNG, Brave Search, Wikipedia, Google Fact Check Tools). :func:`stream_search`
  asks several at once and yields their candidates as they arrive, each provider within its
  own timeout, one provider's failure reported beside the others' answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from claim_workbench.acquisition.errors import SourceError
from claim_workbench.acquisition.fetch import FetchedDocument
from claim_workbench.acquisition.providers import (
    brave,
    factcheck,
    files,
    searxng,
    stdin,
    stored,
    web,
    wikipedia,
)
from claim_workbench.acquisition.providers.acquirer import Acquirer
from claim_workbench.acquisition.providers.base import (
    Candidate,
    NotConfigured,
    ProviderError,
    SearchProvider,
    SearchQuery,
)
from claim_workbench.acquisition.providers.config import ProviderConfig, load_config

log = logging.getLogger(__name__)

__all__ = [
    "ACQUIRERS",
    "SEARCH_PROVIDERS",
    "Acquirer",
    "Candidate",
    "Failed",
    "Finished",
    "Found",
    "ProviderConfig",
    "ProviderError",
    "SearchProvider",
    "SearchQuery",
    "UnknownProvider",
    "acquire",
    "acquire_many",
    "acquirer_for",
    "default_provider_names",
    "load_config",
    "make_providers",
    "needs_network",
    "stands_alone",
    "stream_search",
    "stream_search_batches",
]

ACQUIRERS: tuple[type[Acquirer], ...] = (
    web.WebPage,
    stdin.StandardInput,
    files.LocalFile,  # last: whatever no other kind claims is a path
)

SEARCH_PROVIDERS: dict[str, type[SearchProvider]] = {
    provider.name: provider
    for provider in (
        stored.StoredSources,
        searxng.SearxNG,
        brave.BraveSearch,
        wikipedia.Wikipedia,
        factcheck.FactCheckTools,
    )
}


# -- acquiring a typed reference ---------------------------------------------------------------


def acquirer_for(reference: str, *, stdin: bool = False) -> Acquirer:
    """The kind of source ``reference`` is; ``-`` means standard input only with ``stdin``."""
    for kind in ACQUIRERS:
        if kind.reads_stdin and not stdin:
            continue
        if kind.recognises(reference.strip()):
            return kind()
    raise SourceError(f"no way to read {reference!r}")  # unreachable: a file takes anything


def needs_network(reference: str) -> bool:
    """Is ``reference`` fetched over the network (rather than read here)?"""
    return acquirer_for(reference).remote


def stands_alone(word: str) -> bool:
    """Is this word a whole reference of its own (a URL) in text that holds several?"""
    return acquirer_for(word).one_word


async def acquire(
    reference: str,
    *,
    title: str | None = None,
    origin_note: str | None = None,
    stdin: bool = False,
) -> FetchedDocument:
    """The document ``reference`` names, or a SourceError saying why not."""
    if not reference.strip():
        raise SourceError("nothing to fetch: give a URL or a file path")
    return await acquirer_for(reference, stdin=stdin).acquire(
        reference, title=title, origin_note=origin_note
    )


async def acquire_many(references: Sequence[str]) -> list[FetchedDocument | Exception]:
    """Each reference's document or its error, in order: each kind acquires its own batch
    (web pages concurrently, files in turn)."""
    batches: dict[type[Acquirer], list[int]] = {}
    for index, reference in enumerate(references):
        batches.setdefault(type(acquirer_for(reference)), []).append(index)
    outcomes: list[FetchedDocument | Exception | None] = [None] * len(references)
    for kind, indices in batches.items():
        results = await kind().acquire_many([references[index] for index in indices])
        for index, result in zip(indices, results, strict=True):
            outcomes[index] = result
    return [outcome for outcome in outcomes if outcome is not None]


# -- searching ---------------------------------------------------------------------------------


class UnknownProvider(SourceError):
    """A provider name that is not registered."""


@dataclass(frozen=True, slots=True)
class FindContext:
    """What providers may need from the caller: the stored-source lookup (review/find.py)."""

    stored_lookup: stored.StoredLookup | None = None


def default_provider_names(config: ProviderConfig) -> list[str]:
    """The providers asked when none is named: [find] providers, else every one that has
    its settings (the stored sources always)."""
    named = config.default_providers()
    if named is not None:
        return named
    return [name for name, provider in SEARCH_PROVIDERS.items() if provider.configured(config)]


def make_providers(
    names: Sequence[str], config: ProviderConfig, context: Any = None
) -> tuple[list[SearchProvider], dict[str, str]]:
    """The named providers, and for each that cannot run (not configured) why not.

    An unregistered name is an UnknownProvider error before anything is asked.
    """
    unknown = [name for name in names if name not in SEARCH_PROVIDERS]
    if unknown:
        known = ", ".join(SEARCH_PROVIDERS)
        raise UnknownProvider(f"unknown provider {unknown[0]!r} (known: {known})")
    providers: list[SearchProvider] = []
    problems: dict[str, str] = {}
    for name in dict.fromkeys(names):
        kind = SEARCH_PROVIDERS[name]
        try:
            providers.append(kind.from_config(config, context))
        except NotConfigured as reason:
            problems[name] = f"{kind.label}: not configured ({reason})"
        except SourceError as error:
            problems[name] = f"{kind.label}: {error}"
    return providers, problems


@dataclass(frozen=True, slots=True)
class Found:
    provider: str
    candidate: Candidate


@dataclass(frozen=True, slots=True)
class Failed:
    provider: str
    message: str  # one line, starting with the provider's label; never a key


@dataclass(frozen=True, slots=True)
class Finished:
    provider: str
    count: int


SearchEvent = Found | Failed | Finished


async def stream_search(
    providers: Sequence[SearchProvider], query: SearchQuery
) -> AsyncIterator[SearchEvent]:
    """Ask every provider at once; yield each candidate as it arrives, then each provider's
    Finished (after its last candidate) or Failed (its error or its timeout). A slow or
    failing provider holds up only itself."""
    async for batch in stream_search_batches(providers, query):
        for event in batch:
            yield event


async def stream_search_batches(
    providers: Sequence[SearchProvider], query: SearchQuery
) -> AsyncIterator[list[SearchEvent]]:
    """As :func:`stream_search`, the events that arrived together in one list (a provider's
    whole answer, usually), so that a consumer can score them in one go."""
    events: asyncio.Queue[SearchEvent] = asyncio.Queue()

    async def run(provider: SearchProvider) -> None:
        count = 0
        try:
            async with asyncio.timeout(provider.timeout):
                async for candidate in provider.search(query):
                    count += 1
                    events.put_nowait(Found(provider.name, candidate))
        except TimeoutError:
            events.put_nowait(
                Failed(provider.name, f"{provider.label}: no answer within {provider.timeout:g} s")
            )
        except ProviderError as error:
            events.put_nowait(Failed(provider.name, str(error)))
        except SourceError as error:
            events.put_nowait(Failed(provider.name, f"{provider.label}: {error}"))
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug or a broken store: the others still answer
            log.warning("%s failed", provider.label, exc_info=True)
            line = (str(error).splitlines() or [type(error).__name__])[0]
            events.put_nowait(Failed(provider.name, f"{provider.label}: failed ({line})"))
        else:
            events.put_nowait(Finished(provider.name, count))

    tasks = [asyncio.create_task(run(provider)) for provider in providers]
    try:
        running = len(tasks)
        while running:
            batch = [await events.get()]
            while not events.empty():
                batch.append(events.get_nowait())
            running -= sum(isinstance(event, Failed | Finished) for event in batch)
            yield batch
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
