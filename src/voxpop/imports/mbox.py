"""Splitting an mbox file into messages.

A message starts at a ``From `` line that follows a blank line (or opens the file);
``>From `` lines inside a body lose one ``>`` (mboxrd). A file without any ``From ``
line is one message, starting at its first non-blank line. Lines longer than the
line limit, and messages larger than the message limit, are skipped without being
held in memory and reported as None.

The file is read in blocks and each block's complete lines are searched with bytes
methods, not walked line by line; a block with a line over the limit, and the head
of the file before the first message, go line by line (``_Splitter.line``), which is
the rule the fast path must agree with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

BLOCK = 1024 * 1024
_MBOXRD = re.compile(rb"^>(>*From )", re.MULTILINE)


def mbox_messages(stream: IO[bytes], limit: int, line_limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number of the From_ line, message bytes or None when over a limit)."""
    splitter = _Splitter(limit)
    carry = b""
    skipping = False  # inside a line over the limit, already reported
    while True:
        block = stream.read(BLOCK)
        if not block:
            break
        if skipping:
            end = block.find(b"\n")
            if end == -1:
                continue
            block, skipping = block[end + 1 :], False
        data = carry + block if carry else block
        cut = data.rfind(b"\n") + 1
        if cut:
            yield from splitter.lines(data[:cut], line_limit)
            carry = data[cut:]
        else:
            carry = data
        if len(carry) > line_limit:
            yield from splitter.line(None)
            carry, skipping = b"", True
    if carry:
        yield from splitter.lines(carry, line_limit)
    if splitter.start:
        yield splitter.finish()


class _Splitter:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.buffer: list[bytes] = []
        self.size = 0
        self.start = 0  # line number where the current message starts; 0 before the first
        self.too_big = False
        self.previous_blank = True
        self.number = 0  # lines read so far

    def finish(self) -> tuple[int, bytes | None]:
        return self.start, None if self.too_big else b"".join(self.buffer)

    def _begin(self, number: int) -> None:
        self.buffer, self.size, self.start, self.too_big = [], 0, number, False

    def _add(self, data: bytes) -> None:
        if self.too_big or not data:
            return
        if b">From " in data:
            data = _MBOXRD.sub(rb"\1", data)
        self.size += len(data)
        if self.size > self.limit:
            self.too_big, self.buffer = True, []
        else:
            self.buffer.append(data)

    def line(self, line: bytes | None) -> Iterator[tuple[int, bytes | None]]:
        """One line (None for one over the line limit)."""
        self.number += 1
        if line is None:
            self.too_big = True
            return
        if line.startswith(b"From ") and self.previous_blank:
            if self.start:
                yield self.finish()
            self._begin(self.number)
            self.previous_blank = False
            return
        self.previous_blank = line in (b"\n", b"\r\n")
        if not self.start:
            if not line.strip():
                return
            self.start = self.number  # no From_ line: the file is one message
        self._add(line)

    def lines(self, data: bytes, line_limit: int) -> Iterator[tuple[int, bytes | None]]:
        """Whole lines (the last may lack its line end only at the end of the file)."""
        if len(data) > line_limit and max(map(len, data.split(b"\n"))) > line_limit:
            pieces = data.split(b"\n")
            last = pieces.pop()
            for piece in pieces:
                yield from self.line(None if len(piece) > line_limit else piece + b"\n")
            if last:
                yield from self.line(None if len(last) > line_limit else last)
            return
        pos = 0
        while not self.start and pos < len(data):
            end = data.find(b"\n", pos) + 1 or len(data)
            yield from self.line(data[pos:end])
            pos = end
        if pos < len(data):
            yield from self._block(data[pos:] if pos else data)

    def _block(self, data: bytes) -> Iterator[tuple[int, bytes | None]]:
        """Lines within a message, searched for From_ lines as a whole."""
        size = len(data)
        consumed = 0  # start of the bytes not yet added to a message
        counted, number = 0, self.number  # lines before ``counted``
        search = 0
        while True:
            at = data.find(b"From ", search)
            if at == -1:
                break
            search = at + 5
            if at == 0:
                if not self.previous_blank:
                    continue
            elif data[at - 1] != 10:
                continue  # not at the start of a line
            elif not (
                at == 1 or data[at - 2] == 10 or (data[at - 2] == 13 and (at == 2 or data[at - 3] == 10))
            ):
                continue  # the line before is not blank
            self._add(data[consumed:at])
            number += data.count(b"\n", counted, at)
            counted = at
            yield self.finish()
            self._begin(number + 1)
            end = data.find(b"\n", at)
            consumed = search = size if end == -1 else end + 1
        self._add(data[consumed:])
        self.number = number + data.count(b"\n", counted) + (0 if data.endswith(b"\n") else 1)
        last = data.rfind(b"\n", 0, size - 1) + 1
        self.previous_blank = data[last:] in (b"\n", b"\r\n")
