"""Experiment: few-shot tagging with self-training on unlabelled conversations.

Not part of the engine: a measurement of whether the conversations nobody has tagged
yet, which every workspace has in plenty, can lift the few-shot accuracy that frozen
encoders leave at about 0.86 with ten examples per tag (docs/tagging.md, "With few
examples per tag").

For each draw of k examples per tag (the same draws as ``bench/tagging.py``'s
:func:`sample`, same seeds), the rest of Banking77's training split is the unlabelled
pool (its labels are never read); the test split is only scored. Features: the
normalised USE and MiniLM sentence vectors of the engine's own encoders, side by side.

- ``plain``: logistic regression on the k examples per tag;
- ``self_trained``: the same, then ``--rounds`` times: predict the pool, and add as
  examples of a tag the ``--per-round`` pool texts it is most confident of for that
  tag (only those whose confidence is at least ``--min-confidence``), then refit.

Prints one JSON object (every draw, then mean and spread per k). Nothing is downloaded;
needs the embeddings extra.

    make bench-selftrain   (or: .venv/bin/python bench/fewshot_selftrain.py --data ../shared/data/banking77)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402

from tagging import load, sample_indices  # noqa: E402


def vectors(texts: list[str]) -> np.ndarray:
    from voxpop.engine.encoders import MiniLMEncoder, UseEncoder, normalize_rows

    parts = [normalize_rows(np.asarray(encoder.fit(texts).transform(texts), dtype=np.float32))
             for encoder in (UseEncoder(), MiniLMEncoder())]  # fmt: skip
    return np.hstack(parts)


def fit(x: np.ndarray, y: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=2000).fit(x, y)


def self_train(
    x: np.ndarray, y: np.ndarray, pool: np.ndarray, c: float, rounds: int, per_round: int, floor: float
) -> tuple[Any, int]:
    model = fit(x, y, c)
    taken = np.zeros(len(pool), dtype=bool)
    added_x, added_y = [], []
    for _ in range(rounds):
        probabilities = model.predict_proba(pool)
        best = probabilities.argmax(axis=1)
        confidence = probabilities.max(axis=1)
        for column, label in enumerate(model.classes_):
            candidates = np.flatnonzero((best == column) & ~taken & (confidence >= floor))
            chosen = candidates[np.argsort(-confidence[candidates])[:per_round]]
            taken[chosen] = True
            added_x.append(pool[chosen])
            added_y.extend([label] * len(chosen))
        model = fit(np.vstack([x, *added_x]), np.concatenate([y, np.asarray(added_y)]), c)
    return model, int(taken.sum())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--shots", type=int, nargs="+", default=[5, 10])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--c", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-round", type=int, default=10)
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument(
        "--cache", type=Path, help="keep the sentence vectors in this .npy file, and reuse them"
    )
    args = parser.parse_args()

    train_texts, train_labels = load(args.data / "train.csv")
    test_texts, test_labels = load(args.data / "test.csv")
    started = time.process_time()
    if args.cache and args.cache.exists():
        everything = np.load(args.cache)
    else:
        everything = vectors(train_texts + test_texts)
        if args.cache:
            np.save(args.cache, everything)
    encode_cpu = time.process_time() - started
    train_x, test_x = everything[: len(train_texts)], everything[len(train_texts) :]
    train_y, test_y = np.asarray(train_labels), np.asarray(test_labels)

    runs = []
    for k in args.shots:
        for seed in args.seeds:
            chosen = sample_indices(train_labels, k, seed)
            rest = np.setdiff1d(np.arange(len(train_texts)), chosen)
            x, y = train_x[chosen], train_y[chosen]
            plain = float((fit(x, y, args.c).predict(test_x) == test_y).mean())
            started = time.process_time()
            model, added = self_train(
                x, y, train_x[rest], args.c, args.rounds, args.per_round, args.min_confidence
            )
            tuned = float((model.predict(test_x) == test_y).mean())
            runs.append({
                "shots": k, "seed": seed, "plain": round(plain, 4), "self_trained": round(tuned, 4),
                "pool": len(rest), "pseudo_labelled": added,
                "self_training_cpu_seconds": round(time.process_time() - started, 1),
            })  # fmt: skip
            print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    summary = {}
    for k in args.shots:
        for name in ("plain", "self_trained"):
            values = [r[name] for r in runs if r["shots"] == k]
            summary[f"{k}_shot_{name}"] = {
                "mean": round(statistics.fmean(values), 4),
                "stdev": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
            }
    print(json.dumps({
        "experiment": "fewshot_selftrain", "encode_cpu_seconds": round(encode_cpu, 1),
        "options": {"c": args.c, "rounds": args.rounds, "per_round": args.per_round,
                    "min_confidence": args.min_confidence},
        "runs": runs, "summary": summary,
    }, indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
