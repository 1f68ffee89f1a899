"""A workspace whose people tagged conversations in English, Chinese and Korean."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.builders import make_conversation, make_tree
from tests.engine.corpus import rows
from voxpop.conversations.models import Conversation, Source
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User


@pytest.fixture
def models_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path / "models"


@pytest.fixture
def tagged(source: Source, editor: User, models_dir: Path) -> dict[str, Tag]:
    """Tia tagged 70 conversations (refund, invoice, login, export; some carry two)."""
    tags = make_tree("billing/refund", "billing/invoice", "product/login", "product/export")
    for text, labels in rows(15, seed=1, multi=10):
        conversation = make_conversation(source, text)
        for path in labels:
            record_decision(conversation, tags[path.split("/")[-1]], user=editor)
    return tags


UNTAGGED = [
    "I want a refund for my last order, thanks",
    "我想申请退款 谢谢",
    "로그인이 안 돼요 도와주세요",
    "the export to excel button does nothing today",
]


@pytest.fixture
def inbox(source: Source) -> list[Conversation]:
    """Four new conversations nobody tagged: English, Chinese, Korean."""
    return [make_conversation(source, text) for text in UNTAGGED]
