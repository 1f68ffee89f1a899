"""Full-text search: one query function, the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import make_conversation
from voxpop.conversations.models import AuthorRole, Conversation, Message, Source
from voxpop.conversations.search import matching

pytestmark = pytest.mark.django_db


def found(query: str) -> set[str]:
    condition = matching(query)
    assert condition is not None
    return set(Conversation.objects.filter(condition).values_list("external_id", flat=True))


@pytest.fixture
def corpus(source: Source) -> None:
    make_conversation(
        source, "Can I add a relation property between two databases?", external_id="en-relation"
    )
    make_conversation(
        source, "Billing: we were charged twice for the Business plan", external_id="en-billing"
    )
    make_conversation(source, "数据库之间的关系属性怎么设置？", external_id="zh-relation")
    make_conversation(source, "데이터베이스 관계 속성을 추가할 수 있나요?", external_id="ko-relation")
    make_conversation(
        source, "Offline mode on iOS loses my edits", external_id="en-offline", subject="iOS sync bug"
    )
    make_conversation(source, "The export to CSV fails with more than 1000 rows", external_id="en-export")
    make_conversation(source, "エクスポートが千行を超えると失敗します", external_id="ja-export")


@pytest.mark.usefixtures("corpus")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("relation", {"en-relation"}),
        ("RELATION database", {"en-relation"}),
        ("charged twice", {"en-billing"}),
        ("关系属性", {"zh-relation"}),
        ("数据库", {"zh-relation"}),
        ("관계 속성", {"ko-relation"}),
        ("sync", {"en-offline"}),  # the subject counts
        ("ios edits", {"en-offline"}),  # tokens may sit in subject and message
        ("relation billing", set()),  # every token must match
        ("expo", {"en-export"}),  # a token matches the words it begins
        ("port", set()),  # ... not the middle of a word (as on PostgreSQL)
        ("CSV 1000", {"en-export"}),
        ("关系", {"zh-relation"}),  # two characters, inside a longer run
        ("属性", {"zh-relation"}),
        ("库之间", {"zh-relation"}),
        ("데이터", {"ko-relation"}),  # the start of a Korean word
        ("베이스", {"ko-relation"}),  # and its middle
        ("속성을", {"ko-relation"}),
        ("失敗", {"ja-export"}),
        ("エクスポート", {"ja-export"}),
        ("性关", set()),  # the characters must stand in this order
        ("nonexistentword", set()),
    ],
)
def test_search_finds_conversations_containing_every_token(query: str, expected: set[str]) -> None:
    assert found(query) == expected


def test_empty_query_is_no_filter() -> None:
    assert matching("   ") is None


@pytest.mark.usefixtures("corpus")
def test_quotes_and_sql_metacharacters_are_harmless() -> None:
    for query in [
        '"relation', "50%", "a_b", "'; DROP TABLE x; --", "\\", "___", "*", "AND", "OR NOT",
        "NEAR(relation", "^relation", "-", "relation:", "body:relation", "{body}", "+", "(",
    ]:  # fmt: skip
        found(query)  # must not raise
    assert found("relation'") == {"en-relation"}


def test_new_and_edited_messages_are_searchable_at_once(source: Source) -> None:
    conversation = make_conversation(source, "first words", external_id="c1")
    Message.objects.bulk_create(
        [
            Message(
                conversation=conversation,
                author_role=AuthorRole.AGENT,
                sent_at=conversation.started_at,
                text="zebra crossing",
            )
        ]
    )
    assert found("zebra") == {"c1"}
    Message.objects.filter(text="zebra crossing").update(text="giraffe")
    assert found("zebra") == set() and found("giraffe") == {"c1"}
    conversation.delete()
    assert found("giraffe") == set()


@pytest.mark.usefixtures("corpus")
def test_many_matches_take_the_fenced_subquery_path_with_the_same_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from voxpop.conversations import search

    monkeypatch.setattr(search, "PG_ID_LIST_LIMIT", 0)  # every query counts as "many" on PostgreSQL
    assert found("relation") == {"en-relation"}
    assert found("ios edits") == {"en-offline"}
    assert found("关系属性") == {"zh-relation"}
    assert found("nonexistentword") == set()


def test_deferred_writes_are_indexed_once_on_leaving_and_the_triggers_come_back(source: Source) -> None:
    from django.db import transaction

    from voxpop.conversations import search

    conversation = make_conversation(source, "first words", external_id="c1")
    with transaction.atomic(), search.deferred() as touched:
        Message.objects.create(
            conversation=conversation,
            author_role=AuthorRole.AGENT,
            sent_at=conversation.started_at,
            text="zebra",
        )
        Conversation.objects.filter(pk=conversation.pk).update(subject="okapi")
        assert found("zebra") == set() and found("okapi") == set()  # the row triggers are off
        touched.add(conversation.pk)
    assert found("zebra okapi first") == {"c1"}
    # Writers after the block are indexed by the triggers again.
    Message.objects.create(
        conversation=conversation,
        author_role=AuthorRole.AGENT,
        sent_at=conversation.started_at,
        text="giraffe",
    )
    assert found("giraffe") == {"c1"}
    Message.objects.filter(text="zebra").update(text="lion")
    assert found("zebra") == set() and found("lion") == {"c1"}


def test_a_deferred_block_that_fails_rolls_back_with_its_transaction_and_the_triggers_stay(
    source: Source,
) -> None:
    from django.db import transaction

    from voxpop.conversations import search

    conversation = make_conversation(source, "first words", external_id="c1")
    with pytest.raises(RuntimeError), transaction.atomic(), search.deferred():
        Message.objects.create(
            conversation=conversation,
            author_role=AuthorRole.AGENT,
            sent_at=conversation.started_at,
            text="zebra",
        )
        raise RuntimeError("the batch failed")
    assert not Message.objects.filter(text="zebra").exists()
    Message.objects.create(
        conversation=conversation,
        author_role=AuthorRole.AGENT,
        sent_at=conversation.started_at,
        text="giraffe",
    )
    assert found("giraffe") == {"c1"}


@pytest.mark.django_db(transaction=True)
def test_deferred_needs_a_transaction() -> None:
    from voxpop.conversations import search

    with pytest.raises(RuntimeError, match="transaction"), search.deferred():
        pass


@pytest.mark.usefixtures("corpus")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=30))
def test_any_typed_query_is_answered_without_an_error(query: str) -> None:
    condition = matching(query)
    if condition is not None:
        # Evaluated: each token is either found or not; nothing raises.
        assert isinstance(found(query), set)


@pytest.mark.usefixtures("corpus")
def test_a_nul_typed_into_a_search_box_is_ignored_not_an_error(viewer: Any) -> None:
    from tests.builders import as_user

    client = as_user(viewer)
    assert found("rela\x00tion") == set()  # split where the NUL stood: "rela" and "tion"
    assert found("relation\x00") == {"en-relation"}
    assert client.get("/inbox", {"q": "relation\x00", "state": "all"}).status_code == 200
    assert client.get("/api/features/picker", {"q": "sync\x00"}).status_code == 200
