"""Helpers for import tests: the shipped samples, and running an import as Ada would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from voxpop.conversations.models import Conversation, Message
from voxpop.imports.pipeline import ImportRequest, RunResult, run_import
from voxpop.imports.records import ParseOptions
from voxpop.users.models import Role, User

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voxpop" / "imports" / "samples"


@pytest.fixture
def dana(db: Any) -> User:
    """Dana Reyes, a support agent whose voice appears in the sample calls and chats."""
    return User.objects.create_user(
        username="dana", password=None, role=Role.EDITOR, first_name="Dana", last_name="Reyes",
        email="dana@voxpop-demo.example",
    )  # fmt: skip


def run(fmt: str, *paths: Path | str, source: str = "", **kwargs: Any) -> RunResult:
    options = kwargs.pop("options", None) or ParseOptions(**kwargs.pop("parse", {}))
    return run_import(
        ImportRequest(format=fmt, paths=[Path(p) for p in paths], source=source, options=options, **kwargs)
    )


def stored(source: str) -> set[tuple[str, str, str]]:
    """(conversation id, message id, text) of every message in a source."""
    return set(
        Message.objects.filter(conversation__source__name=source).values_list(
            "conversation__external_id", "external_id", "text"
        )
    )


def conversation(source: str, external_id: str) -> Conversation:
    return Conversation.objects.get(source__name=source, external_id=external_id)


def errors_of(result: RunResult) -> list[str]:
    """Every rejected row of a run, as "where: reason"."""
    return [f"{e['where']}: {e['reason']}" for f in result.files for e in f.errors]


def notes_of(result: RunResult) -> list[str]:
    return [note for f in result.files for note in f.notes]
