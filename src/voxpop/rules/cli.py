"""``voxpop rules ...``: list, add and apply tagging rules from the shell."""

from __future__ import annotations

import argparse
import json
from typing import Any

from voxpop.cli import EXIT_FAILED, CliError, setup_as


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "rules",
        help="list, add or apply keyword and regular-expression rules",
        description="Rules suggest a tag (or, in auto mode, apply it) when a conversation's subject or a "
        "customer message matches. Every rule-made label records the rule.",
    )
    parser.add_argument(
        "--as", dest="actor", metavar="USER", help="record changes in the audit log as this user"
    )
    ops = parser.add_subparsers(dest="operation", metavar="OPERATION", required=True)

    p = ops.add_parser("list", help="list the rules", description="List every rule with its tag and pattern.")
    p.add_argument("--json", action="store_true", help="print one JSON object per line")
    p.set_defaults(func=cmd_list)

    p = ops.add_parser(
        "add",
        help="add a rule for TAG",
        description="Add a rule for the tag with slug TAG. Keywords are separated by commas or new lines; they "
        "match whole words, ignoring case (anywhere for Chinese, Japanese and Korean).",
    )
    p.add_argument("tag", help="the tag's slug")
    p.add_argument("pattern", help="keywords, or a regular expression with --kind regex")
    p.add_argument("--kind", choices=["keyword", "regex"], default="keyword", help="default: keyword")
    p.add_argument(
        "--mode", choices=["suggest", "auto"], default="suggest", help="suggest the tag, or tag automatically"
    )
    p.add_argument("--apply", action="store_true", help="run the new rule over every conversation now")
    p.set_defaults(func=cmd_add)

    p = ops.add_parser(
        "apply",
        help="run the active rules over conversations",
        description="Run the active rules over every conversation (or the ones given). Running again adds "
        "nothing new; a person's decision always stands over a rule's.",
    )
    p.add_argument("--rule", type=int, action="append", metavar="ID", help="only this rule (repeatable)")
    p.add_argument(
        "--conversation", type=int, action="append", metavar="ID", help="only this conversation (repeatable)"
    )
    p.set_defaults(func=cmd_apply)


def _setup(args: argparse.Namespace) -> Any:
    return setup_as(args.actor)


def cmd_list(args: argparse.Namespace) -> int:
    _setup(args)
    from voxpop.rules.queries import rule_rows

    for row in rule_rows():
        if args.json:
            print(
                json.dumps(
                    {
                        **row,
                        "created_at": row["created_at"].isoformat(),
                        "updated_at": row["updated_at"].isoformat(),
                    }
                )
            )
        else:
            state = "" if row["active"] else " (inactive)"
            print(
                f"{row['id']:>5}  {row['mode']:<7}  {row['kind']:<7}  {row['tag_path']}: {row['pattern']!r}{state}"
            )
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from django.db import transaction

    from voxpop.rules.services import RuleError, apply_rules, create_rule
    from voxpop.taxonomy.models import Tag

    tag = Tag.objects.filter(slug=args.tag).first()
    if tag is None:
        raise CliError(f"no tag with slug {args.tag!r}", EXIT_FAILED)
    try:
        with transaction.atomic():
            rule = create_rule(tag, args.pattern, kind=args.kind, mode=args.mode, actor=actor)
    except RuleError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    print(f"Added rule {rule.pk} ({rule.mode}, {rule.kind}) for {tag.slug!r}.")
    if args.apply:
        print(json.dumps(apply_rules(rules=[rule], actor=actor)))
    return 0


def cmd_apply(args: argparse.Namespace) -> int:
    actor = _setup(args)
    from voxpop.rules.models import Rule
    from voxpop.rules.services import apply_rules

    rules = None
    if args.rule:
        rules = list(Rule.objects.select_related("tag").filter(pk__in=args.rule))
        missing = sorted(set(args.rule) - {rule.pk for rule in rules})
        if missing:
            raise CliError(f"no rule with id {', '.join(map(str, missing))}", EXIT_FAILED)
    print(json.dumps(apply_rules(args.conversation, rules=rules, actor=actor)))
    return 0
