"""Benchmark the tagging engine against a plain baseline on Banking77, in one run.

Baseline: TF-IDF word 1-2 grams beside character 2-5 grams, multinomial logistic
regression with C tuned on a 10% validation split; its auto-apply threshold is one
global cut on the top probability, chosen on that split for the target precision.
Engine: :class:`voxpop.engine.model.TaggingModel`, given the taxonomy's tag names as
extra examples, as ``voxpop train`` would be: with the built-in ``sparse`` encoder, and,
when the optional ``voxpop[embeddings]`` packages are installed, with ``sparse+use``
(multilingual sentence embeddings beside it) and ``sparse+use+minilm`` (English MiniLM
embeddings beside those too). Each run encodes its own texts (no vectors are shared
between runs), so training and prediction times include encoding.

Each method runs in a fresh process so its peak RSS is its own; the engine fits its
calibration folds on every CPU, as ``voxpop train`` and ``voxpop eval`` do, and the
peak RSS of those worker processes is reported beside it. Few-shot runs draw k
examples per tag from train (5 seeds) and score on the whole test split; they run two
at a time beside the full-data runs (so the full-data timings share the machine with
them). The full-data runs also predict 300 test texts one per call (a conversation
arriving alone): milliseconds per call, wall and CPU. Prints one JSON object; ratios are
engine / baseline.

    .venv/bin/python bench/tagging.py --data ../shared/data/banking77 [--seeds 5] [--few-shot-only]

``--few-shot-only`` skips the full-data runs (and the baseline's tuning on them).
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import random
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGET = 0.95
#: Test texts predicted one per call (a conversation arriving alone, as in the inbox).
SINGLE_CALLS = 300


def load(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["text"] for r in rows], [r["category"] for r in rows]


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def fitting_workers_peak_rss_mb() -> float:
    """Peak RSS of the largest worker process that fitted folds (stopped first, so the
    operating system has counted it)."""
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True)
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def one_at_a_time(predict: Any, texts: list[str]) -> dict[str, float]:
    """Milliseconds (wall and this process's CPU) per call of ``predict`` on one text, over
    the first :data:`SINGLE_CALLS` texts (after one call to warm up), each text's
    sentence vectors computed in its call."""
    from voxpop.engine.encoders import forget_vectors

    chosen = texts[:SINGLE_CALLS]
    predict(chosen[:1])
    forget_vectors()  # the batch before encoded these texts: encode them again, one by one
    wall, cpu = time.perf_counter(), time.process_time()
    for text in chosen:
        predict([text])
    calls = len(chosen)
    return {
        "single_text_ms": round((time.perf_counter() - wall) / calls * 1000, 2),
        "single_text_cpu_ms": round((time.process_time() - cpu) / calls * 1000, 2),
    }


def sample_indices(labels: list[str], k: int, seed: int) -> list[int]:
    """``k`` examples of each label, drawn with ``seed``: their positions."""
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    return [i for label in sorted(by_label) for i in rng.sample(by_label[label], k)]


def sample(texts: list[str], labels: list[str], k: int, seed: int) -> tuple[list[str], list[str]]:
    chosen = sample_indices(labels, k, seed)
    return [texts[i] for i in chosen], [labels[i] for i in chosen]


# ------------------------------------------------------------------------ baseline


def _baseline_features() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )


def _fit_baseline(texts: list[str], labels: list[str], c: float) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(_baseline_features(), LogisticRegression(C=c, max_iter=1000)).fit(texts, labels)


def _global_cut(confidence: Any, correct: Any) -> float:
    """Lowest top-probability cut whose precision above it meets the target."""
    import numpy as np

    order = np.argsort(-confidence)
    precision = np.cumsum(correct[order]) / np.arange(1, len(order) + 1)
    ok = np.flatnonzero(np.logical_and.accumulate(precision >= TARGET))
    return float(confidence[order][ok[-1]]) if len(ok) else 1.01


def run_baseline(
    train: tuple[list[str], list[str]], test: tuple[list[str], list[str]], tune: bool, single: bool = False
) -> dict[str, Any]:
    import numpy as np
    from sklearn.model_selection import train_test_split

    texts, labels = train
    started = time.perf_counter()
    best_c, cut = 10.0, 1.01  # few-shot: too few examples for a validation split
    if tune:
        fit_texts, val_texts, fit_labels, val_labels = train_test_split(
            texts, labels, test_size=0.1, random_state=0, stratify=labels
        )
        scored = []
        for c in [3.0, 10.0, 30.0]:
            model = _fit_baseline(fit_texts, fit_labels, c)
            probs = model.predict_proba(val_texts)
            predicted = model.classes_[probs.argmax(axis=1)]
            scored.append((float(np.mean(predicted == np.array(val_labels))), c, probs, predicted))
        _, best_c, val_probs, val_predicted = max(scored, key=lambda item: item[0])
        cut = _global_cut(val_probs.max(axis=1), (val_predicted == np.array(val_labels)).astype(float))
    model = _fit_baseline(texts, labels, best_c)
    train_seconds = time.perf_counter() - started
    started = time.perf_counter()
    probs = model.predict_proba(test[0])
    per_second = len(test[0]) / (time.perf_counter() - started)
    singles = one_at_a_time(model.predict_proba, test[0]) if single else {}
    predicted = model.classes_[probs.argmax(axis=1)]
    gold = np.array(test[1])
    applied = probs.max(axis=1) >= cut
    return {
        "accuracy": float(np.mean(predicted == gold)),
        "macro_f1": _macro_f1(list(predicted), test[1]),
        "auto_precision": float(np.mean(predicted[applied] == gold[applied])) if applied.any() else None,
        "auto_coverage": float(np.mean(applied)),
        "train_seconds": round(train_seconds, 1),
        "predict_per_second": round(per_second, 1),
        **singles,
        "c": best_c,
        "peak_rss_mb": peak_rss_mb(),
    }


def _macro_f1(predicted: list[str], gold: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, predicted, average="macro", labels=sorted(set(gold))))


# -------------------------------------------------------------------------- engine


def run_engine(
    train: tuple[list[str], list[str]],
    test: tuple[list[str], list[str]],
    taxonomy: Path,
    encoder: str = "sparse",
    single: bool = False,
) -> dict[str, Any]:
    from voxpop.engine.evaluation import read_taxonomy
    from voxpop.engine.model import EngineConfig, TaggingModel

    hierarchy, descriptions = read_taxonomy(taxonomy)
    started = time.perf_counter()
    model = TaggingModel(EngineConfig(encoder=encoder, target_precision=TARGET, workers=0)).fit(
        train[0], [{label} for label in train[1]], hierarchy=hierarchy, descriptions=descriptions
    )
    train_seconds = time.perf_counter() - started
    workers_rss = fitting_workers_peak_rss_mb()
    started = time.perf_counter()
    predictions = model.predict(test[0])
    per_second = len(test[0]) / (time.perf_counter() - started)
    singles = one_at_a_time(model.predict, test[0]) if single else {}
    # Single-label data: the engine's answer is its best leaf when it abstains from a set.
    predicted = [
        p.labels[0] if len(p.labels) == 1 else (next(iter(p.scores)) if p.scores else "") for p in predictions
    ]
    exact = [p.labels == [g] for p, g in zip(predictions, test[1], strict=True)]
    applied = [(p.auto, g) for p, g in zip(predictions, test[1], strict=True) if p.auto]
    closure = [model.hierarchy.with_ancestors([g]) for _, g in applied]
    correct = sum(all(label in c for label in auto) for (auto, _), c in zip(applied, closure, strict=True))
    leaf_only = sum(list(auto) == [g] for auto, g in applied)
    return {
        "accuracy": statistics.fmean(exact),
        "top1_accuracy": statistics.fmean(p == g for p, g in zip(predicted, test[1], strict=True)),
        "macro_f1": _macro_f1(predicted, test[1]),
        "auto_precision": correct / len(applied) if applied else None,
        "auto_coverage": len(applied) / len(test[0]),
        "auto_leaf_share": leaf_only / len(applied) if applied else None,
        "train_seconds": round(train_seconds, 1),
        "predict_per_second": round(per_second, 1),
        **singles,
        "peak_rss_mb": peak_rss_mb(),
        # The processes that fitted the folds beside this one (0 when it fitted alone).
        "fitting_workers_peak_rss_mb": workers_rss,
        "encoder": encoder,
    }


def dense_available() -> bool:
    from voxpop.engine.encoders import dense_available as available

    return available()


def minilm_available() -> bool:
    from voxpop.engine.encoders import minilm_available as available

    return available()


def in_child(function: Any, *args: Any) -> dict[str, Any]:
    """``function(*args)`` in a fresh process of its own. Not a pool's (daemon) worker: a
    daemon process may not start children, and the engine fits its folds on worker
    processes as ``voxpop train`` does."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_send_result, args=(sender, function, args))
    process.start()
    sender.close()
    try:
        result = receiver.recv()
    except EOFError:
        result = None
    process.join()
    if process.exitcode or result is None:
        raise SystemExit(f"{function.__name__} failed in its process (exit code {process.exitcode})")
    return dict(result)


def _send_result(sender: Any, function: Any, args: tuple[Any, ...]) -> None:
    sender.send(function(*args))
    sender.close()


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "banking77")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--shots", type=int, nargs="*", default=[5, 10])
    parser.add_argument("--few-shot-only", action="store_true", help="skip the full-data runs")
    args = parser.parse_args()
    train, test = load(args.data / "train.csv"), load(args.data / "test.csv")
    taxonomy = args.data / "taxonomy.yaml"
    available = in_child(lambda_dense)
    encoders = ["sparse"] + (["sparse+use"] if available["use"] else [])
    encoders += ["sparse+use+minilm"] if available["use"] and available["minilm"] else []
    spawn = multiprocessing.get_context("spawn")
    # Few-shot runs: two at a time, each in a fresh process, beside the full-data runs.
    few_pool = spawn.Pool(2, maxtasksperchild=1)
    few_jobs: dict[tuple[int, str], list[Any]] = {}
    for k in args.shots:
        for seed in range(args.seeds):
            subset = sample(*train, k, seed)
            few_jobs.setdefault((k, "baseline"), []).append(
                few_pool.apply_async(run_baseline, (subset, test, False))
            )
            for encoder in encoders:
                few_jobs.setdefault((k, encoder), []).append(
                    few_pool.apply_async(run_engine, (subset, test, taxonomy, encoder))
                )
    few_pool.close()
    full: dict[str, Any] = {}
    if not args.few_shot_only:
        run_full(train, test, taxonomy, encoders, full)
    report: dict[str, Any] = {
        "dataset": {"train": len(train[0]), "test": len(test[0]), "tags": len(set(train[1]))},
        "target_precision": TARGET,
        "encoders": encoders,
        "full": full,
        "few_shot": {},
    }
    few_pool.join()
    for (k, name), jobs in few_jobs.items():
        results = [job.get() for job in jobs]
        values = [result["accuracy"] for result in results]
        entry = report["few_shot"].setdefault(f"{k}_shot", {})[name] = {
            "accuracy_mean": round(statistics.fmean(values), 4),
            "accuracy_stdev": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
            "runs": [round(v, 4) for v in values],
        }
        if "top1_accuracy" in results[0]:
            entry["top1_accuracy_mean"] = round(statistics.fmean(r["top1_accuracy"] for r in results), 4)
    print(json.dumps(report, indent=2))


def run_full(
    train: tuple[list[str], list[str]],
    test: tuple[list[str], list[str]],
    taxonomy: Path,
    encoders: list[str],
    full: dict[str, Any],
) -> None:
    """The baseline and each encoder on the whole training set, into ``full``."""
    baseline = in_child(run_baseline, train, test, True, True)
    full["baseline"] = baseline
    keys = [
        "accuracy",
        "macro_f1",
        "auto_precision",
        "auto_coverage",
        "train_seconds",
        "predict_per_second",
        "single_text_ms",
        "single_text_cpu_ms",
        "peak_rss_mb",
    ]
    for encoder in encoders:
        engine = in_child(run_engine, train, test, taxonomy, encoder, True)
        full[f"engine_{encoder}"] = engine
        full[f"engine_{encoder}_over_baseline"] = {key: ratio(engine[key], baseline[key]) for key in keys}


def lambda_dense() -> dict[str, Any]:
    return {"use": dense_available(), "minilm": minilm_available()}


if __name__ == "__main__":
    main()
