"""Ada uploads a file in the browser and watches the same import run in the background;
editors read the history; nobody else can make voxpop store a byte."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from tests.builders import as_user
from tests.imports.conftest import SAMPLES, run
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Conversation, Message, Source
from voxpop.imports import uploads
from voxpop.imports.models import ImportRun, RunStatus
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
SAMPLE_CSV = (SAMPLES / "conversations.csv").read_bytes()
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def stored_uploads() -> Iterator[Callable[[], list[Path]]]:
    """The files under VOXPOP_DATA_DIR/uploads (cleared before and after each test)."""
    root = uploads.uploads_root()

    def listing() -> list[Path]:
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    import shutil

    shutil.rmtree(root, ignore_errors=True)
    yield listing
    shutil.rmtree(root, ignore_errors=True)


def sample_shape() -> tuple[int, int]:
    """(conversations, messages) in the sample CSV, read with the csv module."""
    rows = list(csv.DictReader(io.StringIO(SAMPLE_CSV.decode("utf-8"))))
    return len({row["conversation_id"] for row in rows}), len(rows)


def csv_file(content: bytes = SAMPLE_CSV, name: str = "conversations.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def upload(client: Client, capture: Any, **fields: Any) -> Any:
    """POST the form and run what the request queued on commit (the immediate backend
    runs the task there), as a real request would after its transaction."""
    data = {"format": "csv", "source": "Spreadsheet", **fields}
    with capture(execute=True):
        return client.post("/imports/new", data)


def test_an_admin_uploads_the_sample_csv_and_the_run_page_shows_its_counts(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    client = as_user(admin)
    response = upload(client, django_capture_on_commit_callbacks, file=csv_file(), create_tags="on")

    run_ = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run_.pk}"
    assert run_.status == RunStatus.SUCCEEDED, run_.message
    assert (run_.user, run_.origin, run_.upload_name) == (admin, "upload", "conversations.csv")
    conversations = Conversation.objects.filter(source__name="Spreadsheet").count()
    messages = Message.objects.filter(conversation__source__name="Spreadsheet").count()
    assert (conversations, messages) == sample_shape()
    assert run_.counts["conversations_created"] == conversations
    assert run_.counts["messages_created"] == messages
    assert run_.bytes_done == run_.bytes_total == len(SAMPLE_CSV)
    assert run_.files.get().name == "conversations.csv"  # the browser's name, not the stored path

    page = client.get(response["Location"]).content.decode()
    assert f'data-count="conversations_created">{conversations}<' in page
    assert f'data-count="messages_created">{messages}<' in page
    assert 'data-status="succeeded"' in page and "hx-trigger" not in page  # finished: no polling
    # Deleted once the run succeeded; the audit log says who uploaded what.
    assert stored_uploads() == [] and run_.upload_path == ""
    event = AuditEvent.objects.get(action="imports.uploaded")
    assert event.actor == admin and event.data["file"] == "conversations.csv" and event.data["create_tags"]


def test_uploading_the_same_file_again_creates_nothing(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    client = as_user(admin)
    upload(client, django_capture_on_commit_callbacks, file=csv_file())
    upload(client, django_capture_on_commit_callbacks, file=csv_file())

    second = ImportRun.objects.order_by("-id").first()
    assert second is not None and second.status == RunStatus.SUCCEEDED
    assert second.counts.get("conversations_created", 0) == 0
    assert second.counts["conversations_unchanged"] == sample_shape()[0]
    assert Conversation.objects.count() == sample_shape()[0]


def test_the_stored_file_has_a_generated_name_under_the_data_directory(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    client = as_user(admin)
    with django_capture_on_commit_callbacks(execute=False):  # queued, not run yet
        client.post("/imports/new", {"format": "csv", "file": csv_file(name="../../etc/évil name.csv")})

    run_ = ImportRun.objects.get()
    stored = Path(settings.DATA_DIR) / run_.upload_path
    assert stored_uploads() == [stored]
    assert stored.parent.parent == uploads.uploads_root() and stored.name == "upload.csv"
    assert len(stored.parent.name) == 32 and stored.read_bytes() == SAMPLE_CSV
    assert oct(stored.stat().st_mode & 0o777) == "0o600"
    assert run_.upload_name == "évil name.csv"
    assert (run_.status, run_.phase) == (RunStatus.QUEUED, "queued")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "file", "Choose a file to import."),
        ({"file": csv_file(b"")}, "file", "The file is empty."),
        ({"format": "nope", "file": csv_file()}, "format", "Select a valid choice."),
        ({"source": "bad\x07name", "file": csv_file()}, "source", "letters, digits and punctuation only"),
        (
            {"file": csv_file(), "mapping": SimpleUploadedFile("map.yaml", b"colums: {text: Body}\n")},
            "mapping",
            "map.yaml: unknown keys [&#x27;colums&#x27;]",
        ),
        (
            {"file": csv_file(), "mapping": SimpleUploadedFile("map.yaml", b"columns: {txt: Body}\n")},
            "mapping",
            "map.yaml: unknown field &#x27;txt&#x27;",
        ),
        (
            {"file": csv_file(), "mapping": SimpleUploadedFile("map.yaml", b"time_zone: Mars/Base\n")},
            "mapping",
            "Mars/Base",
        ),
        (
            {"file": csv_file(), "mapping": SimpleUploadedFile("map.yaml", b"\xff\xfe")},
            "mapping",
            "“map.yaml” is not UTF-8 text (byte 0).",
        ),
    ],
    ids=["no file", "empty file", "unknown format", "control character", "mapping key", "mapping field",
         "mapping time zone", "mapping not utf-8"],
)  # fmt: skip
def test_a_bad_form_names_the_field_starts_nothing_and_stores_nothing(
    admin: User,
    django_capture_on_commit_callbacks: Any,
    stored_uploads: Any,
    fields: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = upload(as_user(admin), django_capture_on_commit_callbacks, **fields)

    assert response.status_code == 200
    page = response.content.decode()
    errors = page[page.index('id="form-errors"') :]
    assert f'<li data-field="{field}">' in errors and message in errors, errors[:600]
    assert ImportRun.objects.count() == 0 and stored_uploads() == []


def test_a_file_over_the_limit_is_refused_while_it_arrives(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(uploads, "max_upload_bytes", lambda: 100)
    response = upload(as_user(admin), django_capture_on_commit_callbacks, file=csv_file())

    page = response.content.decode()
    assert '<li data-field="file">' in page
    assert "The file is larger than the 100\xa0bytes limit; nothing was stored." in page
    assert ImportRun.objects.count() == 0 and stored_uploads() == []


def test_editors_and_viewers_cannot_upload_and_nothing_reaches_the_disk(
    personas: dict[str, User | None], stored_uploads: Any
) -> None:
    for role, expected in (("anonymous", 302), ("viewer", 403), ("editor", 403)):
        client = as_user(personas[role])
        assert client.get("/imports/new").status_code == expected
        response = client.post("/imports/new", {"format": "csv", "file": csv_file()})
        assert response.status_code == expected, role
        if role == "anonymous":
            assert response["Location"].startswith("/sign-in")
    assert ImportRun.objects.count() == 0 and stored_uploads() == []
    assert as_user(personas["admin"]).get("/imports/new").status_code == 200


def test_a_run_page_is_for_editors_and_admins(personas: dict[str, User | None], source: Source) -> None:
    run_ = ImportRun.objects.create(source=source, format="csv", status=RunStatus.SUCCEEDED)
    expected = {"anonymous": 302, "viewer": 403, "editor": 200, "admin": 200}
    for role, status in expected.items():
        assert as_user(personas[role]).get(f"/imports/{run_.pk}").status_code == status, role
    assert as_user(personas["admin"]).get(f"/imports/{run_.pk + 1}").status_code == 404


def test_the_form_offers_every_registered_format(admin: User, monkeypatch: Any) -> None:
    from voxpop.imports import formats

    extra = formats.Format("slackish", "api", "chat", (".json",), formats.FORMATS["jsonl"].make, "a new one")
    monkeypatch.setitem(formats.FORMATS, "slackish", extra)
    page = as_user(admin).get("/imports/new").content.decode()
    for name in formats.FORMATS:
        assert f'<option value="{name}"' in page


def test_an_archive_with_a_traversal_member_shows_the_clear_error(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("../../escaped.csv", SAMPLE_CSV)
        archive.writestr("ok.csv", b"conversation_id,text\nz1,fine\n")
    client = as_user(admin)
    upload(
        client, django_capture_on_commit_callbacks, file=SimpleUploadedFile("export.zip", packed.getvalue())
    )

    run_ = ImportRun.objects.get()
    assert run_.status == RunStatus.PARTIAL
    page = client.get(f"/imports/{run_.pk}").content.decode()
    assert (
        "export.zip:../../escaped.csv" in page
        and "&#x27;..&#x27; in the member name (path traversal)" in page
    )
    assert str(settings.DATA_DIR) not in page  # the stored path is never shown
    assert Conversation.objects.filter(external_id="z1").exists() and Conversation.objects.count() == 1
    assert stored_uploads() == []


def test_broken_utf8_lines_are_listed_with_file_line_and_reason(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    client = as_user(admin)
    content = b"conversation_id,text\nc1,caf\xc3\xa9\nc2,caf\xe9 latin-1\n"
    upload(client, django_capture_on_commit_callbacks, file=csv_file(content, name="broken.csv"))

    run_ = ImportRun.objects.get()
    page = client.get(f"/imports/{run_.pk}").content.decode()
    assert run_.status == RunStatus.PARTIAL
    assert "<code>broken.csv: line 3</code></td><td>not valid utf-8 (byte 7 of the line)</td>" in page
    assert 'data-count="rejected">1<' in page


def test_a_hostile_file_name_is_escaped_everywhere(
    admin: User, editor: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    name = "<img src=x onerror=alert(1)>.csv"
    upload(
        as_user(admin), django_capture_on_commit_callbacks, file=csv_file(b"conversation_id,text\n,x\n", name)
    )

    run_ = ImportRun.objects.get()
    for url in ("/imports", f"/imports/{run_.pk}"):
        page = as_user(editor).get(url).content.decode()
        assert "<img src=x" not in page, url
        assert "&lt;img src=x onerror=alert(1)&gt;.csv" in page, url


def test_the_history_lists_uploads_and_command_line_runs_newest_first_for_editors_not_viewers(
    admin: User, editor: User, viewer: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    cli_path = SAMPLES / "conversations.jsonl"
    run("jsonl", cli_path, source="Old tool", origin="cli (os user ada)")
    upload(as_user(admin), django_capture_on_commit_callbacks, file=csv_file())

    assert as_user(viewer).get("/imports").status_code == 403
    page = as_user(editor).get("/imports").content.decode()
    newest, oldest = ImportRun.objects.order_by("-id")
    assert page.index(f'data-run="{newest.pk}"') < page.index(f'data-run="{oldest.pk}"')
    assert "conversations.csv" in page and f'title="{cli_path}"' in page and "Old tool" in page
    assert "cli (os user ada)" in page and ">ada<" in page
    assert f'href="/imports/{newest.pk}"' in page
    assert 'href="/imports/new"' not in page  # editors read; only admins upload


def test_the_history_is_paginated(admin: User, source: Source) -> None:
    for _ in range(52):
        ImportRun.objects.create(source=source, format="csv", status=RunStatus.SUCCEEDED)
    first = as_user(admin).get("/imports").content.decode()
    second = as_user(admin).get("/imports?page=2").content.decode()
    assert first.count("data-run=") == 50 and second.count("data-run=") == 2
    assert "Page 1 of 2" in first and 'href="?page=2"' in first


def test_a_running_import_polls_every_second_until_it_is_done(
    admin: User, source: Source, stored_uploads: Any
) -> None:
    running = ImportRun.objects.create(
        source=source, format="csv", status=RunStatus.RUNNING, phase="importing", bytes_done=250,
        bytes_total=1000, records_done=40, progress_at=timezone.now(),
    )  # fmt: skip
    client = as_user(admin)
    page = client.get(f"/imports/{running.pk}").content.decode()
    assert 'hx-trigger="every 1s"' in page and f'hx-get="/imports/{running.pk}"' in page
    assert 'value="25"' in page and "40 records committed" in page

    fragment = client.get(f"/imports/{running.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<section id="run-body"') and "<html" not in fragment

    ImportRun.objects.filter(pk=running.pk).update(status=RunStatus.SUCCEEDED, finished_at=timezone.now())
    done = client.get(f"/imports/{running.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and 'value="100"' in done


def test_rejected_rows_are_paginated(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    rows = b"".join(b",no id\n" for _ in range(60))
    client = as_user(admin)
    upload(client, django_capture_on_commit_callbacks, file=csv_file(b"conversation_id,text\n" + rows))

    run_ = ImportRun.objects.get()
    first = client.get(f"/imports/{run_.pk}").content.decode()
    second = client.get(f"/imports/{run_.pk}?page=2").content.decode()
    assert "60 rejected rows" in first
    assert (
        first.count("<code>conversations.csv: line ") == 50
        and second.count("<code>conversations.csv: line") == 10
    )
    assert "<code>conversations.csv: line 61</code>" in second


def test_a_failing_task_marks_the_run_failed_with_the_message_and_keeps_the_file(
    admin: User, source: Source, stored_uploads: Any
) -> None:
    folder = uploads.uploads_root() / ("f" * 32)
    folder.mkdir(parents=True)
    (folder / "upload.csv").write_bytes(SAMPLE_CSV)
    queued = ImportRun.objects.create(
        source=source, format="no-such-format", status=RunStatus.QUEUED, upload_name="x.csv",
        upload_path=f"uploads/{folder.name}/upload.csv",
    )  # fmt: skip

    assert uploads.execute_upload(queued.pk) == RunStatus.FAILED

    queued.refresh_from_db()
    assert queued.status == RunStatus.FAILED and "unknown format 'no-such-format'" in queued.message
    assert queued.finished_at is not None and queued.upload_kept_until is not None
    assert stored_uploads() == [folder / "upload.csv"]
    page = as_user(admin).get(f"/imports/{queued.pk}").content.decode()
    assert "unknown format &#x27;no-such-format&#x27;" in page and 'data-status="failed"' in page
    # Running it again does nothing: only a queued run is taken.
    assert uploads.execute_upload(queued.pk) == "not queued"


def test_a_file_gone_before_the_task_ran_fails_the_run_and_names_it(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    client = as_user(admin)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post("/imports/new", {"format": "csv", "file": csv_file(name="gone.csv")})
    for path in stored_uploads():
        path.unlink()
    for callback in queued:
        callback()

    run_ = ImportRun.objects.get()
    assert run_.status == RunStatus.FAILED and run_.message.startswith("gone.csv: cannot read")


def test_kept_uploads_are_pruned_after_their_date(source: Source, stored_uploads: Any) -> None:
    folder = uploads.uploads_root() / ("a" * 32)
    folder.mkdir(parents=True)
    (folder / "upload.csv").write_bytes(b"x")
    old = ImportRun.objects.create(
        source=source, format="csv", status=RunStatus.FAILED, upload_path=f"uploads/{folder.name}/upload.csv",
        upload_kept_until=timezone.now() - timedelta(minutes=1),
    )  # fmt: skip

    assert uploads.prune_uploads() == 1
    old.refresh_from_db()
    assert old.upload_path == "" and stored_uploads() == []


def test_with_the_database_backend_an_upload_is_queued_until_a_worker_runs_it(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_TASKS):
        upload(as_user(admin), django_capture_on_commit_callbacks, file=csv_file())
        run_ = ImportRun.objects.get()
        task = DBTaskResult.objects.get()
        assert task.task_path == "voxpop.imports.tasks.run_upload" and task.args_kwargs["args"] == [run_.pk]
        assert run_.status == RunStatus.QUEUED and Conversation.objects.count() == 0
        page = as_user(admin).get(f"/imports/{run_.pk}").content.decode()
        assert 'hx-trigger="every 1s"' in page and "waiting for a worker to start it" in page

        # What the worker does with the task it claims (the loop itself is tested below).
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="test")  # fmt: skip
        worker.run_task(task)

    run_.refresh_from_db()
    task.refresh_from_db()
    assert run_.status == RunStatus.SUCCEEDED and Conversation.objects.count() == sample_shape()[0]
    assert task.status == "SUCCESSFUL" and task.return_value == "succeeded"


@pytest.mark.parametrize(
    ("language", "title", "button"),
    [("zh-hans", "导入", "上传并导入"), ("ko", "가져오기", "올리고 가져오기")],
)
def test_the_import_pages_speak_chinese_and_korean(
    admin: User, language: str, title: str, button: str
) -> None:
    client = as_user(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert f"<h1>{title}</h1>" in client.get("/imports").content.decode()
    assert button in client.get("/imports/new").content.decode()


def test_a_run_silent_for_minutes_says_the_worker_may_be_missing(admin: User, source: Source) -> None:
    long_ago = timezone.now() - timedelta(minutes=6)
    queued = ImportRun.objects.create(source=source, format="csv", status=RunStatus.QUEUED, phase="queued")
    ImportRun.objects.filter(pk=queued.pk).update(started_at=long_ago)
    fresh = ImportRun.objects.create(source=source, format="csv", status=RunStatus.QUEUED, phase="queued")
    client = as_user(admin)
    assert "is voxpop worker running?" in client.get(f"/imports/{queued.pk}").content.decode()
    assert "is voxpop worker running?" not in client.get(f"/imports/{fresh.pk}").content.decode()


def test_an_upload_without_the_csrf_token_is_refused_and_nothing_is_kept(
    admin: User, stored_uploads: Any
) -> None:
    client = as_user(admin, enforce_csrf_checks=True)
    response = client.post("/imports/new", {"format": "csv", "file": csv_file()})
    assert response.status_code == 403
    assert ImportRun.objects.count() == 0 and stored_uploads() == []


def test_only_the_accepted_file_is_kept_when_a_request_sends_two(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        as_user(admin).post(
            "/imports/new", {"format": "csv", "file": [csv_file(name="a.csv"), csv_file(name="b.csv")]}
        )
    run_ = ImportRun.objects.get()
    assert run_.upload_name == "b.csv"
    assert stored_uploads() == [Path(settings.DATA_DIR) / run_.upload_path]


def test_the_run_records_its_progress_while_it_runs(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any, monkeypatch: Any
) -> None:
    # About 1 MB, so the reader (256 KiB at a time) is part-way through when it reports.
    rows = b"".join(b"c%d,message %d %s\n" % (n, n, b"x" * 800) for n in range(1200))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        as_user(admin).post(
            "/imports/new", {"format": "csv", "file": csv_file(b"conversation_id,text\n" + rows)}
        )
    run_ = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run_.pk).update(options={**run_.options, "batch_size": 300})
    seen: list[tuple[str, str, int, int, int]] = []
    for name in ("progress", "committed"):
        original = getattr(uploads._Recorder, name)

        def spy(self: Any, *args: Any, _original: Any = original) -> None:
            _original(self, *args)
            row = ImportRun.objects.get(pk=self.run_id)
            seen.append(
                (
                    row.status,
                    row.phase,
                    row.records_done,
                    row.bytes_done,
                    row.counts.get("conversations_created", 0),
                )
            )

        monkeypatch.setattr(uploads._Recorder, name, spy)
    monkeypatch.setattr(uploads, "PROGRESS_EVERY", 0)

    for callback in queued:
        callback()

    assert {(status, phase) for status, phase, *_ in seen} == {(RunStatus.RUNNING, "importing")}
    committed = [records for _s, _p, records, _b, _c in seen if records]
    assert committed == sorted(committed) and committed[0] == 300 and committed[-1] == 1200
    assert [created for *_, created in seen if created][:1] == [300]
    assert 0 < min(done for *_, done, _c in seen if done) < len(rows)
    run_.refresh_from_db()
    assert run_.status == RunStatus.SUCCEEDED and run_.records_done == 1200 and run_.phase == ""


@pytest.mark.parametrize(
    ("fmt", "sample"),
    [("csv", "conversations.csv"), ("jsonl", "conversations.jsonl"), ("email", "mailbox.mbox"),
     ("transcript", "call.vtt"), ("transcript", "call.srt"), ("transcript", "call.txt")],
)  # fmt: skip
def test_an_upload_stores_exactly_what_the_command_line_stores(
    admin: User, django_capture_on_commit_callbacks: Any, stored_uploads: Any, fmt: str, sample: str
) -> None:
    content = (SAMPLES / sample).read_bytes()
    run(fmt, SAMPLES / sample, source="From the shell")
    upload(as_user(admin), django_capture_on_commit_callbacks, format=fmt, source="From the browser",
           file=SimpleUploadedFile(sample, content))  # fmt: skip

    def rows(source: str) -> set[tuple[str, str, str, str]]:
        return set(
            Message.objects.filter(conversation__source__name=source).values_list(
                "conversation__external_id", "external_id", "author_role", "text"
            )
        )

    assert rows("From the browser") == rows("From the shell") != set()
    assert ImportRun.objects.get(origin="upload").status == RunStatus.SUCCEEDED
