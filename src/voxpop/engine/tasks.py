"""Background work of the tagging engine (django-tasks; in-process by default).

- :func:`retrain`: train a new version once enough new human decisions arrived, then
  predict the untagged conversations with it;
- :func:`predict_new`: after an import, predict the new conversations (retraining first
  when it is due);
- :func:`relabel_after_change`: after a merge, split or move, train on the new taxonomy
  and re-label only the conversations whose machine labels involve the changed tags.

They are enqueued by :mod:`voxpop.engine.hooks` once the writing transaction commits.
Each returns a small JSON-able summary (the task result).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django_tasks import task

from voxpop.engine import services

logger = logging.getLogger(__name__)


def retrain_due() -> bool:
    threshold = int(settings.VOXPOP_RETRAIN_AFTER)
    return threshold > 0 and services.new_decisions_since(services.active_version()) >= threshold


def _train(trigger: str) -> Any:
    """A new version with the active one's settings; None when there is too little to learn."""
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


def _summary(result: services.PredictResult | None) -> dict[str, Any]:
    return dict(result.__dict__) if result is not None else {}


@task()
def retrain(trigger: str = "decisions") -> dict[str, Any]:
    if trigger == "decisions" and not retrain_due():
        return {"trained": None}
    version = _train(trigger)
    if version is None:
        return {"trained": None}
    return {"trained": version.version, **_summary(services.predict_untagged(version))}


@task()
def predict_new() -> dict[str, Any]:
    if retrain_due():
        return retrain.call("decisions")
    active = services.active_version()
    if active is None:
        return {"trained": None}
    return _summary(services.predict_untagged(active))


@task()
def relabel_after_change(tag_ids: list[int]) -> dict[str, Any]:
    # Read who is affected before training: the new version has predicted nothing yet.
    affected = services.affected_by(tag_ids)
    services.retire_suggestions_on_inactive_tags(tag_ids)
    if not affected or services.active_version() is None:
        return {"affected": len(affected), "trained": None}
    version = _train("taxonomy")
    if version is None:
        return {"affected": len(affected), "trained": None}
    result = services.predict_conversations(affected, version, reason="relabel")
    return {"affected": len(affected), "trained": version.version, **_summary(result)}
