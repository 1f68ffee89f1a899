"""Reading one email message into the standard library's ``Message`` tree, fast.

``email.message_from_bytes`` (compat32) reads a message line by line through a
generator and compiles a regular expression for every multipart boundary; for a
mailbox of ordinary messages that is most of the import's time. ``read_message``
builds the very same tree (headers, payloads, preamble, epilogue) for the shapes
mail usually has -- a single part, or one multipart level of leaf parts, with
``\\n`` or ``\\r\\n`` line ends -- slicing the text instead of walking it, and
hands anything else (nested multiparts, attached messages, digests, bare ``\\r``
line ends, envelope lines, a missing start or close boundary, empty parts between
two boundaries) to the standard library's parser. Everything that reads headers
(charsets, file names, transfer encodings) stays the standard library's own.
"""

from __future__ import annotations

import email
import itertools
import re
from email.message import Message
from email.policy import compat32
from typing import Any

# Lines that email.feedparser takes as headers (its headerRE: a header, a
# continuation, an envelope line), as many as follow each other.
_HEADER_BLOCK = re.compile(r"(?:(?:From |[\041-\071\073-\176]*:|[\t ])[^\n]*(?:\n|\Z))*")


# A Content-Type of a type and plain parameters: no RFC 2231 names, no quoted
# semicolons, backslashes or angle brackets, no comments.
_WS = r"[ \t\r\n]*"
_TOKEN = r"[A-Za-z0-9!#$%&'*+.^_`{|}~-]+"
_VALUE = r'[^;"\\<>\s]+|"[^;"\\<>\r\n]*"'
_PLAIN_CONTENT_TYPE = re.compile(
    rf"{_WS}{_TOKEN}/{_TOKEN}{_WS}((?:;{_WS}[A-Za-z0-9_.-]+{_WS}={_WS}(?:{_VALUE}){_WS})*)"
)
_PARAMETER = re.compile(rf"([A-Za-z0-9_.-]+){_WS}={_WS}({_VALUE})")


def content_type(message: Message) -> str:
    """As ``message.get_content_type()``."""
    return type_of(message.get("Content-Type"), message.get_default_type())


def type_of(value: Any, default: str) -> str:
    """The content type a Content-Type header value (None: no header) gives."""
    if value is None:
        return default
    ctype = str(value).partition(";")[0].strip().lower()
    return ctype if ctype.count("/") == 1 else "text/plain"


def charset_of(value: Any, message: Message) -> str | None:
    """As ``message.get_content_charset()``, given its Content-Type value: a type and
    plain parameters are read here, anything else by the standard library."""
    if value is None:
        return None
    match = _PLAIN_CONTENT_TYPE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return message.get_content_charset()
    for name, charset in _PARAMETER.findall(match.group(1)):
        if name.lower() == "charset":
            charset = charset[1:-1] if charset.startswith('"') else charset
            return charset.lower() if charset.isascii() else None
    return None


def content_charset(message: Message) -> str | None:
    """As ``message.get_content_charset()``."""
    return charset_of(message.get("Content-Type"), message)


def first_headers(message: Message, names: frozenset[str]) -> dict[str, Any]:
    """The first value of each of ``names`` (lower case) the message has, as
    ``message.get`` gives it, reading the header list once."""
    found: dict[str, Any] = {}
    for key, value in message.raw_items():
        name = key.lower()
        if name in names and name not in found:
            found[name] = message.policy.header_fetch_parse(key, value)
    return found


class _Unusual(Exception):
    """A shape the fast reader leaves to the standard library."""


def read_message(raw: bytes) -> Message:
    """What ``email.message_from_bytes(raw, policy=compat32)`` returns (defects aside)."""
    message = read_simple(raw)
    if message is None:
        message = email.message_from_bytes(raw, policy=compat32)
    return message


def read_simple(raw: bytes) -> Message | None:
    """The message tree for a usual shape, or None to leave it to the standard library."""
    text = raw.decode("ascii", "surrogateescape")  # as email.parser.BytesParser
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None  # a bare CR ends a line too; rare enough to leave
    try:
        message, body = _headers(text, 0, len(text))
        maintype = content_type(message).partition("/")[0]
        if maintype == "message":
            return None
        if maintype != "multipart":
            message.set_payload(text[body:])
            return message
        _multipart(message, text, body)
    except _Unusual:
        return None
    return message


def _headers(text: str, pos: int, end: int) -> tuple[Message, int]:
    """The headers from ``pos`` as a Message, and where its body starts."""
    message = Message(policy=compat32)
    block = _HEADER_BLOCK.match(text, pos, end)
    assert block is not None  # the pattern matches the empty string too
    body = block.end()
    if body < end and (text[body] == "\n" or text.startswith("\r\n", body, end)):
        body += 2 if text[body] == "\r" else 1  # the blank line between headers and body
    lines = block.group().split("\n")
    if not lines[-1]:
        lines.pop()  # after the last line end
    set_raw = message.set_raw
    current: str | None = None  # the first line of the header being read
    more: list[str] | None = None  # its continuation lines, if any
    for line in lines:
        first = line[0]
        if first == " " or first == "\t":
            if current is None:
                raise _Unusual("continuation line before any header")
            if more is None:
                more = [line]
            else:
                more.append(line)
            continue
        if first == ":" or line.startswith("From "):
            raise _Unusual("header without a name, or an envelope line among the headers")
        if current is not None:
            set_raw(*_source_parse(current, more))
        current, more = line, None
    if current is not None:
        set_raw(*_source_parse(current, more))
    return message, body


def _source_parse(line: str, more: list[str] | None) -> tuple[str, str]:
    # As compat32's header_source_parse, for lines split at (and without) their "\n".
    name, value = line.split(":", 1)
    if more:
        value = "\n".join([value.lstrip(" \t"), *more])
        return name, value.rstrip("\r\n")
    return name, value.lstrip(" \t").rstrip("\r\n")


def _strip_eol(value: str) -> str:
    if value.endswith("\r\n"):
        return value[:-2]
    if value.endswith("\n"):
        return value[:-1]
    return value


def _multipart(message: Message, text: str, body: int) -> None:
    if content_type(message) == "multipart/digest":
        raise _Unusual("digest")
    boundary = message.get_boundary()
    if boundary is None:
        raise _Unusual("multipart without a boundary")
    separator = "--" + boundary
    end = len(text)
    # (start, stop) of each boundary line; the last one closes the multipart.
    lines: list[tuple[int, int]] = []
    closed = False
    pos = body
    while True:
        at = text.find(separator, pos)
        if at == -1:
            break
        if at != body and text[at - 1] != "\n":
            pos = at + 1
            continue
        newline = text.find("\n", at, end)
        stop = end if newline == -1 else newline + 1
        rest = _strip_eol(text[at + len(separator) : stop])
        is_close = rest.startswith("--")
        if (rest[2:] if is_close else rest).strip(" \t"):
            pos = stop  # a line that starts like a boundary but is not one
            continue
        lines.append((at, stop))
        if is_close:
            closed = True
            break
        pos = stop
    if not closed or len(lines) < 2:
        raise _Unusual("no start or no close boundary")
    preamble = text[body : lines[0][0]]
    message.preamble = _strip_eol(preamble) if preamble else None
    for (_start, after), (following, _stop) in itertools.pairwise(lines):
        if after == following:
            raise _Unusual("two boundary lines in a row")
        part, part_body = _headers(text, after, following)
        if content_type(part).partition("/")[0] in ("multipart", "message"):
            raise _Unusual("nested multipart or attached message")
        part.set_payload(_strip_eol(text[part_body:following]))
        message.attach(part)
    message.epilogue = text[lines[-1][1] :]
