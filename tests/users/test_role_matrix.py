"""Who may do what: the whole role x endpoint matrix, pages and API alike."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.builders import as_user, make_conversation, make_tree
from voxpop.conversations.models import Source
from voxpop.roadmap.services import create_feature
from voxpop.users.models import Role, User
from voxpop.users.policies import POLICIES, allowed
from voxpop.users.services import create_token, revoke_token

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "editor", "admin"]

# (method, path, least role allowed, body). {c} is a conversation id, {t} a tag id.
# Anonymous page visits go to sign-in (302); anonymous API calls get 401; signed-in
# people below the role get 403. A successful POST to a page answers 200 or 302.
ENDPOINTS: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("GET", "/", "viewer", None),
    ("GET", "/inbox", "viewer", None),
    ("GET", "/c/{c}", "viewer", None),
    ("POST", "/c/{c}/decide", "editor", {"tag": "{t}"}),
    ("POST", "/c/{c}/undo", "editor", {}),
    ("POST", "/c/{c}/done", "editor", {}),
    ("POST", "/inbox/bulk-tag", "editor", {"tag": "{t}", "conversation": "{c}"}),
    ("GET", "/taxonomy", "viewer", None),
    ("GET", "/taxonomy/{t}", "viewer", None),
    ("POST", "/taxonomy/{t}/rename", "admin", {"name": "Renamed"}),
    ("POST", "/taxonomy/new", "admin", {"slug": "brand-new"}),
    ("GET", "/rules", "viewer", None),
    ("GET", "/priorities", "viewer", None),
    ("POST", "/priorities/weights", "admin", {"reach_weight": "2"}),
    ("GET", "/plan", "viewer", None),
    ("POST", "/plan/capacity", "editor", {"period": "2027-H1", "capacity": "10"}),
    ("POST", "/plan/snapshots", "editor", {"period": "2027-H1", "name": "v1"}),
    ("POST", "/rules/new", "admin", {"tag": "pages", "pattern": "page"}),
    ("GET", "/api/stats", "viewer", None),
    ("GET", "/api/users/me", "viewer", None),
    ("GET", "/api/users", "admin", None),
    ("GET", "/api/inbox?state=all", "viewer", None),
    ("GET", "/api/priorities", "viewer", None),
    ("PUT", "/api/priorities/weights", "admin", {"reach_weight": 2}),
    ("GET", "/api/plan", "viewer", None),
    ("POST", "/api/plan/snapshots", "editor", {"period": "2027-H1"}),
    ("GET", "/api/conversations/{c}", "viewer", None),
    ("POST", "/api/conversations/{c}/decisions", "editor", {"tag_id": "{t}"}),
    ("POST", "/api/conversations/{c}/done", "editor", {}),
    ("POST", "/api/inbox/bulk-tag", "editor", {"tag_id": "{t}", "conversation_ids": ["{c}"]}),
    ("GET", "/imports", "editor", None),
    ("GET", "/imports/new", "admin", None),
    ("POST", "/imports/new", "admin", {"format": "csv"}),
    ("GET", "/api/imports", "editor", None),
    # Roadmap: {f} is a feature id.
    ("GET", "/features", "viewer", None),
    ("GET", "/features/{f}", "viewer", None),
    ("GET", "/features/{f}.md", "viewer", None),
    ("GET", "/themes", "viewer", None),
    ("GET", "/features/new", "editor", None),
    ("POST", "/features/new", "editor", {"title": "New feature"}),
    ("POST", "/features/{f}/edit", "editor", {"title": "Renamed"}),
    ("POST", "/features/{f}/status", "editor", {"status": "planned"}),
    ("POST", "/features/{f}/tags", "editor", {"tag": "{t}"}),
    ("POST", "/features/{f}/tags/{t}/unlink", "editor", {}),
    ("POST", "/features/{f}/conversations", "editor", {"conversation": "{c}"}),
    ("POST", "/features/{f}/conversations/{c}/unlink", "editor", {}),
    ("POST", "/themes/new", "editor", {"name": "Enterprise"}),
    ("POST", "/c/{c}/features", "editor", {"feature": "{f}"}),
    ("GET", "/api/features", "viewer", None),
    ("GET", "/api/features/{f}", "viewer", None),
    ("GET", "/api/features/{f}/evidence", "viewer", None),
    ("GET", "/api/features/picker?q=a", "viewer", None),
    ("GET", "/api/features/themes", "viewer", None),
    ("POST", "/api/features", "editor", {"title": "From the API"}),
    ("POST", "/api/features/{f}/status", "editor", {"status": "planned"}),
    ("POST", "/api/features/{f}/tags/{t}", "editor", {}),
    ("POST", "/api/features/{f}/conversations/{c}", "editor", {}),
    ("POST", "/api/features/themes", "editor", {"name": "Enterprise"}),
]


def expected_status(method: str, path: str, role: str, least: str) -> set[int]:
    api = path.startswith("/api/")
    if role == "anonymous":
        return {401} if api else {302}
    if ROLES.index(role) < ROLES.index(least):
        return {403}
    return {200} if api or method == "GET" else {200, 302}


def fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str):
        return int(value.format(**ids)) if value in ("{c}", "{t}", "{f}") else value.format(**ids)
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "least", "body"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS]
)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(
    personas: dict[str, User | None], source: Source, method: str, path: str, least: str, body: Any, role: str
) -> None:
    ids = {
        "c": make_conversation(source).pk,
        "t": make_tree("product/pages")["pages"].pk,
        "f": create_feature("Relations").pk,
    }
    client = as_user(personas[role])
    url = path.format(**ids)
    if method == "GET":
        response = client.get(url)
    elif url.startswith("/api/"):
        send = client.put if method == "PUT" else client.post
        response = send(url, json.dumps(fill(body, ids)), content_type="application/json")
    else:
        response = client.post(url, fill(body, ids))
    assert response.status_code in expected_status(method, path, role, least), (
        role,
        url,
        response.content[:300],
    )


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_every_policy_follows_the_role_order(personas: dict[str, User | None], policy: str) -> None:
    results = [allowed(personas[role], policy) for role in ROLES]
    assert results[0] is False
    assert results == sorted(results), f"{policy}: a higher role may never lose a right"
    assert results[ROLES.index(POLICIES[policy].value)] is True


def test_a_deactivated_admin_may_do_nothing(admin: User) -> None:
    admin.is_active = False
    admin.save()
    assert not any(allowed(admin, policy) for policy in POLICIES)


def test_an_api_token_acts_with_its_users_role(editor: User, client) -> None:  # type: ignore[no-untyped-def]
    _, raw = create_token(editor, "ci")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/users/me", **auth).json()["username"] == "tia"
    assert client.get("/api/users", **auth).status_code == 403


def test_a_revoked_or_wrong_token_is_refused(editor: User, client) -> None:  # type: ignore[no-untyped-def]
    token, raw = create_token(editor, "ci")
    assert client.get("/api/stats", HTTP_AUTHORIZATION=f"Bearer {raw}x").status_code == 401
    revoke_token(token)
    assert client.get("/api/stats", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_tokens_are_stored_only_as_hashes(editor: User) -> None:
    token, raw = create_token(editor, "ci")
    token.refresh_from_db()
    assert raw not in (token.digest, token.prefix) and len(token.digest) == 64
    assert editor.role == Role.EDITOR
