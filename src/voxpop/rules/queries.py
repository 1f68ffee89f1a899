"""Reading rules for the rules page and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from voxpop.rules.models import Rule
from voxpop.taxonomy.queries import full_path_names


def rule_rows(rules: QuerySet[Rule] | None = None) -> list[dict[str, Any]]:
    chosen = list((Rule.objects.all() if rules is None else rules).select_related("tag", "created_by"))
    paths = full_path_names()
    return [
        {
            "id": rule.pk,
            "ref": rule.ref,
            "tag_id": rule.tag_id,
            "tag_slug": rule.tag.slug,
            "tag_path": paths.get(rule.tag_id, rule.tag.name),
            "kind": rule.kind,
            "pattern": rule.pattern,
            "mode": rule.mode,
            "active": rule.active,
            "created_by": rule.created_by.get_username() if rule.created_by else None,
            "created_at": rule.created_at,
            "updated_at": rule.updated_at,
        }
        for rule in chosen
    ]
