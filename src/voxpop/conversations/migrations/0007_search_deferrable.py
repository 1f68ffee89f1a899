# The PostgreSQL search triggers learn to skip a transaction's inserts and updates
# while it says so (voxpop.search_deferred, set by search.deferred() for bulk imports,
# which then rebuild each touched document once). SQLite's triggers are unchanged:
# search.deferred() drops and recreates them inside the importing transaction.

from django.db import migrations

from voxpop.conversations import search


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0006_message_import_fields")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
