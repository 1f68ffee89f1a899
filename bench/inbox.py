"""Inbox benchmark: first page, 100th page and a filtered full-text search at scale.

Builds a throwaway workspace of N conversations (default 1,000,000, one customer
message each) and 3N tag decisions on SQLite (a file in a temp dir) or PostgreSQL
(a fresh database), then times the same query functions the inbox page and API use.
The baseline, in the same run, is OFFSET paging for the 100th page.

    python bench/inbox.py --db sqlite --conversations 1000000
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


def insert(cursor: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    """executemany INSERT of ``rows`` into ``model``'s table, other columns at their defaults."""
    from django.db.models import NOT_PROVIDED

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for field in fields:
        if field.default is not NOT_PROVIDED:
            defaults[field.attname] = field.get_default()
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = datetime.now(UTC)
        else:
            defaults[field.attname] = None
    columns = [f.column for f in fields]
    prepared = [
        [field.get_db_prep_save({**defaults, **row}[field.attname], cursor.db) for field in fields]
        for row in rows
    ]
    cursor.executemany(
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
        prepared,
    )


def generate(n: int, seed: int) -> dict[str, float]:
    """Insert the workspace with executemany in chunks (the ORM would be the bottleneck)."""
    from django.db import connection, transaction

    from voxpop.accounts.models import Account
    from voxpop.conversations.models import Conversation, Message, Source
    from voxpop.tagging.models import ConversationTag, TagDecision
    from voxpop.taxonomy.services import import_tree
    from voxpop.users.models import User

    rng = random.Random(seed)
    words, weights = vocabulary(rng)

    def text(k: int) -> str:
        return " ".join(rng.choices(words, weights, k=k))

    started = time.perf_counter()
    # Load without the search triggers, then build the search index once, as
    # the migration does for existing data (the triggers come back with it).
    from voxpop.conversations import search

    with connection.schema_editor() as editor:
        search.uninstall(editor)
    areas = [
        {"slug": f"area-{a}", "name": f"Area {a}", "children": [
            {"slug": f"area-{a}-topic-{t}", "name": f"Topic {a}.{t}", "children": [
                {"slug": f"area-{a}-topic-{t}-leaf-{leaf}", "name": f"Leaf {a}.{t}.{leaf}"} for leaf in range(5)
            ]} for t in range(10)
        ]} for a in range(10)
    ]  # fmt: skip
    leaves = [t.pk for t in import_tree(areas, facets=True) if t.depth == 2]
    user = User.objects.create_user(username="bench", password=None, role="editor")
    source = Source.objects.create(kind="api", name="bench")
    accounts = Account.objects.bulk_create(
        [
            Account(
                name=f"Account {a}",
                domain=f"a{a}.example",
                plan=rng.choice(["free", "plus", "business", "enterprise"]),
                segment=rng.choice(["self_serve", "smb", "mid_market", "enterprise"]),
                arr=rng.randrange(0, 500_000),
            )
            for a in range(2000)
        ]
    )
    account_ids = [a.pk for a in accounts]
    now = datetime(2026, 11, 1, tzinfo=UTC)
    chunk = 20_000
    for start in range(0, n, chunk):
        size = min(chunk, n - start)
        with transaction.atomic(), connection.cursor() as cursor:
            rows = []
            for i in range(start, start + size):
                account = rng.choice(account_ids) if rng.random() < 0.8 else None
                rows.append(
                    {
                        "source_id": source.pk,
                        "external_id": f"c{i}",
                        "channel": rng.choice(CHANNELS),
                        "subject": text(4),
                        "account_id": account,
                        "started_at": now - timedelta(minutes=rng.randrange(0, 365 * 24 * 60)),
                        "language": rng.choice(LANGUAGES),
                        "arr_at_time": rng.randrange(0, 500_000) if account else None,
                    }
                )
            insert(cursor, Conversation, rows)
            cursor.execute(
                "SELECT id, started_at FROM conversations_conversation WHERE source_id = %s ORDER BY id DESC LIMIT %s",
                [source.pk, size],
            )
            # SQLite hands back naive datetimes from a raw cursor; they are UTC.
            conversations = [
                (cid, when if when.tzinfo else when.replace(tzinfo=UTC))
                for cid, when in cursor.fetchall()[::-1]
            ]
            insert(
                cursor,
                Message,
                [
                    {"conversation_id": cid, "author_role": "customer", "sent_at": when,
                     "text": text(rng.randint(8, 30))}
                    for cid, when in conversations
                ],
            )  # fmt: skip
            insert(
                cursor,
                TagDecision,
                [
                    {"conversation_id": cid, "tag_id": tag_id, "verdict": "accept", "decider": "person",
                     "user_id": user.pk, "created_at": when + timedelta(hours=1)}
                    for cid, when in conversations
                    for tag_id in rng.sample(leaves, 3)
                ],
            )  # fmt: skip
            # The derived current-tags table, as tagging.services keeps it; every third
            # conversation's decisions are left underived so the default inbox has work.
            cursor.execute(
                "SELECT id, conversation_id, tag_id, created_at FROM tagging_tagdecision WHERE conversation_id >= %s",
                [conversations[0][0]],
            )
            started_at = dict(conversations)
            insert(
                cursor,
                ConversationTag,
                [
                    {"conversation_id": cid, "tag_id": tag_id, "decision_id": did, "decider": "person",
                     "decided_at": created if created.tzinfo else created.replace(tzinfo=UTC),
                     "started_at": started_at[cid]}
                    for did, cid, tag_id, created in cursor.fetchall()
                    if cid % 3
                ],
            )  # fmt: skip
        print(f"  generated {start + size:,}/{n:,}", file=sys.stderr, flush=True)
    indexed = time.perf_counter()
    with connection.schema_editor() as editor:
        search.install(editor, backfill=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "generate_seconds": round(time.perf_counter() - started, 1),
        "search_index_seconds": round(time.perf_counter() - indexed, 1),
    }


def timed(function: Any, repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        function()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[max(0, math.ceil(0.95 * len(samples)) - 1)]  # nearest rank
    return {
        "p50_ms": round(samples[len(samples) // 2], 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(samples[-1], 1),
    }


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
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
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
                "benchmark": "inbox",
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
