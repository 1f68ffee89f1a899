"""Generated conversations for discovery tests: noise across familiar topics, and a
planted new topic with phrasing of its own, mostly in the last week.

Every text is one of a few shared sentence frames filled with two phrases of its
topic, so only the topic's own words set the planted conversations apart.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from voxpop.accounts.models import Account
from voxpop.conversations.models import AuthorRole, Channel, Conversation, Message, Source

END = datetime(2026, 6, 29, 12, 0, tzinfo=UTC)

NOISE_EN = {
    "billing": ["invoice", "charged twice", "refund", "credit card", "receipt", "VAT number"],
    "login": ["password reset", "two-factor code", "locked out", "single sign-on", "login link"],
    "export": ["export to CSV", "download my data", "PDF export", "spreadsheet", "backup file"],
    "sharing": ["share a page", "guest access", "permissions", "public link", "invite my team"],
    "mobile": ["iPhone app", "Android app", "notifications", "tablet layout", "app crashes"],
}
FRAMES_EN = [
    "Hi, question about {a} and {b}.",
    "Help with {a}? Also {b}.",
    "Problem: {a}, maybe {b}.",
    "{a} before Friday please, and {b}.",
    "Trouble with {a} and {b} today.",
    "Our team asks about {a}; {b} too.",
    "{a} again. {b} as well.",
    "Quick one: {a}, then {b}.",
]
PLANTED_EN = [
    "zapier webhook retries",
    "duplicate zapier payloads",
    "webhook retries flooding slack",
    "zapier sends duplicate webhooks",
    "slack flooded by zapier",
]

NOISE_ZH = {
    "账单": ["发票", "重复扣款", "退款", "信用卡", "收据"],
    "登录": ["重置密码", "验证码", "账号被锁", "单点登录"],
    "导出": ["导出表格", "下载数据", "导出文件", "备份"],
}
FRAMES_ZH = [
    "你好，我想问一下{a}和{b}的问题。",
    "请帮我看看{a}，另外{b}也不太清楚。",
    "{a}出错了，可能和{b}有关。",
]
PLANTED_ZH = ["日历小组件闪烁", "深色模式下小组件", "小组件一直闪烁", "日历小组件黑屏"]

NOISE_KO = {
    "결제": ["청구서", "이중 결제", "환불", "신용카드", "영수증"],
    "로그인": ["비밀번호 재설정", "인증 코드", "계정 잠김", "통합 로그인"],
    "내보내기": ["엑셀 내보내기", "데이터 다운로드", "파일 백업"],
}
FRAMES_KO = [
    "안녕하세요, {a}와 {b} 문의드립니다.",
    "{a} 좀 도와주세요. {b}도 헷갈려요.",
    "{a}에 문제가 있어요. {b} 때문인가요?",
]
PLANTED_KO = ["캘린더 위젯 깜빡임", "다크 모드 위젯", "위젯이 깜빡거림", "캘린더 위젯 오류"]

LANGUAGES = {
    "en": (NOISE_EN, FRAMES_EN, PLANTED_EN),
    "zh": (NOISE_ZH, FRAMES_ZH, PLANTED_ZH),
    "ko": (NOISE_KO, FRAMES_KO, PLANTED_KO),
}


def generate(
    source: Source,
    *,
    noise: int = 240,
    planted: int = 30,
    language: str = "en",
    seed: int = 3,
    accounts: int = 25,
) -> tuple[list[int], list[int]]:
    """Write ``noise`` familiar conversations over eight weeks and ``planted`` new-topic
    ones (two thirds in the last week); return (noise ids, planted ids)."""
    rng = random.Random(seed)
    topics, frames, planted_lines = LANGUAGES[language]
    people = [
        Account.objects.create(name=f"Account {language} {i}", domain=f"a{i}-{language}-{seed}.example")
        for i in range(accounts)
    ]
    rows: list[tuple[str, datetime, str]] = []
    for _ in range(noise):
        words = rng.choice(list(topics.values()))
        a, b = rng.sample(words, 2)
        rows.append(("noise", END - timedelta(days=rng.uniform(0, 56)), rng.choice(frames).format(a=a, b=b)))
    for i in range(planted):
        days = rng.uniform(0, 7) if i % 3 else rng.uniform(7, 28)
        a, b = rng.sample(planted_lines, 2)
        rows.append(("planted", END - timedelta(days=days), rng.choice(frames).format(a=a, b=b)))
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                source=source,
                external_id=f"{language}-{seed}-{kind}-{i}",
                channel=Channel.CHAT,
                started_at=when,
                language=language,
                account=people[rng.randrange(len(people))],
            )
            for i, (kind, when, _text) in enumerate(rows)
        ]
    )
    Message.objects.bulk_create(
        [
            Message(
                conversation=conversation,
                author_role=AuthorRole.CUSTOMER,
                author="customer",
                sent_at=conversation.started_at,
                text=text,
            )
            for conversation, (_kind, _when, text) in zip(conversations, rows, strict=True)
        ]
        + [
            Message(
                conversation=conversation,
                position=1,
                author_role=AuthorRole.AGENT,
                author="agent",
                sent_at=conversation.started_at,
                text="Thanks for reaching out, we are looking into the zapier webhook retries and your invoice.",
            )
            for conversation in conversations
        ]
    )
    noise_ids = [c.pk for c, row in zip(conversations, rows, strict=True) if row[0] == "noise"]
    planted_ids = [c.pk for c, row in zip(conversations, rows, strict=True) if row[0] == "planted"]
    return noise_ids, planted_ids
