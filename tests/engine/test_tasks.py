"""Training and predicting as background tasks: after enough new human decisions, after
an import; and the settings that steer them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.builders import make_conversation
from voxpop import config
from voxpop.conversations.models import Conversation, Source
from voxpop.engine.models import PredictionDue, PredictionRecord, TaggingModelVersion
from voxpop.engine.services import new_decisions_since, predict_untagged, train_model
from voxpop.engine.tasks import predict_new
from voxpop.imports.services import ImportRequest, run_import
from voxpop.tagging.models import Suggestion
from voxpop.tagging.services import bulk_tag, record_decision
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def test_a_retrain_runs_once_the_threshold_of_new_decisions_is_crossed(
    tagged: dict[str, Tag],
    inbox: list[Conversation],
    editor: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.VOXPOP_RETRAIN_AFTER = 3
    first = train_model(folds=3)
    assert new_decisions_since(first) == 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_decision(inbox[0], tagged["refund"], user=editor)
        record_decision(inbox[1], tagged["refund"], user=editor)
    assert callbacks == [] and TaggingModelVersion.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_decision(inbox[2], tagged["login"], user=editor)
    assert len(callbacks) == 1
    latest = TaggingModelVersion.objects.get(is_active=True)
    assert latest != first and latest.trigger == "decisions"
    assert latest.n_examples == first.n_examples + 3
    assert latest.metrics["folds"] == 3, "the retrain keeps the active version's settings"
    assert new_decisions_since(latest) == 0
    # ...and predicted the one conversation still untagged with the new version.
    assert set(PredictionRecord.objects.filter(version=latest).values_list("conversation_id", flat=True)) == {
        inbox[3].pk
    }


def test_bulk_tagging_counts_every_decision_towards_the_threshold(
    tagged: dict[str, Tag],
    source: Source,
    editor: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.VOXPOP_RETRAIN_AFTER = 5
    train_model(folds=3)
    many = [make_conversation(source, f"please send me the invoice {n}") for n in range(6)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bulk_tag(many, tagged["invoice"], user=editor)
    assert len(callbacks) == 1


def test_retraining_by_itself_is_off_at_zero(
    tagged: dict[str, Tag],
    inbox: list[Conversation],
    editor: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.VOXPOP_RETRAIN_AFTER = 0
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for conversation in inbox:
            record_decision(conversation, tagged["export"], user=editor)
    assert callbacks == []


def test_a_rolled_back_request_enqueues_nothing(
    tagged: dict[str, Tag], inbox: list[Conversation], editor: User, settings: Any
) -> None:
    from django.db import transaction

    settings.VOXPOP_RETRAIN_AFTER = 1
    pending = list(transaction.get_connection().run_on_commit)
    with transaction.atomic():
        record_decision(inbox[1], tagged["refund"], user=editor)
        assert len(transaction.get_connection().run_on_commit) == len(pending) + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        record_decision(inbox[0], tagged["refund"], user=editor)
        raise RuntimeError("the request failed")
    # pytest-django's outer transaction never commits, so look at the queue itself: the
    # rolled-back block's callback was dropped with it, the committed block's is still there.
    assert len(transaction.get_connection().run_on_commit) == len(pending) + 1


def test_an_import_predicts_the_new_conversations(
    tagged: dict[str, Tag], editor: User, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    version = train_model(folds=3)
    sample = tmp_path / "new.csv"
    sample.write_text(
        "conversation_id,sent_at,author_role,text\n"
        "n-1,2026-06-02T09:00:00Z,customer,I want a refund for my last order\n"
        "n-2,2026-06-02T10:00:00Z,customer,我无法登录我的账户\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_import(ImportRequest(paths=[sample], format="csv", source="csv-upload", user=editor))
    imported = Conversation.objects.filter(external_id__in=["n-1", "n-2"])
    assert imported.count() == 2
    assert set(
        PredictionRecord.objects.filter(version=version).values_list("conversation_id", flat=True)
    ) >= {c.pk for c in imported}
    assert Suggestion.objects.filter(conversation__in=imported, model_version=version.version).exists()


def test_predict_new_without_a_model_does_nothing(source: Source, models_dir: Path) -> None:
    make_conversation(source, "hello")
    assert predict_new.call() == {"trained": None}


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("RETRAIN_AFTER", "many", "expected a whole number"),
        ("RETRAIN_AFTER", "-1", "must be at least 0"),
        ("SPOT_CHECK_RATE", "lots", "expected a share"),
        ("SPOT_CHECK_RATE", "1.5", "between 0 and 1"),
    ],
)
def test_engine_settings_are_validated(tmp_path: Path, name: str, value: str, expected: str) -> None:
    env = {"VOXPOP_DATA_DIR": str(tmp_path), "VOXPOP_DEBUG": "1", f"VOXPOP_{name}": value}
    with pytest.raises(config.ConfigError) as caught:
        config.load(env)
    assert caught.value.variable == f"VOXPOP_{name}" and expected in str(caught.value)


def test_engine_settings_have_defaults_and_accept_percentages(tmp_path: Path) -> None:
    env = {"VOXPOP_DATA_DIR": str(tmp_path), "VOXPOP_DEBUG": "1"}
    loaded = config.load(env)
    assert (loaded.retrain_after, loaded.spot_check_rate) == (50, 0.05)
    loaded = config.load({**env, "VOXPOP_RETRAIN_AFTER": "200", "VOXPOP_SPOT_CHECK_RATE": "10%"})
    assert (loaded.retrain_after, loaded.spot_check_rate) == (200, 0.1)


def test_an_import_of_tagged_history_past_the_threshold_retrains_before_predicting(
    tagged: dict[str, Tag],
    editor: User,
    tmp_path: Path,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.VOXPOP_RETRAIN_AFTER = 4
    first = train_model(folds=3)
    sample = tmp_path / "tagged.csv"
    sample.write_text(
        "conversation_id,sent_at,author_role,text,tags\n"
        "h-1,2026-06-02T09:00:00Z,customer,请给我开发票,billing/invoice\n"
        "h-2,2026-06-02T09:10:00Z,customer,청구서를 보내주세요,billing/invoice\n"
        "h-3,2026-06-02T09:20:00Z,customer,where can I download my invoice,billing/invoice\n"
        "h-4,2026-06-02T09:30:00Z,customer,导出按钮没有反应,product/export\n"
        "n-1,2026-06-02T10:00:00Z,customer,로그인이 안 돼요,\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_import(ImportRequest(paths=[sample], format="csv", source="csv-upload", user=editor))
    latest = TaggingModelVersion.objects.get(is_active=True)
    assert latest != first and latest.trigger == "decisions"
    assert latest.n_examples == first.n_examples + 4, "the imported people's tags were learnt"
    fresh = Conversation.objects.get(external_id="n-1")
    assert PredictionRecord.objects.filter(version=latest, conversation=fresh).exists()


def test_an_import_without_a_model_and_too_few_decisions_queues_nothing(
    editor: User, tmp_path: Path, queued: list[Any], models_dir: Path
) -> None:
    sample = tmp_path / "new.csv"
    sample.write_text(
        "conversation_id,sent_at,author_role,text\nn-1,2026-06-02T09:00:00Z,customer,로그인이 안 돼요\n",
        encoding="utf-8",
    )
    from django.db import transaction

    pending = len(transaction.get_connection().run_on_commit)
    run_import(ImportRequest(paths=[sample], format="csv", source="csv-upload", user=editor))
    assert len(transaction.get_connection().run_on_commit) == pending
    assert queued == []


def _live(conversation_id: str, text: str) -> dict[str, Any]:
    return {
        "conversation_id": conversation_id,
        "messages": [{"id": "m1", "sent_at": "2026-06-02T09:00:00Z", "role": "customer", "text": text}],
    }


def _post(client: Any, payload: dict[str, Any]) -> Any:
    """``payload`` to POST /api/conversations as the source "widget"."""
    return client.post("/api/conversations?source=widget", payload, content_type="application/json")


def test_a_conversation_posted_to_the_api_is_predicted_once_the_request_commits_and_once_per_version(
    tagged: dict[str, Tag], editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.imports.test_live import bearer

    version = train_model(folds=3)
    client = bearer(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, _live("live-9", "I want a refund for my last order"))
    assert response.status_code == 201, response.content
    arrived = Conversation.objects.get(external_id="live-9")
    assert PredictionRecord.objects.filter(conversation=arrived, version=version).count() == 1
    assert Suggestion.objects.filter(conversation=arrived, model_version=version.version).exists()
    # The customer writes again: the conversation arrives again, the same version does not
    # predict it a second time.
    update = _live("live-9", "I want a refund for my last order")
    update["messages"].append(
        {"id": "m2", "sent_at": "2026-06-02T09:05:00Z", "role": "customer", "text": "still waiting"}
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = _post(client, update)
    assert again.status_code == 200 and len(callbacks) == 1
    assert PredictionRecord.objects.filter(conversation=arrived).count() == 1


def test_a_conversation_delivered_by_webhook_is_predicted(
    tagged: dict[str, Tag], django_capture_on_commit_callbacks: Any
) -> None:
    import json

    from tests.imports.test_live import deliver
    from voxpop.imports.live import create_endpoint

    version = train_model(folds=3)
    _endpoint, secret = create_endpoint("intercom-live")
    body = json.dumps(_live("hook-1", "로그인이 안 돼요 도와주세요")).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(body, secret=secret)
    assert response.status_code == 201, response.content
    arrived = Conversation.objects.get(external_id="hook-1")
    assert PredictionRecord.objects.filter(conversation=arrived, version=version).exists()
    # A replayed delivery is acknowledged without writing, and queues nothing.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert deliver(body, secret=secret).json()["duplicate"] is True
    assert callbacks == []


def test_a_conversation_arriving_before_any_model_queues_nothing(
    source: Source, editor: User, models_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.imports.test_live import bearer

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(bearer(editor), _live("live-1", "hello"))
    assert response.status_code == 201 and callbacks == []
    assert not PredictionDue.objects.exists()  # the first model looks at every conversation


def test_once_a_version_has_looked_at_every_conversation_it_asks_only_about_arrivals(
    tagged: dict[str, Tag], source: Source, editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    # The background prediction after an import or a live arrival must not scan every
    # conversation (a second a call at 1M on SQLite): arrivals are queued in their own
    # transaction, and a version that has looked at everything reads only the queue.
    from tests.imports.test_live import bearer

    version = train_model(folds=3)
    before = make_conversation(source, "I want a refund for my last order")
    assert version.scanned_all_at is None
    predict_new.call()  # the first run looks at every conversation
    version.refresh_from_db()
    assert version.scanned_all_at is not None
    assert PredictionRecord.objects.filter(conversation=before, version=version).exists()

    # Written behind the importer's back (no queue row): the background run does not see it...
    aside = make_conversation(source, "the export to excel button does nothing")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(bearer(editor), _live("live-7", "我想申请退款 谢谢"))
    assert response.status_code == 201, response.content
    arrived = Conversation.objects.get(external_id="live-7")
    assert PredictionRecord.objects.filter(conversation=arrived, version=version).count() == 1
    assert not PredictionRecord.objects.filter(conversation=aside).exists()
    assert not PredictionDue.objects.exists()  # done with the queue
    # ...`voxpop predict` (every conversation) does.
    predict_untagged(version)
    assert PredictionRecord.objects.filter(conversation=aside, version=version).count() == 1


def test_an_import_queues_its_new_conversations_for_the_active_model_and_the_run_empties_it(
    tagged: dict[str, Tag], editor: User, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    version = train_model(folds=3)
    predict_new.call()
    sample = tmp_path / "new.csv"
    sample.write_text(
        "conversation_id,sent_at,role,text\n"
        "n1,2026-06-01T09:00:00Z,customer,I want a refund for my last order\n"
        "n2,2026-06-01T09:00:00Z,customer,로그인이 안 돼요 도와주세요\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=False):
        run_import(ImportRequest(paths=[sample], format="csv", source="csv-new", user=editor))
    new = set(Conversation.objects.filter(external_id__in=["n1", "n2"]).values_list("pk", flat=True))
    assert set(PredictionDue.objects.values_list("pk", flat=True)) == new
    predict_new.call()
    assert (
        set(
            PredictionRecord.objects.filter(version=version, conversation_id__in=new).values_list(
                "conversation_id", flat=True
            )
        )
        == new
    )
    assert not PredictionDue.objects.exists()
