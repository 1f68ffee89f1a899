"""Prioritization and the half-year planning board."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voxpop.accounts.models import Segment
from voxpop.planning import queries, scoring, services
from voxpop.planning.models import PlanSnapshot
from voxpop.roadmap.models import Feature, Theme
from voxpop.users.policies import allowed, require


@require("view_workspace")
def priorities(request: HttpRequest) -> HttpResponse:
    include_closed = request.GET.get("closed") == "1"
    current = scoring.weights()
    segment_labels = dict(Segment.choices)
    return render(
        request,
        "planning/priorities.html",
        {
            "scores": scoring.ranked(include_closed=include_closed),
            "include_closed": include_closed,
            "weights": current,
            "segments": [
                (value, segment_labels.get(value, ""), current.segment_weights.get(value, 1.0))
                for value in [*Segment.values, ""]
            ],
            "themes": [(theme, current.theme_weights.get(theme.slug, 1.0)) for theme in Theme.objects.all()],
            "can_edit_weights": allowed(request.user, "manage_priorities"),
        },
    )


@require_POST
@require("manage_priorities")
def edit_weights(request: HttpRequest) -> HttpResponse:
    data = request.POST
    try:
        services.update_weights(
            actor=request.user,
            reach_weight=data.get("reach_weight"),
            arr_weight=data.get("arr_weight"),
            stake_weight=data.get("stake_weight"),
            default_effort=data.get("default_effort"),
            segment_weights={
                segment: data[f"segment_{segment or 'none'}"]
                for segment in [*Segment.values, ""]
                if f"segment_{segment or 'none'}" in data
            },
            theme_weights={
                theme.slug: data[f"theme_{theme.slug}"]
                for theme in Theme.objects.all()
                if f"theme_{theme.slug}" in data
            },
        )
    except services.PlanningError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Weights saved."))
    return redirect("planning:priorities")


@require("view_workspace")
def board(request: HttpRequest) -> HttpResponse:
    columns, unplanned = queries.board()
    return render(
        request,
        "planning/board.html",
        {
            "columns": columns,
            "unplanned": unplanned,
            "periods": [column.period for column in columns],
            "snapshots": PlanSnapshot.objects.select_related("created_by")[:20],
            "can_plan": allowed(request.user, "plan_roadmap"),
        },
    )


@require_POST
@require("plan_roadmap")
def place(request: HttpRequest) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=request.POST.get("feature") or 0)
    try:
        services.place(feature, request.POST.get("period", "").strip(), actor=request.user)
    except services.PlanningError as exc:
        messages.error(request, str(exc))
    return redirect("planning:board")


@require_POST
@require("plan_roadmap")
def capacity(request: HttpRequest) -> HttpResponse:
    try:
        services.set_capacity(
            request.POST.get("period", ""), request.POST.get("capacity", ""), actor=request.user
        )
    except services.PlanningError as exc:
        messages.error(request, str(exc))
    return redirect("planning:board")


@require_POST
@require("plan_roadmap")
def snapshot(request: HttpRequest) -> HttpResponse:
    try:
        saved = services.save_snapshot(
            request.POST.get("period", ""), request.POST.get("name", ""), actor=request.user
        )
    except services.PlanningError as exc:
        messages.error(request, str(exc))
        return redirect("planning:board")
    return redirect("planning:snapshot", pk=saved.pk)


@require("view_workspace")
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(PlanSnapshot, pk=pk)
    planned = sum(float(item.get("effort") or 0) for item in saved.items)
    return render(
        request,
        "planning/snapshot.html",
        {
            "snapshot": saved,
            "planned": planned,
            "weights_json": json.dumps(saved.weights, indent=2, sort_keys=True),
        },
    )
