"""Taxonomy import and export as YAML (a nested tree) or CSV (one row per tag).

Both round-trip exactly: export -> import into an empty workspace -> export gives the
same bytes, and a file that only uses the documented keys parses to the same tree it
was read from. Slugs are user data and are kept exactly (``?``, upper case, CJK).

YAML: a list of nodes ``{slug, name, description?, examples?, facet?, colour?,
status?, merged_into?, children?}``. Optional keys are written only when they differ
from the default (roots are facets by default; tags are active by default).

CSV columns: ``slug,name,parent,description,examples,facet,colour,status,merged_into``
with ``examples`` separated by `` | `` and rows in tree order (parents first).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.db import transaction

from voxpop.audit import services as audit
from voxpop.taxonomy.models import Tag, TagStatus
from voxpop.taxonomy.services import COLOUR, TaxonomyError, create_tag, merge_tags, move_tag, rename_tag

CSV_COLUMNS = [
    "slug",
    "name",
    "parent",
    "description",
    "examples",
    "facet",
    "colour",
    "status",
    "merged_into",
]
EXAMPLE_SEPARATOR = " | "
NODE_KEYS = {
    "slug",
    "name",
    "description",
    "examples",
    "facet",
    "colour",
    "status",
    "merged_into",
    "children",
}


class TaxonomyFileError(Exception):
    """A taxonomy file cannot be used. The message names the file and the place."""


@dataclass
class Node:
    slug: str
    name: str
    parent: str | None = None
    description: str = ""
    examples: list[str] = field(default_factory=list)
    facet: bool = False
    colour: str = ""
    status: str = TagStatus.ACTIVE
    merged_into: str = ""


# --------------------------------------------------------------------------- export


def _nodes_from_db() -> list[Node]:
    tags = list(Tag.objects.select_related("parent", "merged_into").order_by("path"))
    by_parent: dict[int | None, list[Tag]] = {}
    for tag in tags:
        by_parent.setdefault(tag.parent_id, []).append(tag)
    ordered: list[Node] = []

    def walk(parent_id: int | None) -> None:
        for tag in sorted(by_parent.get(parent_id, []), key=lambda t: (t.position, t.pk)):
            ordered.append(
                Node(
                    slug=tag.slug,
                    name=tag.name,
                    parent=tag.parent.slug if tag.parent else None,
                    description=tag.description,
                    examples=list(tag.examples),
                    facet=tag.is_facet,
                    colour=tag.colour,
                    status=tag.status,
                    merged_into=tag.merged_into.slug if tag.merged_into else "",
                )
            )
            walk(tag.pk)

    walk(None)
    return ordered


def _tree(nodes: list[Node]) -> list[dict[str, Any]]:
    children: dict[str | None, list[dict[str, Any]]] = {}
    for node in nodes:
        entry: dict[str, Any] = {"slug": node.slug, "name": node.name}
        if node.description:
            entry["description"] = node.description
        if node.examples:
            entry["examples"] = node.examples
        if node.parent is None and not node.facet:
            entry["facet"] = False
        if node.colour:
            entry["colour"] = node.colour
        if node.status != TagStatus.ACTIVE:
            entry["status"] = node.status
        if node.merged_into:
            entry["merged_into"] = node.merged_into
        children.setdefault(node.parent, []).append(entry)
    for node_entries in children.values():
        for entry in node_entries:
            if entry["slug"] in children:
                entry["children"] = children[entry["slug"]]
    return children.get(None, [])


def export_yaml() -> str:
    return yaml.safe_dump(_tree(_nodes_from_db()), allow_unicode=True, sort_keys=False, width=100)


def export_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for node in _nodes_from_db():
        writer.writerow(
            [
                node.slug,
                node.name,
                node.parent or "",
                node.description,
                EXAMPLE_SEPARATOR.join(node.examples),
                "yes" if node.facet else "",
                node.colour,
                node.status,
                node.merged_into,
            ]
        )
    return out.getvalue()


# --------------------------------------------------------------------------- parsing


def parse_yaml(text: str, filename: str = "taxonomy.yaml") -> list[Node]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "somewhere"
        raise TaxonomyFileError(
            f"{filename}: {where}: not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise TaxonomyFileError(f"{filename}: expected a list of tags at the top level")
    nodes: list[Node] = []
    _walk_yaml(data, None, nodes, filename, "")
    _check(nodes, filename)
    return nodes


def _walk_yaml(items: list[Any], parent: str | None, out: list[Node], filename: str, where: str) -> None:
    for index, item in enumerate(items):
        here = f"{where}[{index}]"
        if not isinstance(item, dict):
            raise TaxonomyFileError(f"{filename}: tag {here}: expected a mapping with slug and name")
        unknown = set(item) - NODE_KEYS
        if unknown:
            raise TaxonomyFileError(
                f"{filename}: tag {here}: unknown keys {', '.join(sorted(map(str, unknown)))}"
            )
        slug = item.get("slug")
        if not isinstance(slug, str) or not slug:
            raise TaxonomyFileError(f"{filename}: tag {here}: slug must be a non-empty string")
        examples = item.get("examples", [])
        if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
            raise TaxonomyFileError(f"{filename}: tag {slug!r}: examples must be a list of strings")
        out.append(
            Node(
                slug=slug,
                name=str(item.get("name") or slug),
                parent=parent,
                description=str(item.get("description", "")),
                examples=examples,
                facet=parent is None and bool(item.get("facet", True)),
                colour=str(item.get("colour", "")),
                status=str(item.get("status", TagStatus.ACTIVE)),
                merged_into=str(item.get("merged_into", "")),
            )
        )
        children = item.get("children", [])
        if not isinstance(children, list):
            raise TaxonomyFileError(f"{filename}: tag {slug!r}: children must be a list")
        _walk_yaml(children, slug, out, filename, f"{here}.children")


def parse_csv(text: str, filename: str = "taxonomy.csv") -> list[Node]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not {"slug", "name"} <= set(reader.fieldnames):
        raise TaxonomyFileError(f"{filename}: line 1: needs at least the columns slug,name")
    unknown = set(reader.fieldnames) - set(CSV_COLUMNS)
    if unknown:
        raise TaxonomyFileError(f"{filename}: line 1: unknown columns {', '.join(sorted(unknown))}")
    nodes = []
    for row in reader:
        line = reader.line_num
        slug = row.get("slug") or ""
        if not slug:
            raise TaxonomyFileError(f"{filename}: line {line}: slug is empty")
        examples = row.get("examples") or ""
        parent = row.get("parent") or None
        nodes.append(
            Node(
                slug=slug,
                name=row.get("name") or slug,
                parent=parent,
                description=row.get("description") or "",
                examples=examples.split(EXAMPLE_SEPARATOR) if examples else [],
                facet=parent is None and (row.get("facet") or "").strip().lower() in {"yes", "true", "1"},
                colour=row.get("colour") or "",
                status=row.get("status") or TagStatus.ACTIVE,
                merged_into=row.get("merged_into") or "",
            )
        )
    _check(nodes, filename)
    return nodes


def _check(nodes: list[Node], filename: str) -> None:
    seen: set[str] = set()
    for node in nodes:
        if node.slug in seen:
            raise TaxonomyFileError(f"{filename}: slug {node.slug!r} appears twice")
        if node.parent is not None and node.parent not in seen:
            raise TaxonomyFileError(
                f"{filename}: tag {node.slug!r}: parent {node.parent!r} must come before it"
            )
        if node.status not in TagStatus.values:
            raise TaxonomyFileError(f"{filename}: tag {node.slug!r}: unknown status {node.status!r}")
        if node.colour and not COLOUR.fullmatch(node.colour):
            raise TaxonomyFileError(f"{filename}: tag {node.slug!r}: colour {node.colour!r} is not #rrggbb")
        seen.add(node.slug)
    for node in nodes:
        if node.merged_into and node.merged_into not in seen:
            raise TaxonomyFileError(
                f"{filename}: tag {node.slug!r}: merged_into {node.merged_into!r} is not in the file"
            )
        if (node.status == TagStatus.MERGED) != bool(node.merged_into):
            raise TaxonomyFileError(
                f"{filename}: tag {node.slug!r}: status merged and merged_into go together"
            )


# --------------------------------------------------------------------------- import


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "moved": len(self.moved),
            "merged": len(self.merged),
            "unchanged": self.unchanged,
        }


class _DryRun(Exception):
    pass


def import_nodes(nodes: Iterable[Node], *, actor: Any = None, dry_run: bool = False) -> ImportReport:
    """Create missing tags and bring existing ones (matched by slug) in line with the file.

    Tags absent from the file are left alone: an import never deletes. One transaction:
    an error leaves the taxonomy as it was. ``dry_run`` reports without writing.
    """
    nodes = list(nodes)
    report = ImportReport()
    try:
        with transaction.atomic():
            _apply(nodes, report, actor)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _apply(nodes: list[Node], report: ImportReport, actor: Any) -> None:
    try:
        _apply_nodes(nodes, report, actor)
    except TaxonomyError as exc:
        raise TaxonomyFileError(str(exc)) from exc


def _apply_nodes(nodes: list[Node], report: ImportReport, actor: Any) -> None:
    existing = {tag.slug: tag for tag in Tag.objects.select_related("parent")}
    for position, node in enumerate(nodes):
        parent = existing[node.parent] if node.parent else None
        tag = existing.get(node.slug)
        if tag is None:
            tag = create_tag(
                node.slug,
                node.name,
                parent=parent,
                description=node.description,
                examples=node.examples,
                is_facet=node.facet,
                colour=node.colour,
                position=position,
                actor=actor,
                audited=False,
            )
            if node.status == TagStatus.DEPRECATED:
                tag.status = TagStatus.DEPRECATED
                tag.save(update_fields=["status"])
            existing[node.slug] = tag
            report.created.append(node.slug)
            continue
        changed = False
        if (tag.parent.slug if tag.parent else None) != node.parent:
            move_tag(tag, parent, actor=actor)
            report.moved.append(node.slug)
            changed = True
        if tag.name != node.name:
            rename_tag(tag, node.name, actor=actor)
            changed = True
        fields = {
            "description": node.description,
            "examples": node.examples,
            "is_facet": node.facet,
            "colour": node.colour,
            "position": position,
        }
        if node.status != TagStatus.MERGED and tag.status != TagStatus.MERGED:
            fields["status"] = node.status
        dirty = [name for name, value in fields.items() if getattr(tag, name) != value]
        if dirty:
            for name in dirty:
                setattr(tag, name, fields[name])
            tag.save(update_fields=[*dirty, "updated_at"])
            changed = changed or dirty != ["position"]
        if changed:
            report.updated.append(node.slug)
        else:
            report.unchanged += 1
    for node in nodes:
        if node.merged_into and existing[node.slug].status != TagStatus.MERGED:
            merge_tags(existing[node.slug], existing[node.merged_into], actor=actor)
            report.merged.append(node.slug)
    if report.created or report.updated or report.merged:
        audit.record("taxonomy.imported", actor=actor, data=report.as_dict())


def parse_file(text: str, filename: str, fmt: str | None = None) -> list[Node]:
    fmt = fmt or ("csv" if filename.lower().endswith(".csv") else "yaml")
    if fmt == "csv":
        return parse_csv(text, filename)
    if fmt == "yaml":
        return parse_yaml(text, filename)
    raise TaxonomyFileError(f"{filename}: unknown format {fmt!r}; use yaml or csv")
