"""The only template tags and filters an announcement template may use.

Announcement templates are written by admins in the browser and rendered for every
recipient, so they get a small engine: no ``{% load %}``, ``{% include %}``,
``{% extends %}``, ``{% url %}`` or ``{% debug %}``, no file loaders, and a context of
plain strings only (see :mod:`voxpop.outreach.rendering`). Django's engine already
refuses attributes that start with an underscore.
"""

from __future__ import annotations

from django.template import Library, defaultfilters, defaulttags

ALLOWED_TAGS = (
    "if",
    "for",
    "with",
    "firstof",
    "comment",
    "spaceless",
    "templatetag",
    "verbatim",
    "cycle",
    "resetcycle",
    "ifchanged",
    "filter",
    "now",
)

register = Library()
for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
register.filters.update(defaultfilters.register.filters)
