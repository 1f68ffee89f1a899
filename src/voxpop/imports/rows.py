"""One row (a CSV line, a JSON object) to a conversation record, by field names.

The same field names serve as CSV column names, JSONL keys and mapping targets; see
docs/importing.md. ``context.NAME`` fields become context attributes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import tzinfo
from typing import Any

from voxpop.conversations.models import AuthorRole
from voxpop.imports import fields as f
from voxpop.imports.records import AccountData, ContactData, ConversationData, MessageData, ParseOptions

FIELDS = (
    "conversation_id", "message_id", "sent_at", "author_role", "author", "text", "html", "subject",
    "channel", "status", "started_at", "closed_at", "queue", "amount",
    "account", "account_id", "account_domain", "account_plan", "account_arr", "account_seats",
    "account_segment", "contact_email", "contact_name", "tags",
)  # fmt: skip
# Other names a default (unmapped) file may use for a field.
ALIASES = {
    "account_name": "account", "company": "account", "body": "text", "message": "text",
    "content": "text", "created_at": "sent_at", "timestamp": "sent_at", "date": "sent_at",
    "role": "author_role", "email": "contact_email", "thread_id": "conversation_id",
    "ticket_id": "conversation_id", "labels": "tags",
}  # fmt: skip
CONTEXT_PREFIX = "context."
MAX_ID = 255
ACCOUNT_FIELDS = (
    "account", "account_domain", "account_id", "account_plan", "account_segment", "account_arr", "account_seats",
)  # fmt: skip
# Accounts repeat on every row of their conversations: each distinct set of account
# cells is read once (the writer only reads AccountData, so rows may share one).
REMEMBERED_ACCOUNTS = 10_000

Getter = Callable[[str], Any]


def normalise_name(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def default_columns(names: list[str]) -> dict[str, str]:
    """Field -> column for a file's header, by the documented default names."""
    found: dict[str, str] = {}
    for name in names:
        key = normalise_name(name)
        if key.startswith(CONTEXT_PREFIX):
            found.setdefault(CONTEXT_PREFIX + name.strip()[len(CONTEXT_PREFIX) :], name)
        elif key in FIELDS:
            found.setdefault(key, name)
    for name in names:
        alias = ALIASES.get(normalise_name(name))
        if alias and alias not in found:
            found[alias] = name
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return ""


class RowBuilder:
    def __init__(self, options: ParseOptions, source_default_channel: str) -> None:
        self.options = options
        self.zone: tzinfo = f.time_zone(options.time_zone)
        self.channel = options.channel or source_default_channel
        self.team = {t.lower() for t in options.team}
        self.accounts: dict[tuple[Any, ...], AccountData | None] = {}

    def build(
        self, get: Getter, where: str, context_fields: Mapping[str, str], line: int
    ) -> ConversationData:
        """Raises ValueProblem (naming the field) when a value is unusable."""
        # Clean before the emptiness check: an id of control characters only is empty.
        conversation_id = f.clean(_text(get("conversation_id"))).strip()
        if not conversation_id:
            raise f.ValueProblem("conversation_id is empty")
        if len(conversation_id) > MAX_ID:
            raise f.ValueProblem(f"conversation_id is longer than {MAX_ID} characters")
        record = ConversationData(external_id=conversation_id, where=where)
        record.channel = self._field(get, "channel", f.parse_channel) or None
        record.subject = f.clean(_text(get("subject")).strip(), 500) or None
        record.status = self._field(get, "status", f.parse_status) or None
        record.queue = f.clean(_text(get("queue")).strip(), 64) or None
        record.started_at = self._time(get, "started_at")
        record.closed_at = self._time(get, "closed_at")
        record.amount = self._value(get, "amount", f.parse_money)
        record.account = self._account(get)
        email = self._field(get, "contact_email", f.parse_email)
        if email:
            record.contact = ContactData(email=email, name=f.clean(_text(get("contact_name")).strip(), 200))
        record.tags = f.split_tags(get("tags"), self.options.tags_separator)
        for name, _column in context_fields.items():
            value = get(name)
            if value not in (None, ""):
                record.context[name[len(CONTEXT_PREFIX) :]] = f.clean_json(value)
        text = f.clean(_text(get("text")), self.options.limits.max_text_chars).strip()
        html_raw = _text(get("html"))
        if html_raw.strip():
            from voxpop.imports.mailtext import html_to_text, sanitise_html

            html = sanitise_html(f.clean(html_raw, self.options.limits.max_text_chars))
            text = text or html_to_text(html)
        else:
            html = ""
        if not text:
            raise f.ValueProblem("text is empty")
        author = f.clean(_text(get("author")).strip(), 200)
        role = self._field(get, "author_role", f.parse_role)
        if not role:
            role = AuthorRole.AGENT if author.lower() in self.team else AuthorRole.CUSTOMER
        sent_at = self._time(get, "sent_at")
        message_id = _text(get("message_id")).strip()
        if len(message_id) > MAX_ID:
            raise f.ValueProblem(f"message_id is longer than {MAX_ID} characters")
        if not message_id:
            # No id in the file: one from the content, so a re-import finds the same message.
            basis = "\x1f".join([role, author, _text(get("sent_at")).strip(), text])
            message_id = "~" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:24]
        record.messages.append(
            MessageData(
                external_id=f.clean(message_id),
                author_role=str(role),
                author=author,
                text=text,
                html=html,
                sent_at=sent_at,
                position=line,
            )
        )
        return record

    def _field(self, get: Getter, name: str, parse: Callable[[str], str]) -> str:
        raw = _text(get(name)).strip()
        if not raw:
            return ""
        try:
            return parse(raw)
        except f.ValueProblem as exc:
            raise f.ValueProblem(f"{name}: {exc}") from exc

    def _value(self, get: Getter, name: str, parse: Callable[[Any], Any]) -> Any:
        raw = get(name)
        if raw is None:  # not given: what every parse_* makes of None
            return None
        try:
            return parse(raw)
        except f.ValueProblem as exc:
            raise f.ValueProblem(f"{name}: {exc}") from exc

    def _time(self, get: Getter, name: str) -> Any:
        raw = get(name)
        if raw is None:
            return None
        try:
            return f.parse_datetime(raw, self.zone)
        except f.ValueProblem as exc:
            raise f.ValueProblem(f"{name}: {exc}") from exc

    def _account(self, get: Getter) -> AccountData | None:
        values = tuple(map(get, ACCOUNT_FIELDS))
        raw = (*values, *map(type, values))  # with the types: True == 1, but not as seats
        try:
            return self.accounts[raw]
        except KeyError:
            pass
        except TypeError:  # an unhashable value (a JSON list): read it, do not remember it
            return self._read_account(get)
        account = self._read_account(get)  # raises on a bad value: nothing remembered
        if len(self.accounts) >= REMEMBERED_ACCOUNTS:
            self.accounts.clear()
        self.accounts[raw] = account
        return account

    def _read_account(self, get: Getter) -> AccountData | None:
        name = f.clean(_text(get("account")).strip(), 200)
        domain = self._field(get, "account_domain", f.parse_domain)
        external_id = f.clean(_text(get("account_id")).strip(), 200)
        if not (name or domain or external_id):
            return None
        return AccountData(
            name=name or domain or external_id,
            domain=domain,
            external_id=external_id,
            plan=f.clean(_text(get("account_plan")).strip(), 64),
            segment=self._field(get, "account_segment", f.parse_segment),
            arr=self._value(get, "account_arr", f.parse_money),
            seats=self._value(get, "account_seats", f.parse_count),
        )
