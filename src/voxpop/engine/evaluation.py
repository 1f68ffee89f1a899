"""Evaluate the tagging engine on labelled files: the engine production uses, on CSVs.

Reading is strict and every error names the file, line and column, so ``voxpop eval``
can say exactly what is wrong with a user's file.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from voxpop.engine.hierarchy import Hierarchy
from voxpop.engine.model import EngineConfig, Prediction, TaggingModel


class InputError(Exception):
    """A problem with an input file, worded for the person who gave it."""


@dataclass
class LabelledRows:
    path: Path
    texts: list[str] = field(default_factory=list)
    labels: list[set[str]] = field(default_factory=list)


def read_labelled_csv(
    path: Path,
    *,
    text_column: str = "text",
    label_column: str = "label",
    label_separator: str | None = None,
    out_of_scope: str | None = None,
) -> LabelledRows:
    """Read ``text`` and ``label`` columns; a row labelled ``out_of_scope`` has no tag."""
    rows = LabelledRows(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
            for column, option in ((text_column, "--text-column"), (label_column, "--label-column")):
                if column not in header:
                    raise InputError(
                        f"{path}, line 1: no column {column!r} (header has {', '.join(map(repr, header)) or 'nothing'}; "
                        f"choose one with {option})"
                    )
            for record in reader:
                line = reader.line_num
                if None in record:
                    raise InputError(f"{path}, line {line}: more fields than the header has")
                text = (record.get(text_column) or "").strip()
                raw = (record.get(label_column) or "").strip()
                if not text:
                    raise InputError(f"{path}, line {line}, column {text_column!r}: the text is empty")
                if not raw:
                    hint = (
                        " (mark rows no tag fits with --out-of-scope-label)" if out_of_scope is None else ""
                    )
                    raise InputError(
                        f"{path}, line {line}, column {label_column!r}: the label is empty{hint}"
                    )
                parts = raw.split(label_separator) if label_separator else [raw]
                labels = {part.strip() for part in parts if part.strip()}
                if out_of_scope is not None and out_of_scope in labels:
                    if len(labels) > 1:
                        raise InputError(
                            f"{path}, line {line}, column {label_column!r}: {out_of_scope!r} (out of scope) "
                            "cannot be combined with other labels"
                        )
                    labels = set()
                rows.texts.append(text)
                rows.labels.append(labels)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}, line {reader.line_num + 1}: not UTF-8 text ({exc.reason})") from exc
        except csv.Error as exc:
            raise InputError(f"{path}, line {reader.line_num}: {exc}") from exc
    if not rows.texts:
        raise InputError(f"{path}: no data rows")
    return rows


def read_taxonomy(path: Path) -> tuple[Hierarchy, dict[str, list[str]]]:
    """A taxonomy YAML (a list of ``{slug, name, description, examples, children}``)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{path}{where}: not valid YAML") from exc
    nodes = data.get("tags") if isinstance(data, dict) else data
    if not isinstance(nodes, list):
        raise InputError(f"{path}: expected a list of tags (or a mapping with a 'tags' list)")
    descriptions: dict[str, list[str]] = {}

    def walk(items: list[Any], trail: str) -> None:
        for position, item in enumerate(items, 1):
            if not isinstance(item, dict) or not item.get("slug"):
                raise InputError(f"{path}: tag {trail}{position} has no slug")
            texts = [str(item.get("name") or ""), str(item.get("description") or "")]
            texts += [str(example) for example in item.get("examples") or []]
            descriptions[str(item["slug"])] = [t for t in texts if t.strip()]
            walk(list(item.get("children") or []), f"{trail}{position}.")

    walk(nodes, "")
    return Hierarchy.from_nested(nodes), descriptions


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(
    predictions: Sequence[Prediction],
    gold: Sequence[set[str]],
    hierarchy: Hierarchy,
    *,
    target: float,
    out_of_scope: bool,
) -> dict[str, Any]:
    """Accuracy (exact set match, in-scope rows), micro/macro F1, OOS and auto-apply figures."""
    gold_sets = [hierarchy.most_specific(g) for g in gold]
    predicted = [set(p.labels) for p in predictions]
    in_scope = [i for i, g in enumerate(gold_sets) if g]
    accuracy = float(np.mean([predicted[i] == gold_sets[i] for i in in_scope])) if in_scope else 0.0
    labels = sorted({label for g in gold_sets for label in g})
    tp = dict.fromkeys(labels, 0)
    fp = dict.fromkeys(labels, 0)
    fn = dict.fromkeys(labels, 0)
    extra_fp = 0
    for pred, truth in zip(predicted, gold_sets, strict=True):
        for label in pred & truth:
            tp[label] += 1
        for label in pred - truth:
            if label in fp:
                fp[label] += 1
            else:
                extra_fp += 1
        for label in truth - pred:
            fn[label] += 1
    micro = _f1(sum(tp.values()), sum(fp.values()) + extra_fp, sum(fn.values()))
    macro = float(np.mean([_f1(tp[k], fp[k], fn[k]) for k in labels])) if labels else 0.0
    applied = correct = covered = 0
    for i, prediction in enumerate(predictions):
        closure = hierarchy.with_ancestors(gold_sets[i])
        applied += len(prediction.auto)
        correct += sum(1 for label in prediction.auto if label in closure)
        covered += bool(prediction.auto) and bool(gold_sets[i])
    result: dict[str, Any] = {
        "accuracy": round(accuracy, 4),
        "micro_f1": round(micro, 4),
        "macro_f1": round(macro, 4),
    }
    if out_of_scope:
        oos = [not g for g in gold_sets]
        said_none = [not p for p in predicted]
        hits = sum(a and b for a, b in zip(oos, said_none, strict=True))
        result["oos_recall"] = round(hits / sum(oos), 4) if any(oos) else None
        result["oos_precision"] = round(hits / sum(said_none), 4) if any(said_none) else None
    result["auto_apply"] = {
        "target": target,
        "precision": round(correct / applied, 4) if applied else None,
        "coverage": round(covered / len(in_scope), 4) if in_scope else 0.0,
        "labels_applied": applied,
    }
    return result


def evaluate(
    train: LabelledRows,
    test: LabelledRows,
    *,
    config: EngineConfig,
    hierarchy: Hierarchy | None = None,
    descriptions: dict[str, list[str]] | None = None,
    hierarchy_separator: str | None = None,
    out_of_scope: bool = False,
) -> dict[str, Any]:
    """Train on ``train``, predict ``test``, and report as ``voxpop eval`` prints it."""
    if hierarchy is None:
        every = {label for labels in train.labels + test.labels for label in labels}
        hierarchy = Hierarchy.from_paths(every, hierarchy_separator) if hierarchy_separator else Hierarchy()
    started = time.perf_counter()
    model = TaggingModel(config).fit(
        train.texts, train.labels, hierarchy=hierarchy, descriptions=descriptions
    )
    train_seconds = time.perf_counter() - started
    started = time.perf_counter()
    predictions = model.predict(test.texts)
    predict_seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "n_train": len(train.texts),
        "n_test": len(test.texts),
        "n_tags": len(model.classes),
        "encoder": config.encoder,
    }
    result.update(
        score(
            predictions,
            test.labels,
            model.hierarchy,
            target=config.target_precision,
            out_of_scope=out_of_scope,
        )
    )
    result["train_seconds"] = round(train_seconds, 2)
    result["predict_per_second"] = round(len(test.texts) / predict_seconds, 1)
    return result
