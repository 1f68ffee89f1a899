"""The import pipeline: reader -> parser -> writer, in committed batches.

Each batch is written in one transaction together with its checkpoint (the file's
``records_done``, counts and errors), so whatever was reported as committed survives a
``kill -9``, and a re-run of the same file resumes after the last checkpoint and ends
with exactly the file's rows. ``--strict`` and ``--dry-run`` run the whole file in one
transaction instead: strict rolls back at the end if anything was rejected, dry-run
always does.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from voxpop.conversations.models import Source
from voxpop.core.cpus import available_cpus
from voxpop.engine import hooks as engine_hooks
from voxpop.imports.batches import batches, collector_tuned, merged, parsed_in_child, prepared
from voxpop.imports.formats import FORMATS, Format
from voxpop.imports.models import ImportFile, ImportRun, RunStatus
from voxpop.imports.readers import Entry, fingerprint, is_archive
from voxpop.imports.records import ConversationData, InputError, ParseOptions, RowError
from voxpop.imports.tags import TagResolver
from voxpop.imports.writer import Counts, Writer

STORED_ERRORS = 1000
# Files from this size are parsed in a second process (see imports.batches).
PARSE_PROCESS_FROM = 4 * 2**20
Progress = Callable[[str, int, int], None]
Committed = Callable[[str, int, dict[str, int]], None]


@dataclass
class ImportRequest:
    format: str
    paths: list[Path]
    source: str = ""
    options: ParseOptions = field(default_factory=ParseOptions)
    dry_run: bool = False
    strict: bool = False
    create_tags: bool = False
    batch_size: int = 5000
    user: Any = None
    origin: str = ""
    # Shown in the history: the mapping file's name, the flags given.
    described_options: dict[str, Any] = field(default_factory=dict)
    # A run recorded beforehand (an upload's, made when it was queued; see open_run).
    run: ImportRun | None = None
    # The name to show and key on for a path, instead of the path itself (an upload is
    # stored under a generated name; its original name is what people and keys see).
    display_names: dict[Path, str] = field(default_factory=dict)


@dataclass
class FileResult:
    name: str
    status: str
    counts: dict[str, int]
    errors: list[dict[str, str]]
    error_count: int
    notes: list[str]
    resumed_at: int = 0


@dataclass
class RunResult:
    run_id: int
    files: list[FileResult]

    @property
    def counts(self) -> dict[str, int]:
        total = Counts()
        for result in self.files:
            total.values.update(result.counts)
        return total.as_dict()

    @property
    def exit_code(self) -> int:
        if any(r.status == RunStatus.FAILED for r in self.files):
            return 2
        if any(r.error_count or r.status == RunStatus.ABORTED for r in self.files):
            return 1
        return 0


class _Rollback(Exception):
    pass


class _Counting(io.RawIOBase):
    def __init__(self, inner: IO[bytes], tally: list[int]) -> None:
        self.inner = inner
        self.tally = tally

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.tally[0] += len(data)
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def team_names(options: ParseOptions) -> frozenset[str]:
    """The team as given, plus every voxpop user's name, full name and address."""
    from voxpop.users.models import User

    names = set(options.team)
    for username, first, last, address in User.objects.values_list(
        "username", "first_name", "last_name", "email"
    ):
        names.update(n for n in (username, f"{first} {last}".strip(), first, address) if n)
    return frozenset(n.lower() for n in names)


def _format(name: str) -> Format:
    fmt = FORMATS.get(name)
    if fmt is None:
        raise InputError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
    return fmt


def open_run(request: ImportRequest, status: str = RunStatus.RUNNING) -> ImportRun:
    """Record a run (who, what, options) in the history, creating its source if new."""
    fmt = _format(request.format)
    source, _ = Source.objects.get_or_create(name=request.source or fmt.name, defaults={"kind": fmt.kind})
    return ImportRun.objects.create(
        source=source,
        format=fmt.name,
        user=request.user if getattr(request.user, "pk", None) else None,
        origin=request.origin[:200],
        options=request.described_options,
        dry_run=request.dry_run,
        strict=request.strict,
        status=status,
    )


def run_import(
    request: ImportRequest, progress: Progress | None = None, committed: Committed | None = None
) -> RunResult:
    fmt = _format(request.format)
    run = request.run or open_run(request)
    source = run.source
    request.options.team = team_names(request.options)
    with collector_tuned(), _sqlite_page_cache():
        results = [
            _import_path(run, source, fmt, path, request, progress or (lambda *a: None), committed)
            for path in request.paths
        ]
    statuses = {r.status for r in results}
    run.status = (
        RunStatus.FAILED
        if statuses == {RunStatus.FAILED}
        else RunStatus.SUCCEEDED
        if statuses == {RunStatus.SUCCEEDED}
        else RunStatus.PARTIAL
    )
    outcome = RunResult(run.pk, results)
    run.counts = outcome.counts
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "counts", "finished_at"])
    engine_hooks.conversations_arrived()
    # Any feature's evidence may have changed (accounts, contacts, conversations).
    from voxpop.roadmap.snapshots import inputs_changed

    inputs_changed(None)
    return outcome


# SQLite's page cache for the importing connection, in KiB (SQLite's default: 2,000).
# A batch's transaction changes more pages than the default holds, so SQLite wrote
# pages out to the log in mid-transaction (and again if they changed after): about a
# tenth of the writer's time went to writes. Given back when the import ends.
SQLITE_IMPORT_CACHE_KIB = 32 * 1024


@contextlib.contextmanager
def _sqlite_page_cache() -> Iterator[None]:
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(SQLITE_IMPORT_CACHE_KIB)}")
    try:
        yield
    finally:
        if connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(before)}")


class _FileImport:
    def __init__(
        self,
        row: ImportFile,
        fmt: Format,
        writer: Writer,
        request: ImportRequest,
        committed: Committed | None,
    ) -> None:
        self.row = row
        self.fmt = fmt
        self.writer = writer
        self.request = request
        self.committed = committed
        self.counts = Counts()
        self.counts.values.update(row.counts)
        self.errors: list[dict[str, str]] = list(row.errors)
        self.error_count = row.error_count
        self.notes: list[str] = list(row.notes)
        self.done = row.records_done
        self.writing = True

    def reject(self, error: RowError) -> None:
        self.error_count += 1
        self.counts.add("rejected")
        if len(self.errors) < STORED_ERRORS:
            self.errors.append({"where": error.where, "reason": error.reason})
        if self.request.strict:
            self.writing = False  # keep reading to list every problem, write nothing more

    def flush(self, records: list[ConversationData]) -> None:
        """Write ``records`` and the checkpoint in one transaction."""
        with transaction.atomic():
            if records and self.writing:
                counts, errors = self.writer.write(records)
                self.counts.merge(counts)
                for error in errors:
                    self.error_count += 1
                    if len(self.errors) < STORED_ERRORS:
                        self.errors.append({"where": error.where, "reason": error.reason})
            self.save_checkpoint()
        if self.committed is not None and not (self.request.strict or self.request.dry_run):
            self.committed(self.row.name, self.done, self.counts.as_dict())

    def save_checkpoint(self) -> None:
        row = self.row
        row.records_done = self.done
        row.batches_done += 1
        row.counts = self.counts.as_dict()
        row.errors = self.errors
        row.error_count = self.error_count
        row.notes = self.notes
        row.save(
            update_fields=[
                "records_done",
                "batches_done",
                "counts",
                "errors",
                "error_count",
                "notes",
                "updated_at",
            ]
        )


def _import_path(
    run: ImportRun,
    source: Source,
    fmt: Format,
    path: Path,
    request: ImportRequest,
    progress: Progress,
    committed: Committed | None,
) -> FileResult:
    name = request.display_names.get(path, str(path))[:1000]
    try:
        digest, size = fingerprint(path)
    except OSError as exc:
        row = ImportFile.objects.create(run=run, name=name, fingerprint="", status=RunStatus.FAILED)
        row.notes = [f"{name}: cannot read: {exc.strerror or exc}"]
        row.save(update_fields=["notes"])
        return FileResult(name, RunStatus.FAILED, {}, [], 0, row.notes)
    row = ImportFile.objects.create(run=run, name=name, fingerprint=digest, size=size)
    resumed_at = 0
    if not (request.dry_run or request.strict):
        prior = (
            ImportFile.objects.filter(
                run__source=source,
                run__format=fmt.name,
                run__dry_run=False,
                run__strict=False,
                fingerprint=digest,
                status=RunStatus.RUNNING,
            )
            .exclude(pk=row.pk)
            .order_by("-records_done")
            .first()
        )
        if prior is not None:
            resumed_at = prior.records_done
            for attr in ("records_done", "batches_done", "counts", "errors", "error_count", "notes"):
                setattr(row, attr, getattr(prior, attr))
            row.resumed_from = prior
            row.save()
            ImportFile.objects.filter(pk=prior.pk).update(status=RunStatus.INTERRUPTED)
            ImportRun.objects.filter(pk=prior.run_id, status=RunStatus.RUNNING).update(
                status=RunStatus.INTERRUPTED
            )
    writer = Writer(
        source,
        started=run.started_at,
        tags=TagResolver(create=request.create_tags, actor=request.user),
        default_channel=request.options.channel or fmt.channel,
    )
    job = _FileImport(row, fmt, writer, request, committed)
    scope: AbstractContextManager[Any] = (
        transaction.atomic() if request.dry_run or request.strict else nullcontext()
    )
    status = RunStatus.SUCCEEDED
    try:
        with scope:
            _run(job, fmt, path, request, size, resumed_at, progress)
            if request.dry_run or (request.strict and job.error_count):
                raise _Rollback
    except _Rollback:
        if request.strict and job.error_count:
            status = RunStatus.ABORTED
            job.notes.append(f"{name}: --strict: {job.error_count} error(s), nothing was written")
    except InputError as exc:
        status = RunStatus.FAILED
        job.notes.append(str(exc).replace(str(path), name))
        if request.strict:
            job.notes.append(f"{name}: --strict: nothing was written")
    if status == RunStatus.SUCCEEDED and job.error_count:
        status = RunStatus.PARTIAL
    for problem in writer.tags.problems:
        job.notes.append(f"{name}: {problem}")
    unknown = writer.tags.unknown
    if unknown:
        listed = ", ".join(
            f"{tag!r} ({n} row{'s' if n != 1 else ''}, first at {where.removeprefix(name + ': ')})"
            for tag, (n, where) in list(unknown.items())[:20]
        )
        more = f" and {len(unknown) - 20} more" if len(unknown) > 20 else ""
        hint = "map them with --tag-map, or " if fmt.tag_map else ""
        job.notes.append(
            f"{name}: unknown tags, not applied ({hint}use --create-tags to add them under Unsorted): {listed}{more}"
        )
    row.status = status
    if request.dry_run or status == RunStatus.ABORTED:
        # Counts of a rolled-back file describe what would have happened.
        row.records_done = 0
    job.save_checkpoint()
    ImportFile.objects.filter(pk=row.pk).update(status=status)
    return FileResult(name, status, job.counts.as_dict(), job.errors, job.error_count, job.notes, resumed_at)


def _items(
    fmt: Format, path: Path, request: ImportRequest, notes: list[str], tally: list[int]
) -> Iterator[Any]:
    parse = fmt.make(request.options)
    limits = request.options.limits
    accept = fmt.accepts if (path.is_dir() or is_archive(path)) else (lambda _name: True)
    stored, shown = str(path), request.display_names.get(path)
    for entry in fmt.entries(path, limits, accept):
        if isinstance(entry, RowError):
            yield entry if shown is None else RowError(entry.where.replace(stored, shown, 1), entry.reason)
            continue
        name, key = entry.name, entry.key
        if shown is not None:
            name = name.replace(stored, shown, 1)
            if entry.name == stored:  # the file itself (or a .gz's content): keyed on its name
                key = Path(shown).name[: len(Path(shown).name) - (len(path.name) - len(key))]
        counted = Entry(name=name, key=key, size=entry.size, open=_counted(entry, tally))
        yield from parse(counted, notes)


def _counted(entry: Entry, tally: list[int]) -> Callable[[], IO[bytes]]:
    return lambda: io.BufferedReader(_Counting(entry.open(), tally), buffer_size=256 * 1024)


def parse_in_child(fmt: Format, size: int) -> bool:
    """Whether to parse in a second process: for a format whose parser needs no
    database, as VOXPOP_IMPORT_PARSER_PROCESS says; by default (auto) for a large file
    on a machine with a core to spare (a process costs more than it saves on a small
    file, such as an upload of a few rows)."""
    mode = settings.VOXPOP_IMPORT_PARSER_PROCESS
    if not fmt.parallel or mode == "never":
        return False
    # auto forks only a single-threaded process (the command line, a worker): a fork
    # copies a lock another thread holds (a web server's) in its held state.
    alone = threading.active_count() == 1
    return mode == "always" or (size >= PARSE_PROCESS_FROM and available_cpus() > 1 and alone)


def _run(
    job: _FileImport,
    fmt: Format,
    path: Path,
    request: ImportRequest,
    size: int,
    skip: int,
    progress: Progress,
) -> None:
    shown = Path(job.row.name).name

    def make_items(notes: list[str], tally: list[int]) -> Iterator[Any]:
        return _items(fmt, path, request, notes, tally)

    stream = (
        parsed_in_child(make_items, skip, request.batch_size, prepared if fmt.parser_prepares else merged)
        if parse_in_child(fmt, size)
        else batches(make_items, skip, request.batch_size)
    )
    with contextlib.closing(stream):  # on any exception, a parser process ends at once
        for batch in stream:
            job.notes.extend(batch.notes)
            for error in batch.errors:
                job.reject(error)
            job.done = batch.done
            if batch.failure is not None:
                raise InputError(batch.failure)
            if batch.commits:
                job.flush(batch.records)
            progress(shown, min(batch.read, size), size)
    progress(shown, size, size)


def started_now() -> datetime:
    return timezone.now()
