"""Exporting explorer results: CSV (safe to open in a spreadsheet) and Parquet.

CSV: a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by Excel, LibreOffice or Google Sheets (CSV injection), so it
gets a leading apostrophe. Numbers are written as numbers and never escaped.

Parquet needs pyarrow, an optional dependency (``pip install 'voxpop[parquet]'``): it is
a large wheel (tens of MB) that most installs never use, and the embedded default should
stay small. Without it a Parquet export is refused with a message saying how to add it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportUnavailable(Exception):
    pass


def spreadsheet_safe(value: Any) -> Any:
    """A cell as a spreadsheet will not execute it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a BOM (so spreadsheets read CJK right), formula cells escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(c) for c in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe("" if cell is None else cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_parquet(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportUnavailable(
            "Parquet export needs pyarrow: pip install 'voxpop[parquet]' (or pip install pyarrow)"
        ) from exc
    data = list(rows)
    table = pa.table({name: [row[i] for row in data] for i, name in enumerate(columns)})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


FORMATS = {
    "csv": ("text/csv; charset=utf-8", to_csv),
    "parquet": ("application/vnd.apache.parquet", to_parquet),
}
