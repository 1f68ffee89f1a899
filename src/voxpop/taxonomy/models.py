"""The hierarchical tag taxonomy.

A tag's ``slug`` is its stable identity: user data (any printable characters,
including ``?``, upper case and CJK), never changed after creation. Its name,
description, parent and status can change; the tree is kept as a materialised
``path`` of ids ("/3/17/42/") so a subtree is one indexed prefix query.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class TagStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DEPRECATED = "deprecated", _("Deprecated")
    MERGED = "merged", _("Merged")


def validate_slug(value: str) -> None:
    if not value:
        raise ValidationError("a tag slug cannot be empty")
    if value != value.strip():
        raise ValidationError(f"tag slug {value!r} has leading or trailing spaces")
    if not value.isprintable():
        raise ValidationError(f"tag slug {value!r} contains control or non-printable characters")
    if "\n" in value or "\r" in value:
        raise ValidationError(f"tag slug {value!r} contains a line break")


class ImmutableSlugError(Exception):
    pass


class Tag(models.Model):
    slug = models.CharField(max_length=200, unique=True, validators=[validate_slug])
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The root this tag belongs to (itself for a root): product area, question type, route...
    facet = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="facet_members"
    )
    is_facet = models.BooleanField(default=False, help_text="A root that is a tagging dimension.")
    path = models.CharField(max_length=1000, db_index=True, default="", editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    position = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True, default="")
    examples = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=TagStatus.choices, default=TagStatus.ACTIVE)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    colour = models.CharField(max_length=7, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The slug as loaded from the database, to refuse changing it on save.
    _loaded_slug: str | None = None

    class Meta:
        ordering = ["path", "position", "name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="tag_not_own_parent"),
            models.CheckConstraint(
                condition=models.Q(status="merged", merged_into__isnull=False)
                | (~models.Q(status="merged") & models.Q(merged_into__isnull=True)),
                name="tag_merged_has_target",
            ),
            models.CheckConstraint(
                condition=models.Q(colour="") | models.Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="tag_colour_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        loaded = getattr(self, "_loaded_slug", None)
        if not self._state.adding and loaded is not None and loaded != self.slug:
            raise ImmutableSlugError(
                f"tag slug {loaded!r} cannot change (tried {self.slug!r}); rename the tag instead"
            )
        super().save(*args, **kwargs)
        self._loaded_slug = self.slug

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Tag:
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class TagSplit(models.Model):
    """Tag ``tag`` was split into ``successors``; its conversations await review."""

    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="splits")
    successors = models.ManyToManyField(Tag, related_name="split_from")
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"split of {self.tag_id}"
