"""Rename, merge, unmerge, split, deprecate: audited, reversible, counts kept whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.builders import make_conversation, make_tree
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Source
from voxpop.tagging.models import ConversationTag, ReviewItem, TagDecision
from voxpop.tagging.services import TaggingError, record_decision, resolve_review
from voxpop.taxonomy.models import Tag, TagStatus
from voxpop.taxonomy.queries import trend, week_start, weekly_counts
from voxpop.taxonomy.services import (
    TaxonomyError,
    deprecate_tag,
    merge_tags,
    reactivate_tag,
    rename_tag,
    split_tag,
    undo_split,
    unmerge_tag,
)
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 5, 4, 9, tzinfo=UTC)


@pytest.fixture
def tree() -> dict[str, Tag]:
    return make_tree(
        "product/databases/relations",
        "product/databases/linked-records",
        "product/databases/formulas",
        "product/pages",
    )


def tag_weeks(source: Source, tag: Tag, user: User, weeks: list[int]) -> None:
    """One conversation tagged ``tag`` in each of these weeks after MONDAY."""
    for week in weeks:
        conversation = make_conversation(source, started_at=MONDAY + timedelta(weeks=week))
        record_decision(conversation, tag, user=user, at=MONDAY + timedelta(weeks=week, hours=1))


def slugs(conversation_id: int) -> set[str]:
    return set(
        ConversationTag.objects.filter(conversation_id=conversation_id).values_list("tag__slug", flat=True)
    )


def test_rename_keeps_the_slug_and_is_audited(tree: dict[str, Tag], admin: User) -> None:
    rename_tag(tree["relations"], "Relation property", actor=admin)
    tag = Tag.objects.get(slug="relations")
    assert tag.name == "Relation property"
    event = AuditEvent.objects.get(action="taxonomy.tag_renamed")
    assert (event.actor, event.data["from"], event.data["to"]) == (admin, "Relations", "Relation property")


def test_merge_counts_the_old_tags_conversations_under_the_new_one(
    tree: dict[str, Tag], source: Source, editor: User, admin: User
) -> None:
    tag_weeks(source, tree["linked-records"], editor, [0, 1, 1])
    tag_weeks(source, tree["relations"], editor, [2])
    merge_tags(tree["linked-records"], tree["relations"], actor=admin)
    counts = weekly_counts(tree["relations"])
    assert counts == {
        week_start(MONDAY): 1,
        week_start(MONDAY + timedelta(weeks=1)): 2,
        week_start(MONDAY + timedelta(weeks=2)): 1,
    }
    old = Tag.objects.get(slug="linked-records")
    assert old.status == TagStatus.MERGED and old.merged_into == tree["relations"]
    assert TagDecision.objects.filter(tag=old).count() == 3, "the old tag's decisions are kept as they were"
    assert trend(tree["relations"]).merged_from == ["linked-records"]
    assert AuditEvent.objects.filter(action="taxonomy.tags_merged", actor=admin).exists()


def test_merge_then_unmerge_restores_both_counts(tree: dict[str, Tag], source: Source, editor: User) -> None:
    tag_weeks(source, tree["linked-records"], editor, [0, 1])
    tag_weeks(source, tree["relations"], editor, [0])
    before = (weekly_counts(tree["relations"]), weekly_counts(tree["linked-records"]))
    merge_tags(tree["linked-records"], tree["relations"])
    unmerge_tag(Tag.objects.get(slug="linked-records"))
    assert (weekly_counts(tree["relations"]), weekly_counts(tree["linked-records"])) == before


def test_a_conversation_tagged_with_both_merged_tags_counts_once(
    tree: dict[str, Tag], source: Source, editor: User
) -> None:
    conversation = make_conversation(source, started_at=MONDAY)
    record_decision(conversation, tree["relations"], user=editor)
    record_decision(conversation, tree["linked-records"], user=editor)
    merge_tags(tree["linked-records"], tree["relations"])
    assert slugs(conversation.pk) == {"relations"}
    assert weekly_counts(tree["relations"]) == {week_start(MONDAY): 1}


def test_merge_chains_resolve_to_the_last_target(tree: dict[str, Tag], source: Source, editor: User) -> None:
    conversation = make_conversation(source)
    record_decision(conversation, tree["linked-records"], user=editor)
    merge_tags(tree["linked-records"], tree["relations"])
    merge_tags(tree["relations"], tree["formulas"])
    assert slugs(conversation.pk) == {"formulas"}


def test_merge_moves_children_to_the_target(tree: dict[str, Tag]) -> None:
    target = make_tree("product/data")["data"]
    merge_tags(tree["databases"], target)
    assert Tag.objects.get(slug="relations").parent == target


@pytest.mark.parametrize(
    ("source_slug", "target_slug", "message"),
    [("relations", "relations", "into itself"), ("databases", "relations", "own descendant")],
)
def test_impossible_merges_are_refused(
    tree: dict[str, Tag], source_slug: str, target_slug: str, message: str
) -> None:
    with pytest.raises(TaxonomyError, match=message):
        merge_tags(tree[source_slug], tree[target_slug])


def test_people_cannot_apply_a_merged_tag(tree: dict[str, Tag], source: Source, editor: User) -> None:
    merge_tags(tree["linked-records"], tree["relations"])
    with pytest.raises(TaggingError, match="was merged"):
        record_decision(make_conversation(source), Tag.objects.get(slug="linked-records"), user=editor)


def test_a_later_person_rejection_of_the_merged_target_removes_it(
    tree: dict[str, Tag], source: Source, editor: User
) -> None:
    conversation = make_conversation(source, started_at=MONDAY)
    record_decision(conversation, tree["linked-records"], user=editor, at=MONDAY)
    merge_tags(tree["linked-records"], tree["relations"])
    record_decision(conversation, tree["relations"], "reject", user=editor, at=MONDAY + timedelta(hours=1))
    assert slugs(conversation.pk) == set()


def test_split_sends_conversations_to_review_restricted_to_successors(
    tree: dict[str, Tag], source: Source, editor: User, admin: User
) -> None:
    tag_weeks(source, tree["formulas"], editor, [0, 1])
    make_tree("product/databases/formula-basics", "product/databases/formula-functions")
    successors = [Tag.objects.get(slug="formula-basics"), Tag.objects.get(slug="formula-functions")]
    split = split_tag(tree["formulas"], successors, actor=admin)
    items = list(ReviewItem.objects.filter(split=split))
    assert len(items) == 2
    assert Tag.objects.get(slug="formulas").status == TagStatus.DEPRECATED
    with pytest.raises(TaggingError, match="only the split's successors"):
        resolve_review(items[0], [tree["pages"]], user=editor)
    resolve_review(items[0], [successors[1]], user=editor)
    assert "formula-functions" in slugs(items[0].conversation_id)
    # The split tag's history is intact and shown beside its successors.
    history = trend(tree["formulas"])
    assert sum(history.series.points.values()) == 2
    assert {s.tag.slug: s.relation for s in history.related} == {
        "formula-basics": "split_into",
        "formula-functions": "split_into",
    }
    assert [s.relation for s in trend(successors[1]).related] == ["split_from"]
    with pytest.raises(TaggingError, match="already resolved"):
        resolve_review(items[0], [], user=editor)


def test_a_split_nobody_reviewed_can_be_undone(tree: dict[str, Tag], source: Source, editor: User) -> None:
    tag_weeks(source, tree["formulas"], editor, [0])
    new = make_tree("product/databases/a", "product/databases/b")
    split = split_tag(tree["formulas"], [new["a"], new["b"]])
    undo_split(split)
    assert Tag.objects.get(slug="formulas").status == TagStatus.ACTIVE
    assert not ReviewItem.objects.exists()


def test_a_reviewed_split_cannot_be_undone(tree: dict[str, Tag], source: Source, editor: User) -> None:
    tag_weeks(source, tree["formulas"], editor, [0])
    new = make_tree("product/databases/a", "product/databases/b")
    split = split_tag(tree["formulas"], [new["a"], new["b"]])
    resolve_review(ReviewItem.objects.get(), [new["a"]], user=editor)
    with pytest.raises(TaxonomyError, match="can no longer be undone"):
        undo_split(split)


def test_split_needs_two_distinct_active_successors(tree: dict[str, Tag]) -> None:
    with pytest.raises(TaxonomyError, match="at least two"):
        split_tag(tree["formulas"], [tree["pages"]])
    with pytest.raises(TaxonomyError, match="different"):
        split_tag(tree["formulas"], [tree["pages"], tree["pages"]])


def test_deprecate_and_reactivate_are_audited(tree: dict[str, Tag], admin: User) -> None:
    deprecate_tag(tree["pages"], actor=admin)
    assert Tag.objects.get(slug="pages").status == TagStatus.DEPRECATED
    reactivate_tag(Tag.objects.get(slug="pages"), actor=admin)
    assert Tag.objects.get(slug="pages").status == TagStatus.ACTIVE
    actions = AuditEvent.objects.filter(target_id=str(tree["pages"].pk), actor=admin).values_list(
        "action", flat=True
    )
    assert list(actions) == ["taxonomy.tag_reactivated", "taxonomy.tag_deprecated"]


def test_subtree_counts_count_each_conversation_once(
    tree: dict[str, Tag], source: Source, editor: User
) -> None:
    from voxpop.taxonomy.queries import subtree_counts

    both = make_conversation(source)
    record_decision(both, tree["relations"], user=editor)
    record_decision(both, tree["formulas"], user=editor)
    record_decision(make_conversation(source), tree["pages"], user=editor)
    counts = subtree_counts()
    assert counts[tree["databases"].pk] == 1
    assert counts[tree["product"].pk] == 2
    assert counts[tree["relations"].pk] == 1 and tree["linked-records"].pk not in counts


def test_subtree_counts_for_some_tags_match_the_counts_for_all(
    tree: dict[str, Tag], source: Source, editor: User
) -> None:
    from voxpop.taxonomy.queries import subtree_counts

    record_decision(make_conversation(source), tree["relations"], user=editor)
    everything = subtree_counts()
    some = subtree_counts([tree["databases"].pk, tree["pages"].pk])
    assert some == {tree["databases"].pk: everything[tree["databases"].pk]}
    assert subtree_counts([]) == {}
