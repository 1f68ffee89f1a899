from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "voxpop.core"
    label = "core"

    def ready(self) -> None:
        from voxpop.core.appendonly import ensure_sqlite_triggers

        post_migrate.connect(ensure_sqlite_triggers, sender=self, dispatch_uid="voxpop.sqlite_triggers")
