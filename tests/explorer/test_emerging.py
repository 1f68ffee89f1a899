"""Emerging topics: a planted rising tag is found; flat tags are not flagged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from tests.builders import as_user, make_tree
from voxpop.accounts.models import Account
from voxpop.conversations.models import AuthorRole, Channel, Conversation, Message, Source
from voxpop.explorer.emerging import benjamini_hochberg, emerging_topics, growth_p_values
from voxpop.tagging.models import Decider, TagDecision, Verdict
from voxpop.tagging.services import bulk_record_decisions
from voxpop.users.models import User

FLAT_TAGS = 200
WEEKS = 8


def simulate(seed: int, rising_recent: float = 30.0) -> tuple[list[int], list[int], int, int]:
    """Weekly counts: 200 flat Poisson tags (each its own rate) and, last, one tag at 5
    a week that jumps to ``rising_recent`` in the recent week; plus untagged volume."""
    rng = np.random.default_rng(seed)
    rates = rng.uniform(1, 40, FLAT_TAGS)
    baseline = rng.poisson(rates * WEEKS)
    recent = rng.poisson(rates)
    baseline = np.append(baseline, rng.poisson(5 * WEEKS))
    recent = np.append(recent, rng.poisson(rising_recent))
    other_weekly = 2000
    baseline_total = int(baseline.sum() + rng.poisson(other_weekly * WEEKS))
    recent_total = int(recent.sum() + rng.poisson(other_weekly))
    return recent.tolist(), baseline.tolist(), recent_total, baseline_total


def flagged(recent: list[int], baseline: list[int], recent_total: int, baseline_total: int) -> set[int]:
    q = benjamini_hochberg(growth_p_values(recent, baseline, recent_total, baseline_total))
    return {int(i) for i in np.flatnonzero(q <= 0.05)}


def test_the_rising_tag_is_flagged_and_the_200_flat_ones_are_not() -> None:
    recent, baseline, recent_total, baseline_total = simulate(seed=2026)
    assert flagged(recent, baseline, recent_total, baseline_total) == {FLAT_TAGS}


def test_false_alarms_over_many_flat_tags_stay_rare_across_seeds() -> None:
    # 50 runs of 200 flat tags: 10,000 flat tests. Under BH at 5% with every flat tag
    # null, a run flags any flat tag with probability at most about 5%.
    false_alarms = 0
    runs_with_any = 0
    found = 0
    for seed in range(50):
        hits = flagged(*simulate(seed))
        false_alarms += len(hits - {FLAT_TAGS})
        runs_with_any += bool(hits - {FLAT_TAGS})
        found += FLAT_TAGS in hits
    assert runs_with_any <= 5, runs_with_any
    assert false_alarms <= 8, false_alarms
    assert found == 50


def test_a_busier_week_for_everyone_is_not_an_emerging_topic() -> None:
    # Every tag doubles, and so does the total: no share grew.
    baseline = [80, 160, 40]
    recent = [20, 40, 10]
    assert flagged(recent, baseline, recent_total=2000, baseline_total=8000) == set()
    # The same recent counts with an unchanged total are growth.
    assert flagged(recent, baseline, recent_total=1000, baseline_total=8000) == {0, 1, 2}


def test_benjamini_hochberg_matches_the_textbook_example() -> None:
    p = [0.01, 0.04, 0.03, 0.005, 0.5]
    assert np.allclose(benjamini_hochberg(p), [0.025, 0.05, 0.05, 0.025, 0.5])


END = datetime(2026, 6, 29, tzinfo=UTC)


@pytest.mark.django_db
def test_emerging_topics_in_the_workspace_lists_the_rising_tag_with_quotes(
    source: Source, editor: User, viewer: User
) -> None:
    rng = np.random.default_rng(7)
    slugs = [f"flat-{i}" for i in range(30)]
    tags = make_tree(*[f"product/{slug}" for slug in slugs], "product/sso-outage")
    accounts = [Account.objects.create(name=f"Co {i}", domain=f"co{i}.example") for i in range(10)]
    plan: list[tuple[str, datetime]] = []
    for slug in slugs:
        rate = rng.uniform(1, 6)
        for week in range(WEEKS + 1):
            for _ in range(rng.poisson(rate)):
                plan.append((slug, END - timedelta(days=7 * week + rng.uniform(0, 7))))
    for week in range(1, WEEKS + 1):
        plan.append(("sso-outage", END - timedelta(days=7 * week + 3)))
    plan += [("sso-outage", END - timedelta(days=rng.uniform(0, 7))) for _ in range(15)]
    plan += [("", END - timedelta(days=rng.uniform(0, 63))) for _ in range(300)]  # untagged volume
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                source=source,
                external_id=f"e{i}",
                channel=Channel.CHAT,
                started_at=when,
                account=accounts[i % len(accounts)],
            )
            for i, (_slug, when) in enumerate(plan)
        ]
    )
    Message.objects.bulk_create(
        [
            Message(
                conversation=c,
                author_role=AuthorRole.CUSTOMER,
                sent_at=c.started_at,
                text=f"SSO login is down for our whole team <b>{i}</b>"
                if slug == "sso-outage"
                else "Something else",
            )
            for i, (c, (slug, _when)) in enumerate(zip(conversations, plan, strict=True))
        ]
    )
    bulk_record_decisions(
        [
            TagDecision(
                conversation=c,
                tag=tags[slug],
                verdict=Verdict.ACCEPT,
                decider=Decider.PERSON,
                user=editor,
                created_at=c.started_at,
            )
            for c, (slug, _when) in zip(conversations, plan, strict=True)
            if slug
        ]
    )
    report = emerging_topics(end=END)
    assert [topic.slug for topic in report.topics] == ["sso-outage"]
    assert report.tested == 31
    topic = report.topics[0]
    assert topic.recent == 15 and topic.baseline == WEEKS and topic.q_value <= 0.05
    assert len(topic.quotes) == 3 and all("SSO login is down" in q["text"] for q in topic.quotes)
    page = as_user(viewer).get("/explore/emerging?end=2026-06-28").content.decode()
    assert 'data-tag="sso-outage"' in page and "flat-" not in page
    assert "&lt;b&gt;" in page and "<b>" not in page.split('data-tag="sso-outage"')[1]
    body = as_user(viewer).get("/api/explore/emerging?end=2026-06-28").json()
    assert [t["slug"] for t in body["topics"]] == ["sso-outage"]
