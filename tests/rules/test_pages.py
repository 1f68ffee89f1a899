"""The rules page: preview a pattern, save it as a rule, and see it work."""

from __future__ import annotations

import pytest

from tests.builders import as_user, make_conversation, make_tree
from voxpop.conversations.models import Source
from voxpop.rules.models import Rule
from voxpop.tagging.models import Suggestion
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def test_an_admin_previews_saves_and_the_rule_suggests_at_once(admin: User, source: Source) -> None:
    tags = make_tree("product/offline")
    hit = make_conversation(source, "The app loses my edits when I go offline on the train")
    make_conversation(source, "Billing question about seats")
    client = as_user(admin)
    page = client.get("/rules?kind=keyword&pattern=offline").content.decode()
    assert "Matches 1 of the latest 2 conversations." in page
    response = client.post(
        "/rules/new",
        {"tag": "offline", "kind": "keyword", "pattern": "offline", "mode": "suggest"},
        follow=True,
    )
    assert "1 conversations matched" in response.content.decode()
    rule = Rule.objects.get()
    assert list(Suggestion.objects.values_list("conversation_id", "tag_id", "model_version")) == [
        (hit.pk, tags["offline"].pk, rule.ref)
    ]


def test_a_bad_pattern_is_explained_and_saves_nothing(admin: User) -> None:
    make_tree("product/offline")
    response = as_user(admin).post(
        "/rules/new", {"tag": "offline", "kind": "regex", "pattern": "(a+)+$"}, follow=True
    )
    assert response.status_code == 200
    assert "can take exponential time" in response.content.decode()
    assert not Rule.objects.exists()


def test_viewers_see_rules_without_controls_and_editors_cannot_change_them(
    viewer: User, editor: User, admin: User
) -> None:
    make_tree("product/offline")
    as_user(admin).post("/rules/new", {"tag": "offline", "kind": "keyword", "pattern": "offline"})
    page = as_user(viewer).get("/rules").content.decode()
    assert "offline" in page and "Deactivate" not in page
    rule = Rule.objects.get()
    assert as_user(editor).post(f"/rules/{rule.pk}/toggle").status_code == 403
    as_user(admin).post(f"/rules/{rule.pk}/toggle")
    rule.refresh_from_db()
    assert rule.active is False
