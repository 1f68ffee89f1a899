"""A workspace whose people tagged conversations in English, Chinese and Korean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.signals import task_finished

from tests.builders import make_conversation, make_tree
from tests.engine.corpus import rows
from voxpop.conversations.models import Conversation, Source
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User


@pytest.fixture(autouse=True)
def tasks_must_succeed() -> Iterator[None]:
    """The in-process task backend records a failing task instead of raising: fail the test."""
    failures: list[str] = []

    def finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
        if task_result.status == TaskResultStatus.FAILED:
            failures.extend(error.traceback for error in task_result.errors)

    task_finished.connect(finished)
    yield
    task_finished.disconnect(finished)
    assert not failures, "\n".join(failures)


@pytest.fixture
def queued(settings: Any) -> list[Any]:
    """Tasks are only queued (the dummy backend), not run; the list of their results."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend.results  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def models_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path / "models"


@pytest.fixture
def tagged(source: Source, editor: User, models_dir: Path) -> dict[str, Tag]:
    """Tia tagged 70 conversations (refund, invoice, login, export; some carry two)."""
    tags = make_tree("billing/refund", "billing/invoice", "product/login", "product/export")
    for text, labels in rows(15, seed=1, multi=10):
        conversation = make_conversation(source, text)
        for path in labels:
            record_decision(conversation, tags[path.split("/")[-1]], user=editor)
    return tags


@pytest.fixture
def well_tagged(source: Source, editor: User, models_dir: Path) -> dict[str, Tag]:
    """Like ``tagged`` with 65 conversations a tag: enough for a tag to prove, on
    held-out folds, that it may apply itself (a confidence bound on its precision)."""
    tags = make_tree("billing/refund", "billing/invoice", "product/login", "product/export")
    for text, labels in rows(65, seed=1, multi=10):
        conversation = make_conversation(source, text)
        for path in labels:
            record_decision(conversation, tags[path.split("/")[-1]], user=editor)
    return tags


UNTAGGED = [
    "I want a refund for my last order, thanks",
    "我想申请退款 谢谢",
    "로그인이 안 돼요 도와주세요",
    "the export to excel button does nothing today",
]


@pytest.fixture
def inbox(source: Source) -> list[Conversation]:
    """Four new conversations nobody tagged: English, Chinese, Korean."""
    return [make_conversation(source, text) for text in UNTAGGED]
