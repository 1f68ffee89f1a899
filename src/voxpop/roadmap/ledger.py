"""The demand ledger: who asked for a feature, counted once per customer.

Derived on every read from the demand conversations (:mod:`voxpop.roadmap.queries`);
nothing is stored. The rules (docs/roadmap.md says the same):

- **One request per requester.** The requester is the conversation's account, else
  the account of its contact, else the contact alone; a conversation with neither is
  an anonymous request of its own. Three chats and a call from one account are one
  request with four conversations.
- **ARR at request time.** A request's ARR is ``Conversation.arr_at_time`` of the
  requester's latest ask that recorded one (what the account paid when it last asked);
  when none of its conversations recorded it, the account's ARR now. ``arr_source``
  says which ("at_time" or "current"). Contacts without an account carry no ARR.
- **First and latest ask**: the date and channel of the earliest and the latest
  demand conversation.
- **Revenue at stake**: the sum of ``Conversation.amount`` over the requester's
  lost-deal conversations (channel ``lost_deal``); every lost deal counts.

:func:`ledger` returns the rows for one feature; :func:`summaries` returns reach,
ARR and revenue at stake for many features at once (for prioritization).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.db import connection

from voxpop.accounts.models import Account, Contact
from voxpop.conversations.models import Channel, Conversation
from voxpop.roadmap.models import Feature
from voxpop.roadmap.queries import demand_conversation_ids

ZERO = Decimal("0")


# One demand conversation as the database driver returns it, in this order:
# (id, account_id, contact_id, the contact's account_id, channel, started_at, language,
#  arr_at_time, amount, week, requester). started_at is text on SQLite (read without
# Django's converter), a datetime on PostgreSQL; week is the Monday (UTC) of started_at,
# computed by the database (text on SQLite, a date on PostgreSQL); requester is
# :func:`requester_code`. The money columns are int or float on SQLite, Decimal on
# PostgreSQL. The ledger folds these tuples directly: at tens of thousands of rows,
# building an object or parsing a date per row would cost more than the query.
Row = tuple[Any, ...]
ID, ACCOUNT, CONTACT, CONTACT_ACCOUNT, CHANNEL, STARTED, LANGUAGE, ARR, AMOUNT, WEEK, WHO = range(11)
KINDS = ("account", "contact", "conversation")


def requester_code(kind: str, key: int) -> int:
    """The requester as one integer (cheap to hash per row): 3 * id + the kind's index."""
    return 3 * key + KINDS.index(kind)


def requester_of(row: Row) -> tuple[str, int]:
    """("account", id), else ("contact", id), else ("conversation", id) (anonymous)."""
    who = row[WHO]
    return (KINDS[who % 3], who // 3)


CENT = Decimal("0.01")


def decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    # An int converts exactly; a float through its shortest repr (never its binary value).
    return (Decimal(value) if isinstance(value, int) else Decimal(str(value))).quantize(CENT)


@dataclass
class Request:
    """One row of the ledger: one requester's demand for one feature."""

    kind: str  # "account", "contact" or "conversation" (anonymous)
    key: int
    name: str = ""
    account_id: int | None = None
    contact_id: int | None = None
    arr: Decimal | None = None
    arr_source: str | None = None  # "at_time", "current" or None
    currency: str = ""
    segment: str = ""
    plan: str = ""
    region: str = ""
    first_ask_at: datetime | None = None
    first_channel: str = ""
    latest_ask_at: datetime | None = None
    latest_channel: str = ""
    conversations: int = 0
    channels: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    lost_deals: int = 0
    revenue_at_stake: Decimal = ZERO


@dataclass(frozen=True)
class Summary:
    """What prioritization needs per feature."""

    feature_id: int
    conversations: int
    requests: int
    reach: int  # unique accounts
    arr: Decimal
    revenue_at_stake: Decimal


# The requester of a conversation row (c) with its contact (k), as requester_code.
_WHO = (
    "CASE WHEN c.account_id IS NOT NULL THEN 3 * c.account_id "
    "WHEN k.account_id IS NOT NULL THEN 3 * k.account_id "
    "WHEN c.contact_id IS NOT NULL THEN 3 * c.contact_id + 1 ELSE 3 * c.id + 2 END"
)
_STARTED_WEEK = {
    # CAST drops the declared type, so the driver hands back the stored text unparsed.
    "sqlite": "CAST(c.started_at AS TEXT), c.language, c.arr_at_time, c.amount, "
    "date(c.started_at, '-6 days', 'weekday 1')",
    "postgresql": "c.started_at, c.language, c.arr_at_time, c.amount, "
    "(date_trunc('week', c.started_at AT TIME ZONE 'UTC'))::date",
}


def demand_rows(feature: Feature, tag_ids: list[int] | None = None) -> list[Row]:
    """Every demand conversation of ``feature`` as a :data:`Row`, oldest first (one query)."""
    ids_sql, ids_params = demand_conversation_ids(feature, tag_ids).query.sql_with_params()
    # Table names and Django-compiled SQL only; every value is a parameter.
    columns = f"c.id, c.account_id, c.contact_id, k.account_id, c.channel, {_STARTED_WEEK[connection.vendor]}, {_WHO}"
    tables = f"{Conversation._meta.db_table} c LEFT JOIN {Contact._meta.db_table} k ON k.id = c.contact_id"
    sql = f"SELECT {columns} FROM {tables} WHERE c.id IN ({ids_sql}) ORDER BY c.started_at, c.id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, ids_params)
        return cursor.fetchall()


def aware(value: Any) -> datetime:
    """A UTC datetime from what the driver returned (SQLite: text, naive UTC)."""
    if isinstance(value, str):
        # Parsing the offset is several times cheaper than replace(tzinfo=...) afterwards.
        return datetime.fromisoformat(value if value[-6] in "+-" else value + "+00:00")
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def build(rows: Sequence[Row], *, details: bool = True) -> list[Request]:
    """Fold ``rows`` (oldest first) into one :class:`Request` per requester, highest
    ARR first. With ``details`` the rows carry names, segments, channels and languages."""
    # Whole-list passes (comprehensions, Counter over itemgetter) rather than one Python
    # loop body per row: the per-row work is what the page pays for at 1M conversations.
    first = {row[WHO]: row for row in reversed(rows)}  # each requester's oldest ask
    last = {row[WHO]: row for row in rows}  # and its latest
    counts = Counter(map(itemgetter(WHO), rows))
    requests: dict[int, Request] = {}
    for who, row in first.items():
        end = last[who]
        requests[who] = Request(
            kind=KINDS[who % 3],
            key=who // 3,
            account_id=row[ACCOUNT] or row[CONTACT_ACCOUNT],
            contact_id=row[CONTACT],
            first_ask_at=aware(row[STARTED]),
            first_channel=row[CHANNEL],
            latest_ask_at=aware(end[STARTED]),
            latest_channel=end[CHANNEL],
            conversations=counts[who],
        )
    # The latest ask that recorded an ARR wins (rows come oldest first).
    for who, arr in {row[WHO]: row[ARR] for row in rows if row[ARR] is not None}.items():
        requests[who].arr = decimal(arr)
        requests[who].arr_source = "at_time"
    lost = Channel.LOST_DEAL.value
    for row in [row for row in rows if row[CHANNEL] == lost]:
        request = requests[row[WHO]]
        request.lost_deals += 1
        request.revenue_at_stake += decimal(row[AMOUNT]) or ZERO
    if details:
        # Counter keeps first-seen order, so each requester's channels and languages
        # appear in the order it first used them.
        for (who, channel), n in Counter(map(itemgetter(WHO, CHANNEL), rows)).items():
            requests[who].channels[channel] = n
        for (who, language), n in Counter(map(itemgetter(WHO, LANGUAGE), rows)).items():
            languages = requests[who].languages
            languages[language or ""] = languages.get(language or "", 0) + n
    result = list(requests.values())
    _fill_accounts(result, details=details)
    if details:
        _fill_contacts(result)
    result.sort(key=lambda r: (-(r.arr or ZERO), -r.conversations, r.kind, r.key))
    return result


def _fill_accounts(rows: list[Request], *, details: bool) -> None:
    """Each account's name, segment, plan, region, and its ARR now where no ask recorded
    one; read through the cursor without per-value conversion (PostgreSQL: one array
    parameter; SQLite: 5,000 ids a query)."""
    ids = [r.key for r in rows if r.kind == "account"]
    columns = "id, arr, name, currency, segment, plan, region" if details else "id, arr"
    facts: dict[int, tuple[Any, ...]] = {}
    table = Account._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array parameter: cheaper to send and plan than thousands of placeholders.
            cursor.execute(f"SELECT {columns} FROM {table} WHERE id = ANY(%s)", [ids])  # noqa: S608
            facts.update((row[0], row) for row in cursor.fetchall())
            ids = []
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {columns} FROM {table} WHERE id IN ({marks})", chunk)  # noqa: S608
            facts.update((row[0], row) for row in cursor.fetchall())
    for request in rows:
        account = facts.get(request.key) if request.kind == "account" else None
        if account is None:
            continue
        if request.arr is None and account[1] is not None:
            request.arr = decimal(account[1])
            request.arr_source = "current"
        if details:
            request.name, request.currency, request.segment, request.plan, request.region = account[2:]


def _fill_contacts(rows: list[Request]) -> None:
    ids = [r.contact_id for r in rows if r.kind == "contact" and r.contact_id is not None]
    names = {
        pk: name or email
        for pk, name, email in Contact.objects.filter(pk__in=ids).values_list("pk", "name", "email")
    }
    for request in rows:
        if request.kind == "contact":
            request.name = names.get(request.key, "")


def ledger(feature: Feature) -> list[Request]:
    """The ledger of ``feature``: one row per requester, highest ARR first."""
    return build(demand_rows(feature))


def summarize(feature_id: int, conversations: int, rows: Sequence[Request]) -> Summary:
    return Summary(
        feature_id=feature_id,
        conversations=conversations,
        requests=len(rows),
        reach=sum(1 for r in rows if r.kind == "account"),
        arr=sum((r.arr or ZERO for r in rows), ZERO),
        revenue_at_stake=sum((r.revenue_at_stake for r in rows), ZERO),
    )


def summaries(features: Iterable[Feature]) -> dict[int, Summary]:
    """Reach (unique accounts), ARR (one value per account, at request time) and
    revenue at stake for each of ``features``, by feature id. One demand query per
    feature plus one account lookup each; no per-conversation queries."""
    result: dict[int, Summary] = {}
    for feature in features:
        found = demand_rows(feature)
        result[feature.pk] = summarize(feature.pk, len(found), build(found, details=False))
    return result
