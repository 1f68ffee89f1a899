"""The tag-mapping table: a help desk's own tags to voxpop tags (``--tag-map FILE``).

A CSV file with a header line, the help desk's tag first and the voxpop tag second::

    external,voxpop
    billing_issue,billing/invoices
    Bug,bug
    vip,

or a YAML (or JSON) file, either the mapping itself or under ``tags:`` (the same
mapping may also sit under ``tag_map:`` in a ``--mapping`` file, or in the upload
page's mapping box)::

    tags:
      billing_issue: billing/invoices
      Bug: bug
      vip: null        # ignored: never becomes a tag

The voxpop side is a slug, a name or a path of slugs, read as the ``tags`` column of a
CSV import is. A tag that is not in the table passes through under its own name, so a
help-desk tag that already equals a voxpop slug or name needs no line; the ones that
match nothing are listed after the import with their counts (and created under
"Unsorted" with ``--create-tags``). Names are matched exactly, then ignoring case.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from voxpop.imports import fields as f
from voxpop.imports.records import InputError

EXTERNAL_HEADERS = {"external", "external_tag", "from", "source", "tag", "intercom", "zendesk"}
VOXPOP_HEADERS = {"voxpop", "voxpop_tag", "to", "target", "slug", "path"}
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class TagMap:
    # external name -> voxpop name ("" = ignore)
    exact: dict[str, str] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)
    name: str = ""

    def __bool__(self) -> bool:
        return bool(self.exact)

    def add(self, external: str, target: str) -> None:
        key = _norm(external)
        if not key:
            return
        value = _norm(target)
        self.exact[key] = value
        self.folded.setdefault(key.casefold(), value)

    def translate(self, names: list[str]) -> list[str]:
        """The voxpop names for a conversation's external tags, in order, without repeats."""
        out: list[str] = []
        for name in names:
            key = _norm(name)
            if not key:
                continue
            target = self.exact.get(key)
            if target is None:
                target = self.folded.get(key.casefold(), key)
            if target and target not in out:
                out.append(target[:200])
        return out


def _norm(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", f.clean(str(value)).strip())


def load_tag_map(path: Path | None) -> TagMap:
    """Raises InputError naming the file (and line) when it cannot be used."""
    table = TagMap(name=str(path) if path else "")
    if path is None:
        return table
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"--tag-map {path}: cannot read it ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise InputError(f"--tag-map {path}: larger than {MAX_BYTES:,} bytes")
    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(f"--tag-map {path}: not valid UTF-8 (byte {exc.start + 1})") from exc
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        _load_csv(table, text, path)
    else:
        _load_yaml(table, text, path)
    return table


def _load_csv(table: TagMap, text: str, path: Path) -> None:
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    rows = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(rows, None)
        if header is None:
            raise InputError(f"--tag-map {path}: empty file (expected a header line: external,voxpop)")
        names = [h.strip().lower().replace(" ", "_") for h in header]
        if len(names) < 2 or names[0] not in EXTERNAL_HEADERS or names[1] not in VOXPOP_HEADERS:
            raise InputError(
                f"--tag-map {path}: line 1: expected a header 'external,voxpop' (got {', '.join(header[:4])!r})"
            )
        for row in rows:
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) > 2 and any(cell.strip() for cell in row[2:]):
                raise InputError(f"--tag-map {path}: line {rows.line_num}: more than two columns")
            table.add(row[0], row[1] if len(row) > 1 else "")
    except csv.Error as exc:
        raise InputError(f"--tag-map {path}: line {rows.line_num}: not valid CSV ({exc})") from exc


def _load_yaml(table: TagMap, text: str, path: Path) -> None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"--tag-map {path}: cannot read it ({exc})") from exc
    if isinstance(data, dict) and set(data) == {"tags"}:
        data = data["tags"]
    fill(table, data, f"--tag-map {path}")


def fill(table: TagMap, data: Any, where: str) -> TagMap:
    """Add a parsed ``{external tag: voxpop tag}`` mapping; raises InputError naming ``where``."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a mapping of external tag: voxpop tag")
    for external, target in data.items():
        if isinstance(target, dict | list):
            raise InputError(f"{where}: {external!r}: the voxpop tag must be one slug, name or path")
        table.add(external, target)
    return table
