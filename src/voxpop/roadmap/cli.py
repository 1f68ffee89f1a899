"""``voxpop roadmap ...``: roadmap maintenance from the shell."""

from __future__ import annotations

import argparse
import time
from typing import Any

from voxpop.cli import EXIT_OK, require_migrated, setup_django


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "roadmap",
        help="roadmap maintenance (rebuild the stored feature evidence)",
        description="Roadmap maintenance.",
    )
    ops = parser.add_subparsers(dest="operation", metavar="OPERATION", required=True)
    p = ops.add_parser(
        "refresh-evidence",
        help="recompute the stored evidence of features whose inputs changed",
        description="Check every feature's stored evidence against the current data and recompute the "
        "ones that changed (or are missing), so their pages open warm. Pages never show stale evidence "
        "either way: a page whose snapshot is out of date computes it live. With --all, recompute every "
        "feature regardless.",
    )
    p.add_argument(
        "--feature", type=int, action="append", metavar="ID", help="only this feature (repeatable)"
    )
    p.add_argument("--all", action="store_true", help="recompute even the snapshots that are current")
    p.set_defaults(func=cmd_refresh_evidence)


def cmd_refresh_evidence(args: argparse.Namespace) -> int:
    setup_django()
    require_migrated()
    from voxpop.roadmap import snapshots
    from voxpop.roadmap.models import EvidenceSnapshot

    if args.all:
        stale = EvidenceSnapshot.objects.all()
        if args.feature:
            stale = stale.filter(feature_id__in=args.feature)
        stale.delete()
    started = time.monotonic()
    checked, recomputed = snapshots.refresh_all(args.feature)
    print(
        f"{checked} features checked, {recomputed} snapshots recomputed "
        f"in {time.monotonic() - started:.1f} s."
    )
    return EXIT_OK
