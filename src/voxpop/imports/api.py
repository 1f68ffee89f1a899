"""Live ingestion over HTTP: ``POST /api/conversations`` (API token or session) and
``POST /api/webhooks/{source}`` (HMAC-signed; see :mod:`voxpop.imports.live`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from voxpop.core.schemas import NulFree
from voxpop.imports import live, queries
from voxpop.users.policies import check

router = Router(tags=["imports"])


# The ingestion schemas stay plain Schema, not core.schemas.InputSchema: customer text
# may hold a NUL, and the import pipeline removes it (imports.fields.clean). A source name is
# not customer text: a NUL in it is refused (NulFree), as PostgreSQL cannot look it up.
class AccountIn(Schema):
    name: str = ""
    domain: str = ""
    id: str = ""
    plan: str = ""
    arr: float | str | None = None
    seats: int | None = None
    segment: str = ""


class ContactIn(Schema):
    email: str
    name: str = ""


class MessageIn(Schema):
    id: str = Field("", description="the source's message id")
    sent_at: str | None = Field(None, description="ISO 8601")
    role: str = Field("customer", description="customer, agent, bot or note")
    author: str = ""
    text: str = ""
    html: str = Field("", description="sanitised on the way in")


class ConversationIn(Schema):
    """The JSON Lines conversation shape (docs/importing.md)."""

    conversation_id: str
    channel: str | None = None
    subject: str | None = None
    status: str | None = None
    started_at: str | None = None
    closed_at: str | None = None
    queue: str | None = None
    amount: float | str | None = None
    account: AccountIn | None = None
    contact: ContactIn | None = None
    context: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    messages: list[MessageIn] = Field(..., min_length=1)


class IngestedOut(Schema):
    id: int
    conversation_id: str
    created: bool
    duplicate: bool
    counts: dict[str, int]


class ErrorOut(Schema):
    detail: str


def _out(result: live.Ingested) -> dict[str, Any]:
    return {
        "id": result.id,
        "conversation_id": result.conversation_id,
        "created": result.created,
        "duplicate": result.duplicate,
        "counts": result.counts,
    }


@router.post("/conversations", response={200: IngestedOut, 201: IngestedOut, 403: ErrorOut, 422: ErrorOut})
def post_conversation(request: HttpRequest, payload: ConversationIn, source: NulFree = "api") -> Any:
    """Create or update one conversation (keyed on source and conversation_id); 201 when new."""
    check(request, "import_data")
    try:
        result = live.ingest(
            live.source_for_api(source[:100]), payload.dict(exclude_none=True), user=request.user
        )
    except live.LiveError as exc:
        return Status(exc.status, {"detail": str(exc)})
    return Status(201 if result.created else 200, _out(result))


@router.post(
    "/webhooks/{source}",
    auth=None,
    response={200: IngestedOut, 201: IngestedOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 413: ErrorOut,
              422: ErrorOut},
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConversationIn"}}}}
    },
)  # fmt: skip
def webhook(request: HttpRequest, source: NulFree) -> Any:
    """A signed delivery of one conversation (headers X-Voxpop-Timestamp, X-Voxpop-Signature:
    sha256=HMAC(secret, "{timestamp}." + body), X-Voxpop-Delivery). Repeats are ignored."""
    try:
        result = live.receive(source, request.headers, request.body)
    except live.LiveError as exc:
        return Status(exc.status, {"detail": str(exc)})
    return Status(201 if result.created else 200, _out(result))


class FileOut(Schema):
    name: str
    status: str
    size: int
    records_done: int
    counts: dict[str, int]
    error_count: int
    errors: list[dict[str, str]]
    notes: list[str]
    resumed_from: int | None


class RunOut(Schema):
    id: int
    format: str
    source: str
    user: str
    origin: str
    status: str
    dry_run: bool
    strict: bool
    counts: dict[str, int]
    started_at: datetime
    finished_at: datetime | None
    phase: str = Field("", description="while it runs: queued, starting or importing")
    bytes_done: int = 0
    bytes_total: int = 0
    records_done: int = 0
    progress_at: datetime | None = None
    message: str = Field("", description="why the run failed, when it did")
    upload_name: str = Field("", description="an uploaded file's name as the browser gave it")


class RunDetailOut(RunOut):
    files: list[FileOut]


@router.get("/imports", response=list[RunOut])
def import_history(request: HttpRequest, limit: int = 50, before: int | None = None) -> Any:
    """Import runs, newest first: who, when, what, counts (page with ``before=<last id>``)."""
    check(request, "import_data")
    return queries.history(limit=limit, before=before)


@router.get("/imports/{pk}", response={200: RunDetailOut, 404: ErrorOut})
def import_run(request: HttpRequest, pk: int) -> Any:
    """One run with its files: checkpoint, counts, the first errors (file, line, reason), notes."""
    check(request, "import_data")
    detail = queries.run_detail(pk)
    if detail is None:
        return Status(404, {"detail": f"no import run {pk}"})
    return detail
