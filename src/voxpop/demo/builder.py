"""The pure builder of the demo workspace: a seed and an anchor day in, a plan out.

Everything random comes from one ``random.Random(seed)``, drawn in a fixed order, so
the same seed and anchor always give the same plan. Nothing here touches the
database; :mod:`voxpop.demo.writer` does that.

The year of conversations has a few stories to find: the AI page-summaries topic
grows month by month over the last four months, relation properties stay flat,
customers on the pricing page ask which plan they are on, and lost deals name the
capability that was missing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from random import Random
from typing import TypeVar

from voxpop.conversations.models import Channel
from voxpop.demo.accounts import build_accounts, build_contacts, greeting_name
from voxpop.demo.compose import Cast, Draft, compose
from voxpop.demo.content import Language, languages
from voxpop.demo.people import OWNERS
from voxpop.demo.plan import AccountPlan, ContactPlan, ConversationPlan, WorkspacePlan, day_start
from voxpop.demo.taxonomy import TREE
from voxpop.demo.topics import PRICING_TOPIC, RISING_TOPIC, TOPICS, Topic

T = TypeVar("T")

LANGUAGE_SHARES = (("en", 0.70), ("zh", 0.15), ("ko", 0.15))
# Conversations outside the support inbox, per year (before a little noise).
CHANNEL_QUOTAS: dict[str, int] = {
    Channel.CALL: 120,
    Channel.SOCIAL: 100,
    Channel.LOST_DEAL: 55,
    Channel.SALES_NOTE: 30,
    Channel.SURVEY: 45,
    Channel.IDEA: 40,
}
# Share of all conversations that belong to the rising topic, and how they spread:
# a quarter evenly over the year, the rest ramping up over the last RAMP_DAYS.
RISING_SHARE = 0.06
RISING_BASELINE = 0.25
RAMP_DAYS = 120
FAMILY_WEIGHTS = {"bug": 3.0, "question": 3.0, "request": 2.0, "complaint": 0.7, "praise": 0.5, "deal": 0.0}
CHANNEL_FAMILIES: dict[str, tuple[str, ...]] = {
    Channel.CALL: ("bug", "request", "question", "complaint"),
    Channel.SOCIAL: ("bug", "request", "complaint", "praise"),
    Channel.SURVEY: ("praise", "complaint", "request"),
    Channel.IDEA: ("request",),
}
# Which support channel a kind of conversation arrives through.
SUPPORT_MIX = {
    "bug": ((Channel.TICKET, 0.4), (Channel.EMAIL, 0.35), (Channel.CHAT, 0.25)),
    "question": ((Channel.CHAT, 0.5), (Channel.EMAIL, 0.3), (Channel.TICKET, 0.2)),
    "billing": ((Channel.EMAIL, 0.5), (Channel.CHAT, 0.4), (Channel.TICKET, 0.1)),
    "request": ((Channel.EMAIL, 0.6), (Channel.CHAT, 0.3), (Channel.TICKET, 0.1)),
    "complaint": ((Channel.EMAIL, 0.6), (Channel.TICKET, 0.3), (Channel.CHAT, 0.1)),
    "praise": ((Channel.EMAIL, 0.6), (Channel.CHAT, 0.4)),
}
# Local working hours of each language's customers, in UTC.
WORKING_HOURS_UTC = {"en": (13, 23), "zh": (1, 10), "ko": (0, 9)}
PLAN_WEIGHT = {"free": 1.0, "plus": 1.5, "business": 2.5, "enterprise": 4.0}
PRESALES_TOPICS = ("sso-saml", "security-review", "data-residency", "page-permissions", "free-trial")
STAGES_LOST = ("discovery", "evaluation", "security_review", "procurement", "negotiation")
TAGGED_RANGE = (370, 450)


def _weighted(rng: Random, pairs: Sequence[tuple[T, float]]) -> T:
    total = sum(weight for _, weight in pairs)
    point = rng.random() * total
    for value, weight in pairs:
        point -= weight
        if point < 0:
            return value
    return pairs[-1][0]


@dataclass(frozen=True)
class _Slot:
    """A conversation before it has text: when, in which language, about what."""

    started_at: datetime
    language: str
    draft: Draft


def build_workspace(seed: int = 7, anchor: date | None = None) -> WorkspacePlan:
    """The whole demo workspace as plain data. Same seed and anchor, same plan."""
    anchor = anchor or datetime.now(UTC).date()
    rng = Random(seed)
    accounts = build_accounts(rng, anchor)
    contacts = build_contacts(rng, accounts)
    end = day_start(anchor)
    slots = _schedule(rng, end)
    texts = languages()
    conversations = [
        _conversation(rng, texts[slot.language], slot, number, accounts, contacts, end)
        for number, slot in enumerate(slots, start=1)
    ]
    return WorkspacePlan(
        seed=seed,
        anchor=anchor,
        taxonomy=TREE,
        owners=OWNERS,
        accounts=accounts,
        contacts=contacts,
        conversations=tuple(_tag_some(rng, conversations, accounts, end)),
    )


# ---------------------------------------------------------------- what happens when


def _schedule(rng: Random, end: datetime) -> list[_Slot]:
    total = 1960 + rng.randrange(81)
    rising = round(total * RISING_SHARE)
    quotas = {
        channel: count + rng.randint(-count // 8, count // 8) for channel, count in CHANNEL_QUOTAS.items()
    }
    support = total - rising - sum(quotas.values())
    topics = [(topic, topic.weight) for topic in TOPICS.values() if topic.weight > 0]
    slots: list[_Slot] = []
    for _ in range(rising):
        days_back = (
            rng.uniform(0, 365)
            if rng.random() < RISING_BASELINE
            else RAMP_DAYS * (1 - math.sqrt(rng.random()))
        )
        language = _weighted(rng, LANGUAGE_SHARES)
        draft = _support_draft(rng, TOPICS[RISING_TOPIC])
        slots.append(_Slot(_moment(rng, end, days_back, language), language, draft))
    for _ in range(support):
        draft = _support_draft(rng, _weighted(rng, topics))
        language = _weighted(rng, LANGUAGE_SHARES)
        slots.append(_Slot(_moment(rng, end, rng.uniform(0, 365), language), language, draft))
    for channel, count in quotas.items():
        for _ in range(count):
            draft = _other_draft(rng, channel, topics)
            language = _weighted(rng, LANGUAGE_SHARES)
            slots.append(_Slot(_moment(rng, end, rng.uniform(0, 365), language), language, draft))
    slots.sort(key=lambda slot: (slot.started_at, slot.language, slot.draft.topic.slug))
    return slots


def _moment(rng: Random, end: datetime, days_back: float, language: str) -> datetime:
    """A time ``days_back`` days before ``end``, moved into working hours; weekends are quieter."""
    day = (end - timedelta(days=days_back)).date()
    if day.weekday() >= 5 and rng.random() < 0.65:
        friday = day - timedelta(days=day.weekday() - 4)
        if day_start(friday) >= end - timedelta(days=365):
            day = friday
    first, last = WORKING_HOURS_UTC[language]
    moment = day_start(day) + timedelta(
        hours=rng.randint(first, last), minutes=rng.randrange(60), seconds=rng.randrange(60)
    )
    return min(moment, end - timedelta(minutes=rng.randint(5, 600)))


def _family(rng: Random, topic: Topic, allowed: Sequence[str]) -> str:
    options = [(family, FAMILY_WEIGHTS[family]) for family in topic.families() if family in allowed]
    return _weighted(rng, options) if options else ""


def _kind(rng: Random, topic: Topic, family: str) -> str:
    if family == "complaint":
        if topic.is_billing:
            return _weighted(rng, (("pricing", 0.7), ("support", 0.3)))
        return _weighted(rng, (("reliability", 0.6), ("support", 0.4)))
    if family == "praise":
        return _weighted(rng, (("product", 0.7), ("support", 0.3)))
    return ""


def _support_draft(rng: Random, topic: Topic) -> Draft:
    family = _family(rng, topic, ("bug", "request", "question", "complaint", "praise"))
    mix = "billing" if family == "question" and topic.is_billing else family
    pricing = topic.slug == PRICING_TOPIC and family == "question" and rng.random() < 0.8
    channel = Channel.CHAT if pricing else _weighted(rng, SUPPORT_MIX[mix])
    return Draft(channel, topic, family, _kind(rng, topic, family), pricing)


def _other_draft(rng: Random, channel: str, topics: list[tuple[Topic, float]]) -> Draft:
    if channel == Channel.LOST_DEAL:
        return Draft(channel, _weighted(rng, [(t, w) for t, w in topics if t.deal_blocker]), "deal")
    if channel == Channel.SALES_NOTE:
        candidates = [(t, w * (3 if t.deal_blocker else 1)) for t, w in topics if t.request]
        return Draft(channel, _weighted(rng, candidates), "sales")
    allowed = CHANNEL_FAMILIES[channel]
    while True:
        topic = _weighted(rng, topics)
        family = _family(rng, topic, allowed)
        if family:
            return Draft(channel, topic, family, _kind(rng, topic, family))


# ---------------------------------------------------------------- who, and the text


def _conversation(
    rng: Random,
    language: Language,
    slot: _Slot,
    number: int,
    accounts: tuple[AccountPlan, ...],
    contacts: tuple[ContactPlan, ...],
    end: datetime,
) -> ConversationPlan:
    draft = slot.draft
    day = slot.started_at.date()
    account_index, contact_index = _who(rng, slot, accounts, contacts)
    account = accounts[account_index] if account_index is not None else None
    contact = contacts[contact_index]
    stage = account.stage_on(day) if account else None
    owner = next((o for o in OWNERS if account and o.username == account.owner), None)
    agent = language.pick(rng, "value.agent")
    cast = Cast(
        customer=contact.handle or contact.name,
        agent=agent,
        owner=owner.full_name if owner else "",
    )
    version = _version(slot.started_at, end, rng)
    platform = rng.choice(draft.topic.platforms)
    seats = stage.seats if stage else rng.randint(20, 400)
    amount = None
    if draft.channel == Channel.LOST_DEAL:
        deal_seats = (
            max(seats, rng.randint(30, 600))
            if account and account.plan in ("free", "plus")
            else seats + rng.randint(20, 300)
        )
        price = 25 if account and account.company_size >= 2000 else 18
        amount = Decimal(deal_seats * price * 12).quantize(Decimal("0.01"))
        seats = deal_seats
    currency = account.currency if account else "USD"
    slots = {
        "platform": language.pick(rng, f"platform.{platform}"),
        "version": version,
        "version_next": _next_version(version),
        "people": str(account.team_size if account else rng.randint(5, 80)),
        "days": str(rng.randint(2, 14)),
        "weekday": language.pick(rng, "value.weekday"),
        "plan": language.pick(rng, f"plan.{stage.plan if stage else 'free'}"),
        "name": contact.name,
        "first": greeting_name(contact),
        "company": account.name if account else contact.company,
        "agent": agent,
        "owner": cast.owner or agent,
        "ticket": f"QW-{rng.randint(10000, 99999)}",
        "issue": f"ENG-{rng.randint(1000, 9999)}",
        "n": str(rng.randint(2, 9)),
        "rows": f"{rng.choice((8, 12, 15, 20, 25, 40, 60, 85)) * 1000:,}",
        "pages": f"{rng.choice((300, 500, 800, 1200, 2000, 3500)):,}",
        "seconds": str(rng.randint(8, 40)),
        "minutes": str(rng.choice((15, 20, 30, 40, 45, 60, 90))),
        "seats": str(seats),
        "score": str(_score(rng, draft.family)),
        "network": language.pick(rng, "value.network"),
        "competitor": language.pick(rng, "value.competitor"),
        "other_tool": language.pick(rng, "value.other_tool"),
        "amount": _money(amount, currency) if amount is not None else "",
    }
    written = compose(language, rng, draft, cast, slots, slot.started_at, end)
    context = _context(rng, draft, slot, stage.plan if stage else "", version, platform, slots, contact)
    return ConversationPlan(
        external_id=f"demo-{number:05d}",
        channel=draft.channel,
        subject=written.subject,
        language=language.code,
        account=account_index,
        contact=contact_index,
        started_at=slot.started_at,
        closed_at=written.closed_at,
        status=written.status,
        context=context,
        arr_at_time=stage.arr if stage else None,
        amount=amount,
        topic=draft.topic.slug,
        labels=_labels(rng, draft, account),
        messages=written.messages,
    )


def _who(
    rng: Random, slot: _Slot, accounts: tuple[AccountPlan, ...], contacts: tuple[ContactPlan, ...]
) -> tuple[int | None, int]:
    """The account (if any) and contact a conversation comes from."""
    draft, language, day = slot.draft, slot.language, slot.started_at.date()
    locale = {"en": "en", "zh": "zh-hans", "ko": "ko"}[language]

    def loose(kind: str) -> int:
        pool = [
            i for i, c in enumerate(contacts) if c.account is None and c.kind == kind and c.locale == locale
        ]
        return rng.choice(pool)

    if draft.channel == Channel.SOCIAL:
        return None, loose("social")
    presales = (
        draft.channel == Channel.CHAT and draft.topic.slug in PRESALES_TOPICS and draft.family == "question"
    )
    if presales and rng.random() < 0.5:
        return None, loose("prospect")
    live = [(i, a) for i, a in enumerate(accounts) if a.language == language and a.active_on(day)]
    if draft.channel in (Channel.LOST_DEAL, Channel.SALES_NOTE):
        pairs = [(i, 4.0) for i, a in live if a.lifecycle_stage in ("prospect", "trial")]
        pairs += [
            (i, 1.0)
            for i, a in live
            if a.plan in ("business", "enterprise", "plus") and a.lifecycle_stage not in ("prospect", "trial")
        ]
    elif draft.channel == Channel.CALL:
        pairs = [(i, PLAN_WEIGHT[a.stage_on(day).plan]) for i, a in live if a.stage_on(day).plan != "free"]
    else:
        pairs = [
            (
                i,
                PLAN_WEIGHT[a.stage_on(day).plan]
                * (0.3 if a.lifecycle_stage == "prospect" else 1)
                * a.team_size**0.3,
            )
            for i, a in live
        ]
    account = _weighted(rng, pairs or [(i, 1.0) for i, _ in live])
    mine = [i for i, c in enumerate(contacts) if c.account == account]
    return account, rng.choice(mine)


def _version(at: datetime, end: datetime, rng: Random) -> str:
    months_back = (end - at).days // 30
    return f"3.{max(0, 20 - months_back)}.{rng.randint(0, 4)}"


def _next_version(version: str) -> str:
    major, minor, _patch = version.split(".")
    return f"{major}.{int(minor) + 1}.0"


def _score(rng: Random, family: str) -> int:
    if family == "praise":
        return rng.randint(9, 10)
    if family == "request":
        return rng.randint(7, 8)
    return rng.randint(0, 6)


def _money(amount: Decimal, currency: str) -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, currency + " ")
    return f"{symbol}{int(amount):,}"


def _context(
    rng: Random,
    draft: Draft,
    slot: _Slot,
    plan: str,
    version: str,
    platform: str,
    slots: dict[str, str],
    contact: ContactPlan,
) -> dict[str, object]:
    context: dict[str, object] = {}
    if plan:
        context["plan_at_time"] = plan
    channel = draft.channel
    if channel in (Channel.EMAIL, Channel.CHAT, Channel.TICKET):
        context["app_version"] = version
        context["platform"] = platform
        if channel == Channel.CHAT:
            if draft.pricing_page or (draft.topic.slug in PRESALES_TOPICS and not plan):
                context["page"] = "/pricing"
            elif draft.topic.is_billing:
                context["page"] = "/settings/billing"
            else:
                context["page"] = rng.choice(("/app", "/app", "/help", f"/help/{draft.topic.slug}"))
        if channel == Channel.TICKET:
            context["priority"] = _weighted(
                rng, (("low", 0.3), ("normal", 0.5), ("high", 0.2 if draft.family != "bug" else 0.4))
            )
    elif channel == Channel.CALL:
        context["duration_minutes"] = rng.choice((15, 20, 25, 30, 45, 60))
    elif channel == Channel.SOCIAL:
        context["network"] = slots["network"]
        context["handle"] = contact.handle
    elif channel == Channel.SURVEY:
        context["nps"] = int(slots["score"])
        context["survey"] = "Quarterly NPS"
    elif channel == Channel.IDEA:
        context["votes"] = rng.randint(1, 60)
    elif channel == Channel.LOST_DEAL:
        context["stage_lost"] = rng.choice(STAGES_LOST)
        context["seats"] = int(slots["seats"])
    elif channel == Channel.SALES_NOTE:
        context["stage"] = rng.choice(STAGES_LOST[:3])
    return context


# ---------------------------------------------------------------- tags


def _labels(rng: Random, draft: Draft, account: AccountPlan | None) -> tuple[str, ...]:
    """The tags this conversation's text deserves: product area, question type, route."""
    topic, family = draft.topic, draft.family
    if family in ("deal", "sales"):
        question_type = "fr-deal-blocker" if topic.deal_blocker else topic.request
    elif family in ("complaint", "praise"):
        question_type = f"{family}-{draft.kind}"
    else:
        question_type = getattr(topic, family)
    route = _route(rng, draft, question_type, account)
    return (topic.slug, question_type, route) if route else (topic.slug, question_type)


def _route(rng: Random, draft: Draft, question_type: str, account: AccountPlan | None) -> str:
    prospect = account is None or account.lifecycle_stage in ("prospect", "trial")
    if draft.family in ("deal", "sales"):
        return "new-business" if prospect else "expansion"
    if account is not None and "reseller" in account.attributes and question_type.startswith("billing-"):
        return "resellers"
    if draft.family == "bug":
        if question_type in ("bug-error", "bug-sync", "bug-wrong-data") and rng.random() < 0.4:
            return "engineering-escalation"
        return rng.choice(("support-tier-1", "support-tier-2"))
    if question_type == "billing-which-plan":
        return "new-business" if prospect else rng.choice(("self-serve-upgrade", "expansion"))
    if question_type == "billing-change-plan":
        return "self-serve-upgrade"
    if question_type.startswith("billing-"):
        return "support-tier-1"
    if question_type.startswith("howto-"):
        return (
            "new-business"
            if account is None
            else rng.choice(("help-center", "help-center", "support-tier-1"))
        )
    if question_type == "fr-integration":
        return "integration-partners"
    if question_type == "complaint-pricing":
        return "renewal"
    if question_type.startswith("complaint-"):
        return "support-tier-2"
    return ""


def _tag_some(
    rng: Random, conversations: list[ConversationPlan], accounts: tuple[AccountPlan, ...], end: datetime
) -> list[ConversationPlan]:
    """People on the team tagged a few hundred conversations, soon after each arrived."""
    eligible = [i for i, c in enumerate(conversations) if c.started_at < end - timedelta(days=2)]
    count = rng.randint(*TAGGED_RANGE)
    chosen = sorted(rng.sample(eligible, count))
    for index in chosen:
        conversation = conversations[index]
        account = accounts[conversation.account] if conversation.account is not None else None
        tagger = account.owner if account and account.owner else rng.choice(OWNERS).username
        product, question_type, *route = conversation.labels
        tags = (product, question_type, *route) if route and rng.random() < 0.6 else (product, question_type)
        after = conversation.closed_at or conversation.messages[-1].sent_at
        at = min(after + timedelta(minutes=rng.randint(5, 60 * 30)), end - timedelta(minutes=1))
        conversations[index] = replace(conversation, tagged_by=tagger, tagged_at=at, tags=tags)
    return conversations
