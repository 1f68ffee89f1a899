"""The pipeline's promises: per-row errors with file and line, strict, dry run,
overlapping exports, checkpoints, and the command line's summary and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.imports.conftest import SAMPLES, conversation, run, stored
from voxpop.cli import main
from voxpop.conversations.models import Conversation, Message
from voxpop.imports.models import ImportFile, ImportRun, RunStatus

pytestmark = pytest.mark.django_db

HEADER = "conversation_id,message_id,sent_at,author_role,text,tags\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_rows_are_rejected_with_file_line_and_reason_and_the_rest_imported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mixed.csv",
        HEADER
        + "c1,m1,2026-01-01T10:00:00Z,customer,First good row,\n"
        + "c2,m1,yesterday-ish,customer,Bad time,\n"
        + "c3,m1,2026-01-01T10:00:00Z,wizard,Bad role,\n"
        + ",m1,2026-01-01T10:00:00Z,customer,No conversation,\n"
        + "c4,m1,2026-01-01T10:00:00Z,customer,,\n"
        + 'c5,m1,2026-01-01T10:00:00Z,customer,"A quoted\nrow over two lines",\n'
        + "c6,m1,2026-01-01T10:00:00Z,customer,Last good row,\n",
    )

    result = run("csv", path, source="s")

    assert result.exit_code == 1
    errors = {e["where"]: e["reason"] for e in result.files[0].errors}
    assert errors == {
        f"{path}: line 3": "sent_at: cannot read 'yesterday-ish' as a timestamp (use ISO 8601, e.g. 2026-03-01T09:30:00Z)",
        f"{path}: line 4": "author_role: unknown author role 'wizard' (use customer, agent, bot or note)",
        f"{path}: line 5": "conversation_id is empty",
        f"{path}: line 6": "text is empty",
    }
    assert {c for c, _m, _t in stored("s")} == {"c1", "c5", "c6"}
    assert conversation("s", "c5").messages.get().text == "A quoted\nrow over two lines"
    assert result.counts["rejected"] == 4


@pytest.mark.parametrize("batch_size", [4, 120])  # below and above DEFER_SEARCH_FROM messages
def test_imported_and_reimported_text_is_searchable(tmp_path: Path, batch_size: int) -> None:
    from voxpop.conversations.search import matching

    def found(query: str) -> set[str]:
        condition = matching(query)
        assert condition is not None
        return set(Conversation.objects.filter(condition).values_list("external_id", flat=True))

    def text(i: int, animal: str) -> str:
        return f"c{i // 3},m{i},2026-01-01T10:00:00Z,customer,w{i:03d}x {animal},\n"

    rows = [text(i, "zebra") for i in range(300)]  # conversations span batches
    run("csv", write(tmp_path, "search.csv", HEADER + "".join(rows)), source="s", batch_size=batch_size)
    assert found("zebra") == {f"c{i}" for i in range(100)}
    assert found("w007x") == {"c2"} and found("w299x") == {"c99"}

    rows[7] = text(7, "okapi")
    rows[27:30] = [text(i, "lion") for i in (27, 28, 29)]  # all of c9's messages
    run("csv", write(tmp_path, "search2.csv", HEADER + "".join(rows)), source="s", batch_size=batch_size)
    assert found("okapi") == {"c2"} and found("lion") == {"c9"}
    assert found("zebra") == {f"c{i}" for i in range(100)} - {"c9"}  # c2's other messages say zebra


def test_strict_aborts_the_whole_file_and_writes_nothing(tmp_path: Path) -> None:
    rows = "".join(f"c{i},m1,2026-01-01T10:00:00Z,customer,Row {i},\n" for i in range(30))
    path = write(tmp_path, "strict.csv", HEADER + rows + "c99,m1,not-a-time,customer,Broken,\n")

    result = run("csv", path, source="s", strict=True, batch_size=5)

    assert result.exit_code == 1
    assert result.files[0].status == RunStatus.ABORTED
    assert Conversation.objects.count() == 0
    assert result.files[0].errors[0]["where"] == f"{path}: line 32"
    assert any("nothing was written" in note for note in result.files[0].notes)


def test_dry_run_counts_everything_and_writes_nothing(tmp_path: Path) -> None:
    result = run("csv", SAMPLES / "conversations.csv", source="s", dry_run=True, batch_size=2)

    assert result.counts["conversations_created"] == 4
    assert result.counts["messages_created"] == 7
    assert Conversation.objects.count() == 0 and Message.objects.count() == 0
    assert ImportRun.objects.get().dry_run  # the history still shows the rehearsal


def test_an_overlapping_export_updates_what_changed_and_adds_what_is_new(tmp_path: Path) -> None:
    first = write(
        tmp_path,
        "jan.csv",
        HEADER + "c1,m1,2026-01-01T10:00:00Z,customer,Original,\nc1,m2,2026-01-01T10:05:00Z,agent,Reply,\n",
    )
    second = write(
        tmp_path,
        "feb.csv",
        HEADER
        + "c1,m2,2026-01-01T10:05:00Z,agent,Reply (edited),\nc1,m3,2026-01-02T09:00:00Z,customer,Follow-up,\n"
        + "c2,m1,2026-02-01T10:00:00Z,customer,New one,\n",
    )
    run("csv", first, source="s")

    result = run("csv", second, source="s")

    assert result.counts == {
        "conversations_created": 1,
        "conversations_unchanged": 1,
        "messages_created": 2,
        "messages_updated": 1,
    }
    assert list(conversation("s", "c1").messages.values_list("text", flat=True)) == [
        "Original",
        "Reply (edited)",
        "Follow-up",
    ]


def test_rows_without_message_ids_are_recognised_on_reimport(tmp_path: Path) -> None:
    path = write(
        tmp_path, "plain.csv", "conversation_id,text,tags\n1,Export fails,bug\n1,Still failing,\n2,Hi,\n"
    )
    run("csv", path, source="s")

    again = run("csv", path, source="s")

    assert Message.objects.count() == 3
    assert again.counts == {"conversations_unchanged": 2, "messages_unchanged": 3}


def test_a_conversation_split_across_batches_ends_whole_and_unchanged_on_rerun(tmp_path: Path) -> None:
    rows = "".join(f"c1,m{i},2026-01-01T10:{i:02d}:00Z,customer,Line {i},\n" for i in range(12))
    path = write(tmp_path, "long.csv", HEADER + rows)
    run("csv", path, source="s", batch_size=5)

    again = run("csv", path, source="s", batch_size=5)

    assert conversation("s", "c1").messages.count() == 12
    assert conversation("s", "c1").started_at.isoformat() == "2026-01-01T10:00:00+00:00"
    assert again.counts == {"conversations_unchanged": 3, "messages_unchanged": 12}


def test_a_rerun_resumes_after_the_last_checkpoint_of_an_interrupted_import(tmp_path: Path) -> None:
    rows = "".join(f"c{i},m1,2026-01-01T10:00:00Z,customer,Row {i},\n" for i in range(20))
    path = write(tmp_path, "resume.csv", HEADER + rows)
    run("csv", path, source="s", batch_size=5)
    # As a kill -9 after the second batch would leave it: 10 records committed, run unfinished.
    interrupted = ImportFile.objects.get()
    ImportFile.objects.filter(pk=interrupted.pk).update(
        status=RunStatus.RUNNING,
        records_done=10,
        counts={"conversations_created": 10, "messages_created": 10},
    )
    ImportRun.objects.update(status=RunStatus.RUNNING, finished_at=None)
    Conversation.objects.filter(external_id__in=[f"c{i}" for i in range(10, 20)]).delete()

    result = run("csv", path, source="s", batch_size=5)

    assert result.files[0].resumed_at == 10
    assert result.counts == {"conversations_created": 20, "messages_created": 20}
    assert Conversation.objects.count() == 20
    interrupted.refresh_from_db()
    assert interrupted.status == RunStatus.INTERRUPTED
    assert interrupted.run.status == RunStatus.INTERRUPTED


def test_cli_prints_the_summary_and_exits_1_when_rows_were_rejected(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "one-bad.csv", HEADER + "c1,m1,,customer,Fine,\nc2,m1,,robot?,Bad,\n")

    code = main(["import", "csv", str(path), "--source", "cli"])

    out = capsys.readouterr().out
    assert code == 1
    assert f"rejected: {path}: line 3: author_role: unknown author role 'robot?'" in out
    assert "conversations: 1 created, 0 updated, 0 unchanged" in out
    assert "rejected: 1;" in out


def test_cli_json_summary_and_exit_0(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["import", "jsonl", str(SAMPLES / "conversations.jsonl"), "--json"])

    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    assert summary["counts"]["messages_created"] == 5
    assert summary["files"][0]["status"] == "succeeded"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "csv", "/no/such/file.csv"], "no such file or folder: /no/such/file.csv"),
        (["import", "csv", "{sample}", "--column", "nonsense=X"], "unknown field 'nonsense'"),
        (
            ["import", "csv", "{sample}", "--column", "text=Missing"],
            "column 'Missing', which is not in the header",
        ),
        (["import", "csv", "{sample}", "--time-zone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
    ],
)
def test_cli_exits_2_on_unusable_input(args, message, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = [a.replace("{sample}", str(SAMPLES / "conversations.csv")) for a in args]

    with pytest.raises(SystemExit) as exit_info:
        code = main(argv)
        raise SystemExit(code)

    captured = capsys.readouterr()
    assert exit_info.value.code == 2, captured
    assert message in captured.err + captured.out


def test_a_file_without_the_required_columns_is_unusable(tmp_path: Path) -> None:
    path = write(tmp_path, "wrong.csv", "name,email\nAda,ada@example.com\n")

    result = run("csv", path, source="s")

    assert result.exit_code == 2
    assert "no conversation_id column" in result.files[0].notes[0]
    assert ImportFile.objects.get().status == RunStatus.FAILED


def test_the_history_records_who_ran_what_with_counts_and_errors(tmp_path: Path, admin) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "history.csv", HEADER + "c1,m1,,customer,Fine,\nc2,m1,,robot?,Bad,\n")

    run("csv", path, source="s", user=admin, origin="cli (os user ada)")

    history = ImportRun.objects.get()
    assert (history.user, history.format, history.source.name, history.status) == (
        admin,
        "csv",
        "s",
        "partial",
    )
    assert history.counts["messages_created"] == 1 and history.counts["rejected"] == 1
    file = history.files.get()
    assert file.error_count == 1 and file.errors[0]["where"] == f"{path}: line 3"
    assert file.status == RunStatus.PARTIAL and file.records_done == 2


def test_a_thread_the_team_started_takes_its_recipient_as_the_contact(tmp_path: Path) -> None:
    path = tmp_path / "outreach.eml"
    path.write_bytes(
        b"From: Dana Reyes <dana@ourco.example>\r\nTo: Lena Hoffmann <lena@hoffmann-bau.example>\r\n"
        b"Subject: Your trial\r\nMessage-ID: <out-1@ourco.example>\r\nDate: Mon, 2 Mar 2026 09:00:00 +0000\r\n"
        b"\r\nHow is the trial going?\r\n"
    )
    from voxpop.imports.records import ParseOptions

    run("email", path, source="mail", options=ParseOptions(team=frozenset({"@ourco.example"})))

    thread = conversation("mail", "out-1@ourco.example")
    assert thread.contact is not None and thread.contact.email == "lena@hoffmann-bau.example"
    assert thread.messages.get().author_role == "agent"


def test_an_account_first_named_then_given_a_domain_stays_one_account(tmp_path: Path) -> None:
    from voxpop.accounts.models import Account

    run("csv", write(tmp_path, "a.csv", "conversation_id,text,account\nc1,Hi,Ferrovia Design\n"), source="s")
    run(
        "csv",
        write(
            tmp_path,
            "b.csv",
            "conversation_id,text,account,account_domain\nc2,Hi,Ferrovia Design,ferrovia.example\n",
        ),
        source="s",
    )

    account = Account.objects.get()
    assert (account.name, account.domain) == ("Ferrovia Design", "ferrovia.example")
    assert conversation("s", "c2").account == account


def test_an_account_edited_while_an_import_runs_keeps_the_edit_the_file_does_not_touch(
    tmp_path: Path,
) -> None:
    from voxpop.accounts.models import Account
    from voxpop.imports.pipeline import ImportRequest, run_import

    path = write(
        tmp_path,
        "accounts.csv",
        "conversation_id,text,account,account_domain,account_plan,account_arr\n"
        "c1,Hi,Acme,acme.example,business,100\n"
        "c2,Hello,Acme,acme.example,,200\n",
    )
    edited: list[int] = []

    def committed(*args: object) -> None:
        if not edited:  # after the first batch, someone changes the plan in the app
            edited.append(Account.objects.filter(domain="acme.example").update(plan="enterprise"))

    run_import(ImportRequest(format="csv", paths=[path], source="s", batch_size=1), committed=committed)

    account = Account.objects.get()
    assert edited == [1]
    # The second row changed the ARR and said nothing of the plan: the edit stays.
    assert (account.plan, account.arr) == ("enterprise", 200)
