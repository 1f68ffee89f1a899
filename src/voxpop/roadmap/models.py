"""Roadmap items (features) and the evidence linked to them.

A feature collects demand three ways: a linked tag (its whole subtree counts), a
linked conversation, and a linked quote (a span of one message). The demand ledger and
the evidence page are computed from these links; nothing here stores counts.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from voxpop.conversations.models import Conversation, Message
from voxpop.taxonomy.models import Tag

PERIOD = re.compile(r"\d{4}-(H[12]|Q[1-4])")


def validate_period(value: str) -> None:
    """A planning period: a half-year (``2027-H1``) or a quarter (``2027-Q3``)."""
    if value and not PERIOD.fullmatch(value):
        raise ValidationError(f"{value!r} is not a period like 2027-H1 or 2027-Q3")


class FeatureStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    CONSIDERING = "considering", _("Considering")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SHIPPED = "shipped", _("Shipped")
    DECLINED = "declined", _("Declined")


class Theme(models.Model):
    """A strategic theme (for example "enterprise push"); features carry several."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feature(models.Model):
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=16, choices=FeatureStatus.choices, default=FeatureStatus.IDEA, db_index=True
    )
    target_period = models.CharField(
        max_length=7, blank=True, default="", validators=[validate_period], db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Effort in person-weeks; null while nobody has estimated it.
    effort = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="features")
    tracker_url = models.URLField(max_length=500, blank=True, default="")
    shipped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class FeatureTag(models.Model):
    """A tag linked to a feature: every conversation in the tag's subtree is demand."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="feature_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feature", "tag"], name="one_link_per_feature_tag")]

    def __str__(self) -> str:
        return f"{self.feature_id} <- tag {self.tag_id}"


class FeatureConversation(models.Model):
    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="conversation_links")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="feature_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["feature", "conversation"], name="one_link_per_feature_conversation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.feature_id} <- conversation {self.conversation_id}"


class FeatureQuote(models.Model):
    """A span of one message that says what the customer wants, in their words.

    ``text`` is a copy of the span at link time, so the quote survives a re-import that
    rewrites the message."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="quotes")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="feature_quotes")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="feature_quotes")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["feature", "message", "start", "end"], name="one_quote_per_span"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="quote_span_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class EvidenceSnapshot(models.Model):
    """The last computed evidence of a feature (:func:`voxpop.roadmap.evidence.evidence`,
    pickled without the feature itself) and the fingerprint of the inputs it was computed
    from. It is read only while the fingerprint of the current inputs still matches, so
    it is never served stale (:mod:`voxpop.roadmap.snapshots`)."""

    feature = models.OneToOneField(Feature, on_delete=models.CASCADE, primary_key=True, related_name="+")
    fingerprint = models.CharField(max_length=64)
    payload = models.BinaryField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"evidence of feature {self.feature_id} ({self.computed_at:%Y-%m-%d %H:%M})"


class EvidenceClock(models.Model):
    """A counter that moves whenever an input of feature evidence changes somewhere a
    per-feature fingerprint could only see by reading every demand conversation: a
    conversation's account, contact, channel, start, language, ARR at the time, amount
    or subject changed, or a conversation was deleted (:mod:`voxpop.roadmap.snapshots`)."""

    name = models.CharField(max_length=32, primary_key=True)
    ticks = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.ticks}"
