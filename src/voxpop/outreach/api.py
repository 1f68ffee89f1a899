"""Close the loop in JSON: the recipient preview, the templates, sending, what was sent.
Everything needs ``announce_features`` (admins): these are customers' email addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from voxpop.core.schemas import InputSchema, NulFree
from voxpop.outreach import queries, services
from voxpop.outreach.views import base_url
from voxpop.roadmap.models import Feature
from voxpop.users.policies import check

router = Router(tags=["outreach"])


class RecipientOut(Schema):
    contact_id: int
    name: str
    email: str
    language: str
    account_id: int | None
    account_name: str
    owner_id: int | None
    owner_name: str
    why: list[str]
    excluded: str


class RecipientsOut(Schema):
    feature_id: int
    recipients: list[RecipientOut]
    excluded: list[RecipientOut]


class TemplateOut(Schema):
    language: str
    subject: str
    body: str
    saved: bool


class TemplateIn(InputSchema):
    subject: str
    body: str


class AnnouncementOut(Schema):
    id: int
    feature_id: int
    status: str
    created_at: datetime
    sent: int
    failed: int
    skipped: int


class DeliveryOut(Schema):
    email: str
    name: str
    account_id: int | None
    language: str
    subject: str
    status: str
    error: str
    message_id: str
    claimed_at: datetime
    finished_at: datetime | None


def _recipient(r: queries.Recipient) -> dict[str, Any]:
    return {**r.__dict__}


@router.get("/features/{int:feature_id}/recipients", response=RecipientsOut)
def recipients(request: HttpRequest, feature_id: int) -> dict[str, Any]:
    """Who would be told now, and who would not (with the reason)."""
    check(request, "announce_features")
    people = queries.recipient_list(get_object_or_404(Feature, pk=feature_id))
    return {
        "feature_id": feature_id,
        "recipients": [_recipient(r) for r in people.recipients],
        "excluded": [_recipient(r) for r in people.excluded],
    }


@router.get("/features/{int:feature_id}/templates", response=list[TemplateOut])
def templates(request: HttpRequest, feature_id: int) -> list[dict[str, Any]]:
    check(request, "announce_features")
    feature = get_object_or_404(Feature, pk=feature_id)
    return [
        {"language": lang, "subject": t.subject, "body": t.body, "saved": t.pk is not None}
        for lang, t in services.templates_for(feature).items()
    ]


@router.put("/features/{int:feature_id}/templates/{language}", response=TemplateOut)
def save_template(
    request: HttpRequest, feature_id: int, language: NulFree, payload: TemplateIn
) -> dict[str, Any]:
    check(request, "announce_features")
    feature = get_object_or_404(Feature, pk=feature_id)
    try:
        with transaction.atomic():
            t = services.save_template(feature, language, payload.subject, payload.body, actor=request.user)
    except services.OutreachError as exc:
        raise HttpError(400, str(exc)) from exc
    return {"language": t.language, "subject": t.subject, "body": t.body, "saved": True}


@router.post("/features/{int:feature_id}/announcements", response={202: AnnouncementOut})
def send(request: HttpRequest, feature_id: int) -> Status:
    """Queue the emails; people already told are skipped, so calling again is safe."""
    check(request, "announce_features")
    feature = get_object_or_404(Feature, pk=feature_id)
    try:
        announcement = services.start_announcement(feature, base_url=base_url(request), actor=request.user)
    except services.OutreachError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(202, announcement)


@router.get("/features/{int:feature_id}/deliveries", response=list[DeliveryOut])
def deliveries(request: HttpRequest, feature_id: int) -> list[Any]:
    check(request, "announce_features")
    return queries.deliveries(get_object_or_404(Feature, pk=feature_id))
