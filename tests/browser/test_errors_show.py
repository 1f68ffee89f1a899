"""A refused action answers 400 with the panel and its message; htmx must show it
(htmx 2 does not swap 4xx answers unless told to)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.builders import make_conversation, make_tree
from voxpop.conversations.models import Source
from voxpop.tagging.models import TagDecision
from voxpop.users.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refused_tag_decision_shows_its_message_in_the_panel(
    signed_in: Any, editor: User, source: Source
) -> None:
    make_tree("product/pages")
    conversation = make_conversation(source, "Pages load slowly")
    page = signed_in(editor)
    page.goto(f"/c/{conversation.pk}")

    # A tag that no longer exists (deleted in another tab, say) is refused with a message.
    page.evaluate(
        """() => {
            const form = document.querySelector('[data-tag-form]');
            form.querySelector('.picker-value').value = '999999';
            htmx.trigger(form, 'submit');
        }"""
    )

    alert = page.locator("#tag-panel [role=alert]")
    alert.wait_for()
    assert alert.inner_text() == "Choose a tag first."
    assert not TagDecision.objects.exists()
    assert page.errors == []
