"""Topic discovery runs: the untagged conversations clustered, and what each cluster holds.

A run keeps its parameters and outcome; each cluster keeps its size, its weekly counts
(for week-over-week growth), its top terms, three representative customer quotes and
its member conversations, so the page and the API read stored results and a tag can be
made from a cluster long after the run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voxpop.conversations.models import Conversation
from voxpop.taxonomy.models import Tag


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DiscoveryRun(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    # {"limit", "clusters", "seed", "min_size"} as asked; "clusters" null means chosen from the pool size.
    params = models.JSONField(default=dict)
    pool_size = models.PositiveIntegerField(default=0)
    # The pool's newest conversation: weeks for growth end here.
    window_end = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"discovery run {self.pk} ({self.status})"


class DiscoveryCluster(models.Model):
    run = models.ForeignKey(DiscoveryRun, on_delete=models.CASCADE, related_name="clusters")
    position = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    this_week = models.PositiveIntegerField(default=0)
    last_week = models.PositiveIntegerField(default=0)
    top_terms = models.JSONField(default=list)
    # [{"conversation_id", "message_id", "start", "end", "text", "account"}], closest first.
    quotes = models.JSONField(default=list)
    # The existing tag most often suggested for the members, if any: {"slug", "name", "share"}.
    nearest_tag = models.JSONField(null=True, blank=True)
    members = models.ManyToManyField(Conversation, related_name="+")
    created_tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="discovery_cluster_position"),
        ]

    def __str__(self) -> str:
        return f"cluster {self.position} of run {self.run_id}"

    @property
    def growth(self) -> float | None:
        """Week over week change as a fraction (0.5 is +50%); None when last week had none."""
        if not self.last_week:
            return None
        return (self.this_week - self.last_week) / self.last_week
