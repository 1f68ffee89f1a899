"""The demand explorer: a tag subtree over time, period over period, sliced by any
conversation attribute; and its JSON twin."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.builders import as_user, make_account, make_conversation, make_tree
from voxpop.conversations.models import Source
from voxpop.explorer import queries
from voxpop.tagging.services import record_decision
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def pricing_confusion(source: Source, editor: User) -> dict[str, int]:
    """Plan questions from the pricing page and the app over three weeks of June 2026."""
    tags = make_tree("billing/plans/which-plan", "billing/plans/upgrade", "product/offline")
    pro = make_account("Pro Co", plan="pro", segment="smb")
    free = make_account("Free Co", plan="free", segment="self_serve")
    cases = [
        # (day, page, plan at the time, account, tags)
        (1, "/pricing", "free", free, ["which-plan"]),
        (2, "/pricing", "free", free, ["which-plan", "upgrade"]),  # two tags of the subtree: counted once
        (9, "/pricing", "pro", pro, ["which-plan"]),
        (10, "/pricing", "free", free, ["upgrade"]),
        (11, "/app", "pro", pro, ["upgrade"]),
        (16, "/app", "pro", pro, ["which-plan"]),
        (17, None, "pro", pro, ["which-plan"]),  # no page in its context
        (17, "/pricing", "free", free, ["offline"]),  # outside the subtree
    ]
    for day, page, plan, account, slugs in cases:
        context = {"plan_at_time": plan} | ({"page": page} if page else {})
        conversation = make_conversation(
            source, started_at=datetime(2026, 6, day, 10, tzinfo=UTC), account=account, context=context
        )
        for slug in slugs:
            record_decision(conversation, tags[slug], user=editor)
    return {slug: tag.pk for slug, tag in tags.items()}


def counts(ask: queries.Ask) -> dict[tuple[str, str], int]:
    return {(row.period.isoformat(), row.slice): row.conversations for row in queries.series(ask)}


def test_a_subtree_is_counted_per_week_each_conversation_once(pricing_confusion: dict[str, int]) -> None:
    ask = queries.Ask(queries.tag_subtrees([pricing_confusion["plans"]]), "week")
    # 2026-06-01 is a Monday.
    assert counts(ask) == {("2026-06-01", ""): 2, ("2026-06-08", ""): 3, ("2026-06-15", ""): 2}
    monthly = queries.Ask(ask.tag_ids, "month")
    assert counts(monthly) == {("2026-06-01", ""): 7}


def test_slicing_by_a_context_attribute_shows_where_people_asked(pricing_confusion: dict[str, int]) -> None:
    ask = queries.Ask(queries.tag_subtrees([pricing_confusion["plans"]]), "week", by="context.page")
    assert counts(ask) == {
        ("2026-06-01", "/pricing"): 2,
        ("2026-06-08", "/pricing"): 2,
        ("2026-06-08", "/app"): 1,
        ("2026-06-15", "/app"): 1,
        ("2026-06-15", ""): 1,
    }
    by_plan_then = queries.Ask(ask.tag_ids, "month", by="context.plan_at_time")
    assert counts(by_plan_then) == {("2026-06-01", "free"): 3, ("2026-06-01", "pro"): 4}


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("plan", {"free": 3, "pro": 4}),
        ("segment", {"self_serve": 3, "smb": 4}),
        ("channel", {"chat": 7}),
    ],
)
def test_slicing_by_account_and_conversation_columns(
    pricing_confusion: dict[str, int], by: str, expected: dict[str, int]
) -> None:
    ask = queries.Ask(queries.tag_subtrees([pricing_confusion["plans"]]), "month", by=by)
    assert {part: n for (_period, part), n in counts(ask).items()} == expected


def test_a_set_of_subtrees_and_a_date_range(pricing_confusion: dict[str, int]) -> None:
    ids = queries.tag_subtrees([pricing_confusion["upgrade"], pricing_confusion["offline"]])
    ask = queries.Ask(ids, "week", start=date(2026, 6, 8), end=date(2026, 6, 20))
    assert counts(ask) == {("2026-06-08", ""): 2, ("2026-06-15", ""): 1}


def test_period_over_period_compares_this_week_with_the_last(pricing_confusion: dict[str, int]) -> None:
    ask = queries.Ask(queries.tag_subtrees([pricing_confusion["plans"]]), "week", by="context.page")
    comparison = queries.period_over_period(ask, date(2026, 6, 17))
    assert comparison.current_start == date(2026, 6, 15) and comparison.previous_start == date(2026, 6, 8)
    rows = {row.slice: row.as_dict() for row in comparison.rows[1:]}
    assert comparison.rows[0].as_dict() == {
        "slice": "",
        "current": 2,
        "previous": 3,
        "change": -1,
        "ratio": -0.3333,
    }
    assert rows["/pricing"] == {"slice": "/pricing", "current": 0, "previous": 2, "change": -2, "ratio": -1.0}
    assert rows["/app"]["current"] == 1 and rows["/app"]["previous"] == 1
    assert rows[""]["ratio"] is None  # nothing the week before


def test_bad_questions_name_the_field(pricing_confusion: dict[str, int]) -> None:
    with pytest.raises(queries.AskError, match=r"^by:"):
        queries.Ask({1}, "week", by="context.page'); DROP TABLE x; --")
    with pytest.raises(queries.AskError, match=r"^period:"):
        queries.Ask({1}, "day")
    with pytest.raises(queries.AskError, match=r"^tags: no tag with slug 'nope'"):
        queries.ask_from_params({"tags": "plans,nope"})


def test_the_page_and_the_api_answer_the_same(pricing_confusion: dict[str, int], viewer: User) -> None:
    client = as_user(viewer)
    page = client.get("/explore?tags=plans&period=week&by=context.page&as_of=2026-06-17").content.decode()
    assert "/pricing" in page and '<option value="context.page" selected>' in page
    body = client.get("/api/explore?tags=plans&period=week&by=context.page&as_of=2026-06-17").json()
    assert {(r["period"], r["slice"]): r["conversations"] for r in body["rows"]}[
        ("2026-06-08", "/pricing")
    ] == 2
    assert body["comparison"]["rows"][0]["current"] == 2
    bad = client.get("/api/explore?tags=plans&by=nonsense")
    assert bad.status_code == 400 and bad.json()["detail"].startswith("by:")
    assert "by: expected one of" in client.get("/explore?tags=plans&by=nonsense").content.decode()


def test_a_set_of_features_counts_the_tags_they_link(pricing_confusion: dict[str, int], admin: User) -> None:
    from voxpop.roadmap.services import create_feature, link_tag
    from voxpop.taxonomy.models import Tag

    plan_picker = create_feature("Plan picker on the pricing page", actor=admin)
    link_tag(plan_picker, Tag.objects.get(pk=pricing_confusion["which-plan"]), actor=admin)
    offline = create_feature("Offline mode", actor=admin)
    link_tag(offline, Tag.objects.get(pk=pricing_confusion["offline"]), actor=admin)
    ask = queries.ask_from_params({"features": f"{plan_picker.pk},{offline.pk}", "period": "month"})
    assert ask.tag_ids == {pricing_confusion["which-plan"], pricing_confusion["offline"]}
    assert counts(ask) == {("2026-06-01", ""): 6}  # 5 asking which plan, 1 offline
    with pytest.raises(queries.AskError, match=r"^features: no feature with id 999"):
        queries.ask_from_params({"features": "999"})


def test_the_page_counts_features_chosen_in_its_menu(pricing_confusion: dict[str, int], admin: User) -> None:
    from voxpop.roadmap.services import create_feature, link_tag
    from voxpop.taxonomy.models import Tag

    feature = create_feature("Plan <picker>", actor=admin)
    link_tag(feature, Tag.objects.get(pk=pricing_confusion["which-plan"]), actor=admin)
    page = (
        as_user(admin).get(f"/explore?features={feature.pk}&period=month&as_of=2026-06-20").content.decode()
    )
    assert "Plan &lt;picker&gt;" in page and f'<option value="{feature.pk}" selected>' in page
    assert "<td>2026-06-01</td><td>5</td>" in page
