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

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from voxpop.conversations.models import Channel, Conversation
from voxpop.roadmap import ledger
from voxpop.roadmap.ledger import (
    CHANNEL,
    ID,
    LANGUAGE,
    STARTED,
    WEEK,
    WHO,
    ZERO,
    Request,
    Row,
    aware,
    requester_of,
)
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
    ledger: Sequence[Request]  # a list, or a stored ledger read a chunk at a time
    lost_deals: list[LostDeal]
    generated_at: datetime = field(default_factory=timezone.now)


def monday(moment: datetime) -> date:
    """The Monday (UTC) of the week of ``moment``."""
    day = moment.astimezone(UTC).date() if timezone.is_aware(moment) else moment.date()
    return day - timedelta(days=day.weekday())


def evidence(feature: Feature) -> Evidence:
    tag_ids = demand_tag_ids(feature)
    found = ledger.demand_rows(feature, tag_ids)
    rows = ledger.build(found)
    by_requester = {(r.kind, r.key): r for r in rows}
    summary = ledger.summarize(feature.pk, len(found), rows)
    return Evidence(
        feature=feature,
        conversations=summary.conversations,
        requests=summary.requests,
        unique_accounts=summary.reach,
        arr=summary.arr,
        revenue_at_stake=summary.revenue_at_stake,
        currencies=sorted({r.currency for r in rows if r.kind == "account" and r.currency}),
        first_ask_at=aware(found[0][STARTED]) if found else None,
        latest_ask_at=aware(found[-1][STARTED]) if found else None,
        trend=_trend(found),
        breakdowns=_breakdowns(rows),
        quotes=_quotes(feature, tag_ids, found, by_requester),
        ledger=rows,
        lost_deals=_lost_deals(found, by_requester),
    )


def _trend(found: list[Row]) -> list[Week]:
    """Conversations and distinct requesters per week (Monday, UTC; the database
    computed each row's week)."""
    if not found:
        return []
    conversations = Counter(row[WEEK] for row in found)
    requesters = Counter(week for week, _who in {(row[WEEK], row[WHO]) for row in found})
    weeks = {_day(week): (n, requesters[week]) for week, n in conversations.items()}
    last = max(weeks)
    first = max(min(weeks), last - timedelta(weeks=TREND_WEEKS - 1))
    filled = []
    week = first
    while week <= last:
        n, distinct = weeks.get(week, (0, 0))
        filled.append(Week(week, n, distinct))
        week += timedelta(weeks=1)
    return filled


def _day(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _breakdowns(rows: list[Request]) -> dict[str, list[Slice]]:
    """Conversations, accounts and ARR per segment, plan and region (the account's) and
    per language and channel (the conversation's), folded from the ledger rows."""
    # value -> [conversations, accounts, arr] per dimension; Slices are made at the end.
    totals: dict[str, dict[str, list[Any]]] = {d: {} for d in DIMENSIONS}
    segment, plan, region = totals["segment"], totals["plan"], totals["region"]
    language, channel = totals["language"], totals["channel"]
    for request in rows:
        is_account = 1 if request.kind == "account" else 0
        arr = request.arr or ZERO
        conversations = request.conversations
        for table, value in ((segment, request.segment), (plan, request.plan), (region, request.region)):
            entry = table.get(value)
            if entry is None:
                table[value] = [conversations, is_account, arr]
            else:
                entry[0] += conversations
                entry[1] += is_account
                entry[2] += arr
        for table, counts in ((language, request.languages), (channel, request.channels)):
            for value, n in counts.items():
                entry = table.get(value)
                if entry is None:
                    table[value] = [n, is_account, arr]
                else:
                    entry[0] += n
                    entry[1] += is_account
                    entry[2] += arr
    return {
        dimension: sorted(
            (Slice(value, n, accounts, arr) for value, (n, accounts, arr) in values.items()),
            key=lambda s: (-s.conversations, s.value),
        )
        for dimension, values in totals.items()
    }


def _quotes(
    feature: Feature,
    tag_ids: list[int],
    found: list[Row],
    by_requester: dict[tuple[str, int], Request],
) -> list[QuoteItem]:
    by_conversation = {row[ID]: row for row in found}

    def item(text: str, origin: str, conversation_id: int, **extra: Any) -> QuoteItem | None:
        """A quote with its requester's ARR; None when the conversation is no longer demand."""
        row = by_conversation.get(conversation_id)
        if row is None:
            return None
        request = by_requester[requester_of(row)]
        return QuoteItem(
            text=text,
            origin=origin,
            conversation_id=conversation_id,
            language=row[LANGUAGE] or "",
            channel=row[CHANNEL],
            said_at=aware(row[STARTED]),
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


def _rank(quotes: list[QuoteItem], by_conversation: dict[int, Row]) -> list[QuoteItem]:
    quotes = sorted(quotes, key=lambda q: q.said_at, reverse=True)
    first: dict[tuple[str, int], QuoteItem] = {}
    rest = []
    for quote in quotes:
        key = requester_of(by_conversation[quote.conversation_id])
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


def _lost_deals(found: list[Row], by_requester: dict[tuple[str, int], Request]) -> list[LostDeal]:
    channel = Channel.LOST_DEAL.value
    lost = [row for row in found if row[CHANNEL] == channel]
    subjects = dict(
        Conversation.objects.filter(pk__in=[row[ID] for row in lost]).values_list("pk", "subject")
    )
    deals = [
        LostDeal(
            conversation_id=row[ID],
            subject=subjects.get(row[ID], ""),
            requester=by_requester[requester_of(row)].name,
            amount=ledger.decimal(row[ledger.AMOUNT]) or ZERO,
            closed_at=aware(row[STARTED]),
        )
        for row in lost
    ]
    deals.sort(key=lambda d: (-d.amount, d.closed_at))
    return deals
