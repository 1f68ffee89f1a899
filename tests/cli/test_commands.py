"""The CLI commands, run in-process against the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.builders import make_conversation, make_tree
from voxpop import __version__
from voxpop.cli import main
from voxpop.conversations.models import Source
from voxpop.tagging.services import record_decision
from voxpop.users.models import User

pytestmark = pytest.mark.django_db
BANKING77 = Path(__file__).resolve().parents[3] / "shared" / "data" / "banking77"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "version") == (0, f"voxpop {__version__}\n", "")


def test_stats_json_counts_every_kind_of_record(
    capsys: pytest.CaptureFixture[str], source: Source, editor: User
) -> None:
    tags = make_tree("product/pages")
    conversation = make_conversation(source)
    make_conversation(source)
    record_decision(conversation, tags["pages"], user=editor)
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0
    counts = json.loads(out)
    assert counts == {
        "accounts": 0,
        "contacts": 0,
        "sources": 1,
        "conversations": 2,
        "messages": 2,
        "tags": 2,
        "leaf_tags": 1,
        "decisions": 1,
        "suggestions": 0,
        "tagged_conversations": 1,
    }


def test_stats_without_json_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats")
    assert code == 0
    assert "conversations" in out and out.count("\n") == 10


def test_createuser_prints_a_generated_password_that_signs_in(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "createuser", "mina", "--role", "editor", "--email", "mina@voxpop.test")
    assert code == 0
    password = out.split("Password (shown once): ")[1].strip()
    user = User.objects.get(username="mina")
    assert user.role == "editor" and user.check_password(password)


def test_createuser_refuses_a_duplicate_name(capsys: pytest.CaptureFixture[str], editor: User) -> None:
    code, _, err = run(capsys, "createuser", editor.username)
    assert code == 1
    assert err == "voxpop: error: user 'tia' already exists\n"


def test_reset_password_sets_a_new_one(capsys: pytest.CaptureFixture[str], admin: User) -> None:
    code, out, _ = run(capsys, "createuser", "ada", "--reset-password")
    assert code == 0
    admin.refresh_from_db()
    assert admin.check_password(out.rsplit(": ", 1)[1].strip())


def test_createtoken_prints_a_working_token(capsys: pytest.CaptureFixture[str], viewer: User, client) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "createtoken", "vic", "--name", "laptop")
    assert code == 0
    token = out.strip()
    assert client.get("/api/users/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()["username"] == "vic"


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and "invalid choice" in err


def test_doctor_reports_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "doctor")
    names = [line.split("] ")[1].split(":")[0] for line in out.splitlines()]
    assert names == ["settings", "data directory", "secret key", "database", "migrations"]
    assert "[ok  ] migrations: all applied" in out
    assert "[ok  ] database" in out


@pytest.mark.slow
@pytest.mark.skipif(not BANKING77.is_dir(), reason="../shared/data/banking77 is not present")
def test_banking77_workspace_has_13083_conversations_and_77_leaf_tags(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "demo", "--banking77", str(BANKING77))
    assert code == 0, err
    code, out, _ = run(capsys, "stats", "--json")
    counts = json.loads(out)
    assert counts["conversations"] == 13_083
    assert counts["messages"] == 13_083
    assert counts["leaf_tags"] == 77
    assert counts["tags"] == 77 + 14  # the leaves plus their parents in taxonomy.yaml
    assert counts["tagged_conversations"] == counts["decisions"] == 10_003
    code, _, err = run(capsys, "demo", "--banking77", str(BANKING77))
    assert code == 1 and "loads only into an empty" in err
