"""Closed-lost deals from Salesforce and HubSpot CSV exports: only closed-lost rows, the
amount, the account, the reason as text; re-imports, a large export, bad rows, mapping."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.builders import make_account
from tests.imports.conftest import SAMPLES, conversation, errors_of, notes_of, run, stored
from voxpop.cli import main
from voxpop.conversations.models import Conversation
from voxpop.imports.records import ParseOptions

pytestmark = pytest.mark.django_db

SALESFORCE = SAMPLES / "salesforce-opportunities.csv"
HUBSPOT = SAMPLES / "hubspot-deals.csv"


def test_salesforce_imports_only_closed_lost_opportunities_with_amount_account_and_reason() -> None:
    northwind = make_account("Northwind Studio", domain="northwind.example")

    result = run("salesforce", SALESFORCE, source="salesforce")

    assert result.exit_code == 0, result.files
    assert result.counts["conversations_created"] == 2 and result.counts["messages_created"] == 2
    deal = conversation("salesforce", "0065g00000AbCdEAAZ")
    assert deal.channel == "lost_deal" and deal.status == "closed"
    assert str(deal.amount) == "48000.00" and deal.account == northwind  # matched by name
    assert deal.subject == "Northwind - Enterprise upgrade"
    assert deal.closed_at.isoformat() == "2026-03-14T00:00:00+00:00"
    assert deal.started_at.isoformat() == "2026-01-20T00:00:00+00:00"  # Created Date, read month first
    message = deal.messages.get()
    assert message.author_role == "customer" and message.external_id == "deal"
    assert message.text == (
        "Missing feature: per-workspace invoices\n\n"
        "Finance insisted on one invoice per workspace; we only invoice per company.\n\n"
        "Next step: Revisit when per-workspace billing ships"
    )
    assert deal.context == {
        "stage": "Closed Lost", "owner": "Sam Ortiz", "lost_reason": "Missing feature: per-workspace invoices",
    }  # fmt: skip
    chinese = conversation("salesforce", "0065g00000AbCdGAAZ")
    assert chinese.account is not None and chinese.account.name == "云山科技"  # created
    assert chinese.language == "zh" and str(chinese.amount) == "36500.00"
    assert (
        f"{SALESFORCE}: 2 deal(s) skipped, not closed-lost: 'Closed Won' (1), 'Negotiation/Review' (1)"
        in (notes_of(result))
    )
    assert not errors_of(result)


def test_hubspot_imports_closed_lost_deals_by_label_or_internal_stage_value() -> None:
    result = run("hubspot", HUBSPOT, source="hubspot")

    assert result.exit_code == 0
    assert set(Conversation.objects.values_list("external_id", flat=True)) == {"9120001", "9120002"}
    korean = conversation("hubspot", "9120002")
    assert korean.context["stage"] == "closedlost" and korean.language == "ko"
    assert korean.messages.get().text.startswith("가격이 너무 비쌉니다\n\n연간 계약이면")
    assert korean.account is not None and korean.account.external_ids == {"hubspot": "70012"}
    quarry = conversation("hubspot", "9120001")
    assert str(quarry.amount) == "18000.00" and quarry.closed_at.isoformat() == "2026-03-09T16:30:00+00:00"
    assert any("2 deal(s) skipped, not closed-lost: 'Closed Won' (1), 'Appointment Scheduled' (1)" in n
               for n in notes_of(result))  # fmt: skip


def test_reimport_creates_nothing_and_a_changed_export_updates_the_deal(tmp_path: Path) -> None:
    run("hubspot", HUBSPOT, source="hubspot")
    before = stored("hubspot")
    again = run("hubspot", HUBSPOT, source="hubspot")
    assert again.counts == {"conversations_unchanged": 2, "messages_unchanged": 2}
    assert stored("hubspot") == before

    changed = tmp_path / "deals.csv"
    text = (
        HUBSPOT.read_text(encoding="utf-8")
        .replace("18000,", "21000,")
        .replace(
            "Chose a competitor with a built-in dark mode", "Chose a competitor: built-in dark mode and SSO"
        )
    )
    changed.write_text(text, encoding="utf-8")

    overlap = run("hubspot", changed, source="hubspot")

    assert overlap.counts == {
        "conversations_unchanged": 1, "conversations_updated": 1, "messages_unchanged": 1, "messages_updated": 1,
    }  # fmt: skip
    quarry = conversation("hubspot", "9120001")
    assert str(quarry.amount) == "21000.00" and "and SSO" in quarry.messages.get().text


def test_bad_rows_are_rejected_with_line_and_other_stages_only_skipped(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(
        SALESFORCE.read_text(encoding="utf-8")
        + '"Jordan Lee","Seoul Labs","Seoul Labs - Pilot","0065g00000AbCdJAAZ","Closed Lost","2,400.00",'
        '"13/45/2026","","Competitor","",""\n'
        '"Jordan Lee","Seoul Labs","Seoul Labs - Seats","0065g00000AbCdKAAZ","Closed Lost","lots","3/01/2026",'
        '"","Budget","",""\n'
        '"Jordan Lee","","","","Closed Lost","1","3/01/2026","","Budget","",""\n',
        encoding="utf-8",
    )

    result = run("salesforce", path, source="sf")

    assert result.exit_code == 1
    assert errors_of(result) == [
        f"{path}: line 6: closed_at: cannot read '13/45/2026' as a date (month/day/year; set day_first in the mapping)",
        f"{path}: line 7: amount: cannot read 'lots' as an amount",
        f"{path}: line 8: the deal id is empty",
    ]
    assert Conversation.objects.filter(source__name="sf").count() == 2


def test_a_mapping_names_other_columns_and_stages_and_reads_days_first(tmp_path: Path) -> None:
    path = tmp_path / "custom.csv"
    path.write_text(
        "Deal,Client,Value,Lost on,Phase,Why\n"
        "D-1,Quarry Labs,900,03/04/2026,Verloren,Zu teuer\n"
        "D-2,Quarry Labs,900,03/04/2026,Gewonnen,\n",
        encoding="utf-8",
    )
    columns = {"conversation_id": "Deal", "account": "Client", "amount": "Value", "closed_at": "Lost on",
               "stage": "Phase", "lost_reason": "Why"}  # fmt: skip
    options = ParseOptions(
        columns=columns,
        lost_stages=frozenset({"verloren"}),
        day_first=True,
    )

    result = run("hubspot", path, source="custom", options=options)

    assert result.exit_code == 0
    deal = conversation("custom", "D-1")
    assert (
        deal.closed_at.isoformat() == "2026-04-03T00:00:00+00:00" and deal.messages.get().text == "Zu teuer"
    )
    assert Conversation.objects.filter(source__name="custom").count() == 1


def test_a_large_export_imports_and_reimports_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Associated Company",
                         "Closed Lost Reason", "Deal Description"])  # fmt: skip
        for number in range(3000):
            stage = "Closed Lost" if number % 4 else "Closed Won"
            reason = ["Price too high", "缺少单点登录", "한국어 지원 부족"][number % 3]
            writer.writerow([number, f"Deal {number}", stage, 1000 + number, "2026-02-01", f"Company {number % 50}",
                             reason, f"Notes on deal {number}"])  # fmt: skip

    first = run("hubspot", path, source="big")
    assert first.counts["conversations_created"] == 2250 and first.counts["accounts_created"] == 50
    assert any("750 deal(s) skipped, not closed-lost: 'Closed Won' (750)" in n for n in notes_of(first))
    again = run("hubspot", path, source="big")
    assert again.counts == {"conversations_unchanged": 2250, "messages_unchanged": 2250}


def test_cli_exit_code_2_without_a_deal_id_column(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Name,Stage\nA,Closed Lost\n", encoding="utf-8")

    code = main(["import", "hubspot", str(path)])

    assert code == 2
    assert "no deal id column (looked for 'Record ID'" in capsys.readouterr().out
