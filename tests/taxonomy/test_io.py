"""YAML and CSV import/export round-trip exactly, and bad files change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.builders import make_tree
from voxpop.taxonomy import io
from voxpop.taxonomy.models import Tag, TagStatus
from voxpop.taxonomy.services import create_tag, merge_tags

pytestmark = pytest.mark.django_db
BANKING77_TAXONOMY = Path(__file__).resolve().parents[3] / "shared" / "data" / "banking77" / "taxonomy.yaml"


def reset() -> None:
    Tag.objects.all().update(parent=None, merged_into=None, facet=None, status=TagStatus.ACTIVE)
    Tag.objects.all().delete()


@pytest.mark.skipif(not BANKING77_TAXONOMY.exists(), reason="shared Banking77 data not present")
def test_banking77_taxonomy_survives_import_export_import_unchanged() -> None:
    original_text = BANKING77_TAXONOMY.read_text(encoding="utf-8")
    io.import_nodes(io.parse_yaml(original_text))
    exported = io.export_yaml()
    assert yaml.safe_load(exported) == yaml.safe_load(original_text)
    assert {"reverted_card_payment?", "Refund_not_showing_up"} <= set(
        Tag.objects.values_list("slug", flat=True)
    )
    reset()
    io.import_nodes(io.parse_yaml(exported))
    assert io.export_yaml() == exported


def rich_taxonomy() -> None:
    tags = make_tree("product/databases/relations", "product/databases/linked", "question/how-to?")
    create_tag(
        "데이터베이스 속성",
        "데이터베이스 속성",
        parent=tags["databases"],
        description='say "hi", ok',
        examples=["a | b?", "关系"],
    )
    create_tag("Route", "Route", is_facet=False, colour="#3a5bd9")
    merge_tags(tags["linked"], tags["relations"])
    tags["how-to?"].status = TagStatus.DEPRECATED
    tags["how-to?"].save()


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_export_import_export_is_byte_identical(fmt: str) -> None:
    rich_taxonomy()
    export = io.export_csv if fmt == "csv" else io.export_yaml
    first = export()
    reset()
    io.import_nodes(io.parse_file(first, f"t.{fmt}", fmt))
    assert export() == first
    assert Tag.objects.get(slug="linked").merged_into.slug == "relations"
    assert not Tag.objects.get(slug="Route").is_facet


def test_importing_the_same_file_twice_changes_nothing() -> None:
    rich_taxonomy()
    text = io.export_yaml()
    report = io.import_nodes(io.parse_yaml(text))
    assert report.as_dict() == {
        "created": 0,
        "updated": 0,
        "moved": 0,
        "merged": 0,
        "unchanged": Tag.objects.count(),
    }


def test_import_updates_names_and_moves_by_slug() -> None:
    make_tree("product/databases/relations", "product/pages")
    text = "- slug: product\n  name: Product area\n  children:\n  - slug: pages\n    name: Pages\n    children:\n    - {slug: relations, name: Relation property}\n"
    report = io.import_nodes(io.parse_yaml(text))
    relations = Tag.objects.get(slug="relations")
    assert (relations.name, relations.parent.slug) == ("Relation property", "pages")
    assert report.moved == ["relations"] and "product" in report.updated
    assert Tag.objects.filter(slug="databases").exists(), "an import never deletes"


def test_dry_run_reports_and_writes_nothing() -> None:
    report = io.import_nodes(io.parse_yaml("- {slug: a, name: A}\n- {slug: b, name: B}\n"), dry_run=True)
    assert report.created == ["a", "b"]
    assert not Tag.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- slug: a\n  name: [unclosed\n- slug: b\n", "line 3: not valid YAML"),
        ("slug: a\n", "expected a list"),
        ("- {slug: a}\n- {slug: a}\n", "'a' appears twice"),
        ("- {slug: a, colour: red, size: 3}\n", "unknown keys size"),
        ("- {slug: a, status: merged}\n", "go together"),
        ("- {slug: a, merged_into: zzz, status: merged}\n", "'zzz' is not in the file"),
        ("- {name: nameless}\n", "slug must be a non-empty string"),
        ("- {slug: a, colour: red}\n", "colour 'red' is not #rrggbb"),
    ],
)
def test_bad_yaml_is_reported_with_its_place(text: str, message: str) -> None:
    with pytest.raises(io.TaxonomyFileError, match=message):
        io.parse_yaml(text, "mine.yaml")


def test_bad_csv_names_the_line() -> None:
    with pytest.raises(io.TaxonomyFileError, match=r"mine\.csv: line 3: slug is empty"):
        io.parse_csv("slug,name,parent\na,A,\n,B,a\n", "mine.csv")
    with pytest.raises(io.TaxonomyFileError, match=r"parent .zz. must come before"):
        io.parse_csv("slug,name,parent\na,A,zz\n", "mine.csv")


def test_an_import_that_fails_halfway_changes_nothing() -> None:
    create_tag("taken")
    nodes = io.parse_yaml(
        "- {slug: fresh}\n- {slug: p, status: merged, merged_into: c, children: [{slug: c}]}\n"
    )
    with pytest.raises(io.TaxonomyFileError, match="cannot merge 'p' into its own descendant 'c'"):
        io.import_nodes(nodes)
    assert list(Tag.objects.values_list("slug", flat=True)) == ["taken"]
