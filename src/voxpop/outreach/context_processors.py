from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from voxpop.users.policies import allowed


def outreach(request: HttpRequest) -> dict[str, Any]:
    """``can_announce``: whether the navigation shows the close-the-loop page."""
    return {"can_announce": allowed(getattr(request, "user", None), "announce_features")}
