"""Announcement words: the sandboxed template engine, default texts per language, the
language each person is written to in, and the email message itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation
from django.utils.translation import gettext as _

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class TemplateError(Exception):
    pass


class _SandboxEngine(Engine):
    default_builtins = ["voxpop.outreach.sandbox"]


# Plain text: nothing is escaped because nothing is HTML; no loaders, no libraries.
ENGINE = _SandboxEngine(loaders=[], libraries={}, autoescape=False, string_if_invalid="")


def languages() -> list[str]:
    """The languages an announcement is written in: the languages voxpop speaks."""
    return [code for code, _name in settings.LANGUAGES]


def normalize_language(raw: str | None) -> str | None:
    """Map a contact's or conversation's language ("zh_CN", "ko-KR", "EN") to one we
    write in, or None. Every Chinese variant gets the Simplified Chinese text."""
    value = (raw or "").strip().lower().replace("_", "-")
    if not value:
        return None
    supported = languages()
    if value in supported:
        return value
    base = value.split("-")[0]
    if base == "zh" and "zh-hans" in supported:
        return "zh-hans"
    return base if base in supported else None


def language_for(*candidates: str | None) -> str:
    """The first candidate we write in, else the workspace default."""
    for raw in candidates:
        code = normalize_language(raw)
        if code:
            return code
    return normalize_language(settings.LANGUAGE_CODE) or languages()[0]


def default_texts(language: str) -> tuple[str, str]:
    """The subject and body an announcement starts from, in ``language``."""
    with translation.override(language):
        subject = _("Shipped: {{ feature.title }}")
        body = _(
            "{% if contact.name %}Hello {{ contact.name }},{% else %}Hello,{% endif %}\n\n"
            "you asked us for “{{ feature.title }}”. We built it, and it is available now.\n\n"
            "Thank you for telling us what you needed: requests like yours decide what we build next.\n"
        )
    return subject, body


def compile_template(text: str, field: str) -> Any:
    try:
        return ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{field}: {exc}") from exc


def header_text(value: str) -> str:
    """One line, without control characters: safe in a header, whatever a name held."""
    return " ".join(CONTROL.sub(" ", value).split())


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def render(subject: str, body: str, context: dict[str, Any]) -> Rendered:
    """Render a subject and a plain-text body with ``context`` (plain strings only)."""
    ctx = Context(context, autoescape=False)
    rendered_subject = header_text(compile_template(subject, "subject").render(ctx))
    # Template.render marks its output safe for HTML; this is customer-facing plain text
    # that a page showing it must still escape, so drop the mark.
    rendered_body = "".join(compile_template(body, "body").render(ctx))
    return Rendered(subject=rendered_subject[:300], body=rendered_body)


def context_for(
    *, contact_name: str, email: str, account_name: str, feature: Any, unsubscribe_url: str
) -> dict:
    return {
        "contact": {"name": contact_name, "email": email},
        "account": {"name": account_name},
        "feature": {"title": feature.title, "description": feature.description},
        "unsubscribe_url": unsubscribe_url,
    }


def unsubscribe_footer(language: str, url: str) -> str:
    with translation.override(language):
        return "\n-- \n" + _("To stop receiving these emails: %(url)s") % {"url": url} + "\n"


def announcement_message(
    *,
    rendered: Rendered,
    name: str,
    email: str,
    language: str,
    unsubscribe_url: str,
    message_id: str,
    from_email: str | None = None,
) -> EmailMessage:
    """The email one person gets, with RFC 8058 one-click unsubscribe headers."""
    body = rendered.body
    if unsubscribe_url not in body:
        body = body.rstrip("\n") + "\n" + unsubscribe_footer(language, unsubscribe_url)
    return EmailMessage(
        subject=rendered.subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((header_text(name), email))],
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language,
            "Auto-Submitted": "auto-generated",
        },
    )
