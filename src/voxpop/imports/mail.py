"""Email: mbox files and .eml files (in folders or archives) to threaded conversations.

A thread's key is its root Message-ID: the first of References, else the parent's
root (In-Reply-To), else, for a reply with no headers to follow, the latest thread
with the same subject and customer. Roots are remembered in a bounded table, so
memory stays flat; a mailbox so large that a parent has been forgotten falls back to
In-Reply-To as the root.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.errors import MessageError
from email.header import decode_header
from email.message import Message as MimeMessage
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from voxpop.conversations.models import AuthorRole, Channel
from voxpop.imports import fields as f
from voxpop.imports.mailtext import decode_bytes, html_to_text, sanitise_html, split_reply
from voxpop.imports.mbox import mbox_messages
from voxpop.imports.mime import charset_of, first_headers, read_message, type_of
from voxpop.imports.readers import Entry
from voxpop.imports.records import (
    AccountData,
    ContactData,
    ConversationData,
    Item,
    MessageData,
    ParseOptions,
    RowError,
)

FREE_MAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.jp",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "qq.com",
        "163.com",
        "126.com",
        "sina.com",
        "naver.com",
        "daum.net",
        "hanmail.net",
        "kakao.com",
        "yandex.ru",
        "mail.ru",
    ]
)
_REPLY_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|sv|vs|wg|tr|antw|回复|回覆|答复|转发|轉寄|답장|전달)\s*(\[\d+\])?\s*[:\uff1a]\s*)+",
    re.I,
)
_MSGID = re.compile(r"<([^<>\s]{1,250})>")
_FOLD = re.compile(r"\s*\n\s*")
# One address in the shapes mail clients write ("Name" <a@b>, Name <a@b>, a@b), for
# which email.utils.getaddresses gives the name as written and the address; any
# other value (groups, comments, several addresses, quoting) goes to getaddresses.
_ADDR = (
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
)
_WORD = r"[^\s\"()<>@,:;\[\]\\]+"
_ONE_ADDRESS = re.compile(
    rf'[ \t]*(?:(?:"(?P<quoted>[^"\\\r\n]*)"|(?P<phrase>{_WORD}(?:[ \t]+{_WORD})*))?[ \t]*<(?P<angle>{_ADDR})>'
    rf"|(?P<bare>{_ADDR}))[ \t]*"
)
REMEMBERED_THREADS = 100_000
# A Date header as mail programs write it ("Wed, 01 Jan 2025 10:00:00 +0100"); others
# are read by the standard library.
_DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?([0-9]{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9][0-9]{3}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
_READ_HEADERS = frozenset(["message-id", "references", "in-reply-to", "subject", "from", "to", "date"])
_PART_HEADERS = frozenset(["content-type", "content-disposition"])


def normalise_subject(subject: str) -> tuple[str, bool]:
    """The subject without reply and forward prefixes, and whether it had any."""
    stripped = _REPLY_PREFIX.sub("", subject)
    return " ".join(stripped.split()), stripped != subject


def parse_date(value: str) -> datetime:
    """What ``email.utils.parsedate_to_datetime`` returns (or raises), read directly
    when the date has the usual form."""
    match = _DATE.fullmatch(value)
    if match is None:
        return parsedate_to_datetime(value)
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    offset = int(zone_hours) * 3600 + int(zone_minutes) * 60
    if not offset and sign == "-":
        return parsedate_to_datetime(value)  # -0000: no zone (a naive time)
    zone = timezone(timedelta(seconds=-offset if sign == "-" else offset))
    return datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=zone)


def decode_header_value(raw: Any) -> str:
    if raw is None:
        return ""
    text = str(raw)
    try:
        parts = decode_header(text)
    except (ValueError, LookupError, AssertionError, MessageError):
        parts = [(text, None)]
    out: list[str] = []
    for value, charset in parts:
        if isinstance(value, str):
            # Raw 8-bit header bytes come back surrogate-escaped: recover and detect.
            data = value.encode("ascii", "surrogateescape")
            out.append(value if data.isascii() else decode_bytes(data, None))
        else:
            out.append(decode_bytes(value, charset))
    return f.clean(_FOLD.sub(" ", "".join(out))).strip()


def addresses(value: str) -> list[tuple[str, str]]:
    """(name, address) pairs, as email.utils.getaddresses([value])."""
    match = _ONE_ADDRESS.fullmatch(value)
    if match is None:
        return getaddresses([value])
    quoted, phrase, angle, bare = match.group("quoted", "phrase", "angle", "bare")
    if bare is not None:
        return [("", bare)]
    name = quoted if quoted is not None else " ".join(phrase.split()) if phrase else ""
    return [(name, angle)]


class Threads:
    def __init__(self) -> None:
        self.roots: OrderedDict[str, str] = OrderedDict()
        self.subjects: OrderedDict[str, str] = OrderedDict()

    def _remember(self, table: OrderedDict[str, str], key: str, root: str) -> None:
        table[key] = root
        table.move_to_end(key)
        if len(table) > REMEMBERED_THREADS:
            table.popitem(last=False)

    def root_of(self, message_id: str, parents: list[str], subject_key: str, is_reply: bool) -> str:
        if parents:
            root = self.roots.get(parents[0], parents[0])
        elif is_reply and subject_key in self.subjects:
            root = self.subjects[subject_key]
        else:
            root = message_id
        self._remember(self.roots, message_id, root)
        if subject_key:
            self._remember(self.subjects, subject_key, root)
        return root


class EmailParser:
    def __init__(self, options: ParseOptions) -> None:
        self.options = options
        self.threads = Threads()
        self.team_addresses = {t.lower() for t in options.team if "@" in t and not t.startswith("@")}
        self.team_domains = {t.lower().lstrip("@") for t in options.team if t.startswith("@")}

    def parse_entry(self, entry: Entry) -> Iterator[Item]:
        limits = self.options.limits
        with entry.open() as stream:
            if entry.key.lower().endswith((".eml", ".msg")):
                data = stream.read(limits.max_document_bytes + 1)
                if len(data) > limits.max_document_bytes:
                    yield RowError(entry.name, f"larger than {limits.max_document_bytes:,} bytes (limit)")
                    return
                yield self.message(data, entry.name, 0)
                return
            for number, (line, raw) in enumerate(
                mbox_messages(stream, limits.max_document_bytes, limits.max_line_bytes), 1
            ):
                where = f"{entry.name}: message {number} (line {line})"
                if raw is None:
                    yield RowError(where, f"larger than {limits.max_document_bytes:,} bytes (limit); skipped")
                    continue
                yield self.message(raw, where, number)

    def is_team(self, address: str) -> bool:
        return address in self.team_addresses or f.email_domain(address) in self.team_domains

    def message(self, raw: bytes, where: str, position: int) -> Item:
        try:
            mime = read_message(raw)
            return self._record(mime, raw, where, position)
        except (
            ValueError,
            LookupError,
            TypeError,
            AttributeError,
            IndexError,
            AssertionError,
            MessageError,
        ) as exc:
            return RowError(where, f"cannot read the message: {type(exc).__name__}: {str(exc)[:120]}")

    def _record(self, mime: MimeMessage, raw: bytes, where: str, position: int) -> Item:
        headers = first_headers(mime, _READ_HEADERS)
        message_id = _first_id(headers.get("message-id")) or "sha256:" + hashlib.sha256(raw).hexdigest()[:40]
        references = _MSGID.findall(str(headers.get("references") or ""))
        in_reply_to = _first_id(headers.get("in-reply-to"))
        parents = references[:1] or ([in_reply_to] if in_reply_to else [])
        subject = decode_header_value(headers.get("subject"))
        base_subject, is_reply = normalise_subject(subject)
        senders = addresses(decode_header_value(headers.get("from")))
        name, address = senders[0] if senders else ("", "")
        try:
            address = f.parse_email(address)
        except f.ValueProblem:
            address = ""
        team = self.is_team(address) if address else False
        customer_address = "" if team else address
        if not customer_address:
            for _n, candidate in addresses(decode_header_value(headers.get("to"))):
                try:
                    candidate = f.parse_email(candidate)
                except f.ValueProblem:
                    continue
                if candidate and not self.is_team(candidate):
                    customer_address = candidate
                    break
        subject_key = f"{base_subject.lower()}\x1f{customer_address}" if base_subject else ""
        root = self.threads.root_of(message_id, parents, subject_key, is_reply)
        sent_at = None
        if headers.get("date"):
            try:
                sent_at = parse_date(str(headers["date"]))
                if sent_at.tzinfo is None or not f.EARLIEST <= sent_at < f.LATEST:
                    sent_at = None
            except (TypeError, ValueError, IndexError, OverflowError):
                sent_at = None
        plain, html, attachments = self._body(mime)
        text_source = plain or html_to_text(html)
        text, quoted, signature = split_reply(text_source)
        limit = self.options.limits.max_text_chars
        if not text and not attachments:
            return RowError(where, "no text in the message")
        record = ConversationData(
            external_id=f.clean(root)[:255],
            where=where,
            channel=self.options.channel or Channel.EMAIL,
            fallback_subject=base_subject[:500],
        )
        if root == message_id:
            record.subject = base_subject[:500] or None
        if customer_address:
            # A customer's own message names the contact; the team's names its recipient.
            record.contact = ContactData(email=customer_address, name=f.clean(name, 200) if not team else "")
            record.contact_is_fallback = team or root != message_id
            domain = f.email_domain(customer_address)
            if domain and domain not in FREE_MAIL:
                record.account = AccountData(name=domain, domain=domain, create=False)
        record.messages.append(
            MessageData(
                external_id=f.clean(message_id)[:255],
                author_role=AuthorRole.AGENT if team else AuthorRole.CUSTOMER,
                author=f.clean(name or address, 200),
                sent_at=sent_at,
                text=f.clean(text, limit) or "(attachments only)",
                html=f.clean(html, limit),
                quoted=f.clean(quoted, limit),
                signature=f.clean(signature, 10_000),
                attachments=attachments,
                position=position,
            )
        )
        return record

    def _body(self, mime: MimeMessage) -> tuple[str, str, list[dict[str, Any]]]:
        plain: list[str] = []
        html: list[str] = []
        attachments: list[dict[str, Any]] = []
        for index, part in enumerate(mime.walk()):
            if index > 500:
                break
            if part.is_multipart():
                continue
            headers = first_headers(part, _PART_HEADERS)
            disposition = str(headers.get("content-disposition") or "").lower()
            ctype = type_of(headers.get("content-type"), part.get_default_type())
            # Without "name" in either header there is no filename or name parameter.
            named = "name" in disposition or "name" in str(headers.get("content-type") or "").lower()
            filename = part.get_filename() if named else None
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            if filename or disposition.startswith("attachment"):
                shown = decode_header_value(filename or "unnamed")
                shown = shown.replace("\\", "/").rsplit("/", 1)[-1] or "unnamed"
                attachments.append({"name": shown[:255], "size": len(data), "content_type": ctype[:100]})
                continue
            if ctype == "text/plain":
                plain.append(decode_bytes(data, charset_of(headers.get("content-type"), part)))
            elif ctype == "text/html":
                html.append(decode_bytes(data, charset_of(headers.get("content-type"), part)))
        safe_html = sanitise_html("\n".join(html)) if html else ""
        return "\n".join(plain).strip(), safe_html, attachments[:100]


def _first_id(value: Any) -> str:
    if value is None:
        return ""
    match = _MSGID.search(str(value))
    if match:
        return match.group(1)
    text = str(value).strip()
    return text[:250] if text and " " not in text else ""


def parse_email(entry: Entry, options: ParseOptions, notes: list[str], parser: EmailParser) -> Iterator[Item]:
    yield from parser.parse_entry(entry)
