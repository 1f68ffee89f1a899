from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from voxpop.core import queries
from voxpop.users.policies import check

router = Router(tags=["workspace"])


class CountsOut(Schema):
    accounts: int
    contacts: int
    sources: int
    conversations: int
    messages: int
    tags: int
    leaf_tags: int
    decisions: int
    suggestions: int
    tagged_conversations: int


@router.get("/stats", response=CountsOut)
def stats(request: HttpRequest) -> dict[str, int]:
    """The workspace's counts: the home page's figures."""
    check(request, "view_workspace")
    return queries.workspace_counts()
