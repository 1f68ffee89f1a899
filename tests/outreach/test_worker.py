"""With VOXPOP_TASK_BACKEND=database, Send queues the emails and `voxpop worker` sends
them, with links to the address the admin sent from. Commits for real (the worker
takes its own transactions)."""

from __future__ import annotations

import dataclasses

import pytest
from django.conf import settings
from django.test import override_settings

from tests.builders import as_user
from tests.cli.test_commands import run as cli
from tests.mailserver import MailServer
from tests.outreach.story import asked_by_everyone
from voxpop.conversations.models import Source
from voxpop.outreach.models import Announcement, AnnouncementStatus
from voxpop.users.models import User

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_send_waits_in_the_queue_until_voxpop_worker_sends_it(
    admin: User, source: Source, smtp_server: MailServer, capsys: pytest.CaptureFixture[str]
) -> None:
    story = asked_by_everyone(source)
    config = dataclasses.replace(settings.CONFIG, task_backend="database")
    with override_settings(TASKS=DATABASE_TASKS, CONFIG=config, ALLOWED_HOSTS=["voxpop.acme.test"]):
        response = as_user(admin, HTTP_HOST="voxpop.acme.test").post(
            f"/features/{story.feature.pk}/announce/send", secure=True
        )
        assert response.status_code == 302
        assert Announcement.objects.get().status == AnnouncementStatus.QUEUED
        assert smtp_server.messages == []

        code, _, _ = cli(capsys, "worker", "--batch", "--quiet")

    assert code == 0
    assert Announcement.objects.get().status == AnnouncementStatus.DONE
    (email,) = smtp_server.to("li@example.cn")
    assert "https://voxpop.acme.test/unsubscribe/" in email.get_content()
    assert len(smtp_server.messages) == 5
