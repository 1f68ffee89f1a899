"""The demand explorer's read model: how many conversations asked about a set of tags,
over time, period over period, sliced by a conversation attribute.

A question is an :class:`Ask`: a set of tag ids (what), a period (week or month), a
date range and a slice. The set of tag ids comes from **selectors**, functions that
return tag ids: :func:`tag_subtrees` (any tag subtrees) and :func:`feature_tags` (the
tags roadmap features link, each with its subtree); another selector plugs in beside
them without touching the counting. Every conversation counts once per period and slice,
however many of the chosen tags it carries.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import CharField, Count, DateField, F, Func, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from voxpop.conversations.models import Conversation
from voxpop.tagging.models import ConversationTag
from voxpop.taxonomy.models import Tag

PERIODS = ("week", "month")
# Slices by a column of the conversation or of its account (the account's values now).
COLUMNS = {
    "channel": "channel",
    "language": "language",
    "segment": "account__segment",
    "plan": "account__plan",
    "region": "account__region",
}
CONTEXT_PREFIX = "context."
_CONTEXT_KEY = re.compile(r"[A-Za-z0-9_\-:]{1,64}")
NONE = ""  # the slice value of conversations without the attribute
NONE_VALUE = Value(NONE, output_field=CharField())


class AskError(ValueError):
    """A question the explorer cannot answer; the message names the field."""


# --------------------------------------------------------------------------- selectors


def tag_subtrees(roots: Iterable[Tag | int]) -> set[int]:
    """Selector: the ids of these tags and every tag beneath them."""
    ids = [root.pk if isinstance(root, Tag) else int(root) for root in roots]
    paths = list(Tag.objects.filter(pk__in=ids).values_list("path", flat=True))
    if len(paths) != len(set(ids)):
        missing = set(ids) - set(Tag.objects.filter(pk__in=ids).values_list("pk", flat=True))
        raise AskError(f"tags: no tag with id {', '.join(str(i) for i in sorted(missing))}")
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return set(Tag.objects.filter(query).values_list("pk", flat=True)) if paths else set()


def feature_tags(feature_ids: Iterable[int]) -> set[int]:
    """Selector: the tags roadmap features link, each with its subtree.

    Counts demand through tags only: conversations linked to a feature directly or
    by a quote, without a tag in its subtree, are on the feature's own page, not here.
    """
    from voxpop.roadmap.models import Feature, FeatureTag

    ids = sorted({int(i) for i in feature_ids})
    missing = set(ids) - set(Feature.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if missing:
        raise AskError(f"features: no feature with id {', '.join(str(i) for i in sorted(missing))}")
    return tag_subtrees(
        FeatureTag.objects.filter(feature_id__in=ids).values_list("tag_id", flat=True).distinct()
    )


def tags_by_slug(slugs: Iterable[str]) -> list[Tag]:
    wanted = [s for s in (slug.strip() for slug in slugs) if s]
    found = {tag.slug: tag for tag in Tag.objects.filter(slug__in=wanted)}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise AskError(f"tags: no tag with slug {', '.join(repr(s) for s in missing)}")
    return [found[slug] for slug in wanted]


# --------------------------------------------------------------------------- the question


@dataclass
class Ask:
    tag_ids: set[int]
    period: str = "week"
    start: date | None = None
    end: date | None = None  # exclusive
    by: str = ""  # "", a key of COLUMNS, or "context.<key>"
    labels: list[str] = field(default_factory=list)  # what was chosen, for people

    def __post_init__(self) -> None:
        if self.period not in PERIODS:
            raise AskError(f"period: expected one of {', '.join(PERIODS)}, got {self.period!r}")
        check_slice(self.by)
        if self.start and self.end and self.start >= self.end:
            raise AskError("start: must be before end")


def check_slice(by: str) -> None:
    if not by or by in COLUMNS:
        return
    if by.startswith(CONTEXT_PREFIX) and _CONTEXT_KEY.fullmatch(by[len(CONTEXT_PREFIX) :]):
        return
    raise AskError(
        f"by: expected one of {', '.join(COLUMNS)} or context.<key> (letters, digits, _ - :), got {by!r}"
    )


def parse_date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise AskError(f"{name}: expected a date like 2026-01-31, got {value!r}") from exc


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def slice_expression(by: str, prefix: str = "") -> Any:
    """The slice's value as text ("" when missing); ``prefix`` reaches the conversation
    from another model (``"conversation__"`` from a current-tag row)."""
    if by in COLUMNS:
        return Coalesce(F(prefix + COLUMNS[by]), NONE_VALUE, output_field=CharField())
    return Coalesce(
        KeyTextTransform(by[len(CONTEXT_PREFIX) :], f"{prefix}context"), NONE_VALUE, output_field=CharField()
    )


def period_start(moment: date, period: str) -> date:
    if period == "week":
        return moment - timedelta(days=moment.weekday())
    return moment.replace(day=1)


def next_period(start: date, period: str) -> date:
    if period == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


class PeriodStart(Func):
    """The first day (UTC) of the week (Monday) or month holding a moment, computed by
    the database's own date functions (Django's TruncWeek calls back into Python for
    every row on SQLite, several times slower over a large subtree)."""

    output_field = DateField()
    SQLITE = {
        "week": "date(%(expressions)s, '-6 days', 'weekday 1')",
        "month": "date(%(expressions)s, 'start of month')",
    }
    POSTGRES = "(date_trunc('%(period)s', %(expressions)s AT TIME ZONE 'UTC'))::date"

    def __init__(self, expression: Any, *, period: str) -> None:
        if period not in PERIODS:
            raise AskError(f"period: expected one of {', '.join(PERIODS)}, got {period!r}")
        super().__init__(expression)
        self.period = period

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template=self.SQLITE[self.period], **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template=self.POSTGRES, period=self.period, **extra)


@dataclass
class Row:
    period: date
    slice: str
    conversations: int


def series(ask: Ask) -> list[Row]:
    """Conversations per period (and slice), oldest first; periods without any are left out.

    Counted from the current-tag rows of the chosen tags in the range (found through
    the (tag, started_at) index; each row holds its conversation's start), joined to
    their conversations by primary key only for the slice, each conversation counted
    once per period and slice however many chosen tags it carries.
    """
    rows = ConversationTag.objects.filter(tag_id__in=sorted(ask.tag_ids))
    if ask.start:
        rows = rows.filter(started_at__gte=_moment(ask.start))
    if ask.end:
        rows = rows.filter(started_at__lt=_moment(ask.end))
    bucketed = rows.annotate(bucket=PeriodStart("started_at", period=ask.period))
    distinct = Count("conversation_id", distinct=True)
    if ask.by:
        sliced = bucketed.annotate(part=slice_expression(ask.by, "conversation__"))
        by_part = sliced.values("bucket", "part").annotate(n=distinct).order_by("bucket", "part")
        return [Row(_day(r["bucket"]), str(r["part"]), r["n"]) for r in by_part]
    whole = bucketed.values("bucket").annotate(n=distinct).order_by("bucket")
    return [Row(_day(r["bucket"]), NONE, r["n"]) for r in whole]


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass
class Change:
    slice: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def ratio(self) -> float | None:
        """Relative change (0.5 is +50%); None when the previous period had none."""
        return None if not self.previous else round(self.change / self.previous, 4)

    def as_dict(self) -> dict[str, Any]:
        return {
            "slice": self.slice,
            "current": self.current,
            "previous": self.previous,
            "change": self.change,
            "ratio": self.ratio,
        }


@dataclass
class Comparison:
    current_start: date
    previous_start: date
    end: date
    rows: list[Change]


def period_over_period(ask: Ask, as_of: date) -> Comparison:
    """The period holding ``as_of`` against the one before it, per slice (total first)."""
    current = period_start(as_of, ask.period)
    previous = period_start(current - timedelta(days=1), ask.period)
    end = next_period(current, ask.period)
    window = Ask(ask.tag_ids, ask.period, previous, end, ask.by)
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row in series(window):
        counts[row.slice][row.period] += row.conversations
        if ask.by:
            counts["\x00total"][row.period] += row.conversations
    total_key = "\x00total" if ask.by else NONE
    changes = [Change("", counts[total_key][current], counts[total_key][previous])]
    if ask.by:
        parts = [Change(key, per[current], per[previous]) for key, per in counts.items() if key != total_key]
        changes += sorted(parts, key=lambda c: (-c.current, -c.previous, c.slice))
    return Comparison(current, previous, end, changes)


def context_keys(sample: int = 2000) -> list[str]:
    """Context attributes seen on the newest conversations, for the slice menu."""
    keys: set[str] = set()
    for context in Conversation.objects.order_by("-started_at").values_list("context", flat=True)[:sample]:
        if isinstance(context, dict):
            keys.update(k for k in context if _CONTEXT_KEY.fullmatch(str(k)))
    return sorted(keys)


def table(rows: list[Row]) -> tuple[list[date], list[str], dict[tuple[date, str], int]]:
    """Rows as a period x slice grid for a page: periods, slices (largest first), cells."""
    periods = sorted({row.period for row in rows})
    totals: dict[str, int] = defaultdict(int)
    cells: dict[tuple[date, str], int] = {}
    for row in rows:
        totals[row.slice] += row.conversations
        cells[(row.period, row.slice)] = row.conversations
    slices = sorted(totals, key=lambda key: (-totals[key], key))
    return periods, slices, cells


def _ids(name: str, params: Any) -> list[int]:
    raw = [part for part in str(params.get(name, "") or "").split(",") if part.strip()]
    try:
        return [int(part) for part in raw]
    except ValueError as exc:
        raise AskError(f"{name}: expected whole numbers separated by commas") from exc


def ask_from_params(params: Any) -> Ask:
    """An :class:`Ask` from query parameters: ``tags`` (slugs, comma-separated, each
    taking its subtree), ``tag_ids`` (ids, likewise) and ``features`` (roadmap feature
    ids: the tags they link) together choose what is counted; then ``period``, ``by``,
    ``start``, ``end`` (exclusive)."""
    slugs = [s for s in str(params.get("tags", "") or "").replace("\n", ",").split(",") if s.strip()]
    ids = _ids("tag_ids", params)
    features = _ids("features", params)
    if not slugs and not ids and not features:
        raise AskError("tags: choose at least one tag or feature")
    chosen = tags_by_slug(slugs)
    tag_ids = tag_subtrees([*chosen, *ids]) | (feature_tags(features) if features else set())
    labels = [tag.slug for tag in chosen] + [str(i) for i in ids] + [f"feature:{i}" for i in features]
    return Ask(
        tag_ids=tag_ids,
        period=str(params.get("period") or "week"),
        start=parse_date("start", params.get("start")),
        end=parse_date("end", params.get("end")),
        by=str(params.get("by") or "").strip(),
        labels=labels,
    )
