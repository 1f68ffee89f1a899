"""Feature pages, the API and the Markdown export: same figures, customer text inert."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.builders import as_user, make_account, make_conversation, make_tree
from voxpop.conversations.models import Channel, Source
from voxpop.roadmap import services
from voxpop.roadmap.markdown import text as md_text
from voxpop.roadmap.models import Feature, FeatureQuote, FeatureStatus
from voxpop.tagging.services import Quote, record_decision
from voxpop.users.models import User

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)> [click](https://evil.example) ![i](https://evil.example/i.png) **x**"


@pytest.fixture
def feature(source: Source, editor: User) -> Feature:
    """A feature asked for by Acme (chat + a lost deal), a Korean contact-less account
    through a tag, with a Chinese quote linked and a hostile one."""
    tags = make_tree("product/databases/relations")
    feature = services.create_feature("Relations across workspaces", target_period="2027-H1", actor=editor)
    services.link_tag(feature, tags["databases"], actor=editor)
    acme = make_account("Acme", arr=Decimal("80000"), segment="enterprise", plan="business", region="APAC")
    hanbit = make_account("한빛", arr=Decimal("12000"), segment="smb", plan="plus", region="KR")
    zh = make_conversation(
        source,
        "你好。我们需要跨数据库的关系属性。谢谢",
        account=acme,
        language="zh",
        arr_at_time=Decimal("75000"),
    )
    message = zh.messages.get()
    start = message.text.index("我")
    services.link_quote(feature, message, start, message.text.index("。", start) + 1, actor=editor)
    ko = make_conversation(source, "데이터베이스 간 관계 속성이 필요합니다", account=hanbit, language="ko")
    record_decision(
        ko,
        tags["relations"],
        user=editor,
        quote=Quote(ko.messages.get(), 0, len("데이터베이스 간 관계 속성이 필요합니다")),
    )
    hostile = make_conversation(source, HOSTILE, account=acme, channel=Channel.EMAIL)
    services.link_quote(feature, hostile.messages.get(), 0, len(HOSTILE), actor=editor)
    deal = make_conversation(
        source, "Lost to a competitor", account=acme, channel=Channel.LOST_DEAL, amount=Decimal("250000"),
        subject="Acme expansion",
    )  # fmt: skip
    services.link_conversation(feature, deal, actor=editor)
    return feature


def test_the_evidence_page_shows_figures_quotes_ledger_and_lost_deals(viewer: User, feature: Feature) -> None:
    page = as_user(viewer).get(f"/features/{feature.pk}").content.decode()

    assert 'data-figure="conversations">4<' in page
    assert 'data-figure="accounts">2<' in page
    assert 'data-figure="arr">87,000' in page  # Acme at request time (75,000) + 한빛 now (12,000)
    assert 'data-figure="at-stake">250,000' in page
    assert "我们需要跨数据库的关系属性。" in page
    assert "데이터베이스 간 관계 속성이 필요합니다" in page
    assert "Acme expansion" in page
    assert 'data-breakdown="language"' in page and 'data-breakdown="region"' in page
    # Customer text is escaped, never markup.
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # A viewer reads but gets no forms to change anything.
    assert "Mark shipped" not in page and "Link tag" not in page


def test_best_quotes_put_linked_quotes_first_then_tagged_ones_by_arr(viewer: User, feature: Feature) -> None:
    body = as_user(viewer).get(f"/api/features/{feature.pk}/evidence").json()

    quotes = [(q["origin"], q["requester"]) for q in body["quotes"]]
    # Linked quotes first: one per account first (Acme's most recent), then the rest.
    assert quotes[0][0] == "linked" and quotes[-1] == ("tagged", "한빛")
    assert [q["origin"] for q in body["quotes"]].count("linked") == 2
    assert body["unique_accounts"] == 2 and Decimal(body["arr"]) == Decimal("87000")
    assert {row["name"]: row["arr_source"] for row in body["ledger"]} == {
        "Acme": "at_time",
        "한빛": "current",
    }
    assert Decimal(body["revenue_at_stake"]) == Decimal("250000")
    assert {s["value"] for s in body["breakdowns"]["language"]} == {"zh", "ko", ""}
    assert sum(w["conversations"] for w in body["trend"]) == 4


def test_markdown_export_neutralises_customer_text(viewer: User, feature: Feature) -> None:
    response = as_user(viewer).get(f"/features/{feature.pk}.md")
    same = as_user(viewer).get(f"/features/{feature.pk}?format=md")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/markdown")
    assert same.content.decode() == text
    assert "我们需要跨数据库的关系属性。" in text
    assert (
        "<img" not in text.replace("\\<img", "")
        and "](https://" not in text
        and "![" not in text
        and "**x**" not in text
    )
    assert r"\<img src\=x onerror\=alert\(1\)\> \[click\]\(https\:" in text
    assert "| Acme | 75,000 |" in text


def test_markdown_text_is_one_inert_line() -> None:
    assert md_text("# Title\n> quote\r\n| a | b |") == r"\# Title \> quote \| a \| b \|"
    assert md_text("www.evil.example &amp; <b>") == r"www\.evil\.example \&amp\; \<b\>"
    assert md_text("关系属性 관계") == "关系属性 관계"


def test_a_nul_in_the_theme_filter_is_a_400_naming_it(viewer: User, feature: Feature) -> None:
    # PostgreSQL answered 500: it cannot compare text holding a NUL.
    response = as_user(viewer).get("/features", {"theme": "a\x00b"})
    assert response.status_code == 400
    assert response.content.decode() == "theme: must not contain a NUL character"


def test_list_page_and_api_show_demand_per_feature(viewer: User, feature: Feature) -> None:
    services.create_feature("Nobody asked")
    page = as_user(viewer).get("/features").content.decode()
    rows = as_user(viewer).get("/api/features").json()

    assert "Relations across workspaces" in page and "Nobody asked" in page
    assert [(r["title"], r["demand"]["reach"]) for r in rows] == [
        ("Nobody asked", 0),
        ("Relations across workspaces", 2),
    ]
    assert as_user(viewer).get("/api/features?status=shipped").json() == []


def test_an_editor_creates_edits_and_ships_a_feature_through_the_pages(editor: User, admin: User) -> None:
    client = as_user(editor)
    theme = services.create_theme("Enterprise push", actor=admin)

    response = client.post(
        "/features/new",
        {"title": "SAML single sign-on", "target_period": "2027-Q1", "effort": "4.5", "themes": [theme.pk]},
    )
    feature = Feature.objects.get(title="SAML single sign-on")
    assert response.status_code == 302 and response["Location"] == f"/features/{feature.pk}"
    assert list(feature.themes.all()) == [theme]

    bad = client.post(f"/features/{feature.pk}/edit", {"title": "SAML", "target_period": "soon"}, follow=True)
    assert "target_period:" in bad.content.decode()
    client.post(
        f"/features/{feature.pk}/edit",
        {
            "title": "SAML SSO",
            "target_period": "2027-H1",
            "tracker_url": "https://tracker.example/SSO-1",
            "owner": admin.pk,
        },
    )
    client.post(f"/features/{feature.pk}/status", {"status": "shipped"})

    feature.refresh_from_db()
    assert (feature.title, feature.target_period, feature.owner) == ("SAML SSO", "2027-H1", admin)
    assert feature.status == FeatureStatus.SHIPPED and feature.shipped_at is not None
    assert list(feature.themes.all()) == []  # the edit form posted no theme


def test_linking_from_the_conversation_page_quotes_or_links_the_whole_conversation(
    editor: User, source: Source
) -> None:
    feature = services.create_feature("Offline mode")
    conversation = make_conversation(source, "We need offline mode on planes")
    message = conversation.messages.get()
    client = as_user(editor)

    panel = client.post(
        f"/c/{conversation.pk}/features",
        {"feature": feature.pk, "message": message.pk, "start": 8, "end": 20},
        HTTP_HX_REQUEST="true",
    )
    assert panel.status_code == 200
    assert "offline mode" in panel.content.decode()
    assert FeatureQuote.objects.get().text == "offline mode"
    client.post(f"/c/{conversation.pk}/features", {"feature": feature.pk})
    assert feature.conversation_links.count() == 1
    refused = client.post(
        f"/c/{conversation.pk}/features", {"feature": feature.pk, "message": message.pk, "start": 5, "end": 900},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert "outside message" in refused.content.decode()
    page = client.get(f"/c/{conversation.pk}").content.decode()
    assert "data-feature-form" in page and f'href="/features/{feature.pk}"' in page


def test_the_api_creates_links_and_refuses_bad_fields(editor: User, source: Source, viewer: User) -> None:
    client = as_user(editor)
    tag = make_tree("product/sync")["sync"]
    conversation = make_conversation(source, "同步很慢", account=make_account("Acme"))

    created = client.post(
        "/api/features", json.dumps({"title": "Faster sync", "effort": 3}), content_type="application/json"
    ).json()
    fid = created["id"]
    assert client.post(f"/api/features/{fid}/tags/{tag.pk}").status_code == 200
    assert client.post(f"/api/features/{fid}/conversations/{conversation.pk}").status_code == 200
    quote = client.post(
        f"/api/features/{fid}/quotes",
        json.dumps({"message_id": conversation.messages.get().pk, "start": 0, "end": 2}),
        content_type="application/json",
    ).json()
    assert quote["text"] == "同步"
    patched = client.patch(
        f"/api/features/{fid}", json.dumps({"target_period": "2027-H2"}), content_type="application/json"
    )
    assert patched.json()["target_period"] == "2027-H2"
    bad = client.patch(
        f"/api/features/{fid}", json.dumps({"target_period": "later"}), content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["detail"].startswith("target_period:")
    assert client.delete(f"/api/features/{fid}/tags/{tag.pk}").status_code == 204
    assert as_user(viewer).get(f"/api/features/{fid}").json()["demand"]["conversations"] == 1
    assert as_user(viewer).get("/api/features/picker?q=sync").json()[0]["id"] == fid
    schema = as_user(viewer).get("/api/openapi.json").json()
    assert "/api/features/{feature_id}/evidence" in schema["paths"]


def test_the_evidence_page_shows_the_ledger_a_page_at_a_time_and_the_api_keeps_every_requester(
    viewer: User, editor: User, source: Source
) -> None:
    from voxpop.roadmap.views import LEDGER_PAGE

    feature = services.create_feature("Offline mode", actor=editor)
    accounts = []  # by ARR, lowest first
    for n in range(LEDGER_PAGE + 3):
        accounts.append(make_account(f"Account {n:02d}", arr=Decimal(1000 * (n + 1))))
        conversation = make_conversation(source, "offline please", account=accounts[-1])
        services.link_conversation(feature, conversation, actor=editor)
    row = 'data-requester="account-{}"'.format
    client = as_user(viewer)

    first = client.get(f"/features/{feature.pk}").content.decode()
    second = client.get(f"/features/{feature.pk}?ledger=2").content.decode()
    beyond = client.get(f"/features/{feature.pk}?ledger=99").content.decode()
    api = client.get(f"/api/features/{feature.pk}/evidence").json()

    assert first.count("data-requester=") == LEDGER_PAGE
    assert row(accounts[-1].pk) in first and row(accounts[3].pk) in first  # highest ARR first
    assert row(accounts[2].pk) not in first
    assert second.count("data-requester=") == 3
    assert all(row(a.pk) in second for a in accounts[:3]) and row(accounts[-1].pk) not in second
    assert 'rel="next"' in first and 'rel="prev"' in second and 'rel="next"' not in second
    assert beyond.count("data-requester=") == 3  # a page past the end shows the last one
    assert len(api["ledger"]) == LEDGER_PAGE + 3


def test_the_evidence_page_lists_the_largest_lost_deals_and_the_api_keeps_every_one(
    viewer: User, editor: User, source: Source
) -> None:
    from voxpop.roadmap.views import LOST_DEALS_SHOWN

    feature = services.create_feature("SAML", actor=editor)
    for n in range(LOST_DEALS_SHOWN + 2):
        deal = make_conversation(
            source,
            f"lost: no SAML (deal {n:02d})",
            account=make_account(f"Prospect {n:02d}", arr=None),
            channel=Channel.LOST_DEAL,
            amount=Decimal(1000 * (n + 1)),
            subject=f"Deal {n:02d}",
        )
        services.link_conversation(feature, deal, actor=editor)
    client = as_user(viewer)

    page = client.get(f"/features/{feature.pk}").content.decode()
    api = client.get(f"/api/features/{feature.pk}/evidence").json()

    section = page[page.index('class="lost-deals"') :]
    section = section[: section.index("</section>")]
    assert section.count("<tr>") == LOST_DEALS_SHOWN + 1  # and the header row
    assert f"Deal {LOST_DEALS_SHOWN + 1:02d}" in section and "Deal 00" not in section  # largest first
    assert "data-lost-deals-more" in section
    assert len(api["lost_deals"]) == LOST_DEALS_SHOWN + 2


def test_the_cached_evidence_sections_change_as_soon_as_the_evidence_does(
    viewer: User, editor: User, source: Source
) -> None:
    feature = services.create_feature("Dark mode", actor=editor)
    services.link_conversation(feature, make_conversation(source, "dark mode please"), actor=editor)
    client = as_user(viewer)
    figure = 'data-figure="conversations">{}</dd>'.format

    before = client.get(f"/features/{feature.pk}").content.decode()
    again = client.get(f"/features/{feature.pk}").content.decode()  # served from the cache
    services.link_conversation(feature, make_conversation(source, "dark mode, still"), actor=editor)
    after = client.get(f"/features/{feature.pk}").content.decode()

    assert figure(1) in before and figure(1) in again
    assert figure(2) in after
