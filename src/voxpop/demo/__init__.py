"""The built-in demo workspace: Quirewell, a fictional docs-and-databases company,
with a year of customer conversations in English, Chinese and Korean.

:func:`build_workspace` plans it (pure, seeded), :func:`write_workspace` writes a
plan, and :func:`load_demo` does both.

Importing this package loads no models (the CLI imports :mod:`voxpop.demo.errors`
before Django is set up), so the functions import their modules when called.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voxpop.demo.plan import WorkspacePlan

__all__ = ["build_workspace", "load_demo", "write_workspace"]

Progress = Callable[[str, int, int], None]


def build_workspace(seed: int = 7, anchor: date | None = None) -> WorkspacePlan:
    """The demo workspace as plain data (no database access); see :mod:`voxpop.demo.builder`."""
    from voxpop.demo import builder

    return builder.build_workspace(seed, anchor)


def write_workspace(plan: WorkspacePlan, progress: Progress | None = None) -> dict[str, int]:
    """Write a plan into the (empty) database; see :mod:`voxpop.demo.writer`."""
    from voxpop.demo import writer

    return writer.write_workspace(plan, progress)


def load_demo(seed: int = 7, anchor: date | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Build the demo workspace and write it into the (empty) database.

    Raises :class:`voxpop.demo.errors.DemoError`, writing nothing, when the workspace
    already has conversations. Returns counts of what was written, among them
    ``conversations``, ``accounts``, ``tags``, ``messages`` and ``tagged``.
    """
    return write_workspace(build_workspace(seed, anchor), progress)
