"""JSON documents as API exports come: a JSON array, a page object, or JSON Lines.

:func:`json_values` yields each top-level value with where it was found:

- ``.jsonl``/``.ndjson`` files (and ``.json`` files holding several objects one per
  line): one value per line; a broken line is reported with its number and the
  rest of the file is read on.
- a JSON array: its elements, read one at a time, so an export of any length streams
  in flat memory; a broken element is reported with its line and column, and the
  rest of the file is skipped (JSON has no way to find the next element reliably).
- any other JSON document (an API page such as ``{"conversations": [...]}``, a single
  object): the whole document, which must fit the per-document limit (50 MiB by
  default; API pages are far smaller).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from voxpop.imports.limits import Limits
from voxpop.imports.readers import Entry, bounded_lines
from voxpop.imports.records import RowError

BOM = "\ufeff"
LINE_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_WHITESPACE = " \t\r\n"
_NUMBER = set("0123456789.eE+-")
# First read of an array's window; doubled while one element is still incomplete.
CHUNK = 64 * 1024


@dataclass
class Value:
    where: str
    value: Any
    # "item" for an array element or a JSON Lines line, "document" for a whole document.
    kind: str


def json_values(entry: Entry, limits: Limits) -> Iterator[Value | RowError]:
    if entry.key.lower().endswith(LINE_SUFFIXES):
        yield from _lines(entry, limits)
        return
    with entry.open() as stream:
        start = stream.read(4096)
        text_start = start.decode("utf-8", "ignore").lstrip(BOM + _WHITESPACE)
        if text_start.startswith("["):
            yield from _array(_Chained(start, stream), entry.name, limits)
            return
    yield from _document(entry, limits)


def _lines(entry: Entry, limits: Limits) -> Iterator[Value | RowError]:
    limit = limits.max_line_bytes
    with entry.open() as stream:
        for number, raw in enumerate(bounded_lines(stream, limit), 1):
            where = f"{entry.name}: line {number}"
            if raw is None:
                yield RowError(where, f"line longer than {limit:,} bytes (limit); skipped")
                continue
            try:
                text = raw.decode("utf-8").lstrip(BOM) if number == 1 else raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield RowError(where, f"not valid UTF-8 (byte {exc.start + 1} of the line)")
                continue
            if not text.strip():
                continue
            try:
                value = json.loads(text.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                yield RowError(f"{where}, column {exc.colno}", f"broken JSON: {exc.msg}")
                continue
            except (ValueError, RecursionError) as exc:
                yield RowError(where, f"broken JSON: {str(exc)[:120]}")
                continue
            yield Value(where, value, "item")


def _document(entry: Entry, limits: Limits) -> Iterator[Value | RowError]:
    limit = limits.max_document_bytes
    with entry.open() as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        yield RowError(
            entry.name,
            f"a JSON document larger than {limit:,} bytes (limit); export it as a JSON array or JSON Lines",
        )
        return
    try:
        text = data.decode("utf-8").lstrip(BOM)
    except UnicodeDecodeError as exc:
        yield RowError(entry.name, f"not valid UTF-8 (byte {exc.start + 1})")
        return
    if not text.strip():
        yield RowError(entry.name, "empty file")
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            # Several objects one per line, saved as .json: read it as JSON Lines.
            yield from _lines(entry, limits)
            return
        yield RowError(f"{entry.name}: line {exc.lineno}, column {exc.colno}", f"broken JSON: {exc.msg}")
        return
    except (ValueError, RecursionError) as exc:
        yield RowError(entry.name, f"broken JSON: {str(exc)[:120]}")
        return
    yield Value(entry.name, value, "document")


class _Chained:
    """The bytes already read, then the rest of the stream."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self.head = head
        self.stream = stream

    def read(self, n: int) -> bytes:
        if self.head:
            out, self.head = self.head[:n], self.head[n:]
            return out
        return self.stream.read(n)


class _Text:
    """Decoded text of a stream in a sliding window, with the line of its start."""

    def __init__(self, stream: _Chained, limit: int, name: str) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buffer = ""
        self.pos = 0
        self.line = 1  # line number of buffer[0]
        self.line_start = 0  # index in buffer where that line starts (may be negative)
        self.eof = False
        self.limit = limit
        self.name = name
        self.chunk = CHUNK

    def more(self) -> bool:
        if self.eof:
            return False
        raw = self.stream.read(self.chunk)
        self.chunk = min(self.chunk * 2, 8 * 1024 * 1024)
        if not raw:
            self.eof = True
            self.buffer += self.decoder.decode(b"", final=True)
            return False
        self.buffer += self.decoder.decode(raw)
        return True

    def drop(self) -> None:
        """Forget what is before ``pos``."""
        if self.pos:
            consumed = self.buffer[: self.pos]
            newlines = consumed.count("\n")
            if newlines:
                self.line += newlines
                self.line_start = consumed.rfind("\n") + 1 - self.pos
            else:
                self.line_start -= self.pos
            self.buffer = self.buffer[self.pos :]
            self.pos = 0
        self.chunk = CHUNK

    def skip_space(self) -> str:
        """The next non-space character (not consumed), or "" at the end."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.more():
                return ""

    def position(self, index: int) -> str:
        before = self.buffer[:index]
        newlines = before.count("\n")
        line = self.line + newlines
        column = index - (before.rfind("\n") + 1) + 1 if newlines else index - self.line_start + 1
        return f"line {line}, column {column}"


def _array(stream: _Chained, name: str, limits: Limits) -> Iterator[Value | RowError]:
    decoder = json.JSONDecoder()
    text = _Text(stream, limits.max_document_bytes, name)
    try:
        if text.skip_space() == BOM:
            text.pos += 1
        text.skip_space()
        text.pos += 1  # the "["
        number = 0
        while True:
            following = text.skip_space()
            if following == "]":
                return
            if following == "":
                yield RowError(f"{name}: {text.position(text.pos)}", "broken JSON: the array is not closed")
                return
            if number and following == ",":
                text.pos += 1
                following = text.skip_space()
            elif number:
                yield RowError(f"{name}: {text.position(text.pos)}", "broken JSON: expected ',' or ']'")
                return
            text.drop()
            number += 1
            where = f"{name}: item {number} ({text.position(0)})"
            while True:
                try:
                    value, end = decoder.raw_decode(text.buffer, 0)
                except json.JSONDecodeError as exc:
                    # Perhaps only cut off by the end of the window: read on (in growing
                    # chunks) up to the per-document limit before calling it broken.
                    if len(text.buffer) <= limits.max_document_bytes and text.more():
                        continue
                    yield RowError(
                        f"{name}: {text.position(exc.pos)}",
                        f"broken JSON in item {number}: {exc.msg}; the rest of the file is skipped",
                    )
                    return
                except RecursionError:
                    yield RowError(where, "broken JSON: nested too deep; the rest of the file is skipped")
                    return
                # A number may go on in the next chunk ("0" then ".5"): decide only once
                # something other than space follows the value, or the file has ended.
                probe = end
                while probe < len(text.buffer) and text.buffer[probe] in _WHITESPACE:
                    probe += 1
                cut = probe >= len(text.buffer) or (probe == end and text.buffer[probe] in _NUMBER)
                if cut and text.more():
                    continue
                break
            text.pos = end
            yield Value(where, value, "item")
    except UnicodeDecodeError as exc:
        yield RowError(f"{name}: {text.position(len(text.buffer))}", f"not valid UTF-8 ({exc.reason})")
