"""The demand ledger: one request per customer, ARR as it was, lost deals as money at stake."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.builders import make_account, make_conversation, make_tree
from voxpop.accounts.models import Contact
from voxpop.conversations.models import Channel, Source
from voxpop.roadmap import ledger, services
from voxpop.roadmap.evidence import evidence
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.services import merge_tags
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday


def test_one_account_asking_by_chat_email_and_call_is_one_request(source: Source, editor: User) -> None:
    tags = make_tree("product/databases/relations")
    feature = services.create_feature("Relations across workspaces")
    services.link_tag(feature, tags["databases"], actor=editor)
    acme = make_account("Acme", arr=Decimal("50000"))
    for day, channel in enumerate([Channel.CHAT, Channel.CHAT, Channel.EMAIL, Channel.CALL]):
        conversation = make_conversation(
            source, "We need relations", account=acme, channel=channel, started_at=T0 + timedelta(days=day)
        )
        record_decision(conversation, tags["relations"], user=editor)
    other = make_conversation(source, "Relations please", account=make_account("Globex", arr=Decimal("9000")))
    services.link_conversation(feature, other, actor=editor)

    rows = ledger.ledger(feature)

    assert [(r.name, r.conversations) for r in rows] == [("Acme", 4), ("Globex", 1)]
    acme_row = rows[0]
    assert acme_row.channels == {"chat": 2, "email": 1, "call": 1}
    assert (acme_row.first_ask_at, acme_row.first_channel) == (T0, "chat")
    assert (acme_row.latest_ask_at, acme_row.latest_channel) == (T0 + timedelta(days=3), "call")
    summary = ledger.summaries([feature])[feature.pk]
    assert (summary.conversations, summary.reach, summary.arr) == (5, 2, Decimal("59000"))


def test_a_contact_without_an_account_is_one_requester_and_its_accounts_contacts_join_it(
    source: Source, editor: User
) -> None:
    feature = services.create_feature("Offline mode")
    acme = make_account("Acme", arr=Decimal("1000"))
    alone = Contact.objects.create(name="Mina", email="mina@example.org")
    at_acme = Contact.objects.create(name="Bo", email="bo@acme.example", account=acme)
    for contact, account in [(alone, None), (alone, None), (at_acme, None), (None, acme), (None, None)]:
        services.link_conversation(
            feature, make_conversation(source, "offline?", contact=contact, account=account), actor=editor
        )

    rows = ledger.ledger(feature)

    assert sorted((r.kind, r.name, r.conversations) for r in rows) == [
        ("account", "Acme", 2),
        ("contact", "Mina", 2),
        ("conversation", "", 1),
    ]
    assert ledger.summaries([feature])[feature.pk].reach == 1


def test_a_merged_tag_keeps_counting(source: Source, editor: User, admin: User) -> None:
    tags = make_tree("product/sharing/guest-access", "product/sharing/external-guests")
    feature = services.create_feature("Guest access")
    services.link_tag(feature, tags["guest-access"], actor=editor)
    asked = make_conversation(source, "Let guests in", account=make_account("Acme"))
    record_decision(asked, tags["guest-access"], user=editor)
    later = make_conversation(source, "External guests please", account=make_account("Initech"))
    record_decision(later, tags["external-guests"], user=editor)
    assert ledger.summaries([feature])[feature.pk].reach == 1

    # The linked tag is merged away: it stands for its target, old decisions included.
    merge_tags(tags["guest-access"], tags["external-guests"], actor=admin)

    assert sorted(r.name for r in ledger.ledger(feature)) == ["Acme", "Initech"]

    # And a feature linked to the target counts the merged tag's conversations.
    target_feature = services.create_feature("External guests")
    services.link_tag(target_feature, tags["external-guests"], actor=editor)
    assert ledger.summaries([target_feature])[target_feature.pk].conversations == 2


def test_arr_is_the_value_at_request_time(source: Source, editor: User) -> None:
    feature = services.create_feature("SAML")
    acme = make_account("Acme", arr=Decimal("20000"))
    services.link_conversation(
        feature, make_conversation(source, "SAML?", account=acme, arr_at_time=Decimal("20000")), actor=editor
    )
    acme.arr = Decimal("90000")
    acme.save()

    (row,) = ledger.ledger(feature)
    assert (row.arr, row.arr_source) == (Decimal("20000"), "at_time")

    # A later ask records a newer ARR: the latest ask's value wins.
    services.link_conversation(
        feature,
        make_conversation(
            source,
            "still SAML",
            account=acme,
            arr_at_time=Decimal("35000"),
            started_at=T0 + timedelta(days=200),
        ),
        actor=editor,
    )
    (row,) = ledger.ledger(feature)
    assert row.arr == Decimal("35000")

    # With no ARR recorded on any ask, the account's ARR now stands in (and says so).
    other = services.create_feature("SCIM")
    services.link_conversation(other, make_conversation(source, "SCIM?", account=acme), actor=editor)
    (row,) = ledger.ledger(other)
    assert (row.arr, row.arr_source) == (Decimal("90000"), "current")


def test_lost_deal_amounts_sum_as_revenue_at_stake(source: Source, editor: User) -> None:
    feature = services.create_feature("Audit log")
    acme = make_account("Acme", arr=Decimal("0"))
    globex = make_account("Globex")
    for account, amount in [(acme, "120000"), (acme, "30000"), (globex, "45000.50")]:
        deal = make_conversation(
            source, "Lost: no audit log", account=account, channel=Channel.LOST_DEAL, amount=Decimal(amount)
        )
        services.link_conversation(feature, deal, actor=editor)
    services.link_conversation(
        feature, make_conversation(source, "audit log?", account=globex, amount=Decimal("999")), actor=editor
    )

    summary = ledger.summaries([feature])[feature.pk]
    assert summary.revenue_at_stake == Decimal("195000.50")
    assert summary.reach == 2
    page = evidence(feature)
    assert [d.amount for d in page.lost_deals] == [Decimal("120000"), Decimal("45000.50"), Decimal("30000")]
    assert {r.name: r.revenue_at_stake for r in page.ledger} == {
        "Acme": Decimal("150000"),
        "Globex": Decimal("45000.50"),
    }


def test_summaries_cover_many_features_and_an_empty_one(source: Source, editor: User) -> None:
    empty = services.create_feature("Nobody asked")
    asked = services.create_feature("Everybody asked")
    services.link_conversation(asked, make_conversation(source, account=make_account("Acme")), actor=editor)

    result = ledger.summaries([empty, asked])

    assert (result[empty.pk].conversations, result[empty.pk].arr) == (0, Decimal("0"))
    assert result[asked.pk].reach == 1
