"""Django settings, derived entirely from ``VOXPOP_*`` environment variables.

See :mod:`voxpop.config` for the variables and their validation. This module only
reads; it creates no directories and opens no connections.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from voxpop import config as _config

CONFIG = _config.load()

if CONFIG.secret_key is None:
    if not CONFIG.debug:
        raise _config.ConfigError(
            "VOXPOP_SECRET_KEY",
            f"no secret key found (looked for {CONFIG.data_dir / _config.SECRET_FILE_NAME}); "
            "run `voxpop init` to generate one, or set VOXPOP_SECRET_KEY",
        )
    # Development only: a fresh key per process; sessions do not survive a restart.
    SECRET_KEY = secrets.token_urlsafe(50)
else:
    SECRET_KEY = CONFIG.secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = CONFIG.data_dir
DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.allowed_hosts

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "voxpop.core",
    "voxpop.users",
    "voxpop.audit",
    "voxpop.accounts",
    "voxpop.conversations",
    "voxpop.taxonomy",
    "voxpop.tagging",
    "voxpop.rules",
    "voxpop.imports",
    "voxpop.engine",
    "voxpop.roadmap",
    "voxpop.planning",
    "voxpop.discovery",
    "voxpop.explorer",
    "voxpop.outreach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "voxpop.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "voxpop.urls"
WSGI_APPLICATION = "voxpop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "voxpop.core.context_processors.voxpop",
                "voxpop.outreach.context_processors.outreach",
            ],
        },
    }
]

DATABASES = {"default": CONFIG.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "users:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("ko", "한국어")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = CONFIG.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the package: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security. Cookies are marked Secure per response when the request came over HTTPS
# (see voxpop.core.middleware), so one deployment works behind TLS and on loopback.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if CONFIG.trust_forwarded_proto:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = CONFIG.email.backend
EMAIL_HOST = CONFIG.email.host
EMAIL_PORT = CONFIG.email.port
EMAIL_HOST_USER = CONFIG.email.user
EMAIL_HOST_PASSWORD = CONFIG.email.password
EMAIL_USE_TLS = CONFIG.email.use_tls
EMAIL_USE_SSL = CONFIG.email.use_ssl
EMAIL_FILE_PATH = CONFIG.email.file_path
DEFAULT_FROM_EMAIL = CONFIG.email.default_from
EMAIL_TIMEOUT = CONFIG.email.timeout

TASKS = {
    "default": {
        "BACKEND": {
            # A background thread of the web process, after the request commits.
            "thread": "voxpop.core.background.ThreadBackend",
            # Inside the request (or command) that queued them, after it commits.
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
            # Queued in the database, run by `voxpop worker` (django-tasks-db's db_worker).
            "database": "django_tasks_db.DatabaseBackend",
        }[CONFIG.task_backend],
    }
}

# Tagging engine (see docs/tagging.md).
VOXPOP_RETRAIN_AFTER = CONFIG.retrain_after
VOXPOP_SPOT_CHECK_RATE = CONFIG.spot_check_rate

# Imports (see docs/importing.md): where CSV and JSON Lines files are parsed.
VOXPOP_IMPORT_PARSER_PROCESS = CONFIG.import_parser_process

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"voxpop": {"level": "INFO"}},
}
