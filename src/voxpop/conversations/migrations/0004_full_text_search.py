from django.db import migrations

from voxpop.conversations import search


def forward(apps, schema_editor):
    search.install(schema_editor, backfill=True)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {search.FTS_TABLE}", params=None)
        for name in ("message_insert", "message_delete", "message_update", "subject_insert", "subject_delete", "subject_update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS conversations_fts_{name}", params=None)
    elif schema_editor.connection.vendor == "postgresql":
        for index in ("conversations_message_fts", "conversations_message_trgm", "conversations_subject_fts", "conversations_subject_trgm"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}", params=None)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0003_undo_and_triage")]
    operations = [migrations.RunPython(forward, reverse)]
