from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "voxpop.roadmap"
    label = "roadmap"
    verbose_name = "Roadmap"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from voxpop.conversations.models import Conversation
        from voxpop.roadmap import snapshots

        post_save.connect(
            snapshots.conversation_saved, sender=Conversation, dispatch_uid="evidence-clock-save"
        )
        post_delete.connect(
            snapshots.conversation_deleted, sender=Conversation, dispatch_uid="evidence-clock-delete"
        )
