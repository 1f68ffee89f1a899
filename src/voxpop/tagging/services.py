"""Recording tag decisions and deriving a conversation's current tags from them.

Decisions are append-only. The current state of a (conversation, tag) pair is
derived by one rule, :func:`deciding`, used both when a decision is recorded and
when the whole table is rebuilt, so the two can never disagree:

- if any person has decided on the pair, the latest person decision stands
  (a rule or model never overrides a person);
- otherwise the latest rule or model decision stands;
- the tag is present when the standing decision is an accept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from voxpop.conversations.models import Conversation, Message
from voxpop.tagging.models import ConversationTag, Decider, TagDecision, Verdict
from voxpop.taxonomy.models import Tag


class TaggingError(Exception):
    pass


def deciding(decisions: Sequence[TagDecision]) -> TagDecision | None:
    """The decision that currently stands for one (conversation, tag) pair, or None."""
    if not decisions:
        return None
    ordered = sorted(decisions, key=lambda d: (d.created_at, d.pk or 0))
    people = [d for d in ordered if d.decider == Decider.PERSON]
    return (people or ordered)[-1]


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
        _refresh_pair(conversation, tag)
    return decision


def _refresh_pair(conversation: Conversation, tag: Tag) -> None:
    standing = deciding(list(TagDecision.objects.filter(conversation=conversation, tag=tag)))
    if standing is None or standing.verdict != Verdict.ACCEPT:
        ConversationTag.objects.filter(conversation=conversation, tag=tag).delete()
        return
    ConversationTag.objects.update_or_create(
        conversation=conversation,
        tag=tag,
        defaults={
            "decision": standing,
            "decider": standing.decider,
            "confidence": standing.confidence,
            "decided_at": standing.created_at,
            "started_at": conversation.started_at,
        },
    )


def current_rows(decisions: Iterable[TagDecision], started: dict[int, datetime]) -> list[ConversationTag]:
    """Derive current-tag rows from decisions (any order, any number of pairs)."""
    pairs: dict[tuple[int, int], list[TagDecision]] = defaultdict(list)
    for decision in decisions:
        pairs[(decision.conversation_id, decision.tag_id)].append(decision)
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
def bulk_record_decisions(decisions: list[TagDecision], batch_size: int = 2000) -> int:
    """Insert many decisions (for loaders and imports) and derive their current tags.

    Pairs that already had decisions are re-derived from all of theirs.
    """
    if not decisions:
        return 0
    TagDecision.objects.bulk_create(decisions, batch_size=batch_size)
    conversation_ids = {d.conversation_id for d in decisions}
    rebuild_current_tags(conversation_ids)
    return len(decisions)


def rebuild_current_tags(conversation_ids: Iterable[int] | None = None, chunk: int = 500) -> int:
    """Recompute current tags from the decisions (all conversations, or some)."""
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
            rows = current_rows(TagDecision.objects.filter(conversation_id__in=part), started)
            ConversationTag.objects.bulk_create(rows, batch_size=2000)
            written += len(rows)
    return written
