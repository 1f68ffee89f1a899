"""The feature evidence page's read model: one function, :func:`evidence`, used by the
page, the API and the Markdown export alike.

Cost: one query for the demand conversations, one for their accounts, one for contact
names, two for quotes and one for lost-deal subjects; everything else is folded in
Python from those rows.

Best quotes, in this order (docs/roadmap.md says the same):

1. Quotes linked to the feature (a person chose them for it) before quotes tagged with
   a linked tag (a person chose them for the tag).
2. Within each, one quote per requester first (its most recent), the requester with
   the highest ARR first, then the most recent; then the remaining quotes, most
   recent first.
3. A tagged quote counts only while its conversation is still demand for the feature.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from voxpop.conversations.models import Channel, Conversation
from voxpop.roadmap import ledger
from voxpop.roadmap.ledger import ZERO, Ask, Request
from voxpop.roadmap.models import Feature, FeatureQuote
from voxpop.roadmap.queries import demand_tag_ids
from voxpop.tagging.models import TagDecision

BEST_QUOTES = 8
TREND_WEEKS = 104
DIMENSIONS = ("segment", "plan", "region", "language", "channel")


@dataclass
class Slice:
    value: str
    conversations: int = 0
    accounts: int = 0
    arr: Decimal = ZERO


@dataclass
class Week:
    week: date
    conversations: int = 0
    requesters: int = 0


@dataclass
class QuoteItem:
    text: str
    origin: str  # "linked" or "tagged"
    conversation_id: int
    language: str
    channel: str
    said_at: datetime
    requester: str
    arr: Decimal | None
    currency: str
    tag: str = ""
    quote_id: int | None = None


@dataclass
class LostDeal:
    conversation_id: int
    subject: str
    requester: str
    amount: Decimal
    closed_at: datetime


@dataclass
class Evidence:
    feature: Feature
    conversations: int
    requests: int
    unique_accounts: int
    arr: Decimal
    revenue_at_stake: Decimal
    currencies: list[str]
    first_ask_at: datetime | None
    latest_ask_at: datetime | None
    trend: list[Week]
    breakdowns: dict[str, list[Slice]]
    quotes: list[QuoteItem]
    ledger: list[Request]
    lost_deals: list[LostDeal]
    generated_at: datetime = field(default_factory=timezone.now)


def monday(moment: datetime) -> date:
    """The Monday (UTC) of the week of ``moment``."""
    day = moment.astimezone(UTC).date() if timezone.is_aware(moment) else moment.date()
    return day - timedelta(days=day.weekday())


def evidence(feature: Feature) -> Evidence:
    tag_ids = demand_tag_ids(feature)
    asked = ledger.asks(feature, tag_ids)
    rows = ledger.build(asked)
    by_requester = {(r.kind, r.key): r for r in rows}
    by_conversation = {ask.conversation_id: ask for ask in asked}
    summary = ledger.summarize(feature.pk, asked, rows)
    return Evidence(
        feature=feature,
        conversations=summary.conversations,
        requests=summary.requests,
        unique_accounts=summary.reach,
        arr=summary.arr,
        revenue_at_stake=summary.revenue_at_stake,
        currencies=sorted({r.currency for r in rows if r.kind == "account" and r.currency}),
        first_ask_at=asked[0].started_at if asked else None,
        latest_ask_at=asked[-1].started_at if asked else None,
        trend=_trend(asked),
        breakdowns=_breakdowns(rows),
        quotes=_quotes(feature, tag_ids, by_conversation, by_requester),
        ledger=rows,
        lost_deals=_lost_deals(asked, by_requester),
    )


def _trend(asked: list[Ask]) -> list[Week]:
    weeks: dict[date, Week] = {}
    seen: dict[date, set[tuple[str, int]]] = defaultdict(set)
    for ask in asked:
        week = monday(ask.started_at)
        row = weeks.setdefault(week, Week(week))
        row.conversations += 1
        seen[week].add(ask.requester)
    if not weeks:
        return []
    last = max(weeks)
    first = max(min(weeks), last - timedelta(weeks=TREND_WEEKS - 1))
    filled = []
    week = first
    while week <= last:
        row = weeks.get(week, Week(week))
        row.requesters = len(seen.get(week, ()))
        filled.append(row)
        week += timedelta(weeks=1)
    return filled


def _breakdowns(rows: list[Request]) -> dict[str, list[Slice]]:
    """Conversations, accounts and ARR per segment, plan and region (the account's) and
    per language and channel (the conversation's), folded from the ledger rows."""
    slices: dict[str, dict[str, Slice]] = {d: {} for d in DIMENSIONS}
    for request in rows:
        is_account = request.kind == "account"
        arr = request.arr or ZERO
        per_value: dict[str, dict[str, int]] = {
            "segment": {request.segment: request.conversations},
            "plan": {request.plan: request.conversations},
            "region": {request.region: request.conversations},
            "language": request.languages,
            "channel": request.channels,
        }
        for dimension, counts in per_value.items():
            for value, conversations in counts.items():
                found = slices[dimension].get(value)
                if found is None:
                    found = slices[dimension][value] = Slice(value)
                found.conversations += conversations
                found.accounts += is_account
                found.arr += arr
    return {
        dimension: sorted(values.values(), key=lambda s: (-s.conversations, s.value))
        for dimension, values in slices.items()
    }


def _quotes(
    feature: Feature,
    tag_ids: list[int],
    by_conversation: dict[int, Ask],
    by_requester: dict[tuple[str, int], Request],
) -> list[QuoteItem]:
    def item(text: str, origin: str, conversation_id: int, **extra: Any) -> QuoteItem | None:
        """A quote with its requester's ARR; None when the conversation is no longer demand."""
        ask = by_conversation.get(conversation_id)
        if ask is None:
            return None
        request = by_requester[ask.requester]
        return QuoteItem(
            text=text,
            origin=origin,
            conversation_id=conversation_id,
            language=ask.language,
            channel=ask.channel,
            said_at=ask.started_at,
            requester=request.name,
            arr=request.arr,
            currency=request.currency,
            **extra,
        )

    linked = [
        item(q.text, "linked", q.conversation_id, quote_id=q.pk)
        for q in FeatureQuote.objects.filter(feature=feature).only("pk", "text", "conversation_id")
    ]
    tagged: list[QuoteItem | None] = []
    if tag_ids:
        tagged = [
            item(d.quote_text, "tagged", d.conversation_id, tag=d.tag.name)
            for d in TagDecision.objects.filter(
                tag_id__in=_with_merged(tag_ids),
                verdict="accept",
                quote_start__isnull=False,
                undone_by__isnull=True,
                undoes__isnull=True,
            )
            .exclude(quote_text="")
            .select_related("tag")
            .only("quote_text", "conversation_id", "tag__name")
            .order_by("-created_at", "-id")[:200]
        ]
    best: list[QuoteItem] = []
    for group in (linked, tagged):
        best += _rank([q for q in group if q is not None], by_conversation)
        if len(best) >= BEST_QUOTES:
            break
    return best[:BEST_QUOTES]


def _rank(quotes: list[QuoteItem], by_conversation: dict[int, Ask]) -> list[QuoteItem]:
    quotes = sorted(quotes, key=lambda q: q.said_at, reverse=True)
    first: dict[tuple[str, int], QuoteItem] = {}
    rest = []
    for quote in quotes:
        key = by_conversation[quote.conversation_id].requester
        if key in first:
            rest.append(quote)
        else:
            first[key] = quote
    leaders = sorted(first.values(), key=lambda q: (-(q.arr or ZERO), -q.said_at.timestamp()))
    return leaders + rest


def _with_merged(tag_ids: list[int]) -> list[int]:
    """``tag_ids`` and the merged tags that now count as one of them (their old
    decisions, and so their quotes, keep their own tag id)."""
    from voxpop.tagging.services import merge_targets

    wanted = set(tag_ids)
    return sorted(wanted | {pk for pk, target in merge_targets().items() if target in wanted})


def _lost_deals(asked: list[Ask], by_requester: dict[tuple[str, int], Request]) -> list[LostDeal]:
    lost = [ask for ask in asked if ask.channel == Channel.LOST_DEAL]
    subjects = dict(
        Conversation.objects.filter(pk__in=[a.conversation_id for a in lost]).values_list("pk", "subject")
    )
    deals = [
        LostDeal(
            conversation_id=ask.conversation_id,
            subject=subjects.get(ask.conversation_id, ""),
            requester=by_requester[ask.requester].name,
            amount=ledger.decimal(ask.amount) or ZERO,
            closed_at=ask.started_at,
        )
        for ask in lost
    ]
    deals.sort(key=lambda d: (-d.amount, d.closed_at))
    return deals
