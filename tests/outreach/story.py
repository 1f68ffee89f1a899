"""A shipped feature and the customers who asked for it, through every way of asking."""

from __future__ import annotations

from dataclasses import dataclass

from tests.builders import make_account, make_conversation, make_tree
from voxpop.accounts.models import Account, Contact
from voxpop.conversations.models import Channel, Conversation, Source
from voxpop.roadmap import services as roadmap
from voxpop.roadmap.models import Feature, FeatureStatus
from voxpop.tagging.services import record_decision
from voxpop.users.models import Role, User


@dataclass
class Story:
    feature: Feature
    sam: User  # owns Acme
    olive: User  # owns Beta
    acme: Account
    beta: Account
    ann: Contact  # en, quoted
    li: Contact  # zh-Hans, conversation linked
    minji: Contact  # Korean by conversation language, tagged conversation
    gone: Contact  # unsubscribed
    bouncy: Contact  # bounced before
    nomail: Contact  # no email address
    ann_chat: Conversation


def contact(name: str, email: str, account: Account | None = None, **fields: object) -> Contact:
    return Contact.objects.create(name=name, email=email, account=account, **fields)


def asked_by_everyone(source: Source, *, ship: bool = True) -> Story:
    sam = User.objects.create_user("sam", email="sam@acme.test", role=Role.EDITOR, first_name="Sam")
    olive = User.objects.create_user("olive", email="olive@acme.test", role=Role.EDITOR, locale="ko")
    acme = make_account("Acme", owner=sam)
    beta = make_account("Beta Corp", owner=olive)
    ann = contact("Ann Lee", "Ann.Lee@Example.com", acme, locale="en")
    li = contact("李雷", "li@example.cn", acme, locale="zh-Hans")
    minji = contact("김민지", "minji@example.kr", beta)
    gone = contact("Gone Gary", "gary@example.com", beta, unsubscribed=True)
    bouncy = contact("Bouncy Bo", "bo@example.com", beta, bounced=True)
    nomail = contact("Phone Only", "", acme)

    tree = make_tree("product/relations")
    feature = roadmap.create_feature("Relation properties across workspaces")
    roadmap.link_tag(feature, tree["relations"])

    ann_chat = make_conversation(
        source, "We need relation properties across workspaces.", account=acme, contact=ann
    )
    # Ann asked twice: a chat (quoted) and a call (tagged). She is one recipient.
    ann_call = make_conversation(
        source, "Relations again, please", account=acme, contact=ann, channel=Channel.CALL
    )
    li_mail = make_conversation(source, "我们需要跨工作区的关联属性", account=acme, contact=li, language="zh")
    minji_chat = make_conversation(
        source, "워크스페이스 간 관계 속성이 필요해요", account=beta, contact=minji, language="ko"
    )
    gone_chat = make_conversation(source, "relations!", account=beta, contact=gone)
    bo_chat = make_conversation(source, "relations?", account=beta, contact=bouncy)
    nomail_call = make_conversation(source, "relations", account=acme, contact=nomail, channel=Channel.CALL)

    message = ann_chat.messages.get()
    roadmap.link_quote(feature, message, 8, 45)
    roadmap.link_conversation(feature, li_mail)
    for conversation in (ann_call, minji_chat, gone_chat, bo_chat, nomail_call):
        record_decision(conversation, tree["relations"], user=sam)
    if ship:
        roadmap.set_status(feature, FeatureStatus.SHIPPED)
        feature.refresh_from_db()
    return Story(feature, sam, olive, acme, beta, ann, li, minji, gone, bouncy, nomail, ann_chat)
