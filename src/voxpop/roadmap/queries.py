"""Reads over features: which conversations are demand for a feature.

A conversation asks for a feature when it is linked directly, when one of its messages
is quoted on the feature, or when it currently carries a tag in the subtree of a tag
linked to the feature. Current tags already resolve merged tags to their target, so a
merged tag keeps counting."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from voxpop.conversations.models import Conversation
from voxpop.roadmap.models import Feature, FeatureConversation, FeatureQuote, FeatureTag
from voxpop.tagging.models import ConversationTag
from voxpop.taxonomy.models import Tag


def linked_tag_paths(feature: Feature) -> list[str]:
    paths = sorted(Tag.objects.filter(feature_links__feature=feature).values_list("path", flat=True))
    # A linked tag inside another linked tag's subtree adds nothing.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


def demand_conversation_ids(feature: Feature) -> QuerySet:
    """Ids of the conversations that ask for ``feature`` (a subquery, not evaluated)."""
    paths = linked_tag_paths(feature)
    by_tag = Q(pk__in=[])
    if paths:
        tag_filter = Q()
        for path in paths:
            tag_filter |= Q(tag__path__startswith=path)
        by_tag = Q(pk__in=ConversationTag.objects.filter(tag_filter).values("conversation_id"))
    direct = Q(pk__in=FeatureConversation.objects.filter(feature=feature).values("conversation_id"))
    quoted = Q(pk__in=FeatureQuote.objects.filter(feature=feature).values("conversation_id"))
    return Conversation.objects.filter(by_tag | direct | quoted).values("pk")


def demand_conversations(feature: Feature) -> QuerySet[Conversation]:
    return Conversation.objects.filter(pk__in=demand_conversation_ids(feature))


def features_linking_tag(tag: Tag) -> QuerySet[Feature]:
    """Features whose linked tags include ``tag`` or one of its ancestors."""
    ancestor_ids = [int(part) for part in tag.path.strip("/").split("/") if part]
    return Feature.objects.filter(
        pk__in=FeatureTag.objects.filter(tag_id__in=ancestor_ids).values("feature_id")
    )
