"""The model registry: one row per trained tagging model version.

The fitted model itself is a file under ``DATA_DIR/models/<version>.pkl``; the row keeps
what people and audits need without loading it: when it was trained, on what data (a
hash of the training examples), how well it did on held-out folds, and the per-tag
thresholds above which it applies tags by itself.
"""

from __future__ import annotations

from django.db import models


class TaggingModelVersion(models.Model):
    version = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    encoder = models.CharField(max_length=32, default="sparse")
    training_data_hash = models.CharField(max_length=64)
    n_examples = models.PositiveIntegerField()
    n_tags = models.PositiveIntegerField()
    target_precision = models.FloatField()
    # Held-out (cross-validated) figures, and {tag slug: threshold} (null: suggest only).
    metrics = models.JSONField(default=dict)
    thresholds = models.JSONField(default=dict)
    file_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_tagging_model"
            )
        ]

    def __str__(self) -> str:
        return self.version
