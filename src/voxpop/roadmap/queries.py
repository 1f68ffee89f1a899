"""Reads over features: which conversations are demand for a feature.

A conversation asks for a feature when it is linked directly, when one of its messages
is quoted on the feature, or when it currently carries a tag in the subtree of a tag
linked to the feature. Current tags already resolve merged tags to their target, and a
linked tag that was merged away stands for the tag it was merged into, so a merged tag
keeps counting either way."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from voxpop.conversations.models import Conversation
from voxpop.roadmap.models import Feature, FeatureConversation, FeatureQuote, FeatureTag
from voxpop.tagging.models import ConversationTag
from voxpop.taxonomy.models import Tag, TagStatus


def _live_paths(tag_ids: Iterable[int]) -> list[str]:
    """The paths of ``tag_ids``, a merged tag replaced by the live tag it counts as now,
    outermost only (a linked tag inside another linked tag's subtree adds nothing)."""
    from voxpop.tagging.services import merge_targets

    ids = set(tag_ids)
    if Tag.objects.filter(pk__in=ids, status=TagStatus.MERGED).exists():
        targets = merge_targets()
        ids = {targets.get(pk, pk) for pk in ids}
    kept: list[str] = []
    for path in sorted(Tag.objects.filter(pk__in=ids).values_list("path", flat=True)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


def linked_tag_paths(feature: Feature) -> list[str]:
    return _live_paths(FeatureTag.objects.filter(feature=feature).values_list("tag_id", flat=True))


def subtree_tag_ids(paths: Iterable[str]) -> list[int]:
    """Every tag in the subtrees at ``paths`` (one indexed prefix query per path)."""
    ids: set[int] = set()
    for path in paths:
        ids.update(Tag.objects.filter(path__startswith=path).values_list("pk", flat=True))
    return sorted(ids)


def demand_tag_ids(feature: Feature) -> list[int]:
    """The tags whose current conversations ask for ``feature``."""
    return subtree_tag_ids(linked_tag_paths(feature))


def demand_conversation_ids(
    feature: Feature, tag_ids: list[int] | None = None, *, decider: str = ""
) -> QuerySet:
    """Ids of the conversations that ask for ``feature`` (a subquery, not evaluated).
    With ``decider``, tagged demand counts only where that kind of decider (for
    example a person) put the tag on; direct links and quotes always count.

    One UNION of three index lookups (current tags by tag, direct links, quotes by
    feature), so the database never scans the conversations table to find them."""
    if tag_ids is None:
        tag_ids = demand_tag_ids(feature)
    direct = FeatureConversation.objects.filter(feature=feature).values("conversation_id").order_by()
    quoted = FeatureQuote.objects.filter(feature=feature).values("conversation_id").order_by()
    parts = [direct, quoted]
    if tag_ids:
        tagged = ConversationTag.objects.filter(tag_id__in=tag_ids)
        if decider:
            tagged = tagged.filter(decider=decider)
        parts.insert(0, tagged.values("conversation_id").order_by())
    return parts[0].union(*parts[1:])


def demand_conversations(feature: Feature) -> QuerySet[Conversation]:
    return Conversation.objects.filter(pk__in=demand_conversation_ids(feature))


def features_linking_tag(tag: Tag) -> QuerySet[Feature]:
    """Features whose linked tags include ``tag`` or one of its ancestors."""
    ancestor_ids = [int(part) for part in tag.path.strip("/").split("/") if part]
    return Feature.objects.filter(
        pk__in=FeatureTag.objects.filter(tag_id__in=ancestor_ids).values("feature_id")
    )


def features(status: str = "", theme: str = "") -> QuerySet[Feature]:
    """Features for the list page and the API, with owner and themes prefetched."""
    found = Feature.objects.select_related("owner").prefetch_related("themes")
    if status:
        found = found.filter(status=status)
    if theme:
        found = found.filter(themes__slug=theme)
    return found.order_by("title", "pk")


def feature_links(feature: Feature) -> dict[str, list]:
    """What is linked to ``feature``, for its management section."""
    return {
        "tags": list(FeatureTag.objects.filter(feature=feature).select_related("tag").order_by("tag__path")),
        "conversations": list(
            FeatureConversation.objects.filter(feature=feature)
            .select_related("conversation__account")
            .order_by("-created_at", "-pk")
        ),
        "quotes": list(
            FeatureQuote.objects.filter(feature=feature).select_related("conversation__account", "linked_by")
        ),
    }


def conversation_features(conversation: Conversation) -> dict[str, list]:
    """Features this conversation is linked to, directly or by a quote."""
    return {
        "links": list(
            FeatureConversation.objects.filter(conversation=conversation)
            .select_related("feature")
            .order_by("feature__title")
        ),
        "quotes": list(FeatureQuote.objects.filter(conversation=conversation).select_related("feature")),
    }
