"""Writes for prioritization and planning: weights (admins), capacity, placing features
into periods and saving snapshots (planners, i.e. editors). All audited."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from voxpop.accounts.models import Segment
from voxpop.audit import services as audit
from voxpop.planning import scoring
from voxpop.planning.models import PlanningPeriod, PlanSnapshot, ScoringWeights
from voxpop.roadmap import services as roadmap
from voxpop.roadmap.models import Feature, Theme, validate_period

MAX_WEIGHT = 1000.0


class PlanningError(Exception):
    pass


def _number(name: str, value: Any, *, low: float = 0.0, high: float = MAX_WEIGHT) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PlanningError(f"{name}: {value!r} is not a number") from None
    if not (low <= number <= high) or number != number:
        raise PlanningError(f"{name}: {number:g} is outside {low:g}..{high:g}")
    return number


def _period(value: str) -> str:
    try:
        validate_period(value)
    except ValidationError as exc:
        raise PlanningError(f"period: {exc.messages[0]}") from exc
    if not value:
        raise PlanningError("period: a period like 2027-H1 is required")
    return value


@transaction.atomic
def update_weights(
    *,
    actor: Any = None,
    reach_weight: Any = None,
    arr_weight: Any = None,
    stake_weight: Any = None,
    default_effort: Any = None,
    segment_weights: Mapping[str, Any] | None = None,
    theme_weights: Mapping[str, Any] | None = None,
) -> ScoringWeights:
    current = ScoringWeights.objects.select_for_update().get(pk=scoring.weights().pk)
    before = _as_dict(current)
    for name, value in (
        ("reach_weight", reach_weight),
        ("arr_weight", arr_weight),
        ("stake_weight", stake_weight),
    ):
        if value is not None:
            setattr(current, name, _number(name, value))
    if default_effort is not None:
        current.default_effort = _number("default_effort", default_effort, low=0.1)
    if segment_weights is not None:
        known = {*Segment.values, ""}
        cleaned = {}
        for segment, value in segment_weights.items():
            if segment not in known:
                raise PlanningError(
                    f"segment_weights: {segment!r} is not a segment ({', '.join(sorted(known - {''}))})"
                )
            cleaned[segment] = _number(f"segment_weights.{segment or 'none'}", value)
        current.segment_weights = {**current.segment_weights, **cleaned}
    if theme_weights is not None:
        known_themes = set(Theme.objects.values_list("slug", flat=True))
        cleaned = {}
        for slug, value in theme_weights.items():
            if slug not in known_themes:
                raise PlanningError(f"theme_weights: no theme {slug!r}")
            cleaned[slug] = _number(f"theme_weights.{slug}", value)
        current.theme_weights = {**current.theme_weights, **cleaned}
    current.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    current.save()
    audit.record(
        "planning.weights", actor=actor, target=current, data={"before": before, "after": _as_dict(current)}
    )
    return current


def _as_dict(weights: ScoringWeights) -> dict[str, Any]:
    return {
        "reach_weight": weights.reach_weight,
        "arr_weight": weights.arr_weight,
        "stake_weight": weights.stake_weight,
        "default_effort": weights.default_effort,
        "segment_weights": dict(weights.segment_weights),
        "theme_weights": dict(weights.theme_weights),
    }


@transaction.atomic
def set_capacity(period: str, capacity: Any, *, actor: Any = None) -> PlanningPeriod:
    period = _period(period)
    try:
        amount = Decimal(str(capacity))
    except InvalidOperation:
        raise PlanningError(f"capacity: {capacity!r} is not a number") from None
    if not amount.is_finite() or amount < 0 or amount > 100000:
        raise PlanningError(f"capacity: {capacity} is outside 0..100000 person-weeks")
    row, _ = PlanningPeriod.objects.update_or_create(period=period, defaults={"capacity": amount})
    audit.record(
        "planning.capacity", actor=actor, target=row, data={"period": period, "capacity": str(amount)}
    )
    return row


def place(feature: Feature, period: str, *, actor: Any = None) -> Feature:
    """Put ``feature`` into ``period`` ("" takes it out of every period)."""
    if period:
        _period(period)
    try:
        return roadmap.update_feature(feature, target_period=period, actor=actor)
    except roadmap.RoadmapError as exc:
        raise PlanningError(str(exc)) from exc


@transaction.atomic
def save_snapshot(period: str, name: str, *, actor: Any = None) -> PlanSnapshot:
    period = _period(period)
    name = name.strip() or period
    if len(name) > 200:
        raise PlanningError("name: at most 200 characters")
    capacity = PlanningPeriod.objects.filter(period=period).values_list(
        "capacity", flat=True
    ).first() or Decimal(0)
    features = list(Feature.objects.filter(target_period=period).prefetch_related("themes"))
    items = [s.as_dict() for s in scoring.ranked(features)]
    snapshot = PlanSnapshot.objects.create(
        period=period,
        name=name,
        capacity=capacity,
        items=items,
        weights=_as_dict(scoring.weights()),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        "planning.snapshot", actor=actor, target=snapshot, data={"period": period, "features": len(items)}
    )
    return snapshot
