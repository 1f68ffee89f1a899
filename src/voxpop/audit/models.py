"""An append-only log of what people did: sign-ins, role changes, taxonomy changes,
exports and deletions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from voxpop.core.appendonly import AppendOnlyModel


class AuditEvent(AppendOnlyModel):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # No database constraint: the log outlives the user; actor_name keeps it readable.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True, default="")
    target_id = models.CharField(max_length=64, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or 'system'} {self.action}"
