"""The upload page takes the Intercom, Zendesk, Slack and CRM formats too, and stores
exactly what the command line stores from the same file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.builders import as_user
from tests.imports.conftest import SAMPLES, run
from tests.imports.test_uploads import stored_uploads, upload  # noqa: F401 - a fixture, used by name
from voxpop.conversations.models import Message
from voxpop.imports.models import ImportRun, RunStatus
from voxpop.users.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stored_uploads")]


def slack_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((SAMPLES / "slack-export").rglob("*.json")):
            archive.write(path, path.relative_to(SAMPLES / "slack-export").as_posix())
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "sample"),
    [("intercom", "intercom-conversations.json"), ("zendesk", "zendesk-tickets.json"),
     ("zendesk", "zendesk-ticket-comments.jsonl"), ("slack", "slack-export.zip"),
     ("salesforce", "salesforce-opportunities.csv"), ("hubspot", "hubspot-deals.csv")],
)  # fmt: skip
def test_an_upload_of_an_export_stores_exactly_what_the_command_line_stores(
    admin: User, django_capture_on_commit_callbacks: Any, tmp_path: Path, fmt: str, sample: str
) -> None:
    if sample == "slack-export.zip":
        path = tmp_path / sample
        path.write_bytes(slack_zip())
    else:
        path = SAMPLES / sample
    run(fmt, path, source="From the shell")
    upload(as_user(admin), django_capture_on_commit_callbacks, format=fmt, source="From the browser",
           file=SimpleUploadedFile(sample, path.read_bytes()))  # fmt: skip

    def rows(source: str) -> set[tuple[str, str, str, str]]:
        return set(
            Message.objects.filter(conversation__source__name=source).values_list(
                "conversation__external_id", "external_id", "author_role", "text"
            )
        )

    assert rows("From the browser") == rows("From the shell") != set()
    assert ImportRun.objects.get(origin="upload").status == RunStatus.SUCCEEDED
