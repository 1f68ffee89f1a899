"""Saved inbox views: personal or shared, validated, owned."""

from __future__ import annotations

import pytest

from tests.builders import as_user
from voxpop.conversations.models import SavedView
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def test_saving_a_view_normalises_the_query_and_lists_it(editor: User) -> None:
    client = as_user(editor)
    response = client.post(
        "/inbox/views", {"name": "Korean chats", "query": "language=ko&channel=chat&state=untagged&q="}
    )
    assert response.status_code == 302 and response["Location"] == "/inbox?channel=chat&language=ko"
    page = client.get("/inbox").content.decode()
    assert "Korean chats" in page and 'href="/inbox?channel=chat&amp;language=ko"' in page


def test_a_shared_view_shows_for_others_but_only_the_owner_deletes_it(editor: User, viewer: User) -> None:
    as_user(editor).post("/inbox/views", {"name": "Enterprise", "query": "segment=enterprise", "shared": "1"})
    as_user(editor).post("/inbox/views", {"name": "Mine only", "query": "state=done"})
    names = [v["name"] for v in as_user(viewer).get("/api/saved-views").json()]
    assert names == ["Enterprise"]
    view = SavedView.objects.get(name="Enterprise")
    assert as_user(viewer).post(f"/inbox/views/{view.pk}/delete").status_code == 403
    assert as_user(viewer).delete(f"/api/saved-views/{view.pk}").status_code == 403
    assert as_user(editor).delete(f"/api/saved-views/{view.pk}").status_code == 204
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_a_view_with_a_bad_filter_is_refused_with_the_field_named(editor: User) -> None:
    response = as_user(editor).post(
        "/api/saved-views", {"name": "x", "query": "sort=sideways"}, content_type="application/json"
    )
    assert response.status_code == 400 and "sort: expected one of" in response.json()["detail"]
    assert not SavedView.objects.exists()


def test_saving_again_under_the_same_name_replaces_the_view(editor: User) -> None:
    client = as_user(editor)
    client.post(
        "/api/saved-views", {"name": "Mine", "query": "channel=chat"}, content_type="application/json"
    )
    client.post(
        "/api/saved-views", {"name": "Mine", "query": "channel=email"}, content_type="application/json"
    )
    assert list(SavedView.objects.values_list("query", flat=True)) == ["channel=email"]
