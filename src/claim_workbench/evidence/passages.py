"""Splitting source text into passages (sentences and short sentence windows) with offsets."""

from __future__ import annotations

from dataclasses import dataclass

from claim_workbench.text.sentences import source_sentence_spans


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of a source text; ``source_text[start:end] == text``."""

    text: str
    start: int
    end: int


def split_passages(text: str, *, window: int = 2) -> list[Passage]:
    """Sentences of ``text`` plus windows of 2..``window`` consecutive sentences.

    Windows give context (a number in one sentence, its subject in the previous one) while single
    sentences keep highlights tight. Passages come sentence by sentence: the sentence first,
    then the windows starting at it, shortest first. Offsets are into ``text``.
    """
    if window < 1:
        raise ValueError(f"window must be at least 1 sentence, got {window}")
    sentences = source_sentence_spans(text)
    passages: list[Passage] = []
    for index, (start, _) in enumerate(sentences):
        for size in range(1, window + 1):
            if index + size > len(sentences):
                break
            end = sentences[index + size - 1][1]
            passages.append(Passage(text=text[start:end], start=start, end=end))
    return passages
