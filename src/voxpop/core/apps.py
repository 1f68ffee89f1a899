from django.apps import AppConfig
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate


class CoreConfig(AppConfig):
    name = "voxpop.core"
    label = "core"

    def ready(self) -> None:
        from voxpop.conversations.search import (
            register_sqlite_functions,
            sqlite_after_migrate,
            sqlite_before_migrate,
        )
        from voxpop.core.appendonly import ensure_sqlite_triggers

        # Not sender=self: post_migrate only fires for apps with models, and core has none.
        # Both are idempotent (CREATE ... IF NOT EXISTS), so running once per app is harmless.
        post_migrate.connect(ensure_sqlite_triggers, dispatch_uid="voxpop.sqlite_triggers")
        pre_migrate.connect(sqlite_before_migrate, dispatch_uid="voxpop.sqlite_search_off")
        post_migrate.connect(sqlite_after_migrate, dispatch_uid="voxpop.sqlite_search_on")
        # The search triggers call a Python function: every SQLite connection gets it,
        # those opened before this ran included.
        connection_created.connect(register_sqlite_functions, dispatch_uid="voxpop.sqlite_functions")
        for connection in connections.all(initialized_only=True):
            register_sqlite_functions(connection=connection)
