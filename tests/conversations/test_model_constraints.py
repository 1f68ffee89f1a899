"""The data model's own guarantees, enforced by the database on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.builders import make_account, make_conversation
from voxpop.accounts.models import Account, Contact
from voxpop.conversations.models import Source, SourceKind

pytestmark = pytest.mark.django_db


def test_a_source_cannot_hold_two_conversations_with_one_external_id(source: Source) -> None:
    make_conversation(source, external_id="T-1001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_conversation(source, external_id="T-1001")


def test_two_sources_may_reuse_an_external_id(source: Source) -> None:
    other = Source.objects.create(kind=SourceKind.EMAIL, name="Mailbox")
    make_conversation(source, external_id="1")
    make_conversation(other, external_id="1")


def test_a_conversation_cannot_close_before_it_starts(source: Source) -> None:
    started = datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_conversation(source, started_at=started, closed_at=started - timedelta(minutes=1))


def test_message_external_ids_are_unique_within_a_conversation(source: Source) -> None:
    conversation = make_conversation(source)
    first = conversation.messages.get()
    first.external_id = "m-1"
    first.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        conversation.messages.create(
            external_id="m-1", author_role="agent", sent_at=first.sent_at, text="duplicate"
        )


def test_account_arr_cannot_be_negative(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_account("Broke Ltd", arr=Decimal("-1.00"))


def test_account_domains_are_unique_ignoring_case_but_blank_is_allowed_twice(db: None) -> None:
    make_account("Acme", domain="acme.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_account("Acme again", domain="ACME.example")
    Account.objects.create(name="No domain 1")
    Account.objects.create(name="No domain 2")


def test_account_keeps_company_size_and_team_size_apart(db: None) -> None:
    account = make_account("Megacorp design team", company_size=50_000, team_size=5, arr=Decimal("1800.00"))
    account.refresh_from_db()
    assert (account.company_size, account.team_size, account.arr) == (50_000, 5, Decimal("1800.00"))


def test_contact_emails_are_unique_ignoring_case(db: None) -> None:
    Contact.objects.create(email="mina@acme.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(email="Mina@ACME.example")
