r"""What a rule matches, and why a regular expression cannot hang the server.

Keyword rules hold one or more keywords separated by commas or new lines. Matching
ignores case. A keyword in a Latin (or any space-separated) script matches whole
words only: "refund" matches "Refund please" but not "refunded"; a keyword with
Chinese, Japanese or Korean characters matches anywhere (those scripts do not put
spaces between words), so "退款" matches "我要退款". Spaces inside a keyword match
any run of white space.

Regular-expression rules use Python's ``re`` with IGNORECASE. Python's engine
backtracks and has no time limit, so a careless pattern such as ``(a+)+$`` could
take exponential time on a long message, and a couple of stacked ``.*`` can take
polynomial time measured in minutes. Instead of running patterns in a separate
process with a timeout, we only accept patterns whose worst case is close to
linear, and we bound the text:

- at most :data:`MAX_REGEX_LENGTH` characters;
- no quantifier inside a quantified group (``(a+)+``, ``(\w*\s?)*``): the classic
  exponential shape; and no alternation inside a quantified group
  (``(a|ab)*``), which backtracks the same way;
- no backreferences (``\1``, ``(?P=name)``), which make matching NP-hard;
- no two long repeats (more than :data:`LONG` times) in a row that can take the same
  characters unless something required and different stands between them:
  ``\w+\s*\w+x`` or ``.*.*x`` (polynomial: a second per kilobyte) are refused,
  ``\w+\s+\w+``, ``order #\d+`` or ``cancel.{0,40}plan`` are fine, ``a.*b.*c``
  is not (``.`` takes "b"; write ``a[^b]*b.*c``). Characters are compared on a probe
  alphabet, so the check errs on the side of refusing;
- at most :data:`MAX_UNBOUNDED` unbounded quantifiers (``*``, ``+``, ``{n,}``);
- each text (the subject, each customer message) is matched on its first
  :data:`MAX_TEXT` characters only, which bounds the quadratic worst case that
  remains (``\w+x`` on one 10,000-letter word: a few hundred milliseconds); a
  leading ``.*`` is dropped, since it cannot change whether a search finds a match.

A refused pattern gets a message saying what to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# Python 3.11+ keeps the regular-expression parser here (sre_parse before).
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

MAX_REGEX_LENGTH = 300
MAX_UNBOUNDED = 3
MAX_TEXT = 10_000
LONG = 16
KEYWORD_SEPARATOR = re.compile(r"[,\n\r]+")
CJK = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_CJK_CLASS = r"\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# A letter or digit that is not CJK: what a whole-word keyword must not touch. A Latin
# keyword right beside Chinese text ("API接口") still counts as a whole word.
_WORD_CHAR = rf"[^\W{_CJK_CLASS}]"

Matcher = Callable[[str], bool]


class PatternError(ValueError):
    """A pattern that cannot be used; the message says why, for the person who wrote it."""


def keywords(pattern: str) -> list[str]:
    return [word.strip() for word in KEYWORD_SEPARATOR.split(pattern) if word.strip()]


def keyword_matcher(pattern: str) -> Matcher:
    words = keywords(pattern)
    if not words:
        raise PatternError(
            "a keyword rule needs at least one keyword (separate several with commas or new lines)"
        )
    anywhere = [word.casefold() for word in words if CJK.search(word)]
    whole = [word for word in words if not CJK.search(word)]
    regex = None
    if whole:
        alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in whole)
        regex = re.compile(rf"(?<!{_WORD_CHAR})(?:{alternatives})(?!{_WORD_CHAR})", re.IGNORECASE)

    def matches(text: str) -> bool:
        text = text[:MAX_TEXT]
        if regex is not None and regex.search(text):
            return True
        if anywhere:
            folded = text.casefold()
            return any(word in folded for word in anywhere)
        return False

    return matches


def _walk(parsed: Iterable[Any], inside_repeat: bool, counts: dict[str, int]) -> None:
    for op, arg in parsed:
        if op in _REPEATS:
            _low, high, sub = arg
            repeats = high == sre_constants.MAXREPEAT or high > 1
            if inside_repeat and repeats:
                raise PatternError(
                    "a quantifier inside a repeated group, like (a+)+, can take exponential time; "
                    "repeat a single item instead"
                )
            if high == sre_constants.MAXREPEAT:
                counts["unbounded"] += 1
            _walk(sub, inside_repeat or repeats, counts)
        elif op is sre_constants.SUBPATTERN:
            _walk(arg[-1], inside_repeat, counts)
        elif op is sre_constants.BRANCH:
            if inside_repeat:
                raise PatternError(
                    "alternatives inside a repeated group, like (a|ab)*, can take exponential time; "
                    "use a character class such as [ab]* or list the words without repeating the group"
                )
            for branch in arg[1]:
                _walk(branch, inside_repeat, counts)
        elif op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
            raise PatternError("backreferences such as \\1 are not allowed in rules")
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            _walk(arg[1], inside_repeat, counts)
        elif op is sre_constants.ATOMIC_GROUP:
            _walk(arg, inside_repeat, counts)


_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT}
_SINGLE_CHAR = {
    sre_constants.LITERAL,
    sre_constants.NOT_LITERAL,
    sre_constants.IN,
    sre_constants.ANY,
    sre_constants.CATEGORY,
}
PROBE = "".join(chr(c) for c in range(9, 127)) + "\u00a0\u00e9\u00df\u0416\u4e2d\ud55c\u30a2"
EVERY_CHAR = frozenset(PROBE)


def _chars(state: Any, items: list[Any]) -> frozenset[str]:
    """The probe characters a one-character item can take (every character if it is longer)."""
    if len(items) != 1 or items[0][0] not in _SINGLE_CHAR:
        return EVERY_CHAR
    compiled = sre_compile.compile(sre_parse.SubPattern(state, list(items)), re.IGNORECASE)
    return frozenset(c for c in PROBE if compiled.fullmatch(c))


def _flatten(items: Iterable[Any]) -> list[Any]:
    """A sequence with plain (unrepeated) groups opened up."""
    out: list[Any] = []
    for op, arg in items:
        if op is sre_constants.SUBPATTERN:
            out.extend(_flatten(arg[-1]))
        else:
            out.append((op, arg))
    return out


def _check_runs(state: Any, items: Iterable[Any]) -> None:
    """Refuse two long repeats that can share characters with nothing required between."""
    open_chars: frozenset[str] = frozenset()  # what the run of repeats so far can take
    for op, arg in _flatten(items):
        if op in _REPEATS:
            low, high, sub = arg
            _check_runs(state, sub)
            chars = _chars(state, list(sub))
            if high > LONG:
                if open_chars & chars:
                    raise PatternError(
                        "two long repeats in a row can take the same characters (like \\w+\\s*\\w+ or .*.*), "
                        "which can take minutes on a long message; put something required and different "
                        "between them, or bound one, such as \\w{1,16}"
                    )
                open_chars = chars if low > 0 else open_chars | chars
            elif low > 0 and not open_chars & chars:
                open_chars = frozenset()
        elif op is sre_constants.BRANCH:
            for branch in arg[1]:
                _check_runs(state, branch)
            open_chars = frozenset()
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT):
            continue
        elif op is sre_constants.ATOMIC_GROUP:
            _check_runs(state, arg)
            open_chars = frozenset()
        elif not open_chars & _chars(state, [(op, arg)]):
            open_chars = frozenset()


def check_regex(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` if it is safe to run on customer text; otherwise PatternError."""
    if not pattern.strip():
        raise PatternError("a regular-expression rule needs a pattern")
    if len(pattern) > MAX_REGEX_LENGTH:
        raise PatternError(
            f"the regular expression is {len(pattern)} characters long; rules allow at most {MAX_REGEX_LENGTH}"
        )
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except re.error as exc:
        raise PatternError(f"not a valid regular expression: {exc}") from exc
    counts = {"unbounded": 0}
    _walk(parsed, False, counts)
    _check_runs(parsed.state, parsed)
    if counts["unbounded"] > MAX_UNBOUNDED:
        raise PatternError(
            f"the pattern has {counts['unbounded']} unbounded repeats (*, +, {{n,}}); rules allow at most "
            f"{MAX_UNBOUNDED}, or use bounded ones such as .{{0,40}}"
        )
    if compiled.search("") is not None:
        raise PatternError("the pattern matches empty text, so it would match every conversation")
    first = parsed[0] if len(parsed) else None
    if first is not None and first[0] in _REPEATS and first[1][0] == 0 and first[1][1] > LONG:
        body = list(first[1][2])
        if len(body) == 1 and body[0][0] is sre_constants.ANY:
            del parsed[0]  # ".*x" finds a match exactly when "x" does, without the quadratic scan
            compiled = sre_compile.compile(parsed, re.IGNORECASE)
    return compiled


def regex_matcher(pattern: str) -> Matcher:
    compiled = check_regex(pattern)
    return lambda text: compiled.search(text[:MAX_TEXT]) is not None


def matcher(kind: str, pattern: str) -> Matcher:
    """A function telling whether one text matches; PatternError if the pattern is unusable."""
    if kind == "keyword":
        return keyword_matcher(pattern)
    if kind == "regex":
        return regex_matcher(pattern)
    raise PatternError(f"unknown rule kind {kind!r}; use keyword or regex")
