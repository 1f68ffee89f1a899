"""Feature evidence benchmark: the evidence page of features at one million conversations.

Builds the inbox benchmark's workspace (bench/inbox.py: N conversations, 3N tag
decisions, 2,000 accounts with ARR, a 550-tag taxonomy), turns 1% of the conversations
into lost deals with an amount, and adds features the way a product team links them:
each feature links one topic (5 leaf tags) and one more leaf elsewhere, 50 conversations
directly and 20 quotes. Then it times, per feature:

- ``evidence``: :func:`voxpop.roadmap.evidence.evidence`, every figure the page shows,
  computed live (cold);
- ``page_cold``: GET /features/<id> through Django's test client with the feature's
  evidence snapshot deleted first (fingerprint, live evidence, storing the snapshot,
  template render and the page's other queries), signed in as a viewer;
- after :func:`voxpop.roadmap.snapshots.refresh_all` (what the background refresh
  does after a write): ``fingerprint`` (the inputs check every read pays),
  ``evidence_cached_warm`` (fingerprint plus loading the snapshot) and ``page`` (the
  page as a viewer sees it once the snapshot is current: the benchmark target);
- the baseline, in the same run: the naive ORM aggregation, one query per demand
  conversation for its account (fewer runs: it is slow).

    python bench/features.py --db sqlite --conversations 1000000
    python bench/features.py --db postgres --conversations 1000000

Prints one JSON object. Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inbox  # the generator is shared with the inbox benchmark


def add_features(count: int, seed: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from voxpop.conversations.models import Conversation, Message
    from voxpop.roadmap import services
    from voxpop.taxonomy.models import Tag
    from voxpop.users.models import User

    rng = random.Random(seed)
    started = time.perf_counter()
    user = User.objects.get(username="bench")
    topics = list(Tag.objects.filter(depth=1).order_by("pk"))
    leaves = list(Tag.objects.filter(depth=2).order_by("pk"))
    max_id = Conversation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic(), connection.cursor() as cursor:
        # 1% of the conversations become lost deals worth 5k-500k.
        lost = rng.sample(range(1, max_id + 1), max(1, max_id // 100))
        cursor.executemany(
            "UPDATE conversations_conversation SET channel = 'lost_deal', amount = %s WHERE id = %s",
            [(rng.randrange(5_000, 500_000), cid) for cid in lost],
        )
    features = []
    with transaction.atomic():
        for number in range(count):
            feature = services.create_feature(f"Feature {number}", target_period="2027-H1", actor=user)
            services.link_tag(feature, rng.choice(topics), actor=user)
            services.link_tag(feature, rng.choice(leaves), actor=user)
            for cid in rng.sample(range(1, max_id + 1), 50):
                services.link_conversation(feature, Conversation(pk=cid), actor=user)
            for message in Message.objects.filter(conversation_id__in=rng.sample(range(1, max_id + 1), 20)):
                services.link_quote(feature, message, 0, min(len(message.text), 60), actor=user)
            features.append(feature.pk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"features": features, "features_seconds": round(time.perf_counter() - started, 1)}


def measure(feature_ids: list[int], repeat: int, baseline_repeat: int) -> dict[str, Any]:
    from django.test import Client

    from voxpop.conversations.models import Conversation
    from voxpop.roadmap.evidence import evidence
    from voxpop.roadmap.models import Feature
    from voxpop.roadmap.queries import demand_conversation_ids
    from voxpop.users.models import User

    viewer = User.objects.filter(username="bench-viewer").first() or User.objects.create_user(
        username="bench-viewer", password=None, role="viewer"
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(viewer)
    features = list(Feature.objects.filter(pk__in=feature_ids))

    def naive(feature: Feature) -> dict[str, Any]:
        """What one would write first: the ORM, conversation by conversation."""
        per_account: dict[Any, dict[str, Any]] = {}
        for conversation in Conversation.objects.filter(pk__in=demand_conversation_ids(feature)):
            account = conversation.account  # one query per conversation
            key = account.pk if account else ("c", conversation.pk)
            row = per_account.setdefault(key, {"conversations": 0, "arr": None, "lost": Decimal(0)})
            row["conversations"] += 1
            row["arr"] = (
                conversation.arr_at_time if conversation.arr_at_time is not None else account and account.arr
            )
            if conversation.channel == "lost_deal":
                row["lost"] += conversation.amount or 0
        return per_account

    def page(feature: Feature) -> None:
        response = client.get(f"/features/{feature.pk}")
        assert response.status_code == 200, response.status_code

    from voxpop.tagging.models import TagDecision

    results: dict[str, Any] = {
        "conversations": Conversation.objects.count(),
        "decisions": TagDecision.objects.count(),
        "features": len(features),
        "demand_conversations_per_feature": sorted(evidence(f).conversations for f in features),
    }
    rotation = iter(range(10**9))

    def each(function: Any) -> Any:
        return lambda: function(features[next(rotation) % len(features)])

    from voxpop.roadmap import snapshots
    from voxpop.roadmap.models import EvidenceSnapshot

    def cold_page(feature: Feature) -> None:
        EvidenceSnapshot.objects.filter(feature=feature).delete()
        page(feature)

    # Cold: the live computation, and the page when its snapshot is out of date.
    results["evidence"] = inbox.timed(each(evidence), repeat * len(features))
    results["page_cold"] = inbox.timed(each(cold_page), repeat * len(features))
    # Warm: what a viewer sees once the background refresh stored the current evidence.
    snapshots.refresh_all(feature_ids)
    results["fingerprint"] = inbox.timed(each(snapshots.fingerprint), repeat * len(features))
    results["evidence_cached_warm"] = inbox.timed(each(snapshots.evidence_cached), repeat * len(features))
    from django.core.cache import cache

    def first_view(feature: Feature) -> None:
        cache.clear()  # the rendered evidence sections too: the first view after a refresh
        page(feature)

    results["page_first_view"] = inbox.timed(each(first_view), repeat * len(features))
    results["page"] = inbox.timed(each(page), repeat * len(features))
    results["snapshot_bytes"] = sorted(
        len(bytes(p))
        for p in EvidenceSnapshot.objects.filter(feature__in=features).values_list("payload", flat=True)
    )
    results["baseline_naive_orm"] = inbox.timed(each(naive), baseline_repeat)
    results["evidence_speedup_vs_naive"] = round(
        results["baseline_naive_orm"]["p50_ms"] / max(results["evidence"]["p50_ms"], 0.01), 1
    )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=6, help="timed runs per feature")
    parser.add_argument("--baseline-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the workspace in this directory (PostgreSQL: the database voxpop_bench_kept) and "
        "reuse it when it holds a complete one of the same size and seed: generate once, measure "
        "again after a change; bench/explore.py --keep shares it",
    )
    args = parser.parse_args()
    generated: dict[str, Any] = {}
    if args.keep:
        generated = inbox.kept_workspace(args.db, args.keep, args.conversations, args.seed)
        reused = not generated
        from voxpop.roadmap.models import Feature

        if not Feature.objects.exists():  # a workspace the explorer benchmark built
            generated.update(add_features(args.features, args.seed))
        ids = list(Feature.objects.order_by("pk").values_list("pk", flat=True))
        figures = measure(ids, args.repeat, args.baseline_repeat)
        generated.pop("features", None)
        figures["reused_workspace"] = reused
    else:
        with tempfile.TemporaryDirectory(prefix="voxpop-bench-") as tmp:
            url = inbox.setup(args.db, Path(tmp))
            try:
                generated = inbox.generate(args.conversations, args.seed)
                generated.update(add_features(args.features, args.seed))
                figures = measure(generated.pop("features"), args.repeat, args.baseline_repeat)
            finally:
                inbox.teardown(args.db, url)
    print(
        json.dumps(
            {
                "benchmark": "features",
                "database": args.db,
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "load_average": os.getloadavg(),
                },
                **generated,
                **figures,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
