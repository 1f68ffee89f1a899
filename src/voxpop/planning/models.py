"""Prioritization weights, planning periods with their capacity, and plan snapshots.

The score itself is never stored on a feature: it is computed from the demand ledger
and these weights whenever it is shown, so it can always be explained part by part.
A snapshot freezes one period's plan (features, efforts, scores and their parts) as it
stood when a planner saved it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from voxpop.roadmap.models import validate_period

DEFAULT_SEGMENT_WEIGHTS = {"enterprise": 1.5, "mid_market": 1.2, "smb": 1.0, "self_serve": 0.8, "": 1.0}


def default_segment_weights() -> dict[str, float]:
    return dict(DEFAULT_SEGMENT_WEIGHTS)


class ScoringWeights(models.Model):
    """The one set of weights the ranking uses (row id 1), edited by admins.

    value = reach_weight * weighted accounts
          + arr_weight * weighted ARR in thousands
          + stake_weight * lost-deal amount in thousands
    score = value * strategic multiplier * confidence / effort
    """

    reach_weight = models.FloatField(default=1.0)
    arr_weight = models.FloatField(default=0.1)
    stake_weight = models.FloatField(default=0.05)
    # {segment: multiplier} applied per requesting account; "" is accounts with no segment.
    segment_weights = models.JSONField(default=default_segment_weights)
    # {theme slug: multiplier}; a feature takes the largest of its themes' (1.0 without).
    theme_weights = models.JSONField(default=dict, blank=True)
    # Effort assumed (person-weeks) for a feature nobody has estimated.
    default_effort = models.FloatField(default=4.0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "scoring weights"


class PlanningPeriod(models.Model):
    period = models.CharField(max_length=7, unique=True, validators=[validate_period])
    # Person-weeks the team can spend in the period.
    capacity = models.DecimalField(max_digits=8, decimal_places=1, default=0)

    class Meta:
        ordering = ["period"]

    def __str__(self) -> str:
        return self.period


class PlanSnapshot(models.Model):
    period = models.CharField(max_length=7, validators=[validate_period], db_index=True)
    name = models.CharField(max_length=200)
    capacity = models.DecimalField(max_digits=8, decimal_places=1, default=0)
    # [{feature_id, title, status, effort, score, parts{...}}] in plan order.
    items = models.JSONField(default=list)
    weights = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period}: {self.name}"
