"""Priorities and the planning board in JSON: read (view_workspace); weights
(manage_priorities); capacity, placement and snapshots (plan_roadmap)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from voxpop.core.schemas import InputSchema, NulFree
from voxpop.planning import queries, scoring, services
from voxpop.planning.models import PlanSnapshot
from voxpop.roadmap.models import Feature
from voxpop.users.policies import check

router = Router(tags=["planning"])


class ScoreOut(Schema):
    feature_id: int
    title: str
    status: str
    target_period: str
    accounts: int
    reach: float
    arr: float
    at_stake: float
    multiplier: float
    confidence: float
    effort: float
    effort_estimated: bool
    value: float
    score: float


class WeightsOut(Schema):
    reach_weight: float
    arr_weight: float
    stake_weight: float
    default_effort: float
    segment_weights: dict[str, float]
    theme_weights: dict[str, float]


class WeightsIn(InputSchema):
    reach_weight: float | None = None
    arr_weight: float | None = None
    stake_weight: float | None = None
    default_effort: float | None = None
    segment_weights: dict[str, float] | None = None
    theme_weights: dict[str, float] | None = None


class ColumnOut(Schema):
    period: str
    capacity: Decimal
    planned: float
    over: bool
    features: list[ScoreOut]


class BoardOut(Schema):
    periods: list[ColumnOut]
    unplanned: list[ScoreOut]


class CapacityIn(InputSchema):
    capacity: Decimal


class PlaceIn(InputSchema):
    feature_id: int
    period: str


class SnapshotIn(InputSchema):
    period: str
    name: str = ""


class SnapshotOut(Schema):
    id: int
    period: str
    name: str
    capacity: Decimal
    items: list[dict[str, Any]]
    weights: dict[str, Any]
    created_by: str | None
    created_at: datetime


def _or_400(call: Any) -> Any:
    try:
        return call()
    except services.PlanningError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("/priorities", response=list[ScoreOut])
def priorities(request: HttpRequest, include_closed: bool = False) -> list[dict[str, Any]]:
    """Features ranked by score, highest first, with every part of the score."""
    check(request, "view_workspace")
    return [s.as_dict() for s in scoring.ranked(include_closed=include_closed)]


@router.get("/priorities/weights", response=WeightsOut)
def get_weights(request: HttpRequest) -> Any:
    check(request, "view_workspace")
    return scoring.weights()


@router.put("/priorities/weights", response=WeightsOut)
def put_weights(request: HttpRequest, payload: WeightsIn) -> Any:
    check(request, "manage_priorities")
    return _or_400(lambda: services.update_weights(actor=request.user, **payload.dict(exclude_none=True)))


@router.get("/plan", response=BoardOut)
def plan(request: HttpRequest) -> dict[str, Any]:
    check(request, "view_workspace")
    columns, unplanned = queries.board()
    return {
        "periods": [
            {
                "period": c.period,
                "capacity": c.capacity,
                "planned": c.planned,
                "over": c.over,
                "features": [s.as_dict() for s in c.scores],
            }
            for c in columns
        ],
        "unplanned": [s.as_dict() for s in unplanned],
    }


@router.put("/plan/periods/{period}", response=ColumnOut)
def set_capacity(request: HttpRequest, period: NulFree, payload: CapacityIn) -> dict[str, Any]:
    check(request, "plan_roadmap")
    row = _or_400(lambda: services.set_capacity(period, payload.capacity, actor=request.user))
    planned = [s for s in scoring.ranked(Feature.objects.filter(target_period=row.period))]
    total = sum(s.effort for s in planned)
    return {
        "period": row.period,
        "capacity": row.capacity,
        "planned": total,
        "over": total > float(row.capacity),
        "features": [s.as_dict() for s in planned],
    }


@router.post("/plan/place", response=ScoreOut)
def place(request: HttpRequest, payload: PlaceIn) -> dict[str, Any]:
    check(request, "plan_roadmap")
    feature = get_object_or_404(Feature, pk=payload.feature_id)
    feature = _or_400(lambda: services.place(feature, payload.period.strip(), actor=request.user))
    return scoring.score(feature, scoring.demand(feature), scoring.weights()).as_dict()


@router.post("/plan/snapshots", response=SnapshotOut)
def create_snapshot(request: HttpRequest, payload: SnapshotIn) -> dict[str, Any]:
    check(request, "plan_roadmap")
    return _snapshot(
        _or_400(lambda: services.save_snapshot(payload.period, payload.name, actor=request.user))
    )


@router.get("/plan/snapshots", response=list[SnapshotOut])
def list_snapshots(request: HttpRequest, period: NulFree = "") -> list[dict[str, Any]]:
    check(request, "view_workspace")
    rows = PlanSnapshot.objects.select_related("created_by")
    if period:
        rows = rows.filter(period=period)
    return [_snapshot(s) for s in rows[:200]]


@router.get("/plan/snapshots/{int:snapshot_id}", response=SnapshotOut)
def get_snapshot(request: HttpRequest, snapshot_id: int) -> dict[str, Any]:
    check(request, "view_workspace")
    return _snapshot(get_object_or_404(PlanSnapshot.objects.select_related("created_by"), pk=snapshot_id))


def _snapshot(s: PlanSnapshot) -> dict[str, Any]:
    return {
        "id": s.pk,
        "period": s.period,
        "name": s.name,
        "capacity": s.capacity,
        "items": s.items,
        "weights": s.weights,
        "created_by": s.created_by.get_username() if s.created_by else None,
        "created_at": s.created_at,
    }
