"""What the command line and the app both do: import articles, attach sources, record verdicts."""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import event
from sqlmodel import Session

from db import storage
from db.engine import APP_NAME
from db.models import Article, Claim, ClaimBase, Evidence, QuantityBase, Source, SourceBase
from sources.embeddings import CachedEncoder, EmbeddingsUnavailableError, load_default_encoder
from sources.fetch import (
    FetchedDocument,
    SourceError,
    fetch_many,
    fetch_url,
    looks_like_url,
    read_file,
    shared_client,
)
from sources.matching import PassageMatch, PassageMatcher, match_passage, rank_passages
from sources.memory import SAME_CLAIM_THRESHOLD, ClaimMemoryIndex, MemoryMatch
from sources.passages import Passage, split_passages
from sources.quantities import Quantity as TextQuantity
from workbench.claims import ExtractedClaim, claim_from_text, extract_claims, parse_article

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ImportResult:
    article: Article
    created: bool
    claim_count: int


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
) -> ImportResult:
    # Extraction is the costly part: an article already stored is not extracted again.
    existing = storage.find_article_by_text(session=session, text=text)
    if existing is None:
        claims = extract_claims(text)
        article, created = storage.import_article(
            session=session,
            title=title,
            text=text,
            published=published,
            url=url,
            claims=_drafts(claims),
        )
        if created and article.id is not None:
            remember_seen_claims(session=session, article_id=article.id)
            return ImportResult(article, True, len(claims))
        existing = article  # a colleague imported the same text at the same moment
    count = len(storage.list_claims(session=session, article_id=existing.id or 0))
    return ImportResult(existing, False, count)


def import_text(*, session: Session, raw: str, url: str | None = None) -> ImportResult:
    """Import a plain-text article (the ` date YYYY-MM-DD Headline` first line is understood)."""
    if not raw.strip():
        raise storage.StorageError("the article is empty")
    parsed = parse_article(raw)
    if not parsed.text.strip():
        raise storage.StorageError("the article has a title but no text")
    return _store_article(
        session=session, title=parsed.title, text=parsed.text, published=parsed.published, url=url
    )


def import_document(*, session: Session, document: FetchedDocument) -> ImportResult:
    """Import an article from a fetched page or read file (HTML went through trafilatura).

    Plain text keeps its own first line (` date YYYY-MM-DD Headline`) for title and date. Only
    a fetched page has a URL: a local file's path is not the article's address.
    """
    if document.content_type.startswith("text/plain"):
        return import_text(session=session, raw=document.text, url=document.final_url)
    title = document.title or (document.text.strip().splitlines() or ["Untitled"])[0][:120]
    return _store_article(
        session=session,
        title=title,
        text=document.text,
        published=document.published,
        url=document.final_url,
    )


async def fetch_source(target: str) -> FetchedDocument:
    """A URL is fetched over HTTP; anything else is read as a local file."""
    target = target.strip()
    if not target:
        raise SourceError("nothing to fetch: give a URL or a file path")
    if looks_like_url(target):
        return await fetch_url(target, client=shared_client())
    return read_file(target)


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
        if looks_like_url(text[start:end]):
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
    """Each target's document, or the error it gave: URLs fetched concurrently (fetch_many,
    which uses the extraction processes when the app has started them), files read in turn."""
    urls = [target.strip() for target in targets if looks_like_url(target.strip())]
    fetched = iter(await fetch_many(urls, client=shared_client()) if urls else [])
    outcomes: list[FetchedDocument | Exception] = []
    for target in targets:
        if looks_like_url(target.strip()):
            outcomes.append(next(fetched))
            continue
        try:
            outcomes.append(read_file(target.strip()))
        except (SourceError, OSError) as error:
            outcomes.append(error)
    return outcomes


async def import_target(*, session: Session, target: str) -> ImportResult:
    """Import an article from a URL, an HTML file or a text file."""
    return import_document(session=session, document=await fetch_source(target))


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
    cancel.check()
    passages = split_passages(document.text)
    cancel.check()
    matches = rank_passages(claim.text, passages, claim_quantities=quantities, top_k=top_k)
    cancel.check()
    if not matches and passages:
        # Nothing shares a word with the claim (a paraphrase, another language): the reviewer
        # still chose this source, so it stays linked through its opening passage, scored 0.
        matches = [match_passage(claim.text, passages[0], score=0.0, claim_quantities=quantities)]
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
        )
        for m in matches
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
    """The passages, across every stored source, that best speak to a claim."""
    claim = storage.get_claim(session=session, claim_id=claim_id)
    quantities = _claim_quantities(session=session, claim=claim)
    pool: list[tuple[Source, Passage]] = [
        (source, passage)
        for source in storage.list_sources(session=session)
        for passage in split_passages(source.text)
    ]
    if not pool:
        return []
    # The source's title is indexed with each of its passages (never shown): a passage often
    # leaves its subject to the headline.
    matcher = PassageMatcher(
        [passage.text for _source, passage in pool],
        contexts=[source.title or "" for source, _passage in pool],
    )
    hits: list[SearchHit] = []
    # Windows overlap the sentences they contain: keep only the better of overlapping passages.
    for index, score in matcher.rank(claim.text, top_k=top_k * 4):
        source, passage = pool[index]
        if any(
            hit.source.id == source.id
            and hit.match.passage.start < passage.end
            and passage.start < hit.match.passage.end
            for hit in hits
        ):
            continue
        match = match_passage(claim.text, passage, score=score, claim_quantities=quantities)
        hits.append(SearchHit(source, match))
        if len(hits) == top_k:
            break
    return hits


# --- claim memory ----------------------------------------------------------------------------


@dataclass(slots=True)
class SimilarClaim:
    claim: Claim
    score: float
    relation: str  # "same" or "related" (the numbers differ)


@functools.cache
def _memory_encoder() -> CachedEncoder | None:
    """The optional sentence encoder (the `embeddings` extra), with vectors cached on disk."""
    encoder = load_default_encoder()
    if encoder is None:
        return None
    cache = Path(platformdirs.user_cache_dir(APP_NAME)) / f"vectors-{encoder.name}.npz"
    return CachedEncoder(encoder, cache)


def _search_memory(
    earlier: list[Claim], queries: list[str], *, top_k: int
) -> list[list[MemoryMatch]]:
    """Each query's best earlier claims; lexical alone if the embedding model cannot load.

    A broken or half-installed model (its one-time build failed, a file is missing) must not
    stop an import: the reviewer loses some recall, and the log says why.
    """
    texts = [claim.text for claim in earlier]
    encoder = None if _encoder_failed.is_set() else _memory_encoder()
    try:
        memory = ClaimMemoryIndex(texts, encoder=encoder)
        return [memory.search(query, top_k=top_k) for query in queries]
    except EmbeddingsUnavailableError as error:
        _encoder_failed.set()
        log.warning("claim memory falls back to word matching: %s", error)
    memory = ClaimMemoryIndex(texts)
    return [memory.search(query, top_k=top_k) for query in queries]


_encoder_failed = threading.Event()


def similar_claims(*, session: Session, claim_id: int, top_k: int = 5) -> list[SimilarClaim]:
    """Earlier reviewed claims (in other articles) most like this one, best first."""
    claim = storage.get_claim(session=session, claim_id=claim_id)
    earlier = storage.reviewed_claims(session=session, exclude_article_id=claim.article_id)
    if not earlier:
        return []
    (matches,) = _search_memory(earlier, [claim.text], top_k=top_k)
    return [SimilarClaim(earlier[m.index], m.score, m.relation) for m in matches]


def remember_seen_claims(*, session: Session, article_id: int) -> int:
    """Mark each claim of an article with its best earlier reviewed match; returns how many."""
    earlier = storage.reviewed_claims(session=session, exclude_article_id=article_id)
    if not earlier:
        return 0
    claims = storage.list_claims(session=session, article_id=article_id)
    found: list[tuple[int, int, float, str]] = []
    searched = _search_memory(earlier, [claim.text for claim in claims], top_k=1)
    for claim, best in zip(claims, searched, strict=True):
        if best and best[0].score >= SAME_CLAIM_THRESHOLD and claim.id is not None:
            match = best[0]
            found.append((claim.id, earlier[match.index].id or 0, match.score, match.relation))
    storage.set_seen_before(session=session, matches=found)
    return len(found)


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
