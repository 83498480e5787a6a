"""Storage round-trips on a real SQLite file: articles, claims, verdicts, sources, evidence."""

import pytest
from sqlmodel import Session, select

from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import (
    Claim,
    ClaimBase,
    Evidence,
    Quantity,
    QuantityBase,
    ReviewEvent,
    SourceBase,
)


@pytest.fixture
def session(tmp_path) -> Session:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with session_for(engine) as session:
        yield session


def _draft(position: int, text: str, quantities: list[QuantityBase] | None = None):
    return storage.ClaimDraft(
        claim=ClaimBase(
            position=position,
            text=text,
            start=0,
            end=len(text),
            label=text[:20],
            kinds=["quantity"] if quantities else ["event"],
            check_worthiness=0.5 + position / 10,
        ),
        quantities=quantities or [],
    )


def _article(session: Session, text: str = "At least 21 attacks. Ships arrived."):
    article, created = storage.import_article(
        session=session,
        title="Headline",
        text=text,
        claims=[
            _draft(
                0,
                "At least 21 attacks.",
                [
                    QuantityBase(
                        value=21,
                        unit="attacks",
                        qualifier="at least",
                        text="21 attacks",
                        start=9,
                        end=19,
                    )
                ],
            ),
            _draft(1, "Ships arrived."),
        ],
    )
    return article, created


def test_import_round_trips_claims_and_quantities(session: Session, tmp_path) -> None:
    article, created = _article(session)
    assert created
    # A fresh engine on the same file sees exactly what was stored.
    with session_for(make_engine(f"sqlite:///{tmp_path / 'store.db'}")) as other:
        claims = storage.list_claims(session=other, article_id=article.id)
        assert [c.text for c in claims] == ["At least 21 attacks.", "Ships arrived."]
        assert claims[0].kinds == ["quantity"]
        quantities = storage.quantities_for(session=other, claim_ids=[claims[0].id])
        (q,) = quantities[claims[0].id]
        assert (q.value, q.unit, q.qualifier) == (21.0, "attacks", "at least")
        assert claims[0].status == "unreviewed" and claims[0].version == 1


def test_same_text_twice_returns_the_existing_article(session: Session) -> None:
    first, created_first = _article(session)
    second, created_second = _article(session)
    assert created_first and not created_second
    assert second.id == first.id
    assert len(session.exec(select(Claim)).all()) == 2


def test_sort_by_score_puts_most_check_worthy_first(session: Session) -> None:
    article, _ = _article(session)
    by_score = storage.list_claims(session=session, article_id=article.id, sort="score")
    assert [c.position for c in by_score] == [1, 0]


def test_each_status_change_writes_one_audit_event(session: Session) -> None:
    article, _ = _article(session)
    claim = storage.list_claims(session=session, article_id=article.id)[0]
    storage.mark_claim(session=session, claim_id=claim.id, status="verified", reviewer="ana")
    storage.mark_claim(
        session=session, claim_id=claim.id, status="disputed", reviewer="bo", note="source says 20"
    )
    events = storage.history(session=session, claim_id=claim.id)
    assert [(e.from_value, e.to_value, e.reviewer) for e in events] == [
        ("unreviewed", "verified", "ana"),
        ("verified", "disputed", "bo"),
    ]
    stored = storage.get_claim(session=session, claim_id=claim.id)
    assert (stored.status, stored.note, stored.reviewer, stored.version) == (
        "disputed",
        "source says 20",
        "bo",
        3,
    )


def test_stale_version_is_refused_and_changes_nothing(session: Session) -> None:
    article, _ = _article(session)
    claim = storage.list_claims(session=session, article_id=article.id)[0]
    storage.mark_claim(session=session, claim_id=claim.id, status="verified", reviewer="ana")
    with pytest.raises(storage.VersionConflict, match="ana.*verified"):
        storage.mark_claim(
            session=session, claim_id=claim.id, status="disputed", reviewer="bo", expect_version=1
        )
    stored = storage.get_claim(session=session, claim_id=claim.id)
    assert (stored.status, stored.version) == ("verified", 2)
    assert len(storage.history(session=session, claim_id=claim.id)) == 1


def test_bad_status_and_unknown_claim_are_clear_errors(session: Session) -> None:
    article, _ = _article(session)
    claim = storage.list_claims(session=session, article_id=article.id)[0]
    with pytest.raises(storage.StorageError, match="unknown status 'true'"):
        storage.mark_claim(session=session, claim_id=claim.id, status="true", reviewer="ana")
    with pytest.raises(storage.NotFound, match="no claim with id 999"):
        storage.mark_claim(session=session, claim_id=999, status="verified", reviewer="ana")
    assert session.exec(select(ReviewEvent)).all() == []


def _source(text: str) -> SourceBase:
    return SourceBase(origin="text", text=text, sha256=storage.sha256_hex(text), size=len(text))


def test_same_source_bytes_are_stored_once_and_linked_to_both_claims(session: Session) -> None:
    article, _ = _article(session)
    first, second = storage.list_claims(session=session, article_id=article.id)
    text = "Officials counted 21 attacks. Ships arrived on Monday."
    draft = storage.EvidenceDraft(
        "Officials counted 21 attacks.", 0, 29, 80.0, 18, 28, "agree", "supports"
    )
    source_a, _ = storage.attach_source(
        session=session,
        claim_id=first.id,
        source=_source(text),
        raw=text.encode(),
        evidence=[draft],
    )
    source_b, _ = storage.attach_source(
        session=session,
        claim_id=second.id,
        source=_source(text),
        raw=text.encode(),
        evidence=[draft],
    )
    assert source_a.id == source_b.id
    assert storage.source_raw(source_a) == text.encode()
    assert len(storage.list_sources(session=session)) == 1
    assert {e.claim_id for e in session.exec(select(Evidence)).all()} == {first.id, second.id}


def test_stance_change_is_audited(session: Session) -> None:
    article, _ = _article(session)
    claim = storage.list_claims(session=session, article_id=article.id)[0]
    text = "Officials counted 21 attacks."
    _, (evidence,) = storage.attach_source(
        session=session,
        claim_id=claim.id,
        source=_source(text),
        raw=text.encode(),
        evidence=[storage.EvidenceDraft(text, 0, len(text), 90.0, 0, 10, "agree", "supports")],
    )
    storage.set_stance(
        session=session, evidence_id=evidence.id, stance="contradicts", reviewer="ana"
    )
    attached, event = storage.history(session=session, claim_id=claim.id)
    assert attached.action == "attach"
    assert (event.action, event.from_value, event.to_value, event.evidence_id) == (
        "stance",
        None,
        "contradicts",
        evidence.id,
    )
    with pytest.raises(storage.StorageError, match="unknown stance"):
        storage.set_stance(session=session, evidence_id=evidence.id, stance="maybe", reviewer="ana")


def test_deleting_nothing_on_failed_attach(session: Session) -> None:
    article, _ = _article(session)
    text = "Some text."
    with pytest.raises(storage.NotFound):
        storage.attach_source(
            session=session, claim_id=12345, source=_source(text), raw=text.encode(), evidence=[]
        )
    assert storage.list_sources(session=session) == []
    assert session.exec(select(Quantity)).all() != []  # the article's rows are untouched
