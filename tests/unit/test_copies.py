"""Copies of one story: wire credits, grouping a claim's sources, counting independent ones.

The texts in tests/fixtures/copies were written for these tests: a Reuters story on an
earthquake and two outlets' copies of it (one with a new first paragraph and an added local
paragraph, one trimmed with small cuts), an independent report of the same quake quoting the
same minister, the agency's follow-up the next day (a background paragraph repeated word for
word), a Reuters story on shipping, an AP story, an outlet's copy of it with the credit
removed, Bloomberg's own report of the same decision, and a local news story.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from claim_workbench.evidence import copies
from claim_workbench.evidence.copies import (
    CREDITED_THRESHOLD,
    UNCREDITED_THRESHOLD,
    CopyIndex,
    SourceText,
    compare,
    find_credits,
    fingerprint,
    group_copies,
    independence,
    independence_label,
    similarity,
)
from claim_workbench.store import storage
from claim_workbench.store.copies import sources_for_claims
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import ClaimBase, SourceBase

FIXTURES = Path(__file__).parents[1] / "fixtures" / "copies"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.txt"))
IDS = {name: number for number, name in enumerate(NAMES, start=1)}


def load(name: str, **changes: object) -> SourceText:
    head, body = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    source = SourceText(
        id=IDS[name],
        text=body,
        title=meta["title"],
        site=meta["site"],
        url=meta["url"],
        published=dt.date.fromisoformat(meta["published"]),
    )
    return dataclasses.replace(source, **changes)


# --- wire credits -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("WASHINGTON (AP) — The Senate voted 52-48 on Tuesday to confirm the nominee.", {"AP"}),
        ("ANKARA, Nov 30 (Reuters) - A magnitude 6.1 earthquake struck on Sunday.", {"Reuters"}),
        ("PARIS (AFP) - France's parliament adopted the budget late on Friday.", {"AFP"}),
        ("BERLIN (dpa) - Germany's rail operator cancelled 300 trains.", {"dpa"}),
        ("MADRID, 3 dic (EFE).- El Gobierno aprobó este martes el proyecto.", {"EFE"}),
        ("(ANSA) - ROME, DEC 3 - Italy's premier met union leaders on Wednesday.", {"ANSA"}),
        ("LONDON (PA) - Rail fares in England will rise by 4.6% in March.", {"PA Media"}),
        ("(Bloomberg) -- Norway's central bank unexpectedly raised rates.", {"Bloomberg"}),
        ("BEIJING, Dec. 3 (Xinhua) -- China's exports grew 5.2 percent.", {"Xinhua"}),
        ("BRUSSELS (AFP/Reuters) - EU ministers agreed on the sanctions.", {"AFP", "Reuters"}),
        ("The toll rose.\n\n(Reporting by Ayse Demir; Editing by Mark Potter)", {"Reuters"}),
        (
            "The toll rose.\n\n(Additional reporting by Jo Kim; Writing by Al Ray;"
            " Editing by Sue Hart)",
            {"Reuters"},
        ),
        ("Rescuers dug through the night.\n\n©  Reuters", {"Reuters"}),
        ("Rescuers dug through the night.\n\n(c) Copyright Thomson Reuters 2026", {"Reuters"}),
        ("Rates rose.\nCopyright 2026 The Associated Press. All rights reserved.", {"AP"}),
        (
            "Rates rose.\n\nAssociated Press writer Jane Roe in Paris contributed to this report.",
            {"AP"},
        ),
        ("By JOHN SMITH Associated Press\n\nThe Senate voted on Tuesday.", {"AP"}),
        ("The krone jumped.\n\n--With assistance from Kari Lunde.", {"Bloomberg"}),
        (
            "The krone jumped.\n\nTo contact the reporter on this story:\nAnders Nygaard",
            {"Bloomberg"},
        ),
        ("The vote was close.\n\nAFP", {"AFP"}),
        ("The vote was close.\n\n— Agence France-Presse", {"AFP"}),
        ("The vote was close.\nSource: Agence France-Presse", {"AFP"}),
        ("Trains were cancelled.\n\ndpa:261203-99-123456/2", {"dpa"}),
        ("The vote was close.\n© 2026 AFP", {"AFP"}),
    ],
)
def test_wire_credits_in_the_forms_agencies_write_them(text: str, agencies: set[str]) -> None:
    found, spans = find_credits(text)
    assert found == agencies
    assert spans  # and where the credit is, so its words do not count as shared story text


@pytest.mark.parametrize(
    "text",
    [
        "The minister told Reuters on Tuesday that talks had stalled.",
        "Talks had stalled, according to The Associated Press.",
        "Reuters reported earlier that the deal was close.",
        "Protesters march in central Paris. (AP Photo/Thibault Camus)",
        "She moved to Pittsburgh (PA) in 2019 and opened a bakery.",
        "Photo: Reuters",
        "(Reporting by Jane Doe)",
        "Michael Bloomberg said on Tuesday he would fund the campaign.",
        "The photo was taken by an AFP photographer on Sunday.",
    ],
)
def test_citing_an_agency_is_not_carrying_its_credit(text: str) -> None:
    assert find_credits(text)[0] == frozenset()


def test_a_copyright_line_goes_whole_with_the_agency_boilerplate() -> None:
    ap = load("rates_ap")
    body, _line = ap.text.rstrip().rsplit("\n\n", 1)
    assert _line.startswith("Copyright 2026 The Associated Press. All rights reserved.")
    stripped = dataclasses.replace(ap, text=body, url=None)
    assert fingerprint(stripped).credits == {"AP"}  # still credited, by its dateline
    assert fingerprint(stripped).shingles == fingerprint(dataclasses.replace(ap, url=None)).shingles


def test_a_page_on_the_agency_own_site_carries_its_credit() -> None:
    text = "Officials said the count would take a week. " * 10
    print_ = fingerprint(SourceText(id=1, text=text, url="https://www.reuters.com/world/x"))
    assert print_.credits == {"Reuters"}
    assert print_.host == "reuters.com"


def test_credits_do_not_count_as_shared_text() -> None:
    # Two different Reuters stories from the same desk share their dateline and sign-off
    # words; with the credits read out of the text, those shingles are not compared.
    quake, shipping = fingerprint(load("quake_reuters")), fingerprint(load("shipping_reuters"))
    assert quake.credits == shipping.credits == {"Reuters"}
    assert similarity(quake, shipping) == 0.0


# --- a claim's sources ------------------------------------------------------------------------


def test_wire_copies_group_and_other_reports_stay_independent() -> None:
    sources = [
        load("quake_copy_herald"),  # attached first
        load("quake_independent"),
        load("quake_reuters"),
        load("quake_copy_citypost"),
        load("quake_reuters_followup"),
        load("shipping_reuters"),
    ]
    groups = group_copies(sources)
    assert len(groups) == 1
    (group,) = groups
    # The copy on the agency's own site stands for the group, although attached later.
    assert group.representative == IDS["quake_reuters"]
    assert set(group.source_ids) == {
        IDS["quake_reuters"],
        IDS["quake_copy_herald"],
        IDS["quake_copy_citypost"],
    }
    assert group.credits == ("Reuters",)
    for link in group.links:
        assert link.copy_of == IDS["quake_reuters"]
        assert link.reason.startswith("same wire credit: Reuters; ")
        assert link.similarity >= CREDITED_THRESHOLD
    counted = independence([source.id for source in sources], groups)
    assert counted.label == "6 sources, 4 independent"


def test_a_representative_is_the_earliest_published_when_no_agency_site_is_among_them() -> None:
    herald = load("quake_copy_herald")  # published 2026-11-30
    citypost = load("quake_copy_citypost")  # published 2026-12-01
    (group,) = group_copies([citypost, herald])
    assert group.source_ids == (herald.id, citypost.id)
    undated = [dataclasses.replace(s, published=None) for s in (citypost, herald)]
    (group,) = group_copies(undated)
    assert group.representative == citypost.id  # then the first attached


def test_same_agency_same_event_but_another_story_is_not_a_copy() -> None:
    # The follow-up repeats a paragraph of background word for word and carries the same
    # credit: that alone must not make it a copy.
    original, followup = (
        fingerprint(load("quake_reuters")),
        fingerprint(load("quake_reuters_followup")),
    )
    share = similarity(original, followup)
    assert 0.05 < share < CREDITED_THRESHOLD
    assert compare(original, followup) is None


def test_an_independent_report_quoting_the_same_minister_is_not_a_copy() -> None:
    wire, own = fingerprint(load("quake_reuters")), fingerprint(load("quake_independent"))
    assert similarity(wire, own) > 0.0  # the quote is shared
    assert compare(wire, own) is None


def test_a_copy_with_its_credit_removed_is_still_a_copy_under_another_title() -> None:
    ap, copy = load("rates_ap"), load("rates_ap_copy_nocredit")
    assert fingerprint(copy).credits == frozenset()
    link = compare(fingerprint(ap), fingerprint(copy))
    assert link is not None
    assert link.credits == ()
    assert link.kind == "different-titles"
    assert link.reason.startswith("same text under different titles (similarity 0.9")
    bloomberg = load("rates_bloomberg")  # another agency's own story on the same decision
    groups = group_copies([ap, bloomberg, copy])
    assert [set(g.source_ids) for g in groups] == [{ap.id, copy.id}]
    assert independence([ap.id, bloomberg.id, copy.id], groups).label == "3 sources, 2 independent"


def test_a_shared_credit_lowers_the_bar_but_does_not_replace_it() -> None:
    # An outlet keeps the wire's first three paragraphs and writes the rest itself: the share
    # falls between the two thresholds, so the copy counts as one only while both carry the
    # credit.
    wire = load("quake_reuters")
    kept = "\n\n".join(wire.text.split("\n\n")[:3])
    own = load("quake_independent").text.split("\n\n", 2)[2]
    outlet = SourceText(id=99, text=f"{kept}\n\n{own}", title="Quake in Malatya")
    share = similarity(fingerprint(wire), fingerprint(outlet))
    assert CREDITED_THRESHOLD <= share < UNCREDITED_THRESHOLD
    assert compare(fingerprint(wire), fingerprint(outlet)) is not None
    uncredited = dataclasses.replace(outlet, text=outlet.text.replace(" (Reuters) -", " -"))
    assert fingerprint(uncredited).credits == frozenset()
    assert compare(fingerprint(wire), fingerprint(uncredited)) is None


def test_same_text_at_two_addresses_and_under_another_title() -> None:
    page = load("council_gazette")
    amp = dataclasses.replace(
        page, id=50, url="https://riverton-gazette.example/amp/news/council-approves-budget"
    )
    syndicated = dataclasses.replace(
        page,
        id=51,
        title="Bus routes 14 and 22 to end as Riverton passes budget",
        site="valley-news.example",
        url="https://valley-news.example/riverton/budget-bus-cuts",
        published=dt.date(2026, 12, 3),
    )
    (group,) = group_copies([amp, syndicated, page])
    assert group.representative == amp.id  # same day as the original: the first attached
    assert group.link_of(page.id).reason == (
        "same text at two addresses on riverton-gazette.example (similarity 1.00)"
    )
    assert group.link_of(syndicated.id).reason == (
        "same text under different titles (similarity 1.00)"
    )
    assert group.label() == (
        "3 copies of one story, counted once: riverton-gazette.example, valley-news.example,"
        " riverton-gazette.example — same text under different titles; same text at two"
        " addresses on riverton-gazette.example (similarity 1.00)"
    )


def test_the_same_page_stored_twice_is_named_so() -> None:
    page = load("council_gazette")
    refetched = dataclasses.replace(page, id=60, text=page.text + "\n\nUpdated at 9 a.m.")
    link = compare(fingerprint(page), fingerprint(refetched))
    assert link is not None and link.kind == "same-page"
    # The original is all inside the refetched page: the share of the shorter text is 1.
    assert link.reason == "the same page stored twice (similarity 1.00)"


def test_short_texts_are_never_called_copies() -> None:
    notice = "Subscribe to keep reading. You have reached your limit of free articles."
    first = SourceText(id=1, text=notice, url="https://paper.example/a", title="Budget vote")
    second = SourceText(id=2, text=notice, url="https://paper.example/b", title="Flood warning")
    assert group_copies([first, second]) == []


def test_a_source_given_twice_counts_once() -> None:
    wire, copy = load("quake_reuters"), load("quake_copy_citypost")
    groups = group_copies([wire, copy, wire])
    assert len(groups) == 1 and len(groups[0]) == 2
    # A claim's evidence lists one source per passage: ids repeat.
    assert independence([wire.id, wire.id, copy.id], groups).label == "2 sources, 1 independent"
    # Counting a subset, such as the sources a reviewer marked as supporting.
    assert independence([wire.id], groups).label == "1 source"


def test_copies_linked_through_the_original_join_one_group() -> None:
    # The trimmed copy and the extended copy share less between themselves than with the
    # original, but all three are one story.
    herald, citypost = (
        fingerprint(load("quake_copy_herald")),
        fingerprint(load("quake_copy_citypost")),
    )
    (group,) = group_copies(
        [load("quake_copy_herald"), load("quake_copy_citypost"), load("quake_reuters")]
    )
    assert len(group) == 3
    assert similarity(herald, citypost) < similarity(fingerprint(load("quake_reuters")), citypost)


@pytest.mark.parametrize(
    ("sources", "independent", "label"),
    [(0, 0, "no sources"), (1, 1, "1 source"), (3, 2, "3 sources, 2 independent")],
)
def test_independence_label(sources: int, independent: int, label: str) -> None:
    assert independence_label(sources, independent) == label


def test_group_label_names_members_and_reasons() -> None:
    sources = [load("quake_reuters"), load("quake_copy_herald"), load("quake_copy_citypost")]
    (group,) = group_copies(sources)
    label = group.label({IDS["quake_copy_herald"]: "[bold]Herald[/bold]"})
    assert label.startswith(
        "3 copies of one story, counted once: reuters.com, [bold]Herald[/bold], citypost.example"
        " — same wire credit: Reuters; largely the same text (similarity 0."
    )
    shares = [link.similarity for link in group.links]
    low, high = min(shares), max(shares)
    assert label.endswith(f"(similarity {low:.2f}-{high:.2f})")


def test_a_cache_reads_each_source_once() -> None:
    cache: dict[int, copies.Fingerprint] = {}
    first = group_copies([load("rates_ap"), load("rates_ap_copy_nocredit")], cache=cache)
    assert set(cache) == {IDS["rates_ap"], IDS["rates_ap_copy_nocredit"]}
    # A cached fingerprint is used as it is: changing the text under the same id changes nothing.
    changed = load("rates_ap_copy_nocredit", text="Completely different words. " * 20)
    again = group_copies([load("rates_ap"), changed], cache=cache)
    assert again == first


# --- against every stored source --------------------------------------------------------------


def test_index_finds_the_stored_original_of_a_new_copy() -> None:
    stored = {IDS[name]: load(name) for name in NAMES if name != "quake_independent"}
    index = CopyIndex()
    for source in stored.values():
        index.add(source)
    assert len(index) == len(stored)
    new_copy = dataclasses.replace(load("quake_copy_citypost"), id=500)
    links = index.find(new_copy, stored.get)
    assert [link.copy_of for link in links] == [
        IDS["quake_copy_citypost"],
        IDS["quake_reuters"],
        IDS["quake_copy_herald"],
    ]
    assert all(link.source_id == 500 for link in links)
    # Another outlet's own report of the same quake, quoting the same minister.
    assert index.find(load("quake_independent"), stored.get) == []
    # A stored source is not reported as a copy of itself.
    assert IDS["rates_ap"] not in [s for s, _ in index.candidates(fingerprint(load("rates_ap")))]


def test_index_skips_texts_too_short_to_compare() -> None:
    index = CopyIndex()
    index.add(SourceText(id=1, text="Subscribe to keep reading."))
    assert len(index) == 0
    assert index.candidates(fingerprint(SourceText(id=2, text="Subscribe to keep reading."))) == []


# --- stored sources ---------------------------------------------------------------------------


@pytest.fixture
def session(tmp_path) -> Session:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with session_for(engine) as session:
        yield session


def _attach(session: Session, claim_id: int, fixture: SourceText) -> int:
    source = SourceBase(
        origin="url",
        url=fixture.url,
        title=fixture.title,
        site=fixture.site,
        published=fixture.published,
        text=fixture.text,
        sha256=storage.sha256_hex(fixture.text),
        size=len(fixture.text),
    )
    draft = storage.EvidenceDraft(fixture.text[:80], 0, 80, 50.0, 0, 10, "none", "unclear")
    stored, _ = storage.attach_source(
        session=session,
        claim_id=claim_id,
        source=source,
        raw=fixture.text.encode(),
        evidence=[draft],
    )
    assert stored.id is not None
    return stored.id


def test_stored_sources_of_claims_group_as_the_fixtures_do(session: Session) -> None:
    text = "At least 12 people were killed. The bank raised its rate to 4.75%."
    article, _ = storage.import_article(
        session=session,
        title="Headline",
        text=text,
        claims=[
            storage.ClaimDraft(
                claim=ClaimBase(position=i, text=t, start=0, end=len(t), label=t[:20]),
                quantities=[],
            )
            for i, t in enumerate(["At least 12 people were killed.", "The rate is 4.75%."])
        ],
    )
    quake_claim, rate_claim = storage.list_claims(session=session, article_id=article.id)
    herald = _attach(session, quake_claim.id, load("quake_copy_herald"))
    wire = _attach(session, quake_claim.id, load("quake_reuters"))
    own = _attach(session, quake_claim.id, load("quake_independent"))
    ap = _attach(session, rate_claim.id, load("rates_ap"))
    copy = _attach(session, rate_claim.id, load("rates_ap_copy_nocredit"))
    shared_wire = _attach(session, rate_claim.id, load("quake_reuters"))  # cited by both
    assert shared_wire == wire

    read = sources_for_claims(session=session, claim_ids=[quake_claim.id, rate_claim.id])
    assert read.by_claim == {quake_claim.id: [herald, wire, own], rate_claim.id: [ap, copy, wire]}
    assert len(read.sources) == 5  # the shared source is read once
    cache: dict[int, copies.Fingerprint] = {}
    quake_groups = group_copies(read.of(quake_claim.id), cache=cache)
    assert [g.source_ids for g in quake_groups] == [(wire, herald)]
    assert independence(read.by_claim[quake_claim.id], quake_groups).label == (
        "3 sources, 2 independent"
    )
    rate_groups = group_copies(read.of(rate_claim.id), cache=cache)
    assert [g.source_ids for g in rate_groups] == [(ap, copy)]

    # The pane holds (Evidence, Source) rows: claim_workbench.store.models.Source is read as it is.
    evidence = storage.list_evidence(session=session, claim_id=quake_claim.id)
    pane_groups = group_copies(source for _evidence, source in evidence)
    assert [set(g.source_ids) for g in pane_groups] == [{wire, herald}]


def test_reading_sources_of_no_claims_reads_nothing(session: Session) -> None:
    read = sources_for_claims(session=session, claim_ids=[])
    assert read.sources == {} and read.by_claim == {}
