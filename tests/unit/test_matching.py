"""Evidence matching (evidence.matching): ranking, highlights, number agreement, stance."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claim_workbench.cli import cli
from claim_workbench.evidence.matching import (
    MIN_SEMANTIC_SIMILARITY,
    PassageMatch,
    PassageMatcher,
    highlight_span,
    match_passage,
    negated_terms,
    number_agreement,
    rank_passages,
    stance_hint,
    suggest_stance,
)
from claim_workbench.evidence.passages import split_passages
from claim_workbench.memory.embeddings import MiniLMEncoder, load_default_encoder, minilm_files
from claim_workbench.text.quantities import extract_quantities
from claim_workbench.text.tokens import tokenize

SOURCE = (
    "The navy said on Monday that it had carried out a series of operations in the region. "
    "Weather conditions were calm for most of the week. "
    "According to officials, eighty-two people were killed in 21 strikes on suspected boats. "
    "Critics in Congress questioned the legal basis for the campaign. "
    "A spokesperson declined to comment on the identities of those on board."
)


def agreement(claim: str, passage: str) -> str:
    return number_agreement(extract_quantities(claim), passage, claim_text=claim)


# --- PassageMatcher ---------------------------------------------------------------------------

POOL = [
    "Coral reefs bleach when ocean temperatures rise.",
    "Arctic sea ice has been shrinking every summer since satellite records began.",
    "The polar bear population is declining in two areas of the Arctic.",
    "Global temperatures have risen by about one degree since 1880.",
    "Polar bears hunt seals from the sea ice.",
    "Glaciers in the Himalaya are receding faster than anywhere else.",
]


def test_paraphrase_with_reordered_words_ranks_first() -> None:
    matcher = PassageMatcher(POOL)
    ranked = matcher.rank("Numbers of polar bears are declining in the Arctic", top_k=3)
    assert ranked[0][0] == 2
    ranked = matcher.rank("Since satellite records began, summer sea ice in the Arctic shrank")
    assert ranked[0][0] == 1


def test_numbers_in_words_match_numbers_in_digits() -> None:
    matcher = PassageMatcher(
        ["The storm killed 12 people in two towns.", "The storm killed 82 people in two towns."]
    )
    assert matcher.rank("eighty-two people were killed by the storm", top_k=1)[0][0] == 1
    assert matcher.rank("Storm kills twelve", top_k=1)[0][0] == 0


def test_casualty_wording_differences_still_match() -> None:
    matcher = PassageMatcher(
        [
            "Officials said 82 boats were seized in 21 raids.",
            "Officials said 82 people were killed in 21 strikes.",
        ]
    )
    assert matcher.rank("21 attacks, 82 deaths", top_k=1)[0][0] == 1


def test_scores_are_between_0_and_100_and_best_first() -> None:
    matcher = PassageMatcher(POOL)
    ranked = matcher.rank("polar bears sea ice Arctic", top_k=10)
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 100 for score in scores)
    exact = PassageMatcher(["Polar bears hunt seals from the sea ice."])
    assert exact.rank("Polar bears hunt seals from the sea ice.")[0][1] == pytest.approx(100, abs=1)


def test_ties_keep_passage_order() -> None:
    passages = ["unrelated words here"] + ["Sea levels are rising."] * 4
    ranked = PassageMatcher(passages).rank("sea levels rising", top_k=3)
    assert [index for index, _ in ranked] == [1, 2, 3]
    assert len({score for _, score in ranked}) == 1


def test_unrelated_or_empty_claims_return_nothing() -> None:
    matcher = PassageMatcher(POOL)
    assert matcher.rank("quantum chromodynamics lattice") == []
    assert matcher.rank("") == []
    assert matcher.rank("the of and") == []
    assert PassageMatcher([]).rank("polar bears") == []


def test_context_such_as_a_source_title_helps_retrieval_but_is_not_required() -> None:
    passages = ["The population has been declining for a decade.", "Prices have been rising."]
    without = PassageMatcher(passages).rank("polar bear population declining", top_k=2)
    with_titles = PassageMatcher(passages, contexts=["Polar bear", "Housing market"]).rank(
        "polar bear population declining", top_k=2
    )
    assert without[0][0] == 0 and with_titles[0][0] == 0
    assert with_titles[0][1] > without[0][1]
    with pytest.raises(ValueError, match="one entry per passage"):
        PassageMatcher(passages, contexts=["only one"])


def test_candidates_limits_the_rescored_shortlist() -> None:
    passages = [f"Sea ice report number {i}." for i in range(50)]
    ranked = PassageMatcher(passages).rank("sea ice report", top_k=10, candidates=3)
    assert len(ranked) == 3


class ConceptEncoder:
    """A small real encoder for tests: one dimension per concept, synonyms share a dimension."""

    CONCEPTS = (
        {"snow", "ice", "glaciers", "glacier"},
        {"disappearing", "melting", "shrinking", "vanishing"},
        {"city", "town"},
        {"fell", "falls"},
    )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), len(self.CONCEPTS)), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                for column, concept in enumerate(self.CONCEPTS):
                    vectors[row, column] += word in concept
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


def test_an_encoder_finds_paraphrases_that_share_no_words() -> None:
    passages = ["Snow fell in the city.", "Glaciers are melting.", "The town council met."]
    claim = "ice is disappearing"
    assert all(index != 1 for index, _ in PassageMatcher(passages).rank(claim))
    ranked = PassageMatcher(passages, encoder=ConceptEncoder()).rank(claim, top_k=3)
    assert ranked[0][0] == 1
    assert all(0 <= score <= 100 for _, score in ranked)
    # The lexical evidence still counts: a passage sharing the claim's words beats one that
    # only shares a concept.
    both = PassageMatcher(
        ["Glaciers are melting.", "The ice is disappearing."], encoder=ConceptEncoder()
    )
    assert both.rank(claim, top_k=1)[0][0] == 1


# --- with the sentence-embedding model (default install), and without it ----------------------

MELTING_CLAIM = "Polar ice is disappearing at an accelerating rate, scientists reported."
# The passage sharing more words with the claim is about toys; the one about ice says it in
# other words.
RERANKED_SOURCE = (
    "The council met on Tuesday to discuss the budget. "
    "Polar bear plush toys are disappearing from shops at a steady rate. "
    "Local schools reopened after the holiday. The mayor opened a new library. "
    "Arctic sea ice is shrinking faster and faster, researchers reported."
)
# A source whose one relevant sentence shares no search term with the claim.
PARAPHRASING_SOURCE = (
    "The council met on Tuesday to discuss the budget for next year. "
    "Frozen caps at both ends of the planet have been melting faster with each decade. "
    "Local schools reopened after the holiday."
)


def test_the_installed_model_reranks_the_word_matches_by_meaning() -> None:
    passages = split_passages(RERANKED_SOURCE)
    by_words = rank_passages(MELTING_CLAIM, passages)
    assert by_words[0].passage.text.startswith("Polar bear plush toys")
    encoder = load_default_encoder()
    assert encoder is not None
    by_meaning = rank_passages(MELTING_CLAIM, passages, encoder=encoder)
    assert by_meaning[0].passage.text.startswith("Arctic sea ice is shrinking")
    assert {m.passage.text for m in by_meaning} == {m.passage.text for m in by_words}
    assert all(0 <= m.score <= 100 for m in by_meaning)


def test_embedding_every_passage_finds_a_paraphrase_that_shares_no_word() -> None:
    passages = split_passages(PARAPHRASING_SOURCE)
    assert not set(tokenize(MELTING_CLAIM)) & set(tokenize(PARAPHRASING_SOURCE))
    encoder = load_default_encoder()
    assert rank_passages(MELTING_CLAIM, passages) == []  # word matching finds nothing
    # Re-ranking (the default) only re-scores word matches: still nothing.
    assert rank_passages(MELTING_CLAIM, passages, encoder=encoder) == []
    (best,) = rank_passages(MELTING_CLAIM, passages, encoder=encoder, rerank_depth=None)
    assert best.passage.text.startswith("Frozen caps at both ends of the planet")
    assert 100 * MIN_SEMANTIC_SIMILARITY * 0.5 <= best.score <= 100


def test_a_source_on_another_subject_gets_no_passage_by_meaning() -> None:
    encoder = load_default_encoder()
    fruit = split_passages("Bananas are yellow. Apples can be red or green.")
    assert rank_passages(MELTING_CLAIM, fruit, encoder=encoder, rerank_depth=None) == []


def test_rerank_depth_must_be_positive() -> None:
    with pytest.raises(ValueError, match="rerank_depth must be at least 1"):
        PassageMatcher(["a passage"], rerank_depth=0)


@pytest.mark.parametrize("rerank_depth", [None, 50])
def test_a_matcher_whose_model_cannot_load_ranks_by_words_and_says_why_once(
    rerank_depth: int | None, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from claim_workbench.memory.embeddings import reset_default_encoder

    reset_default_encoder()  # the reason is logged once per process
    files = minilm_files()
    assert files is not None
    damaged = tmp_path / "model.onnx"
    damaged.write_bytes(files[0].read_bytes()[:20_000])
    broken = MiniLMEncoder(damaged, files[1])
    passages = [p.text for p in split_passages(SOURCE)]
    matcher = PassageMatcher(passages, encoder=broken, rerank_depth=rerank_depth)
    claim = "82 people were killed in 21 strikes on boats"
    assert matcher.rank(claim) == PassageMatcher(passages).rank(claim)
    assert matcher.rank(claim)  # results still come
    assert not matcher.semantic
    PassageMatcher(passages, encoder=broken, rerank_depth=rerank_depth).rank(claim)
    lines = [r for r in caplog.records if r.name == "claim_workbench.memory.embeddings"]
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING
    assert "evidence matching fall back to word matching" in lines[0].getMessage()


@pytest.fixture
def attach(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Import an article of one claim about melting ice, then attach RERANKED_SOURCE (with a
    vector cache of its own: vectors cached by another test would stand in for the model)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'matching.db'}"

    def run(*args: str, input: str | None = None):
        result = runner.invoke(cli, ["--db", url, "--reviewer", "ana", *args], input=input)
        assert result.exit_code == 0, result.output
        return result

    def best_passages() -> tuple[str, str]:
        """The best passage of the attach, and of a search across every stored source."""
        run("import", "-", "--json", input=f" date 2026-01-10 Ice report\n\n{MELTING_CLAIM}\n")
        (claim,) = json.loads(run("claims", "--json").stdout)
        assert claim["text"] == MELTING_CLAIM
        attached = run(
            "attach", str(claim["id"]), "-", "--title", "Notes", "--json", input=RERANKED_SOURCE
        )
        evidence = json.loads(attached.stdout)["evidence"]
        assert len(evidence) == 2
        hits = json.loads(run("search", str(claim["id"]), "--json").stdout)
        return evidence[0]["passage"], hits[0]["passage"]

    return best_passages


def test_attach_and_search_rank_by_meaning_by_default(attach) -> None:
    attached, searched = attach()
    assert attached.startswith("Arctic sea ice is shrinking")
    assert searched.startswith("Arctic sea ice is shrinking")


def test_with_embeddings_off_attach_and_search_rank_by_words(attach, embeddings_off) -> None:
    attached, searched = attach()
    assert attached.startswith("Polar bear plush toys")
    assert searched.startswith("Polar bear plush toys")


def test_attaching_with_a_damaged_model_ranks_by_words_and_logs_why(
    attach, damaged_minilm: Path, caplog: pytest.LogCaptureFixture
) -> None:
    attached, searched = attach()
    assert attached.startswith("Polar bear plush toys")
    assert searched.startswith("Polar bear plush toys")
    (line,) = [
        r.getMessage() for r in caplog.records if r.name == "claim_workbench.memory.embeddings"
    ]
    assert "fall back to word matching: could not load" in line


# --- rank_passages on one source --------------------------------------------------------------


def test_rank_passages_finds_the_passage_and_highlights_matching_words() -> None:
    claim = "82 people were killed in 21 strikes on boats"
    matches = rank_passages(claim, split_passages(SOURCE))
    best = matches[0]
    assert isinstance(best, PassageMatch)
    assert "eighty-two people were killed in 21 strikes" in best.passage.text
    assert SOURCE[best.passage.start : best.passage.end] == best.passage.text
    highlighted = best.passage.text[best.highlight_start : best.highlight_end]
    assert highlighted.startswith("eighty-two people were killed in 21 strikes")
    assert highlighted.endswith("boats")
    assert best.number_agreement == "agree"
    # The plain rule supports; the hint shown stays "unclear" until bench/evidence.py measures
    # that rule right often enough (claim_workbench.evidence.matching.HINT_MIN_COVERAGE).
    assert suggest_stance(claim, best.passage.text, best.number_agreement) == "supports"
    assert best.stance == stance_hint(claim, best.passage.text, best.number_agreement)


def test_rank_passages_skips_passages_overlapping_a_better_one() -> None:
    matches = rank_passages("navy strikes on boats killed people", split_passages(SOURCE), top_k=5)
    spans = [(m.passage.start, m.passage.end) for m in matches]
    for i, (start, end) in enumerate(spans):
        for other_start, other_end in spans[i + 1 :]:
            assert end <= other_start or other_end <= start
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_rank_passages_keeps_passages_of_different_sources_at_the_same_offsets() -> None:
    first = split_passages("Officials said 82 people were killed in 21 strikes.")
    second = split_passages("Navy strikes killed 82 people on 21 boats, officials said.")
    matches = rank_passages("82 people were killed in 21 strikes", first + second, top_k=5)
    assert {match.passage for match in matches} == {first[0], second[0]}


def test_rank_passages_reports_conflicting_numbers() -> None:
    claim = "83 people were killed in 21 strikes"
    matches = rank_passages(claim, split_passages(SOURCE))
    assert matches[0].number_agreement == "conflict"
    assert suggest_stance(claim, matches[0].passage.text, "conflict") == "contradicts"
    assert matches[0].stance == stance_hint(claim, matches[0].passage.text, "conflict")


def test_rank_passages_uses_given_claim_quantities() -> None:
    claim = "people were killed in strikes on boats"
    quantities = extract_quantities("82 people were killed")
    matches = rank_passages(claim, split_passages(SOURCE), claim_quantities=quantities)
    assert matches[0].number_agreement == "agree"
    assert rank_passages(claim, split_passages(SOURCE))[0].number_agreement == "none"


def test_match_passage_describes_a_passage_ranked_elsewhere() -> None:
    passages = [passage for passage in split_passages(SOURCE) if "eighty-two" in passage.text]
    match = match_passage("82 people were killed in 21 strikes", passages[0], score=42.0)
    assert match.score == 42.0
    assert match.passage == passages[0]
    assert match.number_agreement == "agree"
    assert match.stance == stance_hint(
        "82 people were killed in 21 strikes", passages[0].text, "agree"
    )
    assert passages[0].text[match.highlight_start : match.highlight_end].startswith("eighty-two")


def test_claim_quantities_found_in_another_text_still_compare() -> None:
    # Quantities as stored with an article: offsets into the article, not into the claim text.
    article = "In a long report published on Monday, officials said 82 people were killed."
    quantities = extract_quantities(article)
    claim = "82 people were killed"
    assert number_agreement(quantities, "83 people died.", claim_text=claim) == "conflict"
    assert number_agreement(quantities, "82 people died.", claim_text=claim) == "agree"


def test_rank_passages_edge_cases() -> None:
    assert rank_passages("anything", []) == []
    assert rank_passages("strikes", split_passages(SOURCE), top_k=0) == []
    assert len(rank_passages("the", split_passages(SOURCE))) == 0


# --- highlight_span ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        (
            "Polar bears are declining",
            "Scientists say that polar bears are declining in two areas.",
            "polar bears are declining",
        ),
        (
            "declining polar bear numbers",
            "In two areas the polar bear population is declining, a study found.",
            "polar bear population is declining",
        ),
        (
            "21 attacks killed 82 people",
            "Officials said 82 people were killed in 21 attacks last month.",
            "82 people were killed in 21 attacks",
        ),
        (
            "21 attacks, 82 deaths",
            "Since September, 21 strikes were carried out; 82 people were killed.",
            "21 strikes",
        ),
        (
            "82 deaths",
            "In all, 82 people were killed, officials said.",
            "82 people were killed",
        ),
        (
            "The strikes killed 82 people",
            "The stirkes killed 82 people, officials said.",
            "stirkes killed 82 people",
        ),
    ],
)
def test_highlight_covers_the_matching_words(claim: str, passage: str, expected: str) -> None:
    start, end = highlight_span(claim, passage)
    assert passage[start:end] == expected


def test_highlight_is_empty_when_no_word_matches() -> None:
    assert highlight_span("polar bears", "Coral reefs bleach in warm water.") == (0, 0)


# --- number_agreement -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        ("82 deaths", "Officials said 82 people were killed.", "agree"),
        ("82 deaths", "Eighty-two people died in the attacks.", "agree"),
        ("82 deaths", "At least 83 killed.", "conflict"),
        ("82 deaths", "83 people were killed.", "conflict"),
        ("82 deaths", "At least 144 killed in strikes.", "conflict"),
        ("82 deaths", "At least 80 people were killed.", "agree"),
        ("82 deaths", "More than 100 people died.", "conflict"),
        ("82 deaths", "The strikes killed 83.", "conflict"),
        ("82 deaths", "The death toll rose to 82.", "agree"),
        ("about 80 deaths", "82 people were killed.", "agree"),
        ("about 80 deaths", "88 people were killed.", "agree"),
        ("about 80 deaths", "90 people were killed.", "conflict"),
        ("nearly 100 deaths", "98 people were killed.", "agree"),
        ("nearly 100 deaths", "102 people were killed.", "conflict"),
        ("more than 80 deaths", "80 people were killed.", "conflict"),
        ("at least 30 attacks", "At least 21 attacks were carried out.", "conflict"),
        ("at least 21 attacks", "At least 21 strikes were carried out.", "agree"),
        ("up to 50 attacks", "Up to 40 strikes were carried out.", "conflict"),
        ("at least 21 attacks", "Up to 40 strikes were carried out.", "agree"),
        ("more than 80 deaths", "81 people were killed.", "agree"),
        ("up to 50 attacks", "There were 21 strikes.", "agree"),
        ("fewer than 20 attacks", "There were 21 strikes.", "conflict"),
        ("between 20 and 30 deaths", "25 people died.", "agree"),
        ("between 20 and 30 deaths", "35 people died.", "conflict"),
        ("two-thirds of voters", "67 percent of voters agreed.", "agree"),
        ("1 in 5 posts were vacant", "One in four nursing posts remains vacant.", "conflict"),
        ("1 in 5 posts were vacant", "Twenty percent of posts remain vacant.", "agree"),
        (
            "The number of people on waiting lists rose to 212,000",
            "At the end of September, 212,000 patients were waiting for treatment.",
            "agree",
        ),
        (
            "The number of people on waiting lists rose to 212,000",
            "At the end of September, 250,000 patients were waiting for treatment.",
            "none",
        ),
        ("The budget rose to 212,000", "212,000 people attended the rally.", "none"),
        ("The number of people waiting rose to 21", "21 people were waiting.", "none"),
        ("unemployment fell to 3.5%", "Unemployment was 3.5 percent.", "agree"),
        ("unemployment fell to 3.5%", "Unemployment was 3.6 percent.", "conflict"),
        ("1.2 million people", "A total of 1,234,567 people were counted.", "agree"),
        ("1.2 million people", "A total of 1,300,000 people were counted.", "conflict"),
        ("$3 billion in aid", "The aid package is worth $3bn.", "agree"),
        ("21 attacks and 82 deaths", "21 strikes killed 82 people.", "agree"),
        ("21 attacks and 82 deaths", "21 strikes killed 90 people.", "conflict"),
        ("unemployment fell to 4 percent", "Turnout reached 60 percent.", "none"),
        ("unemployment fell to 4 percent", "Unemployment fell to 5 percent.", "conflict"),
        (
            "unemployment fell to 4 percent",
            "Turnout reached 60 percent and unemployment fell to 4 percent.",
            "agree",
        ),
        ("82 deaths", "The navy carried out 21 strikes.", "none"),
        ("82 deaths", "No figures were given.", "none"),
        ("82 deaths", "82 boats were hit.", "none"),
        ("The navy struck boats", "82 people were killed.", "none"),
    ],
)
def test_number_agreement(claim: str, passage: str, expected: str) -> None:
    assert agreement(claim, passage) == expected


def test_number_agreement_without_claim_text_uses_quantity_units_only() -> None:
    quantities = extract_quantities("82 people were killed")
    assert number_agreement(quantities, "83 deaths were confirmed.") == "conflict"
    assert number_agreement([], "83 deaths were confirmed.") == "none"


# --- suggest_stance ---------------------------------------------------------------------------


def test_number_conflict_contradicts() -> None:
    claim = "82 people were killed in the strikes"
    passage = "83 people were killed in the strikes."
    assert suggest_stance(claim, passage, agreement(claim, passage)) == "contradicts"


@pytest.mark.parametrize(
    "passage",
    [
        "The navy did not strike fishing boats.",
        "The navy never struck any fishing boats.",
        "The ministry denied that the navy struck fishing boats.",
        "No fishing boats were struck by the navy.",
        "The navy didn't strike fishing boats.",
    ],
)
def test_negation_of_the_claim_contradicts(passage: str) -> None:
    claim = "The navy struck fishing boats"
    assert suggest_stance(claim, passage, "none") == "contradicts"


def test_negated_claim_against_a_plain_statement_contradicts() -> None:
    claim = "The navy did not strike fishing boats"
    assert suggest_stance(claim, "The navy struck fishing boats.", "none") == "contradicts"
    assert suggest_stance(claim, "The navy did not strike fishing boats.", "none") == "supports"


def test_negation_of_something_else_does_not_contradict() -> None:
    claim = "The navy struck fishing boats"
    passage = "The navy struck fishing boats; the crews were not identified."
    assert suggest_stance(claim, passage, "none") == "supports"


def test_a_passage_differing_in_polarity_is_never_suggested_as_support() -> None:
    claim = "Trump said he would never talk to Maduro"
    passage = "Trump said he would talk to Maduro, but officials have not confirmed it."
    assert suggest_stance(claim, passage, "none") == "unclear"


def test_negations_on_both_sides_are_left_to_the_reviewer() -> None:
    claim = "There has been no correlation between cosmic rays and warming"
    passage = "Studies found no relation between warming in recent decades and cosmic rays."
    assert suggest_stance(claim, passage, "none") != "contradicts"


def test_negation_in_a_passage_about_something_else_does_not_contradict() -> None:
    claim = "Polar bear numbers in the Arctic are growing fast"
    passage = "Sea ice did not grow this winter."
    assert suggest_stance(claim, passage, "none") == "unclear"


def test_agreeing_close_passage_supports_and_unrelated_is_unclear() -> None:
    claim = "82 people were killed in 21 strikes"
    passage = "Officials said eighty-two people were killed in 21 strikes."
    assert suggest_stance(claim, passage, agreement(claim, passage)) == "supports"
    assert suggest_stance(claim, "The weather was calm.", "none") == "unclear"


def test_claim_with_numbers_is_not_supported_by_a_passage_without_them() -> None:
    claim = "82 people were killed in 21 strikes"
    passage = "People were killed in strikes."
    assert agreement(claim, passage) == "none"
    assert suggest_stance(claim, passage, "none") == "unclear"


def test_negated_terms_stay_within_the_clause() -> None:
    negated = negated_terms("The navy did not strike boats, but it patrolled.")
    assert negated == set(tokenize("strike boats"))
    assert "patrol" not in negated_terms("It did not strike; it patrolled the coast.")


# --- robustness on arbitrary text -------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(list("abc xyz 82 21 killed deaths about at least % .,;!?\n'’-"))
    | st.characters(),
    max_size=200,
)


@given(_TEXT, _TEXT)
@settings(max_examples=200, deadline=None)
def test_matching_never_fails_and_stays_in_bounds(claim: str, text: str) -> None:
    start, end = highlight_span(claim, text)
    assert 0 <= start <= end <= len(text)
    if start < end:
        assert not text[start].isspace() and not text[end - 1].isspace()
    assert number_agreement(extract_quantities(claim), text, claim_text=claim) in {
        "agree",
        "conflict",
        "none",
    }
    for match in rank_passages(claim, split_passages(text)):
        assert text[match.passage.start : match.passage.end] == match.passage.text
        assert 0 <= match.score <= 100
        assert match.stance in {"supports", "contradicts", "unclear"}
