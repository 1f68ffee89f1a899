from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.builders import make_conversation
from voxpop.conversations.models import Message, Source
from voxpop.core.bulk import insert_values

pytestmark = pytest.mark.django_db

SENT = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)


def test_insert_values_stores_each_tuple_in_the_named_fields_and_defaults_the_rest() -> None:
    conversation = make_conversation(Source.objects.create(name="bulk", kind="csv"))
    attachments = [{"name": "export.csv", "size": 1200, "content_type": "text/csv"}]

    insert_values(
        Message,
        ["text", "conversation_id", "external_id", "author_role", "sent_at", "attachments"],
        [
            ("Export fails at 1,001 rows", conversation.pk, "m-1", "customer", SENT, attachments),
            ("导出到CSV时失败了", conversation.pk, "m-2", "agent", SENT, []),
        ],
    )

    first, second = Message.objects.filter(conversation=conversation, external_id__startswith="m-").order_by(
        "external_id"
    )
    assert (first.text, first.author_role, first.sent_at, first.attachments) == (
        "Export fails at 1,001 rows",
        "customer",
        SENT,
        attachments,
    )
    assert (second.text, second.author_role, second.attachments) == ("导出到CSV时失败了", "agent", [])
    # Fields not named take the model's defaults, as the ORM would store them.
    assert (first.position, first.author, first.html, first.quoted, first.signature, first.content_hash) == (
        0,
        "",
        "",
        "",
        "",
        "",
    )


def test_insert_values_with_no_rows_writes_nothing() -> None:
    before = Message.objects.count()
    insert_values(Message, ["text"], [])
    assert Message.objects.count() == before


def test_insert_rows_prepares_given_values_and_defaults_each_row_leaves_out() -> None:
    from voxpop.conversations.models import Conversation
    from voxpop.core.bulk import insert_rows

    source = Source.objects.create(name="bulk", kind="csv")
    later = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    before = datetime.now(UTC)
    insert_rows(
        Conversation,
        [
            {"source_id": source.pk, "external_id": "c-1", "started_at": SENT},
            {"source_id": source.pk, "external_id": "c-2", "started_at": later, "closed_at": later,
             "context": {"plan": "business"}, "created_at": later},
        ],
    )  # fmt: skip
    first, second = Conversation.objects.filter(source=source).order_by("external_id")
    assert (first.started_at, first.closed_at, second.started_at, second.closed_at) == (
        SENT,
        None,
        later,
        later,
    )
    assert (first.context, second.context) == ({}, {"plan": "business"})
    # Left out: the insert's time, the same for every row; given: the row's own.
    assert before <= first.created_at == first.updated_at == second.updated_at <= datetime.now(UTC)
    assert second.created_at == later
