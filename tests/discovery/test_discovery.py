"""Topic discovery finds a planted new topic among noise, in English, Chinese and Korean."""

from __future__ import annotations

from typing import Any

import pytest

from tests.builders import make_tree
from tests.discovery.generated import generate
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Source
from voxpop.discovery import clustering, services
from voxpop.discovery.models import DiscoveryCluster, DiscoveryRun, RunStatus
from voxpop.engine.queries import training_set
from voxpop.tagging.models import ConversationTag, Decider, TagDecision
from voxpop.tagging.services import record_decision
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def run_now(**params: Any) -> DiscoveryRun:
    run = DiscoveryRun.objects.create(params=services.check_params(**params))
    return services.execute_run(run)


def planted_cluster(run: DiscoveryRun, planted: list[int]) -> DiscoveryCluster:
    """The cluster holding most of the planted conversations."""
    return max(run.clusters.all(), key=lambda c: c.members.filter(pk__in=planted).count())


@pytest.mark.parametrize(
    ("language", "marker"),
    [("en", "zapier"), ("zh", "小组件"), ("ko", "위젯")],
)
def test_discovery_finds_a_planted_topic_among_noise(source: Source, language: str, marker: str) -> None:
    noise, planted = generate(source, language=language)
    run = run_now(seed=1)
    assert run.status == RunStatus.DONE, run.error
    assert run.pool_size == len(noise) + len(planted)
    found = planted_cluster(run, planted)
    members = set(found.members.values_list("pk", flat=True))
    # Nearly all of the planted topic lands in one cluster, and little noise with it.
    assert len(members & set(planted)) >= 0.9 * len(planted)
    assert len(members & set(noise)) <= 0.1 * len(members)
    assert found.size == len(members)
    assert any(marker in term for term in found.top_terms), found.top_terms
    # Three quotes, each a customer sentence from a planted conversation, from different accounts.
    assert len(found.quotes) == 3
    assert {q["conversation_id"] for q in found.quotes} <= set(planted)
    assert len({q["account"] for q in found.quotes}) == 3
    for quote in found.quotes:
        assert marker in quote["text"]
    # Two thirds of the planted topic arrived in the last week: it is growing.
    assert found.this_week > found.last_week


def test_tagged_conversations_are_left_out_of_the_pool(source: Source, admin: User) -> None:
    noise, planted = generate(source, noise=60, planted=10)
    tags = make_tree("product/integrations")
    for pk in planted[:4]:
        record_decision(
            source.conversations.get(pk=pk), tags["integrations"], decider=Decider.PERSON, user=admin
        )
    run = run_now(clusters=3, min_size=1)
    assert run.pool_size == len(noise) + len(planted) - 4
    clustered = set(DiscoveryCluster.members.through.objects.values_list("conversation_id", flat=True))
    assert clustered.isdisjoint(planted[:4])


def test_a_small_pool_gives_no_clusters_and_says_why(source: Source) -> None:
    generate(source, noise=5, planted=3)
    run = run_now()
    assert run.status == RunStatus.DONE
    assert not run.clusters.exists()
    assert "at least" in run.params["note"]


def test_making_a_tag_from_a_cluster_seeds_it_with_the_quotes(source: Source, admin: User) -> None:
    _noise, planted = generate(source)
    run = run_now(seed=1)
    cluster = planted_cluster(run, planted)
    parent = make_tree("product")["product"]
    tag = services.make_tag(cluster, "zapier-retries", "Zapier retries", parent=parent, actor=admin)
    assert tag.parent == parent
    assert tag.examples == [q["text"] for q in cluster.quotes]
    decisions = TagDecision.objects.filter(tag=tag)
    assert decisions.count() == 3
    assert all(d.decider == Decider.PERSON and d.user == admin for d in decisions)
    assert sorted(d.quote_text for d in decisions) == sorted(q["text"] for q in cluster.quotes)
    assert ConversationTag.objects.filter(tag=tag).count() == 3
    # The engine learns the new tag from these: its quotes and examples are training extras.
    learnt = training_set()
    assert "zapier-retries" in learnt.extras
    assert sum(1 for labels in learnt.labels if "zapier-retries" in labels) == 3
    assert AuditEvent.objects.filter(action="discovery.tag_made", target_id=str(tag.pk)).exists()
    assert AuditEvent.objects.filter(action="taxonomy.tag_created", target_id=str(tag.pk)).exists()
    cluster.refresh_from_db()
    assert cluster.created_tag == tag
    with pytest.raises(services.DiscoveryError, match="already made"):
        services.make_tag(cluster, "again", actor=admin)


def test_bad_parameters_are_named() -> None:
    with pytest.raises(services.DiscoveryError, match=r"^limit:"):
        services.check_params(limit=0)
    with pytest.raises(services.DiscoveryError, match=r"^clusters:"):
        services.check_params(clusters=1)


def test_sentences_keep_their_spans_in_any_script() -> None:
    text = "First one here. 第二句话在这里。  세 번째 문장입니다!\nlast"
    found = clustering.sentences(1, 2, text)
    assert [s.text for s in found] == ["First one here.", "第二句话在这里。", "세 번째 문장입니다!", "last"]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_default_cluster_count_grows_with_the_pool_within_bounds() -> None:
    assert clustering.default_clusters(20) == 2
    assert clustering.default_clusters(300) == 12
    assert clustering.default_clusters(20_000) == clustering.MAX_CLUSTERS


def test_boilerplate_sentences_are_left_out_of_what_is_clustered() -> None:
    texts = [f"Hello, could you help me? The {word} export fails." for word in "abcdef"] + [
        "Hello, could you help me?"
    ]
    cleaned, left_out = clustering.strip_boilerplate(texts, min_repeats=5)
    assert cleaned[0] == "The a export fails."
    assert cleaned[-1] == "Hello, could you help me?"  # nothing else to keep: kept whole
    assert left_out == {"hello, could you help me?"}
