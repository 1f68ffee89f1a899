"""Intercom conversations as its REST API returns them.

Input: JSON files holding one conversation object, a JSON array of them, or list pages
(``{"type": "conversation.list", "conversations": [...]}``), or JSON Lines of either;
in a folder or archive too. A conversation's ``source`` (``conversation_message`` in
API 1.x) is its first message, then each ``conversation_parts`` entry with a body. See
docs/importing.md for the field mapping.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from voxpop.conversations.models import AuthorRole, Channel, Status
from voxpop.imports import fields as f
from voxpop.imports.exports import (
    attachment_list,
    domain_of,
    email_of,
    html_body,
    ident,
    is_team,
    items,
    mapped_tags,
    obj,
    text_of,
    unix_time,
)
from voxpop.imports.jsondocs import json_values
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

CUSTOMER_TYPES = {"user", "lead", "contact", "visitor"}
AGENT_TYPES = {"admin", "team", "teammate"}
BOT_TYPES = {"bot", "operator", "fin", "campaign", "automated"}
CHANNELS = {
    "email": Channel.EMAIL,
    "phone_call": Channel.CALL,
    "phone_switch": Channel.CALL,
    "twitter": Channel.SOCIAL,
    "facebook": Channel.SOCIAL,
    "instagram": Channel.SOCIAL,
}
STATES = {"open": Status.OPEN, "snoozed": Status.PENDING, "closed": Status.CLOSED}


def parse_intercom(entry: Entry, options: ParseOptions, notes: list[str]) -> Iterator[Item]:
    for found in json_values(entry, options.limits):
        if isinstance(found, RowError):
            yield found
            continue
        yield from _conversations(found.value, found.where, options)


def _conversations(value: Any, where: str, options: ParseOptions) -> Iterator[Item]:
    if isinstance(value, list):
        for number, inner in enumerate(value, 1):
            yield from _conversations(inner, f"{where}: [{number}]", options)
        return
    if not isinstance(value, dict):
        yield RowError(where, "expected a conversation object or a page of conversations")
        return
    page = value.get("conversations", value.get("data")) if value.get("type") != "conversation" else None
    if isinstance(page, list):
        for number, inner in enumerate(page, 1):
            yield from _conversations(inner, f"{where}: conversations[{number}]", options)
        return
    try:
        yield conversation(value, where, options)
    except f.ValueProblem as exc:
        shown = ident(value.get("id"))
        yield RowError(f"{where} (conversation {shown})" if shown else where, str(exc))


def _role(author: dict[str, Any], options: ParseOptions) -> str:
    kind = text_of(author.get("type")).lower()
    if author.get("from_ai_agent") is True or kind in BOT_TYPES:
        return AuthorRole.BOT
    if kind in AGENT_TYPES:
        return AuthorRole.AGENT
    if is_team(options, text_of(author.get("email")), text_of(author.get("name"))):
        return AuthorRole.AGENT
    return AuthorRole.CUSTOMER


def _message(
    part: dict[str, Any], fallback_id: str, options: ParseOptions, position: int, note: bool
) -> MessageData | None:
    author = obj(part.get("author"))
    text, html = html_body(part.get("body"), options)
    attachments = attachment_list(part.get("attachments"), "name", "filesize", "content_type")
    if part.get("redacted") is True or not (text or attachments):
        return None  # assignment, open/close and other events without words
    role = AuthorRole.NOTE if note else _role(author, options)
    return MessageData(
        external_id=ident(part.get("id")) or fallback_id,
        author_role=str(role),
        author=text_of(author.get("name"), 200) or text_of(author.get("email"), 200),
        text=text or "(attachments only)",
        html=html,
        sent_at=unix_time(part.get("created_at")),
        attachments=attachments,
        position=position,
    )


def conversation(value: dict[str, Any], where: str, options: ParseOptions) -> ConversationData:
    """One Intercom conversation object; raises ValueProblem naming the part at fault."""
    external_id = ident(value.get("id"))
    if not external_id:
        raise f.ValueProblem("the conversation has no id (or one longer than 255 characters)")
    where = f"{where} (conversation {external_id})"
    source = obj(value.get("source")) or obj(value.get("conversation_message"))
    subject_text, _ = html_body(value.get("title") or source.get("subject"), options)
    record = ConversationData(
        external_id=external_id,
        where=where,
        channel=options.channel or CHANNELS.get(text_of(source.get("type")).lower(), Channel.CHAT),
        subject=subject_text[:500] or None,
        started_at=_time(value.get("created_at"), "created_at"),
    )
    state = text_of(value.get("state")).lower() or ("open" if value.get("open") is True else "")
    if value.get("open") is False and not state:
        state = "closed"
    record.status = STATES.get(state)
    if record.status == Status.CLOSED:
        closed = obj(value.get("statistics")).get("last_close_at")
        record.closed_at = _time(closed, "statistics.last_close_at")
    messages: list[MessageData] = []
    if source:
        try:
            first = _message(source, f"source-{external_id}", options, 0, note=False)
        except f.ValueProblem as exc:
            raise f.ValueProblem(f"source: {exc}") from exc
        if first is not None:
            first.sent_at = first.sent_at or record.started_at
            messages.append(first)
    parts = items(value.get("conversation_parts"), "conversation_parts", "data")
    for number, part in enumerate(parts, 1):
        if not isinstance(part, dict):
            raise f.ValueProblem(f"conversation_parts[{number}] is not an object")
        kind = text_of(part.get("part_type")).lower()
        try:
            message = _message(part, f"part-{number}", options, number, note="note" in kind)
        except f.ValueProblem as exc:
            raise f.ValueProblem(f"conversation_parts[{number}]: {exc}") from exc
        if message is not None:
            messages.append(message)
    if not messages:
        raise f.ValueProblem("no message with text (the source and every part are empty)")
    record.messages = messages
    _people(record, value, source, options)
    tags = [text_of(obj(t).get("name")) or text_of(t) for t in items(value.get("tags"), "tags", "data")]
    record.tags = mapped_tags([t for t in tags if t], options)
    context: dict[str, Any] = {}
    url = text_of(source.get("url"), 2000)
    if url:
        context["page"] = url
    custom = value.get("custom_attributes")
    if isinstance(custom, dict) and custom:
        context.update({k: v for k, v in f.clean_json(custom).items() if v not in (None, "", [], {})})
    record.context = context
    return record


def _time(value: Any, name: str) -> Any:
    try:
        return unix_time(value)
    except f.ValueProblem as exc:
        raise f.ValueProblem(f"{name}: {exc}") from exc


def _people(
    record: ConversationData, value: dict[str, Any], source: dict[str, Any], options: ParseOptions
) -> None:
    """The customer (the source's author when a person, else the first listed contact
    with an address) and their company."""
    candidates: list[dict[str, Any]] = []
    author = obj(source.get("author"))
    if _role(author, options) == AuthorRole.CUSTOMER:
        candidates.append(author)
    candidates += [obj(c) for c in items(value.get("contacts"), "contacts", "data")]
    candidates += [obj(u) for u in items(value.get("customers"))]  # API 1.x
    for person in candidates:
        email = email_of(person.get("email"))
        if email and not is_team(options, email):
            record.contact = ContactData(email=email, name=text_of(person.get("name"), 200))
            same = [c for c in candidates if email_of(c.get("email")) in ("", email)]
            record.account = next((a for a in map(_company, same) if a is not None), None) or _company(value)
            return
    record.account = _company(value)


def _company(holder: dict[str, Any]) -> AccountData | None:
    companies = items(holder.get("companies"), "companies", "data")
    company = obj(companies[0]) if companies else obj(holder.get("company"))
    name = text_of(company.get("name"), 200)
    external_id = text_of(company.get("company_id") or company.get("id"), 200)
    domain = domain_of(company.get("website"))
    if not (name or domain or external_id):
        return None
    return AccountData(name=name or domain or external_id, domain=domain, external_id=external_id)
