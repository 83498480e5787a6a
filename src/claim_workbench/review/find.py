"""Find evidence for a claim: ask the search providers, rank what they offer, attach one.

What the command line's ``find`` and (later) the app's find dialog share. Candidates are
ranked by the evidence matcher against the claim (the same evidence score that attach
stores and the app shows, computed on the candidate's snippet with its title and date as
context), never by a provider's order; ties keep the order they arrived in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs
from sqlmodel import Session

from claim_workbench.acquisition import providers
from claim_workbench.acquisition.fetch import FetchedDocument
from claim_workbench.acquisition.providers import web
from claim_workbench.acquisition.providers.base import Candidate, SearchQuery
from claim_workbench.acquisition.providers.config import ProviderConfig, load_config
from claim_workbench.acquisition.providers.query import DAYS_AFTER, DAYS_BEFORE, build_query
from claim_workbench.evidence.matching import (
    EvidenceContext,
    PassageMatch,
    match_passage,
    rank_passages,
    with_meaning,
)
from claim_workbench.evidence.passages import Passage, split_passages
from claim_workbench.memory.embeddings import (
    EmbeddingsUnavailableError,
    load_default_encoder,
    report_fallback,
)
from claim_workbench.review import services
from claim_workbench.store import storage
from claim_workbench.store.engine import APP_NAME, session_for
from claim_workbench.store.factchecks import fact_checks_seen
from claim_workbench.store.search import search_stored_sources

# Stored sources the stored provider offers per search (one passage each).
STORED_SOURCES = 10
# How long a find's ranked list is kept for `find --attach N` (in the user cache folder).
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    number: int  # 1-based place in the ranked list (what --attach takes)
    candidate: Candidate
    match: PassageMatch
    attached: bool  # already attached to this claim
    also_from: tuple[str, ...] = ()  # other providers that offered the same address


@dataclass(slots=True)
class FindResult:
    query: SearchQuery
    asked: list[str]
    candidates: list[RankedCandidate]
    errors: dict[str, str] = field(default_factory=dict)  # provider -> one line
    counts: dict[str, int] = field(default_factory=dict)  # provider -> candidates offered


def claim_query(
    *,
    session: Session,
    claim_id: int,
    text: str | None = None,
    config: ProviderConfig | None = None,
) -> SearchQuery:
    """The query built from a stored claim (its quantities, speaker, article date);
    ``text`` replaces the built words."""
    config = config or load_config()
    claim = storage.get_claim(session=session, claim_id=claim_id)
    article = storage.get_article(session=session, article_id=claim.article_id)
    return build_query(
        claim.text,
        quantities=services._claim_quantities(session=session, claim=claim),
        speaker=claim.speaker,
        quote=claim.quote,
        article_date=article.published,
        text=text,
        days_before=int(config.number("find", "days_before", DAYS_BEFORE)),
        days_after=int(config.number("find", "days_after", DAYS_AFTER)),
    )


def stored_lookup(session: Session, claim_id: int) -> providers.stored.StoredLookup:
    """The stored provider's search: the database's full-text index (store.search: FTS5 on
    SQLite, tsvector on PostgreSQL) finds the stored sources holding the query's words, and
    each offers its passage that best answers the claim (by the evidence score, as attach
    picks them). Runs in a worker thread, hence its own session."""
    bind = session.get_bind()

    def lookup(query: SearchQuery) -> list[Candidate]:
        with session_for(bind) as own:  # type: ignore[arg-type]
            claim = storage.get_claim(session=own, claim_id=claim_id)
            quantities = services._claim_quantities(session=own, claim=claim)
            claim_date = services._article_date(session=own, claim=claim)
            candidates: list[Candidate] = []
            for hit in search_stored_sources(own, query.text, limit=STORED_SOURCES):
                source = storage.get_source(session=own, source_id=hit.source_id)
                context = EvidenceContext(
                    claim_date=claim_date, source_date=source.published, title=source.title or ""
                )
                best = rank_passages(
                    claim.text,
                    split_passages(source.text),
                    claim_quantities=quantities,
                    top_k=1,
                    context=context,
                )
                passage = best[0].passage if best else None
                candidates.append(
                    Candidate(
                        provider="stored",
                        title=source.title or source.final_url or source.url or "",
                        # A file's path or pasted text is no address to fetch.
                        url=source.final_url or (source.url if source.origin == "url" else None),
                        snippet=passage.text if passage else hit.snippet,
                        site=source.site,
                        published=source.published,
                        source_id=source.id,
                        start=passage.start if passage else None,
                        end=passage.end if passage else None,
                    )
                )
        return candidates

    return lookup


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate as it arrives, already scored against the claim (for a streaming view)."""

    provider: str
    candidate: Candidate
    match: PassageMatch
    attached: bool


class CandidateRanker:
    """Scores candidates against one claim with the evidence matcher, one at a time as they
    arrive, and ranks them: best evidence score first, ties in arrival order."""

    def __init__(self, *, session: Session, claim_id: int) -> None:
        claim = storage.get_claim(session=session, claim_id=claim_id)
        self.claim_text = claim.text
        self.quantities = services._claim_quantities(session=session, claim=claim)
        self.claim_date = services._article_date(session=session, claim=claim)
        attached = storage.list_evidence(session=session, claim_id=claim_id)
        self.attached_ids = {source.id for _evidence, source in attached}
        self.attached_urls = {
            _url_key(url)
            for _evidence, source in attached
            for url in (source.url, source.final_url)
            if url
        }
        # The model itself, not the disk cache of passage vectors: a snippet is seen once,
        # and the cache rewrites its file for every new text.
        self._encoder = load_default_encoder()
        self._claim_vector: np.ndarray | None = None

    def score(self, candidate: Candidate) -> PassageMatch:
        """The evidence score of the candidate's snippet (its title and date as context),
        with meaning, as attach and search score a passage."""
        return self.score_many([candidate])[0]

    def score_many(self, candidates: Sequence[Candidate]) -> list[PassageMatch]:
        """:meth:`score` for several, their snippets encoded in one call."""
        matches: list[PassageMatch] = []
        for candidate in candidates:
            text = candidate.snippet or candidate.title
            start = candidate.start or 0
            passage = Passage(text=text, start=start, end=start + len(text))
            context = EvidenceContext(
                claim_date=self.claim_date,
                source_date=candidate.published,
                title=candidate.title if candidate.snippet else "",
            )
            matches.append(
                match_passage(
                    self.claim_text, passage, claim_quantities=self.quantities, context=context
                )
            )
        similarities = self._similarities([match.passage.text for match in matches])
        if similarities is None:
            return matches
        return [with_meaning(m, sim) for m, sim in zip(matches, similarities, strict=True)]

    def _similarities(self, texts: list[str]) -> list[float] | None:
        if self._encoder is None or not texts:
            return None
        try:
            if self._claim_vector is None:
                # The claim alone, as meaning_similarities encodes it for attach and search.
                self._claim_vector = np.asarray(
                    self._encoder.encode([self.claim_text]), dtype=np.float32
                )[0]
            vectors = np.asarray(self._encoder.encode(texts), dtype=np.float32)
        except EmbeddingsUnavailableError as error:
            report_fallback(error)
            self._encoder = None
            return None
        return [float(value) for value in vectors @ self._claim_vector]

    def scored(self, candidates: Sequence[Candidate]) -> list[Scored]:
        return [
            Scored(candidate.provider, candidate, match, self.attached(candidate))
            for candidate, match in zip(candidates, self.score_many(candidates), strict=True)
        ]

    def rank(self, arrived: Sequence[Scored]) -> list[RankedCandidate]:
        """Best evidence score first; one entry per address (or stored passage), which
        names the other providers that offered it too."""
        offered: dict[tuple[Any, ...], list[Scored]] = {}
        for item in arrived:
            offered.setdefault(_candidate_key(item.candidate), []).append(item)
        unique: list[tuple[Scored, list[str]]] = []
        for items in offered.values():
            # Which provider answered first is a race: the entry shown is chosen by what it
            # is (the address without a #fragment, then the best score, then the provider).
            best = min(items, key=_representative_order)
            others = sorted({item.provider for item in items} - {best.provider})
            unique.append((best, others))
        order = sorted(range(len(unique)), key=lambda index: (-unique[index][0].match.score, index))
        return [
            RankedCandidate(
                number=place,
                candidate=unique[index][0].candidate,
                match=unique[index][0].match,
                attached=unique[index][0].attached,
                also_from=tuple(unique[index][1]),
            )
            for place, index in enumerate(order, start=1)
        ]

    def attached(self, candidate: Candidate) -> bool:
        if candidate.source_id is not None and candidate.source_id in self.attached_ids:
            return True
        return bool(candidate.url) and _url_key(candidate.url or "") in self.attached_urls


def _url_key(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/").lower()


def _representative_order(item: Scored) -> tuple[bool, float, str]:
    url = item.candidate.url or ""
    return ("#" in url, -item.match.score, item.provider)


def _candidate_key(candidate: Candidate) -> tuple[Any, ...]:
    if candidate.source_id is not None:
        return ("stored", candidate.source_id, candidate.start, candidate.end)
    return ("url", _url_key(candidate.url or candidate.title))


class FindSearch:
    """One search for one claim: the query, the providers asked, and their answers scored as
    they arrive (:meth:`events`, for a view that streams them) and ranked (:meth:`ranked`).

    An unknown claim or provider raises here, before anything is asked; a provider that is
    not configured is in ``errors`` from the start.
    """

    def __init__(
        self,
        *,
        session: Session,
        claim_id: int,
        provider_names: Sequence[str] | None = None,
        query_text: str | None = None,
        config: ProviderConfig | None = None,
    ) -> None:
        config = config or load_config()
        self.query = claim_query(session=session, claim_id=claim_id, text=query_text, config=config)
        self.ranker = CandidateRanker(session=session, claim_id=claim_id)
        self.asked = list(dict.fromkeys(provider_names or providers.default_provider_names(config)))
        context = providers.FindContext(stored_lookup=stored_lookup(session, claim_id))
        self.providers, self.errors = providers.make_providers(self.asked, config, context)
        self.counts: dict[str, int] = {}
        self.arrived: list[Scored] = []
        # Nothing stays open while the providers answer (the stored one reads in its own
        # session).
        session.commit()

    async def events(self) -> AsyncIterator[Scored | providers.Failed | providers.Finished]:
        """Each candidate scored, as its provider's answer arrives; each provider's end."""
        async for batch in providers.stream_search_batches(self.providers, self.query):
            found = [event.candidate for event in batch if isinstance(event, providers.Found)]
            if found:
                scored = await asyncio.to_thread(self.ranker.scored, found)
                self.arrived.extend(scored)
                for item in scored:
                    yield item
            for event in batch:
                if isinstance(event, providers.Failed):
                    self.errors[event.provider] = event.message
                    yield event
                elif isinstance(event, providers.Finished):
                    self.counts[event.provider] = event.count
                    yield event

    def ranked(self) -> list[RankedCandidate]:
        return self.ranker.rank(self.arrived)

    def result(self) -> FindResult:
        return FindResult(
            query=self.query,
            asked=self.asked,
            candidates=self.ranked(),
            errors={name: self.errors[name] for name in self.asked if name in self.errors},
            counts=dict(self.counts),
        )


async def find_candidates(
    *,
    session: Session,
    claim_id: int,
    provider_names: Sequence[str] | None = None,
    query_text: str | None = None,
    config: ProviderConfig | None = None,
) -> FindResult:
    """Ask the providers (the named ones, else the configured ones) and rank their answers;
    a provider that cannot answer is listed in ``errors`` beside the others' candidates."""
    search = FindSearch(
        session=session,
        claim_id=claim_id,
        provider_names=provider_names,
        query_text=query_text,
        config=config,
    )
    async for _event in search.events():
        pass
    return search.result()


def result_json(result: FindResult, *, top: int | None = None) -> dict[str, Any]:
    """What `find --json` prints: the query, the ranked candidates, the providers' errors."""
    query = result.query
    return {
        "query": query.text,
        "query_edited": query.edited,
        "since": query.since.isoformat() if query.since else None,
        "until": query.until.isoformat() if query.until else None,
        "providers": result.asked,
        "answered": result.counts,  # provider -> candidates it offered
        "candidates": [
            {
                "n": ranked.number,
                "provider": ranked.candidate.provider,
                "also_from": list(ranked.also_from),
                "title": ranked.candidate.title,
                "url": ranked.candidate.url,
                "site": ranked.candidate.site,
                "published": ranked.candidate.published.isoformat()
                if ranked.candidate.published
                else None,
                "snippet": ranked.match.passage.text,
                "score": round(ranked.match.score, 2),
                "highlight_start": ranked.match.highlight_start,
                "highlight_end": ranked.match.highlight_end,
                "number_agreement": ranked.match.number_agreement,
                "stance": ranked.match.stance,
                "quantity_checks": [check.as_dict() for check in ranked.match.quantity_checks],
                "rating": ranked.candidate.rating,
                "source_id": ranked.candidate.source_id,
                "attached": ranked.attached,
            }
            for ranked in result.candidates[:top]
        ],
        "errors": [{"provider": name, "error": message} for name, message in result.errors.items()],
    }


# --- attaching a candidate ---------------------------------------------------------------------


def stored_document(source: Any) -> FetchedDocument:
    """A stored source as the document it was when attached: its snapshot, its text."""
    raw = storage.source_raw(source)
    fetched_at = source.fetched_at
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=dt.UTC)
    return FetchedDocument(
        origin=source.origin,
        requested_url=source.url,
        final_url=source.final_url,
        status_code=source.status_code,
        content_type=source.content_type,
        fetched_at=fetched_at,
        raw=raw,
        sha256=source.sha256,
        size=source.size,
        text=source.text,
        title=source.title,
        site=source.site,
        published=source.published,
    )


async def candidate_document(*, session: Session, candidate: Candidate) -> FetchedDocument:
    """The document to attach: a stored source's snapshot, else the page fetched from its
    address, always as a web address (a search result never names a local file)."""
    if candidate.source_id is not None:
        return stored_document(storage.get_source(session=session, source_id=candidate.source_id))
    if not candidate.url:
        raise providers.ProviderError(f"candidate {candidate.title!r} has no address")
    return await web.WebPage().acquire(candidate.url)


# --- the last ranked list, for `find --attach N` -----------------------------------------------


def cache_path(session: Session, claim_id: int) -> Path:
    """One file per database and claim (claim 7 of another database is another claim)."""
    database = session.get_bind().url.render_as_string(hide_password=True)  # type: ignore[union-attr]
    digest = hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]
    folder = Path(platformdirs.user_cache_dir(APP_NAME)) / "find"
    return folder / f"{digest}-claim-{claim_id}.json"


def save_ranked(session: Session, claim_id: int, result: FindResult) -> None:
    """Keep the ranked list (no keys: only the query and the candidates) for --attach."""
    data = {
        "saved": time.time(),
        "query": result.query.text,
        "providers": result.asked,
        "candidates": [_candidate_json(ranked.candidate) for ranked in result.candidates],
    }
    path = cache_path(session, claim_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # only --attach is slower: it searches again


def load_ranked(
    session: Session,
    claim_id: int,
    *,
    providers_asked: Sequence[str] | None,
    query_text: str | None,
) -> list[Candidate] | None:
    """The candidates of the last find of this claim, in rank order, if it is recent and
    asked the same (when providers or a query are given); else None."""
    try:
        data = json.loads(cache_path(session, claim_id).read_text(encoding="utf-8"))
        if time.time() - float(data["saved"]) > CACHE_SECONDS:
            return None
        if providers_asked and list(dict.fromkeys(providers_asked)) != data["providers"]:
            return None
        if query_text and " ".join(query_text.split()) != data["query"]:
            return None
        return [_candidate_from(item) for item in data["candidates"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _candidate_json(candidate: Candidate) -> dict[str, Any]:
    return {
        "provider": candidate.provider,
        "title": candidate.title,
        "url": candidate.url,
        "snippet": candidate.snippet,
        "site": candidate.site,
        "published": candidate.published.isoformat() if candidate.published else None,
        "source_id": candidate.source_id,
        "rating": candidate.rating,
        "start": candidate.start,
        "end": candidate.end,
    }


def _candidate_from(item: dict[str, Any]) -> Candidate:
    published = item.get("published")
    return Candidate(
        provider=str(item["provider"]),
        title=str(item["title"]),
        url=item.get("url"),
        snippet=str(item.get("snippet") or ""),
        site=item.get("site"),
        published=dt.date.fromisoformat(published) if published else None,
        source_id=item.get("source_id"),
        rating=item.get("rating"),
        start=item.get("start"),
        end=item.get("end"),
    )


# --- earlier fact-checks, for the app's find dialog --------------------------------------------


def add_earlier_fact_checks(search: FindSearch, *, session: Session, claim_id: int) -> int:
    """The imported fact-checks this claim restates (claim memory's matches, made at import),
    scored like any candidate and put among what the search has found, before any provider
    answers; returns how many. Each offers its review's address to attach."""
    seen = fact_checks_seen(session=session, claim_ids=[claim_id]).get(claim_id, [])
    session.commit()
    candidates = [
        Candidate(
            provider="fact-checks",
            title=f"{item.publisher or 'Fact-check'}: {item.text}",
            url=item.url,
            snippet=item.text,
            site=item.publisher,
            published=item.published,
            rating=item.rating,
        )
        for item in seen
    ]
    if candidates:
        search.arrived[:0] = search.ranker.scored(candidates)
    return len(candidates)
