"""Slack workspace exports: a folder or .zip with ``users.json``, ``channels.json`` (and
``groups.json``, ``mpims.json``, ``dms.json``), and per channel a folder of daily
``YYYY-MM-DD.json`` files, each a JSON array of messages.

Each thread (its ``thread_ts``) is one conversation, keyed ``CHANNEL_ID:THREAD_TS``;
a message outside any thread is a conversation of its own, keyed the same way on its
own ``ts``, so a later reply that starts a thread on it lands in the same conversation.
Replies may sit in later days' files; the writer merges them by key.

Who is the team, and who the customer (docs/importing.md, "Slack"):

1. Bots, apps and system messages (joins, leaves, topic changes...) are skipped.
2. A person listed in ``--team`` (Slack user id, name, display name, address or
   ``@domain``), or who is a voxpop user, is the team.
3. Guests (single- and multi-channel) and people from another workspace (Slack
   Connect: their team id is not the exporting workspace's) are customers.
4. Full members of the exporting workspace (the team id most of ``users.json`` has)
   are the team, unless
   ``--workspace-members customers`` (a community workspace), when only its admins and
   owners are.
5. Anyone not in ``users.json`` (or every author, without one) is a customer.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from voxpop.conversations.models import AuthorRole, Channel
from voxpop.imports import fields as f
from voxpop.imports.exports import (
    attachment_list,
    domain_account,
    email_of,
    ident,
    is_team,
    obj,
    text_of,
    unix_time,
)
from voxpop.imports.jsondocs import json_values
from voxpop.imports.readers import Entry
from voxpop.imports.records import ContactData, ConversationData, Item, MessageData, ParseOptions, RowError

USERS_FILES = ("users.json", "org_users.json")
CHANNEL_FILES = ("channels.json", "groups.json", "mpims.json", "dms.json")
METADATA_FILES = USERS_FILES + CHANNEL_FILES
DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
# Subtypes that are people writing; every other subtype is a bot or a system event.
PEOPLE_SUBTYPES = {"", "thread_broadcast", "file_share", "me_message"}
_MENTION = re.compile(r"<([@#!])([^<>|]{1,80})(?:\|([^<>]{0,200}))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^<>|]{1,2000})(?:\|([^<>]{0,500}))?>")


def base_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].lower()


def is_metadata(name: str) -> bool:
    return base_name(name) in METADATA_FILES


def accepts(name: str) -> bool:
    base = base_name(name)
    return base in METADATA_FILES or bool(DAY_FILE.match(base))


@dataclass
class Member:
    name: str
    real_name: str
    display_name: str
    email: str
    team_id: str
    guest: bool
    admin: bool
    bot: bool


class SlackParser:
    """One per input: the workspace's users and channels carry over to its day files."""

    def __init__(self, options: ParseOptions) -> None:
        self.options = options
        self.members: dict[str, Member] = {}
        self.channels: dict[str, str] = {}  # channel name (folder) -> id
        self.home_team = ""
        self.skipped: Counter[str] = Counter()
        self.note_at: int | None = None

    def parse_entry(self, entry: Entry, notes: list[str]) -> Iterator[Item]:
        base = base_name(entry.key)
        if base in METADATA_FILES:
            yield from self._metadata(entry, base)
            return
        parts = entry.key.replace("\\", "/").split("/")
        folder = parts[-2] if len(parts) > 1 else ""
        if not DAY_FILE.match(base):
            yield RowError(entry.name, "not a Slack day file (expected CHANNEL/YYYY-MM-DD.json)")
            return
        for found in json_values(entry, self.options.limits):
            if isinstance(found, RowError):
                yield found
                continue
            values = (
                found.value if found.kind == "document" and isinstance(found.value, list) else [found.value]
            )
            for number, value in enumerate(values, 1):
                where = found.where if found.kind == "item" else f"{found.where}: message {number}"
                yield from self._message(value, where, folder)
        if self.skipped:
            shown = ", ".join(f"{kind} ({n})" for kind, n in self.skipped.most_common(10))
            note = f"skipped {sum(self.skipped.values())} bot and system messages: {shown}"
            if (
                self.note_at is not None
                and self.note_at < len(notes)
                and notes[self.note_at].startswith("skipped")
            ):
                notes[self.note_at] = note
            else:
                self.note_at = len(notes)
                notes.append(note)

    def _metadata(self, entry: Entry, base: str) -> Iterator[Item]:
        teams: Counter[str] = Counter()
        for found in json_values(entry, self.options.limits):
            if isinstance(found, RowError):
                yield found
                continue
            values = found.value if isinstance(found.value, list) else [found.value]
            for value in values:
                if not isinstance(value, dict):
                    continue
                if base in USERS_FILES:
                    member = self._member(value)
                    if member is not None and not member.bot and member.team_id:
                        teams[member.team_id] += 1
                else:
                    channel_id, name = ident(value.get("id")), text_of(value.get("name"), 200)
                    if channel_id:
                        self.channels[name or channel_id] = channel_id
        if teams and not self.home_team:
            self.home_team = teams.most_common(1)[0][0]

    def _member(self, value: dict[str, Any]) -> Member | None:
        user_id = ident(value.get("id"))
        if not user_id:
            return None
        profile = obj(value.get("profile"))
        member = Member(
            name=text_of(value.get("name"), 200),
            real_name=text_of(value.get("real_name") or profile.get("real_name"), 200),
            display_name=text_of(profile.get("display_name"), 200),
            email=email_of(profile.get("email")),
            team_id=ident(value.get("team_id") or profile.get("team")),
            guest=value.get("is_restricted") is True or value.get("is_ultra_restricted") is True,
            admin=value.get("is_admin") is True or value.get("is_owner") is True,
            bot=value.get("is_bot") is True or value.get("is_app_user") is True or user_id == "USLACKBOT",
        )
        self.members[user_id] = member
        return member

    def _message(self, value: Any, where: str, folder: str) -> Iterator[Item]:
        if not isinstance(value, dict):
            yield RowError(where, "a message must be an object")
            return
        subtype = text_of(value.get("subtype"))
        user_id = ident(value.get("user"))
        member = self.members.get(user_id)
        if (
            subtype not in PEOPLE_SUBTYPES
            or value.get("bot_id")
            or not user_id
            or user_id == "USLACKBOT"
            or (member is not None and member.bot)
        ):
            self.skipped[subtype or "bot"] += 1
            return
        try:
            yield self.message(value, where, folder, user_id, member)
        except f.ValueProblem as exc:
            ts = text_of(value.get("ts"))[:40]
            yield RowError(f"{where} (ts {ts})" if ts else where, str(exc))

    def message(
        self, value: dict[str, Any], where: str, folder: str, user_id: str, member: Member | None
    ) -> ConversationData:
        ts = text_of(value.get("ts"))
        if not ts:
            raise f.ValueProblem("the message has no ts")
        try:
            sent_at = unix_time(ts)
        except f.ValueProblem as exc:
            raise f.ValueProblem(f"ts: {exc}") from exc
        thread_ts = text_of(value.get("thread_ts")) or ts
        channel_id = self.channels.get(folder, folder) or "unknown-channel"
        profile = obj(value.get("user_profile"))
        name = (member.real_name or member.display_name or member.name) if member else ""
        name = name or text_of(
            profile.get("real_name") or profile.get("display_name") or profile.get("name"), 200
        )
        team = ident(value.get("user_team") or value.get("team")) or (member.team_id if member else "")
        role = self._role(user_id, member, name, team)
        text = self._text(text_of(value.get("text"), self.options.limits.max_text_chars))
        attachments = attachment_list(value.get("files"), "name", "size", "mimetype")
        if not text and not attachments:
            raise f.ValueProblem("no text in the message")
        root = thread_ts == ts
        record = ConversationData(
            external_id=f"{channel_id}:{thread_ts}"[:255],
            where=f"{where} (ts {ts})",
            channel=self.options.channel or Channel.CHAT,
            fallback_subject=f"#{folder}"[:500],
            context={"slack_channel": f"#{folder}"[:200]},
        )
        if root:
            first_line = text.split("\n", 1)[0]
            record.subject = f"#{folder}: {first_line[:120]}"[:500]
        email = member.email if member else ""
        if role == AuthorRole.CUSTOMER and email:
            record.contact = ContactData(email=email, name=name)
            record.contact_is_fallback = not root
            record.account = domain_account(email)
        record.messages.append(
            MessageData(
                external_id=ts[:255],
                author_role=str(role),
                author=name or user_id,
                text=text or "(attachments only)",
                sent_at=sent_at,
                attachments=attachments,
                position=0 if root else 1,
            )
        )
        return record

    def _role(self, user_id: str, member: Member | None, name: str, team: str) -> str:
        names = [user_id, name]
        if member is not None:
            names += [member.name, member.display_name, member.real_name, member.email]
        if is_team(self.options, *names):
            return AuthorRole.AGENT
        external = bool(team and self.home_team and team != self.home_team)
        if member is None or member.guest or external:
            return AuthorRole.CUSTOMER
        if self.options.workspace_members == "customers" and not member.admin:
            return AuthorRole.CUSTOMER
        return AuthorRole.AGENT

    def _text(self, text: str) -> str:
        def mention(match: re.Match[str]) -> str:
            kind, target, label = match.group(1), match.group(2), match.group(3)
            if label:
                return ("@" if kind == "@" else "#" if kind == "#" else "@") + label
            if kind == "@":
                member = self.members.get(target)
                shown = (member.display_name or member.real_name or member.name) if member else target
                return f"@{shown}"
            if kind == "!":
                return "@" + target.split("^", 1)[0]
            return f"#{target}"

        text = _MENTION.sub(mention, text)
        text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(2) else m.group(1), text)
        return f.clean(html.unescape(text)).strip()
