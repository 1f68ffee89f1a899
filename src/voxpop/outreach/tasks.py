"""Background work: sending an announcement (django-tasks; in-process by default)."""

from __future__ import annotations

from django_tasks import task

from voxpop.outreach import sending


@task()
def send_announcement(announcement_id: int) -> dict[str, int]:
    return sending.run_announcement(announcement_id)
