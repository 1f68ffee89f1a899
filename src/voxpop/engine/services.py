"""Training a model version from people's decisions, and predicting with it.

- :func:`train_model` learns from the conversations people tagged, saves the model
  under the data directory and registers it as the active version.
- :func:`predict_untagged` asks the active version about every untagged conversation
  it has not seen yet: each gets its best suggestions (so it is never predicted twice
  by one version), and tags above their threshold are applied as model decisions,
  which never override a person's (see :mod:`voxpop.tagging.services`).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from voxpop.conversations.models import Conversation
from voxpop.engine.model import EngineConfig, TaggingModel
from voxpop.engine.models import TaggingModelVersion
from voxpop.engine.queries import conversation_texts, training_set
from voxpop.engine.registry import load_model, save_model
from voxpop.tagging.models import Decider, Suggestion, TagDecision, Verdict
from voxpop.tagging.services import bulk_record_decisions
from voxpop.taxonomy.models import Tag, TagStatus

MIN_EXAMPLES = 10


class EngineError(Exception):
    pass


@dataclass
class PredictResult:
    version: str
    conversations: int
    suggestions: int
    applied: int


def active_version() -> TaggingModelVersion | None:
    return TaggingModelVersion.objects.filter(is_active=True).first()


def train_model(
    *, target_precision: float = 0.95, encoder: str = "sparse", folds: int = 5
) -> TaggingModelVersion:
    """Train on people's current tags, save the model, make it the active version."""
    data = training_set()
    if len(data.texts) < MIN_EXAMPLES:
        raise EngineError(
            f"only {len(data.texts)} conversations are tagged by people; tag at least {MIN_EXAMPLES} first"
        )
    config = EngineConfig(encoder=encoder, target_precision=target_precision, folds=folds)
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
            },
            thresholds={
                slug: (None if math.isinf(value) else round(value, 4))
                for slug, value in sorted(report.thresholds.items())
            },
            file_name=file_name,
        )


def predict_untagged(
    registered: TaggingModelVersion | None = None,
    *,
    top: int = 3,
    batch: int = 1000,
    limit: int | None = None,
) -> PredictResult:
    """Suggest (and above threshold apply) tags on untagged conversations not yet seen."""
    registered = registered or active_version()
    if registered is None:
        raise EngineError("no trained model yet; run `voxpop train` first")
    model: TaggingModel = load_model(registered.file_name)
    version = registered.version
    pending = (
        Conversation.objects.filter(current_tags__isnull=True)
        .exclude(suggestions__model_version=version)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(pending[:limit] if limit is not None else pending)
    tags = {tag.slug: tag for tag in Tag.objects.filter(status=TagStatus.ACTIVE)}
    result = PredictResult(version=version, conversations=0, suggestions=0, applied=0)
    for start in range(0, len(ids), batch):
        part = ids[start : start + batch]
        texts = conversation_texts(part)
        predictions = model.predict([texts[pk] for pk in part], top=top)
        suggestions: list[Suggestion] = []
        decisions: list[TagDecision] = []
        now = timezone.now()
        for pk, prediction in zip(part, predictions, strict=True):
            offered = dict(prediction.scores)
            offered.update(prediction.auto)
            for slug, score in offered.items():
                if slug in tags:
                    suggestions.append(
                        Suggestion(conversation_id=pk, tag=tags[slug], score=score, model_version=version)
                    )
            for slug, score in prediction.auto.items():
                if slug in tags:
                    decisions.append(
                        TagDecision(
                            conversation_id=pk,
                            tag=tags[slug],
                            verdict=Verdict.ACCEPT,
                            decider=Decider.MODEL,
                            model_version=version,
                            confidence=min(1.0, max(0.0, score)),
                            created_at=now,
                        )
                    )
        with transaction.atomic():
            Suggestion.objects.bulk_create(suggestions, ignore_conflicts=True, batch_size=2000)
            result.applied += bulk_record_decisions(decisions)
        result.conversations += len(part)
        result.suggestions += len(suggestions)
    return result
