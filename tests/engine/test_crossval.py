"""``voxpop eval --cv K`` on the workspace's own decisions, and its page."""

from __future__ import annotations

import json

import pytest

from tests.builders import as_user
from tests.cli.test_commands import run
from voxpop.engine.models import EvaluationReport
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def test_eval_cv_reports_each_tag_and_stores_the_report_for_its_page(
    tagged: dict[str, Tag], editor: User, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "eval", "--cv", "3", "--folds", "3")
    assert code == 0, err
    result = json.loads(out)
    assert result["folds"] == 3 and result["n_examples"] == 70
    assert result["accuracy"] >= 0.7 and "macro_f1" in result and "auto_apply" in result
    rows = {row["tag"]: row for row in result["tags"]}
    assert set(rows) == {"refund", "invoice", "login", "export"}
    for row in rows.values():
        assert row["support"] > 0
        assert 0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1
        assert isinstance(row["confused_with"], list)
    assert sum(row["support"] for row in rows.values()) == 15 * 4 + 10 * 2
    stored = EvaluationReport.objects.get()
    assert stored.folds == 3 and stored.tags == result["tags"]

    page = as_user(editor).get("/engine/report").content.decode()
    for slug in rows:
        assert f'data-tag="{slug}"' in page
    assert as_user(editor).get("/api/engine/report").json()["tags"] == result["tags"]


def test_eval_cv_with_too_few_decisions_says_so(
    capsys: pytest.CaptureFixture[str], models_dir: object
) -> None:
    code, _, err = run(capsys, "eval", "--cv", "5")
    assert code != 0
    assert "tag at least" in err


def test_eval_cv_refuses_files_and_eval_without_files_asks_for_them(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    code, _, err = run(capsys, "eval", "--cv", "5", "--train", "a.csv")
    assert code != 0 and "leave out --train and --test" in err
    code, _, err = run(capsys, "eval")
    assert code != 0 and "--cv K" in err


def test_the_report_page_without_a_report_says_how_to_make_one(editor: User) -> None:
    page = as_user(editor).get("/engine/report").content.decode()
    assert "voxpop eval --cv 5" in page
    assert as_user(editor).get("/api/engine/report").status_code == 404
