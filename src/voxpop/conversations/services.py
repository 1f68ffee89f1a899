"""Writes to conversations made from the app (imports have their own pipeline)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from voxpop.conversations.models import Conversation


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
