"""Recording tag decisions and deriving a conversation's current tags from them.

Decisions are append-only. A conversation's current tags are derived from all of its
decisions by one function, :func:`current_rows`, used both when a decision is
recorded and when the table is rebuilt (after a merge, say), so the two can never
disagree. For each (conversation, tag) pair:

- an undone decision, and the undo itself, are ignored;
- a decision on a merged tag counts as a decision on the tag it was merged into
  (following chains), so a merge never drops a conversation from a count;
- if any person has decided on the pair, the latest person decision stands
  (a rule or model never overrides a person);
- otherwise the latest rule or model decision stands;
- the tag is present when the standing decision is an accept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from voxpop.conversations.models import Conversation, Message
from voxpop.core.bulk import insert_rows
from voxpop.engine import hooks as engine_hooks
from voxpop.tagging.models import ConversationTag, Decider, ReviewItem, TagDecision, Verdict
from voxpop.taxonomy.models import Tag, TagStatus


class TaggingError(Exception):
    pass


def deciding(decisions: Sequence[TagDecision]) -> TagDecision | None:
    """The decision that currently stands for one (conversation, tag) pair, or None."""
    if not decisions:
        return None
    ordered = sorted(decisions, key=lambda d: (d.created_at, d.pk or 0))
    people = [d for d in ordered if d.decider == Decider.PERSON]
    return (people or ordered)[-1]


def merge_targets() -> dict[int, int]:
    """Map every merged tag's id to the id of the live tag it now counts as."""
    direct = dict(Tag.objects.filter(status=TagStatus.MERGED).values_list("pk", "merged_into_id"))
    resolved: dict[int, int] = {}
    for start in direct:
        seen = {start}
        target = direct[start]
        while target in direct and target not in seen:  # a cycle cannot be written, but never loop
            seen.add(target)
            target = direct[target]
        resolved[start] = target
    return resolved


@dataclass(frozen=True)
class Quote:
    message: Message
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.message.text[self.start : self.end]


def record_decision(
    conversation: Conversation,
    tag: Tag,
    verdict: str = Verdict.ACCEPT,
    *,
    decider: str = Decider.PERSON,
    user: Any = None,
    rule_ref: str = "",
    model_version: str = "",
    confidence: float | None = None,
    quote: Quote | None = None,
    at: datetime | None = None,
) -> TagDecision:
    """Append a decision and bring the conversation's current tags up to date."""
    if quote is not None:
        if quote.message.conversation_id != conversation.pk:
            raise TaggingError("the quoted message belongs to another conversation")
        if not 0 <= quote.start < quote.end <= len(quote.message.text):
            raise TaggingError(
                f"quote span {quote.start}-{quote.end} is outside the message "
                f"(length {len(quote.message.text)})"
            )
    if tag.status == TagStatus.MERGED and decider == Decider.PERSON:
        raise TaggingError(f"tag {tag.slug!r} was merged into another tag; tag with that one instead")
    with transaction.atomic():
        # Serialise decisions per conversation so two people tagging at once both land.
        Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
        decision = TagDecision.objects.create(
            conversation=conversation,
            tag=tag,
            verdict=verdict,
            decider=decider,
            user=user if decider == Decider.PERSON else None,
            rule_ref=rule_ref,
            model_version=model_version,
            confidence=confidence,
            message=quote.message if quote else None,
            quote_start=quote.start if quote else None,
            quote_end=quote.end if quote else None,
            quote_text=quote.text if quote else "",
            created_at=at or timezone.now(),
        )
        rebuild_current_tags([conversation.pk])
        _evidence_changed([tag.pk])
        if decider == Decider.PERSON:
            engine_hooks.person_decisions_recorded(1)
    return decision


def current_rows(
    decisions: Iterable[TagDecision],
    started: Mapping[int, datetime],
    targets: Mapping[int, int] | None = None,
) -> list[ConversationTag]:
    """Derive current-tag rows from decisions (any order, any number of conversations)."""
    targets = merge_targets() if targets is None else targets
    decisions = list(decisions)
    undone = {d.undoes_id for d in decisions if d.undoes_id is not None}
    pairs: dict[tuple[int, int], list[TagDecision]] = defaultdict(list)
    for decision in decisions:
        if decision.undoes_id is not None or decision.pk in undone:
            continue
        tag_id = targets.get(decision.tag_id, decision.tag_id)
        pairs[(decision.conversation_id, tag_id)].append(decision)
    rows = []
    for (conversation_id, tag_id), group in pairs.items():
        standing = deciding(group)
        if standing is not None and standing.verdict == Verdict.ACCEPT:
            rows.append(
                ConversationTag(
                    conversation_id=conversation_id,
                    tag_id=tag_id,
                    decision=standing,
                    decider=standing.decider,
                    confidence=standing.confidence,
                    decided_at=standing.created_at,
                    started_at=started[conversation_id],
                )
            )
    return rows


@transaction.atomic
def bulk_record_decisions(
    decisions: list[TagDecision], batch_size: int = 2000, *, new_conversations: Collection[int] = ()
) -> int:
    """Insert many decisions (for loaders and imports) and derive their current tags.

    Conversations that already had decisions are re-derived from all of theirs.
    ``new_conversations`` names conversations that had no decision before these (created
    in this transaction): where their decisions here are all plain accepts on live tags,
    each is its own standing decision, and their current tags are copied from them with
    one statement instead of being derived row by row; and the decisions are inserted
    with plain SQL, their ids not read back (callers given ids keep the ORM's insert).
    """
    if not decisions:
        return 0
    if new_conversations:
        insert_rows(TagDecision, decisions)
    else:
        TagDecision.objects.bulk_create(decisions, batch_size=batch_size)
    targets = merge_targets()
    ids = {d.conversation_id for d in decisions}
    # Only the new conversations these decisions are on (an import names every
    # conversation its batch created, most of them untagged).
    simple = ids.intersection(new_conversations)
    for d in decisions:
        if d.conversation_id in simple and (
            d.verdict != Verdict.ACCEPT or d.undoes_id is not None or d.tag_id in targets
        ):
            simple.discard(d.conversation_id)
    _copy_current_tags(sorted(simple))
    if ids - simple:
        rebuild_current_tags(ids - simple)
    _evidence_changed({d.tag_id for d in decisions})
    return len(decisions)


# A conversation's current tags when each of its decisions stands (see bulk_record_decisions).
_COPY_CURRENT = (
    "INSERT INTO tagging_conversationtag "
    "(conversation_id, tag_id, decision_id, decider, confidence, decided_at, started_at) "
    "SELECT d.conversation_id, d.tag_id, d.id, d.decider, d.confidence, d.created_at, c.started_at "
    "FROM tagging_tagdecision d JOIN conversations_conversation c ON c.id = d.conversation_id "
    "WHERE d.conversation_id IN ({ids})"
)


def _copy_current_tags(conversation_ids: list[int], chunk: int = 500) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(conversation_ids), chunk):
            part = conversation_ids[start : start + chunk]
            cursor.execute(_COPY_CURRENT.format(ids=", ".join(["%s"] * len(part))), part)


def _evidence_changed(tag_ids: Iterable[int]) -> None:
    """Refresh the evidence of the features these tags are demand for, after commit."""
    from voxpop.roadmap import snapshots

    snapshots.inputs_changed(snapshots.features_for_tags(tag_ids))


def rebuild_current_tags(conversation_ids: Iterable[int] | None = None, chunk: int = 500) -> int:
    """Recompute current tags from the decisions (all conversations, or some)."""
    targets = merge_targets()
    with transaction.atomic():
        if conversation_ids is None:
            ids = list(Conversation.objects.values_list("pk", flat=True))
        else:
            ids = sorted(set(conversation_ids))
        written = 0
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            started = dict(Conversation.objects.filter(pk__in=part).values_list("pk", "started_at"))
            ConversationTag.objects.filter(conversation_id__in=part).delete()
            rows = current_rows(TagDecision.objects.filter(conversation_id__in=part), started, targets)
            ConversationTag.objects.bulk_create(rows, batch_size=2000)
            written += len(rows)
    return written


def conversations_deciding_on(tag_ids: Iterable[int]) -> list[int]:
    """Ids of conversations with any decision on these tags: what a merge affects."""
    return list(
        TagDecision.objects.filter(tag_id__in=list(tag_ids))
        .values_list("conversation_id", flat=True)
        .distinct()
    )


@transaction.atomic
def undo_decision(decision: TagDecision, *, user: Any) -> TagDecision:
    """Cancel ``decision`` by appending an undo; the pair is derived as if it never was."""
    if decision.undoes_id is not None:
        raise TaggingError("an undo cannot itself be undone; make the decision again instead")
    if TagDecision.objects.filter(undoes=decision).exists():
        raise TaggingError("this decision is already undone")
    undo = TagDecision.objects.create(
        conversation_id=decision.conversation_id,
        tag_id=decision.tag_id,
        verdict=decision.verdict,
        decider=Decider.PERSON,
        user=user,
        undoes=decision,
        created_at=timezone.now(),
    )
    rebuild_current_tags([decision.conversation_id])
    _evidence_changed([decision.tag_id])
    return undo


def undo_last(conversation: Conversation, *, user: Any) -> TagDecision | None:
    """Undo ``user``'s latest standing decision on ``conversation``; None if there is none."""
    last = (
        TagDecision.objects.filter(
            conversation=conversation, user=user, undoes__isnull=True, undone_by__isnull=True
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return undo_decision(last, user=user) if last is not None else None


@transaction.atomic
def resolve_review(item: ReviewItem, chosen: Sequence[Tag], *, user: Any) -> list[TagDecision]:
    """Resolve a split review: accept the chosen successors (choosing none is allowed).

    The split tag itself stays on the conversation as history (it is deprecated, so
    nobody applies it again), which keeps its trend line intact beside its successors.
    """
    if item.resolved_at is not None:
        raise TaggingError("this review item is already resolved")
    if item.split is None:
        raise TaggingError("this review item has no split to resolve")
    allowed = {tag.pk for tag in item.split.successors.all()}
    outside = [tag.slug for tag in chosen if tag.pk not in allowed]
    if outside:
        raise TaggingError(f"only the split's successors can be chosen here, not {', '.join(outside)}")
    conversation = item.conversation
    now = timezone.now()
    decisions = [record_decision(conversation, tag, user=user, at=now) for tag in chosen]
    item.resolved_at = now
    item.resolved_by = user
    item.save(update_fields=["resolved_at", "resolved_by"])
    return decisions


@transaction.atomic
def bulk_tag(conversations: Iterable[Conversation], tag: Tag, *, user: Any) -> int:
    """A person accepts ``tag`` on many conversations at once (from the inbox)."""
    if tag.status != TagStatus.ACTIVE:
        raise TaggingError(f"tag {tag.slug!r} is {tag.status}; choose an active tag")
    now = timezone.now()
    decisions = [
        TagDecision(
            conversation=conversation,
            tag=tag,
            verdict=Verdict.ACCEPT,
            decider=Decider.PERSON,
            user=user,
            created_at=now,
        )
        for conversation in conversations
    ]
    recorded = bulk_record_decisions(decisions)
    engine_hooks.person_decisions_recorded(recorded)
    return recorded
