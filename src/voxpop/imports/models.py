"""Import history and checkpoints.

``ImportRun`` is one invocation (command line, upload or API): who, when, what, and the
options. ``ImportFile`` is one input path within a run, and doubles as its checkpoint:
``records_done`` (how many parsed records, accepted or rejected, are committed), the
counts and the first errors are updated in the same transaction as each batch, so after
a crash a re-run resumes exactly where the last commit left off.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from voxpop.conversations.models import Source


class RunStatus(models.TextChoices):
    # An upload waiting for a worker to pick its task up.
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    # Finished, but some rows were rejected (or a file was unusable).
    PARTIAL = "partial", "Finished with errors"
    # Strict mode found an error: nothing was written.
    ABORTED = "aborted", "Aborted"
    FAILED = "failed", "Failed"
    # Killed before it finished; a later run with the same file resumed it.
    INTERRUPTED = "interrupted", "Interrupted"


class ImportRun(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="import_runs")
    format = models.CharField(max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where it came from, for people reading the history: "cli (os user ada)", "upload".
    origin = models.CharField(max_length=200, blank=True, default="")
    options = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)
    strict = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    counts = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress, written by the task running an upload while it runs (counts so far go
    # to ``counts``): what it is doing, how far through the file, and when it last said so.
    phase = models.CharField(max_length=32, blank=True, default="")
    bytes_done = models.BigIntegerField(default=0)
    bytes_total = models.BigIntegerField(default=0)
    records_done = models.BigIntegerField(default=0)
    progress_at = models.DateTimeField(null=True, blank=True)
    # Why the run failed as a whole (an error in the task, an unusable file).
    message = models.TextField(blank=True, default="")
    # An uploaded file: the name the browser gave (shown, escaped, never used as a path),
    # and where voxpop stored it under the data directory ("" once deleted).
    upload_name = models.CharField(max_length=255, blank=True, default="")
    upload_path = models.CharField(max_length=500, blank=True, default="")
    upload_size = models.BigIntegerField(default=0)
    upload_kept_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.format} import #{self.pk} into {self.source_id}"


class ImportFile(models.Model):
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    # As given (a path, or an uploaded file's name); shown, never opened from here.
    name = models.CharField(max_length=1000)
    # sha256 of the content (for a folder: of its file names, sizes and times).
    fingerprint = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    # The checkpoint: parsed records (accepted or rejected) whose outcome is committed.
    records_done = models.BigIntegerField(default=0)
    batches_done = models.PositiveIntegerField(default=0)
    resumed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resumed_by"
    )
    counts = models.JSONField(default=dict, blank=True)
    # The first errors ({"where": "file.csv: line 7", "reason": "..."}); error_count has all.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    # File-level notes: ignored columns, unknown tags, a fatal problem.
    notes = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["run", "id"]
        indexes = [models.Index(fields=["fingerprint", "status"], name="importfile_fingerprint_status")]

    def __str__(self) -> str:
        return self.name


class WebhookEndpoint(models.Model):
    """A source's live endpoint. The secret signs deliveries (HMAC-SHA256); it is kept
    because verifying needs it, and shown to a person only when created or rotated."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="webhook")
    secret = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"webhook for {self.source_id}"


class WebhookDelivery(models.Model):
    """A delivery id seen once: a repeated delivery is acknowledged and ignored."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(auto_now_add=True)
    conversation_id = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "delivery_id"], name="webhook_delivery_once"),
        ]

    def __str__(self) -> str:
        return self.delivery_id
