"""Template filters for showing customer-written content safely."""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "hr", "i", "img", "li",
    "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan"},
}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Remote images would tell the sender who read the message and when: block them.
    if tag == "img" and attribute == "src" and urlsplit(value).scheme != "data":
        return None
    return value


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )


@register.filter
def sanitized(html: str) -> SafeString:
    """Customer HTML, sanitised again on the way out (it was on the way in too)."""
    return mark_safe(clean_html(html or ""))  # noqa: S308 - nh3 output is safe markup


@register.filter
def may(user: object, policy: str) -> bool:
    """``{% if user|may:"view_engine" %}``: the named policy, as views check it."""
    from voxpop.users.policies import allowed

    return allowed(user, policy)
