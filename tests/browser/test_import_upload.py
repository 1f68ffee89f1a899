"""Ada uploads a CSV export in the browser, watches its run go from queued to done
without reloading the page, and finds its counts in the import history."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings

from tests.imports.conftest import SAMPLES
from voxpop.cli import main
from voxpop.conversations.models import Conversation
from voxpop.imports.models import ImportRun, RunStatus
from voxpop.users.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
HOSTILE = "<img src=x onerror=alert(1)>export.csv"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_upload_a_csv_watch_it_finish_and_find_it_in_the_history(signed_in: Any, admin: User) -> None:
    sample = (SAMPLES / "conversations.csv").read_bytes()
    conversations = len({row["conversation_id"] for row in csv.DictReader(io.StringIO(sample.decode()))})
    # A queue and a worker, as a team runs it, so the page has something to watch.
    config = dataclasses.replace(settings.CONFIG, task_backend="database")
    with override_settings(TASKS=DATABASE_TASKS, CONFIG=config):
        page = signed_in(admin)
        page.goto("/")
        page.click("nav.main-nav >> text=Imports")
        page.click("text=Upload a file to import")
        page.select_option("#id_format", "csv")
        page.fill("#id_source", "Spreadsheet 2024")
        page.set_input_files("#id_file", files=[{"name": HOSTILE, "mimeType": "text/csv", "buffer": sample}])
        page.check("#id_create_tags")
        page.click("button:has-text('Upload and import')")

        page.wait_for_url("**/imports/*")
        page.wait_for_selector('#run-body[data-status="queued"]')
        assert page.inner_text(".file-name").startswith(HOSTILE)
        assert page.get_attribute("#run-body", "hx-trigger") == "every 1s"
        assert Conversation.objects.count() == 0

        try:
            main(["worker", "--batch", "--quiet"])
        except SystemExit as exit_:
            assert not exit_.code

        # The page polls and shows the end by itself, then stops polling.
        page.wait_for_selector('#run-body[data-status="succeeded"]', timeout=15_000)
        assert page.get_attribute("#run-body", "hx-trigger") is None
        assert page.inner_text('[data-count="conversations_created"]') == str(conversations)
        assert page.get_attribute("progress", "value") == "100"

    run = ImportRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED and Conversation.objects.count() == conversations
    page.click("text=Import history")
    row = page.locator(f'tr[data-run="{run.pk}"]')
    assert row.locator('[data-count="conversations"]').inner_text().startswith(f"{conversations} new")
    assert HOSTILE in row.locator(".file-name").inner_text()
    assert "Spreadsheet 2024" in row.inner_text() and "Succeeded" in row.inner_text()
    assert page.errors == []  # type: ignore[attr-defined]
