"""JSON twins of the inbox and the conversation page, and the tagging actions on them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from voxpop.conversations import queries
from voxpop.conversations import services as conversation_services
from voxpop.conversations.models import Conversation, Message, SavedView
from voxpop.core.schemas import InputSchema
from voxpop.tagging import services as tagging
from voxpop.tagging.models import ReviewItem, Verdict
from voxpop.taxonomy.models import Tag
from voxpop.users.policies import check

router = Router(tags=["conversations"])


class TagOut(Schema):
    id: int
    slug: str
    name: str


class RowOut(Schema):
    id: int
    subject: str
    snippet: str
    channel: str
    language: str
    started_at: datetime
    account: str | None
    arr_at_time: Decimal | None
    tags: list[TagOut]
    suggestions: int


class InboxOut(Schema):
    rows: list[RowOut]
    next_cursor: str | None


def _filters(params: QueryDict) -> queries.InboxFilters:
    try:
        return queries.InboxFilters.from_query(params)
    except queries.FilterError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("/inbox", response=InboxOut)
def inbox(request: HttpRequest) -> dict[str, Any]:
    """The tagging inbox: the same filters as the page (state, q, channel, source, account, segment, plan,
    language, date_from, date_to, tag, assignee, queue, sort) and a `cursor` from the previous page."""
    check(request, "view_conversations")
    try:
        page = queries.inbox_page(_filters(request.GET), cursor=request.GET.get("cursor", ""))
    except queries.FilterError as exc:
        raise HttpError(400, str(exc)) from exc
    return {
        "rows": [
            {
                "id": row.conversation.pk,
                "subject": row.conversation.subject,
                "snippet": row.snippet,
                "channel": row.conversation.channel,
                "language": row.conversation.language,
                "started_at": row.conversation.started_at,
                "account": row.conversation.account.name if row.conversation.account else None,
                "arr_at_time": row.conversation.arr_at_time,
                "tags": row.tags,
                "suggestions": row.suggestions,
            }
            for row in page.rows
        ],
        "next_cursor": page.next_cursor,
    }


class MessageOut(Schema):
    id: int
    author_role: str
    author: str
    sent_at: datetime
    text: str


class TagStateOut(Schema):
    tag: TagOut
    path: str
    decider: str
    by: str
    at: datetime
    confidence: float | None


class SuggestionOut(Schema):
    id: int
    tag: TagOut
    path: str
    score: float
    provenance: str


class QuoteOut(Schema):
    tag: TagOut
    message_id: int | None
    start: int | None
    end: int | None
    text: str


class DetailOut(Schema):
    id: int
    subject: str
    channel: str
    source: str
    language: str
    started_at: datetime
    context: dict[str, Any]
    account: str | None
    arr_at_time: Decimal | None
    triaged_at: datetime | None
    messages: list[MessageOut]
    tags: list[TagStateOut]
    suggestions: list[SuggestionOut]
    quotes: list[QuoteOut]
    review_choices: list[TagOut]


def _detail(conversation: Conversation) -> dict[str, Any]:
    detail = queries.conversation_detail(conversation)
    return {
        "id": conversation.pk,
        "subject": conversation.subject,
        "channel": conversation.channel,
        "source": conversation.source.name,
        "language": conversation.language,
        "started_at": conversation.started_at,
        "context": conversation.context,
        "account": conversation.account.name if conversation.account else None,
        "arr_at_time": conversation.arr_at_time,
        "triaged_at": conversation.triaged_at,
        "messages": detail.messages,
        "tags": [vars(state) for state in detail.tags],
        "suggestions": [
            {
                "id": s.suggestion.pk,
                "tag": s.suggestion.tag,
                "path": s.path,
                "score": s.suggestion.score,
                "provenance": s.provenance,
            }
            for s in detail.suggestions
        ],
        "quotes": [
            {
                "tag": q.tag,
                "message_id": q.message_id,
                "start": q.quote_start,
                "end": q.quote_end,
                "text": q.quote_text,
            }
            for q in detail.quotes
        ],
        "review_choices": detail.review_choices,
    }


def _conversation(pk: int) -> Conversation:
    return get_object_or_404(Conversation.objects.select_related("source", "account"), pk=pk)


@router.get("/conversations/{pk}", response=DetailOut)
def detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    check(request, "view_conversations")
    return _detail(_conversation(pk))


class DecisionIn(InputSchema):
    tag_id: int
    verdict: str = Verdict.ACCEPT
    message_id: int | None = None
    start: int | None = None
    end: int | None = None


@router.post("/conversations/{pk}/decisions", response=DetailOut)
def decide(request: HttpRequest, pk: int, payload: DecisionIn) -> dict[str, Any]:
    """Tag (or untag) a conversation, optionally on a quote: a span of one message's text."""
    check(request, "tag_conversations")
    conversation = _conversation(pk)
    tag = get_object_or_404(Tag, pk=payload.tag_id)
    if payload.verdict not in Verdict.values:
        raise HttpError(400, f"verdict: expected one of {', '.join(Verdict.values)}")
    quote = None
    if payload.message_id is not None:
        if payload.start is None or payload.end is None:
            raise HttpError(400, "a quote needs message_id, start and end")
        quote = tagging.Quote(
            get_object_or_404(Message, pk=payload.message_id, conversation=conversation),
            payload.start,
            payload.end,
        )
    try:
        tagging.record_decision(conversation, tag, payload.verdict, user=request.user, quote=quote)
    except tagging.TaggingError as exc:
        raise HttpError(400, str(exc)) from exc
    return _detail(conversation)


@router.post("/conversations/{pk}/undo", response=DetailOut)
def undo(request: HttpRequest, pk: int) -> dict[str, Any]:
    check(request, "tag_conversations")
    conversation = _conversation(pk)
    if tagging.undo_last(conversation, user=request.user) is None:
        raise HttpError(400, "nothing of yours to undo on this conversation")
    return _detail(conversation)


@router.post("/conversations/{pk}/done", response=DetailOut)
def done(request: HttpRequest, pk: int) -> dict[str, Any]:
    check(request, "tag_conversations")
    conversation = _conversation(pk)
    conversation_services.mark_done(conversation, user=request.user)
    return _detail(conversation)


class ReviewIn(InputSchema):
    tag_ids: list[int]


@router.post("/conversations/{pk}/reviews/{item_id}", response=DetailOut)
def resolve_review(request: HttpRequest, pk: int, item_id: int, payload: ReviewIn) -> dict[str, Any]:
    check(request, "tag_conversations")
    conversation = _conversation(pk)
    item = get_object_or_404(ReviewItem, pk=item_id, conversation=conversation)
    try:
        tagging.resolve_review(item, list(Tag.objects.filter(pk__in=payload.tag_ids)), user=request.user)
    except tagging.TaggingError as exc:
        raise HttpError(400, str(exc)) from exc
    return _detail(conversation)


class BulkIn(InputSchema):
    tag_id: int
    conversation_ids: list[int]


class BulkOut(Schema):
    tagged: int


@router.post("/inbox/bulk-tag", response=BulkOut)
def bulk_tag(request: HttpRequest, payload: BulkIn) -> dict[str, int]:
    check(request, "tag_conversations")
    tag = get_object_or_404(Tag, pk=payload.tag_id)
    try:
        count = tagging.bulk_tag(
            Conversation.objects.filter(pk__in=payload.conversation_ids), tag, user=request.user
        )
    except tagging.TaggingError as exc:
        raise HttpError(400, str(exc)) from exc
    return {"tagged": count}


class SavedViewIn(InputSchema):
    name: str
    query: str = ""
    shared: bool = False


class SavedViewOut(Schema):
    id: int
    name: str
    query: str
    shared: bool
    owner: str


def _view_out(view: SavedView) -> dict[str, Any]:
    return {
        "id": view.pk,
        "name": view.name,
        "query": view.query,
        "shared": view.shared,
        "owner": view.owner.get_username(),
    }


@router.get("/saved-views", response=list[SavedViewOut])
def saved_views(request: HttpRequest) -> list[dict[str, Any]]:
    """Your saved inbox views and those others shared; open one as /api/inbox?<query>."""
    check(request, "view_conversations")
    return [_view_out(view) for view in queries.saved_views_for(request.user)]


@router.post("/saved-views", response=SavedViewOut)
def save_view(request: HttpRequest, payload: SavedViewIn) -> dict[str, Any]:
    check(request, "view_conversations")
    try:
        view = conversation_services.save_view(
            request.user, payload.name, payload.query, shared=payload.shared
        )
    except (ValueError, queries.FilterError) as exc:
        raise HttpError(400, str(exc)) from exc
    return _view_out(view)


@router.delete("/saved-views/{pk}", response={204: None})
def delete_view(request: HttpRequest, pk: int) -> Status:
    check(request, "view_conversations")
    conversation_services.delete_view(get_object_or_404(SavedView, pk=pk), actor=request.user)
    return Status(204, None)
