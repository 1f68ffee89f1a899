"""A NUL character in API input: refused as a 422 naming the field, before anything is
written, on SQLite as on PostgreSQL (which cannot store one and answered 500)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated, Any, get_args, get_origin

import pytest
from pydantic import BaseModel

from tests.builders import as_user, make_tree
from voxpop.api import api
from voxpop.audit.models import AuditEvent
from voxpop.core.schemas import InputSchema, refuse_nul
from voxpop.planning.models import PlanSnapshot
from voxpop.roadmap import services as roadmap
from voxpop.taxonomy.models import Tag, TagStatus
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
NUL = "\x00"


def send(client: Any, method: str, path: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def refusal(response: Any) -> dict[str, Any]:
    """The one validation error of a 422 answer, checked to be the NUL refusal."""
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["type"] == "nul_character" and "NUL" in error["msg"], error
    return error


def test_a_nul_in_a_tag_name_is_refused_naming_the_field_and_creates_no_tag(admin: User) -> None:
    client = as_user(admin)  # signing in is audited: before the counts
    make_tree("product/pages")
    tags, events = Tag.objects.count(), AuditEvent.objects.count()

    response = send(client, "post", "/api/taxonomy/tags", {"slug": "offline", "name": f"Off{NUL}line"})

    assert refusal(response)["loc"] == ["body", "payload", "name"]
    assert (Tag.objects.count(), AuditEvent.objects.count()) == (tags, events)


def test_a_nul_in_a_list_item_names_the_field_and_the_item(admin: User) -> None:
    body = {"slug": "offline", "examples": ["works offline?", f"sync{NUL}"]}

    response = send(as_user(admin), "post", "/api/taxonomy/tags", body)

    error = refusal(response)
    assert error["loc"] == ["body", "payload", "examples"] and error["msg"].endswith(" at [1]")
    assert not Tag.objects.filter(slug="offline").exists()


def test_a_nul_in_a_nested_schema_names_its_path_and_nothing_is_split(admin: User) -> None:
    client = as_user(admin)  # signing in is audited: before the counts
    tree = make_tree("product/pages")
    tags, events = Tag.objects.count(), AuditEvent.objects.count()

    response = send(
        client,
        "post",
        f"/api/taxonomy/tags/{tree['pages'].pk}/split",
        {"create": [{"slug": "wikis"}, {"slug": f"docs{NUL}"}]},
    )

    assert refusal(response)["loc"] == ["body", "payload", "create", 1, "slug"]
    assert (Tag.objects.count(), AuditEvent.objects.count()) == (tags, events)
    tree["pages"].refresh_from_db()
    assert tree["pages"].status == TagStatus.ACTIVE


def test_a_nul_in_a_feature_patch_leaves_the_feature_as_it_was(editor: User) -> None:
    client = as_user(editor)  # signing in is audited: before the counts
    feature = roadmap.create_feature("Offline mode", description="Work without a connection", actor=editor)
    events = AuditEvent.objects.count()

    response = send(
        client, "patch", f"/api/features/{feature.pk}", {"title": "Offline", "description": f"No{NUL}net"}
    )

    assert refusal(response)["loc"] == ["body", "payload", "description"]
    feature.refresh_from_db()
    assert (feature.title, feature.description) == ("Offline mode", "Work without a connection")
    assert AuditEvent.objects.count() == events


def test_a_nul_in_a_plan_snapshot_name_saves_no_snapshot(editor: User) -> None:
    response = send(as_user(editor), "post", "/api/plan/snapshots", {"period": "2027-H1", "name": f"Q{NUL}"})

    assert refusal(response)["loc"] == ["body", "payload", "name"]
    assert not PlanSnapshot.objects.exists()


def test_a_nul_in_a_dictionary_key_is_refused(admin: User) -> None:
    response = send(as_user(admin), "put", "/api/priorities/weights", {"segment_weights": {f"smb{NUL}": 2.0}})

    assert refusal(response)["loc"] == ["body", "payload", "segment_weights"]


def test_a_nul_in_a_saved_view_name_saves_no_view(editor: User) -> None:
    response = send(as_user(editor), "post", "/api/saved-views", {"name": f"Mine{NUL}", "query": "state=all"})

    assert refusal(response)["loc"] == ["body", "payload", "name"]
    assert not editor.saved_views.exists()


@pytest.mark.parametrize(
    ("path", "loc"),
    [
        ("/api/taxonomy/tags?slug=a%00b", ["query", "slug"]),
        ("/api/taxonomy/tags/by-slug?slug=a%00b", ["query", "slug"]),
        ("/api/features?theme=a%00b", ["query", "theme"]),
        ("/api/plan/snapshots?period=a%00b", ["query", "period"]),
        ("/api/explore?tags=a%00b", ["query", "tags"]),
    ],
)
def test_a_nul_in_a_query_filter_is_refused_naming_the_parameter(
    admin: User, path: str, loc: list[str]
) -> None:
    assert refusal(as_user(admin).get(path))["loc"] == loc


# Where a NUL is welcome: customer text arriving by ingestion (the import pipeline
# removes it, tests/imports/test_live.py) and the search boxes (they ignore it,
# tests/conversations/test_search.py).
ACCEPTS_NUL = {
    ("POST", "/conversations", "payload"),
    ("GET", "/taxonomy/picker", "q"),
    ("GET", "/features/picker", "q"),
}


def unguarded(annotation: Any, where: str, guarded: bool) -> Iterator[str]:
    """Every place in a parameter's type where a string could bring a NUL unrefused."""
    if get_origin(annotation) is Annotated:
        base, *extras = get_args(annotation)
        guarded = guarded or any(getattr(extra, "func", None) is refuse_nul for extra in extras)
        yield from unguarded(base, where, guarded)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if not issubclass(annotation, InputSchema):
            yield f"{where}: {annotation.__name__} is not an InputSchema"
        for name, field in annotation.model_fields.items():
            yield from unguarded(field.annotation, f"{where}.{name}", guarded=True)
    elif annotation is str:
        if not guarded:
            yield f"{where}: a str that is not NulFree"
    else:  # list[...], dict[...], X | None (a Literal's arguments are values, not types)
        for argument in get_args(annotation):
            yield from unguarded(argument, where, guarded)


def test_every_request_parameter_refuses_a_nul_but_ingestion_and_the_search_boxes() -> None:
    problems, exempt_seen = [], set()
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            route = re.sub("/+", "/", f"/{prefix}/{path}").rstrip("/")
            for operation in view.operations:
                for model in operation.models:
                    for name, field in model.model_fields.items():
                        key = (operation.methods[0], route, name)
                        if key in ACCEPTS_NUL:
                            exempt_seen.add(key)
                            continue
                        guarded = any(getattr(m, "func", None) is refuse_nul for m in field.metadata)
                        problems += unguarded(field.annotation, " ".join(key), guarded)
    assert problems == []
    assert exempt_seen == ACCEPTS_NUL, "an exemption names a parameter that no longer exists"
