"""All writes of closing the loop: templates, explicit subscriptions, starting a send,
and unsubscribing. The sending itself is in :mod:`voxpop.outreach.sending`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from voxpop.accounts.models import Contact
from voxpop.audit import services as audit
from voxpop.outreach.models import (
    Announcement,
    AnnouncementTemplate,
    Delivery,
    DeliveryStatus,
    FeatureSubscription,
    SubscriptionSource,
    SubscriptionState,
)
from voxpop.outreach.rendering import TemplateError, compile_template, default_texts, languages
from voxpop.outreach.tokens import UnsubscribeClaim
from voxpop.roadmap.models import Feature, FeatureStatus


class OutreachError(Exception):
    pass


def template_for(feature: Feature, language: str) -> AnnouncementTemplate:
    """The stored template, or the default words in ``language`` (not saved)."""
    stored = AnnouncementTemplate.objects.filter(feature=feature, language=language).first()
    if stored is not None:
        return stored
    subject, body = default_texts(language)
    return AnnouncementTemplate(feature=feature, language=language, subject=subject, body=body)


def templates_for(feature: Feature) -> dict[str, AnnouncementTemplate]:
    return {language: template_for(feature, language) for language in languages()}


@transaction.atomic
def save_template(
    feature: Feature, language: str, subject: str, body: str, *, actor: Any = None
) -> AnnouncementTemplate:
    if language not in languages():
        raise OutreachError(f"language: {language!r} is not one of {', '.join(languages())}")
    subject, body = subject.strip(), body.replace("\r\n", "\n")
    if not subject:
        raise OutreachError(f"subject [{language}]: an email needs a subject")
    if len(subject) > 300:
        raise OutreachError(f"subject [{language}]: at most 300 characters")
    if not body.strip():
        raise OutreachError(f"body [{language}]: an email needs a body")
    try:
        compile_template(subject, f"subject [{language}]")
        compile_template(body, f"body [{language}]")
    except TemplateError as exc:
        raise OutreachError(str(exc)) from exc
    template, _ = AnnouncementTemplate.objects.update_or_create(
        feature=feature,
        language=language,
        defaults={"subject": subject, "body": body, "updated_by": _user(actor)},
    )
    audit.record("outreach.template", actor=actor, target=feature, data={"language": language})
    return template


@transaction.atomic
def set_subscription(
    feature: Feature,
    contact: Contact,
    state: str,
    *,
    source: str = SubscriptionSource.MANUAL,
    actor: Any = None,
) -> FeatureSubscription:
    """Add ``contact`` to one feature's list by hand (or by a vote), or take them off it."""
    if state not in SubscriptionState.values:
        raise OutreachError(f"state: {state!r} is not one of {', '.join(SubscriptionState.values)}")
    subscription, _ = FeatureSubscription.objects.update_or_create(
        feature=feature,
        contact=contact,
        defaults={"state": state, "source": source, "changed_by": _user(actor)},
    )
    audit.record(
        "outreach.subscription",
        actor=actor,
        target=feature,
        data={"contact": contact.pk, "state": state, "source": source},
    )
    return subscription


def start_announcement(feature: Feature, *, base_url: str, actor: Any = None) -> Announcement:
    """Record a send and queue it; the emails go out after this transaction commits."""
    from voxpop.outreach.tasks import send_announcement

    if feature.status != FeatureStatus.SHIPPED:
        raise OutreachError("status: only a shipped feature is announced; mark it shipped first")
    if not base_url.startswith(("http://", "https://")):
        raise OutreachError(f"base_url: links need an absolute address, got {base_url!r}")
    with transaction.atomic():
        announcement = Announcement.objects.create(
            feature=feature, base_url=base_url.rstrip("/"), created_by=_user(actor)
        )
        audit.record("outreach.announce", actor=actor, target=feature, data={"announcement": announcement.pk})
        transaction.on_commit(lambda: send_announcement.enqueue(announcement.pk))
    return announcement


# A claim older than this whose email never got an answer was left by a crash.
STALE_CLAIM = timedelta(minutes=15)


@transaction.atomic
def release_uncertain(feature: Feature, *, actor: Any = None) -> int:
    """Let the next send try again the emails whose fate is unknown (the connection broke,
    or the process stopped mid-send), knowing some of those people may get it twice.
    An admin's explicit choice, recorded in the audit log; returns how many."""
    rows = Delivery.objects.filter(feature=feature).filter(
        models.Q(status=DeliveryStatus.UNKNOWN)
        | models.Q(status=DeliveryStatus.SENDING, claimed_at__lt=timezone.now() - STALE_CLAIM)
    )
    emails = list(rows.values_list("email", flat=True))
    released = rows.update(status=DeliveryStatus.FAILED, error="released for another try by an admin")
    if released:
        audit.record("outreach.release", actor=actor, target=feature, data={"emails": emails[:1000]})
    return released


@transaction.atomic
def unsubscribe(claim: UnsubscribeClaim) -> Contact | None:
    """Unsubscribe the contact a verified token names, from every announcement.

    Recorded in the audit log once (without the visitor's IP address); repeating it
    changes nothing."""
    contact = Contact.objects.select_for_update().filter(pk=claim.contact_id).first()
    if contact is None:
        return None
    if not contact.unsubscribed:
        contact.unsubscribed = True
        contact.save(update_fields=["unsubscribed"])
        audit.record(
            "contact.unsubscribe", target=contact, data={"email": claim.email, "feature": claim.feature_id}
        )
    return contact


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
