"""``voxpop eval --cv K``: k-fold cross-validation on the workspace's own decisions.

The same engine as production (:class:`TaggingModel`, trained on :func:`training_set`):
each fold is predicted by a model that never saw it. The report has the whole-set
figures of ``voxpop eval`` and, per tag, precision, recall, support and the tags it is
confused with (in both directions), as hints to merge or split tags. It is stored as an
:class:`EvaluationReport` and shown at ``/engine/report``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import numpy as np
from sklearn.model_selection import KFold

from voxpop.engine.evaluation import score
from voxpop.engine.model import EngineConfig, Prediction, TaggingModel
from voxpop.engine.models import EvaluationReport
from voxpop.engine.queries import training_set
from voxpop.engine.services import MIN_EXAMPLES, EngineError
from voxpop.taxonomy.models import Tag

# A tag confused with another on at least this share of its examples, both ways: merge?
MERGE_HINT = 0.3


def _per_tag(
    predictions: list[Prediction], gold: list[set[str]], names: dict[str, str]
) -> list[dict[str, Any]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confused: dict[str, Counter[str]] = defaultdict(Counter)
    for prediction, truth in zip(predictions, gold, strict=True):
        predicted = set(prediction.labels)
        for label in predicted & truth:
            tp[label] += 1
        for label in predicted - truth:
            fp[label] += 1
        for label in truth - predicted:
            fn[label] += 1
            for other in predicted - truth:
                confused[label][other] += 1
    labels = sorted(set(tp) | set(fn) | set(fp))
    rows: list[dict[str, Any]] = []
    for label in labels:
        support = tp[label] + fn[label]
        precision = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else None
        recall = tp[label] / support if support else None
        with_ = [
            {"tag": other, "name": names.get(other, other), "count": n, "share": round(n / support, 3)}
            for other, n in confused[label].most_common(3)
        ]
        rows.append(
            {
                "tag": label,
                "name": names.get(label, label),
                "support": support,
                "predicted": tp[label] + fp[label],
                "precision": round(precision, 4) if precision is not None else None,
                "recall": round(recall, 4) if recall is not None else None,
                "confused_with": with_,
            }
        )
    shares = {(r["tag"], c["tag"]): c["share"] for r in rows for c in r["confused_with"]}
    for row in rows:
        row["merge_with"] = [
            c["tag"]
            for c in row["confused_with"]
            if c["share"] >= MERGE_HINT and shares.get((c["tag"], row["tag"]), 0) >= MERGE_HINT
        ]
        # Often missed, and missed towards several tags: it may hold more than one topic.
        row["split_hint"] = bool(
            row["recall"] is not None and row["recall"] < 0.5 and len(row["confused_with"]) >= 2
        )
    return sorted(rows, key=lambda r: (-r["support"], r["tag"]))


def cross_validate(
    folds: int = 5, *, encoder: str = "sparse", target_precision: float = 0.95, seed: int = 0
) -> EvaluationReport:
    """Predict each of ``folds`` parts of people's decisions with a model trained on the
    rest, score the whole, and store the report."""
    if folds < 2:
        raise EngineError("cross-validation needs at least 2 folds")
    data = training_set()
    if len(data.texts) < max(MIN_EXAMPLES, folds):
        raise EngineError(
            f"only {len(data.texts)} conversations are tagged by people; tag at least "
            f"{max(MIN_EXAMPLES, folds)} first"
        )
    config = EngineConfig(encoder=encoder, target_precision=target_precision, folds=min(5, folds))
    predictions: list[Prediction | None] = [None] * len(data.texts)
    splitter = KFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, held in splitter.split(np.arange(len(data.texts))):
        if not any(data.labels[i] for i in train):
            continue
        model = TaggingModel(config).fit(
            [data.texts[i] for i in train],
            [data.labels[i] for i in train],
            hierarchy=data.hierarchy,
            descriptions=data.extras,
        )
        for i, prediction in zip(held, model.predict([data.texts[i] for i in held]), strict=True):
            predictions[i] = prediction
    done = [i for i, p in enumerate(predictions) if p is not None]
    predicted = [p for p in predictions if p is not None]
    gold = [data.hierarchy.most_specific(data.labels[i]) for i in done]
    summary = score(
        predicted,
        [data.labels[i] for i in done],
        data.hierarchy,
        target=target_precision,
        out_of_scope=any(not labels for labels in data.labels),
    )
    summary.update({"encoder": encoder, "n_tags": len({label for g in gold for label in g})})
    names = dict(Tag.objects.values_list("slug", "name"))
    return EvaluationReport.objects.create(
        folds=folds,
        n_examples=len(done),
        training_data_hash=data.fingerprint(),
        summary=summary,
        tags=_per_tag(predicted, [set(g) for g in gold], names),
    )
