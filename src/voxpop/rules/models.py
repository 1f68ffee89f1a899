"""Rules: a keyword list or a regular expression per tag.

A rule in ``suggest`` mode adds :class:`voxpop.tagging.models.Suggestion` rows
(``model_version="rule:<id>"``); in ``auto`` mode it records tag decisions by the
rule (``decider="rule"``, ``rule_ref="rule:<id>"``), which a person's decision
always outranks. See :mod:`voxpop.rules.matching` for what matches.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from voxpop.taxonomy.models import Tag

MAX_PATTERN_LENGTH = 2000  # a keyword list; a regular expression is held to less (see matching)


class RuleKind(models.TextChoices):
    KEYWORD = "keyword", _("Keywords")
    REGEX = "regex", _("Regular expression")


class RuleMode(models.TextChoices):
    SUGGEST = "suggest", _("Suggest")
    AUTO = "auto", _("Tag automatically")


class Rule(models.Model):
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="rules")
    kind = models.CharField(max_length=8, choices=RuleKind.choices, default=RuleKind.KEYWORD)
    pattern = models.TextField(
        help_text="keywords separated by commas or new lines, or one regular expression"
    )
    mode = models.CharField(max_length=8, choices=RuleMode.choices, default=RuleMode.SUGGEST)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tag__path", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    GreaterThanOrEqual(Length("pattern"), 1),
                    LessThanOrEqual(Length("pattern"), MAX_PATTERN_LENGTH),
                ),
                name="rule_pattern_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} rule {self.pk} for {self.tag_id}"

    @property
    def ref(self) -> str:
        """How suggestions and decisions made by this rule name it."""
        return f"rule:{self.pk}"
