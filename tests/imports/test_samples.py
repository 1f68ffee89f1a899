"""Each format imports its shipped sample, with what a person would expect to see."""

from __future__ import annotations

import pytest

from tests.builders import make_tree
from tests.imports.conftest import SAMPLES, conversation, run, stored
from voxpop.conversations.models import Conversation, Message
from voxpop.imports.tags import IMPORTER_USERNAME
from voxpop.tagging.models import ConversationTag, Decider, TagDecision
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db

ALL_SAMPLES = [
    ("csv", [SAMPLES / "conversations.csv"], 4, 7),
    ("jsonl", [SAMPLES / "conversations.jsonl"], 3, 5),
    ("email", [SAMPLES / "mailbox.mbox"], 5, 9),
    ("email", [SAMPLES / "eml"], 2, 3),
    ("transcript", [SAMPLES / "call.vtt", SAMPLES / "call.srt", SAMPLES / "call.txt"], 3, 10),
]


@pytest.mark.parametrize(("fmt", "paths", "conversations", "messages"), ALL_SAMPLES)
def test_each_sample_imports_and_a_second_import_creates_nothing(fmt, paths, conversations, messages) -> None:  # type: ignore[no-untyped-def]
    first = run(fmt, *paths, source="sample")
    assert first.exit_code == 0, first.files
    assert first.counts["conversations_created"] == conversations
    assert first.counts["messages_created"] == messages
    before = stored("sample")

    again = run(fmt, *paths, source="sample")

    assert again.exit_code == 0
    assert again.counts.get("conversations_created", 0) == 0
    assert again.counts.get("messages_created", 0) == 0
    assert again.counts.get("messages_updated", 0) == 0
    assert again.counts["messages_unchanged"] == messages
    assert stored("sample") == before
    assert Message.objects.count() == messages


def test_csv_rows_become_threads_with_accounts_contacts_and_context() -> None:
    run("csv", SAMPLES / "conversations.csv", source="chats")

    chat = conversation("chats", "chat-1001")
    assert [m.author_role for m in chat.messages.all()] == ["customer", "agent", "customer"]
    assert chat.subject == "Relations between databases"
    assert chat.account is not None and chat.account.domain == "northwind.example"
    assert chat.account.seats == 42 and str(chat.account.arr) == "18000.00"
    assert chat.contact is not None and chat.contact.email == "priya@northwind.example"
    assert chat.context == {"page": "/docs/databases"}
    assert chat.language == "en"
    assert conversation("chats", "chat-1002").language == "zh"
    korean = conversation("chats", "ticket-77")
    assert korean.language == "ko" and korean.account is not None and korean.account.segment == "mid_market"


def test_known_tags_become_person_decisions_by_the_historical_import_user() -> None:
    tags = make_tree("export/pdf", "bug")

    result = run("csv", SAMPLES / "conversations.csv", source="chats")

    chat = conversation("chats", "chat-1002")
    current = set(ConversationTag.objects.filter(conversation=chat).values_list("tag", flat=True))
    assert current == {tags["pdf"].pk, tags["bug"].pk}  # "export/pdf" is read as a path of slugs
    decision = TagDecision.objects.filter(conversation=chat).first()
    assert decision is not None and decision.decider == Decider.PERSON
    assert decision.user is not None and decision.user.username == IMPORTER_USERNAME
    assert not User.objects.get(username=IMPORTER_USERNAME).is_active
    assert any("unknown tags" in note and "'how-to'" in note for f in result.files for note in f.notes)


def test_unknown_tags_are_created_under_unsorted_with_create_tags() -> None:
    result = run("csv", SAMPLES / "conversations.csv", source="chats", create_tags=True)

    unsorted = Tag.objects.get(slug="unsorted")
    created = set(Tag.objects.filter(parent=unsorted).values_list("slug", flat=True))
    assert {"databases/relations", "how-to", "export/pdf", "bug", "export/csv", "feature-request"} <= created
    assert result.counts["tags_applied"] == 7
    assert not any("unknown tags" in note for f in result.files for note in f.notes)


def test_reimporting_never_repeats_or_overrides_tag_decisions(editor: User) -> None:
    from voxpop.tagging.models import Verdict
    from voxpop.tagging.services import record_decision

    tags = make_tree("bug")
    run("csv", SAMPLES / "conversations.csv", source="chats")
    chat = conversation("chats", "chat-1002")
    record_decision(chat, tags["bug"], Verdict.REJECT, user=editor)

    again = run("csv", SAMPLES / "conversations.csv", source="chats")

    assert again.counts.get("tags_applied", 0) == 0
    assert TagDecision.objects.filter(conversation=chat, tag=tags["bug"]).count() == 2
    assert not ConversationTag.objects.filter(conversation=chat, tag=tags["bug"]).exists()


def test_jsonl_takes_nested_conversations_and_flat_message_rows() -> None:
    make_tree("feature-request")
    run("jsonl", SAMPLES / "conversations.jsonl", source="json")

    nested = conversation("json", "c-2001")
    assert [m.external_id for m in nested.messages.all()] == ["p-1", "p-2"]
    assert nested.context == {"page": "/views/timeline", "plan_at_time": "business"}
    assert nested.current_tags.count() == 1
    flat = conversation("json", "c-2002")
    assert flat.messages.count() == 2 and flat.language == "ko"
    assert conversation("json", "c-2003").context == {"board_count": 14}


def test_a_mapping_file_reads_a_differently_named_export() -> None:
    from voxpop.imports.mapping import load_mapping
    from voxpop.imports.records import ParseOptions

    mapping = load_mapping(SAMPLES / "helpdesk-mapping.yaml", [])
    options = ParseOptions(
        columns=mapping.columns, tags_separator=";", time_zone="Europe/Rome", channel="ticket"
    )
    make_tree("security/sso")

    result = run("csv", SAMPLES / "helpdesk-export.csv", source="helpdesk", options=options)

    assert result.exit_code == 0
    ticket = conversation("helpdesk", "HD-502")
    assert ticket.channel == "ticket" and ticket.language == "fr"
    assert ticket.started_at.isoformat() == "2026-01-21T10:02:00+00:00"  # 11:02 in Rome
    assert ticket.context == {"queue_name": "Enterprise"}
    assert ticket.contact is not None and ticket.contact.name == "Élodie Martin"
    assert ticket.current_tags.count() == 1


def test_email_threads_charsets_quotes_signatures_and_attachments(dana: User) -> None:
    run("email", SAMPLES / "mailbox.mbox", source="mail")

    thread = conversation("mail", "root-1@northwind.example")
    messages = list(thread.messages.all())
    assert [m.author_role for m in messages] == ["customer", "agent", "customer"]  # Dana is a user: agent
    assert messages[0].signature.startswith("-- \nPriya Natarajan")
    assert messages[1].quoted.startswith("On Tue, 10 Mar 2026")
    assert "wrote:" not in messages[1].text
    assert "“Names only”" in messages[2].text and messages[2].signature == "Sent from my iPhone"
    assert thread.contact is not None and thread.contact.email == "priya@northwind.example"

    chinese = conversation("mail", "cn-1@yunshan.example")
    assert chinese.subject == "PDF导出中文字体显示为方块"
    texts = [m.text for m in chinese.messages.all()]
    assert "镕" in texts[0] and "堃" in texts[0]  # GBK characters under a GB2312 label
    assert "繁體中文" in texts[1]  # Big5
    assert chinese.contact is not None and chinese.contact.email == "wang.fang@yunshan.example"
    assert chinese.language == "zh"
    assert conversation("mail", "kr-1@seoullabs.example").messages.get().text.startswith("안녕하세요")
    japanese = conversation("mail", "jp-1@sakura-works.example")
    assert japanese.subject == "カレンダー表示について" and japanese.language == "ja"

    html = conversation("mail", "html-1@ferrovia.example")
    first, reply = html.messages.all()
    assert "<script" not in first.html and "onclick" not in first.html and "onerror" not in first.html
    assert "javascript:" not in first.html and "alert" not in first.text
    assert first.text.startswith("Hello team,")
    assert first.attachments == [{"name": "screenshot.png", "size": 2048, "content_type": "image/png"}]
    assert reply.text.startswith("Update: clearing cookies")  # threaded by subject, no headers


def test_email_links_contacts_to_existing_accounts_by_domain_and_never_to_free_mail() -> None:
    from tests.builders import make_account

    northwind = make_account("Northwind Studio", domain="northwind.example")
    run("email", SAMPLES / "mailbox.mbox", source="mail")

    assert conversation("mail", "root-1@northwind.example").account == northwind
    assert conversation("mail", "jp-1@sakura-works.example").account is None  # no such account: not invented


def test_transcripts_make_team_speakers_agents(dana: User) -> None:
    run("transcript", SAMPLES / "call.vtt", SAMPLES / "call.srt", SAMPLES / "call.txt", source="calls")

    call = conversation("calls", "call-2026-03-10-northwind")
    assert call.channel == "call" and call.subject == "Renewal call with Northwind Studio"
    turns = list(call.messages.values_list("author", "author_role"))
    assert turns == [
        ("Dana Reyes", "agent"),
        ("Priya Natarajan", "customer"),
        ("Dana Reyes", "agent"),
        ("Priya Natarajan", "customer"),
    ]
    assert "drops the linked names" in call.messages.all()[1].text  # two cues, one turn
    assert call.messages.all()[1].sent_at.isoformat() == "2026-03-10T15:00:05+00:00"
    srt = conversation("calls", "call.srt")
    assert srt.language == "ko" and srt.messages.count() == 3
    plain = conversation("calls", "call-2026-03-12-yunshan")
    assert plain.language == "zh" and "销售团队" in plain.messages.all()[1].text
    assert Conversation.objects.filter(source__name="calls").count() == 3
