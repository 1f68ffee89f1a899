"""The engine's tables: the model registry, what each version predicted, spot checks and
evaluation reports.

- ``TaggingModelVersion``: one row per trained version. The fitted model itself is a file
  under ``DATA_DIR/models/<version>.pkl``; the row keeps what people and audits need
  without loading it: when it was trained, on what data (a hash of the training examples
  and the tree), how well it did on held-out folds, and the per-tag thresholds above which
  it applies tags by itself.
- ``PredictionRecord``: one row per (conversation, version) that version predicted, even
  when it abstained, so a conversation is never predicted twice by one version; it keeps
  how uncertain the model was, which orders the review queue.
- ``SpotCheck``: an automatic label sampled for a person to confirm or reject, so each
  tag's precision is measured against people, not only estimated.
- ``EvaluationReport``: a cross-validation run on the workspace's own decisions
  (``voxpop eval --cv``), per tag.
"""

from __future__ import annotations

from django.db import models

from voxpop.conversations.models import Conversation


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
    # The newest decision id when the training data was read: decisions after it are
    # "new since this version" (what the retraining counter counts).
    decisions_upto = models.BigIntegerField(default=0)
    trigger = models.CharField(max_length=32, blank=True, default="")
    # When this version finished asking about every untagged conversation; after that,
    # the background prediction asks only about arrivals (PredictionDue).
    scanned_all_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_tagging_model"
            )
        ]

    def __str__(self) -> str:
        return self.version


class PredictionRecord(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="predictions")
    version = models.ForeignKey(TaggingModelVersion, on_delete=models.CASCADE, related_name="predictions")
    created_at = models.DateTimeField(auto_now_add=True)
    # Calibrated probability of the best tag, its margin over the second best, and the
    # normalised entropy of the candidates' scores: small margin / high entropy = unsure.
    best_score = models.FloatField(default=0.0)
    margin = models.FloatField(default=1.0)
    entropy = models.FloatField(default=0.0)
    best_tag = models.CharField(max_length=200, blank=True, default="")
    # Conversations carrying the best tag when predicted: the queue's first tie-breaker.
    volume = models.PositiveIntegerField(default=0)
    suggested = models.PositiveSmallIntegerField(default=0)
    applied = models.PositiveSmallIntegerField(default=0)
    # Why this prediction ran: new conversations, or a re-label after a taxonomy change.
    reason = models.CharField(max_length=16, default="new")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "version"], name="predicted_once_per_version"),
        ]
        indexes = [models.Index(fields=["version", "margin"], name="prediction_version_margin")]

    def __str__(self) -> str:
        return f"{self.version_id} on {self.conversation_id}"


class PredictionDue(models.Model):
    """A conversation written by an import, the API or a webhook while a model was
    active: the background prediction asks the active version about it, then removes
    the row. Written in the arrival's own transaction, so none is missed whatever
    order transactions commit in; lets that prediction skip scanning every conversation."""

    conversation = models.OneToOneField(
        Conversation, primary_key=True, on_delete=models.CASCADE, related_name="prediction_due"
    )

    def __str__(self) -> str:
        return f"prediction due on {self.conversation_id}"


class SpotCheck(models.Model):
    decision = models.OneToOneField(
        "tagging.TagDecision", on_delete=models.CASCADE, related_name="spot_check"
    )
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="spot_checks")
    tag = models.ForeignKey("taxonomy.Tag", on_delete=models.CASCADE, related_name="spot_checks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"spot check {self.tag_id} on {self.conversation_id}"


class EvaluationReport(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    folds = models.PositiveSmallIntegerField()
    n_examples = models.PositiveIntegerField()
    training_data_hash = models.CharField(max_length=64)
    # Whole-set figures (accuracy, micro/macro F1, auto-apply) and one row per tag:
    # precision, recall, support and the tags it is confused with.
    summary = models.JSONField(default=dict)
    tags = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.folds}-fold report of {self.created_at:%Y-%m-%d %H:%M}"
