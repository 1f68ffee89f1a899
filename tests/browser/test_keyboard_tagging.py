"""A person tags conversations with the keyboard alone, undoes one, and tags a quote;
an admin merges two tags and the trend keeps the old tag's conversations; hostile
customer HTML stays inert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.builders import make_conversation, make_tree
from voxpop.conversations.models import AuthorRole, Message, Source
from voxpop.tagging.models import ConversationTag, Suggestion, TagDecision
from voxpop.tagging.services import record_decision
from voxpop.taxonomy.models import Tag
from voxpop.taxonomy.services import rename_tag
from voxpop.users.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
T0 = datetime(2026, 5, 4, 9, tzinfo=UTC)


def tags_of(conversation: Any) -> set[str]:
    return set(ConversationTag.objects.filter(conversation=conversation).values_list("tag__slug", flat=True))


def pick(page: Any, text: str) -> None:
    """Type into the focused picker and take the first hit with Enter, at once, as a
    fast typist would (the picker must answer for what was typed, not for less)."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_tag_three_conversations_by_keyboard_undo_one_and_tag_a_quote(
    signed_in: Any, editor: User, source: Source
) -> None:
    tree = make_tree("databases/relations/relation-property", "pages/page-history", "question/how-to")
    rename_tag(tree["databases"], "Databases")
    rename_tag(tree["relation-property"], "Relation property")
    first = make_conversation(
        source, "How do I link two databases together?", started_at=T0 + timedelta(hours=3)
    )
    second = make_conversation(
        source, "Can I see who edited this page yesterday?", started_at=T0 + timedelta(hours=2)
    )
    third = make_conversation(
        source,
        "We need a relation property between our CRM and tasks tables.",
        started_at=T0 + timedelta(hours=1),
    )
    Suggestion.objects.create(conversation=second, tag=tree["page-history"], score=0.91, model_version="m1")

    page = signed_in(editor)
    page.goto(f"/c/{first.pk}?state=all")
    page.keyboard.press("t")
    pick(page, "db rel")
    page.wait_for_selector('.current-tags [data-tag-slug="relation-property"]')
    page.keyboard.press("d")
    page.wait_for_url(f"**/c/{second.pk}?state=all")

    page.keyboard.press("1")  # accept the first suggestion
    page.wait_for_selector('.current-tags [data-tag-slug="page-history"]')
    page.keyboard.press("d")
    page.wait_for_url(f"**/c/{third.pk}?state=all")

    page.keyboard.press("t")
    pick(page, "how")
    page.wait_for_selector('.current-tags [data-tag-slug="how-to"]')
    page.keyboard.press("u")  # undo
    page.wait_for_selector('.current-tags [data-tag-slug="how-to"]', state="detached")

    # Select "relation property" in the message, then q tags it as a quote.
    page.evaluate(
        """() => {
            const node = document.querySelector('.msg-text').firstChild;
            const start = node.textContent.indexOf('relation property');
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + 'relation property'.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    page.keyboard.press("q")
    pick(page, "relation prop")
    page.wait_for_selector(".quotes blockquote")
    assert page.inner_text(".quotes blockquote") == "relation property"

    assert tags_of(first) == {"relation-property"}
    assert tags_of(second) == {"page-history"}
    assert tags_of(third) == {"relation-property"}
    quote = TagDecision.objects.get(conversation=third, tag=tree["relation-property"])
    assert quote.quote_text == "relation property" and quote.user == editor
    assert TagDecision.objects.filter(conversation=third, undoes__isnull=False).count() == 1
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_help_overlay_lists_the_keys(signed_in: Any, viewer: User, source: Source) -> None:
    conversation = make_conversation(source)
    page = signed_in(viewer)
    page.goto(f"/c/{conversation.pk}")
    page.keyboard.press("?")
    assert page.is_visible("#keys-help")
    assert "Mark done and go to the next conversation" in page.inner_text("#keys-help")


def test_merging_two_tags_keeps_the_old_tags_count_and_trend(
    signed_in: Any, admin: User, editor: User, source: Source
) -> None:
    tree = make_tree("product/linked-records", "product/relations")
    for week in (0, 1, 1):
        record_decision(
            make_conversation(source, started_at=T0 + timedelta(weeks=week)),
            tree["linked-records"],
            user=editor,
        )
    record_decision(
        make_conversation(source, started_at=T0 + timedelta(weeks=3)), tree["relations"], user=editor
    )

    page = signed_in(admin)
    page.goto(f"/taxonomy/{tree['linked-records'].pk}")
    page.click("[data-merge] summary")
    page.fill('[data-merge] input[name="target"]', "relations")
    page.click('[data-merge] button[type="submit"]')
    page.wait_for_url(f"**/taxonomy/{tree['relations'].pk}")
    assert page.inner_text("[data-total]") == "4"
    assert "linked-records" in page.inner_text(".trend")
    weeks = page.eval_on_selector_all("[data-points] li", "items => items.map(i => i.dataset.week)")
    assert weeks == ["2026-05-04", "2026-05-11", "2026-05-25"]
    page.goto("/taxonomy")
    assert page.inner_text('[data-slug="relations"] [data-count]') == "4"
    assert Tag.objects.get(slug="linked-records").status == "merged"


def test_hostile_customer_content_renders_inert(signed_in: Any, viewer: User, source: Source) -> None:
    hostile = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"><a href="javascript:window.pwned = 3">click me</a>'
    conversation = make_conversation(source, hostile, subject=hostile)
    Message.objects.create(
        conversation=conversation, author_role=AuthorRole.CUSTOMER, sent_at=T0, text="formatted", html=hostile
    )
    page = signed_in(viewer)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"/c/{conversation.pk}")
    page.click("details.formatted summary")
    if page.query_selector(".msg-html a"):
        page.click(".msg-html a")
    page.goto("/inbox?state=all")
    assert page.evaluate("() => window.pwned === undefined")
    assert dialogs == []
    page.goto(f"/c/{conversation.pk}")
    texts = page.eval_on_selector_all(".msg-text", "nodes => nodes.map(n => n.textContent)")
    assert hostile in texts, "the hostile text is shown as text"
    assert page.query_selector(".msg-html script") is None
    assert page.query_selector(".msg-html [onerror]") is None
    assert page.query_selector('.msg-html a[href^="javascript"]') is None
