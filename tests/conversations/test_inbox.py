"""The inbox query: states, filters, keyset paging and neighbours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.builders import as_user, make_account, make_conversation, make_tree
from voxpop.conversations.models import Source, SourceKind
from voxpop.conversations.queries import FilterError, InboxFilters, inbox_page, neighbours
from voxpop.conversations.services import mark_done
from voxpop.tagging.models import Suggestion
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.services import split_tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def ids(**filters: str) -> list[str]:
    page = inbox_page(InboxFilters.from_query(filters), limit=500)
    return [row.conversation.external_id for row in page.rows]


@pytest.fixture
def world(source: Source, editor: User) -> dict[str, object]:
    tags = make_tree("product/databases/relations", "product/pages", "question/how-to")
    enterprise = make_account("Bigco", segment="enterprise", plan="enterprise", arr=Decimal("250000"))
    small = make_account("Smallco", segment="smb", plan="plus", arr=Decimal("1200"))
    mail = Source.objects.create(kind=SourceKind.EMAIL, name="Mailbox")
    c = {
        "tagged": make_conversation(
            source,
            "relation property please",
            external_id="tagged",
            account=enterprise,
            started_at=T0,
            arr_at_time=Decimal("250000"),
        ),
        "untagged": make_conversation(
            source,
            "pages are slow",
            external_id="untagged",
            account=small,
            started_at=T0 + timedelta(days=1),
            arr_at_time=Decimal("1200"),
        ),
        "suggested": make_conversation(
            mail,
            "how do I share a page",
            external_id="suggested",
            channel="email",
            started_at=T0 + timedelta(days=2),
            language="en",
        ),
        "model": make_conversation(
            source,
            "관계 속성",
            external_id="model",
            started_at=T0 + timedelta(days=3),
            language="ko",
            queue="tier2",
        ),
        "done": make_conversation(source, "thanks!", external_id="done", started_at=T0 + timedelta(days=4)),
    }
    record_decision(c["tagged"], tags["relations"], user=editor)
    Suggestion.objects.create(conversation=c["suggested"], tag=tags["pages"], score=0.7, model_version="m1")
    record_decision(c["model"], tags["relations"], decider="model", model_version="m1", confidence=0.97)
    mark_done(c["done"], user=editor)
    return {"tags": tags, "c": c, "editor": editor}


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"state": "all"}, ["done", "model", "suggested", "untagged", "tagged"]),
        ({}, ["suggested", "untagged"]),  # untagged is the default state
        ({"state": "needs_review"}, ["model"]),
        ({"state": "has_suggestions"}, ["suggested"]),
        ({"state": "done"}, ["done"]),
        ({"state": "all", "channel": "email"}, ["suggested"]),
        ({"state": "all", "source": "Mailbox"}, ["suggested"]),
        ({"state": "all", "segment": "enterprise"}, ["tagged"]),
        ({"state": "all", "plan": "plus"}, ["untagged"]),
        ({"state": "all", "language": "ko"}, ["model"]),
        ({"state": "all", "queue": "tier2"}, ["model"]),
        ({"state": "all", "account": "Bigco"}, ["tagged"]),
        ({"state": "all", "tag": "databases"}, ["model", "tagged"]),  # a subtree
        ({"state": "all", "date_from": "2026-03-03", "date_to": "2026-03-04"}, ["suggested", "untagged"]),
        ({"state": "all", "q": "relation"}, ["tagged"]),
        ({"state": "all", "q": "관계"}, ["model"]),
        ({"state": "all", "sort": "oldest"}, ["tagged", "untagged", "suggested", "model", "done"]),
        ({"state": "all", "sort": "arr"}, ["tagged", "untagged", "done", "model", "suggested"]),
    ],
)
def test_filters(filters: dict[str, str], expected: list[str]) -> None:
    assert ids(**filters) == expected


def test_a_split_puts_conversations_in_needs_review(world: dict) -> None:  # type: ignore[type-arg]
    tags = world["tags"]
    new = make_tree("product/databases/a", "product/databases/b")
    split_tag(tags["relations"], [new["a"], new["b"]])  # type: ignore[index]
    assert ids(state="needs_review") == ["model", "tagged"]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"state": "weird"}, "state: expected one of"),
        ({"sort": "random"}, "sort: expected one of"),
        ({"date_from": "yesterday"}, "date_from: expected a date"),
        ({"channel": "chat\x00"}, "channel: must not contain a NUL"),
        ({"tag": "a\x00b"}, "tag: must not contain a NUL"),
    ],
)
def test_bad_filters_name_the_field(filters: dict[str, str], message: str) -> None:
    with pytest.raises(FilterError, match=message):
        InboxFilters.from_query(filters)


def test_unknown_tag_filter_names_the_tag(db: None) -> None:
    with pytest.raises(FilterError, match="no tag with slug 'nope'"):
        inbox_page(InboxFilters.from_query({"tag": "nope"}))


@pytest.mark.parametrize("sort", ["newest", "oldest", "arr"])
def test_keyset_paging_visits_every_row_once_in_order(source: Source, sort: str) -> None:
    for n in range(23):
        # Ties on time and on ARR on purpose: the id breaks them.
        make_conversation(
            source,
            f"m{n}",
            external_id=f"c{n:02d}",
            started_at=T0 + timedelta(hours=n // 3),
            arr_at_time=Decimal(n % 4 * 100) if n % 5 else None,
        )
    filters = InboxFilters.from_query({"state": "all", "sort": sort})
    everything = [r.conversation.pk for r in inbox_page(filters, limit=100).rows]
    seen, cursor = [], ""
    while True:
        page = inbox_page(filters, cursor=cursor, limit=5)
        seen += [r.conversation.pk for r in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == everything and len(seen) == 23


def test_a_forged_cursor_is_a_clear_error(db: None) -> None:
    with pytest.raises(FilterError, match="cursor"):
        inbox_page(InboxFilters(), cursor="bm90IGEgY3Vyc29y")


def test_neighbours_follow_the_filtered_order(world: dict) -> None:  # type: ignore[type-arg]
    c = world["c"]
    filters = InboxFilters.from_query({"state": "all"})
    assert neighbours(filters, c["suggested"]) == (c["model"].pk, c["untagged"].pk)  # type: ignore[index,attr-defined]
    assert neighbours(filters, c["done"]) == (None, c["model"].pk)  # type: ignore[index,attr-defined]


@pytest.mark.parametrize(
    "name", ["channel", "source", "account", "segment", "plan", "language", "tag", "assignee", "queue"]
)
def test_a_nul_in_a_filter_is_a_400_naming_it_on_both_databases(admin: User, name: str) -> None:
    # PostgreSQL answered 500 ("text fields cannot contain NUL"); the page and the API say which filter.
    client = as_user(admin)
    for path in ("/api/inbox", "/inbox"):
        response = client.get(path, {name: "a\x00b"})
        assert response.status_code == 400, (path, response.content)
        assert f"{name}: must not contain a NUL" in response.content.decode()
