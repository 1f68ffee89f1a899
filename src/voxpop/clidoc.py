"""Render the CLI reference (docs/cli.md) from the argument parser's own --help text.

``make docs`` writes it; a test fails when the committed file differs, so the
reference cannot go stale.
"""

from __future__ import annotations

import argparse
import os

from voxpop.cli import build_parser

WIDTH = "88"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def render() -> str:
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH  # argparse wraps to the terminal; fix it for stable output
    try:
        parser = build_parser()
        parts = [
            "# CLI reference",
            "",
            "Generated from `voxpop --help` by `make docs`; a test keeps it in sync. Do not edit by hand.",
            "",
            "```text",
            parser.format_help().rstrip(),
            "```",
        ]
        for name, sub in _subparsers(parser).items():
            parts += ["", f"## voxpop {name}", "", "```text", sub.format_help().rstrip(), "```"]
            for op_name, op in _subparsers(sub).items():
                parts += ["", f"### voxpop {name} {op_name}", "", "```text", op.format_help().rstrip(), "```"]
        return "\n".join(parts) + "\n"
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


if __name__ == "__main__":
    print(render(), end="")
