"""Parsing the feature form (the service validates; the form only reads fields)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import QueryDict

from voxpop.roadmap.models import Theme
from voxpop.users.models import User


class FormError(Exception):
    pass


def feature_fields(data: QueryDict) -> dict[str, Any]:
    """The editable fields and themes posted by the feature form."""
    effort_text = data.get("effort", "").strip()
    try:
        effort = Decimal(effort_text) if effort_text else None
    except InvalidOperation as exc:
        raise FormError(f"effort: {effort_text!r} is not a number") from exc
    owner_id = data.get("owner", "").strip()
    owner = User.objects.filter(pk=int(owner_id)).first() if owner_id.isdigit() else None
    theme_ids = [int(v) for v in data.getlist("themes") if v.isdigit()]
    return {
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "target_period": data.get("target_period", "").strip(),
        "owner": owner,
        "effort": effort,
        "tracker_url": data.get("tracker_url", "").strip(),
        "themes": list(Theme.objects.filter(pk__in=theme_ids)),
    }
