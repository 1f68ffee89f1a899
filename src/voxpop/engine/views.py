"""The engine's pages: model versions (/engine), the cross-validation report
(/engine/report) and the review queue (/review). Each has a JSON twin in
:mod:`voxpop.engine.api`, backed by the same reads in :mod:`voxpop.engine.review`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from voxpop.engine import review
from voxpop.users.policies import require


@require("view_engine")
def status(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "engine/status.html",
        {
            "versions": [review.version_dict(v) for v in review.versions()],
            "retraining": review.retraining(),
        },
    )


@require("view_engine")
def report(request: HttpRequest) -> HttpResponse:
    found = review.latest_report()
    return render(request, "engine/report.html", {"report": review.report_dict(found) if found else None})


@require("tag_conversations")
def review_queue(request: HttpRequest) -> HttpResponse:
    page = request.GET.get("page", "1")
    number = int(page) if page.isdigit() and int(page) > 0 else 1
    rows = review.review_queue(limit=review.PAGE + 1, offset=(number - 1) * review.PAGE)
    return render(
        request,
        "engine/review.html",
        {
            "rows": rows[: review.PAGE],
            "next_page": number + 1 if len(rows) > review.PAGE else None,
            "spot_checks": review.open_spot_checks() if number == 1 else [],
        },
    )
