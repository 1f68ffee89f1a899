"""Read models for the tagging inbox and the conversation page (and their API twins).

The inbox pages with a keyset cursor (the sort key of the last row), so page 100
costs what page 1 does, however many rows sit before it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from voxpop.conversations import search
from voxpop.conversations.models import AuthorRole, Conversation, Message, SavedView
from voxpop.core.schemas import NUL, nul_refused
from voxpop.tagging.models import ConversationTag, ReviewItem, Suggestion, TagDecision
from voxpop.taxonomy.models import Tag


def saved_views_for(user: Any) -> QuerySet[SavedView]:
    """A person's own saved views and those others shared."""
    return (
        SavedView.objects.filter(Q(owner=user) | Q(shared=True))
        .select_related("owner")
        .order_by("name", "pk")
    )


STATES = ("all", "untagged", "needs_review", "has_suggestions", "done")
SORTS = ("newest", "oldest", "arr")
PAGE_SIZE = 50


class FilterError(ValueError):
    """A filter value is unusable; the message names the field."""


@dataclass
class InboxFilters:
    state: str = "untagged"
    q: str = ""
    channel: str = ""
    source: str = ""
    account: str = ""
    segment: str = ""
    plan: str = ""
    language: str = ""
    date_from: str = ""
    date_to: str = ""
    tag: str = ""
    assignee: str = ""
    queue: str = ""
    sort: str = "newest"

    @classmethod
    def from_query(cls, params: QueryDict | dict[str, str]) -> InboxFilters:
        values = {f.name: str(params.get(f.name, f.default) or f.default).strip() for f in fields(cls)}
        for name, value in values.items():
            # PostgreSQL cannot compare text with a NUL in it (a 500, not an answer). The
            # search box is spared: its query is split where a NUL stood (search.tokens).
            if NUL in value and name != "q":
                raise FilterError(nul_refused(name))
        filters = cls(**values)
        if filters.state not in STATES:
            raise FilterError(f"state: expected one of {', '.join(STATES)}")
        if filters.sort not in SORTS:
            raise FilterError(f"sort: expected one of {', '.join(SORTS)}")
        for name in ("date_from", "date_to"):
            value = getattr(filters, name)
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError as exc:
                    raise FilterError(f"{name}: expected a date like 2026-01-31, got {value!r}") from exc
        return filters

    def as_query(self, **overrides: str) -> str:
        """The filters as a URL query string (defaults left out), with overrides applied."""
        values = {**asdict(self), **overrides}
        defaults = {f.name: f.default for f in fields(self)}
        query = QueryDict(mutable=True)
        for name, value in values.items():
            if value and value != defaults.get(name):
                query[name] = value
        return query.urlencode()


def _day_start(value: str) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(value), time.min))


def filtered(filters: InboxFilters) -> QuerySet[Conversation]:
    """All conversations matching the filters, unordered."""
    qs = Conversation.objects.all()
    has_tags = Exists(ConversationTag.objects.filter(conversation=OuterRef("pk")))
    if filters.state == "untagged":
        qs = qs.filter(~has_tags, triaged_at__isnull=True)
    elif filters.state == "needs_review":
        open_review = Exists(ReviewItem.objects.filter(conversation=OuterRef("pk"), resolved_at__isnull=True))
        unconfirmed = Exists(
            ConversationTag.objects.filter(conversation=OuterRef("pk")).exclude(decider="person")
        )
        qs = qs.filter(open_review | (unconfirmed & Q(triaged_at__isnull=True)))
    elif filters.state == "has_suggestions":
        qs = qs.filter(
            Exists(open_suggestions().filter(conversation=OuterRef("pk"))), triaged_at__isnull=True
        )
    elif filters.state == "done":
        qs = qs.filter(triaged_at__isnull=False)
    simple = {
        "channel": "channel",
        "source": "source__name",
        "segment": "account__segment",
        "plan": "account__plan",
        "language": "language",
        "queue": "queue",
        "assignee": "assignee__username",
    }
    for name, lookup in simple.items():
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{lookup: value})
    if filters.account:
        qs = (
            qs.filter(account_id=filters.account)
            if filters.account.isdigit()
            else qs.filter(account__name=filters.account)
        )
    if filters.date_from:
        qs = qs.filter(started_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(started_at__lt=_day_start(filters.date_to) + timedelta(days=1))
    if filters.tag:
        tag = Tag.objects.filter(slug=filters.tag).first()
        if tag is None:
            raise FilterError(f"tag: no tag with slug {filters.tag!r}")
        qs = qs.filter(
            Exists(
                ConversationTag.objects.filter(conversation=OuterRef("pk"), tag__path__startswith=tag.path)
            )
        )
    condition = search.matching(filters.q)
    if condition is not None:
        qs = qs.filter(condition)
    return qs


def open_suggestions() -> QuerySet[Suggestion]:
    """Suggestions nobody has acted on: still offered (no newer model version replaced
    it), the tag is not already current and no person decided it."""
    return (
        Suggestion.objects.filter(current=True)
        .exclude(
            Exists(ConversationTag.objects.filter(conversation=OuterRef("conversation"), tag=OuterRef("tag")))
        )
        .exclude(
            Exists(
                TagDecision.objects.filter(
                    conversation=OuterRef("conversation"), tag=OuterRef("tag"), decider="person"
                )
            )
        )
    )


# --------------------------------------------------------------------------- paging


def _order(sort: str) -> list[Any]:
    if sort == "oldest":
        return ["started_at", "pk"]
    if sort == "arr":
        return [F("arr_at_time").desc(nulls_last=True), "-started_at", "-pk"]
    return ["-started_at", "-pk"]


def encode_cursor(conversation: Conversation, sort: str) -> str:
    key: list[Any] = [conversation.started_at.isoformat(), conversation.pk]
    if sort == "arr":
        key.insert(0, str(conversation.arr_at_time) if conversation.arr_at_time is not None else None)
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _after(qs: QuerySet[Conversation], cursor: str, sort: str) -> QuerySet[Conversation]:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if sort == "arr":
            arr_raw, started_raw, pk = key
            arr = Decimal(arr_raw) if arr_raw is not None else None
        else:
            started_raw, pk = key
        started = datetime.fromisoformat(started_raw)
        pk = int(pk)
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise FilterError("cursor: not a cursor this inbox gave out") from exc
    if sort == "oldest":
        return qs.filter(Q(started_at__gt=started) | Q(started_at=started, pk__gt=pk))
    newer_first = Q(started_at__lt=started) | Q(started_at=started, pk__lt=pk)
    if sort == "arr":
        if arr is None:
            return qs.filter(Q(arr_at_time__isnull=True) & newer_first)
        return qs.filter(
            Q(arr_at_time__lt=arr) | Q(arr_at_time__isnull=True) | (Q(arr_at_time=arr) & newer_first)
        )
    return qs.filter(newer_first)


@dataclass
class InboxRow:
    conversation: Conversation
    snippet: str
    tags: list[Tag]
    suggestions: int


@dataclass
class InboxPage:
    rows: list[InboxRow]
    next_cursor: str | None
    filters: InboxFilters
    total: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def inbox_page(
    filters: InboxFilters, cursor: str = "", limit: int = PAGE_SIZE, count: bool = False
) -> InboxPage:
    qs = filtered(filters)
    total = qs.count() if count else None
    if cursor:
        qs = _after(qs, cursor, filters.sort)
    first_message = Message.objects.filter(author_role=AuthorRole.CUSTOMER).order_by(
        "position", "sent_at", "pk"
    )
    page = list(
        qs.order_by(*_order(filters.sort))
        .select_related("account", "source")
        .prefetch_related(
            Prefetch("current_tags", queryset=ConversationTag.objects.select_related("tag")),
        )[: limit + 1]
    )
    more = len(page) > limit
    page = page[:limit]
    ids = [c.pk for c in page]
    snippets: dict[int, str] = {}
    for message in first_message.filter(conversation_id__in=ids).only("conversation_id", "text"):
        snippets.setdefault(message.conversation_id, message.text[:240])
    suggestion_counts: dict[int, int] = {}
    for conversation_id in (
        open_suggestions().filter(conversation_id__in=ids).values_list("conversation_id", flat=True)
    ):
        suggestion_counts[conversation_id] = suggestion_counts.get(conversation_id, 0) + 1
    rows = [
        InboxRow(
            conversation=c,
            snippet=snippets.get(c.pk, ""),
            tags=[ct.tag for ct in c.current_tags.all()],
            suggestions=suggestion_counts.get(c.pk, 0),
        )
        for c in page
    ]
    next_cursor = encode_cursor(page[-1], filters.sort) if more and page else None
    return InboxPage(rows=rows, next_cursor=next_cursor, filters=filters, total=total)


def neighbours(filters: InboxFilters, conversation: Conversation) -> tuple[int | None, int | None]:
    """Ids of the previous and next conversation in the inbox order, for j/k."""
    qs = filtered(filters).order_by(*_order(filters.sort))
    next_id = (
        _after(qs, encode_cursor(conversation, filters.sort), filters.sort)
        .values_list("pk", flat=True)
        .first()
    )
    reverse = {"newest": "oldest", "oldest": "newest"}.get(filters.sort)
    previous_id = None
    if reverse is not None:
        qs_rev = filtered(filters).order_by(*_order(reverse))
        previous_id = (
            _after(qs_rev, encode_cursor(conversation, reverse), reverse).values_list("pk", flat=True).first()
        )
    return previous_id, next_id


# --------------------------------------------------------------------------- detail


@dataclass
class TagState:
    tag: Tag
    path: str
    decider: str
    by: str
    at: datetime
    confidence: float | None


@dataclass
class SuggestionView:
    suggestion: Suggestion
    path: str
    provenance: str


@dataclass
class Detail:
    conversation: Conversation
    messages: list[Message]
    tags: list[TagState]
    suggestions: list[SuggestionView]
    quotes: list[TagDecision]
    review: ReviewItem | None
    review_choices: list[Tag]


def provenance(decision: TagDecision) -> str:
    if decision.decider == "person":
        return decision.user.get_username() if decision.user else "person"
    if decision.decider == "rule":
        return decision.rule_ref
    return decision.model_version


def suggestion_provenance(version: str) -> str:
    return version if version.startswith("rule:") else f"model {version}"


def conversation_detail(conversation: Conversation) -> Detail:
    from voxpop.taxonomy.queries import full_path_names

    paths = full_path_names()
    current = list(
        ConversationTag.objects.filter(conversation=conversation)
        .select_related("tag", "decision__user")
        .order_by("tag__path")
    )
    best: dict[int, Suggestion] = {}
    for suggestion in (
        open_suggestions().filter(conversation=conversation).select_related("tag").order_by("-score", "-pk")
    ):
        best.setdefault(suggestion.tag_id, suggestion)
    quotes = list(
        TagDecision.objects.filter(
            conversation=conversation, verdict="accept", undoes__isnull=True, undone_by__isnull=True
        )
        .exclude(quote_text="")
        .select_related("tag", "user", "message")
        .order_by("created_at")
    )
    review = (
        ReviewItem.objects.filter(conversation=conversation, resolved_at__isnull=True)
        .select_related("split__tag")
        .first()
    )
    return Detail(
        conversation=conversation,
        messages=list(conversation.messages.order_by("position", "sent_at", "pk")),
        tags=[
            TagState(
                tag=row.tag,
                path=paths.get(row.tag_id, row.tag.name),
                decider=row.decider,
                by=provenance(row.decision),
                at=row.decided_at,
                confidence=row.confidence,
            )
            for row in current
        ],
        suggestions=[
            SuggestionView(s, paths.get(s.tag_id, s.tag.name), suggestion_provenance(s.model_version))
            for s in list(best.values())[:9]
        ],
        quotes=quotes,
        review=review,
        review_choices=list(review.split.successors.all()) if review and review.split else [],
    )
