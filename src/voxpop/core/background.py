"""The in-process task backend (``VOXPOP_TASK_BACKEND=thread``, the default).

A django-tasks backend that runs each enqueued task on a background thread of the
process that enqueued it, once the enqueuing transaction has committed, so a web
request returns while a model trains. What it promises:

- one worker thread per process by default (``OPTIONS: {"THREADS": n}``), started
  lazily by the first task a process enqueues: under gunicorn that is a worker process,
  never the master before it forks (a forked child starts threads of its own);
- a task enqueued while an identical call (same task, same arguments) is still waiting
  to start is not queued twice: both results follow the one run. Every voxpop task does
  "what is due now", so the waiting call will also do the second one's work;
- each result is kept in memory (the latest :data:`KEEP_RESULTS`) with its status,
  return value and errors; failures are logged with their traceback (django-tasks'
  ``task_finished`` signal, logger ``django_tasks``);
- each task runs with database connections of its own, closed when it ends;
- at exit the running task is allowed to finish, tasks still waiting are dropped and
  logged (a restart loses them; the next trigger does their work).

Commands (``voxpop import``, ``voxpop train``...) call :func:`run_inline`, so in them the
backend runs each task in the foreground right after its transaction commits (like
django-tasks' ImmediateBackend) and a command has finished its work when it exits.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connections, transaction
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskContext, TaskError, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, get_random_id, normalize_json

logger = logging.getLogger(__name__)

T = TypeVar("T")

KEEP_RESULTS = 1000


@dataclass
class _Job:
    key: str
    results: list[TaskResult[Any]] = field(default_factory=list)

    @property
    def first(self) -> TaskResult[Any]:
        return self.results[0]


def _set(result: TaskResult[Any], **values: Any) -> None:
    for name, value in values.items():
        object.__setattr__(result, name, value)


class Runner:
    """The process's queue and worker threads. One per process: see :func:`runner`."""

    def __init__(self, threads: int = 1) -> None:
        self.pid = os.getpid()
        self.worker_id = get_random_id()
        self.size = max(1, threads)
        self._cond = threading.Condition()
        self._queue: deque[_Job] = deque()
        self._waiting: dict[str, _Job] = {}
        self._busy = 0
        self._closing = False
        self._threads: list[threading.Thread] = []
        self._results: OrderedDict[str, TaskResult[Any]] = OrderedDict()

    # ----------------------------------------------------------------- queueing

    def submit(self, result: TaskResult[Any]) -> TaskResult[Any]:
        """Queue ``result``'s task; returns the result that will carry the outcome (the
        waiting identical one when there is one)."""
        key = _key(result)
        _set(result, enqueued_at=timezone.now())
        with self._cond:
            self._remember(result)
            if self._closing:
                logger.warning("not running %s: the process is shutting down", result.task.module_path)
                return result
            waiting = self._waiting.get(key)
            if waiting is not None:
                waiting.results.append(result)
                logger.info("%s is already waiting to run; not queued twice", result.task.module_path)
                return waiting.first
            job = _Job(key, [result])
            self._waiting[key] = job
            self._queue.append(job)
            self._start_threads()
            self._cond.notify()
        task_enqueued.send(ThreadBackend, task_result=result)
        return result

    def get(self, result_id: str) -> TaskResult[Any]:
        with self._cond:
            found = self._results.get(result_id)
        if found is None:
            raise TaskResultDoesNotExist(result_id)
        return found

    def _remember(self, result: TaskResult[Any]) -> None:
        self._results[result.id] = result
        while len(self._results) > KEEP_RESULTS:
            self._results.popitem(last=False)

    def _start_threads(self) -> None:
        while len(self._threads) < self.size:
            thread = threading.Thread(
                target=self._work, name=f"voxpop-tasks-{len(self._threads) + 1}", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    # ----------------------------------------------------------------- running

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._cond.wait()
                if self._closing:
                    return
                job = self._queue.popleft()
                del self._waiting[job.key]
                self._busy += 1
            try:
                self.execute(job)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def execute(self, job: _Job, *, close_connections: bool = True) -> None:
        first = job.first
        task = first.task
        started = timezone.now()
        for result in job.results:
            _set(result, status=TaskResultStatus.RUNNING, started_at=started, last_attempted_at=started)
            result.worker_ids.append(self.worker_id)
        task_started.send(ThreadBackend, task_result=first)
        try:
            if task.takes_context:
                value = task.call(TaskContext(task_result=first), *first.args, **first.kwargs)
            else:
                value = task.call(*first.args, **first.kwargs)
            value = normalize_json(value)
        except BaseException as exc:  # a task's failure must not stop the thread
            error = TaskError(
                exception_class_path=get_module_path(type(exc)), traceback=get_exception_traceback(exc)
            )
            for result in job.results:
                result.errors.append(error)
                _set(result, status=TaskResultStatus.FAILED, finished_at=timezone.now())
            # Sent inside the except block: django-tasks logs it with the traceback.
            task_finished.send(ThreadBackend, task_result=first)
        else:
            for result in job.results:
                _set(
                    result,
                    status=TaskResultStatus.SUCCESSFUL,
                    finished_at=timezone.now(),
                    _return_value=value,
                )
            task_finished.send(ThreadBackend, task_result=first)
        finally:
            if close_connections:
                connections.close_all()  # this thread's connections only

    # ----------------------------------------------------------------- waiting and stopping

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is queued or running; False when ``timeout`` ran out first."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queue and not self._busy, timeout)

    def shutdown(self, timeout: float | None = None) -> list[TaskResult[Any]]:
        """Stop taking tasks, let running ones finish (up to ``timeout`` seconds), and drop
        the waiting ones; returns what was dropped."""
        with self._cond:
            self._closing = True
            dropped = [result for job in self._queue for result in job.results]
            self._queue.clear()
            self._waiting.clear()
            self._cond.notify_all()
            threads = list(self._threads)
        for result in dropped:
            logger.warning(
                "shutting down: task %s %s was waiting and did not run",
                result.task.module_path,
                json.dumps([result.args, result.kwargs], default=str)[:200],
            )
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout)
        return dropped


def _key(result: TaskResult[Any]) -> str:
    return json.dumps(
        [result.task.module_path, result.task.queue_name, result.args, result.kwargs],
        sort_keys=True,
        default=str,
    )


_runner: Runner | None = None
_runner_lock = threading.Lock()
_inline = False


def runner(threads: int = 1) -> Runner:
    """This process's runner, created on first use (again in a forked child)."""
    global _runner
    with _runner_lock:
        if _runner is None or _runner.pid != os.getpid():
            _runner = Runner(threads)
            atexit.register(_runner.shutdown)
        return _runner


def run_inline() -> None:
    """Run this process's tasks in the foreground, after their transaction commits
    (for commands, which must finish their work before they exit)."""
    global _inline
    _inline = True


class ThreadBackend(BaseTaskBackend):
    """Runs tasks on this process's background thread(s) after the transaction commits."""

    supports_async_task = False
    supports_get_result = False  # only the process that enqueued a task knows its result
    supports_priority = False

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.threads = int(self.options.get("THREADS", 1))

    def enqueue(self, task: Task[Any, T], args: Any, kwargs: Any) -> TaskResult[T]:
        self.validate_task(task)
        result: TaskResult[T] = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        if _inline:
            transaction.on_commit(lambda: self._run_now(result))
        else:
            transaction.on_commit(lambda: runner(self.threads).submit(result))
        return result

    def _run_now(self, result: TaskResult[Any]) -> None:
        _set(result, enqueued_at=timezone.now())
        task_enqueued.send(ThreadBackend, task_result=result)
        Runner().execute(_Job(_key(result), [result]), close_connections=False)

    def get_result(self, result_id: str) -> TaskResult[Any]:
        return runner(self.threads).get(result_id)
