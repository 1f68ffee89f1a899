"""Small readers shared by the help-desk, chat and CRM export parsers."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from voxpop.imports import fields as f
from voxpop.imports.mail import FREE_MAIL
from voxpop.imports.mailtext import html_to_text, sanitise_html
from voxpop.imports.records import AccountData, ParseOptions

MAX_ID = 255


def text_of(value: Any, limit: int | None = None) -> str:
    """A string field as clean text ("" for anything that is not a string or number)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, str | int | float):
        return f.clean(str(value), limit).strip()
    return ""


def ident(value: Any) -> str:
    """An id as the source wrote it (numbers and strings), "" when missing or too long."""
    text = text_of(value)
    return text if len(text) <= MAX_ID else ""


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def items(value: Any, *keys: str) -> list[Any]:
    """A list, or the list under the first of ``keys`` in an object (API list wrappers)."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in keys:
            inner = value.get(key)
            if isinstance(inner, list):
                return inner
    return []


def unix_time(value: Any) -> datetime | None:
    """Unix seconds (Intercom, Slack's ``ts``) or an ISO time; raises ValueProblem."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise f.ValueProblem(f"cannot read {value!r} as a timestamp")
    if isinstance(value, int | float) or (isinstance(value, str) and value.replace(".", "", 1).isdigit()):
        try:
            moment = datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise f.ValueProblem(f"timestamp {str(value)[:40]!r} is out of range") from exc
        if not f.EARLIEST <= moment < f.LATEST:
            raise f.ValueProblem(f"timestamp {str(value)[:40]!r} is outside 1970-2099")
        return moment
    return f.parse_datetime(value, UTC)


def iso_time(value: Any, zone: tzinfo) -> datetime | None:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None if value in (None, "") else f.parse_datetime(str(value), zone)
    return f.parse_datetime(value, zone)


def html_body(raw: Any, options: ParseOptions) -> tuple[str, str]:
    """(text, sanitised html) of an HTML body, as the email importer keeps them."""
    body = text_of(raw, options.limits.max_text_chars)
    if not body:
        return "", ""
    if "<" not in body and "&" not in body:
        return body, ""
    safe = sanitise_html(body)
    return f.clean(html_to_text(safe), options.limits.max_text_chars), safe


def attachment_list(values: Any, name_key: str, size_key: str, type_key: str) -> list[dict[str, Any]]:
    """Attachments by name, size and type only; the bytes (and URLs) are never kept."""
    out: list[dict[str, Any]] = []
    for value in items(values)[:100]:
        if not isinstance(value, dict):
            continue
        name = text_of(value.get(name_key)).replace("\\", "/").rsplit("/", 1)[-1] or "unnamed"
        size = value.get(size_key)
        out.append(
            {
                "name": name[:255],
                "size": size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else 0,
                "content_type": text_of(value.get(type_key))[:100],
            }
        )
    return out


def email_of(value: Any) -> str:
    """A valid, lower-cased address, or "" (a bad address is dropped, not fatal)."""
    try:
        return f.parse_email(text_of(value))
    except f.ValueProblem:
        return ""


def domain_account(address: str) -> AccountData | None:
    """An existing account with the address's domain (never created; never free mail)."""
    domain = f.email_domain(address)
    if not domain or domain in FREE_MAIL:
        return None
    try:
        domain = f.parse_domain(domain)
    except f.ValueProblem:
        return None
    return AccountData(name=domain, domain=domain, create=False)


def domain_of(value: Any) -> str:
    try:
        return f.parse_domain(text_of(value))
    except f.ValueProblem:
        return ""


def is_team(options: ParseOptions, *names: str) -> bool:
    """Whether any of a person's names, address or address's @domain is in the team."""
    team = options.team
    for name in names:
        lowered = name.strip().lower()
        if not lowered:
            continue
        if lowered in team or ("@" in lowered and "@" + f.email_domain(lowered) in team):
            return True
    return False


def mapped_tags(names: list[str], options: ParseOptions) -> list[str]:
    """A help desk's tag names through the --tag-map table (unmapped ones pass through)."""
    if options.tag_map is not None:
        return options.tag_map.translate(names)
    return f.split_tags(names, "|")
