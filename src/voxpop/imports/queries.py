"""Read models for the import history (the API now; the history page later)."""

from __future__ import annotations

from typing import Any

from voxpop.imports.models import ImportRun


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
