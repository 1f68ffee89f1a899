"""What parsers produce and the writer consumes: plain data, no Django.

A parser turns an input file into a stream of :class:`ConversationData` (one
conversation, or one message of it: the writer merges records with the same key) and
:class:`RowError` (a rejected row, message or cue, with where and why). Input that
cannot be read at all raises :class:`InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from voxpop.imports.limits import Limits

if TYPE_CHECKING:
    from voxpop.imports.tagmap import TagMap


class InputError(Exception):
    """The input as a whole is unusable (missing, too big, not this format)."""


@dataclass(frozen=True)
class RowError:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class AccountData:
    name: str = ""
    domain: str = ""
    external_id: str = ""
    plan: str = ""
    segment: str = ""
    arr: Decimal | None = None
    seats: int | None = None
    # Email only knows a domain: link to an account that has it, never create one.
    create: bool = True

    def key(self) -> str:
        if self.domain:
            return f"domain:{self.domain.lower()}"
        if self.external_id:
            return f"id:{self.external_id}"
        return f"name:{self.name}"


@dataclass
class ContactData:
    email: str
    name: str = ""


@dataclass
class MessageData:
    # The source's id; when empty the writer derives one from the content.
    external_id: str
    author_role: str
    text: str
    author: str = ""
    sent_at: datetime | None = None
    html: str = ""
    quoted: str = ""
    signature: str = ""
    attachments: list[dict[str, Any]] = field(default_factory=list)
    position: int = 0
    # Worked out ahead by the parsing process (imports.batches); empty: the writer's job.
    content_hash: str = ""


@dataclass
class ConversationData:
    external_id: str
    where: str
    messages: list[MessageData] = field(default_factory=list)
    # None means "not given": the writer keeps what the conversation has.
    channel: str | None = None
    subject: str | None = None
    # Used only when the conversation is new (a reply's subject for a thread whose
    # first message is not in the file).
    fallback_subject: str = ""
    status: str | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None
    queue: str | None = None
    amount: Decimal | None = None
    account: AccountData | None = None
    contact: ContactData | None = None
    # A reply's sender: the conversation's contact only when it has none yet.
    contact_is_fallback: bool = False
    context: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    # Worked out ahead by the parsing process (imports.batches); None: the writer's job.
    language: str | None = None


Item = ConversationData | RowError


@dataclass
class ParseOptions:
    """What every parser may need beyond the bytes."""

    limits: Limits = field(default_factory=Limits)
    # field name -> column name (CSV) or dotted path (JSONL).
    columns: dict[str, str] = field(default_factory=dict)
    tags_separator: str = "|"
    time_zone: str = "UTC"
    channel: str | None = None
    # Names, email addresses and @domains of the team (agents).
    team: frozenset[str] = frozenset()
    encoding: str = "utf-8"
    # Intercom and Zendesk: their tags to voxpop tags (--tag-map).
    tag_map: TagMap | None = None
    # Slack: are full members of the exporting workspace the team ("team") or customers?
    workspace_members: str = "team"
    # CRM exports: stage values that mean closed-lost, besides the built-in ones.
    lost_stages: frozenset[str] = frozenset()
    # CRM exports: read 03/04/2026 as 3 April, not March 4.
    day_first: bool = False
