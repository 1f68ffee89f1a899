"""From a conversation, a customer's words are quoted on a feature; the feature page
shows them with the account's ARR; the feature is marked shipped there (the steps of
tests/browser/test_feature_evidence.py); then an admin previews who will be told,
sends, and the customer's email arrives, in Chinese, at a real SMTP server on loopback;
the customer follows its unsubscribe link in the browser."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.test_feature_evidence import QUOTE, link_quote_and_ship, make_story
from tests.mailserver import MailServer, smtp_server
from voxpop.conversations.models import Source
from voxpop.users.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
__all__ = ["smtp_server"]


def test_from_a_conversation_to_the_customers_inbox(
    signed_in: Any, browser: Any, live_server: Any, admin: User, source: Source, smtp_server: MailServer
) -> None:
    story = make_story(source)
    page = signed_in(admin)
    link_quote_and_ship(page, story)

    page.goto(f"/features/{story.feature.pk}/announce")
    row = page.locator(f'#recipients tr[data-email="{story.contact.email}"]')
    assert "星辰科技" in row.inner_text() and "quoted" in row.inner_text() and "zh-hans" in row.inner_text()
    assert page.locator("#send-button").inner_text() == "Send to 1 person"
    page.click("#send-button")
    page.wait_for_selector(f'#deliveries tr[data-delivery="{story.contact.email}"][data-status="sent"]')

    (email,) = smtp_server.to(story.contact.email)
    assert str(email["Subject"]).strip() == "已上线：Relations across workspaces"
    assert "你好，李雷" in email.get_content()
    assert page.locator("#send-button").is_disabled()  # nobody left to tell
    assert not page.errors  # type: ignore[attr-defined]

    link = re.search(r"http://\S+/unsubscribe/\S+", email.get_content())
    assert link is not None and link.group(0).startswith(live_server.url)
    customer = browser.new_context(locale="zh-CN").new_page()
    customer.goto(link.group(0))
    customer.click("#unsubscribe-button")
    customer.wait_for_selector("#unsubscribe h1")
    customer.context.close()
    story.contact.refresh_from_db()
    assert story.contact.unsubscribed
    assert QUOTE in story.feature.quotes.get().text
