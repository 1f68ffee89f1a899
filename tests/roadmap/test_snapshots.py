"""Stored feature evidence is never stale: after every kind of write that changes an
input, the fingerprint moves and the served evidence equals a fresh computation; with
nothing changed, the stored evidence is served without recomputing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import as_user, make_account, make_conversation, make_tree
from tests.imports.conftest import run
from voxpop.accounts.models import Contact
from voxpop.conversations.models import Channel, Conversation, Source
from voxpop.roadmap import evidence as live
from voxpop.roadmap import services, snapshots
from voxpop.roadmap.models import EvidenceSnapshot, Feature
from voxpop.tagging.models import TagDecision
from voxpop.tagging.services import Quote, record_decision, undo_decision
from voxpop.taxonomy.services import merge_tags, unmerge_tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@dataclasses.dataclass
class World:
    feature: Feature
    tags: dict[str, Any]
    acme_ask: Conversation
    bare: Conversation
    outside: Conversation


@pytest.fixture
def world(source: Source, editor: User) -> World:
    """A feature linked to the databases subtree: Acme asked (with a quote), a contact
    asked, a lost deal is linked directly; a sharing conversation is not demand yet."""
    tags = make_tree("product/databases/relations", "product/databases/formulas", "product/sharing/guests")
    feature = services.create_feature("Relations")
    services.link_tag(feature, tags["databases"], actor=editor)
    acme = make_account("Acme", arr=Decimal("50000.00"), segment="smb")
    acme_ask = make_conversation(source, "We need relations between databases", account=acme, started_at=T0)
    message = acme_ask.messages.get()
    record_decision(acme_ask, tags["relations"], user=editor, quote=Quote(message, 8, 17))
    mina = Contact.objects.create(name="Mina", email="mina@example.org")
    bare = make_conversation(
        source, "formulas?", contact=mina, channel=Channel.EMAIL, started_at=T0 + timedelta(days=9)
    )
    record_decision(bare, tags["formulas"], user=editor)
    lost = make_conversation(
        source,
        "lost on relations",
        account=make_account("Globex", arr=Decimal("9000.00")),
        channel=Channel.LOST_DEAL,
        amount=Decimal("12000.50"),
        started_at=T0 + timedelta(days=20),
    )
    services.link_conversation(feature, lost, actor=editor)
    outside = make_conversation(
        source, "guests please", account=make_account("Initech", arr=None), started_at=T0 + timedelta(days=30)
    )
    record_decision(outside, tags["guests"], user=editor)
    return World(feature, tags, acme_ask, bare, outside)


def same(cached: live.Evidence, fresh: live.Evidence) -> None:
    """Equal in every field but the moment of computation, down to each Decimal's
    exponent and each datetime's zone (repr shows both)."""
    cached = dataclasses.replace(cached, generated_at=fresh.generated_at)
    assert cached == fresh
    assert repr(cached) == repr(fresh)


def fresh(feature: Feature) -> Feature:
    return Feature.objects.get(pk=feature.pk)


def changes_evidence(world: World, change: Callable[[], Any]) -> tuple[live.Evidence, live.Evidence]:
    """Warm the snapshot, apply ``change``; the fingerprint must move and the served
    evidence equal a fresh one. Returns (before, after)."""
    feature = world.feature
    before = snapshots.evidence_cached(fresh(feature))
    fingerprint = snapshots.fingerprint(fresh(feature))
    assert EvidenceSnapshot.objects.filter(feature=feature, fingerprint=fingerprint).exists()
    change()
    assert snapshots.fingerprint(fresh(feature)) != fingerprint
    after = snapshots.evidence_cached(fresh(feature))
    same(after, live.evidence(fresh(feature)))
    # And what was stored on the way is what the next read serves.
    same(snapshots.evidence_cached(fresh(feature)), after)
    return before, after


def test_an_unchanged_workspace_is_served_from_the_snapshot(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = snapshots.evidence_cached(fresh(world.feature))
    same(first, live.evidence(fresh(world.feature)))
    assert first.conversations == 3 and first.revenue_at_stake == Decimal("12000.50")

    def recompute(feature: Feature) -> live.Evidence:
        raise AssertionError("recomputed although nothing changed")

    monkeypatch.setattr(live, "evidence", recompute)
    with CaptureQueriesContext(connection) as queries:
        served = snapshots.evidence_cached(fresh(world.feature))
    same(served, first)
    assert served.feature.pk == world.feature.pk
    # Fingerprint plus one read; the live evidence costs more (and is patched away).
    assert len(queries) <= 16


def test_a_snapshot_not_signed_by_this_installation_is_recomputed_never_unpickled(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    snapshots.evidence_cached(fresh(world.feature))
    stored = EvidenceSnapshot.objects.get(feature=world.feature)
    # A row written by something else: a pickle that would run code when loaded.
    hostile = pickle.dumps(Exploit())
    EvidenceSnapshot.objects.filter(pk=stored.pk).update(payload=bytes(32) + hostile)
    monkeypatch.setattr(pickle, "loads", refuse_loads := Refuse(pickle.loads))

    served = snapshots.evidence_cached(fresh(world.feature))

    same(served, live.evidence(fresh(world.feature)))
    assert hostile not in refuse_loads.seen
    assert bytes(EvidenceSnapshot.objects.get(pk=stored.pk).payload)[32:] != hostile


class Exploit:
    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, ("raise SystemExit('unpickled a hostile snapshot')",))


class Refuse:
    """pickle.loads, recording what it was asked to load."""

    def __init__(self, loads: Callable[[bytes], Any]) -> None:
        self.loads = loads
        self.seen: list[bytes] = []

    def __call__(self, payload: bytes) -> Any:
        self.seen.append(bytes(payload))
        return self.loads(payload)


def test_a_decision_on_a_subtree_tag_and_its_undo(world: World, source: Source, editor: User) -> None:
    asker = make_conversation(source, "relations too", account=make_account("Umbrella"))
    decisions: list[TagDecision] = []

    def decide() -> None:
        decisions.append(record_decision(asker, world.tags["relations"], user=editor))

    before, after = changes_evidence(world, decide)
    assert after.conversations == before.conversations + 1
    before, after = changes_evidence(world, lambda: undo_decision(decisions[0], user=editor))
    assert after.conversations == before.conversations - 1


def test_a_quote_linked_and_a_conversation_linked_then_unlinked(world: World, editor: User) -> None:
    message = world.outside.messages.get()
    _before, after = changes_evidence(
        world, lambda: services.link_quote(world.feature, message, 0, 6, actor=editor)
    )
    assert after.quotes[0].text == "guests" and after.quotes[0].origin == "linked"

    other = services.create_feature("Guests")
    services.link_tag(other, world.tags["guests"], actor=editor)
    world.feature = other
    before, after = changes_evidence(
        world, lambda: services.link_conversation(other, world.bare, actor=editor)
    )
    assert after.conversations == before.conversations + 1
    before, after = changes_evidence(
        world, lambda: services.unlink_conversation(other, world.bare, actor=editor)
    )
    assert after.conversations == before.conversations - 1


def test_a_tag_merge_and_unmerge(world: World, admin: User) -> None:
    before, after = changes_evidence(
        world, lambda: merge_tags(world.tags["guests"], world.tags["relations"], actor=admin)
    )
    assert after.conversations == before.conversations + 1
    world.tags["guests"].refresh_from_db()
    before, after = changes_evidence(world, lambda: unmerge_tag(world.tags["guests"], actor=admin))
    assert after.conversations == before.conversations - 1


def test_account_arr_segment_and_contact_changes(world: World) -> None:
    acme = world.acme_ask.account
    mina = world.bare.contact
    assert acme is not None and mina is not None

    def arr() -> None:
        acme.arr = Decimal("75000.25")
        acme.save()

    _before, after = changes_evidence(world, arr)
    assert after.arr == Decimal("75000.25") + Decimal("9000.00")

    def segment() -> None:
        acme.segment = "enterprise"
        acme.save()

    _before, after = changes_evidence(world, segment)
    assert "enterprise" in {s.value for s in after.breakdowns["segment"]}

    def contact_joins_acme() -> None:
        mina.account = acme
        mina.save()

    before, after = changes_evidence(world, contact_joins_acme)
    assert after.requests == before.requests - 1


def test_a_conversation_changing_language_and_a_lost_deal_amount(world: World) -> None:
    def language() -> None:
        world.bare.language = "de"
        world.bare.save()

    _before, after = changes_evidence(world, language)
    assert "de" in {s.value for s in after.breakdowns["language"]}

    lost = Conversation.objects.get(channel=Channel.LOST_DEAL)

    def amount() -> None:
        lost.amount = Decimal("99.99")
        lost.save()

    _before, after = changes_evidence(world, amount)
    assert after.revenue_at_stake == Decimal("99.99")


def test_a_reimport_changing_channel_amount_arr_and_segment(
    world: World, editor: User, tmp_path: Path
) -> None:
    header = "conversation_id,message_id,sent_at,author_role,text,channel,amount,account,account_arr,account_segment\n"
    path = tmp_path / "deals.csv"
    path.write_text(header + "d1,m1,2026-04-01T10:00:00Z,customer,need relations,chat,,Hooli,1000,smb\n")
    run("csv", path, source="crm")
    imported = Conversation.objects.get(external_id="d1")
    services.link_conversation(world.feature, imported, actor=editor)

    def reimport() -> None:
        path.write_text(
            header
            + "d1,m1,2026-04-01T10:00:00Z,customer,need relations,lost_deal,4500.5,Hooli,2000,enterprise\n"
        )
        result = run("csv", path, source="crm")
        assert result.counts.get("conversations_updated") == 1

    before, after = changes_evidence(world, reimport)
    assert after.revenue_at_stake == before.revenue_at_stake + Decimal("4500.50")
    hooli = next(r for r in after.ledger if r.name == "Hooli")
    assert (hooli.arr, hooli.segment) == (Decimal("2000.00"), "enterprise")


@pytest.mark.django_db(transaction=True)
def test_writes_in_one_transaction_enqueue_one_refresh_after_commit(
    world: World, source: Source, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import transaction

    from voxpop.roadmap import tasks

    enqueued: list[Any] = []
    task = tasks.refresh_evidence

    class Counting:
        def enqueue(self, *args: Any) -> Any:
            enqueued.append(args)
            return task.enqueue(*args)

    monkeypatch.setattr(tasks, "refresh_evidence", Counting())
    first, second = make_conversation(source, "more"), make_conversation(source, "again")
    with transaction.atomic():
        record_decision(first, world.tags["formulas"], user=editor)
        record_decision(second, world.tags["relations"], user=editor)
        assert enqueued == []  # nothing before the commit
    assert enqueued == [([world.feature.pk],)]
    # The (immediate) task stored the new evidence: the next read serves it as is.
    stored = EvidenceSnapshot.objects.get(feature=world.feature)
    assert stored.fingerprint == snapshots.fingerprint(fresh(world.feature))
    monkeypatch.setattr(live, "evidence", None)  # a recomputation would fail
    assert snapshots.evidence_cached(fresh(world.feature)).conversations == 5

    # A rolled-back write enqueues nothing.
    with pytest.raises(RuntimeError), transaction.atomic():
        record_decision(make_conversation(source, "gone"), world.tags["relations"], user=editor)
        raise RuntimeError
    assert len(enqueued) == 1


def test_the_page_api_and_markdown_serve_the_same_evidence(world: World, viewer: User) -> None:
    client = as_user(viewer)
    page = client.get(f"/features/{world.feature.pk}")
    assert page.status_code == 200
    assert EvidenceSnapshot.objects.filter(feature=world.feature).exists()
    body = client.get(f"/api/features/{world.feature.pk}/evidence").json()
    assert body["conversations"] == 3


def test_refresh_all_recomputes_only_what_changed(world: World, editor: User) -> None:
    assert snapshots.refresh_all() == (1, 1)
    assert snapshots.refresh_all() == (1, 0)
    services.unlink_conversation(
        world.feature, Conversation.objects.get(channel=Channel.LOST_DEAL), actor=editor
    )
    assert snapshots.refresh_all() == (1, 1)


def test_the_cli_rebuilds_snapshots(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    from voxpop.cli import main

    assert main(["roadmap", "refresh-evidence"]) == 0
    assert capsys.readouterr().out.startswith("1 features checked, 1 snapshots recomputed")
    computed = EvidenceSnapshot.objects.get(feature=world.feature).computed_at
    assert main(["roadmap", "refresh-evidence"]) == 0
    assert capsys.readouterr().out.startswith("1 features checked, 0 snapshots recomputed")
    assert main(["roadmap", "refresh-evidence", "--all", "--feature", str(world.feature.pk)]) == 0
    assert capsys.readouterr().out.startswith("1 features checked, 1 snapshots recomputed")
    assert EvidenceSnapshot.objects.get(feature=world.feature).computed_at > computed


def test_deleting_a_demand_conversation_changes_evidence_and_triage_does_not(
    world: World, editor: User
) -> None:
    from voxpop.conversations.services import mark_done

    snapshots.evidence_cached(fresh(world.feature))
    fingerprint = snapshots.fingerprint(fresh(world.feature))
    mark_done(world.bare, user=editor)
    assert snapshots.fingerprint(fresh(world.feature)) == fingerprint

    before, after = changes_evidence(world, lambda: world.bare.delete())
    assert after.conversations == before.conversations - 1


def test_a_stored_ledger_reads_like_the_list_it_was(world: World, source: Source, editor: User) -> None:
    # 120 requesters: three chunks, the last one partial.
    for number in range(117):
        asker = make_conversation(
            source, "relations", account=make_account(f"Co {number}", arr=Decimal(number))
        )
        services.link_conversation(world.feature, asker, actor=editor)
    computed = snapshots.evidence_cached(fresh(world.feature))
    stored = snapshots.evidence_cached(fresh(world.feature))
    rows = list(computed.ledger)
    assert isinstance(stored.ledger, snapshots.StoredLedger) and len(rows) == 120
    assert stored.ledger == rows and list(stored.ledger) == rows
    assert stored.ledger[0] == rows[0] and stored.ledger[-1] == rows[-1] and stored.ledger[77] == rows[77]
    assert stored.ledger[45:105] == rows[45:105] and stored.ledger[100:200] == rows[100:]
    with pytest.raises(IndexError):
        stored.ledger[120]
    page = as_user(editor).get(f"/features/{world.feature.pk}?ledger=3")
    assert page.status_code == 200
    html = page.content.decode()
    ledger = html[html.index('id="ledger"') :]
    ledger = ledger[: ledger.index("</section>")]
    shown = [f'data-requester="{row.kind}-{row.key}"' in ledger for row in rows]
    assert shown == [False] * 100 + [True] * 20


def test_features_for_tags_follows_ancestors_and_merges(editor: User) -> None:
    tags = make_tree("product/databases/relations", "product/databases/formulas", "product/sharing/guests")
    relations = services.create_feature("Relations")
    services.link_tag(relations, tags["databases"], actor=editor)
    guests = services.create_feature("Guests")
    services.link_tag(guests, tags["guests"], actor=editor)
    assert snapshots.features_for_tags([tags["relations"].pk]) == [relations.pk]
    assert snapshots.features_for_tags([tags["sharing"].pk]) == []
    assert snapshots.features_for_tags([tags["formulas"].pk, tags["guests"].pk]) == sorted(
        [relations.pk, guests.pk]
    )
    # A decision on a merged tag counts for the tag it was merged into.
    merge_tags(tags["guests"], tags["relations"], actor=editor)
    assert snapshots.features_for_tags([tags["guests"].pk]) == sorted([relations.pk, guests.pk])


def test_features_for_tags_costs_one_query_without_linked_features() -> None:
    tags = make_tree("product/databases/relations")
    services.create_feature("Not linked to any tag")
    with CaptureQueriesContext(connection) as queries:
        assert snapshots.features_for_tags([tags["relations"].pk]) == []
    assert len(queries.captured_queries) == 1
