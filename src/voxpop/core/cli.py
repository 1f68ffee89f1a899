"""``voxpop worker``: run queued background work (imports uploaded in the browser, and
any later task) when ``VOXPOP_TASK_BACKEND=database``."""

from __future__ import annotations

import argparse
from typing import Any

from voxpop.cli import EXIT_OK, EXIT_USAGE, CliError, require_migrated, setup_django


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "worker",
        help="run queued background tasks (with VOXPOP_TASK_BACKEND=database)",
        description="Run the background tasks queued in the database (uploaded imports, ...), one at a "
        "time, until stopped (SIGTERM or Ctrl+C lets the current task finish). Needs "
        "VOXPOP_TASK_BACKEND=database for the web server and the worker alike; with the default "
        "'thread' backend, tasks run on a background thread of the web server and no worker is needed. "
        "Run several "
        "workers for more parallel tasks.",
    )
    p.add_argument(
        "--batch", action="store_true", help="run the tasks waiting now, then exit (for cron or a test)"
    )
    p.add_argument("--max-tasks", type=int, metavar="N", help="exit after running N tasks")
    p.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="seconds to wait between looks at an empty queue (default: 1)",
    )
    p.add_argument("--quiet", action="store_true", help="log only errors")
    p.set_defaults(func=cmd_worker)


def cmd_worker(args: argparse.Namespace) -> int:
    if args.max_tasks is not None and args.max_tasks < 1:
        raise CliError("--max-tasks must be at least 1", EXIT_USAGE)
    if args.interval < 0:
        raise CliError("--interval must not be negative", EXIT_USAGE)
    setup_django()
    from django.conf import settings

    if settings.CONFIG.task_backend != "database":
        raise CliError(
            f"VOXPOP_TASK_BACKEND is {settings.CONFIG.task_backend!r}: tasks run without a worker; "
            "set VOXPOP_TASK_BACKEND=database (for the web server too) to queue them for `voxpop worker`",
            EXIT_USAGE,
        )
    require_migrated()
    from django.core.management import call_command

    options: dict[str, Any] = {
        "interval": args.interval,
        "batch": args.batch,
        "reload": False,
        "startup_delay": not args.batch,
        "verbosity": 0 if args.quiet else 1,
    }
    if args.max_tasks is not None:
        options["max_tasks"] = args.max_tasks
    call_command("db_worker", **options)
    return EXIT_OK
