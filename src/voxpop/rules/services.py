"""Writing rules and running them over conversations.

- Creating, changing and deleting a rule is audited (``rules.*``).
- :func:`apply_rules` matches active rules against each conversation's subject and
  customer messages. A ``suggest`` rule adds a suggestion (score 1.0, model version
  ``rule:<id>``), unique per conversation, tag and version, so running again adds
  nothing; pairs a person already decided are not suggested. An ``auto`` rule records
  an accept decision by the rule (``rule_ref="rule:<id>"``) once per rule and
  conversation; the derivation in :mod:`voxpop.tagging.services` lets a person's
  decision stand over it, so a rule never overrides a person.
- :func:`preview` counts and samples what a rule (or a pattern being written) would
  match, writing nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from voxpop.audit import services as audit
from voxpop.conversations.models import AuthorRole, Conversation, Message
from voxpop.rules.matching import Matcher, PatternError, matcher
from voxpop.rules.models import MAX_PATTERN_LENGTH, Rule, RuleKind, RuleMode
from voxpop.tagging.models import Decider, Suggestion, TagDecision, Verdict
from voxpop.tagging.services import bulk_record_decisions
from voxpop.taxonomy.models import Tag, TagStatus

CHUNK = 500
PREVIEW_SCAN = 20_000  # the most recent conversations a preview looks at
RULE_SCORE = 1.0


class RuleError(Exception):
    pass


def _validate(kind: str, pattern: str) -> str:
    pattern = pattern.strip()
    if kind not in RuleKind.values:
        raise RuleError(f"unknown rule kind {kind!r}; use keyword or regex")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise RuleError(
            f"the pattern is {len(pattern)} characters long; rules allow at most {MAX_PATTERN_LENGTH}"
        )
    try:
        matcher(kind, pattern)
    except PatternError as exc:
        raise RuleError(str(exc)) from exc
    return pattern


def _snapshot(rule: Rule) -> dict[str, Any]:
    return {
        "ref": rule.ref,
        "tag": rule.tag.slug,
        "kind": rule.kind,
        "pattern": rule.pattern,
        "mode": rule.mode,
        "active": rule.active,
    }


def create_rule(
    tag: Tag,
    pattern: str,
    *,
    kind: str = RuleKind.KEYWORD,
    mode: str = RuleMode.SUGGEST,
    active: bool = True,
    actor: Any = None,
) -> Rule:
    pattern = _validate(kind, pattern)
    if mode not in RuleMode.values:
        raise RuleError(f"unknown rule mode {mode!r}; use suggest or auto")
    if tag.status != TagStatus.ACTIVE:
        raise RuleError(f"tag {tag.slug!r} is {tag.status}; rules can only point at active tags")
    rule = Rule.objects.create(
        tag=tag,
        kind=kind,
        pattern=pattern,
        mode=mode,
        active=active,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record("rules.created", actor=actor, target=rule, data=_snapshot(rule))
    return rule


def update_rule(
    rule: Rule,
    *,
    pattern: str | None = None,
    kind: str | None = None,
    mode: str | None = None,
    active: bool | None = None,
    actor: Any = None,
) -> Rule:
    """Change a rule. Suggestions and decisions it already made stay (they record the
    rule, and the audit log keeps each version of the pattern)."""
    before = _snapshot(rule)
    new_kind = kind if kind is not None else rule.kind
    new_pattern = pattern if pattern is not None else rule.pattern
    rule.pattern = _validate(new_kind, new_pattern)
    rule.kind = new_kind
    if mode is not None:
        if mode not in RuleMode.values:
            raise RuleError(f"unknown rule mode {mode!r}; use suggest or auto")
        rule.mode = mode
    if active is not None:
        rule.active = active
    after = _snapshot(rule)
    if after == before:
        return rule
    rule.save()
    changed = {key: {"from": before[key], "to": after[key]} for key in after if after[key] != before[key]}
    audit.record("rules.updated", actor=actor, target=rule, data={"ref": rule.ref, "changed": changed})
    return rule


@transaction.atomic
def delete_rule(rule: Rule, *, actor: Any = None) -> None:
    """Delete a rule that never tagged anything (its open suggestions go with it);
    a rule whose decisions are on record can only be deactivated."""
    if TagDecision.objects.filter(decider=Decider.RULE, rule_ref=rule.ref).exists():
        raise RuleError(
            f"{rule.ref} has tagged conversations; deactivate it instead, so its labels stay explained"
        )
    snapshot = _snapshot(rule)
    Suggestion.objects.filter(model_version=rule.ref).delete()
    rule.delete()
    audit.record("rules.deleted", actor=actor, data=snapshot)


# --------------------------------------------------------------------------- matching


def conversation_texts(conversation_ids: Sequence[int]) -> dict[int, list[str]]:
    """The text rules look at: each conversation's subject and its customers' messages."""
    texts: dict[int, list[str]] = defaultdict(list)
    for pk, subject in Conversation.objects.filter(pk__in=conversation_ids).values_list("pk", "subject"):
        texts[pk].append(subject)
    messages = Message.objects.filter(conversation_id__in=conversation_ids, author_role=AuthorRole.CUSTOMER)
    for conversation_id, text in messages.order_by("conversation_id", "position", "id").values_list(
        "conversation_id", "text"
    ):
        texts[conversation_id].append(text)
    return texts


def _chunks(conversation_ids: Iterable[int] | None) -> Iterator[list[int]]:
    if conversation_ids is not None:
        ids = sorted(set(conversation_ids))
        for start in range(0, len(ids), CHUNK):
            yield ids[start : start + CHUNK]
        return
    last = 0
    while True:  # keyset paging: steady memory on a million conversations
        ids = list(
            Conversation.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def _matches(match: Matcher, texts: list[str]) -> bool:
    return any(match(text) for text in texts if text)


@dataclass
class ApplyCounts:
    rules: int = 0
    conversations: int = 0
    matched: int = 0
    suggestions: int = 0
    decisions: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def apply_rules(
    conversation_ids: Iterable[int] | None = None,
    *,
    rules: Iterable[Rule] | None = None,
    actor: Any = None,
) -> dict[str, int]:
    """Run active rules (all, or these) over conversations (all, or these).

    Idempotent: a second run over the same conversations adds nothing.
    """
    chosen = list(Rule.objects.select_related("tag") if rules is None else rules)
    chosen = [rule for rule in chosen if rule.active and rule.tag.status == TagStatus.ACTIVE]
    counts = ApplyCounts(rules=len(chosen))
    if not chosen:
        return counts.as_dict()
    compiled = [(rule, matcher(rule.kind, rule.pattern)) for rule in chosen]
    refs = [rule.ref for rule in chosen]
    tag_ids = {rule.tag_id for rule in chosen}
    for chunk in _chunks(conversation_ids):
        with transaction.atomic():
            _apply_chunk(chunk, compiled, refs, tag_ids, counts)
    if actor is not None or conversation_ids is None:
        audit.record("rules.applied", actor=actor, data=counts.as_dict())
    return counts.as_dict()


def _apply_chunk(
    chunk: list[int],
    compiled: list[tuple[Rule, Matcher]],
    refs: list[str],
    tag_ids: set[int],
    counts: ApplyCounts,
) -> None:
    texts = conversation_texts(chunk)
    counts.conversations += len(texts)
    suggested = set(
        Suggestion.objects.filter(conversation_id__in=chunk, model_version__in=refs).values_list(
            "conversation_id", "model_version"
        )
    )
    ruled = set(
        TagDecision.objects.filter(
            conversation_id__in=chunk, decider=Decider.RULE, rule_ref__in=refs
        ).values_list("conversation_id", "rule_ref")
    )
    people = set(
        TagDecision.objects.filter(
            conversation_id__in=chunk, decider=Decider.PERSON, tag_id__in=tag_ids
        ).values_list("conversation_id", "tag_id")
    )
    now = timezone.now()
    suggestions: list[Suggestion] = []
    decisions: list[TagDecision] = []
    for conversation_id, parts in texts.items():
        for rule, match in compiled:
            if not _matches(match, parts):
                continue
            counts.matched += 1
            if rule.mode == RuleMode.AUTO:
                if (conversation_id, rule.ref) not in ruled:
                    decisions.append(
                        TagDecision(
                            conversation_id=conversation_id,
                            tag_id=rule.tag_id,
                            verdict=Verdict.ACCEPT,
                            decider=Decider.RULE,
                            rule_ref=rule.ref,
                            confidence=RULE_SCORE,
                            created_at=now,
                        )
                    )
            elif (conversation_id, rule.ref) not in suggested and (
                conversation_id,
                rule.tag_id,
            ) not in people:
                suggestions.append(
                    Suggestion(
                        conversation_id=conversation_id,
                        tag_id=rule.tag_id,
                        score=RULE_SCORE,
                        model_version=rule.ref,
                    )
                )
    Suggestion.objects.bulk_create(suggestions, batch_size=1000, ignore_conflicts=True)
    counts.suggestions += len(suggestions)
    counts.decisions += bulk_record_decisions(decisions)


# --------------------------------------------------------------------------- preview


@dataclass
class Preview:
    scanned: int = 0
    matched: int = 0
    samples: list[dict[str, Any]] = field(default_factory=list)


def preview(
    rule_or_pattern: Rule | str,
    *,
    kind: str = RuleKind.KEYWORD,
    samples: int = 5,
    scan: int = PREVIEW_SCAN,
) -> Preview:
    """How many of the latest ``scan`` conversations a rule (or a pattern) matches, with
    a few examples; writes nothing. A bad pattern raises RuleError."""
    if isinstance(rule_or_pattern, Rule):
        kind, pattern = rule_or_pattern.kind, rule_or_pattern.pattern
    else:
        pattern = _validate(kind, rule_or_pattern)
    match = matcher(kind, pattern)
    recent = list(Conversation.objects.order_by("-started_at", "-id").values_list("pk", flat=True)[:scan])
    result = Preview()
    for start in range(0, len(recent), CHUNK):
        chunk = recent[start : start + CHUNK]
        texts = conversation_texts(chunk)
        result.scanned += len(texts)
        for conversation_id in chunk:
            parts = texts.get(conversation_id, [])
            if not _matches(match, parts):
                continue
            result.matched += 1
            if len(result.samples) < samples:
                hit = next(text for text in parts if text and match(text))
                result.samples.append(
                    {
                        "conversation_id": conversation_id,
                        "subject": parts[0] if parts else "",
                        "text": hit[:300],
                    }
                )
    return result
