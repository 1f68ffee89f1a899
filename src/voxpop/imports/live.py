"""Live ingestion: ``POST /api/conversations`` and signed webhooks, one conversation
(the JSON Lines shape) per request, through the same parser and writer as files.

A webhook delivery carries three headers:

- ``X-Voxpop-Timestamp``: Unix seconds when it was sent;
- ``X-Voxpop-Signature``: ``sha256=`` + hex HMAC-SHA256 of ``"{timestamp}." + raw body``
  with the source's secret;
- ``X-Voxpop-Delivery``: the sender's id for this delivery.

Unsigned, badly signed and stale (more than five minutes off) deliveries are refused;
a delivery id seen before is acknowledged and ignored.

Once the request commits, the tagging engine predicts the new conversation in the
background (:func:`voxpop.engine.hooks.conversations_arrived`); arrivals that come while
a prediction is waiting to run are predicted by that one run.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from voxpop.audit import services as audit
from voxpop.conversations.models import Channel, Conversation, Source, SourceKind
from voxpop.engine import hooks as engine_hooks
from voxpop.imports import fields as f
from voxpop.imports.models import WebhookDelivery, WebhookEndpoint
from voxpop.imports.pipeline import team_names
from voxpop.imports.records import ParseOptions
from voxpop.imports.rows import RowBuilder
from voxpop.imports.tabular import conversation_from_object
from voxpop.imports.tags import TagResolver
from voxpop.imports.writer import Writer

TIMESTAMP_HEADER = "X-Voxpop-Timestamp"
SIGNATURE_HEADER = "X-Voxpop-Signature"
DELIVERY_HEADER = "X-Voxpop-Delivery"
MAX_AGE_SECONDS = 300
MAX_BODY_BYTES = 5 * 1024 * 1024


class LiveError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Ingested:
    id: int
    conversation_id: str
    created: bool
    counts: dict[str, int]
    duplicate: bool = False


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def create_endpoint(source_name: str, *, actor: Any = None) -> tuple[WebhookEndpoint, str]:
    """Create (or rotate) a source's webhook secret; the secret is returned once."""
    secret = "whsec_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(name=source_name, defaults={"kind": SourceKind.WEBHOOK})
        endpoint, created = WebhookEndpoint.objects.get_or_create(source=source, defaults={"secret": secret})
        if not created:
            endpoint.secret = secret
            endpoint.rotated_at = timezone.now()
            endpoint.save(update_fields=["secret", "rotated_at"])
        audit.record(
            "imports.webhook_secret_created" if created else "imports.webhook_secret_rotated",
            actor=actor,
            target=source,
            data={"source": source.name},
        )
    return endpoint, secret


def ingest(source: Source, payload: Any, *, user: Any = None) -> Ingested:
    """Write one conversation given as a JSON object; LiveError(422) when it is unusable."""
    if not isinstance(payload, dict):
        raise LiveError(422, "expected a JSON object")
    options = ParseOptions()
    options.team = team_names(options)
    default_channel = Channel.CHAT
    try:
        record = conversation_from_object(
            payload, RowBuilder(options, default_channel), options, "request", 0, {}
        )
    except f.ValueProblem as exc:
        raise LiveError(422, str(exc)) from exc
    existed = Conversation.objects.filter(source=source, external_id=record.external_id).exists()
    writer = Writer(
        source,
        started=timezone.now(),
        tags=TagResolver(create=False, actor=user),
        default_channel=default_channel,
    )
    with transaction.atomic():
        counts, errors = writer.write([record])
        if errors:
            raise LiveError(422, errors[0].reason)
    engine_hooks.conversations_arrived()
    conversation = Conversation.objects.get(source=source, external_id=record.external_id)
    return Ingested(conversation.pk, record.external_id, not existed, counts.as_dict())


def source_for_api(name: str) -> Source:
    source, _ = Source.objects.get_or_create(name=name, defaults={"kind": SourceKind.API})
    return source


def receive(
    source_name: str, headers: Mapping[str, str], body: bytes, *, now: float | None = None
) -> Ingested:
    """Verify and ingest one webhook delivery."""
    endpoint = WebhookEndpoint.objects.select_related("source").filter(source__name=source_name).first()
    if endpoint is None:
        raise LiveError(404, f"no webhook for source {source_name!r}")
    timestamp = headers.get(TIMESTAMP_HEADER, "")
    signature = headers.get(SIGNATURE_HEADER, "")
    delivery = headers.get(DELIVERY_HEADER, "").strip()
    if not timestamp or not signature:
        raise LiveError(401, f"unsigned delivery: {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} are required")
    if not timestamp.isdigit() or abs((now or time.time()) - int(timestamp)) > MAX_AGE_SECONDS:
        raise LiveError(401, "stale delivery: the timestamp is more than 5 minutes away from now")
    if not hmac.compare_digest(sign(endpoint.secret, timestamp, body), signature.strip()):
        raise LiveError(401, "bad signature")
    if not delivery or len(delivery) > 200:
        raise LiveError(400, f"{DELIVERY_HEADER} is required (at most 200 characters)")
    if len(body) > MAX_BODY_BYTES:
        raise LiveError(413, "body larger than 5 MiB")
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise LiveError(400, f"not JSON: {str(exc)[:120]}") from exc
    with transaction.atomic():
        try:
            with transaction.atomic():
                seen = WebhookDelivery.objects.create(endpoint=endpoint, delivery_id=delivery)
        except IntegrityError:
            previous = WebhookDelivery.objects.get(endpoint=endpoint, delivery_id=delivery)
            conversation = Conversation.objects.filter(
                source=endpoint.source, external_id=previous.conversation_id
            ).first()
            return Ingested(conversation.pk if conversation else 0, previous.conversation_id, False, {}, True)
        result = ingest(endpoint.source, payload)
        seen.conversation_id = result.conversation_id
        seen.save(update_fields=["conversation_id"])
    return result
