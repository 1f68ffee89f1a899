"""Import benchmark: N messages as CSV, JSONL and mbox through `voxpop import`.

Generates the three files from one deterministic generator (several messages per
conversation, multi-line text, about a fifth of it Chinese, Korean or Japanese,
accounts with plan/ARR/seats/segment, contacts, historical tags; the mbox with real
MIME: multipart/alternative HTML, quoted-printable, base64, GB2312/EUC-KR/Windows-1252
parts), then, for each format and database, in a fresh database:

- the import: ``voxpop import FORMAT FILE --create-tags`` run through the CLI's own
  ``main`` in a child process (so its peak RSS is the import's alone, read with
  ``wait4``, which folds in the processes it waited for: the larger of the importing
  process and the parser process it may fork, whose own peak and CPU are also reported
  apart, its CPU being counted in the import's); messages/s counts from the CLI call,
  Django set-up excluded;
- the baseline, in the same database and run: the same messages (conversation id,
  message id, time, role, author, text, subject, account) inserted with a plain
  ``executemany`` into two equivalent tables (conversations unique on their id,
  messages unique on (conversation, message id)), committed every 1,000 messages,
  rows already built in memory (no parsing).

    python bench/import.py --messages 1000000 --db sqlite --db postgres

Prints one JSON object. Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import csv
import json
import os
import platform
import quopri
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

WORDS = (
    "the export to csv fails when the board has more than a thousand rows and i need it for our "
    "weekly report please can you help we are on the business plan sync between desktop and mobile "
    "is slow since the last update login with sso keeps asking for a password again invoice shows "
    "the wrong number of seats our team would love a dark mode and an api for the calendar view "
    "permissions for guests are confusing search does not find comments in archived pages thanks"
).split()
CJK = [
    "导出到CSV时失败了，表格超过一千行就不行。", "我们需要在周报里用这个数据，请尽快帮忙。",
    "桌面端和手机端同步很慢，上次更新以后更明显。", "发票上的席位数量不对，请帮我们核对一下。",
    "내보내기가 천 행이 넘으면 실패합니다.", "모바일과 데스크톱 동기화가 너무 느려요.",
    "청구서에 좌석 수가 잘못 표시됩니다.", "다크 모드를 지원해 주시면 좋겠습니다.",
    "エクスポートが千行を超えると失敗します。", "カレンダー表示のAPIが欲しいです。",
]  # fmt: skip
LATIN1 = ["Grüße aus München, die Synchronisierung ist langsam.", "Ça ne marche pas, désolé — merci !"]
PLANS = ["free", "plus", "business", "enterprise"]
SEGMENTS = ["self_serve", "smb", "mid_market", "enterprise"]
CHANNELS = ["chat", "email", "ticket", "social"]
TAGS = ["export", "sync", "billing", "sso", "dark-mode", "search", "permissions", "api"]
TEAM_DOMAIN = "help.voxpop.example"
START = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass
class Msg:
    conversation: str
    message_id: str
    sent_at: datetime
    role: str
    author: str
    email: str
    customer_email: str
    text: str
    subject: str
    channel: str
    account: int
    language: str
    tags: str
    position: int


def generate(n: int, seed: int) -> Iterator[Msg]:
    """Exactly ``n`` messages, conversation by conversation (2 to 8 messages each)."""
    rng = random.Random(seed)
    made = 0
    conversation = 0
    while made < n:
        size = min(rng.randint(2, 8), n - made)
        cid = f"c{conversation:07d}"
        account = rng.randrange(2000)
        language = rng.choices(["en", "cjk", "latin1"], [78, 18, 4])[0]
        customer = f"Customer {conversation % 50_000}"
        email = f"user{conversation % 50_000}@a{account}.example"
        subject = " ".join(rng.choices(WORDS, k=rng.randint(3, 7))).capitalize()
        channel = rng.choice(CHANNELS)
        tags = "|".join(rng.sample(TAGS, rng.randint(1, 2))) if rng.random() < 0.1 else ""
        when = START + timedelta(minutes=rng.randrange(0, 600 * 24 * 60))
        for position in range(size):
            agent = position % 2 == 1
            lines = []
            for _ in range(rng.randint(1, 4)):
                if language == "cjk" and not agent:
                    lines.append("".join(rng.choices(CJK, k=rng.randint(1, 3))))
                elif language == "latin1" and not agent:
                    lines.append(rng.choice(LATIN1))
                else:
                    lines.append(" ".join(rng.choices(WORDS, k=rng.randint(6, 25))).capitalize() + ".")
            when += timedelta(minutes=rng.randint(1, 600))
            yield Msg(
                conversation=cid,
                message_id=f"{cid}-m{position}",
                sent_at=when,
                role="agent" if agent else "customer",
                author=f"Agent {position % 7}" if agent else customer,
                email=f"agent{position % 7}@{TEAM_DOMAIN}" if agent else email,
                customer_email=email,
                text="\n".join(lines),
                subject=subject,
                channel=channel,
                account=account,
                language=language,
                tags=tags if position == 0 else "",
                position=position,
            )
        made += size
        conversation += 1


def account_fields(account: int) -> dict[str, Any]:
    rng = random.Random(account)
    return {
        "account": f"Account {account}",
        "account_domain": f"a{account}.example",
        "account_plan": rng.choice(PLANS),
        "account_arr": rng.randrange(0, 500_000),
        "account_seats": rng.randrange(1, 2000),
        "account_segment": rng.choice(SEGMENTS),
    }


CSV_COLUMNS = [
    "conversation_id", "message_id", "sent_at", "author_role", "author", "subject", "channel", "account",
    "account_domain", "account_plan", "account_arr", "account_seats", "account_segment", "contact_email",
    "contact_name", "tags", "text",
]  # fmt: skip


def row_of(m: Msg) -> dict[str, Any]:
    return {
        "conversation_id": m.conversation,
        "message_id": m.message_id,
        "sent_at": m.sent_at.isoformat().replace("+00:00", "Z"),
        "author_role": m.role,
        "author": m.author,
        "subject": m.subject,
        "channel": m.channel,
        **account_fields(m.account),
        "contact_email": "" if m.role == "agent" else m.email,
        "contact_name": "" if m.role == "agent" else m.author,
        "tags": m.tags,
        "text": m.text,
    }


def write_csv(path: Path, n: int, seed: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, CSV_COLUMNS)
        writer.writeheader()
        for m in generate(n, seed):
            writer.writerow(row_of(m))


def write_jsonl(path: Path, n: int, seed: int) -> None:
    """One object per message (the row shape), as most exports are."""
    with path.open("w", encoding="utf-8") as handle:
        for m in generate(n, seed):
            row = row_of(m)
            obj: dict[str, Any] = {k: v for k, v in row.items() if v != "" and not k.startswith("account")}
            obj["account"] = {k.removeprefix("account_") if k != "account" else "name": v
                              for k, v in account_fields(m.account).items()}  # fmt: skip
            handle.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _mime(m: Msg, number: int) -> bytes:
    """One RFC 5322 message, its body encoded the ways real mail clients do."""
    sender = f'"{m.author}" <{m.email}>'
    recipient = f"support@{TEAM_DOMAIN}" if m.role == "customer" else m.customer_email
    subject = m.subject if m.position == 0 else f"Re: {m.subject}"
    root = f"<{m.conversation}-m0@mail.example>"
    headers = [
        f"From: {sender}",
        f"To: {recipient}",
        f"Subject: {subject}",
        f"Date: {format_datetime(m.sent_at)}",
        f"Message-ID: <{m.message_id}@mail.example>",
        "MIME-Version: 1.0",
    ]
    if m.position:
        parent = f"<{m.conversation}-m{m.position - 1}@mail.example>"
        references = root if m.position == 1 else f"{root} {parent}"
        headers += [f"In-Reply-To: {parent}", f"References: {references}"]
    text = m.text + (
        "\n\n> earlier message quoted\n> and more of it\n\n-- \nAgent signature" if m.position else ""
    )
    kind = number % 5
    if m.language == "latin1":
        body = quopri.encodestring(text.encode("cp1252", "replace")).decode("ascii")
        part = f'Content-Type: text/plain; charset="windows-1252"\nContent-Transfer-Encoding: quoted-printable\n\n{body}'
    elif m.language == "cjk" and m.role == "customer":
        charset = "euc-kr" if any("\uac00" <= ch <= "\ud7af" for ch in text) else "utf-8"
        if any("\u3040" <= ch <= "\u30ff" for ch in text):
            charset = "utf-8"
        elif charset == "utf-8" and kind % 2:
            charset = "gb2312"
        data = text.encode(charset, "replace")
        body = base64.encodebytes(data).decode("ascii")
        part = f'Content-Type: text/plain; charset="{charset}"\nContent-Transfer-Encoding: base64\n\n{body}'
    else:
        part = f'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n{text}'
    if kind == 0:  # multipart/alternative with an HTML twin
        html = "<html><body>" + "".join(f"<p>{line}</p>" for line in m.text.splitlines()) + "</body></html>"
        html_b64 = base64.encodebytes(html.encode("utf-8")).decode("ascii")
        boundary = f"=_b{number}"
        headers.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
        body_text = (
            f"--{boundary}\n{part}\n--{boundary}\nContent-Type: text/html; charset=utf-8\n"
            f"Content-Transfer-Encoding: base64\n\n{html_b64}\n--{boundary}--\n"
        )
        return ("\n".join(headers) + "\n\n" + body_text).encode("utf-8")
    head, _, body_only = part.partition("\n\n")
    return ("\n".join(headers + head.split("\n")) + "\n\n" + body_only + "\n").encode("utf-8")


def write_mbox(path: Path, n: int, seed: int) -> None:
    with path.open("wb") as handle:
        for number, m in enumerate(generate(n, seed)):
            raw = _mime(m, number)
            raw = b"\n".join(b">" + line if line.startswith(b"From ") else line for line in raw.split(b"\n"))
            stamp = m.sent_at.strftime("%a %b %d %H:%M:%S %Y")
            handle.write(f"From {m.email} {stamp}\n".encode() + raw + b"\n")


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "email": write_mbox}
SUFFIX = {"csv": "csv", "jsonl": "jsonl", "email": "mbox"}


# ----------------------------------------------------------------------- databases


def create_database(db: str, workdir: Path, case: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{workdir / f'{case}.sqlite3'}"
    import psycopg

    base = os.environ.get("VOXPOP_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/")
    name = f"voxpop_bench_import_{os.getpid()}_{case}"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def drop_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def child_env(url: str, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "VOXPOP_DATABASE_URL": url,
        "VOXPOP_DATA_DIR": str(workdir),
        "VOXPOP_SECRET_KEY": os.environ.get(
            "VOXPOP_SECRET_KEY", "bench-" + "k" * 20 + "0123456789abcdefghij"
        ),
        "DJANGO_SETTINGS_MODULE": "voxpop.settings",
        # An import that brings tags may make the tagging engine due for training and
        # prediction, which the default (immediate) task backend would run inside the
        # CLI call; queued instead, the timed call is the import's own work.
        "VOXPOP_TASK_BACKEND": "database",
    }


def run_child(args: list[str], env: dict[str, str]) -> tuple[dict[str, Any], int]:
    """Run this script as a child; its JSON line on stdout, and its peak RSS in KiB."""
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, __file__, *args], env=env, stdout=subprocess.PIPE, stderr=err
        )
        assert process.stdout is not None
        out = process.stdout.read()
        process.stdout.close()
        # Reap the child with wait4 to read its own resource usage (peak RSS).
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            err.seek(0)
            raise SystemExit(f"child {args[:3]} failed ({process.returncode}): {err.read().decode()[-3000:]}")
    lines = [line for line in out.decode().splitlines() if line.startswith("{")]
    return json.loads(lines[-1]), int(usage.ru_maxrss)


def child_migrate() -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return {}


def child_import(fmt: str, path: str) -> dict[str, Any]:
    from voxpop import cli

    cli.setup_django()
    # The database connection and the CLI's imports are warm before the clock starts.
    from django.db import connection

    import voxpop.imports.cli
    import voxpop.imports.pipeline  # noqa: F401

    connection.ensure_connection()
    argv = [
        "import",
        fmt,
        path,
        "--source",
        f"bench-{fmt}",
        "--create-tags",
        "--team",
        f"@{TEAM_DOMAIN}",
        "--json",
    ]
    before = _cpu()
    children_before = _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    real_stdout = sys.stdout
    with open(os.devnull, "w") as sink:
        sys.stdout = sink
        try:
            code = cli.main(argv)
        finally:
            sys.stdout = real_stdout
    seconds = time.perf_counter() - started
    cpu = _cpu() - before
    parser_cpu = _cpu(resource.RUSAGE_CHILDREN) - children_before
    from voxpop.conversations.models import Conversation, Message

    return {
        "exit_code": code,
        "seconds": round(seconds, 2),
        # On a shared machine the wall clock also counts waiting for a core.
        "cpu_seconds": round(cpu, 2),
        # The parser process (VOXPOP_IMPORT_PARSER_PROCESS) is a child of this one: its
        # CPU is in cpu_seconds; its own peak RSS is apart from this process's.
        "parser_cpu_seconds": round(parser_cpu, 2),
        "parser_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "messages_stored": Message.objects.count(),
        "conversations_stored": Conversation.objects.count(),
    }


def _cpu(*which: int) -> float:
    """CPU seconds of this process and of any it has waited for (or of ``which``)."""
    total = 0.0
    for who in which or (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def child_baseline(n: int, seed: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection, transaction

    pg = connection.vendor == "postgresql"
    key = "bigserial PRIMARY KEY" if pg else "integer PRIMARY KEY"
    stamp = "timestamptz" if pg else "datetime"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE baseline_conversation (id {key}, external_id varchar(255) NOT NULL UNIQUE, "
            "subject varchar(500) NOT NULL, channel varchar(16) NOT NULL, account varchar(200) NOT NULL, "
            f"started_at {stamp} NOT NULL)"
        )
        cursor.execute(
            f"CREATE TABLE baseline_message (id {key}, conversation_external_id varchar(255) NOT NULL, "
            "external_id varchar(255) NOT NULL, author_role varchar(16) NOT NULL, author varchar(200) NOT NULL, "
            f"sent_at {stamp} NOT NULL, text text NOT NULL, UNIQUE (conversation_external_id, external_id))"
        )
    conversation_sql = (
        "INSERT INTO baseline_conversation (external_id, subject, channel, account, started_at) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    message_sql = (
        "INSERT INTO baseline_message (conversation_external_id, external_id, author_role, author, sent_at, text) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    spent = cpu = 0.0
    stream = generate(n, seed)
    done = False
    while not done:
        conversations, messages = [], []
        for m in stream:
            if m.position == 0:
                conversations.append(
                    (m.conversation, m.subject, m.channel, f"Account {m.account}", m.sent_at)
                )
            messages.append((m.conversation, m.message_id, m.role, m.author, m.sent_at, m.text))
            if len(messages) >= 1000:
                break
        else:
            done = True
        started, started_cpu = time.perf_counter(), time.process_time()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(conversation_sql, conversations)
            cursor.executemany(message_sql, messages)
        spent += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM baseline_message")
        stored = cursor.fetchone()[0]
    return {"seconds": round(spent, 2), "cpu_seconds": round(cpu, 2), "messages_stored": stored}


# ------------------------------------------------------------------------------ main


def machine() -> dict[str, Any]:
    import sqlite3

    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    with contextlib.suppress(ValueError, OSError):
        info["memory_gib"] = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument(
        "--db", action="append", choices=["sqlite", "postgres"], help="repeatable (default: both)"
    )
    parser.add_argument("--format", action="append", choices=list(WRITERS), help="repeatable (default: all)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = (
            child_migrate()
            if kind == "migrate"
            else child_import(rest[0], rest[1])
            if kind == "import"
            else child_baseline(int(rest[0]), int(rest[1]))
        )
        print(json.dumps(result))
        return 0

    databases = args.db or ["sqlite", "postgres"]
    formats = args.format or list(WRITERS)
    report: dict[str, Any] = {
        "benchmark": "import",
        "messages": args.messages,
        "machine": machine(),
        "cases": [],
    }
    with tempfile.TemporaryDirectory(prefix="voxpop-bench-import-") as tmp:
        workdir = Path(tmp)
        files = {}
        for fmt in formats:
            path = workdir / f"bench.{SUFFIX[fmt]}"
            started = time.perf_counter()
            WRITERS[fmt](path, args.messages, args.seed)
            files[fmt] = path
            print(f"  generated {path.name}: {path.stat().st_size / 2**20:,.0f} MiB in "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)  # fmt: skip
        for db in databases:
            for fmt in formats:
                case = f"{db}_{fmt}"
                url = create_database(db, workdir, case)
                try:
                    env = child_env(url, workdir)
                    run_child(["--child", "migrate"], env)
                    imported, rss_kib = run_child(["--child", "import", fmt, str(files[fmt])], env)
                    baseline, baseline_rss = run_child(
                        ["--child", "baseline", str(args.messages), str(args.seed)], env
                    )
                finally:
                    drop_database(url)
                rate = args.messages / imported["seconds"]
                baseline_rate = args.messages / baseline["seconds"]
                row = {
                    "database": db,
                    "format": fmt,
                    "file_mib": round(files[fmt].stat().st_size / 2**20, 1),
                    "import_seconds": imported["seconds"],
                    "messages_per_second": round(rate),
                    "import_cpu_seconds": imported["cpu_seconds"],
                    "messages_per_cpu_second": round(args.messages / max(imported["cpu_seconds"], 0.01)),
                    "peak_rss_mb": round(rss_kib / 1024, 1),
                    "parser_cpu_seconds": imported["parser_cpu_seconds"],
                    "parser_peak_rss_mb": imported["parser_peak_rss_mb"],
                    "exit_code": imported["exit_code"],
                    "messages_stored": imported["messages_stored"],
                    "conversations_stored": imported["conversations_stored"],
                    "baseline_seconds": baseline["seconds"],
                    "baseline_messages_per_second": round(baseline_rate),
                    "baseline_peak_rss_mb": round(baseline_rss / 1024, 1),
                    "import_vs_baseline_speed": round(rate / baseline_rate, 3),
                    "baseline_cpu_seconds": baseline["cpu_seconds"],
                    # The database's own work (SQLite in-process; PostgreSQL's server is
                    # another process) is in the CPU time only on SQLite.
                    "import_vs_baseline_cpu": round(
                        baseline["cpu_seconds"] / max(imported["cpu_seconds"], 0.01), 3
                    ),
                }
                report["cases"].append(row)
                print(f"  {case}: {json.dumps(row)}", file=sys.stderr, flush=True)
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
