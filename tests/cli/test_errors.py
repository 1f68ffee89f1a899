"""Bad settings and bad input end in one clear line on stderr, exit code 2, and no change.

These run the real ``voxpop`` executable in a fresh process, since the errors happen
before Django is set up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

VOXPOP = str(Path(sys.executable).with_name("voxpop"))


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VOXPOP_", "DJANGO_"))}
    return subprocess.run([VOXPOP, *args], env={**clean, **env}, capture_output=True, text=True, timeout=120)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("voxpop: error: ")
    return lines[0]


def test_wrong_database_url_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run(
        "init", env={"VOXPOP_DATA_DIR": str(tmp_path / "var"), "VOXPOP_DATABASE_URL": "mysql://x@y/z"}
    )
    assert result.returncode == 2
    assert "VOXPOP_DATABASE_URL" in one_error_line(result)


def test_unreachable_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # Port 9 (discard) on loopback: nothing listens there.
    url = "postgres://postgres@127.0.0.1:9/voxpop"
    result = run(
        "stats",
        env={
            "VOXPOP_DATA_DIR": str(tmp_path),
            "VOXPOP_SECRET_KEY": "s" * 8 + "0123456789abcdefghijklmnopqrstuvwxyz",
            "VOXPOP_DATABASE_URL": url,
        },
    )
    assert result.returncode == 2
    line = one_error_line(result)
    assert "cannot open the database" in line and "127.0.0.1:9" in line


def test_data_dir_that_is_a_file_is_one_line_and_exit_2_and_unchanged(tmp_path: Path) -> None:
    blocker = tmp_path / "var"
    blocker.write_text("not a directory")
    result = run("init", env={"VOXPOP_DATA_DIR": str(blocker)})
    assert result.returncode == 2
    assert "VOXPOP_DATA_DIR" in one_error_line(result)
    assert blocker.read_text() == "not a directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["var"]


def test_missing_banking77_folder_is_one_line_and_exit_2_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "var"
    assert run("init", env={"VOXPOP_DATA_DIR": str(data)}).returncode == 0
    before = run("stats", "--json", env={"VOXPOP_DATA_DIR": str(data)}).stdout
    result = run("demo", "--banking77", str(tmp_path / "nowhere"), env={"VOXPOP_DATA_DIR": str(data)})
    assert result.returncode == 2
    assert "nowhere does not exist" in one_error_line(result)
    assert run("stats", "--json", env={"VOXPOP_DATA_DIR": str(data)}).stdout == before


def test_missing_secret_outside_debug_asks_for_init(tmp_path: Path) -> None:
    tmp_path.joinpath("var").mkdir()
    result = run("stats", env={"VOXPOP_DATA_DIR": str(tmp_path / "var")})
    assert result.returncode == 2
    assert "run `voxpop init`" in one_error_line(result)


def test_init_twice_reuses_the_secret_and_database(tmp_path: Path) -> None:
    data = tmp_path / "var"
    first = run("init", "--admin", env={"VOXPOP_DATA_DIR": str(data)})
    assert first.returncode == 0, first.stderr
    secret = (data / "secret_key").read_text()
    assert (data / "secret_key").stat().st_mode & 0o777 == 0o600
    assert "password:" in first.stdout
    second = run("init", "--admin", env={"VOXPOP_DATA_DIR": str(data)})
    assert second.returncode == 0, second.stderr
    assert (data / "secret_key").read_text() == secret
    assert "password:" not in second.stdout
    assert "Admin account(s): admin" in second.stdout
    doctor = run("doctor", env={"VOXPOP_DATA_DIR": str(data)})
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "journal=wal" in doctor.stdout
