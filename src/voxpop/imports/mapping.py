"""Column mappings: from ``--column FIELD=COLUMN`` flags and a YAML or JSON file.

A mapping file::

    columns:            # voxpop field: the file's column (CSV) or dotted path (JSONL)
      conversation_id: Ticket ID
      text: Description
      context.page: Page URL
    tags_separator: ";"
    time_zone: Europe/Berlin
    channel: ticket
    team: [Dana Reyes, "@ourco.example"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from voxpop.imports.limits import Limits
from voxpop.imports.records import InputError, ParseOptions
from voxpop.imports.rows import CONTEXT_PREFIX, FIELDS
from voxpop.imports.tagmap import TagMap, fill

KEYS = {
    "columns", "tags_separator", "time_zone", "channel", "team", "encoding",
    # CRM exports (salesforce, hubspot), Slack:
    "lost_stages", "day_first", "workspace_members", "tag_map",
}  # fmt: skip
# Fields only the CRM formats read (see voxpop.imports.crm).
CRM_FIELDS = (
    "stage",
    "lost_reason",
    "next_step",
    "owner",
    "currency",
    "is_won",
    "is_closed",
    "is_closed_lost",
)


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


def _check_field(name: str, where: str) -> None:
    if (
        name not in FIELDS
        and name not in CRM_FIELDS
        and name != "messages"
        and not (name.startswith(CONTEXT_PREFIX) and len(name) > 8)
    ):
        raise InputError(f"{where}: unknown field {name!r} (fields: {', '.join(FIELDS)}, context.NAME)")


def load_mapping(path: Path | None, flags: list[str]) -> Mapping:
    mapping = Mapping()
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"--mapping {path}: cannot read it ({exc})") from exc
        mapping = mapping_from_text(text, f"--mapping {path}")
    for flag in flags:
        name, sep, column = flag.partition("=")
        if not sep or not name.strip() or not column:
            raise InputError(f"--column {flag!r}: expected FIELD=COLUMN")
        _check_field(name.strip(), "--column")
        mapping.columns[name.strip()] = column
    return mapping


def mapping_from_text(text: str, where: str) -> Mapping:
    """A mapping from a YAML or JSON document; errors start with ``where``."""
    mapping = Mapping()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{where}: cannot read it ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a mapping with a 'columns' section")
    unknown = set(data) - KEYS
    if unknown:
        raise InputError(f"{where}: unknown keys {sorted(unknown)} (known: {sorted(KEYS)})")
    columns = data.get("columns") or {}
    if not isinstance(columns, dict):
        raise InputError(f"{where}: 'columns' must map fields to column names")
    for name, column in columns.items():
        _check_field(str(name), where)
        mapping.columns[str(name)] = str(column)
    mapping.settings = {k: v for k, v in data.items() if k != "columns"}
    return mapping


def parse_options(
    mapping: Mapping,
    *,
    limits: Limits | None = None,
    team: list[str] | None = None,
    tags_separator: str | None = None,
    time_zone: str | None = None,
    channel: str | None = None,
    encoding: str | None = None,
    tag_map: TagMap | None = None,
    workspace_members: str | None = None,
    lost_stages: list[str] | None = None,
    day_first: bool = False,
) -> ParseOptions:
    """Parse options from a mapping's settings, where the values given (flags) win.
    Raises InputError naming an unknown time zone, channel, encoding or
    workspace_members value."""
    from voxpop.imports.fields import ValueProblem, parse_channel
    from voxpop.imports.fields import time_zone as check_zone

    settings = mapping.settings
    options = ParseOptions(
        limits=limits or Limits(),
        columns=mapping.columns,
        tags_separator=tags_separator or str(settings.get("tags_separator") or "|"),
        time_zone=time_zone or str(settings.get("time_zone") or "UTC"),
        channel=channel or settings.get("channel"),
        team=frozenset([*(team or []), *(str(t) for t in settings.get("team") or [])]),
        encoding=encoding or str(settings.get("encoding") or "utf-8"),
        tag_map=tag_map or _inline_tag_map(settings.get("tag_map")),
        workspace_members=workspace_members or str(settings.get("workspace_members") or "team"),
        lost_stages=frozenset(
            s.strip().lower()
            for s in [*(lost_stages or []), *(str(t) for t in settings.get("lost_stages") or [])]
            if s.strip()
        ),
        day_first=day_first or settings.get("day_first") is True,
    )
    if options.workspace_members not in ("team", "customers"):
        raise InputError("import: workspace_members must be 'team' or 'customers'")
    try:
        check_zone(options.time_zone)
        if options.channel:
            options.channel = parse_channel(str(options.channel))
        "".encode(options.encoding)
    except (ValueProblem, LookupError) as exc:
        raise InputError(f"import: {exc}") from exc
    return options


def _inline_tag_map(data: Any) -> TagMap | None:
    """A mapping's own ``tag_map:`` section (Intercom, Zendesk), when --tag-map is not given."""
    if data is None:
        return None
    return fill(TagMap(name="mapping"), data, "mapping: tag_map") or None
