"""The demo's customers: accounts with a plan history, and their contacts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

from voxpop.accounts.models import Lifecycle, Segment
from voxpop.demo.people import (
    COMPANIES,
    COUNTRIES,
    OWNER_FOR_LANGUAGE,
    OWNER_FOR_REGION,
    PROSPECT_COMPANIES,
    SOCIAL_HANDLES,
    Company,
    name_pool_sizes,
    person,
)
from voxpop.demo.plan import AccountPlan, ContactPlan, Stage

LOCALES = {"en": "en", "zh": "zh-hans", "ko": "ko"}
# List price per seat and month; enterprise contracts are negotiated below it.
SEAT_PRICE = {"free": 0, "plus": 10, "business": 18, "enterprise": 25}
TEAM_SIZE = {"free": (2, 12), "plus": (5, 40), "business": (25, 260), "enterprise": (200, 1800)}
USE_CASES = (
    "team wiki",
    "project tracking",
    "product specs",
    "client portal",
    "knowledge base",
    "meeting notes",
    "CRM",
)
RESELLERS = ("Cloudway Partners", "Softmart APAC")


def arr_for(plan: str, seats: int, discount: float) -> Decimal:
    yearly = Decimal(SEAT_PRICE[plan] * 12 * seats) * Decimal(str(round(1 - discount, 2)))
    return yearly.quantize(Decimal("0.01"))


def _segment(plan: str, company: Company) -> str:
    if company.big_company_small_team or plan == "free":
        return Segment.SMB if company.big_company_small_team else Segment.SELF_SERVE
    if company.employees >= 2000 and plan in ("enterprise", "business"):
        return Segment.ENTERPRISE
    if company.employees >= 200:
        return Segment.MID_MARKET
    return Segment.SMB if company.employees >= 50 else Segment.SELF_SERVE


def build_account(rng: Random, company: Company, anchor: date, index: int) -> AccountPlan:
    region, currency = COUNTRIES[company.country]
    tier = company.tier
    plan = {"trial": "business", "prospect": "free"}.get(tier, tier)
    low, high = TEAM_SIZE["plus" if company.big_company_small_team else plan]
    if tier == "prospect":
        low, high = 40, 600
    team_size = min(rng.randint(low, high), company.employees)
    seats = max(1, round(team_size * rng.uniform(0.8, 1.0)))
    discount = rng.choice((0.0, 0.1, 0.15, 0.2)) if plan == "enterprise" else 0.0
    lifecycle = Lifecycle.ACTIVE
    if tier == "trial":
        created_on = anchor - timedelta(days=rng.randint(6, 24))
        lifecycle = Lifecycle.TRIAL
    elif tier == "prospect":
        created_on = anchor - timedelta(days=rng.randint(120, 390))
        lifecycle = Lifecycle.PROSPECT
    else:
        created_on = anchor - timedelta(days=rng.randint(420, 2200))
    arr_now = Decimal("0.00") if tier in ("trial", "prospect") else arr_for(plan, seats, discount)
    stages = [Stage(created_on, plan, seats, arr_now)]
    churned_on = None
    roll = rng.random()
    if tier in ("plus", "business", "enterprise") and roll < 0.35:
        # Grew during the year: an upgrade from a smaller plan, or more seats.
        since = anchor - timedelta(days=rng.randint(40, 320))
        earlier_plan = {"business": "plus", "enterprise": "business"}.get(plan, plan)
        earlier_seats = max(1, round(seats * rng.uniform(0.45, 0.8)))
        earlier = Stage(created_on, earlier_plan, earlier_seats, arr_for(earlier_plan, earlier_seats, 0.0))
        stages = [earlier, Stage(since, plan, seats, arr_now)]
    elif tier in ("plus", "business") and roll > 0.88:
        churned_on = anchor - timedelta(days=rng.randint(30, 300))
        stages.append(Stage(churned_on, "free", seats, Decimal("0.00")))
        lifecycle = Lifecycle.CHURNED
    elif tier in ("plus", "business", "enterprise") and roll > 0.78:
        lifecycle = Lifecycle.AT_RISK
    elif tier in ("plus", "business") and roll > 0.66:
        # A new customer, still settling in.
        created_on = anchor - timedelta(days=rng.randint(50, 130))
        stages = [Stage(created_on, plan, seats, arr_now)]
        lifecycle = Lifecycle.ONBOARDING
    current = stages[-1]
    owner = (
        ""
        if current.plan == "free" and tier != "prospect"
        else OWNER_FOR_LANGUAGE.get(company.language, OWNER_FOR_REGION[region])
    )
    attributes: dict[str, object] = {
        "industry": company.industry,
        "country": company.country,
        "use_case": rng.choice(USE_CASES),
        "health_score": rng.randint(35, 95) if lifecycle != Lifecycle.AT_RISK else rng.randint(10, 40),
    }
    if current.plan in ("business", "enterprise"):
        attributes["renewal_month"] = (created_on.month - 1) % 12 + 1
    if company.country in ("AU", "SG") and current.plan != "free":
        attributes["reseller"] = RESELLERS[1]
    elif company.country == "IE" and current.plan != "free":
        attributes["reseller"] = RESELLERS[0]
    if company.big_company_small_team:
        attributes["department"] = rng.choice(("Legal", "Research", "Marketing", "Facilities", "R&D"))
    return AccountPlan(
        name=company.name,
        domain=f"{company.stem}.example",
        language=company.language,
        plan=current.plan,
        segment=_segment(current.plan, company),
        arr=current.arr,
        currency=currency,
        seats=current.seats,
        company_size=company.employees,
        team_size=team_size,
        region=region,
        owner=owner,
        lifecycle_stage=lifecycle,
        created_on=created_on,
        churned_on=churned_on,
        attributes=attributes,
        stages=tuple(stages),
        external_id=f"demo-account-{index + 1:03d}",
    )


def build_accounts(rng: Random, anchor: date) -> tuple[AccountPlan, ...]:
    return tuple(build_account(rng, company, anchor, index) for index, company in enumerate(COMPANIES))


class _Names:
    """Hands out distinct names and e-mail addresses per language."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def draw(self, language: str, domain: str) -> tuple[str, str]:
        firsts, lasts = name_pool_sizes(language)
        for _ in range(50):
            full, _greeting, local = person(language, self.rng.randrange(firsts), self.rng.randrange(lasts))
            email = f"{local}@{domain}"
            if full not in self.used and email not in self.used:
                self.used.update((full, email))
                return full, email
        raise AssertionError("ran out of demo names")  # pragma: no cover - the pools are large


def build_contacts(rng: Random, accounts: tuple[AccountPlan, ...]) -> tuple[ContactPlan, ...]:
    names = _Names(rng)
    contacts: list[ContactPlan] = []
    for index, account in enumerate(accounts):
        count = 1 + min(3, account.team_size // 40) + rng.randint(0, 1)
        for _ in range(count):
            name, email = names.draw(account.language, account.domain)
            contacts.append(
                ContactPlan(name=name, email=email, locale=LOCALES[account.language], account=index)
            )
    for language, companies in PROSPECT_COMPANIES.items():
        for company, stem in companies:
            name, email = names.draw(language, f"{stem}.example")
            contacts.append(
                ContactPlan(
                    name=name,
                    email=email,
                    locale=LOCALES[language],
                    account=None,
                    kind="prospect",
                    company=company,
                )
            )
    for language, handles in SOCIAL_HANDLES.items():
        for handle in handles:
            name, _email = names.draw(language, "social.example")
            contacts.append(
                ContactPlan(
                    name=name, email="", locale=LOCALES[language], account=None, kind="social", handle=handle
                )
            )
    return tuple(contacts)


def greeting_name(contact: ContactPlan) -> str:
    """The name an agent greets the contact by: the first name in English, else the full name."""
    if contact.locale == "en":
        return contact.name.split(" ")[0]
    return contact.name
