from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "voxpop.core"
    label = "core"

    def ready(self) -> None:
        from voxpop.conversations.search import ensure_sqlite_search
        from voxpop.core.appendonly import ensure_sqlite_triggers

        # Not sender=self: post_migrate only fires for apps with models, and core has none.
        # Both are idempotent (CREATE ... IF NOT EXISTS), so running once per app is harmless.
        post_migrate.connect(ensure_sqlite_triggers, dispatch_uid="voxpop.sqlite_triggers")
        post_migrate.connect(ensure_sqlite_search, dispatch_uid="voxpop.sqlite_search")
