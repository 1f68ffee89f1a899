"""The rules page: see every rule, preview a pattern, add, switch, apply, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voxpop.rules import queries, services
from voxpop.rules.models import Rule, RuleKind, RuleMode
from voxpop.taxonomy.models import Tag
from voxpop.users.policies import allowed, require


@require("view_taxonomy")
def rules(request: HttpRequest) -> HttpResponse:
    preview = None
    pattern = request.GET.get("pattern", "").strip()
    kind = request.GET.get("kind", RuleKind.KEYWORD)
    if pattern and allowed(request.user, "manage_rules"):
        try:
            preview = services.preview(pattern, kind=kind)
        except services.RuleError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "rules/rules.html",
        {
            "rows": queries.rule_rows(),
            "can_manage": allowed(request.user, "manage_rules"),
            "kinds": RuleKind.choices,
            "modes": RuleMode.choices,
            "pattern": pattern,
            "kind": kind,
            "preview": preview,
            "tag_slug": request.GET.get("tag", ""),
        },
    )


@require_POST
@require("manage_rules")
def create(request: HttpRequest) -> HttpResponse:
    tag = Tag.objects.filter(slug=request.POST.get("tag", "")).first()
    if tag is None:
        messages.error(request, _("No tag with that slug."))
        return redirect("rules:list")
    try:
        rule = services.create_rule(
            tag,
            request.POST.get("pattern", ""),
            kind=request.POST.get("kind", RuleKind.KEYWORD),
            mode=request.POST.get("mode", RuleMode.SUGGEST),
            actor=request.user,
        )
    except services.RuleError as exc:
        messages.error(request, str(exc))
        return redirect("rules:list")
    counts = services.apply_rules(rules=[rule], actor=request.user)
    messages.success(
        request,
        _("Rule saved and applied: %(matched)d conversations matched.")
        % {"matched": counts.get("matched", 0)},
    )
    return redirect("rules:list")


@require_POST
@require("manage_rules")
def operate(request: HttpRequest, pk: int, operation: str) -> HttpResponse:
    rule = get_object_or_404(Rule.objects.select_related("tag"), pk=pk)
    try:
        if operation == "toggle":
            services.update_rule(rule, active=not rule.active, actor=request.user)
        elif operation == "apply":
            counts = services.apply_rules(rules=[rule], actor=request.user)
            messages.success(
                request,
                _("Applied: %(matched)d conversations matched.") % {"matched": counts.get("matched", 0)},
            )
        elif operation == "delete":
            services.delete_rule(rule, actor=request.user)
        else:
            messages.error(request, _("Unknown operation."))
    except services.RuleError as exc:
        messages.error(request, str(exc))
    return redirect("rules:list")
