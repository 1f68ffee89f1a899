"""Explorer exports: CSV a spreadsheet will not execute, Parquet, audited, editors only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pyarrow.parquet as pq
import pytest

from tests.builders import as_user, make_conversation, make_tree
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Source
from voxpop.explorer.exports import spreadsheet_safe, to_csv
from voxpop.tagging.services import record_decision
from voxpop.users.models import User

HOSTILE_PAGES = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tlead", "\rcr", "/pricing"]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_cells_that_start_a_formula_get_an_apostrophe(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell


def test_other_cells_and_numbers_are_left_alone() -> None:
    assert spreadsheet_safe("/pricing") == "/pricing"
    assert spreadsheet_safe("a=b") == "a=b"
    assert spreadsheet_safe(-3) == -3
    rows = list(csv.reader(io.StringIO(to_csv(["n", "s"], [[-3, "-3"]]).decode("utf-8-sig"))))
    assert rows == [["n", "s"], ["-3", "'-3"]]


@pytest.fixture
def hostile_context(source: Source, editor: User) -> None:
    tags = make_tree("billing/plans")
    for day, page in enumerate(HOSTILE_PAGES, start=1):
        conversation = make_conversation(
            source, started_at=datetime(2026, 6, day, tzinfo=UTC), context={"page": page}
        )
        record_decision(conversation, tags["plans"], user=editor)


@pytest.mark.django_db
def test_the_csv_export_escapes_customer_controlled_slices(hostile_context: None, editor: User) -> None:
    response = as_user(editor).get("/explore/export?tags=billing&period=month&by=context.page&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["period", "slice", "conversations"]
    slices = {row[1] for row in rows[1:]}
    assert slices == {
        '\'=HYPERLINK("http://evil")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tlead",
        "'\rcr",
        "/pricing",
    }
    assert all(row[2] == "1" for row in rows[1:])
    event = AuditEvent.objects.get(action="explorer.exported")
    assert event.actor == editor and event.data["format"] == "csv" and event.data["rows"] == 7


@pytest.mark.django_db
def test_the_parquet_export_holds_the_same_rows_unescaped(hostile_context: None, editor: User) -> None:
    response = as_user(editor).get(
        "/api/explore/export?tags=billing&period=month&by=context.page&format=parquet"
    )
    assert response.status_code == 200
    table = pq.read_table(io.BytesIO(response.content)).to_pylist()
    assert {row["slice"] for row in table} == set(HOSTILE_PAGES)  # typed columns: nothing to escape
    assert {row["conversations"] for row in table} == {1}
    assert AuditEvent.objects.filter(action="explorer.exported", data__format="parquet").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "page", "api"), [("anonymous", 302, 401), ("viewer", 403, 403), ("editor", 200, 200)]
)
def test_only_editors_and_up_may_export(
    hostile_context: None, personas: dict[str, User | None], role: str, page: int, api: int
) -> None:
    client = as_user(personas[role])
    assert client.get("/explore/export?tags=billing&format=csv").status_code == page
    assert client.get("/api/explore/export?tags=billing&format=csv").status_code == api


@pytest.mark.django_db
def test_an_unknown_format_is_refused_and_nothing_is_recorded(hostile_context: None, editor: User) -> None:
    response = as_user(editor).get("/explore/export?tags=billing&format=xlsx")
    assert response.status_code == 400 and "format: expected one of csv, parquet" in response.content.decode()
    assert not AuditEvent.objects.filter(action="explorer.exported").exists()
