"""Text out of email: charsets, HTML (sanitised, then to text), quoted replies and
signatures separated from what the sender wrote."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import charset_normalizer
import nh3

# Labels that mail clients use for a smaller charset than they really send.
CHARSET_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030",
    "big5": "big5hkscs", "x-big5": "big5hkscs",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "korean": "cp949",
    "iso-2022-jp": "iso2022_jp_ext", "csiso2022jp": "iso2022_jp_ext",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8",
    "windows-1252": "cp1252", "x-unknown": "", "unknown-8bit": "", "default": "",
}  # fmt: skip
_SINGLE_BYTE = {"cp1252", "iso-8859-15", "windows-1250", "cp1250", "iso-8859-2"}


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Decode with the declared charset when it fits, else with a detected one.

    Mail often lies: GB2312 labels carrying GBK, Latin-1 labels carrying UTF-8, or
    no label at all. Bytes that decode as UTF-8 are taken as UTF-8 over a single-byte
    label; anything undecodable goes to charset-normalizer.
    """
    if not data:
        return ""
    label = (declared or "").strip().strip('"').lower()
    charset = CHARSET_SUPERSETS.get(label, label)
    if charset in _SINGLE_BYTE or not charset:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if charset:
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, "replace")
        except LookupError:
            pass
    return data.decode("utf-8", "replace")


def sanitise_html(html: str) -> str:
    """A safe copy: no scripts, styles, event handlers, forms or javascript: links."""
    return nh3.clean(html, link_rel="noopener noreferrer nofollow")


_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
          "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt"}  # fmt: skip
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre", "hr"}
_SKIP = {"script", "style", "head", "title", "template", "noscript"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.quote_depth = 0
        self.line_depth = 0
        self.skipping = 0
        self.pre = 0

    def _break(self, paragraph: bool = False) -> None:
        line = "".join(self.current).strip()
        if line:
            self.lines.append(("> " * self.line_depth) + line)
        elif paragraph and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.current = []
        self.line_depth = self.quote_depth

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self._break(tag in _PARAGRAPH)
            if tag == "blockquote":
                self.quote_depth += 1
                self.line_depth = self.quote_depth
            elif tag == "li":
                self.current.append("- ")
            elif tag == "pre":
                self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self._break(tag in _PARAGRAPH)
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
                self.line_depth = self.quote_depth
            elif tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self.current.append(part)
                self._break()
            self.current.append(parts[-1])
        else:
            self.current.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser's own complaints on broken markup
        pass
    parser._break()
    return "\n".join(parser.lines).strip()


_QUOTE_HEADERS = [
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE),
    re.compile(
        r"^\s*-{2,}\s*(Original Message|Forwarded message|原始邮件|原始郵件|원본 메시지)\s*-{2,}", re.I
    ),
    re.compile(r"^\s*(From|发件人|寄件者|보낸 사람|差出人|Von|De)\s*[:\uff1a]\s*\S", re.IGNORECASE),
    re.compile(r"^\s*在.{0,200}(写道|寫道)\s*[:\uff1a]?\s*$"),
    re.compile(r"^.{0,200}님이 작성(하셨습니다|했습니다)?\s*[:\uff1a]?\s*$"),
    re.compile(
        r"^.{0,200}(schrieb|a écrit|escribió|ha scritto|escreveu|schreef)\s*.{0,40}:\s*$", re.IGNORECASE
    ),
    re.compile(
        r"^\s*\d{4}[年/\-.]\s?\d{1,2}[月/\-.].{0,200}(wrote|写道|寫道|작성|書きました)\s*[:\uff1a]?\s*$"
    ),
]
_SIGNATURE_STARTS = [
    re.compile(r"^--\s*$"),
    re.compile(r"^__+\s*$"),
    re.compile(r"^\s*(Sent from my|Get Outlook for|Sent from Mail for)\b", re.IGNORECASE),
    re.compile(r"^\s*(发自我的|從我的|从我的).{0,30}$"),
    re.compile(r"^\s*(Best|Kind|Warm)?\s*regards,?\s*$", re.IGNORECASE),
]


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` matches (each keeps its flags)."""
    return re.compile("|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in patterns))


# The patterns anchored on a leading word fail fast; the two that may start anywhere
# in the first 200 characters are tried only on lines holding one of their words
# (casefolded: every line they match, ignoring case, holds one).
_FLOATING = [p for p in _QUOTE_HEADERS if p.pattern.startswith("^.")]
_FLOATING_WORDS = ("님이 작성", "schrieb", "a écrit", "escribió", "ha scritto", "escreveu", "schreef")
_ANCHORED_QUOTE_HEADER = _any_of([p for p in _QUOTE_HEADERS if p not in _FLOATING])
_FLOATING_QUOTE_HEADER = _any_of(_FLOATING)
_SIGNATURE_START = _any_of(_SIGNATURE_STARTS)


def is_quote_header(line: str, floating: bool = True) -> bool:
    """Whether one of _QUOTE_HEADERS matches the line; ``floating`` False says the
    line holds none of _FLOATING_WORDS (see :func:`holds_floating_word`)."""
    if _ANCHORED_QUOTE_HEADER.match(line):
        return True
    if not floating:
        return False
    folded = line.casefold()
    return any(word in folded for word in _FLOATING_WORDS) and bool(_FLOATING_QUOTE_HEADER.match(line))


def holds_floating_word(text: str) -> bool:
    """Whether some line of ``text`` may hold one of _FLOATING_WORDS: casefolding
    goes character by character, so a line's casefolded words are in the text's."""
    folded = text.casefold()
    return any(word in folded for word in _FLOATING_WORDS)


def split_reply(text: str) -> tuple[str, str, str]:
    """(new text, quoted earlier messages, signature)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    floating = holds_floating_word(text)  # most mail holds none: one look, not one a line
    cut = len(lines)
    for index, line in enumerate(lines):
        if line.lstrip().startswith(">") or is_quote_header(line, floating):
            cut = index
            break
        if (
            index + 1 < len(lines)
            and line.strip().startswith("On ")
            and _QUOTE_HEADERS[0].match(f"{line} {lines[index + 1]}")
        ):
            cut = index
            break
    new, quoted = lines[:cut], lines[cut:]
    signature: list[str] = []
    window = max(0, len(new) - 12)
    for index in range(len(new) - 1, window - 1, -1):
        if _SIGNATURE_START.match(new[index]):
            signature = new[index:]
            new = new[:index]
            break
    body = "\n".join(new).strip()
    if not body:
        # All quote (a forward, a bare "see below"): keep it as the text.
        return "\n".join(lines).strip(), "", ""
    return body, "\n".join(quoted).strip(), "\n".join(signature).strip()
