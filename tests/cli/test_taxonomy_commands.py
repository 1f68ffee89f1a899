"""``voxpop taxonomy ...`` end to end, in-process against the test database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import make_conversation, make_tree
from tests.cli.test_commands import run
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import Source
from voxpop.tagging.models import ConversationTag, ReviewItem
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.models import Tag, TagStatus
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


def test_export_then_import_into_an_empty_workspace_round_trips(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    make_tree("product/databases/relations", "question/how-to?", "Route/sales")
    out = tmp_path / "t.csv"
    assert run(capsys, "taxonomy", "export", "--format", "csv", "-o", str(out))[0] == 0
    Tag.objects.all().update(parent=None, facet=None)
    Tag.objects.all().delete()
    code, stdout, _ = run(capsys, "taxonomy", "import", str(out))
    assert code == 0
    assert '"created": 7' in stdout
    assert run(capsys, "taxonomy", "export", "--format", "csv")[1] == out.read_text()


def test_import_of_a_bad_file_is_exit_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {slug: a, name: A}\n- {slug: a, name: again}\n")
    code, _, err = run(capsys, "taxonomy", "import", str(bad))
    assert code == 2
    assert err.strip() == f"voxpop: error: {bad}: slug 'a' appears twice"
    assert not Tag.objects.exists()
    code, _, err = run(capsys, "taxonomy", "import", str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such file" in err


def test_merge_by_slug_is_audited_as_the_named_user(
    capsys: pytest.CaptureFixture[str], source: Source, editor: User, admin: User
) -> None:
    tags = make_tree("product/relations", "product/linked")
    conversation = make_conversation(source)
    record_decision(conversation, tags["linked"], user=editor)
    code, out, _ = run(capsys, "taxonomy", "--as", "ada", "merge", "linked", "relations")
    assert code == 0 and "1 conversations re-counted" in out
    assert ConversationTag.objects.get(conversation=conversation).tag.slug == "relations"
    assert AuditEvent.objects.get(action="taxonomy.tags_merged").actor == admin


def test_split_with_create_makes_successors_and_queues_reviews(
    capsys: pytest.CaptureFixture[str], source: Source, editor: User
) -> None:
    tags = make_tree("product/formulas")
    record_decision(make_conversation(source), tags["formulas"], user=editor)
    code, _, err = run(capsys, "taxonomy", "split", "formulas", "formula-basics", "formula-functions")
    assert code == 1 and "add --create" in err
    code, out, _ = run(
        capsys, "taxonomy", "split", "formulas", "formula-basics", "formula-functions", "--create"
    )
    assert code == 0 and "1 conversations to review" in out
    assert Tag.objects.get(slug="formula-basics").parent == tags["product"]
    assert ReviewItem.objects.count() == 1
    assert Tag.objects.get(slug="formulas").status == TagStatus.DEPRECATED


def test_move_rename_and_deprecate(capsys: pytest.CaptureFixture[str]) -> None:
    make_tree("product/databases/relations", "integrations")
    assert run(capsys, "taxonomy", "move", "relations", "integrations")[0] == 0
    assert run(capsys, "taxonomy", "rename", "relations", "Relation property")[0] == 0
    assert run(capsys, "taxonomy", "deprecate", "relations")[0] == 0
    tag = Tag.objects.get(slug="relations")
    assert (tag.parent.slug, tag.name, tag.status) == ("integrations", "Relation property", "deprecated")
    code, _, err = run(capsys, "taxonomy", "move", "integrations", "relations")
    assert code == 1 and "own descendant" in err
    code, _, err = run(capsys, "taxonomy", "rename", "nope", "x")
    assert code == 1 and "no tag with slug 'nope'" in err
