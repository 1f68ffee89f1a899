# SQLite's search index reads words (FTS5 unicode61) instead of every three characters
# (trigram): the same queries answered, at about a fifth of the cost to build, which
# was the largest part of an import's write. CJK and Hangul characters are stood alone
# as tokens by the voxpop_search_text function (see voxpop.conversations.search), so a
# Chinese or Korean query still matches anywhere in a word. The index is rebuilt from
# the conversations; PostgreSQL is not touched.

from django.db import migrations

from voxpop.conversations import search

# The index as 0004-0008 left it, for a migration back.
TRIGRAM_TABLE = "CREATE VIRTUAL TABLE IF NOT EXISTS conversations_fts USING fts5(body, tokenize = 'trigram')"
TRIGRAM_BACKFILL = (
    "INSERT INTO conversations_fts(rowid, body) SELECT c.id, c.subject || ' ' || coalesce(group_concat(m.text, ' '), '') "
    "FROM conversations_conversation c LEFT JOIN conversations_message m ON m.conversation_id = c.id GROUP BY c.id"
)


def words(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {search.FTS_TABLE}", params=None)
        search.install(schema_editor, backfill=True, triggers=False)


def trigrams(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {search.FTS_TABLE}", params=None)
        for statement in (TRIGRAM_TABLE, search.SQLITE_HASH_SIZE, TRIGRAM_BACKFILL):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0008_import_write_cost"),
    ]

    operations = [migrations.RunPython(words, trigrams)]
