"""The engine in JSON: the twins of /engine, /engine/report and /review, and each tag's
automatic-label quality (threshold, spot checks, measured precision)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError

from voxpop.engine import review
from voxpop.taxonomy.models import Tag
from voxpop.users.policies import check

router = Router(tags=["engine"])


@router.get("/versions")
def list_versions(request: HttpRequest) -> list[dict[str, Any]]:
    """Model versions, newest first: metrics, thresholds, training-data hash, which is active."""
    check(request, "view_engine")
    return [review.version_dict(v) for v in review.versions()]


@router.get("/retraining")
def retraining(request: HttpRequest) -> dict[str, int]:
    """New decisions by people since the active version's data, and the retraining threshold."""
    check(request, "view_engine")
    return review.retraining()


@router.get("/report")
def latest_report(request: HttpRequest) -> dict[str, Any]:
    """The latest ``voxpop eval --cv`` report: whole-set figures and one row per tag."""
    check(request, "view_engine")
    found = review.latest_report()
    if found is None:
        raise HttpError(404, "no report yet; run voxpop eval --cv 5")
    return review.report_dict(found)


@router.get("/review")
def review_queue(request: HttpRequest, offset: int = 0, limit: int = review.PAGE) -> dict[str, Any]:
    """The review queue in its order, and the spot checks waiting for a person."""
    check(request, "tag_conversations")
    rows = review.review_queue(limit=max(1, min(limit, 200)), offset=max(0, offset))
    return {"rows": [row.as_dict() for row in rows], "spot_checks": review.open_spot_checks()}


@router.get("/tags")
def tags_quality(request: HttpRequest) -> list[dict[str, Any]]:
    """Per tag: the active version's threshold and the measured precision of its automatic labels."""
    check(request, "view_taxonomy")
    return [quality.as_dict() for quality in review.tag_quality()]


@router.get("/tags/{int:tag_id}")
def tag_quality(request: HttpRequest, tag_id: int) -> dict[str, Any]:
    check(request, "view_taxonomy")
    return review.tag_quality([get_object_or_404(Tag, pk=tag_id)])[0].as_dict()
