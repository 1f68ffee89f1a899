"""CSV and JSON Lines parsers: one row (or object) per message or per conversation."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from voxpop.imports import fields as f
from voxpop.imports.readers import Entry, bounded_lines
from voxpop.imports.records import ConversationData, InputError, Item, ParseOptions, RowError
from voxpop.imports.rows import ALIASES, CONTEXT_PREFIX, FIELDS, RowBuilder, default_columns

BOM = b"\xef\xbb\xbf"
MESSAGE_FIELDS = ("message_id", "sent_at", "author_role", "author", "text", "html")
NESTED = {
    "account": ("account", "name"),
    "account_domain": ("account", "domain"),
    "account_id": ("account", "id"),
    "account_plan": ("account", "plan"),
    "account_arr": ("account", "arr"),
    "account_seats": ("account", "seats"),
    "account_segment": ("account", "segment"),
    "contact_email": ("contact", "email"),
    "contact_name": ("contact", "name"),
}
MESSAGE_ALIASES = {"message_id": "id", "author_role": "role", "text": "body", "sent_at": "created_at"}
# Field -> the other names it may have in a default file (rows.ALIASES the other way round).
ALIASES_OF = {field: tuple(a for a, t in ALIASES.items() if t == field) for field in ALIASES.values()}


@dataclass
class CsvRow:
    where: str
    line: int
    cells: list[str]


def csv_rows(entry: Entry, options: ParseOptions) -> tuple[list[str], Iterator[CsvRow | RowError]]:
    """The cleaned header, then each row (with its first line) or a reported bad row.

    Raises InputError when the header cannot be read."""
    limit = options.limits.max_line_bytes
    bad: dict[int, str] = {}

    def text_lines() -> Iterator[str]:
        with entry.open() as stream:
            for number, raw in enumerate(bounded_lines(stream, limit), 1):
                if raw is None:
                    bad[number] = f"line longer than {limit:,} bytes (limit); row skipped"
                    yield "\n"
                    continue
                if number == 1:
                    raw = raw.removeprefix(BOM)
                try:
                    text = raw.decode(options.encoding)
                except UnicodeDecodeError as exc:
                    bad[number] = f"not valid {options.encoding} (byte {exc.start + 1} of the line)"
                    text = raw.decode(options.encoding, "replace")
                if "\x00" in text:
                    bad[number] = "NUL byte in the line"
                    text = text.replace("\x00", "")
                yield text

    csv.field_size_limit(limit)
    reader = csv.reader(text_lines())
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{entry.name}: empty file (expected a header line)") from None
    except (csv.Error, UnicodeError) as exc:
        raise InputError(f"{entry.name}: line 1: cannot read the header ({exc})") from exc
    if bad:
        raise InputError(f"{entry.name}: header: {next(iter(bad.values()))}")
    header = [f.clean(h).strip() for h in header]

    def rows() -> Iterator[CsvRow | RowError]:
        previous = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                first, previous = previous + 1, reader.line_num
                yield RowError(f"{entry.name}: line {first}", f"not valid CSV: {exc}")
                continue
            first, previous = previous + 1, reader.line_num
            where = f"{entry.name}: line {first}"
            problems = [bad.pop(n) for n in sorted(n for n in bad if first <= n <= previous)]
            if problems:
                yield RowError(where, problems[0])
                continue
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) > len(header):
                yield RowError(where, f"{len(row)} fields, but the header has {len(header)}")
                continue
            yield CsvRow(where, first, row)

    return header, rows()


def parse_csv(entry: Entry, options: ParseOptions, notes: list[str]) -> Iterator[Item]:
    header, rows = csv_rows(entry, options)
    columns = _columns(entry.name, header, options)
    index = {name: position for position, name in enumerate(header)}
    wanted = {field: index[column] for field, column in columns.items()}
    context_fields = {k: v for k, v in columns.items() if k.startswith(CONTEXT_PREFIX)}
    ignored = [h for h in header if h and h not in columns.values()]
    if ignored:
        notes.append(f"{entry.name}: columns ignored: {', '.join(ignored[:20])}")
    builder = RowBuilder(options, options.channel or "chat")
    positions = list(wanted.items())
    # A full row's cells of the mapped fields at once (itemgetter of one gives no tuple).
    names = [field for field, _position in positions]
    pick = itemgetter(*wanted.values()) if len(positions) > 1 else None
    full = max(wanted.values(), default=-1) + 1
    for row in rows:
        if isinstance(row, RowError):
            yield row
            continue
        cells = row.cells
        given = len(cells)
        # A field's cell, None when unmapped or past the row's end (a dict's own get
        # is far cheaper than a Python function per field).
        if pick is not None and given >= full:
            values = dict(zip(names, pick(cells), strict=True))
        else:
            values = {field: cells[position] for field, position in positions if position < given}
        try:
            yield builder.build(values.get, row.where, context_fields, row.line)
        except f.ValueProblem as exc:
            yield RowError(row.where, str(exc))


def _columns(name: str, header: list[str], options: ParseOptions) -> dict[str, str]:
    columns = default_columns(header)
    for field, column in options.columns.items():
        if column not in header:
            raise InputError(f"{name}: the mapping names column {column!r}, which is not in the header")
        columns[field] = column
    for required in ("conversation_id", "text"):
        if required not in columns and not (required == "text" and "html" in columns):
            raise InputError(
                f"{name}: no {required} column (header: {', '.join(header[:12])}); "
                f"map one with --column {required}=COLUMN"
            )
    return columns


def parse_jsonl(entry: Entry, options: ParseOptions, notes: list[str]) -> Iterator[Item]:
    limit = options.limits.max_line_bytes
    builder = RowBuilder(options, options.channel or "chat")
    mapped_context = {k: v for k, v in options.columns.items() if k.startswith(CONTEXT_PREFIX)}
    with entry.open() as stream:
        for number, raw in enumerate(bounded_lines(stream, limit), 1):
            where = f"{entry.name}: line {number}"
            if raw is None:
                yield RowError(where, f"line longer than {limit:,} bytes (limit); skipped")
                continue
            if number == 1:
                raw = raw.removeprefix(BOM)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield RowError(where, f"not valid UTF-8 (byte {exc.start + 1} of the line)")
                continue
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except (ValueError, RecursionError) as exc:
                yield RowError(where, f"not JSON: {str(exc)[:120]}")
                continue
            if not isinstance(obj, dict):
                yield RowError(where, "expected a JSON object")
                continue
            try:
                yield conversation_from_object(obj, builder, options, where, number, mapped_context)
            except f.ValueProblem as exc:
                yield RowError(where, str(exc))


def lookup(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def _getter(obj: dict[str, Any], columns: dict[str, str]) -> Any:
    def get(field: str) -> Any:
        if field in columns:
            return lookup(obj, columns[field])
        value = obj.get(field)
        if value is not None and not isinstance(value, dict):
            return value
        if field in NESTED:
            outer, inner = NESTED[field]
            nested = obj.get(outer)
            if isinstance(nested, dict):
                return nested.get(inner)
        for alias in ALIASES_OF.get(field, ()):
            if alias in obj and not isinstance(obj[alias], dict):
                return obj[alias]
        return None

    return get


def conversation_from_object(
    obj: dict[str, Any],
    builder: RowBuilder,
    options: ParseOptions,
    where: str,
    line: int,
    mapped_context: dict[str, str],
) -> ConversationData:
    conversation_get = _getter(obj, options.columns)
    messages = conversation_get("messages") if "messages" in options.columns else obj.get("messages")
    record: ConversationData | None = None
    if messages is None:
        record = builder.build(conversation_get, where, mapped_context, line)
    else:
        if not isinstance(messages, list) or not messages:
            raise f.ValueProblem("messages must be a non-empty list")
        for position, message in enumerate(messages):
            if not isinstance(message, dict):
                raise f.ValueProblem(f"messages[{position}] is not an object")
            message_get = _getter(message, {})

            def get(field: str, message_get: Any = message_get, message: dict[str, Any] = message) -> Any:
                if field in MESSAGE_FIELDS:
                    value = message_get(field)
                    if value is None and MESSAGE_ALIASES.get(field) in message:
                        value = message[MESSAGE_ALIASES[field]]
                    return value
                return conversation_get(field)

            try:
                built = builder.build(get, where, mapped_context, line)
            except f.ValueProblem as exc:
                raise f.ValueProblem(f"messages[{position}]: {exc}") from exc
            built.messages[0].position = position
            if record is None:
                record = built
            else:
                record.messages.extend(built.messages)
        if record is None:
            raise f.ValueProblem("messages must be a non-empty list")
    context = obj.get("context")
    if isinstance(context, dict):
        record.context = {**f.clean_json(context), **record.context}
    return record


__all__ = ["FIELDS", "parse_csv", "parse_jsonl"]
