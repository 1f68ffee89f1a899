"""Who may do what: the whole role x endpoint matrix, pages and API alike."""

from __future__ import annotations

import pytest

from tests.builders import as_user
from voxpop.users.models import Role, User
from voxpop.users.policies import POLICIES, allowed
from voxpop.users.services import create_token, revoke_token

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "editor", "admin"]

# (method, path, least role allowed). Anonymous page visits go to sign-in (302);
# anonymous API calls get 401; signed-in people below the role get 403.
ENDPOINTS = [
    ("GET", "/", "viewer"),
    ("GET", "/api/stats", "viewer"),
    ("GET", "/api/users/me", "viewer"),
    ("GET", "/api/users", "admin"),
]


def expected_status(path: str, role: str, least: str) -> int:
    if role == "anonymous":
        return 401 if path.startswith("/api/") else 302
    return 200 if ROLES.index(role) >= ROLES.index(least) else 403


@pytest.mark.parametrize(("method", "path", "least"), ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(personas: dict[str, User | None], method: str, path: str, least: str, role: str) -> None:
    response = as_user(personas[role]).generic(method, path)
    assert response.status_code == expected_status(path, role, least), (role, path, response.content[:200])


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
