"""Features and their evidence links: validated, audited, idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from tests.builders import make_conversation, make_tree
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Source
from voxpop.roadmap import services
from voxpop.roadmap.models import FeatureQuote, FeatureStatus
from voxpop.roadmap.signals import feature_status_changed
from voxpop.users.models import User


@pytest.mark.django_db
def test_a_feature_is_created_with_its_fields_and_audited(admin: User) -> None:
    feature = services.create_feature(
        "Relation properties across workspaces", target_period="2027-H1", effort=6, owner=admin, actor=admin
    )

    assert feature.status == FeatureStatus.IDEA
    assert feature.target_period == "2027-H1"
    assert AuditEvent.objects.filter(action="feature.create", target_id=str(feature.pk)).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"title": "  "}, "title:"),
        ({"title": "X", "target_period": "next year"}, "target_period:"),
        ({"title": "X", "effort": -1}, "effort:"),
        ({"title": "X", "tracker_url": "not a url"}, "tracker_url:"),
        ({"title": "X", "status": "someday"}, "status:"),
    ],
)
def test_bad_fields_are_rejected_naming_the_field(fields: dict[str, Any], error: str) -> None:
    title = fields.pop("title")
    with pytest.raises(services.RoadmapError, match=error):
        services.create_feature(title, **fields)


@pytest.mark.django_db
def test_shipping_sets_the_date_and_signals_after_commit(
    admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    feature = services.create_feature("Dark mode")
    heard: list[tuple[str, str]] = []

    def listener(sender: Any, feature: Any, old: str, new: str, actor: Any, **_: Any) -> None:
        heard.append((old, new))

    feature_status_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.set_status(feature, FeatureStatus.SHIPPED, actor=admin)
    finally:
        feature_status_changed.disconnect(listener)

    feature.refresh_from_db()
    assert feature.shipped_at is not None
    assert heard == [("idea", "shipped")]
    services.set_status(feature, FeatureStatus.IN_PROGRESS, actor=admin)
    feature.refresh_from_db()
    assert feature.shipped_at is None


@pytest.mark.django_db
def test_links_are_idempotent(source: Source, editor: User) -> None:
    feature = services.create_feature("Relations")
    tag = make_tree("product/databases/relations")["relations"]
    conversation = make_conversation(source)

    services.link_tag(feature, tag, actor=editor)
    services.link_tag(feature, tag, actor=editor)
    services.link_conversation(feature, conversation, actor=editor)
    services.link_conversation(feature, conversation, actor=editor)

    assert feature.tag_links.count() == 1
    assert feature.conversation_links.count() == 1
    assert AuditEvent.objects.filter(action__startswith="feature.link").count() == 2
    assert services.unlink_tag(feature, tag, actor=editor) is True
    assert services.unlink_tag(feature, tag, actor=editor) is False


@pytest.mark.django_db
def test_a_quote_copies_its_span_and_rejects_bad_offsets(source: Source, editor: User) -> None:
    feature = services.create_feature("Relations")
    conversation = make_conversation(source, "Hi. 我们需要跨数据库的关系属性。 Thanks")
    message = conversation.messages.get()
    start = message.text.index("我")
    end = message.text.index("。") + 1

    quote = services.link_quote(feature, message, start, end, actor=editor)
    again = services.link_quote(feature, message, start, end, actor=editor)

    assert quote.pk == again.pk
    assert quote.text == "我们需要跨数据库的关系属性。"
    assert quote.conversation_id == conversation.pk
    with pytest.raises(services.RoadmapError, match="outside message"):
        services.link_quote(feature, message, 5, 500)
    with pytest.raises(services.RoadmapError, match="blank"):
        services.link_quote(feature, message, 3, 4)
    assert FeatureQuote.objects.count() == 1


@pytest.mark.django_db
def test_demand_comes_from_subtree_tags_direct_links_and_quotes(source: Source, editor: User) -> None:
    from voxpop.roadmap.queries import demand_conversations, features_linking_tag
    from voxpop.tagging.services import record_decision

    tags = make_tree("product/databases/relations", "product/billing")
    feature = services.create_feature("Relations")
    services.link_tag(feature, tags["databases"], actor=editor)
    services.link_tag(feature, tags["relations"], actor=editor)
    tagged = make_conversation(source)
    record_decision(tagged, tags["relations"], user=editor)
    other = make_conversation(source, "Invoice is wrong")
    record_decision(other, tags["billing"], user=editor)
    linked = make_conversation(source, "Call notes")
    services.link_conversation(feature, linked, actor=editor)
    quoted = make_conversation(source, "We need relations between teams")
    services.link_quote(feature, quoted.messages.get(), 0, 10, actor=editor)

    assert set(demand_conversations(feature)) == {tagged, linked, quoted}
    assert list(features_linking_tag(tags["relations"])) == [feature]
    assert list(features_linking_tag(tags["billing"])) == []
