"""The explorer's one write: an export, recorded in the audit log (who took what data)."""

from __future__ import annotations

from typing import Any

from voxpop.audit import services as audit
from voxpop.explorer import exports
from voxpop.explorer.queries import Ask, series

COLUMNS = ("period", "slice", "conversations")


def export_series(ask: Ask, fmt: str, *, actor: Any, request: Any = None) -> tuple[bytes, str, str]:
    """The series of ``ask`` as a file: (content, content type, file name)."""
    if fmt not in exports.FORMATS:
        raise exports.ExportUnavailable(f"format: expected one of {', '.join(exports.FORMATS)}, got {fmt!r}")
    content_type, write = exports.FORMATS[fmt]
    rows = series(ask)
    content = write(COLUMNS, [(row.period.isoformat(), row.slice, row.conversations) for row in rows])
    audit.record(
        "explorer.exported",
        actor=actor,
        request=request,
        data={
            "format": fmt,
            "tags": sorted(ask.tag_ids),
            "chosen": ask.labels,
            "period": ask.period,
            "by": ask.by,
            "start": ask.start.isoformat() if ask.start else None,
            "end": ask.end.isoformat() if ask.end else None,
            "rows": len(rows),
        },
    )
    return content, content_type, f"voxpop-explorer-{ask.period}.{fmt}"
