"""Topic discovery in JSON: the /discover page's twin, backed by the same queries and services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from voxpop.core.schemas import InputSchema
from voxpop.discovery import queries, services
from voxpop.discovery.models import DiscoveryCluster, DiscoveryRun
from voxpop.taxonomy.models import Tag
from voxpop.taxonomy.services import TaxonomyError
from voxpop.users.policies import check

router = Router(tags=["discovery"])


class QuoteOut(Schema):
    conversation_id: int
    message_id: int
    start: int
    end: int
    text: str
    account: str
    similarity: float


class TagRefOut(Schema):
    id: int
    slug: str
    name: str


class NearestOut(Schema):
    slug: str
    name: str
    share: float


class ClusterOut(Schema):
    id: int
    position: int
    size: int
    this_week: int
    last_week: int
    growth: float | None = Field(
        description="week over week change as a fraction; null when last week had none"
    )
    top_terms: list[str]
    quotes: list[QuoteOut]
    nearest_tag: NearestOut | None
    created_tag: TagRefOut | None


class RunOut(Schema):
    id: int
    status: str
    created_at: datetime
    finished_at: datetime | None
    started_by: str | None
    params: dict[str, Any]
    pool_size: int
    window_end: datetime | None
    seconds: float | None
    error: str


class RunDetailOut(RunOut):
    clusters: list[ClusterOut]


class RunIn(InputSchema):
    limit: int = Field(
        queries.DEFAULT_LIMIT, description="cluster at most this many newest untagged conversations"
    )
    clusters: int | None = Field(None, description="number of clusters; default: chosen from the pool size")
    seed: int = 0
    min_size: int = Field(3, description="leave out clusters smaller than this")


class MakeTagIn(InputSchema):
    slug: str
    name: str | None = None
    parent_id: int | None = None
    description: str = ""


@router.get("/runs", response=list[RunOut])
def list_runs(request: HttpRequest) -> list[dict[str, Any]]:
    check(request, "view_conversations")
    return [queries.run_dict(run) for run in DiscoveryRun.objects.select_related("started_by")[:50]]


@router.get("/runs/{run_id}", response=RunDetailOut)
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    check(request, "view_conversations")
    return queries.run_with_clusters(get_object_or_404(DiscoveryRun, pk=run_id))


@router.post("/runs", response={202: RunOut})
def start_run(request: HttpRequest, payload: RunIn) -> Status:
    check(request, "run_discovery")
    try:
        with transaction.atomic():
            run = services.start_run(actor=request.user, **payload.dict())
    except services.DiscoveryError as exc:
        raise HttpError(400, str(exc)) from exc
    run.refresh_from_db()
    return Status(202, queries.run_dict(run))


@router.post("/clusters/{cluster_id}/tag", response={201: TagRefOut})
def make_tag(request: HttpRequest, cluster_id: int, payload: MakeTagIn) -> Status:
    check(request, "manage_taxonomy")
    cluster = get_object_or_404(DiscoveryCluster, pk=cluster_id)
    parent = get_object_or_404(Tag, pk=payload.parent_id) if payload.parent_id is not None else None
    try:
        with transaction.atomic():
            tag = services.make_tag(
                cluster,
                payload.slug.strip(),
                payload.name,
                parent=parent,
                description=payload.description,
                actor=request.user,
            )
    except (services.DiscoveryError, TaxonomyError) as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(201, {"id": tag.pk, "slug": tag.slug, "name": tag.name})
