"""Storage functions: each user action is one call and one committed transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic_core import PydanticUndefined
from sqlalchemy import and_, delete, func, insert, or_, update
from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlmodel import Session, SQLModel, col, select

from claim_workbench.store.models import (
    VERDICTS,
    Article,
    Claim,
    ClaimBase,
    ClaimStatus,
    Evidence,
    Quantity,
    QuantityBase,
    ReviewEvent,
    Source,
    SourceBase,
    Stance,
    utcnow,
)

# The claim's fields a review action changes, kept in its audit event so undo can put them back.
REVIEW_FIELDS = (
    "status",
    "note",
    "note_by",
    "note_status",
    "speaker",
    "speaker_is_organisation",
    "label",
    "reviewer",
)


class StorageError(Exception):
    """A refused action, with one line for the user."""


class NotFound(StorageError):
    pass


class VersionConflict(StorageError):
    """Someone else changed the claim since the version the writer expected."""

    def __init__(self, claim: Claim, expected_version: int) -> None:
        self.claim = claim
        self.expected_version = expected_version
        who = claim.reviewer or "someone"
        super().__init__(
            f"claim {claim.id} was changed by {who} (now {claim.status}, version {claim.version}; "
            f"you expected version {expected_version}): reload it and try again"
        )


class UnknownVersion(StorageError):
    """The writer expected a version the claim has never had (a typo, not a colleague)."""

    def __init__(self, claim: Claim, expected_version: int) -> None:
        self.claim = claim
        self.expected_version = expected_version
        super().__init__(
            f"claim {claim.id} has never been at version {expected_version}; "
            f"it is at version {claim.version}"
        )


DatabaseTroubleKind = Literal["busy", "unreachable", "failed"]


class DatabaseTrouble(StorageError):
    """The database could not carry out the action (nothing was changed): it is busy
    (locked by a long write), unreachable (server stopped, network gone), or it failed.

    The message is for the reviewer: no SQL, no table or driver names.
    """

    MESSAGES: dict[DatabaseTroubleKind, str] = {
        "busy": "the database is busy",
        "unreachable": "the database is unreachable",
        "failed": "the database could not do it",
    }

    def __init__(self, kind: DatabaseTroubleKind) -> None:
        self.kind = kind
        super().__init__(self.MESSAGES[kind])


# SQLSTATE classes and codes (PostgreSQL) that mean "try again": transaction rollback
# (serialization failure, deadlock), lock not available, statement timeout.
_BUSY_SQLSTATE_CLASSES = ("40",)
_BUSY_SQLSTATES = frozenset({"55P03", "57014"})
# Connection exception, and the server shutting down or starting up.
_UNREACHABLE_SQLSTATE_CLASSES = ("08",)
_UNREACHABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})
_BUSY_WORDS = ("database is locked", "database table is locked", "database is busy")
_UNREACHABLE_WORDS = (
    "unable to open database",
    "disk i/o error",
    "connection",
    "server closed",
    "could not connect",
    "terminating",
    "the database system is",
)


def database_trouble(error: SQLAlchemyError) -> DatabaseTrouble:
    """What a database error means for the person waiting on it: busy, unreachable, failed."""
    original = getattr(error, "orig", None)
    sqlstate = getattr(original, "sqlstate", None) or ""
    words = str(original if original is not None else error).lower()
    if isinstance(error, PoolTimeoutError):
        return DatabaseTrouble("busy")
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return DatabaseTrouble("unreachable")
    if sqlstate.startswith(_BUSY_SQLSTATE_CLASSES) or sqlstate in _BUSY_SQLSTATES:
        return DatabaseTrouble("busy")
    if sqlstate.startswith(_UNREACHABLE_SQLSTATE_CLASSES) or sqlstate in _UNREACHABLE_SQLSTATES:
        return DatabaseTrouble("unreachable")
    if any(phrase in words for phrase in _BUSY_WORDS):
        return DatabaseTrouble("busy")
    if isinstance(error, InterfaceError) or any(phrase in words for phrase in _UNREACHABLE_WORDS):
        return DatabaseTrouble("unreachable")
    return DatabaseTrouble("failed")


@dataclass(slots=True)
class ClaimDraft:
    """A claim to store with its quantities (built by the caller from extraction results)."""

    claim: ClaimBase
    quantities: list[QuantityBase] = field(default_factory=list)


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# --- articles and claims -------------------------------------------------------------------


# An import writes its claims in batches of this many, each in its own short transaction:
# on SQLite a write locks the whole file, and a colleague's verdict must wait for one batch
# (tens of milliseconds), not for the whole article.
IMPORT_BATCH_CLAIMS = 500
# After each batch, SQLite gets this long without our lock. A waiting writer retries every
# 100 ms at most (SQLite's busy handler), so it gets in between two batches instead of
# waiting for the last. PostgreSQL locks rows, not the database: it needs no pause.
SQLITE_BATCH_PAUSE = 0.1
# While its claims are being written an article is hidden: its text_sha256 holds this
# prefix and a random token instead of the text's hash, so no listing, no lookup by text and
# no lookup by id finds it. The last step puts the real hash in; a failure deletes it.
IMPORTING_PREFIX = "importing:"
# An article still hidden this long after its import began was left by a process that died
# mid-import (a clean failure deletes its own); the next import deletes it.
ABANDONED_IMPORT_AFTER = dt.timedelta(hours=1)


def _import_finished() -> Any:
    """A WHERE clause for the articles whose import has finished."""
    return col(Article.text_sha256).not_like(f"{IMPORTING_PREFIX}%")


def find_article_by_text(*, session: Session, text: str) -> Article | None:
    return session.exec(select(Article).where(Article.text_sha256 == sha256_hex(text))).first()


def import_article(
    *,
    session: Session,
    title: str,
    text: str,
    claims: Sequence[ClaimDraft],
    published=None,  # type: ignore[no-untyped-def]
    url: str | None = None,
    batch_size: int | None = None,
    between_batches: Callable[[int, int], None] | None = None,
) -> tuple[Article, bool]:
    """Store an article and its claims; returns (article, created). Same text twice: the first.

    The claims go in in batches of ``batch_size`` (default IMPORT_BATCH_CLAIMS), each
    committed on its own, so that
    nobody waits for the whole import; until the last batch the article is hidden (see
    IMPORTING_PREFIX), and if anything fails its rows are deleted again, so a reader sees
    the whole article or none of it. ``between_batches(done, total)`` is called after each
    batch (progress; tests use it to fail an import half-way).
    """
    existing = find_article_by_text(session=session, text=text)
    if existing is not None:
        return existing, False
    _delete_abandoned_imports(session=session)
    # Rows are built before any lock is taken: building them is most of an import's time.
    # Plain rows in batched INSERTs (claims with RETURNING ids, then quantities): building
    # and flushing one ORM object per claim took ~5 s for 10,000 claims.
    claim_defaults = _field_defaults(Claim)
    claim_fields = set(Claim.model_fields) - {"id", "article_id"}
    claim_rows = [
        {**claim_defaults, **draft.claim.model_dump(include=claim_fields), "position": position}
        for position, draft in enumerate(claims)
    ]
    quantity_fields = set(Quantity.model_fields) - {"id", "claim_id"}
    quantity_rows = [
        [quantity.model_dump(include=quantity_fields) for quantity in draft.quantities]
        for draft in claims
    ]
    hidden = f"{IMPORTING_PREFIX}{uuid.uuid4().hex}"
    article = Article(title=title, text=text, published=published, url=url, text_sha256=hidden)
    session.add(article)
    session.commit()
    assert article.id is not None
    article_id = article.id
    size = max(1, batch_size or IMPORT_BATCH_CLAIMS)
    pause = SQLITE_BATCH_PAUSE if session.get_bind().dialect.name == "sqlite" else 0.0
    try:
        for first in range(0, len(claim_rows), size):
            last = min(first + size, len(claim_rows))
            batch = [{**row, "article_id": article_id} for row in claim_rows[first:last]]
            claim_ids = _insert_returning_ids(session=session, model=Claim, rows=batch)
            quantities = [
                {**quantity, "claim_id": claim_id}
                for claim_id, rows in zip(claim_ids, quantity_rows[first:last], strict=True)
                for quantity in rows
            ]
            if quantities:
                session.execute(insert(Quantity), quantities)
            session.commit()
            if between_batches is not None:
                between_batches(last, len(claim_rows))
            if pause and last < len(claim_rows):
                time.sleep(pause)
        shown = session.execute(
            update(Article)
            .where(col(Article.id) == article_id, col(Article.text_sha256) == hidden)
            .values(text_sha256=sha256_hex(text), imported_at=utcnow())
        )
        if shown.rowcount != 1:  # type: ignore[attr-defined]
            raise StorageError("the import was interrupted and cleaned up; import it again")
        session.commit()
    except IntegrityError:
        # Another process finished importing the same text first: theirs is the article.
        session.rollback()
        _delete_article_rows(session=session, article_id=article_id)
        existing = find_article_by_text(session=session, text=text)
        if existing is None:
            raise
        return existing, False
    except BaseException:
        session.rollback()
        try:
            _delete_article_rows(session=session, article_id=article_id)
        except SQLAlchemyError:
            # The database itself failed (gone, locked): the article stays hidden, and the
            # next import deletes it (ABANDONED_IMPORT_AFTER).
            session.rollback()
        raise
    session.refresh(article)
    return article, True


def _delete_article_rows(*, session: Session, article_id: int) -> None:
    """Delete an article and its claims (their quantities go with them), in short batches."""
    while True:
        batch = session.scalars(
            select(Claim.id).where(Claim.article_id == article_id).limit(IMPORT_BATCH_CLAIMS)
        ).all()
        if not batch:
            break
        session.execute(delete(Quantity).where(col(Quantity.claim_id).in_(batch)))
        session.execute(delete(Claim).where(col(Claim.id).in_(batch)))
        session.commit()
    session.execute(delete(Article).where(col(Article.id) == article_id))
    session.commit()


def _delete_abandoned_imports(*, session: Session) -> None:
    cutoff = utcnow() - ABANDONED_IMPORT_AFTER
    abandoned = session.scalars(
        select(Article.id).where(
            col(Article.text_sha256).like(f"{IMPORTING_PREFIX}%"), col(Article.imported_at) < cutoff
        )
    ).all()
    session.commit()  # ends the read (a rollback would expire the caller's objects)
    for article_id in abandoned:
        if article_id is not None:
            _delete_article_rows(session=session, article_id=article_id)


def _insert_returning_ids(
    *, session: Session, model: type[SQLModel], rows: list[dict[str, Any]]
) -> list[int]:
    """Insert rows in one batch; their new ids, in row order."""
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        # psycopg converts the placeholders of a long multi-row INSERT ... RETURNING in
        # Python (~4 s for 10,000 claims); taking the ids from the sequence first lets a
        # plain executemany reuse one prepared statement (~1 s).
        ids = sorted(
            session.scalars(
                sql_text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"table": model.__tablename__, "count": len(rows)},
            )
        )
        session.execute(
            insert(model), [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)]
        )
        return ids
    id_column = model.__table__.c.id  # type: ignore[attr-defined]
    return list(
        session.scalars(insert(model).returning(id_column, sort_by_parameter_order=True), rows)
    )


def _field_defaults(model: type[SQLModel]) -> dict[str, Any]:
    """The model's Python-side defaults, which a bulk INSERT of plain rows does not apply."""
    defaults: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            defaults[name] = info.default_factory()  # type: ignore[call-arg]
        elif info.default is not PydanticUndefined:
            defaults[name] = info.default
    defaults.pop("id", None)
    return defaults


def get_article(*, session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None or article.text_sha256.startswith(IMPORTING_PREFIX):
        raise NotFound(f"no article with id {article_id}")
    return article


def latest_article(*, session: Session) -> Article | None:
    return session.exec(
        select(Article)
        .where(_import_finished())
        .order_by(col(Article.imported_at).desc(), col(Article.id).desc())
    ).first()


def list_articles(*, session: Session) -> list[tuple[Article, int]]:
    """Every article with its number of claims, newest import first."""
    counts = (
        select(Claim.article_id, func.count(col(Claim.id)).label("n"))
        .group_by(Claim.article_id)
        .subquery()
    )
    rows = session.exec(
        select(Article, func.coalesce(counts.c.n, 0))
        .join(counts, counts.c.article_id == Article.id, isouter=True)
        .where(_import_finished())
        .order_by(col(Article.imported_at).desc(), col(Article.id).desc())
    ).all()
    return [(article, int(n)) for article, n in rows]


def get_claim(*, session: Session, claim_id: int) -> Claim:
    # populate_existing: a long-lived session (the TUI) must see what colleagues wrote
    # since, not the copy it loaded earlier.
    claim = session.get(Claim, claim_id, populate_existing=True)
    if claim is None:
        raise NotFound(f"no claim with id {claim_id}")
    return claim


def list_claims(*, session: Session, article_id: int, sort: str = "position") -> list[Claim]:
    query = select(Claim).where(Claim.article_id == article_id)
    if sort == "score":
        query = query.order_by(
            col(Claim.check_worthiness).desc(), col(Claim.position), col(Claim.id)
        )
    else:
        # Then by id: a claim added by hand shares the position of the one it follows.
        query = query.order_by(col(Claim.position), col(Claim.id))
    return list(session.exec(query.execution_options(populate_existing=True)).all())


def quantities_for(*, session: Session, claim_ids: Sequence[int]) -> dict[int, list[Quantity]]:
    """Quantities of many claims in one query, each list in text order."""
    result: dict[int, list[Quantity]] = {claim_id: [] for claim_id in claim_ids}
    if not claim_ids:
        return result
    rows = session.exec(
        select(Quantity)
        .where(col(Quantity.claim_id).in_(list(claim_ids)))
        .order_by(col(Quantity.claim_id), col(Quantity.start))
    ).all()
    for quantity in rows:
        result[quantity.claim_id].append(quantity)
    return result


def status_summary(*, session: Session, article_id: int) -> dict[str, int]:
    rows = session.exec(
        select(Claim.status, func.count(col(Claim.id)))
        .where(Claim.article_id == article_id)
        .group_by(Claim.status)
    ).all()
    counts = Counter({status: int(n) for status, n in rows})
    return {status.value: counts.get(status.value, 0) for status in ClaimStatus}


# --- verdicts, notes and the audit trail ---------------------------------------------------


def _parse_status(status: str) -> ClaimStatus:
    try:
        parsed = ClaimStatus(status.strip().lower())
    except ValueError:
        parsed = None
    if parsed is ClaimStatus.dismissed:
        # A dismissal carries its reason: it has its own action (dismiss_claim).
        raise StorageError("to dismiss a claim use `workbench dismiss CLAIM_ID --reason ...`")
    if parsed is None:
        allowed = ", ".join(s.value for s in ClaimStatus if s is not ClaimStatus.dismissed)
        raise StorageError(f"unknown status {status!r}: use one of {allowed}") from None
    return parsed


def _claim_state(claim: Claim) -> dict[str, Any]:
    """The review fields of a claim, as an audit event keeps them for undo."""
    return {name: getattr(claim, name) for name in REVIEW_FIELDS}


def _with_note_provenance(values: dict, before: Claim) -> dict:
    """A write that sets the note also records who wrote it and under which status."""
    if "note" not in values or "note_by" in values:
        return values
    return {
        **values,
        "note_by": values.get("reviewer"),
        "note_status": values.get("status", before.status),
    }


# A blind write (no expected version) retries when a colleague wrote in between: each
# failed attempt means somebody else's write succeeded, so this bound is never reached
# in practice; it only stops a runaway loop.
_BLIND_WRITE_ATTEMPTS = 50


def _compare_and_set(
    *,
    session: Session,
    claim_id: int,
    expect_version: int | None,
    values: dict,
    unchanged: Callable[[Claim], bool] = lambda _claim: False,
) -> tuple[Claim, Claim]:
    """Apply ``values`` to the claim only if its version is still the one we read or expect.

    Returns (claim before, claim after); they are the same object when the claim already
    is as asked (``unchanged``) at the expected version: then nothing is written, so a
    repeated verdict neither bumps the version nor adds an audit event. The read
    transaction is closed before the guarded UPDATE so that, on SQLite, the write waits for
    the lock instead of failing. With ``expect_version`` the caller showed the reviewer
    that version: any other is a conflict, and one the claim never had is UnknownVersion.
    Without it the caller read nothing (the command line's plain ``mark``), so a
    colleague's write in between is retried on, and "before" stays exact for the audit.
    """
    expected = expect_version
    for _attempt in range(_BLIND_WRITE_ATTEMPTS):
        # populate_existing: a long-lived session (the TUI) may hold an old copy.
        before = session.get(Claim, claim_id, populate_existing=True)
        if before is None:
            session.rollback()
            raise NotFound(f"no claim with id {claim_id}")
        expected = before.version if expect_version is None else expect_version
        if expected == before.version and unchanged(before):
            # Nothing to write. Commit, not rollback, to end the read: a rollback would
            # expire the caller's copy of the claim.
            session.commit()
            return before, before
        before_copy = Claim.model_validate(before.model_dump())
        session.rollback()
        result = session.execute(
            update(Claim)
            .where(col(Claim.id) == claim_id, col(Claim.version) == expected)
            .values(
                version=Claim.version + 1,
                updated_at=utcnow(),
                **_with_note_provenance(values, before_copy),
            )
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            after = session.get(Claim, claim_id, populate_existing=True)
            assert after is not None
            return before_copy, after
        session.rollback()
        if expect_version is not None:
            break
    current = session.get(Claim, claim_id, populate_existing=True)
    if current is None:
        raise NotFound(f"no claim with id {claim_id}")
    expected = expected if expected is not None else current.version
    # Versions start at 1 and go up by one per change: any other number was never current.
    if not 1 <= expected <= current.version:
        raise UnknownVersion(current, expected)
    raise VersionConflict(current, expected)


def mark_claim(
    *,
    session: Session,
    claim_id: int,
    status: str,
    reviewer: str,
    note: str | None = None,
    expect_version: int | None = None,
    action: str = "status",
) -> Claim:
    """Set a claim's status (and optionally its note), writing one audit event.

    A claim that already has this status (and note) is left alone: no version bump, no
    event; the claim is returned as it is.
    """
    new_status = _parse_status(status)
    values: dict = {"status": new_status.value, "reviewer": reviewer}
    if note is not None:
        values["note"] = note
    before, after = _compare_and_set(
        session=session,
        claim_id=claim_id,
        expect_version=expect_version,
        values=values,
        unchanged=lambda claim: (
            claim.status == new_status.value and (note is None or claim.note == note)
        ),
    )
    if after is before:
        return after
    session.add(
        ReviewEvent(
            claim_id=claim_id,
            action=action,
            from_value=before.status,
            to_value=new_status.value,
            note=note,
            reviewer=reviewer,
            detail={"before": _claim_state(before)},
        )
    )
    session.commit()
    return after


def set_note(
    *,
    session: Session,
    claim_id: int,
    note: str,
    reviewer: str,
    expect_version: int | None = None,
) -> Claim:
    before, after = _compare_and_set(
        session=session,
        claim_id=claim_id,
        expect_version=expect_version,
        values={"note": note, "reviewer": reviewer},
        unchanged=lambda claim: claim.note == note,
    )
    if after is before:
        return after  # the same note again: nothing to record
    session.add(
        ReviewEvent(
            claim_id=claim_id,
            action="note",
            from_value=before.note,
            to_value=note,
            note=note,
            reviewer=reviewer,
            detail={"before": _claim_state(before)},
        )
    )
    session.commit()
    return after


def history(*, session: Session, claim_id: int) -> list[ReviewEvent]:
    get_claim(session=session, claim_id=claim_id)
    return list(
        session.exec(
            select(ReviewEvent)
            .where(ReviewEvent.claim_id == claim_id)
            .order_by(col(ReviewEvent.at), col(ReviewEvent.id))
        ).all()
    )


# --- sources and evidence ------------------------------------------------------------------


@dataclass(slots=True)
class EvidenceDraft:
    passage: str
    start: int
    end: int
    score: float
    highlight_start: int
    highlight_end: int
    number_agreement: str
    suggested_stance: str
    quantity_checks: list[dict[str, Any]] = field(default_factory=list)
    no_passage: bool = False  # the link of a source with no passage about the claim


def attach_source(
    *,
    session: Session,
    claim_id: int,
    source: SourceBase,
    raw: bytes,
    evidence: Sequence[EvidenceDraft],
    reviewer: str | None = None,
) -> tuple[Source, list[Evidence]]:
    """Store a source snapshot (once per sha256) and its best passages for a claim, atomically."""
    arguments = dict(claim_id=claim_id, source=source, raw=raw, evidence=evidence)
    try:
        return _attach_source_once(session=session, reviewer=reviewer, **arguments)
    except IntegrityError:
        # A colleague stored the same snapshot or passage between our look and our insert;
        # their rows are visible now, so a second pass reuses and updates them.
        return _attach_source_once(session=session, reviewer=reviewer, **arguments)


def _attach_source_once(
    *,
    session: Session,
    claim_id: int,
    source: SourceBase,
    raw: bytes,
    evidence: Sequence[EvidenceDraft],
    reviewer: str | None,
) -> tuple[Source, list[Evidence]]:
    get_claim(session=session, claim_id=claim_id)
    stored = session.exec(select(Source).where(Source.sha256 == source.sha256)).first()
    try:
        if stored is None:
            stored = Source.model_validate(source)
            stored.raw_compressed = zlib.compress(raw, 6)
            session.add(stored)
            session.flush()
        rows: list[Evidence] = []
        created: list[Evidence] = []
        for draft in evidence:
            existing = session.exec(
                select(Evidence).where(
                    Evidence.claim_id == claim_id,
                    Evidence.source_id == stored.id,
                    Evidence.start == draft.start,
                    Evidence.end == draft.end,
                )
            ).first()
            row = existing or Evidence(
                claim_id=claim_id, source_id=stored.id, passage="", start=0, end=0
            )
            row.passage = draft.passage
            row.start = draft.start
            row.end = draft.end
            row.score = draft.score
            row.highlight_start = draft.highlight_start
            row.highlight_end = draft.highlight_end
            row.number_agreement = draft.number_agreement
            row.suggested_stance = draft.suggested_stance
            row.quantity_checks = list(draft.quantity_checks)
            row.no_passage = draft.no_passage
            if existing is None:
                row.reviewer = reviewer
            session.add(row)
            rows.append(row)
            if existing is None:
                created.append(row)
        if created:
            session.flush()  # their ids, which undo removes
            session.add(
                ReviewEvent(
                    claim_id=claim_id,
                    action="attach",
                    to_value=_source_name(stored),
                    reviewer=reviewer,
                    detail={"source_id": stored.id, "evidence_ids": [row.id for row in created]},
                )
            )
        session.commit()
    except Exception:
        session.rollback()
        raise
    for row in rows:
        session.refresh(row)
    session.refresh(stored)
    return stored, rows


def source_raw(source: Source) -> bytes:
    return zlib.decompress(source.raw_compressed) if source.raw_compressed else b""


def get_source(*, session: Session, source_id: int) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"no source with id {source_id}")
    return source


def list_sources(*, session: Session) -> list[Source]:
    return list(session.exec(select(Source).order_by(col(Source.id))).all())


def list_evidence(*, session: Session, claim_id: int) -> list[tuple[Evidence, Source]]:
    """A claim's evidence with its sources, best score first (ties in attach order)."""
    get_claim(session=session, claim_id=claim_id)
    rows = session.exec(
        select(Evidence, Source)
        .join(Source, col(Source.id) == Evidence.source_id)
        .where(Evidence.claim_id == claim_id)
        .order_by(col(Evidence.score).desc(), col(Evidence.id))
        .execution_options(populate_existing=True)
    ).all()
    return [(evidence, source) for evidence, source in rows]


def evidence_for(
    *, session: Session, claim_ids: Sequence[int]
) -> dict[int, list[tuple[Evidence, Source]]]:
    """Evidence of many claims in one query (for reports), best first per claim."""
    result: dict[int, list[tuple[Evidence, Source]]] = {claim_id: [] for claim_id in claim_ids}
    if not claim_ids:
        return result
    rows = session.exec(
        select(Evidence, Source)
        .join(Source, col(Source.id) == Evidence.source_id)
        .where(col(Evidence.claim_id).in_(list(claim_ids)))
        .order_by(col(Evidence.claim_id), col(Evidence.score).desc(), col(Evidence.id))
        .execution_options(populate_existing=True)
    ).all()
    for evidence, source in rows:
        result[evidence.claim_id].append((evidence, source))
    return result


# What clears a stance: the reviewer takes their reading back.
CLEAR_STANCE = ("none", "clear", "")


def set_stance(
    *, session: Session, evidence_id: int, stance: str | None, reviewer: str
) -> Evidence:
    """The reviewer's own reading of a passage (``none`` clears it); an audit event on the
    claim. Setting the stance a passage already has writes nothing."""
    new_stance: str | None
    if stance is None or stance.strip().lower() in CLEAR_STANCE:
        new_stance = None
    else:
        try:
            new_stance = Stance(stance.strip().lower()).value
        except ValueError:
            allowed = ", ".join(s.value for s in Stance if s is not Stance.unclear)
            raise StorageError(f"unknown stance {stance!r}: use one of {allowed} or none") from None
    # Fresh and row-locked (on PostgreSQL) so that "from" in the audit is what it was.
    evidence = session.get(Evidence, evidence_id, populate_existing=True, with_for_update=True)
    if evidence is None:
        session.rollback()
        raise NotFound(f"no evidence with id {evidence_id}")
    previous, previous_reviewer = evidence.reviewer_stance, evidence.reviewer
    if previous == new_stance:
        session.commit()  # the same stance again: nothing to record (ends the row lock)
        return evidence
    evidence.reviewer_stance = new_stance
    evidence.reviewer = reviewer
    session.add(evidence)
    session.add(
        ReviewEvent(
            claim_id=evidence.claim_id,
            action="stance",
            from_value=previous,
            to_value=new_stance,
            evidence_id=evidence.id,
            reviewer=reviewer,
            detail={"reviewer_before": previous_reviewer},
        )
    )
    session.commit()
    session.refresh(evidence)
    return evidence


def remove_evidence(*, session: Session, evidence_id: int, reviewer: str) -> Evidence:
    """Take a passage off its claim (the source snapshot stays); the audit event keeps the
    passage whole, so undo can put it back. Returns the removed row."""
    evidence = session.get(Evidence, evidence_id, populate_existing=True, with_for_update=True)
    if evidence is None:
        session.rollback()
        raise NotFound(f"no evidence with id {evidence_id}")
    source = session.get(Source, evidence.source_id)
    removed = Evidence.model_validate(evidence.model_dump())
    session.delete(evidence)
    session.add(
        ReviewEvent(
            claim_id=removed.claim_id,
            action="remove-evidence",
            from_value=_source_name(source),
            evidence_id=removed.id,
            reviewer=reviewer,
            detail={"evidence": removed.model_dump(mode="json")},
        )
    )
    session.commit()
    return removed


def _source_name(source: Source | None) -> str | None:
    if source is None:
        return None
    return source.title or source.final_url or source.url or f"source {source.id}"


# --- claim memory ---------------------------------------------------------------------------


def reviewed_claims(*, session: Session, exclude_article_id: int | None = None) -> list[Claim]:
    """Claims somebody has already given a verdict, oldest first (the claim memory)."""
    query = select(Claim).where(col(Claim.status).in_([status.value for status in VERDICTS]))
    if exclude_article_id is not None:
        query = query.where(Claim.article_id != exclude_article_id)
    return list(session.exec(query.order_by(col(Claim.id))).all())


def set_seen_before(*, session: Session, matches: Sequence[tuple[int, int, float, str]]) -> None:
    """Record (claim_id, earlier_claim_id, score, relation) for new claims, in short
    transactions of IMPORT_BATCH_CLAIMS (as an import, so that nobody waits for all of it)."""
    rows = [
        {"id": claim_id, "seen_claim_id": earlier, "seen_score": score, "seen_relation": relation}
        for claim_id, earlier, score, relation in matches
    ]
    pause = SQLITE_BATCH_PAUSE if session.get_bind().dialect.name == "sqlite" else 0.0
    for first in range(0, len(rows), IMPORT_BATCH_CLAIMS):
        if first and pause:
            time.sleep(pause)
        # An UPDATE by primary key, one prepared statement for the whole batch.
        session.execute(update(Claim), rows[first : first + IMPORT_BATCH_CLAIMS])
        session.commit()


def adopt_verdict(
    *,
    session: Session,
    claim_id: int,
    earlier_claim_id: int,
    reviewer: str,
    expect_version: int | None = None,
) -> Claim:
    """Take an earlier claim's verdict, note and evidence; the audit trail says it was adopted."""
    earlier = get_claim(session=session, claim_id=earlier_claim_id)
    if earlier_claim_id == claim_id:
        raise StorageError("a claim cannot adopt its own verdict")
    if earlier.status not in VERDICTS:
        raise StorageError(f"claim {earlier_claim_id} has no verdict to adopt")
    status, note = earlier.status, earlier.note
    when = earlier.updated_at.date().isoformat()
    earlier_evidence = list_evidence(session=session, claim_id=earlier_claim_id)
    before, after = _compare_and_set(
        session=session,
        claim_id=claim_id,
        expect_version=expect_version,
        values={"status": status, "note": note, "reviewer": reviewer},
    )
    copies: list[Evidence] = []
    try:
        for evidence, _source in earlier_evidence:
            exists = session.exec(
                select(Evidence.id).where(
                    Evidence.claim_id == claim_id,
                    Evidence.source_id == evidence.source_id,
                    Evidence.start == evidence.start,
                    Evidence.end == evidence.end,
                )
            ).first()
            if exists is not None:
                continue
            copy = Evidence.model_validate(
                evidence.model_dump(exclude={"id", "claim_id", "attached_at"}),
                update={"claim_id": claim_id},
            )
            session.add(copy)
            copies.append(copy)
        session.flush()  # the copies' ids, for undo
        session.add(
            ReviewEvent(
                claim_id=claim_id,
                action="adopt",
                from_value=before.status,
                to_value=status,
                note=(
                    f"adopted from claim {earlier_claim_id} "
                    f"({status} on {when} by {earlier.reviewer or 'someone'})"
                ),
                reviewer=reviewer,
                detail={
                    "before": _claim_state(before),
                    "evidence_ids": [copy.id for copy in copies],
                },
            )
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    return after


# --- corrections: dismissing, re-attributing and adding claims; undo -------------------------

DISMISS_REASON = "not a claim"
# Undo takes back an added claim by dismissing it with this reason: the audit trail is never
# deleted, so neither is the claim it belongs to.
UNDONE_ADDITION = "added by mistake (undone)"
# The audit actions undo can take back, and the ones that set a claim's status.
UNDOABLE_ACTIONS = frozenset(
    {
        "status",
        "note",
        "stance",
        "adopt",
        "dismiss",
        "speaker",
        "add-claim",
        "attach",
        "remove-evidence",
    }
)
STATUS_ACTIONS = ("status", "adopt", "dismiss")


class UndoRefused(StorageError):
    """Undo would overwrite a colleague's later change: the reviewer changes it by hand."""


def dismiss_claim(
    *,
    session: Session,
    claim_id: int,
    reviewer: str,
    reason: str = DISMISS_REASON,
    expect_version: int | None = None,
) -> Claim:
    """Set a claim aside as not a claim (with the reason, in the audit trail). Reports and
    ClaimReview leave it out; a verdict or `unreviewed` later takes it back."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise StorageError("give a reason for dismissing the claim (for example: not a claim)")
    current = get_claim(session=session, claim_id=claim_id)
    if current.status == ClaimStatus.dismissed.value:
        session.rollback()
        raise StorageError(f"claim {claim_id} is already dismissed")
    values = {"status": ClaimStatus.dismissed.value, "reviewer": reviewer}
    before, after = _compare_and_set(
        session=session, claim_id=claim_id, expect_version=expect_version, values=values
    )
    session.add(
        ReviewEvent(
            claim_id=claim_id,
            action="dismiss",
            from_value=before.status,
            to_value=ClaimStatus.dismissed.value,
            note=reason,
            reviewer=reviewer,
            detail={"before": _claim_state(before)},
        )
    )
    session.commit()
    return after


def relabel_for_speaker(label: str, quote: str | None, old: str | None, new: str | None) -> str:
    """A quote's label names its speaker (`Lopez: core`, or the full name of an organisation, as
    claim_workbench.claims.labels writes it): it follows a re-attribution, in the same form."""
    if quote is None:
        return label
    old_name, new_name = old or "Unattributed", new or "Unattributed"
    for written, replacement in (
        (old_name, new_name),
        (old_name.split()[-1], new_name.split()[-1]),
    ):
        if label.startswith(f"{written}: "):
            return f"{replacement}: {label[len(written) + 2 :]}"
    return label


def set_speaker(
    *,
    session: Session,
    claim_id: int,
    speaker: str | None,
    reviewer: str,
    expect_version: int | None = None,
) -> Claim:
    """Attribute the claim to another speaker (None or "" for nobody); audited. The same
    speaker again writes nothing."""
    speaker = " ".join((speaker or "").split()) or None
    current = get_claim(session=session, claim_id=claim_id)
    if current.speaker == speaker:
        session.rollback()
        return current
    label = relabel_for_speaker(current.label, current.quote, current.speaker, speaker)
    before, after = _compare_and_set(
        session=session,
        claim_id=claim_id,
        expect_version=expect_version,
        # A speaker typed by the reviewer is a name only: what it names is read from it.
        values={
            "speaker": speaker,
            "speaker_is_organisation": None,
            "label": label,
            "reviewer": reviewer,
        },
    )
    session.add(
        ReviewEvent(
            claim_id=claim_id,
            action="speaker",
            from_value=before.speaker,
            to_value=speaker,
            reviewer=reviewer,
            detail={"before": _claim_state(before)},
        )
    )
    session.commit()
    return after


def add_claim(
    *, session: Session, article_id: int, draft: ClaimDraft, reviewer: str, typed: bool
) -> Claim:
    """Store a claim the reviewer added by hand, audited.

    ``typed``: the words are not in the article text (the headline, a claim put in other
    words); its offsets are then 0, 0 and it is listed first. Otherwise ``draft``'s offsets
    point at its words in the article text, and it is listed where they are.
    """
    article = get_article(session=session, article_id=article_id)
    text = draft.claim.text
    if not text.strip():
        raise StorageError("the claim has no words")
    if not typed and article.text[draft.claim.start : draft.claim.end] != text:
        raise StorageError("the claim's offsets do not point at its words in the article")
    claims = list_claims(session=session, article_id=article_id)
    if not typed:
        same = next(
            (c for c in claims if (c.start, c.end) == (draft.claim.start, draft.claim.end)), None
        )
        if same is not None:
            session.rollback()
            raise StorageError(f"claim {same.id} already covers these words")
        # After the last claim that starts at or before it: equal positions sort by id.
        earlier = [c.position for c in claims if c.start <= draft.claim.start]
        position = max(earlier) if earlier else min((c.position for c in claims), default=1) - 1
    else:
        position = min((c.position for c in claims), default=1) - 1
    fields = draft.claim.model_dump()
    fields.update(position=position)
    if typed:
        fields.update(start=0, end=0)
    claim = Claim(**fields, article_id=article_id, reviewer=reviewer)
    try:
        session.add(claim)
        session.flush()
        assert claim.id is not None
        for quantity in draft.quantities if not typed else []:
            session.add(Quantity(**quantity.model_dump(), claim_id=claim.id))
        session.add(
            ReviewEvent(
                claim_id=claim.id,
                action="add-claim",
                to_value=text,
                note="typed by the reviewer" if typed else "selected in the article text",
                reviewer=reviewer,
            )
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    session.refresh(claim)
    return claim


def describe_action(event: ReviewEvent) -> str:
    """One short phrase for an audited action: what undo says it takes back."""
    match event.action:
        case "status":
            return f"verdict {event.from_value or 'unreviewed'} → {event.to_value}"
        case "note":
            return "note edit"
        case "stance":
            return f"stance {event.from_value or 'none'} → {event.to_value or 'none'}"
        case "adopt":
            return f"adopted verdict ({event.to_value})"
        case "dismiss":
            return f"dismissal ({event.note or DISMISS_REASON})"
        case "speaker":
            return f"speaker {event.from_value or 'none'} → {event.to_value or 'none'}"
        case "add-claim":
            return "added claim"
        case "attach":
            return f"attached source {event.to_value or ''}".rstrip()
        case "remove-evidence":
            return f"removed passage of {event.from_value or 'a source'}"
    return event.action


def last_own_action(
    *, session: Session, reviewer: str, article_id: int | None = None
) -> ReviewEvent | None:
    """The reviewer's latest audited action not yet undone (in one article, if given)."""
    query = select(ReviewEvent).where(ReviewEvent.reviewer == reviewer)
    if article_id is not None:
        of_article = select(Claim.id).where(Claim.article_id == article_id)
        query = query.where(col(ReviewEvent.claim_id).in_(of_article))
    undone: set[int] = set()
    newest_first = query.order_by(col(ReviewEvent.id).desc()).execution_options(yield_per=200)
    for event in session.exec(newest_first):
        if event.action == "undo":
            if event.undoes_event_id is not None:
                undone.add(event.undoes_event_id)
            continue
        if event.id not in undone and event.action in UNDOABLE_ACTIONS:
            return event
    return None


@dataclass(slots=True)
class UndoResult:
    undone: ReviewEvent  # the action taken back
    event: ReviewEvent  # the "undo" event that records it
    claim: Claim  # the claim as it is now
    description: str  # what was taken back, in a few words


def undo_last_action(
    *, session: Session, reviewer: str, article_id: int | None = None
) -> UndoResult:
    """Take back the reviewer's latest action (in one article, if given), as an audited
    "undo" event. Pressed again, it takes back the one before. Refused (UndoRefused) when a
    colleague has changed that claim since: undo never overwrites someone else's work."""
    target = last_own_action(session=session, reviewer=reviewer, article_id=article_id)
    where = " in this article" if article_id is not None else ""
    if target is None or target.id is None:
        session.rollback()
        raise StorageError(f"nothing of yours to undo{where}")
    description = describe_action(target)
    try:
        to_value = _undo(session=session, target=target, reviewer=reviewer)
        # Looked for after the write, inside its transaction: a colleague's change that
        # committed before it is seen, and one after it found the claim already changed.
        later = session.exec(
            select(ReviewEvent)
            .where(
                ReviewEvent.claim_id == target.claim_id,
                col(ReviewEvent.id) > target.id,
                or_(col(ReviewEvent.reviewer).is_(None), ReviewEvent.reviewer != reviewer),
            )
            .order_by(col(ReviewEvent.id))
        ).first()
        if later is not None:
            raise UndoRefused(
                f"cannot undo your {description} on claim {target.claim_id}: "
                f"{later.reviewer or 'someone'} changed it since ({describe_action(later)}); "
                "change it by hand"
            )
        event = ReviewEvent(
            claim_id=target.claim_id,
            action="undo",
            from_value=target.action,
            to_value=to_value,
            note=f"undid {description}",
            evidence_id=target.evidence_id,
            reviewer=reviewer,
            undoes_event_id=target.id,
        )
        session.add(event)
        session.commit()
    except Exception:
        session.rollback()
        raise
    session.refresh(event)
    claim = get_claim(session=session, claim_id=target.claim_id)
    return UndoResult(undone=target, event=event, claim=claim, description=description)


# For each undoable claim-level action, the fields it changed (and so the ones undo restores).
_RESTORED_FIELDS = {
    "status": ("status",),
    "adopt": ("status", "note", "note_by", "note_status"),
    "dismiss": ("status",),
    "note": ("note", "note_by", "note_status"),
    "speaker": ("speaker", "speaker_is_organisation", "label"),
}


def _undo(*, session: Session, target: ReviewEvent, reviewer: str) -> str | None:
    """Put back what ``target`` changed; returns the value restored (for the audit)."""
    action = target.action
    detail = target.detail or {}
    if action in _RESTORED_FIELDS:
        before = detail.get("before") or _legacy_before(target)
        fields = list(_RESTORED_FIELDS[action])
        if action == "status" and target.note is not None:
            fields += ["note", "note_by", "note_status"]  # `mark --note` also set the note
        values = {name: before[name] for name in fields if name in before}
        values["reviewer"] = reviewer
        current = get_claim(session=session, claim_id=target.claim_id)
        _compare_and_set(
            session=session,
            claim_id=target.claim_id,
            expect_version=current.version,
            values=values,
        )
        if action == "adopt":
            _delete_evidence(session=session, ids=detail.get("evidence_ids") or [])
        if action == "note":
            return values.get("note")
        return values.get(fields[0])
    if action == "stance":
        evidence = session.get(
            Evidence, target.evidence_id, populate_existing=True, with_for_update=True
        )
        if evidence is None:
            raise UndoRefused("cannot undo the stance: that passage has been removed since")
        if evidence.reviewer_stance != target.to_value:
            raise UndoRefused(
                f"cannot undo the stance: it is now {evidence.reviewer_stance or 'none'}"
            )
        evidence.reviewer_stance = target.from_value
        evidence.reviewer = detail.get("reviewer_before", evidence.reviewer)
        session.add(evidence)
        return target.from_value
    if action == "remove-evidence":
        kept = dict(detail.get("evidence") or {})
        if not kept:
            raise UndoRefused("cannot undo the removal: the passage was not recorded")
        kept["attached_at"] = dt.datetime.fromisoformat(kept["attached_at"])
        clash = session.exec(
            select(Evidence.id).where(
                or_(
                    Evidence.id == kept["id"],
                    and_(
                        Evidence.claim_id == kept["claim_id"],
                        Evidence.source_id == kept["source_id"],
                        Evidence.start == kept["start"],
                        Evidence.end == kept["end"],
                    ),
                )
            )
        ).first()
        if clash is not None:
            raise UndoRefused("cannot undo the removal: the passage has been attached again")
        session.add(Evidence(**kept))
        return str(kept["id"])
    if action == "attach":
        _delete_evidence(session=session, ids=detail.get("evidence_ids") or [])
        return None
    if action == "add-claim":
        current = get_claim(session=session, claim_id=target.claim_id)
        _compare_and_set(
            session=session,
            claim_id=target.claim_id,
            expect_version=current.version,
            values={"status": ClaimStatus.dismissed.value, "reviewer": reviewer},
        )
        return ClaimStatus.dismissed.value
    raise StorageError(f"cannot undo a {action!r} action")


def _legacy_before(target: ReviewEvent) -> dict[str, Any]:
    """What an event written before undo existed tells of the claim before it."""
    match target.action:
        case "status" | "adopt" | "dismiss":
            return {"status": target.from_value or ClaimStatus.unreviewed.value}
        case "note":
            return {"note": target.from_value or "", "note_by": None, "note_status": None}
        case "speaker":
            return {"speaker": target.from_value}
    return {}


def _delete_evidence(*, session: Session, ids: Sequence[int]) -> None:
    for evidence_id in ids:
        row = session.get(Evidence, evidence_id)
        if row is not None:
            session.delete(row)
    session.flush()


def verdict_without_support(*, session: Session, claim_id: int) -> bool:
    """True when the claim has a verdict but neither a note nor any evidence: published as
    ClaimReview, it would carry a rating and no review text."""
    claim = get_claim(session=session, claim_id=claim_id)
    if claim.status not in VERDICTS or claim.note.strip():
        return False
    has_evidence = session.exec(
        select(Evidence.id).where(Evidence.claim_id == claim_id).limit(1)
    ).first()
    return has_evidence is None
