"""The rules API: the role matrix over every endpoint, and refusals answered plainly."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.builders import as_user, make_conversation, make_tree
from voxpop.conversations.models import Source
from voxpop.rules.models import Rule
from voxpop.rules.services import create_rule
from voxpop.tagging.models import Suggestion
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "viewer", "editor", "admin"]


@pytest.fixture
def tags(db: Any) -> dict[str, Tag]:
    return make_tree("billing/refunds", "billing/invoices")


def call(client: Any, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    if method == "GET":
        return client.get(path)
    return client.generic(method, path, json.dumps(body or {}), content_type="application/json")


# (method, path, body, least role, status when allowed); "{rule}" is a rule's id, "{tag}" a tag's.
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, str, int]] = [
    ("GET", "/api/rules", None, "viewer", 200),
    ("GET", "/api/rules?tag_id={tag}", None, "viewer", 200),
    ("GET", "/api/rules/{rule}", None, "viewer", 200),
    ("POST", "/api/rules", {"tag_id": "{tag}", "pattern": "chargeback"}, "admin", 200),
    ("PATCH", "/api/rules/{rule}", {"mode": "auto"}, "admin", 200),
    ("DELETE", "/api/rules/{rule}", None, "admin", 204),
    ("POST", "/api/rules/apply", {}, "admin", 200),
    ("POST", "/api/rules/preview", {"pattern": "refund"}, "admin", 200),
]


@pytest.mark.parametrize(("method", "path", "body", "least", "ok"), ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(
    tags: dict[str, Tag],
    personas: dict[str, User | None],
    method: str,
    path: str,
    body: dict[str, Any] | None,
    least: str,
    ok: int,
    role: str,
) -> None:
    rule = create_rule(tags["refunds"], "refund")
    ids = {"rule": rule.pk, "tag": tags["refunds"].pk}
    filled = {
        k: ids[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v for k, v in (body or {}).items()
    }
    response = call(as_user(personas[role]), method, path.format(**ids), filled)
    expected = 401 if role == "anonymous" else ok if ROLES.index(role) >= ROLES.index(least) else 403
    assert response.status_code == expected, (role, path, response.content[:300])


def test_create_apply_and_list_through_the_api(tags: dict[str, Tag], source: Source, admin: User) -> None:
    client = as_user(admin)
    conversation = make_conversation(source, "我要退款")
    created = call(
        client, "POST", "/api/rules", {"tag_id": tags["refunds"].pk, "pattern": "退款, refund"}
    ).json()
    assert (created["ref"], created["tag_path"], created["created_by"]) == (
        f"rule:{created['id']}",
        "Billing > Refunds",
        "ada",
    )
    applied = call(client, "POST", "/api/rules/apply", {"conversation_ids": [conversation.pk]}).json()
    assert (applied["matched"], applied["suggestions"], applied["decisions"]) == (1, 1, 0)
    assert Suggestion.objects.get().model_version == created["ref"]
    assert [row["id"] for row in client.get("/api/rules").json()] == [created["id"]]


def test_a_bad_regex_is_400_with_the_reason(tags: dict[str, Tag], admin: User) -> None:
    client = as_user(admin)
    response = call(
        client, "POST", "/api/rules", {"tag_id": tags["refunds"].pk, "pattern": "(a+)+", "kind": "regex"}
    )
    assert response.status_code == 400
    assert "exponential time" in response.json()["detail"]
    preview = call(client, "POST", "/api/rules/preview", {"pattern": "[oops", "kind": "regex"})
    assert preview.status_code == 400 and "not a valid regular expression" in preview.json()["detail"]
    assert not Rule.objects.exists()


def test_preview_and_patch(tags: dict[str, Tag], source: Source, admin: User) -> None:
    client = as_user(admin)
    make_conversation(source, "refund me")
    rule = create_rule(tags["refunds"], "refund")
    result = call(client, "POST", "/api/rules/preview", {"rule_id": rule.pk}).json()
    assert (result["matched"], result["samples"][0]["text"]) == (1, "refund me")
    patched = call(client, "PATCH", f"/api/rules/{rule.pk}", {"active": False}).json()
    assert patched["active"] is False and patched["mode"] == "suggest"
