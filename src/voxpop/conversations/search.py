"""Full-text search over conversations, one query function for both databases.

Each conversation has one search document: its subject and all its messages. Triggers
keep it current on every insert, update and delete of a conversation or message, so
every writer (bulk loads and raw SQL included) is covered.

Both databases answer alike: a query token matches the words it begins (``expo``
finds "exports"), and in scripts written without spaces between words (Chinese,
Japanese, Korean) any run of characters matches where it occurs. (SQLite ignores
accents; a token with punctuation differs, see :func:`matching`.)

- SQLite: an FTS5 table with the ``unicode61`` word tokenizer, keyed by conversation
  id. Its documents pass through :func:`search_text` (a SQL function registered on
  every connection), which stands each CJK or Hangul character alone as a token; a
  query token becomes a phrase of the same tokens, with a prefix match on its last,
  so a Chinese query is found wherever its characters stand in that order.
  A trigram index (every three characters a term) answered the same queries but cost
  about five times as much to build, and it was the largest part of an import's write.
- PostgreSQL: a ``conversations_search`` table with a ``simple`` tsvector (GIN) for
  word queries and a pg_trgm GIN index for substring queries (used for CJK and
  Korean, which have no spaces between words).

Per-row triggers rebuild a conversation's whole document on each message, which is
quadratic in its length and dominates a bulk load; :func:`deferred` lets a bulk
writer (the importer) switch them off inside its own transaction and rebuild each
touched document once, with one statement, before it commits.

:func:`matching` returns a filter on conversations: every token of the query must
occur in the conversation (in any of its messages or its subject).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "conversations_fts"
PG_TABLE = "conversations_search"
# Scripts written without spaces between words: search them as substrings.
NO_SPACE_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff\uf900-\ufaff]"
)
_NO_SPACE_RUN = re.compile(f"(?:{NO_SPACE_SCRIPTS.pattern})+")
TOKEN = re.compile(r"[^\s\"']+")
# A token the word index can look up has a letter or a digit (unicode61 splits on the rest).
INDEXABLE = re.compile(r"[^\W_]")
# The SQL function (SQLite) that :func:`search_text` is registered as.
SEARCH_TEXT = "voxpop_search_text"
PG_ID_LIST_LIMIT = 5000

# The document of conversation :cid, as one SQL expression (both vendors).
_DOCUMENT = (
    "(SELECT c.subject || ' ' || coalesce((SELECT {agg} FROM conversations_message m "
    "WHERE m.conversation_id = c.id), '') FROM conversations_conversation c WHERE c.id = {cid})"
)


def search_text(text: str | None) -> str | None:
    """A document or query as SQLite's word index reads it: each character of a script
    written without spaces stands alone (``数据库`` becomes `` 数 据 库 ``), so any run
    of them is a phrase of whole tokens. Other text is returned as it is."""
    if text is None or text.isascii():
        return text
    return _NO_SPACE_RUN.sub(_spaced, text)  # unchanged when it has no such characters


def _spaced(run: re.Match[str]) -> str:
    return " " + " ".join(run.group()) + " "


def register_sqlite_functions(sender: Any = None, connection: Any = None, **kwargs: Any) -> None:
    """connection_created: give an SQLite connection the functions the search SQL calls."""
    if connection is not None and connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_function(SEARCH_TEXT, 1, search_text, deterministic=True)


def _sqlite_refresh(cid: str) -> str:
    document = _DOCUMENT.format(agg="group_concat(m.text, ' ')", cid=cid)
    document = f"{SEARCH_TEXT}({document})"
    return (
        f"DELETE FROM {FTS_TABLE} WHERE rowid = {cid}; "
        f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT {cid}, {document} "
        f"WHERE EXISTS (SELECT 1 FROM conversations_conversation WHERE id = {cid});"
    )


SQLITE_TRIGGERS = {
    "conversations_fts_message_insert": f"AFTER INSERT ON conversations_message BEGIN {_sqlite_refresh('new.conversation_id')} END",
    "conversations_fts_message_delete": f"AFTER DELETE ON conversations_message BEGIN {_sqlite_refresh('old.conversation_id')} END",
    "conversations_fts_message_update": (
        "AFTER UPDATE OF text, conversation_id ON conversations_message BEGIN "
        f"{_sqlite_refresh('old.conversation_id')} {_sqlite_refresh('new.conversation_id')} END"
    ),
    "conversations_fts_subject_insert": f"AFTER INSERT ON conversations_conversation BEGIN {_sqlite_refresh('new.id')} END",
    "conversations_fts_subject_update": f"AFTER UPDATE OF subject ON conversations_conversation BEGIN {_sqlite_refresh('new.id')} END",
    "conversations_fts_subject_delete": f"AFTER DELETE ON conversations_conversation BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END",
}
SQLITE_TABLE = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')"
# Pending terms FTS5 keeps in memory before it writes them out as a segment (its default
# is 1 MiB): a bulk write makes fewer, larger segments, which it then merges less often
# (about a tenth less CPU for the index during an import). Stored with the table.
SQLITE_HASH_SIZE = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('hashsize', {8 * 2**20})"
# Conversations' documents into the index, one statement; ``{where}`` narrows it.
_SQLITE_DOCUMENTS = (
    f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT c.id, {SEARCH_TEXT}(c.subject || ' ' || coalesce(group_concat(m.text, ' '), '')) "
    "FROM conversations_conversation c LEFT JOIN conversations_message m ON m.conversation_id = c.id {where}GROUP BY c.id"
)
SQLITE_BACKFILL = [f"DELETE FROM {FTS_TABLE}", _SQLITE_DOCUMENTS.format(where="")]

PG_DOCUMENT = _DOCUMENT.format(agg="string_agg(m.text, ' ')", cid="cid")
# Set (transaction-local) by :func:`deferred`: the row triggers skip inserts and updates.
PG_DEFERRED = "voxpop.search_deferred"
_PG_SKIP = (
    f"IF current_setting('{PG_DEFERRED}', true) = 'on' AND TG_OP <> 'DELETE' THEN RETURN NULL; END IF; "
)
POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # No foreign key: it would forbid TRUNCATE of conversations; triggers keep it in step.
    f"CREATE TABLE IF NOT EXISTS {PG_TABLE} (conversation_id bigint PRIMARY KEY, "
    "body text NOT NULL, document tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_document ON {PG_TABLE} USING gin (document)",
    f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_trgm ON {PG_TABLE} USING gin (body gin_trgm_ops)",
    "CREATE OR REPLACE FUNCTION voxpop_search_refresh(cid bigint) RETURNS void AS $$ "
    "DECLARE doc text; BEGIN "
    f"SELECT {PG_DOCUMENT} INTO doc; "
    f"IF doc IS NULL THEN DELETE FROM {PG_TABLE} WHERE conversation_id = cid; "
    f"ELSE INSERT INTO {PG_TABLE} (conversation_id, body, document) VALUES (cid, doc, to_tsvector('simple', doc)) "
    "ON CONFLICT (conversation_id) DO UPDATE SET body = EXCLUDED.body, document = EXCLUDED.document; END IF; "
    "END; $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE FUNCTION voxpop_search_message() RETURNS trigger AS $$ BEGIN "
    f"{_PG_SKIP}"
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM voxpop_search_refresh(OLD.conversation_id); END IF; "
    "IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM voxpop_search_refresh(NEW.conversation_id); END IF; "
    "RETURN NULL; END; $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE FUNCTION voxpop_search_conversation() RETURNS trigger AS $$ BEGIN "
    f"{_PG_SKIP}"
    f"IF TG_OP = 'DELETE' THEN DELETE FROM {PG_TABLE} WHERE conversation_id = OLD.id; "
    "ELSE PERFORM voxpop_search_refresh(NEW.id); END IF; RETURN NULL; END; $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE FUNCTION voxpop_search_truncate() RETURNS trigger AS $$ BEGIN "
    f"TRUNCATE {PG_TABLE}; RETURN NULL; END; $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS conversations_search_message ON conversations_message",
    "CREATE TRIGGER conversations_search_message AFTER INSERT OR DELETE OR UPDATE OF text, conversation_id "
    "ON conversations_message FOR EACH ROW EXECUTE FUNCTION voxpop_search_message()",
    "DROP TRIGGER IF EXISTS conversations_search_conversation ON conversations_conversation",
    "CREATE TRIGGER conversations_search_conversation AFTER INSERT OR DELETE OR UPDATE OF subject "
    "ON conversations_conversation FOR EACH ROW EXECUTE FUNCTION voxpop_search_conversation()",
    "DROP TRIGGER IF EXISTS conversations_search_truncate ON conversations_conversation",
    "CREATE TRIGGER conversations_search_truncate AFTER TRUNCATE ON conversations_conversation "
    "FOR EACH STATEMENT EXECUTE FUNCTION voxpop_search_truncate()",
]
POSTGRES_BACKFILL = [
    f"INSERT INTO {PG_TABLE} (conversation_id, body, document) "
    "SELECT c.id, d.doc, to_tsvector('simple', d.doc) FROM conversations_conversation c "
    "CROSS JOIN LATERAL (SELECT c.subject || ' ' || coalesce(string_agg(m.text, ' '), '') AS doc "
    "FROM conversations_message m WHERE m.conversation_id = c.id) d "
    "ON CONFLICT (conversation_id) DO NOTHING",
]


# The triggers :func:`deferred` switches off on SQLite (deletes stay immediate).
SQLITE_DEFERRABLE = (
    "conversations_fts_message_insert",
    "conversations_fts_message_update",
    "conversations_fts_subject_insert",
    "conversations_fts_subject_update",
)
_SQLITE_REFRESH = [
    f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({{ids}})",
    _SQLITE_DOCUMENTS.format(where="WHERE c.id IN ({ids}) "),
]
_PG_REFRESH = (
    f"INSERT INTO {PG_TABLE} (conversation_id, body, document) "
    "SELECT c.id, d.doc, to_tsvector('simple', d.doc) FROM conversations_conversation c "
    "CROSS JOIN LATERAL (SELECT c.subject || ' ' || coalesce(string_agg(m.text, ' '), '') AS doc "
    "FROM conversations_message m WHERE m.conversation_id = c.id) d WHERE c.id = ANY(%s) "
    "ON CONFLICT (conversation_id) DO UPDATE SET body = EXCLUDED.body, document = EXCLUDED.document"
)
REFRESH_CHUNK = 500


@contextmanager
def deferred() -> Iterator[set[int]]:
    """Bulk writes with the search document rebuilt once per conversation.

    Use inside the caller's transaction. Within the block the per-row search triggers
    do nothing for this transaction's inserts and updates; the caller adds the id of
    every conversation it created or changed (its subject or messages) to the yielded
    set, and on leaving the block those documents are rebuilt, one statement per 500.

    Other writers are not affected: on SQLite the triggers are dropped and recreated
    inside this transaction, which holds the database's only write lock until it
    commits (a rollback, a crash included, puts them back); on PostgreSQL the
    triggers skip only while this transaction's local setting says so. On an
    exception nothing is rebuilt: the caller's transaction must roll back.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("search.deferred() needs a transaction")
    touched: set[int] = set()
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            names = ", ".join(f"'{name}'" for name in SQLITE_DEFERRABLE)
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({names})"
            )
            dropped = cursor.fetchall()
            for name, _sql in dropped:
                cursor.execute(f"DROP TRIGGER {name}")
        elif vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [PG_DEFERRED])
        yield touched
        ids = sorted(touched)
        if vendor == "sqlite":
            if dropped:  # no triggers, no index to keep (a migration or a bulk load is under way)
                for start in range(0, len(ids), REFRESH_CHUNK):
                    part = ", ".join(str(int(i)) for i in ids[start : start + REFRESH_CHUNK])
                    for statement in _SQLITE_REFRESH:
                        cursor.execute(statement.format(ids=part))
            for _name, sql in dropped:
                cursor.execute(sql)  # exactly as it was defined
        elif vendor == "postgresql":
            for start in range(0, len(ids), REFRESH_CHUNK):
                cursor.execute(_PG_REFRESH, [ids[start : start + REFRESH_CHUNK]])
            cursor.execute("SELECT set_config(%s, 'off', true)", [PG_DEFERRED])


def install(schema_editor: Any, backfill: bool = False, triggers: bool = True) -> None:
    """Create the search structures for this connection's vendor (idempotent).

    On SQLite the migration creates the table only (``triggers=False``): the triggers
    name the message table, and SQLite refuses to rebuild a table (as later
    migrations do to alter one) that a trigger elsewhere refers to. They are added
    after every migrate instead, by :func:`sqlite_after_migrate`.
    """
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [SQLITE_TABLE, SQLITE_HASH_SIZE, *(_sqlite_trigger_sql() if triggers else [])]
        statements += SQLITE_BACKFILL if backfill else []
    elif vendor == "postgresql":
        statements = POSTGRES_SQL + (POSTGRES_BACKFILL if backfill else [])
    else:
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def uninstall(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}", params=None)
    elif vendor == "postgresql":
        for trigger, table in (
            ("conversations_search_message", "conversations_message"),
            ("conversations_search_conversation", "conversations_conversation"),
            ("conversations_search_truncate", "conversations_conversation"),
        ):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}", params=None)
        schema_editor.execute(f"DROP TABLE IF EXISTS {PG_TABLE}", params=None)


def _sqlite_trigger_sql() -> list[str]:
    return [f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in SQLITE_TRIGGERS.items()]


def sqlite_before_migrate(using: str = "default", **kwargs: Any) -> None:
    """pre_migrate: drop the search triggers so migrations may rebuild tables freely."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def sqlite_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """post_migrate: put the search triggers back, and re-index if rows changed meanwhile."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite" or FTS_TABLE not in conn.introspection.table_names():
        return
    with conn.cursor() as cursor:
        for statement in _sqlite_trigger_sql():
            cursor.execute(statement)
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
        indexed = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM conversations_conversation")
        if cursor.fetchone()[0] != indexed:
            for statement in SQLITE_BACKFILL:
                cursor.execute(statement)


def tokens(query: str) -> list[str]:
    # A NUL ends a string for SQLite's query parser and PostgreSQL refuses one: no
    # stored text holds it, so a query drops it.
    return [t for t in TOKEN.findall(query.replace("\x00", " ").strip()) if t]


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matching(query: str) -> Q | None:
    """A filter for ``Conversation`` querysets: conversations containing every token of
    ``query`` (case-insensitive). None for an empty query (no filter).

    Both match a token as the start of a word, and CJK as a substring. A token with
    punctuation is a substring on PostgreSQL and, on SQLite, its words in that order
    (``e-mail`` finds "e-mail" and "e mail").
    """
    words = tokens(query)
    if not words:
        return None
    return _sqlite(words) if connection.vendor == "sqlite" else _postgres(words)


def _sqlite(words: list[str]) -> Q:
    # Each token a phrase (a CJK run is one token per character) whose last token may
    # be a prefix; a token with no letter or digit has nothing in the word index and
    # is looked for as a substring of the stored documents instead (a scan).
    phrases, where, params = [], [], []
    for word in words:
        if INDEXABLE.search(word):
            phrases.append('"' + (search_text(word) or "").replace('"', '""') + '" *')
        else:
            where.append("body LIKE %s ESCAPE '\\'")
            params.append(_like(word))
    if phrases:
        where.insert(0, f"{FTS_TABLE} MATCH %s")
        params.insert(0, " AND ".join(phrases))
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {' AND '.join(where)}", params))


def _postgres(words: list[str]) -> Q:
    terms, where, params = [], [], []
    for word in words:
        if NO_SPACE_SCRIPTS.search(word) or not word.isalnum():
            where.append("body ILIKE %s")
            params.append(_like(word))
        else:
            terms.append(re.sub(r"[^\w]", "", word) + ":*")
    if terms:
        where.insert(0, "document @@ to_tsquery('simple', %s)")
        params.insert(0, " & ".join(terms))
    sql = f"SELECT conversation_id FROM {PG_TABLE} WHERE {' AND '.join(where)}"
    # PostgreSQL cannot estimate how many documents a prefix query matches, and when it
    # guesses high it walks the newest conversations testing each document: seconds at
    # a million rows. So ask first (one index scan): a few thousand matches go in as
    # ids; more than that, and a fenced subquery (OFFSET 0) is hashed once and the
    # newest conversations are checked against it.
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [*params, PG_ID_LIST_LIMIT + 1])
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) <= PG_ID_LIST_LIMIT:
        return Q(pk__in=ids)
    return Q(pk__in=RawSQL(f"SELECT conversation_id FROM ({sql} OFFSET 0) AS matched", params))
