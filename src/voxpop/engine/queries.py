"""Reading what the engine learns from: people's tags, conversation texts, the tree."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from voxpop.conversations.models import AuthorRole, Message
from voxpop.engine.hierarchy import Hierarchy
from voxpop.engine.models import TaggingModelVersion
from voxpop.tagging.models import ConversationTag, Decider, TagDecision, Verdict
from voxpop.taxonomy.models import Tag, TagStatus


def active_version() -> TaggingModelVersion | None:
    return TaggingModelVersion.objects.filter(is_active=True).first()


def new_decisions_since(version: TaggingModelVersion | None) -> int:
    """People's decisions recorded after ``version`` read its training data."""
    upto = version.decisions_upto if version is not None else 0
    return TagDecision.objects.filter(pk__gt=upto, decider=Decider.PERSON).count()


def retrain_due() -> bool:
    """Enough people's decisions arrived since the active version to train a new one.
    (Here, not in the services, so hooks can ask without loading the learning stack.)"""
    threshold = int(settings.VOXPOP_RETRAIN_AFTER)
    return threshold > 0 and new_decisions_since(active_version()) >= threshold


@dataclass
class TrainingSet:
    conversation_ids: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    labels: list[set[str]] = field(default_factory=list)
    # Per tag slug: its name, description, examples and quotes people tagged with it.
    extras: dict[str, list[str]] = field(default_factory=dict)
    hierarchy: Hierarchy = field(default_factory=Hierarchy)
    # The newest decision id read: later decisions are new to a model trained on this.
    decisions_upto: int = 0

    def fingerprint(self) -> str:
        """sha256 of the examples, their labels and the tree, independent of row order."""
        digest = hashlib.sha256()
        rows = sorted(
            f"{text}\x1f{'|'.join(sorted(labels))}"
            for text, labels in zip(self.texts, self.labels, strict=True)
        )
        for row in rows:
            digest.update(row.encode("utf-8"))
            digest.update(b"\x1e")
        for slug in sorted(self.extras):
            digest.update(f"{slug}\x1f{'|'.join(self.extras[slug])}\x1e".encode())
        # The tree it learnt (a move changes what a leaf implies).
        for slug, parent in sorted(self.hierarchy.parent.items()):
            digest.update(f"{slug}\x1f{parent or ''}\x1d".encode())
        return digest.hexdigest()


def compose_text(subject: str, customer: list[str], agent: list[str]) -> str:
    """One text for the engine, the customer's words weighing most.

    The subject and the first customer message open the conversation and say what it is
    about: they count three times; later customer messages twice; the agent's replies
    once (notes and bots are left out: they are not the customer's voice). With nothing
    but the opening, the text is the opening alone.
    """
    head = "\n".join(part for part in [subject, *customer[:1]] if part)
    later = "\n".join(part for part in customer[1:] if part)
    theirs = "\n".join(part for part in agent if part)
    if not later and not theirs:
        return head
    return "\n".join(part for part in [head, head, head, later, later, theirs] if part)


def conversation_texts(conversation_ids: Iterable[int]) -> dict[int, str]:
    """The text the engine reads for each conversation (see :func:`compose_text`)."""
    from voxpop.conversations.models import Conversation

    ids = list(conversation_ids)
    subjects: dict[int, str] = {}
    customer: dict[int, list[str]] = defaultdict(list)
    agent: dict[int, list[str]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 2000):
        chunk = ids[chunk_start : chunk_start + 2000]
        subjects.update(Conversation.objects.filter(pk__in=chunk).values_list("pk", "subject"))
        messages = (
            Message.objects.filter(conversation_id__in=chunk)
            .order_by("conversation_id", "position", "sent_at", "id")
            .values_list("conversation_id", "author_role", "text")
        )
        for conversation_id, role, text in messages:
            if role == AuthorRole.CUSTOMER:
                customer[conversation_id].append(text)
            elif role == AuthorRole.AGENT:
                agent[conversation_id].append(text)
    return {pk: compose_text(subjects.get(pk, ""), customer[pk], agent[pk]) for pk in ids}


def taxonomy_hierarchy() -> Hierarchy:
    by_id = dict(Tag.objects.values_list("pk", "slug"))
    tree = Hierarchy()
    for pk, parent_id in Tag.objects.values_list("pk", "parent_id"):
        tree.parent[by_id[pk]] = by_id.get(parent_id) if parent_id else None
    return tree


def training_set() -> TrainingSet:
    """Conversations whose current tags people decided, labelled with those tags.

    Only active tags are learnt (a merged tag's decisions already count as its
    target's); quotes people tagged become extra examples of their tag. A conversation
    a person marked done without any tag is an example of "no tag fits".
    """
    from voxpop.conversations.models import Conversation

    found = TrainingSet(hierarchy=taxonomy_hierarchy())
    found.decisions_upto = TagDecision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    by_conversation: dict[int, set[str]] = defaultdict(set)
    rows = ConversationTag.objects.filter(decider=Decider.PERSON, tag__status=TagStatus.ACTIVE).values_list(
        "conversation_id", "tag__slug"
    )
    for conversation_id, slug in rows:
        by_conversation[conversation_id].add(slug)
    if by_conversation:
        nothing_fits = Conversation.objects.filter(triaged_at__isnull=False, current_tags__isnull=True)
        for conversation_id in nothing_fits.values_list("pk", flat=True):
            by_conversation[conversation_id] = set()
    found.conversation_ids = sorted(by_conversation)
    texts = conversation_texts(found.conversation_ids)
    found.texts = [texts[pk] for pk in found.conversation_ids]
    found.labels = [by_conversation[pk] for pk in found.conversation_ids]
    for slug, name, description, examples in Tag.objects.filter(status=TagStatus.ACTIVE).values_list(
        "slug", "name", "description", "examples"
    ):
        extras = [name, description, *[str(e) for e in examples or []]]
        found.extras[slug] = [text for text in extras if text and text.strip()]
    quotes = (
        TagDecision.objects.filter(
            decider=Decider.PERSON, verdict=Verdict.ACCEPT, undoes__isnull=True, undone_by__isnull=True
        )
        .exclude(quote_text="")
        .filter(tag__status=TagStatus.ACTIVE)
        .values_list("tag__slug", "quote_text")
    )
    for slug, quote in quotes:
        found.extras.setdefault(slug, []).append(quote)
    return found
