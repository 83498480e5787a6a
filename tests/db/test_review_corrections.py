"""Review corrections in storage, on a real SQLite file: undo, dismissal, speaker, added
claims, removed passages, cleared stances, and who wrote a note under which verdict."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from claim_workbench.review import services
from claim_workbench.store import storage
from claim_workbench.store.engine import alembic_config, make_engine, session_for
from claim_workbench.store.models import Claim, ClaimBase, Evidence, ReviewEvent, SourceBase

ARTICLE = (
    "The council approved the barrier on Monday. "
    "It will cost about $45 million, the finance office said.\n\n"
    "Construction begins in January."
)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'corrections.db'}")
    with session_for(engine) as session:
        yield session
    engine.dispose()


def _claim(text: str, position: int, *, quote: str | None = None, label: str | None = None):
    start = ARTICLE.index(text)
    return storage.ClaimDraft(
        claim=ClaimBase(
            position=position,
            text=text,
            start=start,
            end=start + len(text),
            label=label or text[:30],
            kinds=["event"],
            check_worthiness=0.5,
            quote=quote,
        )
    )


def _article(session: Session) -> tuple[int, list[int]]:
    article, _ = storage.import_article(
        session=session,
        title="Council approves flood barrier",
        text=ARTICLE,
        claims=[
            _claim("The council approved the barrier on Monday.", 0),
            _claim("It will cost about $45 million, the finance office said.", 1),
            _claim("Construction begins in January.", 2),
        ],
    )
    assert article.id is not None
    claims = storage.list_claims(session=session, article_id=article.id)
    return article.id, [claim.id or 0 for claim in claims]


def _attach(session: Session, claim_id: int, passage: str, reviewer: str = "ana") -> Evidence:
    source = SourceBase(
        origin="text",
        title=f"Source for {passage[:10]}",
        text=passage,
        sha256=storage.sha256_hex(passage),
        size=len(passage),
    )
    _stored, rows = storage.attach_source(
        session=session,
        claim_id=claim_id,
        source=source,
        raw=passage.encode(),
        evidence=[storage.EvidenceDraft(passage, 0, len(passage), 80.0, 0, 5, "none", "supports")],
        reviewer=reviewer,
    )
    return rows[0]


def _claim_now(session: Session, claim_id: int) -> Claim:
    return storage.get_claim(session=session, claim_id=claim_id)


# --- undo ----------------------------------------------------------------------------------


def test_undo_takes_back_the_last_verdict_then_the_one_before(session: Session) -> None:
    article_id, (first, second, _third) = _article(session)
    storage.mark_claim(session=session, claim_id=first, status="verified", reviewer="ana")
    storage.mark_claim(session=session, claim_id=second, status="disputed", reviewer="ana")
    undone = storage.undo_last_action(session=session, reviewer="ana", article_id=article_id)
    assert (undone.claim.id, undone.claim.status) == (second, "unreviewed")
    assert undone.description == "verdict unreviewed → disputed"
    assert _claim_now(session, first).status == "verified"
    again = storage.undo_last_action(session=session, reviewer="ana", article_id=article_id)
    assert (again.claim.id, again.claim.status) == (first, "unreviewed")
    with pytest.raises(storage.StorageError, match="nothing of yours to undo in this article"):
        storage.undo_last_action(session=session, reviewer="ana", article_id=article_id)


def test_undo_is_audited_as_such_and_never_undone_itself(session: Session) -> None:
    _article_id, (first, *_rest) = _article(session)
    storage.mark_claim(session=session, claim_id=first, status="verified", reviewer="ana")
    storage.undo_last_action(session=session, reviewer="ana")
    events = storage.history(session=session, claim_id=first)
    assert [(e.action, e.reviewer) for e in events] == [("status", "ana"), ("undo", "ana")]
    assert events[1].undoes_event_id == events[0].id
    assert events[1].note == "undid verdict unreviewed → verified"
    assert storage.last_own_action(session=session, reviewer="ana") is None


def test_undo_restores_the_note_a_verdict_replaced(session: Session) -> None:
    _article_id, (first, *_rest) = _article(session)
    storage.set_note(session=session, claim_id=first, note="minutes say Monday", reviewer="ana")
    storage.mark_claim(
        session=session, claim_id=first, status="disputed", note="it was Tuesday", reviewer="ana"
    )
    storage.undo_last_action(session=session, reviewer="ana")
    claim = _claim_now(session, first)
    assert (claim.status, claim.note) == ("unreviewed", "minutes say Monday")
    storage.undo_last_action(session=session, reviewer="ana")
    assert _claim_now(session, first).note == ""


def test_undo_refuses_to_overwrite_a_colleagues_later_change(session: Session) -> None:
    _article_id, (first, *_rest) = _article(session)
    storage.mark_claim(session=session, claim_id=first, status="verified", reviewer="ana")
    storage.mark_claim(session=session, claim_id=first, status="disputed", reviewer="bea")
    with pytest.raises(storage.UndoRefused, match="bea changed it since"):
        storage.undo_last_action(session=session, reviewer="ana")
    claim = _claim_now(session, first)
    assert (claim.status, claim.reviewer) == ("disputed", "bea")
    assert [e.action for e in storage.history(session=session, claim_id=first)] == [
        "status",
        "status",
    ]


def test_undo_only_takes_back_the_reviewers_own_actions(session: Session) -> None:
    article_id, (first, second, _third) = _article(session)
    storage.mark_claim(session=session, claim_id=first, status="verified", reviewer="ana")
    storage.mark_claim(session=session, claim_id=second, status="disputed", reviewer="bea")
    result = storage.undo_last_action(session=session, reviewer="ana", article_id=article_id)
    assert result.claim.id == first
    assert _claim_now(session, second).status == "disputed"


def test_undo_of_an_event_written_before_undo_existed(session: Session) -> None:
    # Older events carry no "before" detail: the status comes back from from_value.
    _article_id, (first, *_rest) = _article(session)
    storage.mark_claim(session=session, claim_id=first, status="verified", reviewer="ana")
    event = session.exec(select(ReviewEvent)).one()
    event.detail = None
    session.add(event)
    session.commit()
    storage.undo_last_action(session=session, reviewer="ana")
    assert _claim_now(session, first).status == "unreviewed"


# --- dismissing, speakers, added claims -----------------------------------------------------


def test_dismissal_keeps_its_reason_and_mark_does_not_dismiss(session: Session) -> None:
    _article_id, (first, *_rest) = _article(session)
    claim = storage.dismiss_claim(
        session=session, claim_id=first, reviewer="ana", reason="  an  opinion "
    )
    assert (claim.status, claim.version) == ("dismissed", 2)
    (event,) = storage.history(session=session, claim_id=first)
    assert (event.action, event.from_value, event.note) == ("dismiss", "unreviewed", "an opinion")
    with pytest.raises(storage.StorageError, match="already dismissed"):
        storage.dismiss_claim(session=session, claim_id=first, reviewer="ana")
    with pytest.raises(storage.StorageError, match="workbench dismiss"):
        storage.mark_claim(session=session, claim_id=first, status="dismissed", reviewer="ana")
    storage.undo_last_action(session=session, reviewer="ana")
    assert _claim_now(session, first).status == "unreviewed"


def test_a_dismissed_claim_is_not_offered_by_claim_memory(session: Session) -> None:
    _article_id, (first, second, _third) = _article(session)
    storage.mark_claim(session=session, claim_id=first, status="verified", reviewer="ana")
    storage.dismiss_claim(session=session, claim_id=second, reviewer="ana")
    assert [c.id for c in storage.reviewed_claims(session=session)] == [first]
    with pytest.raises(storage.StorageError, match="no verdict to adopt"):
        storage.adopt_verdict(
            session=session, claim_id=first, earlier_claim_id=second, reviewer="ana"
        )


def test_speaker_change_is_audited_relabels_a_quote_and_undoes(session: Session) -> None:
    article, _ = storage.import_article(
        session=session,
        title="Quote",
        text="“We will build it,” the mayor said.",
        claims=[
            storage.ClaimDraft(
                claim=ClaimBase(
                    position=0,
                    text="“We will build it,” the mayor said.",
                    start=0,
                    end=35,
                    label='Unattributed: "We will build it"',
                    speaker=None,
                    quote="We will build it",
                )
            )
        ],
    )
    (claim,) = storage.list_claims(session=session, article_id=article.id or 0)
    changed = storage.set_speaker(
        session=session, claim_id=claim.id or 0, speaker=" Ines  Duarte ", reviewer="ana"
    )
    assert (changed.speaker, changed.label) == ("Ines Duarte", 'Ines Duarte: "We will build it"')
    same = storage.set_speaker(
        session=session, claim_id=claim.id or 0, speaker="Ines Duarte", reviewer="ana"
    )
    assert same.version == changed.version  # nothing written
    (event,) = storage.history(session=session, claim_id=claim.id or 0)
    assert (event.action, event.from_value, event.to_value) == ("speaker", None, "Ines Duarte")
    storage.undo_last_action(session=session, reviewer="ana")
    back = _claim_now(session, claim.id or 0)
    assert (back.speaker, back.label) == (None, 'Unattributed: "We will build it"')


def test_added_claim_from_the_text_takes_its_offsets_and_place(session: Session) -> None:
    article_id, (first, second, third) = _article(session)
    # Typed with other spacing than the article's: found all the same, stored as in the text.
    added = services.add_claim(
        session=session,
        article_id=article_id,
        text="cost about  $45\nmillion",
        reviewer="ana",
    )
    claim = added.claim
    assert not added.typed
    assert ARTICLE[claim.start : claim.end] == claim.text == "cost about $45 million"
    assert claim.kinds and "quantity" in claim.kinds
    (quantity,) = storage.quantities_for(session=session, claim_ids=[claim.id or 0])[claim.id or 0]
    # Its quantities point into the article text, as extracted ones do.
    assert "$45 million" in ARTICLE[quantity.start : quantity.end]
    assert quantity.value == 45_000_000
    ordered = [c.id for c in storage.list_claims(session=session, article_id=article_id)]
    assert ordered == [first, second, claim.id, third]
    (event,) = storage.history(session=session, claim_id=claim.id or 0)
    assert (event.action, event.reviewer, event.note) == (
        "add-claim",
        "ana",
        "selected in the article text",
    )
    with pytest.raises(storage.StorageError, match=f"claim {claim.id} already covers"):
        services.add_claim(
            session=session, article_id=article_id, text="cost about $45 million", reviewer="ana"
        )


def test_added_claim_by_selection_and_by_typing_the_headline(session: Session) -> None:
    article_id, (first, *_rest) = _article(session)
    start = ARTICLE.index("Construction")
    selected = services.add_claim(
        session=session,
        article_id=article_id,
        text=" Construction begins ",  # a selection with the spaces around it
        reviewer="ana",
        start=start - 1,
        end=start + len("Construction begins") + 1,
    ).claim
    assert (selected.start, selected.text) == (start, "Construction begins")
    headline = services.add_claim(
        session=session,
        article_id=article_id,
        text="Council approves flood barrier",
        reviewer="ana",
    )
    assert headline.typed
    assert (headline.claim.start, headline.claim.end) == (0, 0)
    listed = storage.list_claims(session=session, article_id=article_id)
    assert listed[0].id == headline.claim.id  # the headline comes first
    with pytest.raises(storage.StorageError, match="type the claim"):
        services.add_claim(session=session, article_id=article_id, text="  ", reviewer="ana")
    assert first in [c.id for c in listed]


def test_undoing_an_added_claim_dismisses_it_and_keeps_its_history(session: Session) -> None:
    article_id, _ids = _article(session)
    added = services.add_claim(
        session=session, article_id=article_id, text="Construction begins", reviewer="ana"
    ).claim
    storage.undo_last_action(session=session, reviewer="ana", article_id=article_id)
    assert _claim_now(session, added.id or 0).status == "dismissed"
    assert [e.action for e in storage.history(session=session, claim_id=added.id or 0)] == [
        "add-claim",
        "undo",
    ]


# --- passages and stances -------------------------------------------------------------------


def test_removed_passage_is_audited_and_undo_puts_it_back_whole(session: Session) -> None:
    _article_id, (first, *_rest) = _article(session)
    evidence = _attach(session, first, "The council voted on Monday.")
    storage.set_stance(
        session=session, evidence_id=evidence.id or 0, stance="supports", reviewer="ana"
    )
    kept = Evidence.model_validate(
        storage.list_evidence(session=session, claim_id=first)[0][0].model_dump()
    )
    storage.remove_evidence(session=session, evidence_id=evidence.id or 0, reviewer="ana")
    assert storage.list_evidence(session=session, claim_id=first) == []
    last = storage.history(session=session, claim_id=first)[-1]
    assert (last.action, last.evidence_id) == ("remove-evidence", evidence.id)
    storage.undo_last_action(session=session, reviewer="ana")
    ((back, _source),) = storage.list_evidence(session=session, claim_id=first)
    assert back.model_dump() == kept.model_dump()
    with pytest.raises(storage.NotFound):
        storage.remove_evidence(session=session, evidence_id=999, reviewer="ana")


def test_a_stance_can_be_cleared_and_the_clearing_undone(session: Session) -> None:
    _article_id, (first, *_rest) = _article(session)
    evidence = _attach(session, first, "The council voted on Monday.")
    storage.set_stance(
        session=session, evidence_id=evidence.id or 0, stance="supports", reviewer="bea"
    )
    cleared = storage.set_stance(
        session=session, evidence_id=evidence.id or 0, stance="none", reviewer="ana"
    )
    assert cleared.reviewer_stance is None
    last = storage.history(session=session, claim_id=first)[-1]
    assert (last.action, last.from_value, last.to_value) == ("stance", "supports", None)
    storage.undo_last_action(session=session, reviewer="ana")
    restored = session.get(Evidence, evidence.id, populate_existing=True)
    assert restored is not None
    assert (restored.reviewer_stance, restored.reviewer) == ("supports", "bea")


def test_an_attach_is_audited_and_undo_removes_only_its_new_passages(session: Session) -> None:
    _article_id, (first, *_rest) = _article(session)
    older = _attach(session, first, "Earlier wire copy about the vote.")
    newer = _attach(session, first, "The finance office put the cost at $45 million.")
    attach_events = [e for e in storage.history(session=session, claim_id=first)]
    assert [e.action for e in attach_events] == ["attach", "attach"]
    assert attach_events[1].detail == {
        "source_id": newer.source_id,
        "evidence_ids": [newer.id],
    }
    result = storage.undo_last_action(session=session, reviewer="ana")
    assert result.description.startswith("attached source")
    remaining = [e.id for e, _s in storage.list_evidence(session=session, claim_id=first)]
    assert remaining == [older.id]


# --- notes written under another verdict ----------------------------------------------------


def test_a_note_records_who_wrote_it_and_under_which_status(session: Session) -> None:
    _article_id, (first, second, _third) = _article(session)
    storage.mark_claim(
        session=session, claim_id=first, status="disputed", note="DoD says 83", reviewer="alice"
    )
    flipped = storage.mark_claim(session=session, claim_id=first, status="verified", reviewer="bob")
    assert (flipped.note, flipped.note_by, flipped.note_status) == (
        "DoD says 83",
        "alice",
        "disputed",
    )
    storage.set_note(session=session, claim_id=second, note="check minutes", reviewer="carol")
    noted = _claim_now(session, second)
    assert (noted.note_by, noted.note_status) == ("carol", "unreviewed")


def test_migration_fills_in_who_wrote_existing_notes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
        connection.execute(
            text(
                "INSERT INTO article (id, title, text, text_sha256, imported_at) "
                "VALUES (1, 'A', 'Twelve boats were struck.', :sha, '2026-01-02 03:04:05')"
            ),
            {"sha": "b" * 64},
        )
        connection.execute(
            text(
                'INSERT INTO claim (id, article_id, position, text, start, "end", label, kinds, '
                "check_worthiness, status, note, reviewer, updated_at, version) "
                "VALUES (1, 1, 0, 'Twelve boats were struck.', 0, 25, '12 boats', :kinds, 0.9, "
                "'verified', 'ministry list says 12', 'bob', '2026-01-02 03:09:00', 3)"
            ),
            {"kinds": json.dumps(["quantity"])},
        )
        connection.execute(
            text(
                "INSERT INTO reviewevent (claim_id, action, from_value, to_value, note, "
                "reviewer, at) VALUES "
                "(1, 'status', 'unreviewed', 'disputed', 'ministry list says 12', 'ana', "
                "'2026-01-02 03:05:00'), "
                "(1, 'status', 'disputed', 'verified', NULL, 'bob', '2026-01-02 03:09:00')"
            )
        )
    engine.dispose()
    upgraded = make_engine(url)
    with session_for(upgraded) as session:
        claim = _claim_now(session, 1)
        assert (claim.note_by, claim.note_status) == ("ana", "disputed")
    upgraded.dispose()
