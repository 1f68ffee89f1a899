# Fields the importers write on messages: quoted text and signature kept apart from the
# text, attachments by name and size, and a content hash to skip unchanged messages.
#
# On SQLite, Django adds a NOT NULL column with a default by rebuilding the whole table,
# which would drop and recreate conversations_message under the full-text-search
# triggers of 0004 (and take long on a big table). SQLite can add such a column in place
# (ALTER TABLE ... ADD COLUMN ... NOT NULL DEFAULT ...), so it does that; other
# databases use the schema editor as usual. The model state is the same either way.

from django.db import migrations, models

FIELDS = [
    (
        "attachments",
        models.JSONField(blank=True, default=list),
        "text NOT NULL DEFAULT '[]' CHECK (JSON_VALID(\"attachments\"))",
    ),
    (
        "content_hash",
        models.CharField(blank=True, default="", max_length=64),
        "varchar(64) NOT NULL DEFAULT ''",
    ),
    ("quoted", models.TextField(blank=True, default=""), "text NOT NULL DEFAULT ''"),
    ("signature", models.TextField(blank=True, default=""), "text NOT NULL DEFAULT ''"),
]


def _field(model, name, field):
    # The historical model (RunPython sees the state without these fields) gets a copy.
    try:
        return model._meta.get_field(name)
    except Exception:
        copy = field.clone()
        copy.contribute_to_class(model, name)
        return copy


def forward(apps, schema_editor):
    model = apps.get_model("conversations", "Message")
    for name, field, sqlite_type in FIELDS:
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(
                f'ALTER TABLE "{model._meta.db_table}" ADD COLUMN "{name}" {sqlite_type}', params=None
            )
        else:
            schema_editor.add_field(model, _field(model, name, field))


def reverse(apps, schema_editor):
    model = apps.get_model("conversations", "Message")
    for name, field, _sqlite_type in FIELDS:
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f'ALTER TABLE "{model._meta.db_table}" DROP COLUMN "{name}"', params=None)
        else:
            schema_editor.remove_field(model, _field(model, name, field))


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0005_saved_views"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="message", name=name, field=field)
                for name, field, _sql in FIELDS
            ],
            database_operations=[migrations.RunPython(forward, reverse)],
        ),
    ]
