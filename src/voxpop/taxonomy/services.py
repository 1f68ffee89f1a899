"""All writes to the taxonomy. Each keeps the tree's materialised paths consistent
and is recorded in the audit log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from voxpop.audit import services as audit
from voxpop.taxonomy.models import Tag, TagStatus, validate_slug


class TaxonomyError(Exception):
    pass


def _place(tag: Tag, parent: Tag | None) -> None:
    tag.parent = parent
    tag.path = f"{parent.path if parent else '/'}{tag.pk}/"
    tag.depth = parent.depth + 1 if parent else 0
    tag.facet_id = parent.facet_id if parent else tag.pk


@transaction.atomic
def create_tag(
    slug: str,
    name: str | None = None,
    *,
    parent: Tag | None = None,
    description: str = "",
    examples: Iterable[str] = (),
    is_facet: bool = False,
    colour: str = "",
    position: int = 0,
    actor: Any = None,
    audited: bool = True,
) -> Tag:
    try:
        validate_slug(slug)
    except ValidationError as exc:
        raise TaxonomyError(exc.messages[0]) from exc
    if Tag.objects.filter(slug=slug).exists():
        raise TaxonomyError(f"a tag with slug {slug!r} already exists")
    if is_facet and parent is not None:
        raise TaxonomyError(f"only a root tag can be a facet ({slug!r} has a parent)")
    tag = Tag.objects.create(
        slug=slug,
        name=name or slug,
        description=description,
        examples=list(examples),
        is_facet=is_facet,
        colour=colour,
        position=position,
    )
    _place(tag, parent)
    tag.save(update_fields=["parent", "path", "depth", "facet"])
    if audited:
        audit.record(
            "taxonomy.tag_created",
            actor=actor,
            target=tag,
            data={"slug": slug, "parent": parent.slug if parent else None},
        )
    return tag


@transaction.atomic
def move_tag(tag: Tag, new_parent: Tag | None, *, actor: Any = None) -> Tag:
    """Move ``tag`` and its whole subtree under ``new_parent`` (None: make it a root)."""
    tag.refresh_from_db()
    if new_parent is not None:
        new_parent.refresh_from_db()
        if new_parent.path.startswith(tag.path):
            raise TaxonomyError(f"cannot move {tag.slug!r} under its own descendant {new_parent.slug!r}")
    if new_parent is not None and tag.is_facet:
        raise TaxonomyError(f"{tag.slug!r} is a facet; unmark it before moving it under another tag")
    old_parent = tag.parent
    old_path, old_depth = tag.path, tag.depth
    _place(tag, new_parent)
    tag.save(update_fields=["parent", "path", "depth", "facet"])
    descendants = list(Tag.objects.filter(path__startswith=old_path).exclude(pk=tag.pk))
    for row in descendants:
        row.path = tag.path + row.path[len(old_path) :]
        row.depth = row.path.strip("/").count("/")
        row.facet_id = tag.facet_id
    Tag.objects.bulk_update(descendants, ["path", "depth", "facet"], batch_size=500)
    audit.record(
        "taxonomy.tag_moved",
        actor=actor,
        target=tag,
        data={
            "slug": tag.slug,
            "from": old_parent.slug if old_parent else None,
            "to": new_parent.slug if new_parent else None,
            "old_depth": old_depth,
        },
    )
    return tag


def import_tree(
    nodes: Iterable[Mapping[str, Any]],
    *,
    parent: Tag | None = None,
    facets: bool = False,
    actor: Any = None,
) -> list[Tag]:
    """Create a tree of tags from nested mappings ``{slug, name, description?,
    examples?, children?}``; returns every tag created, parents first."""
    created: list[Tag] = []
    for position, node in enumerate(nodes):
        tag = create_tag(
            str(node["slug"]),
            str(node.get("name") or node["slug"]),
            parent=parent,
            description=str(node.get("description", "")),
            examples=[str(e) for e in node.get("examples", [])],
            is_facet=facets and parent is None and bool(node.get("facet", True)),
            colour=str(node.get("colour", "")),
            position=position,
            actor=actor,
            audited=False,
        )
        created.append(tag)
        created.extend(import_tree(node.get("children", []), parent=tag, actor=actor))
    if parent is None and created:
        audit.record("taxonomy.imported", actor=actor, data={"tags": len(created)})
    return created


def deprecate_tag(tag: Tag, *, actor: Any = None) -> Tag:
    tag.status = TagStatus.DEPRECATED
    tag.save(update_fields=["status", "updated_at"])
    audit.record("taxonomy.tag_deprecated", actor=actor, target=tag, data={"slug": tag.slug})
    return tag
