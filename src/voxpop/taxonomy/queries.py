"""Reading the taxonomy: the tree, subtrees, lineage and counts over time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet

from voxpop.tagging.models import ConversationTag
from voxpop.taxonomy.models import Tag, TagSplit, TagStatus


def subtree(tag: Tag, *, include_self: bool = True) -> QuerySet[Tag]:
    tags = Tag.objects.filter(path__startswith=tag.path)
    return tags if include_self else tags.exclude(pk=tag.pk)


def full_path_names(tags: list[Tag] | None = None) -> dict[int, str]:
    """Map tag id to "Root > Parent > Tag" for every tag."""
    tags = list(Tag.objects.all()) if tags is None else tags
    names = {t.pk: t.name for t in tags}
    return {
        t.pk: " > ".join(names.get(int(part), "?") for part in t.path.strip("/").split("/") if part)
        for t in tags
    }


def week_start(moment: datetime | date) -> date:
    day = moment.date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


@dataclass
class Series:
    tag: Tag
    points: dict[date, int]
    relation: str = "self"

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.tag.slug,
            "name": self.tag.name,
            "relation": self.relation,
            "points": [
                {"week": week.isoformat(), "conversations": n} for week, n in sorted(self.points.items())
            ],
        }


@dataclass
class Trend:
    series: Series
    related: list[Series] = field(default_factory=list)
    merged_from: list[str] = field(default_factory=list)


def weekly_counts(tag: Tag, start: datetime | None = None, end: datetime | None = None) -> dict[date, int]:
    """Conversations per week carrying ``tag`` or any tag beneath it, counted once each.

    Merged predecessors count automatically: their decisions are derived as this tag's.
    """
    rows = ConversationTag.objects.filter(tag__path__startswith=tag.path)
    if start is not None:
        rows = rows.filter(started_at__gte=start)
    if end is not None:
        rows = rows.filter(started_at__lt=end)
    seen: dict[int, datetime] = dict(rows.values_list("conversation_id", "started_at"))
    return dict(Counter(week_start(moment) for moment in seen.values()))


def trend(tag: Tag, start: datetime | None = None, end: datetime | None = None) -> Trend:
    """A tag's weekly counts, with the history it continues: tags merged into it are
    inside its own series; a tag split into successors (or split from) is shown
    beside them."""
    result = Trend(series=Series(tag, weekly_counts(tag, start, end)))
    result.merged_from = list(
        Tag.objects.filter(merged_into=tag, status=TagStatus.MERGED).values_list("slug", flat=True)
    )
    for split in TagSplit.objects.filter(undone_at__isnull=True, successors=tag).select_related("tag"):
        result.related.append(Series(split.tag, weekly_counts(split.tag, start, end), "split_from"))
    for split in TagSplit.objects.filter(undone_at__isnull=True, tag=tag).prefetch_related("successors"):
        for successor in split.successors.all():
            result.related.append(Series(successor, weekly_counts(successor, start, end), "split_into"))
    return result


def tag_rows(tags: QuerySet[Tag] | None = None) -> list[dict[str, Any]]:
    """Tags as flat rows in tree order, each with its full path of names and the
    conversations in its subtree: the tree editor's data and the API's list."""
    every = list(Tag.objects.all())
    names = full_path_names(every)
    chosen = every if tags is None else list(tags)
    # Count only what is asked for: one tag's page must not count the whole taxonomy.
    counts = subtree_counts(None if tags is None else [tag.pk for tag in chosen])
    return [
        {
            "id": tag.pk,
            "slug": tag.slug,
            "name": tag.name,
            "path": names[tag.pk],
            "parent_id": tag.parent_id,
            "facet_id": tag.facet_id,
            "is_facet": tag.is_facet,
            "depth": tag.depth,
            "position": tag.position,
            "status": tag.status,
            "merged_into": tag.merged_into_id,
            "description": tag.description,
            "examples": list(tag.examples),
            "colour": tag.colour,
            "conversations": counts.get(tag.pk, 0),
        }
        for tag in chosen
    ]


def subtree_counts(tag_ids: list[int] | None = None) -> dict[int, int]:
    """For every tag (or only these), the conversations carrying it or any tag beneath
    it, each counted once (a conversation with two sibling tags counts once for their
    parent)."""
    from django.db import connection

    where, params = "", []
    if tag_ids is not None:
        if not tag_ids:
            return {}
        where = f"WHERE t.id IN ({', '.join(['%s'] * len(tag_ids))}) "
        params = list(tag_ids)
    sql = (
        "SELECT t.id, COUNT(DISTINCT ct.conversation_id) FROM taxonomy_tag t "
        "JOIN taxonomy_tag below ON below.path LIKE t.path || '%%' "
        "JOIN tagging_conversationtag ct ON ct.tag_id = below.id " + where + "GROUP BY t.id"
    )  # only %s placeholders are added to the text; the ids are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {tag_id: count for tag_id, count in cursor.fetchall()}
