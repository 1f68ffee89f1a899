"""Append-only tables: rows are inserted, never updated or deleted.

The rule is enforced twice: in Python (a clear error where the mistake is made) and
in the database by triggers (see :func:`trigger_sql`), so raw SQL and bulk updates
cannot slip past it either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only; insert a new row instead")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only and cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only; insert a new row instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only and cannot be deleted")


def trigger_sql(table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Forward and reverse SQL, per vendor, that make ``table`` refuse UPDATE.

    DELETE is refused in Python only: erasing a customer (a cascade from their
    conversation) must still remove every row that quotes them.
    """
    message = f"{table} is append-only: insert a new row instead of updating"
    sqlite_forward = [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
    ]
    sqlite_reverse = [f"DROP TRIGGER IF EXISTS {table}_no_update;"]
    pg_forward = [
        "CREATE OR REPLACE FUNCTION voxpop_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION '% is append-only: insert a new row instead of updating', "
        "TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;",
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION voxpop_append_only();",
    ]
    pg_reverse = [f"DROP TRIGGER IF EXISTS {table}_no_update ON {table};"]
    return (
        [("sqlite", s) for s in sqlite_forward] + [("postgresql", s) for s in pg_forward],
        [("sqlite", s) for s in sqlite_reverse] + [("postgresql", s) for s in pg_reverse],
    )


def append_only_trigger(table: str) -> Operation:
    """A migration operation installing :func:`trigger_sql` for the connection's vendor."""
    forward, reverse = trigger_sql(table)

    def runner(statements: list[tuple[str, str]]) -> Callable[[Any, BaseDatabaseSchemaEditor], None]:
        def run(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
            for vendor, statement in statements:
                if vendor == schema_editor.connection.vendor:
                    schema_editor.execute(statement, params=None)

        return run

    return migrations.RunPython(runner(forward), runner(reverse))


APPEND_ONLY_TABLES = ("tagging_tagdecision", "audit_auditevent")


def ensure_sqlite_triggers(using: str = "default", **kwargs: Any) -> None:
    """Re-create the SQLite append-only triggers if a migration dropped them.

    SQLite cannot alter most columns in place, so Django rebuilds a table to change it,
    and a rebuilt table has lost its triggers. Run after every migrate (post_migrate).
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in APPEND_ONLY_TABLES:
            if table not in existing:
                continue
            for vendor, statement in trigger_sql(table)[0]:
                if vendor == "sqlite":
                    cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
