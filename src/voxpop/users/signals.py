"""Sign-ins, sign-outs and failed sign-ins go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from voxpop.audit import services as audit


@receiver(user_logged_in, dispatch_uid="voxpop.audit.login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record("auth.sign_in", actor=user, target=user, request=request)


@receiver(user_logged_out, dispatch_uid="voxpop.audit.logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record("auth.sign_out", actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="voxpop.audit.login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    audit.record(
        "auth.sign_in_failed", data={"username": str(credentials.get("username", ""))[:150]}, request=request
    )
