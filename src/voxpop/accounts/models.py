"""Customers: the companies (accounts) and people (contacts) who talk to the team."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Segment(models.TextChoices):
    SELF_SERVE = "self_serve", _("Self-serve")
    SMB = "smb", _("SMB")
    MID_MARKET = "mid_market", _("Mid-market")
    ENTERPRISE = "enterprise", _("Enterprise")


class Lifecycle(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    TRIAL = "trial", _("Trial")
    ONBOARDING = "onboarding", _("Onboarding")
    ACTIVE = "active", _("Active")
    AT_RISK = "at_risk", _("At risk")
    CHURNED = "churned", _("Churned")


class Account(models.Model):
    """A customer or prospect company.

    ``company_size`` (employees of the whole company) and ``team_size`` (people in the
    team that uses us) are kept apart: a 5-person team at a 50,000-person company buys
    like a small business.
    """

    name = models.CharField(max_length=200)
    # Ids of this company in other systems: {"salesforce": "001...", "zendesk": "123"}.
    external_ids = models.JSONField(default=dict, blank=True)
    domain = models.CharField(max_length=253, blank=True, default="", db_index=True)
    plan = models.CharField(max_length=64, blank=True, default="", db_index=True)
    segment = models.CharField(max_length=32, choices=Segment.choices, blank=True, default="", db_index=True)
    arr = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    seats = models.PositiveIntegerField(null=True, blank=True)
    company_size = models.PositiveIntegerField(null=True, blank=True)
    team_size = models.PositiveIntegerField(null=True, blank=True)
    region = models.CharField(max_length=64, blank=True, default="", db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_accounts",
    )
    lifecycle_stage = models.CharField(max_length=16, choices=Lifecycle.choices, default=Lifecycle.ACTIVE)
    created_on = models.DateField(null=True, blank=True)
    churned_on = models.DateField(null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Indexed: feature evidence snapshots read its maximum (voxpop.roadmap.snapshots).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(arr__gte=0) | models.Q(arr__isnull=True), name="account_arr_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(churned_on__isnull=True)
                | models.Q(created_on__isnull=True)
                | models.Q(churned_on__gte=models.F("created_on")),
                name="account_churned_after_created",
            ),
            models.UniqueConstraint(
                Lower("domain"), name="account_domain_unique", condition=~models.Q(domain="")
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    name = models.CharField(max_length=200, blank=True, default="")
    email = models.EmailField(max_length=254, blank=True, default="")
    locale = models.CharField(max_length=16, blank=True, default="")
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    unsubscribed = models.BooleanField(default=False)
    bounced = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set on every change of name or account (feature evidence snapshots watch it).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="contact_email_unique", condition=~models.Q(email="")
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email or f"contact {self.pk}"
