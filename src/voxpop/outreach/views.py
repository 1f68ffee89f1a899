"""Close the loop: the announce page (preview, templates, send), and the public
unsubscribe page an email links to."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from voxpop.accounts.models import Contact
from voxpop.outreach import queries, services
from voxpop.outreach.models import SubscriptionState
from voxpop.outreach.rendering import context_for
from voxpop.outreach.rendering import render as render_text
from voxpop.outreach.sending import unsubscribe_url
from voxpop.outreach.tokens import read_token
from voxpop.roadmap import services as roadmap
from voxpop.roadmap.models import Feature, FeatureStatus
from voxpop.users.policies import require


def base_url(request: HttpRequest) -> str:
    """Where links in emails point: the address the admin reached voxpop at to send
    (its host is checked against VOXPOP_ALLOWED_HOSTS, its scheme honours
    VOXPOP_TRUST_X_FORWARDED_PROTO)."""
    return request.build_absolute_uri("/").rstrip("/")


@require("announce_features")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "outreach/index.html", {"rows": queries.shipped_features()})


@require("announce_features")
def announce(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    people = queries.recipient_list(feature)
    names = dict(settings.LANGUAGES)
    templates = []
    for language, template in services.templates_for(feature).items():
        sample = next((r for r in people.recipients if r.language == language), None)
        context = context_for(
            contact_name=sample.name if sample else _("Alex Example"),
            email=sample.email if sample else "alex@example.com",
            account_name=sample.account_name if sample else _("Example Ltd"),
            feature=feature,
            unsubscribe_url=unsubscribe_url(base_url(request), 0, "", feature.pk),
        )
        templates.append(
            {
                "language": language,
                "name": names.get(language, language),
                "template": template,
                "saved": template.pk is not None,
                "people": people.languages().get(language, 0),
                "sample": render_text(template.subject, template.body, context),
                "sample_for": sample,
            }
        )
    return render(
        request,
        "outreach/announce.html",
        {
            "feature": feature,
            "shipped": feature.status == FeatureStatus.SHIPPED,
            "people": people,
            "templates": templates,
            "deliveries": queries.deliveries(feature),
            "counts": queries.delivery_counts(feature),
        },
    )


@require_POST
@require("announce_features")
def ship(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    roadmap.set_status(feature, FeatureStatus.SHIPPED, actor=request.user)
    messages.success(request, _("Marked as shipped. Check the list and the words, then send."))
    return redirect("outreach:announce", pk=pk)


@require_POST
@require("announce_features")
def save_template(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    try:
        services.save_template(
            feature,
            language,
            request.POST.get("subject", ""),
            request.POST.get("body", ""),
            actor=request.user,
        )
    except services.OutreachError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Template saved."))
    return redirect(f"{request.path.rsplit('/template/', 1)[0]}#template-{language}")


@require_POST
@require("announce_features")
def subscription(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    contact = Contact.objects.filter(email__iexact=request.POST.get("email", "").strip()).first()
    state = request.POST.get("state", SubscriptionState.SUBSCRIBED)
    if contact is None:
        messages.error(request, _("No contact has that email address."))
    else:
        try:
            services.set_subscription(feature, contact, state, actor=request.user)
        except services.OutreachError as exc:
            messages.error(request, str(exc))
    return redirect("outreach:announce", pk=pk)


@require_POST
@require("announce_features")
def send(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    try:
        services.start_announcement(feature, base_url=base_url(request), actor=request.user)
    except services.OutreachError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Sending started. Everyone is told once; sending again tells only new people.")
        )
    return redirect("outreach:announce", pk=pk)


@require_POST
@require("announce_features")
def release(request: HttpRequest, pk: int) -> HttpResponse:
    feature = get_object_or_404(Feature, pk=pk)
    released = services.release_uncertain(feature, actor=request.user)
    messages.success(
        request, _("%(n)s emails of unknown fate will be tried again on the next send.") % {"n": released}
    )
    return redirect("outreach:announce", pk=pk)


@csrf_exempt  # the signed token is the authority; mail clients POST without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    claim = read_token(token)
    if claim is None:
        return render(request, "outreach/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.unsubscribe(claim)
        return render(request, "outreach/unsubscribe.html", {"done": True, "email": claim.email})
    return render(request, "outreach/unsubscribe.html", {"email": claim.email})
