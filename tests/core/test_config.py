"""Settings validation: every bad VOXPOP_* value is one clear error naming the variable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from voxpop import config

GOOD_SECRET = "k3y-for-tests-" + "abcdefghijklmnopqrstuvwxyz0123456789"


def env(tmp_path: Path, **values: str) -> dict[str, str]:
    base = {"VOXPOP_DATA_DIR": str(tmp_path / "var"), "VOXPOP_SECRET_KEY": GOOD_SECRET}
    base.update({f"VOXPOP_{k}": v for k, v in values.items()})
    return base


def test_defaults_use_an_sqlite_file_in_the_data_directory(tmp_path: Path) -> None:
    cfg = config.load(env(tmp_path))
    assert cfg.is_sqlite
    assert cfg.database["NAME"] == str(tmp_path / "var" / "voxpop.sqlite3")
    assert cfg.debug is False
    assert cfg.time_zone == "UTC"
    assert cfg.allowed_hosts == ["127.0.0.1", "localhost", "[::1]"]


def test_sqlite_connections_use_wal_foreign_keys_busy_timeout_and_one_writer(tmp_path: Path) -> None:
    options = config.load(env(tmp_path)).database["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "foreign_keys=ON" in options["init_command"]
    assert "busy_timeout=" in options["init_command"]


def test_postgres_url_selects_postgresql(tmp_path: Path) -> None:
    cfg = config.load(env(tmp_path, DATABASE_URL="postgres://app:pw@db.internal:5433/voxpop"))
    assert cfg.database["ENGINE"] == "django.db.backends.postgresql"
    assert (cfg.database["HOST"], cfg.database["PORT"], cfg.database["NAME"]) == (
        "db.internal",
        5433,
        "voxpop",
    )
    assert cfg.database["ATOMIC_REQUESTS"] is True


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DATABASE_URL", "mysql://root@localhost/db", "unsupported database 'mysql'"),
        ("DATABASE_URL", "not a url", "unsupported database"),
        ("DATABASE_URL", "postgres://localhost", "needs a database name"),
        ("DATABASE_URL", "sqlite://", "needs a file path"),
        ("DEBUG", "maybe", "expected one of"),
        ("TIME_ZONE", "Mars/Olympus", "unknown time zone"),
        ("ALLOWED_HOSTS", " , ", "at least one host"),
        ("EMAIL_URL", "carrier-pigeon://coop", "unsupported email URL scheme"),
        ("EMAIL_URL", "smtp://", "needs a host"),
        ("TASK_BACKEND", "celery", "expected one of"),
        ("IMPORT_PARSER_PROCESS", "sometimes", "expected one of always, auto, never"),
    ],
)
def test_bad_values_name_the_variable(tmp_path: Path, name: str, value: str, expected: str) -> None:
    with pytest.raises(config.ConfigError) as caught:
        config.load(env(tmp_path, **{name: value}))
    assert caught.value.variable == f"VOXPOP_{name}"
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    "secret", ["changeme", "django-insecure-abcdefghijklmnopqrstuvwxyz0123456789", "a" * 64, "short"]
)
def test_placeholder_secret_is_refused_when_debug_is_off(tmp_path: Path, secret: str) -> None:
    with pytest.raises(config.ConfigError, match="placeholder or short secret"):
        config.load(env(tmp_path, SECRET_KEY=secret))


def test_placeholder_secret_is_accepted_in_debug(tmp_path: Path) -> None:
    cfg = config.load(env(tmp_path, SECRET_KEY="changeme", DEBUG="1"))
    assert cfg.debug and cfg.secret_key == "changeme"


def test_secret_file_is_read_and_must_be_private(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    secret_file = data / "secret_key"
    secret_file.write_text(GOOD_SECRET + "\n")
    secret_file.chmod(0o600)
    values = {"VOXPOP_DATA_DIR": str(data)}
    cfg = config.load(values)
    assert cfg.secret_key == GOOD_SECRET
    assert cfg.secret_source == str(secret_file)
    secret_file.chmod(0o644)
    with pytest.raises(config.ConfigError, match="readable by others"):
        config.load(values)


def test_missing_secret_is_reported_as_missing_not_invented(tmp_path: Path) -> None:
    cfg = config.load({"VOXPOP_DATA_DIR": str(tmp_path / "var")})
    assert cfg.secret_key is None and cfg.secret_source == "missing"


def test_explicit_secret_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError) as caught:
        config.load({"VOXPOP_DATA_DIR": str(tmp_path), "VOXPOP_SECRET_KEY_FILE": str(tmp_path / "nope")})
    assert caught.value.variable == "VOXPOP_SECRET_KEY_FILE"


def test_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    with pytest.raises(config.ConfigError, match="is not a directory") as caught:
        config.load({"VOXPOP_DATA_DIR": str(not_a_dir), "VOXPOP_SECRET_KEY": GOOD_SECRET})
    assert caught.value.variable == "VOXPOP_DATA_DIR"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any directory")
def test_unreadable_data_dir_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0)
    with pytest.raises(config.ConfigError, match="not readable"):
        config.load({"VOXPOP_DATA_DIR": str(locked), "VOXPOP_SECRET_KEY": GOOD_SECRET})


def test_smtp_email_url_is_parsed(tmp_path: Path) -> None:
    email = config.load(
        env(tmp_path, EMAIL_URL="smtp+tls://bot%40acme.test:p%40ss@mail.acme.test?from=vox@acme.test")
    ).email
    assert email.backend.endswith("smtp.EmailBackend")
    assert (email.host, email.port, email.user, email.password) == (
        "mail.acme.test",
        587,
        "bot@acme.test",
        "p@ss",
    )
    assert email.use_tls and not email.use_ssl
    assert email.default_from == "vox@acme.test"


def test_loading_the_config_creates_nothing(tmp_path: Path) -> None:
    config.load(env(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_embeddings_model_is_unset_by_default_and_checked_when_set(tmp_path: Path) -> None:
    assert config.load(env(tmp_path)).embeddings_model is None
    with pytest.raises(config.ConfigError, match=r"VOXPOP_EMBEDDINGS_MODEL: .*nowhere is not a directory"):
        config.load(env(tmp_path, EMBEDDINGS_MODEL=str(tmp_path / "nowhere")))
    weights = tmp_path / "use"
    weights.mkdir()
    (weights / "sp.model").write_bytes(b"x")
    with pytest.raises(config.ConfigError, match=r"VOXPOP_EMBEDDINGS_MODEL: .*lacks weights\.npz"):
        config.load(env(tmp_path, EMBEDDINGS_MODEL=str(weights)))
    (weights / "weights.npz").write_bytes(b"x")
    assert config.load(env(tmp_path, EMBEDDINGS_MODEL=str(weights))).embeddings_model == weights
