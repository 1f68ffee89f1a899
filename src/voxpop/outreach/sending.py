"""Send an announcement: claim a row, then hand the email to SMTP; then owner digests.

At most once. A :class:`~voxpop.outreach.models.Delivery` row, unique per (feature,
lower-cased email), is inserted and committed before its email goes to the server, so a
re-run, a second click or a retried task finds the row and sends nothing. Only a row
whose email the server refused (status ``failed``: the server answered with an error,
so nothing was delivered) is taken over by a later run and tried again. A crash after
the claim leaves the row ``sending``, and a connection lost mid-send leaves it
``unknown``: the email may or may not have arrived, and voxpop never sends it again by
itself. Missing one thank-you note is better than sending two.
"""

from __future__ import annotations

import logging
import smtplib
from collections import Counter, defaultdict
from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from voxpop.accounts.models import Contact
from voxpop.audit import services as audit
from voxpop.outreach.models import (
    Announcement,
    AnnouncementStatus,
    AnnouncementTemplate,
    Delivery,
    DeliveryStatus,
    OwnerDigest,
)
from voxpop.outreach.queries import Recipient, recipient_list
from voxpop.outreach.rendering import (
    announcement_message,
    context_for,
    header_text,
    language_for,
    render,
)
from voxpop.outreach.services import templates_for
from voxpop.outreach.tokens import make_token
from voxpop.roadmap.models import Feature, FeatureStatus
from voxpop.users.models import User

log = logging.getLogger(__name__)


def run_announcement(announcement_id: int) -> dict[str, int]:
    """Tell everyone on the feature's list who was not told yet; returns counts by outcome."""
    announcement = Announcement.objects.select_related("feature").get(pk=announcement_id)
    feature = announcement.feature
    counts: Counter[str] = Counter()
    Announcement.objects.filter(pk=announcement.pk).update(
        status=AnnouncementStatus.SENDING, started_at=timezone.now()
    )
    if feature.status == FeatureStatus.SHIPPED:
        people = recipient_list(feature)
        templates = templates_for(feature)
        Announcement.objects.filter(pk=announcement.pk).update(
            templates={lang: {"subject": t.subject, "body": t.body} for lang, t in templates.items()}
        )
        connection = get_connection(fail_silently=False)
        try:
            for person in people.recipients:
                counts[_tell(announcement, feature, person, templates[person.language], connection)] += 1
            counts["digests"] = _send_digests(announcement, feature, connection)
        finally:
            connection.close()
    else:
        log.warning(
            "announcement %s: feature %s is no longer shipped; nothing sent", announcement.pk, feature.pk
        )
    Announcement.objects.filter(pk=announcement.pk).update(
        status=AnnouncementStatus.DONE,
        finished_at=timezone.now(),
        sent=counts[DeliveryStatus.SENT],
        failed=counts[DeliveryStatus.FAILED]
        + counts[DeliveryStatus.BOUNCED]
        + counts[DeliveryStatus.UNKNOWN],
        skipped=counts["skipped"],
    )
    return dict(counts)


def unsubscribe_url(base_url: str, contact_id: int, email: str, feature_id: int | None) -> str:
    return base_url.rstrip("/") + reverse(
        "outreach:unsubscribe", args=[make_token(contact_id, email, feature_id)]
    )


def _message_id() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def _tell(
    announcement: Announcement,
    feature: Feature,
    person: Recipient,
    template: AnnouncementTemplate,
    connection: Any,
) -> str:
    link = unsubscribe_url(announcement.base_url, person.contact_id, person.email, feature.pk)
    context = context_for(
        contact_name=person.name,
        email=person.email,
        account_name=person.account_name,
        feature=feature,
        unsubscribe_url=link,
    )
    rendered = render(template.subject, template.body, context)
    message_id = _message_id()
    delivery = _claim(
        announcement,
        feature,
        person,
        language=person.language,
        subject=rendered.subject,
        message_id=message_id,
    )
    if delivery is None:
        return "skipped"
    message = announcement_message(
        rendered=rendered,
        name=person.name,
        email=person.email,
        language=person.language,
        unsubscribe_url=link,
        message_id=message_id,
    )
    status, error = _send(connection, message)
    _finish(Delivery, delivery.pk, status, error)
    if status == DeliveryStatus.BOUNCED:
        Contact.objects.filter(pk=person.contact_id).update(bounced=True)
        audit.record(
            "contact.bounced",
            target=Contact(pk=person.contact_id),
            data={"email": person.email, "feature": feature.pk, "error": error[:500]},
        )
    return status


def _claim(
    announcement: Announcement,
    feature: Feature,
    person: Recipient,
    *,
    language: str,
    subject: str,
    message_id: str,
) -> Delivery | None:
    """Insert and commit this person's row, or take over a refused one; None: not ours."""
    fields = {
        "announcement": announcement,
        "contact_id": person.contact_id,
        "account_id": person.account_id,
        "name": person.name[:200],
        "language": language,
        "subject": subject,
        "message_id": message_id,
    }
    try:
        with transaction.atomic():
            return Delivery.objects.create(feature=feature, email=person.key, **fields)
    except IntegrityError:
        pass
    # Only a row the server refused is tried again, and only by whoever flips it first.
    with transaction.atomic():
        taken = Delivery.objects.filter(
            feature=feature, email=person.key, status=DeliveryStatus.FAILED
        ).update(
            status=DeliveryStatus.SENDING, error="", claimed_at=timezone.now(), finished_at=None, **fields
        )
    if not taken:
        return None
    return Delivery.objects.get(feature=feature, email=person.key)


def _send(connection: Any, message: EmailMessage) -> tuple[str, str]:
    """Hand one message to the server: (status, error)."""
    try:
        _reconnect_if_dropped(connection)
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        # No connection, so nothing was sent.
        connection.close()
        return DeliveryStatus.FAILED, f"could not connect: {exc}"
    try:
        connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        status = DeliveryStatus.BOUNCED if codes and min(codes) >= 500 else DeliveryStatus.FAILED
        return status, _describe(exc)
    except smtplib.SMTPResponseException as exc:
        # The server answered with an error (sender refused, data refused): not delivered.
        connection.close()
        return DeliveryStatus.FAILED, _describe(exc)
    except (smtplib.SMTPException, OSError) as exc:
        # The connection broke: it may have been delivered. Never resent automatically.
        connection.close()
        return DeliveryStatus.UNKNOWN, _describe(exc)
    return DeliveryStatus.SENT, ""


def _reconnect_if_dropped(connection: Any) -> None:
    """Servers close idle connections and cap messages per connection: ask (NOOP) before
    sending, so a dropped connection is found while nothing is at stake, not mid-message
    where the outcome would be unknown."""
    smtp = getattr(connection, "connection", None)
    if smtp is None:
        return
    try:
        alive = smtp.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        alive = False
    if not alive:
        connection.close()


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
            for address, (code, text) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        return f"{exc.smtp_code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    return f"{type(exc).__name__}: {exc}"


def _finish(model: Any, pk: int, status: str, error: str) -> None:
    model.objects.filter(pk=pk).update(status=status, error=error, finished_at=timezone.now())


def _send_digests(announcement: Announcement, feature: Feature, connection: Any) -> int:
    """One email per account owner listing the people of their accounts told in this run."""
    told: dict[int, list[Delivery]] = defaultdict(list)
    rows = (
        Delivery.objects.filter(
            announcement=announcement, status=DeliveryStatus.SENT, account__owner__isnull=False
        )
        .select_related("account")
        .order_by("account__name", "email")
    )
    for delivery in rows:
        assert delivery.account is not None
        told[delivery.account.owner_id].append(delivery)
    sent = 0
    for owner in User.objects.filter(pk__in=list(told)).order_by("pk"):
        try:
            with transaction.atomic():
                digest = OwnerDigest.objects.create(announcement=announcement, owner=owner, email=owner.email)
        except IntegrityError:
            continue  # this run already sent it
        if not owner.email:
            _finish(OwnerDigest, digest.pk, DeliveryStatus.FAILED, "the owner has no email address")
            continue
        message = _digest_message(owner, feature, told[owner.pk])
        OwnerDigest.objects.filter(pk=digest.pk).update(message_id=message.extra_headers["Message-ID"])
        status, error = _send(connection, message)
        _finish(OwnerDigest, digest.pk, status, error)
        sent += status == DeliveryStatus.SENT
    return sent


def _digest_message(owner: User, feature: Feature, deliveries: list[Delivery]) -> EmailMessage:
    language = language_for(owner.locale)
    with translation.override(language):
        subject = _("Your customers were told that “%(feature)s” shipped") % {"feature": feature.title}
        lines = [
            _("These people at your accounts asked for “%(feature)s” and were just told it shipped:")
            % {"feature": feature.title},
            "",
        ]
        for d in deliveries:
            account = d.account.name if d.account else ""
            lines.append(f"- {account}: {header_text(d.name) or d.email} <{d.email}> [{d.language}]")
        totals = _("People told: %(people)s. Accounts: %(accounts)s.") % {
            "people": len(deliveries),
            "accounts": len({d.account_id for d in deliveries}),
        }
        lines += ["", totals]
    return EmailMessage(
        subject=header_text(subject)[:300],
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[owner.email],
        headers={
            "Message-ID": _message_id(),
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
        },
    )
