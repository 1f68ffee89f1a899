"""Who is on a shipped feature's list, and why; who is not, and why; grouped by owner."""

from __future__ import annotations

import pytest

from tests.builders import make_conversation
from tests.outreach.story import Story, asked_by_everyone, contact
from voxpop.conversations.models import Source
from voxpop.outreach import services
from voxpop.outreach.models import SubscriptionSource, SubscriptionState
from voxpop.outreach.queries import recipient_list
from voxpop.roadmap import services as roadmap
from voxpop.tagging.models import Verdict
from voxpop.tagging.services import record_decision


@pytest.fixture
def story(source: Source) -> Story:
    return asked_by_everyone(source)


@pytest.mark.django_db
def test_everyone_who_asked_through_any_channel_is_on_the_list_once(story: Story) -> None:
    people = recipient_list(story.feature)

    by_email = {r.key: r for r in people.recipients}
    assert sorted(by_email) == ["ann.lee@example.com", "li@example.cn", "minji@example.kr"]
    # Ann asked in a quoted chat and a tagged call: one row, both reasons.
    assert by_email["ann.lee@example.com"].why == ["quoted", "tagged"]
    assert by_email["li@example.cn"].why == ["linked"]
    assert by_email["minji@example.kr"].why == ["tagged"]
    assert {r.key: r.language for r in people.recipients} == {
        "ann.lee@example.com": "en",
        "li@example.cn": "zh-hans",
        "minji@example.kr": "ko",
    }


@pytest.mark.django_db
def test_excluded_contacts_are_shown_with_the_reason(story: Story) -> None:
    excluded = {r.contact_id: r.excluded for r in recipient_list(story.feature).excluded}

    assert excluded == {
        story.gone.pk: "unsubscribed",
        story.bouncy.pk: "bounced",
        story.nomail.pk: "no_email",
    }


@pytest.mark.django_db
def test_recipients_are_grouped_by_account_owner(story: Story) -> None:
    groups = recipient_list(story.feature).groups

    assert [(g.owner_name, [r.key for r in g.recipients]) for g in groups] == [
        ("olive", ["minji@example.kr"]),
        ("Sam", ["ann.lee@example.com", "li@example.cn"]),
    ]


@pytest.mark.django_db
def test_the_list_follows_the_links_as_they_change(story: Story, source: Source) -> None:
    roadmap.unlink_conversation(story.feature, story.li.conversations.get())
    record_decision(
        story.minji.conversations.get(),
        story.feature.tag_links.get().tag,
        verdict=Verdict.REJECT,
        user=story.sam,
    )
    newcomer = contact("New Nia", "nia@example.com", story.acme)
    roadmap.link_conversation(story.feature, make_conversation(source, "please", contact=newcomer))

    keys = sorted(r.key for r in recipient_list(story.feature).recipients)

    assert keys == ["ann.lee@example.com", "nia@example.com"]


@pytest.mark.django_db
def test_added_by_hand_and_taken_off_one_feature_list(story: Story, admin: object) -> None:
    stranger = contact("Stan", "stan@example.com")
    services.set_subscription(story.feature, stranger, SubscriptionState.SUBSCRIBED, actor=admin)
    services.set_subscription(
        story.feature, story.li, SubscriptionState.SUBSCRIBED, source=SubscriptionSource.VOTE, actor=admin
    )
    services.set_subscription(story.feature, story.ann, SubscriptionState.OPTED_OUT, actor=admin)

    people = recipient_list(story.feature)

    assert {r.key: r.why for r in people.recipients} == {
        "stan@example.com": ["manual"],
        "li@example.cn": ["linked", "vote"],
        "minji@example.kr": ["tagged"],
    }
    assert {r.key: r.excluded for r in people.excluded}["ann.lee@example.com"] == "opted_out"


@pytest.mark.django_db
def test_the_language_comes_from_the_contact_then_the_conversation_then_the_default(
    story: Story, source: Source
) -> None:
    cases = {
        "zh-tw@example.com": ("zh_TW", "", "zh-hans"),
        "ko-kr@example.com": ("ko-KR", "", "ko"),
        "fr@example.com": ("fr", "ko", "ko"),  # no French words: the conversation's Korean
        "nothing@example.com": ("", "", "en"),
        "de@example.com": ("de", "de", "en"),
    }
    for email, (locale, language, _expected) in cases.items():
        person = contact(email, email, story.acme, locale=locale)
        roadmap.link_conversation(
            story.feature, make_conversation(source, "x", contact=person, language=language)
        )

    languages = {r.key: r.language for r in recipient_list(story.feature).recipients}

    assert {email: languages[email] for email in cases} == {e: c[2] for e, c in cases.items()}
