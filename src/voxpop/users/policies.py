"""Who may do what: one named policy per verb, checked in one place.

Views use :func:`require`, the API uses :func:`check`; both ask :func:`allowed`.
Roles are ordered (viewer < editor < admin), and each policy names the least role.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from voxpop.users.models import Role, User

POLICIES: dict[str, Role] = {
    # Reading: every signed-in person.
    "view_workspace": Role.VIEWER,
    "view_conversations": Role.VIEWER,
    "view_taxonomy": Role.VIEWER,
    # Tagging and linking evidence: editors.
    "tag_conversations": Role.EDITOR,
    "link_evidence": Role.EDITOR,
    "manage_features": Role.EDITOR,
    "import_data": Role.EDITOR,
    "export_data": Role.EDITOR,
    "plan_roadmap": Role.EDITOR,
    "view_engine": Role.EDITOR,
    "run_discovery": Role.EDITOR,
    # Changing the shape of the workspace: admins.
    "manage_taxonomy": Role.ADMIN,
    "manage_rules": Role.ADMIN,
    "manage_users": Role.ADMIN,
    "view_audit_log": Role.ADMIN,
    "manage_priorities": Role.ADMIN,
    "upload_imports": Role.ADMIN,
    # Closing the loop: seeing who asked (their email addresses) and writing to them.
    "announce_features": Role.ADMIN,
}


def allowed(user: Any, policy: str) -> bool:
    """True when ``user`` (possibly anonymous) may act under ``policy``."""
    least = POLICIES[policy]  # a KeyError here is a typo in our code, not a denial
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return False
    return user.has_role(least)


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def require(policy: str) -> Callable[[ViewFunc], ViewFunc]:
    """View decorator: anonymous people are sent to sign in, others without the role get 403."""
    POLICIES[policy]  # fail at import on an unknown policy name

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user, policy):
                raise PermissionDenied(policy)
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def check(request: HttpRequest, policy: str) -> None:
    """API guard: raise PermissionError (answered as 403) unless the caller may act."""
    if not allowed(request.user, policy):
        raise PermissionError(f"your role may not {policy.replace('_', ' ')}")
