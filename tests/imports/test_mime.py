"""The fast message reader builds exactly the standard library's Message tree, or
leaves the message to the standard library; the mbox splitter agrees with a plain
line-by-line reading of the format."""

from __future__ import annotations

import email
import io
from email.message import Message
from email.policy import compat32
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.imports.conftest import SAMPLES
from voxpop.imports import mbox
from voxpop.imports.mime import content_charset, content_type, read_message, read_simple

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def shape(message: Message) -> Any:
    payload = message.get_payload()
    return (
        message.items(),
        message.get_unixfrom(),
        message.preamble,
        message.epilogue,
        message.get_default_type(),
        [shape(part) for part in payload] if isinstance(payload, list) else payload,
    )


def stdlib(raw: bytes) -> Message:
    return email.message_from_bytes(raw, policy=compat32)


def sample_messages() -> list[bytes]:
    with (SAMPLES / "mailbox.mbox").open("rb") as stream:
        found = [raw for _line, raw in mbox.mbox_messages(stream, 10**8, 10**6) if raw is not None]
    return found + [path.read_bytes() for path in sorted((SAMPLES / "eml").glob("*.eml"))]


def test_the_samples_are_read_by_the_fast_reader_into_the_standard_librarys_tree() -> None:
    for raw in sample_messages():
        fast = read_simple(raw)
        assert fast is not None
        assert shape(fast) == shape(stdlib(raw))


def test_a_crlf_multipart_with_an_attachment_is_read_as_the_standard_library_reads_it() -> None:
    raw = (
        b"From: =?utf-8?b?5bCP5p2O?= <li@example.com>\r\nSubject: Export\r\n"
        b'  fails\r\nContent-Type: multipart/mixed;\r\n boundary="b1"\r\n\r\npreamble\r\n'
        b"--b1\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b'tbzI68qnsNw=\r\n--b1 \r\nContent-Type: application/pdf; name="a.pdf"\r\n'
        b"Content-Disposition: attachment; filename*=utf-8''%E6%8A%A5.pdf\r\n\r\nJVBERi0=\r\n"
        b"--b1--\r\nepilogue\r\n"
    )
    fast = read_simple(raw)
    assert fast is not None
    assert shape(fast) == shape(stdlib(raw))
    parts = fast.get_payload()
    assert parts[0].get_payload(decode=True).decode("gb18030") == "导入失败"
    assert parts[1].get_filename() == "报.pdf"


@pytest.mark.parametrize(
    "raw",
    [
        b"Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=i\n\n"
        b"--i\n\ninner\n--i--\n--o--\n",  # nested
        b"Content-Type: message/rfc822\n\nSubject: inner\n\nbody\n",  # an attached message
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nno close boundary\n",
        b"Subject: bare CR\rline\n\nbody\n",
        b"From someone Mon Jan  1 00:00:00 2026\nSubject: envelope\n\nbody\n",
    ],
)
def test_unusual_shapes_are_left_to_the_standard_library(raw: bytes) -> None:
    assert read_simple(raw) is None
    assert shape(read_message(raw)) == shape(stdlib(raw))


_LINE_END = st.sampled_from(["\n", "\r\n"])
_HEADER_NAME = st.sampled_from(
    [
        "Subject",
        "From",
        "Content-Type",
        "content-type",
        "Content-Transfer-Encoding",
        "X-A",
        "From ",
        ":",
        " ",
        "\t",
    ]
)
_VALUE = st.lists(
    st.sampled_from([*' \t;="\\abc:-\r\n\x0b\x0c', "\udcff", "=?utf-8?q?x?=", "b1"]), max_size=12
).map("".join)


@st.composite
def _headers(draw: st.DrawFn, line_end: str, content_type: str | None) -> str:
    lines = [f"{draw(_HEADER_NAME)}:{draw(_VALUE)}" for _ in range(draw(st.integers(0, 3)))]
    if content_type is not None:
        lines.insert(draw(st.integers(0, len(lines))), f"Content-Type: {content_type}")
    if draw(st.booleans()):
        lines.append(" continued" + draw(_VALUE))
    return "".join(line + line_end for line in lines)


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    """Messages near the shapes the fast reader takes, and just off them."""
    eol = draw(_LINE_END)
    boundary = draw(st.sampled_from(["b1", "=_b", "b1 ", "x(y)"]))
    top_type = draw(
        st.sampled_from(
            [
                f'multipart/alternative; boundary="{boundary}"',
                f"multipart/mixed; boundary={boundary}",
                "multipart/digest; boundary=b1",
                "multipart/mixed",
                "text/plain; charset=utf-8",
                "message/rfc822",
                "text/html",
            ]
        )
    )
    text = draw(_headers(eol, top_type)) + draw(st.sampled_from([eol, "", "body" + eol]))
    sep = "--" + draw(st.sampled_from(["b1", "=_b", boundary]))
    pieces = [
        sep + eol,
        sep + "--" + eol,
        sep + " \t" + eol,
        sep + "x" + eol,
        " " + sep + eol,
        "text line" + eol,
        eol,
        "Content-Type: text/plain" + eol,
        "Content-Type: multipart/mixed; boundary=z" + eol,
        "Content-Disposition: attachment; filename=a.txt" + eol,
        "\udcff\udcfe" + eol,
        "From x" + eol,
        "\r",
    ]
    text += "".join(draw(st.lists(st.sampled_from(pieces), max_size=14)))
    if draw(st.booleans()):
        text = text.removesuffix(eol)
    return text.encode("ascii", "surrogateescape")


_BODY_LINE = st.sampled_from(
    ["text", "", " ", "--", "--b1x", "=E4=B8=AD", "\udcff\udcfe", "Content-Type: text/html", "From x", "\x0b"]
)


@st.composite
def multiparts(draw: st.DrawFn) -> bytes:
    """Well-formed multiparts, their parts and boundary lines varied."""
    eol = draw(_LINE_END)
    boundary = draw(st.sampled_from(["b1", "=_b0", "b 1", "a.b"]))
    text = draw(
        _headers(eol, f'multipart/{draw(st.sampled_from(["alternative", "mixed"]))}; boundary="{boundary}"')
    )
    text += eol + "".join(line + eol for line in draw(st.lists(_BODY_LINE, max_size=2)))
    for _ in range(draw(st.integers(1, 3))):
        text += "--" + boundary + draw(st.sampled_from(["", " ", "\t "])) + eol
        part_type = draw(
            st.sampled_from(["text/plain; charset=gb2312", "text/html", "application/pdf; name=a.pdf"])
        )
        text += draw(_headers(eol, part_type)) + draw(st.sampled_from([eol, ""]))
        text += "".join(line + eol for line in draw(st.lists(_BODY_LINE, max_size=4)))
    text += "--" + boundary + "--" + draw(st.sampled_from(["", " "])) + draw(st.sampled_from([eol, ""]))
    text += "".join(line + eol for line in draw(st.lists(_BODY_LINE, max_size=2)))
    return text.encode("ascii", "surrogateescape")


@SETTINGS
@given(st.one_of(messages(), multiparts()))
def test_the_fast_reader_builds_the_standard_librarys_tree_or_declines(raw: bytes) -> None:
    fast = read_simple(raw)
    if fast is not None:
        assert shape(fast) == shape(stdlib(raw))


@SETTINGS
@given(st.sampled_from(sample_messages()), st.data())
def test_mutated_samples_read_fast_match_the_standard_library(original: bytes, data: st.DataObject) -> None:
    raw = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw)))
        raw[at:at] = data.draw(
            st.sampled_from([b"\n", b"\r\n", b"\r", b"--", b":", b" ", b"\xff", b"From ", b"\n\n"])
        )
    fast = read_simple(bytes(raw))
    if fast is not None:
        assert shape(fast) == shape(stdlib(bytes(raw)))


def reference_mbox(data: bytes, limit: int, line_limit: int) -> list[tuple[int, bytes | None]]:
    """The mbox rules read one line at a time (the splitter before it read blocks)."""
    out: list[tuple[int, bytes | None]] = []
    buffer: list[bytes] = []
    size = start = 0
    too_big, previous_blank = False, True
    lines = data.split(b"\n")
    for number, piece in enumerate(lines, 1):
        if number == len(lines) and not piece:
            break
        line: bytes | None = piece if number == len(lines) else piece + b"\n"
        if len(piece) > line_limit:
            line = None
        if line is None:
            too_big = True
            continue
        if line.startswith(b"From ") and previous_blank:
            if start:
                out.append((start, None if too_big else b"".join(buffer)))
            buffer, size, start, too_big = [], 0, number, False
            previous_blank = False
            continue
        previous_blank = line in (b"\n", b"\r\n")
        if not start:
            if not line.strip():
                continue
            start = number
        if too_big:
            continue
        if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
            line = line[1:]
        size += len(line)
        if size > limit:
            too_big, buffer = True, []
        else:
            buffer.append(line)
    if start:
        out.append((start, None if too_big else b"".join(buffer)))
    return out


_MBOX_PIECES = [b"From ", b"From a b\n", b"\n", b"\r\n", b"\r", b">From ", b">>From x\n", b"text", b"x" * 40,
                b"  \n", b"\n\n", b"a\r\n\r\nFrom z\r\n"]  # fmt: skip


@SETTINGS
@given(
    st.lists(st.sampled_from(_MBOX_PIECES), max_size=40).map(b"".join),
    st.sampled_from([5, 30, 10**6]),
    st.sampled_from([3, 8, 30, 10**6]),
    st.sampled_from([1, 2, 3, 7, 64, 1 << 20]),
)
def test_the_mbox_splitter_agrees_with_a_line_by_line_reading(
    data: bytes, limit: int, line_limit: int, block: int
) -> None:
    default, mbox.BLOCK = mbox.BLOCK, block  # small blocks split lines and From_ lines across reads
    try:
        found = list(mbox.mbox_messages(io.BytesIO(data), limit, line_limit))
    finally:
        mbox.BLOCK = default
    assert found == reference_mbox(data, limit, line_limit)


def with_content_type(value: str | None) -> Message:
    message = Message(policy=compat32)
    if value is not None:
        message.set_raw("Content-Type", value)
    return message


@pytest.mark.parametrize(
    ("value", "charset"),
    [
        ('text/plain; charset="utf-8"', "utf-8"),
        ("text/plain; format=flowed; Charset=GB2312", "gb2312"),
        ("text/html;\r\n\tcharset = windows-1252 ", "windows-1252"),
        ('multipart/alternative; boundary="=_b0"', None),
    ],
)
def test_plain_content_types_are_read_without_the_parameter_parser(value: str, charset: str | None) -> None:
    message = with_content_type(value)
    assert content_charset(message) == message.get_content_charset() == charset


_CONTENT_TYPE_PIECES = st.sampled_from(
    ["text/plain", "TEXT/HTML", "multipart/mixed", ";", " ", "\t", "\r\n ", "charset", "Charset", "charset*", "=",
     '"', "utf-8", "GB2312", "\\", "<", ">", "*", "0", "name", "a b", "'", "\udcff", "/", "(c)", "\x0b",
     "; charset=utf-8", ';CHARSET="Big5"', " charset = x", "; name=a.pdf"]
)  # fmt: skip


@SETTINGS
@given(st.one_of(st.none(), st.lists(_CONTENT_TYPE_PIECES, max_size=10).map("".join)))
def test_content_type_and_charset_agree_with_the_standard_library(value: str | None) -> None:
    message = with_content_type(value)
    assert content_type(message) == message.get_content_type()
    assert content_charset(message) == message.get_content_charset()
