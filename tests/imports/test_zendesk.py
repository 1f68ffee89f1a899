"""Zendesk tickets: export pages with side-loads, per-ticket documents, private notes,
requesters and organizations, mapped tags, re-imports, a large export, bad input."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.builders import make_tree
from tests.imports.conftest import SAMPLES, conversation, errors_of, notes_of, run, stored
from voxpop.conversations.models import Conversation, Message
from voxpop.imports.records import ParseOptions
from voxpop.imports.tagmap import load_tag_map
from voxpop.tagging.models import ConversationTag

pytestmark = pytest.mark.django_db

PAGE = SAMPLES / "zendesk-tickets.json"
PER_TICKET = SAMPLES / "zendesk-ticket-comments.jsonl"


def tag_slugs(row: Conversation) -> set[str]:
    return set(ConversationTag.objects.filter(conversation=row).values_list("tag__slug", flat=True))


def page() -> dict[str, Any]:
    return json.loads(PAGE.read_text(encoding="utf-8"))


def test_the_samples_map_requesters_organizations_notes_and_tags() -> None:
    make_tree("sso", "export/csv", "feature-request", "performance")
    options = ParseOptions(tag_map=load_tag_map(SAMPLES / "tag-map.yaml"))

    result = run("zendesk", PAGE, PER_TICKET, source="zendesk", options=options)

    assert result.exit_code == 0, result.files
    assert result.counts["conversations_created"] == 4 and result.counts["messages_created"] == 11
    sso = conversation("zendesk", "4101")
    assert sso.channel == "email" and sso.subject == "SSO login loops back to the sign-in page"
    assert sso.status == "closed" and sso.closed_at.isoformat() == "2026-02-11T16:00:00+00:00"
    assert list(sso.messages.values_list("author", "author_role")) == [
        ("Élodie Martin", "customer"), ("Dana Reyes", "agent"), ("Dana Reyes", "note"),
        ("Élodie Martin", "customer"), ("Sam Ortiz", "agent"),
    ]  # fmt: skip
    note = sso.messages.get(external_id="880003")
    assert note.author_role == "note" and "NameID" in note.text  # a private comment is never customer text
    assert "<iframe" not in sso.messages.get(external_id="880001").html
    assert sso.messages.get(external_id="880004").attachments == [
        {"name": "saml-response.xml", "size": 5120, "content_type": "application/xml"}
    ]
    assert sso.contact is not None and sso.contact.email == "elodie@ferrovia.example"
    assert sso.account is not None and sso.account.name == "Ferrovia Logistica"
    assert sso.account.domain == "ferrovia.example" and sso.account.external_ids == {"zendesk": "5501"}
    assert sso.context == {"priority": "high", "type": "problem", "via": "email"}
    assert tag_slugs(sso) == {"sso"}  # login_loop -> sso; two ignored

    korean = conversation("zendesk", "4102")
    assert korean.channel == "ticket" and korean.language == "ko"
    (description,) = korean.messages.all()
    assert description.external_id == "description" and description.author_role == "customer"
    assert korean.account is not None and korean.account.name == "Seoul Labs"
    assert tag_slugs(korean) == {"csv", "feature-request"}

    chat = conversation("zendesk", "4103")
    assert chat.channel == "chat" and chat.status == "pending"
    assert [m.author_role for m in chat.messages.all()] == ["customer", "agent", "note"]
    chinese = conversation("zendesk", "4104")
    assert chinese.language == "zh" and chinese.contact is not None and chinese.contact.name == "李娜"
    notes = notes_of(result)
    assert any("unknown tags" in n and "'dark_mode' (1 row" in n for n in notes)


def test_reimport_creates_nothing_and_an_overlapping_page_updates_what_changed(tmp_path: Path) -> None:
    run("zendesk", PAGE, source="zendesk")
    before = stored("zendesk")
    again = run("zendesk", PAGE, source="zendesk")
    assert again.counts == {"conversations_unchanged": 2, "messages_unchanged": 6}
    assert stored("zendesk") == before

    later = page()
    ticket = later["tickets"][1]
    ticket["status"] = "solved"
    ticket["updated_at"] = "2026-02-13T00:00:00Z"
    ticket["comments"] = [
        {"id": 990001, "author_id": 361003, "public": True, "created_at": "2026-02-12T01:15:00Z",
         "body": "CSV로 내보내면 엑셀에서 한글이 깨져 보입니다. UTF-8 BOM을 넣어 주실 수 있나요?"},
        {"id": 990002, "author_id": 361002, "public": True, "created_at": "2026-02-13T00:00:00Z",
         "body": "BOM을 추가했습니다."},
    ]  # fmt: skip
    path = tmp_path / "later.json"
    path.write_text(json.dumps({"tickets": [ticket], "users": later["users"]}), encoding="utf-8")

    overlap = run("zendesk", path, source="zendesk")

    assert overlap.counts == {"conversations_updated": 1, "messages_created": 2}
    updated = conversation("zendesk", "4102")
    assert updated.status == "closed" and updated.messages.count() == 3
    assert Conversation.objects.filter(source__name="zendesk").count() == 2


def test_side_loads_in_separate_files_are_read_first_in_a_folder(tmp_path: Path) -> None:
    data = page()
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "a-tickets.json").write_text(json.dumps({"tickets": data["tickets"]}), encoding="utf-8")
    (folder / "users.jsonl").write_text(
        "".join(json.dumps(u) + "\n" for u in data["users"]), encoding="utf-8"
    )
    (folder / "organizations.json").write_text(json.dumps({"organizations": data["organizations"]}), "utf-8")

    result = run("zendesk", folder, source="folder")

    assert result.exit_code == 0, result.files
    sso = conversation("folder", "4101")
    assert sso.contact is not None and sso.contact.email == "elodie@ferrovia.example"
    assert sso.account is not None and sso.account.name == "Ferrovia Logistica"
    assert sso.messages.get(external_id="880005").author_role == "agent"


def test_without_side_loads_the_requester_is_the_customer_and_others_agents(tmp_path: Path) -> None:
    ticket = page()["tickets"][0]
    path = tmp_path / "bare.jsonl"
    path.write_text(json.dumps(ticket) + "\n", encoding="utf-8")

    run("zendesk", path, source="bare")

    roles = list(conversation("bare", "4101").messages.values_list("author_role", flat=True))
    assert roles == ["customer", "agent", "note", "customer", "agent"]


def test_a_large_jsonl_export_imports_and_reimports_unchanged(tmp_path: Path) -> None:
    data = page()
    template = data["tickets"][0]
    path = tmp_path / "tickets.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"users": data["users"], "organizations": data["organizations"]}) + "\n")
        for number in range(800):
            ticket = copy.deepcopy(template)
            ticket["id"] = 100000 + number
            for comment in ticket["comments"]:
                comment["id"] = comment["id"] * 1000 + number
                comment["body"] += ["", " 很急。", " 급합니다."][number % 3]
            out.write(
                json.dumps({"ticket": ticket, "comments": ticket.pop("comments")}, ensure_ascii=False) + "\n"
            )

    first = run("zendesk", path, source="big", batch_size=1000)
    assert first.exit_code == 0
    assert first.counts["conversations_created"] == 800 and first.counts["messages_created"] == 4000
    again = run("zendesk", path, source="big", batch_size=1000)
    assert again.counts == {"conversations_unchanged": 800, "messages_unchanged": 4000}
    assert Message.objects.filter(conversation__source__name="big", author_role="note").count() == 800


def test_bad_tickets_are_rejected_with_line_and_reason_and_broken_lines_reported(tmp_path: Path) -> None:
    good = page()["tickets"][0]
    bad_time = copy.deepcopy(good)
    bad_time["id"] = 7
    bad_time["comments"][1]["created_at"] = "soon"
    empty = {"id": 8, "subject": "nothing", "comments": []}
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join(
            [json.dumps(good), json.dumps(bad_time), '{"id": 9, "subject": "cut', json.dumps(empty), "[1]"]
        )
        + "\n",
        encoding="utf-8",
    )

    result = run("zendesk", path, source="mixed")

    assert result.exit_code == 1
    assert errors_of(result) == [
        f"{path}: line 2 (ticket 7): comments[2]: created_at: cannot read 'soon' as a timestamp "
        "(use ISO 8601, e.g. 2026-03-01T09:30:00Z)",
        f"{path}: line 3, column 22: broken JSON: Unterminated string starting at",
        f"{path}: line 4 (ticket 8): no comment with text (and no description)",
        f"{path}: line 5: [1]: expected a ticket, a page of tickets, or users/organizations",
    ]
    assert Conversation.objects.filter(source__name="mixed").count() == 1


def test_hostile_html_is_neutralised_and_zip_traversal_refused(tmp_path: Path) -> None:
    ticket = page()["tickets"][0]
    ticket["comments"][0]["body"] = ""
    ticket["comments"][0]["plain_body"] = ""
    ticket["comments"][0]["html_body"] = (
        '<p onmouseover="steal()">Hello</p><script>alert(1)</script><a href="javascript:alert(2)">x</a>'
        '<img src=x onerror="alert(3)">'
    )
    archive = tmp_path / "zendesk.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("tickets/1.json", json.dumps({"ticket": ticket, "comments": ticket["comments"]}))
        zipped.writestr("/abs/users.json", json.dumps({"users": []}))
        zipped.writestr("../users.json", json.dumps({"users": []}))

    result = run("zendesk", archive, source="hostile")

    assert errors_of(result) == [
        f"{archive}:/abs/users.json: absolute path in the member name",
        f"{archive}:../users.json: '..' in the member name (path traversal)",
    ]
    message = conversation("hostile", "4101").messages.get(external_id="880001")
    assert message.text == "Hello\nx"
    for hostile in ("script", "onmouseover", "onerror", "javascript:", "alert"):
        assert hostile not in message.html


def test_strict_writes_nothing_when_a_ticket_is_rejected_and_dry_run_writes_nothing_at_all(
    tmp_path: Path,
) -> None:
    good = page()["tickets"][0]
    bad = {"id": 8, "subject": "nothing", "comments": []}
    path = tmp_path / "two.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")

    strict = run("zendesk", path, source="strict", strict=True)

    assert strict.exit_code == 1 and errors_of(strict) == [
        f"{path}: line 2 (ticket 8): no comment with text (and no description)"
    ]
    assert Conversation.objects.filter(source__name="strict").count() == 0

    dry = run("zendesk", PAGE, source="dry", dry_run=True)

    assert dry.exit_code == 0 and dry.counts["conversations_created"] == 2
    assert Conversation.objects.filter(source__name="dry").count() == 0
