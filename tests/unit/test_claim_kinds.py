"""The registry of claim kinds (claims/registry.py): extraction names a claim's kinds from it."""

from claim_workbench.claims import claim_from_text, extract_claims, nothing_found_message
from claim_workbench.claims.kinds import read_sentence
from claim_workbench.claims.registry import CLAIM_KINDS, KIND_NAMES, Reading, kinds_of
from claim_workbench.claims.scoring import sentence_features


def _reading(sentence: str, **given: bool) -> Reading:
    return Reading(
        text=sentence,
        cues=read_sentence(sentence),
        features=sentence_features(sentence, [], read_sentence(sentence)),
        has_quantities=given.get("has_quantities", False),
        has_quote=given.get("has_quote", False),
        headline=given.get("headline", False),
    )


def test_kinds_come_in_registry_order_whatever_finds_them() -> None:
    sentence = "The minister said it was the largest deficit since 2008."
    found = kinds_of(_reading(sentence, has_quantities=True, has_quote=True))
    assert found[:2] == ["quantity", "quote"]
    assert found == [name for name in KIND_NAMES if name in found]
    assert {"attribution", "superlative"} <= set(found)


def test_a_number_in_words_is_a_quantity_and_a_headline_verb_an_event() -> None:
    assert "quantity" in kinds_of(_reading("They ran up a trillion-dollar deficit last year."))
    headline = "Strike shuts half of the rail lines"
    assert "event" not in kinds_of(_reading(headline))
    assert "event" in kinds_of(_reading(headline, headline=True))


def test_extraction_and_a_claim_added_by_hand_name_kinds_from_the_registry() -> None:
    text = "Unemployment fell to 4.1 percent in March, the lowest level on record."
    extracted = extract_claims(text)
    assert len(extracted) == 1
    assert extracted[0].kinds == claim_from_text(text).kinds
    assert set(extracted[0].kinds) <= set(KIND_NAMES) and "quantity" in extracted[0].kinds


def test_the_nothing_found_message_names_what_every_kind_states() -> None:
    message = nothing_found_message("What a lovely day it is for us all.")
    assert message.startswith("No checkable claims found: no sentence states a number")
    assert all(kind.states in message for kind in CLAIM_KINDS)
