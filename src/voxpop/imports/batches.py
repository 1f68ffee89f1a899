"""The reader and parser side of the pipeline: parsed items cut into batches.

:func:`batches` turns the parser's stream of records and row errors into
:class:`Batch` es: a batch closes when its records hold ``batch_size`` messages
(the pipeline writes and commits it with its checkpoint), and every 500 items a
progress batch carries the row errors and bytes read so far.

A large CSV, JSON Lines or email input (an mbox file, a folder or archive of .eml
files) is read and parsed in a second process
(:func:`parsed_in_child`), so parsing and writing use two cores; the child also does
the per-record work that needs no database (merging a batch's records by
conversation, and, unless its parsing is the heavier side, as for email, detecting
each conversation's language and hashing message contents).
The child only reads: batches, checkpoints and commits stay with the writer in the
importing process. The child dies with it (an ended pipe, and on Linux a parent-death
signal), and whatever goes wrong in the child is raised in the importing process.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
import traceback
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from multiprocessing.reduction import ForkingPickler
from typing import Any

from voxpop.imports.language import conversation_language
from voxpop.imports.records import ConversationData, InputError, Item, RowError

PROGRESS_EVERY = 500
# The first garbage-collector threshold (Python's default: 700) in the parser process,
# and in the importing process while an import runs (:func:`collector_tuned`). A batch
# is thousands of live objects without cycles, which the default would have the
# collector traverse again and again; a little garbage in cycles (some parsers'
# exceptions) is still collected.
GC_THRESHOLD = 50_000
_tuned_lock = threading.Lock()
_tuned_depth = 0
_tuned_threshold: tuple[int, int, int] | None = None


@dataclass
class Batch:
    """Items ``done`` (counted from the file's start) and what they brought."""

    done: int
    # Records to write and commit with the checkpoint (a full batch, or the last one).
    records: list[ConversationData] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Notes the parser added since the previous batch.
    notes: list[str] = field(default_factory=list)
    read: int = 0  # bytes read so far
    last: bool = False  # the end of the input: commit, even with no records
    failure: str | None = None  # the input became unreadable here (an InputError)

    @property
    def commits(self) -> bool:
        return self.last or bool(self.records)


# (notes to append to, [bytes read]) -> the parser's items
MakeItems = Callable[[list[str], list[int]], Iterator[Item]]
Prepare = Callable[[list[ConversationData]], list[ConversationData]]


def batches(
    make_items: MakeItems, skip: int, batch_size: int, prepare: Prepare | None = None
) -> Generator[Batch, None, None]:
    """The items after the first ``skip`` (a resumed import's committed ones), batched."""
    notes: list[str] = []
    tally = [0]
    index = messages = 0
    records: list[ConversationData] = []
    errors: list[RowError] = []

    def cut(**extra: Any) -> Batch:
        """The batch so far; the next one starts empty."""
        nonlocal records, errors, messages
        batch = Batch(index, records, errors, notes[:], tally[0], **extra)
        notes.clear()
        records, errors, messages = [], [], 0
        return batch

    def progress() -> Batch:
        """Row errors and bytes read so far; the records stay for the batch."""
        nonlocal errors
        batch = Batch(index, [], errors, notes[:], tally[0])
        notes.clear()
        errors = []
        return batch

    try:
        for item in make_items(notes, tally):
            index += 1
            if index <= skip:
                continue
            if isinstance(item, RowError):
                errors.append(item)
            else:
                records.append(item)
                messages += max(1, len(item.messages))
                if messages >= batch_size:
                    if prepare is not None:
                        records = prepare(records)
                    yield cut()
                    continue
            if index % PROGRESS_EVERY == 0:
                yield progress()
    except InputError as exc:
        records = []
        yield cut(failure=str(exc))
        return
    if prepare is not None:
        records = prepare(records)
    yield cut(last=True)


def prepared(records: list[ConversationData]) -> list[ConversationData]:
    """The writer's database-free work on a batch, done ahead: records merged by
    conversation, each conversation's language, each message's content hash."""
    from voxpop.imports.writer import merge, message_hash

    merged = merge(records)
    for conversation in merged:
        conversation.language = conversation_language(conversation.messages)
        for message in conversation.messages:
            message.content_hash = message_hash(message)
    return merged


def merged(records: list[ConversationData]) -> list[ConversationData]:
    """Records merged by conversation only: languages and content hashes are left to
    the writer (for a format whose parsing costs more than its writing)."""
    from voxpop.imports.writer import merge

    return merge(records)


class ParserFailed(RuntimeError):
    """The parsing process failed (a bug, or it was killed): nothing of the batch it
    was reading was written; the import may be run again."""


def parsed_in_child(
    make_items: MakeItems, skip: int, batch_size: int, prepare: Prepare = prepared
) -> Generator[Batch, None, None]:
    """:func:`batches` (with ``prepare``: :func:`prepared` or :func:`merged`), computed
    in a forked child process."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    parent = os.getpid()

    def child() -> None:
        receiver.close()
        _die_with(parent)
        # The importing process's objects, inherited, are never garbage here: kept out
        # of the collector, they are neither traversed nor copied (on write) into this
        # process by its visits.
        gc.freeze()
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
        try:
            for batch in batches(make_items, skip, batch_size, prepare):
                sender.send(("batch", batch))
        except (BrokenPipeError, ConnectionResetError):
            os._exit(1)  # the importing process is gone
        except BaseException:  # reported to the importing process
            with contextlib.suppress(OSError):
                sender.send(("failed", traceback.format_exc(limit=20)[-4000:]))
            os._exit(1)
        sender.close()

    process = context.Process(target=child, name="voxpop-import-parser", daemon=True)
    process.start()
    sender.close()
    try:
        while True:
            try:
                kind, payload = _unpickled(receiver)
            except EOFError:
                process.join(10)
                raise ParserFailed(
                    f"the parsing process ended early (exit code {process.exitcode})"
                ) from None
            if kind == "failed":
                raise ParserFailed(f"the parsing process failed:\n{payload}")
            yield payload
            if payload.last or payload.failure is not None:
                break
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()


@contextlib.contextmanager
def collector_tuned() -> Iterator[None]:
    """Run an import with less garbage-collector work in this process: each batch is
    tens of thousands of new objects (parsed records, rows, model instances), which
    Python's default first threshold (700 allocations) has the collector traverse again
    and again, and its full collections walk every object the process already held
    (Django, the models). Within the block those objects are frozen out of the
    collector (:func:`gc.freeze`) and the first threshold is raised; both are put back
    when the last import running in this process leaves (imports may run in threads)."""
    global _tuned_depth, _tuned_threshold
    with _tuned_lock:
        if _tuned_depth == 0:
            _tuned_threshold = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(GC_THRESHOLD, _tuned_threshold[0]), *_tuned_threshold[1:])
        _tuned_depth += 1
    try:
        yield
    finally:
        with _tuned_lock:
            _tuned_depth -= 1
            if _tuned_depth == 0 and _tuned_threshold is not None:
                gc.set_threshold(*_tuned_threshold)
                gc.unfreeze()
                _tuned_threshold = None


def _unpickled(receiver: Any) -> Any:
    """The next message, unpickled with the garbage collector paused: a batch is tens
    of thousands of new objects, none garbage, that the collector would otherwise
    traverse again and again while they are made (it runs once on them afterwards)."""
    data = receiver.recv_bytes()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return ForkingPickler.loads(data)
    finally:
        if was_enabled:
            gc.enable()


def _die_with(parent: int) -> None:
    """Let the child be killed when its parent dies (Linux), even mid-parse; and leave
    Ctrl-C to the parent, which stops the child itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the signal was armed
        os._exit(1)
