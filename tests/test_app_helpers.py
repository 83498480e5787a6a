"""Shared builders for the app tests: databases with articles, claims and evidence (no tests)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlmodel import Session

from db import storage
from db.engine import make_engine, session_for
from db.models import ClaimBase, QuantityBase, SourceBase

SAMPLE = Path(__file__).resolve().parents[1] / "workbench" / "samples"
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
