"""Claim memory as the use cases run it: the reviewed claims indexed once with the cached
sentence encoder, searched a few claims at a time, within a time budget (imports, `similar`,
published fact-checks)."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import platformdirs

from claim_workbench.memory.claim_memory import ClaimMemoryIndex, MemoryMatch
from claim_workbench.memory.embeddings import (
    CachedEncoder,
    EmbeddingsUnavailableError,
    SentenceEncoder,
    load_default_encoder,
    report_fallback,
)
from claim_workbench.store.engine import APP_NAME
from claim_workbench.store.models import Claim

log = logging.getLogger(__name__)


# Passage vectors kept on disk at most (about 1.5 kB each with MiniLM): a long source has
# hundreds of passages, and attaching the same source to another claim, or searching every
# stored source, then encodes only what is new.
PASSAGE_CACHE_ENTRIES = 20_000


@functools.cache
def _cached_encoder(encoder: SentenceEncoder, kind: str, max_entries: int | None) -> CachedEncoder:
    cache = Path(platformdirs.user_cache_dir(APP_NAME)) / f"{kind}-{encoder.name}.npz"
    return CachedEncoder(encoder, cache, max_entries=max_entries)


def memory_model() -> SentenceEncoder | None:
    """The sentence encoder (None when WORKBENCH_EMBEDDINGS=off or no model loads)."""
    return load_default_encoder()


def memory_encoder() -> CachedEncoder | None:
    """The sentence encoder for claim memory, with each claim's vector cached on disk."""
    encoder = memory_model()
    return None if encoder is None else _cached_encoder(encoder, "vectors", None)


def passage_encoder() -> CachedEncoder | None:
    """The same encoder for evidence matching, with a bounded cache of passage vectors."""
    encoder = load_default_encoder()
    if encoder is None:
        return None
    return _cached_encoder(encoder, "passage-vectors", PASSAGE_CACHE_ENTRIES)


class _OutOfTime(Exception):
    """Encoding the reviewed claims would overrun claim memory's time."""


# Reviewed claims encoded per call while the index is built: the clock is looked at between
# calls, and each call adds the new vectors to the disk cache once.
ENCODE_CHUNK = 1_000


class _MemoryEncoder:
    """The encoder claim memory indexes and searches with.

    The reviewed claims go through the disk cache (an import finds most of them there), a
    chunk at a time, and give up once ``build_deadline`` has passed: the vectors made so far
    stay cached for the next import, and this one matches by words. Each searched claim goes
    straight to the model: the cache writes its whole file for every new text, which made
    a search four times slower.
    """

    def __init__(
        self,
        cached: CachedEncoder,
        model: SentenceEncoder | None,
        build_deadline: float | None,
        chunk: int | None = None,
    ) -> None:
        self._cached = cached
        self._model = model if model is not None and model.name == cached.name else cached
        self.build_deadline = build_deadline
        self._chunk = chunk or ENCODE_CHUNK

    @property
    def name(self) -> str:
        return self._cached.name

    @property
    def dimension(self) -> int:
        return self._cached.dimension

    @property
    def parts(self) -> tuple[tuple[str, int], ...]:
        return self._cached.parts

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 1:
            return self._model.encode(texts)
        chunks: list[np.ndarray] = []
        for first in range(0, len(texts), self._chunk):
            if self.build_deadline is not None and time.monotonic() > self.build_deadline:
                raise _OutOfTime
            chunks.append(self._cached.encode(list(texts[first : first + self._chunk])))
        if not chunks:
            return self._cached.encode([])
        return np.concatenate(chunks)


class MemorySearch:
    """The reviewed claims indexed once, searched a few new claims at a time; lexical alone
    if the embedding model cannot load, or (with ``build_deadline``) cannot encode the
    reviewed claims in time.

    A broken or half-installed model (its one-time build failed, a file is damaged) does not
    stop an import: ClaimMemoryIndex falls back to word matching and the log says why, once.
    """

    def __init__(
        self,
        earlier: list[Claim],
        *,
        build_deadline: float | None = None,
        encode_chunk: int | None = None,
    ) -> None:
        self._texts = [claim.text for claim in earlier]
        cached = memory_encoder()
        encoder = None
        if cached is not None:
            encoder = _MemoryEncoder(cached, memory_model(), build_deadline, encode_chunk)
        try:
            self._index = ClaimMemoryIndex(self._texts, encoder=encoder)
        except EmbeddingsUnavailableError as error:
            self._fall_back(error)
        except _OutOfTime:
            log.warning(
                "claim memory matches by words this time: encoding %d reviewed claims takes "
                "longer than it may (the vectors made so far are kept for the next import)",
                len(self._texts),
            )
            self._index = ClaimMemoryIndex(self._texts, encoder=None)
        if encoder is not None:
            encoder.build_deadline = None  # searching is bounded by the caller

    def _fall_back(self, error: EmbeddingsUnavailableError) -> None:
        report_fallback(error)  # logged once per reason, as everywhere the model is used
        self._index = ClaimMemoryIndex(self._texts, encoder=None)

    def search(self, queries: list[str], *, top_k: int) -> list[list[MemoryMatch]]:
        try:
            return [self._index.search(query, top_k=top_k) for query in queries]
        except EmbeddingsUnavailableError as error:
            self._fall_back(error)
            return [self._index.search(query, top_k=top_k) for query in queries]


def search_memory(
    earlier: list[Claim], queries: list[str], *, top_k: int
) -> list[list[MemoryMatch]]:
    """Each query's best earlier claims (see MemorySearch)."""
    return MemorySearch(earlier).search(queries, top_k=top_k)
