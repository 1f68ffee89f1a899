"""Full-text search: one query function, the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

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
        ("nonexistentword", set()),
    ],
)
def test_search_finds_conversations_containing_every_token(query: str, expected: set[str]) -> None:
    assert found(query) == expected


def test_empty_query_is_no_filter() -> None:
    assert matching("   ") is None


@pytest.mark.usefixtures("corpus")
def test_quotes_and_sql_metacharacters_are_harmless() -> None:
    for query in ['"relation', "50%", "a_b", "'; DROP TABLE x; --", "\\"]:
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
