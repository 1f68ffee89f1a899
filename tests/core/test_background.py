"""The in-process task backend (VOXPOP_TASK_BACKEND=thread): tasks run on a background
thread after the transaction commits, a web request does not wait for them, identical
waiting calls coalesce, failures are logged, and shutdown drops only what never started.

Synchronisation is by events, never by sleeping: a task that must still be running
waits for an event only the test sets."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django_tasks import TaskResultStatus, task

from tests.builders import as_user, make_conversation, make_tree
from voxpop.conversations.models import Source
from voxpop.core import background
from voxpop.engine import services
from voxpop.engine.models import TaggingModelVersion
from voxpop.users.models import User

# Tasks run on another thread with their own connection: they see committed data only.
pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 30  # seconds; only reached when something is broken

gate = threading.Event()
entered = threading.Event()
ran: list[str] = []


@task()
def hold() -> str:
    """Runs until the test opens the gate."""
    entered.set()
    assert gate.wait(WAIT), "the test never opened the gate"
    return threading.current_thread().name


@task()
def note(word: str) -> str:
    ran.append(word)
    return word.upper()


@task()
def explode() -> None:
    raise ValueError("the model file is corrupt")


@pytest.fixture
def thread_backend(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The product's default backend, with a fresh runner for this test."""
    settings.TASKS = {"default": {"BACKEND": "voxpop.core.background.ThreadBackend"}}
    monkeypatch.setattr(background, "_inline", False)  # a CLI test may have switched it on
    monkeypatch.setattr(background, "_runner", None)
    gate.clear()
    entered.clear()
    ran.clear()
    yield
    gate.set()
    if background._runner is not None:
        background._runner.shutdown(WAIT)


def _runner() -> background.Runner:
    assert background._runner is not None, "no task was queued"
    return background._runner


def test_no_thread_starts_before_a_task_is_queued_and_a_forked_child_gets_its_own_runner(
    thread_backend: None,
) -> None:
    # Under gunicorn the master imports the app and forks: no thread may exist by then.
    from django_tasks import task_backends

    assert isinstance(task_backends["default"], background.ThreadBackend)
    assert not [t for t in threading.enumerate() if t.name.startswith("voxpop-tasks")]
    note.enqueue("first")
    assert _runner().wait_idle(WAIT) and ran == ["first"]
    parent = background.runner()
    parent.pid = -1  # as a forked child sees the runner it inherited
    child = background.runner()
    assert child is not parent and not child._threads
    parent.shutdown(WAIT)


def test_a_task_queued_in_a_transaction_runs_on_the_thread_after_the_commit(thread_backend: None) -> None:
    with transaction.atomic():
        result = hold.enqueue()
        assert background._runner is None, "queued before the commit"
    assert entered.wait(WAIT)
    assert result.status == TaskResultStatus.RUNNING
    gate.set()
    assert _runner().wait_idle(WAIT)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "voxpop-tasks-1"
    assert hold.get_result(result.id) is result


def test_a_rolled_back_transaction_runs_nothing(thread_backend: None) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        note.enqueue("never")
        raise RuntimeError("the request failed")
    note.enqueue("after")
    assert _runner().wait_idle(WAIT)
    assert ran == ["after"]


def test_identical_calls_waiting_to_run_coalesce_into_one_run(thread_backend: None) -> None:
    hold.enqueue()
    assert entered.wait(WAIT)  # the thread is busy: everything below waits
    first, second = note.enqueue("retrain"), note.enqueue("retrain")
    other = note.enqueue("predict")
    gate.set()
    assert _runner().wait_idle(WAIT)
    assert ran == ["retrain", "predict"]
    assert first.return_value == second.return_value == "RETRAIN"
    assert second.status == TaskResultStatus.SUCCESSFUL and other.return_value == "PREDICT"


def test_a_failing_task_is_logged_with_its_traceback_and_the_thread_carries_on(
    thread_backend: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="django_tasks"):
        failed = explode.enqueue()
        note.enqueue("next")
        assert _runner().wait_idle(WAIT)
    assert failed.status == TaskResultStatus.FAILED
    assert "the model file is corrupt" in failed.errors[0].traceback
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(logged) == 1 and "explode" in logged[0].getMessage() and logged[0].exc_info is not None
    assert ran == ["next"]


def test_shutdown_lets_the_running_task_finish_and_drops_the_waiting_ones(
    thread_backend: None, caplog: pytest.LogCaptureFixture
) -> None:
    running = hold.enqueue()
    assert entered.wait(WAIT)
    waiting = note.enqueue("late")
    dropped: list[Any] = []
    stopper = threading.Thread(target=lambda: dropped.extend(_runner().shutdown(WAIT)))
    with caplog.at_level(logging.WARNING, logger="voxpop.core.background"):
        stopper.start()
        gate.set()
        stopper.join(WAIT)
        refused = note.enqueue("too late")
    assert not stopper.is_alive()
    assert running.status == TaskResultStatus.SUCCESSFUL
    assert dropped == [waiting] and waiting.status == TaskResultStatus.READY
    assert refused.status == TaskResultStatus.READY and ran == []
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "note" in messages and "did not run" in messages and "shutting down" in messages


def test_a_command_runs_its_tasks_in_the_foreground_after_the_commit(
    thread_backend: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background, "_inline", True)
    result = note.enqueue("now")
    assert ran == ["now"] and result.return_value == "NOW"
    assert background._runner is None, "no thread in a command"


# --------------------------------------------------------------------------- the engine


@pytest.fixture
def slow_training(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Training that waits for the gate, then trains for real; returns the threads it ran on."""
    real = services.train_model
    threads: list[str] = []

    def train(**options: Any) -> TaggingModelVersion:
        threads.append(threading.current_thread().name)
        entered.set()
        assert gate.wait(WAIT), "the test never opened the gate"
        return real(**options)

    monkeypatch.setattr(services, "train_model", train)
    return threads


def test_the_request_that_crosses_the_retrain_threshold_returns_before_training_ends(
    thread_backend: None, slow_training: list[str], editor: User, source: Source, settings: Any
) -> None:
    from tests.engine.corpus import rows
    from voxpop.tagging.services import record_decision

    settings.VOXPOP_RETRAIN_AFTER = 50
    settings.DATA_DIR = settings.DATA_DIR / "background-test"
    tags = make_tree("billing/refund", "billing/invoice", "product/login", "product/export")
    decided = 0
    for text, labels in rows(15, seed=1, multi=10):
        conversation = make_conversation(source, text)
        for path in labels:
            if decided < 49:  # the 50th is the request's
                record_decision(conversation, tags[path.split("/")[-1]], user=editor)
                decided += 1
    assert not entered.is_set() and TaggingModelVersion.objects.count() == 0
    last = make_conversation(source, "please refund the double charge on my card")

    response = as_user(editor).post(f"/c/{last.pk}/decide", {"tag": tags["refund"].pk})

    assert response.status_code == 302  # back to the conversation: the decision is saved
    assert entered.wait(WAIT), "the retrain did not start"
    # The response is in hand while the training is held at the gate.
    assert TaggingModelVersion.objects.count() == 0
    assert slow_training == ["voxpop-tasks-1"]
    gate.set()
    assert _runner().wait_idle(WAIT * 4)
    version = TaggingModelVersion.objects.get()
    assert version.trigger == "decisions"
    assert services.new_decisions_since(version) == 0, "it learned from the request's decision too"


def test_a_retrain_queued_behind_a_running_one_does_not_train_again(
    thread_backend: None, slow_training: list[str], settings: Any, editor: User, source: Source
) -> None:
    from tests.engine.corpus import rows
    from voxpop.engine import tasks
    from voxpop.tagging.services import record_decision

    settings.TASKS = {
        "default": {"BACKEND": "voxpop.core.background.ThreadBackend", "OPTIONS": {"THREADS": 2}}
    }
    settings.VOXPOP_RETRAIN_AFTER = 10
    settings.DATA_DIR = settings.DATA_DIR / "background-test-2"
    tags = make_tree("billing/refund", "billing/invoice", "product/login", "product/export")
    for text, labels in rows(15, seed=1, multi=10):
        conversation = make_conversation(source, text)
        for path in labels:
            record_decision(conversation, tags[path.split("/")[-1]], user=editor)
    # Six thresholds were crossed while the first retrain was held: with two threads, one
    # retrain runs and one waits for the training lock; the rest coalesced into the waiting one.
    assert entered.wait(WAIT)
    gate.set()
    assert _runner().wait_idle(WAIT * 4)
    assert TaggingModelVersion.objects.count() == 1
    assert tasks.retrain_due() is False
    assert len(slow_training) == 1
