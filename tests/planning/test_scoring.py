"""The prioritization score: each part computed as documented, weights validated."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tests.builders import make_account, make_conversation, make_tree
from voxpop.accounts.models import Contact
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Channel, Source
from voxpop.planning import scoring, services
from voxpop.roadmap import services as roadmap
from voxpop.roadmap.models import Feature, FeatureStatus, Theme
from voxpop.tagging.models import Decider
from voxpop.tagging.services import record_decision
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def day(n: int) -> datetime:
    return datetime(2026, 9, n, 10, 0, tzinfo=UTC)


def relations_feature(source: Source, editor: User) -> Feature:
    """Four asks from three requesters; see the expected parts in the test below."""
    relations = make_tree("product/databases/relations")["relations"]
    theme = Theme.objects.create(slug="enterprise-push", name="Enterprise push")
    feature = roadmap.create_feature("Relations across workspaces", effort=5, themes=[theme])
    roadmap.link_tag(feature, relations)

    acme = make_account("Acme", segment="enterprise", arr=Decimal(120000))
    older = make_conversation(
        source, "relations please", account=acme, started_at=day(1), arr_at_time=Decimal(80000)
    )
    newer = make_conversation(
        source,
        "still need relations",
        account=acme,
        started_at=day(8),
        arr_at_time=Decimal(100000),
        channel=Channel.EMAIL,
    )
    record_decision(older, relations, user=editor)
    record_decision(newer, relations, decider=Decider.MODEL, model_version="m1", confidence=0.9)

    beta = make_account("Beta", segment="smb", arr=Decimal(20000))
    lost = make_conversation(
        source,
        "lost: no relations",
        account=beta,
        channel=Channel.LOST_DEAL,
        amount=Decimal(50000),
        started_at=day(3),
    )
    roadmap.link_conversation(feature, lost)

    solo = Contact.objects.create(email="solo@example.org", name="Solo")
    asked = make_conversation(source, "We need relations between teams", contact=solo, started_at=day(5))
    roadmap.link_quote(feature, asked.messages.get(), 0, 7)
    return feature


def test_every_part_of_the_score_is_computed_as_documented(source: Source, editor: User, admin: User) -> None:
    feature = relations_feature(source, editor)
    services.update_weights(actor=admin, theme_weights={"enterprise-push": 2})

    found = scoring.demand(feature)
    result = scoring.score(feature, found, scoring.weights())

    assert found.conversations == 4
    assert found.confirmed == 3  # the model-only email is not confirmed by a person
    assert sorted(found.accounts) == [("enterprise", Decimal(100000)), ("smb", Decimal(20000))]
    assert found.contacts == 1
    assert result.accounts == 3
    assert result.reach == 3.5  # Acme 1.5 (enterprise) + Beta 1.0 + the contact 1.0
    assert result.arr == 170.0  # (100k x 1.5 + 20k x 1.0) / 1000: Acme's ARR at its latest ask
    assert result.at_stake == 50.0
    assert result.value == 23.0  # 3.5 + 0.1 x 170 + 0.05 x 50
    assert result.multiplier == 2.0
    assert result.confidence == 0.875  # 0.5 + 0.5 x 3/4
    assert result.score == pytest.approx(23.0 * 2 * 0.875 / 5)


def test_ranking_puts_the_most_valuable_first_and_leaves_closed_features_out(
    source: Source, editor: User
) -> None:
    big = relations_feature(source, editor)
    small = roadmap.create_feature("Emoji reactions", effort=1)
    make_conversation(source, "emoji?")
    done = roadmap.create_feature("Dark mode", status=FeatureStatus.SHIPPED)

    ids = [s.feature_id for s in scoring.ranked()]

    assert ids == [big.pk, small.pk]
    assert done.pk in [s.feature_id for s in scoring.ranked(include_closed=True)]
    unestimated = roadmap.create_feature("Unestimated")
    assert scoring.score(unestimated, scoring.demand(unestimated), scoring.weights()).effort == 4.0


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"reach_weight": -1}, "reach_weight"),
        ({"arr_weight": "lots"}, "arr_weight"),
        ({"default_effort": 0}, "default_effort"),
        ({"segment_weights": {"galactic": 2}}, "segment_weights: 'galactic'"),
        ({"theme_weights": {"nope": 2}}, "theme_weights: no theme 'nope'"),
    ],
)
def test_bad_weights_are_refused_naming_the_field_and_nothing_changes(
    admin: User, changes: dict, error: str
) -> None:
    before = scoring.weights().reach_weight
    with pytest.raises(services.PlanningError, match=error):
        services.update_weights(actor=admin, **changes)
    assert scoring.weights().reach_weight == before
    assert not AuditEvent.objects.filter(action="planning.weights").exists()


def test_weight_changes_are_audited_with_before_and_after(admin: User) -> None:
    services.update_weights(actor=admin, segment_weights={"enterprise": 3})

    event = AuditEvent.objects.get(action="planning.weights")
    assert event.data["before"]["segment_weights"]["enterprise"] == 1.5
    assert event.data["after"]["segment_weights"]["enterprise"] == 3.0
    assert scoring.weights().segment_weights["smb"] == 1.0  # the others stay


def test_a_snapshot_keeps_the_plan_as_it_stood(source: Source, editor: User) -> None:
    feature = relations_feature(source, editor)
    services.set_capacity("2027-H1", 4, actor=editor)
    services.place(feature, "2027-H1", actor=editor)

    snapshot = services.save_snapshot("2027-H1", "Board review", actor=editor)
    services.place(feature, "2027-H2", actor=editor)

    snapshot.refresh_from_db()
    assert [item["feature_id"] for item in snapshot.items] == [feature.pk]
    assert snapshot.items[0]["effort"] == 5.0
    assert snapshot.capacity == 4
    assert snapshot.weights["reach_weight"] == 1.0
    with pytest.raises(services.PlanningError, match="period"):
        services.place(feature, "someday", actor=editor)
    with pytest.raises(services.PlanningError, match="capacity"):
        services.set_capacity("2027-H1", "-3", actor=editor)
