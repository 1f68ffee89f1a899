"""Parsing in a second process (large CSV, JSON Lines and email inputs): the same rows,
errors, notes and exit codes as parsing in the importing process; a parser that fails is
reported and leaves a run that resumes; a killed importer takes its parser with it."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.imports.conftest import run, stored
from voxpop.conversations.models import Conversation
from voxpop.core.cpus import available_cpus
from voxpop.imports import pipeline
from voxpop.imports.batches import ParserFailed
from voxpop.imports.formats import FORMATS
from voxpop.imports.limits import Limits
from voxpop.imports.mail import EmailParser
from voxpop.imports.models import ImportFile, RunStatus
from voxpop.imports.records import ParseOptions
from voxpop.imports.rows import RowBuilder
from voxpop.users.models import User

pytestmark = pytest.mark.django_db

TEXTS = [
    "Export fails when the board is big, please help",
    "导出失败了，请帮忙看看",
    "내보내기가 실패합니다 도와주세요",
]


def rows(conversations: int) -> list[dict[str, Any]]:
    """Four messages a conversation; every 25th row has an unreadable time."""
    made = []
    for number in range(conversations * 4):
        made.append(
            {
                "conversation_id": f"c{number // 4}",
                "message_id": f"m{number}",
                "sent_at": "soon" if number % 25 == 7 else f"2026-01-01T10:{number % 60:02d}:00Z",
                "author_role": "customer" if number % 2 == 0 else "agent",
                "text": f"{TEXTS[(number // 4) % 3]} #{number}",
                "account_domain": f"a{number % 7}.example",
                "tags": "export" if number % 8 == 0 else "",
                "shoe_size": "42",
            }
        )
    return made


def write(tmp_path: Path, fmt: str, conversations: int) -> Path:
    path = tmp_path / f"big.{fmt}"
    made = rows(conversations)
    with path.open("w", newline="", encoding="utf-8") as handle:
        if fmt == "csv":
            writer = csv.DictWriter(handle, list(made[0]))
            writer.writeheader()
            writer.writerows(made)
        else:
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in made)
    return path


def emails(threads: int) -> list[bytes]:
    """Four messages a thread: the customer's, a reply by a voxpop user (a team member
    only as a user: its address is not in --team), a reply found only by its subject,
    and one from the team's domain. Every 13th message has no text, every 41st is too
    large; some are HTML, some Latin-1."""
    made: list[bytes] = []
    for number in range(threads * 4):
        thread, step = divmod(number, 4)
        customer = f"c{thread % 9}@{'gmail.com' if thread % 5 == 0 else f'cust{thread % 5}.example'}"
        sender = [customer, "dana@voxpop-demo.example", customer, "support@help.example"][step]
        subject = f"Export #{thread}" if step == 0 else f"Re: Export #{thread}"
        headers = [f"From: Person {thread} <{sender}>", f"To: {customer if step % 2 else 'help@help.example'}",
                   f"Subject: {subject}", f"Message-ID: <m{number}@mail.example>",
                   f"Date: Mon, 05 Jan 2026 10:{number % 60:02d}:00 +0000"]  # fmt: skip
        if step in (1, 3):
            headers.append(f"In-Reply-To: <m{thread * 4}@mail.example>")
        text = f"{TEXTS[thread % 3]} #{number}\n\n> quoted earlier text\n"
        if number % 13 == 5:
            body, ctype = "", "text/plain; charset=utf-8"
        elif number % 41 == 9:
            body, ctype = "x" * 3000 + "\n", "text/plain; charset=utf-8"
        elif number % 7 == 3:
            body, ctype = f"<p>{text}</p><script>alert(1)</script>\n", "text/html; charset=utf-8"
        else:
            body, ctype = text, "text/plain; charset=utf-8"
        charset = "iso-8859-1" if number % 11 == 4 and thread % 3 == 0 else "utf-8"
        headers += ["MIME-Version: 1.0", f"Content-Type: {ctype.replace('utf-8', charset)}"]
        made.append(("\n".join(headers) + "\n\n" + body).encode(charset))
    return made


def write_email(tmp_path: Path, shape: str, threads: int) -> Path:
    """An mbox file, or a folder of .eml files."""
    messages = emails(threads)
    if shape == "mbox":
        path = tmp_path / "big.mbox"
        path.write_bytes(b"".join(b"From someone Mon Jan  5 10:00:00 2026\n" + m + b"\n" for m in messages))
        return path
    path = tmp_path / "eml"
    path.mkdir()
    for number, message in enumerate(messages):
        (path / f"{number:05d}.eml").write_bytes(message)
    return path


EMAIL_OPTIONS = ParseOptions(team=frozenset(["@help.example"]), limits=Limits(max_document_bytes=2500))


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many parser processes the pipeline started (one entry per file)."""
    started: list[int] = []
    real = pipeline.parsed_in_child

    def counting(*args: Any, **kwargs: Any) -> Any:
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "parsed_in_child", counting)
    return started


def languages(source: str) -> dict[str, str]:
    return dict(Conversation.objects.filter(source__name=source).values_list("external_id", "language"))


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_file_parsed_in_a_second_process_is_stored_as_one_parsed_in_process(
    tmp_path: Path, settings: Any, children: list[int], fmt: str
) -> None:
    path = write(tmp_path, fmt, 60)
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "never"
    here = run(fmt, path, source="here", batch_size=37, create_tags=True)
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "always"
    there = run(fmt, path, source="there", batch_size=37, create_tags=True)

    assert children == [1]  # only the second import used a parser process
    assert there.exit_code == here.exit_code == 1
    assert there.files[0].errors == here.files[0].errors
    assert there.files[0].errors[0] == {
        "where": f"{path}: line {8 + (fmt == 'csv')}",
        "reason": "sent_at: cannot read 'soon' as a timestamp (use ISO 8601, e.g. 2026-03-01T09:30:00Z)",
    }
    assert there.files[0].notes == here.files[0].notes
    if fmt == "csv":
        assert there.files[0].notes == [f"{path}: columns ignored: shoe_size"]
    # Accounts are the workspace's, not a source's: the first import created them.
    assert here.counts["accounts_created"] == 7
    assert there.counts == {k: v for k, v in here.counts.items() if k != "accounts_created"}
    assert there.counts["messages_created"] == 240 - 10
    assert there.counts["tags_applied"] > 0
    assert stored("there") == stored("here")
    assert languages("there") == languages("here")
    assert set(languages("there").values()) == {"en", "zh", "ko"}
    assert ImportFile.objects.get(run_id=there.run_id).batches_done > 5

    again = run(fmt, path, source="there", batch_size=37)  # idempotent, as ever
    assert again.counts.get("messages_created", 0) == 0
    assert again.counts["messages_unchanged"] == 230


def authors(source: str) -> set[tuple[str, str, str, str]]:
    """(conversation id, message id, author role, contact address) of every message."""
    from voxpop.conversations.models import Message

    return set(
        Message.objects.filter(conversation__source__name=source).values_list(
            "conversation__external_id", "external_id", "author_role", "conversation__contact__email"
        )
    )


@pytest.mark.parametrize("shape", ["mbox", "eml"])
def test_email_parsed_in_a_second_process_is_stored_as_email_parsed_in_process(
    tmp_path: Path, settings: Any, children: list[int], shape: str
) -> None:
    User.objects.create_user(username="dana", password=None, email="dana@voxpop-demo.example")
    path = write_email(tmp_path, shape, 60)
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "never"
    here = run("email", path, source="here", batch_size=37, options=EMAIL_OPTIONS)
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "always"
    there = run("email", path, source="there", batch_size=37, options=EMAIL_OPTIONS)

    assert children == [1]
    assert there.exit_code == here.exit_code == 1
    assert there.files[0].errors == here.files[0].errors
    assert there.files[0].error_count == here.files[0].error_count == 19 + 6  # no text, too large
    first = "message 6 (line 69)" if shape == "mbox" else "00005.eml"
    assert there.files[0].errors[0] == {"where": f"{path}{': ' if shape == 'mbox' else '/'}{first}",
                                        "reason": "no text in the message"}  # fmt: skip
    assert there.files[0].notes == here.files[0].notes
    # Accounts and contacts are the workspace's, not a source's: the first import made them.
    workspace = {"accounts_created", "contacts_created", "contacts_updated", "accounts_linked"}
    assert {k: v for k, v in there.counts.items() if k not in workspace} == {
        k: v for k, v in here.counts.items() if k not in workspace
    }
    assert there.counts["messages_created"] == 240 - 25
    assert here.counts["conversations_created"] == 60
    assert stored("there") == stored("here")
    assert authors("there") == authors("here")
    roles = {(message[1], message[2]) for message in authors("there")}
    assert ("m1@mail.example", "agent") in roles  # dana, a user: the team, read before the fork
    assert ("m2@mail.example", "customer") in roles
    assert ("m3@mail.example", "agent") in roles  # @help.example, from --team
    assert languages("there") == languages("here")
    assert set(languages("there").values()) == {"en", "zh", "ko"}
    assert ImportFile.objects.get(run_id=there.run_id).batches_done > 5

    again = run("email", path, source="there", batch_size=37, options=EMAIL_OPTIONS)
    assert again.counts.get("messages_created", 0) == 0
    assert again.counts["messages_unchanged"] == 215


def test_an_unreadable_file_fails_in_the_parser_process_as_in_process(
    tmp_path: Path, settings: Any, children: list[int]
) -> None:
    path = tmp_path / "no-key.csv"
    path.write_text("message_id,text\nm1,hello\n", encoding="utf-8")
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "never"
    here = run("csv", path, source="here")
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "always"
    there = run("csv", path, source="there")

    assert children == [1]
    assert there.exit_code == here.exit_code == 2
    assert there.files[0].status == here.files[0].status == RunStatus.FAILED
    assert there.files[0].notes == here.files[0].notes
    assert "no conversation_id column" in there.files[0].notes[0]


def test_strict_and_dry_run_of_email_parsed_in_a_second_process_match_in_process(
    tmp_path: Path, settings: Any, children: list[int]
) -> None:
    path = write_email(tmp_path, "mbox", 30)
    outcomes = {}
    for mode in ("never", "always"):
        settings.VOXPOP_IMPORT_PARSER_PROCESS = mode
        strict = run(
            "email", path, source=f"strict-{mode}", strict=True, batch_size=20, options=EMAIL_OPTIONS
        )
        dry = run("email", path, source=f"dry-{mode}", dry_run=True, batch_size=20, options=EMAIL_OPTIONS)
        outcomes[mode] = (strict.files[0].status, strict.files[0].errors, strict.files[0].notes, dry.counts)
        assert stored(f"strict-{mode}") == stored(f"dry-{mode}") == set()

    assert children == [1, 1]
    assert outcomes["always"] == outcomes["never"]
    assert outcomes["always"][0] == RunStatus.ABORTED
    assert len(outcomes["always"][1]) == 9 + 3
    assert outcomes["always"][3]["messages_created"] == 120 - 12


def test_strict_and_dry_run_write_nothing_when_parsed_in_a_second_process(
    tmp_path: Path, settings: Any, children: list[int]
) -> None:
    path = write(tmp_path, "csv", 30)
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "always"

    strict = run("csv", path, source="strict", strict=True, batch_size=20)
    dry = run("csv", path, source="dry", dry_run=True, batch_size=20)

    assert children == [1, 1]
    assert strict.files[0].status == RunStatus.ABORTED
    assert strict.files[0].error_count == 5
    assert dry.counts["messages_created"] == 115
    assert stored("strict") == stored("dry") == set()


def test_a_crash_in_the_parser_process_is_raised_and_the_import_resumes_after_it(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "csv", 50)
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "always"
    real = RowBuilder.build

    def broken(self: RowBuilder, get: Any, where: str, context: Any, line: int) -> Any:
        if line == 150:
            raise RuntimeError("the parser tripped on line 150")
        return real(self, get, where, context, line)

    monkeypatch.setattr(RowBuilder, "build", broken)  # the forked child inherits it
    with pytest.raises(ParserFailed, match="the parser tripped on line 150"):
        run("csv", path, source="s", batch_size=40)
    interrupted = ImportFile.objects.get()
    assert interrupted.status == RunStatus.RUNNING  # resumable, as after a kill
    assert 0 < interrupted.records_done < 149
    committed = len(stored("s"))
    assert 0 < committed < 149

    monkeypatch.setattr(RowBuilder, "build", real)
    result = run("csv", path, source="s", batch_size=40)
    assert result.files[0].resumed_at == interrupted.records_done
    assert len(stored("s")) == 200 - 8


def test_a_crash_in_the_email_parser_process_resumes_to_the_same_rows_as_in_process(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    User.objects.create_user(username="dana", password=None, email="dana@voxpop-demo.example")
    path = write_email(tmp_path, "mbox", 50)
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "never"
    clean = run("email", path, source="clean", batch_size=40, options=EMAIL_OPTIONS)
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "always"
    real = EmailParser.message

    def broken(self: EmailParser, raw: bytes, where: str, position: int) -> Any:
        if position == 150:
            raise RuntimeError("the parser tripped on message 150")
        return real(self, raw, where, position)

    monkeypatch.setattr(EmailParser, "message", broken)  # the forked child inherits it
    with pytest.raises(ParserFailed, match="the parser tripped on message 150"):
        run("email", path, source="s", batch_size=40, options=EMAIL_OPTIONS)
    interrupted = ImportFile.objects.get(run__source__name="s")
    assert interrupted.status == RunStatus.RUNNING  # resumable, as after a kill
    assert 0 < interrupted.records_done < 149
    assert 0 < len(stored("s")) < 149

    monkeypatch.setattr(EmailParser, "message", real)
    result = run("email", path, source="s", batch_size=40, options=EMAIL_OPTIONS)
    assert result.files[0].resumed_at == interrupted.records_done
    assert result.files[0].errors == clean.files[0].errors
    assert result.files[0].error_count == clean.files[0].error_count
    assert stored("s") == stored("clean")
    assert authors("s") == authors("clean")
    assert languages("s") == languages("clean")


def _children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found.update(int(n) for n in text.split())
    return found


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # a zombie: dead, waiting for its new parent to reap it


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.django_db(transaction=True)
def test_kill_9_of_the_importer_ends_its_parser_process(tmp_path: Path) -> None:
    from tests.imports.test_crash import database_url, generate

    path = tmp_path / "big.csv"
    generate(path, 60_000, seed=2)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "voxpop.settings",
        "VOXPOP_DATABASE_URL": database_url(),
        "VOXPOP_IMPORT_PARSER_PROCESS": "always",
    }
    importer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voxpop.cli",
            "import",
            "csv",
            str(path),
            "--source",
            "k",
            "--batch-size",
            "500",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    parsers: set[int] = set()
    deadline = time.monotonic() + 60
    while not parsers and importer.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        parsers = _children_of(importer.pid)
    assert parsers, "the importer started no parser process"

    importer.send_signal(signal.SIGKILL)
    importer.communicate(timeout=60)  # stderr closes once the parser has gone too
    deadline = time.monotonic() + 10  # it closes as the parser exits: let it finish
    while not all(_gone(pid) for pid in parsers) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert all(_gone(pid) for pid in parsers), [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in parsers]


def test_auto_uses_a_parser_process_for_large_files_of_a_single_threaded_importer_only(settings: Any) -> None:
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "auto"
    large, csv_format = pipeline.PARSE_PROCESS_FROM, FORMATS["csv"]
    assert not pipeline.parse_in_child(csv_format, large - 1)
    assert not pipeline.parse_in_child(FORMATS["slack"], large)  # its parser stays in the importer
    if threading.active_count() == 1 and available_cpus() > 1:
        assert pipeline.parse_in_child(csv_format, large)
        assert pipeline.parse_in_child(FORMATS["email"], large)
    release = threading.Event()
    other = threading.Thread(target=release.wait)  # a web server's other threads
    other.start()
    try:
        assert not pipeline.parse_in_child(csv_format, large)
        settings.VOXPOP_IMPORT_PARSER_PROCESS = "always"
        assert pipeline.parse_in_child(csv_format, 10)
        settings.VOXPOP_IMPORT_PARSER_PROCESS = "never"
        assert not pipeline.parse_in_child(csv_format, large)
    finally:
        release.set()
        other.join()


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs CPU affinity (Linux)")
def test_auto_keeps_the_parser_in_the_importer_when_the_importer_may_use_one_cpu(settings: Any) -> None:
    """A container or ``taskset`` may give the importer one CPU of a larger machine: a
    second process would only take turns with it there."""
    settings.VOXPOP_IMPORT_PARSER_PROCESS = "auto"
    allowed = os.sched_getaffinity(0)
    if len(allowed) < 2 or threading.active_count() != 1:
        pytest.skip("needs two CPUs and a single-threaded test process")
    large = pipeline.PARSE_PROCESS_FROM
    assert pipeline.parse_in_child(FORMATS["csv"], large)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        assert available_cpus() == 1
        assert not pipeline.parse_in_child(FORMATS["csv"], large)
    finally:
        os.sched_setaffinity(0, allowed)
    assert available_cpus() == len(allowed)


def test_the_collector_is_tuned_while_imports_run_and_put_back_after_the_last() -> None:
    import gc

    from voxpop.imports.batches import GC_THRESHOLD, collector_tuned

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    tuned = (max(GC_THRESHOLD, before[0]), *before[1:])
    with collector_tuned():
        assert gc.get_threshold() == tuned
        assert gc.get_freeze_count() > frozen  # what the process held is out of the collector
        with pytest.raises(RuntimeError), collector_tuned():  # a second import, which fails
            raise RuntimeError("a failed import")
        assert gc.get_threshold() == tuned  # the first is still running
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen


def test_an_import_runs_with_the_collector_tuned_and_leaves_it_as_it_found_it(tmp_path: Path) -> None:
    import gc

    from voxpop.imports.batches import GC_THRESHOLD
    from voxpop.imports.pipeline import ImportRequest, run_import

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    path = tmp_path / "small.csv"
    path.write_text("conversation_id,text\nc1,hello\nc2,world\n", encoding="utf-8")
    during: list[tuple[int, int, int]] = []
    result = run_import(
        ImportRequest(format="csv", paths=[path]), committed=lambda *args: during.append(gc.get_threshold())
    )
    assert result.files[0].counts["messages_created"] == 2
    assert during and all(t[0] == max(GC_THRESHOLD, before[0]) for t in during)
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
