"""Background work of the roadmap (django-tasks; enqueued by
:func:`voxpop.roadmap.snapshots.inputs_changed` once the writing transaction commits)."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def refresh_evidence(feature_ids: list[int] | None = None) -> dict[str, Any]:
    """Recompute the evidence snapshots of ``feature_ids`` (None: every feature) whose
    inputs changed, so the next view of their pages is warm."""
    from voxpop.roadmap import snapshots

    checked, recomputed = snapshots.refresh_all(feature_ids)
    return {"checked": checked, "recomputed": recomputed}
