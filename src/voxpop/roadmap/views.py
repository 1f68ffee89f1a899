"""Feature pages: the list, the evidence page (with its management forms for editors),
the Markdown export, themes, and linking from the conversation page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voxpop.conversations.models import Conversation, Message
from voxpop.core.http import HtmxHttpRequest
from voxpop.core.schemas import NUL, nul_refused
from voxpop.roadmap import ledger, markdown, queries, services
from voxpop.roadmap.evidence import DIMENSIONS
from voxpop.roadmap.forms import FormError, feature_fields
from voxpop.roadmap.models import Feature, FeatureQuote, FeatureStatus, Theme
from voxpop.roadmap.snapshots import evidence_cached, evidence_with_key
from voxpop.taxonomy.models import Tag
from voxpop.taxonomy.views import chart
from voxpop.users.models import User
from voxpop.users.policies import allowed, require

LEDGER_PAGE = 50  # requesters per page of the evidence page's ledger
LOST_DEALS_SHOWN = 20  # largest lost deals on the evidence page


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require("view_workspace")
def feature_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    theme = request.GET.get("theme", "")
    if NUL in theme:  # PostgreSQL cannot compare text holding a NUL: say so, not a 500
        return HttpResponseBadRequest(nul_refused("theme"), content_type="text/plain; charset=utf-8")
    found = list(queries.features(status if status in FeatureStatus.values else "", theme))
    totals = ledger.summaries(found)
    return render(
        request,
        "roadmap/features.html",
        {
            "rows": [(feature, totals[feature.pk]) for feature in found],
            "statuses": FeatureStatus.choices,
            "themes": Theme.objects.all(),
            "status": status,
            "theme": theme,
            "can_manage": allowed(request.user, "manage_features"),
        },
    )


def _form_context() -> dict:
    return {
        "statuses": FeatureStatus.choices,
        "themes": Theme.objects.all(),
        "owners": User.objects.filter(is_active=True).order_by("username"),
    }


@require("manage_features")
def feature_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            fields = feature_fields(request.POST)
            feature = services.create_feature(
                fields.pop("title"),
                status=request.POST.get("status", FeatureStatus.IDEA),
                actor=request.user,
                **fields,
            )
        except (FormError, services.RoadmapError) as exc:
            messages.error(request, str(exc))
            return render(
                request, "roadmap/feature_new.html", {**_form_context(), "data": request.POST}, status=400
            )
        return redirect("roadmap:detail", feature.pk)
    return render(request, "roadmap/feature_new.html", {**_form_context(), "data": {}})


@require("view_workspace")
def feature_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.GET.get("format") == "md":
        return feature_markdown(request, pk)
    feature = get_object_or_404(Feature.objects.select_related("owner").prefetch_related("themes"), pk=pk)
    found, evidence_key = evidence_with_key(feature)
    points = [{"week": w.week, "conversations": w.conversations} for w in found.trend]
    pages = max(1, -(-len(found.ledger) // LEDGER_PAGE))
    try:
        ledger_page = min(max(1, int(request.GET.get("ledger", 1))), pages)
    except ValueError:
        ledger_page = 1
    first = (ledger_page - 1) * LEDGER_PAGE
    can_manage = allowed(request.user, "manage_features")
    return render(
        request,
        "roadmap/feature.html",
        {
            "feature": feature,
            "evidence": found,
            # The evidence sections are cached under the fingerprint of their inputs (and
            # the language and ledger page): a new key whenever anything they show changes.
            "evidence_key": evidence_key,
            "chart": chart(points),
            # The page renders one page of requesters; the API and the export have them all.
            "ledger_rows": found.ledger[first : first + LEDGER_PAGE],
            "ledger_page": ledger_page,
            "ledger_pages": pages,
            "ledger_first": first + 1,
            "ledger_last": min(first + LEDGER_PAGE, len(found.ledger)),
            # The largest lost deals; the API and the export list every one.
            "lost_deals": found.lost_deals[:LOST_DEALS_SHOWN],
            "lost_deals_more": len(found.lost_deals) > LOST_DEALS_SHOWN,
            "breakdowns": [(d, found.breakdowns[d]) for d in DIMENSIONS],
            "links": queries.feature_links(feature),
            "can_manage": can_manage,
            "can_link": allowed(request.user, "link_evidence"),
            "theme_ids": {t.pk for t in feature.themes.all()},
            **(_form_context() if can_manage else {}),
        },
    )


@require("view_workspace")
def feature_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    url = request.build_absolute_uri(reverse("roadmap:detail", args=[pk]))
    response = HttpResponse(
        markdown.render(evidence_cached(feature), url), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="feature-{pk}.md"'
    return response


def _back(pk: int) -> HttpResponse:
    return redirect("roadmap:detail", pk)


@require_POST
@require("manage_features")
def feature_edit(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    try:
        fields = feature_fields(request.POST)
        services.update_feature(feature, actor=request.user, themes=fields.pop("themes"), **fields)
    except (FormError, services.RoadmapError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Feature saved."))
    return _back(pk)


@require_POST
@require("manage_features")
def feature_status(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    try:
        services.set_status(feature, request.POST.get("status", ""), actor=request.user)
    except services.RoadmapError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status: %(status)s.") % {"status": feature.get_status_display()})
    return _back(pk)


@require_POST
@require("link_evidence")
def link_tag(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    tag_id = _int(request.POST.get("tag"))
    tag = Tag.objects.filter(pk=tag_id).first() if tag_id is not None else None
    if tag is None:
        messages.error(request, _("Choose a tag first."))
    else:
        services.link_tag(feature, tag, actor=request.user)
    return _back(pk)


@require_POST
@require("link_evidence")
def unlink_tag(request: HttpRequest, pk: int, tag_id: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    services.unlink_tag(feature, get_object_or_404(Tag, pk=tag_id), actor=request.user)
    return _back(pk)


@require_POST
@require("link_evidence")
def link_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    conversation_id = _int(request.POST.get("conversation"))
    conversation = Conversation.objects.filter(pk=conversation_id).first() if conversation_id else None
    if conversation is None:
        messages.error(request, _("No conversation with that number."))
    else:
        services.link_conversation(feature, conversation, actor=request.user)
    return _back(pk)


@require_POST
@require("link_evidence")
def unlink_conversation(request: HttpRequest, pk: int, conversation_id: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    services.unlink_conversation(
        feature, get_object_or_404(Conversation, pk=conversation_id), actor=request.user
    )
    return _back(pk)


@require_POST
@require("link_evidence")
def unlink_quote(request: HttpRequest, pk: int, quote_id: int) -> HttpResponse:
    quote = get_object_or_404(FeatureQuote, pk=quote_id, feature_id=pk)
    services.unlink_quote(quote, actor=request.user)
    return _back(pk)


@require("view_workspace")
def themes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roadmap/themes.html",
        {
            "themes": Theme.objects.prefetch_related("features"),
            "can_manage": allowed(request.user, "manage_features"),
        },
    )


@require_POST
@require("manage_features")
def theme_new(request: HttpRequest) -> HttpResponse:
    try:
        services.create_theme(
            request.POST.get("name", ""),
            slug=request.POST.get("slug", "").strip(),
            description=request.POST.get("description", ""),
            actor=request.user,
        )
    except services.RoadmapError as exc:
        messages.error(request, str(exc))
    return redirect("roadmap:themes")


@require_POST
@require("manage_features")
def theme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.delete_theme(get_object_or_404(Theme, pk=pk), actor=request.user)
    return redirect("roadmap:themes")


def feature_panel(request: HttpRequest, conversation: Conversation, error: str = "") -> HttpResponse:
    """The refreshed panel; an error is shown in it (htmx swaps 200 answers only)."""
    from voxpop.roadmap.templatetags.roadmap import panel_context

    return render(request, "roadmap/_conversation_features.html", panel_context(request, conversation, error))


@require_POST
@require("link_evidence")
def conversation_link(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Link the conversation, or the selected span of one of its messages, to a feature."""
    conversation = get_object_or_404(Conversation, pk=pk)
    feature_id = _int(request.POST.get("feature"))
    feature = Feature.objects.filter(pk=feature_id).first() if feature_id is not None else None
    error = ""
    if feature is None:
        error = _("Choose a feature first.")
    else:
        message_id, start, end = (_int(request.POST.get(k)) for k in ("message", "start", "end"))
        try:
            if message_id is not None and start is not None and end is not None:
                message = get_object_or_404(Message, pk=message_id, conversation=conversation)
                services.link_quote(feature, message, start, end, actor=request.user)
            else:
                services.link_conversation(feature, conversation, actor=request.user)
        except services.RoadmapError as exc:
            error = str(exc)
    if request.htmx:
        return feature_panel(request, conversation, error)
    if error:
        messages.error(request, error)
    url = reverse("conversations:detail", args=[pk])
    query = request.POST.get("query", "")
    return redirect(f"{url}?{query}" if query else url)
