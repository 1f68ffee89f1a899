"""Two people tagging the same conversation at the same moment both land."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.builders import make_conversation, make_tree
from voxpop.conversations.models import Source
from voxpop.tagging.models import ConversationTag, TagDecision
from voxpop.tagging.services import record_decision
from voxpop.users.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_decisions_on_one_conversation_lose_nothing(
    source: Source, editor: User, admin: User
) -> None:
    tags = make_tree("product/pages", "product/databases", "question/how-to", "question/bug")
    rounds = 15
    conversations = [make_conversation(source) for _ in range(rounds)]
    errors: list[BaseException] = []

    def tag(conversation_id: int, user: User, slug: str, barrier: threading.Barrier) -> None:
        try:
            from voxpop.conversations.models import Conversation

            conversation = Conversation.objects.get(pk=conversation_id)
            barrier.wait(timeout=10)
            record_decision(conversation, tags[slug], user=user)
        except BaseException as exc:  # reported below, the thread must not die silently
            errors.append(exc)
        finally:
            connection.close()

    for conversation in conversations:
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=tag, args=(conversation.pk, editor, "pages", barrier)),
            threading.Thread(target=tag, args=(conversation.pk, admin, "how-to", barrier)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert TagDecision.objects.count() == 2 * rounds
    for conversation in conversations:
        current = set(
            ConversationTag.objects.filter(conversation=conversation).values_list("tag__slug", flat=True)
        )
        assert current == {"pages", "how-to"}
