"""All writes to features and their evidence links. Each is recorded in the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from voxpop.audit import services as audit
from voxpop.conversations.models import Conversation, Message
from voxpop.roadmap.models import (
    Feature,
    FeatureConversation,
    FeatureQuote,
    FeatureStatus,
    FeatureTag,
    Theme,
    validate_period,
)
from voxpop.roadmap.signals import feature_status_changed
from voxpop.roadmap.snapshots import inputs_changed
from voxpop.taxonomy.models import Tag

EDITABLE = ("title", "description", "target_period", "owner", "effort", "tracker_url")


class RoadmapError(Exception):
    pass


def _validate(feature: Feature) -> None:
    if not feature.title.strip():
        raise RoadmapError("title: a feature needs a title")
    try:
        validate_period(feature.target_period)
    except ValidationError as exc:
        raise RoadmapError(f"target_period: {exc.messages[0]}") from exc
    if feature.effort is not None and Decimal(feature.effort) < 0:
        raise RoadmapError("effort: must not be negative")
    try:
        feature.clean_fields(exclude=["owner", "status", "shipped_at"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise RoadmapError(f"{field}: {messages[0]}") from exc


@transaction.atomic
def create_feature(
    title: str,
    *,
    description: str = "",
    status: str = FeatureStatus.IDEA,
    target_period: str = "",
    owner: Any = None,
    effort: Decimal | float | None = None,
    tracker_url: str = "",
    themes: Iterable[Theme] = (),
    actor: Any = None,
) -> Feature:
    if status not in FeatureStatus.values:
        raise RoadmapError(f"status: {status!r} is not one of {', '.join(FeatureStatus.values)}")
    feature = Feature(
        title=title.strip(),
        description=description,
        status=status,
        target_period=target_period,
        owner=owner,
        effort=None if effort is None else Decimal(str(effort)),
        tracker_url=tracker_url,
        shipped_at=timezone.now() if status == FeatureStatus.SHIPPED else None,
    )
    _validate(feature)
    feature.save()
    feature.themes.set(list(themes))
    audit.record("feature.create", actor=actor, target=feature, data={"title": feature.title})
    return feature


@transaction.atomic
def update_feature(
    feature: Feature, *, actor: Any = None, themes: Iterable[Theme] | None = None, **changes: Any
) -> Feature:
    """Change the editable fields named in ``changes`` (status has its own function)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise RoadmapError(f"{sorted(unknown)[0]}: not an editable field of a feature")
    before = {name: str(getattr(feature, name)) for name in changes}
    for name, value in changes.items():
        if name == "effort" and value is not None:
            value = Decimal(str(value))
        if name == "title":
            value = value.strip()
        setattr(feature, name, value)
    _validate(feature)
    feature.save()
    if themes is not None:
        feature.themes.set(list(themes))
    after = {name: str(getattr(feature, name)) for name in changes}
    audit.record("feature.update", actor=actor, target=feature, data={"before": before, "after": after})
    return feature


def set_status(feature: Feature, status: str, *, actor: Any = None) -> Feature:
    """Move a feature to ``status``; ``feature_status_changed`` fires after commit."""
    if status not in FeatureStatus.values:
        raise RoadmapError(f"status: {status!r} is not one of {', '.join(FeatureStatus.values)}")
    old = feature.status
    if old == status:
        return feature
    with transaction.atomic():
        feature.status = status
        if status == FeatureStatus.SHIPPED:
            feature.shipped_at = timezone.now()
        elif old == FeatureStatus.SHIPPED:
            feature.shipped_at = None
        feature.save(update_fields=["status", "shipped_at", "updated_at"])
        audit.record("feature.status", actor=actor, target=feature, data={"from": old, "to": status})
        transaction.on_commit(
            lambda: feature_status_changed.send(Feature, feature=feature, old=old, new=status, actor=actor)
        )
    return feature


@transaction.atomic
def link_tag(feature: Feature, tag: Tag, *, actor: Any = None) -> FeatureTag:
    link, created = FeatureTag.objects.get_or_create(
        feature=feature, tag=tag, defaults={"linked_by": _user(actor)}
    )
    if created:
        audit.record("feature.link_tag", actor=actor, target=feature, data={"tag": tag.slug})
        inputs_changed([feature.pk])
    return link


@transaction.atomic
def unlink_tag(feature: Feature, tag: Tag, *, actor: Any = None) -> bool:
    deleted, _ = FeatureTag.objects.filter(feature=feature, tag=tag).delete()
    if deleted:
        audit.record("feature.unlink_tag", actor=actor, target=feature, data={"tag": tag.slug})
        inputs_changed([feature.pk])
    return bool(deleted)


@transaction.atomic
def link_conversation(
    feature: Feature, conversation: Conversation, *, actor: Any = None
) -> FeatureConversation:
    link, created = FeatureConversation.objects.get_or_create(
        feature=feature, conversation=conversation, defaults={"linked_by": _user(actor)}
    )
    if created:
        audit.record(
            "feature.link_conversation", actor=actor, target=feature, data={"conversation": conversation.pk}
        )
        inputs_changed([feature.pk])
    return link


@transaction.atomic
def unlink_conversation(feature: Feature, conversation: Conversation, *, actor: Any = None) -> bool:
    deleted, _ = FeatureConversation.objects.filter(feature=feature, conversation=conversation).delete()
    if deleted:
        audit.record(
            "feature.unlink_conversation", actor=actor, target=feature, data={"conversation": conversation.pk}
        )
        inputs_changed([feature.pk])
    return bool(deleted)


def link_quote(
    feature: Feature, message: Message, start: int, end: int, *, actor: Any = None
) -> FeatureQuote:
    """Link the span ``message.text[start:end]`` (character offsets) to ``feature``."""
    text = message.text
    if not (0 <= start < end <= len(text)):
        raise RoadmapError(
            f"quote: span {start}-{end} is outside message {message.pk} ({len(text)} characters)"
        )
    quote_text = text[start:end].strip()
    if not quote_text:
        raise RoadmapError("quote: the selected text is blank")
    try:
        with transaction.atomic():
            quote = FeatureQuote.objects.create(
                feature=feature,
                conversation_id=message.conversation_id,
                message=message,
                start=start,
                end=end,
                text=quote_text,
                linked_by=_user(actor),
            )
            audit.record(
                "feature.link_quote",
                actor=actor,
                target=feature,
                data={"message": message.pk, "start": start, "end": end},
            )
            inputs_changed([feature.pk])
    except IntegrityError:
        return FeatureQuote.objects.get(feature=feature, message=message, start=start, end=end)
    return quote


@transaction.atomic
def unlink_quote(quote: FeatureQuote, *, actor: Any = None) -> None:
    audit.record(
        "feature.unlink_quote",
        actor=actor,
        target=quote.feature,
        data={"quote": quote.pk, "text": quote.text[:200]},
    )
    inputs_changed([quote.feature_id])
    quote.delete()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def create_theme(name: str, *, slug: str = "", description: str = "", actor: Any = None) -> Theme:
    from django.utils.text import slugify

    name = name.strip()
    if not name:
        raise RoadmapError("name: a theme needs a name")
    # A name in Chinese or Korean has no ASCII slug: number it instead.
    slug = (slug or slugify(name) or f"theme-{Theme.objects.count() + 1}")[:100]
    if Theme.objects.filter(slug=slug).exists():
        raise RoadmapError(f"slug: a theme {slug!r} exists already")
    theme = Theme(slug=slug, name=name, description=description)
    try:
        theme.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise RoadmapError(f"{field}: {messages[0]}") from exc
    theme.save()
    audit.record("theme.create", actor=actor, target=theme, data={"slug": slug, "name": name})
    return theme


@transaction.atomic
def delete_theme(theme: Theme, *, actor: Any = None) -> None:
    """Delete a theme; features keep everything but the theme."""
    audit.record("theme.delete", actor=actor, target=theme, data={"slug": theme.slug, "name": theme.name})
    theme.delete()
