"""From a conversation, an editor links a quote to a feature; the feature page shows it
with the account's ARR; the editor marks the feature shipped from that page.

The steps live in :func:`link_quote_and_ship` so the close-the-loop test can run the
same flow and then check what the customer is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.builders import make_account, make_conversation
from voxpop.accounts.models import Contact
from voxpop.conversations.models import Conversation, Source
from voxpop.roadmap.models import Feature, FeatureQuote, FeatureStatus
from voxpop.roadmap.services import create_feature
from voxpop.users.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

QUOTE = "我们需要跨工作区的关系属性"
TEXT = f"你好！{QUOTE}，谢谢。"


@dataclass
class Story:
    feature: Feature
    conversation: Conversation
    contact: Contact


def make_story(source: Source) -> Story:
    """A Chinese-speaking contact at 星辰科技 (ARR 48,000 when they asked, 90,000 now)
    asks for relations across workspaces; the feature exists, nothing is linked."""
    account = make_account("星辰科技", arr=Decimal("90000"))
    contact = Contact.objects.create(
        name="李雷", email="li.lei@xingchen.example", locale="zh-hans", account=account
    )
    conversation = make_conversation(
        source,
        TEXT,
        account=account,
        contact=contact,
        language="zh",
        arr_at_time=Decimal("48000"),
        started_at=datetime(2026, 9, 14, 8, tzinfo=UTC),
        subject="关系属性",
    )
    feature = create_feature("Relations across workspaces", target_period="2027-H1")
    return Story(feature, conversation, contact)


def select_text(page: Any, text: str) -> None:
    """Select ``text`` inside the first message, as a person dragging the mouse would."""
    page.evaluate(
        """(text) => {
            const node = document.querySelector('.msg-text').firstChild;
            const start = node.textContent.indexOf(text);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + text.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        text,
    )


def link_quote_and_ship(page: Any, story: Story, quote: str = QUOTE) -> None:
    """On the conversation page: select ``quote``, press f, pick the feature; open the
    feature page, check the quote and ARR show, press "Mark shipped"."""
    page.goto(f"/c/{story.conversation.pk}")
    select_text(page, quote)
    page.keyboard.press("f")
    assert page.inner_text("[data-feature-form] .quote-preview") == f"“{quote}”"
    page.keyboard.type("relations across")
    page.wait_for_selector("[data-feature-form] .picker-results li")
    page.keyboard.press("Enter")
    page.wait_for_selector(f'[data-feature-panel] a[href="/features/{story.feature.pk}"]')

    page.click(f'[data-feature-panel] a[href="/features/{story.feature.pk}"]')
    page.wait_for_url(f"**/features/{story.feature.pk}")
    best = page.locator(".best-quotes li.quote").first
    assert best.locator("blockquote").inner_text() == quote
    assert best.locator("[data-quote-arr]").inner_text() == "48,000 USD"
    assert page.inner_text('[data-figure="accounts"]') == "1"
    assert page.inner_text('[data-figure="arr"]').startswith("48,000")

    page.click("[data-mark-shipped]")
    page.wait_for_selector('[data-feature-status="shipped"]')


def test_link_a_quote_from_a_conversation_see_it_with_arr_and_ship(
    signed_in: Any, editor: User, source: Source
) -> None:
    story = make_story(source)
    page = signed_in(editor)

    link_quote_and_ship(page, story)

    quote = FeatureQuote.objects.get(feature=story.feature)
    assert (quote.text, quote.conversation_id, quote.linked_by) == (QUOTE, story.conversation.pk, editor)
    story.feature.refresh_from_db()
    assert story.feature.status == FeatureStatus.SHIPPED and story.feature.shipped_at is not None
    assert page.errors == []
