"""Features in JSON: the feature pages' twin, backed by the same queries and services.

Reading needs ``view_workspace``; creating and editing features and themes
``manage_features``; linking tags, conversations and quotes ``link_evidence``. A refused
change (a :class:`RoadmapError`) answers 400 with ``{"detail": "field: ..."}`` and
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, TypeVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from voxpop.conversations.models import Conversation, Message
from voxpop.core.schemas import InputSchema, NulFree
from voxpop.roadmap import ledger, markdown, queries, services
from voxpop.roadmap.evidence import Evidence
from voxpop.roadmap.models import Feature, FeatureQuote, Theme
from voxpop.roadmap.snapshots import evidence_cached as evidence
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User
from voxpop.users.policies import check

router = Router(tags=["features"])
T = TypeVar("T")
StatusName = Literal["idea", "considering", "planned", "in_progress", "shipped", "declined"]


class ThemeOut(Schema):
    id: int
    slug: str
    name: str
    description: str


class ThemeIn(InputSchema):
    name: str
    slug: str = ""
    description: str = ""


class SummaryOut(Schema):
    conversations: int
    requests: int = Field(description="requesters: accounts, or contacts without one, each once")
    reach: int = Field(description="unique accounts")
    arr: Decimal = Field(description="sum of each account's ARR at request time")
    revenue_at_stake: Decimal = Field(description="sum of the lost deals' amounts")


class FeatureOut(Schema):
    id: int
    title: str
    description: str
    status: str
    target_period: str
    owner: str | None
    effort: Decimal | None
    themes: list[ThemeOut]
    tracker_url: str
    shipped_at: datetime | None
    created_at: datetime
    updated_at: datetime
    url: str
    demand: SummaryOut


class FeatureIn(InputSchema):
    title: str
    description: str = ""
    status: StatusName = "idea"
    target_period: str = Field("", description="a half-year (2027-H1) or a quarter (2027-Q3)")
    owner: str | None = Field(None, description="username")
    effort: Decimal | None = Field(None, description="person-weeks")
    tracker_url: str = ""
    themes: list[str] = Field(default_factory=list, description="theme slugs")


class FeaturePatch(InputSchema):
    title: str | None = None
    description: str | None = None
    target_period: str | None = None
    owner: str | None = Field(None, description='username; "" for nobody')
    effort: Decimal | None = None
    tracker_url: str | None = None
    themes: list[str] | None = Field(None, description="theme slugs; replaces the set")


class StatusIn(InputSchema):
    status: StatusName


class QuoteIn(InputSchema):
    message_id: int
    start: int = Field(description="character (code point) offset in the message text")
    end: int


class QuoteOut(Schema):
    id: int
    conversation_id: int
    message_id: int
    start: int
    end: int
    text: str


class SliceOut(Schema):
    value: str
    conversations: int
    accounts: int
    arr: Decimal


class WeekOut(Schema):
    week: date
    conversations: int
    requesters: int


class QuoteItemOut(Schema):
    text: str
    origin: str = Field(description='"linked" to the feature, or "tagged" with a linked tag')
    conversation_id: int
    language: str
    channel: str
    said_at: datetime
    requester: str
    arr: Decimal | None
    currency: str
    tag: str
    quote_id: int | None


class RequestOut(Schema):
    kind: str = Field(description='"account", "contact" or "conversation" (anonymous)')
    key: int
    name: str
    account_id: int | None
    contact_id: int | None
    arr: Decimal | None
    arr_source: str | None = Field(description='"at_time" (recorded with the ask) or "current"')
    currency: str
    segment: str
    plan: str
    region: str
    first_ask_at: datetime
    first_channel: str
    latest_ask_at: datetime
    latest_channel: str
    conversations: int
    channels: dict[str, int]
    lost_deals: int
    revenue_at_stake: Decimal


class LostDealOut(Schema):
    conversation_id: int
    subject: str
    requester: str
    amount: Decimal
    closed_at: datetime


class EvidenceOut(Schema):
    feature: FeatureOut
    conversations: int
    requests: int
    unique_accounts: int
    arr: Decimal
    revenue_at_stake: Decimal
    currencies: list[str]
    first_ask_at: datetime | None
    latest_ask_at: datetime | None
    trend: list[WeekOut]
    breakdowns: dict[str, list[SliceOut]]
    quotes: list[QuoteItemOut]
    ledger: list[RequestOut]
    lost_deals: list[LostDealOut]


class PickerHitOut(Schema):
    id: int
    path: str
    description: str
    recent: bool = False


def _change(action: Callable[[], T]) -> T:
    try:
        with transaction.atomic():
            return action()
    except services.RoadmapError as exc:
        raise HttpError(400, str(exc)) from exc


def _out(feature: Feature, summary: ledger.Summary | None = None) -> dict[str, Any]:
    if summary is None:
        summary = ledger.summaries([feature])[feature.pk]
    return {
        "id": feature.pk,
        "title": feature.title,
        "description": feature.description,
        "status": feature.status,
        "target_period": feature.target_period,
        "owner": feature.owner.get_username() if feature.owner else None,
        "effort": feature.effort,
        "themes": list(feature.themes.all()),
        "tracker_url": feature.tracker_url,
        "shipped_at": feature.shipped_at,
        "created_at": feature.created_at,
        "updated_at": feature.updated_at,
        "url": f"/features/{feature.pk}",
        "demand": summary,
    }


def _feature(feature_id: int) -> Feature:
    return get_object_or_404(
        Feature.objects.select_related("owner").prefetch_related("themes"), pk=feature_id
    )


def _owner(username: str | None) -> User | None:
    if not username:
        return None
    owner = User.objects.filter(username=username).first()
    if owner is None:
        raise HttpError(400, f"owner: no user {username!r}")
    return owner


def _themes(slugs: list[str]) -> list[Theme]:
    found = list(Theme.objects.filter(slug__in=slugs))
    missing = set(slugs) - {t.slug for t in found}
    if missing:
        raise HttpError(400, f"themes: no theme {sorted(missing)[0]!r}")
    return found


@router.get("", response=list[FeatureOut])
def list_features(request: HttpRequest, status: NulFree = "", theme: NulFree = "") -> list[dict[str, Any]]:
    """Every feature with its demand: conversations, requesters, reach, ARR, revenue at stake."""
    check(request, "view_workspace")
    found = list(queries.features(status, theme))
    totals = ledger.summaries(found)
    return [_out(f, totals[f.pk]) for f in found]


@router.get("/picker", response=list[PickerHitOut], url_name="feature_picker")
def feature_picker(request: HttpRequest, q: str = "", limit: int = 20) -> list[dict[str, Any]]:
    """Type-ahead over feature titles for the conversation page (open features first)."""
    check(request, "view_workspace")
    found = Feature.objects.all()
    for word in q.replace("\x00", " ").split():  # PostgreSQL refuses a NUL; no title has one
        found = found.filter(title__icontains=word)
    rows = sorted(
        found.order_by("-updated_at")[: max(1, min(limit, 100)) * 3],
        key=lambda f: (f.status in ("shipped", "declined"), f.title.lower()),
    )[: max(1, min(limit, 100))]
    return [
        {
            "id": f.pk,
            "path": f.title,
            "description": " · ".join(filter(None, [f.get_status_display(), f.target_period])),
        }
        for f in rows
    ]


@router.post("", response=FeatureOut)
def create_feature(request: HttpRequest, payload: FeatureIn) -> dict[str, Any]:
    check(request, "manage_features")
    fields = payload.dict()
    fields["owner"] = _owner(fields["owner"])
    fields["themes"] = _themes(fields["themes"])
    feature = _change(lambda: services.create_feature(fields.pop("title"), actor=request.user, **fields))
    return _out(_feature(feature.pk))


@router.get("/themes", response=list[ThemeOut])
def list_themes(request: HttpRequest) -> list[Theme]:
    check(request, "view_workspace")
    return list(Theme.objects.all())


@router.post("/themes", response=ThemeOut)
def create_theme(request: HttpRequest, payload: ThemeIn) -> Theme:
    check(request, "manage_features")
    return _change(
        lambda: services.create_theme(
            payload.name, slug=payload.slug, description=payload.description, actor=request.user
        )
    )


@router.delete("/themes/{int:theme_id}", response={204: None})
def delete_theme(request: HttpRequest, theme_id: int) -> Status:
    check(request, "manage_features")
    theme = get_object_or_404(Theme, pk=theme_id)
    _change(lambda: services.delete_theme(theme, actor=request.user))
    return Status(204, None)


@router.get("/{int:feature_id}", response=FeatureOut)
def get_feature(request: HttpRequest, feature_id: int) -> dict[str, Any]:
    check(request, "view_workspace")
    return _out(_feature(feature_id))


@router.patch("/{int:feature_id}", response=FeatureOut)
def update_feature(request: HttpRequest, feature_id: int, payload: FeaturePatch) -> dict[str, Any]:
    check(request, "manage_features")
    feature = _feature(feature_id)
    changes = payload.dict(exclude_unset=True)
    themes = _themes(changes.pop("themes")) if changes.get("themes") is not None else None
    changes.pop("themes", None)
    if "owner" in changes:
        changes["owner"] = _owner(changes["owner"])
    for name in ("title", "description", "target_period", "tracker_url"):
        if name in changes and changes[name] is None:
            raise HttpError(400, f"{name}: must not be null")
    _change(lambda: services.update_feature(feature, actor=request.user, themes=themes, **changes))
    return _out(_feature(feature_id))


@router.post("/{int:feature_id}/status", response=FeatureOut)
def set_status(request: HttpRequest, feature_id: int, payload: StatusIn) -> dict[str, Any]:
    """Move the feature to a status; moving to shipped starts closing the loop."""
    check(request, "manage_features")
    feature = _feature(feature_id)
    _change(lambda: services.set_status(feature, payload.status, actor=request.user))
    return _out(_feature(feature_id))


@router.get("/{int:feature_id}/evidence", response=EvidenceOut, url_name="feature_evidence")
def get_evidence(request: HttpRequest, feature_id: int) -> dict[str, Any]:
    """Everything the evidence page shows: figures, weekly trend, breakdowns by segment,
    plan, region, language and channel, best quotes, the ledger and lost deals."""
    check(request, "view_workspace")
    found: Evidence = evidence(_feature(feature_id))
    data = dict(found.__dict__)
    data["ledger"] = list(found.ledger)  # every row (a stored ledger loads on demand)
    summary = ledger.Summary(
        found.feature.pk,
        found.conversations,
        found.requests,
        found.unique_accounts,
        found.arr,
        found.revenue_at_stake,
    )
    data["feature"] = _out(found.feature, summary)
    return data


@router.get("/{int:feature_id}/evidence.md")
def get_markdown(request: HttpRequest, feature_id: int) -> HttpResponse:
    """The evidence as inert Markdown for a Jira or Linear ticket (customer text escaped)."""
    check(request, "view_workspace")
    feature = _feature(feature_id)
    url = request.build_absolute_uri(f"/features/{feature_id}")
    return HttpResponse(markdown.render(evidence(feature), url), content_type="text/markdown; charset=utf-8")


@router.post("/{int:feature_id}/tags/{int:tag_id}", response=FeatureOut)
def link_tag(request: HttpRequest, feature_id: int, tag_id: int) -> dict[str, Any]:
    """Link a tag: every conversation in its subtree becomes demand. Idempotent."""
    check(request, "link_evidence")
    feature = _feature(feature_id)
    tag = get_object_or_404(Tag, pk=tag_id)
    _change(lambda: services.link_tag(feature, tag, actor=request.user))
    return _out(feature)


@router.delete("/{int:feature_id}/tags/{int:tag_id}", response={204: None})
def unlink_tag(request: HttpRequest, feature_id: int, tag_id: int) -> Status:
    check(request, "link_evidence")
    feature = _feature(feature_id)
    tag = get_object_or_404(Tag, pk=tag_id)
    _change(lambda: services.unlink_tag(feature, tag, actor=request.user))
    return Status(204, None)


@router.post("/{int:feature_id}/conversations/{int:conversation_id}", response=FeatureOut)
def link_conversation(request: HttpRequest, feature_id: int, conversation_id: int) -> dict[str, Any]:
    check(request, "link_evidence")
    feature = _feature(feature_id)
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    _change(lambda: services.link_conversation(feature, conversation, actor=request.user))
    return _out(feature)


@router.delete("/{int:feature_id}/conversations/{int:conversation_id}", response={204: None})
def unlink_conversation(request: HttpRequest, feature_id: int, conversation_id: int) -> Status:
    check(request, "link_evidence")
    feature = _feature(feature_id)
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    _change(lambda: services.unlink_conversation(feature, conversation, actor=request.user))
    return Status(204, None)


@router.post("/{int:feature_id}/quotes", response=QuoteOut)
def link_quote(request: HttpRequest, feature_id: int, payload: QuoteIn) -> FeatureQuote:
    """Link the span ``[start, end)`` of a message (character offsets). Idempotent."""
    check(request, "link_evidence")
    feature = _feature(feature_id)
    message = get_object_or_404(Message, pk=payload.message_id)
    return _change(
        lambda: services.link_quote(feature, message, payload.start, payload.end, actor=request.user)
    )


@router.delete("/{int:feature_id}/quotes/{int:quote_id}", response={204: None})
def unlink_quote(request: HttpRequest, feature_id: int, quote_id: int) -> Status:
    check(request, "link_evidence")
    quote = get_object_or_404(FeatureQuote, pk=quote_id, feature_id=feature_id)
    _change(lambda: services.unlink_quote(quote, actor=request.user))
    return Status(204, None)
