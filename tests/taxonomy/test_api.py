"""The taxonomy API: the tree editor's JSON twin, with the role matrix over every endpoint."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import quote

import pytest
import yaml

from tests.builders import as_user, make_conversation, make_tree
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Source
from voxpop.tagging.models import ReviewItem
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.models import Tag, TagStatus
from voxpop.taxonomy.services import create_tag, merge_tags
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "viewer", "editor", "admin"]


@pytest.fixture
def tree(db: Any) -> dict[str, Tag]:
    return make_tree(
        "product/databases/relations",
        "product/databases/rollups",
        "product/databases/formulas",
        "product/pages",
    )


def post(client: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(path, data=json.dumps(body or {}), content_type="application/json")


# (method, path template, body, least role). Templates name tags by slug: "{rollups}" is its id.
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, str]] = [
    ("GET", "/api/taxonomy/tags", None, "viewer"),
    ("GET", "/api/taxonomy/tags?slug=rollups", None, "viewer"),
    ("GET", "/api/taxonomy/tags/by-slug?slug=rollups", None, "viewer"),
    ("GET", "/api/taxonomy/tags/{rollups}", None, "viewer"),
    ("GET", "/api/taxonomy/tags/{rollups}/trend", None, "viewer"),
    ("GET", "/api/taxonomy/picker?q=db+rel", None, "viewer"),
    ("GET", "/api/taxonomy/export?format=yaml", None, "viewer"),
    ("GET", "/api/taxonomy/export?format=csv", None, "viewer"),
    ("POST", "/api/taxonomy/tags", {"slug": "lookups", "parent_id": "{databases}"}, "admin"),
    ("POST", "/api/taxonomy/tags/{rollups}/rename", {"name": "Roll-ups"}, "admin"),
    ("POST", "/api/taxonomy/tags/{rollups}/move", {"parent_id": "{product}"}, "admin"),
    ("POST", "/api/taxonomy/tags/{rollups}/merge", {"target_id": "{formulas}"}, "admin"),
    ("POST", "/api/taxonomy/tags/{merged}/unmerge", None, "admin"),
    ("POST", "/api/taxonomy/tags/{rollups}/split", {"successor_ids": ["{formulas}", "{pages}"]}, "admin"),
    ("POST", "/api/taxonomy/tags/{rollups}/deprecate", None, "admin"),
    ("POST", "/api/taxonomy/tags/{deprecated}/reactivate", None, "admin"),
]


def fill(template: Any, ids: dict[str, int]) -> Any:
    """Replace "{slug}" placeholders (in a path or a JSON body) with tag ids."""
    if isinstance(template, dict):
        return {key: fill(value, ids) for key, value in template.items()}
    if isinstance(template, list):
        return [fill(value, ids) for value in template]
    if isinstance(template, str) and template.startswith("{") and template.endswith("}"):
        return ids[template[1:-1]]
    if isinstance(template, str):
        return template.format(**ids)
    return template


@pytest.mark.parametrize(("method", "path", "body", "least"), ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(
    tree: dict[str, Tag],
    personas: dict[str, User | None],
    method: str,
    path: str,
    body: dict[str, Any] | None,
    least: str,
    role: str,
) -> None:
    merged = create_tag("old-rollups", "Old rollups", parent=tree["databases"])
    merge_tags(merged, tree["rollups"])
    deprecated = create_tag("charts", "Charts", parent=tree["product"], description="")
    deprecated.status = TagStatus.DEPRECATED
    deprecated.save()
    ids = {slug: tag.pk for slug, tag in tree.items()} | {"merged": merged.pk, "deprecated": deprecated.pk}
    client = as_user(personas[role])
    url = fill(path, ids)
    response = client.get(url) if method == "GET" else post(client, url, fill(body, ids))
    expected = 401 if role == "anonymous" else 200 if ROLES.index(role) >= ROLES.index(least) else 403
    assert response.status_code == expected, (role, url, response.content[:300])


def test_the_list_gives_every_tag_with_its_path(tree: dict[str, Tag], viewer: User) -> None:
    rows = as_user(viewer).get("/api/taxonomy/tags").json()
    by_slug = {row["slug"]: row for row in rows}
    assert set(by_slug) == {"product", "databases", "relations", "rollups", "formulas", "pages"}
    relations = by_slug["relations"]
    assert relations["path"] == "Product > Databases > Relations"
    assert relations["parent_id"] == tree["databases"].pk
    assert relations["facet_id"] == tree["product"].pk
    assert (relations["depth"], relations["status"], relations["merged_into"]) == (2, "active", None)
    assert [row["slug"] for row in rows][:2] == ["product", "databases"], "parents come first"


@pytest.mark.parametrize("slug", ["reverted_card_payment?", "数据库/关系", "Upper Case & spaces"])
def test_a_slug_with_any_printable_characters_works_through_the_api(
    tree: dict[str, Tag], admin: User, slug: str
) -> None:
    client = as_user(admin)
    created = post(client, "/api/taxonomy/tags", {"slug": slug, "name": "Odd", "parent_id": tree["pages"].pk})
    assert created.status_code == 200, created.content
    tag_id = created.json()["id"]
    assert created.json()["slug"] == slug

    assert client.get(f"/api/taxonomy/tags/by-slug?slug={quote(slug)}").json()["id"] == tag_id
    assert [row["id"] for row in client.get(f"/api/taxonomy/tags?slug={quote(slug)}").json()] == [tag_id]
    assert client.get(f"/api/taxonomy/tags/{tag_id}").json()["slug"] == slug
    renamed = post(client, f"/api/taxonomy/tags/{tag_id}/rename", {"name": "Renamed"})
    assert renamed.json()["slug"] == slug and renamed.json()["name"] == "Renamed"
    assert Tag.objects.get(slug=slug).name == "Renamed"


def test_an_unknown_slug_or_id_is_404(tree: dict[str, Tag], viewer: User) -> None:
    client = as_user(viewer)
    assert client.get("/api/taxonomy/tags/by-slug?slug=nope").status_code == 404
    assert client.get("/api/taxonomy/tags/999999").status_code == 404
    assert client.get("/api/taxonomy/tags?slug=nope").json() == []


def test_create_move_and_rename_change_the_tree(tree: dict[str, Tag], admin: User) -> None:
    client = as_user(admin)
    created = post(
        client,
        "/api/taxonomy/tags",
        {
            "slug": "lookups",
            "name": "Lookups",
            "parent_id": tree["databases"].pk,
            "examples": ["pull a field"],
        },
    ).json()
    assert created["path"] == "Product > Databases > Lookups" and created["examples"] == ["pull a field"]
    moved = post(client, f"/api/taxonomy/tags/{created['id']}/move", {"parent_id": tree["pages"].pk}).json()
    assert moved["path"] == "Product > Pages > Lookups"
    root = post(client, f"/api/taxonomy/tags/{created['id']}/move", {"parent_id": None}).json()
    assert (root["path"], root["depth"], root["parent_id"]) == ("Lookups", 0, None)
    assert AuditEvent.objects.filter(action="taxonomy.tag_moved", actor=admin).count() == 2


def test_a_refused_operation_is_400_with_the_reason_and_changes_nothing(
    tree: dict[str, Tag], admin: User
) -> None:
    client = as_user(admin)
    response = post(
        client, f"/api/taxonomy/tags/{tree['databases'].pk}/move", {"parent_id": tree["rollups"].pk}
    )
    assert response.status_code == 400
    assert "under its own descendant" in response.json()["detail"]
    duplicate = post(client, "/api/taxonomy/tags", {"slug": "rollups"})
    assert duplicate.status_code == 400 and "already exists" in duplicate.json()["detail"]
    split = post(
        client,
        f"/api/taxonomy/tags/{tree['rollups'].pk}/split",
        {"successor_ids": [tree["rollups"].pk], "create": [{"slug": "rollups-a"}]},
    )
    assert split.status_code == 400
    assert not Tag.objects.filter(slug="rollups-a").exists(), "the successor created first was rolled back"
    assert Tag.objects.get(slug="rollups").status == TagStatus.ACTIVE


def test_merge_and_unmerge_through_the_api_keep_the_counts(
    tree: dict[str, Tag], source: Source, editor: User, admin: User
) -> None:
    record_decision(make_conversation(source), tree["rollups"], user=editor)
    record_decision(make_conversation(source), tree["formulas"], user=editor)
    client = as_user(admin)
    merged = post(
        client, f"/api/taxonomy/tags/{tree['rollups'].pk}/merge", {"target_id": tree["formulas"].pk}
    )
    assert merged.json()["conversations"] == 1
    assert merged.json()["tag"]["status"] == "merged"
    assert merged.json()["tag"]["merged_into"] == tree["formulas"].pk

    trend = client.get(f"/api/taxonomy/tags/{tree['formulas'].pk}/trend").json()
    assert trend["merged_from"] == ["rollups"]
    assert sum(point["conversations"] for point in trend["series"]["points"]) == 2
    assert trend["series"]["id"] == tree["formulas"].pk

    unmerged = post(client, f"/api/taxonomy/tags/{tree['rollups'].pk}/unmerge")
    assert unmerged.json()["tag"]["status"] == "active"
    again = post(client, f"/api/taxonomy/tags/{tree['rollups'].pk}/unmerge")
    assert again.status_code == 400 and "is not merged" in again.json()["detail"]


def test_split_creates_successors_and_queues_the_conversations(
    tree: dict[str, Tag], source: Source, editor: User, admin: User
) -> None:
    for _ in range(3):
        record_decision(make_conversation(source), tree["rollups"], user=editor)
    response = post(
        as_user(admin),
        f"/api/taxonomy/tags/{tree['rollups'].pk}/split",
        {"successor_ids": [tree["formulas"].pk], "create": [{"slug": "sums", "name": "Sums"}]},
    ).json()
    assert response["queued"] == 3 == ReviewItem.objects.filter(split_id=response["split_id"]).count()
    assert response["tag"]["status"] == "deprecated"
    assert {s["slug"] for s in response["successors"]} == {"formulas", "sums"}
    assert Tag.objects.get(slug="sums").parent == tree["databases"]

    trend = as_user(admin).get(f"/api/taxonomy/tags/{tree['formulas'].pk}/trend").json()
    assert [(s["slug"], s["relation"]) for s in trend["related"]] == [("rollups", "split_from")]


def test_deprecate_and_reactivate(tree: dict[str, Tag], admin: User) -> None:
    client = as_user(admin)
    url = f"/api/taxonomy/tags/{tree['pages'].pk}"
    assert post(client, f"{url}/deprecate").json()["status"] == "deprecated"
    assert [row["slug"] for row in client.get("/api/taxonomy/tags?status=deprecated").json()] == ["pages"]
    assert post(client, f"{url}/reactivate").json()["status"] == "active"
    refused = post(client, f"{url}/reactivate")
    assert refused.status_code == 400 and "not deprecated" in refused.json()["detail"]


def test_the_picker_answers_with_recent_tags_first(
    tree: dict[str, Tag], source: Source, editor: User
) -> None:
    client = as_user(editor)
    assert client.get("/api/taxonomy/picker?q=db+rel").json()[0]["path"] == "Product > Databases > Relations"
    record_decision(make_conversation(source), tree["formulas"], user=editor)
    first = client.get("/api/taxonomy/picker").json()[0]
    assert (first["slug"], first["recent"]) == ("formulas", True)
    assert len(client.get("/api/taxonomy/picker?q=&limit=2").json()) == 2


def test_export_is_the_cli_file_and_is_audited(tree: dict[str, Tag], viewer: User) -> None:
    create_tag("数据库/关系", "关系", parent=tree["pages"])
    client = as_user(viewer)
    exported = client.get("/api/taxonomy/export?format=yaml")
    assert exported["Content-Type"].startswith("application/yaml")
    assert 'filename="taxonomy.yaml"' in exported["Content-Disposition"]
    assert yaml.safe_load(exported.content.decode())[0]["slug"] == "product"
    assert "数据库/关系" in exported.content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get("/api/taxonomy/export?format=csv").content.decode())))
    assert {row["slug"] for row in rows} >= {"rollups", "数据库/关系"}
    events = AuditEvent.objects.filter(action="taxonomy.exported", actor=viewer)
    assert sorted(event.data["format"] for event in events) == ["csv", "yaml"]
    assert client.get("/api/taxonomy/export?format=xml").status_code == 422
