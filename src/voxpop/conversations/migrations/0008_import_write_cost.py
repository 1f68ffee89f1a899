# Cheaper bulk writes of conversations and their search documents.
#
# - Conversations lose the single-column indexes on source_id and account_id: the
#   unique (source_id, external_id) and the conversation_account_time (account_id,
#   started_at) indexes start with those columns and serve every look-up by them
#   (filters, the foreign-key checks of a deleted source or account), so each new
#   conversation had two index entries nobody read. Dropped by name (the names Django
#   gave them, the same on both databases) so SQLite does not rebuild the table.
# - SQLite's full-text index keeps up to 8 MiB of pending terms in memory before it
#   writes a segment (FTS5's default is 1 MiB): an import writes fewer, larger
#   segments, which FTS5 then merges less often. Queries and results are unchanged.

from django.db import migrations, models
from django.db.models import deletion

from voxpop.conversations import search

INDEXES = {
    "conversations_conversation_source_id_e90e4798": "source_id",
    "conversations_conversation_account_id_140c2573": "account_id",
}


def drop_indexes(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"', params=None)


def create_indexes(apps, schema_editor):
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "conversations_conversation" ("{column}")', params=None
        )


def search_hash_size(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(search.SQLITE_HASH_SIZE, params=None)


def search_default_hash_size(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":  # FTS5's own default, 1 MiB
        schema_editor.execute(
            "INSERT INTO conversations_fts(conversations_fts, rank) VALUES ('hashsize', 1048576)", params=None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0007_search_deferrable"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="conversation",
                    name="source",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=deletion.PROTECT,
                        related_name="conversations",
                        to="conversations.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="conversation",
                    name="account",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=deletion.SET_NULL,
                        related_name="conversations",
                        to="accounts.account",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
        ),
        migrations.RunPython(search_hash_size, search_default_hash_size),
    ]
