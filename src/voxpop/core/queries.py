"""Read models shared across the workspace: the counts on the home page, the API and
``voxpop stats``."""

from __future__ import annotations

from voxpop.accounts.models import Account, Contact
from voxpop.conversations.models import Conversation, Message, Source
from voxpop.tagging.models import ConversationTag, Suggestion, TagDecision
from voxpop.taxonomy.models import Tag


def workspace_counts() -> dict[str, int]:
    """Counts of every kind of record, as one flat mapping (stable key order)."""
    tags = Tag.objects.all()
    return {
        "accounts": Account.objects.count(),
        "contacts": Contact.objects.count(),
        "sources": Source.objects.count(),
        "conversations": Conversation.objects.count(),
        "messages": Message.objects.count(),
        "tags": tags.count(),
        "leaf_tags": tags.filter(children__isnull=True).count(),
        "decisions": TagDecision.objects.count(),
        "suggestions": Suggestion.objects.count(),
        "tagged_conversations": ConversationTag.objects.values("conversation_id").distinct().count(),
    }
