"""Small generated conversations in English, Chinese and Korean for the engine's tests.

Each tag has a few phrasings per language; sentences are padded with random filler so
no two texts are the same. Labels are tree paths ("billing/refund").
"""

from __future__ import annotations

import random

PHRASES: dict[str, list[str]] = {
    "billing/refund": [
        "I want a refund for my last order",
        "please refund the money you charged me",
        "how do I get my money back",
        "我想申请退款",
        "请把钱退给我",
        "환불 받고 싶어요",
        "결제한 돈을 돌려주세요",
    ],
    "billing/invoice": [
        "please send me the invoice for last month",
        "where can I download my invoice",
        "the invoice has the wrong company address",
        "请给我开发票",
        "发票上的公司名称错了",
        "청구서를 보내주세요",
        "인보이스를 다운로드할 수 없어요",
    ],
    "product/login": [
        "I cannot log in to my account",
        "the login page keeps saying wrong password",
        "password reset email never arrives so I can't sign in",
        "我无法登录我的账户",
        "登录时一直提示密码错误",
        "로그인이 안 돼요",
        "비밀번호를 재설정해도 로그인할 수 없어요",
    ],
    "product/export": [
        "how do I export my data to csv",
        "the export to excel button does nothing",
        "I need to export all reports as a spreadsheet",
        "怎么把数据导出成表格",
        "导出按钮没有反应",
        "데이터를 엑셀로 내보내고 싶어요",
        "내보내기 버튼이 작동하지 않아요",
    ],
}
OUT_OF_SCOPE = [
    "what is the weather like tomorrow",
    "do you like pizza or pasta",
    "who won the football match yesterday",
    "今天天气怎么样",
    "你喜欢吃什么水果",
    "오늘 날씨 어때요",
    "주말에 영화 보러 갈까요",
]
FILLER = ["hi", "hello", "thanks", "please help", "asap", "你好", "谢谢", "안녕하세요", "감사합니다", "today"]


def sentence(label: str, rng: random.Random) -> str:
    pool = PHRASES.get(label, OUT_OF_SCOPE)
    return f"{rng.choice(FILLER)} {rng.choice(pool)} {rng.choice(FILLER)}"


def rows(n_per_tag: int, seed: int, *, multi: int = 0, oos: int = 0) -> list[tuple[str, list[str]]]:
    """Single-label rows per tag, ``multi`` rows with a billing and a product tag, ``oos`` rows with none."""
    rng = random.Random(seed)
    found = [(sentence(label, rng), [label]) for label in PHRASES for _ in range(n_per_tag)]
    for _ in range(multi):
        first = rng.choice(["billing/refund", "billing/invoice"])
        second = rng.choice(["product/login", "product/export"])
        found.append((f"{sentence(first, rng)}. also {sentence(second, rng)}", [first, second]))
    found += [(sentence("", rng), []) for _ in range(oos)]
    rng.shuffle(found)
    return found
