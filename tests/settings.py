"""Settings for the test suite: the product's settings, with test-only speed-ups.

The database comes from VOXPOP_DATABASE_URL as in production (``make test`` runs the
suite once on SQLite and once on PostgreSQL); pytest-django creates and drops a
``test_`` database around the run.
"""

import os
import tempfile

os.environ.setdefault("VOXPOP_SECRET_KEY", "voxpop-test-suite-key-0123456789-abcdefghijklmnop")
# A directory per run, so two runs on one machine never share a test database.
os.environ.setdefault("VOXPOP_DATA_DIR", tempfile.mkdtemp(prefix="voxpop-test-"))
# Tasks run inside the test's transaction, deterministically; tests/core/test_background.py
# covers the in-process thread backend that is the product's default.
os.environ.setdefault("VOXPOP_TASK_BACKEND", "immediate")

from voxpop.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests sign in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Test on a real SQLite file (WAL and all), not the in-memory database pytest-django
# would pick by default: the product never runs in memory.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
