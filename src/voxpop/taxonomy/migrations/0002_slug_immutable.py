"""A tag's slug is its identity: the database refuses to change it."""

from django.db import migrations

SQLITE_FORWARD = (
    "CREATE TRIGGER taxonomy_tag_slug_immutable BEFORE UPDATE OF slug ON taxonomy_tag "
    "WHEN NEW.slug <> OLD.slug BEGIN SELECT RAISE(ABORT, 'a tag slug cannot change'); END;"
)
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS taxonomy_tag_slug_immutable;"
PG_FORWARD = [
    "CREATE OR REPLACE FUNCTION voxpop_tag_slug_immutable() RETURNS trigger AS $$ "
    "BEGIN IF NEW.slug <> OLD.slug THEN RAISE EXCEPTION 'a tag slug cannot change'; END IF; "
    "RETURN NEW; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER taxonomy_tag_slug_immutable BEFORE UPDATE ON taxonomy_tag "
    "FOR EACH ROW EXECUTE FUNCTION voxpop_tag_slug_immutable();",
]
PG_REVERSE = ["DROP TRIGGER IF EXISTS taxonomy_tag_slug_immutable ON taxonomy_tag;"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)
    elif schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARD:
            schema_editor.execute(statement)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)
    elif schema_editor.connection.vendor == "postgresql":
        for statement in PG_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
