"""The interface ships in English, Simplified Chinese and Korean."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

from tests.builders import as_user
from voxpop.users.models import User

LOCALE = Path(__file__).resolve().parents[2] / "src" / "voxpop" / "locale"
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr.*\n(?:".*"\n)*)+)', re.M)


def catalogue(language: str) -> dict[str, str]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = {}
    for match in ENTRY.finditer(text):
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        if msgid:
            entries[msgid] = "".join(re.findall(r'"(.*)"', match.group(2)))
    return entries


@pytest.mark.parametrize("language", ["zh_Hans", "ko"])
def test_every_string_is_translated_and_compiled(language: str) -> None:
    entries = catalogue(language)
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert not untranslated, f"untranslated in {language}: {untranslated[:5]}; run make messages"
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid for msgid, msgstr in entries.items() if "\\" not in msgid and compiled.gettext(msgid) != msgstr
    ]
    assert not stale, f"django.mo for {language} is older than django.po; run make messages"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "expected"),
    [("en", "Inbox"), ("zh-hans", "收件箱"), ("zh-CN", "收件箱"), ("ko", "받은 편지함")],
)
def test_pages_follow_the_browsers_language(viewer: User, accept: str, expected: str) -> None:
    body = as_user(viewer).get("/inbox", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert f">{expected}<" in body


@pytest.mark.django_db
def test_a_person_can_switch_language(viewer: User) -> None:
    client = as_user(viewer)
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/inbox"})
    assert response.status_code == 302
    assert "받은 편지함" in client.get("/inbox").content.decode()
