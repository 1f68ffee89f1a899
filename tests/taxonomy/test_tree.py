"""Tag tree integrity: paths, depth, facets, no cycles, immutable slugs."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from tests.builders import make_tree
from voxpop.audit.models import AuditEvent
from voxpop.taxonomy.models import ImmutableSlugError, Tag
from voxpop.taxonomy.services import TaxonomyError, create_tag, move_tag

pytestmark = pytest.mark.django_db


def test_tags_know_their_path_depth_and_facet() -> None:
    tags = make_tree("product/databases/relations", "product/databases/formulas", "question-type/how-to")
    relations = tags["relations"]
    assert relations.depth == 2
    assert relations.path == f"/{tags['product'].pk}/{tags['databases'].pk}/{relations.pk}/"
    assert relations.facet_id == tags["product"].pk
    assert tags["how-to"].facet_id == tags["question-type"].pk
    assert tags["product"].is_facet and not tags["databases"].is_facet
    assert relations.ancestor_ids() == [tags["product"].pk, tags["databases"].pk]


def test_slugs_keep_question_marks_upper_case_and_cjk_exactly() -> None:
    for slug in ["reverted_card_payment?", "Refund_not_showing_up", "数据库-关系", "데이터베이스 속성"]:
        create_tag(slug)
        assert Tag.objects.get(slug=slug).slug == slug


@pytest.mark.parametrize("slug", ["", " padded", "line\nbreak", "tab\there"])
def test_unprintable_or_padded_slugs_are_refused(slug: str) -> None:
    with pytest.raises(TaxonomyError):
        create_tag(slug)


def test_duplicate_slug_is_refused_with_its_name() -> None:
    create_tag("billing")
    with pytest.raises(TaxonomyError, match="'billing' already exists"):
        create_tag("billing")


def test_moving_a_subtree_rewrites_every_descendant_path() -> None:
    tags = make_tree("product/databases/relations/rollups", "integrations")
    move_tag(tags["databases"], tags["integrations"])
    rollups = Tag.objects.get(slug="rollups")
    assert (
        rollups.path
        == f"/{tags['integrations'].pk}/{tags['databases'].pk}/{tags['relations'].pk}/{rollups.pk}/"
    )
    assert rollups.depth == 3
    assert rollups.facet_id == tags["integrations"].pk
    assert AuditEvent.objects.filter(
        action="taxonomy.tag_moved", target_id=str(tags["databases"].pk)
    ).exists()


def test_a_tag_cannot_move_under_its_own_descendant() -> None:
    tags = make_tree("product/databases/relations")
    with pytest.raises(TaxonomyError, match="own descendant"):
        move_tag(tags["product"], tags["relations"])
    with pytest.raises(TaxonomyError, match="own descendant"):
        move_tag(tags["databases"], tags["databases"])


def test_the_database_refuses_a_tag_that_is_its_own_parent() -> None:
    tag = create_tag("loop")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.filter(pk=tag.pk).update(parent_id=tag.pk)


def test_a_merged_tag_must_name_its_target() -> None:
    tag = create_tag("old")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.filter(pk=tag.pk).update(status="merged")


def test_slug_cannot_change_through_the_model() -> None:
    tag = create_tag("databases", "Databases")
    tag.slug = "dbs"
    with pytest.raises(ImmutableSlugError):
        tag.save()
    tag.refresh_from_db()
    tag.name = "Databases and tables"
    tag.save()
    assert Tag.objects.get(slug="databases").name == "Databases and tables"


def test_slug_cannot_change_even_with_raw_sql() -> None:
    tag = create_tag("databases")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE taxonomy_tag SET slug = %s WHERE id = %s", ["dbs", tag.pk])
