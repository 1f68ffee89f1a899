"""Settings the emails need: the SMTP timeout and a valid sender."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_config import env
from voxpop import config


def test_the_smtp_timeout_is_read_from_the_email_url(tmp_path: Path) -> None:
    cfg = config.load(env(tmp_path, EMAIL_URL="smtp://mail.acme.test:2525?timeout=5"))

    assert (cfg.email.host, cfg.email.port, cfg.email.timeout) == ("mail.acme.test", 2525, 5)


def test_the_default_is_console_email_with_a_30_second_timeout(tmp_path: Path) -> None:
    cfg = config.load(env(tmp_path))

    assert cfg.email.backend.endswith("console.EmailBackend") and cfg.email.timeout == 30


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("EMAIL_URL", "smtp://mail.acme.test?timeout=soon", "timeout='soon'"),
        ("EMAIL_URL", "smtp://mail.acme.test?timeout=0", "whole number of seconds"),
        ("EMAIL_URL", "smtp://mail.acme.test?from=nobody", "is not an email address"),
    ],
)
def test_bad_email_settings_name_the_variable(tmp_path: Path, name: str, value: str, expected: str) -> None:
    with pytest.raises(config.ConfigError) as caught:
        config.load(env(tmp_path, **{name: value}))
    assert caught.value.variable == f"VOXPOP_{name}"
    assert expected in str(caught.value)
