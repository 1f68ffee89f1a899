"""The demand explorer pages: /explore (over time, period over period, sliced) and
/explore/emerging (tags growing beyond chance), and the exports."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from voxpop.explorer import emerging, exports, queries, services
from voxpop.users.policies import allowed, require


def _params(request: HttpRequest) -> dict[str, str]:
    """The query as single values; several chosen features become "1,2"."""
    params = {key: request.GET.get(key, "") for key in request.GET}
    params["features"] = ",".join(request.GET.getlist("features"))
    return params


@require("view_conversations")
def explore(request: HttpRequest) -> HttpResponse:
    from voxpop.roadmap.models import Feature

    params = _params(request)
    context: dict[str, object] = {
        "params": params,
        "features": list(Feature.objects.order_by("title").values_list("pk", "title")),
        "chosen_features": set(request.GET.getlist("features")),
        "columns": list(queries.COLUMNS),
        "context_keys": queries.context_keys(),
        "can_export": allowed(request.user, "export_data"),
        "query": request.GET.urlencode(),
    }
    if params.get("tags") or params.get("tag_ids") or params["features"]:
        try:
            ask = queries.ask_from_params(params)
            as_of = queries.parse_date("as_of", request.GET.get("as_of")) or (
                ask.end - timedelta(days=1) if ask.end else timezone.localdate()
            )
            rows = queries.series(ask)
            periods, slices, cells = queries.table(rows)
            context.update(
                ask=ask,
                grid=[
                    {"period": period, "cells": [cells.get((period, s), 0) for s in slices]}
                    for period in periods
                ],
                slices=slices,
                comparison=queries.period_over_period(ask, as_of),
            )
        except queries.AskError as exc:
            context["error"] = str(exc)
    return render(request, "explorer/explore.html", context)


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


@require("view_conversations")
def emerging_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"params": request.GET}
    try:
        end_day = queries.parse_date("end", request.GET.get("end"))
        recent = int(request.GET.get("recent_days") or 7)
        baseline = int(request.GET.get("baseline_days") or 56)
        if not (1 <= recent <= 366 and 1 <= baseline <= 3660):
            raise queries.AskError("recent_days, baseline_days: 1 to 366 and 1 to 3660 days")
        context["report"] = emerging.emerging_topics(
            end=_end_of(end_day) if end_day else None, recent_days=recent, baseline_days=baseline
        )
    except ValueError as exc:  # AskError is a ValueError; so is int("x")
        context["error"] = (
            str(exc) if isinstance(exc, queries.AskError) else "recent_days, baseline_days: whole numbers"
        )
    return render(request, "explorer/emerging.html", context)


@require("export_data")
def export(request: HttpRequest) -> HttpResponse:
    try:
        ask = queries.ask_from_params(_params(request))
        content, content_type, name = services.export_series(
            ask, request.GET.get("format", "csv"), actor=request.user, request=request
        )
    except (queries.AskError, exports.ExportUnavailable) as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
