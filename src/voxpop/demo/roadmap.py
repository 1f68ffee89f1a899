"""The demo workspace's roadmap: a few features wired to the demo's tags, so the
feature pages, the ranking and the planning board have something true to show.

Plain data; :mod:`voxpop.demo.writer` writes it after the conversations, and links up
to three quotes per feature from the demo's own tagged conversations.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemePlan:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class FeaturePlan:
    title: str
    description: str
    status: str
    period: int | None  # half-years after the anchor's (0: this one), None: not planned
    effort: int
    owner: str
    themes: tuple[str, ...]
    tags: tuple[str, ...]


THEMES = (
    ThemePlan("enterprise-push", "Enterprise push", "Win and keep larger companies: admin, security, scale."),
    ThemePlan("ai-assist", "AI assistance", "Help people write and find things faster."),
    ThemePlan(
        "self-serve-growth",
        "Self-serve growth",
        "Let small teams start, upgrade and pay without talking to us.",
    ),
)

FEATURES = (
    FeaturePlan(
        "AI summaries of long pages",
        "A summary block at the top of long pages, refreshed on edit; available in every language we support.",
        "considering",
        1,
        8,
        "maya.okafor",
        ("ai-assist",),
        ("ai-page-summaries",),
    ),
    FeaturePlan(
        "Relations across workspaces",
        "Let a relation property point at a database in another workspace the person can see.",
        "planned",
        0,
        6,
        "jonas.berg",
        (),
        ("relation-property",),
    ),
    FeaturePlan(
        "Offline mode that syncs without conflicts",
        "Edit pages offline on desktop and mobile; merge edits instead of showing conflict copies.",
        "in_progress",
        0,
        12,
        "lin.wei",
        ("enterprise-push",),
        ("offline-mode", "sync-conflicts"),
    ),
    FeaturePlan(
        "Page-level permissions for guests",
        "Share one page with a guest without exposing its parent; audit who can see what.",
        "planned",
        1,
        10,
        "jiwoo.han",
        ("enterprise-push",),
        ("page-permissions", "guest-access"),
    ),
    FeaturePlan(
        "SAML single sign-on for every paid plan",
        "SAML SSO and SCIM provisioning on Business as well as Enterprise.",
        "considering",
        None,
        8,
        "jonas.berg",
        ("enterprise-push",),
        ("sso-saml",),
    ),
    FeaturePlan(
        "Timeline dependencies",
        "Draw dependencies between items in the timeline view and shift them together.",
        "idea",
        None,
        5,
        "maya.okafor",
        (),
        ("timeline-view",),
    ),
    FeaturePlan(
        "Show the current plan on the pricing page",
        "Signed-in visitors see which plan they are on and what an upgrade adds.",
        "shipped",
        None,
        2,
        "lin.wei",
        ("self-serve-growth",),
        ("plan-comparison",),
    ),
)

# Person-weeks each of this half-year and the next can hold.
CAPACITY = 30
QUOTES_PER_FEATURE = 3
