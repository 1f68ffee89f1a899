"""All writes to the taxonomy. Each keeps the tree's materialised paths consistent
and is recorded in the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from voxpop.audit import services as audit
from voxpop.engine import hooks as engine_hooks
from voxpop.taxonomy.models import Tag, TagSplit, TagStatus, validate_slug

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class TaxonomyError(Exception):
    pass


def _pks(*tags: Tag | None) -> list[int]:
    return [tag.pk for tag in tags if tag is not None]


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
    if colour and not COLOUR.fullmatch(colour):
        raise TaxonomyError(f"colour {colour!r} of {slug!r} is not a #rrggbb hex colour")
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
    tag.save(update_fields=["parent", "path", "depth", "facet", "updated_at"])
    _evidence_changed()
    descendants = list(Tag.objects.filter(path__startswith=old_path).exclude(pk=tag.pk))
    for row in descendants:
        row.path = tag.path + row.path[len(old_path) :]
        row.depth = row.path.strip("/").count("/")
        row.facet_id = tag.facet_id
    Tag.objects.bulk_update(descendants, ["path", "depth", "facet"], batch_size=500)
    engine_hooks.taxonomy_changed([tag.pk, *(row.pk for row in descendants), *_pks(old_parent, new_parent)])
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
    if tag.status == TagStatus.MERGED:
        raise TaxonomyError(f"{tag.slug!r} is merged into another tag; unmerge it before deprecating it")
    tag.status = TagStatus.DEPRECATED
    tag.save(update_fields=["status", "updated_at"])
    _evidence_changed()
    audit.record("taxonomy.tag_deprecated", actor=actor, target=tag, data={"slug": tag.slug})
    return tag


def rename_tag(tag: Tag, name: str, *, actor: Any = None) -> Tag:
    """Change the display name; the slug (the tag's identity) stays."""
    name = name.strip()
    if not name:
        raise TaxonomyError("a tag name cannot be empty")
    old = tag.name
    if old == name:
        return tag
    tag.name = name
    tag.save(update_fields=["name", "updated_at"])
    _evidence_changed()
    audit.record(
        "taxonomy.tag_renamed", actor=actor, target=tag, data={"slug": tag.slug, "from": old, "to": name}
    )
    return tag


def reactivate_tag(tag: Tag, *, actor: Any = None) -> Tag:
    if tag.status != TagStatus.DEPRECATED:
        raise TaxonomyError(f"{tag.slug!r} is {tag.status}, not deprecated")
    tag.status = TagStatus.ACTIVE
    tag.save(update_fields=["status", "updated_at"])
    _evidence_changed()
    audit.record("taxonomy.tag_reactivated", actor=actor, target=tag, data={"slug": tag.slug})
    return tag


@transaction.atomic
def merge_tags(source: Tag, target: Tag, *, actor: Any = None) -> int:
    """Merge ``source`` into ``target``: source's decisions count as target's from now on.

    The source tag is kept (status merged), with its decisions untouched; its
    children move under the target. Returns how many conversations were re-derived.
    """
    from voxpop.tagging.services import conversations_deciding_on, merge_targets, rebuild_current_tags

    source.refresh_from_db()
    target.refresh_from_db()
    if source.pk == target.pk:
        raise TaxonomyError("a tag cannot be merged into itself")
    if source.status == TagStatus.MERGED:
        raise TaxonomyError(f"{source.slug!r} is already merged into another tag")
    if target.status == TagStatus.MERGED:
        raise TaxonomyError(f"{target.slug!r} is merged itself; merge into the tag it was merged into")
    if target.path.startswith(source.path):
        raise TaxonomyError(f"cannot merge {source.slug!r} into its own descendant {target.slug!r}")
    children = list(source.children.all())
    for child in children:
        move_tag(child, target, actor=actor)
    source.status = TagStatus.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into", "updated_at"])
    _evidence_changed()
    absorbed = [source.pk, *(pk for pk, to in merge_targets().items() if to == target.pk)]
    affected = conversations_deciding_on(absorbed)
    rebuild_current_tags(affected)
    engine_hooks.taxonomy_changed(absorbed)
    audit.record(
        "taxonomy.tags_merged",
        actor=actor,
        target=source,
        data={
            "source": source.slug,
            "target": target.slug,
            "children_moved": [c.slug for c in children],
            "conversations": len(affected),
        },
    )
    return len(affected)


@transaction.atomic
def unmerge_tag(source: Tag, *, actor: Any = None) -> int:
    """Undo a merge: the source counts on its own again. Children moved by the merge stay."""
    from voxpop.tagging.services import conversations_deciding_on, rebuild_current_tags

    source.refresh_from_db()
    if source.status != TagStatus.MERGED or source.merged_into is None:
        raise TaxonomyError(f"{source.slug!r} is not merged")
    target = source.merged_into
    source.status = TagStatus.ACTIVE
    source.merged_into = None
    source.save(update_fields=["status", "merged_into", "updated_at"])
    _evidence_changed()
    affected = conversations_deciding_on(
        [source.pk, *Tag.objects.filter(merged_into=source).values_list("pk", flat=True)]
    )
    rebuild_current_tags(affected)
    audit.record(
        "taxonomy.tag_unmerged",
        actor=actor,
        target=source,
        data={"source": source.slug, "target": target.slug, "conversations": len(affected)},
    )
    return len(affected)


@transaction.atomic
def split_tag(tag: Tag, successors: Sequence[Tag], *, actor: Any = None) -> TagSplit:
    """Split ``tag`` into ``successors``: each conversation carrying it goes to review,
    where a person picks among the successors. The tag is deprecated (no new use);
    its decisions and trend stay, shown beside the successors'."""
    from voxpop.tagging.models import ConversationTag, ReviewItem, ReviewReason

    tag.refresh_from_db()
    if len(successors) < 2:
        raise TaxonomyError("a split needs at least two successor tags")
    if len({s.pk for s in successors}) != len(successors):
        raise TaxonomyError("the successor tags must be different")
    for successor in successors:
        if successor.pk == tag.pk:
            raise TaxonomyError(f"{tag.slug!r} cannot be its own successor")
        if successor.status != TagStatus.ACTIVE:
            raise TaxonomyError(f"successor {successor.slug!r} is {successor.status}")
    if tag.status != TagStatus.ACTIVE:
        raise TaxonomyError(f"{tag.slug!r} is {tag.status}; only an active tag can be split")
    split = TagSplit.objects.create(tag=tag)
    split.successors.set(successors)
    conversation_ids = list(ConversationTag.objects.filter(tag=tag).values_list("conversation_id", flat=True))
    ReviewItem.objects.bulk_create(
        [ReviewItem(conversation_id=cid, reason=ReviewReason.SPLIT, split=split) for cid in conversation_ids],
        batch_size=1000,
    )
    tag.status = TagStatus.DEPRECATED
    tag.save(update_fields=["status", "updated_at"])
    _evidence_changed()
    engine_hooks.taxonomy_changed([tag.pk])
    audit.record(
        "taxonomy.tag_split",
        actor=actor,
        target=tag,
        data={
            "slug": tag.slug,
            "successors": [s.slug for s in successors],
            "to_review": len(conversation_ids),
        },
    )
    return split


@transaction.atomic
def undo_split(split: TagSplit, *, actor: Any = None) -> None:
    """Undo a split nobody has reviewed yet: the tag is active again, the queue is dropped."""
    if split.undone_at is not None:
        raise TaxonomyError("this split was already undone")
    if split.review_items.filter(resolved_at__isnull=False).exists():
        raise TaxonomyError("people already reviewed conversations of this split; it can no longer be undone")
    split.review_items.all().delete()
    split.undone_at = timezone.now()
    split.save(update_fields=["undone_at"])
    tag = split.tag
    tag.status = TagStatus.ACTIVE
    tag.save(update_fields=["status", "updated_at"])
    _evidence_changed()
    audit.record("taxonomy.split_undone", actor=actor, target=tag, data={"slug": tag.slug})


def _evidence_changed() -> None:
    """A taxonomy change can move demand between features: refresh every feature's
    evidence once the change commits."""
    from voxpop.roadmap.snapshots import inputs_changed

    inputs_changed(None)
