"""Crash safety: ``kill -9`` an import at random moments, re-run it, and find exactly
the file's rows, no more, no fewer, on whichever database the suite runs on.

Sizes are parameters: VOXPOP_CRASH_MESSAGES (default 6,000) and VOXPOP_CRASH_TRIALS
(default 3). The issue's full figure is 200,000 messages and 10 trials per database:
``VOXPOP_CRASH_MESSAGES=200000 VOXPOP_CRASH_TRIALS=10 scripts/run-tests sqlite
tests/imports/test_crash.py``.
"""

from __future__ import annotations

import csv
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.builders import make_tree
from voxpop.conversations.models import Conversation, Message
from voxpop.tagging.models import TagDecision

MESSAGES = int(os.environ.get("VOXPOP_CRASH_MESSAGES", "6000"))
TRIALS = int(os.environ.get("VOXPOP_CRASH_TRIALS", "3"))
PER_CONVERSATION = 4
COMMITTED = re.compile(r"committed through record (\d+)")


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = quote(settings.get("USER") or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def generate(path: Path, messages: int, seed: int) -> set[tuple[str, str, str]]:
    rng = random.Random(seed)
    expected = set()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["conversation_id", "message_id", "sent_at", "author_role", "text", "account_domain", "tags"]
        )
        for number in range(messages):
            conversation = f"conv-{number // PER_CONVERSATION}"
            text = f"{rng.choice(['导出失败', '내보내기 오류', 'Export fails'])} #{number} {rng.random():.6f}"
            tag = "crash-bug" if number % PER_CONVERSATION == 0 and number % 3 == 0 else ""
            writer.writerow(
                [conversation, f"m{number}", f"2026-01-01T00:00:{number % 60:02d}Z",
                 "customer" if number % 2 == 0 else "agent", text, f"a{number % 50}.example", tag]
            )  # fmt: skip
            expected.add((conversation, f"m{number}", text))
    return expected


def generate_mbox(path: Path, messages: int, seed: int) -> None:
    """Threads of PER_CONVERSATION messages, each reply naming its thread's first."""
    rng = random.Random(seed)
    with path.open("wb") as handle:
        for number in range(messages):
            root = number - number % PER_CONVERSATION
            sender = "help@team.example" if number % 2 else f"c{root}@a{number % 50}.example"
            reply = f"In-Reply-To: <m{root}@mail.example>\n" if number != root else ""
            text = f"{rng.choice(['导出失败', '내보내기 오류', 'Export fails'])} #{number} {rng.random():.6f}"
            handle.write(
                f"From x Thu Jan  1 00:00:00 2026\nFrom: <{sender}>\nTo: <c{root}@a{number % 50}.example>\n"
                f"Subject: Export {root}\nMessage-ID: <m{number}@mail.example>\n{reply}"
                f"Date: Thu, 01 Jan 2026 00:00:{number % 60:02d} +0000\n"
                f"Content-Type: text/plain; charset=utf-8\n\n{text}\n\n".encode()
            )


def kill_at_random_moments(
    kills: int, rng: random.Random, duration: float, path: Path, source: str, parser: str, fmt: str = "csv"
) -> None:
    """Start the import and ``kill -9`` it at a random moment, ``kills`` times; nothing it
    reported as committed may be lost."""
    for _ in range(kills):
        process = start(path, source, parser, fmt)
        time.sleep(rng.uniform(0.05, duration * 0.9))
        process.send_signal(signal.SIGKILL)
        _out, err = process.communicate(timeout=60)
        reported = [int(n) for n in COMMITTED.findall(err)]
        if reported:
            assert Message.objects.filter(conversation__source__name=source).count() >= reported[-1]


def start(path: Path, source: str, parser: str = "auto", fmt: str = "csv") -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "voxpop.settings",
        "VOXPOP_DATABASE_URL": database_url(),
        "VOXPOP_IMPORT_PARSER_PROCESS": parser,
    }
    command = ["import", fmt, str(path), "--source", source, "--batch-size", "500"]
    if fmt == "email":
        command += ["--team", "@team.example"]
    return subprocess.Popen(
        [sys.executable, "-m", "voxpop.cli", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("parser", ["never", "always"])  # parsed in the importer, or in a second process
def test_kill_9_at_random_moments_then_rerun_leaves_exactly_the_files_rows(
    tmp_path: Path, parser: str
) -> None:
    make_tree("crash-bug")
    rng = random.Random(int(os.environ.get("VOXPOP_CRASH_SEED", "20260301")))
    path = tmp_path / "crash.csv"
    expected = generate(path, MESSAGES, seed=1)
    tagged = {c for c, m, _t in expected if int(m[1:]) % PER_CONVERSATION == 0 and int(m[1:]) % 3 == 0}

    started = time.monotonic()
    clean = start(path, "timing", parser)
    _out, err = clean.communicate(timeout=900)
    duration = time.monotonic() - started
    assert clean.returncode == 0, err[-2000:]

    for trial in range(TRIALS):
        source = f"crash-{trial}"
        # Every other trial is killed twice before it may finish.
        kill_at_random_moments(1 + trial % 2, rng, duration, path, source, parser)
        finish = start(path, source, parser)
        _out, err = finish.communicate(timeout=900)
        assert finish.returncode == 0, f"trial {trial}: {err[-2000:]}"

        stored = set(
            Message.objects.filter(conversation__source__name=source).values_list(
                "conversation__external_id", "external_id", "text"
            )
        )
        assert stored == expected, f"trial {trial}: {len(stored)} rows stored, {len(expected)} in the file"
        assert Message.objects.filter(conversation__source__name=source).count() == MESSAGES
        assert Conversation.objects.filter(source__name=source).count() == MESSAGES // PER_CONVERSATION
        decisions = TagDecision.objects.filter(conversation__source__name=source)
        assert decisions.count() == len(tagged)
        assert set(decisions.values_list("conversation__external_id", flat=True)) == tagged


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_kill_9_of_an_email_import_parsed_in_a_second_process_then_rerun_stores_what_one_process_does(
    tmp_path: Path,
) -> None:
    rng = random.Random(int(os.environ.get("VOXPOP_CRASH_SEED", "20260301")))
    path = tmp_path / "crash.mbox"
    generate_mbox(path, MESSAGES, seed=1)

    def stored(source: str) -> set[tuple[str, str, str, str, str]]:
        return set(
            Message.objects.filter(conversation__source__name=source).values_list(
                "conversation__external_id", "external_id", "text", "author_role", "conversation__language"
            )
        )

    started = time.monotonic()
    clean = start(path, "clean", "never", "email")  # parsed in the importing process
    _out, err = clean.communicate(timeout=900)
    duration = time.monotonic() - started
    assert clean.returncode == 0, err[-2000:]
    expected = stored("clean")
    assert len(expected) == MESSAGES
    assert Conversation.objects.filter(source__name="clean").count() == MESSAGES // PER_CONVERSATION

    for trial in range(TRIALS):
        source = f"crash-{trial}"
        kill_at_random_moments(1 + trial % 2, rng, duration, path, source, "always", "email")
        finish = start(path, source, "always", "email")
        _out, err = finish.communicate(timeout=900)
        assert finish.returncode == 0, f"trial {trial}: {err[-2000:]}"
        assert stored(source) == expected, f"trial {trial}"
