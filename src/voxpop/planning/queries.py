"""Reads for the planning board: periods around today, what is in each, capacity use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from voxpop.planning import scoring
from voxpop.planning.models import PlanningPeriod
from voxpop.roadmap.models import Feature


def half_year(day: date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def next_half(period: str) -> str:
    year, half = int(period[:4]), period[-1]
    return f"{year}-H2" if half == "1" else f"{year + 1}-H1"


def board_periods(today: date | None = None, count: int = 3) -> list[str]:
    """The current half-year, the next ones, and every other period something is planned in."""
    first = half_year(today or timezone.localdate())
    periods = [first]
    while len(periods) < count:
        periods.append(next_half(periods[-1]))
    used = Feature.objects.exclude(target_period="").values_list("target_period", flat=True).distinct()
    configured = PlanningPeriod.objects.values_list("period", flat=True)
    return sorted({*periods, *used, *configured})


@dataclass(frozen=True)
class Column:
    period: str
    capacity: Decimal
    planned: float
    scores: list[scoring.Score]

    @property
    def over(self) -> bool:
        return self.planned > float(self.capacity)

    @property
    def percent(self) -> int:
        if not self.capacity:
            return 100 if self.planned else 0
        return round(100 * self.planned / float(self.capacity))


def board(today: date | None = None) -> tuple[list[Column], list[scoring.Score]]:
    """Columns of planned features per period, and the unplanned open features, by score."""
    periods = board_periods(today)
    capacities = dict(PlanningPeriod.objects.values_list("period", "capacity"))
    features = list(Feature.objects.exclude(status="declined").prefetch_related("themes"))
    scores = scoring.ranked(features, include_closed=True)
    columns = []
    for period in periods:
        planned = [s for s in scores if s.target_period == period]
        columns.append(
            Column(
                period=period,
                capacity=capacities.get(period, Decimal(0)),
                planned=sum(s.effort for s in planned),
                scores=planned,
            )
        )
    unplanned = [s for s in scores if not s.target_period and s.status not in scoring.CLOSED]
    return columns, unplanned
