"""Running topic discovery and turning a cluster into a tag.

- :func:`start_run` records a queued run and enqueues :func:`voxpop.discovery.tasks.discover`
  once the transaction commits; :func:`execute_run` does the work (the task and
  ``voxpop discover`` both call it).
- :func:`make_tag` creates a tag from a cluster through the taxonomy services (audited),
  with the cluster's quotes as the tag's examples and as people's quote decisions, so
  the engine learns the new tag from them at its next training.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from voxpop.audit import services as audit
from voxpop.conversations.models import Conversation, Message
from voxpop.discovery import clustering, queries
from voxpop.discovery.models import DiscoveryCluster, DiscoveryRun, RunStatus
from voxpop.tagging.models import Decider, Verdict
from voxpop.tagging.services import Quote, record_decision
from voxpop.taxonomy import services as taxonomy
from voxpop.taxonomy.models import Tag

log = logging.getLogger(__name__)

MIN_POOL = 20
QUOTES = 3
CANDIDATES = 30  # members nearest the centroid whose sentences may be quoted
MAX_LIMIT = 200_000


class DiscoveryError(Exception):
    pass


def check_params(
    limit: int = queries.DEFAULT_LIMIT, clusters: int | None = None, seed: int = 0, min_size: int = 3
) -> dict[str, Any]:
    """The run's parameters, checked; a bad one is named in the error."""
    if not 1 <= limit <= MAX_LIMIT:
        raise DiscoveryError(f"limit: expected 1 to {MAX_LIMIT:,} conversations, got {limit}")
    if clusters is not None and not 2 <= clusters <= 200:
        raise DiscoveryError(f"clusters: expected 2 to 200, got {clusters}")
    if not 1 <= min_size <= 1000:
        raise DiscoveryError(f"min_size: expected 1 to 1000, got {min_size}")
    return {"limit": limit, "clusters": clusters, "seed": seed, "min_size": min_size}


def start_run(*, actor: Any = None, **params: Any) -> DiscoveryRun:
    """Record a queued run and hand it to the task backend when the transaction commits."""
    from voxpop.discovery.tasks import discover

    run = DiscoveryRun.objects.create(
        started_by=actor if getattr(actor, "is_authenticated", False) else None, params=check_params(**params)
    )
    transaction.on_commit(lambda: discover.enqueue(run.pk))
    return run


def execute_run(run: DiscoveryRun, progress: Callable[[str], None] | None = None) -> DiscoveryRun:
    """Cluster the pool and store the clusters; a failure is recorded on the run."""
    say = progress or (lambda _message: None)
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    began = time.perf_counter()
    try:
        found = _discover(run, say)
    except Exception as exc:  # recorded on the run for people to see, then logged in full
        log.exception("discovery run %s failed", run.pk)
        run.status, run.error = RunStatus.FAILED, f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    with transaction.atomic():
        for cluster, members in found:
            cluster.save()
            through = DiscoveryCluster.members.through
            through.objects.bulk_create(
                [through(discoverycluster_id=cluster.pk, conversation_id=pk) for pk in members],
                batch_size=5000,
            )
        run.status = RunStatus.DONE
        run.seconds = round(time.perf_counter() - began, 2)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "seconds", "finished_at", "pool_size", "window_end", "params"])
    return run


def _discover(run: DiscoveryRun, say: Callable[[str], None]) -> list[tuple[DiscoveryCluster, list[int]]]:
    params = run.params
    rows = queries.pool(params["limit"])
    run.pool_size = len(rows)
    if len(rows) < MIN_POOL:
        run.params = {
            **params,
            "note": f"only {len(rows)} untagged conversations; at least {MIN_POOL} needed",
        }
        return []
    run.window_end = rows[0].started_at
    ids = [row.conversation_id for row in rows]
    say(f"reading {len(ids)} conversations")
    texts = queries.customer_texts(ids)
    seed = int(params.get("seed", 0))
    say("encoding")
    cleaned, boilerplate = clustering.strip_boilerplate([texts[pk] for pk in ids])
    space = clustering.embed_pool(cleaned, seed=seed)
    k = params.get("clusters") or clustering.default_clusters(len(ids))
    say(f"clustering into {k}")
    labels, centroids = clustering.cluster(space, k, seed=seed)
    names, n_word = clustering.feature_names(space.encoder)
    this_start = run.window_end - timedelta(days=7)
    last_start = run.window_end - timedelta(days=14)
    groups = [np.flatnonzero(labels == label) for label in range(centroids.shape[0])]
    kept = [(label, members) for label, members in enumerate(groups) if len(members) >= params["min_size"]]
    kept.sort(key=lambda item: (-len(item[1]), item[0]))
    run.params = {
        **params,
        "clusters_made": int(centroids.shape[0]),
        "clusters_dropped": len(groups) - len(kept),
    }
    nearest = queries.nearest_tags([[ids[i] for i in members] for _label, members in kept])
    found = []
    say("describing clusters")
    for position, (label, members) in enumerate(kept):
        centroid = centroids[label]
        ordered = members[clustering.closest(space.vectors[members], centroid)]
        started = [rows[i].started_at for i in members]
        cluster = DiscoveryCluster(
            run=run,
            position=position,
            size=len(members),
            this_week=sum(1 for moment in started if moment > this_start),
            last_week=sum(1 for moment in started if last_start < moment <= this_start),
            top_terms=clustering.top_terms(space, members, names, n_word),
            quotes=_quotes(space, centroid, [rows[i] for i in ordered[:CANDIDATES]], boilerplate),
            nearest_tag=nearest[position],
        )
        found.append((cluster, [ids[i] for i in ordered]))
    return found


def _quotes(
    space: clustering.Space, centroid: np.ndarray, candidates: list[queries.PoolRow], boilerplate: set[str]
) -> list[dict[str, Any]]:
    """Three customer sentences closest to the centroid, from different accounts (or
    contacts) where the cluster has them."""
    messages = queries.customer_messages(row.conversation_id for row in candidates)
    pieces = [
        piece
        for row in candidates
        for message_id, text in messages.get(row.conversation_id, [])
        for piece in clustering.sentences(row.conversation_id, message_id, text)
        if clustering.quotable(piece.text) and piece.text.casefold() not in boilerplate
    ]
    if not pieces:
        return []
    similarity = space.embed([piece.text for piece in pieces]) @ centroid
    best: dict[int, tuple[float, clustering.Sentence]] = {}
    for piece, score in zip(pieces, similarity, strict=True):
        if piece.conversation_id not in best or score > best[piece.conversation_id][0]:
            best[piece.conversation_id] = (float(score), piece)
    who = {
        row.conversation_id: (
            f"account:{row.account_id}"
            if row.account_id
            else f"contact:{row.contact_id}"
            if row.contact_id
            else f"conversation:{row.conversation_id}"
        )
        for row in candidates
    }
    ranked = []
    seen_texts: set[str] = set()
    for item in sorted(best.values(), key=lambda item: (-item[0], item[1].conversation_id)):
        if item[1].text.casefold() not in seen_texts:  # the same sentence twice says nothing more
            seen_texts.add(item[1].text.casefold())
            ranked.append(item)
    chosen: list[tuple[float, clustering.Sentence]] = []
    seen: set[str] = set()
    for item in ranked:  # first pass: one quote per account
        if who[item[1].conversation_id] not in seen and len(chosen) < QUOTES:
            chosen.append(item)
            seen.add(who[item[1].conversation_id])
    for item in ranked:  # then fill from the same accounts if the cluster has too few
        if item not in chosen and len(chosen) < QUOTES:
            chosen.append(item)
    accounts = dict(
        Conversation.objects.filter(pk__in=[piece.conversation_id for _s, piece in chosen]).values_list(
            "pk", "account__name"
        )
    )
    return [
        {
            "conversation_id": piece.conversation_id,
            "message_id": piece.message_id,
            "start": piece.start,
            "end": piece.end,
            "text": piece.text,
            "account": accounts.get(piece.conversation_id) or "",
            "similarity": round(score, 3),
        }
        for score, piece in chosen
    ]


@transaction.atomic
def make_tag(
    cluster: DiscoveryCluster,
    slug: str,
    name: str | None = None,
    *,
    parent: Tag | None = None,
    description: str = "",
    actor: Any,
) -> Tag:
    """Create a tag from a cluster: its quotes become the tag's examples and people's
    quote decisions (by ``actor``) on their conversations."""
    cluster = DiscoveryCluster.objects.select_for_update().get(pk=cluster.pk)
    if cluster.created_tag_id is not None:
        raise DiscoveryError("a tag was already made from this cluster")
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise DiscoveryError("making a tag needs a person to record the example decisions")
    quotes = [q for q in cluster.quotes if isinstance(q, dict) and q.get("text")]
    tag = taxonomy.create_tag(
        slug, name, parent=parent, description=description, examples=[q["text"] for q in quotes], actor=actor
    )
    seeded = 0
    for q in quotes:
        message = (
            Message.objects.select_related("conversation")
            .filter(pk=q["message_id"], conversation_id=q["conversation_id"])
            .first()
        )
        if message is None or message.text[q["start"] : q["end"]] != q["text"]:
            continue  # the message was removed or re-imported with other text since the run
        record_decision(
            message.conversation,
            tag,
            Verdict.ACCEPT,
            decider=Decider.PERSON,
            user=actor,
            quote=Quote(message, q["start"], q["end"]),
        )
        seeded += 1
    cluster.created_tag = tag
    cluster.save(update_fields=["created_tag"])
    audit.record(
        "discovery.tag_made",
        actor=actor,
        target=tag,
        data={"slug": tag.slug, "run": cluster.run_id, "cluster": cluster.pk, "decisions": seeded},
    )
    return tag
