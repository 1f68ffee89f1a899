"""Live ingestion: POST /api/conversations with a token, and signed webhook deliveries
(good, unsigned, wrongly signed, stale and repeated)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from tests.builders import as_user, make_tree
from voxpop.conversations.models import Conversation, Message, Source
from voxpop.imports.live import create_endpoint, sign
from voxpop.users.models import User
from voxpop.users.services import create_token

pytestmark = pytest.mark.django_db

CONVERSATION = {
    "conversation_id": "live-1",
    "channel": "chat",
    "subject": "Offline mode",
    "account": {"name": "Hoffmann Bau GmbH", "domain": "hoffmann-bau.example", "arr": 4800},
    "contact": {"email": "lena@hoffmann-bau.example", "name": "Lena Hoffmann"},
    "context": {"page": "/mobile"},
    "tags": ["offline"],
    "messages": [
        {
            "id": "m1",
            "sent_at": "2026-03-01T09:00:00Z",
            "role": "customer",
            "text": "Is there an offline mode?",
        },
        {
            "id": "m2",
            "sent_at": "2026-03-01T09:05:00Z",
            "role": "agent",
            "author": "Dana",
            "text": "Not yet.",
        },
    ],
}


def bearer(user: User) -> Client:
    """A client that checks CSRF as a production server does: a token needs no cookie."""
    _token, raw = create_token(user, "importer")
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_an_editor_posts_a_conversation_with_a_token_and_a_repeat_creates_nothing(editor: User) -> None:
    make_tree("offline")
    client = bearer(editor)

    first = client.post("/api/conversations?source=widget", CONVERSATION, content_type="application/json")
    again = client.post("/api/conversations?source=widget", CONVERSATION, content_type="application/json")

    assert first.status_code == 201, first.content
    assert first.json()["counts"]["messages_created"] == 2
    assert again.status_code == 200 and again.json()["counts"] == {
        "conversations_unchanged": 1,
        "messages_unchanged": 2,
    }
    conversation = Conversation.objects.get(source__name="widget", external_id="live-1")
    assert conversation.account is not None and conversation.account.domain == "hoffmann-bau.example"
    assert conversation.current_tags.count() == 1 and conversation.context == {"page": "/mobile"}


def with_nul(conversation: dict[str, Any]) -> dict[str, Any]:
    """The conversation as a careless helpdesk export sends it: NULs in customer text."""
    first, *rest = conversation["messages"]
    return {
        **conversation,
        "subject": "Offline\x00 mode",
        "context": {"page\x00": "/mobile\x00"},
        "messages": [{**first, "text": "Is there an\x00 offline mode?\x00"}, *rest],
    }


def test_customer_text_with_a_nul_is_accepted_and_stored_without_it(editor: User) -> None:
    response = bearer(editor).post(
        "/api/conversations", with_nul(CONVERSATION), content_type="application/json"
    )

    assert response.status_code == 201, response.content
    conversation = Conversation.objects.get(external_id="live-1")
    assert conversation.subject == "Offline mode" and conversation.context == {"page": "/mobile"}
    assert conversation.messages.get(external_id="m1").text == "Is there an offline mode?"


def test_a_nul_in_the_source_name_is_refused_naming_the_parameter(editor: User, secret: str) -> None:
    posted = bearer(editor).post(
        "/api/conversations?source=wid%00get", CONVERSATION, content_type="application/json"
    )
    delivered = Client().post("/api/webhooks/intercom%00live", b"{}", content_type="application/json")

    assert posted.status_code == 422 and posted.json()["detail"][0]["loc"] == ["query", "source"]
    assert delivered.status_code == 422 and delivered.json()["detail"][0]["loc"] == ["path", "source"]
    assert not Conversation.objects.exists() and not Source.objects.filter(name__startswith="wid").exists()


def test_viewers_and_anonymous_visitors_cannot_post_conversations(viewer: User) -> None:
    assert (
        bearer(viewer).post("/api/conversations", CONVERSATION, content_type="application/json").status_code
        == 403
    )
    anonymous = as_user(None).post("/api/conversations", CONVERSATION, content_type="application/json")
    assert anonymous.status_code == 401
    assert Conversation.objects.count() == 0


def test_a_browser_session_must_send_its_csrf_token_to_post(editor: User) -> None:
    make_tree("offline")
    client = as_user(editor, enforce_csrf_checks=True)
    client.get("/")  # sets the CSRF cookie, as any page does

    forged = client.post("/api/conversations?source=widget", CONVERSATION, content_type="application/json")
    token = client.cookies["csrftoken"].value
    genuine = client.post(
        "/api/conversations?source=widget",
        CONVERSATION,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert forged.status_code == 403
    assert genuine.status_code == 201, genuine.content


def test_a_wrong_token_is_refused_as_unauthenticated(editor: User) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION="Bearer vxp_not-a-token")

    response = client.post("/api/conversations?source=widget", CONVERSATION, content_type="application/json")

    assert response.status_code == 401
    assert not Conversation.objects.exists()


def test_an_unusable_conversation_is_refused_with_the_reason(editor: User) -> None:
    bad = {**CONVERSATION, "messages": [{"id": "m1", "sent_at": "last tuesday", "text": "Hi"}]}

    response = bearer(editor).post("/api/conversations", bad, content_type="application/json")

    assert response.status_code == 422
    assert "sent_at: cannot read 'last tuesday'" in response.json()["detail"]
    assert Message.objects.count() == 0


def test_the_conversation_shape_is_in_the_openapi_schema() -> None:
    schema = as_user(None).get("/api/openapi.json").json()
    assert "post" in schema["paths"]["/api/conversations"]
    assert "ConversationIn" in schema["components"]["schemas"]
    assert "post" in schema["paths"]["/api/webhooks/{source}"]


def deliver(body: bytes, *, secret: str | None, delivery: str = "d-1", at: float | None = None, **extra: Any):  # type: ignore[no-untyped-def]
    timestamp = str(int(at if at is not None else time.time()))
    headers = {"HTTP_X_VOXPOP_TIMESTAMP": timestamp, "HTTP_X_VOXPOP_DELIVERY": delivery}
    if secret is not None:
        headers["HTTP_X_VOXPOP_SIGNATURE"] = sign(secret, timestamp, body)
    headers.update(extra)
    return Client().post("/api/webhooks/intercom-live", body, content_type="application/json", **headers)


@pytest.fixture
def secret() -> str:
    _endpoint, raw = create_endpoint("intercom-live")
    return raw


def test_a_signed_delivery_is_imported_and_a_repeated_delivery_id_is_ignored(secret: str) -> None:
    body = json.dumps(CONVERSATION).encode()

    first = deliver(body, secret=secret)
    changed = json.dumps({**CONVERSATION, "subject": "Changed in a replay"}).encode()
    repeat = deliver(changed, secret=secret)

    assert first.status_code == 201, first.content
    assert repeat.status_code == 200 and repeat.json()["duplicate"] is True
    conversation = Conversation.objects.get(source__name="intercom-live")
    assert conversation.subject == "Offline mode" and conversation.messages.count() == 2


def test_a_signed_delivery_with_a_nul_in_customer_text_is_accepted_and_stored_without_it(secret: str) -> None:
    response = deliver(json.dumps(with_nul(CONVERSATION)).encode(), secret=secret)

    assert response.status_code == 201, response.content
    message = Message.objects.get(conversation__source__name="intercom-live", external_id="m1")
    assert message.text == "Is there an offline mode?" and message.conversation.subject == "Offline mode"


def test_unsigned_wrongly_signed_and_stale_deliveries_are_refused(secret: str) -> None:
    body = json.dumps(CONVERSATION).encode()

    unsigned = deliver(body, secret=None)
    wrong = deliver(body, secret="whsec_not-the-secret", delivery="d-2")
    tampered = deliver(body, secret=secret, delivery="d-3", HTTP_X_VOXPOP_SIGNATURE="sha256=" + "0" * 64)
    stale = deliver(body, secret=secret, delivery="d-4", at=time.time() - 301)
    future = deliver(body, secret=secret, delivery="d-5", at=time.time() + 400)

    assert unsigned.status_code == 401 and "unsigned" in unsigned.json()["detail"]
    assert wrong.status_code == 401 and wrong.json()["detail"] == "bad signature"
    assert tampered.status_code == 401
    assert stale.status_code == 401 and "stale" in stale.json()["detail"]
    assert future.status_code == 401
    assert Conversation.objects.count() == 0


def test_a_signature_covers_the_body_exactly(secret: str) -> None:
    body = json.dumps(CONVERSATION).encode()
    timestamp = str(int(time.time()))
    signature = sign(secret, timestamp, body)

    response = Client().post(
        "/api/webhooks/intercom-live",
        body.replace(b"Offline mode", b"Offline mode!"),
        content_type="application/json",
        HTTP_X_VOXPOP_TIMESTAMP=timestamp,
        HTTP_X_VOXPOP_SIGNATURE=signature,
        HTTP_X_VOXPOP_DELIVERY="d-9",
    )

    assert response.status_code == 401


def test_rotating_the_secret_invalidates_the_old_one(secret: str) -> None:
    _endpoint, new_secret = create_endpoint("intercom-live")
    body = json.dumps(CONVERSATION).encode()

    assert deliver(body, secret=secret).status_code == 401
    assert deliver(body, secret=new_secret, delivery="d-2").status_code == 201


def test_a_delivery_for_an_unknown_source_is_404() -> None:
    response = deliver(b"{}", secret="whsec_x")
    assert response.status_code == 404


def test_the_import_history_is_in_the_api_for_editors(tmp_path, editor: User, viewer: User) -> None:  # type: ignore[no-untyped-def]
    from tests.imports.conftest import SAMPLES, run

    bad = tmp_path / "bad.csv"
    bad.write_text("conversation_id,text\nc1,fine\nc2,\n", encoding="utf-8")
    run("csv", SAMPLES / "conversations.csv", source="chats", user=editor)
    run("csv", bad, source="chats")
    client = bearer(editor)

    listing = client.get("/api/imports").json()
    detail = client.get(f"/api/imports/{listing[0]['id']}").json()

    assert [(r["source"], r["status"]) for r in listing] == [("chats", "partial"), ("chats", "succeeded")]
    assert listing[1]["user"] == "tia" and listing[1]["counts"]["messages_created"] == 7
    assert detail["files"][0]["errors"] == [{"where": f"{bad}: line 3", "reason": "text is empty"}]
    assert bearer(viewer).get("/api/imports").status_code == 403
    assert client.get("/api/imports/999999").status_code == 404
