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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db import connection

from voxpop.accounts.models import Account, Contact
from voxpop.conversations.models import Channel, Conversation
from voxpop.roadmap.models import Feature
from voxpop.roadmap.queries import demand_conversation_ids

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class Ask:
    """One demand conversation, with what the ledger and the evidence page need.

    ``requester`` is ("account", id), ("contact", id) or ("conversation", id).
    ``arr_at_time`` and ``amount`` are as the database driver returned them (a
    Decimal, or an int or float on SQLite): :func:`decimal` converts the few that
    are shown, not the thousands that are not."""

    conversation_id: int
    requester: tuple[str, int]
    account_id: int | None
    contact_id: int | None
    channel: str
    started_at: datetime
    language: str
    arr_at_time: Any
    amount: Any


def decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal("0.01"))


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


def asks(feature: Feature, tag_ids: list[int] | None = None) -> list[Ask]:
    """Every demand conversation of ``feature``, oldest first, in one query.

    Read through the cursor rather than the ORM's row converters: at tens of
    thousands of rows the per-value converters cost more than the query."""
    ids_sql, ids_params = demand_conversation_ids(feature, tag_ids).query.sql_with_params()
    # Table names and Django-compiled SQL only; every value is a parameter.
    columns = "c.id, c.account_id, c.contact_id, k.account_id, c.channel, c.started_at, c.language, c.arr_at_time, c.amount"
    tables = f"{Conversation._meta.db_table} c LEFT JOIN {Contact._meta.db_table} k ON k.id = c.contact_id"
    sql = f"SELECT {columns} FROM {tables} WHERE c.id IN ({ids_sql})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, ids_params)
        rows = cursor.fetchall()
    found: list[Ask] = []
    append = found.append
    for pk, account, contact, contact_account, channel, started, language, arr, amount in rows:
        account = account or contact_account
        if account is not None:
            requester = ("account", account)
        elif contact is not None:
            requester = ("contact", contact)
        else:
            requester = ("conversation", pk)
        append(Ask(pk, requester, account, contact, channel, _aware(started), language or "", arr, amount))
    found.sort(key=lambda ask: (ask.started_at, ask.conversation_id))
    return found


def _aware(value: Any) -> datetime:
    """A UTC datetime from what the driver returned (SQLite: text, naive UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def build(asked: Sequence[Ask], *, details: bool = True) -> list[Request]:
    """Fold ``asked`` (oldest first) into one :class:`Request` per requester, highest
    ARR first. With ``details`` the rows carry names, segments and channels too."""
    requests: dict[tuple[str, int], Request] = {}
    latest_arr: dict[tuple[str, int], Any] = {}
    lost = Channel.LOST_DEAL.value
    for ask in asked:
        key = ask.requester
        request = requests.get(key)
        if request is None:
            request = requests[key] = Request(
                kind=key[0],
                key=key[1],
                account_id=ask.account_id,
                contact_id=ask.contact_id,
                first_ask_at=ask.started_at,
                first_channel=ask.channel,
            )
        request.latest_ask_at = ask.started_at
        request.latest_channel = ask.channel
        request.conversations += 1
        if ask.arr_at_time is not None:
            latest_arr[key] = ask.arr_at_time  # asks come oldest first: the latest one wins
        if ask.channel == lost:
            request.lost_deals += 1
            request.revenue_at_stake += decimal(ask.amount) or ZERO
        if details:
            channels = request.channels
            channels[ask.channel] = channels.get(ask.channel, 0) + 1
            languages = request.languages
            languages[ask.language] = languages.get(ask.language, 0) + 1
    for key, arr in latest_arr.items():
        requests[key].arr = decimal(arr)
        requests[key].arr_source = "at_time"
    rows = list(requests.values())
    _fill_accounts(rows, details=details)
    if details:
        _fill_contacts(rows)
    rows.sort(key=lambda r: (-(r.arr or ZERO), -r.conversations, r.kind, r.key))
    return rows


def _fill_accounts(rows: list[Request], *, details: bool) -> None:
    ids = [r.key for r in rows if r.kind == "account"]
    if not ids:
        return
    wanted = ("pk", "arr", "name", "currency", "segment", "plan", "region") if details else ("pk", "arr")
    facts: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 5000):
        for row in Account.objects.filter(pk__in=ids[start : start + 5000]).order_by().values(*wanted):
            facts[row["pk"]] = row
    for request in rows:
        if request.kind != "account" or request.key not in facts:
            continue
        account = facts[request.key]
        if request.arr is None and account["arr"] is not None:
            request.arr = account["arr"]
            request.arr_source = "current"
        if details:
            request.name = account["name"]
            request.currency = account["currency"]
            request.segment = account["segment"]
            request.plan = account["plan"]
            request.region = account["region"]


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
    return build(asks(feature))


def summarize(feature_id: int, asked: Sequence[Ask], rows: Sequence[Request]) -> Summary:
    return Summary(
        feature_id=feature_id,
        conversations=len(asked),
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
        asked = asks(feature)
        result[feature.pk] = summarize(feature.pk, asked, build(asked, details=False))
    return result
