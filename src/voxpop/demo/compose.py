"""Writing one conversation: its subject and messages, channel by channel.

A :class:`Draft` says what the conversation is about (channel, topic, kind of
conversation); :func:`compose` turns it into text in one language, using the
phrases and topic texts of :mod:`voxpop.demo.content`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random

from voxpop.conversations.models import AuthorRole, Channel, Status
from voxpop.demo.content import Language, TopicText, fill
from voxpop.demo.plan import MessagePlan
from voxpop.demo.topics import Topic

# How sentences of one paragraph are joined: Chinese sentences need no space between them.
SENTENCE_JOIN = {"en": " ", "zh": "", "ko": " "}


@dataclass(frozen=True)
class Draft:
    channel: str
    topic: Topic
    family: str  # bug, request, question, complaint, praise, deal (lost deal), sales (sales note)
    kind: str = ""  # complaint: reliability/support/pricing; praise: product/support
    pricing_page: bool = False  # a chat opened on the pricing page by someone unsure of their plan


@dataclass(frozen=True)
class Cast:
    customer: str  # the contact's name (a handle for social posts)
    agent: str  # the support agent who answers
    owner: str  # the account owner, who writes notes, takes calls and logs deals


@dataclass(frozen=True)
class Written:
    subject: str
    messages: tuple[MessagePlan, ...]
    status: str
    closed_at: datetime | None


@dataclass(frozen=True)
class _Step:
    role: str
    author: str
    text: str
    after: timedelta  # delay after the previous step


class _Pen:
    """Picks phrases in one language and fills their slots."""

    def __init__(self, language: Language, rng: Random, slots: dict[str, str]) -> None:
        self.language = language
        self.rng = rng
        self.slots = slots
        self.join_with = SENTENCE_JOIN[language.code]

    def phrase(self, key: str) -> str:
        return fill(self.language.pick(self.rng, key), self.slots)

    def choose(self, options: tuple[str, ...]) -> str:
        return fill(options[self.rng.randrange(len(options))], self.slots)

    def join(self, *parts: str) -> str:
        return self.join_with.join(part for part in parts if part)

    def maybe(self, chance: float, key: str) -> str:
        return self.phrase(key) if self.rng.random() < chance else ""


def _minutes(rng: Random, low: float, high: float) -> timedelta:
    return timedelta(minutes=round(rng.uniform(low, high), 1))


def compose(
    language: Language,
    rng: Random,
    draft: Draft,
    cast: Cast,
    slots: dict[str, str],
    started_at: datetime,
    end: datetime,
) -> Written:
    """The subject and messages of one conversation, cut off at ``end`` (the present)."""
    pen = _Pen(language, rng, slots)
    text = language.topics[draft.topic.slug]
    _fill_topic_slots(pen, text, draft)
    subject, steps, settled = _WRITERS[draft.channel](pen, draft, cast)
    return _timeline(rng, subject, steps, settled, started_at, end)


def _fill_topic_slots(pen: _Pen, text: TopicText, draft: Draft) -> None:
    """Choose this conversation's bug, request, question and answer texts up front, so
    every template can refer to them as ``{bug}``, ``{request}``, ``{answer}``..."""
    slots = pen.slots
    slots["noun"] = text.noun
    slots["bug"] = pen.choose(text.bug) if text.bug else ""
    slots["request"] = pen.choose(text.request) if text.request else ""
    if text.question:
        index = pen.rng.randrange(len(text.question))
        slots["question"] = fill(text.question[index], slots)
        slots["answer"] = fill(text.answer[index], slots)
    else:
        slots["question"] = slots["answer"] = ""
    slots["detail"] = (
        pen.phrase(f"detail.{draft.family}")
        if draft.family in ("bug", "request", "question")
        else pen.phrase("detail.request")
    )
    slots["reason"] = pen.phrase("deal.reason")


def _body(pen: _Pen, draft: Draft) -> str:
    if draft.family in ("bug", "request", "question"):
        return pen.slots[draft.family]
    if draft.family == "complaint":
        return pen.phrase(f"complaint.{draft.kind}")
    return pen.phrase(f"praise.{draft.kind}")


def _opener(pen: _Pen, draft: Draft) -> str:
    if draft.family == "question":
        if draft.pricing_page:
            return pen.phrase("open.pricing")
        return pen.phrase("open.billing" if draft.topic.is_billing else "open.question")
    if draft.family in ("bug", "request"):
        return pen.phrase(f"open.{draft.family}")
    return ""


def _subject(pen: _Pen, draft: Draft) -> str:
    if draft.pricing_page:
        return pen.phrase("subject.pricing")
    if draft.family == "question" and draft.topic.is_billing:
        return pen.phrase("subject.billing")
    return pen.phrase(f"subject.{draft.family}")


def _reply(pen: _Pen, draft: Draft) -> str:
    if draft.family == "question":
        return pen.phrase("agent.billing" if draft.topic.is_billing else "agent.question")
    return pen.phrase(f"agent.{draft.family}")


def _followup(pen: _Pen, draft: Draft) -> str:
    if draft.family in ("bug", "request", "question"):
        return pen.phrase(f"followup.{draft.family}")
    return pen.phrase("followup.thanks")


Plan = tuple[str, list[_Step], bool]


def _support(pen: _Pen, draft: Draft, cast: Cast) -> Plan:
    """E-mail, ticket or chat: the customer writes, an agent answers, maybe a follow-up."""
    rng = pen.rng
    chat = draft.channel == Channel.CHAT
    urgent = pen.maybe(0.2, "urgent") if draft.family == "bug" else ""
    detail = (
        pen.slots["detail"] if rng.random() < 0.55 and draft.family in ("bug", "request", "question") else ""
    )
    paragraph = pen.join(_opener(pen, draft), _body(pen, draft), detail, urgent)
    steps: list[_Step] = []
    if chat:
        paragraph = pen.join(paragraph, pen.maybe(0.3, "close.chat"))
        greet = pen.phrase("greet.chat")
        if rng.random() < 0.3:
            steps.append(_Step(AuthorRole.CUSTOMER, cast.customer, greet, timedelta()))
            steps.append(_Step(AuthorRole.CUSTOMER, cast.customer, paragraph, _minutes(rng, 0.2, 1.5)))
        else:
            steps.append(_Step(AuthorRole.CUSTOMER, cast.customer, pen.join(greet, paragraph), timedelta()))
        reply = pen.join(pen.phrase("agent.greet"), _reply(pen, draft))
        steps.append(_Step(AuthorRole.AGENT, cast.agent, reply, _minutes(rng, 1, 12)))
    else:
        first = "\n\n".join(
            (pen.phrase("greet.email"), paragraph, pen.phrase("close.email"), pen.phrase("signoff"))
        )
        steps.append(_Step(AuthorRole.CUSTOMER, cast.customer, first.strip(), timedelta()))
        reply = "\n\n".join(
            (
                pen.phrase("agent.greet"),
                _reply(pen, draft),
                pen.phrase("agent.close"),
                pen.phrase("agent.signoff"),
            )
        )
        steps.append(_Step(AuthorRole.AGENT, cast.agent, reply, _minutes(rng, 40, 60 * 26)))
    if draft.family in ("bug", "request", "question", "complaint") and rng.random() < 0.15:
        steps.append(
            _Step(
                AuthorRole.NOTE,
                cast.owner or cast.agent,
                pen.phrase(f"note.{draft.family}"),
                _minutes(rng, 1, 20),
            )
        )
    settled = True
    if rng.random() < 0.55:
        delay = _minutes(rng, 1, 15) if chat else _minutes(rng, 60, 60 * 30)
        if draft.family in ("bug", "question") and rng.random() < 0.4:
            # The customer still needs something: the conversation stays open.
            steps.append(
                _Step(AuthorRole.CUSTOMER, cast.customer, pen.phrase(f"followup.{draft.family}_more"), delay)
            )
            return _subject(pen, draft), steps, False
        steps.append(_Step(AuthorRole.CUSTOMER, cast.customer, _followup(pen, draft), delay))
        if rng.random() < 0.85:
            delay = _minutes(rng, 1, 8) if chat else _minutes(rng, 30, 60 * 8)
            steps.append(_Step(AuthorRole.AGENT, cast.agent, pen.phrase("agent.final"), delay))
    return _subject(pen, draft), steps, settled


def _call(pen: _Pen, draft: Draft, cast: Cast) -> Plan:
    """A call transcript: alternating speaker turns, then the account owner's summary."""
    rng = pen.rng
    host = cast.owner or cast.agent
    steps = [
        _Step(
            AuthorRole.CUSTOMER,
            cast.customer,
            pen.join(pen.phrase("call.customer_open"), _body(pen, draft)),
            timedelta(),
        )
    ]
    answer = pen.slots["answer"] if draft.family == "question" else pen.phrase("call.agent_ack")
    steps.append(_Step(AuthorRole.AGENT, host, answer, _minutes(rng, 0.3, 2)))
    steps.append(
        _Step(AuthorRole.CUSTOMER, cast.customer, pen.phrase("call.customer_more"), _minutes(rng, 0.3, 2))
    )
    steps.append(_Step(AuthorRole.AGENT, host, pen.phrase("call.agent_wrap"), _minutes(rng, 0.5, 4)))
    if rng.random() < 0.6:
        steps.append(_Step(AuthorRole.NOTE, host, pen.phrase("call.summary"), _minutes(rng, 5, 90)))
    return pen.phrase("subject.call"), steps, True


def _social(pen: _Pen, draft: Draft, cast: Cast) -> Plan:
    rng = pen.rng
    steps = [_Step(AuthorRole.CUSTOMER, cast.customer, pen.phrase(f"social.{draft.family}"), timedelta())]
    if rng.random() < 0.7:
        key = {"praise": "social.reply_thanks", "request": "social.reply_request"}.get(
            draft.family, "social.reply_sorry"
        )
        steps.append(_Step(AuthorRole.AGENT, "@quirewell", pen.phrase(key), _minutes(rng, 10, 300)))
    return pen.phrase("subject.social"), steps, True


def _survey(pen: _Pen, draft: Draft, cast: Cast) -> Plan:
    key = f"survey.{draft.family}"
    if draft.family == "complaint" and not pen.slots["bug"]:
        key = "survey.pricing"
    return (
        pen.phrase("subject.survey"),
        [_Step(AuthorRole.CUSTOMER, cast.customer, pen.phrase(key), timedelta())],
        True,
    )


def _idea(pen: _Pen, draft: Draft, cast: Cast) -> Plan:
    steps = [_Step(AuthorRole.CUSTOMER, cast.customer, pen.phrase("idea.body"), timedelta())]
    answered = pen.rng.random() < 0.7
    if answered:
        steps.append(
            _Step(AuthorRole.AGENT, cast.agent, pen.phrase("idea.reply"), _minutes(pen.rng, 60, 60 * 72))
        )
    return pen.phrase("subject.idea"), steps, answered


def _crm(pen: _Pen, draft: Draft, cast: Cast) -> Plan:
    """A lost deal or a sales note: one record written by the account owner."""
    if draft.channel == Channel.LOST_DEAL:
        subject, key = pen.phrase("subject.deal"), "deal.lost"
    else:
        subject, key = pen.phrase("subject.sales"), "sales.note"
    return subject, [_Step(AuthorRole.NOTE, cast.owner or cast.agent, pen.phrase(key), timedelta())], True


_WRITERS: dict[str, Callable[[_Pen, Draft, Cast], Plan]] = {
    Channel.EMAIL: _support,
    Channel.CHAT: _support,
    Channel.TICKET: _support,
    Channel.CALL: _call,
    Channel.SOCIAL: _social,
    Channel.SURVEY: _survey,
    Channel.IDEA: _idea,
    Channel.LOST_DEAL: _crm,
    Channel.SALES_NOTE: _crm,
}


def _timeline(
    rng: Random, subject: str, steps: list[_Step], settled: bool, started_at: datetime, end: datetime
) -> Written:
    messages: list[MessagePlan] = []
    at = started_at
    for step in steps:
        at = at + step.after
        if at >= end and messages:
            settled = False
            break
        messages.append(MessagePlan(step.role, step.author, at, step.text))
    last = messages[-1]
    if settled:
        closed_at = min(last.sent_at + _minutes(rng, 0, 30), end)
        return Written(subject, tuple(messages), Status.CLOSED, max(closed_at, started_at))
    status = Status.OPEN if last.author_role == AuthorRole.CUSTOMER else Status.PENDING
    return Written(subject, tuple(messages), status, None)
