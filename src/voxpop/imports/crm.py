"""Closed-lost deals from CRM exports: Salesforce opportunity reports and HubSpot deals.

One row is one deal and becomes one conversation of channel ``lost_deal`` with the
deal's amount; the lost reason and the notes are its (customer-side) text. Rows whose
stage is not closed-lost are skipped and counted in a note, not rejected. Column names
are the exports' own (report labels and API names); a mapping file or ``--column``
flags name others. See docs/importing.md for the accepted headers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from voxpop.conversations.models import AuthorRole, Channel, Status
from voxpop.imports import fields as f
from voxpop.imports.readers import Entry
from voxpop.imports.records import (
    AccountData,
    ConversationData,
    InputError,
    Item,
    MessageData,
    ParseOptions,
    RowError,
)
from voxpop.imports.rows import CONTEXT_PREFIX, normalise_name
from voxpop.imports.tabular import csv_rows

# voxpop field -> the headers each CRM exports for it (report labels and API names).
SALESFORCE = {
    "conversation_id": ["Opportunity ID", "Opportunity Id", "Id", "18 Digit Opportunity ID"],
    "subject": ["Opportunity Name", "Name"],
    "account": ["Account Name", "Account.Name", "Account"],
    "account_id": ["Account ID", "AccountId", "Account Id"],
    "account_domain": ["Website", "Account Website", "Account.Website"],
    "amount": ["Amount", "Amount (converted)"],
    "closed_at": ["Close Date", "CloseDate"],
    "started_at": ["Created Date", "CreatedDate"],
    "stage": ["Stage", "StageName"],
    "lost_reason": ["Loss Reason", "Closed Lost Reason", "Lost Reason", "Reason Lost", "Loss_Reason__c",
                    "Closed_Lost_Reason__c"],
    "text": ["Description"],
    "next_step": ["Next Step", "NextStep"],
    "owner": ["Opportunity Owner", "Owner Name", "Owner.Name"],
    "currency": ["Opportunity Currency", "Amount Currency", "CurrencyIsoCode"],
    "is_won": ["Won", "IsWon"],
    "is_closed": ["Closed", "IsClosed"],
}  # fmt: skip
HUBSPOT = {
    "conversation_id": ["Record ID", "Deal ID", "hs_object_id"],
    "subject": ["Deal Name", "dealname"],
    "account": ["Associated Company", "Associated Company (Primary)", "Associated Company Name", "Company name"],
    "account_id": ["Associated Company IDs", "Associated Company ID", "Associated Company IDs (Primary)"],
    "account_domain": ["Company Domain Name", "Associated Company Domain"],
    "amount": ["Amount", "amount"],
    "closed_at": ["Close Date", "closedate"],
    "started_at": ["Create Date", "createdate"],
    "stage": ["Deal Stage", "dealstage"],
    "lost_reason": ["Closed Lost Reason", "closed_lost_reason"],
    "text": ["Deal Description", "description"],
    "owner": ["Deal owner", "Deal Owner", "hubspot_owner_id"],
    "currency": ["Currency", "deal_currency_code"],
    "is_closed_lost": ["Is Closed Lost", "hs_is_closed_lost"],
}  # fmt: skip
LOST_WORDS = {"closed lost", "closedlost", "closed_lost", "closed-lost", "lost"}
TRUE_WORDS = {"true", "1", "yes", "y"}


def make_parser(headers: dict[str, list[str]]) -> Callable[[Entry, ParseOptions, list[str]], Iterator[Item]]:
    def parse(entry: Entry, options: ParseOptions, notes: list[str]) -> Iterator[Item]:
        yield from parse_deals(entry, options, notes, headers)

    return parse


def _columns(
    header: list[str], headers: dict[str, list[str]], options: ParseOptions, name: str
) -> dict[str, int]:
    index = {normalise_name(h): i for i, h in reversed(list(enumerate(header)))}
    exact = {h: i for i, h in reversed(list(enumerate(header)))}
    columns: dict[str, int] = {}
    for field, names in headers.items():
        for candidate in names:
            position = index.get(normalise_name(candidate))
            if position is not None:
                columns[field] = position
                break
    for field, column in options.columns.items():
        if column not in exact:
            raise InputError(f"{name}: the mapping names column {column!r}, which is not in the header")
        columns[field] = exact[column]
    if "conversation_id" not in columns:
        raise InputError(
            f"{name}: no deal id column (looked for {', '.join(repr(n) for n in headers['conversation_id'])}); "
            "map one with --column conversation_id=COLUMN"
        )
    if "stage" not in columns and "is_closed_lost" not in columns and "is_won" not in columns:
        raise InputError(
            f"{name}: no stage column (looked for {', '.join(repr(n) for n in headers['stage'])}); "
            "map one with --column stage=COLUMN"
        )
    return columns


def is_closed_lost(get: Callable[[str], str], options: ParseOptions) -> bool:
    stage = get("stage").strip().lower()
    if stage in LOST_WORDS or stage in options.lost_stages:
        return True
    if get("is_closed_lost").strip().lower() in TRUE_WORDS:
        return True
    won, closed = get("is_won").strip().lower(), get("is_closed").strip().lower()
    return bool(won and closed) and closed in TRUE_WORDS and won not in TRUE_WORDS


def parse_deals(
    entry: Entry, options: ParseOptions, notes: list[str], headers: dict[str, list[str]]
) -> Iterator[Item]:
    header, rows = csv_rows(entry, options)
    columns = _columns(header, headers, options, entry.name)
    zone = f.time_zone(options.time_zone)
    skipped: Counter[str] = Counter()
    for row in rows:
        if isinstance(row, RowError):
            yield row
            continue

        cells = row.cells

        def get(field: str, cells: list[str] = cells) -> str:
            position = columns.get(field)
            return cells[position] if position is not None and position < len(cells) else ""

        if not is_closed_lost(get, options):
            skipped[f.clean(get("stage").strip())[:60] or "(no stage)"] += 1
            continue
        try:
            yield deal(get, columns, row.where, zone, options)
        except f.ValueProblem as exc:
            yield RowError(row.where, str(exc))
    if skipped:
        shown = ", ".join(f"{stage!r} ({n})" for stage, n in skipped.most_common(10))
        notes.append(
            f"{entry.name}: {sum(skipped.values())} deal(s) skipped, not closed-lost: {shown}"
            + (" and more" if len(skipped) > 10 else "")
        )


_SLASHED = re.compile(
    r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*$"
)


def parse_date(raw: str, zone: Any, day_first: bool) -> Any:
    """ISO dates, and the locale dates of report exports: 3/31/2026 (or 31/03/2026 with
    day_first), optionally with a time (2:05 PM)."""
    match = _SLASHED.match(raw)
    if not match:
        return f.parse_datetime(raw, zone)
    first, second, year, hour, minute, second_of_minute, half = match.groups()
    month, day = (int(second), int(first)) if day_first else (int(first), int(second))
    hours = int(hour or 0)
    if half and half.lower() == "pm" and hours < 12:
        hours += 12
    elif half and half.lower() == "am" and hours == 12:
        hours = 0
    try:
        moment = datetime(
            int(year), month, day, hours, int(minute or 0), int(second_of_minute or 0), tzinfo=zone
        )
    except ValueError as exc:
        order = "day/month/year" if day_first else "month/day/year"
        raise f.ValueProblem(
            f"cannot read {raw[:40]!r} as a date ({order}; set day_first in the mapping)"
        ) from exc
    return f.parse_datetime(moment.isoformat(), zone)


def _field(get: Callable[[str], str], name: str, parse: Callable[[Any], Any]) -> Any:
    try:
        return parse(get(name))
    except f.ValueProblem as exc:
        raise f.ValueProblem(f"{name}: {exc}") from exc


def deal(
    get: Callable[[str], str], columns: dict[str, int], where: str, zone: Any, options: ParseOptions
) -> ConversationData:
    external_id = f.clean(get("conversation_id")).strip()
    if not external_id:
        raise f.ValueProblem("the deal id is empty")
    if len(external_id) > 255:
        raise f.ValueProblem("the deal id is longer than 255 characters")
    name = f.clean(get("subject")).strip()
    closed = _field(get, "closed_at", lambda raw: parse_date(raw, zone, options.day_first))
    started = _field(get, "started_at", lambda raw: parse_date(raw, zone, options.day_first))
    if started is not None and closed is not None and started > closed:
        started = closed
    record = ConversationData(
        external_id=external_id,
        where=where,
        channel=options.channel or Channel.LOST_DEAL,
        subject=name[:500] or None,
        status=Status.CLOSED,
        started_at=started or closed,
        closed_at=closed,
        amount=_field(get, "amount", f.parse_money),
    )
    account = f.clean(get("account")).strip()[:200]
    account_id = f.clean(get("account_id")).strip().split(";")[0].strip()[:200]
    domain = _field(get, "account_domain", lambda raw: f.parse_domain(raw) if raw.strip() else "")
    if account or account_id or domain:
        record.account = AccountData(
            name=account or domain or account_id, domain=domain, external_id=account_id
        )
    reason = f.clean(get("lost_reason")).strip()
    parts = [reason, f.clean(get("text")).strip()]
    if get("next_step").strip():
        parts.append(f"Next step: {f.clean(get('next_step')).strip()}")
    text = "\n\n".join(p for p in parts if p) or name
    if not text:
        raise f.ValueProblem("no lost reason, description or deal name: nothing to import")
    context: dict[str, Any] = {}
    for key in ("stage", "owner", "currency"):
        value = f.clean(get(key)).strip()[:200]
        if value:
            context[key] = value
    if reason:
        context["lost_reason"] = reason[:500]
    for field in columns:
        if field.startswith(CONTEXT_PREFIX):
            value = f.clean(get(field)).strip()
            if value:
                context[field[len(CONTEXT_PREFIX) :]] = value[:2000]
    record.context = context
    record.messages.append(
        MessageData(
            external_id="deal",
            author_role=AuthorRole.CUSTOMER,
            author=account,
            text=text[: options.limits.max_text_chars],
            sent_at=closed or started,
            position=0,
        )
    )
    return record


parse_salesforce = make_parser(SALESFORCE)
parse_hubspot = make_parser(HUBSPOT)
