"""The tagging inbox and the conversation page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from voxpop.accounts.models import Segment
from voxpop.conversations import queries, services
from voxpop.conversations.models import Channel, Conversation, SavedView, Source
from voxpop.core.http import HtmxHttpRequest
from voxpop.users.policies import allowed, require


@require("view_conversations")
def inbox(request: HtmxHttpRequest) -> HttpResponse:
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
        "saved_views": queries.saved_views_for(request.user),
    }
    template = (
        "conversations/_inbox_rows.html"
        if request.htmx and request.GET.get("cursor")
        else "conversations/inbox.html"
    )
    return render(request, template, context)


@require_POST
@require("view_conversations")
def save_view(request: HtmxHttpRequest) -> HttpResponse:
    try:
        view = services.save_view(
            request.user,
            request.POST.get("name", ""),
            request.POST.get("query", ""),
            shared=bool(request.POST.get("shared")),
        )
    except (ValueError, queries.FilterError) as exc:
        messages.error(request, str(exc))
        return redirect("conversations:inbox")
    return redirect(f"{reverse('conversations:inbox')}?{view.query}")


@require_POST
@require("view_conversations")
def delete_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView, pk=pk)
    try:
        services.delete_view(view, actor=request.user)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    return redirect("conversations:inbox")


@require("view_conversations")
def conversation(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Conversation.objects.select_related("account__owner", "contact", "source", "assignee"), pk=pk
    )
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
