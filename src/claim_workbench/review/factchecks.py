"""Earlier fact-checks published elsewhere: importing them, and finding the claims they cover.

Matching is claim memory's (memory.claim_memory: BM25 candidates, plus the nearest sentence
embeddings, re-ranked), run the way claim memory runs after an article import: the imported
fact-checks are the indexed "earlier" claims, stored claims are the queries, and a match
scoring SAME_CLAIM_THRESHOLD or more is stored, so that showing "fact-checked before" beside a
claim is one small read. Matches are looked for when fact-checks are imported (against every
stored claim), when an article is imported (its claims against every stored fact-check) and
when a reviewer adds a claim by hand.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from claim_workbench.acquisition.claimreview import read_fact_check_file
from claim_workbench.memory.claim_memory import SAME_CLAIM_THRESHOLD
from claim_workbench.review.claim_search import MemorySearch
from claim_workbench.store import factchecks as store
from claim_workbench.store.models import FactCheck, FactCheckBase

log = logging.getLogger(__name__)

# Matching stored claims with the fact-checks takes about this long at most: half for encoding
# the fact-checks the vector cache lacks (past that, this run matches by words and the cache
# keeps what was encoded, as claim memory does), half for searching, most check-worthy claims
# first. MiniLM encodes 10,000 fact-checks in 1-3 minutes here: the first import of a large
# file matches by words, later imports find the vectors cached.
MATCH_SECONDS = 20.0
# Fact-checks encoded between two looks at the clock: a thousand (claim memory's chunk) took
# 30-40 s on a busy machine, past any deadline; each chunk also rewrites the vector cache file.
ENCODE_CHUNK = 250
# Fact-checks kept per claim.
MATCHES_PER_CLAIM = 3
_SEARCH_CHUNK = 25


@dataclass(frozen=True, slots=True)
class _Text:
    text: str


@dataclass(frozen=True, slots=True)
class FactCheckImport:
    """What an import did."""

    kind: str  # "JSON-LD", "HTML page" or "CSV"
    read: int  # fact-checks in the file
    added: int
    already: int  # stored before (or twice in the file)
    skipped: int  # ClaimReviews without a claim text
    claims_checked: int
    claims_total: int
    matched_claims: int  # stored claims now shown as fact-checked before


def import_fact_check_file(
    *, session: Session, path: Path, time_budget: float | None = None
) -> FactCheckImport:
    """Read ``path`` (see acquisition.claimreview) and import it: all or nothing."""
    parsed = read_fact_check_file(path)
    return import_fact_checks(
        session=session,
        fact_checks=parsed.fact_checks,
        kind=parsed.kind,
        skipped=parsed.skipped,
        time_budget=time_budget,
    )


def import_fact_checks(
    *,
    session: Session,
    fact_checks: list[FactCheckBase],
    kind: str = "JSON-LD",
    skipped: int = 0,
    time_budget: float | None = None,
) -> FactCheckImport:
    """Store the fact-checks not stored yet, with the stored claims that restate them, in one
    transaction. Matching runs first, with nothing written yet: an import that fails or is
    interrupted leaves the database as it was."""
    unique: dict[str, FactCheckBase] = {}
    for fact_check in fact_checks:
        unique.setdefault(store.fact_check_key(fact_check.url, fact_check.text), fact_check)
    known = store.stored_keys(session=session, keys=unique)
    new_keys = [key for key in unique if key not in known]
    new = [unique[key] for key in new_keys]
    stored = store.fact_check_texts(session=session)
    claims = store.claims_to_match(session=session)
    session.commit()  # no read transaction stays open while matching runs

    matches_new: list[tuple[int, int, float, str]] = []
    checked = 0
    if new and claims:
        # Every fact-check is indexed (a claim's best match may be an older one), but only
        # links to the new ones are new: the others were made when they were imported.
        texts = [text for _id, text in stored] + [fact_check.text for fact_check in new]
        found, checked = _search(texts, [text for _id, text in claims], time_budget)
        for (claim_id, _text), best in zip(claims, found, strict=False):
            for index, score, relation in best:
                if index >= len(stored):
                    matches_new.append((claim_id, index - len(stored), score, relation))
    store.save_fact_checks(
        session=session,
        fact_checks=new,
        keys=new_keys,
        matches_new=matches_new,
    )
    return FactCheckImport(
        kind=kind,
        read=len(fact_checks),
        added=len(new),
        already=len(fact_checks) - len(new),
        skipped=skipped,
        claims_checked=checked if new else len(claims),
        claims_total=len(claims),
        matched_claims=len({claim_id for claim_id, *_ in matches_new}),
    )


def remember_fact_checks(
    *,
    session: Session,
    article_id: int,
    claim_ids: list[int] | None = None,
    time_budget: float | None = None,
) -> int:
    """Link an article's claims (or only ``claim_ids`` of them) to the stored fact-checks
    they restate; how many claims."""
    if store.fact_check_count(session=session) == 0:
        return 0
    stored = store.fact_check_texts(session=session)
    claims = store.claims_to_match(session=session, article_id=article_id, claim_ids=claim_ids)
    session.commit()
    if not claims:
        return 0
    found, _checked = _search(
        [text for _id, text in stored], [text for _id, text in claims], time_budget
    )
    links = [
        (claim_id, stored[index][0], score, relation)
        for (claim_id, _text), best in zip(claims, found, strict=False)
        for index, score, relation in best
    ]
    store.save_fact_check_matches(session=session, matches=links)
    return len({link[0] for link in links})


def _search(
    indexed: list[str], queries: list[str], time_budget: float | None
) -> tuple[list[list[tuple[int, float, str]]], int]:
    """Each query's matches among ``indexed`` scoring SAME_CLAIM_THRESHOLD or more, as
    (index, score, relation), for the queries searched before the time ran out."""

    budget = MATCH_SECONDS if time_budget is None else time_budget
    memory = MemorySearch(
        [_Text(text) for text in indexed],  # type: ignore[arg-type]
        build_deadline=time.monotonic() + budget / 2,
        encode_chunk=ENCODE_CHUNK,
    )
    # Searching gets its half whatever the encoding took (it checks its deadline between
    # chunks of texts, so it can overrun by one).
    deadline = time.monotonic() + budget / 2
    found: list[list[tuple[int, float, str]]] = []
    while len(found) < len(queries) and time.monotonic() < deadline:
        chunk = queries[len(found) : len(found) + _SEARCH_CHUNK]
        for matches in memory.search(chunk, top_k=MATCHES_PER_CLAIM):
            found.append(
                [(m.index, m.score, m.relation) for m in matches if m.score >= SAME_CLAIM_THRESHOLD]
            )
    if len(found) < len(queries):
        log.warning(
            "fact-check matching compared %d of %d claims in %.0f s",
            len(found),
            len(queries),
            budget,
        )
    return found, len(found)


@dataclass(frozen=True, slots=True)
class SimilarFactCheck:
    fact_check: FactCheck
    score: float
    relation: str

    def line(self) -> str:
        fact_check = self.fact_check
        return store.fact_checked_line(
            fact_check.publisher, fact_check.rating, fact_check.published
        )


def similar_fact_checks(
    *, session: Session, claim_text: str, top_k: int = 5
) -> list[SimilarFactCheck]:
    """The stored fact-checks most like ``claim_text``, best first (searched now, any score)."""
    stored = store.fact_check_texts(session=session)
    session.commit()
    if not stored or not claim_text.strip():
        return []

    # Fact-checks the vector cache lacks are encoded for a few seconds at most (then words).
    memory = MemorySearch(
        [_Text(text) for _id, text in stored],  # type: ignore[arg-type]
        build_deadline=time.monotonic() + MATCH_SECONDS / 2,
        encode_chunk=ENCODE_CHUNK,
    )
    (matches,) = memory.search([claim_text], top_k=top_k)

    rows = store.get_fact_checks(session=session, ids=[stored[m.index][0] for m in matches])
    return [
        SimilarFactCheck(rows[stored[m.index][0]], m.score, m.relation)
        for m in matches
        if stored[m.index][0] in rows
    ]
