"""The announce page and its JSON twin: who may see it, the preview, the templates, send."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils.safestring import SafeData

from tests.builders import as_user
from tests.mailserver import MailServer
from tests.outreach.story import Story, asked_by_everyone
from voxpop.conversations.models import Source
from voxpop.outreach import services
from voxpop.outreach.models import AnnouncementTemplate, Delivery, FeatureSubscription, SubscriptionState
from voxpop.outreach.rendering import TemplateError, render
from voxpop.outreach.services import OutreachError
from voxpop.outreach.tokens import make_token, read_token
from voxpop.roadmap.models import FeatureStatus
from voxpop.users.models import User


@pytest.fixture
def story(source: Source) -> Story:
    return asked_by_everyone(source)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("viewer", 403), ("editor", 403), ("admin", 200)]
)
def test_only_admins_see_who_asked(
    story: Story, personas: dict[str, User | None], who: str, expected: int
) -> None:
    client = as_user(personas[who])
    assert client.get(f"/features/{story.feature.pk}/announce").status_code == expected
    api = client.get(f"/api/outreach/features/{story.feature.pk}/recipients")
    assert api.status_code == (200 if who == "admin" else 401 if who == "anonymous" else 403)


@pytest.mark.django_db
def test_the_feature_page_links_admins_to_the_announcement(story: Story, admin: User, editor: User) -> None:
    url = f"/features/{story.feature.pk}"
    assert f'href="{url}/announce"' in as_user(admin).get(url).content.decode()
    assert "/announce" not in as_user(editor).get(url).content.decode()


@pytest.mark.django_db
def test_the_preview_lists_recipients_by_owner_and_the_excluded_with_reasons(
    story: Story, admin: User
) -> None:
    page = as_user(admin).get(f"/features/{story.feature.pk}/announce").content.decode()

    assert "3 people will be told" in page
    assert page.index("Accounts of olive") < page.index("minji@example.kr") < page.index("Accounts of Sam")
    assert 'data-email="gary@example.com" data-reason="unsubscribed"' in page
    assert 'data-email="bo@example.com" data-reason="bounced"' in page
    assert "no email address" in page
    assert "Send to 3 people" in page


@pytest.mark.django_db
def test_the_api_preview_matches_the_page(story: Story, admin: User) -> None:
    data = as_user(admin).get(f"/api/outreach/features/{story.feature.pk}/recipients").json()

    assert sorted(r["email"] for r in data["recipients"]) == [
        "Ann.Lee@Example.com",
        "li@example.cn",
        "minji@example.kr",
    ]
    assert {r["email"]: r["excluded"] for r in data["excluded"]} == {
        "gary@example.com": "unsubscribed",
        "bo@example.com": "bounced",
        "": "no_email",
    }


@pytest.mark.django_db
def test_customer_text_in_the_preview_is_escaped(story: Story, admin: User) -> None:
    story.ann.name = "<script>alert(1)</script>"
    story.ann.save()

    page = as_user(admin).get(f"/features/{story.feature.pk}/announce").content.decode()

    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


@pytest.mark.django_db
def test_a_template_is_saved_per_language_and_a_broken_one_is_refused(story: Story, admin: User) -> None:
    client = as_user(admin)
    url = f"/features/{story.feature.pk}/announce/template/ko"
    client.post(url, {"subject": "{{ feature.title }} 출시!", "body": "{{ contact.name }}님, 감사합니다."})
    broken = client.post(url, {"subject": "x", "body": "{% if %}"}, follow=True)

    saved = AnnouncementTemplate.objects.get(feature=story.feature, language="ko")
    assert saved.subject == "{{ feature.title }} 출시!"
    assert "body [ko]" in broken.content.decode()
    api = client.put(
        f"/api/outreach/features/{story.feature.pk}/templates/xx",
        json.dumps({"subject": "a", "body": "b"}),
        content_type="application/json",
    )
    assert api.status_code == 400 and "language" in api.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "{% load static %}{% static 'x' %}",
        "{% include 'base.html' %}",
        "{% extends 'base.html' %}",
        "{% debug %}",
        "{% url 'core:home' %}",
        "{% csrf_token %}",
    ],
)
def test_templates_cannot_reach_beyond_their_placeholders(story: Story, body: str) -> None:
    with pytest.raises(OutreachError, match=r"body \[en\]"):
        services.save_template(story.feature, "en", "Hi", body)


def test_templates_see_only_plain_values() -> None:
    context = {"contact": {"name": "Ann"}, "feature": {"title": "X"}}

    rendered = render(
        "{{ feature.title }}", "{{ contact.name.upper }}|{{ secret }}|{{ feature.pk }}", context
    )

    assert rendered.body == "ANN||"
    with pytest.raises(TemplateError, match="underscores"):
        render("x", "{{ contact.__class__ }}", context)
    plain = render("x", "<b>{{ contact.name }}</b>", {"contact": {"name": "A & B"}}).body
    assert plain == "<b>A & B</b>" and not isinstance(plain, SafeData)  # pages showing it escape it


@pytest.mark.django_db
def test_marking_shipped_and_sending_from_the_page(
    source: Source, admin: User, smtp_server: MailServer, django_capture_on_commit_callbacks: Any
) -> None:
    story = asked_by_everyone(source, ship=False)
    client = as_user(admin)
    url = f"/features/{story.feature.pk}/announce"
    refused = client.post(f"{url}/send", follow=True)
    assert "only a shipped feature" in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}/ship")
    story.feature.refresh_from_db()
    assert story.feature.status == FeatureStatus.SHIPPED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}/send")

    assert len(smtp_server.to("li@example.cn")) == 1
    page = client.get(url).content.decode()
    assert 'data-delivery="li@example.cn" data-status="sent"' in page
    assert "0 people will be told" in page
    assert 'data-email="li@example.cn" data-reason="already_told"' in page
    # The links in the email point where the admin was working.
    assert "http://testserver/unsubscribe/" in smtp_server.to("li@example.cn")[0].get_content()
    deliveries = client.get(f"/api/outreach/features/{story.feature.pk}/deliveries").json()
    assert sorted(d["email"] for d in deliveries) == sorted(Delivery.objects.values_list("email", flat=True))


@pytest.mark.django_db
def test_the_api_send_is_safe_to_repeat(
    story: Story, admin: User, smtp_server: MailServer, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user(admin)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/api/outreach/features/{story.feature.pk}/announcements")
        assert response.status_code == 202

    assert len(smtp_server.to("ann.lee@example.com")) == 1
    assert len(smtp_server.messages) == 5  # three customers, two owner digests


@pytest.mark.django_db
def test_adding_and_removing_people_by_hand(story: Story, admin: User) -> None:
    client = as_user(admin)
    url = f"/features/{story.feature.pk}/announce/subscription"
    client.post(url, {"email": "LI@example.cn", "state": SubscriptionState.OPTED_OUT})
    missing = client.post(url, {"email": "nobody@example.com"}, follow=True)

    assert FeatureSubscription.objects.get(contact=story.li).state == SubscriptionState.OPTED_OUT
    assert "No contact has that email address." in missing.content.decode()


def test_unsubscribe_tokens_round_trip_and_refuse_tampering() -> None:
    token = make_token(7, "a@example.com", 3)
    claim = read_token(token)

    assert claim is not None and (claim.contact_id, claim.email, claim.feature_id) == (7, "a@example.com", 3)
    assert read_token(token[:-1]) is None
    assert read_token("x" + token) is None
    assert read_token("") is None


@pytest.mark.django_db
def test_the_navigation_and_the_index_show_shipped_features_to_admins_only(
    story: Story, admin: User, viewer: User
) -> None:
    page = as_user(admin).get("/outreach").content.decode()

    assert 'href="/outreach"' in page
    assert f'data-feature="{story.feature.pk}"' in page and "Relation properties across workspaces" in page
    assert 'href="/outreach"' not in as_user(viewer).get("/inbox").content.decode()
