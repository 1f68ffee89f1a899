"""Writes to conversations made from the app (imports have their own pipeline)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from voxpop.conversations.models import Conversation, SavedView


def mark_done(conversation: Conversation, *, user: Any) -> Conversation:
    """The person finished tagging this conversation: it leaves the to-do states."""
    conversation.triaged_at = timezone.now()
    conversation.triaged_by = user
    conversation.save(update_fields=["triaged_at", "triaged_by", "updated_at"])
    return conversation


def reopen(conversation: Conversation) -> Conversation:
    conversation.triaged_at = None
    conversation.triaged_by = None
    conversation.save(update_fields=["triaged_at", "triaged_by", "updated_at"])
    return conversation


def save_view(owner: Any, name: str, query: str, *, shared: bool = False) -> SavedView:
    """Keep the inbox filter ``query`` under ``name`` (replacing one of the same name)."""
    from django.http import QueryDict

    from voxpop.conversations.queries import InboxFilters

    name = name.strip()
    if not name:
        raise ValueError("a saved view needs a name")
    normalised = InboxFilters.from_query(QueryDict(query)).as_query()  # raises FilterError on bad values
    view, _ = SavedView.objects.update_or_create(
        owner=owner, name=name, defaults={"query": normalised, "shared": shared}
    )
    return view


def delete_view(view: SavedView, *, actor: Any) -> None:
    if view.owner_id != actor.pk:
        raise PermissionError("only its owner can delete a saved view")
    view.delete()
