"""The /discover page, its API twin and `voxpop discover`: who may do what, and escaping."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.builders import as_user, make_tree
from tests.cli.test_commands import run as run_cli
from tests.discovery.generated import generate
from voxpop.conversations.models import AuthorRole, Message, Source
from voxpop.discovery import services
from voxpop.discovery.models import DiscoveryCluster, DiscoveryRun, RunStatus
from voxpop.tagging.models import TagDecision
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def finished_run(**params: Any) -> DiscoveryRun:
    return services.execute_run(DiscoveryRun.objects.create(params=services.check_params(**params)))


def test_an_editor_runs_discovery_from_the_page_and_everyone_reads_it(
    source: Source, editor: User, viewer: User, django_capture_on_commit_callbacks: Any
) -> None:
    _noise, _planted = generate(source, noise=80, planted=20)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(editor).post("/discover/run", {"limit": "1000", "clusters": "6"})
    assert response.status_code == 302
    run = DiscoveryRun.objects.get()
    assert run.status == RunStatus.DONE and run.started_by == editor
    assert run.params["limit"] == 1000 and run.params["clusters"] == 6
    page = as_user(viewer).get("/discover").content.decode()
    assert f'data-run="{run.pk}"' in page
    assert page.count('class="card cluster"') == run.clusters.count() > 0
    assert "Make a tag from this cluster" not in page  # viewers cannot change the taxonomy
    assert "Run discovery" not in page


def test_top_terms_and_quotes_are_escaped_on_the_page(source: Source, admin: User) -> None:
    generate(source, noise=60, planted=20)
    # Make hostile customer text part of the planted topic's quotes.
    for message in Message.objects.filter(author_role=AuthorRole.CUSTOMER, text__icontains="zapier"):
        message.text = f"{message.text} {HOSTILE} zapier"
        message.save()
    run = finished_run(clusters=4, min_size=1)
    cluster = run.clusters.get(position=0)
    cluster.top_terms = [HOSTILE, *cluster.top_terms]
    cluster.quotes = [{**cluster.quotes[0], "text": HOSTILE, "account": HOSTILE}]
    cluster.save()
    page = as_user(admin).get(f"/discover?run={run.pk}").content.decode()
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_an_admin_makes_a_tag_from_a_cluster_on_the_page(source: Source, admin: User) -> None:
    _noise, planted = generate(source, noise=60, planted=20)
    make_tree("product")
    run = finished_run(seed=1)
    cluster = max(run.clusters.all(), key=lambda c: c.members.filter(pk__in=planted).count())
    response = as_user(admin).post(
        f"/discover/clusters/{cluster.pk}/make-tag",
        {"slug": "zapier-retries", "name": "Zapier retries", "parent": "product"},
    )
    tag = Tag.objects.get(slug="zapier-retries")
    assert response.status_code == 302 and response["Location"] == f"/taxonomy/{tag.pk}"
    assert tag.parent is not None and tag.parent.slug == "product"
    assert TagDecision.objects.filter(tag=tag, user=admin).count() == len(cluster.quotes) == 3


def test_a_refused_tag_is_explained_and_changes_nothing(source: Source, admin: User) -> None:
    generate(source, noise=60, planted=20)
    make_tree("product")
    run = finished_run(clusters=3)
    cluster = run.clusters.first()
    assert cluster is not None
    response = as_user(admin).post(
        f"/discover/clusters/{cluster.pk}/make-tag", {"slug": "product"}, follow=True
    )
    assert "already exists" in response.content.decode()
    cluster.refresh_from_db()
    assert cluster.created_tag is None and not TagDecision.objects.exists()


@pytest.mark.parametrize(
    ("role", "read", "start", "make"),
    [
        ("anonymous", 302, 302, 302),
        ("viewer", 200, 403, 403),
        ("editor", 200, 302, 403),
        ("admin", 200, 302, 302),
    ],
)
def test_page_role_matrix(
    personas: dict[str, User | None], source: Source, role: str, read: int, start: int, make: int
) -> None:
    generate(source, noise=40, planted=10)
    cluster = finished_run(clusters=3).clusters.first()
    assert cluster is not None
    client = as_user(personas[role])
    assert client.get("/discover").status_code == read
    assert client.post("/discover/run", {"limit": "10"}).status_code == start
    assert (
        client.post(f"/discover/clusters/{cluster.pk}/make-tag", {"slug": f"new-{role}"}).status_code == make
    )


@pytest.mark.parametrize(
    ("role", "read", "start", "make"),
    [
        ("anonymous", 401, 401, 401),
        ("viewer", 200, 403, 403),
        ("editor", 200, 202, 403),
        ("admin", 200, 202, 201),
    ],
)
def test_api_role_matrix(
    personas: dict[str, User | None], source: Source, role: str, read: int, start: int, make: int
) -> None:
    generate(source, noise=40, planted=10)
    run = finished_run(clusters=3)
    cluster = run.clusters.first()
    assert cluster is not None
    client = as_user(personas[role])
    assert client.get("/api/discovery/runs").status_code == read
    assert client.get(f"/api/discovery/runs/{run.pk}").status_code == read
    post = {"content_type": "application/json"}
    assert client.post("/api/discovery/runs", json.dumps({"limit": 10}), **post).status_code == start
    made = client.post(
        f"/api/discovery/clusters/{cluster.pk}/tag", json.dumps({"slug": f"new-{role}"}), **post
    )
    assert made.status_code == make


def test_the_api_answers_a_run_with_its_clusters_and_rejects_bad_parameters(
    source: Source, editor: User
) -> None:
    _noise, _planted = generate(source, noise=60, planted=20)
    run = finished_run(seed=1)
    body = as_user(editor).get(f"/api/discovery/runs/{run.pk}").json()
    assert body["status"] == "done" and body["pool_size"] == 80
    assert [c["position"] for c in body["clusters"]] == list(range(run.clusters.count()))
    first = body["clusters"][0]
    assert set(first) >= {"size", "this_week", "last_week", "growth", "top_terms", "quotes"}
    refused = as_user(editor).post(
        "/api/discovery/runs", json.dumps({"limit": 0}), content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["detail"].startswith("limit:")


def test_voxpop_discover_prints_the_run_as_json(
    capsys: pytest.CaptureFixture[str], source: Source, editor: User
) -> None:
    _noise, _planted = generate(source, noise=60, planted=20)
    code, out, err = run_cli(capsys, "discover", "--seed", "1", "--as", "tia")
    assert code == 0, err
    body = json.loads(out)
    assert body["status"] == "done" and body["started_by"] == "tia"
    assert DiscoveryCluster.objects.filter(run_id=body["id"]).count() == len(body["clusters"]) > 0
    assert any("zapier" in " ".join(c["top_terms"]) for c in body["clusters"])


def test_voxpop_discover_names_a_bad_option(capsys: pytest.CaptureFixture[str], db: Any) -> None:
    code, _out, err = run_cli(capsys, "discover", "--clusters", "1")
    assert code == 2
    assert "--clusters: expected 2 to 200" in err
    assert not DiscoveryRun.objects.exists()
