"""Reading addresses and encoded words out of mail headers."""

from __future__ import annotations

from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voxpop.imports.mail import _DATE, _ONE_ADDRESS, addresses, decode_header_value, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"Customer 0" <user0@a1213.example>', ("Customer 0", "user0@a1213.example")),
        ("Agent   1 <agent1@help.voxpop.example>", ("Agent 1", "agent1@help.voxpop.example")),
        ("J. Smith <j.smith@x.example>", ("J. Smith", "j.smith@x.example")),
        ("小李 <li@example.cn>", ("小李", "li@example.cn")),
        ("  dana@x.example ", ("", "dana@x.example")),
        ('"" <a@b.example>', ("", "a@b.example")),
    ],
)
def test_the_usual_address_shapes_take_the_short_path_and_agree_with_getaddresses(
    value: str, expected: tuple[str, str]
) -> None:
    assert _ONE_ADDRESS.fullmatch(value) is not None
    assert addresses(value) == [expected] == getaddresses([value])


_ADDRESS_PIECES = st.sampled_from(
    ['"', "\\", "<", ">", "@", ".", ",", ";", ":", "(", ")", "[", "]", " ", "\t", "\u3000", "a", "Zo", "小李",
     "x.example", "user+tag", "'", "=?utf-8?q?x?=", "\r\n"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(_ADDRESS_PIECES, max_size=14).map("".join))
def test_addresses_agree_with_getaddresses_on_any_value(value: str) -> None:
    assert addresses(value) == getaddresses([value])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=?utf-8?b?5bCP5p2O?= <li@example.cn>", "小李 <li@example.cn>"),
        ("=?gb2312?b?tbzI68qnsNw=?=", "导入失败"),  # GB2312 label, decoded as its GB18030 superset
        ("=?utf-8?q?broken", "=?utf-8?q?broken"),  # an encoded word never closed stays as written
        ("=?no-such-charset?q?abc?=", "abc"),  # an unknown charset: the bytes, detected
        ("Re: export\n  fails", "Re: export fails"),
        ("Caf\udcc3\udca9 cr\udcc3\udca8me", "Café crème"),  # raw UTF-8 header bytes, recovered
    ],
)
def test_header_values_decode_encoded_words_and_survive_broken_ones(raw: str, expected: str) -> None:
    assert decode_header_value(raw) == expected


def _read(read: Any, value: str) -> Any:
    """A date as read: its value, offset and zone-ness, or the exception's type."""
    try:
        moment = read(value)
    except (TypeError, ValueError, IndexError, OverflowError) as exc:
        return type(exc)
    return moment, moment.utcoffset(), moment.tzinfo is None


@pytest.mark.parametrize(
    "value",
    [
        "Wed, 01 Jan 2025 10:00:00 +0000",
        "1 Feb 2026 23:59:59 -0530",
        "Sun, 29 Feb 2026 10:00:00 +0100",  # no such day
        "Mon, 02 Mar 2026 24:00:00 +0000",  # no such hour
        "Mon, 02 Mar 2026 10:00:00 -0000",  # no zone: a naive time
        "Mon, 02 Mar 2026 10:00:00 +2400",  # an offset datetime refuses
        "Mon, 02 Mar 2026 10:00:00 +0099",
    ],
)
def test_dates_of_the_usual_form_read_as_the_standard_library_reads_them(value: str) -> None:
    assert _DATE.fullmatch(value) is not None
    assert _read(parse_date, value) == _read(parsedate_to_datetime, value)


_DATE_PIECES = st.sampled_from(
    ["Wed, ", "Mon,", "wed, ", "01", "1", "00", "31", "29", " ", "  ", "Jan", "jan", "Feb", "Dec", "2026", "0099",
     "26", "10", "23", "24", "59", "60", ":", "+", "-", "0000", "0100", "0530", "2400", "0099", "GMT", "EST", "\t"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(_DATE_PIECES, max_size=12).map("".join)
    | st.builds(
        "{}{} {} {} {}:{}:{} {}{}".format,
        st.sampled_from(["", "Wed, ", "Sun, "]),
        st.integers(0, 40),
        st.sampled_from(["Jan", "Feb", "Apr", "Dec"]),
        st.integers(1000, 2200),
        *[st.integers(0, 61).map("{:02d}".format)] * 3,
        st.sampled_from(["+", "-"]),
        st.integers(0, 2500).map("{:04d}".format),
    )
)
def test_parse_date_agrees_with_the_standard_library_on_any_value(value: str) -> None:
    assert _read(parse_date, value) == _read(parsedate_to_datetime, value)
