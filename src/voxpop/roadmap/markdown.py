"""The evidence of a feature as Markdown, to paste into a Jira or Linear ticket.

Every piece of text that came from a customer or a person (quotes, names, titles, tag
names) goes through :func:`text`, which makes it inert: every ASCII punctuation
character is backslash-escaped (CommonMark allows that for all of them), so no link,
image, emphasis, heading, table cell or autolink (``https\\://``, ``www\\.``) can
form, and ``<``/``>``/``&`` become escaped characters, never HTML. Line breaks and
control characters collapse to spaces, so a quote cannot start a block of its own.
"""

from __future__ import annotations

import re
import string
from decimal import Decimal

from voxpop.roadmap.evidence import Evidence

PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")


def text(value: str) -> str:
    """``value`` as inert Markdown: one line, every ASCII punctuation escaped."""
    return PUNCTUATION.sub(r"\\\1", CONTROL.sub(" ", value).strip())


def money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def render(evidence: Evidence, url: str = "") -> str:
    feature = evidence.feature
    currency = "/".join(evidence.currencies)
    lines = [f"## Customer evidence: {text(feature.title)}", ""]
    if url:
        lines += [f"Source: <{url}>", ""]
    lines += [
        f"- Status: {text(feature.get_status_display())}"
        + (f", target {text(feature.target_period)}" if feature.target_period else ""),
        f"- Conversations: {evidence.conversations}",
        f"- Unique accounts: {evidence.unique_accounts} (requesters: {evidence.requests})",
        f"- ARR of those accounts (at request time): {money(evidence.arr)} {text(currency)}".rstrip(),
        f"- Revenue at stake (lost deals): {money(evidence.revenue_at_stake)} {text(currency)}".rstrip(),
    ]
    if evidence.first_ask_at and evidence.latest_ask_at:
        lines.append(f"- Asked from {evidence.first_ask_at:%Y-%m-%d} to {evidence.latest_ask_at:%Y-%m-%d}")
    if evidence.quotes:
        lines += ["", "### What customers said", ""]
        for quote in evidence.quotes:
            who = text(quote.requester) or "anonymous"
            lines.append(f"> {text(quote.text)}")
            lines.append(">")
            lines.append(
                f"> — {who}, ARR {money(quote.arr)}, {text(quote.channel)}, {quote.said_at:%Y-%m-%d}"
            )
            lines.append("")
    if evidence.ledger:
        lines += ["", "### Who asked", ""]
        lines.append("| Requester | ARR | Conversations | First ask | Latest ask | Channels | At stake |")
        lines.append("| --- | ---: | ---: | --- | --- | --- | ---: |")
        for row in evidence.ledger[:50]:
            channels = ", ".join(f"{text(k)} {v}" for k, v in sorted(row.channels.items()))
            lines.append(
                f"| {text(row.name) or text(row.kind)} | {money(row.arr)} | {row.conversations} "
                f"| {row.first_ask_at:%Y-%m-%d} | {row.latest_ask_at:%Y-%m-%d} | {channels} "
                f"| {money(row.revenue_at_stake) if row.lost_deals else ''} |"
            )
        if len(evidence.ledger) > 50:
            lines.append(f"\n{len(evidence.ledger) - 50} more requesters on the evidence page.")
    if evidence.lost_deals:
        lines += ["", "### Lost deals", ""]
        for deal in evidence.lost_deals:
            lines.append(
                f"- {money(deal.amount)}: {text(deal.requester) or 'anonymous'}, "
                f"{deal.closed_at:%Y-%m-%d}" + (f" ({text(deal.subject)})" if deal.subject else "")
            )
    return "\n".join(lines).rstrip() + "\n"
