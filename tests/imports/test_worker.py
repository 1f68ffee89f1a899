"""`voxpop worker` runs what an upload queued with VOXPOP_TASK_BACKEND=database.

These tests commit for real (the worker's loop takes its own transactions), so they
use a transactional test case."""

from __future__ import annotations

import dataclasses

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tests.builders import as_user
from tests.cli.test_commands import run as cli
from tests.imports.conftest import SAMPLES
from voxpop.conversations.models import Conversation
from voxpop.imports.models import ImportRun, RunStatus
from voxpop.users.models import User

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_worker_refuses_to_start_unless_tasks_are_queued_in_the_database(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = cli(capsys, "worker", "--batch")
    assert code == 2
    assert "VOXPOP_TASK_BACKEND is 'immediate'" in err and "VOXPOP_TASK_BACKEND=database" in err


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_import_waits_in_the_queue_until_voxpop_worker_runs_it(
    admin: User, capsys: pytest.CaptureFixture[str]
) -> None:
    from django_tasks_db.models import DBTaskResult

    config = dataclasses.replace(settings.CONFIG, task_backend="database")
    with override_settings(TASKS=DATABASE_TASKS, CONFIG=config):
        sample = (SAMPLES / "conversations.jsonl").read_bytes()
        response = as_user(admin).post(
            "/imports/new", {"format": "jsonl", "file": SimpleUploadedFile("export.jsonl", sample)}
        )
        assert response.status_code == 302
        run = ImportRun.objects.get()
        assert run.status == RunStatus.QUEUED and DBTaskResult.objects.get().status == "READY"
        assert Conversation.objects.count() == 0

        code, _, _ = cli(capsys, "worker", "--batch", "--quiet")

    assert code == 0
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert run.counts["conversations_created"] == Conversation.objects.count() > 0
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert run.upload_path == ""
