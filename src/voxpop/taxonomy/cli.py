"""``voxpop taxonomy ...``: import, export and change the taxonomy from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from voxpop.cli import EXIT_FAILED, CliError, setup_as


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "taxonomy",
        help="import, export, merge, split, move or rename tags",
        description="Work on the tag taxonomy. Tags are named by slug. Every change is audited.",
    )
    parser.add_argument(
        "--as", dest="actor", metavar="USER", help="record changes in the audit log as this user"
    )
    ops = parser.add_subparsers(dest="operation", metavar="OPERATION", required=True)

    p = ops.add_parser(
        "import",
        help="create or update tags from a YAML or CSV file",
        description=(
            "Create the file's missing tags and update existing ones (matched by slug). Tags not in the file are "
            "kept. All or nothing: an error changes nothing."
        ),
    )
    p.add_argument("file", type=Path)
    p.add_argument("--format", choices=["yaml", "csv"], help="default: from the file name (.csv or YAML)")
    p.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    p.set_defaults(func=cmd_import)

    p = ops.add_parser(
        "export", help="write the taxonomy as YAML or CSV", description="Write the whole taxonomy."
    )
    p.add_argument("--format", choices=["yaml", "csv"], default="yaml", help="default: yaml")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = ops.add_parser(
        "merge",
        help="merge SOURCE into TARGET",
        description=(
            "Merge SOURCE into TARGET: SOURCE's decisions count as TARGET's from now on; SOURCE is kept as merged "
            "and its children move under TARGET."
        ),
    )
    p.add_argument("source")
    p.add_argument("target")
    p.set_defaults(func=cmd_merge)

    p = ops.add_parser(
        "unmerge", help="undo a merge", description="Make a merged tag count on its own again."
    )
    p.add_argument("tag")
    p.set_defaults(func=cmd_unmerge)

    p = ops.add_parser(
        "split",
        help="split TAG into two or more successors",
        description=(
            "Split TAG into SUCCESSOR tags: each conversation carrying TAG goes to a review queue restricted to the "
            "successors, and TAG is deprecated."
        ),
    )
    p.add_argument("tag")
    p.add_argument("successors", nargs="+", metavar="SUCCESSOR")
    p.add_argument("--create", action="store_true", help="create missing successors beside TAG (name = slug)")
    p.set_defaults(func=cmd_split)

    p = ops.add_parser("move", help="move TAG (and its subtree) under PARENT", description="Move a subtree.")
    p.add_argument("tag")
    p.add_argument("parent", nargs="?", help="new parent; omit with --root")
    p.add_argument("--root", action="store_true", help="make TAG a root")
    p.set_defaults(func=cmd_move)

    p = ops.add_parser(
        "rename", help="give TAG a new display name", description="Rename; the slug never changes."
    )
    p.add_argument("tag")
    p.add_argument("name")
    p.set_defaults(func=cmd_rename)

    p = ops.add_parser("deprecate", help="stop TAG being applied", description="Deprecate; history is kept.")
    p.add_argument("tag")
    p.set_defaults(func=cmd_deprecate)


def _setup(args: argparse.Namespace) -> Any:
    return setup_as(args.actor)


def _tag(slug: str) -> Any:
    from voxpop.taxonomy.models import Tag

    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise CliError(f"no tag with slug {slug!r}", EXIT_FAILED)
    return tag


def _run(action: Any) -> Any:
    from voxpop.taxonomy.services import TaxonomyError

    try:
        return action()
    except TaxonomyError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc


def cmd_import(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from voxpop.taxonomy import io

    try:
        text = args.file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CliError(f"{args.file}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{args.file}: cannot read as UTF-8 text: {exc}") from exc
    try:
        nodes = io.parse_file(text, str(args.file), args.format)
        report = io.import_nodes(nodes, actor=actor, dry_run=args.dry_run)
    except io.TaxonomyFileError as exc:
        raise CliError(str(exc)) from exc
    print(json.dumps({**report.as_dict(), "dry_run": args.dry_run}))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from voxpop.audit import services as audit
    from voxpop.taxonomy import io

    text = io.export_csv() if args.format == "csv" else io.export_yaml()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    audit.record("taxonomy.exported", actor=actor, data={"format": args.format})
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from voxpop.taxonomy.services import merge_tags

    source, target = _tag(args.source), _tag(args.target)
    count = _run(lambda: merge_tags(source, target, actor=actor))
    print(f"Merged {source.slug!r} into {target.slug!r}; {count} conversations re-counted.")
    return 0


def cmd_unmerge(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from voxpop.taxonomy.services import unmerge_tag

    tag = _tag(args.tag)
    count = _run(lambda: unmerge_tag(tag, actor=actor))
    print(f"Unmerged {tag.slug!r}; {count} conversations re-counted.")
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from django.db import transaction

    from voxpop.taxonomy.models import Tag
    from voxpop.taxonomy.services import create_tag, split_tag

    tag = _tag(args.tag)

    def split() -> Any:
        with transaction.atomic():
            successors = []
            for slug in args.successors:
                found = Tag.objects.filter(slug=slug).first()
                if found is None and not args.create:
                    raise CliError(f"no tag with slug {slug!r} (add --create to create it)", EXIT_FAILED)
                successors.append(found or create_tag(slug, parent=tag.parent, actor=actor))
            return split_tag(tag, successors, actor=actor)

    result = _run(split)
    print(
        f"Split {tag.slug!r} into {', '.join(args.successors)}; {result.review_items.count()} conversations to review."
    )
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from voxpop.taxonomy.services import move_tag

    if args.root == bool(args.parent):
        raise CliError("give a PARENT or --root, not both or neither")
    tag = _tag(args.tag)
    parent = None if args.root else _tag(args.parent)
    _run(lambda: move_tag(tag, parent, actor=actor))
    print(f"Moved {tag.slug!r} under {parent.slug if parent else 'the root'}.")
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from voxpop.taxonomy.services import rename_tag

    tag = _tag(args.tag)
    _run(lambda: rename_tag(tag, args.name, actor=actor))
    print(f"Renamed {tag.slug!r} to {tag.name!r}.")
    return 0


def cmd_deprecate(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from voxpop.taxonomy.services import deprecate_tag

    tag = _tag(args.tag)
    _run(lambda: deprecate_tag(tag, actor=actor))
    print(f"Deprecated {tag.slug!r}.")
    return 0
