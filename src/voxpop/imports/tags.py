"""Tags named in imported files: resolved to taxonomy tags, created under "Unsorted"
with ``--create-tags``, and recorded as human decisions by the historical-import user.

Why not the person running the import: they did not make these judgements, and
crediting them would skew audits and per-person agreement figures. The decisions
*were* made by people (in the old tool), so they are person decisions; the dedicated,
inactive user ``imported-history`` stands for those people. Which run brought a
decision in is known from its conversation's source and the import history.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower

from voxpop.audit import services as audit
from voxpop.tagging.models import Decider, TagDecision, Verdict
from voxpop.tagging.services import bulk_record_decisions
from voxpop.taxonomy.models import Tag, TagStatus
from voxpop.taxonomy.services import TaxonomyError, create_tag
from voxpop.users.models import Role, User

IMPORTER_USERNAME = "imported-history"
UNSORTED_SLUG = "unsorted"


def importer_user() -> User:
    user = User.objects.filter(username=IMPORTER_USERNAME).first()
    if user is None:
        user = User.objects.create_user(
            username=IMPORTER_USERNAME,
            password=None,
            role=Role.EDITOR,
            is_active=False,
            first_name="Imported history",
        )
        audit.record("user.created", target=user, data={"role": Role.EDITOR, "why": "imported tag decisions"})
    return user


class TagResolver:
    """Names from files to tags, cached per import; remembers the unknown ones."""

    def __init__(self, *, create: bool, actor: Any = None) -> None:
        self.create = create
        self.actor = actor
        self.cache: dict[str, Tag | None] = {}
        self.unknown: dict[str, list[Any]] = {}  # name -> [count, first where]
        self.created: list[str] = []
        self.problems: list[str] = []

    def forget(self) -> None:
        """After a rolled-back write: tags created in it are gone."""
        self.cache = {k: v for k, v in self.cache.items() if v is not None and v.slug not in self.created}
        self.created = []

    def resolve(self, names: Iterable[str], where: str) -> list[Tag]:
        wanted = [n for n in names if n not in self.cache]
        if wanted:
            self._load(wanted)
        tags: list[Tag] = []
        for name in names:
            tag = self.cache.get(name)
            if tag is None and self.create:
                tag = self._create(name)
            if tag is None:
                entry = self.unknown.setdefault(name, [0, where])
                entry[0] += 1
                continue
            tags.append(tag)
        return tags

    def _load(self, names: list[str]) -> None:
        found: dict[str, Tag] = {}
        lowered = {n.lower() for n in names}
        for by_slug in Tag.objects.filter(Q(slug__in=names)).select_related("merged_into"):
            found[by_slug.slug] = by_slug
        by_name: dict[str, list[Tag]] = {}
        named = (
            Tag.objects.annotate(lname=Lower("name")).filter(lname__in=lowered).select_related("merged_into")
        )
        for candidate in named:
            by_name.setdefault(candidate.name.lower(), []).append(candidate)
        for name in names:
            tag: Tag | None = found.get(name)
            if tag is None:
                candidates = by_name.get(name.lower(), [])
                if len(candidates) > 1:
                    self.problems.append(f"tag name {name!r} matches {len(candidates)} tags; use the slug")
                tag = candidates[0] if len(candidates) == 1 else None
            if tag is None and "/" in name:
                tag = _by_path(name)
            while tag is not None and tag.status == TagStatus.MERGED and tag.merged_into is not None:
                tag = tag.merged_into
            self.cache[name] = tag

    def _create(self, name: str) -> Tag | None:
        parent = Tag.objects.filter(slug=UNSORTED_SLUG).first()
        if parent is None:
            parent = create_tag(UNSORTED_SLUG, "Unsorted", actor=self.actor)
            self.created.append(UNSORTED_SLUG)
        try:
            tag = create_tag(name, name, parent=parent, actor=self.actor)
        except TaxonomyError as exc:
            self.problems.append(f"cannot create tag {name!r}: {exc}")
            self.cache[name] = None
            return None
        self.created.append(name)
        self.cache[name] = tag
        return tag


def _by_path(name: str) -> Tag | None:
    """A "parent/child" path of slugs, as spreadsheets often write a tree."""
    parts = [p.strip() for p in name.split("/") if p.strip()]
    for candidate in Tag.objects.filter(slug=parts[-1]) if parts else []:
        ids = [int(i) for i in candidate.path.strip("/").split("/") if i]
        slugs = dict(Tag.objects.filter(pk__in=ids).values_list("pk", "slug"))
        if [slugs.get(i) for i in ids][-len(parts) :] == parts:
            return candidate
    return None


def record_imported_tags(
    pairs: dict[tuple[int, int], datetime], user: User | None, new_conversations: Collection[int] = ()
) -> int:
    """Accept each (conversation, tag) that has no decision yet; returns how many.
    ``new_conversations`` were created in this transaction: they have no decisions.

    A pair that already has any decision is left alone: re-importing never repeats a
    decision, and never overrides what a person decided in voxpop since.
    """
    if not pairs:
        return 0
    conversation_ids = {c for c, _ in pairs if c not in new_conversations}
    tag_ids = {t for c, t in pairs if c in conversation_ids}
    decided: set[tuple[int, int]] = set()
    if conversation_ids:
        decided = set(
            TagDecision.objects.filter(conversation_id__in=conversation_ids, tag_id__in=tag_ids).values_list(
                "conversation_id", "tag_id"
            )
        )
    todo = [pair for pair in pairs if pair not in decided]
    if not todo:
        return 0
    importer = user or importer_user()
    return bulk_record_decisions(
        [
            TagDecision(
                conversation_id=conversation_id,
                tag_id=tag_id,
                verdict=Verdict.ACCEPT,
                decider=Decider.PERSON,
                user=importer,
                created_at=pairs[(conversation_id, tag_id)],
            )
            for conversation_id, tag_id in todo
        ],
        new_conversations=new_conversations,
    )
