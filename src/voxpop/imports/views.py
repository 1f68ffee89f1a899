"""Import pages: upload a file (admins), watch its run, read the history (editors too).

The JSON twins are ``GET /api/imports`` and ``GET /api/imports/{id}``; uploads go
through :func:`voxpop.imports.uploads.start_upload`, the one path for queueing them.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from voxpop.core.http import HtmxHttpRequest
from voxpop.imports import queries, uploads
from voxpop.imports.forms import UploadForm
from voxpop.imports.uploads import UploadHandler, max_upload_bytes
from voxpop.users.policies import allowed, require


@require_GET
@require("import_data")
def history(request: HtmxHttpRequest) -> HttpResponse:
    page, rows = queries.history_page(request.GET.get("page"))
    return render(
        request,
        "imports/history.html",
        {"page": page, "rows": rows, "can_upload": allowed(request.user, "upload_imports")},
    )


# The policy is checked before the body is read; only then is the upload handler, which
# writes the file to disk, installed, and CSRF checked (which reads the body).
@require("upload_imports")
@csrf_exempt
@require_http_methods(["GET", "POST"])
def new(request: HtmxHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_new(request, UploadForm())
    handler = UploadHandler(request)
    request.upload_handlers = [handler]
    try:
        return _create(request, handler)
    finally:
        handler.discard()


@csrf_protect
def _create(request: HtmxHttpRequest, handler: UploadHandler) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES, handler=handler)
    if not form.is_valid():
        return _render_new(request, form)
    upload = form.upload()
    run = uploads.start_upload(upload, user=request.user, request=request)
    handler.keep(upload.file)
    return redirect("imports:run", pk=run.pk)


def _render_new(request: HtmxHttpRequest, form: UploadForm) -> HttpResponse:
    from voxpop.imports.formats import FORMATS

    return render(
        request,
        "imports/new.html",
        {"form": form, "formats": FORMATS, "limit_mib": max_upload_bytes() // (1024 * 1024)},
    )


@require_GET
@require("import_data")
def run(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    page = queries.run_page(pk, request.GET.get("page"))
    if page is None:
        raise Http404("no such import run")
    template = "imports/_run_body.html" if request.htmx else "imports/run.html"
    return render(request, template, {"page": page, "run": page.run})
