"""Inbox benchmark: first page, 100th page and a filtered full-text search at scale.

Builds a throwaway workspace of N conversations (default 1,000,000, one customer
message each) and 3N tag decisions on SQLite (a file in a temp dir) or PostgreSQL
(a fresh database), then times the same query functions the inbox page and API use.
The baseline, in the same run, is OFFSET paging for the 100th page.

    python bench/inbox.py --db sqlite --conversations 1000000 [--keep DIR]
    python bench/inbox.py --db postgres --conversations 1000000

Prints one JSON object. Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# Words follow Zipf's law, as in real text: a few very common words, a long tail.
PRODUCT_WORDS = (
    "page database relation property formula view filter sort board calendar timeline share permission "
    "guest export import sync offline mobile desktop search template comment mention reminder rollup "
    "billing invoice plan seat upgrade refund login sso api webhook integration slack gallery block"
).split()
COMMON_WORDS = (
    "the to a i and is it we in for of on can my this you our be not with have do that but are when how "
    "need help please thanks team workspace error slow broken missing want cannot would like any there"
).split()


def vocabulary(rng: random.Random, size: int = 4000) -> tuple[list[str], list[float]]:
    syllables = ["ka", "lo", "mi", "ner", "sta", "vu", "rel", "po", "tin", "gra", "de", "shu", "qua", "zen"]
    words = list(COMMON_WORDS)
    # Product words sit in the middle of the ranking: specific, not rare.
    tail = []
    while len(tail) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in tail:
            tail.append(word)
    words += tail[:30] + PRODUCT_WORDS + tail[30:]
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(words))]
    return words, weights


CHANNELS = ["email", "chat", "ticket", "call", "social"]
LANGUAGES = ["en"] * 7 + ["zh", "ko"]


def setup(db: str, workdir: Path) -> str:
    os.environ["VOXPOP_DATA_DIR"] = str(workdir)
    os.environ.setdefault("VOXPOP_SECRET_KEY", "bench-" + "k" * 20 + "0123456789abcdefghij")
    if db == "sqlite":
        os.environ["VOXPOP_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        base = os.environ.get("VOXPOP_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/")
        name = f"voxpop_bench_{os.getpid()}"
        import psycopg

        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        os.environ["VOXPOP_DATABASE_URL"] = f"{base}/{name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "voxpop.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["VOXPOP_DATABASE_URL"]


def teardown(db: str, url: str) -> None:
    if db != "postgres":
        return
    from django.db import connections

    connections.close_all()
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


PAGES = ["/pricing", "/app", "/app", "/app", "/help", "/settings/billing", "/integrations"]
PLANS = ["free", "plus", "business", "enterprise"]
CHUNK = 50_000
HOUR = timedelta(hours=1)
MARKER = "bench_workspace"  # a table written last: a workspace without it is incomplete


class Loader:
    """Bulk rows into one model's table: executemany on SQLite, COPY on PostgreSQL.

    Columns not given take the model's default, prepared once; every value handed in
    is already what the database stores (datetimes as UTC text), so nothing is
    converted per row beyond what the driver does."""

    def __init__(self, model: Any, columns: list[str]) -> None:
        from django.db import connection
        from django.db.models import NOT_PROVIDED

        self.table = model._meta.db_table
        self.vendor = connection.vendor
        fields = model._meta.concrete_fields
        given = set(columns)
        constant: dict[str, Any] = {}
        for f in fields:
            if f.column in given or f.primary_key:  # a key not given is numbered by the database
                continue
            if f.default is not NOT_PROVIDED:
                value = f.get_default()
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = datetime(2026, 11, 1, tzinfo=UTC)
            elif f.null:
                value = None
            else:
                raise ValueError(f"{self.table}.{f.column} needs a value")
            constant[f.column] = f.get_db_prep_save(value, connection)
        self.columns = list(columns) + list(constant)
        self.constant = tuple(_pg_text(v) if self.vendor == "postgresql" else v for v in constant.values())

    def load(self, rows: list[tuple[Any, ...]]) -> None:
        from django.db import connection

        raw = connection.connection  # the driver's own connection: no per-row wrapping
        extra = self.constant
        if self.vendor == "sqlite":
            marks = ", ".join("?" * len(self.columns))
            raw.executemany(
                f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({marks})",
                [row + extra for row in rows],
            )
            return
        # COPY text format; generated values hold no tab, newline or backslash.
        tail = "".join("\t" + v for v in extra)
        lines = ["\t".join("\\N" if v is None else str(v) for v in row) + tail + "\n" for row in rows]
        sql = f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write("".join(lines).encode())


def _pg_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "obj"):  # a JSON adapter (psycopg Jsonb)
        return json.dumps(value.obj)
    return str(value)


def _secondary_indexes(tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the plain indexes on ``tables``: not the primary key,
    not one backing a unique constraint (those stay so duplicates still fail)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND sql NOT LIKE 'CREATE UNIQUE%%' AND tbl_name IN ({marks})",
                tables,
            )
        else:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT i.indisunique "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [tables],
            )
        return list(cursor.fetchall())


def _server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend so far (same machine only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return _proc_cpu(pid)


def _proc_cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def generate(n: int, seed: int) -> dict[str, float]:
    """Build the workspace: N conversations with one customer message and a context
    ({"page", "plan_at_time"}), 3N person accept decisions on distinct leaves, and the
    derived current tags of two thirds of the conversations.

    Deterministic for a seed (each chunk has its own generator seeded by (seed, chunk)).
    Rows are generated with numpy and bulk loaded (executemany on SQLite, COPY on
    PostgreSQL) with the tables' plain indexes, the search triggers and (where the
    database allows it) foreign-key checks off; indexes and the search index are built
    once at the end. Reports wall and CPU seconds (PostgreSQL: server CPU too)."""
    import numpy as np
    from django.db import connection, transaction

    from voxpop.accounts.models import Account
    from voxpop.conversations import search
    from voxpop.conversations.models import Conversation, Message, Source
    from voxpop.tagging.models import ConversationTag, TagDecision
    from voxpop.taxonomy.services import import_tree
    from voxpop.users.models import User

    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    probabilities = np.asarray(weights) / sum(weights)
    started, cpu0, server0 = time.perf_counter(), time.process_time(), _server_cpu()
    areas = [
        {"slug": f"area-{a}", "name": f"Area {a}", "children": [
            {"slug": f"area-{a}-topic-{t}", "name": f"Topic {a}.{t}", "children": [
                {"slug": f"area-{a}-topic-{t}-leaf-{leaf}", "name": f"Leaf {a}.{t}.{leaf}"} for leaf in range(5)
            ]} for t in range(10)
        ]} for a in range(10)
    ]  # fmt: skip
    leaves = np.asarray([t.pk for t in import_tree(areas, facets=True) if t.depth == 2])
    user = User.objects.create_user(username="bench", password=None, role="editor")
    source = Source.objects.create(kind="api", name="bench")
    accounts = Account.objects.bulk_create(
        [
            Account(
                name=f"Account {a}",
                domain=f"a{a}.example",
                plan=rng.choice(PLANS),
                segment=rng.choice(["self_serve", "smb", "mid_market", "enterprise"]),
                arr=rng.randrange(0, 500_000),
            )
            for a in range(2000)
        ]
    )
    account_ids = [a.pk for a in accounts]
    postgres = connection.vendor == "postgresql"
    zone = "+00:00" if postgres else ""  # SQLite keeps naive UTC text, as Django writes it
    now = datetime(2026, 11, 1, tzinfo=UTC).replace(tzinfo=None)
    contexts = [
        json.dumps({"page": page, "plan_at_time": plan}) for page in PAGES for plan in PLANS
    ]  # index: page * 4 + plan

    conversations = Loader(
        Conversation,
        ["id", "source_id", "external_id", "channel", "subject", "account_id", "started_at", "language",
         "arr_at_time", "context"],
    )  # fmt: skip
    messages = Loader(Message, ["id", "conversation_id", "author_role", "sent_at", "text"])
    decisions = Loader(
        TagDecision, ["id", "conversation_id", "tag_id", "verdict", "decider", "user_id", "created_at"]
    )
    current = Loader(
        ConversationTag, ["conversation_id", "tag_id", "decision_id", "decider", "decided_at", "started_at"]
    )
    tables = [Conversation._meta.db_table, Message._meta.db_table, TagDecision._meta.db_table,
              ConversationTag._meta.db_table]  # fmt: skip

    def first_id(model: Any) -> int:
        return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    base_c, base_m, base_d = first_id(Conversation), first_id(Message), first_id(TagDecision)
    with connection.schema_editor() as editor:
        search.uninstall(editor)
    indexes = _secondary_indexes(tables)
    with connection.cursor() as cursor:
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {name}" if postgres else f'DROP INDEX "{name}"')
        if not postgres:
            cursor.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or it is ignored
            cursor.execute("PRAGMA synchronous = OFF")
    superuser = False
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = bool(cursor.fetchone()[0])
    for number, start in enumerate(range(0, n, CHUNK)):
        size = min(CHUNK, n - start)
        gen = np.random.default_rng([seed, number])
        ids = np.arange(base_c + start, base_c + start + size)
        has_account = (gen.random(size) < 0.8).tolist()
        account = gen.integers(0, len(account_ids), size).tolist()
        channel = gen.integers(0, len(CHANNELS), size).tolist()
        language = gen.integers(0, len(LANGUAGES), size).tolist()
        minutes = gen.integers(0, 365 * 24 * 60, size).tolist()
        arr = gen.integers(0, 500_000, size).tolist()
        lengths = gen.integers(8, 31, size)
        drawn = gen.choice(len(words), int(4 * size + lengths.sum()), p=probabilities).tolist()
        lengths = lengths.tolist()
        chosen = [words[i] for i in drawn]
        # Three distinct leaves per conversation: draw from 500, 499, 498 and skip the taken.
        a = gen.integers(0, len(leaves), size)
        b = gen.integers(0, len(leaves) - 1, size)
        b += b >= a
        low, high = np.minimum(a, b), np.maximum(a, b)
        c = gen.integers(0, len(leaves) - 2, size)
        c += c >= low
        c += c >= high
        tags = leaves[np.stack([a, b, c], axis=1)].tolist()
        moments = [now - timedelta(minutes=m) for m in minutes]
        when = [moment.isoformat(" ") + zone for moment in moments]
        decided = [(moment + HOUR).isoformat(" ") + zone for moment in moments]
        conversation_rows, message_rows, decision_rows, current_rows = [], [], [], []
        cursor_at = 4 * size
        for k, cid in enumerate(ids.tolist()):
            acc = account_ids[account[k]] if has_account[k] else None
            conversation_rows.append(
                (cid, source.pk, f"c{cid - base_c}", CHANNELS[channel[k]], " ".join(chosen[4 * k : 4 * k + 4]),
                 acc, when[k], LANGUAGES[language[k]], arr[k] if acc else None,
                 contexts[(cid % 7) * 4 + cid % 4])
            )  # fmt: skip
            length = lengths[k]
            message_rows.append(
                (
                    base_m + start + k,
                    cid,
                    "customer",
                    when[k],
                    " ".join(chosen[cursor_at : cursor_at + length]),
                )
            )
            cursor_at += length
            for j, tag_id in enumerate(tags[k]):
                did = base_d + 3 * (start + k) + j
                decision_rows.append((did, cid, tag_id, "accept", "person", user.pk, decided[k]))
                # Every third conversation's decisions stay underived: the inbox has work.
                if cid % 3:
                    current_rows.append((cid, tag_id, did, "person", decided[k], when[k]))
        with transaction.atomic():
            if superuser:
                with connection.cursor() as cursor:  # skip the deferred foreign-key checks
                    cursor.execute("SET LOCAL session_replication_role = replica")
            conversations.load(conversation_rows)
            messages.load(message_rows)
            decisions.load(decision_rows)
            current.load(current_rows)
        print(f"  generated {start + size:,}/{n:,}", file=sys.stderr, flush=True)
    loaded, loaded_cpu = time.perf_counter(), time.process_time()
    with connection.cursor() as cursor:
        if postgres:
            for table in tables:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        else:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")
        for _name, sql in indexes:
            cursor.execute(sql)
    indexed = time.perf_counter()
    with connection.schema_editor() as editor:
        search.install(editor, backfill=not postgres)
    if postgres:
        # Fill the search table with its GIN indexes dropped, then build them once:
        # one bulk build is far cheaper than a million index insertions.
        gin = _secondary_indexes([search.PG_TABLE])
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for name, _sql in gin:
                cursor.execute(f"DROP INDEX {name}")
            for statement in search.POSTGRES_BACKFILL:
                cursor.execute(statement)
            for _name, sql in gin:
                cursor.execute(sql)
    searched = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(f"CREATE TABLE {MARKER} (conversations integer, seed integer)")
        cursor.execute(f"INSERT INTO {MARKER} VALUES (%s, %s)", [n, seed])
    server1 = _server_cpu()
    return {
        "generate_seconds": round(time.perf_counter() - started, 1),
        "load_seconds": round(loaded - started, 1),
        "load_cpu_seconds": round(loaded_cpu - cpu0, 1),
        "index_seconds": round(indexed - loaded, 1),
        "search_index_seconds": round(searched - indexed, 1),
        "generate_cpu_seconds": round(time.process_time() - cpu0, 1),
        **(
            {"generate_server_cpu_seconds": round(server1 - server0, 1)}
            if server0 is not None and server1 is not None
            else {}
        ),
    }


def kept_workspace(db: str, keep: Path, n: int, seed: int) -> dict[str, Any]:
    """Open the workspace kept in ``keep`` (PostgreSQL: the database voxpop_bench_kept,
    or the name in BENCH_KEPT_DATABASE),
    building it first unless a complete one for the same size and seed is there.
    Returns what generation reported, or {} when the workspace was reused."""
    keep.mkdir(parents=True, exist_ok=True)
    os.environ["VOXPOP_DATA_DIR"] = str(keep)
    os.environ.setdefault("VOXPOP_SECRET_KEY", "bench-" + "k" * 20 + "0123456789abcdefghij")
    os.environ["DJANGO_SETTINGS_MODULE"] = "voxpop.settings"
    base = os.environ.get("VOXPOP_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/")
    name = os.environ.get("BENCH_KEPT_DATABASE", "voxpop_bench_kept")
    if db == "sqlite":
        path = keep / "bench.sqlite3"
        os.environ["VOXPOP_DATABASE_URL"] = f"sqlite:///{path}"
        complete = path.exists() and _marker(f"file:{path}?mode=ro", db) == (n, seed)
        if not complete:
            for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                stale.unlink(missing_ok=True)
    else:
        import psycopg

        os.environ["VOXPOP_DATABASE_URL"] = f"{base}/{name}"
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        complete = bool(exists) and _marker(f"{base}/{name}", db) == (n, seed)
        if not complete:
            with psycopg.connect(base + "/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {name}")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if complete:
        return {}
    print(f"  building the kept workspace in {keep if db == 'sqlite' else name}", file=sys.stderr, flush=True)
    return generate(n, seed)


def workspace_options(parser: argparse.ArgumentParser, repeat: int) -> None:
    """The options of the benchmarks that measure on this workspace (bench/explore.py,
    bench/arrivals.py): database, size, repetitions, seed and ``--keep``."""
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the workspace in this directory (PostgreSQL: the database voxpop_bench_kept) and "
        "reuse it when it holds a complete one of the same size and seed (shared with bench/features.py)",
    )


def measure_on_workspace(name: str, args: argparse.Namespace, measure: Any) -> None:
    """Build (or, with ``--keep``, reuse) the workspace, run ``measure(args.repeat)`` on
    it and print one JSON object: the machine, what generation reported, the figures."""
    if args.keep:
        generated = kept_workspace(args.db, args.keep, args.conversations, args.seed)
        figures = measure(args.repeat)
        figures["reused_workspace"] = not generated
    else:
        with tempfile.TemporaryDirectory(prefix="voxpop-bench-") as tmp:
            url = setup(args.db, Path(tmp))
            try:
                generated = generate(args.conversations, args.seed)
                figures = measure(args.repeat)
            finally:
                teardown(args.db, url)
    print(
        json.dumps(
            {
                "benchmark": name,
                "database": args.db,
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "decisions": 3 * args.conversations,
                **generated,
                **figures,
            },
            indent=2,
        )
    )


def _marker(target: str, db: str) -> tuple[int, int] | None:
    """(conversations, seed) of a complete workspace, None if it has no marker."""
    try:
        if db == "sqlite":
            import sqlite3

            with sqlite3.connect(target, uri=True) as conn:
                row = conn.execute(f"SELECT conversations, seed FROM {MARKER}").fetchone()
        else:
            import psycopg

            with psycopg.connect(target) as conn:
                row = conn.execute(f"SELECT conversations, seed FROM {MARKER}").fetchone()
    except Exception:  # no table, no file: not a complete workspace
        return None
    return (row[0], row[1]) if row else None


def timed(function: Any, repeat: int) -> dict[str, float]:
    """Wall-clock percentiles plus this process's CPU time per run: on a shared machine
    the wall clock includes waiting for a core; the CPU time does not (on SQLite it
    includes the database's work, on PostgreSQL not the server's). On PostgreSQL on the
    same machine, the server backend's CPU time per run too (left out unless every run
    kept one connection)."""
    samples, cpu, server = [], [], []
    for _ in range(repeat):
        pid, s0 = _backend()
        t0, c0 = time.perf_counter(), time.process_time()
        function()
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        after, s1 = _backend()
        if s0 is not None and s1 is not None and after == pid:  # same backend throughout
            server.append((s1 - s0) * 1000)
    samples.sort()
    cpu.sort()
    server.sort()

    def p95(values: list[float]) -> float:
        return round(values[max(0, math.ceil(0.95 * len(values)) - 1)], 1)  # nearest rank

    return {
        "p50_ms": round(samples[len(samples) // 2], 1),
        "p95_ms": p95(samples),
        "max_ms": round(samples[-1], 1),
        "cpu_p50_ms": round(cpu[len(cpu) // 2], 1),
        "cpu_p95_ms": p95(cpu),
        **(
            {"server_cpu_p50_ms": round(server[len(server) // 2], 1), "server_cpu_p95_ms": p95(server)}
            if len(server) == len(samples)
            else {}
        ),
    }


def _backend() -> tuple[int | None, float | None]:
    """(pid, CPU seconds) of this connection's PostgreSQL backend, (None, None) elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None, None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid, _proc_cpu(pid)


def measure(repeat: int) -> dict[str, Any]:
    from voxpop.conversations.models import Conversation
    from voxpop.conversations.queries import PAGE_SIZE, InboxFilters, _after, _order, filtered, inbox_page

    def first(state: str) -> Any:
        return inbox_page(InboxFilters.from_query({"state": state}))

    def cursor_100(filters: InboxFilters) -> str:
        cursor = ""
        for _ in range(99):  # walk the cursors once, untimed
            cursor = inbox_page(filters, cursor=cursor).next_cursor or ""
        return cursor

    def page_100(state: str) -> Any:
        filters = InboxFilters.from_query({"state": state})
        cursor = cursor_100(filters)
        return lambda: inbox_page(filters, cursor=cursor)

    # Baseline, like for like: the row query alone, by keyset cursor and by OFFSET.
    def keyset_ids_100(state: str) -> Any:
        filters = InboxFilters.from_query({"state": state})
        cursor = cursor_100(filters)
        qs = _after(filtered(filters), cursor, "newest").order_by(*_order("newest"))
        return lambda: list(qs.values_list("pk", flat=True)[:PAGE_SIZE])

    def offset_ids_100(state: str) -> Any:
        qs = filtered(InboxFilters.from_query({"state": state})).order_by(*_order("newest"))
        return lambda: list(qs.values_list("pk", flat=True)[99 * PAGE_SIZE : 100 * PAGE_SIZE])

    search = InboxFilters.from_query({"state": "all", "channel": "chat", "q": "relation property"})
    common = InboxFilters.from_query({"state": "untagged", "q": "need help"})
    results: dict[str, Any] = {"conversations": Conversation.objects.count()}
    for state in ("all", "untagged"):
        results[f"{state}_first_page"] = timed(lambda s=state: first(s), repeat)
        results[f"{state}_page_100"] = timed(page_100(state), repeat)
        keyset = timed(keyset_ids_100(state), repeat)
        offset = timed(offset_ids_100(state), max(3, repeat // 3))
        results[f"{state}_page_100_rows_keyset"] = keyset
        results[f"{state}_page_100_rows_offset_baseline"] = offset
        results[f"{state}_page_100_keyset_speedup_vs_offset"] = round(
            offset["p50_ms"] / max(keyset["p50_ms"], 0.01), 1
        )
    results["filtered_search_first_page"] = timed(lambda: inbox_page(search), repeat)
    results["filtered_search_matches"] = filtered(search).count()
    results["common_words_search_first_page"] = timed(lambda: inbox_page(common), repeat)
    results["common_words_search_matches"] = filtered(common).count()
    tagged = InboxFilters.from_query({"state": "all", "tag": "area-3"})
    results["tag_subtree_first_page"] = timed(lambda: inbox_page(tagged), repeat)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    workspace_options(parser, repeat=30)
    measure_on_workspace("inbox", parser.parse_args(), measure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
