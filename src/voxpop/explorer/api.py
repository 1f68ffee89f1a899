"""The demand explorer in JSON: the /explore pages' twin, backed by the same queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from voxpop.core.schemas import InputSchema, NulFree
from voxpop.explorer import emerging, exports, queries, services
from voxpop.users.policies import check

router = Router(tags=["explorer"])


class AskIn(InputSchema):
    tags: str = Field("", description="tag slugs, comma-separated; each takes its whole subtree")
    tag_ids: str = Field("", description="tag ids, comma-separated; each takes its whole subtree")
    features: str = Field("", description="roadmap feature ids, comma-separated: the tags they link")
    period: str = Field("week", description="week or month")
    by: str = Field("", description="channel, language, segment, plan, region, or context.<key>")
    start: str = Field("", description="first day (YYYY-MM-DD)")
    end: str = Field("", description="day after the last (YYYY-MM-DD)")
    as_of: str = Field("", description="a day in the period compared with the one before (default: today)")


class RowOut(Schema):
    period: date
    slice: str
    conversations: int


class ChangeOut(Schema):
    slice: str
    current: int
    previous: int
    change: int
    ratio: float | None


class ComparisonOut(Schema):
    current_start: date
    previous_start: date
    end: date
    rows: list[ChangeOut]


class ExploreOut(Schema):
    tag_ids: list[int]
    period: str
    by: str
    rows: list[RowOut]
    comparison: ComparisonOut


class QuoteOut(Schema):
    conversation_id: int
    text: str


class EmergingOut(Schema):
    tag_id: int
    slug: str
    path: str
    recent: int
    baseline: int
    expected: float
    lift: float | None
    p_value: float
    q_value: float
    quotes: list[QuoteOut]


class EmergingReportOut(Schema):
    recent_start: datetime
    baseline_start: datetime
    end: datetime
    recent_total: int
    baseline_total: int
    tested: int
    alpha: float
    topics: list[EmergingOut]


def _ask(params: AskIn) -> queries.Ask:
    try:
        return queries.ask_from_params(params.dict())
    except queries.AskError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("", response=ExploreOut)
def explore(request: HttpRequest, params: Query[AskIn]) -> dict[str, Any]:
    check(request, "view_conversations")
    ask = _ask(params)
    try:
        as_of = queries.parse_date("as_of", params.as_of)
    except queries.AskError as exc:
        raise HttpError(400, str(exc)) from exc
    as_of = as_of or (ask.end - timedelta(days=1) if ask.end else timezone.localdate())
    comparison = queries.period_over_period(ask, as_of)
    return {
        "tag_ids": sorted(ask.tag_ids),
        "period": ask.period,
        "by": ask.by,
        "rows": [row.__dict__ for row in queries.series(ask)],
        "comparison": {**comparison.__dict__, "rows": [c.as_dict() for c in comparison.rows]},
    }


@router.get("/emerging", response=EmergingReportOut)
def emerging_topics(
    request: HttpRequest,
    recent_days: int = 7,
    baseline_days: int = 56,
    alpha: float = 0.05,
    end: date | None = None,
) -> dict[str, Any]:
    check(request, "view_conversations")
    if not (1 <= recent_days <= 366 and 1 <= baseline_days <= 3660 and 0 < alpha < 1):
        raise HttpError(400, "recent_days: 1 to 366; baseline_days: 1 to 3660; alpha: between 0 and 1")
    moment = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC) if end else None
    report = emerging.emerging_topics(
        end=moment, recent_days=recent_days, baseline_days=baseline_days, alpha=alpha
    )
    return report.as_dict()


@router.get("/export", response={200: None})
def export(request: HttpRequest, params: Query[AskIn], format: NulFree = "csv") -> HttpResponse:
    check(request, "export_data")
    ask = _ask(params)
    try:
        content, content_type, name = services.export_series(ask, format, actor=request.user, request=request)
    except exports.ExportUnavailable as exc:
        raise HttpError(400, str(exc)) from exc
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
