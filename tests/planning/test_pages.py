"""Priorities page, planning board and their API."""

from __future__ import annotations

import json

import pytest

from tests.builders import as_user
from voxpop.planning import queries
from voxpop.planning.models import PlanSnapshot
from voxpop.roadmap import services as roadmap
from voxpop.roadmap.models import Feature
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def test_the_priorities_page_shows_parts_and_escapes_titles(viewer: User) -> None:
    roadmap.create_feature("<script>alert(1)</script> export", effort=2)

    page = as_user(viewer).get("/priorities").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; export" in page
    assert "<script>alert(1)" not in page
    assert "score = (reach" in page
    assert 'name="reach_weight"' in page and "disabled" in page  # viewers see, cannot edit


def test_an_editor_plans_a_period_and_the_board_warns_over_capacity(editor: User) -> None:
    feature = roadmap.create_feature("SSO", effort=8)
    client = as_user(editor)

    assert client.post("/plan/capacity", {"period": "2027-H1", "capacity": "6"}).status_code == 302
    assert client.post("/plan/place", {"feature": feature.pk, "period": "2027-H1"}).status_code == 302

    feature.refresh_from_db()
    assert feature.target_period == "2027-H1"
    column = next(c for c in queries.board()[0] if c.period == "2027-H1")
    assert column.planned == 8.0 and column.over
    page = client.get("/plan").content.decode()
    assert "over capacity" in page
    response = client.post("/plan/snapshots", {"period": "2027-H1", "name": "Draft 1"})
    snapshot = PlanSnapshot.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plan/snapshots/{snapshot.pk}"
    assert "SSO" in client.get(f"/plan/snapshots/{snapshot.pk}").content.decode()


def test_a_bad_period_is_reported_not_saved(editor: User) -> None:
    feature = roadmap.create_feature("SSO")
    response = as_user(editor).post("/plan/place", {"feature": feature.pk, "period": "soon"}, follow=True)
    assert "is not a period like 2027-H1" in response.content.decode()
    assert Feature.objects.get(pk=feature.pk).target_period == ""


def test_board_periods_run_from_the_current_half_year() -> None:
    from datetime import date

    assert queries.board_periods(date(2026, 11, 23)) == ["2026-H2", "2027-H1", "2027-H2"]
    roadmap.create_feature("Later", target_period="2028-Q2")
    assert queries.board_periods(date(2026, 11, 23))[-1] == "2028-Q2"


def test_weights_api_is_for_admins_and_validates(admin: User, editor: User) -> None:
    body = json.dumps({"reach_weight": 2, "segment_weights": {"enterprise": 2.5}})
    assert (
        as_user(editor).put("/api/priorities/weights", body, content_type="application/json").status_code
        == 403
    )

    response = as_user(admin).put("/api/priorities/weights", body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["segment_weights"]["enterprise"] == 2.5
    bad = as_user(admin).put(
        "/api/priorities/weights", json.dumps({"arr_weight": -2}), content_type="application/json"
    )
    assert bad.status_code == 400 and "arr_weight" in bad.json()["detail"]


def test_priorities_and_plan_api(editor: User) -> None:
    feature = roadmap.create_feature("SSO", effort=2)
    client = as_user(editor)

    placed = client.post(
        "/api/plan/place",
        json.dumps({"feature_id": feature.pk, "period": "2027-H2"}),
        content_type="application/json",
    )
    snapshot = client.post(
        "/api/plan/snapshots",
        json.dumps({"period": "2027-H2", "name": "v1"}),
        content_type="application/json",
    )

    assert placed.status_code == 200 and placed.json()["target_period"] == "2027-H2"
    assert [row["title"] for row in client.get("/api/priorities").json()] == ["SSO"]
    assert snapshot.status_code == 200 and snapshot.json()["items"][0]["title"] == "SSO"
    board = client.get("/api/plan").json()
    assert any(
        p["period"] == "2027-H2" and p["features"][0]["feature_id"] == feature.pk for p in board["periods"]
    )
