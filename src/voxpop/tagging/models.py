"""Who or what tagged which conversation, and the current tags derived from that.

- ``TagDecision``: append-only record of a decision by a person, a rule or a model
  (accept or reject, optionally on a quote inside one message).
- ``Suggestion``: a model's or rule's proposal with a score, unique per conversation,
  tag and model version, so a conversation is never predicted twice by one version.
- ``ConversationTag``: the current tags, derived from decisions by
  :mod:`voxpop.tagging.services`, kept as a table so counting queries stay fast.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voxpop.conversations.models import Conversation, Message
from voxpop.core.appendonly import AppendOnlyModel
from voxpop.taxonomy.models import Tag


class Verdict(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")


class Decider(models.TextChoices):
    PERSON = "person", _("Person")
    RULE = "rule", _("Rule")
    MODEL = "model", _("Model")


class TagDecision(AppendOnlyModel):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="decisions")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="decisions")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    decider = models.CharField(max_length=8, choices=Decider.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tag_decisions",
    )
    rule_ref = models.CharField(max_length=64, blank=True, default="")
    model_version = models.CharField(max_length=64, blank=True, default="")
    confidence = models.FloatField(null=True, blank=True)
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    quote_text = models.TextField(blank=True, default="")
    # An undo is a decision of its own that cancels an earlier one (append-only).
    undoes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="undone_by"
    )
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["conversation", "tag", "created_at"], name="decision_conv_tag_time"),
            # The latest decision on a tag in one index step (feature evidence snapshots).
            models.Index(fields=["tag", "id"], name="decision_tag_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decider="person") | models.Q(user__isnull=False),
                name="decision_person_has_user",
            ),
            models.CheckConstraint(
                condition=~models.Q(decider="model") | ~models.Q(model_version=""),
                name="decision_model_has_version",
            ),
            models.CheckConstraint(
                condition=~models.Q(decider="rule") | ~models.Q(rule_ref=""),
                name="decision_rule_has_ref",
            ),
            models.CheckConstraint(
                condition=models.Q(quote_start__isnull=True, quote_end__isnull=True)
                | models.Q(
                    quote_start__isnull=False,
                    quote_end__isnull=False,
                    message__isnull=False,
                    quote_end__gt=models.F("quote_start"),
                ),
                name="decision_quote_span_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__isnull=True) | models.Q(confidence__gte=0, confidence__lte=1),
                name="decision_confidence_unit",
            ),
            models.UniqueConstraint(
                fields=["undoes"], condition=models.Q(undoes__isnull=False), name="decision_undone_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decider} {self.verdict} {self.tag_id} on {self.conversation_id}"


class Suggestion(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="suggestions")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="suggestions")
    score = models.FloatField()
    model_version = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    # False once a newer model version predicted the conversation again: the row stays
    # (to evaluate the old version against people) but is no longer offered.
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "tag", "model_version"], name="suggestion_unique_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="suggestion_score_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag_id} {self.score:.2f} ({self.model_version})"


class ConversationTag(models.Model):
    """Current state: one row per tag a conversation carries now."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="current_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="current_conversations")
    decision = models.ForeignKey(TagDecision, on_delete=models.CASCADE, related_name="+")
    decider = models.CharField(max_length=8, choices=Decider.choices)
    confidence = models.FloatField(null=True, blank=True)
    decided_at = models.DateTimeField()
    # Copied from the conversation so counts over time need no join.
    started_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "tag"], name="conversation_tag_unique"),
        ]
        # Counts over time read (tag, started_at, conversation) from this index alone.
        indexes = [models.Index(fields=["tag", "started_at", "conversation"], name="convtag_tag_time_conv")]

    def __str__(self) -> str:
        return f"{self.conversation_id}:{self.tag_id}"


class ReviewReason(models.TextChoices):
    SPLIT = "split", _("Tag was split")


class ReviewItem(models.Model):
    """A conversation a person must look at again, restricted to some tags.

    After a split of A into B and C, each conversation carrying A gets one item:
    the reviewer picks B, C, both or neither, and A is rejected on it.
    """

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="review_items")
    reason = models.CharField(max_length=16, choices=ReviewReason.choices)
    split = models.ForeignKey(
        "taxonomy.TagSplit", null=True, blank=True, on_delete=models.CASCADE, related_name="review_items"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "split"], name="review_item_once_per_split"),
        ]
        indexes = [models.Index(fields=["resolved_at", "reason"], name="review_open_by_reason")]

    def __str__(self) -> str:
        return f"review {self.reason} of {self.conversation_id}"
