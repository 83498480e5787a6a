"""The claim-memory vector cache: each text is encoded once, across processes via its file."""

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sources.embeddings import CachedEncoder


class CountingEncoder:
    """A deterministic stand-in for the optional model: the cache is what is under test."""

    name = "counting"
    dimension = 4

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        return np.array([[len(t), t.count("a"), t.count("e"), 1.0] for t in texts], np.float32)


def test_each_text_is_encoded_once_and_order_is_kept(tmp_path: Path) -> None:
    inner = CountingEncoder()
    cache = CachedEncoder(inner, tmp_path / "vectors.npz")
    first = cache.encode(["alpha", "beta"])
    second = cache.encode(["beta", "gamma", "alpha"])
    assert inner.encoded == ["alpha", "beta", "gamma"]
    assert np.array_equal(second[0], first[1]) and np.array_equal(second[2], first[0])
    assert second.shape == (3, 4)


def test_vectors_survive_in_the_file_for_the_next_process(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "vectors.npz"
    CachedEncoder(CountingEncoder(), path).encode(["a claim about 82 deaths"])
    later = CountingEncoder()
    vectors = CachedEncoder(later, path).encode(["a claim about 82 deaths", "another"])
    assert later.encoded == ["another"]
    assert vectors[0][0] == len("a claim about 82 deaths")


def test_an_unreadable_cache_file_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "vectors.npz"
    path.write_bytes(b"not a numpy file")
    inner = CountingEncoder()
    assert CachedEncoder(inner, path).encode(["x"]).shape == (1, 4)
    assert inner.encoded == ["x"]
