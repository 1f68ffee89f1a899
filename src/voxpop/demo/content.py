"""The demo's texts: a small line format, its parser, and slot filling.

Each language module (``text_en``, ``text_zh``, ``text_ko``) holds two blocks in one
format, easy to read and to translate side by side::

    ## formula-property           a section: a topic slug, or "phrases"
    noun: formula properties       key: value; a repeated key collects variants
    bug: After I renamed ...       \\n in a value is a line break

Values contain slots such as ``{platform}`` or ``{rows}``, filled per conversation.
Korean particles follow the slot's last syllable: ``{noun:을}`` gives 을 or 를,
``{noun:이}`` 이 or 가, ``{noun:은}`` 은 or 는, ``{noun:과}`` 과 or 와 and ``{noun:으로}``
으로 or 로.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from random import Random

Phrases = dict[str, tuple[str, ...]]


class ContentError(Exception):
    pass


def parse_sections(text: str) -> dict[str, Phrases]:
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("## ")):
            continue
        if line.startswith("## "):
            name = line[3:].strip()
            if name in sections:
                raise ContentError(f"line {number}: section {name!r} appears twice")
            current = sections[name] = {}
            continue
        key, sep, value = line.partition(": ")
        if current is None or not sep or not value.strip():
            raise ContentError(f"line {number}: expected 'key: value' inside a section, got {line!r}")
        current.setdefault(key.strip(), []).append(value.strip().replace("\\n", "\n"))
    return {name: {key: tuple(values) for key, values in body.items()} for name, body in sections.items()}


@dataclass(frozen=True)
class TopicText:
    noun: str
    bug: tuple[str, ...] = ()
    request: tuple[str, ...] = ()
    question: tuple[str, ...] = ()
    answer: tuple[str, ...] = ()  # answer[i] answers question[i]


@dataclass(frozen=True)
class Language:
    code: str
    phrases: Phrases
    topics: dict[str, TopicText]

    def pick(self, rng: Random, key: str) -> str:
        try:
            options = self.phrases[key]
        except KeyError:
            raise ContentError(f"language {self.code!r} has no phrase {key!r}") from None
        return options[rng.randrange(len(options))]


def make_language(code: str, phrases_text: str, topics_text: str) -> Language:
    phrases = parse_sections(phrases_text)
    topics: dict[str, TopicText] = {}
    for slug, body in parse_sections(topics_text).items():
        unknown = sorted(set(body) - {"noun", "bug", "request", "question", "answer"})
        if unknown or len(body.get("noun", ())) != 1:
            raise ContentError(f"{code} topic {slug!r}: needs one noun, has unknown keys {unknown}")
        text = TopicText(
            noun=body["noun"][0],
            bug=body.get("bug", ()),
            request=body.get("request", ()),
            question=body.get("question", ()),
            answer=body.get("answer", ()),
        )
        if len(text.question) != len(text.answer):
            raise ContentError(
                f"{code} topic {slug!r}: {len(text.question)} questions but {len(text.answer)} answers"
            )
        topics[slug] = text
    return Language(code=code, phrases=phrases.get("phrases", {}), topics=topics)


@cache
def languages() -> dict[str, Language]:
    from voxpop.demo import text_en, text_ko, text_zh

    return {
        "en": make_language("en", text_en.PHRASES, text_en.TOPICS),
        "zh": make_language("zh", text_zh.PHRASES, text_zh.TOPICS),
        "ko": make_language("ko", text_ko.PHRASES, text_ko.TOPICS),
    }


_SLOT = re.compile(r"\{([A-Za-z_]+)(?::([가-힣]+))?\}")
# What is left of a slot after filling, if anything: used to check generated texts.
UNFILLED = re.compile(r"\{[A-Za-z_]+(?::[가-힣]+)?\}")
_PARTICLES = {
    "이": ("이", "가"),
    "은": ("은", "는"),
    "을": ("을", "를"),
    "과": ("과", "와"),
    "으로": ("으로", "로"),
}
# How Latin letters and digits are read aloud in Korean: does the reading end in a consonant?
_LATIN_FINAL = set("LMNR") | set("013678")
_LATIN_RIEUL = set("LR18")  # readings ending in ㄹ take 로, not 으로


def particle(word: str, base: str) -> str:
    """The Korean particle ``base`` (이, 은, 을, 과, 으로) in the form that follows ``word``."""
    with_final, without_final = _PARTICLES[base]
    last = word.rstrip(" )\"'”’").strip()[-1:] if word.strip() else ""
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        if base == "으로" and final == 8:  # ㄹ
            return without_final
        return with_final if final else without_final
    upper = last.upper()
    if base == "으로" and upper in _LATIN_RIEUL:
        return without_final
    return with_final if upper in _LATIN_FINAL else without_final


def fill(template: str, slots: Mapping[str, str]) -> str:
    """Fill every ``{slot}`` of ``template``. ``{Slot}`` (capitalised) gives the value
    with its first letter in upper case; ``{slot:을}`` appends the Korean particle."""

    def replace(match: re.Match[str]) -> str:
        name, base = match.group(1), match.group(2)
        try:
            value = slots[name.lower()]
        except KeyError:
            raise ContentError(f"no value for slot {{{name}}} in {template!r}") from None
        if name[0].isupper():
            value = value[:1].upper() + value[1:]
        return value + particle(value, base) if base else value

    return _SLOT.sub(replace, template)
