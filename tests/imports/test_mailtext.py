"""Separating what a sender wrote from what they quoted and signed, in several languages;
and decoding the charsets mail clients mislabel."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voxpop.imports.mailtext import (
    _QUOTE_HEADERS,
    _SIGNATURE_START,
    _SIGNATURE_STARTS,
    decode_bytes,
    holds_floating_word,
    html_to_text,
    is_quote_header,
    split_reply,
)


@pytest.mark.parametrize(
    ("body", "new", "quoted_start"),
    [
        ("Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Dana <d@x.example> wrote:\n> hi", "Thanks!", "On Mon"),
        (
            "Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Dana Reyes\n<d@x.example> wrote:\n> hi",
            "Thanks!",
            "On Mon",
        ),
        ("收到，谢谢。\n\n在 2026年3月2日 10:00，Dana 写道：\n> 你好", "收到，谢谢。", "在 2026"),
        ("好的\n\n-----原始邮件-----\n发件人: Dana", "好的", "-----原始邮件"),
        (
            "확인했습니다.\n\n2026년 3월 2일 (월) 오전 10:00, Dana님이 작성:\n> 안녕하세요",
            "확인했습니다.",
            "2026년",
        ),
        ("Danke.\n\nAm 02.03.2026 um 10:00 schrieb Dana Reyes:\n> Hallo", "Danke.", "Am 02.03"),
        ("See below.\n\n-----Original Message-----\nFrom: Dana", "See below.", "-----Original"),
        ("Fine by me\n> quoted line\n> another", "Fine by me", "> quoted"),
    ],
)
def test_quoted_replies_are_separated_from_the_new_text(body: str, new: str, quoted_start: str) -> None:
    text, quoted, _signature = split_reply(body)
    assert text == new
    assert quoted.startswith(quoted_start)


def test_signatures_are_separated_and_a_pure_forward_keeps_its_text() -> None:
    assert split_reply("The export broke.\n\n-- \nAda Lovelace\nCTO") == (
        "The export broke.",
        "",
        "-- \nAda Lovelace\nCTO",
    )
    assert split_reply("Works now\n\n发自我的iPhone")[2] == "发自我的iPhone"
    forwarded = "-----Original Message-----\nFrom: Bob\nThe original text"
    assert split_reply(forwarded) == (forwarded, "", "")


def test_html_becomes_readable_text_with_quotes_marked() -> None:
    html = "<div>Hello<br>world</div><ul><li>one</li><li>two</li></ul><blockquote><p>earlier</p></blockquote>"
    assert html_to_text(html) == "Hello\nworld\n\n- one\n- two\n\n> earlier"


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        ("镕堃 are GBK-only characters", "gbk", "gb2312"),
        ("繁體中文測試，請確認", "big5", "big5"),
        ("한국어 메일 본문입니다", "cp949", "euc-kr"),
        ("日本語のメールです", "iso2022_jp", "iso-2022-jp"),
        ("Café “quoted” – Windows", "cp1252", "iso-8859-1"),
        ("UTF-8 sent as Latin-1: café", "utf-8", "iso-8859-1"),
        ("无标签的中文邮件正文，用于检测字符集是否正确识别出来。这一段文字足够长。", "gb18030", None),
    ],
)
def test_mislabelled_and_unlabelled_charsets_decode(text: str, codec: str, label: str | None) -> None:
    assert decode_bytes(text.encode(codec), label) == text


_REPLY_WORDS = st.sampled_from(
    ["On ", "on", " wrote:", "wrote", "From: ", "发件人：", "-----", "Original Message", "在 ", "写道", "님이 작성",
     "schrieb", "2026年", "3月", "2026-03-", "Sent from my", "Best", "regards,", "--", "__", "发自我的", "Re", " ",
     "\t", ":", "x", "\u3000", "İ", "ſ", "SCHRIEB", "A ÉCRIT", "\u212a", "ß", "님이", " 작성", "Dana", "chrieb",
     "a \u00e9crit", "a \u00c9crit"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_REPLY_WORDS, max_size=8).map("".join))
def test_the_quote_header_and_signature_checks_match_where_one_of_the_lists_patterns_does(line: str) -> None:
    assert is_quote_header(line) == any(p.match(line) for p in _QUOTE_HEADERS)
    assert bool(_SIGNATURE_START.match(line)) == any(p.match(line) for p in _SIGNATURE_STARTS)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_REPLY_WORDS, max_size=6).map("".join), min_size=1, max_size=6))
def test_a_text_without_a_floating_word_has_no_line_with_one(lines: list[str]) -> None:
    # split_reply looks for the floating words once in the whole text, not per line.
    for separator in ("\n", "\r\n", "\r"):
        text = separator.join(lines)
        if not holds_floating_word(text):
            assert not any(is_quote_header(line) and not is_quote_header(line, False) for line in lines)
