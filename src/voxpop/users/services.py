"""Creating people, changing their roles, and issuing API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from voxpop.audit import services as audit
from voxpop.users.models import ApiToken, Role, User

TOKEN_PREFIX = "vxp_"


class UserError(Exception):
    pass


def generate_password() -> str:
    return secrets.token_urlsafe(15)


@dataclass(frozen=True)
class NewUser:
    user: User
    password: str
    created: bool


def create_user(
    username: str,
    *,
    role: str = Role.VIEWER,
    email: str = "",
    password: str | None = None,
    actor: Any = None,
) -> NewUser:
    """Create a person; a password is generated when none is given. Returns it once."""
    if role not in Role.values:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(Role.values)}")
    if not username.strip():
        raise UserError("a user name cannot be empty")
    if User.objects.filter(username=username).exists():
        raise UserError(f"user {username!r} already exists")
    password = password or generate_password()
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            email=email,
            password=password,
            role=role,
            is_staff=role == Role.ADMIN,
        )
        audit.record("user.created", actor=actor, target=user, data={"role": role})
    return NewUser(user=user, password=password, created=True)


def set_password(user: User, password: str | None = None, *, actor: Any = None) -> str:
    password = password or generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record("user.password_reset", actor=actor, target=user)
    return password


def set_role(user: User, role: str, *, actor: Any = None) -> User:
    if role not in Role.values:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(Role.values)}")
    old = user.role
    if old == role:
        return user
    user.role = role
    user.is_staff = role == Role.ADMIN
    user.save(update_fields=["role", "is_staff"])
    audit.record("user.role_changed", actor=actor, target=user, data={"from": old, "to": role})
    return user


def _digest(raw: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is the right tool here:
    # nothing to brute-force, and lookups stay O(1).
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user: User, name: str, *, actor: Any = None) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], digest=_digest(raw))
    audit.record("token.created", actor=actor or user, target=token, data={"name": name})
    return token, raw


def user_for_token(raw: str) -> User | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def revoke_token(token: ApiToken, *, actor: Any = None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record("token.revoked", actor=actor, target=token)
