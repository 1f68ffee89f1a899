"""Emerging topics: tags whose volume grew beyond chance.

For each tag, compare its conversations in a recent window (r, default the last 7 days)
with a baseline window just before it (b, default the 8 weeks before), **conditional on
the total volume** of each window (R and B conversations): if the tag's share of the
traffic had not changed, then given n = r + b, r would follow Binomial(n, p0) with
p0 = R / (R + B). The one-sided p-value is P(X >= r). A busier week for everyone is
therefore not an emerging topic; a tag that rose while the rest stayed put is.

Many tags are tested at once, so p-values are adjusted with Benjamini-Hochberg and a
tag is flagged when its adjusted value (q) is at most ``alpha`` (default 0.05): among
the flagged tags, the expected share of false alarms is at most alpha. Tags with fewer
than ``min_recent`` recent conversations are not flagged (too few to act on), but are
still counted among the tests, which keeps the correction honest.

Counts are per tag (conversations carrying that very tag), not per subtree: a parent
would otherwise repeat its children's signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone
from scipy.stats import binom

from voxpop.conversations.models import AuthorRole, Conversation, Message
from voxpop.tagging.models import ConversationTag, TagDecision, Verdict
from voxpop.taxonomy.models import Tag, TagStatus
from voxpop.taxonomy.queries import full_path_names


def growth_p_values(
    recent: Sequence[int], baseline: Sequence[int], recent_total: int, baseline_total: int
) -> np.ndarray:
    """One-sided binomial p-values that each tag's recent share exceeds its baseline share."""
    r = np.asarray(recent, dtype=np.int64)
    b = np.asarray(baseline, dtype=np.int64)
    if recent_total <= 0 or baseline_total <= 0:
        return np.ones(len(r))
    p0 = recent_total / (recent_total + baseline_total)
    n = r + b
    # P(X >= r) = sf(r - 1); with n == 0 this is 1.
    return np.where(n > 0, binom.sf(r - 1, n, p0), 1.0)


def benjamini_hochberg(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), in the input order."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    return q


@dataclass
class Emerging:
    tag_id: int
    slug: str
    path: str
    recent: int
    baseline: int
    expected: float  # recent conversations expected from the baseline share
    p_value: float
    q_value: float
    quotes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def lift(self) -> float | None:
        return None if self.expected <= 0 else round(self.recent / self.expected, 2)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tag_id": self.tag_id,
            "slug": self.slug,
            "path": self.path,
            "recent": self.recent,
            "baseline": self.baseline,
            "expected": round(self.expected, 2),
            "lift": self.lift,
            "p_value": self.p_value,
            "q_value": self.q_value,
            "quotes": self.quotes,
        }


@dataclass
class EmergingReport:
    recent_start: datetime
    baseline_start: datetime
    end: datetime
    recent_total: int
    baseline_total: int
    tested: int
    alpha: float
    topics: list[Emerging]

    def as_dict(self) -> dict[str, Any]:
        return {
            "recent_start": self.recent_start,
            "baseline_start": self.baseline_start,
            "end": self.end,
            "recent_total": self.recent_total,
            "baseline_total": self.baseline_total,
            "tested": self.tested,
            "alpha": self.alpha,
            "topics": [topic.as_dict() for topic in self.topics],
        }


def emerging_topics(
    *,
    end: datetime | None = None,
    recent_days: int = 7,
    baseline_days: int = 56,
    alpha: float = 0.05,
    min_recent: int = 3,
    quotes: int = 3,
) -> EmergingReport:
    """Tags whose share of conversations grew in the recent window, FDR-controlled."""
    end = end or timezone.now()
    recent_start = end - timedelta(days=recent_days)
    baseline_start = recent_start - timedelta(days=baseline_days)
    window = Q(started_at__gte=baseline_start, started_at__lt=end)
    recent_q = Q(started_at__gte=recent_start)
    totals = Conversation.objects.filter(window).aggregate(
        recent=Count("pk", filter=recent_q), baseline=Count("pk", filter=~recent_q)
    )
    per_tag = (
        ConversationTag.objects.filter(window, tag__status=TagStatus.ACTIVE)
        .values("tag_id")
        .annotate(recent=Count("pk", filter=recent_q), baseline=Count("pk", filter=~recent_q))
        .order_by("tag_id")
    )
    rows = list(per_tag)
    recent_total, baseline_total = totals["recent"] or 0, totals["baseline"] or 0
    p = growth_p_values(
        [r["recent"] for r in rows], [r["baseline"] for r in rows], recent_total, baseline_total
    )
    q = benjamini_hochberg(p)
    share = recent_total / (recent_total + baseline_total) if recent_total + baseline_total else 0.0
    flagged = [
        (row, float(p[i]), float(q[i]))
        for i, row in enumerate(rows)
        if q[i] <= alpha and row["recent"] >= min_recent
    ]
    flagged.sort(key=lambda item: (item[2], -item[0]["recent"]))
    tags = {tag.pk: tag for tag in Tag.objects.filter(pk__in=[row["tag_id"] for row, _p, _q in flagged])}
    names = full_path_names() if flagged else {}
    topics = [
        Emerging(
            tag_id=row["tag_id"],
            slug=tags[row["tag_id"]].slug,
            path=names.get(row["tag_id"], tags[row["tag_id"]].name),
            recent=row["recent"],
            baseline=row["baseline"],
            expected=(row["recent"] + row["baseline"]) * share,
            p_value=p_value,
            q_value=q_value,
            quotes=recent_quotes(row["tag_id"], recent_start, end, quotes),
        )
        for row, p_value, q_value in flagged
    ]
    return EmergingReport(
        recent_start, baseline_start, end, recent_total, baseline_total, len(rows), alpha, topics
    )


def recent_quotes(tag_id: int, start: datetime, end: datetime, count: int = 3) -> list[dict[str, Any]]:
    """What customers said: quotes people tagged with the tag in the window first, then
    the first customer message of its newest conversations, from different accounts."""
    found: list[dict[str, Any]] = []
    accounts: set[int | None] = set()
    tagged = (
        TagDecision.objects.filter(
            tag_id=tag_id,
            verdict=Verdict.ACCEPT,
            conversation__started_at__gte=start,
            conversation__started_at__lt=end,
        )
        .exclude(quote_text="")
        .order_by("-conversation__started_at")
        .values_list("conversation_id", "conversation__account_id", "quote_text")[:50]
    )
    for conversation_id, account_id, text in tagged:
        if len(found) < count and (account_id is None or account_id not in accounts):
            found.append({"conversation_id": conversation_id, "text": text})
            accounts.add(account_id)
    if len(found) < count:
        newest = (
            ConversationTag.objects.filter(tag_id=tag_id, started_at__gte=start, started_at__lt=end)
            .order_by("-started_at")
            .values_list("conversation_id", "conversation__account_id")[:50]
        )
        first: dict[int, str] = {}
        for conversation_id, text in (
            Message.objects.filter(
                conversation_id__in=[c for c, _a in newest], author_role=AuthorRole.CUSTOMER
            )
            .order_by("conversation_id", "-position", "-sent_at", "-id")
            .values_list("conversation_id", "text")
        ):
            first[conversation_id] = text  # the last one written here is the first message
        used = {quote["conversation_id"] for quote in found}
        for conversation_id, account_id in newest:
            if len(found) >= count:
                break
            if conversation_id in used or conversation_id not in first:
                continue
            if account_id is not None and account_id in accounts:
                continue
            found.append({"conversation_id": conversation_id, "text": first[conversation_id][:300]})
            accounts.add(account_id)
    return found
