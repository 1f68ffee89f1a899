"""Tagging actions from the conversation page and the inbox (htmx and plain forms).

Each action answers an htmx request with the refreshed tag panel, and a plain form
post with a redirect back, so the pages work without JavaScript too.
"""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from voxpop.conversations import queries
from voxpop.conversations import services as conversation_services
from voxpop.conversations.models import Conversation, Message
from voxpop.core.http import HtmxHttpRequest
from voxpop.tagging import services
from voxpop.tagging.models import ReviewItem, Suggestion, Verdict
from voxpop.taxonomy.models import Tag
from voxpop.users.policies import allowed, require


def _panel(request: HtmxHttpRequest, conversation: Conversation, error: str = "") -> HttpResponse:
    if not request.htmx:
        url = reverse("conversations:detail", args=[conversation.pk])
        query = request.POST.get("query", "")
        return redirect(f"{url}?{query}" if query else url)
    response = render(
        request,
        "conversations/_tag_panel.html",
        {
            "detail": queries.conversation_detail(conversation),
            "conversation": conversation,
            "can_tag": allowed(request.user, "tag_conversations"),
            "error": error,
            "query": request.POST.get("query", ""),
        },
    )
    if error:
        response.status_code = 400
    return response


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_POST
@require("tag_conversations")
def decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation, pk=pk)
    tag_id = _int(request.POST.get("tag"))
    tag = Tag.objects.filter(pk=tag_id).first() if tag_id is not None else None
    verdict = request.POST.get("verdict", Verdict.ACCEPT)
    if tag is None or verdict not in Verdict.values:
        return _panel(request, conversation, "Choose a tag first.")
    quote = None
    message_id, start, end = (_int(request.POST.get(k)) for k in ("message", "start", "end"))
    if message_id is not None and start is not None and end is not None:
        message = get_object_or_404(Message, pk=message_id, conversation=conversation)
        quote = services.Quote(message, start, end)
    try:
        services.record_decision(conversation, tag, verdict, user=request.user, quote=quote)
    except services.TaggingError as exc:
        return _panel(request, conversation, str(exc))
    return _panel(request, conversation)


@require_POST
@require("tag_conversations")
def suggestion(request: HtmxHttpRequest, pk: int, suggestion_id: int, verdict: str) -> HttpResponse:
    conversation = get_object_or_404(Conversation, pk=pk)
    item = get_object_or_404(Suggestion, pk=suggestion_id, conversation=conversation)
    services.record_decision(
        conversation, item.tag, Verdict.ACCEPT if verdict == "accept" else Verdict.REJECT, user=request.user
    )
    return _panel(request, conversation)


@require_POST
@require("tag_conversations")
def undo(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation, pk=pk)
    if services.undo_last(conversation, user=request.user) is None:
        return _panel(request, conversation, "Nothing of yours to undo here.")
    return _panel(request, conversation)


@require_POST
@require("tag_conversations")
def done(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation, pk=pk)
    conversation_services.mark_done(conversation, user=request.user)
    try:
        filters = queries.InboxFilters.from_query(QueryDict(request.POST.get("query", "")))
    except queries.FilterError:
        filters = queries.InboxFilters()
    _, next_id = queries.neighbours(filters, conversation)
    query = filters.as_query()
    if next_id is not None:
        url = reverse("conversations:detail", args=[next_id])
    else:
        url = reverse("conversations:inbox")
    url = f"{url}?{query}" if query else url
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
@require("tag_conversations")
def resolve_review(request: HtmxHttpRequest, pk: int, item_id: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation, pk=pk)
    item = get_object_or_404(ReviewItem, pk=item_id, conversation=conversation)
    chosen = list(Tag.objects.filter(pk__in=[_int(v) for v in request.POST.getlist("tag")]))
    try:
        services.resolve_review(item, chosen, user=request.user)
    except services.TaggingError as exc:
        return _panel(request, conversation, str(exc))
    return _panel(request, conversation)


@require_POST
@require("tag_conversations")
def bulk_tag(request: HtmxHttpRequest) -> HttpResponse:
    tag_id = _int(request.POST.get("tag"))
    tag = Tag.objects.filter(pk=tag_id).first() if tag_id is not None else None
    ids = [i for i in (_int(v) for v in request.POST.getlist("conversation")) if i is not None]
    if tag is None or not ids:
        return HttpResponseBadRequest(
            "Choose conversations and a tag.", content_type="text/plain; charset=utf-8"
        )
    try:
        count = services.bulk_tag(Conversation.objects.filter(pk__in=ids), tag, user=request.user)
    except services.TaggingError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    url = reverse("conversations:inbox")
    query = request.POST.get("query", "")
    target = f"{url}?{query}" if query else url
    if request.htmx:
        return HttpResponseClientRedirect(target)
    response = redirect(target)
    response["X-Tagged"] = str(count)
    return response
