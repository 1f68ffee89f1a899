"""Zendesk tickets as its API exports them, with their comments.

Input (JSON, a JSON array, or JSON Lines; a file, folder or archive):

- per-ticket documents ``{"ticket": {...}, "comments": [...], "users": [...]}`` (the
  Tickets API plus its ticket's Comments API, side-loads optional);
- pages ``{"tickets": [...], "users": [...], "organizations": [...]}`` as the
  incremental export returns them with ``include=users,organizations``;
- ticket objects, optionally with an embedded ``comments`` list;
- users and organizations alone (``users.json``, ``organizations.jsonl``, pages of
  them): in a folder or archive these files are read before the tickets.

Users and organizations are remembered for the whole input (one path), so a ticket
finds its requester and organization whichever file they came in.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
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

STATUSES = {
    "new": Status.OPEN, "open": Status.OPEN, "pending": Status.PENDING, "hold": Status.PENDING,
    "solved": Status.CLOSED, "closed": Status.CLOSED,
}  # fmt: skip
CHANNELS = {
    "email": Channel.EMAIL, "chat": Channel.CHAT, "native_messaging": Channel.CHAT, "messaging": Channel.CHAT,
    "sunshine_conversations_api": Channel.CHAT, "whatsapp": Channel.CHAT, "sms": Channel.CHAT,
    "voice": Channel.CALL, "phone": Channel.CALL, "twitter": Channel.SOCIAL, "facebook": Channel.SOCIAL,
    "instagram_dm": Channel.SOCIAL,
}  # fmt: skip
REMEMBERED = 500_000
METADATA_NAMES = ("users", "organizations")


def is_metadata(name: str) -> bool:
    """Side-load files read before the tickets in a folder or archive."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return base.endswith((".json", ".jsonl", ".ndjson")) and base.startswith(METADATA_NAMES)


@dataclass
class Person:
    email: str
    name: str
    role: str
    organization: str


class _Bounded(OrderedDict[str, Any]):
    def remember(self, key: str, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        if len(self) > REMEMBERED:
            self.popitem(last=False)


class ZendeskParser:
    """One per input: people and organizations carry over between its files."""

    def __init__(self, options: ParseOptions) -> None:
        self.options = options
        self.people: _Bounded = _Bounded()
        self.organizations: _Bounded = _Bounded()

    def parse_entry(self, entry: Entry, notes: list[str]) -> Iterator[Item]:
        base = entry.key.replace("\\", "/").rsplit("/", 1)[-1].lower()
        hint = (
            "users"
            if base.startswith("users")
            else "organizations"
            if base.startswith("organizations")
            else ""
        )
        for found in json_values(entry, self.options.limits):
            if isinstance(found, RowError):
                yield found
                continue
            yield from self._value(found.value, found.where, hint)

    def _value(self, value: Any, where: str, hint: str) -> Iterator[Item]:
        if isinstance(value, list):
            for number, inner in enumerate(value, 1):
                yield from self._value(inner, f"{where}: [{number}]", hint)
            return
        if not isinstance(value, dict):
            yield RowError(where, "expected a ticket, a page of tickets, or users/organizations")
            return
        self._side_loads(value)
        if hint == "users" or ("role" in value and "email" in value and "subject" not in value):
            self._person(value)
            return
        if hint == "organizations" or "domain_names" in value:
            self._organization(value)
            return
        if isinstance(value.get("user"), dict):
            self._person(value["user"])
        if isinstance(value.get("organization"), dict):
            self._organization(value["organization"])
        ticket = value.get("ticket")
        if isinstance(ticket, dict):
            yield self._ticket(ticket, value.get("comments"), where)
            return
        tickets = value.get("tickets")
        if isinstance(tickets, list):
            for number, inner in enumerate(tickets, 1):
                if isinstance(inner, dict):
                    yield self._ticket(inner, inner.get("comments"), f"{where}: tickets[{number}]")
                else:
                    yield RowError(f"{where}: tickets[{number}]", "a ticket must be an object")
            return
        if "id" in value and ("subject" in value or "description" in value or "comments" in value):
            yield self._ticket(value, value.get("comments"), where)
            return
        if not any(k in value for k in ("users", "organizations", "user", "organization")):
            yield RowError(where, "not a ticket, a page of tickets, or users/organizations")

    def _side_loads(self, value: dict[str, Any]) -> None:
        for user in items(value.get("users")):
            if isinstance(user, dict):
                self._person(user)
        for organization in items(value.get("organizations")):
            if isinstance(organization, dict):
                self._organization(organization)

    def _person(self, user: dict[str, Any]) -> None:
        key = ident(user.get("id"))
        if key:
            self.people.remember(
                key,
                Person(
                    email=email_of(user.get("email")),
                    name=text_of(user.get("name"), 200),
                    role=text_of(user.get("role")).lower(),
                    organization=ident(user.get("organization_id")),
                ),
            )

    def _organization(self, organization: dict[str, Any]) -> None:
        key = ident(organization.get("id"))
        if not key:
            return
        domains = [d for d in (domain_of(n) for n in items(organization.get("domain_names"))) if d]
        name = text_of(organization.get("name"), 200)
        domain = domains[0] if domains else ""
        self.organizations.remember(
            key, AccountData(name=name or domain or key, domain=domain, external_id=key)
        )

    def _ticket(self, ticket: dict[str, Any], comments: Any, where: str) -> Item:
        try:
            return self.ticket(ticket, comments, where)
        except f.ValueProblem as exc:
            shown = ident(ticket.get("id"))
            return RowError(f"{where} (ticket {shown})" if shown else where, str(exc))

    def ticket(self, ticket: dict[str, Any], comments: Any, where: str) -> ConversationData:
        options = self.options
        zone = f.time_zone(options.time_zone)
        external_id = ident(ticket.get("id"))
        if not external_id:
            raise f.ValueProblem("the ticket has no id (or one longer than 255 characters)")
        where = f"{where} (ticket {external_id})"
        via = text_of(obj(ticket.get("via")).get("channel")).lower()
        status = STATUSES.get(text_of(ticket.get("status")).lower())
        record = ConversationData(
            external_id=external_id,
            where=where,
            channel=options.channel or CHANNELS.get(via, Channel.TICKET),
            subject=(text_of(ticket.get("subject"), 500) or text_of(ticket.get("raw_subject"), 500)) or None,
            status=status,
            started_at=_time(ticket.get("created_at"), zone, "created_at"),
        )
        if status == Status.CLOSED:
            # Tickets carry no solved time: their last update stands for it.
            closed = _time(ticket.get("updated_at"), zone, "updated_at")
            if closed is not None and (record.started_at is None or closed >= record.started_at):
                record.closed_at = closed
        requester_id = ident(ticket.get("requester_id"))
        requester = self.people.get(requester_id) if requester_id else None
        embedded = obj(ticket.get("requester"))
        email = (requester.email if requester else "") or email_of(embedded.get("email"))
        if email:
            name = (requester.name if requester else "") or text_of(embedded.get("name"), 200)
            record.contact = ContactData(email=email, name=name)
        organization_id = ident(ticket.get("organization_id")) or (
            requester.organization if requester else ""
        )
        if organization_id:
            # An organization not side-loaded links to an account known by its id, if any.
            record.account = self.organizations.get(organization_id) or AccountData(
                name=organization_id, external_id=organization_id, create=False
            )
        record.messages = self._comments(ticket, comments, requester_id, record)
        tags = [text_of(t) for t in items(ticket.get("tags"))]
        record.tags = mapped_tags([t for t in tags if t], options)
        context: dict[str, Any] = {}
        for key in ("priority", "type"):
            value = text_of(ticket.get(key), 64)
            if value:
                context[key] = value
        if via:
            context["via"] = via[:64]
        record.context = context
        return record

    def _comments(
        self, ticket: dict[str, Any], comments: Any, requester_id: str, record: ConversationData
    ) -> list[MessageData]:
        options = self.options
        zone = f.time_zone(options.time_zone)
        listed = items(comments, "comments")
        messages: list[MessageData] = []
        for number, comment in enumerate(listed, 1):
            if not isinstance(comment, dict):
                raise f.ValueProblem(f"comments[{number}] is not an object")
            try:
                message = self._comment(comment, number, requester_id, zone)
            except f.ValueProblem as exc:
                raise f.ValueProblem(f"comments[{number}]: {exc}") from exc
            if message is not None:
                messages.append(message)
        if not listed:
            # No comments exported: the description is the requester's first message.
            text = text_of(ticket.get("description"), options.limits.max_text_chars)
            if text:
                person = self.people.get(requester_id)
                messages.append(
                    MessageData(
                        external_id="description",
                        author_role=AuthorRole.CUSTOMER,
                        author=(person.name if person else "")
                        or (record.contact.name if record.contact else ""),
                        text=text,
                        sent_at=record.started_at,
                        position=0,
                    )
                )
        if not messages:
            raise f.ValueProblem("no comment with text (and no description)")
        return messages

    def _comment(
        self, comment: dict[str, Any], number: int, requester_id: str, zone: Any
    ) -> MessageData | None:
        options = self.options
        author_id = ident(comment.get("author_id"))
        person = self.people.get(author_id) if author_id else None
        text = text_of(comment.get("plain_body") or comment.get("body"), options.limits.max_text_chars)
        html_text, html = html_body(comment.get("html_body"), options)
        text = text or html_text
        attachments = attachment_list(comment.get("attachments"), "file_name", "size", "content_type")
        if not (text or attachments):
            return None
        if comment.get("public") is False:
            role = AuthorRole.NOTE  # an internal note: never customer text
        elif author_id == "-1" or (
            person is None and text_of(obj(comment.get("via")).get("channel")) == "rule"
        ):
            role = AuthorRole.BOT
        elif person is not None and person.role in ("agent", "admin"):
            role = AuthorRole.AGENT
        elif person is not None and person.role == "end-user":
            role = AuthorRole.AGENT if is_team(options, person.email, person.name) else AuthorRole.CUSTOMER
        else:
            # Not side-loaded: the requester is the customer, anyone else most likely an agent.
            role = AuthorRole.CUSTOMER if author_id and author_id == requester_id else AuthorRole.AGENT
        return MessageData(
            external_id=ident(comment.get("id")) or f"comment-{number}",
            author_role=str(role),
            author=(person.name if person else "") or (f"user {author_id}" if author_id else ""),
            text=text or "(attachments only)",
            html=html,
            sent_at=_time(comment.get("created_at"), zone, "created_at"),
            attachments=attachments,
            position=number,
        )


def _time(value: Any, zone: Any, name: str) -> Any:
    if value in (None, ""):
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise f.ValueProblem(f"{name}: cannot read {str(value)[:40]!r} as a timestamp")
    try:
        return f.parse_datetime(value, zone)
    except f.ValueProblem as exc:
        raise f.ValueProblem(f"{name}: {exc}") from exc
