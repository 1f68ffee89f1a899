"""Language of a conversation, with py3langid (its model ships in the wheel).

Detection is restricted to the languages customers of a voxpop workspace write in;
restricting makes short texts far more reliable. The model loads once, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

LANGUAGES = (
    "en", "zh", "ko", "ja", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs",
    "ru", "uk", "tr", "el", "hu", "ro", "ar", "he", "hi", "th", "vi", "id",
)  # fmt: skip
SAMPLE_CHARS = 200
MIN_LETTERS = 3
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# MIN_LETTERS letters, in ASCII text (where they are str.isalpha's letters).
_ASCII_LETTERS = re.compile(r"[A-Za-z][^A-Za-z]*" * (MIN_LETTERS - 1) + "[A-Za-z]")

if TYPE_CHECKING:
    from voxpop.imports.records import MessageData


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


class _Model:
    """py3langid's classifier, answering only "which language": the argmax of its naive
    Bayes scores, without turning them into probabilities (a monotonic step that does
    not change the answer). Anything unusual (no features, aliased labels) goes to
    py3langid itself. Its float16 weights are used as they are: a float32 copy would
    be a little faster and 11 MB bigger, and peak memory has a budget."""

    def __init__(self) -> None:
        from py3langid.langid import visit_counts

        identifier = _identifier()
        self.identifier = identifier
        self.visit = visit_counts
        self.table = identifier.nb_ptc
        self.prior = np.asarray(identifier.nb_pc, dtype=np.float32)
        self.labels = list(identifier.nb_classes)
        self.exact = not identifier._alias_pairs

    def classify(self, sample: str) -> str:
        identifier = self.identifier
        visits = self.visit(
            identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, identifier._encode(sample)
        )
        if not visits or not self.exact:
            return str(identifier.classify(sample)[0])
        features = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
        counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
        scores = np.log1p(counts) @ self.table[features] + self.prior
        return str(self.labels[int(scores.argmax())])


@cache
def _model() -> _Model:
    return _Model()


def detect(text: str) -> str:
    """An ISO 639-1 code, or "" when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if sample.isascii():  # most text: no script to settle it, straight to the model
        return _classify(sample) if _ASCII_LETTERS.search(sample) else ""
    letters = sum(map(str.isalpha, sample))
    kana = _KANA.search(sample) is not None
    hangul, han = len(_HANGUL.findall(sample)), len(_HAN.findall(sample))
    # Two CJK characters say more than three Latin letters.
    if letters < MIN_LETTERS and not (kana or hangul or han):
        return ""
    # Scripts that settle it outright (py3langid reads short Han text as Japanese).
    if kana:
        return "ja"
    if hangul and hangul >= han:
        return "ko"
    if han and han * 2 >= letters:
        return "zh"
    return _classify(sample)


def _classify(sample: str) -> str:
    return _model().classify(sample)


def conversation_language(messages: Sequence[MessageData]) -> str:
    """The language its customers write in (everyone's, when no customer wrote)."""
    spoken = " ".join(m.text for m in messages if m.author_role == "customer")
    return detect(spoken or " ".join(m.text for m in messages))
