"""Tests for passage splitting (evidence.passages): sentence boundaries, windows, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claim_workbench.evidence.passages import Passage, split_passages
from claim_workbench.text.sentences import MAX_SENTENCE_WORDS
from claim_workbench.text.sentences import source_sentence_spans as split_sentences

NEWS = (
    "Dr. Smith said 82 people were killed. The U.S. Navy struck 21 boats! Was it legal? "
    '"No," he said. Prices rose 3.5 percent in Jan. last year.\n\n'
    "HEADLINE WITHOUT A PERIOD\n"
    "The next paragraph starts here and\n"
    "continues on a wrapped line. John F. Kennedy was president."
)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_sentences_respect_abbreviations_decimals_initials_and_quotes() -> None:
    assert sentences(NEWS) == [
        "Dr. Smith said 82 people were killed.",
        "The U.S. Navy struck 21 boats!",
        "Was it legal?",
        '"No," he said.',
        "Prices rose 3.5 percent in Jan. last year.",
        "HEADLINE WITHOUT A PERIOD",
        "The next paragraph starts here and\ncontinues on a wrapped line.",
        "John F. Kennedy was president.",
    ]


def test_closing_quote_stays_with_its_sentence() -> None:
    text = 'He said: "We struck them." Then he left.'
    assert sentences(text) == ['He said: "We struck them."', "Then he left."]


def test_lowercase_after_period_does_not_start_a_sentence() -> None:
    assert sentences("It cost approx. ten dollars. Fine.") == [
        "It cost approx. ten dollars.",
        "Fine.",
    ]
    assert sentences("see fig. 3 for details. Done.") == ["see fig. 3 for details.", "Done."]


def test_overlong_sentence_is_cut_into_chunks() -> None:
    text = " ".join(f"w{i}" for i in range(MAX_SENTENCE_WORDS * 2 + 5))
    spans = split_sentences(text)
    assert len(spans) == 3
    assert all(len(text[start:end].split()) <= MAX_SENTENCE_WORDS for start, end in spans)
    assert " ".join(text[start:end] for start, end in spans) == text


def test_passages_are_sentences_then_their_windows() -> None:
    text = "One fact. Two facts. Three facts."
    texts = [passage.text for passage in split_passages(text, window=2)]
    assert texts == [
        "One fact.",
        "One fact. Two facts.",
        "Two facts.",
        "Two facts. Three facts.",
        "Three facts.",
    ]
    three = [passage.text for passage in split_passages(text, window=3)]
    assert "One fact. Two facts. Three facts." in three
    assert len(three) == 6
    assert [p.text for p in split_passages(text, window=1)] == sentences(text)


def test_empty_and_blank_text_have_no_passages() -> None:
    assert split_passages("") == []
    assert split_passages("  \n\n \t ") == []


def test_window_below_one_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="window must be at least 1"):
        split_passages("Text.", window=0)


def test_passage_is_a_frozen_value() -> None:
    passage = split_passages("Alpha beta.")[0]
    assert passage == Passage(text="Alpha beta.", start=0, end=11)
    with pytest.raises(AttributeError):
        passage.start = 3  # type: ignore[misc]


@given(
    st.text(
        alphabet=st.sampled_from(list("abcXYZ 12.,!?\"'\n\t“”é")) | st.characters(),
        max_size=300,
    ),
    st.integers(min_value=1, max_value=3),
)
def test_offsets_always_point_at_the_passage_text(text: str, window: int) -> None:
    passages = split_passages(text, window=window)
    for passage in passages:
        assert text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip()
        assert passage.text
    singles = split_sentences(text)
    assert singles == sorted(singles)
    assert all(
        end <= next_start for (_, end), (next_start, _) in zip(singles, singles[1:], strict=False)
    )
    # Every non-space character of the text belongs to some sentence.
    covered = sum(end - start for start, end in singles)
    assert covered >= len("".join(text.split()))
