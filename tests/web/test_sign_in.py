"""Signing in and out, CSRF, security headers and cookies, the home page."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.builders import as_user, make_conversation
from tests.conftest import PASSWORD
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Source
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in?next=/")


def test_signing_in_shows_the_workspace_counts_and_is_audited(admin: User, source: Source) -> None:
    make_conversation(source)
    client = Client(enforce_csrf_checks=True)
    page = client.get("/sign-in")
    assert page.status_code == 200
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/sign-in", {"username": "ada", "password": PASSWORD, "csrfmiddlewaretoken": token}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    assert b'data-count="conversations">1<' in response.content
    assert AuditEvent.objects.filter(action="auth.sign_in", actor=admin).count() == 1


def test_a_wrong_password_is_refused_and_audited(admin: User, client: Client) -> None:
    response = client.post("/sign-in", {"username": "ada", "password": "wrong"})
    assert response.status_code == 200
    assert b"do not match" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.sign_in_failed", data__username="ada").exists()


def test_sign_in_without_csrf_token_is_refused(admin: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 403


def test_sign_out_is_a_post_and_is_audited(editor: User) -> None:
    client = as_user(editor)
    assert client.get("/sign-out").status_code == 405
    assert client.post("/sign-out").status_code == 302
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.sign_out", actor=editor).exists()


def test_pages_carry_security_headers(viewer: User) -> None:
    response = as_user(viewer).get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response


def test_cookies_are_secure_when_served_over_https(admin: User) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/sign-in", secure=True)
    assert page.cookies["csrftoken"]["secure"] is True
    assert page["Strict-Transport-Security"].startswith("max-age=")
    response = client.post(
        "/sign-in",
        {"username": "ada", "password": PASSWORD, "csrfmiddlewaretoken": page.cookies["csrftoken"].value},
        secure=True,
        HTTP_REFERER="https://testserver/sign-in",
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


def test_cookies_are_not_marked_secure_over_plain_http(admin: User, client: Client) -> None:
    page = client.get("/sign-in")
    assert not page.cookies["csrftoken"]["secure"]


def test_stats_api_matches_the_home_page(viewer: User, source: Source) -> None:
    make_conversation(source)
    data = as_user(viewer).get("/api/stats").json()
    assert data["conversations"] == 1 and data["messages"] == 1 and data["sources"] == 1


def test_the_openapi_schema_is_served(viewer: User) -> None:
    schema = as_user(viewer).get("/api/openapi.json").json()
    assert "/api/stats" in schema["paths"]


def test_api_docs_use_vendored_assets_not_a_cdn(viewer: User) -> None:
    page = as_user(viewer).get("/api/docs")
    assert page.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in page.content
    assert b"cdn" not in page.content.lower()
