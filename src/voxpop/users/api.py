from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from voxpop.users.models import User
from voxpop.users.policies import check

router = Router(tags=["users"])


class UserOut(Schema):
    id: int
    username: str
    email: str
    role: str
    is_active: bool


@router.get("/me", response=UserOut)
def me(request: HttpRequest) -> User:
    check(request, "view_workspace")
    return request.user  # type: ignore[return-value]


@router.get("", response=list[UserOut])
def list_users(request: HttpRequest) -> list[User]:
    check(request, "manage_users")
    return list(User.objects.order_by("username"))
