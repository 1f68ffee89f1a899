"""Full-text search over conversations, one query function for both databases.

- SQLite: an FTS5 table with the trigram tokenizer (language-agnostic substring
  search, so Chinese and Korean work without word segmentation), kept in sync with
  messages and subjects by triggers, so every writer (bulk loads included) is covered.
- PostgreSQL: a ``simple`` text-search GIN index for word queries, and a pg_trgm GIN
  index for substring queries (used for CJK and Korean, which have no spaces).

:func:`matching` returns a filter on conversations for a user's query.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "conversations_fts"
# Scripts written without spaces between words: search them as substrings.
NO_SPACE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff\uf900-\ufaff]")
TOKEN = re.compile(r"[^\s\"']+")

SQLITE_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "body, conversation_id UNINDEXED, tokenize = 'trigram')",
    # Messages are rows 2*id, subjects 2*id + 1.
    "CREATE TRIGGER IF NOT EXISTS conversations_fts_message_insert AFTER INSERT ON conversations_message BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, body, conversation_id) VALUES (2 * new.id, new.text, new.conversation_id); END",
    "CREATE TRIGGER IF NOT EXISTS conversations_fts_message_delete AFTER DELETE ON conversations_message BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE rowid = 2 * old.id; END",
    "CREATE TRIGGER IF NOT EXISTS conversations_fts_message_update AFTER UPDATE OF text ON conversations_message "
    f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = 2 * old.id; "
    f"INSERT INTO {FTS_TABLE}(rowid, body, conversation_id) VALUES (2 * new.id, new.text, new.conversation_id); END",
    "CREATE TRIGGER IF NOT EXISTS conversations_fts_subject_insert AFTER INSERT ON conversations_conversation "
    f"BEGIN INSERT INTO {FTS_TABLE}(rowid, body, conversation_id) VALUES (2 * new.id + 1, new.subject, new.id); END",
    "CREATE TRIGGER IF NOT EXISTS conversations_fts_subject_delete AFTER DELETE ON conversations_conversation "
    f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = 2 * old.id + 1; END",
    "CREATE TRIGGER IF NOT EXISTS conversations_fts_subject_update AFTER UPDATE OF subject ON conversations_conversation "
    f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = 2 * old.id + 1; "
    f"INSERT INTO {FTS_TABLE}(rowid, body, conversation_id) VALUES (2 * new.id + 1, new.subject, new.id); END",
]
SQLITE_BACKFILL = [
    f"DELETE FROM {FTS_TABLE}",
    f"INSERT INTO {FTS_TABLE}(rowid, body, conversation_id) SELECT 2 * id, text, conversation_id FROM conversations_message",
    f"INSERT INTO {FTS_TABLE}(rowid, body, conversation_id) SELECT 2 * id + 1, subject, id FROM conversations_conversation",
]
POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS conversations_message_fts ON conversations_message "
    "USING gin (to_tsvector('simple', text))",
    "CREATE INDEX IF NOT EXISTS conversations_message_trgm ON conversations_message USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS conversations_subject_fts ON conversations_conversation "
    "USING gin (to_tsvector('simple', subject))",
    "CREATE INDEX IF NOT EXISTS conversations_subject_trgm ON conversations_conversation "
    "USING gin (subject gin_trgm_ops)",
]


def install(schema_editor: Any, backfill: bool = False) -> None:
    """Create the search structures for this connection's vendor (idempotent)."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_SQL + (SQLITE_BACKFILL if backfill else []):
            schema_editor.execute(statement, params=None)
    elif vendor == "postgresql":
        for statement in POSTGRES_SQL:
            schema_editor.execute(statement, params=None)


def ensure_sqlite_search(using: str = "default", **kwargs: Any) -> None:
    """post_migrate guard: a table rebuilt by a migration loses its triggers."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite" or "conversations_message" not in conn.introspection.table_names():
        return
    with conn.cursor() as cursor:
        for statement in SQLITE_SQL:
            cursor.execute(statement)


def tokens(query: str) -> list[str]:
    return [t for t in TOKEN.findall(query.strip()) if t]


def matching(query: str) -> Q | None:
    """Conversations whose subject or any message contains every token of ``query``.

    Returns a filter for ``Conversation`` querysets, or None for an empty query. Tokens match as case-insensitive
    substrings on SQLite; on PostgreSQL as words (prefix) or, for CJK and tokens
    with punctuation, as substrings.
    """
    words = tokens(query)
    if not words:
        return None
    if connection.vendor == "sqlite":
        return _sqlite(words)
    return _postgres(words)


def _sqlite(words: list[str]) -> Q:
    # Trigram MATCH needs 3+ characters; shorter tokens fall back to LIKE on the same table.
    clauses, params = [], []
    for word in words:
        if len(word) >= 3:
            clauses.append(f"{FTS_TABLE} MATCH %s")
            params.append('"' + word.replace('"', '""') + '"')
        else:
            clauses.append("body LIKE %s ESCAPE '\\'")
            params.append("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    # Every token must appear somewhere in the conversation (not necessarily one message).
    per_token = " INTERSECT ".join(
        f"SELECT conversation_id FROM {FTS_TABLE} WHERE {clause}" for clause in clauses
    )
    return Q(pk__in=RawSQL(per_token, params))


def _postgres(words: list[str]) -> Q:
    parts, params = [], []
    for word in words:
        if NO_SPACE_SCRIPTS.search(word) or not word.isalnum():
            like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            parts.append(
                "(SELECT conversation_id FROM conversations_message WHERE text ILIKE %s "
                "UNION SELECT id FROM conversations_conversation WHERE subject ILIKE %s)"
            )
            params += [like, like]
        else:
            term = re.sub(r"[^\w]", "", word) + ":*"
            parts.append(
                "(SELECT conversation_id FROM conversations_message "
                "WHERE to_tsvector('simple', text) @@ to_tsquery('simple', %s) "
                "UNION SELECT id FROM conversations_conversation "
                "WHERE to_tsvector('simple', subject) @@ to_tsquery('simple', %s))"
            )
            params += [term, term]
    per_token = " INTERSECT ".join(parts)
    return Q(pk__in=RawSQL(per_token, params))
