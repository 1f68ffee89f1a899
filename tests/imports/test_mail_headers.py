"""Reading addresses and encoded words out of mail headers."""

from __future__ import annotations

from email.utils import getaddresses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voxpop.imports.mail import _ONE_ADDRESS, addresses, decode_header_value


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
