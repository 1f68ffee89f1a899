"""The /discover page: the latest run's clusters, a button to run again, and "make a tag"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voxpop.discovery import queries, services
from voxpop.discovery.models import DiscoveryCluster, DiscoveryRun
from voxpop.taxonomy.models import Tag
from voxpop.taxonomy.services import TaxonomyError
from voxpop.users.policies import allowed, require


@require("view_conversations")
def discover(request: HttpRequest) -> HttpResponse:
    run_id = request.GET.get("run", "")
    run = get_object_or_404(DiscoveryRun, pk=int(run_id)) if run_id.isdigit() else queries.latest_run()
    return render(
        request,
        "discovery/discover.html",
        {
            "run": queries.run_with_clusters(run) if run else None,
            "runs": [queries.run_dict(r) for r in DiscoveryRun.objects.all()[:10]],
            "can_run": allowed(request.user, "run_discovery"),
            "can_make_tag": allowed(request.user, "manage_taxonomy"),
            "default_limit": queries.DEFAULT_LIMIT,
        },
    )


@require_POST
@require("run_discovery")
def run(request: HttpRequest) -> HttpResponse:
    try:
        limit = int(request.POST.get("limit") or queries.DEFAULT_LIMIT)
        clusters = int(request.POST["clusters"]) if request.POST.get("clusters") else None
        started = services.start_run(actor=request.user, limit=limit, clusters=clusters)
    except ValueError:
        messages.error(request, _("Limit and clusters must be whole numbers."))
        return redirect("discovery:discover")
    except services.DiscoveryError as exc:
        messages.error(request, str(exc))
        return redirect("discovery:discover")
    messages.success(request, _("Discovery started. Reload to see the clusters when it is done."))
    return redirect(f"{reverse('discovery:discover')}?run={started.pk}")


@require_POST
@require("manage_taxonomy")
def make_tag(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_object_or_404(DiscoveryCluster, pk=pk)
    parent_slug = request.POST.get("parent", "").strip()
    parent = Tag.objects.filter(slug=parent_slug).first() if parent_slug else None
    if parent_slug and parent is None:
        messages.error(request, _("No tag with that slug."))
        return redirect(f"{reverse('discovery:discover')}?run={cluster.run_id}")
    try:
        tag = services.make_tag(
            cluster,
            request.POST.get("slug", "").strip(),
            request.POST.get("name", "").strip() or None,
            parent=parent,
            actor=request.user,
        )
    except (services.DiscoveryError, TaxonomyError) as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('discovery:discover')}?run={cluster.run_id}")
    messages.success(request, _("Tag made; its examples are recorded as your decisions."))
    return redirect("taxonomy:tag", pk=tag.pk)
