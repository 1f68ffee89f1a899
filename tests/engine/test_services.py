"""Training from people's decisions, the model registry, and predicting into the inbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.builders import make_conversation, make_tree
from tests.engine.corpus import rows
from voxpop.conversations.models import Conversation, Source
from voxpop.engine.models import TaggingModelVersion
from voxpop.engine.queries import conversation_texts
from voxpop.engine.registry import load_model
from voxpop.engine.services import EngineError, predict_untagged, train_model
from voxpop.tagging.models import ConversationTag, Decider, Suggestion, TagDecision, Verdict
from voxpop.tagging.services import record_decision
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def tagged_history(source: Source, editor: User) -> dict[str, Any]:
    """Tia has tagged 120 conversations (English, Chinese, Korean); 20 wait untagged."""
    tags = make_tree("billing/refund", "billing/invoice", "product/login", "product/export")
    for text, labels in rows(25, seed=1, multi=20):
        conversation = make_conversation(source, text)
        for path in labels:
            record_decision(conversation, tags[path.split("/")[-1]], user=editor)
    inbox = [make_conversation(source, text) for text, _ in rows(5, seed=2)]
    return {"tags": tags, "inbox": inbox}


def test_train_registers_a_version_with_hash_metrics_and_thresholds(
    tagged_history: dict[str, Any], data_dir: Path
) -> None:
    version = train_model(folds=3)
    assert version.is_active and version.n_examples == 120 and version.n_tags == 4
    assert len(version.training_data_hash) == 64
    assert version.metrics["cv_accuracy"] >= 0.8
    assert set(version.thresholds) >= {"refund", "invoice", "login", "export", "billing", "product"}
    assert (data_dir / "models" / version.file_name).is_file()


def test_training_twice_on_the_same_decisions_gives_the_same_hash_and_one_active_version(
    tagged_history: dict[str, Any],
) -> None:
    first = train_model(folds=3)
    second = train_model(folds=3)
    assert first.training_data_hash == second.training_data_hash
    assert list(TaggingModelVersion.objects.filter(is_active=True)) == [second]


def test_train_refuses_with_too_few_tagged_conversations(source: Source, editor: User) -> None:
    tags = make_tree("billing/refund")
    record_decision(make_conversation(source, "refund please"), tags["refund"], user=editor)
    with pytest.raises(EngineError, match="only 1 conversations are tagged by people"):
        train_model()


def test_predict_suggests_on_untagged_conversations_and_applies_confident_tags(
    tagged_history: dict[str, Any],
) -> None:
    version = train_model(folds=3)
    result = predict_untagged()
    inbox_ids = {c.pk for c in tagged_history["inbox"]}
    assert result.conversations == len(inbox_ids)
    suggested = set(
        Suggestion.objects.filter(model_version=version.version).values_list("conversation_id", flat=True)
    )
    assert suggested == inbox_ids
    applied = TagDecision.objects.filter(decider=Decider.MODEL, model_version=version.version)
    assert applied.count() == result.applied > 0
    for decision in applied:
        assert decision.confidence is not None
        assert decision.confidence >= version.thresholds[decision.tag.slug]
    assert ConversationTag.objects.filter(decider=Decider.MODEL).count() == result.applied


def test_a_version_never_predicts_the_same_conversation_twice(tagged_history: dict[str, Any]) -> None:
    train_model(folds=3)
    predict_untagged()
    before = (Suggestion.objects.count(), TagDecision.objects.count())
    again = predict_untagged()
    assert again.conversations == 0
    assert (Suggestion.objects.count(), TagDecision.objects.count()) == before


def test_an_automatic_label_never_overrides_a_persons_rejection(
    tagged_history: dict[str, Any], editor: User
) -> None:
    version = train_model(folds=3)
    model = load_model(version.file_name)
    inbox: list[Conversation] = tagged_history["inbox"]
    texts = conversation_texts([c.pk for c in inbox])
    predictions = model.predict([texts[c.pk] for c in inbox])
    conversation, prediction = next((c, p) for c, p in zip(inbox, predictions, strict=True) if p.auto)
    tag = tagged_history["tags"][next(iter(prediction.auto))]
    record_decision(conversation, tag, Verdict.REJECT, user=editor)
    predict_untagged()
    assert TagDecision.objects.filter(conversation=conversation, tag=tag, decider=Decider.MODEL).exists()
    assert not ConversationTag.objects.filter(conversation=conversation, tag=tag).exists()
