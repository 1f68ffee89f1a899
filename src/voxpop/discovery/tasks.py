"""Background work for topic discovery (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from voxpop.discovery.models import DiscoveryRun, RunStatus


@task()
def discover(run_id: int) -> str:
    """Run a queued discovery run; returns its final status."""
    from voxpop.discovery.services import execute_run

    run = DiscoveryRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).first()
    if run is None:  # deleted, or already taken by another worker
        return "skipped"
    return execute_run(run).status
