"""Tag decisions are append-only; current tags are derived from them by one rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from tests.builders import make_conversation, make_tree
from voxpop.accounts.models import Account
from voxpop.conversations.models import Source
from voxpop.core.appendonly import AppendOnlyError
from voxpop.core.bulk import RETURNING_ROWS, insert_returning
from voxpop.tagging.models import ConversationTag, Decider, Suggestion, TagDecision, Verdict
from voxpop.tagging.services import (
    Quote,
    TaggingError,
    bulk_record_decisions,
    rebuild_current_tags,
    record_decision,
)
from voxpop.taxonomy.services import merge_tags
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 6, 1, 10, tzinfo=UTC)


def current(conversation) -> set[str]:  # type: ignore[no-untyped-def]
    return set(ConversationTag.objects.filter(conversation=conversation).values_list("tag__slug", flat=True))


@pytest.fixture
def tags():  # type: ignore[no-untyped-def]
    return make_tree("product/databases/relations", "product/pages", "question-type/how-to")


def test_accepting_a_tag_makes_it_current_and_rejecting_removes_it(
    source: Source, editor: User, tags
) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source)
    record_decision(conversation, tags["relations"], user=editor, at=T0)
    assert current(conversation) == {"relations"}
    record_decision(
        conversation, tags["relations"], Verdict.REJECT, user=editor, at=T0 + timedelta(minutes=1)
    )
    assert current(conversation) == set()
    assert TagDecision.objects.filter(conversation=conversation).count() == 2


def test_a_model_never_overrides_a_person(source: Source, editor: User, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source)
    record_decision(conversation, tags["pages"], Verdict.REJECT, user=editor, at=T0)
    record_decision(
        conversation,
        tags["pages"],
        decider=Decider.MODEL,
        model_version="m-3",
        confidence=0.99,
        at=T0 + timedelta(hours=1),
    )
    assert current(conversation) == set()


def test_a_person_overrides_a_rule(source: Source, editor: User, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source)
    record_decision(conversation, tags["pages"], decider=Decider.RULE, rule_ref="rule:7", at=T0)
    assert current(conversation) == {"pages"}
    row = ConversationTag.objects.get(conversation=conversation)
    assert row.decider == Decider.RULE
    record_decision(conversation, tags["pages"], Verdict.REJECT, user=editor, at=T0 + timedelta(minutes=5))
    assert current(conversation) == set()


def test_decisions_cannot_be_updated_or_deleted_through_the_orm(source: Source, editor: User, tags) -> None:  # type: ignore[no-untyped-def]
    decision = record_decision(make_conversation(source), tags["pages"], user=editor)
    decision.verdict = Verdict.REJECT
    with pytest.raises(AppendOnlyError):
        decision.save()
    with pytest.raises(AppendOnlyError):
        decision.delete()
    with pytest.raises(AppendOnlyError):
        TagDecision.objects.filter(pk=decision.pk).update(verdict=Verdict.REJECT)
    with pytest.raises(AppendOnlyError):
        TagDecision.objects.all().delete()


def test_decisions_cannot_be_updated_even_with_raw_sql(source: Source, editor: User, tags) -> None:  # type: ignore[no-untyped-def]
    decision = record_decision(make_conversation(source), tags["pages"], user=editor)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE tagging_tagdecision SET verdict = 'reject' WHERE id = %s", [decision.pk])


def test_erasing_a_conversation_removes_its_decisions(source: Source, editor: User, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source)
    record_decision(conversation, tags["pages"], user=editor)
    conversation.delete()
    assert TagDecision.objects.count() == 0
    assert ConversationTag.objects.count() == 0


def test_a_person_decision_needs_a_user(source: Source, tags) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        TagDecision.objects.create(
            conversation=make_conversation(source),
            tag=tags["pages"],
            verdict="accept",
            decider="person",
            created_at=T0,
        )


def test_a_model_decision_needs_a_version(source: Source, tags) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        TagDecision.objects.create(
            conversation=make_conversation(source),
            tag=tags["pages"],
            verdict="accept",
            decider="model",
            created_at=T0,
        )


def test_a_quote_is_kept_with_its_span_and_text(source: Source, editor: User, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source, "Hi! Can I add a relation property between two databases?")
    message = conversation.messages.get()
    decision = record_decision(conversation, tags["relations"], user=editor, quote=Quote(message, 10, 33))
    assert decision.quote_text == "add a relation property"
    assert (decision.quote_start, decision.quote_end, decision.message_id) == (10, 33, message.pk)


def test_a_quote_outside_the_message_is_refused(source: Source, editor: User, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source, "short")
    with pytest.raises(TaggingError, match="outside the message"):
        record_decision(
            conversation, tags["pages"], user=editor, quote=Quote(conversation.messages.get(), 2, 99)
        )
    assert TagDecision.objects.count() == 0


def test_a_quote_from_another_conversation_is_refused(source: Source, editor: User, tags) -> None:  # type: ignore[no-untyped-def]
    first, second = make_conversation(source), make_conversation(source)
    with pytest.raises(TaggingError, match="another conversation"):
        record_decision(first, tags["pages"], user=editor, quote=Quote(second.messages.get(), 0, 3))


def test_rebuilding_current_tags_from_decisions_gives_the_same_table(
    source: Source, editor: User, admin: User, tags
) -> None:  # type: ignore[no-untyped-def]
    conversations = [make_conversation(source) for _ in range(4)]
    record_decision(conversations[0], tags["relations"], user=editor, at=T0)
    record_decision(conversations[0], tags["how-to"], user=admin, at=T0)
    record_decision(
        conversations[1], tags["pages"], decider=Decider.MODEL, model_version="m-1", confidence=0.9, at=T0
    )
    record_decision(
        conversations[1], tags["pages"], Verdict.REJECT, user=editor, at=T0 + timedelta(minutes=1)
    )
    record_decision(conversations[2], tags["pages"], decider=Decider.RULE, rule_ref="rule:1", at=T0)
    incremental = set(ConversationTag.objects.values_list("conversation_id", "tag_id", "decision_id"))
    assert rebuild_current_tags() == 3
    assert set(ConversationTag.objects.values_list("conversation_id", "tag_id", "decision_id")) == incremental


def test_suggestions_are_unique_per_conversation_tag_and_model_version(source: Source, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source)
    Suggestion.objects.create(conversation=conversation, tag=tags["pages"], score=0.7, model_version="m-1")
    Suggestion.objects.create(conversation=conversation, tag=tags["pages"], score=0.8, model_version="m-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.create(
            conversation=conversation, tag=tags["pages"], score=0.9, model_version="m-1"
        )


def test_undo_restores_what_was_there_before(source: Source, editor: User, tags) -> None:  # type: ignore[no-untyped-def]
    from voxpop.tagging.services import undo_decision, undo_last

    conversation = make_conversation(source)
    record_decision(conversation, tags["pages"], decider=Decider.RULE, rule_ref="rule:1", at=T0)
    rejection = record_decision(
        conversation, tags["pages"], Verdict.REJECT, user=editor, at=T0 + timedelta(minutes=1)
    )
    record_decision(conversation, tags["relations"], user=editor, at=T0 + timedelta(minutes=2))
    assert current(conversation) == {"relations"}
    undo_last(conversation, user=editor)
    assert current(conversation) == set()
    undo_last(conversation, user=editor)
    assert current(conversation) == {"pages"}, "undoing the rejection brings back the rule's tag"
    assert undo_last(conversation, user=editor) is None
    with pytest.raises(TaggingError, match="already undone"):
        undo_decision(rejection, user=editor)
    assert TagDecision.objects.filter(conversation=conversation).count() == 5


def current_rows_of(conversations) -> set[tuple]:  # type: ignore[no-untyped-def]
    return set(
        ConversationTag.objects.filter(conversation__in=conversations).values_list(
            "conversation_id", "tag_id", "decision_id", "decider", "confidence", "decided_at", "started_at"
        )
    )


def test_bulk_decisions_on_new_conversations_give_the_same_current_tags_as_a_rebuild(
    source: Source, editor: User, tags
) -> None:  # type: ignore[no-untyped-def]
    fresh = [make_conversation(source, started_at=T0 + timedelta(days=i)) for i in range(3)]
    rejected = make_conversation(source)  # new too, but a reject: derived the usual way
    decisions = [
        TagDecision(conversation_id=c.pk, tag_id=t.pk, verdict=Verdict.ACCEPT, decider=Decider.PERSON,
                    user=editor, created_at=T0)
        for c in fresh for t in (tags["relations"], tags["pages"])
    ] + [
        TagDecision(conversation_id=rejected.pk, tag_id=tags["pages"].pk, verdict=Verdict.ACCEPT,
                    decider=Decider.PERSON, user=editor, created_at=T0),
        TagDecision(conversation_id=rejected.pk, tag_id=tags["pages"].pk, verdict=Verdict.REJECT,
                    decider=Decider.PERSON, user=editor, created_at=T0 + timedelta(minutes=1)),
    ]  # fmt: skip
    assert bulk_record_decisions(decisions, new_conversations={c.pk for c in [*fresh, rejected]}) == 8
    copied = current_rows_of([*fresh, rejected])
    assert len(copied) == 6 and current(rejected) == set()
    assert {row[6] for row in copied} == {c.started_at for c in fresh}
    rebuild_current_tags([c.pk for c in [*fresh, rejected]])
    assert current_rows_of([*fresh, rejected]) == copied


def test_bulk_decisions_on_a_merged_tag_count_for_its_target_on_new_conversations(
    source: Source, editor: User, tags
) -> None:  # type: ignore[no-untyped-def]
    merge_tags(tags["pages"], tags["relations"], actor=editor)
    conversation = make_conversation(source)
    decision = TagDecision(conversation_id=conversation.pk, tag_id=tags["pages"].pk, verdict=Verdict.ACCEPT,
                           decider=Decider.PERSON, user=editor, created_at=T0)  # fmt: skip
    bulk_record_decisions([decision], new_conversations={conversation.pk})
    assert current(conversation) == {"relations"}


def test_insert_returning_sets_the_ids_of_the_inserted_rows() -> None:
    accounts = [Account(name=f"Bulk {i}", domain=f"bulk-{i}.example") for i in range(RETURNING_ROWS + 3)]
    insert_returning(Account, accounts)
    stored = dict(Account.objects.filter(name__startswith="Bulk ").values_list("pk", "domain"))
    assert len(stored) == len(accounts)
    assert all(stored[a.pk] == a.domain and not a._state.adding for a in accounts)
