"""The docs that must not go stale."""

from __future__ import annotations

import re
from pathlib import Path

from voxpop import clidoc

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_matches_the_parser() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == clidoc.render(), "docs/cli.md is stale: run `make docs` and commit it"


def test_readme_documents_every_voxpop_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config_source = (ROOT / "src" / "voxpop" / "config.py").read_text(encoding="utf-8")
    names = set(re.findall(r'_get\(env, "([A-Z_]+)"', config_source))
    names |= set(re.findall(r'parse_bool\(env, "([A-Z_]+)"', config_source))
    names |= {"SECRET_KEY", "SECRET_KEY_FILE"}
    assert names, "no settings found: the pattern above is out of date"
    missing = sorted(f"VOXPOP_{n}" for n in names if f"`VOXPOP_{n}`" not in readme)
    assert not missing, f"README's configuration table lacks {missing}"
