"""Read models for the import history: the API, the history page and a run's page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Min, Sum
from django.utils import timezone

from voxpop.imports.models import ImportFile, ImportRun, RunStatus


def _run(run: ImportRun, *, with_files: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": run.pk,
        "format": run.format,
        "source": run.source.name,
        "user": run.user.get_username() if run.user else "",
        "origin": run.origin,
        "status": run.status,
        "dry_run": run.dry_run,
        "strict": run.strict,
        "counts": run.counts,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "phase": run.phase,
        "bytes_done": run.bytes_done,
        "bytes_total": run.bytes_total,
        "records_done": run.records_done,
        "progress_at": run.progress_at,
        "message": run.message,
        "upload_name": run.upload_name,
    }
    if with_files:
        data["files"] = [
            {
                "name": f.name,
                "status": f.status,
                "size": f.size,
                "records_done": f.records_done,
                "counts": f.counts,
                "error_count": f.error_count,
                "errors": f.errors,
                "notes": f.notes,
                "resumed_from": f.resumed_from_id,
            }
            for f in run.files.all()
        ]
    return data


def history(limit: int = 50, before: int | None = None) -> list[dict[str, Any]]:
    runs = ImportRun.objects.select_related("source", "user").order_by("-id")
    if before is not None:
        runs = runs.filter(pk__lt=before)
    return [_run(run, with_files=False) for run in runs[: max(1, min(limit, 200))]]


def run_detail(pk: int) -> dict[str, Any] | None:
    run = ImportRun.objects.select_related("source", "user").prefetch_related("files").filter(pk=pk).first()
    return _run(run, with_files=True) if run is not None else None


# --------------------------------------------------------------------------- pages

HISTORY_PAGE = 50
ERRORS_PAGE = 50
STALLED_AFTER = timedelta(minutes=5)
FINISHED = {
    RunStatus.SUCCEEDED,
    RunStatus.PARTIAL,
    RunStatus.ABORTED,
    RunStatus.FAILED,
    RunStatus.INTERRUPTED,
}


@dataclass
class RunRow:
    run: ImportRun
    file_name: str
    error_count: int

    @property
    def duration(self) -> timedelta | None:
        end = self.run.finished_at
        return end - self.run.started_at if end else None

    @property
    def counts(self) -> dict[str, int]:
        return self.run.counts or {}


def history_page(page: str | int | None) -> tuple[Page[Any], list[RunRow]]:
    """One page of the history, newest first, with each run's file name and error count."""
    runs = (
        ImportRun.objects.select_related("source", "user")
        .annotate(error_total=Sum("files__error_count"), first_file=Min("files__name"))
        .order_by("-id")
    )
    current = Paginator(runs, HISTORY_PAGE).get_page(page)
    rows = [
        RunRow(run, run.upload_name or run.first_file or "", run.error_total or 0)
        for run in current.object_list
    ]
    return current, rows


@dataclass
class RunPage:
    run: ImportRun
    files: list[ImportFile]
    counts: dict[str, int]
    error_count: int
    errors: Page[dict[str, str]]
    notes: list[str]
    finished: bool
    percent: int | None
    live_counts: bool = field(default=True)

    @property
    def duration(self) -> timedelta | None:
        end = self.run.finished_at or (self.run.progress_at if not self.finished else None)
        return end - self.run.started_at if end else None

    @property
    def stalled(self) -> bool:
        """Queued, or running with committed batches, yet silent for a while: the worker
        may not be running, or was stopped (a dry run or strict import is silent anyway)."""
        if self.finished or (self.run.status == RunStatus.RUNNING and not self.live_counts):
            return False
        last = self.run.progress_at or self.run.started_at
        return timezone.now() - last > STALLED_AFTER


def run_page(pk: int, errors_page: str | int | None = None) -> RunPage | None:
    """A run with its progress and files, and one page of its rejected rows."""
    run = ImportRun.objects.select_related("source", "user").filter(pk=pk).first()
    if run is None:
        return None
    files = list(run.files.order_by("id"))
    finished = run.status in FINISHED
    errors = [{**e, "file": f.name} for f in files for e in f.errors]
    # While it runs, the files' checkpoints hold the committed counts.
    counts = run.counts or {}
    if not finished and files:
        counts = {}
        for f in files:
            for key, value in (f.counts or {}).items():
                counts[key] = counts.get(key, 0) + value
    percent = None
    if finished:
        percent = 100
    elif run.bytes_total:
        percent = min(99, run.bytes_done * 100 // run.bytes_total)
    return RunPage(
        run=run,
        files=files,
        counts=counts,
        error_count=sum(f.error_count for f in files),
        errors=Paginator(errors, ERRORS_PAGE).get_page(errors_page),
        notes=[note for f in files for note in f.notes] or ([run.message] if run.message else []),
        finished=finished,
        percent=percent,
        live_counts=not (run.dry_run or run.strict),
    )
