"""The demo workspace's tag taxonomy: three facets (product area, question type, route).

The tree is plain data in the shape :func:`voxpop.taxonomy.services.import_tree`
takes: nested ``{slug, name, description, examples, children}`` mappings. Slugs are
the tags' stable identities; the conversation generator refers to leaves by slug.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Node = dict[str, Any]

PRODUCT_AREA = "product-area"
QUESTION_TYPE = "question-type"
ROUTE = "route"


def _tag(
    slug: str, name: str, description: str = "", *examples: str, children: tuple[Node, ...] = ()
) -> Node:
    return {
        "slug": slug,
        "name": name,
        "description": description,
        "examples": list(examples),
        "children": list(children),
    }


def _group(slug: str, name: str, description: str, *children: Node) -> Node:
    return _tag(slug, name, description, children=children)


_PRODUCT_AREAS = (
    _group(
        "pages-editor",
        "Pages & editor",
        "Writing and structuring pages: blocks, editing, comments, templates.",
        _tag(
            "block-drag-and-drop",
            "Drag and drop",
            "Moving blocks by dragging, into columns, toggles and other pages.",
            "block jumps back when I drop it",
            "can't drag into a column",
        ),
        _tag(
            "code-blocks",
            "Code blocks",
            "Syntax highlighting, languages, indentation and wrapping in code blocks.",
            "code block lost its indentation",
            "add highlighting for Terraform",
        ),
        _tag(
            "embed-blocks",
            "Embed blocks",
            "Embedding videos, design files, sheets and other web content.",
            "Figma embed shows a grey box",
        ),
        _tag(
            "comments-mentions",
            "Comments & mentions",
            "Inline comments, resolving threads, @-mentions and their notifications.",
            "mention didn't notify my colleague",
            "resolved comments came back",
        ),
        _tag(
            "page-history",
            "Page history & undo",
            "Version history, restoring older versions, undo and redo.",
            "restore yesterday's version",
            "page history is empty",
        ),
        _tag(
            "page-templates",
            "Page templates",
            "Creating, sharing and applying page and database templates, template buttons.",
            "template button creates the page in the wrong place",
        ),
    ),
    _group(
        "databases",
        "Databases",
        "Structured data: properties, relations and views.",
        _tag(
            "formula-property",
            "Formula property",
            "Formulas in database properties: syntax, functions, errors and results.",
            "formula shows Invalid property",
            "days between two dates",
        ),
        _tag(
            "select-property",
            "Select & multi-select property",
            "Options, colours and ordering of select and multi-select properties.",
            "two options with the same name",
        ),
        _tag(
            "date-property",
            "Date property",
            "Dates, ranges, reminders and time zones in date properties.",
            "date shows one day early",
            "reminder fires an hour late",
            "recurring dates",
        ),
        _tag(
            "relation-property",
            "Relation property",
            "Linking pages across databases, two-way relations, relation limits.",
            "related pages don't show on the other side",
            "relate to another workspace",
        ),
        _tag(
            "rollup-property",
            "Rollup property",
            "Aggregating values across a relation: sums, counts, percentages.",
            "rollup sum is wrong",
            "rollup of a rollup",
        ),
        _tag(
            "table-view",
            "Table view",
            "Columns, widths, grouping, filters and sorts in table views.",
            "column widths reset",
            "freeze the first column",
        ),
        _tag(
            "board-view",
            "Board view",
            "Kanban boards: grouping, cards, moving cards between columns.",
            "cards snap back to the old column",
        ),
        _tag(
            "calendar-view",
            "Calendar view",
            "Showing database pages on a calendar.",
            "events on the wrong day",
            "week view with hours",
        ),
        _tag(
            "timeline-view",
            "Timeline view",
            "Gantt-style timelines, date ranges and dependencies.",
            "dependencies disappear when zoomed out",
            "baseline for the plan",
        ),
    ),
    _group(
        "sharing-permissions",
        "Sharing & permissions",
        "Who can see and change what.",
        _tag(
            "public-links",
            "Public web links",
            "Publishing pages to the web, indexing, custom domains.",
            "public page says not found",
            "password-protect a public page",
        ),
        _tag(
            "guest-access",
            "Guests",
            "Inviting people from outside the workspace to single pages.",
            "guest can't open the page",
            "guest invites should expire",
        ),
        _tag(
            "page-permissions",
            "Page permissions",
            "Access levels on pages and databases, inheritance from parent pages.",
            "viewer can edit a sub-page",
            "make a page private",
        ),
        _tag(
            "teamspaces",
            "Teamspaces",
            "Open and closed teamspaces, membership, moving pages between teamspaces.",
            "nested teamspaces",
        ),
    ),
    _group(
        "integrations-api",
        "Integrations & API",
        "Connecting the product to other tools.",
        _tag(
            "rest-api",
            "REST API",
            "Endpoints, authentication, IDs and errors of the public API.",
            "API returns 500",
            "endpoint for comments",
        ),
        _tag(
            "api-rate-limits",
            "Rate limits",
            "Request limits, 429 responses and syncing large data sets.",
            "429 errors",
            "higher limits for nightly sync",
        ),
        _tag(
            "webhooks",
            "Webhooks",
            "Event subscriptions, deliveries and signatures.",
            "webhook stopped firing",
            "verify the signature",
        ),
        _tag(
            "slack-integration",
            "Slack",
            "Link previews, notifications and creating pages from Slack.",
            "links don't unfurl in Slack",
        ),
        _tag(
            "github-integration",
            "GitHub",
            "Linking pull requests and issues to tasks.",
            "merged PR didn't update the task",
            "GitHub Enterprise Server",
        ),
        _tag(
            "calendar-sync",
            "Calendar sync",
            "Two-way sync between databases and Google or Outlook calendars.",
            "meetings created twice",
            "Outlook support",
        ),
    ),
    _group(
        "mobile-offline",
        "Mobile, desktop & offline",
        "The native apps and working without a connection.",
        _tag(
            "ios-app",
            "iOS app",
            "The iPhone and iPad app: crashes, keyboard, widgets, share sheet.",
            "iOS app crashes on big tables",
            "home screen widget",
        ),
        _tag(
            "android-app",
            "Android app",
            "The Android app: sign-in, notifications, keyboards, dark mode.",
            "Android logs me out",
        ),
        _tag(
            "offline-mode",
            "Offline mode",
            "Making pages and databases available offline.",
            "offline page is blank on the plane",
            "whole teamspace offline",
        ),
        _tag(
            "sync-conflicts",
            "Sync conflicts",
            "Conflicting edits, stuck syncing, lost changes after reconnecting.",
            "my changes were overwritten",
            "stuck on Syncing",
        ),
        _tag(
            "mac-app",
            "Mac app",
            "The macOS app: performance, shortcuts, opening links.",
            "Mac app uses a lot of CPU",
        ),
        _tag(
            "windows-app",
            "Windows app",
            "The Windows app: installation, updates, blank windows.",
            "MSI installer",
            "blank white window",
        ),
    ),
    _group(
        "billing-plans",
        "Billing & plans",
        "What customers pay for and how.",
        _tag(
            "plan-comparison",
            "Plan comparison",
            "Which plan a workspace is on, and what each plan includes.",
            "which plan are we on?",
            "does Plus include SSO?",
        ),
        _tag(
            "plan-limits",
            "Plan limits",
            "Block, upload, guest and history limits of each plan.",
            "hit the block limit on Free",
        ),
        _tag(
            "free-trial", "Trials", "Starting, extending and ending trials of paid plans.", "extend our trial"
        ),
        _tag(
            "invoices",
            "Invoices & receipts",
            "Downloading invoices, tax IDs and billing details on invoices.",
            "add our VAT number to the invoice",
            "download last year's invoices",
        ),
        _tag(
            "payment-methods",
            "Payment methods",
            "Cards, bank transfer, failed payments.",
            "card declined",
            "pay by bank transfer",
        ),
        _tag(
            "refunds",
            "Refunds",
            "Refunds and credits for mistaken upgrades and removed seats.",
            "upgraded by mistake",
        ),
        _tag(
            "seat-management",
            "Seat management",
            "Adding and removing paid seats, guests versus members.",
            "billed for guests",
            "reduce seats",
        ),
        _tag(
            "annual-billing",
            "Annual billing",
            "Switching between monthly and annual billing.",
            "switch to annual",
        ),
    ),
    _group(
        "import-export",
        "Import & export",
        "Moving content in and out.",
        _tag(
            "csv-import",
            "CSV import",
            "Importing CSV files into new or existing databases.",
            "CSV import stops halfway",
            "dates imported as text",
        ),
        _tag(
            "wiki-import",
            "Import from other wikis",
            "Migrating spaces from other wiki and docs tools.",
            "images lost after import",
        ),
        _tag(
            "markdown-import",
            "Markdown & Word import",
            "Importing Markdown, Word and HTML files.",
            "Word tables become plain text",
        ),
        _tag(
            "pdf-export",
            "PDF export",
            "Exporting pages to PDF: layout, fonts, sub-pages.",
            "PDF cuts off wide tables",
        ),
        _tag(
            "workspace-export",
            "Workspace export & backups",
            "Exporting a whole workspace and scheduled backups.",
            "export email never arrives",
            "automatic backups to S3",
        ),
    ),
    _group(
        "ai-assistant",
        "AI assistant",
        "The built-in AI features.",
        _tag(
            "ai-drafting",
            "Drafting & rewriting",
            "Generating, rewriting and changing the tone of text.",
            "rewrite in a formal tone",
            "house style for the AI",
        ),
        _tag(
            "ai-translation",
            "Translation",
            "Translating pages with the AI assistant.",
            "translation breaks tables",
        ),
        _tag(
            "ai-page-summaries",
            "Page summaries",
            "AI summaries of pages, meeting notes and database views.",
            "summary invents decisions",
            "summarize this week's standups",
            "auto-update the summary",
        ),
        _tag(
            "ai-autofill",
            "AI autofill properties",
            "Database properties filled in by the AI from page content.",
            "autofill leaves rows empty",
        ),
        _tag(
            "ai-workspace-qa",
            "Workspace Q&A",
            "Answers drawn from workspace pages, sources and permissions.",
            "answer came from an archived page",
        ),
        _tag(
            "ai-credits",
            "AI credits & limits",
            "Monthly AI response allowances and the AI add-on.",
            "ran out of AI responses",
        ),
    ),
    _group(
        "performance",
        "Performance & reliability",
        "Speed and availability.",
        _tag(
            "slow-pages",
            "Slow pages",
            "Slow loading or typing lag in pages.",
            "wiki home takes 20 seconds",
            "typing lags",
        ),
        _tag(
            "large-databases",
            "Large databases",
            "Databases with tens of thousands of rows.",
            "filtering times out",
        ),
        _tag(
            "search-speed",
            "Search",
            "Search speed, missing results and search filters.",
            "search doesn't find the exact title",
        ),
        _tag(
            "outages",
            "Outages & downtime",
            "Incidents, connection errors and the status page.",
            "nobody could open a page",
            "Unable to connect",
        ),
    ),
    _group(
        "admin-security",
        "Admin & security",
        "Workspace administration, identity and compliance.",
        _tag(
            "sso-saml",
            "SAML single sign-on",
            "SAML SSO setup and sign-in failures, SSO on each plan.",
            "SSO on Business",
            "Invalid response after certificate rotation",
        ),
        _tag(
            "scim-provisioning",
            "SCIM provisioning",
            "Automatic user and group provisioning from an identity provider.",
            "removed users still active",
            "group push",
        ),
        _tag(
            "two-factor",
            "Two-factor authentication",
            "2FA codes, backup codes and enforcing 2FA.",
            "lost my phone",
        ),
        _tag(
            "audit-log",
            "Audit log",
            "The security audit log, its retention and export.",
            "stream the audit log to our SIEM",
        ),
        _tag(
            "member-management",
            "Member management",
            "Roles, removing members, transferring their pages.",
            "make someone an admin",
        ),
        _tag(
            "security-review",
            "Security reviews",
            "SOC 2 reports, questionnaires and subprocessors.",
            "fill in our security questionnaire",
        ),
        _tag(
            "data-residency",
            "Data residency",
            "Hosting workspace data in a chosen region.",
            "data stored in the EU only",
        ),
    ),
)

_QUESTION_TYPES = (
    _group(
        "bug-report",
        "Bug report",
        "Something does not work as it should.",
        _tag(
            "bug-error",
            "Error or crash",
            "An error message, a crash or an action that fails.",
            "it crashes when I open the page",
        ),
        _tag(
            "bug-wrong-data",
            "Wrong or missing data",
            "Content, values or settings that are wrong, missing or lost.",
            "my edits are gone",
            "the total is wrong",
        ),
        _tag(
            "bug-slow",
            "Slow or unresponsive",
            "Something works but takes far too long.",
            "takes 20 seconds to load",
        ),
        _tag(
            "bug-sync",
            "Sync or offline problem",
            "Changes that do not sync or conflict between devices.",
            "stuck on Syncing",
        ),
        _tag(
            "bug-display",
            "Display or layout glitch",
            "Things shown in the wrong place, size or format.",
            "column widths reset",
        ),
    ),
    _group(
        "feature-request",
        "Feature request",
        "Asking for something the product does not do yet.",
        _tag("fr-new-capability", "New capability", "Something entirely new.", "please add recurring dates"),
        _tag(
            "fr-improvement",
            "Improvement to an existing feature",
            "Making an existing feature better.",
            "let us lock templates",
        ),
        _tag(
            "fr-integration",
            "Integration request",
            "Connecting to another tool or platform.",
            "support Outlook calendars",
        ),
        _tag(
            "fr-deal-blocker",
            "Blocking a deal",
            "A missing capability that lost or stalls a sale.",
            "security won't sign off without SCIM",
        ),
    ),
    _group(
        "how-to-question",
        "How-to question",
        "Asking how to do something the product already does.",
        _tag(
            "howto-setup",
            "Setup & configuration",
            "Setting something up for the first time.",
            "how do we set up SSO?",
        ),
        _tag(
            "howto-everyday",
            "Everyday use",
            "How to do a routine task.",
            "how do I restore yesterday's version?",
        ),
        _tag(
            "howto-admin",
            "Admin & security",
            "Questions from admins about control and compliance.",
            "how long do you keep audit logs?",
        ),
    ),
    _group(
        "billing-question",
        "Billing question",
        "Questions about plans, invoices and payments.",
        _tag(
            "billing-which-plan",
            "Which plan am I on?",
            "The customer does not know their current plan or what it includes.",
            "which plan are we on?",
            "is SSO in our plan?",
        ),
        _tag(
            "billing-invoice-payment",
            "Invoices & payment",
            "Invoices, tax details and ways to pay.",
            "add our VAT ID",
        ),
        _tag(
            "billing-change-plan",
            "Upgrade, downgrade or limits",
            "Changing plan, seats or billing cycle, and plan limits.",
            "switch to annual",
            "reduce seats",
        ),
        _tag("billing-refund", "Refund", "Asking for money back.", "upgraded by mistake"),
    ),
    _group(
        "complaint",
        "Complaint",
        "The customer is unhappy and says so.",
        _tag("complaint-reliability", "Reliability", "Repeated bugs or downtime.", "third outage this month"),
        _tag("complaint-support", "Support experience", "Slow or unhelpful support.", "no reply for days"),
        _tag(
            "complaint-pricing",
            "Pricing",
            "Prices, increases and what is in which plan.",
            "renewal price went up",
        ),
    ),
    _group(
        "praise",
        "Praise",
        "The customer is happy and says so.",
        _tag("praise-product", "Product", "Praise for a feature or the product.", "summaries save us hours"),
        _tag("praise-support", "Support", "Praise for the support team.", "fixed the same day"),
    ),
)

_ROUTES = (
    _group(
        "sales",
        "Sales",
        "Goes to the sales team.",
        _tag("new-business", "New business", "A prospect evaluating or buying for the first time."),
        _tag("expansion", "Expansion", "An existing customer buying more or a higher plan."),
        _tag("renewal", "Renewal", "Contract renewals and their negotiations."),
    ),
    _group(
        "self-serve",
        "Self-serve",
        "The customer can do it without a person.",
        _tag("help-center", "Answered by the help center", "A help-center article answers it."),
        _tag("self-serve-upgrade", "In-app upgrade", "Upgrading or changing plan in the app."),
    ),
    _group(
        "support",
        "Support",
        "Goes to the support team.",
        _tag("support-tier-1", "Tier 1", "Front-line support can resolve it."),
        _tag("support-tier-2", "Tier 2", "Needs a product specialist."),
        _tag(
            "engineering-escalation",
            "Engineering escalation",
            "Needs an engineer: a confirmed bug or data problem.",
        ),
    ),
    _group(
        "partnerships",
        "Partnerships",
        "Goes to the partnerships team.",
        _tag(
            "integration-partners",
            "Integration partners",
            "Partners building on the API or asking for integrations.",
        ),
        _tag("resellers", "Resellers", "Customers who buy through a reseller."),
    ),
)

TREE: tuple[Node, ...] = (
    _tag(
        PRODUCT_AREA,
        "Product area",
        "Which part of the product the conversation is about.",
        children=_PRODUCT_AREAS,
    ),
    _tag(
        QUESTION_TYPE,
        "Question type",
        "What kind of conversation it is: bug, request, question, complaint...",
        children=_QUESTION_TYPES,
    ),
    _tag(ROUTE, "Route", "Which team should handle it.", children=_ROUTES),
)


def walk(nodes: tuple[Node, ...] | list[Node] = TREE, depth: int = 0) -> Iterator[tuple[Node, int]]:
    """Every node with its depth (roots are 0), parents first, in tree order."""
    for node in nodes:
        yield node, depth
        yield from walk(node["children"], depth + 1)


def leaves_under(root_slug: str) -> tuple[str, ...]:
    """The slugs of the leaves below a root, in tree order."""
    root = next(node for node in TREE if node["slug"] == root_slug)
    return tuple(node["slug"] for node, _ in walk(root["children"]) if not node["children"])
