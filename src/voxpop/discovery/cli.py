"""``voxpop discover``: cluster the untagged conversations from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from voxpop.cli import EXIT_FAILED, CliError, setup_as


def register(sub: Any) -> None:
    p = sub.add_parser(
        "discover",
        help="cluster untagged conversations into candidate new topics",
        description=(
            "Cluster the newest untagged conversations (no tag, or only suggestions below their tag's "
            "threshold) by what customers wrote, and store the run: each cluster's size, week-over-week "
            "growth, top terms and three representative quotes. The /discover page shows the latest run; "
            "a tag can be made from a cluster there. Prints the run as JSON."
        ),
    )
    p.add_argument(
        "--limit",
        type=int,
        default=20_000,
        help="cluster at most this many newest conversations (default: 20000)",
    )
    p.add_argument(
        "--clusters", type=int, help="number of clusters (default: chosen from the pool size, at most 40)"
    )
    p.add_argument(
        "--min-size", type=int, default=3, help="leave out clusters smaller than this (default: 3)"
    )
    p.add_argument("--seed", type=int, default=0, help="random seed, for a repeatable run (default: 0)")
    p.add_argument("--as", dest="as_user", metavar="USER", help="record the run as started by this user")
    p.set_defaults(func=cmd_discover)


def cmd_discover(args: argparse.Namespace) -> int:
    user = setup_as(args.as_user)
    from voxpop.discovery import queries, services
    from voxpop.discovery.models import DiscoveryRun, RunStatus

    try:
        params = services.check_params(args.limit, args.clusters, args.seed, args.min_size)
    except services.DiscoveryError as exc:
        raise CliError(f"--{str(exc).split(':')[0].replace('_', '-')}: {str(exc).split(': ', 1)[1]}") from exc
    run = DiscoveryRun.objects.create(started_by=user, params=params)
    run = services.execute_run(run, progress=lambda message: print(message, file=sys.stderr))
    print(json.dumps(queries.run_with_clusters(run), default=str, ensure_ascii=False))
    if run.status == RunStatus.FAILED:
        raise CliError(f"discovery failed: {run.error}", EXIT_FAILED)
    return 0
