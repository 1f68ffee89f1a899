"""Training a model version from people's decisions, and predicting with it.

- :func:`train_model` learns from the conversations people tagged, saves the model
  under the data directory and registers it as the active version.
- :func:`predict_untagged` asks a version about every untagged conversation it has not
  seen yet; :func:`predict_arrivals`, which runs after imports and live arrivals, asks
  it only about the conversations queued since (:class:`PredictionDue`, written in the
  arrival's transaction) once it has looked at them all; after a taxonomy change,
  :mod:`voxpop.engine.tasks` asks a new version about the conversations
  :func:`affected_by` names. All go through
  :func:`predict_conversations`, which records each
  (conversation, version) it predicted, so a version never predicts a conversation
  twice, even when it abstained.
- A prediction writes the best tags as suggestions (nothing when the model abstains:
  "no tag fits"), applies tags above their threshold as model decisions (which never
  override a person's, see :mod:`voxpop.tagging.services`), samples a share of those
  automatic labels for a person to spot-check, and keeps how unsure the model was for
  the review queue.
"""

from __future__ import annotations

import logging
import math
import random
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from voxpop.conversations.models import Conversation
from voxpop.core.bulk import chunks
from voxpop.engine.model import EngineConfig, Prediction, TaggingModel
from voxpop.engine.models import PredictionDue, PredictionRecord, SpotCheck, TaggingModelVersion
from voxpop.engine.queries import active_version, conversation_texts, training_set
from voxpop.engine.queries import new_decisions_since as new_decisions_since  # re-exported
from voxpop.engine.registry import load_model, save_model
from voxpop.tagging.models import ConversationTag, Decider, Suggestion, TagDecision, Verdict
from voxpop.tagging.services import bulk_record_decisions, merge_targets
from voxpop.taxonomy.models import Tag, TagStatus

logger = logging.getLogger(__name__)

MIN_EXAMPLES = 10
# Candidates below this calibrated probability are not worth a person's glance.
MIN_SUGGESTION = 0.05


class EngineError(Exception):
    pass


@dataclass
class PredictResult:
    version: str
    conversations: int
    suggestions: int
    applied: int
    withdrawn: int = 0
    spot_checks: int = 0


def train_model(
    *,
    target_precision: float = 0.95,
    encoder: str = "sparse",
    folds: int = 5,
    trigger: str = "manual",
    workers: int = 1,
) -> TaggingModelVersion:
    """Train on people's current tags, save the model, make it the active version."""
    data = training_set()
    if len(data.texts) < MIN_EXAMPLES or not any(data.labels):
        raise EngineError(
            f"only {sum(1 for labels in data.labels if labels)} conversations are tagged by people; "
            f"tag at least {MIN_EXAMPLES} first"
        )
    config = EngineConfig(encoder=encoder, target_precision=target_precision, folds=folds, workers=workers)
    model = TaggingModel(config).fit(
        data.texts, data.labels, hierarchy=data.hierarchy, descriptions=data.extras
    )
    report = model.report
    assert report is not None
    fingerprint = data.fingerprint()
    # When, on what data, and a random part so two trainings in one second differ.
    version = f"{timezone.now():%Y%m%dT%H%M%S}-{fingerprint[:8]}-{secrets.token_hex(3)}"
    file_name = save_model(model, version)
    with transaction.atomic():
        TaggingModelVersion.objects.filter(is_active=True).update(is_active=False)
        return TaggingModelVersion.objects.create(
            version=version,
            encoder=encoder,
            training_data_hash=fingerprint,
            n_examples=report.n_examples,
            n_tags=report.n_tags,
            target_precision=target_precision,
            metrics={
                "cv_accuracy": round(report.oof_accuracy, 4),
                "folds": folds,
                "train_seconds": round(report.seconds, 2),
                "auto_tags": report.auto_tags,
                "negatives": sum(1 for labels in data.labels if not labels),
            },
            thresholds={
                slug: (None if math.isinf(value) else round(value, 4))
                for slug, value in sorted(report.thresholds.items())
            },
            file_name=file_name,
            decisions_upto=data.decisions_upto,
            trigger=trigger[:32],
        )


# --------------------------------------------------------------------------- predicting


def _uncertainty(scores: Sequence[float]) -> tuple[float, float]:
    """Margin of the best candidate over the second, and the normalised entropy of the
    candidates' scores (0: one clear winner, 1: all alike)."""
    ordered = sorted(scores, reverse=True)
    if not ordered:
        return 0.0, 1.0
    margin = ordered[0] - (ordered[1] if len(ordered) > 1 else 0.0)
    total = sum(ordered)
    if len(ordered) < 2 or total <= 0:
        return margin, 0.0
    shares = [s / total for s in ordered if s > 0]
    entropy = -sum(p * math.log(p) for p in shares) / math.log(len(ordered))
    return margin, min(1.0, max(0.0, entropy))


def _sampled(rate: float, version: str, conversation_id: int, slug: str) -> bool:
    """Deterministic draw: the same label is sampled (or not) on every run."""
    return rate > 0 and random.Random(f"{version}:{conversation_id}:{slug}").random() < rate  # noqa: S311


class _TagMap:
    """Model slugs to today's tags: a merged tag counts as the tag it was merged into;
    tags no longer active (deprecated, split) are neither suggested nor applied, and
    neither is a root with children (a facet such as "Product area"): every
    conversation belongs under one, so backing off to it tells a person nothing, and
    applying it would take the conversation out of the Untagged inbox."""

    def __init__(self) -> None:
        every = {tag.slug: tag for tag in Tag.objects.all()}
        by_id = {tag.pk: tag for tag in every.values()}
        parents = {tag.parent_id for tag in every.values() if tag.parent_id is not None}
        targets = merge_targets()
        self.tags: dict[str, Tag] = {}
        for slug, tag in every.items():
            live = by_id.get(targets.get(tag.pk, tag.pk), tag)
            if live.status != TagStatus.ACTIVE or (live.parent_id is None and live.pk in parents):
                continue
            self.tags[slug] = live

    def map(self, scored: dict[str, float]) -> dict[int, tuple[Tag, float]]:
        found: dict[int, tuple[Tag, float]] = {}
        for slug, score in scored.items():
            tag = self.tags.get(slug)
            if tag is not None and (tag.pk not in found or found[tag.pk][1] < score):
                found[tag.pk] = (tag, min(1.0, max(0.0, float(score))))
        return found


def predict_conversations(
    conversation_ids: Iterable[int],
    registered: TaggingModelVersion,
    *,
    reason: str = "new",
    top: int = 3,
    batch: int = 500,
) -> PredictResult:
    """Predict these conversations with ``registered``, skipping any it already predicted.

    With ``reason="relabel"`` the model's standing labels on the conversation that this
    version would not apply are withdrawn (a model rejection, which a person's decision
    still outranks), so the conversation carries what the current model says.
    """
    version = registered.version
    result = PredictResult(version=version, conversations=0, suggestions=0, applied=0)
    ids = sorted(set(conversation_ids))
    if not ids:
        return result
    model: TaggingModel = load_model(registered.file_name)
    tag_map = _TagMap()
    volume = _tag_volume()
    rate = float(getattr(settings, "VOXPOP_SPOT_CHECK_RATE", 0.05))
    for start in range(0, len(ids), batch):
        part = ids[start : start + batch]
        seen = set(
            PredictionRecord.objects.filter(version=registered, conversation_id__in=part).values_list(
                "conversation_id", flat=True
            )
        )
        part = [pk for pk in part if pk not in seen]
        if not part:
            continue
        texts = conversation_texts(part)
        predictions = model.predict([texts[pk] for pk in part], top=top)
        try:
            with transaction.atomic():
                _write_batch(part, predictions, registered, tag_map, volume, reason, rate, result)
        except IntegrityError:
            # Another run of the same version predicted some of these meanwhile: the
            # unique (conversation, version) record refused ours, and nothing was written.
            logger.info("version %s: a batch was predicted concurrently; skipped", version)
    return result


def _write_batch(
    part: list[int],
    predictions: list[Prediction],
    registered: TaggingModelVersion,
    tag_map: _TagMap,
    volume: dict[str, int],
    reason: str,
    rate: float,
    result: PredictResult,
) -> None:
    version = registered.version
    now = timezone.now()
    standing: dict[int, dict[int, float | None]] = defaultdict(dict)
    if reason == "relabel":
        for conversation_id, tag_id, confidence in ConversationTag.objects.filter(
            conversation_id__in=part, decider=Decider.MODEL
        ).values_list("conversation_id", "tag_id", "confidence"):
            standing[conversation_id][tag_id] = confidence
    records: list[PredictionRecord] = []
    suggestions: list[Suggestion] = []
    decisions: list[TagDecision] = []
    samples: list[tuple[TagDecision, str]] = []
    for pk, prediction in zip(part, predictions, strict=True):
        abstained = not prediction.labels and not prediction.auto
        candidates = {slug: score for slug, score in prediction.scores.items() if score >= MIN_SUGGESTION}
        offered = {} if abstained else tag_map.map({**candidates, **prediction.auto})
        applied = tag_map.map(prediction.auto)
        margin, entropy = _uncertainty(list(prediction.scores.values()))
        best = max(prediction.scores.items(), key=lambda item: item[1], default=("", 0.0))
        records.append(
            PredictionRecord(
                conversation_id=pk,
                version=registered,
                best_score=round(min(1.0, max(0.0, best[1])), 6),
                margin=round(margin, 6),
                entropy=round(entropy, 6),
                best_tag=best[0][:200],
                volume=volume.get(best[0], 0),
                suggested=min(len(offered), 32767),
                applied=min(len(applied), 32767),
                reason=reason,
            )
        )
        for tag, score in offered.values():
            suggestions.append(Suggestion(conversation_id=pk, tag=tag, score=score, model_version=version))
        for tag, score in applied.values():
            decision = TagDecision(
                conversation_id=pk,
                tag=tag,
                verdict=Verdict.ACCEPT,
                decider=Decider.MODEL,
                model_version=version,
                confidence=score,
                created_at=now,
            )
            decisions.append(decision)
            if _sampled(rate, version, pk, tag.slug):
                samples.append((decision, tag.slug))
        for tag_id in standing.get(pk, {}):
            if tag_id not in applied:
                withdrawn_score = offered[tag_id][1] if tag_id in offered else None
                decisions.append(
                    TagDecision(
                        conversation_id=pk,
                        tag_id=tag_id,
                        verdict=Verdict.REJECT,
                        decider=Decider.MODEL,
                        model_version=version,
                        confidence=withdrawn_score,
                        created_at=now,
                    )
                )
    PredictionRecord.objects.bulk_create(records, batch_size=1000)
    # Older versions' suggestions on these conversations are no longer offered (rules' stay).
    Suggestion.objects.filter(conversation_id__in=part, current=True).exclude(
        model_version__startswith="rule:"
    ).exclude(model_version=version).update(current=False)
    Suggestion.objects.bulk_create(suggestions, ignore_conflicts=True, batch_size=2000)
    bulk_record_decisions(decisions)
    result.applied += sum(1 for d in decisions if d.verdict == Verdict.ACCEPT)
    result.withdrawn += sum(1 for d in decisions if d.verdict == Verdict.REJECT)
    SpotCheck.objects.bulk_create(
        [SpotCheck(decision=d, conversation_id=d.conversation_id, tag=d.tag) for d, _ in samples],
        batch_size=1000,
    )
    result.spot_checks += len(samples)
    result.conversations += len(part)
    result.suggestions += len(suggestions)


def _tag_volume() -> dict[str, int]:
    """Conversations per tag slug now: how much a label matters (the review queue's tie-breaker)."""
    from django.db.models import Count

    return dict(
        ConversationTag.objects.values_list("tag__slug").annotate(n=Count("id")).values_list("tag__slug", "n")
    )


#: Ids per query when filtering or removing a list of conversations (SQLite's and
#: PostgreSQL's parameter limits are far above it).
ID_CHUNK = 10_000


def pending_conversations(registered: TaggingModelVersion, among: list[int] | None = None) -> list[int]:
    """Untagged conversations nobody marked done that ``registered`` has not predicted
    (of ``among`` only, when given)."""
    pending = Conversation.objects.filter(current_tags__isnull=True, triaged_at__isnull=True).exclude(
        predictions__version=registered
    )
    if among is None:
        return list(pending.order_by("pk").values_list("pk", flat=True))
    found: list[int] = []
    for part in chunks(sorted(set(among)), ID_CHUNK):
        found.extend(pending.filter(pk__in=part).order_by("pk").values_list("pk", flat=True))
    return found


def _due() -> list[int]:
    return list(PredictionDue.objects.order_by("pk").values_list("pk", flat=True))


def _done_with(due: list[int]) -> None:
    for part in chunks(due, ID_CHUNK):
        PredictionDue.objects.filter(pk__in=part).delete()


def predict_untagged(
    registered: TaggingModelVersion | None = None,
    *,
    top: int = 3,
    batch: int = 500,
    limit: int | None = None,
) -> PredictResult:
    """Suggest (and above threshold apply) tags on untagged conversations not yet seen:
    every conversation is looked at (the first run of a new version, ``voxpop predict``)."""
    registered = registered or active_version()
    if registered is None:
        raise EngineError("no trained model yet; run `voxpop train` first")
    started = timezone.now()
    # Arrivals queued before the scan starts are seen by it: afterwards, they are done.
    due = _due() if registered.is_active else []
    ids = pending_conversations(registered)
    complete = limit is None or len(ids) <= limit
    result = predict_conversations(ids if complete else ids[:limit], registered, top=top, batch=batch)
    if complete:
        _done_with(due)
        if registered.scanned_all_at is None:
            registered.scanned_all_at = started
            registered.save(update_fields=["scanned_all_at"])
    return result


def predict_arrivals(
    registered: TaggingModelVersion | None = None, *, top: int = 3, batch: int = 500
) -> PredictResult:
    """What the background prediction does after imports and live arrivals: ask the active
    version about the conversations queued since (:class:`PredictionDue`), without
    scanning every conversation; a version that has not yet looked at them all does that
    first (:func:`predict_untagged`)."""
    registered = registered or active_version()
    if registered is None:
        raise EngineError("no trained model yet; run `voxpop train` first")
    if registered.scanned_all_at is None:
        return predict_untagged(registered, top=top, batch=batch)
    due = _due()
    result = predict_conversations(
        pending_conversations(registered, among=due), registered, top=top, batch=batch
    )
    _done_with(due)
    return result


# --------------------------------------------------------------------------- taxonomy changes


def affected_by(tag_ids: Iterable[int]) -> list[int]:
    """Conversations whose machine labels involve these tags: a model's standing or past
    automatic decision, or a model suggestion still offered. People's tags alone do not
    make a conversation affected (a person's decision is never re-labelled)."""
    ids = list(tag_ids)
    decided = TagDecision.objects.filter(tag_id__in=ids, decider=Decider.MODEL).values_list(
        "conversation_id", flat=True
    )
    suggested = (
        Suggestion.objects.filter(tag_id__in=ids, current=True)
        .exclude(model_version__startswith="rule:")
        .values_list("conversation_id", flat=True)
    )
    return sorted(set(decided) | set(suggested))


def retire_suggestions_on_inactive_tags(tag_ids: Iterable[int]) -> int:
    """Suggestions on tags that are merged or deprecated now are no longer offered."""
    return (
        Suggestion.objects.filter(tag_id__in=list(tag_ids), current=True)
        .exclude(tag__status=TagStatus.ACTIVE)
        .update(current=False)
    )
