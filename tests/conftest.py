"""Personas and small builders shared by the whole suite.

Builders live in tests/builders.py: ``as_user(editor)``, ``make_conversation(...)``.
Every test runs against a real database (SQLite or PostgreSQL), rolled back after it.
"""

from __future__ import annotations

from typing import Any

import pytest

from voxpop.conversations.models import Source, SourceKind
from voxpop.users.models import Role, User

PASSWORD = "correct horse battery staple"


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def _user(username: str, role: str) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role)


@pytest.fixture
def admin(db: Any) -> User:
    """Ada, who runs the workspace: taxonomy, rules, users."""
    return _user("ada", Role.ADMIN)


@pytest.fixture
def editor(db: Any) -> User:
    """Tia, a CX lead who tags conversations and links evidence."""
    return _user("tia", Role.EDITOR)


@pytest.fixture
def viewer(db: Any) -> User:
    """Vic, an engineer who reads the evidence."""
    return _user("vic", Role.VIEWER)


@pytest.fixture
def personas(admin: User, editor: User, viewer: User) -> dict[str, User | None]:
    return {"anonymous": None, "viewer": viewer, "editor": editor, "admin": admin}


@pytest.fixture
def source(db: Any) -> Source:
    return Source.objects.create(kind=SourceKind.API, name="Support inbox")
