from django.db import migrations

from voxpop.conversations import search


def forward(apps, schema_editor):
    search.install(schema_editor, backfill=True, triggers=False)


def reverse(apps, schema_editor):
    search.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0003_undo_and_triage")]
    operations = [migrations.RunPython(forward, reverse)]
