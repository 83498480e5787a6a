"""Which sentences become claims, and their labels (issue 17): an article written for the tests
imported through the CLI, and the shapes of sentence, headline and label one at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claim_workbench.claims import ExtractedClaim, extract_claims, parse_article
from claim_workbench.claims.labels import LABEL_CHARS, claim_label, short_speaker
from claim_workbench.cli import cli
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.storage import latest_article

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "port-strike-2026-02-09.txt"
HEADLINE = "Dockworkers' strike halts 70% of container traffic at northern ports"

# (how the claim's sentence starts, its speaker, words its label must hold), in article order.
EXPECTED = [
    (HEADLINE, None, ["70% of container traffic"]),
    (
        "Dockworkers at the northern ports walked out",
        "National port authority",  # "..., the national port authority said."
        ["about 70% of container traffic"],
    ),
    (
        "It is the longest port stoppage",
        "Maritime Labour Institute",  # "according to the Maritime Labour Institute"
        ["longest port stoppage since 1996"],
    ),
    ("Union leader Tomasz Brandt said", "Tomasz Brandt", ["Brandt: ", "operators refused"]),
    ("“We offered to meet every day", "Tomasz Brandt", ["Brandt: ", "3 weeks"]),
    ("He added that real wages", "Tomasz Brandt", ["Brandt: ", "real wages", "11 percent"]),
    ("In December the government signed", None, ["€1.8 billion contract"]),
    ("The union says automation", "Union", ["more than a thousand-strong workforce"]),
    ("The ports handle what the finance ministry", None, ["trillion-dollar trade corridor"]),
    ("Three cargo ships were diverted", None, ["Three cargo ships diverted to Hamburg"]),
    ("Transport Minister Ewa Lis told parliament", "Ewa Lis", ["Lis: ", "not be blackmailed"]),
    ("A district court ruled the walkout lawful", None, ["ruled the walkout lawful"]),
]
FILLER = [
    "What does this mean for your weekly shopping?",
    "Many of you have written in to ask.",
    "Here's what we know so far.",
    "You're probably asking about 2 different deadlines.",
    "Will supermarket shelves run empty?",
    "Well, that depends on the weather.",
    "This story will be updated as talks continue.",
]


@pytest.fixture
def imported(tmp_path: Path) -> tuple[str, list[dict]]:
    """The article imported with the CLI into a SQLite file; its stored text and claims."""
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'choice.db'}"
    result = runner.invoke(cli, ["--db", url, "--reviewer", "ana", "import", str(ARTICLE)])
    assert result.exit_code == 0, result.output
    claims = json.loads(runner.invoke(cli, ["--db", url, "claims", "--json"]).stdout)
    engine = make_engine(url)
    with session_for(engine) as session:
        article = latest_article(session=session)
        assert article is not None
        text = article.text
    engine.dispose()
    return text, claims


def test_the_article_imports_the_expected_claims_with_their_speakers(
    imported: tuple[str, list[dict]],
) -> None:
    _text, claims = imported
    assert len(claims) == len(EXPECTED) >= 8
    for claim, (opening, speaker, _label_words) in zip(claims, EXPECTED, strict=True):
        assert claim["text"].startswith(opening), claim["text"]
        assert claim["speaker"] == speaker, claim["text"]


def test_no_question_reader_address_or_filler_line_is_a_claim(
    imported: tuple[str, list[dict]],
) -> None:
    text, claims = imported
    for line in FILLER:
        assert line in text
        assert not any(line in claim["text"] for claim in claims), line


def test_labels_are_short_and_carry_the_checkable_core(imported: tuple[str, list[dict]]) -> None:
    _text, claims = imported
    for claim, (_opening, _speaker, label_words) in zip(claims, EXPECTED, strict=True):
        label = claim["label"]
        assert len(label) <= LABEL_CHARS, label
        for words in label_words:
            assert words.casefold() in label.casefold(), (label, words)
        if set(claim["kinds"]) & {"quantity", "superlative"}:
            assert not label.endswith("…"), label  # never a stub when a figure exists


def test_headline_claim_points_into_the_stored_text(imported: tuple[str, list[dict]]) -> None:
    text, claims = imported
    headline = claims[0]
    assert (headline["start"], headline["end"]) == (0, len(HEADLINE))
    assert text.startswith(HEADLINE + "\n\n")
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["text"]


# --- sentence choice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Why does it matter for commuters? Many readers have asked.",
        "Some of our readers have contacted the newsroom.",
        "You're talking about 2 different subjects.",
        "You are mixing up three separate figures.",
        "Look, there are 2 sides to this.",
        "This article has been updated with the latest details.",
        "Here's how the vote unfolded.",
        "“Why would anyone sign that?” she asked.",
    ],
)
def test_talk_that_states_no_fact_is_left_out(sentence: str) -> None:
    assert extract_claims(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "core"),
    [
        ("You pay 40% more for fuel than drivers did in 2019.", "40%"),
        ("Well, the plant employed 2,500 people before it closed.", "2,500"),
        ("Look, Senator Reyes voted against the bill twice.", "Reyes"),
        ("You opposed the treaty when you ran for governor in 2018.", "2018"),
        ("Well, you have cut the school budget three times.", "three times"),
        ("The newspaper lost 30,000 readers last year, its owners said.", "30,000"),
    ],
)
def test_conversation_with_a_figure_or_a_name_stays_a_claim(sentence: str, core: str) -> None:
    claims = extract_claims(sentence)
    assert len(claims) == 1
    assert core in claims[0].text


@pytest.mark.parametrize(
    ("sentence", "label_words"),
    [
        ("The country now runs more than a trillion-dollar deficit.", "trillion-dollar deficit"),
        ("Investors poured half a million euros into the venture.", ""),
        ("The court handed him a two-year sentence.", "two-year"),
    ],
)
def test_numbers_written_as_words_keep_a_sentence(sentence: str, label_words: str) -> None:
    claims = extract_claims(sentence)
    assert len(claims) == 1 and "quantity" in claims[0].kinds
    assert label_words in claims[0].label


def test_a_fact_stating_headline_is_a_claim_with_offsets_into_the_text() -> None:
    article = parse_article(" date 2026-04-01 Rail strike shuts 40% of lines\n\nTrains ran late.")
    claims = extract_claims(article.text)
    assert claims[0].text == "Rail strike shuts 40% of lines"
    assert article.text[claims[0].start : claims[0].end] == claims[0].text
    assert claims[0].start == 0
    assert "event" in claims[0].kinds and "quantity" in claims[0].kinds


def test_a_headline_taken_from_a_first_short_line_is_read_the_same_way() -> None:
    article = parse_article("Ferry operator sacks 300 crew\n\nThe company confirmed the cuts.")
    assert article.title == "Ferry operator sacks 300 crew"
    claims = extract_claims(article.text)
    assert [claim.text for claim in claims][:1] == ["Ferry operator sacks 300 crew"]


@pytest.mark.parametrize(
    "headline",
    [
        "What we know about the rail strike so far",
        "Is the rail strike finally over?",
        "Live: rail strike enters second day",
        "How the strike could change commuting",
    ],
)
def test_headlines_that_promise_a_story_are_not_claims(headline: str) -> None:
    article = parse_article(f" date 2026-04-01 {headline}\n\nTrains ran late on Monday.")
    assert all(claim.start > 0 for claim in extract_claims(article.text))


def test_a_headline_verb_in_the_present_tense_is_an_event_only_in_the_headline() -> None:
    body_only = extract_claims("The union shuts the depot gates.")
    assert body_only == []  # "shuts" in a body sentence with nothing else checkable
    headline = extract_claims("Union shuts the depot gates\n\nThe depot was quiet.")
    assert headline and headline[0].text == "Union shuts the depot gates"


@pytest.mark.parametrize(
    ("headline", "label"),
    [
        ("Island ferry service cut as operator blames fuel costs", "Island ferry service cut"),
        ("Three killed as storm hits coast", "Three killed as storm hits coast"),
        ("Mayor charged over housing contracts", "Mayor charged over housing contracts"),
    ],
)
def test_a_headline_in_the_passive_is_a_claim(headline: str, label: str) -> None:
    article = parse_article(f" date 2026-04-01 {headline}\n\nThe council met on Monday.")
    claims = extract_claims(article.text)
    assert claims and claims[0].start == 0 and "event" in claims[0].kinds
    assert claims[0].label.startswith(label)


# --- labels --------------------------------------------------------------------------------


def only(sentence: str) -> ExtractedClaim:
    claims = extract_claims(sentence)
    assert len(claims) == 1, [claim.text for claim in claims]
    return claims[0]


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # An amount with the noun it measures, and how it moved.
        (
            "The ministry awarded a local engineering firm a $310 million contract to rebuild "
            "the northern bypass.",
            "$310 million contract",
        ),
        (
            "Officials at the regional water board said on Monday that reservoirs had dropped "
            "to 35 percent of capacity.",
            "Regional water board: dropped to 35% of capacity",
        ),
        # The superlative and the phrase it ranks, not the sentence around it.
        (
            "The march, which crossed the city from the main station to parliament, was the "
            "biggest demonstration since 2003.",
            "biggest demonstration since 2003",
        ),
        # Several figures of one sentence, joined.
        (
            "The fire destroyed at least 140 homes across three valleys and forced 6,000 "
            "residents to leave, the civil protection agency said.",
            "at least 140 homes, 3 valleys, 6,000 residents",
        ),
    ],
)
def test_labels_are_built_from_the_claims_parts(sentence: str, label: str) -> None:
    assert only(sentence).label == label


def test_quote_label_is_the_speakers_surname_and_the_core_of_the_quote() -> None:
    claim = only(
        "“This is the first battery plant in the region to run entirely on recycled metal,” "
        "said chief executive Lena Okafor."
    )
    assert claim.speaker == "Lena Okafor"
    assert claim.label.startswith("Okafor: first battery plant")
    assert len(claim.label) <= LABEL_CHARS


def test_reported_speech_label_is_who_said_what() -> None:
    claim = only(
        "Speaking at a press conference in the capital on Thursday, Finance Minister Ivo "
        "Petrov said the deficit had narrowed sharply."
    )
    assert claim.label == "Petrov: deficit narrowed sharply"


def test_reported_speech_after_an_appositive_is_labelled_as_who_said_what() -> None:
    claim = only(
        "The hospital group Medica Nord, which runs four of the region's nine hospitals, said it"
        " had cancelled 3,000 operations this month."
    )
    assert claim.label.startswith("Medica Nord: ") and "3,000 operations" in claim.label
    # "..., said the minister": what follows the verb is the speaker, not what was said.
    claim = only("Bus fares will rise by 12% in March, said Transport Minister Ola Dahl.")
    assert claim.label == "Bus fares will rise by 12% in March"


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # "over" after a dispute or a punishment says what it was about, not "more than".
        ("Former mayor jailed for six years over $4.2m housing fraud", ", $4.2 million housing"),
        # A participle after an amount is no noun it measures.
        (
            "The mayor diverted $4.2 million meant for social housing into his companies.",
            "$4.2 million",
        ),
        # A part of a whole is one share, not two numbers.
        (
            "The city's auditor found in 2023 that only 112 of the 400 promised homes had been"
            " built.",
            "only 112 of 400 promised homes",
        ),
        # A relative clause that describes the subject gives way to what the subject does.
        (
            "Lamb, who denied all charges, plans to appeal, his lawyer Sofia Brandt told"
            " reporters outside the court on Monday.",
            "Lamb plans to appeal",
        ),
    ],
)
def test_labels_of_a_court_report(sentence: str, label: str) -> None:
    assert label in only(sentence).label


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # "X called it ... and said ...": X said it; the time phrase after the figure goes.
        (
            "Opposition leader Mark Feeney called the decision 'a betrayal of every child in"
            " this borough' and said visits to the libraries had risen by 12% last year.",
            "Feeney: visits to the libraries had risen by 12%",
        ),
        # "X, a campaign group, said more than ...": what was said, not who.
        (
            "The Libraries Alliance, a campaign group, said more than 9,000 people had signed a"
            " petition against the plan.",
            "Libraries Alliance: more than 9,000 people",
        ),
        (
            "Harwick Borough Council will close three of its eight libraries next spring to fill"
            " a £14 million hole in its budget.",
            "3 of 8 libraries, £14 million hole",
        ),
    ],
)
def test_labels_of_a_council_report(sentence: str, label: str) -> None:
    assert only(sentence).label == label


def test_labels_of_a_health_study_report() -> None:
    text = (
        "About 57 million people live with dementia, according to the World Health Organization"
        " (WHO). The WHO said earlier this year that physical inactivity was one of 12 risk"
        " factors. “The effect was strongest in people over 65,” said lead author Dr Hanne"
        " Lindqvist of the Karolinska Institute."
    )
    claims = extract_claims(text)
    # The acronym the article uses is the label's name; "WHO" is no relative pronoun.
    assert claims[1].speaker == "World Health Organization"
    assert claims[1].label.startswith("WHO: ")
    # A surname ending like an occupation ("-ist") is still a name; the amount inside the
    # superlative is not repeated after it.
    assert claims[2].speaker == "Hanne Lindqvist"
    assert claims[2].label == "Lindqvist: strongest in people over 65"


def test_a_label_is_never_a_two_word_stub_cut_at_a_phrase() -> None:
    # Was "Apple refused" and "Secretary Clinton": cut at the first comma.
    label = claim_label(
        "Apple refused, saying it would compromise the security of every iPhone user in the"
        " country and of its customers abroad.",
        [],
    )
    assert label.startswith("Apple refused, saying it would") and label.endswith("…"), label
    label = claim_label(
        "Secretary Clinton, during your Senate years you voted against the trade deal with"
        " Colombia that the White House backed.",
        [],
    )
    assert label.startswith("Secretary Clinton, during your") and label.endswith("…"), label


def test_a_short_sentence_is_its_own_label_and_a_long_one_is_cut_at_a_phrase() -> None:
    assert only("Three bridges closed on Friday.").label == "Three bridges closed on Friday"
    claim = only(
        "Meanwhile, the coastal highway has been closed between the fishing villages because "
        "of repeated landslides."
    )
    assert claim.label == "Coastal highway closed"


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Amira Khan", "Khan"),
        ("Tomasz Brandt", "Brandt"),
        ("US Southern Command", "US Southern Command"),
        ("Ministry of Health", "Ministry of Health"),
        ("Ursula von der Leyen", "Ursula von der Leyen"),
        ("Reuters", "Reuters"),
        ("Seán Ó Briain", "Ó Briain"),
        ("Gráinne Nic Amhlaoibh", "Nic Amhlaoibh"),
        ("Harold T. Brackenridge Jr.", "Brackenridge"),
    ],
)
def test_speakers_are_named_by_surname_organisations_in_full(name: str, short: str) -> None:
    assert short_speaker(name) == short


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # a count of what the text already named is not the figure to check
        (
            "Talks between the two sides broke down after the union rejected a pay offer of "
            "3.5%, well below inflation of 4.8%.",
            "offer of 3.5%, inflation of 4.8%",
        ),
        # a time frame beside a figure: the figure is the claim, the frame can be cut
        ("Crime in the city centre fell 12% over the last five years.", "Crime fell 12% over"),
        ("Crime in the city centre fell sharply over the last five years.", "Crime fell sharply"),
        # the place phrase of the subject goes before the claim's own words do
        (
            "Prices at the pump in rural Wales rose by 14 pence a litre in the past two weeks.",
            "Prices rose by 14 pence a litre",
        ),
        # units keep the article's spelling
        (
            "Officials confirmed on Tuesday evening that 12 Democrats and 40 Republicans had "
            "voted against the 2024 budget bill in the state senate.",
            "12 Democrats, 40 Republicans",
        ),
        ("The council tracks throughput at 40 European ports and 30 US states.", "40 European"),
    ],
)
def test_labels_keep_the_figure_that_is_checked(sentence: str, label: str) -> None:
    (claim,) = extract_claims(sentence)
    assert label in claim.label, claim.label
    assert "sides" not in claim.label
    assert len(claim.label) <= LABEL_CHARS


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # an attribution between commas: the figures on both sides of it are what was said
        (
            "The government will spend an extra €450m on hospitals and €120m on rail, Varga "
            "said, paid for by cutting the number of civil servants by about 4,000.",
            "Varga: €450 million, €120 million",
        ),
        # the figures are what the speaker did before "and said ..."
        (
            "Finance Minister Helena Varga cut the growth forecast for next year to 0.8%, from "
            "1.5% in June, and said there would be no new taxes before the election.",
            "Varga: 0.8%, from 1.5%",
        ),
        ("Dr. Sofia Park said on Monday that at least 79 vessels had been hit.", "at least 79"),
        (
            "Its chair, Dr Mirela Kos, said on Tuesday that unemployment across the whole "
            "country was likely to rise to 6.1% from 5.4%.",
            "from 5.4%",
        ),
        (
            "We lowered our corporate tax rate from 35 percent, all the way down to 21 percent.",
            "from 35% to 21%",
        ),
        (
            "The teachers' union said one in four schools already had vacancies.",
            "one in four schools",
        ),
        ("Varga, 52, is the country's first female finance minister.", "country's first female"),
        (
            "The storm destroyed homes in three coastal towns and 40,000 cubic metres of forest.",
            "40,000 cubic metres",
        ),
    ],
)
def test_labels_name_what_was_said_and_how_it_moved(sentence: str, label: str) -> None:
    (claim,) = extract_claims(sentence)
    assert label in claim.label, claim.label
    assert "52" not in claim.label and "least 79" not in claim.label.replace("at least", "")
    assert len(claim.label) <= LABEL_CHARS


def test_a_label_cut_inside_a_quotation_leaves_no_mark_alone() -> None:
    (claim,) = extract_claims('Public sector unions called the cuts "a betrayal".')
    assert claim.label.count('"') % 2 == 0, claim.label


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Senate passes $1.2 trillion infrastructure bill 69-30", "69–30"),
        (
            "Officials confirmed that the council had approved the plan on Monday night by 31 "
            "votes to 12 after a long debate.",
            "31 votes to 12",
        ),
        # what the subject said before the "but" is the claim, not the other side's "saying"
        (
            "The CBO estimate, released last week, said the bill would add $256 billion to "
            "deficits over 10 years, but the White House disputes that, saying new revenue "
            "would cover the full cost.",
            "CBO: bill would add $256 billion",
        ),
    ],
)
def test_tallies_and_what_each_side_said(sentence: str, label: str) -> None:
    (claim,) = extract_claims(sentence)
    assert label in claim.label, claim.label


def test_a_duration_or_a_descriptor_goes_after_the_figure_a_claim_turns_on() -> None:
    (claim,) = extract_claims(
        "Companies that moved staff to a four-day week for six months saw sick days fall by "
        "33%, according to the largest trial of its kind, published on Thursday."
    )
    assert "fall by 33%" in claim.label, claim.label
    (sentence,) = extract_claims("Former mayor jailed for six years over $4.2m housing fraud")
    assert sentence.label.startswith("6 years"), sentence.label  # a sentence is the claim


def test_a_group_of_people_is_no_speaker_and_a_verb_is_no_unit() -> None:
    (staff,) = extract_claims("Staff reported sleeping an average of 7.7 hours a night.")
    assert staff.speaker is None
    (firms,) = extract_claims(
        "Of the 61 companies, 56 said they would continue with the shorter week."
    )
    assert "56 said" not in firms.label, firms.label
    assert [q.unit for q in firms.quantities] == ["companies", None]


def test_money_in_a_label_keeps_the_cents_it_was_written_with() -> None:
    (shares,) = extract_claims(
        "Shares in Vestmar, the country's largest carmaker, fell 8% to €12.50 on Thursday after"
        " it said it would close its plant in Hallby, where 2,400 people work."
    )
    assert shares.label.endswith("€12.50"), shares.label  # not "€12.5"
    (fund,) = extract_claims(
        "The fund, at $13.95 per tonne of carbon, is around 1 per cent of the cost of the"
        " scheme, which is $1,300 per household."
    )
    assert fund.label.startswith("$13.95,"), fund.label  # not rounded to "$13.9"
    (spent,) = extract_claims("We have spent $3.2 billion on the programme since 2019.")
    assert "$3.2 billion" in spent.label, spent.label


def test_labels_write_fractions_post_qualifiers_and_word_numbers_as_read() -> None:
    (cafe,) = extract_claims(
        "Tom Bramley, 54, who runs a cafe opposite the station, said takings had fallen by more"
        " than half."
    )
    assert "by more than half" in cafe.label, cafe.label  # not "1/2", not the age
    (walkers,) = extract_claims(
        "Those who walked for at least 15 minutes on five or more days a week had a 31% lower"
        " risk of diabetes."
    )
    assert "5 days or more" in walkers.label, walkers.label  # not "or more 5 days"
    (seven,) = extract_claims(
        'Margaret Pryce said: "Seven years sounds like a lot until you remember he will be out'
        ' in three and a half."'
    )
    assert seven.label == "Pryce: 3.5, 7 years", seven.label  # not "7 Seven years"


def test_a_long_appositive_before_said_keeps_the_speaker_and_what_was_said() -> None:
    (pryce,) = extract_claims(
        "Margaret Pryce, 71, a retired school cook from Kelderby who worked for the council for"
        " 31 years, said her monthly payments had been cut by about a fifth while the fund's"
        " losses were investigated."
    )
    assert pryce.speaker == "Margaret Pryce"
    assert pryce.label == "Pryce: her monthly payments cut by about a fifth", pryce.label


def test_a_short_partial_quote_at_the_end_leaves_the_label_to_the_figure_before_it() -> None:
    text = (
        "Transport Secretary Helen Marchetti urged both sides to settle. She said the government"
        " had already provided Northline with £1.2bn in support since 2023 and would publish a"
        ' bill "in the new year".'
    )
    claim = next(c for c in extract_claims(text) if c.text.startswith("She said"))
    assert claim.speaker == "Helen Marchetti"
    assert "£1.2 billion" in claim.label, claim.label  # not "in the new year"


def test_a_superlative_phrase_ends_where_a_clause_of_its_own_begins() -> None:
    (fraud,) = extract_claims(
        "The National Fraud Prosecution Service described the case as the largest pension fraud"
        " it had prosecuted outside London."
    )
    assert fraud.speaker == "National Fraud Prosecution Service"
    assert fraud.label.endswith("largest pension fraud"), fraud.label  # not "... fraud it"
    (problems,) = extract_claims(
        "And, you know, one of the biggest problems we have with China is the illegal dumping of"
        " steel and aluminum into our markets."
    )
    assert problems.label == "biggest problems", problems.label  # not "biggest problems we"
    (time,) = extract_claims(
        "For the first time since we took action, the Chinese are beginning to act on the issue."
    )
    assert "first time since we took action" in time.label, time.label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # What moved, when one noun names it right before the verb ...
        ("Independents take Ashcombe council as turnout falls to 29%.", "turnout falls to 29%"),
        (
            "Across the region unemployment rose to 5.4% in October while wages were flat for a"
            " fourth month running, official figures published on Tuesday showed.",
            "unemployment rose to 5.4%",
        ),
        # ... but not the end of a phrase after a preposition.
        ("Revenue for the quarter slipped 6.5% to C$2.91 billion.", "slipped 6.5%"),
    ],
)
def test_a_label_names_what_moved(text: str, label: str) -> None:
    (claim,) = extract_claims(text)
    assert claim.label.startswith(label), claim.label


def test_figures_before_a_partial_quote_are_the_label_not_the_quote() -> None:
    (sales,) = extract_claims(
        "European sales fell by a third to €310 million, which Moreau blamed on “a brutal year"
        " for logistics spending” in the company’s two biggest markets."
    )
    assert sales.speaker == "Moreau"
    assert sales.label == "sales fell by a third, €310 million", sales.label
    treated = extract_claims(
        "The regional health authority issued a notice. Seven people were treated in hospital"
        " for hypothermia, and the authority said that number was “likely to rise”."
    )[-1]
    assert treated.speaker == "Regional health authority"
    assert "likely to rise" not in treated.label and "Seven" in treated.label, treated.label
    # A figure inside the quotation after the attribution is the speaker's, not a figure
    # outside the quote.
    (mayor,) = extract_claims(
        "“The water is going down,” said Kilbarragh’s mayor, Colm Geraghty, “but the damage"
        " isn’t. People will be cleaning up for the second time in three years.”"
    )
    assert mayor.label == "Geraghty: water is going down", mayor.label


def test_a_figure_describing_the_speaker_leaves_the_label_to_the_quote() -> None:
    (union,) = extract_claims(
        "The United Assembly Workers, which represents around 2,300 Corvane employees, called"
        " the cuts “a betrayal of the workers who delivered record output last year”."
    )
    assert union.label == "United Assembly Workers: betrayal of the workers", union.label


def test_prefixed_dollars_are_labelled_as_written() -> None:
    (revenue,) = extract_claims(
        "Earnings per share were C$0.87, compared with C$1.41 a year earlier."
    )
    assert revenue.label == "C$0.87, C$1.41", revenue.label
    assert {q.unit for q in revenue.quantities} == {"CAD"}  # the quantity keeps its ISO code
    (office,) = extract_claims("The office cost A$19 million to run, against CAD 12 million.")
    assert office.label == "A$19 million, 12 million CAD", office.label


def test_the_writer_guessing_at_what_may_come_is_no_claim() -> None:
    assert extract_claims("Analysts may yet come to see this as the moment Corvane grew up.") == []
    assert extract_claims("Whether the new rules will work remains to be seen.") == []
    assert extract_claims("If the trend holds, a December cut looks likely.") == []
    # With a figure it is still read: the figure can be checked against what came.
    (toll,) = extract_claims("The death toll may well rise to 40, officials said.")
    assert "40" in toll.label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Services inflation, which the central bank watches most closely, eased to 4.4%"
            " from 4.9%.",
            "eased to 4.4%",
        ),
        (
            "Financial markets are now pricing in a roughly 70% chance of an interest rate cut"
            " at the meeting on 18 December, up from 45% a week ago.",
            "70% chance",
        ),
        ("The minister said inflation was close to the 2% target set by the bank.", "2% target"),
    ],
)
def test_a_percentage_keeps_how_it_moved_and_what_kind_it_is(text: str, label: str) -> None:
    (claim,) = extract_claims(text)
    assert label in claim.label, claim.label
