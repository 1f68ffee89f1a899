"""Inputs arrive as files, folders and archives: each is read the same way."""

from __future__ import annotations

import gzip
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.imports.conftest import SAMPLES, run, stored

pytestmark = pytest.mark.django_db


def test_a_gzipped_csv_imports_like_the_plain_file(tmp_path: Path) -> None:
    packed = tmp_path / "conversations.csv.gz"
    packed.write_bytes(gzip.compress((SAMPLES / "conversations.csv").read_bytes()))

    run("csv", SAMPLES / "conversations.csv", source="plain")
    result = run("csv", packed, source="packed")

    assert result.exit_code == 0
    assert stored("packed") == stored("plain")


def test_transcripts_in_a_zip_and_a_tar_archive_are_keyed_by_member_name(tmp_path: Path) -> None:
    zipped = tmp_path / "calls.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(SAMPLES / "call.srt", "2026/march/call.srt")
        archive.writestr("2026/march/readme.md", "not a transcript")
    tarred = tmp_path / "calls.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        archive.add(SAMPLES / "call.srt", "other/call.srt")

    result = run("transcript", zipped, tarred, source="calls")

    assert result.exit_code == 0
    assert {c for c, _m, _t in stored("calls")} == {"2026/march/call.srt", "other/call.srt"}


def test_mbox_lines_starting_with_from_inside_a_body_do_not_split_the_message(tmp_path: Path) -> None:
    mbox = tmp_path / "escaped.mbox"
    mbox.write_bytes(
        b"From a@b Mon Jan  1 00:00:00 2026\nFrom: A <a@acme.example>\nSubject: Hi\nMessage-ID: <x1@acme.example>\n\n"
        b"First line\n>From the docs: it fails\nFrom here on it is still the same message\n\n"
        b"From a@b Mon Jan  1 00:00:00 2026\nFrom: A <a@acme.example>\nSubject: Two\nMessage-ID: <x2@acme.example>\n\n"
        b"Second message\n"
    )

    run("email", mbox, source="mail")

    texts = {c: t for c, _m, t in stored("mail")}
    assert texts["x1@acme.example"] == (
        "First line\nFrom the docs: it fails\nFrom here on it is still the same message"
    )
    assert texts["x2@acme.example"] == "Second message"
