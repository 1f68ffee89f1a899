"""Rules in JSON: list and read (view_taxonomy); write, apply and preview (manage_rules)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal, TypeVar

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from voxpop.core.schemas import InputSchema
from voxpop.rules import queries, services
from voxpop.rules.models import Rule
from voxpop.taxonomy.models import Tag
from voxpop.users.policies import check

router = Router(tags=["rules"])
T = TypeVar("T")
Kind = Literal["keyword", "regex"]
Mode = Literal["suggest", "auto"]


class RuleOut(Schema):
    id: int
    ref: str
    tag_id: int
    tag_slug: str
    tag_path: str
    kind: str
    pattern: str
    mode: str
    active: bool
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class RuleIn(InputSchema):
    tag_id: int
    pattern: str
    kind: Kind = "keyword"
    mode: Mode = "suggest"
    active: bool = True


class RulePatch(InputSchema):
    pattern: str | None = None
    kind: Kind | None = None
    mode: Mode | None = None
    active: bool | None = None


class ApplyIn(InputSchema):
    rule_ids: list[int] | None = Field(None, description="default: every active rule")
    conversation_ids: list[int] | None = Field(None, description="default: every conversation")


class ApplyOut(Schema):
    rules: int
    conversations: int
    matched: int
    suggestions: int
    decisions: int


class PreviewIn(InputSchema):
    rule_id: int | None = None
    pattern: str = ""
    kind: Kind = "keyword"


class SampleOut(Schema):
    conversation_id: int
    subject: str
    text: str


class PreviewOut(Schema):
    scanned: int
    matched: int
    samples: list[SampleOut]


def _change(action: Callable[[], T]) -> T:
    try:
        with transaction.atomic():
            return action()
    except services.RuleError as exc:
        raise HttpError(400, str(exc)) from exc


def _row(rule: Rule) -> dict[str, Any]:
    return queries.rule_rows(Rule.objects.filter(pk=rule.pk))[0]


@router.get("", response=list[RuleOut])
def list_rules(request: HttpRequest, tag_id: int | None = None) -> list[dict[str, Any]]:
    check(request, "view_taxonomy")
    rules = Rule.objects.all()
    if tag_id is not None:
        rules = rules.filter(tag_id=tag_id)
    return queries.rule_rows(rules)


@router.get("/{int:rule_id}", response=RuleOut)
def get_rule(request: HttpRequest, rule_id: int) -> dict[str, Any]:
    check(request, "view_taxonomy")
    return _row(get_object_or_404(Rule, pk=rule_id))


@router.post("", response=RuleOut)
def create_rule(request: HttpRequest, payload: RuleIn) -> dict[str, Any]:
    check(request, "manage_rules")
    tag = get_object_or_404(Tag, pk=payload.tag_id)
    rule = _change(
        lambda: services.create_rule(
            tag,
            payload.pattern,
            kind=payload.kind,
            mode=payload.mode,
            active=payload.active,
            actor=request.user,
        )
    )
    return _row(rule)


@router.patch("/{int:rule_id}", response=RuleOut)
def update_rule(request: HttpRequest, rule_id: int, payload: RulePatch) -> dict[str, Any]:
    check(request, "manage_rules")
    rule = get_object_or_404(Rule.objects.select_related("tag"), pk=rule_id)
    changes = payload.dict(exclude_none=True)
    return _row(_change(lambda: services.update_rule(rule, actor=request.user, **changes)))


@router.delete("/{int:rule_id}", response={204: None})
def delete_rule(request: HttpRequest, rule_id: int) -> Status:
    check(request, "manage_rules")
    rule = get_object_or_404(Rule.objects.select_related("tag"), pk=rule_id)
    _change(lambda: services.delete_rule(rule, actor=request.user))
    return Status(204, None)


@router.post("/apply", response=ApplyOut)
def apply_rules(request: HttpRequest, payload: ApplyIn) -> dict[str, int]:
    """Run rules over conversations now; running again adds nothing."""
    check(request, "manage_rules")
    rules = None
    if payload.rule_ids is not None:
        rules = list(Rule.objects.select_related("tag").filter(pk__in=payload.rule_ids))
    return services.apply_rules(payload.conversation_ids, rules=rules, actor=request.user)


@router.post("/preview", response=PreviewOut)
def preview(request: HttpRequest, payload: PreviewIn) -> services.Preview:
    """What a rule, or a pattern being written, would match; writes nothing."""
    check(request, "manage_rules")
    if payload.rule_id is not None:
        rule = get_object_or_404(Rule, pk=payload.rule_id)
        return services.preview(rule)
    return _change(lambda: services.preview(payload.pattern, kind=payload.kind))
