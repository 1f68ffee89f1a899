"""Rules: what keywords and patterns match, suggestions vs automatic tags, never over a person."""

from __future__ import annotations

from typing import Any

import pytest

from tests.builders import make_conversation, make_tree
from voxpop.audit.models import AuditEvent
from voxpop.conversations.models import AuthorRole, Message, Source
from voxpop.rules.matching import keyword_matcher, regex_matcher
from voxpop.rules.models import Rule
from voxpop.rules.services import RuleError, apply_rules, create_rule, delete_rule, preview, update_rule
from voxpop.tagging.models import ConversationTag, Suggestion, TagDecision, Verdict
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.models import Tag
from voxpop.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags(db: Any) -> dict[str, Tag]:
    return make_tree("billing/refunds", "billing/invoices", "product/databases")


def current(conversation_id: int) -> set[str]:
    return set(
        ConversationTag.objects.filter(conversation_id=conversation_id).values_list("tag__slug", flat=True)
    )


def test_latin_keywords_match_whole_words_ignoring_case() -> None:
    match = keyword_matcher("refund, money back")
    assert match("I want a REFUND please")
    assert match("can I get my money\nback?")
    assert not match("it was refunded already")
    assert not match("prerefund")


def test_chinese_japanese_and_korean_keywords_match_inside_words() -> None:
    match = keyword_matcher("退款\n환불\nAPI")
    assert match("我要退款谢谢")
    assert match("환불해 주세요")
    assert match("API接口报错"), "a Latin keyword beside Chinese text is still a whole word"
    assert not match("rapid growth")


def test_regex_rules_ignore_case_and_refuse_patterns_that_can_hang() -> None:
    assert regex_matcher(r"order\s+#?\d{4,}")("Where is ORDER #12345?")
    for pattern, reason in [
        (r"(a+)+$", "exponential"),
        (r"(a|ab)*c", "alternatives inside a repeated group"),
        (r"(\w)\1", "backreferences"),
        (r"\w+\s*\w+x", "two long repeats in a row"),
        (r"[unclosed", "not a valid regular expression"),
        (r"x?", "matches empty text"),
        ("a" * 301, "at most 300"),
    ]:
        with pytest.raises(ValueError, match=reason):
            regex_matcher(pattern)


def test_a_bad_regex_is_refused_with_a_clear_message(tags: dict[str, Tag], admin: User) -> None:
    with pytest.raises(
        RuleError, match=r"not a valid regular expression: missing \), unterminated subpattern"
    ):
        create_rule(tags["refunds"], "(refund", kind="regex", actor=admin)
    with pytest.raises(RuleError, match="at least one keyword"):
        create_rule(tags["refunds"], " , \n", actor=admin)
    assert not Rule.objects.exists()


def test_rules_read_the_subject_and_customer_messages_only(tags: dict[str, Tag], source: Source) -> None:
    create_rule(tags["refunds"], "refund")
    by_subject = make_conversation(source, "hello", subject="Refund request")
    by_agent = make_conversation(source, "hello")
    Message.objects.create(
        conversation=by_agent,
        author_role=AuthorRole.AGENT,
        sent_at=by_agent.started_at,
        text="no refund, sorry",
    )
    counts = apply_rules()
    assert counts["matched"] == 1
    assert list(Suggestion.objects.values_list("conversation_id", flat=True)) == [by_subject.pk]


def test_a_suggest_rule_suggests_once_however_often_it_runs(tags: dict[str, Tag], source: Source) -> None:
    rule = create_rule(tags["refunds"], "refund, 退款")
    english = make_conversation(source, "Please refund me")
    chinese = make_conversation(source, "我要退款")
    make_conversation(source, "How do relations work?")

    assert apply_rules()["suggestions"] == 2
    assert apply_rules()["suggestions"] == 0, "running again adds nothing"
    assert apply_rules(conversation_ids=[english.pk])["suggestions"] == 0
    suggestions = Suggestion.objects.order_by("conversation_id")
    assert [(s.conversation_id, s.tag_id, s.score, s.model_version) for s in suggestions] == [
        (english.pk, tags["refunds"].pk, 1.0, f"rule:{rule.pk}"),
        (chinese.pk, tags["refunds"].pk, 1.0, f"rule:{rule.pk}"),
    ]
    assert not TagDecision.objects.exists() and current(english.pk) == set()


def test_an_auto_rule_tags_once_and_records_the_rule(
    tags: dict[str, Tag], source: Source, admin: User
) -> None:
    rule = create_rule(tags["invoices"], r"invoice\s+#?\d+", kind="regex", mode="auto", actor=admin)
    conversation = make_conversation(source, "Invoice #2231 is wrong")
    assert apply_rules()["decisions"] == 1
    assert apply_rules()["decisions"] == 0
    decision = TagDecision.objects.get()
    assert (decision.decider, decision.rule_ref, decision.verdict) == (
        "rule",
        f"rule:{rule.pk}",
        Verdict.ACCEPT,
    )
    assert current(conversation.pk) == {"invoices"}
    assert ConversationTag.objects.get().decider == "rule"
    assert not Suggestion.objects.exists()


def test_an_auto_rule_never_overrides_a_persons_rejection(
    tags: dict[str, Tag], source: Source, editor: User
) -> None:
    conversation = make_conversation(source, "refund please")
    record_decision(conversation, tags["refunds"], Verdict.REJECT, user=editor)
    create_rule(tags["refunds"], "refund", mode="auto")
    apply_rules()
    assert TagDecision.objects.filter(decider="rule").count() == 1, "the rule's decision is on record"
    assert current(conversation.pk) == set(), "but the person's rejection stands"


def test_a_suggest_rule_does_not_suggest_what_a_person_already_decided(
    tags: dict[str, Tag], source: Source, editor: User
) -> None:
    decided = make_conversation(source, "refund please")
    record_decision(decided, tags["refunds"], Verdict.REJECT, user=editor)
    open_one = make_conversation(source, "refund please")
    create_rule(tags["refunds"], "refund")
    apply_rules()
    assert list(Suggestion.objects.values_list("conversation_id", flat=True)) == [open_one.pk]


def test_inactive_rules_and_rules_on_deprecated_tags_do_not_run(tags: dict[str, Tag], source: Source) -> None:
    rule = create_rule(tags["refunds"], "refund")
    make_conversation(source, "refund please")
    update_rule(rule, active=False)
    assert apply_rules()["suggestions"] == 0
    with pytest.raises(RuleError, match="only point at active tags"):
        create_rule(Tag.objects.create(slug="gone", name="Gone", status="deprecated"), "gone")


def test_preview_counts_and_samples_without_writing(tags: dict[str, Tag], source: Source) -> None:
    for n in range(7):
        make_conversation(source, f"refund number {n}")
    make_conversation(source, "nothing here")
    result = preview("refund")
    assert (result.scanned, result.matched, len(result.samples)) == (8, 7, 5)
    assert result.samples[0]["text"].startswith("refund number")
    rule = create_rule(tags["refunds"], r"number [0-2]\b", kind="regex")
    assert preview(rule).matched == 3
    assert not Suggestion.objects.exists()
    with pytest.raises(RuleError, match="exponential"):
        preview("(x+)+", kind="regex")


def test_rule_changes_are_audited_and_a_rule_that_tagged_cannot_be_deleted(
    tags: dict[str, Tag], source: Source, admin: User
) -> None:
    rule = create_rule(tags["refunds"], "refund", actor=admin)
    update_rule(rule, pattern="refund, chargeback", mode="auto", actor=admin)
    make_conversation(source, "chargeback filed")
    apply_rules(actor=admin)
    with pytest.raises(RuleError, match="deactivate it instead"):
        delete_rule(rule, actor=admin)
    spare = create_rule(tags["invoices"], "invoice", actor=admin)
    delete_rule(spare, actor=admin)
    actions = list(AuditEvent.objects.filter(actor=admin).order_by("id").values_list("action", flat=True))
    assert actions == ["rules.created", "rules.updated", "rules.applied", "rules.created", "rules.deleted"]
    changed = AuditEvent.objects.get(action="rules.updated").data["changed"]
    assert changed["pattern"] == {"from": "refund", "to": "refund, chargeback"}
    assert changed["mode"] == {"from": "suggest", "to": "auto"}
