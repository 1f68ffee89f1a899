"""Demand explorer benchmark: a tag subtree over time, sliced by a context attribute,
at 1M conversations and 3M decisions.

Reuses the inbox benchmark's workspace generator (bench/inbox.py: 1,000,000
conversations, 3,000,000 person decisions, a 550-tag three-level taxonomy, every
conversation with a context: the page the chat started on, the plan at the time) and
times the explorer's query functions, the same ones the /explore page and
/api/explore use. The baseline, in the same run, is the naive ORM way: read every
(conversation, week, attribute) row of the subtree and group it in Python.

    python bench/explore.py --db sqlite --conversations 1000000
    python bench/explore.py --db postgres --conversations 1000000

Prints one JSON object. Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from inbox import measure_on_workspace, timed, workspace_options


def naive(tag_path: str, start: date, end: date) -> dict[tuple[date, str], int]:
    """Baseline: every matching row through the ORM, distinct and grouped in Python."""
    from voxpop.tagging.models import ConversationTag
    from voxpop.taxonomy.queries import week_start

    rows = ConversationTag.objects.filter(
        tag__path__startswith=tag_path, started_at__date__gte=start, started_at__date__lt=end
    ).values_list("conversation_id", "started_at", "conversation__context")
    seen: dict[int, tuple[date, str]] = {}
    for conversation_id, started_at, context in rows:
        seen[conversation_id] = (week_start(started_at), str((context or {}).get("page", "")))
    return dict(Counter(seen.values()))


def measure(repeat: int) -> dict[str, Any]:
    from voxpop.conversations.models import Conversation
    from voxpop.explorer import emerging, queries
    from voxpop.taxonomy.models import Tag

    end = date(2026, 11, 2)
    start = end - timedelta(weeks=26)
    topic = Tag.objects.get(slug="area-3-topic-4")  # 5 leaves
    area = Tag.objects.get(slug="area-3")  # 50 leaves: a tenth of the taxonomy
    topic_ask = queries.Ask(queries.tag_subtrees([topic]), "week", start, end, by="context.page")
    area_ask = queries.Ask(queries.tag_subtrees([area]), "week", start, end, by="context.page")
    area_month = queries.Ask(area_ask.tag_ids, "month", date(2025, 11, 1), end, by="plan")
    results: dict[str, Any] = {"conversations": Conversation.objects.count()}
    rows = queries.series(topic_ask)
    results["topic_conversations_26_weeks"] = sum(r.conversations for r in rows)
    # Same answer as the baseline, or the comparison means nothing.
    assert {(r.period, r.slice): r.conversations for r in rows} == naive(topic.path, start, end)
    ours = timed(lambda: queries.series(topic_ask), repeat)
    results["topic_weekly_by_context_page"] = ours
    baseline = timed(lambda: naive(topic.path, start, end), max(3, repeat // 3))
    results["topic_weekly_by_context_page_naive_orm_baseline"] = baseline
    results["topic_speedup_vs_naive"] = round(baseline["p50_ms"] / max(ours["p50_ms"], 0.01), 1)
    results["topic_period_over_period_by_page"] = timed(
        lambda: queries.period_over_period(topic_ask, end - timedelta(days=1)), repeat
    )
    results["area_conversations_26_weeks"] = sum(r.conversations for r in queries.series(area_ask))
    results["area_weekly_by_context_page"] = timed(lambda: queries.series(area_ask), max(3, repeat // 3))
    results["area_monthly_by_plan_12_months"] = timed(lambda: queries.series(area_month), max(3, repeat // 3))
    results["emerging_topics_550_tags"] = timed(
        lambda: emerging.emerging_topics(end=queries._moment(end)), max(3, repeat // 3)
    )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    workspace_options(parser, repeat=20)
    measure_on_workspace("explore", parser.parse_args(), measure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
