"""``{% feature_panel %}``: the conversation page's "Features" card, rendered by the
roadmap app so the conversation view needs to know nothing about features."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from voxpop.conversations.models import Conversation
from voxpop.roadmap.queries import conversation_features
from voxpop.users.policies import allowed

register = template.Library()


def panel_context(request: HttpRequest, conversation: Conversation, error: str = "") -> dict[str, Any]:
    return {
        "conversation": conversation,
        "linked": conversation_features(conversation),
        "can_link": allowed(request.user, "link_evidence"),
        "query": request.POST.get("query", "") if request.method == "POST" else request.GET.urlencode(),
        "error": error,
    }


@register.inclusion_tag("roadmap/_conversation_features.html", takes_context=True)
def feature_panel(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    result = panel_context(request, context["conversation"])
    result["query"] = context.get("query", "")
    result["csrf_token"] = context.get("csrf_token")
    return result
