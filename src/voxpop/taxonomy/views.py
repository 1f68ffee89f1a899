"""The taxonomy pages: the tree editor and a tag's page (counts, trend, operations)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voxpop.engine.review import tag_quality
from voxpop.taxonomy import queries, services
from voxpop.taxonomy.models import Tag
from voxpop.users.policies import allowed, require


@require("view_taxonomy")
def tree(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip().lower()
    rows = [
        row
        for row in queries.tag_rows(Tag.objects.order_by("path"))
        if not search or search in row["path"].lower() or search in row["slug"].lower()
    ]
    return render(
        request,
        "taxonomy/tree.html",
        {"rows": rows, "q": request.GET.get("q", ""), "can_manage": allowed(request.user, "manage_taxonomy")},
    )


def chart(points: list[dict[str, Any]], width: int = 640, height: int = 120) -> dict[str, Any]:
    """Bars for an inline SVG, drawn on the server (no script needed)."""
    peak = max((p["conversations"] for p in points), default=0) or 1
    step = width / max(len(points), 1)
    bars = [
        {
            "x": round(i * step, 1),
            "width": max(round(step - 1, 1), 1),
            "height": round(height * p["conversations"] / peak, 1),
            "y": round(height - height * p["conversations"] / peak, 1),
            "label": f"{p['week']}: {p['conversations']}",
        }
        for i, p in enumerate(points)
    ]
    return {"bars": bars, "width": width, "height": height, "peak": peak}


@require("view_taxonomy")
def tag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.select_related("parent", "merged_into"), pk=pk)
    history = queries.trend(tag)
    series = history.series.as_dict()
    return render(
        request,
        "taxonomy/tag.html",
        {
            "tag": tag,
            "path": queries.full_path_names().get(tag.pk, tag.name),
            "series": series,
            "total": sum(p["conversations"] for p in series["points"]),
            "chart": chart(series["points"]),
            "related": [
                {
                    **s.as_dict(),
                    "total": sum(s.points.values()),
                    "chart": chart(s.as_dict()["points"], height=60),
                }
                for s in history.related
            ],
            "merged_from": history.merged_from,
            "children": tag.children.order_by("position", "name"),
            "can_manage": allowed(request.user, "manage_taxonomy"),
            "quality": tag_quality([tag])[0],
            "all_slugs": Tag.objects.order_by("slug").values_list("slug", flat=True),
        },
    )


def _by_slug(request: HttpRequest, field: str) -> Tag | None:
    slug = request.POST.get(field, "")
    return Tag.objects.filter(slug=slug).first() if slug else None


@require_POST
@require("manage_taxonomy")
def operate(request: HttpRequest, pk: int, operation: str) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    actor = request.user
    try:
        if operation == "rename":
            services.rename_tag(tag, request.POST.get("name", ""), actor=actor)
        elif operation == "move":
            parent = _by_slug(request, "parent")
            if request.POST.get("parent") and parent is None:
                raise services.TaxonomyError(_("No tag with that slug."))
            services.move_tag(tag, parent, actor=actor)
        elif operation == "merge":
            target = _by_slug(request, "target")
            if target is None:
                raise services.TaxonomyError(_("Choose the tag to merge into."))
            services.merge_tags(tag, target, actor=actor)
            messages.success(request, _("Merged. Its conversations now count here."))
            return redirect("taxonomy:tag", pk=target.pk)
        elif operation == "unmerge":
            services.unmerge_tag(tag, actor=actor)
        elif operation == "split":
            slugs = [
                s.strip()
                for s in request.POST.get("successors", "").replace(",", "\n").splitlines()
                if s.strip()
            ]
            successors = []
            for slug in slugs:
                found = Tag.objects.filter(slug=slug).first()
                successors.append(found or services.create_tag(slug, parent=tag.parent, actor=actor))
            split = services.split_tag(tag, successors, actor=actor)
            messages.success(
                request, _("Split. %(n)d conversations wait for review.") % {"n": split.review_items.count()}
            )
        elif operation == "deprecate":
            services.deprecate_tag(tag, actor=actor)
        elif operation == "reactivate":
            services.reactivate_tag(tag, actor=actor)
        else:
            return HttpResponseBadRequest("unknown operation")
    except services.TaxonomyError as exc:
        messages.error(request, str(exc))
    return redirect("taxonomy:tag", pk=tag.pk)


@require_POST
@require("manage_taxonomy")
def create(request: HttpRequest) -> HttpResponse:
    try:
        parent = _by_slug(request, "parent")
        tag = services.create_tag(
            request.POST.get("slug", "").strip(),
            request.POST.get("name", "").strip() or None,
            parent=parent,
            description=request.POST.get("description", ""),
            is_facet=parent is None and bool(request.POST.get("facet")),
            actor=request.user,
        )
    except services.TaxonomyError as exc:
        messages.error(request, str(exc))
        return redirect("taxonomy:tree")
    return redirect("taxonomy:tag", pk=tag.pk)
