"""What the command line and the app both do: import articles, attach sources, record verdicts."""

from __future__ import annotations

import datetime as dt
import getpass
import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from claim_workbench.acquisition import providers
from claim_workbench.acquisition.fetch import FetchedDocument
from claim_workbench.claims import ExtractedClaim, claim_from_text, extract_claims, parse_article
from claim_workbench.evidence.matching import (
    RERANK_DEPTH,
    EvidenceContext,
    PassageMatch,
    PassageMatcher,
    match_passage,
    meaning_similarities,
    rank_passages,
    with_meaning,
)
from claim_workbench.evidence.passages import Passage, split_passages
from claim_workbench.memory.claim_memory import SAME_CLAIM_THRESHOLD
from claim_workbench.review.claim_search import MemorySearch, passage_encoder, search_memory
from claim_workbench.store import storage
from claim_workbench.store.models import (
    Article,
    Claim,
    ClaimBase,
    Evidence,
    QuantityBase,
    Source,
    SourceBase,
)
from claim_workbench.text.clean import clean_article_text
from claim_workbench.text.quantities import Quantity as TextQuantity

log = logging.getLogger(__name__)


# An article with more claims than this is refused before anything is stored. Real articles
# have tens of claims and long reports a few thousand; a 14 MB text made 191,781, whose
# import held the database for half a minute and whose claim-memory step ran for minutes.
DEFAULT_MAX_CLAIMS = 5_000
MAX_CLAIMS_VARIABLE = "WORKBENCH_MAX_CLAIMS"

# Claim memory after an import compares each new claim with every claim reviewed before
# (about 3 ms a claim against 10,000 reviewed ones, lexical; more with the embeddings).
# It stops after this long: the most check-worthy claims go first, and a claim left over is
# simply not flagged "seen before" (`workbench similar ID` still finds its matches).
MEMORY_SECONDS = 30.0
# New claims searched between two looks at the clock.
MEMORY_CHUNK = 25
# Looking for published fact-checks a claim added by hand restates (one claim against every
# stored fact-check) stops after this long.
ADDED_CLAIM_MATCH_SECONDS = 10.0


class TooManyClaims(storage.StorageError):
    """The article has more claims than one article may have; nothing was stored."""


@dataclass(frozen=True, slots=True)
class MemoryOutcome:
    """What claim memory did for a new article: claims compared, of how many, flagged."""

    checked: int
    total: int
    found: int

    @property
    def complete(self) -> bool:
        return self.checked == self.total


@dataclass(slots=True)
class ImportResult:
    article: Article
    created: bool
    claim_count: int
    memory: MemoryOutcome | None = None  # None when the article was there already
    # What had to be repaired or guessed reading the document ("3 bytes were not valid
    # UTF-8 ..."): the article is stored, but the reviewer should know.
    warnings: tuple[str, ...] = ()


def max_claims_per_article() -> int:
    """WORKBENCH_MAX_CLAIMS, else DEFAULT_MAX_CLAIMS."""
    raw = os.environ.get(MAX_CLAIMS_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_MAX_CLAIMS
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise storage.StorageError(
            f"{MAX_CLAIMS_VARIABLE} must be a positive whole number, not {raw!r}"
        )
    return value


def _check_claim_count(count: int, limit: int) -> None:
    if count > limit:
        raise TooManyClaims(
            f"the article has {count:,} claims, more than the {limit:,} one article may have; "
            f"nothing was imported (split the text, or allow more with {MAX_CLAIMS_VARIABLE} "
            "or `workbench import --max-claims N`)"
        )


@dataclass(slots=True)
class AttachResult:
    source: Source
    evidence: list[Evidence]


class AttachCancelled(storage.StorageError):
    """The reviewer cancelled an attach before it was committed: nothing was stored."""


class AttachCancel:
    """Lets another thread cancel a store_source running in this one, up to its commit.

    Cancelling and committing exclude each other: either cancel() comes first, and the attach
    stops at its next check or at the latest just before its commit (storing nothing), or the
    commit has begun and cancel() returns False: the source is being stored.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._committing = False

    def cancel(self) -> bool:
        """Ask the attach to stop; False if it is already committing (too late)."""
        with self._lock:
            if self._committing:
                return False
            self._cancelled = True
            return True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def check(self) -> None:
        """Raise AttachCancelled if cancel() was called."""
        if self._cancelled:
            raise AttachCancelled("the attach was cancelled; nothing was stored")

    def begin_commit(self) -> None:
        """Called just before the commit: raise if cancelled, else refuse later cancels."""
        with self._lock:
            self.check()
            self._committing = True


def default_reviewer() -> str:
    """WORKBENCH_REVIEWER, else the login name."""
    name = os.environ.get("WORKBENCH_REVIEWER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


def _drafts(claims: list[ExtractedClaim]) -> list[storage.ClaimDraft]:
    return [
        storage.ClaimDraft(
            claim=ClaimBase(
                position=position,
                text=claim.text,
                start=claim.start,
                end=claim.end,
                label=claim.label,
                kinds=list(claim.kinds),
                check_worthiness=round(claim.check_worthiness, 4),
                speaker=claim.speaker,
                quote=claim.quote,
                speaker_is_organisation=claim.speaker_is_organisation if claim.speaker else None,
            ),
            quantities=[
                QuantityBase(
                    value=q.value,
                    unit=q.unit,
                    qualifier=q.qualifier,
                    text=q.text,
                    start=q.start,
                    end=q.end,
                )
                for q in claim.quantities
            ],
        )
        for position, claim in enumerate(claims)
    ]


def _store_article(
    *,
    session: Session,
    title: str,
    text: str,
    published: dt.date | None = None,
    url: str | None = None,
    max_claims: int | None = None,
) -> ImportResult:
    # Every way in (plain text, HTML, PDF, a URL) is cleaned alike: no terminal escapes or
    # control characters reach the stored text, the claims or the reports.
    title, text = clean_article_text(title), clean_article_text(text)
    # Extraction is the costly part: an article already stored is not extracted again.
    existing = storage.find_article_by_text(session=session, text=text)
    # No read transaction stays open while the text is extracted (commit, not rollback:
    # a rollback would expire the objects the caller holds).
    session.commit()
    if existing is None:
        limit = max_claims if max_claims is not None else max_claims_per_article()
        claims = extract_claims(text)
        _check_claim_count(len(claims), limit)
        article, created = storage.import_article(
            session=session,
            title=title,
            text=text,
            published=published,
            url=url,
            claims=_drafts(claims),
        )
        if created and article.id is not None:
            memory = remember_seen_claims(session=session, article_id=article.id)
            # Published fact-checks the new claims restate ("fact-checked before").
            from claim_workbench.review.factchecks import remember_fact_checks

            remember_fact_checks(session=session, article_id=article.id)
            return ImportResult(article, True, len(claims), memory)
        existing = article  # a colleague imported the same text at the same moment
    count = len(storage.list_claims(session=session, article_id=existing.id or 0))
    return ImportResult(existing, False, count)


def import_text(
    *, session: Session, raw: str, url: str | None = None, max_claims: int | None = None
) -> ImportResult:
    """Import a plain-text article (the ` date YYYY-MM-DD Headline` first line is understood).

    More claims than ``max_claims`` (default: max_claims_per_article()) is TooManyClaims.
    """
    if not raw.strip():
        raise storage.StorageError("the article is empty")
    parsed = parse_article(raw)
    if not parsed.text.strip():
        raise storage.StorageError("the article has a title but no text")
    return _store_article(
        session=session,
        title=parsed.title,
        text=parsed.text,
        published=parsed.published,
        url=url,
        max_claims=max_claims,
    )


def import_document(
    *, session: Session, document: FetchedDocument, max_claims: int | None = None
) -> ImportResult:
    """Import an article from a fetched page or read file (HTML went through trafilatura).

    Plain text keeps its own first line (` date YYYY-MM-DD Headline`) for title and date. Only
    a fetched page has a URL: a local file's path is not the article's address.
    """
    if document.content_type.startswith("text/plain"):
        result = import_text(
            session=session, raw=document.text, url=document.final_url, max_claims=max_claims
        )
    else:
        title = document.title or (document.text.strip().splitlines() or ["Untitled"])[0][:120]
        result = _store_article(
            session=session,
            title=title,
            text=document.text,
            published=document.published,
            url=document.final_url,
            max_claims=max_claims,
        )
    result.warnings = tuple(document.warnings)
    return result


def fetches_over_network(target: str) -> bool:
    """Whether fetch_source awaits the network for this target (else it reads a file)."""
    return providers.needs_network(target.strip())


async def fetch_source(
    target: str,
    *,
    title: str | None = None,
    origin_note: str | None = None,
    stdin: bool = False,
) -> FetchedDocument:
    """The document a typed reference names, acquired by its kind (acquisition.providers:
    a URL fetched over HTTP, ``-`` read from standard input when ``stdin``, else a file)."""
    return await providers.acquire(target, title=title, origin_note=origin_note, stdin=stdin)


def split_targets(text: str) -> list[str]:
    """What was typed in the attach field, as the targets the command line would take.

    URLs and file paths, separated by spaces or lines, may be mixed (`URL notes.pdf`). A path
    with spaces in it stays whole: words between two URLs that are no file alone are joined to
    the longest run naming a file that exists, and kept together if none does (so the error
    names what was typed). One target that is all the text is never split.
    """
    text = text.strip()
    if not text:
        return []
    words = [(match.start(), match.end()) for match in re.finditer(r"\S+", text)]
    if len(words) == 1 or _is_file(text):
        return [text]
    targets: list[str] = []
    run: list[tuple[int, int]] = []
    for start, end in words:
        if providers.stands_alone(text[start:end]):
            targets += _paths_in(text, run)
            run = []
            targets.append(text[start:end])
        else:
            run.append((start, end))
    return targets + _paths_in(text, run)


def _is_file(path: str) -> bool:
    try:
        return Path(path).expanduser().is_file()
    except (OSError, ValueError):
        return False


def _paths_in(text: str, words: list[tuple[int, int]]) -> list[str]:
    """Words between URLs as file paths: the longest runs that name existing files, else all
    of them as one."""
    if not words:
        return []
    paths: list[str] = []
    first = 0
    while first < len(words):
        for last in range(len(words), first, -1):
            candidate = text[words[first][0] : words[last - 1][1]]
            if _is_file(candidate):
                paths.append(candidate)
                first = last
                break
        else:
            return paths + [text[words[first][0] : words[-1][1]]]
    return paths


async def fetch_sources(targets: list[str]) -> list[FetchedDocument | Exception]:
    """Each target's document, or the error it gave, each kind acquiring its own batch: URLs
    fetched concurrently (fetch_many, which uses the extraction processes when the app has
    started them), files read in turn."""
    return await providers.acquire_many(targets)


async def import_target(
    *, session: Session, target: str, max_claims: int | None = None
) -> ImportResult:
    """Import an article from a URL, an HTML file or a text file."""
    document = await fetch_source(target)
    return import_document(session=session, document=document, max_claims=max_claims)


def _claim_quantities(*, session: Session, claim: Claim) -> list[TextQuantity]:
    """The claim's stored quantities with offsets into the claim's own text.

    They are stored with offsets into the article; the matcher reads the words around each
    number in the claim text (the unit of "82" after "killing", the subject of a bare number).
    """
    assert claim.id is not None
    stored = storage.quantities_for(session=session, claim_ids=[claim.id])[claim.id]
    return [
        TextQuantity(
            value=q.value,
            unit=q.unit,
            qualifier=q.qualifier,
            text=q.text,
            start=q.start - claim.start,
            end=q.end - claim.start,
        )
        for q in stored
    ]


def _article_date(*, session: Session, claim: Claim) -> dt.date | None:
    """The published date of the claim's article, which each source's date is compared with."""
    return storage.get_article(session=session, article_id=claim.article_id).published


def store_source(
    *,
    session: Session,
    claim_id: int,
    document: FetchedDocument,
    reviewer: str,
    top_k: int = 5,
    cancel: AttachCancel | None = None,
) -> AttachResult:
    """Match a fetched document's passages against a claim and store the snapshot and the best.

    With ``cancel``, a cancel from another thread stops it between steps or, at the latest,
    just before the commit (AttachCancelled; the session is rolled back, nothing is stored).
    """
    cancel = cancel or AttachCancel()
    claim = storage.get_claim(session=session, claim_id=claim_id)
    quantities = _claim_quantities(session=session, claim=claim)
    context = EvidenceContext(
        claim_date=_article_date(session=session, claim=claim),
        source_date=document.published,
        title=document.title or "",
    )
    cancel.check()
    passages = split_passages(document.text)
    cancel.check()
    matches = rank_passages(
        claim.text,
        passages,
        claim_quantities=quantities,
        top_k=top_k,
        encoder=passage_encoder(),
        context=context,
        relevant_only=True,
    )
    cancel.check()
    drafts = [
        storage.EvidenceDraft(
            passage=m.passage.text,
            start=m.passage.start,
            end=m.passage.end,
            score=round(m.score, 2),
            highlight_start=m.highlight_start,
            highlight_end=m.highlight_end,
            number_agreement=m.number_agreement,
            suggested_stance=m.stance,
            quantity_checks=[check.as_dict() for check in m.quantity_checks],
        )
        for m in matches
    ]
    if not drafts:
        # No passage reaches the relevance floor (another topic, a paraphrase, another
        # language): the reviewer still chose this source, so it stays linked to the claim by
        # one row that says so, with no passage and no score.
        drafts = [
            storage.EvidenceDraft(
                passage="",
                start=0,
                end=0,
                score=0.0,
                highlight_start=0,
                highlight_end=0,
                number_agreement="none",
                suggested_stance="unclear",
                no_passage=True,
            )
        ]
    source = SourceBase(
        origin=document.origin,
        url=document.requested_url,
        final_url=document.final_url,
        title=document.title,
        site=document.site,
        published=document.published,
        fetched_at=document.fetched_at,
        status_code=document.status_code,
        content_type=document.content_type,
        text=document.text,
        sha256=document.sha256,
        size=document.size,
    )

    # The last check runs inside the commit (before_commit), under the same lock as cancel():
    # a cancel that arrives while the rows are being written still stores nothing.
    def before_commit(_session: Session) -> None:
        cancel.begin_commit()

    event.listen(session, "before_commit", before_commit)
    try:
        stored, evidence = storage.attach_source(
            session=session,
            claim_id=claim_id,
            source=source,
            raw=document.raw,
            evidence=drafts,
            reviewer=reviewer,
        )
    finally:
        event.remove(session, "before_commit", before_commit)
    return AttachResult(stored, evidence)


# --- search across every stored source ------------------------------------------------------


@dataclass(slots=True)
class SearchHit:
    source: Source
    match: PassageMatch


def search_sources(*, session: Session, claim_id: int, top_k: int = 10) -> list[SearchHit]:
    """The passages, across every stored source, that best speak to a claim.

    The matcher, indexing every stored passage, picks which ``top_k`` to show; they are
    ordered and scored by the evidence score, as attach stores them and the app and reports
    show them, so the same passage has the same score and place everywhere.
    """
    claim = storage.get_claim(session=session, claim_id=claim_id)
    quantities = _claim_quantities(session=session, claim=claim)
    claim_date = _article_date(session=session, claim=claim)
    pool: list[tuple[Source, Passage]] = [
        (source, passage)
        for source in storage.list_sources(session=session)
        for passage in split_passages(source.text)
    ]
    if not pool:
        return []
    # The source's title is indexed with each of its passages (never shown): a passage often
    # leaves its subject to the headline.
    encoder = passage_encoder()
    matcher = PassageMatcher(
        [passage.text for _source, passage in pool],
        contexts=[source.title or "" for source, _passage in pool],
        encoder=encoder,
        rerank_depth=RERANK_DEPTH,
    )
    candidates: list[SearchHit] = []
    for index, _score in matcher.rank(claim.text, top_k=top_k * 4):
        source, passage = pool[index]
        context = EvidenceContext(
            claim_date=claim_date, source_date=source.published, title=source.title or ""
        )
        match = match_passage(claim.text, passage, claim_quantities=quantities, context=context)
        candidates.append(SearchHit(source, match))
    if matcher.semantic:  # scored by meaning too, as attach scores them (rank_passages)
        similarities = meaning_similarities(
            encoder, claim.text, [hit.match.passage.text for hit in candidates]
        )
        if similarities is not None:
            candidates = [
                SearchHit(hit.source, with_meaning(hit.match, similarity))
                for hit, similarity in zip(candidates, similarities, strict=True)
            ]
    candidates.sort(key=lambda hit: -hit.match.score)  # stable: the matcher's order breaks ties
    # Windows overlap the sentences they contain: keep only the better of overlapping passages,
    # by the evidence score (as rank_passages does for attach), not by the matcher's order.
    hits: list[SearchHit] = []
    for candidate in candidates:
        passage = candidate.match.passage
        if any(
            hit.source.id == candidate.source.id
            and hit.match.passage.start < passage.end
            and passage.start < hit.match.passage.end
            for hit in hits
        ):
            continue
        hits.append(candidate)
        if len(hits) == top_k:
            break
    return hits


# --- claim memory ----------------------------------------------------------------------------


@dataclass(slots=True)
class SimilarClaim:
    claim: Claim
    score: float
    relation: str  # "same" or "related" (the numbers differ)


def similar_claims(*, session: Session, claim_id: int, top_k: int = 5) -> list[SimilarClaim]:
    """Earlier reviewed claims (in other articles) most like this one, best first."""
    claim = storage.get_claim(session=session, claim_id=claim_id)
    earlier = storage.reviewed_claims(session=session, exclude_article_id=claim.article_id)
    if not earlier:
        return []
    (matches,) = search_memory(earlier, [claim.text], top_k=top_k)
    return [SimilarClaim(earlier[m.index], m.score, m.relation) for m in matches]


def remember_seen_claims(
    *, session: Session, article_id: int, time_budget: float | None = None
) -> MemoryOutcome:
    """Mark each claim of an article with its best earlier reviewed match, if it has one.

    Bounded by ``time_budget`` seconds of searching (default MEMORY_SECONDS): the claims
    most worth checking are compared first, and those left when the time is up stay
    unflagged.
    """
    time_budget = MEMORY_SECONDS if time_budget is None else time_budget
    earlier = storage.reviewed_claims(session=session, exclude_article_id=article_id)
    claims = storage.list_claims(session=session, article_id=article_id, sort="score")
    # The search can take a while: no read transaction stays open meanwhile (commit, not
    # rollback, which would expire the caller's objects, the new article among them).
    session.commit()
    if not earlier or not claims:
        return MemoryOutcome(checked=len(claims) if not earlier else 0, total=len(claims), found=0)
    deadline = time.monotonic() + time_budget
    # Encoding reviewed claims the cache lacks may take half the time, no more: the other
    # half is for searching.
    memory = MemorySearch(earlier, build_deadline=time.monotonic() + time_budget / 2)
    found: list[tuple[int, int, float, str]] = []
    checked = 0
    while checked < len(claims) and time.monotonic() < deadline:
        chunk = claims[checked : checked + MEMORY_CHUNK]
        searched = memory.search([claim.text for claim in chunk], top_k=1)
        for claim, best in zip(chunk, searched, strict=True):
            if best and best[0].score >= SAME_CLAIM_THRESHOLD and claim.id is not None:
                match = best[0]
                found.append((claim.id, earlier[match.index].id or 0, match.score, match.relation))
        checked += len(chunk)
    if checked < len(claims):
        log.warning(
            "claim memory compared %d of %d claims of article %d in %.0f s",
            checked,
            len(claims),
            article_id,
            time_budget,
        )
    storage.set_seen_before(session=session, matches=found)
    return MemoryOutcome(checked=checked, total=len(claims), found=len(found))


# --- claims added by hand --------------------------------------------------------------------


@dataclass(slots=True)
class AddedClaim:
    claim: Claim
    typed: bool  # True when the words are not in the article text (kept as typed)


def add_claim(
    *,
    session: Session,
    article_id: int,
    text: str,
    reviewer: str,
    start: int | None = None,
    end: int | None = None,
) -> AddedClaim:
    """Add a claim the extractor missed: words selected in the article (``start``, ``end``)
    or typed. Typed words found in the article text take their place there (spacing and line
    breaks aside); others, such as the headline, are stored as typed."""
    words = " ".join(text.split())
    if not words:
        raise storage.StorageError("type the claim's words, or select them in the article")
    article = storage.get_article(session=session, article_id=article_id)
    span = _span_in(article.text, text, start, end)
    if span is None:
        extracted = claim_from_text(words)
    else:
        extracted = claim_from_text(article.text[span[0] : span[1]], span[0])
    claim = storage.add_claim(
        session=session,
        article_id=article_id,
        draft=_drafts([extracted])[0],
        reviewer=reviewer,
        typed=span is None,
    )
    # The claim is stored; published fact-checks it restates are looked for after (a failure
    # there loses no claim: the next fact-check import matches it).
    if claim.id is not None:
        from claim_workbench.review.factchecks import remember_fact_checks

        try:
            remember_fact_checks(
                session=session,
                article_id=article_id,
                claim_ids=[claim.id],
                time_budget=ADDED_CLAIM_MATCH_SECONDS,
            )
        except SQLAlchemyError as error:
            session.rollback()
            trouble = storage.database_trouble(error)
            log.warning("claim %s not matched with fact-checks: %s", claim.id, trouble)
    return AddedClaim(claim, typed=span is None)


def _span_in(article: str, text: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """Where the words are in the article: at the given offsets (less surrounding spaces),
    else their first occurrence, however they are spaced; None if they are not there."""
    if start is not None and end is not None and 0 <= start < end <= len(article):
        while start < end and article[start].isspace():
            start += 1
        while end > start and article[end - 1].isspace():
            end -= 1
        if start < end and " ".join(article[start:end].split()) == " ".join(text.split()):
            return start, end
    pattern = r"\s+".join(re.escape(word) for word in text.split())
    found = re.search(pattern, article)
    return (found.start(), found.end()) if found else None
