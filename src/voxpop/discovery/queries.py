"""Reading for topic discovery: the pool of conversations to cluster, their customer
text, and the stored runs as the page and the API show them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef

from voxpop.conversations.models import AuthorRole, Conversation, Message
from voxpop.discovery.models import DiscoveryCluster, DiscoveryRun, RunStatus
from voxpop.tagging.models import ConversationTag, Suggestion

DEFAULT_LIMIT = 20_000


@dataclass
class PoolRow:
    conversation_id: int
    started_at: datetime
    account_id: int | None
    contact_id: int | None


def pool(limit: int = DEFAULT_LIMIT) -> list[PoolRow]:
    """The newest ``limit`` conversations that carry no tag.

    A conversation carries a tag once a person accepts one, or a rule or model applies
    one above its threshold; so what is left has no tag or only suggestions below their
    tag's threshold: what the taxonomy does not yet cover with confidence.
    """
    tagged = ConversationTag.objects.filter(conversation=OuterRef("pk"))
    rows = (
        Conversation.objects.filter(~Exists(tagged))
        .order_by("-started_at", "-id")
        .values_list("pk", "started_at", "account_id", "contact_id")[:limit]
    )
    return [PoolRow(*row) for row in rows]


def customer_texts(conversation_ids: Iterable[int]) -> dict[int, str]:
    """Subject and the customer's own messages: what the customer said, not the agent."""
    ids = list(conversation_ids)
    parts: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        for pk, subject in Conversation.objects.filter(pk__in=chunk).values_list("pk", "subject"):
            if subject:
                parts[pk].append(subject)
        messages = (
            Message.objects.filter(conversation_id__in=chunk, author_role=AuthorRole.CUSTOMER)
            .order_by("conversation_id", "position", "sent_at", "id")
            .values_list("conversation_id", "text")
        )
        for pk, text in messages:
            parts[pk].append(text)
    return {pk: "\n".join(parts[pk]) for pk in ids}


def customer_messages(conversation_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """Each conversation's customer messages as (message id, text), in order."""
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        Message.objects.filter(conversation_id__in=list(conversation_ids), author_role=AuthorRole.CUSTOMER)
        .order_by("conversation_id", "position", "sent_at", "id")
        .values_list("conversation_id", "pk", "text")
    )
    for conversation_id, message_id, text in rows:
        found[conversation_id].append((message_id, text))
    return found


def nearest_tags(members: list[list[int]]) -> list[dict[str, Any] | None]:
    """For each group of conversations, the tag suggested to most of them (below its
    threshold, since they are untagged) and the share of members it was suggested to."""
    owner = {pk: index for index, group in enumerate(members) for pk in group}
    counts: list[Counter[tuple[str, str]]] = [Counter() for _ in members]
    ids = list(owner)
    for start in range(0, len(ids), 5000):
        rows = (
            Suggestion.objects.filter(conversation_id__in=ids[start : start + 5000])
            .values_list("conversation_id", "tag__slug", "tag__name")
            .distinct()
        )
        for conversation_id, slug, name in rows:
            counts[owner[conversation_id]][(slug, name)] += 1
    result: list[dict[str, Any] | None] = []
    for group, counter in zip(members, counts, strict=True):
        if not counter:
            result.append(None)
            continue
        (slug, name), n = counter.most_common(1)[0]
        result.append({"slug": slug, "name": name, "share": round(n / len(group), 3)})
    return result


def latest_run() -> DiscoveryRun | None:
    return DiscoveryRun.objects.select_related("started_by").first()


def run_dict(run: DiscoveryRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": str(RunStatus(run.status).label),
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "started_by": run.started_by.get_username() if run.started_by else None,
        "params": run.params,
        "pool_size": run.pool_size,
        "window_end": run.window_end,
        "seconds": run.seconds,
        "error": run.error,
    }


def cluster_dict(cluster: DiscoveryCluster) -> dict[str, Any]:
    growth = cluster.growth
    return {
        "id": cluster.pk,
        "position": cluster.position,
        "size": cluster.size,
        "this_week": cluster.this_week,
        "last_week": cluster.last_week,
        "growth": None if growth is None else round(growth, 3),
        "top_terms": list(cluster.top_terms),
        "quotes": list(cluster.quotes),
        "nearest_tag": cluster.nearest_tag,
        "created_tag": (
            {"id": cluster.created_tag.pk, "slug": cluster.created_tag.slug, "name": cluster.created_tag.name}
            if cluster.created_tag
            else None
        ),
    }


def run_with_clusters(run: DiscoveryRun) -> dict[str, Any]:
    clusters = run.clusters.select_related("created_tag").order_by("position")
    return {**run_dict(run), "clusters": [cluster_dict(c) for c in clusters]}
