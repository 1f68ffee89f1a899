"""Background work of the tagging engine (django-tasks; in-process by default).

- :func:`retrain`: train a new version once enough new human decisions arrived, then
  predict the untagged conversations with it;
- :func:`predict_new`: after an import, predict the new conversations (retraining first
  when it is due);
- :func:`relabel_after_change`: after a merge, split or move, train on the new taxonomy
  and re-label only the conversations whose machine labels involve the changed tags.

They are enqueued by :mod:`voxpop.engine.hooks` once the writing transaction commits.
Each returns a small JSON-able summary (the task result).

At most one training runs at a time in a workspace, whichever process or backend runs
it (:func:`training_lock`); a retrain for new decisions checks that it is still due once
it holds the lock, so retrain requests queued behind a training coalesce into it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import connection
from django_tasks import task

from voxpop.engine.queries import retrain_due

if TYPE_CHECKING:
    from voxpop.engine.services import PredictResult

logger = logging.getLogger(__name__)


# pg_advisory_lock key: "voxpop train" folded into a signed 64-bit number.
_PG_LOCK_KEY = 0x766F78706F707472
_thread_lock = threading.Lock()


@contextmanager
def training_lock() -> Iterator[None]:
    """Hold the workspace's training lock: a PostgreSQL advisory lock (every process on
    every machine using the database), or with SQLite a lock file in the data directory
    (every process on the machine). Waits for a training in progress to end."""
    with _thread_lock:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [_PG_LOCK_KEY])
            try:
                yield
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_PG_LOCK_KEY])
            return
        import fcntl

        from voxpop.engine.registry import models_dir

        directory = models_dir()
        directory.mkdir(parents=True, exist_ok=True)
        with (directory / ".training.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _services() -> Any:
    """The engine's services, loaded when a task runs: they bring in the learning stack
    (scikit-learn, seconds of CPU), which enqueueing a task (after an import) does not need."""
    from voxpop.engine import services

    return services


def _train(trigger: str) -> Any:
    """A new version with the active one's settings; None when there is too little to learn."""
    services = _services()
    active = services.active_version()
    options: dict[str, Any] = {"trigger": trigger}
    if active is not None:
        options.update(
            target_precision=active.target_precision,
            encoder=active.encoder,
            folds=int(active.metrics.get("folds", 5)),
        )
    try:
        return services.train_model(**options)
    except services.EngineError as exc:
        logger.info("not training (%s): %s", trigger, exc)
        return None


def _summary(result: PredictResult | None) -> dict[str, Any]:
    return dict(result.__dict__) if result is not None else {}


@task()
def retrain(trigger: str = "decisions") -> dict[str, Any]:
    with training_lock():
        # Checked under the lock: a training that just ended may have used these decisions.
        if trigger == "decisions" and not retrain_due():
            return {"trained": None}
        version = _train(trigger)
    if version is None:
        return {"trained": None}
    return {"trained": version.version, **_summary(_services().predict_untagged(version))}


@task()
def predict_new() -> dict[str, Any]:
    """Predict every untagged conversation the active version has not seen (after an
    import, or conversations arriving one by one through the API and webhooks)."""
    if retrain_due():
        return retrain.call("decisions")
    services = _services()
    active = services.active_version()
    if active is None:
        return {"trained": None}
    return _summary(services.predict_arrivals(active))


@task()
def relabel_after_change(tag_ids: list[int]) -> dict[str, Any]:
    # Read who is affected before training: the new version has predicted nothing yet.
    services = _services()
    affected = services.affected_by(tag_ids)
    services.retire_suggestions_on_inactive_tags(tag_ids)
    if not affected or services.active_version() is None:
        return {"affected": len(affected), "trained": None}
    with training_lock():
        version = _train("taxonomy")
    if version is None:
        return {"affected": len(affected), "trained": None}
    result = services.predict_conversations(affected, version, reason="relabel")
    return {"affected": len(affected), "trained": version.version, **_summary(result)}
