"""The tagging inbox and the conversation page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from voxpop.accounts.models import Segment
from voxpop.conversations import queries
from voxpop.conversations.models import Channel, Conversation, Source
from voxpop.users.policies import allowed, require


@require("view_conversations")
def inbox(request: HttpRequest) -> HttpResponse:
    try:
        filters = queries.InboxFilters.from_query(request.GET)
        page = queries.inbox_page(filters, cursor=request.GET.get("cursor", ""))
    except queries.FilterError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    context = {
        "page": page,
        "filters": filters,
        "query": filters.as_query(),
        "states": queries.STATES,
        "channels": Channel.choices,
        "segments": Segment.choices,
        "sources": Source.objects.values_list("name", flat=True),
        "can_tag": allowed(request.user, "tag_conversations"),
    }
    template = "conversations/_inbox_rows.html" if request.htmx and request.GET.get("cursor") else "conversations/inbox.html"
    return render(request, template, context)


@require("view_conversations")
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Conversation.objects.select_related("account__owner", "contact", "source", "assignee"), pk=pk)
    try:
        filters = queries.InboxFilters.from_query(request.GET)
    except queries.FilterError:
        filters = queries.InboxFilters()
    previous_id, next_id = queries.neighbours(filters, item)
    return render(
        request,
        "conversations/conversation.html",
        {
            "detail": queries.conversation_detail(item),
            "conversation": item,
            "query": filters.as_query(),
            "previous_id": previous_id,
            "next_id": next_id,
            "can_tag": allowed(request.user, "tag_conversations"),
        },
    )
