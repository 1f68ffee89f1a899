"""The tag-mapping table (--tag-map): CSV and YAML, exact then case-insensitive, ignored
tags, pass-through of unmapped ones, and clear errors naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.imports.conftest import SAMPLES
from voxpop.imports.records import InputError
from voxpop.imports.tagmap import load_tag_map


@pytest.mark.parametrize("name", ["tag-map.csv", "tag-map.yaml"])
def test_the_sample_tables_translate_ignore_and_pass_through(name: str) -> None:
    table = load_tag_map(SAMPLES / name)

    assert table.translate(["Billing - invoices", "billing - INVOICES", "vip", "calendar", "export-pdf"]) == [
        "billing/invoices", "calendar", "export/pdf",
    ]  # fmt: skip


def test_an_exact_line_wins_over_a_case_insensitive_one(tmp_path: Path) -> None:
    path = tmp_path / "map.csv"
    path.write_text("external,voxpop\nBug,bug\nBUG,defect\n", encoding="utf-8")

    table = load_tag_map(path)

    assert table.translate(["BUG"]) == ["defect"]
    assert table.translate(["bug"]) == ["bug"]
    assert table.translate(["Bug", "BUG", "bug"]) == ["bug", "defect"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("map.csv", "", "empty file (expected a header line: external,voxpop)"),
        ("map.csv", "a,b\nx,y\n", "line 1: expected a header 'external,voxpop'"),
        ("map.csv", "external,voxpop\nx,y,z\n", "line 2: more than two columns"),
        ("map.yaml", "- a\n- b\n", "expected a mapping of external tag: voxpop tag"),
        ("map.yaml", "tags:\n  a: [b, c]\n", "'a': the voxpop tag must be one slug, name or path"),
        ("map.yaml", "tags: {a: b\n", "cannot read it"),
    ],
)
def test_unusable_tables_are_refused_naming_file_and_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")

    with pytest.raises(InputError) as error:
        load_tag_map(path)

    assert str(error.value).startswith(f"--tag-map {path}: ")
    assert message in str(error.value)


def test_a_mapping_file_may_carry_the_tag_table_inline(tmp_path: Path) -> None:
    from voxpop.imports.mapping import load_mapping, parse_options

    path = tmp_path / "mapping.yaml"
    path.write_text("tag_map:\n  Feature request: feature-request\n  vip: null\n", encoding="utf-8")

    options = parse_options(load_mapping(path, []))

    assert options.tag_map is not None
    assert options.tag_map.translate(["Feature request", "vip", "other"]) == ["feature-request", "other"]
    path.write_text("tag_map: [a, b]\n", encoding="utf-8")
    with pytest.raises(InputError, match="mapping: tag_map: expected a mapping"):
        parse_options(load_mapping(path, []))
