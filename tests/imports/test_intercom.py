"""Intercom conversations from its REST API: the sample, re-imports, a large export,
rejected conversations, broken JSON, archives, and the tag-mapping table."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.builders import make_tree
from tests.imports.conftest import SAMPLES, conversation, errors_of, notes_of, run, stored
from voxpop.cli import main
from voxpop.conversations.models import Conversation, Message
from voxpop.imports.records import ParseOptions
from voxpop.imports.tagmap import load_tag_map
from voxpop.tagging.models import ConversationTag

pytestmark = pytest.mark.django_db

SAMPLE = SAMPLES / "intercom-conversations.json"


def page() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def mapped(**kwargs: Any) -> ParseOptions:
    return ParseOptions(tag_map=load_tag_map(SAMPLES / "tag-map.csv"), **kwargs)


def test_the_sample_maps_authors_html_contacts_companies_and_tags() -> None:
    tags = make_tree("billing/invoices", "feature-request", "export/pdf")

    result = run("intercom", SAMPLE, source="intercom", options=mapped())

    assert result.exit_code == 0, result.files
    assert result.counts["conversations_created"] == 3 and result.counts["messages_created"] == 9
    billing = conversation("intercom", "215470001")
    roles = list(billing.messages.values_list("external_id", "author_role"))
    # Events without words (assignment, close) are not messages; the note stays internal.
    assert roles == [("3054411", "customer"), ("9002", "bot"), ("9003", "agent"), ("9004", "note"),
                     ("9005", "customer")]  # fmt: skip
    first = billing.messages.get(external_id="3054411")
    assert first.text.startswith("Hi! Our finance team needs invoices per workspace")
    assert "<b>invoices per workspace</b>" in first.html
    for hostile in ("<script", "onclick", "javascript:", "alert"):
        assert hostile not in first.html and hostile not in first.text
    assert first.attachments == [
        {"name": "invoice-march.pdf", "size": 48213, "content_type": "application/pdf"}
    ]
    assert billing.status == "closed" and billing.closed_at.isoformat() == "2026-03-02T11:02:00+00:00"
    assert billing.started_at.isoformat() == "2026-03-02T09:14:00+00:00"
    assert billing.contact is not None and billing.contact.email == "priya@northwind.example"
    assert billing.account is not None and billing.account.name == "Northwind Studio"
    assert billing.account.domain == "northwind.example"
    assert billing.context == {"page": "https://app.voxpop-demo.example/billing", "Plan": "business"}
    applied = set(ConversationTag.objects.filter(conversation=billing).values_list("tag__slug", flat=True))
    assert applied == {"invoices", "feature-request"}  # "vip" is mapped to nothing
    assert tags["invoices"].pk in set(billing.current_tags.values_list("tag_id", flat=True))

    chinese = conversation("intercom", "215470002")
    assert chinese.channel == "email" and chinese.subject == "导出PDF时中文字体显示为方块"
    assert chinese.language == "zh" and "onerror" not in chinese.messages.first().html
    korean = conversation("intercom", "215470003")
    assert korean.language == "ko" and korean.status == "pending"
    assert korean.messages.get(external_id="9201").text == "네, 설정 > 지역에서 바꿀 수 있습니다."
    # "calendar" is neither mapped nor a voxpop tag: listed with its count.
    assert any(
        "unknown tags" in n and "'calendar' (1 row" in n and "--tag-map" in n for n in notes_of(result)
    )


def test_reimport_creates_nothing_and_an_overlapping_export_updates_what_changed(tmp_path: Path) -> None:
    run("intercom", SAMPLE, source="intercom")
    before = stored("intercom")

    again = run("intercom", SAMPLE, source="intercom")

    assert again.exit_code == 0
    assert again.counts.get("conversations_created", 0) == 0 and again.counts.get("messages_created", 0) == 0
    assert again.counts["messages_unchanged"] == 9 and again.counts["conversations_unchanged"] == 3
    assert stored("intercom") == before

    later = page()
    korean = later["conversations"][2]
    korean["state"] = "closed"
    korean["statistics"] = {"last_close_at": korean["updated_at"] + 600}
    parts = korean["conversation_parts"]["conversation_parts"]
    parts[0]["body"] = "<p>네, 설정 &gt; 지역 &gt; 주 시작 요일에서 바꿀 수 있습니다.</p>"
    parts.append({**parts[0], "id": "9203", "author": {"type": "user", "name": "김민준"},
                  "body": "<p>감사합니다!</p>", "created_at": korean["updated_at"] + 60})  # fmt: skip
    path = tmp_path / "later.json"
    path.write_text(json.dumps({"conversations": [korean]}, ensure_ascii=False), encoding="utf-8")

    overlap = run("intercom", path, source="intercom")

    assert overlap.counts == {
        "conversations_updated": 1, "messages_created": 1, "messages_updated": 1, "messages_unchanged": 1,
    }  # fmt: skip
    updated = conversation("intercom", "215470003")
    assert updated.status == "closed" and updated.messages.count() == 3
    assert "주 시작 요일" in updated.messages.get(external_id="9201").text
    assert Conversation.objects.filter(source__name="intercom").count() == 3


def generated(count: int) -> list[dict[str, Any]]:
    template = page()["conversations"][0]
    out = []
    for number in range(count):
        item = copy.deepcopy(template)
        item["id"] = f"gen-{number}"
        item["source"]["id"] = f"src-{number}"
        item["created_at"] += number * 60
        item["statistics"]["last_close_at"] += number * 60
        for part in item["conversation_parts"]["conversation_parts"]:
            part["id"] = f"{number}-{part['id']}"
            part["created_at"] += number * 60
            if part["body"]:
                part["body"] += [
                    "<p>Export is slow.</p>",
                    "<p>导出很慢。</p>",
                    "<p>내보내기가 느립니다.</p>",
                ][number % 3]
        out.append(item)
    return out


def test_a_large_export_streams_in_and_reimports_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps(generated(700)), encoding="utf-8")  # a JSON array: read item by item

    first = run("intercom", path, source="big", batch_size=500)

    assert first.exit_code == 0
    assert first.counts["conversations_created"] == 700 and first.counts["messages_created"] == 3500
    again = run("intercom", path, source="big", batch_size=500)
    assert again.counts == {"conversations_unchanged": 700, "messages_unchanged": 3500}
    assert Message.objects.filter(conversation__source__name="big").count() == 3500


def test_rejected_conversations_are_named_with_file_item_and_line_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    conversations = page()["conversations"]
    no_id = copy.deepcopy(conversations[1])
    del no_id["id"]
    bad_part = copy.deepcopy(conversations[2])
    bad_part["conversation_parts"]["conversation_parts"][0]["created_at"] = "next tuesday"
    path = tmp_path / "mixed.json"
    path.write_text(
        json.dumps([conversations[0], no_id, bad_part], indent=1, ensure_ascii=False), encoding="utf-8"
    )

    result = run("intercom", path, source="mixed")

    assert result.exit_code == 1
    errors = errors_of(result)
    assert len(errors) == 2
    assert errors[0].startswith(f"{path}: item 2 (line ")
    assert "the conversation has no id" in errors[0]
    assert errors[1].startswith(f"{path}: item 3 (line ") and "(conversation 215470003)" in errors[1]
    assert "conversation_parts[1]: cannot read 'next tuesday' as a timestamp" in errors[1]
    assert Conversation.objects.filter(source__name="mixed").count() == 1


def test_broken_json_is_reported_with_its_position_after_importing_what_came_before(tmp_path: Path) -> None:
    conversations = page()["conversations"]
    text = json.dumps(conversations[:2], indent=1, ensure_ascii=False)
    cut = text.rindex('"created_at"')
    path = tmp_path / "broken.json"
    path.write_text(text[:cut] + '"created_at": 17x, ' + text[cut + len('"created_at"') :], encoding="utf-8")
    line = text[:cut].count("\n") + 1

    result = run("intercom", path, source="broken")

    errors = errors_of(result)
    assert result.exit_code == 1 and len(errors) == 1
    assert errors[0].startswith(f"{path}: line {line}, column ")
    assert "broken JSON in item 2" in errors[0]
    assert Conversation.objects.filter(source__name="broken").count() == 1

    page_path = tmp_path / "page.json"
    page_path.write_text('{"conversations": [\n  {"id": "1",\n  "created_at" 5}\n]}', encoding="utf-8")
    assert errors_of(run("intercom", page_path, source="broken")) == [
        f"{page_path}: line 3, column 16: broken JSON: Expecting ':' delimiter"
    ]


def test_a_zip_export_and_jsonl_import_and_traversal_members_are_refused(tmp_path: Path) -> None:
    conversations = page()["conversations"]
    archive = tmp_path / "intercom-export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("export/page-1.json", json.dumps({"conversations": conversations[:2]}))
        zipped.writestr("export/rest.jsonl", json.dumps(conversations[2]) + "\n")
        zipped.writestr("../../escape.json", json.dumps({"conversations": conversations}))
        zipped.writestr("export/readme.txt", "not read")

    result = run("intercom", archive, source="zip")

    assert errors_of(result) == [f"{archive}:../../escape.json: '..' in the member name (path traversal)"]
    assert result.counts["conversations_created"] == 3 and result.counts["messages_created"] == 9
    assert not (tmp_path.parent / "escape.json").exists()


def test_cli_imports_with_a_tag_map_and_lists_unmapped_tags(capsys: Any) -> None:
    make_tree("billing/invoices", "feature-request")

    code = main(
        ["import", "intercom", str(SAMPLE), "--source", "cli", "--tag-map", str(SAMPLES / "tag-map.yaml")]
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "conversations: 3 created" in out and "tags applied: 2" in out
    assert "unknown tags, not applied (map them with --tag-map" in out
    assert "'export/pdf' (1 row" in out and "'calendar' (1 row" in out


def test_cli_create_tags_puts_unmapped_tags_under_unsorted(capsys: Any) -> None:
    code = main(["import", "intercom", str(SAMPLE), "--create-tags", "--json"])

    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["counts"]["tags_applied"] == 5
    from voxpop.taxonomy.models import Tag

    assert set(Tag.objects.filter(parent__slug="unsorted").values_list("name", flat=True)) == {
        "Billing - invoices", "Feature request", "vip", "export-pdf", "calendar",
    }  # fmt: skip


def test_a_bad_tag_map_is_refused_with_its_line(tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "map.csv"
    bad.write_text("tag,voxpop\nbilling,billing,extra\n", encoding="utf-8")

    with pytest.raises(SystemExit) as exit_info:
        main(["import", "intercom", str(SAMPLE), "--tag-map", str(bad)])

    assert exit_info.value.code == 2
    assert f"--tag-map {bad}: line 2: more than two columns" in capsys.readouterr().err
