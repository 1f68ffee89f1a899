"""Small builders that make tests read like stories."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client

from voxpop.accounts.models import Account, Contact
from voxpop.conversations.models import AuthorRole, Channel, Conversation, Message, Source
from voxpop.taxonomy.models import Tag
from voxpop.taxonomy.services import create_tag
from voxpop.users.models import User

_ids = itertools.count(1)


def as_user(user: User | None, **client_kwargs: Any) -> Client:
    client = Client(**client_kwargs)
    if user is not None:
        client.force_login(user)
    return client


def make_account(name: str = "Acme Analytics", **fields: Any) -> Account:
    fields.setdefault("domain", f"{name.lower().replace(' ', '-')}-{next(_ids)}.example")
    fields.setdefault("arr", Decimal("12000.00"))
    return Account.objects.create(name=name, **fields)


def make_conversation(
    source: Source,
    text: str = "Can I add a relation property between two databases?",
    *,
    external_id: str | None = None,
    account: Account | None = None,
    contact: Contact | None = None,
    started_at: datetime | None = None,
    channel: str = Channel.CHAT,
    **fields: Any,
) -> Conversation:
    started = started_at or datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
    conversation = Conversation.objects.create(
        source=source,
        external_id=external_id or f"conv-{next(_ids)}",
        channel=channel,
        account=account,
        contact=contact,
        started_at=started,
        **fields,
    )
    Message.objects.create(
        conversation=conversation,
        author_role=AuthorRole.CUSTOMER,
        author="customer",
        sent_at=started,
        text=text,
    )
    return conversation


def make_tree(*paths: str) -> dict[str, Tag]:
    """Create tags from slash paths ("product/databases/relations"); returns them by slug."""
    tags: dict[str, Tag] = {}
    for path in paths:
        parent: Tag | None = None
        for slug in path.split("/"):
            if slug not in tags:
                tags[slug] = Tag.objects.filter(slug=slug).first() or create_tag(
                    slug, slug.replace("-", " ").capitalize(), parent=parent, is_facet=parent is None
                )
            parent = tags[slug]
    return tags


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
