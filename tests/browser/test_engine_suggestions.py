"""A person sees the engine's suggestions with their confidence and model version beside
a rule's, accepts one with a single key, and confirms an automatic label from the review
queue; automatic labels show only above their tag's threshold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.builders import make_conversation, make_tree
from tests.engine.corpus import rows
from voxpop.conversations.models import Source
from voxpop.engine.services import predict_untagged, train_model
from voxpop.tagging.models import ConversationTag, Decider, Suggestion, TagDecision
from voxpop.tagging.services import record_decision
from voxpop.users.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_accept_a_model_suggestion_with_one_key_and_confirm_an_automatic_label(
    signed_in: Any, editor: User, source: Source, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    tags = make_tree("billing/refund", "billing/invoice", "product/login", "product/export")
    for text, labels in rows(12, seed=3, multi=6):
        conversation = make_conversation(source, text)
        for path in labels:
            record_decision(conversation, tags[path.split("/")[-1]], user=editor)
    korean = make_conversation(source, "인보이스를 다운로드할 수 없어요 로그인이 안 돼요")
    chinese = make_conversation(source, "我想申请退款 请把钱退给我 谢谢")
    Suggestion.objects.create(conversation=korean, tag=tags["export"], score=1.0, model_version="rule:9")
    version = train_model(folds=3)
    predict_untagged(version)

    offered = list(Suggestion.objects.filter(conversation=korean, current=True).order_by("-score", "-pk"))
    model_offers = [s for s in offered if s.model_version == version.version]
    assert model_offers, "the model suggested something for the Korean conversation"

    page = signed_in(editor)
    page.goto(f"/c/{korean.pk}?state=all")
    items = page.eval_on_selector_all(
        "[data-suggestion]", "items => items.map(i => i.innerText.replace(/\\s+/g, ' '))"
    )
    assert any("rule:9" in item for item in items), items
    assert any(f"model {version.version}" in item for item in items), items
    # The first suggestion on the page is what key 1 accepts: find which it is.
    first_slug = page.get_attribute("[data-suggestion='1'] .chip", "title")
    first = next(s for s in offered if s.tag.name in (first_slug or ""))
    page.keyboard.press("1")
    page.wait_for_selector(f'.current-tags [data-tag-slug="{first.tag.slug}"]')
    decision = TagDecision.objects.filter(conversation=korean, tag=first.tag).latest("created_at")
    assert decision.decider == Decider.PERSON and decision.user == editor

    # The Chinese refund request was labelled by the model above the tag's threshold.
    automatic = ConversationTag.objects.filter(conversation=chinese, decider=Decider.MODEL).select_related(
        "tag"
    )
    for row in automatic:
        assert row.confidence is not None and row.confidence >= version.thresholds[row.tag.slug]
    if automatic:
        label = automatic[0]
        page.goto(f"/c/{chinese.pk}?state=all")
        text = page.inner_text(f'.current-tags [data-tag-slug="{label.tag.slug}"]')
        assert f"model {version.version}" in text and f"{label.confidence:.2f}" in text
        page.click(f'[data-confirm-tag="{label.tag.slug}"] button')
        page.wait_for_selector(
            f'.current-tags [data-tag-slug="{label.tag.slug}"] >> text=by {editor.username}'
        )
        assert ConversationTag.objects.get(conversation=chinese, tag=label.tag).decider == Decider.PERSON
    page.goto("/review")
    assert page.is_visible("[data-review]")
    assert page.errors == []  # type: ignore[attr-defined]
