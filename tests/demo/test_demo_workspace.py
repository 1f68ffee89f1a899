"""The built-in demo workspace: a seeded, reproducible year of Quirewell's customers.

Most properties are checked on the pure plan (no database); the database is loaded
in just two tests, each rolled back afterwards like any other test.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.builders import make_conversation
from voxpop.accounts.models import Account, Segment
from voxpop.conversations.models import AuthorRole, Channel, Conversation, Message, Source
from voxpop.demo import build_workspace, load_demo
from voxpop.demo.content import UNFILLED, fill, languages, particle
from voxpop.demo.errors import DemoError
from voxpop.demo.plan import ConversationPlan, WorkspacePlan
from voxpop.demo.taxonomy import PRODUCT_AREA, QUESTION_TYPE, ROUTE, leaves_under, walk
from voxpop.demo.topics import FLAT_TOPIC, PRICING_TOPIC, RISING_TOPIC
from voxpop.planning import scoring
from voxpop.planning.models import PlanningPeriod
from voxpop.roadmap.models import Feature, FeatureStatus
from voxpop.tagging.models import ConversationTag, Decider, TagDecision
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User

ANCHOR = date(2025, 6, 1)
SUPPORT = (Channel.EMAIL, Channel.CHAT, Channel.TICKET)


@pytest.fixture(scope="module")
def plan() -> WorkspacePlan:
    return build_workspace(seed=7, anchor=ANCHOR)


def texts(conversation: ConversationPlan) -> list[str]:
    return [conversation.subject, *(m.text for m in conversation.messages)]


# ---------------------------------------------------------------- reproducible


def test_same_seed_and_anchor_give_an_identical_plan(plan: WorkspacePlan) -> None:
    assert build_workspace(seed=7, anchor=ANCHOR) == plan


def test_another_seed_gives_a_different_plan(plan: WorkspacePlan) -> None:
    other = build_workspace(seed=8, anchor=ANCHOR)
    assert other.conversations != plan.conversations
    assert [c.subject for c in other.conversations[:50]] != [c.subject for c in plan.conversations[:50]]


def test_anchor_defaults_to_today() -> None:
    assert build_workspace(seed=7).anchor == datetime.now(UTC).date()


# ---------------------------------------------------------------- shape


def test_taxonomy_is_three_levels_deep_over_two_facets_and_a_route_root(plan: WorkspacePlan) -> None:
    nodes = list(walk(plan.taxonomy))
    assert 80 <= len(nodes) <= 150
    assert max(depth for _, depth in nodes) == 2
    assert [root["slug"] for root in plan.taxonomy] == [PRODUCT_AREA, QUESTION_TYPE, ROUTE]
    assert {node["slug"] for node in plan.taxonomy[2]["children"]} == {
        "sales",
        "self-serve",
        "support",
        "partnerships",
    }
    leaves = [node for node, _ in nodes if not node["children"]]
    assert sum(1 for leaf in leaves if leaf["description"]) / len(leaves) > 0.8
    assert sum(1 for leaf in leaves if leaf["examples"]) >= len(leaves) // 2
    assert all(len(leaf["examples"]) <= 3 for leaf in leaves)


def test_counts_are_in_range(plan: WorkspacePlan) -> None:
    assert 40 <= len(plan.accounts) <= 80
    assert 1900 <= len(plan.conversations) <= 2100
    assert 300 <= sum(1 for c in plan.conversations if c.tagged_by) <= 500
    assert 3 <= len(plan.owners) <= 4
    assert len({c.external_id for c in plan.conversations}) == len(plan.conversations)
    assert plan.conversations[0].external_id == "demo-00001"


def test_accounts_span_plans_and_segments_and_keep_team_and_company_size_apart(plan: WorkspacePlan) -> None:
    assert {a.plan for a in plan.accounts} == {"free", "plus", "business", "enterprise"}
    assert {a.segment for a in plan.accounts} == set(Segment.values)
    assert all(a.arr == Decimal("0.00") for a in plan.accounts if a.plan == "free")
    assert all(
        a.arr > 0
        for a in plan.accounts
        if a.plan != "free" and a.lifecycle_stage not in ("trial", "prospect")
    )
    assert any(a.team_size <= 40 and a.company_size >= 20000 for a in plan.accounts)
    assert all(a.team_size <= a.company_size for a in plan.accounts)
    assert {a.owner for a in plan.accounts} - {""} == {o.username for o in plan.owners}
    assert len({a.domain for a in plan.accounts}) == len(plan.accounts)
    assert all(a.churned_on is None or a.churned_on >= a.created_on for a in plan.accounts)


def test_contacts_write_in_their_accounts_language_at_its_domain(plan: WorkspacePlan) -> None:
    locale = {"en": "en", "zh": "zh-hans", "ko": "ko"}
    for contact in plan.contacts:
        if contact.account is not None:
            account = plan.accounts[contact.account]
            assert contact.email.endswith("@" + account.domain)
            assert contact.locale == locale[account.language]
    assert {c.kind for c in plan.contacts if c.account is None} == {"prospect", "social"}
    for conversation in plan.conversations:
        assert plan.contacts[conversation.contact].locale == locale[conversation.language]


def test_languages_come_in_roughly_the_intended_shares(plan: WorkspacePlan) -> None:
    shares = Counter(c.language for c in plan.conversations)
    total = len(plan.conversations)
    assert 0.62 <= shares["en"] / total <= 0.78
    assert 0.10 <= shares["zh"] / total <= 0.20
    assert 0.10 <= shares["ko"] / total <= 0.20


def test_every_channel_is_present(plan: WorkspacePlan) -> None:
    assert {c.channel for c in plan.conversations} == set(Channel.values)


def test_conversations_fall_in_the_year_before_the_anchor_and_close_after_they_start(
    plan: WorkspacePlan,
) -> None:
    start, end = plan.window
    for c in plan.conversations:
        assert start <= c.started_at < end
        assert c.started_at.tzinfo is UTC
        assert c.closed_at is None or c.started_at <= c.closed_at <= end
        times = [m.sent_at for m in c.messages]
        assert times == sorted(times) and times[0] == c.started_at and times[-1] < end
        assert 1 <= len(c.messages) <= 6


def test_support_conversations_start_with_the_customer_and_get_agent_replies(plan: WorkspacePlan) -> None:
    support = [c for c in plan.conversations if c.channel in SUPPORT]
    assert all(c.messages[0].author_role == AuthorRole.CUSTOMER for c in support)
    assert sum(1 for c in support if any(m.author_role == AuthorRole.AGENT for m in c.messages)) > 0.9 * len(
        support
    )
    assert any(m.author_role == AuthorRole.NOTE for c in support for m in c.messages)
    calls = [c for c in plan.conversations if c.channel == Channel.CALL]
    assert all(
        [m.author_role for m in c.messages[:4]] == ["customer", "agent", "customer", "agent"] for c in calls
    )


def test_lost_deals_carry_their_amount_and_a_reason(plan: WorkspacePlan) -> None:
    deals = [c for c in plan.conversations if c.channel == Channel.LOST_DEAL]
    assert len(deals) >= 30
    for deal in deals:
        assert deal.amount is not None and deal.amount > 0
        assert f"{int(deal.amount):,}" in deal.messages[0].text
    assert all(c.amount is None for c in plan.conversations if c.channel != Channel.LOST_DEAL)


def test_arr_at_time_follows_each_accounts_history(plan: WorkspacePlan) -> None:
    grown = [i for i, a in enumerate(plan.accounts) if len({s.arr for s in a.stages}) > 1]
    assert grown
    for c in plan.conversations:
        if c.account is not None:
            account = plan.accounts[c.account]
            assert c.arr_at_time == account.stage_on(c.started_at.date()).arr
            assert c.context.get("plan_at_time") == account.stage_on(c.started_at.date()).plan
    amounts = {c.arr_at_time for c in plan.conversations if c.account in grown}
    assert len(amounts) > len(grown)


# ---------------------------------------------------------------- stories to find


def test_rising_topic_doubles_over_the_year_while_the_flat_topic_does_not(plan: WorkspacePlan) -> None:
    start, end = plan.window

    def first_and_last_quarter(topic: str) -> tuple[int, int]:
        times = [c.started_at for c in plan.conversations if c.topic == topic]
        first = sum(1 for t in times if t < start + timedelta(days=91))
        last = sum(1 for t in times if t >= end - timedelta(days=91))
        return first, last

    first, last = first_and_last_quarter(RISING_TOPIC)
    assert first > 0 and last >= 2 * first
    flat_first, flat_last = first_and_last_quarter(FLAT_TOPIC)
    assert flat_first > 5 and flat_last < 2 * flat_first


def test_pricing_page_chats_ask_which_plan_and_are_told_their_plan(plan: WorkspacePlan) -> None:
    chats = [
        c
        for c in plan.conversations
        if c.channel == Channel.CHAT and c.context.get("page") == "/pricing" and c.topic == PRICING_TOPIC
    ]
    assert len(chats) >= 10
    for chat in chats:
        assert chat.account is not None
        assert "billing-which-plan" in chat.labels
        plan_name = languages()[chat.language].phrases[f"plan.{chat.context['plan_at_time']}"][0]
        replies = [m.text for m in chat.messages if m.author_role == AuthorRole.AGENT]
        assert replies and plan_name in replies[0]


def test_tagged_conversations_carry_a_product_area_and_a_question_type_matching_the_text(
    plan: WorkspacePlan,
) -> None:
    products, question_types = set(leaves_under(PRODUCT_AREA)), set(leaves_under(QUESTION_TYPE))
    routes = set(leaves_under(ROUTE))
    owners = {o.username for o in plan.owners}
    tagged = [c for c in plan.conversations if c.tagged_by]
    for c in tagged:
        assert c.tags[0] == c.topic and c.tags[0] in products
        assert c.tags[1] in question_types
        assert set(c.tags[2:]) <= routes and len(c.tags) <= 3
        assert c.tagged_by in owners
        assert c.tagged_at is not None and c.started_at < c.tagged_at < plan.window[1]
    assert any(len(c.tags) == 3 for c in tagged) and any(len(c.tags) == 2 for c in tagged)
    assert all(not c.tags for c in plan.conversations if not c.tagged_by)


# ---------------------------------------------------------------- the texts


def test_every_language_has_the_same_phrase_keys_and_topic_texts() -> None:
    by_code = languages()
    english = by_code["en"]
    for code in ("zh", "ko"):
        other = by_code[code]
        assert set(other.phrases) == set(english.phrases), code
        assert set(other.topics) == set(english.topics), code
        for slug, text in english.topics.items():
            for kind in ("bug", "request", "question"):
                assert bool(getattr(other.topics[slug], kind)) == bool(getattr(text, kind)), (
                    code,
                    slug,
                    kind,
                )


def test_korean_particles_follow_the_last_syllable() -> None:
    assert fill("{noun:을} 정리했어요", {"noun": "데이터베이스"}) == "데이터베이스를 정리했어요"
    assert fill("{noun:을} 정리했어요", {"noun": "속성"}) == "속성을 정리했어요"
    assert particle("요금제", "이") == "가" and particle("관계형 속성", "이") == "이"
    assert particle("팀스페이스", "은") == "는" and particle("웹훅", "은") == "은"
    assert particle("파일", "으로") == "로" and particle("플러스 요금제", "으로") == "로"
    assert particle("맥 앱", "으로") == "으로"
    assert particle("API", "을") == "를" and particle("SAML", "으로") == "로"
    assert particle("2단계 인증", "과") == "과" and particle("AI 요약", "과") == "과"


def test_korean_texts_never_pair_a_noun_with_the_wrong_particle(plan: WorkspacePlan) -> None:
    nouns = [text.noun for text in languages()["ko"].topics.values()]
    wrong = []
    for noun in nouns:
        for base in ("이", "은", "을", "과"):
            right = particle(noun, base)
            other = {
                "이": "가",
                "가": "이",
                "은": "는",
                "는": "은",
                "을": "를",
                "를": "을",
                "과": "와",
                "와": "과",
            }[right]
            wrong.append(re.escape(noun + other) + r"(?![가-힣])")
    pattern = re.compile("|".join(wrong))
    korean = [t for c in plan.conversations if c.language == "ko" for t in texts(c)]
    assert not [t for t in korean if pattern.search(t)]
    assert any("속성을" in t or "데이터베이스를" in t or "요금제를" in t for t in korean)


def test_no_unfilled_slot_remains_in_any_generated_text(plan: WorkspacePlan) -> None:
    left = [t for c in plan.conversations for t in texts(c) if UNFILLED.search(t) or "{" in t or "}" in t]
    assert left == []


def test_texts_are_real_prose_in_their_language_not_lorem_ipsum(plan: WorkspacePlan) -> None:
    everything = [t for c in plan.conversations for t in texts(c)]
    assert not [t for t in everything if re.search(r"lorem|ipsum|dolor sit", t, re.IGNORECASE)]
    assert all(t.strip() for t in everything)
    assert len({m.text for c in plan.conversations for m in c.messages}) > 2500
    hangul, han = re.compile(r"[가-힣]"), re.compile(r"[\u4e00-\u9fff]")
    for c in plan.conversations:
        customer = " ".join(
            m.text for m in c.messages if m.author_role in (AuthorRole.CUSTOMER, AuthorRole.NOTE)
        )
        if c.language == "ko":
            assert hangul.search(customer), customer
        elif c.language == "zh":
            assert han.search(customer) and not hangul.search(customer), customer
        else:
            assert not hangul.search(customer), customer


# ---------------------------------------------------------------- into the database


@pytest.mark.django_db
@pytest.mark.slow
def test_load_demo_writes_the_whole_workspace_in_range() -> None:
    counts = load_demo(seed=7, anchor=ANCHOR)

    assert counts["conversations"] == Conversation.objects.count()
    assert 1900 <= counts["conversations"] <= 2100
    assert 40 <= counts["accounts"] == Account.objects.count() <= 80
    assert counts["messages"] == Message.objects.count()
    tags = Tag.objects.all()
    assert 80 <= counts["tags"] == tags.count() <= 150
    assert max(tags.values_list("depth", flat=True)) == 2
    assert set(tags.filter(is_facet=True).values_list("slug", flat=True)) == {
        PRODUCT_AREA,
        QUESTION_TYPE,
        ROUTE,
    }
    tagged_ids = set(ConversationTag.objects.values_list("conversation_id", flat=True))
    assert 300 <= counts["tagged"] == len(tagged_ids) <= 500

    facets_of = {cid: set() for cid in tagged_ids}
    for cid, facet in ConversationTag.objects.values_list("conversation_id", "tag__facet__slug"):
        facets_of[cid].add(facet)
    assert all({PRODUCT_AREA, QUESTION_TYPE} <= facets for facets in facets_of.values())

    decisions = TagDecision.objects.select_related("conversation", "user")
    assert decisions.count() == counts["decisions"]
    assert {d.decider for d in decisions} == {Decider.PERSON}
    assert all(d.created_at > d.conversation.started_at for d in decisions)
    owners = User.objects.filter(username__in={d.user.username for d in decisions})
    assert owners.count() >= 3 and not any(user.has_usable_password() for user in owners)

    assert Source.objects.get().name == "Demo workspace"
    assert set(Conversation.objects.values_list("language", flat=True)) == {"en", "zh", "ko"}
    assert not Conversation.objects.filter(channel=Channel.LOST_DEAL, amount__isnull=True).exists()
    assert Conversation.objects.filter(context__page="/pricing").exists()
    assert Account.objects.filter(owner__isnull=False).count() > 30

    # The roadmap: features wired to the demo's tags, with quotes from distinct accounts.
    features = Feature.objects.prefetch_related("quotes", "tag_links")
    assert counts["features"] == features.count() >= 5
    assert all(f.tag_links.exists() for f in features)
    for feature in features:
        quotes = list(feature.quotes.all())
        assert 1 <= len(quotes) <= 3, feature.title
        assert len({q.conversation.account_id for q in quotes}) == len(quotes)
        assert all(q.message.text[q.start : q.end].strip() == q.text for q in quotes)
        assert all(
            ConversationTag.objects.filter(
                conversation_id=q.conversation_id, tag__in=[link.tag for link in feature.tag_links.all()]
            ).exists()
            for q in quotes
        )
    assert features.filter(status=FeatureStatus.SHIPPED, shipped_at__isnull=False).exists()
    assert set(PlanningPeriod.objects.values_list("period", flat=True)) == {"2025-H1", "2025-H2"}
    assert {f.target_period for f in features} == {"", "2025-H1", "2025-H2"}
    assert all(s.accounts > 0 for s in scoring.ranked())


@pytest.mark.django_db
def test_loading_into_a_non_empty_workspace_raises_and_writes_nothing(source: Source) -> None:
    make_conversation(source, "Hello, is anyone there?")
    users_before = User.objects.count()

    with pytest.raises(
        DemoError, match="already has 1 conversations; the demo loads only into an empty database"
    ):
        load_demo(seed=7, anchor=ANCHOR)

    assert Conversation.objects.count() == 1
    assert Tag.objects.count() == 0
    assert Account.objects.count() == 0
    assert User.objects.count() == users_before
