"""Slack workspace exports: threads as conversations, who is the team, skipped bots and
system messages, re-imports across days, a large export, bad input, archives."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.builders import make_account
from tests.imports.conftest import SAMPLES, conversation, errors_of, notes_of, run, stored
from voxpop.conversations.models import Conversation, Message
from voxpop.imports.records import ParseOptions

pytestmark = pytest.mark.django_db

EXPORT = SAMPLES / "slack-export"
THREAD = "C01GENERAL:1772438400.000100"
SHARED = "C02NORTH:1772460000.000100"
REMINDER = "C01GENERAL:1772445600.000100"


def roles(source: str, key: str) -> list[tuple[str, str]]:
    return list(conversation(source, key).messages.values_list("author", "author_role"))


def copy_export(tmp_path: Path) -> Path:
    target = tmp_path / "export"
    shutil.copytree(EXPORT, target)
    return target


def test_the_sample_makes_one_conversation_per_thread_with_guests_and_slack_connect_as_customers() -> None:
    northwind = make_account("Northwind Studio", domain="northwind.example")

    result = run("slack", EXPORT, source="slack")

    assert result.exit_code == 0, result.files
    assert result.counts["conversations_created"] == 3 and result.counts["messages_created"] == 7
    assert set(Conversation.objects.values_list("external_id", flat=True)) == {THREAD, SHARED, REMINDER}
    # A single-channel guest is a customer; Dana (a member, an admin) is the team.
    assert roles("slack", THREAD) == [("王芳", "customer"), ("Dana Reyes", "agent"), ("王芳", "customer")]
    thread = conversation("slack", THREAD)
    assert thread.channel == "chat" and thread.language == "zh"
    assert thread.subject == "#general: 你好 @dana，看板视图能按负责人分组吗？"
    assert thread.contact is not None and thread.contact.email == "wang.fang@yunshan.example"
    assert thread.account is None  # no account with that domain: never invented
    assert thread.context == {"slack_channel": "#general"}
    # Slack Connect: Priya's workspace is not the exporting one; her reply a day later joins the thread.
    shared = conversation("slack", SHARED)
    assert roles("slack", SHARED) == [
        ("Priya Natarajan", "customer"), ("Dana Reyes", "agent"), ("Priya Natarajan", "customer"),
    ]  # fmt: skip
    first = shared.messages.first()
    assert first is not None
    assert first.text.startswith("Hi team! Could the API return <b>relations</b> with their names?")
    assert "the docs (https://docs.voxpop-demo.example/api)" in first.text and first.html == ""
    assert shared.account == northwind
    assert "한국어" in shared.messages.last().text  # type: ignore[union-attr]
    assert roles("slack", REMINDER) == [("Sam Ortiz", "agent")]  # outside a thread: its own conversation
    notes = notes_of(result)
    assert "skipped 3 bot and system messages: channel_join (1), bot_message (1), channel_leave (1)" in notes


def test_a_community_workspace_makes_members_customers_but_keeps_admins_and_listed_team() -> None:
    options = ParseOptions(workspace_members="customers", team=frozenset({"jordan@voxpop-demo.example"}))
    run("slack", EXPORT, source="community", options=options)

    assert roles("community", REMINDER) == [("Sam Ortiz", "customer")]
    assert roles("community", THREAD)[1] == ("Dana Reyes", "agent")  # an admin


def test_team_flag_names_people_by_slack_id() -> None:
    run("slack", EXPORT, source="listed", options=ParseOptions(team=frozenset({"U04GUEST"})))

    assert [role for _, role in roles("listed", THREAD)] == ["agent", "agent", "agent"]


def test_reimport_creates_nothing_and_a_later_export_adds_and_updates(tmp_path: Path) -> None:
    run("slack", EXPORT, source="slack")
    before = stored("slack")
    again = run("slack", EXPORT, source="slack")
    assert again.counts == {"conversations_unchanged": 3, "messages_unchanged": 7}
    assert stored("slack") == before

    later = copy_export(tmp_path)
    day = later / "shared-northwind" / "2026-03-03.json"
    messages = json.loads(day.read_text(encoding="utf-8"))
    messages[0]["text"] = "Any news on the relation names? We also need 한국어 labels in CSV exports."
    messages.append({"type": "message", "user": "U01DANA", "text": "Shipped today!", "ts": "1772560000.000100",
                     "thread_ts": "1772460000.000100"})  # fmt: skip
    day.write_text(json.dumps(messages, ensure_ascii=False), encoding="utf-8")

    overlap = run("slack", later, source="slack")

    assert overlap.counts == {
        "conversations_unchanged": 3, "messages_created": 1, "messages_updated": 1, "messages_unchanged": 6,
    }  # fmt: skip
    assert conversation("slack", SHARED).messages.count() == 4
    assert Conversation.objects.filter(source__name="slack").count() == 3


def test_a_zip_export_imports_and_refuses_traversal_members(tmp_path: Path) -> None:
    archive = tmp_path / "slack.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(EXPORT.rglob("*.json"), reverse=True):  # metadata last in the archive
            zipped.write(path, path.relative_to(EXPORT).as_posix())
        zipped.writestr("../general/2026-03-09.json", "[]")

    result = run("slack", archive, source="zipped")

    assert errors_of(result) == [
        f"{archive}:../general/2026-03-09.json: '..' in the member name (path traversal)"
    ]
    assert result.counts["conversations_created"] == 3 and result.counts["messages_created"] == 7
    assert roles("zipped", THREAD)[0] == ("王芳", "customer")  # users.json was read first


def test_bad_messages_and_broken_day_files_are_reported_with_position(tmp_path: Path) -> None:
    export = copy_export(tmp_path)
    day = export / "general" / "2026-03-04.json"
    day.write_text(
        json.dumps(
            [
                {"type": "message", "user": "U02SAM", "text": "fine", "ts": "1772600000.000100"},
                {"type": "message", "user": "U02SAM", "text": "no ts"},
                {"type": "message", "user": "U02SAM", "text": "bad ts", "ts": "99999999999999.1"},
                {"type": "message", "user": "U02SAM", "text": "", "ts": "1772600001.000100"},
            ],
            indent=1,
        ),
        encoding="utf-8",
    )
    broken = export / "general" / "2026-03-05.json"
    broken.write_text(
        '[\n {"type": "message", "user": "U02SAM", "text": "ok", "ts": "1772700000.1"},\n {"type": }\n]'
    )

    result = run("slack", export, source="bad")

    assert result.exit_code == 1
    assert errors_of(result) == [
        f"{day}: item 2 (line 8, column 2): the message has no ts",
        f"{day}: item 3 (line 13, column 2) (ts 99999999999999.1): ts: timestamp '99999999999999.1' is out of range",
        f"{day}: item 4 (line 19, column 2) (ts 1772600001.000100): no text in the message",
        f"{broken}: line 3, column 11: broken JSON in item 2: Expecting value; the rest of the file is skipped",
    ]
    assert Message.objects.filter(conversation__source__name="bad", text__in=["fine", "ok"]).count() == 2


def test_a_large_export_imports_and_reimports_unchanged(tmp_path: Path) -> None:
    export = copy_export(tmp_path)
    channel = export / "shared-northwind"
    number = 0
    for day in range(1, 31):
        messages = []
        for thread in range(20):
            root = f"{1772000000 + day * 86400 + thread * 600}.000100"
            for reply in range(5):
                number += 1
                author = ["U05PRIYA", "U01DANA"][reply % 2]
                text = ["Sync is slow again.", "同步又变慢了。", "동기화가 또 느려졌어요."][number % 3]
                ts = root if reply == 0 else f"{float(root) + reply * 30:.6f}"
                messages.append({"type": "message", "user": author, "text": f"{text} #{number}", "ts": ts,
                                 "thread_ts": root, "user_team": "T9NORTHWIND" if reply % 2 == 0 else "T0VOXPOP"})  # fmt: skip
        (channel / f"2026-01-{day:02d}.json").write_text(json.dumps(messages, ensure_ascii=False), "utf-8")

    first = run("slack", export, source="big", batch_size=1000)

    assert first.exit_code == 0
    assert first.counts["conversations_created"] == 600 + 3 and first.counts["messages_created"] == 3000 + 7
    again = run("slack", export, source="big", batch_size=1000)
    # (a thread that straddles two batches counts as unchanged in each)
    assert set(again.counts) == {"conversations_unchanged", "messages_unchanged"}
    assert again.counts["messages_unchanged"] == 3007 and again.counts["conversations_unchanged"] >= 603
    assert Conversation.objects.filter(source__name="big").count() == 603
