"""The prioritization score, computed part by part so every part can be shown.

For each feature, from the conversations that ask for it (roadmap.queries):

- **reach**: requesters as the demand ledger counts them (an account, else a contact,
  else an anonymous conversation), each once and weighted by its segment's strategic
  weight (requesters without an account take the "no segment" weight);
- **ARR**: the requesting accounts' ARR at request time as the ledger reads it (the
  latest ask that recorded one, else the account's ARR now), weighted the same way,
  in thousands;
- **at stake**: lost-deal amounts (channel ``lost_deal``), in thousands;
- **strategic multiplier**: the largest weight among the feature's themes (1.0 without);
- **confidence**: 0.5 + 0.5 x the share of asking conversations a person confirmed (a
  person's tag, a direct link or a quote) rather than only a rule or the model;
- **effort**: person-weeks (the default when nobody estimated it).

``value = reach_weight*reach + arr_weight*ARR + stake_weight*at_stake`` and
``score = value * multiplier * confidence / effort``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from voxpop.planning.models import ScoringWeights
from voxpop.roadmap import ledger
from voxpop.roadmap.models import Feature
from voxpop.roadmap.queries import demand_conversation_ids, demand_tag_ids
from voxpop.tagging.models import Decider

CLOSED = ("shipped", "declined")


@dataclass(frozen=True)
class Demand:
    conversations: int = 0
    confirmed: int = 0
    # (segment, ARR at request time) per requesting account; contacts without an account.
    accounts: list[tuple[str, Decimal]] = field(default_factory=list)
    contacts: int = 0
    at_stake: Decimal = Decimal(0)


@dataclass(frozen=True)
class Score:
    feature_id: int
    title: str
    status: str
    target_period: str
    accounts: int
    reach: float
    arr: float
    at_stake: float
    multiplier: float
    confidence: float
    effort: float
    effort_estimated: bool
    value: float
    score: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def weights() -> ScoringWeights:
    current, _ = ScoringWeights.objects.get_or_create(pk=1)
    return current


def demand(feature: Feature) -> Demand:
    """The feature's demand as the ledger counts it (one request per requester)."""
    tag_ids = demand_tag_ids(feature)
    rows = ledger.demand_rows(feature, tag_ids)
    if not rows:
        return Demand()
    requests = ledger.build(rows, details=True)
    return Demand(
        conversations=len(rows),
        confirmed=demand_conversation_ids(feature, tag_ids, decider=Decider.PERSON).count(),
        accounts=[(r.segment or "", r.arr or Decimal(0)) for r in requests if r.kind == "account"],
        contacts=sum(1 for r in requests if r.kind != "account"),
        at_stake=sum((r.revenue_at_stake for r in requests), Decimal(0)),
    )


def score(feature: Feature, found: Demand, current: ScoringWeights) -> Score:
    segment_weights = current.segment_weights or {}

    def weight_of(segment: str) -> float:
        return float(segment_weights.get(segment, segment_weights.get("", 1.0)))

    reach = sum(weight_of(segment) for segment, _ in found.accounts) + found.contacts * weight_of("")
    arr = sum(float(value) * weight_of(segment) for segment, value in found.accounts) / 1000
    at_stake = float(found.at_stake) / 1000
    theme_weights = current.theme_weights or {}
    themes = [float(theme_weights.get(theme.slug, 1.0)) for theme in feature.themes.all()]
    multiplier = max(themes) if themes else 1.0
    confidence = 0.5 + 0.5 * (found.confirmed / found.conversations) if found.conversations else 0.5
    estimated = feature.effort is not None and feature.effort > 0
    effort = (
        float(feature.effort) if feature.effort is not None and estimated else float(current.default_effort)
    )
    value = current.reach_weight * reach + current.arr_weight * arr + current.stake_weight * at_stake
    return Score(
        feature_id=feature.pk,
        title=feature.title,
        status=feature.status,
        target_period=feature.target_period,
        accounts=len(found.accounts) + found.contacts,
        reach=round(reach, 2),
        arr=round(arr, 2),
        at_stake=round(at_stake, 2),
        multiplier=round(multiplier, 2),
        confidence=round(confidence, 3),
        effort=effort,
        effort_estimated=estimated,
        value=round(value, 2),
        score=round(value * multiplier * confidence / max(effort, 0.1), 3),
    )


def ranked(features: Iterable[Feature] | None = None, *, include_closed: bool = False) -> list[Score]:
    """Scores of ``features`` (default: every open feature), highest first."""
    if features is None:
        query = Feature.objects.prefetch_related("themes")
        if not include_closed:
            query = query.exclude(status__in=CLOSED)
        features = list(query)
    current = weights()
    scores = [score(feature, demand(feature), current) for feature in features]
    return sorted(scores, key=lambda s: (-s.score, s.title.casefold(), s.feature_id))
