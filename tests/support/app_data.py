"""Shared builders for the app tests: databases with articles, claims and evidence, and what
the tests read back from them (no tests)."""

from __future__ import annotations

import datetime as dt
import gc
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event
from sqlmodel import Session

from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Claim, ClaimBase, QuantityBase, ReviewEvent, SourceBase

if TYPE_CHECKING:
    from claim_workbench.tui.app import (
        WorkbenchApp,  # the helpers for the database stay without textual
    )

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "claim_workbench" / "samples"
SAMPLE_ARTICLE = SAMPLE / "caribbean-campaign-2025-11-17.txt"
FIXED_TIME = dt.datetime(2025, 11, 18, 9, 30, tzinfo=dt.UTC)

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?”?")
_NUMBER = re.compile(r"\d+(?:[,.]\d+)*")
_QUOTE = re.compile(r"“([^”]+)”")


def hand_made_claims(text: str, *, limit: int | None = None) -> list[storage.ClaimDraft]:
    """One claim per sentence of six words or more, its numbers as quantities, its quote.

    A stand-in for claim extraction that the tests control completely: the UI is under test
    here, not the extractor.
    """
    drafts: list[storage.ClaimDraft] = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if len(sentence.split()) < 6:
            continue
        start = text.index(sentence, match.start())
        end = start + len(sentence)
        numbers = list(_NUMBER.finditer(sentence))
        quote = _QUOTE.search(sentence)
        kinds = (["quantity"] if numbers else []) + (["quote"] if quote else [])
        words = sentence.split()
        label = ", ".join(n.group() for n in numbers[:2]) or " ".join(words[:6])
        drafts.append(
            storage.ClaimDraft(
                claim=ClaimBase(
                    position=len(drafts),
                    text=sentence,
                    start=start,
                    end=end,
                    label=label,
                    kinds=kinds or ["event"],
                    check_worthiness=round(
                        min(0.2 + 0.3 * len(numbers) + 0.01 * len(words), 0.99), 2
                    ),
                    quote=quote.group(1) if quote else None,
                ),
                quantities=[
                    QuantityBase(
                        value=float(n.group().replace(",", "").rstrip(".") or 0),
                        text=n.group(),
                        start=start + n.start(),
                        end=start + n.end(),
                    )
                    for n in numbers
                ],
            )
        )
        if limit is not None and len(drafts) >= limit:
            break
    return drafts


def store_article(
    session: Session, *, title: str, text: str, drafts: list[storage.ClaimDraft]
) -> int:
    article, _created = storage.import_article(
        session=session,
        title=title,
        text=text,
        claims=drafts,
        published=dt.date(2025, 11, 17),
    )
    assert article.id is not None
    return article.id


def sample_database(url: str) -> int:
    """The bundled sample article with hand-made claims; returns the article id."""
    raw = SAMPLE_ARTICLE.read_text("utf-8")
    first, _, body = raw.partition("\n")
    title = first.strip().split(" ", 2)[2]
    body = body.strip()
    with session_for(make_engine(url)) as session:
        return store_article(session, title=title, text=body, drafts=hand_made_claims(body))


def add_evidence(
    url: str,
    *,
    claim_id: int,
    title: str,
    passage: str,
    highlight: tuple[int, int],
    score: float = 87.0,
    agreement: str = "agree",
    stance: str = "supports",
    site: str | None = "example.org",
) -> int:
    """Store a source with one passage, at a fixed time so screenshots stay the same."""
    with session_for(make_engine(url)) as session:
        source = SourceBase(
            origin="text",
            title=title,
            site=site,
            published=dt.date(2025, 11, 16),
            fetched_at=FIXED_TIME,
            text=passage,
            sha256=storage.sha256_hex(title + passage),
            size=len(passage.encode()),
        )
        _stored, rows = storage.attach_source(
            session=session,
            claim_id=claim_id,
            source=source,
            raw=passage.encode(),
            evidence=[
                storage.EvidenceDraft(
                    passage=passage,
                    start=0,
                    end=len(passage),
                    score=score,
                    highlight_start=highlight[0],
                    highlight_end=highlight[1],
                    number_agreement=agreement,
                    suggested_stance=stance,
                )
            ],
            reviewer="ana",
        )
        for row in rows:
            row.attached_at = FIXED_TIME
            session.add(row)
        # The attach's audit event too: the history pane shows its time.
        for event in storage.history(session=session, claim_id=claim_id):
            if event.action == "attach" and event.at != FIXED_TIME:
                event.at = FIXED_TIME
                session.add(event)
        session.commit()
        assert rows[0].id is not None
        return rows[0].id


COPIES = Path(__file__).resolve().parents[1] / "fixtures" / "copies"
RATE_ARTICLE = (
    "Norway raises rates\n\n"
    "Norway's central bank raised its key interest rate to 4.75% on Thursday, the first "
    "increase since June 2024, and the krone rose 1% against the euro.\n"
)


def fixture_page(name: str) -> dict[str, str]:
    """A page of tests/fixtures/copies: its header lines (title, site, url, published) and text."""
    head, body = (COPIES / f"{name}.txt").read_text(encoding="utf-8").split("\n\n", 1)
    page = dict(line.split(": ", 1) for line in head.splitlines())
    page["text"] = body
    return page


# A wire story (AP), the same text under another title at another address with the credit
# taken out, and the same decision reported independently (Bloomberg).
RATE_SOURCES = ("rates_ap", "rates_ap_copy_nocredit", "rates_bloomberg")


def rate_claim() -> storage.ClaimDraft:
    sentence = RATE_ARTICLE.split("\n\n")[1].strip()
    start = RATE_ARTICLE.index(sentence)
    rate = sentence.index("4.75%")
    return storage.ClaimDraft(
        claim=ClaimBase(
            position=0,
            text=sentence,
            start=start,
            end=start + len(sentence),
            label="Norway's rate rises to 4.75%",
            kinds=["quantity"],
            check_worthiness=0.9,
        ),
        quantities=[
            QuantityBase(
                value=4.75, unit="%", text="4.75%", start=start + rate, end=start + rate + 5
            )
        ],
    )


def rate_story_database(url: str) -> tuple[int, int]:
    """An article with one claim about a rate rise and the three RATE_SOURCES attached, two
    passages each, with per-quantity checks and fixed times (for screenshots). The AP page
    was reached through a redirect. Returns (article id, claim id)."""
    with session_for(make_engine(url)) as session:
        article, _ = storage.import_article(
            session=session,
            title="Norway raises rates",
            text=RATE_ARTICLE,
            url="https://paper.example/norway-rates",
            published=dt.date(2026, 12, 3),
            claims=[rate_claim()],
        )
        claim = storage.list_claims(session=session, article_id=article.id or 0)[0]
        claim_id = claim.id or 0
        for rank, name in enumerate(RATE_SOURCES):
            page = fixture_page(name)
            text = page["text"]
            paragraphs = text.split("\n\n")
            drafts = []
            for number, paragraph in enumerate(paragraphs[:2]):
                start = text.index(paragraph)
                rate = paragraph.find("4.75%")
                checks = [
                    {
                        "claim": "4.75%",
                        "unit": "%",
                        "verdict": "agree" if rate >= 0 else "not mentioned",
                        "passage": "4.75%" if rate >= 0 else None,
                        "passage_start": rate if rate >= 0 else None,
                        "passage_end": rate + 5 if rate >= 0 else None,
                        "reason": "",
                    }
                ]
                drafts.append(
                    storage.EvidenceDraft(
                        passage=paragraph,
                        start=start,
                        end=start + len(paragraph),
                        score=90.0 - 10 * rank - 30 * number,
                        highlight_start=0,
                        highlight_end=min(60, len(paragraph)),
                        number_agreement="agree" if rate >= 0 else "none",
                        suggested_stance="supports",
                        quantity_checks=checks,
                    )
                )
            redirected = name == "rates_ap"
            source = SourceBase(
                origin="url",
                url="https://apnews.com/a/1234" if redirected else page["url"],
                final_url=page["url"] if redirected else None,
                title=page["title"],
                site=page["site"],
                published=dt.date.fromisoformat(page["published"]),
                fetched_at=FIXED_TIME,
                status_code=200,
                text=text,
                sha256=storage.sha256_hex(text),
                size=len(text.encode()),
            )
            _stored, rows = storage.attach_source(
                session=session,
                claim_id=claim_id,
                source=source,
                raw=text.encode(),
                evidence=drafts,
                reviewer="ana",
            )
            for row in rows:
                row.attached_at = FIXED_TIME
                session.add(row)
        for event in storage.history(session=session, claim_id=claim_id):
            if event.at != FIXED_TIME:
                event.at = FIXED_TIME
                session.add(event)
        session.commit()
        return article.id or 0, claim_id


# --- reading back what the app stored ---------------------------------------------------------


def claims_in_db(db_url: str, article_id: int) -> list[Claim]:
    engine = make_engine(db_url)
    with session_for(engine) as session:
        claims = storage.list_claims(session=session, article_id=article_id)
    engine.dispose()
    return claims


def claim_in_db(db_url: str, claim_id: int) -> Claim:
    engine = make_engine(db_url)
    with session_for(engine) as session:
        claim = storage.get_claim(session=session, claim_id=claim_id)
    engine.dispose()
    return claim


def events_in_db(db_url: str, claim_id: int) -> list[ReviewEvent]:
    engine = make_engine(db_url)
    with session_for(engine) as session:
        events = storage.history(session=session, claim_id=claim_id)
    engine.dispose()
    return events


def actions_in_db(db_url: str, claim_id: int) -> list[str]:
    return [event.action for event in events_in_db(db_url, claim_id)]


# --- a database that does not take writes -------------------------------------------------------


@contextmanager
def sqlite_write_locked(db_url: str) -> Iterator[None]:
    """Another connection holds the file's write lock, as a long import does (reads go on)."""
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
    finally:
        holder.close()


def give_up_on_locks_soon(engine: Engine) -> None:
    """SQLite gives up on a lock after 0.2 s, not the workbench's 10."""

    @event.listens_for(engine, "connect")
    def _short_busy_timeout(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA busy_timeout=200")  # after the workbench's 10 s

    engine.dispose()  # a connection opened while migrating had the long timeout


@contextmanager
def database_held_by_another_process(app: WorkbenchApp, db_url: str) -> Iterator[None]:
    """Another process holds the database (a colleague's long write, a backup): every read
    waits on SQLite's busy timeout until it lets go, which it does when the block ends."""
    # Any open connection keeps it from taking the lock: let the app's pooled ones go, and
    # collect the engines this test's helpers made (SQLAlchemy engines sit in reference
    # cycles, so their idle connections close only when the cyclic collector runs).
    app.engine.dispose()
    gc.collect()
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("SELECT count(*) FROM claim").fetchall()
        yield
    finally:
        holder.close()
