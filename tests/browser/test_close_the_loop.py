"""A customer's words are quoted on a feature; an admin marks it shipped, previews who
will be told, sends, and the customer's email arrives at a real SMTP server on
loopback; the customer follows its unsubscribe link in the browser."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from tests.builders import make_account, make_conversation
from tests.mailserver import MailServer, smtp_server
from voxpop.accounts.models import Contact
from voxpop.conversations.models import Source
from voxpop.roadmap import services as roadmap
from voxpop.users.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
__all__ = ["smtp_server"]


def test_ship_a_quoted_feature_and_the_customer_is_emailed(
    signed_in: Any, browser: Any, live_server: Any, admin: User, source: Source, smtp_server: MailServer
) -> None:
    acme = make_account("Acme Analytics", arr=Decimal("48000.00"))
    ann = Contact.objects.create(name="Ann Lee", email="ann@acme.example", account=acme, locale="en")
    chat = make_conversation(source, "We really need dark mode for night shifts.", account=acme, contact=ann)
    feature = roadmap.create_feature("Dark mode")
    message = chat.messages.get()
    start = message.text.index("dark mode")
    roadmap.link_quote(feature, message, start, start + len("dark mode for night shifts"), actor=admin)

    page = signed_in(admin)
    page.goto(f"/features/{feature.pk}/announce")
    page.click("#mark-shipped")
    page.wait_for_selector("text=Marked as shipped")
    row = page.locator('#recipients tr[data-email="ann@acme.example"]')
    assert "Acme Analytics" in row.inner_text() and "quoted" in row.inner_text()
    assert page.locator("#send-button").inner_text() == "Send to 1 person"

    page.click("#send-button")
    page.wait_for_selector('#deliveries tr[data-delivery="ann@acme.example"][data-status="sent"]')

    (email,) = smtp_server.to("ann@acme.example")
    assert email["Subject"] == "Shipped: Dark mode"
    assert "Hello Ann Lee," in email.get_content()
    assert page.locator("#send-button").is_disabled()  # nobody left to tell
    assert not page.errors  # type: ignore[attr-defined]

    link = re.search(r"http://\S+/unsubscribe/\S+", email.get_content())
    assert link is not None and link.group(0).startswith(live_server.url)
    customer = browser.new_context(locale="en-US").new_page()
    customer.goto(link.group(0))
    customer.click("#unsubscribe-button")
    customer.wait_for_selector("text=You are unsubscribed")
    customer.context.close()
    ann.refresh_from_db()
    assert ann.unsubscribed
