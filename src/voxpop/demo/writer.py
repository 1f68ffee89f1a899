"""Writing a :class:`~voxpop.demo.plan.WorkspacePlan` into the database.

One transaction, bulk inserts in batches, no query per row: the whole demo loads in
a few seconds on SQLite. An existing workspace is never touched: if it already has
conversations (or the demo's tags, accounts or users), nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models.functions import Lower

from voxpop.accounts.models import Account, Contact
from voxpop.conversations.models import AuthorRole, Conversation, Message, Source, SourceKind
from voxpop.demo import roadmap
from voxpop.demo.errors import DemoError
from voxpop.demo.plan import SOURCE_NAME, ConversationPlan, WorkspacePlan, day_start
from voxpop.demo.taxonomy import walk
from voxpop.planning.models import PlanningPeriod
from voxpop.planning.queries import half_year, next_half
from voxpop.roadmap.models import Feature, FeatureQuote, FeatureStatus, FeatureTag, Theme
from voxpop.tagging.models import Decider, TagDecision, Verdict
from voxpop.tagging.services import bulk_record_decisions
from voxpop.taxonomy.models import Tag
from voxpop.taxonomy.services import import_tree
from voxpop.users.models import User

Progress = Callable[[str, int, int], None]
BATCH = 500


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def check_empty(plan: WorkspacePlan) -> None:
    """Raise DemoError unless the demo can be written without touching existing data."""
    existing = Conversation.objects.count()
    if existing:
        raise DemoError(
            f"the workspace already has {existing} conversations; the demo loads only into an empty database"
        )
    slugs = [node["slug"] for node, _depth in walk(plan.taxonomy)]
    taken = sorted(Tag.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    if taken:
        raise DemoError(
            f"the workspace already has {len(taken)} of the demo's tags (e.g. {taken[0]!r}); "
            "the demo loads only into an empty database"
        )
    domains = [account.domain.lower() for account in plan.accounts]
    clash = Account.objects.annotate(lower_domain=Lower("domain")).filter(lower_domain__in=domains).count()
    if clash or Source.objects.filter(name=SOURCE_NAME).exists():
        raise DemoError(
            "the workspace already has the demo's accounts or source; the demo loads only into an empty database"
        )


def write_workspace(plan: WorkspacePlan, progress: Progress | None = None) -> dict[str, int]:
    """Write the plan in one transaction; return counts of what was written."""
    report = progress or _quiet
    with transaction.atomic():
        check_empty(plan)
        report("people", 0, len(plan.owners))
        existing = {
            user.username: user
            for user in User.objects.filter(username__in=[o.username for o in plan.owners])
        }
        users: dict[str, User] = {}
        for done, owner in enumerate(plan.owners, start=1):
            users[owner.username] = existing.get(owner.username) or User.objects.create_user(
                username=owner.username,
                password=None,
                email=owner.email,
                first_name=owner.first_name,
                last_name=owner.last_name,
                role=owner.role,
            )
            report("people", done, len(plan.owners))

        tag_total = sum(1 for _ in walk(plan.taxonomy))
        report("taxonomy", 0, tag_total)
        tags = {tag.slug: tag for tag in import_tree([dict(node) for node in plan.taxonomy], facets=True)}
        report("taxonomy", len(tags), tag_total)

        report("accounts", 0, len(plan.accounts))
        accounts = Account.objects.bulk_create(
            [
                Account(
                    name=a.name,
                    external_ids={"demo": a.external_id},
                    domain=a.domain,
                    plan=a.plan,
                    segment=a.segment,
                    arr=a.arr,
                    currency=a.currency,
                    seats=a.seats,
                    company_size=a.company_size,
                    team_size=a.team_size,
                    region=a.region,
                    owner=users.get(a.owner),
                    lifecycle_stage=a.lifecycle_stage,
                    created_on=a.created_on,
                    churned_on=a.churned_on,
                    attributes=a.attributes,
                )
                for a in plan.accounts
            ],
            batch_size=BATCH,
        )
        contacts = Contact.objects.bulk_create(
            [
                Contact(
                    name=c.name,
                    email=c.email,
                    locale=c.locale,
                    account=accounts[c.account] if c.account is not None else None,
                )
                for c in plan.contacts
            ],
            batch_size=BATCH,
        )
        report("accounts", len(accounts), len(plan.accounts))

        source = Source.objects.create(kind=SourceKind.DEMO, name=SOURCE_NAME)
        total = len(plan.conversations)
        conversations: list[Conversation] = []
        for start in range(0, total, BATCH):
            part = plan.conversations[start : start + BATCH]
            conversations += Conversation.objects.bulk_create(
                [
                    Conversation(
                        source=source,
                        external_id=c.external_id,
                        channel=c.channel,
                        subject=c.subject,
                        account=accounts[c.account] if c.account is not None else None,
                        contact=contacts[c.contact] if c.contact is not None else None,
                        started_at=c.started_at,
                        closed_at=c.closed_at,
                        status=c.status,
                        language=c.language,
                        context=c.context,
                        arr_at_time=c.arr_at_time,
                        amount=c.amount,
                    )
                    for c in part
                ]
            )
            report("conversations", len(conversations), total)

        messages = [
            Message(
                conversation=row,
                external_id=f"{c.external_id}-{position}",
                position=position,
                author_role=m.author_role,
                author=m.author,
                sent_at=m.sent_at,
                text=m.text,
            )
            for row, c in zip(conversations, plan.conversations, strict=True)
            for position, m in enumerate(c.messages)
        ]
        for start in range(0, len(messages), BATCH * 2):
            Message.objects.bulk_create(messages[start : start + BATCH * 2])
            report("messages", min(start + BATCH * 2, len(messages)), len(messages))

        decisions = [
            TagDecision(
                conversation=row,
                tag=tags[slug],
                verdict=Verdict.ACCEPT,
                decider=Decider.PERSON,
                user=users[c.tagged_by],
                created_at=c.tagged_at,
            )
            for row, c in zip(conversations, plan.conversations, strict=True)
            if c.tagged_by and c.tagged_at is not None
            for slug in c.tags
        ]
        tagged = sum(1 for c in plan.conversations if c.tagged_by)
        report("tagging", 0, tagged)
        bulk_record_decisions(decisions)
        report("tagging", tagged, tagged)
        features = write_roadmap(plan, tags, users, conversations)
    return {
        "users": len(users),
        "tags": len(tags),
        "accounts": len(accounts),
        "contacts": len(contacts),
        "conversations": len(conversations),
        "messages": len(messages),
        "tagged": tagged,
        "decisions": len(decisions),
        "features": features,
    }


def write_roadmap(
    plan: WorkspacePlan, tags: dict[str, Tag], users: dict[str, User], conversations: list[Conversation]
) -> int:
    """Themes, features linked to the demo's tags, quotes from tagged conversations, capacity."""
    themes = {
        t.slug: Theme.objects.get_or_create(
            slug=t.slug, defaults={"name": t.name, "description": t.description}
        )[0]
        for t in roadmap.THEMES
    }
    this_half = half_year(plan.anchor)
    periods = [this_half, next_half(this_half)]
    for period in periods:
        PlanningPeriod.objects.get_or_create(period=period, defaults={"capacity": roadmap.CAPACITY})
    by_slug: dict[str, list[tuple[Conversation, ConversationPlan]]] = {}
    for row, c in zip(conversations, plan.conversations, strict=True):
        if c.tagged_by:
            for slug in c.tags:
                by_slug.setdefault(slug, []).append((row, c))
    for spec in roadmap.FEATURES:
        feature = Feature.objects.create(
            title=spec.title,
            description=spec.description,
            status=spec.status,
            target_period="" if spec.period is None else periods[spec.period],
            owner=users.get(spec.owner),
            effort=spec.effort,
            shipped_at=day_start(plan.anchor) if spec.status == FeatureStatus.SHIPPED else None,
        )
        feature.themes.set([themes[slug] for slug in spec.themes])
        FeatureTag.objects.bulk_create([FeatureTag(feature=feature, tag=tags[slug]) for slug in spec.tags])
        asked = sorted(
            (pair for slug in spec.tags for pair in by_slug.get(slug, [])),
            key=lambda pair: pair[1].started_at,
            reverse=True,
        )
        quoted_accounts: set[int | None] = set()
        for row, c in asked:
            if len(quoted_accounts) >= roadmap.QUOTES_PER_FEATURE:
                break
            if c.account in quoted_accounts or c.account is None:
                continue
            message = row.messages.filter(author_role=AuthorRole.CUSTOMER).order_by("position").first()
            if message is None:
                continue
            end = first_sentence_end(message.text)
            if end:
                FeatureQuote.objects.create(
                    feature=feature,
                    conversation=row,
                    message=message,
                    start=0,
                    end=end,
                    text=message.text[:end].strip(),
                )
                quoted_accounts.add(c.account)
    return len(roadmap.FEATURES)


def first_sentence_end(text: str, limit: int = 240) -> int:
    """Where the first sentence of ``text`` ends (at most ``limit`` characters in)."""
    for index, char in enumerate(text[:limit]):
        if char in ".?!。？！" and index >= 15:
            return index + 1
    return min(len(text), limit)
