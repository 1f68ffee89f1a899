"""The review queue's order, spot checks and each tag's measured precision, on the pages
and in the API, and who may see them."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.builders import as_user, make_account, make_conversation, make_tree
from voxpop.conversations.models import Conversation, Source
from voxpop.conversations.services import mark_done
from voxpop.engine.models import PredictionRecord, SpotCheck, TaggingModelVersion
from voxpop.engine.review import open_spot_checks, review_queue, tag_quality
from voxpop.tagging.models import Decider, TagDecision, Verdict
from voxpop.tagging.services import bulk_record_decisions, record_decision
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def version() -> TaggingModelVersion:
    return TaggingModelVersion.objects.create(
        version="v-test",
        training_data_hash="0" * 64,
        n_examples=100,
        n_tags=2,
        target_precision=0.95,
        thresholds={"refund": 0.9, "login": None},
        file_name="v-test.pkl",
    )


def predicted(
    source: Source,
    version: TaggingModelVersion,
    text: str,
    *,
    margin: float,
    volume: int = 0,
    arr: str | None = None,
    entropy: float = 0.5,
) -> Conversation:
    account = make_account(f"Account {text}", arr=Decimal(arr)) if arr else None
    conversation = make_conversation(source, text, account=account, arr_at_time=Decimal(arr) if arr else None)
    PredictionRecord.objects.create(
        conversation=conversation,
        version=version,
        margin=margin,
        entropy=entropy,
        volume=volume,
        best_tag="refund",
        suggested=2,
    )
    return conversation


def test_the_queue_puts_the_least_certain_first_then_common_tags_then_arr(
    source: Source, version: TaggingModelVersion
) -> None:
    sure = predicted(source, version, "sure", margin=0.80, volume=50)
    unsure_rare = predicted(source, version, "unsure rare", margin=0.01, volume=2)
    unsure_common = predicted(source, version, "unsure common", margin=0.04, volume=40)
    middling_small = predicted(source, version, "middling small", margin=0.20, volume=10, arr="1000")
    middling_big = predicted(source, version, "middling big", margin=0.21, volume=10, arr="90000")
    order = [row.conversation.pk for row in review_queue()]
    assert order == [unsure_common.pk, unsure_rare.pk, middling_big.pk, middling_small.pk, sure.pk]


def test_the_queue_leaves_out_what_people_handled_or_a_newer_version_replaced(
    source: Source, version: TaggingModelVersion, editor: User
) -> None:
    tags = make_tree("billing/refund")
    decided = predicted(source, version, "decided", margin=0.1)
    record_decision(decided, tags["refund"], user=editor)
    done = predicted(source, version, "done", margin=0.1)
    mark_done(done, user=editor)
    silent = make_conversation(source, "abstained")
    PredictionRecord.objects.create(conversation=silent, version=version, margin=0.0, suggested=0, applied=0)
    replaced = predicted(source, version, "replaced", margin=0.05)
    newer = TaggingModelVersion.objects.create(
        version="v-new",
        training_data_hash="1" * 64,
        n_examples=1,
        n_tags=1,
        target_precision=0.95,
        file_name="v-new.pkl",
        is_active=False,
    )
    PredictionRecord.objects.create(conversation=replaced, version=newer, margin=0.9, suggested=1)
    rows = review_queue()
    assert [(row.conversation.pk, row.record.version.version) for row in rows] == [(replaced.pk, "v-new")]


def auto_label(conversation: Conversation, tag: Tag, confidence: float = 0.97) -> TagDecision:
    decision = TagDecision(
        conversation=conversation,
        tag=tag,
        verdict=Verdict.ACCEPT,
        decider=Decider.MODEL,
        model_version="v-test",
        confidence=confidence,
        created_at=timezone.now() - timedelta(minutes=5),
    )
    bulk_record_decisions([decision])
    SpotCheck.objects.create(decision=decision, conversation=conversation, tag=tag)
    return decision


@pytest.fixture
def checked(source: Source, version: TaggingModelVersion, editor: User) -> dict[str, Any]:
    """Four spot-checked automatic refund labels: two confirmed, one rejected, one waiting."""
    tags = make_tree("billing/refund")
    refund = tags["refund"]
    conversations = [make_conversation(source, f"refund {n}") for n in range(4)]
    for conversation in conversations:
        auto_label(conversation, refund)
    record_decision(conversations[0], refund, user=editor)
    record_decision(conversations[1], refund, user=editor)
    record_decision(conversations[2], refund, Verdict.REJECT, user=editor)
    return {"tag": refund, "waiting": conversations[3]}


def test_measured_precision_counts_what_people_decided_on_spot_checks(checked: dict[str, Any]) -> None:
    quality = tag_quality([checked["tag"]])[0]
    assert (quality.spot_checked, quality.confirmed, quality.rejected) == (4, 2, 1)
    assert quality.measured_precision == pytest.approx(2 / 3, abs=1e-4)
    assert quality.threshold == 0.9 and quality.model_version == "v-test"
    assert [item["conversation_id"] for item in open_spot_checks()] == [checked["waiting"].pk]


def test_the_tag_page_and_the_api_show_the_measured_precision(checked: dict[str, Any], viewer: User) -> None:
    tag = checked["tag"]
    client = as_user(viewer)
    page = client.get(f"/taxonomy/{tag.pk}").content.decode()
    assert "data-measured-precision>67%<" in page.replace(" ", "")
    answer = client.get(f"/api/engine/tags/{tag.pk}").json()
    assert answer["measured_precision"] == pytest.approx(0.6667, abs=1e-4)
    assert answer["spot_checked"] == 4 and answer["threshold"] == 0.9
    listed = {row["slug"]: row for row in client.get("/api/engine/tags").json()}
    assert listed["refund"]["confirmed"] == 2


def test_a_spot_check_waits_on_the_review_page_and_leaves_once_confirmed(
    checked: dict[str, Any], editor: User
) -> None:
    client = as_user(editor)
    waiting = checked["waiting"]
    page = client.get("/review").content.decode()
    assert f'href="/c/{waiting.pk}?state=all"' in page
    record_decision(waiting, checked["tag"], user=editor)
    assert f'href="/c/{waiting.pk}?state=all"' not in client.get("/review").content.decode()
    assert tag_quality([checked["tag"]])[0].measured_precision == 0.75


@pytest.mark.parametrize(
    ("persona", "engine", "review"),
    [("admin", 200, 200), ("editor", 200, 200), ("viewer", 403, 403), (None, 302, 302)],
)
def test_who_may_see_the_engine_pages(
    personas: dict[str, User | None],
    persona: str | None,
    engine: int,
    review: int,
    version: TaggingModelVersion,
) -> None:
    client = as_user(personas[persona] if persona else None)
    assert client.get("/engine").status_code == engine
    assert client.get("/engine/report").status_code == engine
    assert client.get("/review").status_code == review
    api = {"admin": 200, "editor": 200, "viewer": 403, None: 401}[persona]
    assert client.get("/api/engine/versions").status_code == api
    assert client.get("/api/engine/review").status_code == api


def test_the_status_page_and_its_twin_list_versions_with_hash_metrics_and_thresholds(
    version: TaggingModelVersion, editor: User
) -> None:
    client = as_user(editor)
    page = client.get("/engine").content.decode()
    assert 'data-version="v-test"' in page and "data-active" in page
    assert "suggest only" in page
    assert "0 decisions by people since the active version" in page
    assert client.get("/api/engine/retraining").json() == {"new_decisions": 0, "retrain_after": 50}
    answer = client.get("/api/engine/versions").json()
    assert answer[0]["version"] == "v-test" and answer[0]["active"] is True
    assert answer[0]["training_data_hash"] == "0" * 64
    assert answer[0]["thresholds"] == {"refund": 0.9, "login": None}
    assert json.dumps(answer)  # plain JSON throughout
