"""Small calls other capabilities make when something the engine cares about happens.

Each is cheap (at most a counting query) and enqueues the real work with
``transaction.on_commit``, so a rolled-back request leaves no job behind.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction


def person_decisions_recorded(added: int) -> None:
    """People recorded ``added`` decisions: retrain each time another
    ``VOXPOP_RETRAIN_AFTER`` of them have arrived since the active version's data."""
    threshold = int(settings.VOXPOP_RETRAIN_AFTER)
    if threshold <= 0 or added <= 0:
        return
    from voxpop.engine import services, tasks

    total = services.new_decisions_since(services.active_version())
    if total // threshold > max(0, total - added) // threshold:
        transaction.on_commit(lambda: tasks.retrain.enqueue("decisions"))


def conversations_arrived() -> None:
    """An import, an API call or a webhook wrote conversations: predict them (after
    retraining, when due). Without a model, and with too few decisions to train one,
    there is nothing to do. The task predicts every conversation the active version has
    not seen, so arrivals queued behind one waiting task are predicted in one batch."""
    # The queries, not the services: an import with nothing to predict must not pay for
    # loading the learning stack (scikit-learn, seconds of CPU).
    from voxpop.engine import queries

    if queries.active_version() is None and not queries.retrain_due():
        return
    transaction.on_commit(_enqueue_predict_new)


def _enqueue_predict_new() -> None:
    from voxpop.engine import tasks

    tasks.predict_new.enqueue()


def taxonomy_changed(tag_ids: Iterable[int]) -> None:
    """Tags were merged, split or moved: re-label the conversations their machine labels touch."""
    from voxpop.engine import tasks

    ids = sorted(set(tag_ids))
    if ids:
        transaction.on_commit(lambda: tasks.relabel_after_change.enqueue(ids))
