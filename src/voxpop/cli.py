"""The ``voxpop`` command line.

Every command validates the configuration first; a wrong setting, an unreachable
database or unusable input ends with one line on stderr and exit code 2. Commands
that change data do so in one transaction, so a failure changes nothing.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import secrets
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from voxpop import __version__
from voxpop import config as vconfig

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_ADMIN = "admin"
# Modules that add subcommands (each defines register(subparsers)); they must not
# import Django models at module level, since the parser is built before set-up.
COMMAND_MODULES: list[str] = [
    "voxpop.taxonomy.cli",
    "voxpop.imports.cli",
    "voxpop.rules.cli",
    "voxpop.engine.cli",
    "voxpop.core.cli",
    "voxpop.discovery.cli",
    "voxpop.roadmap.cli",
]


class CliError(Exception):
    """A failure to report as one line on stderr, with an exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------- set-up


def setup_django(*, serving: bool = False) -> None:
    """Configure Django. Except for ``serve``, a command runs the background tasks it
    queues in the foreground when the backend is the in-process one, so it has finished
    its work (an import's predictions, a merge's re-labelling) when it exits."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voxpop.settings")
    import django

    django.setup()
    if not serving:
        from voxpop.core import background

        background.run_inline()


def _redacted(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _check_database() -> None:
    """Open a connection now, so an unreachable database is one clear line."""
    from django.conf import settings
    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        url = _redacted(settings.CONFIG.database_url)
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CliError(f"VOXPOP_DATABASE_URL: cannot open the database {url}: {first_line}") from exc


def _pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def require_migrated() -> None:
    _check_database()
    pending = _pending_migrations()
    if pending:
        raise CliError(
            f"the database is not initialised ({len(pending)} migrations pending); run `voxpop init` first"
        )


def setup_as(username: str | None) -> Any:
    """Set Django up for a command that changes data, and return the user named by
    ``--as`` (None when not given), for the audit log."""
    setup_django()
    require_migrated()
    if not username:
        return None
    from voxpop.users.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise CliError(f"--as: no user named {username!r}")
    return user


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on stderr, driven by ``callback(stage, done, total)``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
        console=_stderr_console(),
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{description}: {stage}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


# --------------------------------------------------------------------------- commands


def cmd_version(args: argparse.Namespace) -> int:
    print(f"voxpop {__version__}")
    return EXIT_OK


def ensure_data_dir(cfg_env: dict[str, str] | None = None) -> tuple[Path, bool]:
    """Create the data directory and, unless a key is configured, the secret key file.

    Returns the directory and whether a new secret was written.
    """
    env = dict(os.environ if cfg_env is None else cfg_env)
    data_dir = vconfig.resolve_data_dir(env)
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"VOXPOP_DATA_DIR: cannot create {data_dir}: {exc.strerror}") from exc
    if not os.access(data_dir, os.W_OK):
        raise CliError(f"VOXPOP_DATA_DIR: {data_dir} is not writable")
    if env.get("VOXPOP_SECRET_KEY") or env.get("VOXPOP_SECRET_KEY_FILE"):
        return data_dir, False
    secret_file = data_dir / vconfig.SECRET_FILE_NAME
    if secret_file.exists():
        return data_dir, False
    # O_EXCL: two concurrent inits cannot both write a key.
    fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(50) + "\n")
    return data_dir, True


def cmd_init(args: argparse.Namespace) -> int:
    data_dir, new_secret = ensure_data_dir()
    setup_django()
    from django.core.management import call_command

    _check_database()
    print(f"Data directory: {data_dir}" + (" (new secret key written, mode 0600)" if new_secret else ""))
    pending = _pending_migrations()
    if pending:
        print(f"Applying {len(pending)} database migrations…")
        call_command("migrate", interactive=False, verbosity=0)
    print("Database is up to date.")
    if args.demo:
        _load_demo_if_empty(seed=args.seed)
    if args.admin:
        _ensure_admin(args.admin)
    return EXIT_OK


def _load_demo_if_empty(seed: int) -> None:
    from voxpop.conversations.models import Conversation
    from voxpop.demo import load_demo

    existing = Conversation.objects.count()
    if existing:
        print(f"Workspace already holds {existing} conversations; demo not loaded.")
        return
    with progress_bar("Demo workspace") as progress:
        counts = load_demo(seed=seed, progress=progress)
    print(
        f"Loaded the demo workspace: {counts.get('conversations', 0)} conversations, "
        f"{counts.get('accounts', 0)} accounts, {counts.get('tags', 0)} tags, "
        f"{counts.get('features', 0)} roadmap features."
    )


def _ensure_admin(username: str) -> None:
    from voxpop.users import services
    from voxpop.users.models import Role, User

    if User.objects.filter(role=Role.ADMIN, is_active=True).exists():
        admins = ", ".join(
            User.objects.filter(role=Role.ADMIN, is_active=True).values_list("username", flat=True)
        )
        print(
            f"Admin account(s): {admins}. The password was printed when the account was created; "
            f"to set a new one run: voxpop createuser {username} --reset-password"
        )
        return
    new = services.create_user(username, role=Role.ADMIN)
    print()
    print("  An admin account was created. Its password is shown only this once:")
    print(f"    user name: {new.user.username}")
    print(f"    password:  {new.password}")
    print()


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django(serving=True)
    require_migrated()
    from voxpop.users.models import Role, User

    url = f"http://{args.host}:{args.port}/"
    admins = list(User.objects.filter(role=Role.ADMIN, is_active=True).values_list("username", flat=True)[:3])
    print(f"voxpop {__version__} is serving at {url}")
    if admins:
        print(f"Sign in at {url}sign-in as {', '.join(admins)} (password: the one printed by `voxpop init`).")
    else:
        print("No admin yet: create one with `voxpop createuser NAME --role admin`.")
    sys.stdout.flush()
    from django.db import connections

    connections.close_all()  # the workers open their own
    from voxpop.server import serve

    serve(host=args.host, port=args.port, workers=args.workers, threads=args.threads)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    if args.banking77 is not None:
        # Check the folder before touching anything.
        from voxpop.demo.banking77 import check_dataset_dir

        check_dataset_dir(Path(args.banking77))
    setup_django()
    require_migrated()
    if args.banking77 is not None:
        from voxpop.demo.banking77 import load_banking77

        with progress_bar("Banking77") as progress:
            counts = load_banking77(Path(args.banking77), seed=args.seed, progress=progress)
    else:
        from voxpop.demo import load_demo

        with progress_bar("Demo workspace") as progress:
            counts = load_demo(seed=args.seed, progress=progress)
    print(json.dumps(counts, sort_keys=True))
    return EXIT_OK


def cmd_createuser(args: argparse.Namespace) -> int:
    setup_django()
    require_migrated()
    from voxpop.users import services
    from voxpop.users.models import User

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    if args.password_stdin and not password:
        raise CliError("--password-stdin: no password on standard input")
    if args.reset_password:
        user = User.objects.filter(username=args.username).first()
        if user is None:
            raise CliError(f"no user named {args.username!r}", EXIT_FAILED)
        new_password = services.set_password(user, password)
        if args.role:
            services.set_role(user, args.role)
        if not args.password_stdin:
            print(f"New password for {user.username}: {new_password}")
        return EXIT_OK
    try:
        new = services.create_user(
            args.username, role=args.role or "viewer", email=args.email, password=password
        )
    except services.UserError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    print(f"Created {new.user.username} ({new.user.role}).")
    if not args.password_stdin:
        print(f"Password (shown once): {new.password}")
    return EXIT_OK


def cmd_createtoken(args: argparse.Namespace) -> int:
    setup_django()
    require_migrated()
    from voxpop.users import services
    from voxpop.users.models import User

    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise CliError(f"no user named {args.username!r}", EXIT_FAILED)
    token, raw = services.create_token(user, args.name)
    print(raw)
    print(f"API token {token.name!r} for {user.username} (shown once; stored hashed).", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    setup_django()
    require_migrated()
    from voxpop.core.queries import workspace_counts

    counts = workspace_counts()
    if args.json:
        print(json.dumps(counts))
    else:
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            print(f"{key.replace('_', ' '):<{width}}  {value:>10,}")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from voxpop.core.doctor import run_checks

    setup_django()
    failed = 0
    for check in run_checks():
        mark = "ok  " if check.ok else "FAIL"
        print(f"[{mark}] {check.name}: {check.detail}")
        failed += not check.ok
    if failed:
        print(f"{failed} check(s) failed.", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voxpop",
        description="voxpop: tag every customer conversation and wire the demand into the roadmap.",
        epilog="Settings come from VOXPOP_* environment variables; see the README.",
    )
    parser.add_argument("--version", action="version", version=f"voxpop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "init",
        help="create the data directory and secret key, migrate the database",
        description="Create the data directory (with a generated secret key, mode 0600) and apply "
        "database migrations. Safe to run again: it reuses what exists.",
    )
    p.add_argument(
        "--demo", action="store_true", help="load the built-in demo workspace if the database is empty"
    )
    p.add_argument("--seed", type=int, default=7, help="demo generator seed (default: 7)")
    p.add_argument(
        "--admin",
        metavar="NAME",
        nargs="?",
        const=DEFAULT_ADMIN,
        help=f"create an admin account (default name {DEFAULT_ADMIN!r}) if none exists; "
        "its password is printed once",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "serve",
        help="serve the web app with gunicorn",
        description="Serve voxpop with the gunicorn WSGI server (not a development server).",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to bind (default: 8000)")
    p.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    p.add_argument("--threads", type=int, default=4, help="threads per worker (default: 4)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "demo",
        help="load the demo workspace, or Banking77 from a folder",
        description="Load the built-in synthetic demo workspace, or with --banking77 DIR build a workspace "
        "from the Banking77 CSVs and taxonomy.yaml in DIR (train split: human-tagged history; test split: "
        "untagged inbox). Loads only into an empty workspace.",
    )
    p.add_argument("--banking77", metavar="DIR", help="folder holding train.csv, test.csv and taxonomy.yaml")
    p.add_argument("--seed", type=int, default=7, help="seed for generated data (default: 7)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "createuser",
        help="create a user, or reset a password",
        description="Create a user with a role. A password is generated and printed once unless "
        "--password-stdin is given.",
    )
    p.add_argument("username")
    p.add_argument(
        "--role", choices=["admin", "editor", "viewer"], help="role (default for new users: viewer)"
    )
    p.add_argument("--email", default="", help="email address")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--reset-password", action="store_true", help="set a new password for an existing user")
    p.set_defaults(func=cmd_createuser)

    p = sub.add_parser(
        "createtoken",
        help="issue an API token for a user",
        description="Issue an API token (printed once on stdout; only its hash is stored).",
    )
    p.add_argument("username")
    p.add_argument("--name", default="cli", help="a label for the token (default: cli)")
    p.set_defaults(func=cmd_createtoken)

    p = sub.add_parser(
        "stats", help="print the workspace's counts", description="Print the workspace's counts."
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "doctor",
        help="check settings, data directory, database and migrations",
        description="Check the settings, data directory, secret key, database connection and migrations. "
        "Exit code 1 when a check fails.",
    )
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("version", help="print the version", description="Print voxpop's version.")
    p.set_defaults(func=cmd_version)

    # Capabilities add their own commands: each module has register(subparsers).
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


def fail(message: str, code: int) -> NoReturn:
    print(f"voxpop: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from voxpop.demo.errors import DatasetError, DemoError

    try:
        return int(args.func(args))
    except vconfig.ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    except CliError as exc:
        fail(str(exc), exc.code)
    except DatasetError as exc:
        fail(str(exc), EXIT_USAGE)
    except DemoError as exc:
        fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        fail("interrupted", 130)


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy: command modules raise
    # voxpop.cli.CliError, which a second copy of this module would not catch.
    from voxpop.cli import main as _main

    raise SystemExit(_main())
