"""Arrivals benchmark: what the background prediction reads before it predicts, at 1M
conversations.

After an import or a conversation arriving through the API or a webhook, the engine
asks the active model version about the new conversations. It used to find them by
scanning every conversation for the untagged ones the version had not predicted
(``services.pending_conversations(version)``: the baseline here); a version that has
looked at every conversation once now reads the queue of arrivals instead
(``pending_conversations(version, among=<queued ids>)``). This times both on the
inbox benchmark's workspace (bench/inbox.py: 1,000,000 conversations, a third of them
untagged), with 10 and then 1,000 of the newest conversations queued, and the cost of
queueing 1,000 (one import batch's worth). Predicting itself is not timed (see
bench/tagging.py).

    python bench/arrivals.py --db sqlite --conversations 1000000 [--keep DIR]
    python bench/arrivals.py --db postgres --conversations 1000000

Prints one JSON object. Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from inbox import measure_on_workspace, timed, workspace_options


def measure(repeat: int) -> dict[str, Any]:
    from django.db import transaction

    from voxpop.conversations.models import Conversation
    from voxpop.engine.models import PredictionDue, TaggingModelVersion
    from voxpop.engine.services import pending_conversations

    # A version row to ask about (no model file is read: nothing is predicted).
    version, _ = TaggingModelVersion.objects.get_or_create(
        version="bench-arrivals",
        defaults={
            "training_data_hash": "-",
            "n_examples": 0,
            "n_tags": 0,
            "target_precision": 0.95,
            "file_name": "-",
            "is_active": False,
        },
    )
    newest = list(Conversation.objects.order_by("-pk").values_list("pk", flat=True)[:1000])
    figures: dict[str, Any] = {"untagged_pending": len(pending_conversations(version))}
    figures["scan_every_conversation"] = timed(lambda: pending_conversations(version), repeat)

    def queued() -> list[int]:
        return pending_conversations(version, among=list(PredictionDue.objects.values_list("pk", flat=True)))

    for size in (10, 1000):
        PredictionDue.objects.all().delete()
        PredictionDue.objects.bulk_create([PredictionDue(conversation_id=pk) for pk in newest[:size]])
        figures[f"queue_of_{size}"] = {"pending": len(queued()), **timed(queued, repeat)}
        base, fast = figures["scan_every_conversation"]["p50_ms"], figures[f"queue_of_{size}"]["p50_ms"]
        figures[f"queue_of_{size}"]["over_scan_p50"] = round(fast / base, 4) if base else None

    def enqueue() -> None:
        with transaction.atomic():
            PredictionDue.objects.bulk_create(
                [PredictionDue(conversation_id=pk) for pk in newest], batch_size=500
            )
            transaction.set_rollback(True)  # measured, then left as it was

    PredictionDue.objects.all().delete()
    figures["queueing_1000"] = timed(enqueue, repeat)
    version.delete()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    workspace_options(parser, repeat=10)
    measure_on_workspace("arrivals", parser.parse_args(), measure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
