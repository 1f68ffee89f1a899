"""Settings the emails need: the SMTP timeout and sender, and the public address links use."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_config import env
from voxpop import config


def test_email_timeout_and_public_url_are_read(tmp_path: Path) -> None:
    cfg = config.load(
        env(tmp_path, EMAIL_URL="smtp://mail.acme.test:2525?timeout=5", PUBLIC_URL="https://vox.acme.test/")
    )

    assert (cfg.email.host, cfg.email.port, cfg.email.timeout) == ("mail.acme.test", 2525, 5)
    assert cfg.public_url == "https://vox.acme.test"


def test_defaults_are_console_email_and_no_public_url(tmp_path: Path) -> None:
    cfg = config.load(env(tmp_path))

    assert cfg.email.backend.endswith("console.EmailBackend") and cfg.email.timeout == 30
    assert cfg.public_url == ""


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("EMAIL_URL", "smtp://mail.acme.test?timeout=soon", "timeout='soon'"),
        ("EMAIL_URL", "smtp://mail.acme.test?timeout=0", "whole number of seconds"),
        ("EMAIL_URL", "smtp://mail.acme.test?from=nobody", "is not an email address"),
        ("PUBLIC_URL", "vox.acme.test", "expected an address like"),
        ("PUBLIC_URL", "ftp://vox.acme.test", "expected an address like"),
        ("PUBLIC_URL", "https://vox.acme.test/?x=1", "expected an address like"),
    ],
)
def test_bad_email_settings_name_the_variable(tmp_path: Path, name: str, value: str, expected: str) -> None:
    with pytest.raises(config.ConfigError) as caught:
        config.load(env(tmp_path, **{name: value}))
    assert caught.value.variable == f"VOXPOP_{name}"
    assert expected in str(caught.value)
