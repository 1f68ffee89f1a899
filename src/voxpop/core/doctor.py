"""Health checks for ``voxpop doctor``: settings, data directory, secret, database."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def run_checks() -> Iterator[Check]:
    cfg = settings.CONFIG
    yield Check("settings", True, f"DEBUG={'on' if cfg.debug else 'off'}, time zone {cfg.time_zone}")

    data_dir = cfg.data_dir
    if not data_dir.is_dir():
        yield Check("data directory", False, f"{data_dir} does not exist; run `voxpop init`")
    elif not os.access(data_dir, os.W_OK):
        yield Check("data directory", False, f"{data_dir} is not writable")
    else:
        yield Check("data directory", True, str(data_dir))

    if cfg.secret_source == "missing":
        yield Check("secret key", not cfg.debug, "none (DEBUG: a temporary key per process)")
    elif cfg.secret_source.startswith("VOXPOP_"):
        yield Check("secret key", True, f"from {cfg.secret_source}")
    else:
        mode = stat.S_IMODE(os.stat(cfg.secret_source).st_mode)
        yield Check("secret key", not mode & 0o077, f"{cfg.secret_source} (mode {mode:o})")

    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        yield Check("database", False, f"cannot connect: {str(exc).strip().splitlines()[0]}")
        return
    detail = connection.vendor
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA foreign_keys")
            foreign_keys = cursor.fetchone()[0]
        ok = journal == "wal" and foreign_keys == 1
        yield Check(
            "database",
            ok,
            f"sqlite {sqlite3.sqlite_version}, {settings.DATABASES['default']['NAME']}, "
            f"journal={journal}, foreign_keys={foreign_keys}",
        )
    else:
        yield Check("database", True, f"{detail} {getattr(connection, 'pg_version', '')}")

    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        yield Check("migrations", False, f"{len(pending)} pending; run `voxpop init`")
    else:
        yield Check("migrations", True, "all applied")
