"""The taxonomy in JSON: the tree editor's twin, backed by the same queries and services.

Tags are addressed by id (slugs are user data and may hold "/", "?" or CJK); a tag
can be looked up by slug with ``GET /tags?slug=...`` or ``GET /tags/by-slug?slug=...``.
A refused operation (a :class:`TaxonomyError`) answers 400 with ``{"detail": ...}``
and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any, Literal, TypeVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from voxpop.audit import services as audit
from voxpop.core.schemas import InputSchema, NulFree
from voxpop.taxonomy import io, picker, queries, services
from voxpop.taxonomy.models import Tag
from voxpop.taxonomy.queries import Series
from voxpop.users.policies import check

router = Router(tags=["taxonomy"])
T = TypeVar("T")


class TagOut(Schema):
    id: int
    slug: str
    name: str
    path: str
    parent_id: int | None
    facet_id: int | None
    is_facet: bool
    depth: int
    position: int
    status: str
    merged_into: int | None
    description: str
    examples: list[str]
    colour: str
    conversations: int


class PointOut(Schema):
    week: date
    conversations: int


class SeriesOut(Schema):
    id: int
    slug: str
    name: str
    relation: str
    points: list[PointOut]


class TrendOut(Schema):
    series: SeriesOut
    related: list[SeriesOut]
    merged_from: list[str]


class PickerHitOut(Schema):
    id: int
    slug: str
    name: str
    path: str
    description: str
    score: float
    recent: bool


class TagIn(InputSchema):
    slug: str
    name: str = ""
    parent_id: int | None = None
    description: str = ""
    examples: list[str] = Field(default_factory=list)
    is_facet: bool = False
    colour: str = ""


class RenameIn(InputSchema):
    name: str


class MoveIn(InputSchema):
    parent_id: int | None = Field(None, description="the new parent; null makes the tag a root")


class MergeIn(InputSchema):
    target_id: int


class NewSuccessorIn(InputSchema):
    slug: str
    name: str = ""


class SplitIn(InputSchema):
    successor_ids: list[int] = Field(default_factory=list)
    create: list[NewSuccessorIn] = Field(
        default_factory=list, description="successors to create beside the tag first"
    )


class CountOut(Schema):
    tag: TagOut
    conversations: int


class SplitOut(Schema):
    split_id: int
    tag: TagOut
    successors: list[TagOut]
    queued: int


def _row(tag: Tag) -> dict[str, Any]:
    return queries.tag_rows(Tag.objects.filter(pk=tag.pk))[0]


def _tag(tag_id: int) -> Tag:
    return get_object_or_404(Tag, pk=tag_id)


def _change(action: Callable[[], T]) -> T:
    """Run a service; a refusal rolls its writes back and answers 400."""
    try:
        with transaction.atomic():
            return action()
    except services.TaxonomyError as exc:
        raise HttpError(400, str(exc)) from exc


def _series(series: Series) -> dict[str, Any]:
    return {"id": series.tag.pk, **series.as_dict()}


def _moment(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day is not None else None


# --------------------------------------------------------------------------- reads


@router.get("/tags", response=list[TagOut])
def list_tags(
    request: HttpRequest, slug: NulFree | None = None, status: NulFree | None = None
) -> list[dict[str, Any]]:
    """Every tag as a flat list in tree order (``slug`` or ``status`` narrow it)."""
    check(request, "view_taxonomy")
    tags = Tag.objects.all()
    if slug is not None:
        tags = tags.filter(slug=slug)
    if status is not None:
        tags = tags.filter(status=status)
    return queries.tag_rows(tags)


@router.get("/tags/by-slug", response=TagOut)
def tag_by_slug(request: HttpRequest, slug: NulFree) -> dict[str, Any]:
    """One tag by its slug, given as a query parameter (slugs may hold "/" and "?")."""
    check(request, "view_taxonomy")
    return _row(get_object_or_404(Tag, slug=slug))


@router.get("/tags/{int:tag_id}", response=TagOut)
def get_tag(request: HttpRequest, tag_id: int) -> dict[str, Any]:
    check(request, "view_taxonomy")
    return _row(_tag(tag_id))


@router.get("/tags/{int:tag_id}/trend", response=TrendOut)
def tag_trend(
    request: HttpRequest, tag_id: int, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Conversations per week for the tag (merged predecessors included), with the
    series of tags it was split from or into beside it."""
    check(request, "view_taxonomy")
    result = queries.trend(_tag(tag_id), _moment(start), _moment(end))
    return {
        "series": _series(result.series),
        "related": [_series(series) for series in result.related],
        "merged_from": result.merged_from,
    }


@router.get("/picker", response=list[PickerHitOut])
def tag_picker(request: HttpRequest, q: str = "", limit: int = 20) -> list[picker.PickerHit]:
    """Fuzzy type-ahead over full tag paths; the caller's recent tags first."""
    check(request, "view_taxonomy")
    return picker.search(q, user=request.user, limit=max(1, min(limit, 100)))


@router.get("/export")
def export(request: HttpRequest, format: Literal["yaml", "csv"] = "yaml") -> HttpResponse:
    """The whole taxonomy as YAML or CSV (the same files ``voxpop taxonomy export`` writes)."""
    check(request, "view_taxonomy")
    text = io.export_csv() if format == "csv" else io.export_yaml()
    audit.record("taxonomy.exported", actor=request.user, data={"format": format}, request=request)
    content_type = "text/csv" if format == "csv" else "application/yaml"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="taxonomy.{format}"'
    return response


# --------------------------------------------------------------------------- changes


@router.post("/tags", response=TagOut)
def create_tag(request: HttpRequest, payload: TagIn) -> dict[str, Any]:
    check(request, "manage_taxonomy")
    parent = _tag(payload.parent_id) if payload.parent_id is not None else None
    tag = _change(
        lambda: services.create_tag(
            payload.slug,
            payload.name or None,
            parent=parent,
            description=payload.description,
            examples=payload.examples,
            is_facet=payload.is_facet,
            colour=payload.colour,
            actor=request.user,
        )
    )
    return _row(tag)


@router.post("/tags/{int:tag_id}/rename", response=TagOut)
def rename_tag(request: HttpRequest, tag_id: int, payload: RenameIn) -> dict[str, Any]:
    check(request, "manage_taxonomy")
    tag = _tag(tag_id)
    return _row(_change(lambda: services.rename_tag(tag, payload.name, actor=request.user)))


@router.post("/tags/{int:tag_id}/move", response=TagOut)
def move_tag(request: HttpRequest, tag_id: int, payload: MoveIn) -> dict[str, Any]:
    check(request, "manage_taxonomy")
    tag = _tag(tag_id)
    parent = _tag(payload.parent_id) if payload.parent_id is not None else None
    return _row(_change(lambda: services.move_tag(tag, parent, actor=request.user)))


@router.post("/tags/{int:tag_id}/merge", response=CountOut)
def merge_tag(request: HttpRequest, tag_id: int, payload: MergeIn) -> dict[str, Any]:
    """Merge this tag into ``target_id``; answers how many conversations were re-counted."""
    check(request, "manage_taxonomy")
    source, target = _tag(tag_id), _tag(payload.target_id)
    count = _change(lambda: services.merge_tags(source, target, actor=request.user))
    return {"tag": _row(source), "conversations": count}


@router.post("/tags/{int:tag_id}/unmerge", response=CountOut)
def unmerge_tag(request: HttpRequest, tag_id: int) -> dict[str, Any]:
    check(request, "manage_taxonomy")
    tag = _tag(tag_id)
    count = _change(lambda: services.unmerge_tag(tag, actor=request.user))
    return {"tag": _row(tag), "conversations": count}


@router.post("/tags/{int:tag_id}/split", response=SplitOut)
def split_tag(request: HttpRequest, tag_id: int, payload: SplitIn) -> dict[str, Any]:
    """Split this tag into successors (existing ones by id, new ones created beside it);
    its conversations are queued for review."""
    check(request, "manage_taxonomy")
    tag = _tag(tag_id)
    existing = [_tag(successor_id) for successor_id in payload.successor_ids]

    def split() -> Any:
        created = [
            services.create_tag(new.slug, new.name or None, parent=tag.parent, actor=request.user)
            for new in payload.create
        ]
        return services.split_tag(tag, [*existing, *created], actor=request.user)

    result = _change(split)
    return {
        "split_id": result.pk,
        "tag": _row(tag),
        "successors": queries.tag_rows(result.successors.all()),
        "queued": result.review_items.count(),
    }


@router.post("/tags/{int:tag_id}/deprecate", response=TagOut)
def deprecate_tag(request: HttpRequest, tag_id: int) -> dict[str, Any]:
    check(request, "manage_taxonomy")
    tag = _tag(tag_id)
    return _row(_change(lambda: services.deprecate_tag(tag, actor=request.user)))


@router.post("/tags/{int:tag_id}/reactivate", response=TagOut)
def reactivate_tag(request: HttpRequest, tag_id: int) -> dict[str, Any]:
    check(request, "manage_taxonomy")
    tag = _tag(tag_id)
    return _row(_change(lambda: services.reactivate_tag(tag, actor=request.user)))
