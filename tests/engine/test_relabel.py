"""After a taxonomy change the engine re-labels only the conversations whose machine
labels involve the changed tags, with a version trained on the new taxonomy, and never
over a person's decision."""

from __future__ import annotations

from typing import Any

import pytest

from tests.builders import make_conversation, make_tree
from voxpop.conversations.models import Conversation, Source
from voxpop.engine.models import PredictionRecord, TaggingModelVersion
from voxpop.engine.services import affected_by, predict_untagged, train_model
from voxpop.tagging.models import ConversationTag, Decider, Suggestion, TagDecision, Verdict
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.models import Tag
from voxpop.taxonomy.services import merge_tags, move_tag, split_tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def machine_state(conversation_ids: list[int]) -> set[tuple[Any, ...]]:
    """Everything the engine wrote about these conversations."""
    suggestions = Suggestion.objects.filter(conversation_id__in=conversation_ids).values_list(
        "conversation_id", "tag_id", "model_version", "score", "current"
    )
    decisions = TagDecision.objects.filter(
        conversation_id__in=conversation_ids, decider=Decider.MODEL
    ).values_list("conversation_id", "tag_id", "verdict", "model_version")
    records = PredictionRecord.objects.filter(conversation_id__in=conversation_ids).values_list(
        "conversation_id", "version_id"
    )
    return (
        {("s", *row) for row in suggestions}
        | {("d", *row) for row in decisions}
        | {("r", *row) for row in records}
    )


@pytest.fixture
def money_back(tagged: dict[str, Tag], source: Source, editor: User) -> Tag:
    """People also used a near-duplicate tag, "money back", on eight conversations."""
    tag = make_tree("billing/money-back")["money-back"]
    for n, text in enumerate(
        ["I want my money back for the broken item", "退货退钱 坏了的东西", "고장난 물건 돈 돌려주세요"] * 3
    ):
        record_decision(make_conversation(source, f"{text} {n}"), tag, user=editor)
    return tag


def test_a_merge_relabels_only_the_affected_conversations(
    tagged: dict[str, Tag],
    money_back: Tag,
    source: Source,
    editor: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    texts = [
        "my money back for the broken item please",
        "退货退钱 坏了的东西 谢谢",
        "고장난 물건 돈 돌려주세요 감사합니다",
        "로그인이 안 돼요",
        "the export to excel button does nothing",
        "我无法登录我的账户",
    ]
    inbox = [make_conversation(source, text) for text in texts]
    first = train_model(folds=3)
    predict_untagged(first)
    affected = set(affected_by([money_back.pk]))
    unaffected = [c.pk for c in inbox if c.pk not in affected]
    assert affected and unaffected, "the story needs both kinds"
    assert affected <= {c.pk for c in inbox}
    # A person already rejected "refund" on one affected conversation.
    guarded = Conversation.objects.get(pk=min(affected))
    record_decision(guarded, tagged["refund"], Verdict.REJECT, user=editor)
    before = machine_state(unaffected)

    with django_capture_on_commit_callbacks(execute=True):
        merge_tags(money_back, tagged["refund"], actor=editor)

    second = TaggingModelVersion.objects.get(is_active=True)
    assert second != first and second.trigger == "taxonomy"
    assert "money-back" not in second.thresholds, "the new version learnt the merged taxonomy"
    relabelled = set(
        PredictionRecord.objects.filter(version=second, reason="relabel").values_list(
            "conversation_id", flat=True
        )
    )
    assert relabelled == affected
    assert machine_state(unaffected) == before, "unaffected conversations are untouched"
    # Nothing is offered on the merged tag any more; the person's rejection still stands.
    assert not Suggestion.objects.filter(tag=money_back, current=True).exists()
    assert not ConversationTag.objects.filter(conversation=guarded, tag=tagged["refund"]).exists()
    # The affected conversations now carry what the new version says, refund included.
    refunds = ConversationTag.objects.filter(conversation_id__in=affected, tag=tagged["refund"]).exclude(
        conversation=guarded
    )
    offered = Suggestion.objects.filter(
        conversation_id__in=affected, tag=tagged["refund"], model_version=second.version
    ).exclude(conversation=guarded)
    assert refunds.exists() or offered.exists()


def test_a_split_stops_offering_the_split_tag_and_relabels_its_conversations(
    tagged: dict[str, Tag],
    money_back: Tag,
    inbox: list[Conversation],
    editor: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = train_model(folds=3)
    predict_untagged(first)
    affected = set(affected_by([tagged["export"].pk]))
    assert affected
    successors = make_tree("product/export-csv", "product/export-excel")
    with django_capture_on_commit_callbacks(execute=True):
        split_tag(tagged["export"], [successors["export-csv"], successors["export-excel"]], actor=editor)
    assert not Suggestion.objects.filter(tag=tagged["export"], current=True).exists()
    second = TaggingModelVersion.objects.get(is_active=True)
    assert second.trigger == "taxonomy"
    assert (
        set(
            PredictionRecord.objects.filter(version=second, reason="relabel").values_list(
                "conversation_id", flat=True
            )
        )
        == affected
    )


def test_moving_a_tag_enqueues_a_relabel_of_its_subtree_and_both_parents(
    tagged: dict[str, Tag], editor: User, django_capture_on_commit_callbacks: Any, queued: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        move_tag(tagged["login"], tagged["billing"], actor=editor)
    assert [(r.task.name, r.args) for r in queued] == [
        ("relabel_after_change", [sorted([tagged["login"].pk, tagged["product"].pk, tagged["billing"].pk])])
    ]
