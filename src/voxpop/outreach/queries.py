"""Who would be told about a shipped feature, computed fresh from the feature's demand.

Everyone who asked is subscribed without doing anything: the contact of every
conversation that asks for the feature (linked directly, quoted, or carrying a tag under
a linked tag; see :func:`voxpop.roadmap.queries.demand_conversations`), plus contacts
added by hand or by a portal vote. A per-feature opt-out takes a contact off one list;
``Contact.unsubscribed`` and ``Contact.bounced`` take them off every list. Nothing here
is stored, so the list is right however the links changed since the last look.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from voxpop.accounts.models import Account, Contact
from voxpop.outreach.models import (
    Delivery,
    DeliveryStatus,
    FeatureSubscription,
    SubscriptionSource,
    SubscriptionState,
)
from voxpop.outreach.rendering import language_for
from voxpop.roadmap.models import Feature, FeatureConversation, FeatureQuote
from voxpop.roadmap.queries import demand_conversations

# Why a contact is on the list, strongest first.
WHY = {
    "quoted": _("quoted"),
    "linked": _("conversation linked"),
    "tagged": _("tagged conversation"),
    SubscriptionSource.MANUAL: _("added by hand"),
    SubscriptionSource.VOTE: _("portal vote"),
}
# Why a contact who asked is not written to.
EXCLUDED = {
    "opted_out": _("taken off this feature's list"),
    "no_email": _("no email address"),
    "invalid_email": _("email address is not valid"),
    "unsubscribed": _("unsubscribed"),
    "bounced": _("email bounced before"),
    "duplicate": _("same email as another contact"),
    "already_told": _("already told"),
}


@dataclass
class Recipient:
    contact_id: int
    name: str
    email: str  # as written on the contact
    key: str  # lower-cased: one email per key per feature
    language: str
    account_id: int | None
    account_name: str
    owner_id: int | None
    owner_name: str
    why: list[str]
    excluded: str = ""  # a key of EXCLUDED, or "" when this person will be written to

    @property
    def why_labels(self) -> list[str]:
        return [str(WHY[w]) for w in self.why]

    @property
    def excluded_label(self) -> str:
        return str(EXCLUDED[self.excluded]) if self.excluded else ""


@dataclass
class OwnerGroup:
    owner_id: int | None
    owner_name: str
    recipients: list[Recipient] = field(default_factory=list)

    @property
    def accounts(self) -> int:
        return len({r.account_id for r in self.recipients if r.account_id is not None})


@dataclass
class RecipientList:
    feature: Feature
    recipients: list[Recipient]  # will be written to, in sending order
    excluded: list[Recipient]

    @property
    def groups(self) -> list[OwnerGroup]:
        """The recipients grouped by their account's owner; no owner last."""
        by_owner: dict[int | None, OwnerGroup] = {}
        for r in self.recipients:
            group = by_owner.setdefault(r.owner_id, OwnerGroup(r.owner_id, r.owner_name))
            group.recipients.append(r)
        return sorted(by_owner.values(), key=lambda g: (g.owner_id is None, g.owner_name.lower()))

    def languages(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for r in self.recipients:
            counts[r.language] += 1
        return dict(counts)


def _owner_name(account: Account | None) -> tuple[int | None, str]:
    if account is None or account.owner is None:
        return None, ""
    owner = account.owner
    return owner.pk, owner.get_full_name() or owner.get_username()


def recipient_list(feature: Feature) -> RecipientList:
    """Everyone who asked for ``feature``: who will be written to and who will not, and why."""
    why: dict[int, set[str]] = defaultdict(set)
    conversation_language: dict[int, str] = {}
    conversation_account: dict[int, int] = {}
    linked = set(
        FeatureConversation.objects.filter(feature=feature).values_list("conversation_id", flat=True)
    )
    quoted = set(FeatureQuote.objects.filter(feature=feature).values_list("conversation_id", flat=True))
    rows = (
        demand_conversations(feature)
        .filter(contact__isnull=False)
        .order_by("started_at", "pk")
        .values_list("pk", "contact_id", "account_id", "language")
    )
    for pk, contact_id, account_id, language in rows:
        why[contact_id].add("quoted" if pk in quoted else "linked" if pk in linked else "tagged")
        # The latest conversation wins: rows come oldest first.
        if language:
            conversation_language[contact_id] = language
        if account_id:
            conversation_account[contact_id] = account_id

    opted_out: set[int] = set()
    for contact_id, state, source in FeatureSubscription.objects.filter(feature=feature).values_list(
        "contact_id", "state", "source"
    ):
        if state == SubscriptionState.OPTED_OUT:
            opted_out.add(contact_id)
        else:
            why[contact_id].add(source)

    contacts = Contact.objects.filter(pk__in=list(why)).select_related("account__owner").order_by("pk")
    fallback_accounts = {
        a.pk: a
        for a in Account.objects.filter(pk__in=set(conversation_account.values())).select_related("owner")
    }
    told = set(
        Delivery.objects.filter(feature=feature)
        .exclude(status=DeliveryStatus.FAILED)
        .values_list("email", flat=True)
    )
    order = list(WHY)
    recipients: list[Recipient] = []
    excluded: list[Recipient] = []
    seen: set[str] = set()
    for contact in contacts:
        account = contact.account or fallback_accounts.get(conversation_account.get(contact.pk, 0))
        owner_id, owner_name = _owner_name(account)
        email = contact.email.strip()
        r = Recipient(
            contact_id=contact.pk,
            name=contact.name,
            email=email,
            key=email.lower(),
            language=language_for(contact.locale, conversation_language.get(contact.pk)),
            account_id=account.pk if account else None,
            account_name=account.name if account else "",
            owner_id=owner_id,
            owner_name=owner_name,
            why=sorted(why[contact.pk], key=order.index),
        )
        r.excluded = _exclusion(contact, r, opted_out, seen, told)
        (excluded if r.excluded else recipients).append(r)
        if r.key:
            seen.add(r.key)
    recipients.sort(key=lambda r: (r.owner_name.lower(), r.account_name.lower(), r.key))
    return RecipientList(feature=feature, recipients=recipients, excluded=excluded)


def _exclusion(contact: Contact, r: Recipient, opted_out: set[int], seen: set[str], told: set[str]) -> str:
    if contact.pk in opted_out:
        return "opted_out"
    if not r.email:
        return "no_email"
    try:
        validate_email(r.email)
    except ValidationError:
        return "invalid_email"
    if any(ch in r.email for ch in "\r\n"):
        return "invalid_email"
    if contact.unsubscribed:
        return "unsubscribed"
    if contact.bounced:
        return "bounced"
    if r.key in seen:
        return "duplicate"
    if r.key in told:
        return "already_told"
    return ""


def deliveries(feature: Feature, limit: int = 500) -> list[Delivery]:
    return list(Delivery.objects.filter(feature=feature).select_related("account")[:limit])


def delivery_counts(feature: Feature) -> dict[str, int]:
    counts = {status: 0 for status in DeliveryStatus.values}
    for status in Delivery.objects.filter(feature=feature).values_list("status", flat=True):
        counts[status] += 1
    return counts


def shipped_features() -> list[dict[str, Any]]:
    """Shipped features, latest first, with how many people were told about each."""
    from django.db.models import Count, Q

    from voxpop.roadmap.models import FeatureStatus

    rows = (
        Feature.objects.filter(status=FeatureStatus.SHIPPED)
        .annotate(told=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)))
        .order_by("-shipped_at", "-pk")
    )
    return [{"feature": f, "told": f.told} for f in rows]
