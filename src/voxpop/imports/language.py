"""Language of a conversation, with py3langid (its model ships in the wheel).

Detection is restricted to the languages customers of a voxpop workspace write in;
restricting makes short texts far more reliable. The model loads once, on first use.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

LANGUAGES = (
    "en", "zh", "ko", "ja", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs",
    "ru", "uk", "tr", "el", "hu", "ro", "ar", "he", "hi", "th", "vi", "id",
)  # fmt: skip
SAMPLE_CHARS = 200
MIN_LETTERS = 3
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(text: str) -> str:
    """An ISO 639-1 code, or "" when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    # Two CJK characters say more than three Latin letters.
    if letters < MIN_LETTERS and not (_HANGUL.search(sample) or _KANA.search(sample) or _HAN.search(sample)):
        return ""
    # Scripts that settle it outright (py3langid reads short Han text as Japanese).
    if _KANA.search(sample):
        return "ja"
    hangul, han = len(_HANGUL.findall(sample)), len(_HAN.findall(sample))
    if hangul and hangul >= han:
        return "ko"
    if han and han * 2 >= letters:
        return "zh"
    language, _confidence = _identifier().classify(sample)
    return str(language)
