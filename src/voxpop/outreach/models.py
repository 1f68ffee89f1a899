"""Closing the loop: who is told when a feature ships, with what words, and what happened.

Who asked for a feature is not stored: it is computed from the feature's demand (linked
conversations, quotes, tagged conversations) whenever a preview or a send runs, so it is
never stale when links change. Only a person's explicit choice is stored, as a
:class:`FeatureSubscription` (added by hand, later a portal vote, or taken off one
feature's list).

A :class:`Delivery` row is claimed (inserted, committed) before its email is handed to
the SMTP server, and ``(feature, email)`` is unique, so no run, re-run or concurrent run
can email one address twice about one feature: at most once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voxpop.accounts.models import Account, Contact
from voxpop.roadmap.models import Feature


class SubscriptionState(models.TextChoices):
    SUBSCRIBED = "subscribed", _("Subscribed")
    OPTED_OUT = "opted_out", _("Taken off this feature's list")


class SubscriptionSource(models.TextChoices):
    MANUAL = "manual", _("Added by hand")
    VOTE = "vote", _("Portal vote")


class FeatureSubscription(models.Model):
    """An explicit choice about one contact and one feature, over what demand implies."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="subscriptions")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="feature_subscriptions")
    state = models.CharField(max_length=16, choices=SubscriptionState.choices)
    source = models.CharField(
        max_length=16, choices=SubscriptionSource.choices, default=SubscriptionSource.MANUAL
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["feature", "contact"], name="one_subscription_per_feature_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} {self.state} {self.feature_id}"


class AnnouncementTemplate(models.Model):
    """The words of one feature's announcement in one language (Django template syntax)."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="announcement_templates")
    language = models.CharField(max_length=16)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["feature", "language"]
        constraints = [
            models.UniqueConstraint(fields=["feature", "language"], name="one_template_per_feature_language")
        ]

    def __str__(self) -> str:
        return f"{self.feature_id} [{self.language}] {self.subject}"


class AnnouncementStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    DONE = "done", _("Done")


class Announcement(models.Model):
    """One send run for a feature. A later run tells only people not told before."""

    feature = models.ForeignKey(Feature, on_delete=models.PROTECT, related_name="announcements")
    status = models.CharField(
        max_length=16, choices=AnnouncementStatus.choices, default=AnnouncementStatus.QUEUED
    )
    # Where links in the emails point: the address the admin used to send.
    base_url = models.CharField(max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The words used, per language, as they were when this run started:
    # {"en": {"subject": ..., "body": ...}, ...}. Later edits do not rewrite history.
    templates = models.JSONField(default=dict, blank=True)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"announcement {self.pk} of feature {self.feature_id}"


class DeliveryStatus(models.TextChoices):
    # Claimed and handed to SMTP; still this status after a crash means "unknown".
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    # The server refused it: nobody was emailed, so the next run tries again.
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")
    # The connection broke mid-send: it may have arrived. Never resent automatically.
    UNKNOWN = "unknown", _("Unknown")


class DeliveryQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise RuntimeError("deliveries are the record of who was told; they are never deleted")


class Delivery(models.Model):
    """Who was told about which feature, when, in which language, and what SMTP said.

    Inserted (claimed) before sending; afterwards only its outcome fields change."""

    feature = models.ForeignKey(Feature, on_delete=models.PROTECT, related_name="deliveries")
    announcement = models.ForeignKey(Announcement, on_delete=models.PROTECT, related_name="deliveries")
    # Lower-cased: the unique key that makes a re-run send nothing twice.
    email = models.CharField(max_length=254)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200, blank=True, default="")
    language = models.CharField(max_length=16)
    subject = models.CharField(max_length=300, blank=True, default="")
    message_id = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.SENDING)
    error = models.TextField(blank=True, default="")
    claimed_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["feature", "email"], name="tell_each_address_once")]

    def __str__(self) -> str:
        return f"{self.email} about {self.feature_id}: {self.status}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("deliveries are the record of who was told; they are never deleted")


class OwnerDigest(models.Model):
    """The one email an account owner gets per announcement, listing their accounts told."""

    announcement = models.ForeignKey(Announcement, on_delete=models.PROTECT, related_name="digests")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    email = models.CharField(max_length=254)
    message_id = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.SENDING)
    error = models.TextField(blank=True, default="")
    claimed_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "owner"], name="one_digest_per_owner_announcement"
            )
        ]

    def __str__(self) -> str:
        return f"digest to {self.email} for {self.announcement_id}"
