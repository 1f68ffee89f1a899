"""The tagging model: multi-label, hierarchical, calibrated, with per-tag thresholds.

Pure Python + scikit-learn, no Django, so ``voxpop eval`` and production share it.

Training (:meth:`TaggingModel.fit`):

1. Every example carries a set of labels; its most specific labels are the targets and
   their ancestors are implied. An empty set is a valid example ("no tag fits"): a
   negative for every tag.
2. A tag's name, description and examples, when given, are extra training texts for it,
   so a tag with five examples still gets suggestions. A leaf tag nobody has applied yet
   but that has a name, description or examples is a class too, scored by similarity
   alone (its centroid over those texts; no SVM is fitted on so little): it can be
   suggested for a conversation like its texts, and is never applied automatically (no
   held-out example can prove its precision) until people confirm it.
3. Features come from the encoder (:mod:`voxpop.engine.encoders`); scores from one linear
   SVM per tag (one-vs-rest) plus the cosine similarity to the tag's centroid, which
   helps when a tag has few examples. When tags have few examples (a median of
   :data:`FEW_EXAMPLES` or fewer), the sentence-embedding columns beside the n-grams are
   scaled up (:func:`dense_scale`): sentences people phrase differently share little
   vocabulary with five examples, but lie close in the embedding spaces.
4. Out-of-fold scores (k folds) train one shared calibrator (logistic regression on the
   score and its margin over the best other tag), so a probability means the same for
   every tag, and tags with few examples borrow strength from the others. The k fold
   fits and the final fit run side by side on ``workers`` processes; the model is the
   same whatever their number.
5. On the same held-out probabilities, each tag (and each parent, scored as the sum of
   its children) gets the lowest threshold whose estimated precision meets the target;
   the estimate is shrunk toward the pooled precision so a tag with few held-out
   predictions cannot look perfect by luck. A tag that never reaches it is suggest-only.

Prediction: the label set is every tag with probability >= 0.5, or else the single best
tag when it clears the abstention floor (learnt from the empty examples, when there are
any); never more tags than any one training example had (people who always pick one tag
get one, the most probable). Automatic labels are the tags above their threshold; when no
leaf under a parent is, but the parent is, the parent is applied instead (back-off).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from voxpop.core.cpus import available_cpus
from voxpop.engine.encoders import make_encoder
from voxpop.engine.hierarchy import Hierarchy

NEVER = math.inf

#: Scale of the sentence-embedding columns (beside the n-grams) when tags have few
#: examples. On Banking77 (5 and 10 examples per tag) it raised accuracy by 2-3 points;
#: with all examples the encoders' own weights were best, so the scale fades back to 1.
FEW_SHOT_DENSE_SCALE = 2.0
#: Median examples per tag up to which the full scale applies, and from which none does.
FEW_EXAMPLES, MANY_EXAMPLES = 10, 40


@dataclass
class EngineConfig:
    encoder: str = "sparse"
    c: float = 0.5
    folds: int = 5
    target_precision: float = 0.95
    centroid_weight: float = 1.0
    # Pseudo-count of pooled precision mixed into each tag's own held-out precision.
    shrinkage: float = 20.0
    # One-sided z of the lower confidence bound the estimated precision must clear
    # (1.645: 95% confidence that the tag's precision is at least the target).
    confidence_z: float = 1.645
    seed: int = 0
    # Processes fitting the folds and the final scorer at once; 0: as many as the CPUs
    # this process may use. The model does not depend on it. One by default: training
    # inside the web server or a worker stays in that process (its memory, no pool of
    # processes left idling); the commands `voxpop train` and `voxpop eval` use every CPU.
    workers: int = 1


@dataclass
class Prediction:
    labels: list[str]  # the predicted set (most specific labels; ancestors implied)
    scores: dict[str, float]  # calibrated probability per candidate tag, best first
    auto: dict[str, float]  # labels confident enough to apply automatically, with scores

    def suggestions(self, limit: int = 5) -> list[tuple[str, float]]:
        return list(self.scores.items())[:limit]


@dataclass
class TrainingReport:
    n_examples: int
    n_tags: int
    seconds: float
    oof_accuracy: float
    auto_tags: int
    thresholds: dict[str, float] = field(default_factory=dict)


def _indicator(label_sets: Sequence[set[str]], classes: list[str]) -> np.ndarray:
    index = {label: k for k, label in enumerate(classes)}
    y = np.zeros((len(label_sets), len(classes)), dtype=np.int8)
    for i, labels in enumerate(label_sets):
        for label in labels:
            if label in index:
                y[i, index[label]] = 1
    return y


def _calibration_features(scores: np.ndarray) -> np.ndarray:
    """Per (example, tag) pair: its score, and its margin over the best other tag."""
    if scores.shape[1] == 1:
        return np.stack([scores.ravel(), scores.ravel()], axis=1)
    top2 = np.sort(scores, axis=1)[:, -2:]
    best_other = np.where(scores >= top2[:, [1]], top2[:, [0]], top2[:, [1]])
    return np.stack([scores.ravel(), (scores - best_other).ravel()], axis=1)


def _wilson_lower(hits: np.ndarray, n: np.ndarray, z: float) -> np.ndarray:
    """Wilson score lower bound of a proportion (hits out of n), elementwise."""
    p = hits / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return np.asarray((centre - spread) / (1 + z * z / n))


def dense_scale(examples_per_tag: np.ndarray) -> float:
    """Scale of the sentence-embedding columns, from the median examples per tag.

    :data:`FEW_SHOT_DENSE_SCALE` up to :data:`FEW_EXAMPLES`, fading linearly to 1 at
    :data:`MANY_EXAMPLES`.
    """
    median = float(np.median(examples_per_tag)) if len(examples_per_tag) else 0.0
    fade = min(1.0, max(0.0, (MANY_EXAMPLES - median) / (MANY_EXAMPLES - FEW_EXAMPLES)))
    return 1.0 + (FEW_SHOT_DENSE_SCALE - 1.0) * fade


def _dense_start(encoder: Any) -> int | None:
    """First column of the sentence-embedding blocks placed after an encoder's n-gram block.

    None when the encoder has no n-gram block beside embeddings (``sparse`` alone, or
    embeddings alone: scaling every column would only change the SVM's C).
    """
    ngrams = getattr(encoder, "sparse", None)
    if ngrams is None or not getattr(encoder, "dense", None):
        return None
    return len(ngrams.word.vocabulary_) + len(ngrams.char.vocabulary_)


def _scale_columns(x: Any, start: int | None, scale: float) -> Any:
    """``x`` with its columns from ``start`` on multiplied by ``scale``."""
    if start is None or scale == 1.0 or start >= x.shape[1]:
        return x
    weights = np.ones(x.shape[1])
    weights[start:] = scale
    return sparse.csr_matrix(sparse.csr_matrix(x) @ sparse.diags(weights))


def _fit_scorer(
    x: Any, y: np.ndarray, x_extra: Any, y_extra: np.ndarray, c: float, learnt: np.ndarray | None = None
) -> tuple[list[Any], sparse.csr_matrix]:
    """One linear SVM per tag (None where a tag has no negatives or no positives, or is
    not ``learnt``: has no example of people's in the whole training set) and centroids."""
    if x_extra is not None:
        x = sparse.vstack([x, x_extra]).tocsr()
        y = np.vstack([y, y_extra])
    columns: list[Any] = []
    # A tag known only by its name, description and examples (extras) is scored by its
    # centroid alone.
    positives = y.sum(axis=0)
    usable = (positives > 0) & (positives < y.shape[0])
    trainable = np.flatnonzero(usable if learnt is None else usable & learnt)
    if len(trainable):
        estimator = OneVsRestClassifier(
            # tol 1e-3: as accurate on a Banking77 validation split as the default
            # 1e-4, and about 40% faster with the dense block.
            # random_state: liblinear's dual solver visits examples in a random order; a
            # fixed seed makes every fit, and so the model, reproducible.
            LinearSVC(C=c, class_weight="balanced", tol=1e-3, random_state=0)
        )
        estimator.fit(x, y[:, trainable])
        columns = [None] * y.shape[1]
        for slot, k in enumerate(trainable):
            columns[k] = estimator.estimators_[slot]
    else:
        columns = [None] * y.shape[1]
    counts = np.maximum(positives, 1).astype(float)
    centroids = normalize(sparse.csr_matrix((y.T.astype(float) @ x) / counts[:, None]))
    return columns, sparse.csr_matrix(centroids)


@dataclass
class _Scorer:
    """A fitted scorer as two matrix products: ``x @ weights + intercepts`` gives the
    trained tags' SVM decision values (columns ``tags``; the others score -1), as each
    SVM's decision_function would, for one input check instead of one per tag; plus the
    cosine similarity to each tag's centroid, with the centroids transposed once
    (features x tags, CSR), which a product with ``centroids.T`` converted every call."""

    weights: np.ndarray  # features x trained tags, C order
    intercepts: np.ndarray
    tags: np.ndarray
    centroids_t: Any
    n_tags: int

    @classmethod
    def of(cls, columns: list[Any], centroids: Any) -> _Scorer:
        """From :func:`_fit_scorer`'s SVMs (None where a tag has none) and centroids."""
        tags = [k for k, estimator in enumerate(columns) if estimator is not None]
        weights = np.empty((columns[tags[0]].coef_.shape[1] if tags else 0, len(tags)))
        for slot, k in enumerate(tags):
            weights[:, slot] = columns[k].coef_.ravel()
            # The SVM keeps a view of its column, not a second copy of its weights.
            columns[k].coef_ = weights[:, slot][None, :]
        intercepts = np.array([columns[k].intercept_[0] for k in tags], dtype=float)
        return cls(
            weights, intercepts, np.asarray(tags, dtype=int), sparse.csr_matrix(centroids.T), len(columns)
        )

    def scores(self, x: Any, centroid_weight: float) -> np.ndarray:
        scores = np.full((x.shape[0], self.n_tags), -1.0)
        if len(self.tags):
            scores[:, self.tags] = np.asarray(x @ self.weights) + self.intercepts
        similarity = x @ self.centroids_t  # sparse for n-grams; an array for embeddings alone
        similarity = similarity.toarray() if sparse.issparse(similarity) else np.asarray(similarity)
        return scores + centroid_weight * similarity


def _fold_scores(
    x: Any,
    y: np.ndarray,
    x_extra: Any,
    y_extra: np.ndarray,
    split: Any,
    c: float,
    centroid_weight: float,
    learnt: np.ndarray | None = None,
) -> np.ndarray:
    """Scores of one fold's held-out rows by a scorer fitted on the other rows."""
    train, held = split
    return _Scorer.of(*_fit_scorer(x[train], y[train], x_extra, y_extra, c, learnt)).scores(
        x[held], centroid_weight
    )


class TaggingModel:
    def __init__(self, config: EngineConfig | None = None) -> None:
        self.config = config or EngineConfig()
        self.classes: list[str] = []
        self.hierarchy = Hierarchy()
        self.thresholds: dict[str, float] = {}
        self.floor = 0.0
        # The most (most specific) labels any training example had: a predicted set is cut
        # to this many, best first. None for models pickled before it was learnt.
        self.max_labels: int | None = None
        self.encoder: Any = None
        self.svm: Any = None
        self.centroids: Any = None
        # Where the sentence-embedding columns start and their scale (see dense_scale);
        # absent from models pickled before it was learnt (no scaling then).
        self.dense_start: int | None = None
        self.dense_scale = 1.0
        self.calibrator: Any = None
        # The SVMs and centroids as matrices for prediction (built after fitting and on
        # loading, from svm and centroids).
        self._scorer: _Scorer | None = None
        self.report: TrainingReport | None = None
        # Parent -> indices of trained classes beneath it, for back-off scores.
        self._below: dict[str, list[int]] = {}

    # ------------------------------------------------------------------ training

    def fit(
        self,
        texts: Sequence[str],
        label_sets: Sequence[set[str]],
        *,
        hierarchy: Hierarchy | None = None,
        descriptions: Mapping[str, Sequence[str]] | None = None,
    ) -> TaggingModel:
        started = time.perf_counter()
        if len(texts) != len(label_sets):
            raise ValueError("texts and label_sets differ in length")
        self.hierarchy = hierarchy or Hierarchy()
        targets = [self.hierarchy.most_specific(labels) for labels in label_sets]
        learnt = {label for labels in targets for label in labels}
        self.max_labels = max(1, max(len(labels) for labels in targets))
        if not learnt:
            raise ValueError("no labelled examples to learn from")
        self.classes = sorted(learnt | self._described_leaves(learnt, descriptions or {}))
        for label in self.classes:
            if label not in self.hierarchy.parent:
                self.hierarchy.add(label)
        extra_texts: list[str] = []
        extra_sets: list[set[str]] = []
        for label, extras in (descriptions or {}).items():
            if label in self.classes:
                extra_texts.extend(text for text in extras if text.strip())
                extra_sets.extend({label} for text in extras if text.strip())
        texts = list(texts)
        y = _indicator(targets, self.classes)
        y_extra = _indicator(extra_sets, self.classes)
        self.encoder = make_encoder(self.config.encoder).fit(texts + extra_texts)
        self.dense_start = _dense_start(self.encoder)
        examples = y.sum(axis=0)
        self.dense_scale = dense_scale(examples[examples > 0])
        x = self._features(texts)
        x_extra = self._features(extra_texts) if extra_texts else None

        oof, (self.svm, self.centroids) = self._fit_all(x, y, x_extra, y_extra)
        self._scorer = _Scorer.of(self.svm, self.centroids)
        self.calibrator = LogisticRegression(C=1.0, max_iter=1000).fit(_calibration_features(oof), y.ravel())
        probs = self._calibrate(oof)
        self._below = self._descendant_index()
        self.floor = self._choose_floor(probs, y)
        self.thresholds = self._choose_thresholds(probs, y)
        predicted = self._label_sets(probs)
        gold = [frozenset(np.flatnonzero(row)) for row in y]
        accuracy = float(np.mean([p == g for p, g in zip(predicted, gold, strict=True)]))
        self.report = TrainingReport(
            n_examples=len(texts),
            n_tags=len(self.classes),
            seconds=time.perf_counter() - started,
            oof_accuracy=accuracy,
            auto_tags=sum(1 for t in self.thresholds.values() if t < NEVER),
            thresholds=dict(self.thresholds),
        )
        return self

    def _described_leaves(self, learnt: set[str], descriptions: Mapping[str, Sequence[str]]) -> set[str]:
        """Tags with texts of their own (name, description, examples) but no example yet,
        that are leaves: neither a parent in the tree nor above a learnt tag."""
        parents = {parent for parent in self.hierarchy.parent.values() if parent is not None}
        above = {ancestor for label in learnt for ancestor in self.hierarchy.ancestors(label)}
        return {
            label
            for label, texts in descriptions.items()
            if label not in learnt
            and label not in parents
            and label not in above
            and any(text.strip() for text in texts)
        }

    def _fit_all(
        self, x: Any, y: np.ndarray, x_extra: Any, y_extra: np.ndarray
    ) -> tuple[np.ndarray, tuple[list[Any], Any]]:
        """Out-of-fold scores (k folds) and the final scorer, fitted by ``workers`` processes.

        Processes, not threads: liblinear releases the GIL, but scikit-learn's copy draws
        the dual solver's visiting order from one process-wide generator, so two fits on
        threads would disturb each other's order and the model would vary from run to run.
        joblib hands the matrix to the workers as shared memory maps, not copies. Every fit
        is seeded, so the model is the same whatever the number of workers.
        """
        c, weight = self.config.c, self.config.centroid_weight
        folds = max(2, min(self.config.folds, x.shape[0]))
        splitter = KFold(n_splits=folds, shuffle=True, random_state=self.config.seed)
        splits = list(splitter.split(np.arange(x.shape[0])))
        workers = min(getattr(self.config, "workers", 0) or available_cpus(), folds + 1)
        # The final fit is the largest: first, so it does not run alone at the end.
        # Tags with people's examples anywhere in the data: the others get no SVM, in the
        # final fit and in every fold alike.
        learnt = y.sum(axis=0) > 0
        jobs = [delayed(_fit_scorer)(x, y, x_extra, y_extra, c, learnt)]
        jobs += [delayed(_fold_scores)(x, y, x_extra, y_extra, split, c, weight, learnt) for split in splits]
        if workers > 1:
            results = Parallel(n_jobs=workers, backend="loky")(jobs)
        else:
            results = [function(*args, **kwargs) for function, args, kwargs in jobs]
        oof = np.zeros(y.shape)
        for (_, held), scores in zip(splits, results[1:], strict=True):
            oof[held] = scores
        return oof, results[0]

    def _calibrate(self, scores: np.ndarray) -> np.ndarray:
        flat = self.calibrator.predict_proba(_calibration_features(scores))[:, 1]
        return flat.reshape(scores.shape)

    def _descendant_index(self) -> dict[str, list[int]]:
        below: dict[str, list[int]] = {}
        for k, label in enumerate(self.classes):
            for ancestor in self.hierarchy.ancestors(label):
                below.setdefault(ancestor, []).append(k)
        return below

    def _parent_scores(self, probs: np.ndarray) -> dict[str, np.ndarray]:
        return {parent: np.minimum(1.0, probs[:, idx].sum(axis=1)) for parent, idx in self._below.items()}

    def _choose_floor(self, probs: np.ndarray, y: np.ndarray) -> float:
        """Abstain below this best probability; learnt only from examples with no tag."""
        empty = y.sum(axis=1) == 0
        if not empty.any():
            return 0.0
        best = probs.max(axis=1)
        top = probs.argmax(axis=1)
        correct_top = y[np.arange(len(y)), top] == 1
        candidates = np.unique(np.concatenate([[0.0], np.quantile(best, np.linspace(0, 0.9, 91))]))
        # Rows answered by the floor alone: those with no probability >= 0.5.
        undecided = (probs >= 0.5).sum(axis=1) == 0
        scores = [
            np.sum(np.where(undecided & (best < floor), empty, 0))
            + np.sum(np.where(undecided & (best >= floor), correct_top & (y.sum(axis=1) == 1), 0))
            for floor in candidates
        ]
        return float(candidates[int(np.argmax(scores))])

    def _threshold_for(self, scores: np.ndarray, truth: np.ndarray, pooled: Any) -> float:
        order = np.argsort(-scores, kind="stable")
        s, t = scores[order], truth[order]
        hits = np.cumsum(t)
        n = np.arange(1, len(s) + 1)
        m = self.config.shrinkage
        shrunk_hits = hits + m * pooled(s)
        target = self.config.target_precision
        # Every higher cut's estimate meets the target (so the cut is not a lucky dip)...
        steady = np.logical_and.accumulate((shrunk_hits / (n + m) >= target) & (s >= 0.5))
        # ...and at the cut itself we are confident (a lower bound) that it does.
        confident = _wilson_lower(shrunk_hits, n + m, self.config.confidence_z) >= target
        good = np.flatnonzero(steady & confident)
        return float(s[good[-1]]) if len(good) else NEVER

    def _choose_thresholds(self, probs: np.ndarray, y: np.ndarray) -> dict[str, float]:
        closure_y = {label: y[:, k] for k, label in enumerate(self.classes)}
        parent_probs = self._parent_scores(probs)
        for parent, idx in self._below.items():
            closure_y[parent] = np.maximum(closure_y.get(parent, 0), y[:, idx].max(axis=1))
        all_scores = np.concatenate([probs.ravel()] + [p for p in parent_probs.values()])
        all_truth = np.concatenate([y.ravel()] + [closure_y[p] for p in parent_probs])
        keep = all_scores >= 0.05
        grid_scores, grid_truth = all_scores[keep], all_truth[keep]
        order = np.argsort(grid_scores)
        sorted_scores = grid_scores[order]
        tail_hits = np.cumsum(grid_truth[order][::-1])[::-1]

        def pooled(s: np.ndarray) -> np.ndarray:
            start = np.searchsorted(sorted_scores, s, side="left")
            start = np.minimum(start, len(sorted_scores) - 1)
            return tail_hits[start] / (len(sorted_scores) - start)

        thresholds = {}
        for k, label in enumerate(self.classes):
            thresholds[label] = self._threshold_for(probs[:, k], y[:, k], pooled)
        leaf_cut = np.array([thresholds[label] for label in self.classes])
        leaf_applied = probs >= leaf_cut
        for parent, scores in parent_probs.items():
            # A parent is applied only where no leaf beneath it is: the harder rows, so
            # its precision is measured on those rows alone.
            backing_off = ~leaf_applied[:, self._below[parent]].any(axis=1)
            thresholds[parent] = self._threshold_for(
                scores[backing_off], closure_y[parent][backing_off], pooled
            )
        return thresholds

    # ---------------------------------------------------------------- prediction

    def _features(self, texts: Sequence[str]) -> Any:
        x = self.encoder.transform(list(texts))
        return _scale_columns(x, getattr(self, "dense_start", None), getattr(self, "dense_scale", 1.0))

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_scorer", None)  # derived from the SVMs and centroids: rebuilt when loaded
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._scorer = _Scorer.of(self.svm, self.centroids) if self.svm is not None else None

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        x = self._features(texts)
        if self._scorer is None:
            raise ValueError("this model is not fitted")
        return self._calibrate(self._scorer.scores(x, self.config.centroid_weight))

    def _label_sets(self, probs: np.ndarray) -> list[frozenset[int]]:
        limit = getattr(self, "max_labels", None)
        sets = []
        for row in probs:
            above = np.flatnonzero(row >= 0.5)
            if limit is not None and len(above) > limit:
                above = above[np.argsort(-row[above], kind="stable")[:limit]]
            chosen = frozenset(above.tolist())
            if not chosen and row.max() >= self.floor and self.floor < 1:
                chosen = frozenset([int(row.argmax())])
            sets.append(chosen)
        return sets

    def _auto(self, row: np.ndarray, parents: Mapping[str, float]) -> dict[str, float]:
        applied = {
            label: float(row[k])
            for k, label in enumerate(self.classes)
            if row[k] >= self.thresholds.get(label, NEVER)
        }
        covered = self.hierarchy.with_ancestors(applied)
        for parent, score in parents.items():
            if parent not in covered and score >= self.thresholds.get(parent, NEVER):
                applied[parent] = score
        keep = self.hierarchy.most_specific(applied)
        return {label: score for label, score in sorted(applied.items()) if label in keep}

    def predict(self, texts: Sequence[str], *, top: int = 5) -> list[Prediction]:
        probs = self.predict_proba(texts)
        parent_probs = self._parent_scores(probs)
        results = []
        for i, chosen in enumerate(self._label_sets(probs)):
            row = probs[i]
            best = np.argsort(-row)[:top]
            scores = {self.classes[k]: float(row[k]) for k in best}
            parents = {p: float(v[i]) for p, v in parent_probs.items()}
            results.append(
                Prediction(
                    labels=sorted(self.classes[k] for k in chosen),
                    scores=scores,
                    auto=self._auto(row, parents),
                )
            )
        return results
