"""A corpus of hostile files: each is refused or neutralised with a clear message.

Big inputs are generated in a temporary folder at test time, never committed."""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.imports.conftest import SAMPLES, run, stored
from voxpop.conversations.models import Conversation, Message
from voxpop.imports.limits import MIB, Limits
from voxpop.imports.records import ParseOptions

pytestmark = pytest.mark.django_db

EML = (SAMPLES / "eml" / "03-csv-hangul.eml").read_bytes()


def reasons(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{e['where']}: {e['reason']}" for f in result.files for e in f.errors] + [
        note for f in result.files for note in f.notes
    ]


def test_a_zip_bomb_is_refused_once_it_unpacks_past_the_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    zeros = b"\0" * (8 * MIB)
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number in range(12):  # ~100 MB unpacked from ~100 KB
            archive.writestr(f"mail-{number}.eml", EML.replace(b"\r\n\r\n", b"\r\n\r\n" + zeros, 1))
    assert bomb.stat().st_size < 2 * MIB
    limits = Limits(max_unpacked_bytes=40 * MIB, max_document_bytes=16 * MIB)

    result = run("email", bomb, source="s", options=ParseOptions(limits=limits))

    assert result.exit_code == 2
    assert any("unpacks to more than 41,943,040 bytes (limit); refused" in r for r in reasons(result))


def test_an_archive_member_declaring_a_huge_size_is_skipped_unread(tmp_path: Path) -> None:
    archive_path = tmp_path / "big-member.zip"
    with zipfile.ZipFile(archive_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.eml", b"\0" * (3 * MIB))
        archive.writestr("fine.eml", EML)
    result = run(
        "email", archive_path, source="s", options=ParseOptions(limits=Limits(max_document_bytes=MIB))
    )

    assert f"{archive_path}:huge.eml: unpacks to 3,145,728 bytes, over the document limit" in reasons(result)
    assert Message.objects.count() == 1


def test_too_many_archive_entries_are_refused(tmp_path: Path) -> None:
    archive_path = tmp_path / "many.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        for number in range(30):
            archive.writestr(f"{number}.eml", EML)

    result = run("email", archive_path, source="s", options=ParseOptions(limits=Limits(max_entries=20)))

    assert result.exit_code == 2
    assert any("30 members is over the 20-entry limit" in r for r in reasons(result))
    assert Conversation.objects.count() == 0


def test_path_traversal_and_absolute_member_names_are_refused_and_never_used_as_paths(tmp_path: Path) -> None:
    archive_path = tmp_path / "traversal.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("../../escaped.eml", EML)
        archive.writestr("/etc/cron.d/evil.eml", EML)
        archive.writestr("C:\\Windows\\evil.eml", EML)
        archive.writestr("inbox/ok.eml", EML)

    result = run("email", archive_path, source="s")

    found = reasons(result)
    assert f"{archive_path}:../../escaped.eml: '..' in the member name (path traversal)" in found
    assert f"{archive_path}:/etc/cron.d/evil.eml: absolute path in the member name" in found
    assert f"{archive_path}:C:\\Windows\\evil.eml: absolute path in the member name" in found
    assert result.exit_code == 1 and Message.objects.count() == 1
    assert not (tmp_path.parent / "escaped.eml").exists() and not list(tmp_path.rglob("*.eml"))


def test_symlink_members_are_refused_in_zip_and_tar_archives(tmp_path: Path) -> None:
    zipped = tmp_path / "links.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        link = zipfile.ZipInfo("passwd.eml")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("real.eml", EML)
    tarred = tmp_path / "links.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        member = tarfile.TarInfo("shadow.eml")
        member.type = tarfile.SYMTYPE
        member.linkname = "/etc/shadow"
        archive.addfile(member)
        hard = tarfile.TarInfo("hard.eml")
        hard.type = tarfile.LNKTYPE
        hard.linkname = "real.eml"
        archive.addfile(hard)
        real = tarfile.TarInfo("real.eml")
        real.size = len(EML)
        archive.addfile(real, io.BytesIO(EML))

    result = run("email", zipped, tarred, source="s")

    found = reasons(result)
    assert f"{zipped}:passwd.eml: a link member; links are refused" in found
    assert f"{tarred}:shadow.eml: a link member; links are refused" in found
    assert f"{tarred}:hard.eml: a link member; links are refused" in found
    assert Message.objects.count() == 1  # the same real message, twice


def test_a_symlink_inside_a_folder_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "real.eml").write_bytes(EML)
    secret = tmp_path / "secret.eml"
    secret.write_bytes(EML.replace(b"kr-1@", b"secret@"))
    (folder / "link.eml").symlink_to(secret)

    result = run("email", folder, source="s")

    assert f"{folder / 'link.eml'}: a link; links are not followed" in reasons(result)
    assert {c for c, _m, _t in stored("s")} == {"kr-1@seoullabs.example"}


def test_nul_bytes_are_rejected_in_csv_and_stripped_from_json_and_email(tmp_path: Path) -> None:
    csv_path = tmp_path / "nul.csv"
    csv_path.write_bytes(b"conversation_id,text\nc1,fine\nc2,bad\x00row\n")
    jsonl_path = tmp_path / "nul.jsonl"
    jsonl_path.write_bytes(
        b'{"conversation_id": "j1", "text": "with \\u0000 escaped NUL", "context": {"k\\u0000": "v\\u0000"}}\n'
    )
    mail_path = tmp_path / "nul.eml"
    mail_path.write_bytes(EML.replace(b"Subject:", b"X-Junk: \x00\x00\r\nSubject:"))

    csv_result = run("csv", csv_path, source="csv")
    run("jsonl", jsonl_path, source="json")
    run("email", mail_path, source="mail")

    assert f"{csv_path}: line 3: NUL byte in the line" in reasons(csv_result)
    assert {c for c, _m, _t in stored("csv")} == {"c1"}
    saved = Conversation.objects.get(external_id="j1")
    assert saved.messages.get().text == "with  escaped NUL" and saved.context == {"k": "v"}
    assert Conversation.objects.filter(source__name="mail").count() == 1


def test_broken_utf8_rejects_just_the_broken_lines(tmp_path: Path) -> None:
    csv_path = tmp_path / "broken.csv"
    csv_path.write_bytes(
        b"conversation_id,text\nc1,caf\xc3\xa9\nc2,caf\xe9 latin-1\nc3,\xed\xa0\x80 surrogate\n"
    )
    jsonl_path = tmp_path / "broken.jsonl"
    jsonl_path.write_bytes(
        b'{"conversation_id": "j1", "text": "ok"}\n{"conversation_id": "j2", "text": "\xff"}\n'
    )

    csv_result = run("csv", csv_path, source="csv")
    jsonl_result = run("jsonl", jsonl_path, source="json")

    assert reasons(csv_result) == [
        f"{csv_path}: line 3: not valid utf-8 (byte 7 of the line)",
        f"{csv_path}: line 4: not valid utf-8 (byte 4 of the line)",
    ]
    assert reasons(jsonl_result) == [f"{jsonl_path}: line 2: not valid UTF-8 (byte 36 of the line)"]
    assert {t for _c, _m, t in stored("csv")} == {"café"}


def test_a_50_mb_single_line_is_rejected_without_stopping_the_file(tmp_path: Path) -> None:
    path = tmp_path / "long-line.jsonl"
    with path.open("wb") as out:
        out.write(b'{"conversation_id": "before", "text": "short"}\n')
        out.write(b'{"conversation_id": "huge", "text": "' + b"x" * (50 * MIB) + b'"}\n')
        out.write(b'{"conversation_id": "after", "text": "short"}\n')
    csv_path = tmp_path / "long-line.csv"
    with csv_path.open("wb") as out:
        out.write(b"conversation_id,text\nbefore,short\nhuge," + b"y" * (50 * MIB) + b"\nafter,short\n")

    result = run("jsonl", path, source="json")
    csv_result = run("csv", csv_path, source="csv")

    assert reasons(result) == [f"{path}: line 2: line longer than 4,194,304 bytes (limit); skipped"]
    assert reasons(csv_result) == [
        f"{csv_path}: line 3: line longer than 4,194,304 bytes (limit); row skipped"
    ]
    assert {c for c, _m, _t in stored("json")} == {"before", "after"}
    assert {c for c, _m, _t in stored("csv")} == {"before", "after"}


def test_html_with_scripts_and_event_handlers_is_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "html.jsonl"
    path.write_text(
        '{"conversation_id": "x1", "html": "<p onmouseover=\\"steal()\\">Hi <b>there</b></p>'
        '<script>document.cookie</script><iframe src=\\"https://evil.example\\"></iframe>'
        '<a href=\\"javascript:alert(1)\\">click</a><svg onload=alert(1)></svg>"}\n',
        encoding="utf-8",
    )

    run("jsonl", path, source="s")

    message = Message.objects.get()
    for bad in ("<script", "onmouseover", "<iframe", "javascript:", "onload", "document.cookie"):
        assert bad not in message.html and bad not in message.text
    assert message.html.startswith("<p>Hi <b>there</b></p>")
    assert message.text == "Hi there\nclick"


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"conversation_id,text\n" + b"c,t\n" * 300_000)

    result = run("csv", path, source="s", options=ParseOptions(limits=Limits(max_file_bytes=MIB)))

    assert result.exit_code == 2
    assert any("is over the 1,048,576-byte file limit" in r for r in reasons(result))
    assert Conversation.objects.count() == 0
