"""Read models for people checking the engine: the review queue, spot checks, and each
tag's automatic-label quality (the pages and the API share these).

- :func:`review_queue`: conversations the model labelled or suggested for and no person
  has touched, most instructive first: the smallest margin between the model's two best
  tags (bucketed by 0.05), then the most common best tag (volume), then the highest ARR.
- :func:`open_spot_checks`: automatic labels sampled for a person to confirm or reject.
- :func:`tag_quality`: per tag, the active version's threshold and the precision of its
  automatic labels measured against people on the spot checks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Floor

from voxpop.conversations.models import AuthorRole, Conversation, Message
from voxpop.engine.models import EvaluationReport, PredictionRecord, SpotCheck, TaggingModelVersion
from voxpop.tagging.models import ConversationTag, Decider, Suggestion, TagDecision, Verdict
from voxpop.tagging.services import merge_targets
from voxpop.taxonomy.models import Tag

PAGE = 50


def _snippets(conversation_ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    rows = (
        Message.objects.filter(conversation_id__in=conversation_ids, author_role=AuthorRole.CUSTOMER)
        .order_by("position", "sent_at", "pk")
        .values_list("conversation_id", "text")
    )
    for conversation_id, text in rows:
        found.setdefault(conversation_id, text[:200])
    return found


@dataclass
class ReviewRow:
    conversation: Conversation
    record: PredictionRecord
    snippet: str
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    automatic: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        c, r = self.conversation, self.record
        return {
            "conversation_id": c.pk,
            "subject": c.subject,
            "snippet": self.snippet,
            "language": c.language,
            "arr": float(c.arr_at_time) if c.arr_at_time is not None else None,
            "model_version": r.version.version,
            "margin": r.margin,
            "entropy": r.entropy,
            "best_tag": r.best_tag,
            "volume": r.volume,
            "suggestions": self.suggestions,
            "automatic": self.automatic,
        }


def review_records() -> QuerySet[PredictionRecord]:
    """Each conversation's latest prediction, where the model said something and no
    person has decided anything on the conversation or marked it done."""
    newer = PredictionRecord.objects.filter(conversation=OuterRef("conversation"), pk__gt=OuterRef("pk"))
    touched = TagDecision.objects.filter(conversation=OuterRef("conversation"), decider=Decider.PERSON)
    return (
        PredictionRecord.objects.filter(Q(suggested__gt=0) | Q(applied__gt=0))
        .filter(conversation__triaged_at__isnull=True)
        .exclude(Exists(newer))
        .exclude(Exists(touched))
    )


def review_queue(limit: int = PAGE, offset: int = 0) -> list[ReviewRow]:
    # Rank every candidate by its ids and sort keys only, then load the page's rows: the
    # sort holds narrow rows (at 300,000 conversations, a quarter of the CPU time of
    # sorting whole conversation rows on SQLite).
    page = list(
        review_records()
        .order_by(
            Floor(F("margin") * 20).asc(),
            F("volume").desc(),
            F("conversation__arr_at_time").desc(nulls_last=True),
            "-entropy",
            "conversation_id",
        )
        .values_list("pk", flat=True)[offset : offset + limit]
    )
    loaded = PredictionRecord.objects.select_related("conversation", "version").in_bulk(page)
    records = [loaded[pk] for pk in page]
    ids = [r.conversation_id for r in records]
    snippets = _snippets(ids)
    rows = {
        r.conversation_id: ReviewRow(r.conversation, r, snippets.get(r.conversation_id, "")) for r in records
    }
    offered = (
        Suggestion.objects.filter(conversation_id__in=ids, current=True)
        .exclude(model_version__startswith="rule:")
        .select_related("tag")
        .order_by("-score")
    )
    for s in offered:
        rows[s.conversation_id].suggestions.append({"tag": s.tag.slug, "name": s.tag.name, "score": s.score})
    for ct in ConversationTag.objects.filter(conversation_id__in=ids, decider=Decider.MODEL).select_related(
        "tag"
    ):
        rows[ct.conversation_id].automatic.append(
            {"tag": ct.tag.slug, "name": ct.tag.name, "confidence": ct.confidence}
        )
    return [rows[i] for i in ids]


# --------------------------------------------------------------------------- spot checks


@dataclass
class SpotCheckState:
    check: SpotCheck
    verdict: str | None  # "accept" (confirmed), "reject", or None while nobody decided


def spot_check_states(tag_ids: list[int] | None = None) -> list[SpotCheckState]:
    """Every spot check with what people decided on that label since it was sampled.

    A decision on a tag merged into the checked one (or the other way round) counts.
    """
    checks = SpotCheck.objects.select_related("decision", "tag")
    targets = merge_targets()
    if tag_ids is not None:
        wanted = set(tag_ids)
        absorbed = {tag for tag, target in targets.items() if target in wanted}
        checks = checks.filter(tag_id__in=wanted | absorbed)
    checks_list = list(checks)
    people: dict[tuple[int, int], list[TagDecision]] = defaultdict(list)
    decisions = TagDecision.objects.filter(
        conversation_id__in={c.conversation_id for c in checks_list},
        decider=Decider.PERSON,
        undoes__isnull=True,
        undone_by__isnull=True,
    ).order_by("created_at", "pk")
    for decision in decisions:
        people[(decision.conversation_id, targets.get(decision.tag_id, decision.tag_id))].append(decision)
    states = []
    for check in checks_list:
        tag_id = targets.get(check.tag_id, check.tag_id)
        later = [
            d
            for d in people.get((check.conversation_id, tag_id), [])
            if d.created_at >= check.decision.created_at
        ]
        states.append(SpotCheckState(check, later[-1].verdict if later else None))
    return states


def open_spot_checks(limit: int = PAGE) -> list[dict[str, Any]]:
    waiting = [s.check for s in spot_check_states() if s.verdict is None][:limit]
    snippets = _snippets([c.conversation_id for c in waiting])
    return [
        {
            "spot_check_id": c.pk,
            "conversation_id": c.conversation_id,
            "tag": c.tag.slug,
            "name": c.tag.name,
            "tag_id": c.tag_id,
            "confidence": c.decision.confidence,
            "model_version": c.decision.model_version,
            "snippet": snippets.get(c.conversation_id, ""),
        }
        for c in waiting
    ]


@dataclass
class TagQuality:
    tag_id: int
    slug: str
    threshold: float | None
    model_version: str | None
    automatic: int  # conversations carrying the tag by the model's decision now
    spot_checked: int
    confirmed: int
    rejected: int
    measured_precision: float | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def tag_quality(tags: list[Tag] | None = None) -> list[TagQuality]:
    """Per tag: where the active version applies it by itself, and how often people
    agreed on the spot-checked automatic labels (confirmed / (confirmed + rejected))."""
    chosen = list(Tag.objects.order_by("path")) if tags is None else tags
    active = TaggingModelVersion.objects.filter(is_active=True).first()
    targets = merge_targets()
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for state in spot_check_states([t.pk for t in chosen] if tags is not None else None):
        row = counts[targets.get(state.check.tag_id, state.check.tag_id)]
        row[0] += 1
        row[1] += state.verdict == Verdict.ACCEPT
        row[2] += state.verdict == Verdict.REJECT
    automatic: dict[int, int] = defaultdict(int)
    rows = ConversationTag.objects.filter(decider=Decider.MODEL)
    if tags is not None:
        rows = rows.filter(tag__in=chosen)
    for tag_id in rows.values_list("tag_id", flat=True):
        automatic[tag_id] += 1
    result = []
    for tag in chosen:
        sampled, confirmed, rejected = counts[tag.pk]
        decided = confirmed + rejected
        result.append(
            TagQuality(
                tag_id=tag.pk,
                slug=tag.slug,
                threshold=(active.thresholds.get(tag.slug) if active else None),
                model_version=active.version if active else None,
                automatic=automatic[tag.pk],
                spot_checked=sampled,
                confirmed=confirmed,
                rejected=rejected,
                measured_precision=round(confirmed / decided, 4) if decided else None,
            )
        )
    return result


# --------------------------------------------------------------------------- registry


def retraining() -> dict[str, int]:
    """People's decisions since the active version read its data, and how many start a retrain."""
    from django.conf import settings

    from voxpop.engine.services import active_version, new_decisions_since

    return {
        "new_decisions": new_decisions_since(active_version()),
        "retrain_after": int(settings.VOXPOP_RETRAIN_AFTER),
    }


def versions(limit: int = 50) -> list[TaggingModelVersion]:
    return list(TaggingModelVersion.objects.order_by("-created_at", "-pk")[:limit])


def version_dict(version: TaggingModelVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "created_at": version.created_at,
        "active": version.is_active,
        "encoder": version.encoder,
        "training_data_hash": version.training_data_hash,
        "n_examples": version.n_examples,
        "n_tags": version.n_tags,
        "target_precision": version.target_precision,
        "metrics": version.metrics,
        "thresholds": version.thresholds,
        "trigger": version.trigger,
        "predicted": version.predictions.count(),
    }


def latest_report() -> EvaluationReport | None:
    return EvaluationReport.objects.order_by("-created_at", "-pk").first()


def report_dict(report: EvaluationReport) -> dict[str, Any]:
    return {
        "created_at": report.created_at,
        "folds": report.folds,
        "n_examples": report.n_examples,
        "training_data_hash": report.training_data_hash,
        "summary": report.summary,
        "tags": report.tags,
    }
