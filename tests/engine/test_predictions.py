"""Registry rules when predicting: one prediction per (conversation, version), abstention
writes nothing but the record, automatic labels only above their tag's threshold, a newer
version's suggestions replace an older one's, and a person's decision always stands."""

from __future__ import annotations

from typing import Any

import pytest

from tests.builders import make_conversation
from tests.engine.corpus import OUT_OF_SCOPE
from voxpop.conversations.models import Conversation, Source
from voxpop.conversations.services import mark_done
from voxpop.engine.models import PredictionRecord, SpotCheck
from voxpop.engine.services import predict_conversations, predict_untagged, train_model
from voxpop.tagging.models import ConversationTag, Decider, Suggestion, TagDecision, Verdict
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def test_each_prediction_is_recorded_once_per_version_with_its_uncertainty(
    tagged: dict[str, Tag], inbox: list[Conversation]
) -> None:
    version = train_model(folds=3)
    first = predict_untagged()
    assert first.conversations == len(inbox)
    records = PredictionRecord.objects.filter(version=version)
    assert {r.conversation_id for r in records} == {c.pk for c in inbox}
    for record in records:
        assert 0 <= record.margin <= 1 and 0 <= record.entropy <= 1
        assert record.best_tag in {"refund", "invoice", "login", "export"}
    counts = (Suggestion.objects.count(), TagDecision.objects.count(), PredictionRecord.objects.count())
    # Asked again, directly for the same conversations, the version predicts nothing.
    again = predict_conversations([c.pk for c in inbox], version)
    assert again.conversations == 0
    assert (
        Suggestion.objects.count(),
        TagDecision.objects.count(),
        PredictionRecord.objects.count(),
    ) == counts


def test_the_chinese_and_korean_conversations_get_their_tags(
    tagged: dict[str, Tag], inbox: list[Conversation]
) -> None:
    train_model(folds=3)
    predict_untagged()
    chinese, korean = inbox[1], inbox[2]
    # The best leaf: a parent tag (implied by its leaves) may score higher.
    best = {
        c.pk: Suggestion.objects.filter(conversation=c, tag__children__isnull=True).order_by("-score").first()
        for c in (chinese, korean)
    }
    assert best[chinese.pk] is not None and best[chinese.pk].tag.slug == "refund"
    assert best[korean.pk] is not None and best[korean.pk].tag.slug == "login"


def test_automatic_labels_appear_only_above_their_tags_threshold(
    well_tagged: dict[str, Tag], inbox: list[Conversation], source: Source
) -> None:
    version = train_model(folds=3)
    more = [
        make_conversation(source, f"{text} {n}") for n in range(3) for text in ("refund please", "登录 密码")
    ]
    predict_untagged()
    model_rows = TagDecision.objects.filter(decider=Decider.MODEL, model_version=version.version)
    assert model_rows.exists()
    for decision in model_rows:
        threshold = version.thresholds[decision.tag.slug]
        assert threshold is not None and decision.confidence is not None
        assert decision.confidence >= threshold
    # And every suggestion that was not applied is below its tag's threshold (or the tag is suggest-only).
    applied = set(model_rows.values_list("conversation_id", "tag_id"))
    for suggestion in Suggestion.objects.filter(model_version=version.version):
        if (suggestion.conversation_id, suggestion.tag_id) not in applied:
            threshold = version.thresholds.get(suggestion.tag.slug)
            assert threshold is None or suggestion.score < threshold
    assert len(more) == 6


def test_abstaining_leaves_no_suggestion_and_no_label_but_is_not_asked_again(
    tagged: dict[str, Tag], source: Source, editor: User
) -> None:
    # People said "no tag fits" on small talk (marked done without a tag): the model learns to abstain.
    for n, text in enumerate(OUT_OF_SCOPE * 3):
        mark_done(make_conversation(source, f"{text} {n}"), user=editor)
    version = train_model(folds=3)
    assert version.metrics["negatives"] == len(OUT_OF_SCOPE) * 3
    weather = make_conversation(source, "what is the weather like tomorrow 99")
    predict_untagged()
    assert PredictionRecord.objects.filter(
        conversation=weather, version=version, suggested=0, applied=0
    ).exists()
    assert not Suggestion.objects.filter(conversation=weather).exists()
    assert not TagDecision.objects.filter(conversation=weather).exists()
    assert predict_untagged().conversations == 0


def test_a_newer_version_replaces_the_older_versions_suggestions_and_rules_stay(
    tagged: dict[str, Tag], inbox: list[Conversation]
) -> None:
    first = train_model(folds=3)
    conversation = inbox[3]
    Suggestion.objects.create(
        conversation=conversation, tag=tagged["export"], score=1.0, model_version="rule:7"
    )
    predict_conversations([conversation.pk], first)
    second = train_model(folds=3)
    predict_conversations([conversation.pk], second)
    offered = Suggestion.objects.filter(conversation=conversation, current=True)
    assert {s.model_version for s in offered} <= {second.version, "rule:7"}
    assert offered.filter(model_version="rule:7").exists()
    # The old version's rows are kept (to judge it against people), just no longer offered.
    assert Suggestion.objects.filter(
        conversation=conversation, model_version=first.version, current=False
    ).exists()


def test_a_persons_rejection_stands_over_a_later_automatic_label(
    tagged: dict[str, Tag], inbox: list[Conversation], editor: User
) -> None:
    train_model(folds=3)
    refund = inbox[0]
    record_decision(refund, tagged["refund"], Verdict.REJECT, user=editor)
    predict_conversations([refund.pk], train_model(folds=3))
    assert not ConversationTag.objects.filter(conversation=refund, tag=tagged["refund"]).exists()


def test_spot_checks_sample_about_the_configured_share_of_automatic_labels(
    well_tagged: dict[str, Tag], source: Source, settings: Any
) -> None:
    settings.VOXPOP_SPOT_CHECK_RATE = 0.25
    phrases = [
        "I want a refund for my last order",
        "我想申请退款",
        "로그인이 안 돼요",
        "how do I export my data to csv",
    ]
    for n in range(120):
        make_conversation(source, f"{phrases[n % 4]} {n}")
    version = train_model(folds=3)
    result = predict_untagged()
    automatic = TagDecision.objects.filter(
        decider=Decider.MODEL, model_version=version.version, verdict="accept"
    )
    # Enough labels that the sample's share is not left to luck (the sampling is random).
    assert result.applied == automatic.count() >= 50
    checks = SpotCheck.objects.all()
    assert checks.count() == result.spot_checks
    assert 0.1 * result.applied <= checks.count() <= 0.45 * result.applied
    assert all(check.decision.decider == Decider.MODEL for check in checks)


def test_no_spot_checks_at_rate_zero(
    tagged: dict[str, Tag], inbox: list[Conversation], settings: Any
) -> None:
    settings.VOXPOP_SPOT_CHECK_RATE = 0
    train_model(folds=3)
    assert predict_untagged().spot_checks == 0 and not SpotCheck.objects.exists()


def test_a_taxonomy_root_with_children_is_never_suggested_or_applied(
    tagged: dict[str, Tag], inbox: list[Conversation]
) -> None:
    # Every conversation belongs under a facet such as "Product": saying so tells nobody
    # anything, and applying it would empty the Untagged inbox.
    train_model(folds=3)
    predict_untagged()
    roots = Tag.objects.filter(parent__isnull=True, children__isnull=False).distinct()
    assert roots.exists()
    assert Suggestion.objects.exists()
    assert not Suggestion.objects.filter(tag__in=roots).exists()
    assert not TagDecision.objects.filter(decider=Decider.MODEL, tag__in=roots).exists()
