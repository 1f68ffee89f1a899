"""Closing the loop against a real SMTP server on loopback (aiosmtpd): the right people,
once each, in their language, with a working one-click unsubscribe link."""

from __future__ import annotations

import re
import socket
from datetime import timedelta
from typing import Any

import pytest
from django.core.mail import EmailMessage, get_connection
from django.test import Client
from django.utils import timezone

from tests.builders import make_conversation
from tests.mailserver import MailServer
from tests.outreach.story import Story, asked_by_everyone, contact
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Source
from voxpop.outreach import services
from voxpop.outreach.models import Announcement, Delivery, DeliveryStatus, OwnerDigest
from voxpop.outreach.sending import _send, run_announcement
from voxpop.roadmap import services as roadmap
from voxpop.roadmap.models import FeatureStatus
from voxpop.users.models import User

BASE = "https://voxpop.acme.test"
LINK = re.compile(r"https://voxpop\.acme\.test(/unsubscribe/\S+)")


def announce(story: Story, admin: User | None = None) -> dict[str, int]:
    announcement = Announcement.objects.create(feature=story.feature, base_url=BASE, created_by=admin)
    return run_announcement(announcement.pk)


@pytest.fixture
def story(source: Source) -> Story:
    return asked_by_everyone(source)


@pytest.mark.django_db
def test_everyone_who_asked_is_told_once_in_their_language(smtp_server: MailServer, story: Story) -> None:
    counts = announce(story)

    assert smtp_server.recipients() == sorted(
        ["ann.lee@example.com", "li@example.cn", "minji@example.kr", "sam@acme.test", "olive@acme.test"]
    )
    assert counts["sent"] == 3 and counts["digests"] == 2
    ann, li, minji = (
        smtp_server.to(a)[0] for a in ("Ann.Lee@Example.com", "li@example.cn", "minji@example.kr")
    )
    assert ann["Subject"] == "Shipped: Relation properties across workspaces"
    assert "Hello Ann Lee," in ann.get_content()
    assert ann["Content-Language"] == "en"
    # Li's contact says zh-Hans; Min-ji has no locale, and her conversation was in Korean.
    assert li["Content-Language"] == "zh-hans" and "你好，李雷" in li.get_content()
    assert "已上线" in str(li["Subject"])
    assert minji["Content-Language"] == "ko" and "김민지님, 안녕하세요" in minji.get_content()
    assert "출시" in str(minji["Subject"])
    rows = {d.email: d for d in Delivery.objects.filter(feature=story.feature)}
    assert set(rows) == {"ann.lee@example.com", "li@example.cn", "minji@example.kr"}
    assert {d.status for d in rows.values()} == {DeliveryStatus.SENT}
    assert rows["li@example.cn"].language == "zh-hans"
    assert rows["ann.lee@example.com"].message_id == ann["Message-ID"]
    # Which words were used stays on record, whatever is edited later.
    announcement = rows["li@example.cn"].announcement
    assert announcement.templates["zh-hans"]["subject"] == "已上线：{{ feature.title }}"
    assert (announcement.sent, announcement.failed, announcement.status) == (3, 0, "done")


@pytest.mark.django_db
def test_running_the_send_again_emails_nobody_twice(
    smtp_server: MailServer, story: Story, admin: User
) -> None:
    announce(story)
    received = len(smtp_server.messages)

    again = announce(story)
    services.start_announcement(story.feature, base_url=BASE, actor=admin)  # the button, clicked again

    assert len(smtp_server.messages) == received == 5
    assert again.get("sent", 0) == 0 and again.get("digests", 0) == 0
    assert Delivery.objects.filter(feature=story.feature).count() == 3


@pytest.mark.django_db
def test_a_later_asker_is_told_on_the_next_send_and_only_they_are(
    smtp_server: MailServer, story: Story, source: Source
) -> None:
    announce(story)
    late = contact("Late Lou", "lou@example.com", story.acme)
    roadmap.link_conversation(
        story.feature, make_conversation(source, "me too", account=story.acme, contact=late)
    )
    smtp_server.messages.clear()
    smtp_server.envelopes.clear()

    announce(story)

    assert smtp_server.recipients() == ["lou@example.com", "sam@acme.test"]
    digest = smtp_server.to("sam@acme.test")[0].get_content()
    assert "lou@example.com" in digest and "ann.lee@example.com" not in digest


@pytest.mark.django_db
def test_unsubscribed_bounced_and_addressless_contacts_are_not_written_to(
    smtp_server: MailServer, story: Story
) -> None:
    announce(story)

    received = smtp_server.recipients()
    for address in ("gary@example.com", "bo@example.com"):
        assert address not in received
    assert not Delivery.objects.filter(contact__in=[story.gone, story.bouncy, story.nomail]).exists()


@pytest.mark.django_db
def test_owners_get_one_digest_of_their_accounts_told(smtp_server: MailServer, story: Story) -> None:
    announce(story)

    (sam,) = smtp_server.to("sam@acme.test")
    (olive,) = smtp_server.to("olive@acme.test")
    assert "Relation properties across workspaces" in str(sam["Subject"])
    body = sam.get_content()
    assert "Acme: Ann Lee <ann.lee@example.com>" in body and "li@example.cn" in body
    assert "minji@example.kr" not in body
    # Olive's locale is Korean: her digest is too.
    assert "minji@example.kr" in olive.get_content() and olive["Content-Language"] == "ko"
    assert OwnerDigest.objects.filter(status=DeliveryStatus.SENT).count() == 2


@pytest.mark.django_db
def test_the_unsubscribe_link_in_the_email_works_and_a_later_feature_skips_them(
    smtp_server: MailServer, story: Story, source: Source
) -> None:
    announce(story)
    email = smtp_server.to("minji@example.kr")[0]
    (path,) = set(LINK.findall(email.get_content()))
    assert email["List-Unsubscribe"].strip() == f"<{BASE}{path}>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    anonymous = Client()
    page = anonymous.get(path)
    assert page.status_code == 200 and "minji@example.kr" in page.content.decode()
    story.minji.refresh_from_db()
    assert not story.minji.unsubscribed  # a GET (a link scanner) changes nothing
    done = anonymous.post(path, {"List-Unsubscribe": "One-Click"})  # as a mail client does (RFC 8058)
    assert done.status_code == 200
    story.minji.refresh_from_db()
    assert story.minji.unsubscribed
    assert AuditEvent.objects.filter(action="contact.unsubscribe", target_id=str(story.minji.pk)).count() == 1

    later = roadmap.create_feature("Formula autocomplete")
    roadmap.link_conversation(later, story.minji.conversations.get())
    roadmap.link_conversation(later, story.ann_chat)
    roadmap.set_status(later, FeatureStatus.SHIPPED)
    smtp_server.messages.clear()
    smtp_server.envelopes.clear()
    run_announcement(Announcement.objects.create(feature=later, base_url=BASE).pk)

    assert "minji@example.kr" not in smtp_server.recipients()
    assert "ann.lee@example.com" in smtp_server.recipients()


@pytest.mark.django_db
def test_a_tampered_unsubscribe_token_is_refused(smtp_server: MailServer, story: Story) -> None:
    announce(story)
    (path,) = set(LINK.findall(smtp_server.to("ann.lee@example.com")[0].get_content()))
    head, _, tail = path.rpartition(":")
    forged = head + ":" + ("A" if tail[0] != "A" else "B") + tail[1:]

    assert Client().post(forged).status_code == 400
    assert Client().get(forged).status_code == 400
    story.ann.refresh_from_db()
    assert not story.ann.unsubscribed


@pytest.mark.django_db
def test_a_name_with_cr_lf_cannot_inject_headers(
    smtp_server: MailServer, story: Story, source: Source
) -> None:
    evil = contact("Eve\r\nBcc: victim@evil.test\r\nX-Evil: 1", "eve@example.com", story.acme)
    roadmap.link_conversation(story.feature, make_conversation(source, "x", account=story.acme, contact=evil))
    services.save_template(
        story.feature, "en", "{{ contact.name }} — {{ feature.title }}", "Hi {{ contact.name }}"
    )

    announce(story)

    (message,) = smtp_server.to("eve@example.com")
    assert "victim@evil.test" not in smtp_server.recipients()
    assert message["X-Evil"] is None and message["Bcc"] is None
    subject = str(message["Subject"]).strip()
    assert "\n" not in subject and subject.startswith("Eve Bcc: victim@evil.test X-Evil: 1 — ")
    assert Delivery.objects.get(email="eve@example.com").status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_a_recipient_the_server_refuses_is_recorded_as_bounced(smtp_server: MailServer, story: Story) -> None:
    smtp_server.reject.add("li@example.cn")

    announce(story)

    delivery = Delivery.objects.get(email="li@example.cn")
    assert delivery.status == DeliveryStatus.BOUNCED and "550" in delivery.error
    story.li.refresh_from_db()
    assert story.li.bounced
    # The others still got theirs, on the same connection.
    assert {"ann.lee@example.com", "minji@example.kr"} <= set(smtp_server.recipients())


@pytest.mark.django_db
def test_when_the_server_is_down_sends_fail_and_the_next_run_sends_them(
    smtp_server: MailServer, story: Story, settings: Any
) -> None:
    settings.EMAIL_PORT = smtp_server.port + 1 if smtp_server.port < 65535 else smtp_server.port - 1
    first = announce(story)
    assert first["failed"] == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.FAILED}

    settings.EMAIL_PORT = smtp_server.port
    second = announce(story)

    assert second["sent"] == 3
    assert sorted(smtp_server.recipients())[:3] == [
        "ann.lee@example.com",
        "li@example.cn",
        "minji@example.kr",
    ]


@pytest.mark.django_db
def test_a_claim_left_by_a_crash_is_never_sent_again(smtp_server: MailServer, story: Story) -> None:
    # A worker claimed Ann's row and died before (or while) handing the email over.
    crashed = Announcement.objects.create(feature=story.feature, base_url=BASE)
    Delivery.objects.create(
        feature=story.feature,
        announcement=crashed,
        email="ann.lee@example.com",
        contact=story.ann,
        language="en",
    )

    counts = announce(story)

    assert "ann.lee@example.com" not in smtp_server.recipients()
    assert counts["sent"] == 2
    assert Delivery.objects.get(email="ann.lee@example.com").status == DeliveryStatus.SENDING


@pytest.mark.django_db
def test_sending_through_the_background_task_after_commit(
    smtp_server: MailServer, story: Story, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.start_announcement(story.feature, base_url=BASE, actor=admin)

    announcement.refresh_from_db()
    assert announcement.status == "done" and announcement.sent == 3
    assert len(smtp_server.to("ann.lee@example.com")) == 1


@pytest.mark.django_db
def test_a_dropped_connection_is_noticed_before_the_next_email_not_during_it(smtp_server: MailServer) -> None:
    connection = get_connection(fail_silently=False)
    connection.open()
    connection.connection.sock.shutdown(socket.SHUT_RDWR)  # the line went dead while we were idle

    status, error = _send(connection, EmailMessage("Hi", "Body", "a@acme.test", ["b@example.com"]))
    connection.close()

    assert (status, error) == (DeliveryStatus.SENT, "")
    assert smtp_server.recipients() == ["b@example.com"]


@pytest.mark.django_db
def test_an_admin_can_release_uncertain_claims_for_another_try(
    smtp_server: MailServer, story: Story, admin: User
) -> None:
    crashed = Announcement.objects.create(feature=story.feature, base_url=BASE)
    old = Delivery.objects.create(
        feature=story.feature,
        announcement=crashed,
        email="ann.lee@example.com",
        contact=story.ann,
        language="en",
    )
    Delivery.objects.filter(pk=old.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    fresh = Delivery.objects.create(
        feature=story.feature,
        announcement=crashed,
        email="li@example.cn",
        contact=story.li,
        language="zh-hans",
    )

    assert services.release_uncertain(story.feature, actor=admin) == 1
    announce(story)

    assert smtp_server.recipients().count("ann.lee@example.com") == 1
    assert "li@example.cn" not in smtp_server.recipients()  # still in progress: left alone
    fresh.refresh_from_db()
    assert fresh.status == DeliveryStatus.SENDING
    assert AuditEvent.objects.filter(action="outreach.release").count() == 1
