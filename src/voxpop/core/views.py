from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from voxpop.core import queries
from voxpop.users.policies import require


@require("view_workspace")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"counts": queries.workspace_counts()})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
