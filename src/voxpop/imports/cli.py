"""``voxpop import FORMAT PATH...``: the import pipeline from the command line."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from voxpop.cli import EXIT_USAGE, CliError, progress_bar, require_migrated, setup_django

FORMAT_NAMES = (
    "csv",
    "jsonl",
    "email",
    "transcript",
    "intercom",
    "zendesk",
    "slack",
    "salesforce",
    "hubspot",
)
SHOWN_ERRORS = 20


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "import",
        help="import conversations from CSV, JSONL, email, call transcripts, Intercom, Zendesk, Slack or CRM "
        "closed-lost deals",
        description="Import conversations, idempotently: rows are keyed on (source, external id), so "
        "running the same import again creates nothing, and a killed import resumes where its last "
        "committed batch ended. Exit code 0: all imported; 1: some rows rejected (listed with file and "
        "line); 2: unusable input. See docs/importing.md for the formats and field mapping.",
    )
    p.add_argument("format", choices=FORMAT_NAMES, metavar="FORMAT", help=f"one of {', '.join(FORMAT_NAMES)}")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or .zip/.tar.gz archives")
    p.add_argument(
        "--source", default="", help="the source these conversations come from (default: the format)"
    )
    p.add_argument("--mapping", metavar="FILE", help="a YAML or JSON column mapping (see docs/importing.md)")
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map one field to a column (repeatable)",
    )
    p.add_argument("--tags-separator", help="separator in the tags column (default: |)")
    p.add_argument("--time-zone", help="zone for timestamps without one (default: UTC)")
    p.add_argument("--channel", help="channel for conversations that name none (default: by format)")
    p.add_argument("--encoding", help="text encoding of CSV files (default: utf-8)")
    p.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="NAME",
        help="a team member's name, email or @domain: their messages are agent messages (repeatable; "
        "voxpop users count too)",
    )
    p.add_argument(
        "--tag-map",
        metavar="FILE",
        help="intercom, zendesk: a CSV (external,voxpop) or YAML table from their tags to voxpop tags",
    )
    p.add_argument(
        "--workspace-members",
        choices=("team", "customers"),
        help="slack: whether full members of the exporting workspace are the team (default) or customers "
        "(a community workspace; its admins and owners stay the team)",
    )
    p.add_argument(
        "--lost-stage",
        action="append",
        default=[],
        metavar="STAGE",
        help="salesforce, hubspot: a stage value that means closed-lost, besides 'Closed Lost'/'closedlost' "
        "(repeatable)",
    )
    p.add_argument(
        "--day-first",
        action="store_true",
        help="salesforce, hubspot: read 03/04/2026 as 3 April (default: US order)",
    )
    p.add_argument("--dry-run", action="store_true", help="import inside a transaction and roll it back")
    p.add_argument(
        "--strict", action="store_true", help="any rejected row aborts the whole file; nothing written"
    )
    p.add_argument(
        "--create-tags", action="store_true", help="create unknown tags under an 'Unsorted' parent tag"
    )
    p.add_argument("--user", metavar="NAME", help="the voxpop user to record as running the import")
    p.add_argument(
        "--batch-size", type=int, default=5000, help="messages per committed batch (default: 5000)"
    )
    p.add_argument("--max-file-mb", type=int, help="largest input file in MiB (default: 4096)")
    p.add_argument("--max-entries", type=int, help="most files in a folder or archive (default: 100000)")
    p.add_argument(
        "--max-unpacked-mb", type=int, help="most bytes unpacked from an archive, MiB (default: 8192)"
    )
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser(
        "webhook",
        help="create or rotate a source's signed webhook secret",
        description="Create the webhook endpoint of a source (POST /api/webhooks/SOURCE), or give it a new "
        "secret. The secret is printed once; deliveries are signed with HMAC-SHA256 over the timestamp and "
        "raw body (see docs/importing.md).",
    )
    p.add_argument("source", help="the source's name (created as a webhook source if new)")
    p.set_defaults(func=cmd_webhook)


def _options(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    from voxpop.imports.limits import MIB, Limits
    from voxpop.imports.mapping import load_mapping, parse_options
    from voxpop.imports.records import InputError
    from voxpop.imports.tagmap import load_tag_map

    defaults = Limits()
    limits = Limits(
        max_file_bytes=args.max_file_mb * MIB if args.max_file_mb else defaults.max_file_bytes,
        max_entries=args.max_entries or defaults.max_entries,
        max_unpacked_bytes=args.max_unpacked_mb * MIB
        if args.max_unpacked_mb
        else defaults.max_unpacked_bytes,
    )
    try:
        mapping = load_mapping(Path(args.mapping) if args.mapping else None, args.column)
        options = parse_options(
            mapping,
            limits=limits,
            team=args.team,
            tags_separator=args.tags_separator,
            time_zone=args.time_zone,
            channel=args.channel,
            encoding=args.encoding,
            tag_map=load_tag_map(Path(args.tag_map) if args.tag_map else None),
            workspace_members=args.workspace_members,
            lost_stages=args.lost_stage,
            day_first=args.day_first,
        )
    except InputError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    described = {
        "mapping": args.mapping or "",
        "columns": mapping.columns,
        "create_tags": args.create_tags,
        "tag_map": args.tag_map or "",
        "batch_size": args.batch_size,
    }
    return options, described


def cmd_import(args: argparse.Namespace) -> int:
    if args.batch_size < 1:
        raise CliError("--batch-size must be at least 1", EXIT_USAGE)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise CliError(f"import: no such file or folder: {missing[0]}", EXIT_USAGE)
    setup_django()
    options, described = _options(args)
    require_migrated()
    from voxpop.imports.pipeline import ImportRequest, run_import
    from voxpop.imports.records import InputError
    from voxpop.users.models import User

    user = None
    if args.user:
        user = User.objects.filter(username=args.user).first()
        if user is None:
            raise CliError(f"--user: no user named {args.user!r}", EXIT_USAGE)
    request = ImportRequest(
        format=args.format,
        paths=[Path(p) for p in args.paths],
        source=args.source,
        options=options,
        dry_run=args.dry_run,
        strict=args.strict,
        create_tags=args.create_tags,
        batch_size=args.batch_size,
        user=user,
        origin=f"cli (os user {_os_user()})",
        described_options=described,
    )
    interactive = sys.stderr.isatty()

    def committed(name: str, records: int, counts: dict[str, int]) -> None:
        if not interactive:
            print(f"import: {name}: committed through record {records} {json.dumps(counts)}", file=sys.stderr)

    try:
        if interactive:
            with progress_bar(f"Importing {args.format}") as progress:
                result = run_import(request, progress=progress, committed=committed)
        else:
            result = run_import(request, committed=committed)
    except InputError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    _report(result, args)
    return result.exit_code


def cmd_webhook(args: argparse.Namespace) -> int:
    setup_django()
    require_migrated()
    from voxpop.imports.live import create_endpoint

    endpoint, secret = create_endpoint(args.source)
    print(secret)
    print(
        f"Webhook for source {endpoint.source.name!r}: POST /api/webhooks/{endpoint.source.name} "
        "(secret shown once; a new one replaces it).",
        file=sys.stderr,
    )
    return 0


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _report(result: Any, args: argparse.Namespace) -> None:
    if args.json:
        print(
            json.dumps(
                {
                    "run": result.run_id,
                    "dry_run": args.dry_run,
                    "counts": result.counts,
                    "files": [
                        {
                            "name": f.name,
                            "status": f.status,
                            "counts": f.counts,
                            "errors": f.errors[:SHOWN_ERRORS],
                            "error_count": f.error_count,
                            "notes": f.notes,
                            "resumed_at_record": f.resumed_at,
                        }
                        for f in result.files
                    ],
                },
                ensure_ascii=False,
            )
        )
        return
    for file in result.files:
        if file.resumed_at:
            print(f"{file.name}: resumed after record {file.resumed_at} (an earlier run was interrupted)")
        for error in file.errors[:SHOWN_ERRORS]:
            print(f"  rejected: {error['where']}: {error['reason']}")
        if file.error_count > SHOWN_ERRORS:
            print(
                f"  ... and {file.error_count - SHOWN_ERRORS} more rejected (see the import history, run {result.run_id})"
            )
        for note in file.notes:
            print(f"  note: {note}")
    c = result.counts
    prefix = "Dry run (nothing written): " if args.dry_run else ""
    print(
        f"{prefix}conversations: {c.get('conversations_created', 0)} created, "
        f"{c.get('conversations_updated', 0)} updated, {c.get('conversations_unchanged', 0)} unchanged; "
        f"messages: {c.get('messages_created', 0)} created, {c.get('messages_updated', 0)} updated, "
        f"{c.get('messages_unchanged', 0)} unchanged; rejected: {c.get('rejected', 0)}; "
        f"tags applied: {c.get('tags_applied', 0)} (import run {result.run_id})"
    )
