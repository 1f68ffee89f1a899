"""Limits on what an import will read. Defaults suit a laptop; each has a CLI flag."""

from __future__ import annotations

from dataclasses import dataclass

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


@dataclass(frozen=True)
class Limits:
    # One input file as stored (an archive counts as its own size).
    max_file_bytes: int = 4 * GIB
    # Members of one archive, or files in one folder.
    max_entries: int = 100_000
    # Bytes unpacked from one archive (or .gz) in total.
    max_unpacked_bytes: int = 8 * GIB
    # One line of CSV/JSONL/transcript text.
    max_line_bytes: int = 4 * MIB
    # One email message, one transcript file, one JSON document.
    max_document_bytes: int = 50 * MIB
    # One text field after decoding (a message body).
    max_text_chars: int = 1_000_000
