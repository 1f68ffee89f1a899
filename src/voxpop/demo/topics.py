"""What the conversation generator knows about each product-area leaf.

For every leaf: how often customers talk about it, which question-type leaf its bug
reports, requests and questions belong to, whether its absence loses deals, and on
which platforms it happens. The texts themselves live in the ``text_*`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass

# The topic whose volume grows over the last months, and one that stays flat.
RISING_TOPIC = "ai-page-summaries"
FLAT_TOPIC = "relation-property"
# Chats that start on the pricing page from customers unsure of their own plan.
PRICING_TOPIC = "plan-comparison"

ALL_PLATFORMS = (
    "web-chrome",
    "web-chrome",
    "web-safari",
    "web-firefox",
    "web-edge",
    "mac",
    "windows",
    "ios",
    "android",
)
_NATIVE = ("mac", "windows", "ios", "android")
_WEB = ("web-chrome", "web-safari", "web-firefox", "web-edge")


@dataclass(frozen=True)
class Topic:
    slug: str
    weight: float
    bug: str = ""  # question-type leaf of its bug reports ("" when it has none)
    request: str = ""
    question: str = ""  # a how-to or billing leaf
    deal_blocker: bool = False
    platforms: tuple[str, ...] = ALL_PLATFORMS

    @property
    def is_billing(self) -> bool:
        return self.question.startswith("billing-")

    def families(self) -> tuple[str, ...]:
        """The kinds of conversation this topic can start, in a fixed order."""
        found = []
        if self.bug:
            found.append("bug")
        if self.request:
            found.append("request")
        if self.question:
            found.append("question")
        if self.bug or self.is_billing:
            found.append("complaint")
        if not self.is_billing:
            found.append("praise")
        if self.deal_blocker:
            found.append("deal")
        return tuple(found)


def _t(
    slug: str,
    weight: float,
    bug: str,
    request: str,
    question: str,
    *,
    deal: bool = False,
    platforms: tuple[str, ...] = ALL_PLATFORMS,
) -> Topic:
    return Topic(slug, weight, bug, request, question, deal, platforms)


TOPICS: dict[str, Topic] = {
    topic.slug: topic
    for topic in (
        _t("block-drag-and-drop", 2.0, "bug-display", "fr-improvement", "howto-everyday"),
        _t("code-blocks", 1.2, "bug-display", "fr-improvement", "howto-everyday"),
        _t("embed-blocks", 1.2, "bug-display", "fr-integration", "howto-everyday"),
        _t("comments-mentions", 2.0, "bug-wrong-data", "fr-improvement", "howto-everyday"),
        _t("page-history", 1.5, "bug-wrong-data", "fr-improvement", "howto-everyday"),
        _t("page-templates", 1.5, "bug-wrong-data", "fr-improvement", "howto-setup"),
        _t("formula-property", 2.5, "bug-error", "fr-improvement", "howto-everyday"),
        _t("select-property", 1.0, "bug-wrong-data", "fr-improvement", "howto-everyday"),
        _t("date-property", 1.8, "bug-wrong-data", "fr-new-capability", "howto-everyday"),
        _t("relation-property", 2.5, "bug-wrong-data", "fr-improvement", "howto-setup"),
        _t("rollup-property", 1.5, "bug-wrong-data", "fr-improvement", "howto-everyday"),
        _t("table-view", 2.0, "bug-display", "fr-improvement", "howto-everyday"),
        _t("board-view", 1.2, "bug-display", "fr-new-capability", "howto-everyday"),
        _t("calendar-view", 1.2, "bug-display", "fr-new-capability", "howto-setup"),
        _t("timeline-view", 1.5, "bug-display", "fr-new-capability", "howto-everyday", deal=True),
        _t("public-links", 1.2, "bug-error", "fr-new-capability", "howto-setup"),
        _t("guest-access", 1.5, "bug-error", "fr-improvement", "howto-everyday"),
        _t("page-permissions", 1.8, "bug-wrong-data", "fr-new-capability", "howto-admin", deal=True),
        _t("teamspaces", 1.2, "bug-wrong-data", "fr-new-capability", "howto-admin"),
        _t("rest-api", 1.5, "bug-error", "fr-new-capability", "howto-setup", platforms=_WEB),
        _t("api-rate-limits", 1.0, "bug-error", "fr-improvement", "howto-setup", deal=True, platforms=_WEB),
        _t("webhooks", 1.0, "bug-error", "fr-new-capability", "howto-setup", platforms=_WEB),
        _t("slack-integration", 1.2, "bug-error", "fr-integration", "howto-setup"),
        _t("github-integration", 0.8, "bug-wrong-data", "fr-integration", "howto-setup", deal=True),
        _t("calendar-sync", 1.2, "bug-wrong-data", "fr-integration", "howto-setup", deal=True),
        _t("ios-app", 2.0, "bug-error", "fr-new-capability", "howto-everyday", platforms=("ios",)),
        _t("android-app", 1.5, "bug-error", "fr-improvement", "howto-everyday", platforms=("android",)),
        _t("offline-mode", 2.0, "bug-sync", "fr-improvement", "howto-everyday", deal=True, platforms=_NATIVE),
        _t("sync-conflicts", 1.8, "bug-sync", "fr-improvement", "howto-everyday", platforms=_NATIVE),
        _t("mac-app", 1.0, "bug-slow", "fr-new-capability", "howto-setup", platforms=("mac",)),
        _t("windows-app", 1.0, "bug-error", "fr-improvement", "howto-setup", platforms=("windows",)),
        _t("plan-comparison", 2.0, "", "fr-improvement", "billing-which-plan", platforms=_WEB),
        _t("plan-limits", 1.5, "bug-wrong-data", "fr-improvement", "billing-change-plan", platforms=_WEB),
        _t("free-trial", 1.0, "bug-wrong-data", "", "billing-change-plan", platforms=_WEB),
        _t("invoices", 2.0, "bug-wrong-data", "", "billing-invoice-payment", platforms=_WEB),
        _t("payment-methods", 1.2, "bug-error", "", "billing-invoice-payment", platforms=_WEB),
        _t("refunds", 1.0, "", "", "billing-refund", platforms=_WEB),
        _t("seat-management", 1.5, "bug-wrong-data", "fr-improvement", "billing-change-plan", platforms=_WEB),
        _t("annual-billing", 0.8, "", "", "billing-change-plan", platforms=_WEB),
        _t("csv-import", 1.5, "bug-error", "fr-improvement", "howto-everyday", platforms=_WEB),
        _t("wiki-import", 1.0, "bug-wrong-data", "fr-integration", "howto-setup", platforms=_WEB),
        _t("markdown-import", 0.8, "bug-wrong-data", "fr-improvement", "howto-everyday"),
        _t("pdf-export", 1.2, "bug-display", "fr-improvement", "howto-everyday"),
        _t("workspace-export", 1.0, "bug-error", "fr-new-capability", "howto-admin"),
        _t("ai-drafting", 1.5, "bug-wrong-data", "fr-improvement", "howto-everyday"),
        _t("ai-translation", 0.8, "bug-display", "fr-improvement", "howto-everyday"),
        # Its volume comes from its own rising stream; see builder.RISING_SHARE.
        _t(RISING_TOPIC, 0.0, "bug-wrong-data", "fr-improvement", "howto-everyday"),
        _t("ai-autofill", 1.0, "bug-wrong-data", "fr-improvement", "howto-setup"),
        _t("ai-workspace-qa", 1.0, "bug-wrong-data", "fr-improvement", "howto-admin", deal=True),
        _t("ai-credits", 0.8, "bug-wrong-data", "fr-improvement", "billing-change-plan"),
        _t("slow-pages", 2.0, "bug-slow", "fr-improvement", "howto-everyday"),
        _t("large-databases", 1.5, "bug-slow", "fr-improvement", "howto-everyday", deal=True),
        _t("search-speed", 1.5, "bug-slow", "fr-improvement", "howto-everyday"),
        _t("outages", 1.2, "bug-error", "fr-new-capability", "howto-admin"),
        _t("sso-saml", 1.5, "bug-error", "fr-improvement", "howto-setup", deal=True, platforms=_WEB),
        _t(
            "scim-provisioning",
            1.0,
            "bug-wrong-data",
            "fr-improvement",
            "howto-setup",
            deal=True,
            platforms=_WEB,
        ),
        _t("two-factor", 1.0, "bug-error", "fr-improvement", "howto-everyday"),
        _t("audit-log", 0.8, "bug-wrong-data", "fr-integration", "howto-admin", deal=True, platforms=_WEB),
        _t("member-management", 1.2, "bug-wrong-data", "fr-improvement", "howto-admin", platforms=_WEB),
        _t("security-review", 0.8, "", "fr-new-capability", "howto-admin", deal=True, platforms=_WEB),
        _t("data-residency", 0.6, "", "fr-new-capability", "howto-admin", deal=True, platforms=_WEB),
    )
}
