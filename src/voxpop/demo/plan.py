"""The demo workspace as plain data: what :func:`voxpop.demo.builder.build_workspace`
returns and :func:`voxpop.demo.writer.write_workspace` writes.

Nothing here touches the database. Accounts and contacts refer to each other, and
conversations to them, by their index in the plan's tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from voxpop.demo.taxonomy import Node

SOURCE_NAME = "Demo workspace"
PLANS = ("free", "plus", "business", "enterprise")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


@dataclass(frozen=True)
class OwnerPlan:
    """A member of the demo company's team who owns accounts and tags conversations."""

    username: str
    first_name: str
    last_name: str
    email: str
    role: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Stage:
    """From ``since`` on, the account had this plan, seat count and ARR."""

    since: date
    plan: str
    seats: int
    arr: Decimal


@dataclass(frozen=True)
class AccountPlan:
    name: str
    domain: str
    language: str  # en, zh or ko: the language its people write in
    plan: str
    segment: str
    arr: Decimal
    currency: str
    seats: int
    company_size: int
    team_size: int
    region: str
    owner: str  # an OwnerPlan's username, or "" when nobody owns it
    lifecycle_stage: str
    created_on: date
    churned_on: date | None
    attributes: dict[str, Any]
    stages: tuple[Stage, ...]  # oldest first; the last one is the account as it is now
    external_id: str

    def stage_on(self, day: date) -> Stage:
        current = self.stages[0]
        for stage in self.stages:
            if stage.since <= day:
                current = stage
        return current

    def active_on(self, day: date) -> bool:
        return self.created_on <= day and (self.churned_on is None or day <= self.churned_on)


@dataclass(frozen=True)
class ContactPlan:
    name: str
    email: str
    locale: str  # en, zh-hans or ko
    account: int | None  # index into WorkspacePlan.accounts
    kind: str = "customer"  # customer, prospect (no account) or social (no account)
    company: str = ""  # the company a contact without an account says they are from
    handle: str = ""  # a social contact's handle


@dataclass(frozen=True)
class MessagePlan:
    author_role: str
    author: str
    sent_at: datetime
    text: str


@dataclass(frozen=True)
class ConversationPlan:
    external_id: str
    channel: str
    subject: str
    language: str
    account: int | None
    contact: int | None
    started_at: datetime
    closed_at: datetime | None
    status: str
    context: dict[str, Any]
    arr_at_time: Decimal | None
    amount: Decimal | None
    topic: str  # the product-area leaf the text was written about
    labels: tuple[str, ...]  # the tags the text deserves: product area, question type, route?
    messages: tuple[MessagePlan, ...]
    tagged_by: str = ""  # username of the person who tagged it ("" = untagged)
    tagged_at: datetime | None = None
    tags: tuple[str, ...] = ()  # what that person tagged (a subset of labels)


@dataclass(frozen=True)
class WorkspacePlan:
    seed: int
    anchor: date
    taxonomy: tuple[Node, ...]
    owners: tuple[OwnerPlan, ...]
    accounts: tuple[AccountPlan, ...]
    contacts: tuple[ContactPlan, ...]
    conversations: tuple[ConversationPlan, ...] = field(repr=False)

    @property
    def window(self) -> tuple[datetime, datetime]:
        """The conversations' time span: the 365 days before the anchor day."""
        end = day_start(self.anchor)
        return end - timedelta(days=365), end
