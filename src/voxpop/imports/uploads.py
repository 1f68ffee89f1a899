"""Imports uploaded in the browser: stored safely, queued as a task, run through the
same pipeline as ``voxpop import``, with progress written to the run as it goes.

- The uploaded bytes are streamed straight to ``VOXPOP_DATA_DIR/uploads/<random>/``
  under a generated name (``upload`` plus a suffix from our own list, so archives and
  ``.gz`` are still recognised); the browser's file name is kept only as a display
  string on the run, and names the file in keys and messages as the CLI's path would.
- :func:`start_upload` records the run as queued, audits it, and enqueues
  :func:`voxpop.imports.tasks.run_upload` when the request's transaction commits.
- :func:`execute_upload` (the task's body) runs the import, records progress, marks
  the run failed with the message when the task fails, and deletes the file when the
  run ends, except after a failure: then it is kept for ``KEEP_FAILED_DAYS`` days.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from voxpop.audit import services as audit
from voxpop.imports.formats import FORMATS
from voxpop.imports.limits import MIB, Limits
from voxpop.imports.mapping import Mapping, parse_options
from voxpop.imports.models import ImportRun, RunStatus
from voxpop.imports.pipeline import ImportRequest, open_run, run_import
from voxpop.imports.readers import ARCHIVE_SUFFIXES
from voxpop.imports.records import InputError

log = logging.getLogger(__name__)

UPLOADS_DIR = "uploads"
STORED_STEM = "upload"
MAX_MAPPING_BYTES = 1 * MIB
KEEP_FAILED_DAYS = 7
# Uploaded folders that no run refers to (a request that died mid-upload) go after a day.
ORPHAN_AGE = timedelta(days=1)
PROGRESS_EVERY = 0.5  # seconds between progress writes
BATCH_SIZE = 1000


class Phase:
    QUEUED = "queued"
    STARTING = "starting"
    IMPORTING = "importing"


def max_upload_bytes() -> int:
    """The largest file an upload takes: the import's own file limit."""
    return Limits().max_file_bytes


def uploads_root() -> Path:
    return Path(settings.DATA_DIR) / UPLOADS_DIR


def stored_suffix(client_name: str) -> str:
    """The suffix to store an upload under, from our own list (never the client's text):
    an archive's, or a format's (optionally ``.gz``), else none."""
    lower = client_name.lower()
    known = set(ARCHIVE_SUFFIXES) | {".gz"}
    for fmt in FORMATS.values():
        for suffix in fmt.suffixes:
            if suffix:
                known.update({suffix, suffix + ".gz"})
    for suffix in sorted(known, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffix
    return ""


def display_name(client_name: str) -> str:
    """The browser's name for a file, as a display string: no folders, no control characters."""
    name = client_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:255] or "upload"


# --------------------------------------------------------------------------- receiving


class StoredFile(UploadedFile):
    """An upload already written to its place under the data directory."""

    def __init__(self, handle: IO[bytes], path: Path, client_name: str, size: int, content_type: str) -> None:
        super().__init__(handle, name=display_name(client_name), content_type=content_type, size=size)
        self.path = path


class InMemory(UploadedFile):
    def __init__(self, data: bytes, client_name: str, content_type: str) -> None:
        import io

        super().__init__(io.BytesIO(data), name=display_name(client_name), content_type=content_type,
                         size=len(data))  # fmt: skip
        self.data = data


class UploadHandler(FileUploadHandler):
    """Streams the ``file`` field to disk under a generated name (refusing it past the
    size limit), keeps a small ``mapping`` field in memory, and ignores other files.

    Installed by the upload view after the policy check and before the body is read,
    so nobody without the right can make voxpop write a byte."""

    def __init__(self, request: HttpRequest | None = None, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = limit if limit is not None else max_upload_bytes()
        self.too_large: set[str] = set()
        self.folders: list[Path] = []
        self.kept = False
        self._handle: IO[bytes] | None = None
        self._path: Path | None = None
        self._buffer: bytearray | None = None
        self._size = 0

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self._size = 0
        self._handle = self._path = self._buffer = None
        if field_name == "file":
            root = uploads_root()
            root.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder = root / secrets.token_hex(16)
            folder.mkdir(mode=0o700)
            self.folders.append(folder)
            self._path = folder / (STORED_STEM + stored_suffix(file_name or ""))
            fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self._handle = os.fdopen(fd, "wb")
        elif field_name == "mapping":
            self._buffer = bytearray()
        else:
            raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self._size += len(raw_data)
        limit = self.limit if self._handle is not None else MAX_MAPPING_BYTES
        if self._size > limit:
            self.too_large.add(self.field_name)
            self._abandon()
            raise SkipFile
        if self._handle is not None:
            self._handle.write(raw_data)
        elif self._buffer is not None:
            self._buffer.extend(raw_data)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self._handle is not None and self._path is not None:
            self._handle.close()
            handle = self._path.open("rb")
            return StoredFile(handle, self._path, self.file_name or "", self._size, self.content_type or "")
        if self._buffer is not None:
            return InMemory(bytes(self._buffer), self.file_name or "", self.content_type or "")
        return None

    def upload_interrupted(self) -> None:
        self._abandon()

    def _abandon(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self._path is not None:
            self._path.unlink(missing_ok=True)
            self._path = None
        self._buffer = None

    def keep(self, accepted: StoredFile) -> None:
        """Keep the accepted file's folder; remove any other this request stored."""
        self.kept = True
        for folder in self.folders:
            if folder != accepted.path.parent:
                shutil.rmtree(folder, ignore_errors=True)

    def discard(self) -> None:
        """Remove what this request stored, unless an accepted upload took it."""
        if self.kept:
            return
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- queueing


@dataclass
class Upload:
    """A validated upload form."""

    format: str
    file: StoredFile
    source: str = ""
    mapping: Mapping = field(default_factory=Mapping)
    mapping_name: str = ""
    dry_run: bool = False
    strict: bool = False
    create_tags: bool = False


def start_upload(upload: Upload, *, user: Any, request: HttpRequest | None = None) -> ImportRun:
    """Record the run as queued, audit the upload, and run it once this transaction commits."""
    from voxpop.imports.tasks import run_upload

    described = {
        "mapping": upload.mapping_name,
        "columns": upload.mapping.columns,
        "settings": upload.mapping.settings,
        "create_tags": upload.create_tags,
        "batch_size": BATCH_SIZE,
    }
    run = open_run(
        ImportRequest(
            format=upload.format,
            paths=[],
            source=upload.source,
            dry_run=upload.dry_run,
            strict=upload.strict,
            create_tags=upload.create_tags,
            user=user,
            origin="upload",
            described_options=described,
        ),
        status=RunStatus.QUEUED,
    )
    run.phase = Phase.QUEUED
    run.upload_name = upload.file.name or ""
    run.upload_path = upload.file.path.relative_to(Path(settings.DATA_DIR)).as_posix()
    run.upload_size = upload.file.size or 0
    run.bytes_total = run.upload_size
    run.save(update_fields=["phase", "upload_name", "upload_path", "upload_size", "bytes_total"])
    audit.record(
        "imports.uploaded",
        actor=user,
        target=run,
        data={
            "format": run.format,
            "source": run.source.name,
            "file": run.upload_name,
            "size": run.upload_size,
            "mapping": upload.mapping_name,
            "dry_run": upload.dry_run,
            "strict": upload.strict,
            "create_tags": upload.create_tags,
        },
        request=request,
    )
    run_id = run.pk
    transaction.on_commit(lambda: run_upload.enqueue(run_id))
    prune_uploads()
    return run


# --------------------------------------------------------------------------- running


class _Recorder:
    """The pipeline's callbacks, written to the run (at most every PROGRESS_EVERY s)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.last = 0.0

    def progress(self, name: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        ImportRun.objects.filter(pk=self.run_id).update(
            phase=Phase.IMPORTING, bytes_done=done, bytes_total=total, progress_at=timezone.now()
        )

    def committed(self, name: str, records: int, counts: dict[str, int]) -> None:
        ImportRun.objects.filter(pk=self.run_id).update(
            phase=Phase.IMPORTING, records_done=records, counts=counts, progress_at=timezone.now()
        )


def execute_upload(run_id: int) -> str:
    """Run a queued upload; return its final status. A run that is not queued (already
    taken by another worker, or gone) is left alone."""
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, phase=Phase.STARTING, started_at=now, progress_at=now
    )
    if not claimed:
        return "not queued"
    run = ImportRun.objects.select_related("source", "user").get(pk=run_id)
    path = Path(settings.DATA_DIR) / run.upload_path
    given = run.options or {}
    recorder = _Recorder(run.pk)
    try:
        options = parse_options(Mapping(columns=dict(given.get("columns") or {}),
                                        settings=dict(given.get("settings") or {})))  # fmt: skip
        request = ImportRequest(
            format=run.format,
            paths=[path],
            source=run.source.name,
            options=options,
            dry_run=run.dry_run,
            strict=run.strict,
            create_tags=bool(given.get("create_tags")),
            batch_size=int(given.get("batch_size") or BATCH_SIZE),
            user=run.user,
            origin=run.origin,
            described_options=given,
            run=run,
            display_names={path: run.upload_name or path.name},
        )
        result = run_import(request, progress=recorder.progress, committed=recorder.committed)
    except InputError as exc:
        _fail(run_id, str(exc).replace(str(path), run.upload_name))
        return RunStatus.FAILED
    except Exception as exc:
        _fail(run_id, f"the import stopped with an internal error ({type(exc).__name__}); see the server log")
        log.exception("import run %s failed", run_id)
        raise
    return _finish(run_id, path, failed=result.exit_code == 2)


def _fail(run_id: int, message: str) -> None:
    now = timezone.now()
    ImportRun.objects.filter(pk=run_id).update(
        status=RunStatus.FAILED,
        phase="",
        message=message[:2000],
        finished_at=now,
        progress_at=now,
        upload_kept_until=now + timedelta(days=KEEP_FAILED_DAYS),
    )


def _finish(run_id: int, path: Path, *, failed: bool) -> str:
    run = ImportRun.objects.get(pk=run_id)
    files = list(run.files.all())
    run.phase = ""
    run.progress_at = timezone.now()
    run.records_done = max(run.records_done, sum(f.records_done for f in files))
    if run.bytes_total:
        run.bytes_done = run.bytes_total
    if failed:
        run.message = "\n".join(note for f in files for note in f.notes)[:2000]
        run.upload_kept_until = run.progress_at + timedelta(days=KEEP_FAILED_DAYS)
    else:
        _remove(path)
        run.upload_path = ""
    run.save(update_fields=["phase", "progress_at", "records_done", "bytes_done", "message",
                            "upload_kept_until", "upload_path"])  # fmt: skip
    return run.status


def _remove(path: Path) -> None:
    root = uploads_root().resolve()
    folder = path.parent.resolve()
    if folder.parent == root:  # only ever one of our own generated folders
        shutil.rmtree(folder, ignore_errors=True)


def prune_uploads(now: datetime | None = None) -> int:
    """Delete kept uploads past their date, and folders no run refers to after a day."""
    now = now or timezone.now()
    removed = 0
    for run in ImportRun.objects.filter(upload_kept_until__lt=now).exclude(upload_path=""):
        _remove(Path(settings.DATA_DIR) / run.upload_path)
        ImportRun.objects.filter(pk=run.pk).update(upload_path="")
        removed += 1
    root = uploads_root()
    if root.is_dir():
        referenced = {
            Path(p).parent.name
            for p in ImportRun.objects.exclude(upload_path="").values_list("upload_path", flat=True)
        }
        cutoff = time.time() - ORPHAN_AGE.total_seconds()
        for folder in root.iterdir():
            if folder.is_dir() and folder.name not in referenced and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    return removed
