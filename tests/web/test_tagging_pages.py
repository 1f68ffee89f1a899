"""The inbox and conversation pages, and the tagging actions behind their keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from tests.builders import as_user, make_account, make_conversation, make_tree
from voxpop.conversations.models import AuthorRole, Conversation, Message, Source
from voxpop.tagging.models import ConversationTag, Suggestion, TagDecision
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">click</a>'
T0 = datetime(2026, 4, 1, 8, tzinfo=UTC)


@pytest.fixture
def tags():  # type: ignore[no-untyped-def]
    return make_tree("product/databases/relations", "product/pages", "question/how-to")


def htmx(user: User) -> Client:
    return as_user(user, HTTP_HX_REQUEST="true")


def current(conversation: Conversation) -> set[str]:
    return set(ConversationTag.objects.filter(conversation=conversation).values_list("tag__slug", flat=True))


def test_customer_text_and_html_render_inert(viewer: User, source: Source) -> None:
    conversation = make_conversation(source, HOSTILE, subject=HOSTILE)
    Message.objects.create(
        conversation=conversation,
        author_role=AuthorRole.CUSTOMER,
        sent_at=conversation.started_at,
        text="see html",
        html=HOSTILE + '<img src="https://tracker.example/p.gif"><p onclick="x()">hi</p>',
    )
    for url in (f"/c/{conversation.pk}", "/inbox?state=all"):
        body = as_user(viewer).get(url).content.decode()
        assert "<script>alert" not in body
        assert "onerror=" not in body.replace("onerror=&quot;", "")
        assert 'href="javascript:' not in body
        assert 'src="https://tracker.example' not in body
        assert "onclick" not in body
    page = as_user(viewer).get(f"/c/{conversation.pk}").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<p>hi</p>" in page, "the sanitised original keeps harmless markup"
    # The JSON twin carries the text as data, never as a page a browser would run.
    api = as_user(viewer).get(f"/api/conversations/{conversation.pk}")
    assert api["Content-Type"] == "application/json; charset=utf-8"
    assert api["X-Content-Type-Options"] == "nosniff"


def test_the_conversation_page_shows_thread_account_tags_and_suggestions(
    viewer: User, editor: User, source: Source, tags
) -> None:  # type: ignore[no-untyped-def]
    account = make_account("Bigco", plan="enterprise", seats=400, owner=editor)
    conversation = make_conversation(source, "Can I add a relation property?", account=account)
    Suggestion.objects.create(
        conversation=conversation, tag=tags["relations"], score=0.83, model_version="m7"
    )
    body = as_user(viewer).get(f"/c/{conversation.pk}").content.decode()
    assert "Can I add a relation property?" in body
    assert "Bigco" in body and "enterprise" in body and "tia" in body
    assert "Product &gt; Databases &gt; Relations" in body and "0.83" in body and "model m7" in body
    assert 'data-accept="1"' not in body, "a viewer sees suggestions but gets no buttons"


def test_accepting_a_suggestion_records_a_person_decision(editor: User, source: Source, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source)
    suggestion = Suggestion.objects.create(
        conversation=conversation, tag=tags["pages"], score=0.6, model_version="m1"
    )
    response = htmx(editor).post(f"/c/{conversation.pk}/suggestions/{suggestion.pk}/accept")
    assert response.status_code == 200
    assert "No suggestions." in response.content.decode()
    decision = TagDecision.objects.get()
    assert (decision.decider, decision.user, decision.tag.slug) == ("person", editor, "pages")


def test_tagging_a_quote_keeps_the_span_and_shows_it(editor: User, source: Source, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source, "我们需要在两个数据库之间建立关系 🙏 please")
    message = conversation.messages.get()
    start = message.text.index("数据库")
    response = htmx(editor).post(
        f"/c/{conversation.pk}/decide",
        {"tag": tags["relations"].pk, "message": message.pk, "start": start, "end": start + 3},
    )
    assert response.status_code == 200
    assert "<blockquote>数据库</blockquote>" in response.content.decode()
    assert TagDecision.objects.get().quote_text == "数据库"


def test_a_bad_quote_span_is_refused_and_writes_nothing(editor: User, source: Source, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source, "short")
    message = conversation.messages.get()
    response = htmx(editor).post(
        f"/c/{conversation.pk}/decide",
        {"tag": tags["pages"].pk, "message": message.pk, "start": 2, "end": 50},
    )
    assert response.status_code == 400
    assert "outside the message" in response.content.decode()
    assert not TagDecision.objects.exists()


def test_undo_then_done_moves_to_the_next_conversation(editor: User, source: Source, tags) -> None:  # type: ignore[no-untyped-def]
    first = make_conversation(source, started_at=T0 + timedelta(hours=2))
    second = make_conversation(source, started_at=T0 + timedelta(hours=1))
    client = htmx(editor)
    client.post(f"/c/{first.pk}/decide", {"tag": tags["pages"].pk})
    client.post(f"/c/{first.pk}/decide", {"tag": tags["how-to"].pk})
    client.post(f"/c/{first.pk}/undo")
    assert current(first) == {"pages"}
    response = client.post(f"/c/{first.pk}/done", {"query": "state=all"})
    assert response["HX-Redirect"] == f"/c/{second.pk}?state=all"
    first.refresh_from_db()
    assert first.triaged_by == editor


def test_bulk_tagging_from_the_inbox(editor: User, source: Source, tags) -> None:  # type: ignore[no-untyped-def]
    conversations = [make_conversation(source) for _ in range(3)]
    response = as_user(editor).post(
        "/inbox/bulk-tag",
        {"tag": tags["pages"].pk, "conversation": [c.pk for c in conversations[:2]], "query": "state=all"},
    )
    assert response.status_code == 302 and response["Location"] == "/inbox?state=all"
    assert [current(c) for c in conversations] == [{"pages"}, {"pages"}, set()]


def test_the_inbox_page_filters_and_pages(viewer: User, source: Source) -> None:
    for n in range(60):
        make_conversation(source, f"message number {n}", started_at=T0 + timedelta(minutes=n))
    client = as_user(viewer)
    first = client.get("/inbox?state=all").content.decode()
    assert first.count('class="row"') == 50 and "message number 59" in first and "Load more" in first
    cursor = first.split("cursor=")[1].split('"')[0]
    more = as_user(viewer, HTTP_HX_REQUEST="true").get(f"/inbox?state=all&cursor={cursor}").content.decode()
    assert more.count('class="row"') == 10 and "<html" not in more
    assert client.get("/inbox?state=nonsense").status_code == 400


def test_the_api_twin_tags_a_quote_and_returns_the_page_data(editor: User, source: Source, tags) -> None:  # type: ignore[no-untyped-def]
    conversation = make_conversation(source, "relation property please")
    message = conversation.messages.get()
    client = as_user(editor)
    data = client.post(
        f"/api/conversations/{conversation.pk}/decisions",
        {"tag_id": tags["relations"].pk, "message_id": message.pk, "start": 0, "end": 17},
        content_type="application/json",
    ).json()
    assert data["tags"][0]["path"] == "Product > Databases > Relations"
    assert data["tags"][0]["by"] == "tia"
    assert data["quotes"] == [
        {
            "tag": {"id": tags["relations"].pk, "slug": "relations", "name": "Relations"},
            "message_id": message.pk,
            "start": 0,
            "end": 17,
            "text": "relation property",
        }
    ]
    inbox = client.get("/api/inbox?state=all").json()
    assert inbox["rows"][0]["tags"][0]["slug"] == "relations"
    assert client.post(f"/api/conversations/{conversation.pk}/undo").json()["tags"] == []
