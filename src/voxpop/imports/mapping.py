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

from voxpop.imports.records import InputError
from voxpop.imports.rows import CONTEXT_PREFIX, FIELDS

KEYS = {"columns", "tags_separator", "time_zone", "channel", "team", "encoding"}


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


def _check_field(name: str, where: str) -> None:
    if name not in FIELDS and name != "messages" and not (name.startswith(CONTEXT_PREFIX) and len(name) > 8):
        raise InputError(f"{where}: unknown field {name!r} (fields: {', '.join(FIELDS)}, context.NAME)")


def load_mapping(path: Path | None, flags: list[str]) -> Mapping:
    mapping = Mapping()
    if path is not None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise InputError(f"--mapping {path}: cannot read it ({exc})") from exc
        if not isinstance(data, dict):
            raise InputError(f"--mapping {path}: expected a mapping with a 'columns' section")
        unknown = set(data) - KEYS
        if unknown:
            raise InputError(f"--mapping {path}: unknown keys {sorted(unknown)} (known: {sorted(KEYS)})")
        columns = data.get("columns") or {}
        if not isinstance(columns, dict):
            raise InputError(f"--mapping {path}: 'columns' must map fields to column names")
        for name, column in columns.items():
            _check_field(str(name), f"--mapping {path}")
            mapping.columns[str(name)] = str(column)
        mapping.settings = {k: v for k, v in data.items() if k != "columns"}
    for flag in flags:
        name, sep, column = flag.partition("=")
        if not sep or not name.strip() or not column:
            raise InputError(f"--column {flag!r}: expected FIELD=COLUMN")
        _check_field(name.strip(), "--column")
        mapping.columns[name.strip()] = column
    return mapping
