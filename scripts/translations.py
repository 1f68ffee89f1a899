#!/usr/bin/env python3
"""Fill the .po catalogues from the translation tables below, then compile them.

Usage: scripts/translations.py   (after `make messages` extracted new strings)
Strings missing from the tables are reported and left empty, and the run fails,
so nothing ships half-translated.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[1] / "src" / "voxpop" / "locale"

# msgid -> (Simplified Chinese, Korean). Plurals: msgid -> ((zh forms), (ko forms)).
T: dict[str, tuple[object, object]] = {
    "Select": ("选择", "선택"),
    "(no subject)": ("（无主题）", "(제목 없음)"),
    "%(n)s suggestion": (("%(n)s 条建议",), ("제안 %(n)s개",)),
    "Nothing here. Try another filter.": (
        "这里什么都没有，换个筛选条件试试。",
        "여기에는 아무것도 없습니다. 다른 필터를 써 보세요.",
    ),
    "Load more": ("加载更多", "더 보기"),
    "Keyboard shortcuts": ("键盘快捷键", "키보드 단축키"),
    "Next / previous conversation": ("下一个 / 上一个对话", "다음 / 이전 대화"),
    "Open the tag picker": ("打开标签选择器", "태그 선택기 열기"),
    "Tag the selected text as a quote": ("把选中的文字作为引文打标签", "선택한 글을 인용으로 태그하기"),
    "Accept suggestion 1–9": ("采纳第 1–9 条建议", "제안 1–9 수락"),
    "Reject suggestion 1–9": ("拒绝第 1–9 条建议", "제안 1–9 거절"),
    "Undo your last tag decision here": ("撤销你在这里的上一次打标签", "여기서 마지막으로 한 태그 결정 취소"),
    "Mark done and go to the next conversation": (
        "标记完成并进入下一个对话",
        "완료로 표시하고 다음 대화로 이동",
    ),
    "Move in the picker and choose": ("在选择器中移动并选定", "선택기에서 이동하고 고르기"),
    "Close the picker or this help": ("关闭选择器或本帮助", "선택기나 이 도움말 닫기"),
    "Show this help": ("显示本帮助", "이 도움말 보기"),
    "Close": ("关闭", "닫기"),
    "Tags": ("标签", "태그"),
    "by": ("由", "작성:"),
    "rule": ("规则", "규칙"),
    "model": ("模型", "모델"),
    "Remove": ("移除", "제거"),
    "No tags yet.": ("还没有标签。", "아직 태그가 없습니다."),
    "“%(tag)s” was split: which fits?": (
        "“%(tag)s”已被拆分：哪个更合适？",
        "“%(tag)s” 태그가 나뉘었습니다. 어느 쪽이 맞나요?",
    ),
    "Save": ("保存", "저장"),
    "Suggestions": ("建议", "제안"),
    "Accept": ("采纳", "수락"),
    "Reject": ("拒绝", "거절"),
    "No suggestions.": ("没有建议。", "제안이 없습니다."),
    "Add a tag (t) — type to search": ("添加标签（t）——输入以搜索", "태그 추가 (t) — 입력해서 찾기"),
    "Add a tag": ("添加标签", "태그 추가"),
    "Undo": ("撤销", "실행 취소"),
    "Done, next": ("完成，下一个", "완료, 다음"),
    "Quotes": ("引文", "인용"),
    "Conversation": ("对话", "대화"),
    "Inbox": ("收件箱", "받은 편지함"),
    "Previous": ("上一个", "이전"),
    "Next": ("下一个", "다음"),
    "Keys": ("快捷键", "단축키"),
    "queue": ("队列", "대기열"),
    "amount at stake": ("涉及金额", "걸린 금액"),
    "Show the formatted original (remote images blocked)": (
        "显示带格式的原文（已屏蔽远程图片）",
        "서식 있는 원문 보기 (외부 이미지 차단됨)",
    ),
    "Account": ("客户账户", "고객 계정"),
    "Plan": ("套餐", "요금제"),
    "Segment": ("客户分层", "고객군"),
    "ARR": ("年度经常性收入", "연간 반복 매출"),
    "ARR then": ("当时的年收入", "당시 연 매출"),
    "Seats": ("席位", "좌석 수"),
    "Owner": ("负责人", "담당자"),
    "Lifecycle": ("生命周期", "라이프사이클"),
    "No account linked.": ("未关联客户账户。", "연결된 고객 계정이 없습니다."),
    "All": ("全部", "전체"),
    "Untagged": ("未打标签", "태그 없음"),
    "Needs review": ("待复核", "검토 필요"),
    "Has suggestions": ("有建议", "제안 있음"),
    "Done": ("已完成", "완료"),
    "Search conversations": ("搜索对话", "대화 검색"),
    "Channel": ("渠道", "채널"),
    "Any channel": ("任意渠道", "모든 채널"),
    "Source": ("来源", "출처"),
    "Any source": ("任意来源", "모든 출처"),
    "Any segment": ("任意分层", "모든 고객군"),
    "Language": ("语言", "언어"),
    "Tag (slug, with subtree)": ("标签（slug，含子标签）", "태그 (슬러그, 하위 포함)"),
    "Tag": ("标签", "태그"),
    "Queue": ("队列", "대기열"),
    "Assignee": ("处理人", "담당자"),
    "From": ("从", "시작"),
    "To": ("到", "끝"),
    "Sort": ("排序", "정렬"),
    "Newest first": ("最新在前", "최신순"),
    "Oldest first": ("最早在前", "오래된 순"),
    "Highest ARR first": ("年收入最高在前", "연 매출 높은 순"),
    "Filter": ("筛选", "필터"),
    "Tag the selected conversations:": ("给选中的对话打标签：", "선택한 대화에 태그:"),
    "Type to find a tag…": ("输入以查找标签…", "태그를 찾으려면 입력하세요…"),
    "Tag selected": ("给选中项打标签", "선택 항목 태그"),
    "Select all": ("全选", "모두 선택"),
    "Started": ("开始时间", "시작 시각"),
    "Workspace": ("工作区", "워크스페이스"),
    "Accounts": ("客户账户", "고객 계정"),
    "Contacts": ("联系人", "연락처"),
    "Conversations": ("对话", "대화"),
    "Messages": ("消息", "메시지"),
    "Tagged conversations": ("已打标签的对话", "태그된 대화"),
    "Tag decisions": ("标签决定", "태그 결정"),
    'The same figures as JSON: <a href=\\"/api/stats\\">/api/stats</a>.': (
        '同样的数据（JSON）：<a href=\\"/api/stats\\">/api/stats</a>。',
        '같은 수치를 JSON으로: <a href=\\"/api/stats\\">/api/stats</a>.',
    ),
    "Taxonomy": ("标签体系", "태그 체계"),
    "Conversations per week": ("每周对话数", "주별 대화 수"),
    "Includes tags merged into this one:": ("包含已合并进来的标签：", "이 태그로 병합된 태그 포함:"),
    "Weekly conversations": ("每周对话", "주별 대화"),
    "The numbers": ("具体数字", "수치 보기"),
    "Split from": ("拆分自", "나뉘기 전 태그"),
    "Split into": ("拆分为", "나뉜 태그"),
    "Children": ("子标签", "하위 태그"),
    "Rename": ("重命名", "이름 바꾸기"),
    "New name": ("新名称", "새 이름"),
    "Move": ("移动", "이동"),
    "New parent slug (empty: make it a root)": (
        "新的上级 slug（留空：设为顶级）",
        "새 상위 슬러그 (비우면 최상위)",
    ),
    "New parent": ("新的上级", "새 상위 태그"),
    "Undo the merge": ("撤销合并", "병합 취소"),
    "Merge into another tag": ("合并到另一个标签", "다른 태그로 병합"),
    "This tag's conversations will count under the target from now on. This tag is kept as merged, its history intact.": (
        "从现在起，这个标签的对话都计入目标标签。本标签会保留为“已合并”，历史记录完整保留。",
        "이제부터 이 태그의 대화는 대상 태그로 집계됩니다. 이 태그는 병합됨 상태로 남고 기록은 그대로 유지됩니다.",
    ),
    "Target slug": ("目标 slug", "대상 슬러그"),
    "Target tag": ("目标标签", "대상 태그"),
    "Merge": ("合并", "병합"),
    "Split into successors": ("拆分为新标签", "새 태그로 나누기"),
    "One slug per line; missing ones are created beside this tag. Its conversations go to review.": (
        "每行一个 slug；不存在的会在本标签旁边新建。它的对话会进入复核队列。",
        "한 줄에 슬러그 하나씩. 없는 태그는 이 태그 옆에 새로 만들어집니다. 이 태그의 대화는 검토 대기열로 갑니다.",
    ),
    "Successor slugs": ("新标签的 slug", "새 태그 슬러그"),
    "Split": ("拆分", "나누기"),
    "Deprecate": ("停用", "사용 중지"),
    "Reactivate": ("重新启用", "다시 사용"),
    "Search tags by name, path or slug": ("按名称、路径或 slug 搜索标签", "이름, 경로, 슬러그로 태그 검색"),
    "Search tags": ("搜索标签", "태그 검색"),
    "Search": ("搜索", "검색"),
    "facet": ("维度", "분류 축"),
    "No tags match.": ("没有匹配的标签。", "일치하는 태그가 없습니다."),
    "New tag": ("新建标签", "새 태그"),
    "Slug (its permanent id)": ("Slug（永久标识）", "슬러그 (바뀌지 않는 식별자)"),
    "Name": ("名称", "이름"),
    "Parent slug (empty: a new root)": ("上级 slug（留空：新的顶级标签）", "상위 슬러그 (비우면 새 최상위)"),
    "Description": ("说明", "설명"),
    "A root that is a facet": ("作为一个维度的顶级标签", "분류 축이 되는 최상위 태그"),
    "Create": ("创建", "만들기"),
    "No tag with that slug.": ("没有这个 slug 的标签。", "그 슬러그의 태그가 없습니다."),
    "Choose the tag to merge into.": ("请选择要合并到的标签。", "병합할 대상 태그를 고르세요."),
    "Merged. Its conversations now count here.": (
        "已合并。它的对话现在计入这里。",
        "병합했습니다. 그 대화들은 이제 여기서 집계됩니다.",
    ),
    "Split. %(n)d conversations wait for review.": (
        "已拆分。%(n)d 个对话等待复核。",
        "나눴습니다. 대화 %(n)d개가 검토를 기다립니다.",
    ),
    "Sign out": ("退出登录", "로그아웃"),
    "Change": ("切换", "변경"),
    "Sign in": ("登录", "로그인"),
    "That user name and password do not match. Try again.": (
        "用户名和密码不匹配，请重试。",
        "사용자 이름과 비밀번호가 맞지 않습니다. 다시 시도하세요.",
    ),
    "User name": ("用户名", "사용자 이름"),
    "Password": ("密码", "비밀번호"),
    "Saved views": ("已保存的视图", "저장한 보기"),
    "Delete": ("删除", "삭제"),
    "none yet": ("暂无", "아직 없음"),
    "Name this view": ("给这个视图命名", "이 보기의 이름"),
    "Share with the team": ("与团队共享", "팀과 공유"),
    "Save view": ("保存视图", "보기 저장"),
    "Activate": ("启用", "켜기"),
    "Active": ("启用中", "사용 중"),
    "Applied: %(matched)d conversations matched.": (
        "已应用：匹配 %(matched)d 个对话。",
        "적용했습니다: 대화 %(matched)d개가 일치합니다.",
    ),
    "Apply to all": ("应用到全部", "전체에 적용"),
    "Deactivate": ("停用", "끄기"),
    "Keyword and pattern rules suggest a tag from day one, before any model exists. In automatic mode they tag by themselves; a person's decision always stands over a rule.": (
        "关键词和模式规则从第一天起就能建议标签，不需要先有模型。在自动模式下它们会直接打标签；人的决定始终优先于规则。",
        "키워드·패턴 규칙은 모델이 없는 첫날부터 태그를 제안합니다. 자동 모드에서는 직접 태그를 붙이며, 사람의 결정이 언제나 규칙보다 우선합니다.",
    ),
    "Kind": ("类型", "종류"),
    "Matches %(matched)s of the latest %(scanned)s conversations.": (
        "在最近 %(scanned)s 个对话中匹配 %(matched)s 个。",
        "최근 대화 %(scanned)s개 중 %(matched)s개와 일치합니다.",
    ),
    "Mode": ("模式", "모드"),
    "No rules yet.": ("还没有规则。", "아직 규칙이 없습니다."),
    "Pattern": ("模式", "패턴"),
    "Preview": ("预览", "미리 보기"),
    "Rule": ("规则", "규칙"),
    "Rule saved and applied: %(matched)d conversations matched.": (
        "规则已保存并应用：匹配 %(matched)d 个对话。",
        "규칙을 저장하고 적용했습니다: 대화 %(matched)d개가 일치합니다.",
    ),
    "Rules": ("规则", "규칙"),
    "Save rule": ("保存规则", "규칙 저장"),
    "Tag slug": ("标签 slug", "태그 슬러그"),
    "Try a pattern": ("试一个模式", "패턴 시험하기"),
    "Unknown operation.": ("未知操作。", "알 수 없는 작업입니다."),
    "automatic": ("自动", "자동"),
    "keywords, comma-separated, or a regular expression": (
        "关键词（用逗号分隔）或正则表达式",
        "쉼표로 구분한 키워드 또는 정규 표현식",
    ),
    "suggest": ("建议", "제안"),
    "API": ("API", "API"),
    "Admin": ("管理员", "관리자"),
    "Agent": ("客服", "상담원"),
    "At risk": ("有流失风险", "이탈 위험"),
    "Bot": ("机器人", "봇"),
    "CRM": ("CRM", "CRM"),
    "CSV": ("CSV", "CSV"),
    "Call": ("通话", "통화"),
    "Call transcripts": ("通话记录", "통화 녹취록"),
    "Chat": ("在线聊天", "채팅"),
    "Churned": ("已流失", "이탈함"),
    "Closed": ("已关闭", "종료됨"),
    "Customer": ("客户", "고객"),
    "Dataset": ("数据集", "데이터셋"),
    "Demo": ("演示", "데모"),
    "Deprecated": ("已停用", "사용 중지됨"),
    "Editor": ("编辑者", "편집자"),
    "Email": ("邮件", "이메일"),
    "Enterprise": ("大型企业", "엔터프라이즈"),
    "Idea": ("想法", "아이디어"),
    "Intercom": ("Intercom", "Intercom"),
    "Internal note": ("内部备注", "내부 메모"),
    "JSON Lines": ("JSON Lines", "JSON Lines"),
    "Keywords": ("关键词", "키워드"),
    "Lost deal": ("丢单", "놓친 거래"),
    "Merged": ("已合并", "병합됨"),
    "Mid-market": ("中型企业", "중견 기업"),
    "Model": ("模型", "모델"),
    "Onboarding": ("上手中", "온보딩 중"),
    "Open": ("待处理", "열림"),
    "Pending": ("等待中", "대기 중"),
    "Person": ("人工", "사람"),
    "Prospect": ("潜在客户", "잠재 고객"),
    "Regular expression": ("正则表达式", "정규 표현식"),
    "SMB": ("中小企业", "중소기업"),
    "Sales note": ("销售记录", "영업 메모"),
    "Self-serve": ("自助", "셀프서비스"),
    "Slack": ("Slack", "Slack"),
    "Social": ("社交媒体", "소셜 미디어"),
    "Suggest": ("建议", "제안"),
    "Survey": ("调查", "설문"),
    "Tag automatically": ("自动打标签", "자동으로 태그"),
    "Tag was split": ("标签已拆分", "태그가 나뉨"),
    "Ticket": ("工单", "티켓"),
    "Trial": ("试用中", "체험 중"),
    "Viewer": ("查看者", "열람자"),
    "Webhook": ("Webhook", "웹훅"),
    "Zendesk": ("Zendesk", "Zendesk"),
    # Prioritization and planning
    "%(planned)s of %(capacity)s person-weeks": (
        "%(planned)s / %(capacity)s 人周",
        "%(planned)s / %(capacity)s 인주",
    ),
    "%(planned)s of %(capacity)s person-weeks planned.": (
        "已规划 %(planned)s / %(capacity)s 人周。",
        "%(capacity)s 인주 중 %(planned)s 인주 계획됨.",
    ),
    "ARR (k)": ("ARR（千）", "ARR(천)"),
    "ARR weight per thousand (w₂)": ("每千 ARR 的权重 (w₂)", "ARR 천 단위 가중치 (w₂)"),
    "Admins edit the weights.": ("权重由管理员编辑。", "가중치는 관리자가 편집합니다."),
    "At stake (k)": ("涉及金额（千）", "걸린 금액(천)"),
    "Back to the planning board": ("返回规划看板", "계획 보드로 돌아가기"),
    "Capacity": ("容量", "용량"),
    "Confidence": ("置信度", "신뢰도"),
    "Effort": ("工作量", "작업량"),
    "Effort assumed when not estimated (person-weeks)": (
        "未估算时假定的工作量（人周）",
        "추정이 없을 때 가정하는 작업량(인주)",
    ),
    "Every open feature is planned.": ("所有未完成的功能都已规划。", "열린 기능이 모두 계획되었습니다."),
    "Feature": ("功能", "기능"),
    "Hide shipped and declined": ("隐藏已发布和已拒绝的", "출시·거절된 항목 숨기기"),
    "Include shipped and declined": ("包括已发布和已拒绝的", "출시·거절된 항목 포함"),
    "Lost-deal weight per thousand (w₃)": ("每千丢单金额的权重 (w₃)", "잃은 거래 천 단위 가중치 (w₃)"),
    "Move to period": ("移到周期", "기간으로 이동"),
    "No open features yet.": ("还没有未完成的功能。", "아직 열린 기능이 없습니다."),
    "No segment": ("无细分", "세그먼트 없음"),
    "No snapshots yet.": ("还没有快照。", "아직 스냅숏이 없습니다."),
    "Not planned yet": ("尚未规划", "아직 계획되지 않음"),
    "Nothing planned.": ("没有规划任何内容。", "계획된 것이 없습니다."),
    "Nothing was planned in this period.": (
        "这个周期没有规划任何内容。",
        "이 기간에는 계획된 것이 없었습니다.",
    ),
    "Open features ranked by a score whose every part is shown. Reach counts each requesting account once (a contact when there is no account), weighted by its segment; ARR and lost-deal amounts are in thousands.": (
        "按得分排序的未完成功能，得分的每个组成部分都会显示。覆盖面对每个提出需求的客户账户只计一次（没有账户时计联系人），并按其细分加权；ARR 和丢单金额以千为单位。",
        "점수로 순위를 매긴 열린 기능이며 점수의 모든 구성 요소가 표시됩니다. 도달 범위는 요청한 계정마다 한 번(계정이 없으면 연락처)만 세고 세그먼트로 가중합니다. ARR과 잃은 거래 금액은 천 단위입니다.",
    ),
    "Place features into periods against the team's capacity (person-weeks). Save a snapshot to keep the plan as it stands.": (
        "根据团队容量（人周）把功能放入各个周期。保存快照以保留当前的计划。",
        "팀의 용량(인주)에 맞춰 기능을 기간에 배치하세요. 스냅숏을 저장하면 현재 계획이 그대로 남습니다.",
    ),
    "Planning board": ("规划看板", "계획 보드"),
    "Priorities": ("优先级", "우선순위"),
    "Reach": ("覆盖面", "도달 범위"),
    "Reach weight (w₁)": ("覆盖面权重 (w₁)", "도달 범위 가중치 (w₁)"),
    "Requesting accounts and contacts, each once": (
        "提出需求的客户账户和联系人，各计一次",
        "요청한 계정과 연락처, 각각 한 번",
    ),
    "Save snapshot": ("保存快照", "스냅숏 저장"),
    "Save weights": ("保存权重", "가중치 저장"),
    "Saved %(when)s by %(who)s.": ("由 %(who)s 于 %(when)s 保存。", "%(who)s 님이 %(when)s에 저장함."),
    "Score": ("得分", "점수"),
    "Set capacity": ("设置容量", "용량 설정"),
    "Snapshot name": ("快照名称", "스냅숏 이름"),
    "Snapshots": ("快照", "스냅숏"),
    "Status": ("状态", "상태"),
    "Strategic weight per segment": ("各细分的战略权重", "세그먼트별 전략 가중치"),
    "Strategic weight per theme": ("各主题的战略权重", "주제별 전략 가중치"),
    "Strategy": ("战略", "전략"),
    "Value": ("价值", "가치"),
    "Weights": ("权重", "가중치"),
    "Weights saved.": ("权重已保存。", "가중치를 저장했습니다."),
    "Weights used": ("使用的权重", "사용된 가중치"),
    "not estimated: the default effort is assumed": (
        "未估算：采用默认工作量",
        "추정 없음: 기본 작업량을 가정함",
    ),
    "not planned": ("未规划", "계획 안 됨"),
    "over capacity": ("超出容量", "용량 초과"),
    "pw": ("人周", "인주"),
    "score": ("得分", "점수"),
    "score = (reach × w₁ + ARR × w₂ + at stake × w₃) × strategy × confidence ÷ effort": (
        "得分 = (覆盖面 × w₁ + ARR × w₂ + 涉及金额 × w₃) × 战略 × 置信度 ÷ 工作量",
        "점수 = (도달 범위 × w₁ + ARR × w₂ + 걸린 금액 × w₃) × 전략 × 신뢰도 ÷ 작업량",
    ),
    # Imports: upload, run page, history.
    "%(created)s new, %(updated)s updated, %(unchanged)s unchanged": (
        "新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s",
        "새로 %(created)s, 갱신 %(updated)s, 변경 없음 %(unchanged)s",
    ),
    "%(n)s record committed": (("已提交 %(n)s 条记录",), ("%(n)s개 레코드 커밋됨",)),
    "%(n)s rejected row": (("%(n)s 行被拒绝",), ("거부된 행 %(n)s개",)),
    "%(p)s%% read (%(done)s of %(total)s)": (
        "已读取 %(p)s%%（%(total)s 中的 %(done)s）",
        "%(p)s%% 읽음 (%(total)s 중 %(done)s)",
    ),
    "%(s)s s": ("%(s)s 秒", "%(s)s초"),
    "A dry run or a strict import runs as one transaction: its counts appear when it ends.": (
        "试运行或严格模式的导入在一个事务中完成：结束时才显示计数。",
        "시험 실행이나 엄격 모드 가져오기는 하나의 트랜잭션으로 실행되어, 끝날 때 개수가 나타납니다.",
    ),
    "Aborted": ("已中止", "중단됨"),
    "Choose a file to import.": ("请选择要导入的文件。", "가져올 파일을 고르세요."),
    "Choose a mapping file.": ("请选择映射文件。", "매핑 파일을 고르세요."),
    "Conversations created": ("新建对话", "새 대화"),
    "Conversations unchanged": ("未变的对话", "변경 없는 대화"),
    "Conversations updated": ("更新的对话", "갱신된 대화"),
    "Create unknown tags under “Unsorted”": (
        "在“未分类”下创建未知标签",
        "모르는 태그를 “미분류” 아래에 만들기",
    ),
    "Dry run: import, count, and roll everything back": (
        "试运行：导入、计数，然后全部回滚",
        "시험 실행: 가져오고 세어 본 뒤 모두 되돌리기",
    ),
    "Dry run: these are the counts the import would have; nothing was written.": (
        "试运行：这些是导入将得到的计数；什么都没有写入。",
        "시험 실행: 가져오기를 했다면 나왔을 개수입니다. 아무것도 저장되지 않았습니다.",
    ),
    "Duration": ("用时", "소요 시간"),
    "Every import, from the command line, an upload or the API: who ran it, when, what it brought in, and what was rejected.": (
        "每一次导入（命令行、上传或 API）：谁在何时运行、导入了什么、哪些被拒绝。",
        "명령줄, 업로드, API로 한 모든 가져오기: 누가 언제 실행했고, 무엇을 가져왔고, 무엇이 거부되었는지.",
    ),
    "Failed": ("失败", "실패"),
    "File": ("文件", "파일"),
    "Finished with errors": ("已完成，有错误", "오류와 함께 끝남"),
    "Format": ("格式", "형식"),
    "Import #%(n)s": ("导入 #%(n)s", "가져오기 #%(n)s"),
    "Import history": ("导入历史", "가져오기 기록"),
    "Imports": ("导入", "가져오기"),
    "Interrupted": ("已中断", "중단됨(비정상)"),
    "Mapping file": ("映射文件", "매핑 파일"),
    "Messages created": ("新建消息", "새 메시지"),
    "Messages unchanged": ("未变的消息", "변경 없는 메시지"),
    "Messages updated": ("更新的消息", "갱신된 메시지"),
    "Newer": ("较新", "최신"),
    "No imports yet.": ("还没有导入。", "아직 가져오기가 없습니다."),
    "Notes": ("备注", "참고"),
    "Older": ("较早", "이전"),
    "One file, or a .zip or .tar.gz of files of that format; up to %(limit)s MiB.": (
        "一个文件，或由该格式文件组成的 .zip 或 .tar.gz；最大 %(limit)s MiB。",
        "파일 하나, 또는 그 형식 파일들의 .zip이나 .tar.gz. 최대 %(limit)s MiB.",
    ),
    "Optional: a YAML or JSON column mapping (see the import guide).": (
        "可选：YAML 或 JSON 列映射（见导入指南）。",
        "선택: YAML 또는 JSON 열 매핑 (가져오기 안내 참고).",
    ),
    "Options": ("选项", "옵션"),
    "Page %(n)s of %(total)s": ("第 %(n)s 页，共 %(total)s 页", "%(total)s쪽 중 %(n)s쪽"),
    "Progress": ("进度", "진행률"),
    "Queued": ("排队中", "대기열에 있음"),
    "Reason": ("原因", "이유"),
    "Rejected": ("被拒绝", "거부됨"),
    "Running": ("运行中", "실행 중"),
    "Strict: any rejected row aborts the whole file, nothing written": (
        "严格：只要有一行被拒绝就中止整个文件，什么都不写入",
        "엄격: 거부된 행이 하나라도 있으면 파일 전체를 중단하고 아무것도 저장하지 않음",
    ),
    "Succeeded": ("成功", "성공"),
    "Tags applied": ("应用的标签", "적용된 태그"),
    "The file goes through the same import as <code>voxpop import</code>: rows are keyed on the source and their own ids, so uploading the same file again creates nothing. It runs in the background; you can leave the page and find it in the history.": (
        "文件走与 <code>voxpop import</code> 相同的导入流程：按来源和各行自己的 ID 识别，所以再次上传同一文件不会新建任何内容。导入在后台运行；你可以离开本页，稍后在历史中找到它。",
        "파일은 <code>voxpop import</code>와 같은 가져오기를 거칩니다. 행은 출처와 자체 ID로 식별되므로 같은 파일을 다시 올려도 새로 생기는 것이 없습니다. 가져오기는 백그라운드에서 실행되며, 이 페이지를 떠났다가 기록에서 찾을 수 있습니다.",
    ),
    "The file is empty.": ("文件是空的。", "파일이 비어 있습니다."),
    "The file is larger than the %(limit)s limit; nothing was stored.": (
        "文件超过 %(limit)s 的上限；没有保存任何内容。",
        "파일이 한도 %(limit)s보다 큽니다. 아무것도 저장하지 않았습니다.",
    ),
    "The first %(n)s are kept.": ("只保留前 %(n)s 条。", "처음 %(n)s개만 보관됩니다."),
    "The import was not started. Please fix:": (
        "导入未开始。请修正：",
        "가져오기를 시작하지 않았습니다. 다음을 고치세요:",
    ),
    "Upload a file to import": ("上传文件以导入", "가져올 파일 올리기"),
    "Upload and import": ("上传并导入", "올리고 가져오기"),
    "Use letters, digits and punctuation only.": (
        "只能使用字母、数字和标点。",
        "글자, 숫자, 문장 부호만 쓰세요.",
    ),
    "When": ("时间", "언제"),
    "Where": ("位置", "위치"),
    "Where these conversations come from; empty: named after the format.": (
        "这些对话的来源；留空则以格式命名。",
        "이 대화들의 출처. 비워 두면 형식 이름을 씁니다.",
    ),
    "Who": ("谁", "누가"),
    "create tags": ("创建标签", "태그 만들기"),
    "dry run": ("试运行", "시험 실행"),
    "importing": ("导入中", "가져오는 중"),
    "reading the file": ("正在读取文件", "파일 읽는 중"),
    "strict": ("严格", "엄격"),
    "waiting for a worker to start it": ("等待后台进程启动", "작업 프로세스가 시작하기를 기다리는 중"),
    "“%(name)s” is not UTF-8 text (byte %(at)s).": (
        "“%(name)s”不是 UTF-8 文本（第 %(at)s 字节）。",
        "“%(name)s”은(는) UTF-8 텍스트가 아닙니다 (%(at)s번째 바이트).",
    ),
    "No worker has started this import for over five minutes: is voxpop worker running?": (
        "超过五分钟没有后台进程启动这次导入：voxpop worker 在运行吗？",
        "5분 넘게 이 가져오기를 시작한 작업 프로세스가 없습니다. voxpop worker가 실행 중인가요?",
    ),
    "No progress for over five minutes: the worker may have stopped. Uploading the same file again resumes the import.": (
        "超过五分钟没有进展：后台进程可能已停止。再次上传同一文件会继续这次导入。",
        "5분 넘게 진행이 없습니다. 작업 프로세스가 멈췄을 수 있습니다. 같은 파일을 다시 올리면 가져오기를 이어서 합니다.",
    ),
    # Roadmap: features, evidence, the demand ledger.
    "%(effort)s person-weeks": ("%(effort)s 人周", "%(effort)s 인주"),
    "%(requests)s requester (accounts, or contacts without one), each counted once.": (
        ("%(requests)s 个请求方（客户，或没有客户的联系人），每个只计一次。",),
        ("요청자 %(requests)s명(고객사, 또는 고객사가 없는 연락처), 각각 한 번만 셉니다.",),
    ),
    "* no ARR was recorded with the conversations: the account’s ARR now.": (
        "* 对话中未记录 ARR：显示客户当前的 ARR。",
        "* 대화에 ARR이 기록되지 않음: 고객사의 현재 ARR입니다.",
    ),
    "ARR at request time": ("请求时的 ARR", "요청 당시 ARR"),
    "ARR of those accounts": ("这些客户的 ARR", "해당 고객사의 ARR"),
    "Add theme": ("添加主题", "테마 추가"),
    "Amount": ("金额", "금액"),
    "Any status": ("任意状态", "모든 상태"),
    "Any theme": ("任意主题", "모든 테마"),
    "At stake": ("涉及金额", "걸린 금액"),
    "Channels": ("渠道", "채널"),
    "Choose a feature first.": ("请先选择一个功能。", "먼저 기능을 고르세요."),
    "Choose a tag first.": ("请先选择一个标签。", "먼저 태그를 고르세요."),
    "Considering": ("考虑中", "검토 중"),
    "Conversation number": ("对话编号", "대화 번호"),
    "Conversations linked directly": ("直接关联的对话", "직접 연결된 대화"),
    "Create feature": ("创建功能", "기능 만들기"),
    "Date": ("日期", "날짜"),
    "Deal": ("交易", "거래"),
    "Declined": ("已拒绝", "거절됨"),
    "Demand ledger": ("需求台账", "수요 원장"),
    "Edit this feature": ("编辑此功能", "이 기능 편집"),
    "Effort (person-weeks)": ("工作量（人周）", "공수(인주)"),
    "Evidence links": ("证据关联", "근거 연결"),
    "Feature saved.": ("功能已保存。", "기능을 저장했습니다."),
    "Features": ("功能", "기능"),
    "Find a tag to link": ("查找要关联的标签", "연결할 태그 찾기"),
    "First ask": ("首次请求", "첫 요청"),
    "In progress": ("进行中", "진행 중"),
    "Issue tracker": ("问题跟踪", "이슈 트래커"),
    "Issue tracker URL": ("问题跟踪链接", "이슈 트래커 URL"),
    "Latest ask": ("最近请求", "최근 요청"),
    "Link conversation": ("关联对话", "대화 연결"),
    "Link tag": ("关联标签", "태그 연결"),
    "Link the selected text (or the conversation) to a feature": (
        "把选中的文字（或整个对话）关联到功能",
        "선택한 글(또는 대화 전체)을 기능에 연결",
    ),
    "Link the selected text to a feature": ("把选中的文字关联到功能", "선택한 글을 기능에 연결"),
    "Link to a feature": ("关联到功能", "기능에 연결"),
    "Link to a feature (f: the selected text) — type to search": (
        "关联到功能（f：选中的文字）— 输入以搜索",
        "기능에 연결(f: 선택한 글) — 입력해 검색",
    ),
    "Lost deals": ("丢失的交易", "놓친 거래"),
    "Mark shipped": ("标记为已发布", "출시됨으로 표시"),
    "Markdown for a ticket": ("用于工单的 Markdown", "티켓용 Markdown"),
    "New feature": ("新功能", "새 기능"),
    "No ARR recorded with the conversation: the account’s ARR now": (
        "对话中未记录 ARR：客户当前的 ARR",
        "대화에 ARR이 기록되지 않음: 고객사의 현재 ARR",
    ),
    "No conversation with that number.": ("没有这个编号的对话。", "그 번호의 대화가 없습니다."),
    "No features yet.": ("还没有功能。", "아직 기능이 없습니다."),
    "No quotes yet: select text in a conversation and press f to link it here.": (
        "还没有引文：在对话中选中文字并按 f 关联到这里。",
        "아직 인용이 없습니다: 대화에서 글을 선택하고 f를 눌러 여기에 연결하세요.",
    ),
    "No tags linked.": ("没有关联的标签。", "연결된 태그가 없습니다."),
    "No themes yet.": ("还没有主题。", "아직 테마가 없습니다."),
    "Nobody has asked yet: link a tag, a conversation or a quote.": (
        "还没有人请求：关联一个标签、对话或引文。",
        "아직 요청한 사람이 없습니다: 태그, 대화 또는 인용을 연결하세요.",
    ),
    "None.": ("无。", "없음."),
    "Not linked to a feature yet.": ("尚未关联到任何功能。", "아직 기능에 연결되지 않았습니다."),
    "Period": ("周期", "기간"),
    "Planned": ("已计划", "계획됨"),
    "Quotes linked": ("已关联的引文", "연결된 인용"),
    "Region": ("地区", "지역"),
    "Requester": ("请求方", "요청자"),
    "Revenue at stake (lost deals)": ("涉及收入（丢失的交易）", "걸린 매출(놓친 거래)"),
    "Set status": ("设置状态", "상태 설정"),
    "Shipped": ("已发布", "출시됨"),
    "Slug": ("标识", "슬러그"),
    "Status: %(status)s.": ("状态：%(status)s。", "상태: %(status)s."),
    "Strategic themes group features (for example an enterprise push); a feature can carry several.": (
        "战略主题把功能归组（例如拓展企业客户）；一个功能可以有多个主题。",
        "전략 테마는 기능을 묶습니다(예: 엔터프라이즈 확대). 한 기능에 여러 테마를 붙일 수 있습니다.",
    ),
    "Tag to link": ("要关联的标签", "연결할 태그"),
    "Tags (each counts its whole subtree)": ("标签（各计入其整个子树）", "태그(하위 트리 전체를 셉니다)"),
    "Target period": ("目标周期", "목표 기간"),
    "The 200 requesters with the highest ARR of %(n)s; the API and the Markdown export have them all.": (
        "%(n)s 个请求方中 ARR 最高的 200 个；API 和 Markdown 导出包含全部。",
        "%(n)s명 중 ARR이 가장 높은 요청자 200명입니다. API와 Markdown 내보내기에는 모두 있습니다.",
    ),
    "Theme": ("主题", "테마"),
    "Theme name": ("主题名称", "테마 이름"),
    "Themes": ("主题", "테마"),
    "These accounts pay in different currencies; the sums add them as they are.": (
        "这些客户使用不同货币付款；合计按原值相加。",
        "이 고객사들은 서로 다른 통화로 결제합니다. 합계는 그대로 더한 값입니다.",
    ),
    "Title": ("标题", "제목"),
    "Unique accounts": ("不同客户数", "고유 고객사"),
    "Unlink": ("取消关联", "연결 해제"),
    "What customers said": ("客户原话", "고객이 한 말"),
    "Who is asking": ("谁在请求", "누가 요청하나"),
    "anonymous": ("匿名", "익명"),
    "conversation": ("对话", "대화"),
    "latest": ("最近", "최근"),
    "merged: counts as the tag it was merged into": (
        "已合并：按合并后的标签计数",
        "병합됨: 병합된 대상 태그로 셉니다",
    ),
    "owner": ("负责人", "담당자"),
    "shipped": ("已发布", "출시"),
    "slug (optional)": ("标识（可选）", "슬러그(선택)"),
    "tagged": ("已打标签", "태그됨"),
    "target": ("目标", "목표"),
    "whole conversation": ("整个对话", "대화 전체"),
}
LANGS = {"zh_Hans": 0, "ko": 1}
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)(msgid_plural ((?:".*"\n)+))?((?:msgstr.*\n(?:".*"\n)*)+)', re.M)


def quoted(text: str) -> str:
    return '"' + text + '"'


def fill(path: Path, index: int) -> list[str]:
    # The table is authoritative: drop msgmerge's fuzzy guesses (msgfmt would skip them).
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("#| "):
            continue
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags) + "\n"
        lines.append(line)
    text = "".join(lines)
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        if not msgid:
            return match.group(0)  # the header
        if msgid not in T:
            missing.append(msgid)
            return match.group(0)
        value = T[msgid][index]
        head = f"msgid {match.group(1)}"
        if match.group(2):
            forms = value if isinstance(value, tuple) else (value,)
            body = "".join(f"msgstr[{i}] {quoted(form)}\n" for i, form in enumerate(forms))
            return head + match.group(2) + body
        return head + f"msgstr {quoted(str(value))}\n"

    path.write_text(ENTRY.sub(replace, text), encoding="utf-8")
    return missing


def main() -> int:
    missing: set[str] = set()
    for lang, index in LANGS.items():
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        missing |= set(fill(po, index))
        subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    if missing:
        print("untranslated:", *sorted(missing), sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
