"""Reading single values: timestamps, roles, channels, money, counts, tags, text.

Each ``parse_*`` returns the value or raises :class:`ValueProblem` with a reason a
person can act on; parsers turn that into a row error naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from voxpop.accounts.models import Segment
from voxpop.conversations.models import AuthorRole, Channel, Status


class ValueProblem(ValueError):
    pass


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: str, limit: int | None = None) -> str:
    """Text safe to store anywhere: no NUL or control characters, no lone surrogates."""
    if not value:
        return ""
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    if not value.isascii():  # only then may it hold a lone surrogate
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-8", "replace").decode("utf-8")
    if limit is not None and len(value) > limit:
        value = value[:limit]
    return value


def clean_json(value: Any, depth: int = 0) -> Any:
    """A JSON value with every string cleaned (keys too), nested at most 20 deep."""
    if depth > 20:
        return None
    if isinstance(value, str):
        return clean(value, 10_000)
    if isinstance(value, dict):
        return {clean(str(k), 200): clean_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v, depth + 1) for v in value]
    if isinstance(value, bool | int | float) or value is None:
        if isinstance(value, float) and value != value:  # NaN is not JSON
            return None
        return value
    return clean(str(value), 10_000)


def time_zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueProblem(f"unknown time zone {name!r}") from exc


_NUMERIC_TIME = re.compile(r"^\d{9,13}(\.\d+)?$")
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def parse_datetime(raw: Any, zone: tzinfo) -> datetime | None:
    """ISO 8601 (with or without zone), ``YYYY-MM-DD HH:MM``, epoch seconds or
    milliseconds, or an RFC 2822 date. Naive times are read in ``zone``."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueProblem(f"cannot read {raw!r} as a timestamp")
    text = str(raw) if isinstance(raw, int | float) else str(raw).strip()
    if not text:
        return None
    value: datetime | None = None
    if _NUMERIC_TIME.match(text):
        number = float(text)
        value = datetime.fromtimestamp(number / 1000 if number > 1e11 else number, tz=UTC)
    else:
        candidate = text.replace("/", "-")
        if candidate.endswith(("Z", "z")):
            candidate = candidate[:-1] + "+00:00"
        try:
            value = datetime.fromisoformat(candidate)
        except ValueError:
            try:
                value = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                value = None
    if value is None:
        raise ValueProblem(
            f"cannot read {text[:40]!r} as a timestamp (use ISO 8601, e.g. 2026-03-01T09:30:00Z)"
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    if not EARLIEST <= value < LATEST:
        raise ValueProblem(f"timestamp {text[:40]!r} is outside 1970-2099")
    return value


ROLE_WORDS = {
    AuthorRole.CUSTOMER: {
        "customer",
        "user",
        "end-user",
        "end_user",
        "enduser",
        "contact",
        "lead",
        "client",
        "requester",
        "visitor",
        "prospect",
    },
    AuthorRole.AGENT: {
        "agent",
        "admin",
        "teammate",
        "team",
        "support",
        "staff",
        "rep",
        "operator",
        "sales",
        "csm",
        "employee",
    },
    AuthorRole.BOT: {"bot", "system", "automation", "auto", "workflow"},
    AuthorRole.NOTE: {"note", "internal", "internal_note", "internal-note", "private"},
}
_ROLE_LOOKUP = {word: role for role, words in ROLE_WORDS.items() for word in words}


def parse_role(raw: str) -> str:
    role = _ROLE_LOOKUP.get(raw.strip().lower())
    if role is None:
        raise ValueProblem(f"unknown author role {raw[:40]!r} (use customer, agent, bot or note)")
    return str(role)


_CHANNEL_WORDS = {
    **{c.value: c.value for c in Channel},
    "e-mail": "email",
    "mail": "email",
    "live_chat": "chat",
    "livechat": "chat",
    "messenger": "chat",
    "phone": "call",
    "voice": "call",
    "meeting": "call",
    "twitter": "social",
    "x": "social",
    "ticket": "ticket",
    "web": "ticket",
    "form": "ticket",
    "lost-deal": "lost_deal",
    "nps": "survey",
}


def parse_channel(raw: str) -> str:
    channel = _CHANNEL_WORDS.get(raw.strip().lower().replace(" ", "_"))
    if channel is None:
        choices = ", ".join(c.value for c in Channel)
        raise ValueProblem(f"unknown channel {raw[:40]!r} (use one of {choices})")
    return channel


_STATUSES = frozenset(Status.values)
_SEGMENTS = frozenset(Segment.values)


def parse_status(raw: str) -> str:
    word = raw.strip().lower()
    aliases = {
        "solved": "closed",
        "resolved": "closed",
        "done": "closed",
        "new": "open",
        "hold": "pending",
        "on-hold": "pending",
        "snoozed": "pending",
    }
    word = aliases.get(word, word)
    if word not in _STATUSES:
        raise ValueProblem(f"unknown status {raw[:40]!r} (use open, pending or closed)")
    return word


def parse_segment(raw: str) -> str:
    word = re.sub(r"[\s\-]+", "_", raw.strip().lower())
    aliases = {
        "self_service": "self_serve",
        "selfserve": "self_serve",
        "midmarket": "mid_market",
        "mid": "mid_market",
        "ent": "enterprise",
        "small_business": "smb",
    }
    word = aliases.get(word, word)
    if word not in _SEGMENTS:
        raise ValueProblem(f"unknown segment {raw[:40]!r} (use {', '.join(Segment.values)})")
    return word


MAX_MONEY = Decimal("999999999999.99")


def parse_money(raw: Any) -> Decimal | None:
    if raw is None or isinstance(raw, bool):
        return None
    text = re.sub(r"[\s,$€£¥₩]|USD|EUR|GBP", "", str(raw).strip())
    if not text:
        return None
    try:
        value = Decimal(text).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValueProblem(f"cannot read {str(raw)[:40]!r} as an amount") from exc
    if not value.is_finite() or value < 0 or value > MAX_MONEY:
        raise ValueProblem(f"amount {str(raw)[:40]!r} is negative or too large")
    return value


def parse_count(raw: Any) -> int | None:
    if raw is None or isinstance(raw, bool):
        return None
    text = str(raw).strip().replace(",", "")
    if not text:
        return None
    try:
        value = int(float(text)) if "." in text else int(text)
    except (ValueError, OverflowError) as exc:
        raise ValueProblem(f"cannot read {str(raw)[:40]!r} as a whole number") from exc
    if not 0 <= value <= 2_147_483_647:
        raise ValueProblem(f"number {str(raw)[:40]!r} is out of range")
    return value


def split_tags(raw: Any, separator: str) -> list[str]:
    if raw is None or raw == "":
        return []
    parts = [str(p) for p in raw] if isinstance(raw, list) else str(raw).split(separator)
    tags: list[str] = []
    for part in parts:
        tag = unicodedata.normalize("NFC", clean(part).strip())
        if tag and tag not in tags:
            tags.append(tag[:200])
    return tags


_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z0-9\-]{2,63}$")
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]{1,64}@([^@\s<>()\[\],;:\"]{1,253})$")


def parse_domain(raw: str) -> str:
    text = raw.strip().lower()
    text = re.sub(r"^[a-z]+://", "", text).split("/")[0].removeprefix("www.")
    if not text:
        return ""
    try:
        text = text.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueProblem(f"cannot read {raw[:60]!r} as a domain") from exc
    if not _DOMAIN.match(text):
        raise ValueProblem(f"cannot read {raw[:60]!r} as a domain")
    return text


def parse_email(raw: str) -> str:
    text = raw.strip()
    if not text:
        return ""
    match = _EMAIL.match(text)
    if not match or len(text) > 254:
        raise ValueProblem(f"cannot read {raw[:60]!r} as an email address")
    return text.lower()


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower() if "@" in address else ""
