"""Background work of the imports capability (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from voxpop.imports.uploads import execute_upload


@task()
def run_upload(run_id: int) -> str:
    """Run an uploaded import that :func:`voxpop.imports.uploads.start_upload` queued."""
    return execute_upload(run_id)
