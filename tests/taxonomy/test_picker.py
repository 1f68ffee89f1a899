"""The tag picker: fuzzy over full paths, recent tags first, always up to date."""

from __future__ import annotations

import pytest

from tests.builders import make_conversation, make_tree
from voxpop.conversations.models import Source
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.models import Tag
from voxpop.taxonomy.picker import search, word_score
from voxpop.taxonomy.services import create_tag, deprecate_tag, merge_tags, move_tag, rename_tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Tag]:
    return make_tree(
        "databases/relations/relation-property",
        "databases/relations/rollups",
        "databases/formulas",
        "dashboards/embeds",
        "docs/publishing/release-notes",
        "billing/refunds/delayed-refund",
    )


def paths(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [hit.path for hit in hits]


def test_db_rel_puts_relation_property_first(tree: dict[str, Tag]) -> None:
    hits = search("db rel")
    assert hits[0].path == "Databases > Relations > Relation property"
    assert hits[0].slug == "relation-property"
    assert "Databases > Relations" in paths(hits), "the parent matches too, below its leaf"
    assert "Dashboards > Embeds" not in paths(hits), "every token must match"


def test_tokens_in_path_order_rank_above_the_same_tokens_reversed(tree: dict[str, Tag]) -> None:
    assert search("databases relations")[0].path.startswith("Databases > Relations")
    forward = {hit.slug: hit.score for hit in search("databases relation")}
    backward = {hit.slug: hit.score for hit in search("relation databases")}
    assert forward["relation-property"] > backward["relation-property"]


def test_an_exact_name_match_comes_first(tree: dict[str, Tag]) -> None:
    assert search("relations")[0].slug == "relations"
    assert search("Databases")[0].slug == "databases"


def test_prefix_beats_initials_beats_substring_beats_scattered_letters() -> None:
    assert word_score("data", "databases") > word_score("db", "databases", "db")
    assert word_score("db", "databases", "db") > word_score("db", "database")
    assert word_score("db", "database") > word_score("ase", "database") > word_score("tbs", "database") > 0
    assert word_score("x", "database") == 0


def test_prefix_ranks_above_subsequence_and_substring_among_tags(db: None) -> None:
    for slug, name in [("mobile-login", "Mobile login"), ("build", "Build pipeline"), ("billing", "Billing")]:
        create_tag(slug, name)
    assert [hit.slug for hit in search("bil")] == ["billing", "build", "mobile-login"]


def test_descriptions_match_weakly(db: None) -> None:
    create_tag("links", "Links")
    create_tag("relations", "Relations", description="Two-way links between databases")
    assert [hit.slug for hit in search("links")] == ["links", "relations"]
    assert search("two-way")[0].description == "Two-way links between databases"


def test_a_tag_the_user_accepted_recently_comes_first(source: Source, editor: User, viewer: User) -> None:
    make_tree("exports/csv-export", "exports/excel-export")
    assert [hit.slug for hit in search("export", user=editor)][1:] == ["csv-export", "excel-export"]
    record_decision(make_conversation(source), Tag.objects.get(slug="excel-export"), user=editor)

    hits = search("export", user=editor)
    assert hits[0].slug == "excel-export" and hits[0].recent
    assert not any(hit.recent for hit in search("export", user=viewer)), "recency is per person"
    assert search("export", user=viewer)[1].slug == "csv-export"


def test_an_empty_query_lists_recent_tags_then_the_shallowest_leaves(
    tree: dict[str, Tag], source: Source, editor: User
) -> None:
    record_decision(make_conversation(source), tree["rollups"], user=editor)
    record_decision(make_conversation(source), tree["delayed-refund"], user=editor)
    hits = search("", user=editor)
    assert [hit.slug for hit in hits[:2]] == ["delayed-refund", "rollups"]
    assert [hit.recent for hit in hits[:3]] == [True, True, False]
    assert [hit.slug for hit in hits[2:]] == ["formulas", "embeds", "relation-property", "release-notes"]


def test_chinese_and_korean_match_inside_words(db: None) -> None:
    root = create_tag("数据库", "数据库")
    create_tag("数据库/关系", "关系", parent=root)
    create_tag("数据库/公式", "公式", parent=root)
    korean = create_tag("데이터베이스", "데이터베이스")
    create_tag("관계형-속성", "관계형 속성", parent=korean)

    assert search("关系")[0].path == "数据库 > 关系"
    assert search("数据 关系")[0].slug == "数据库/关系"
    assert {hit.slug for hit in search("据库")} == {"数据库", "数据库/关系", "数据库/公式"}
    assert search("관계")[0].path == "데이터베이스 > 관계형 속성"
    assert search("속성")[0].slug == "관계형-속성"


def test_merged_and_deprecated_tags_are_never_offered(
    tree: dict[str, Tag], source: Source, editor: User
) -> None:
    record_decision(make_conversation(source), tree["rollups"], user=editor)
    merge_tags(tree["rollups"], tree["formulas"])
    deprecate_tag(tree["release-notes"])
    assert "rollups" not in [hit.slug for hit in search("rollups")]
    assert search("release") == []
    assert search("", user=editor)[0].slug == "formulas", "a recent merged tag shows as its successor"


def test_the_index_follows_creates_renames_and_moves(tree: dict[str, Tag]) -> None:
    assert search("lookup") == []
    lookups = create_tag("lookups", "Lookups", parent=tree["relations"])
    assert search("lookup")[0].path == "Databases > Relations > Lookups"

    rename_tag(tree["relations"], "Links")
    assert search("lookup")[0].path == "Databases > Links > Lookups"
    assert "relations" not in [hit.slug for hit in search("relations")]

    move_tag(lookups, tree["dashboards"])
    assert search("lookup")[0].path == "Dashboards > Lookups"
