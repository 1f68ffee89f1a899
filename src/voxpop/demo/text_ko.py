r"""Korean texts of the demo workspace (format: :mod:`voxpop.demo.content`).

Customers write in polite 해요체, the support team in 합니다체. Particles after a
slot are written ``{noun:을}`` and chosen by the slot's last syllable.
"""

PHRASES = r"""
## phrases
greet.email: 안녕하세요.
greet.email: 안녕하세요, Quirewell 팀.
greet.email: 안녕하세요, 고객지원팀 담당자님.
greet.email: 수고 많으십니다.
greet.chat: 안녕하세요
greet.chat: 안녕하세요!
greet.chat: 문의드려요.
greet.chat: 저기 혹시,
open.bug: 버그를 발견한 것 같아요.
open.bug: 저희 쪽에서 뭔가 제대로 동작하지 않는 것 같습니다.
open.bug: 버그인지 제가 잘못 쓰고 있는 건지 잘 모르겠어요.
open.bug: 이상한 문제가 계속 생기고 있어요.
open.bug: 저희 팀이 며칠째 겪고 있는 문제가 있어서 연락드립니다.
open.request: 제안드리고 싶은 게 있어요.
open.request: 저희 팀에서 요청드리는 기능이 있습니다.
open.request: 저희가 계속 아쉬워하던 기능이 하나 있어요.
open.request: 작은 아이디어지만 저희한테는 큰 차이가 될 것 같아요.
open.request: {people}명 규모인 저희 팀을 대표해서 요청드립니다.
open.question: 간단한 질문이 있어요.
open.question: 제가 뭔가 놓치고 있는 것 같아요.
open.question: 도움을 좀 받을 수 있을까요?
open.question: 도움말 센터에서 찾아봤는데 안 나오네요.
open.question: 방법을 좀 알려주시면 감사하겠습니다.
open.billing: 결제 관련해서 문의드립니다.
open.billing: 구독 관련 질문이 있어요.
open.billing: 재무팀에서 확인해 달라고 한 내용이 있습니다.
open.billing: 결제 관련해서 하나만 여쭤볼게요.
open.pricing: 지금 요금제 페이지를 보고 있는데요.
open.pricing: 요금제 페이지를 보다가 좀 헷갈려서요.
open.pricing: 요금제 페이지에서 플랜을 비교해 보던 중이에요.
detail.bug: {version} 업데이트 이후부터 그래요.
detail.bug: {platform}에서 매번 발생합니다.
detail.bug: 저희 팀에서 {people}명 정도가 이 문제를 겪고 있어요.
detail.bug: 로그아웃했다가 다시 로그인해 봤는데 그대로예요.
detail.bug: 캐시를 지워도 소용이 없었어요.
detail.bug: 새 페이지를 만들어서 해 봐도 똑같이 재현돼요.
detail.bug: {days}일 전에 처음 발견했어요.
detail.bug: 동료도 {platform}에서 똑같은 증상을 겪고 있어요.
detail.request: 저희 팀에서 {people}명이 매일 쓰게 될 기능이에요.
detail.request: 지금은 스프레드시트로 겨우 버티고 있어요.
detail.request: 저희가 써 본 다른 툴들은 이미 이 기능이 있더라고요.
detail.request: 팀 회의 때마다 거의 빠지지 않고 나오는 얘기예요.
detail.request: 한 사람당 일주일에 30분 정도는 아낄 수 있을 것 같아요.
detail.question: 참고로 저희는 {plan:을} 쓰고 있어요.
detail.question: {platform:을} 사용하고 있습니다.
detail.question: 문서를 찾아봤는데 못 찾았어요.
urgent: 이 문제 때문에 {weekday} 출시가 막혀 있어요.
urgent: 저희 쪽에서는 꽤 급한 문제입니다.
urgent: {weekday}에 고객사 발표가 있어서 빠른 답변 부탁드려요.
close.email: 감사합니다!
close.email: 미리 감사드립니다.
close.email: 확인 부탁드립니다.
close.email: 추가로 필요한 정보가 있으면 말씀해 주세요.
close.email: 도와주시면 정말 감사하겠습니다.
close.chat: 감사합니다!
close.chat: 감사해요
close.chat: 방법이 있을까요?
close.chat: 부탁드려요
signoff: 감사합니다.\n{name} 드림
signoff: {name} 드림
signoff: {name}\n{company}
signoff: 좋은 하루 보내세요.\n{name}
followup.bug: 알려주신 임시 방법으로 일단 해결됐어요. 감사합니다.
followup.bug: 확인해 보니 지금은 정상적으로 돼요. 감사합니다!
followup.bug_more: 감사합니다. 언제쯤 수정될까요?
followup.bug_more: 네, 화면 녹화 파일 첨부했습니다.
followup.bug_more: 방금 {platform}에서 또 발생했어요.
followup.bug_more: 페이지 링크 보내드려요. 지원팀 계정에 공유해 두었습니다.
followup.request: 전달해 주셔서 감사해요! 진행 상황은 어디서 확인할 수 있을까요?
followup.request: 좋아요. 필요하시면 제품팀과 통화도 가능합니다.
followup.request: 감사합니다. 로드맵에 꼭 들어갔으면 좋겠네요.
followup.question: 됐어요, 감사합니다!
followup.question: 딱 제가 찾던 거예요. 감사합니다.
followup.question: 빠른 답변 감사합니다. 이해했어요.
followup.question_more: 음, 저는 그 옵션이 안 보이는데요. 일부 요금제에서만 되는 건가요?
followup.question_more: 말씀하신 대로 해 봤는데 달라진 게 없어요. 더 확인해 볼 게 있을까요?
followup.thanks: 감사합니다!
followup.thanks: 네, 알겠습니다. 감사해요.
followup.thanks: 답변 감사합니다.
agent.greet: 안녕하세요, {first} 고객님.
agent.greet: {first} 고객님, 안녕하세요.
agent.greet: 안녕하세요, {first} 고객님. 문의 주셔서 감사합니다.
agent.greet: {first} 고객님, 연락 주셔서 감사합니다.
agent.bug: 자세히 알려주셔서 감사합니다. 저희 쪽에서도 재현되어 엔지니어팀에 전달했습니다(내부 번호 {ticket}).
agent.bug: 불편을 드려 죄송합니다. 이미 파악된 문제로, {version_next} 버전에서 수정될 예정입니다.
agent.bug: 알려주셔서 감사합니다. 확인을 위해 스크린샷과 페이지 링크를 보내주실 수 있을까요?
agent.bug: 번거롭게 해 드려 죄송합니다. 지금 엔지니어들이 살펴보고 있으며, 소식이 있는 대로 바로 안내드리겠습니다.
agent.request: 좋은 제안 감사합니다. 제품팀이 관리하는 요청 목록에 고객님의 의견을 추가했습니다.
agent.request: 좋은 아이디어네요. 같은 요청을 주신 고객분들이 꽤 있어서 제품팀에 함께 전달했습니다.
agent.request: 일정을 약속드리기는 어렵지만, 고객님의 사용 사례를 함께 기록해 두어 우선순위 검토에 반영되도록 하겠습니다.
agent.question: 좋은 질문입니다! {answer}
agent.question: 기꺼이 도와드리겠습니다. {answer}
agent.question: {answer}
agent.question: 네, 안내해 드릴게요. {answer}
agent.billing: {answer}
agent.billing: 고객님의 워크스페이스를 확인해 봤습니다. {answer}
agent.billing: 문의 주셔서 감사합니다. {answer}
agent.complaint: 정말 죄송합니다. 이 건을 상위 담당자에게 전달했고, 오늘 중으로 지원팀 리더가 직접 연락드릴 예정입니다.
agent.complaint: 답답하셨을 마음 충분히 이해합니다. 있어서는 안 되는 일이었습니다. 팀에 최우선으로 처리하도록 요청했습니다.
agent.complaint: 솔직하게 말씀해 주셔서 감사합니다. 팀 리더에게 공유했으며, 하루 안에 다시 연락드리겠습니다.
agent.praise: 따뜻한 말씀 정말 감사합니다! 팀원들에게도 전달했습니다.
agent.praise: 덕분에 저희 팀 모두 기분 좋은 하루가 됐습니다. 시간 내어 글 남겨 주셔서 감사합니다.
agent.close: 다른 궁금한 점이 있으시면 언제든지 말씀해 주세요.
agent.close: 좋은 하루 보내세요!
agent.close: 추가 문의는 이 메일에 회신해 주시면 됩니다.
agent.signoff: 감사합니다.\n{agent} 드림\nQuirewell 고객지원팀
agent.signoff: {agent}\nQuirewell 고객지원팀
agent.final: 별말씀을요! 이 대화는 종료하겠습니다만, 다른 문제가 생기면 언제든 회신해 주세요.
agent.final: 천만에요! 남은 한 주도 잘 보내세요.
agent.final: 알려주셔서 감사합니다. 해결 완료로 처리하겠습니다.
note.bug: 고객 요금제 {plan}, 시트 {seats}개. {issue}에 연결함.
note.bug: {platform}에서 재현됨. 2차 지원으로 에스컬레이션.
note.bug: 알려진 이슈로 {issue}에서 추적 중. 임시 해결 방법 안내함.
note.request: "{noun}" 피드백 보드에 +1 추가.
note.request: 고객에게 아직 일정은 없다고 안내함.
note.question: 도움말 센터 문서 링크 보냄.
note.question: 고객이 다른 설정 페이지를 보고 있었음. 안내 완료.
note.complaint: 고객 불만이 큼. 어카운트 담당 {owner}에게 공유함.
note.complaint: 이탈 위험 있음. {owner}에게 알림.
complaint.reliability: 이 문제로 연락드리는 게 처음이 아닙니다. {bug} {plan} 비용을 내고 있는 만큼 더 나은 서비스를 기대합니다.
complaint.reliability: {bug} 몇 주 전에 신고했는데 달라진 게 하나도 없네요. 팀에서는 다른 툴로 옮겨야 하는 거 아니냐는 얘기까지 나오고 있어요.
complaint.reliability: 솔직히 이제 지쳤습니다. {bug} 계속 반복되고 있고, 그 때문에 몇 시간씩 낭비하고 있어요.
complaint.support: {days}일 전에 {noun} 관련 문의를 남겼는데 아직도 답변이 없습니다.
complaint.support: 지원팀에 연락할 때마다 {noun} 문제를 처음부터 다시 설명해야 해요.
complaint.support: 지난번 {noun} 관련 답변은 도움말 문서를 그대로 복사해 붙인 거라 제 질문에 대한 답이 아니었어요.
complaint.pricing: 갱신 가격이 아무 예고도 없이 3분의 1 가까이 올랐습니다. 오래 쓴 고객을 이렇게 대하시면 안 되죠.
complaint.pricing: {noun:을} 쓰려고 더 비싼 요금제로 옮겨야 한다는 게 불공평하게 느껴집니다.
complaint.pricing: 비활성 사용자를 쉽게 확인할 방법이 없어서 아무도 안 쓰는 시트 비용을 계속 내고 있어요.
praise.product: {noun} 덕분에 저희 팀 업무 속도가 눈에 띄게 빨라졌어요. 정말 감사합니다.
praise.product: 한 달째 {noun:을} 열심히 쓰고 있는데 팀 전체가 만족하고 있어요.
praise.product: {noun} 덕분에 쓰던 툴 두 개를 정리할 수 있었어요. 감사합니다.
praise.support: 지원팀에서 {noun} 문제를 당일에 해결해 주셨어요. 감사합니다!
praise.support: 어제 {agent} 님이 끝까지 정말 친절하게 도와주셨어요. 감사하다고 꼭 전해 주세요.
subject.bug: {noun:이} 작동하지 않습니다
subject.bug: {noun} 문제
subject.bug: 버그: {platform}의 {noun}
subject.bug: {version} 이후 {noun} 오류
subject.bug: [긴급] {noun} 오류
subject.request: 기능 요청: {noun}
subject.request: {noun} 관련 제안
subject.request: {noun}에 대한 아이디어
subject.question: {noun} 관련 질문
subject.question: {noun} 사용 방법 문의
subject.question: {noun} 도움 요청
subject.billing: 결제 문의: {noun}
subject.billing: {plan} 구독 관련 문의
subject.billing: {noun}
subject.pricing: 저희가 무슨 요금제를 쓰고 있나요?
subject.pricing: 요금제 페이지 관련 문의
subject.pricing: 요금제가 헷갈려요
subject.complaint: {noun}에 실망했습니다
subject.complaint: {noun} 관련 불만
subject.complaint: 불만 사항
subject.praise: 감사합니다!
subject.praise: {noun} 너무 좋아요
subject.praise: 팀에 감사 인사 전합니다
subject.call: {company} 통화: {noun}
subject.call: {company} 정기 점검 통화
subject.survey: NPS 응답 ({score}점)
subject.idea: {noun} 관련 아이디어
subject.idea: {noun}
subject.deal: 실주: {company}
subject.deal: {company}: {noun} 때문에 실주
subject.sales: 디스커버리 콜 메모: {company}
subject.sales: {company} 검토 메모
subject.social: {network} 언급
subject.social: {network}에 올라온 {noun} 관련 글
social.bug: 오늘 {noun} 문제 겪는 분 또 있나요? {platform}에서 아침 내내 안 되네요 @quirewell
social.bug: @quirewell 오늘 저희 팀 전체가 {noun} 때문에 일을 못 하고 있어요. 무슨 소식 있나요?
social.request: @quirewell {noun} 개선 계획 있나요? {request}
social.request: @quirewell 담당자님, {request} 부탁드려요!
social.complaint: @quirewell 이번 달에만 {noun} 문제가 벌써 세 번째예요. 돈 내고 쓰는 건데 이건 아니죠.
social.complaint: 요즘 @quirewell {noun} 너무 실망스럽네요. 대안 쓰시는 분 있나요?
social.praise: 솔직히 @quirewell {noun} 덕분에 올해 저희 팀 일하는 방식이 바뀌었어요.
social.praise: @quirewell 칭찬합니다. {noun} 덕분에 방금 한 시간 벌었어요.
social.reply_sorry: 불편을 드려 죄송합니다! 확인할 수 있도록 워크스페이스 이메일을 DM으로 보내주시겠어요?
social.reply_sorry: 지금 바로 확인하고 있습니다. 알려주셔서 감사합니다.
social.reply_thanks: 감사합니다, 이런 말씀 들으니 정말 기쁘네요!
social.reply_thanks: 응원 감사합니다!
social.reply_request: 좋은 아이디어 감사합니다! 제품팀에 전달했어요.
social.reply_request: 좋은 의견이네요. 다른 분들도 투표할 수 있게 아이디어 보드에 올려주시겠어요?
call.customer_open: 네, 그러니까 제일 큰 건 이거예요.
call.customer_open: 음, 그러니까 기본적으로 이런 상황이에요.
call.customer_open: 어, 제일 중요한 것부터 말씀드릴게요.
call.customer_open: 오늘 통화 요청드린 이유는요.
call.agent_ack: 네, 알겠습니다. 정확히 어떤 상황인지 하나씩 말씀해 주시겠어요?
call.agent_ack: 네네, 무슨 말씀인지 알겠습니다.
call.agent_ack: 네, 메모하고 있습니다. 얼마나 자주 그런가요?
call.customer_more: 네. {detail}
call.customer_more: 맞아요. 아, 그리고 하나 더 있는데요. {detail}
call.customer_more: 음, 이것도 말씀드려야 할 것 같아요. {detail}
call.agent_wrap: 네, 이 건은 제가 챙겨서 통화 끝나고 요약해서 보내드릴게요.
call.agent_wrap: 알겠습니다. 제품팀에 전달하고 다음 주에 다시 연락드리겠습니다.
call.summary: 통화 요약: {company}에서 {noun} 관련 이슈 제기. 다음 단계: {agent}, {weekday}까지 후속 연락.
call.summary: 통화 메모: 주요 주제는 {noun}. 고객 요금제 {plan}, 시트 {seats}개.
survey.praise: {noun} 정말 만족합니다. 앞으로도 잘 부탁드려요!
survey.praise: 제품이 정말 좋아요. 특히 {noun} 부분이 마음에 들어요.
survey.complaint: {bug} 이것만 고쳐지면 점수를 더 드릴게요.
survey.complaint: 최근 {noun} 관련 문제가 너무 많아요.
survey.pricing: 제품은 좋은데, 재무팀에 가격을 설득하기가 점점 어려워지네요.
survey.pricing: {noun} 관련 결제가 좀 더 단순하면 점수를 더 드릴 수 있을 것 같아요.
survey.request: 전반적으로 좋은 제품입니다. {request}
survey.request: 딱 하나만 바뀌면 10점 드릴게요. {request}
idea.body: {request} {detail}
idea.body: {request}
idea.reply: 아이디어 감사합니다! 상태를 '검토 중'으로 변경했습니다.
idea.reply: 기존 아이디어와 병합했고, 투표도 함께 반영했습니다.
deal.reason: 이미 해당 기능이 있는 {competitor} 쪽을 선택함.
deal.reason: 고객사 보안팀이 이 기능 없이는 승인할 수 없다는 입장.
deal.reason: 예산 삭감으로 프로젝트가 내년으로 연기됨.
deal.reason: 검토 도중 내부 챔피언이 퇴사함.
deal.reason: 가격은 문제없었고, {noun} 격차가 결정적이었음.
deal.lost: 실주: {company}, 시트 {seats}개, {amount}. 주요 사유: {noun} 부재. {reason} 고객 코멘트: "{request}"
deal.lost: {company} 실주({amount}). {reason} 핵심 격차: {noun}. 마지막 통화에서 들은 말: "{request}"
sales.note: {company} {name}님과 디스커버리 콜. 약 {people}명 규모로 검토 중. 필수 요건: {noun}. {request}
sales.note: {company} {name}님과 통화. 에디터는 마음에 들어 하지만 {noun:은} 반드시 필요하다고 함. 인용: "{request}"
plan.free: 무료 요금제
plan.plus: 플러스 요금제
plan.business: 비즈니스 요금제
plan.enterprise: 엔터프라이즈 요금제
platform.web-chrome: 크롬
platform.web-safari: 사파리
platform.web-firefox: 파이어폭스
platform.web-edge: 엣지 브라우저
platform.mac: 맥 앱
platform.windows: 윈도우 앱
platform.ios: 아이폰 앱
platform.android: 안드로이드
value.weekday: 월요일
value.weekday: 화요일
value.weekday: 수요일
value.weekday: 목요일
value.weekday: 금요일
value.network: X
value.network: 스레드
value.network: 링크드인
value.competitor: Pagewise
value.competitor: Docktail
value.competitor: Tablewright
value.other_tool: Wikiloom
value.other_tool: Knowbase
value.other_tool: Pagestack
value.agent: 김지현
value.agent: 박서준
value.agent: 이하은
value.agent: 최민호
"""

TOPICS = r"""
## block-drag-and-drop
noun: 드래그 앤 드롭
bug: 블록을 토글 안으로 드래그하면 손을 떼자마자 원래 자리로 돌아가요.
bug: 블록을 2단 레이아웃으로 드래그했더니 블록은 안 옮겨지고 단이 통째로 사라졌어요.
request: 여러 블록을 한 번에 선택해서 사이드바의 다른 페이지로 끌어다 놓을 수 있으면 좋겠어요.
question: 복사해서 붙여넣지 않고 블록을 다른 페이지로 옮기려면 어떻게 하나요?
answer: 블록 옆의 핸들을 잡고 사이드바의 원하는 페이지 위에 놓으시면 됩니다. 블록 메뉴에서 '옮기기'를 선택한 뒤 페이지를 검색하셔도 됩니다.

## code-blocks
noun: 코드 블록
bug: 코드 블록에 코드를 붙여넣으면 들여쓰기가 전부 사라져서 파이썬 코드가 다 깨져요.
bug: 코드 블록 언어를 지정해도 새로고침하면 다시 일반 텍스트로 바뀌어요.
request: 코드 블록에서 Terraform과 Elixir 문법 강조를 지원해 주세요.
request: 코드 블록에 줄 번호 표시와 자동 줄바꿈 옵션이 있으면 좋겠어요.
question: 새로 만드는 코드 블록의 기본 언어를 지정할 수 있나요?
answer: 아직 워크스페이스 단위로는 설정할 수 없지만, 코드 블록은 해당 기기에서 마지막으로 선택한 언어를 기억합니다. ```python 입력 후 스페이스를 누르면 바로 파이썬 코드 블록이 만들어집니다.

## embed-blocks
noun: 임베드 블록
bug: 어제부터 피그마 임베드가 회색 상자로만 보여요. 링크는 브라우저에서 잘 열리는데요.
bug: {platform}에서 동영상 임베드가 재생되지 않고 검은 화면만 나와요.
request: 화이트보드나 화면 녹화도 미리보기와 함께 임베드할 수 있으면 좋겠어요.
question: 스프레드시트를 임베드해서 자동으로 업데이트되게 하려면 어떻게 하나요?
answer: 빈 줄에 시트 공유 링크를 붙여넣고 '임베드'를 선택하시면 됩니다. 페이지를 볼 모든 분께 시트가 공유되어 있어야 하며, 그렇지 않으면 로그인 화면이 표시됩니다.

## comments-mentions
noun: 댓글과 멘션
bug: 댓글에서 동료를 @멘션해도 알림이 가지 않아요.
bug: 해결 처리한 댓글이 몇 시간 뒤에 페이지에 다시 나타나요.
request: 댓글을 특정 사람에게 할당해서 간단한 할 일처럼 쓸 수 있게 해 주세요.
question: 저를 멘션한 댓글만 한곳에서 모아 볼 수 있나요?
answer: 네. 사이드바에서 '수신함'을 열고 '멘션'으로 필터링하시면 됩니다. '설정 > 알림'에서 매일 이메일 요약을 받아 보실 수도 있습니다.

## page-history
noun: 페이지 기록
bug: 지난주 화요일 버전으로 복원했더니 제목만 돌아오고 본문은 그대로예요.
bug: {platform}에서 편집한 페이지는 페이지 기록에 버전이 하나도 없어요.
request: 페이지 기록을 더 오래 보관해 주세요. 일주일로는 감사 대응이 어렵습니다.
question: 페이지를 어제 상태로 되돌리려면 어떻게 하나요?
answer: 페이지 오른쪽 위의 시계 아이콘을 클릭해 어제 버전을 고른 뒤 '복원'을 누르시면 됩니다. 현재 버전은 새 기록으로 남아 있으니 내용이 사라지지 않습니다.

## page-templates
noun: 페이지 템플릿
bug: 템플릿 버튼으로 만든 새 페이지가 엉뚱한 데이터베이스에 생성돼요.
request: 템플릿 자체를 실수로 수정하지 못하게 잠글 수 있으면 좋겠어요.
question: 팀스페이스 전체가 쓸 수 있는 템플릿은 어떻게 만드나요?
answer: 해당 팀스페이스에 페이지를 만든 뒤 페이지 메뉴에서 '템플릿으로 저장'을 선택하세요. 그러면 팀스페이스에 접근할 수 있는 모든 분의 '템플릿' 목록에 표시됩니다.

## formula-property
noun: 수식 속성
bug: 속성 이름을 바꿨더니 그 속성을 쓰는 수식이 전부 '잘못된 속성'으로 나와요. 이름은 분명히 맞는데요.
bug: 두 날짜 사이의 일수를 세는 수식이 절반 정도의 행에서 하루씩 틀려요.
request: 롤업을 거치지 않고 수식에서 관계된 페이지의 속성을 바로 읽을 수 있게 해 주세요.
question: 마감일이 지났는데 상태가 '완료'가 아니면 '기한 초과'라고 표시하는 수식은 어떻게 쓰나요?
answer: 수식 속성에 if(and(now() > prop("마감일"), prop("상태") != "완료"), "기한 초과", "")를 입력해 보세요. 도움말 센터의 수식 레퍼런스에서 모든 함수를 확인하실 수 있습니다.

## select-property
noun: 선택 속성
bug: '상태' 선택 속성에 이름이 같은 옵션이 두 개 생겼는데, 어느 쪽으로 필터링해도 아무것도 안 나와요.
request: 다중 선택 옵션이 {n}0개가 넘는데, 한 번에 가나다순으로 정렬할 수 있으면 좋겠어요.
question: 선택 옵션의 색상은 어떻게 바꾸나요?
answer: 속성 제목을 클릭해 '속성 편집'을 선택한 뒤, 옵션 옆 메뉴에서 색상을 고르시면 됩니다. 변경 사항은 데이터베이스의 모든 페이지에 적용됩니다.

## date-property
noun: 날짜 속성
bug: 싱가포르 동료가 입력한 날짜가 서울에 있는 저희한테는 하루 전 날짜로 보여요.
bug: 서머타임이 바뀐 뒤로 날짜 속성 알림이 한 시간씩 늦게 와요.
request: 날짜 속성에서 '격주 월요일' 같은 반복 일정을 지원해 주세요.
question: 캘린더 보기에서 기간의 종료일까지 표시하려면 어떻게 하나요?
answer: 날짜 속성에서 '종료일'을 켠 다음, 캘린더 보기 설정의 '캘린더 표시 기준'에서 해당 속성을 선택하세요. 페이지가 기간 전체에 걸쳐 표시됩니다.

## relation-property
noun: 관계형 속성
bug: 관계형 속성으로 두 데이터베이스를 연결했는데 반대편에서는 연결된 페이지가 보이지 않아요.
bug: 다른 팀스페이스의 페이지와 연결된 관계형 속성이 팀원 절반에게는 '제목 없음'으로 보여요.
request: 법적인 이유로 워크스페이스를 두 개 쓰고 있어서, 관계형 속성이 다른 워크스페이스의 데이터베이스도 가리킬 수 있으면 좋겠어요.
request: 관계형 속성에 페이지를 하나만 연결하도록 제한할 수 있게 해 주세요. 지금은 프로젝트 하나에 고객사를 세 곳씩 연결하는 분들이 있어요.
question: '프로젝트'와 '고객사' 데이터베이스 사이에 양방향 관계를 만들려면 어떻게 하나요?
answer: '프로젝트'에 관계형 속성을 추가하고 '고객사' 데이터베이스를 선택한 뒤 '고객사에 표시'를 켜세요. 그러면 '고객사'에도 대응하는 속성이 생기고 양쪽이 자동으로 동기화됩니다.

## rollup-property
noun: 롤업 속성
bug: 청구 금액을 합산하는 롤업 값이 연결된 페이지들을 직접 더한 값과 몇백 원씩 차이가 나요.
request: 롤업의 롤업을 지원해 주세요. 데이터베이스 세 단계에 걸친 합계가 필요해요.
question: 프로젝트별로 완료된 작업의 비율을 표시하려면 어떻게 하나요?
answer: '프로젝트'에 롤업 속성을 추가하고 '작업' 관계와 '상태' 속성을 선택한 뒤, 계산 방식을 '그룹별 비율'로 두고 '완료'를 고르세요. 진행률 막대로 표시할 수도 있습니다.

## table-view
noun: 표 보기
bug: 표 보기에서 조정한 열 너비가 다른 사람이 페이지를 열 때마다 초기화돼요.
bug: 표를 '담당자'로 그룹화하면 '빈 그룹 표시'를 켜 놔도 담당자가 없는 페이지가 모두 사라져요.
request: 표 보기에서 열 고정 기능이 있으면 좋겠어요. 가로로 스크롤해도 이름 열은 보이도록요.
question: 다른 보기에는 영향 없이 한 보기에서만 속성을 숨기려면 어떻게 하나요?
answer: 보기마다 속성 표시 설정이 따로 있습니다. 보기 메뉴에서 '속성'을 선택하고 눈 아이콘을 클릭하시면 되며, 다른 보기에는 영향을 주지 않습니다.

## board-view
noun: 보드 보기
bug: 보드에서 카드를 다른 열로 옮기면 1초 뒤에 원래 열로 튕겨 돌아가요.
request: 보드의 열마다 진행 중 작업(WIP) 한도를 설정할 수 있게 해 주세요.
question: 보드를 상태 말고 사람 속성으로 그룹화할 수 있나요?
answer: 네. 보드 메뉴에서 '그룹화'를 선택하시면 선택, 상태, 사람 속성 중 무엇으로든 그룹화할 수 있습니다.

## calendar-view
noun: 캘린더 보기
bug: 저희와 시간대가 다른 사람들에게는 캘린더 보기의 일정이 하루씩 밀려 보여요.
request: 시간 단위로 보이는 주간 보기가 있으면 캘린더 보기로 일정 관리를 할 수 있을 것 같아요.
question: 데이터베이스 캘린더를 제 캘린더 앱에서 구독하려면 어떻게 하나요?
answer: 캘린더 동기화 기능을 이용하시면 됩니다. '설정 > 연결'에서 캘린더 계정을 연결하고 공개할 데이터베이스 캘린더를 선택하세요.

## timeline-view
noun: 타임라인 보기
bug: 타임라인을 분기 단위로 축소하면 작업 간 의존 관계가 사라져요.
request: 타임라인 보기에 기준선이 있으면 좋겠어요. 계획과 실제 진행을 비교할 수 있게요.
request: 서로 다른 데이터베이스에 있는 프로젝트 간 의존 관계도 한 타임라인에서 보여 주세요.
question: 앞 작업이 끝나면 다음 작업이 자동으로 시작되게 하려면 어떻게 하나요?
answer: 타임라인 설정에서 의존 관계를 켠 뒤, 한 막대의 끝에서 다음 막대의 시작으로 드래그하세요. '후속 작업 자동 이동'을 켜 두면 앞 작업을 옮길 때 다음 작업도 함께 옮겨집니다.

## public-links
noun: 공개 링크
bug: '웹에 게시'를 켜 두었는데도 방문자에게 공개 도움말 페이지가 '페이지를 찾을 수 없음'으로 나와요.
request: 공개 페이지에 비밀번호를 걸 수 있게 해 주세요.
question: 공개 페이지가 검색 엔진에 노출되지 않게 하려면 어떻게 하나요?
answer: '공유'에서 '게시' 탭으로 이동해 '검색 엔진 색인 허용'을 끄시면 됩니다. 검색 결과에서 완전히 빠지기까지는 며칠이 걸릴 수 있습니다.

## guest-access
noun: 게스트 접근
bug: 초대한 게스트가 초대를 수락한 것으로 나오는데도 '접근 권한이 없습니다'라는 메시지가 떠요.
request: 게스트 초대가 30일 후에 자동으로 만료되면 좋겠어요.
question: 고객사 담당자를 특정 페이지에만 게스트로 초대하려면 어떻게 하나요?
answer: 해당 페이지에서 '공유'를 열고 고객 이메일을 입력한 뒤 '댓글 가능' 또는 '보기 가능'을 선택하세요. 그 페이지와 하위 페이지만 볼 수 있습니다.

## page-permissions
noun: 페이지 권한
bug: 상위 페이지에 '보기 가능' 권한만 있는 사람이 하위 페이지 하나를 편집할 수 있어요.
request: 내용은 편집할 수 있지만 데이터베이스 속성은 바꿀 수 없는 권한 단계를 추가해 주세요.
question: 공유 팀스페이스 안에서 특정 페이지만 비공개로 하려면 어떻게 하나요?
answer: 페이지에서 '공유'를 열고 '팀스페이스 전체'를 '접근 권한 없음'으로 바꾼 다음, 볼 수 있어야 하는 분들만 추가하세요.

## teamspaces
noun: 팀스페이스
bug: 페이지를 다른 팀스페이스로 옮겼더니 기존 공유 설정이 전부 사라졌어요.
request: 부서마다 하위 팀을 둘 수 있도록 중첩 팀스페이스를 지원해 주세요.
question: 일부 사람만 참여할 수 있는 팀스페이스는 어떻게 만드나요?
answer: 팀스페이스를 만든 뒤 팀스페이스 설정에서 유형을 '비공개'로 바꾸세요. 그러면 팀스페이스 소유자만 멤버를 추가할 수 있습니다.

## rest-api
noun: API
bug: {rows}행이 넘는 데이터베이스를 조회하면 API가 500 오류를 반환해요.
bug: API로 페이지를 만들 때 보낸 아이콘이 무시돼요.
request: 댓글을 읽고 쓸 수 있는 API 엔드포인트를 추가해 주세요.
question: API에 쓸 데이터베이스 ID는 어디서 확인하나요?
answer: 데이터베이스를 전체 페이지로 열고 링크를 복사하세요. '?v=' 앞의 32자리 문자열이 데이터베이스 ID입니다. 데이터베이스를 통합(인테그레이션)에 공유하는 것도 잊지 마세요.

## api-rate-limits
noun: API 호출 한도
bug: 초당 {n}건 정도만 보내도 429 오류가 나요. 문서에 나온 한도보다 훨씬 낮은데요.
request: 매일 밤 {rows}건을 동기화해야 해서 API 호출 한도를 늘려 주셨으면 합니다.
question: 한도에 걸리지 않고 큰 데이터베이스를 동기화하는 좋은 방법이 있을까요?
answer: 페이지네이션 커서를 사용하고 초당 최대 3건까지만 요청하세요. 429 응답을 받으면 Retry-After 헤더에 적힌 초만큼 기다린 뒤 다시 시도하시면 됩니다. last_edited_time으로 필터링하면 변경된 항목만 동기화할 수 있습니다.

## webhooks
noun: 웹훅
bug: 이틀 전부터 웹훅으로 페이지 업데이트가 안 들어오고, 전송 로그에도 아무것도 없어요.
request: 새 페이지뿐 아니라 데이터베이스 속성 변경에도 웹훅 이벤트를 보내 주세요.
question: 웹훅 요청이 정말 Quirewell에서 온 건지 어떻게 확인하나요?
answer: 모든 요청에는 X-Quirewell-Signature 헤더가 있습니다. 서명 시크릿으로 원본 본문의 HMAC-SHA256 값을 계산해 비교하시면 됩니다. 시크릿은 웹훅 설정 페이지에서 확인할 수 있습니다.

## slack-integration
noun: 슬랙 연동
bug: 저희 페이지 링크를 슬랙에 올려도 미리보기가 안 나오고 URL만 덩그러니 보여요.
request: 슬랙 메시지를 클릭 한 번으로 페이지로 만들 수 있으면 좋겠어요.
question: 데이터베이스 페이지의 상태가 바뀌면 슬랙으로 알림을 받을 수 있나요?
answer: 데이터베이스에 자동화를 추가하세요. 트리거는 '속성 편집됨: 상태', 동작은 '슬랙 알림 보내기'로 설정하고 채널을 선택하시면 됩니다.

## github-integration
noun: 깃허브 연동
bug: 작업에 연결된 풀 리퀘스트를 머지해도 작업 상태가 더 이상 바뀌지 않아요.
request: 자체 호스팅하는 GitHub Enterprise Server도 지원해 주세요. 저희 코드는 github.com에 없어요.
question: 풀 리퀘스트를 작업에 자동으로 연결하려면 어떻게 하나요?
answer: '설정 > 연결'에서 깃허브를 연결한 뒤, 브랜치 이름이나 풀 리퀘스트 제목에 작업 ID(예: QW-123)를 넣으세요. 풀 리퀘스트가 작업에 표시되고 상태도 바꿀 수 있습니다.

## calendar-sync
noun: 캘린더 동기화
bug: 캘린더 동기화를 켰더니 구글 캘린더에 모든 회의가 두 번씩 생겨요.
request: 아웃룩 캘린더도 지원해 주세요. 회사 대부분이 Microsoft 365를 써요.
question: 저에게 배정된 페이지만 캘린더로 동기화할 수 있나요?
answer: 네. 먼저 '담당자가 나'로 필터링한 데이터베이스 보기를 만들고, 캘린더 동기화를 설정할 때 그 보기를 선택하시면 됩니다.

## ios-app
noun: iOS 앱
bug: 큰 표가 있는 페이지를 열면 iOS 앱이 바로 종료돼요.
bug: 아이패드에서 긴 페이지를 편집하면 키보드가 입력 중인 글자를 가려요.
request: iOS 앱에 홈 화면 위젯을 추가해 주세요.
question: 아이폰 사파리에서 웹 페이지를 Quirewell에 저장하려면 어떻게 하나요?
answer: 사파리에서 공유 버튼을 누르고 앱 목록에서 Quirewell을 찾으세요(없으면 '더 보기'에서 추가). 그다음 저장할 페이지나 데이터베이스를 선택하시면 됩니다.

## android-app
noun: 안드로이드 앱
bug: 안드로이드 앱이 이삼일마다 저절로 로그아웃돼요.
bug: 안드로이드 앱에서 삼성 키보드로 입력하면 단어마다 마지막 글자가 두 번씩 입력돼요.
request: 안드로이드에서도 다크 모드가 시스템 설정을 따라가게 해 주세요.
question: 안드로이드에서 댓글 푸시 알림만 끄려면 어떻게 하나요?
answer: 앱에서 '설정 > 알림 > 모바일'로 이동해 '댓글'을 끄시면 됩니다. 멘션과 리마인더 알림은 계속 받으실 수 있습니다.

## offline-mode
noun: 오프라인 모드
bug: '오프라인 사용 가능'으로 표시해 둔 페이지가 비행기 안에서는 빈 화면으로 나와요.
bug: {platform}에서 오프라인으로 수정한 내용이 다시 연결되니까 사라졌어요.
request: 팀스페이스 전체를 오프라인으로 쓸 수 있게 해 주세요. 현장 직원들이 하루 종일 신호가 없는 곳에서 일해요.
request: 페이지 하나하나가 아니라 데이터베이스 전체를 오프라인용으로 지정할 수 있으면 좋겠어요.
question: 비행기 타기 전에 페이지를 오프라인에서도 볼 수 있게 하려면 어떻게 하나요?
answer: 해당 기기에서 페이지를 열고 페이지 메뉴에서 '오프라인 사용 가능'을 선택한 뒤 체크 표시가 뜰 때까지 기다리세요. 하위 페이지는 현재 각각 따로 지정해야 합니다.

## sync-conflicts
noun: 동기화
bug: 두 사람이 같은 페이지를 동시에 편집했는데 한 사람의 수정 내용이 아무 경고 없이 덮어써졌어요.
bug: {platform}에서 '동기화 중...'이 계속 떠 있고 수정한 내용이 웹에 반영되지 않아요.
request: 충돌이 생기면 조용히 한쪽 버전을 고르지 말고 분명하게 경고를 띄워 주세요.
question: 두 사람이 오프라인 상태에서 같은 블록을 수정하면 어떻게 되나요?
answer: 두 기기가 다시 연결되면 블록마다 가장 마지막 수정이 적용되고, 이전 내용은 페이지 기록에 남아 있어 필요하면 복원하실 수 있습니다.

## mac-app
noun: 맥 앱
bug: 맥 앱이 백그라운드에 그냥 켜져 있기만 해도 CPU를 {n}0%나 써요.
request: 맥 어디에서든 빠른 메모를 열 수 있는 전역 단축키를 추가해 주세요.
question: 링크를 브라우저 대신 맥 앱에서 열리게 하려면 어떻게 하나요?
answer: 맥 앱의 '설정'에서 '데스크톱 앱에서 링크 열기'를 켜 주세요. 그러면 브라우저가 링크를 앱으로 넘겨줍니다.

## windows-app
noun: 윈도우 앱
bug: 최근 업데이트 이후 윈도우 앱을 열면 하얀 빈 창만 떠요.
request: IT팀에서 일괄 배포할 수 있게 윈도우 앱 MSI 설치 파일을 제공해 주세요.
question: 관리자 권한 없이 윈도우 앱을 설치할 수 있나요?
answer: 기본 설치 프로그램은 사용자 단위로 설치되므로 관리자 권한이 필요 없습니다. 회사 전체에 배포하실 경우 다운로드 페이지의 MSIX 패키지를 이용하시면 됩니다.

## plan-comparison
noun: 요금제
request: 로그인한 상태에서는 요금제 페이지에 지금 쓰고 있는 요금제를 표시해 주세요.
question: 솔직히 저희가 어떤 요금제인지 모르겠어요. 플러스인가요, 비즈니스인가요?
question: 지금 저희가 쓰는 요금제가 뭔가요? SSO가 이미 포함되어 있는지 확인해야 해서요.
question: 돈은 계속 나가는데 어떤 요금제인지 안 보여요. 페이지 기록이 무제한인가요?
question: 업그레이드하기 전에 현재 요금제를 확인해 주실 수 있나요? 페이지에는 '요금제 비교'라고만 나와서요.
answer: 고객님은 현재 {plan:을} 이용하고 계십니다. '설정 > 결제' 맨 위에서 언제든 현재 요금제를 확인하실 수 있습니다.
answer: 고객님의 워크스페이스는 {plan}입니다. 요금제 페이지는 모든 분께 똑같이 보여서 현재 요금제가 표시되지 않는데, '설정 > 결제'에서 요금제와 갱신일을 함께 확인하실 수 있습니다.
answer: 지금은 {plan:을} 쓰고 계십니다. 요금제 페이지의 비교표에서 포함된 기능을 모두 확인하실 수 있고, '설정 > 결제'에서는 사용 한도도 보실 수 있습니다.
answer: 확인해 보니 고객님의 워크스페이스는 {plan}입니다. 업그레이드하시면 현재 요금제의 남은 기간만큼 자동으로 차감됩니다.

## plan-limits
noun: 요금제 한도
bug: 저희는 {plan:을} 쓰는데 업로드 한도가 여전히 5MB로 나와요.
request: 무료 요금제의 게스트 수를 조금만 늘려 주세요. 봉사 모임이라 10명으로는 부족해요.
question: 무료 요금제에서 블록 한도에 도달했어요. 업그레이드하지 않으면 저희 콘텐츠는 어떻게 되나요?
answer: 삭제되는 것은 없습니다. 기존 페이지는 계속 보고 편집하실 수 있으며, 업그레이드하거나 콘텐츠를 정리하시기 전까지 새 블록 추가만 일시 중지됩니다. 플러스 요금제로 업그레이드하시면 바로 해제됩니다.

## free-trial
noun: 무료 체험
bug: 배너에는 5일 남았다고 나왔는데 체험 기간이 일찍 끝나 버렸어요.
question: 비즈니스 체험을 일주일만 연장할 수 있을까요? 보안 검토가 아직 안 끝났어요.
answer: 물론입니다. 체험 기간을 14일 연장해 드렸고, 새 종료일은 '설정 > 결제'에서 확인하실 수 있습니다.

## invoices
noun: 청구서
bug: 멤버는 {people}명뿐인데 청구서에는 시트가 {seats}개로 나와요.
question: 지난달 청구서에 저희 사업자등록번호를 넣어 주실 수 있나요? 회계 담당자가 필요하다고 해서요.
question: 작년 청구서를 한꺼번에 다운로드하려면 어디로 가야 하나요?
answer: 네. '설정 > 결제 > 결제 정보'에 사업자등록번호를 입력해 주시면 지난달 청구서를 다시 발행해 드리겠습니다. 이후 청구서에는 자동으로 포함됩니다.
answer: '설정 > 결제 > 청구서'에서 모든 청구서를 PDF로 다운로드하실 수 있습니다. 워크스페이스 소유자와 결제 관리자가 볼 수 있습니다.

## payment-methods
noun: 결제 수단
bug: 카드 결제가 계속 '카드 거절'로 실패해요. 카드사에서는 아무 문제 없다고 하는데요.
question: 신용카드 대신 계좌 이체로 결제할 수 있나요?
answer: 비즈니스와 엔터프라이즈 요금제의 연간 결제는 계좌 이체가 가능합니다. 결제 담당자 정보를 회신해 주시면 청구서 결제 방식으로 바꿔 드리겠습니다.

## refunds
noun: 환불
question: 어제 실수로 업그레이드를 했는데 환불받을 수 있을까요?
question: 지난주에 멤버 {n}명을 내보냈는데, 그 시트 비용은 돌려받을 수 있나요?
answer: 문제없습니다. 이전 요금제로 되돌리고 결제 금액을 환불해 드렸습니다. 카드 명세서에 반영되기까지 영업일 기준 5~10일 정도 걸립니다.
answer: 삭제한 시트는 일할 계산되어 크레딧으로 적립되며, 카드로 환불되지 않고 다음 청구서에서 차감됩니다.

## seat-management
noun: 시트
bug: 게스트까지 정식 멤버처럼 요금이 청구됐어요.
request: 새 멤버가 유료 시트를 차지하기 전에 관리자가 승인할 수 있게 해 주세요.
question: 시트 수를 줄이려면 어떻게 하나요? 이번 달에 {n}명이 퇴사해요.
answer: '설정 > 멤버'에서 해당 멤버를 삭제하시면 시트 수와 다음 청구 금액이 자동으로 조정됩니다. 게스트는 시트를 차지하지 않습니다.

## annual-billing
noun: 연간 결제
question: 지금 연간 결제로 바꾸면 이번 달 남은 기간은 어떻게 되나요?
answer: 이번 달에 사용하지 않은 기간은 크레딧으로 적립되고, 오늘부터 연간 요금으로 1년이 시작됩니다. 월간 결제보다 약 20% 저렴합니다.

## csv-import
noun: CSV 가져오기
bug: {rows}행짜리 CSV를 가져오면 절반쯤에서 아무 안내 없이 멈춰요.
bug: CSV로 가져온 날짜가 전부 일반 텍스트가 돼요.
request: 가져오기 할 때 CSV 열을 기존 속성에 매핑할 수 있게 해 주세요.
question: 새 데이터베이스를 만들지 않고 기존 데이터베이스에 CSV를 가져오려면 어떻게 하나요?
answer: 데이터베이스를 열고 메뉴에서 'CSV와 병합'을 선택한 뒤 파일을 고르세요. 이름이 같은 열은 기존 속성에 채워지고, 나머지는 새 속성으로 추가됩니다.

## wiki-import
noun: 다른 위키에서 가져오기
bug: {other_tool}에서 가져왔더니 페이지에 있던 이미지가 전부 사라졌어요.
request: {other_tool}에서 바로 가져오는 기능을 만들어 주세요. 거기에 페이지가 {pages}개나 있어요.
question: {other_tool}에 있는 {pages}페이지 분량의 위키를 옮기려면 어떻게 하는 게 제일 좋을까요?
answer: {other_tool}에서 스페이스를 HTML zip으로 내보낸 뒤 '가져오기 > HTML zip'을 이용하세요. 페이지 구조와 첨부 파일은 그대로 옮겨지지만 댓글은 옮겨지지 않습니다.

## markdown-import
noun: 마크다운·워드 가져오기
bug: 워드 문서를 가져오면 표가 전부 일반 텍스트로 바뀌어요.
request: 마크다운 파일을 가져올 때 각주도 유지해 주세요.
question: 폴더에 있는 마크다운 파일을 한 번에 가져올 수 있나요?
answer: 네. 폴더를 zip으로 압축해 '가져오기 > 마크다운'으로 가져오시면 됩니다. 하위 폴더는 하위 페이지가 됩니다.

## pdf-export
noun: PDF 내보내기
bug: PDF로 내보내면 넓은 표의 오른쪽이 잘려요.
bug: 내보낸 PDF에서 고객 명단의 한글 이름이 전부 네모 칸으로 나와요.
request: 저희 머리글과 로고를 넣어서 PDF로 내보낼 수 있으면 좋겠어요.
question: 페이지와 모든 하위 페이지를 PDF 하나로 내보내려면 어떻게 하나요?
answer: 페이지 메뉴에서 '내보내기'를 선택하고 형식을 PDF로 고른 뒤 '하위 페이지 포함'을 켜세요. 비즈니스와 엔터프라이즈 요금제에서는 데이터베이스도 표로 함께 내보낼 수 있습니다.

## workspace-export
noun: 워크스페이스 내보내기
bug: 워크스페이스 전체 내보내기 메일이 오지 않아요. 벌써 {n}번이나 시도했어요.
request: 저희 S3 버킷으로 정기 자동 백업을 할 수 있게 해 주세요.
question: 워크스페이스 전체를 백업하려면 어떻게 하나요?
answer: '설정 > 워크스페이스 > 모든 워크스페이스 콘텐츠 내보내기'를 선택하시면 마크다운과 CSV 파일 zip이 만들어지고 다운로드 링크가 이메일로 발송됩니다. 엔터프라이즈 요금제에서는 관리자가 매주 자동 내보내기를 예약할 수 있습니다.

## ai-drafting
noun: AI 글쓰기 도우미
bug: 문단 하나만 선택했는데 '글 다듬기'가 페이지 전체를 바꿔 버렸어요.
request: AI 글쓰기에 회사 문체 규칙을 정해 둘 수 있으면 좋겠어요. 예를 들어 존댓말 통일, 느낌표 금지 같은 거요.
question: AI에게 문단을 좀 더 격식 있는 말투로 바꿔 달라고 하려면 어떻게 하나요?
answer: 문단을 선택한 뒤 스페이스 키를 누르거나 'AI에게 묻기'를 클릭하고 '어조 변경: 격식체'를 고르세요. 원하는 지시를 직접 입력하셔도 됩니다.

## ai-translation
noun: AI 번역
bug: 페이지를 일본어로 번역했더니 표가 전부 한 줄씩 흩어져 버렸어요.
request: 원문과 번역문을 나란히 볼 수 있게 해 주세요.
question: AI로 페이지 전체를 서식 그대로 번역할 수 있나요?
answer: 네. 페이지 메뉴에서 '페이지 번역'을 선택하고 언어를 고르시면 번역된 사본이 만들어지며, 제목과 목록, 표 서식이 그대로 유지됩니다.

## ai-page-summaries
noun: AI 요약
bug: 회의록 AI 요약에 아무도 내린 적 없는 결정 사항이 적혀 있어요.
bug: '이 페이지 요약'이 긴 페이지는 앞부분 절반만 요약해요.
bug: 블록이 {pages}개가 넘는 페이지에서는 요약 버튼이 몇 분씩 계속 돌기만 해요.
request: 페이지 내용이 바뀌면 요약도 자동으로 업데이트되면 좋겠어요.
request: 요약에 할 일마다 담당자가 누구인지도 적어 주면 좋겠어요.
request: 요약 길이를 한 줄이나 한 문단 중에서 고를 수 있게 해 주세요.
question: 모든 회의록 맨 위에 요약이 자동으로 들어가게 하려면 어떻게 하나요?
question: 이번 주 스탠드업 기록처럼 데이터베이스의 페이지들을 AI가 한꺼번에 요약할 수 있나요?
question: 요약은 어떤 정보를 바탕으로 만들어지나요? 팀장님이 다른 페이지도 읽는지 궁금해하세요.
answer: 회의록 템플릿에 'AI 요약' 블록을 추가하세요. 그 템플릿으로 만든 페이지에는 모두 요약이 들어가고, 회의가 끝난 뒤 클릭 한 번으로 새로 고칠 수 있습니다.
answer: 네. 데이터베이스를 열고 'AI에게 묻기'에서 '현재 보기 요약'을 선택하세요. 현재 보기에 있는 페이지를 사용하므로 먼저 이번 주로 필터링해 두시면 됩니다.
answer: 페이지 요약은 해당 페이지와 고객님이 볼 수 있는 하위 페이지의 내용만 사용합니다. 접근 권한이 없는 페이지는 절대 읽지 않습니다.

## ai-autofill
noun: AI 자동 채우기
bug: AI 자동 채우기가 일부 행에만 '감정' 속성을 채우고 나머지는 비워 둬요.
request: AI 자동 채우기가 편집할 때마다가 아니라 버튼을 눌렀을 때만 실행되면 좋겠어요.
question: 각 페이지에서 고객 이름을 자동으로 뽑아내는 속성은 어떻게 만드나요?
answer: 속성을 추가하고 유형으로 'AI 자동 채우기'를 고른 뒤 '이 페이지에 언급된 고객사'처럼 지시문을 적으세요. 기존 행이 채워지고 페이지가 바뀌면 자동으로 업데이트됩니다.

## ai-workspace-qa
noun: 워크스페이스 Q&A
bug: 사내 핸드북에 대해 AI에게 물어보면 보관 처리된 예전 페이지 내용으로 답해요.
request: 일부 팀스페이스는 AI 답변 대상에서 제외할 수 있게 해 주세요.
question: 워크스페이스 Q&A는 페이지 권한을 지키나요?
answer: 네. 답변은 질문한 분이 열어 볼 수 있는 페이지만 참고하며, 모든 답변에 출처 링크가 함께 표시됩니다.

## ai-credits
noun: AI 크레딧
bug: 거의 쓰지도 않았는데 AI 크레딧 사용량이 이번 달 {n}00회로 나와요.
request: 관리자가 누가 AI 크레딧을 가장 많이 쓰는지 볼 수 있으면 좋겠어요.
question: 이번 달 AI 응답 횟수를 다 쓰면 어떻게 되나요?
answer: 매월 1일에 크레딧이 갱신될 때까지 AI 도우미가 일시 중지됩니다. 관리자는 '설정 > 결제'에서 AI 애드온을 추가해 한도를 없앨 수 있습니다.

## slow-pages
noun: 페이지 로딩 속도
bug: {platform}에서 팀 위키 홈 페이지를 열면 {seconds}초 정도 걸려요.
bug: 긴 페이지에서 타이핑하면 키를 누르고 0.5초 뒤에야 글자가 나타나요.
request: 페이지가 다 로딩되기 전이라도 읽기 전용 화면을 먼저 보여 주면 좋겠어요.
question: 아주 긴 페이지를 더 빨리 열리게 할 방법이 있을까요?
answer: 하위 페이지로 나누고, 큰 임베드나 인라인 데이터베이스는 별도 페이지로 옮겨 보세요. 블록이 수천 개인 페이지는 눈에 띄게 느려집니다.

## large-databases
noun: 대용량 데이터베이스
bug: {rows}행짜리 데이터베이스는 필터링할 때마다 한참 걸리고 자주 시간 초과가 나요.
request: 10만 행 규모에서도 느려지지 않는 데이터베이스가 필요해요.
question: 데이터베이스가 몇 행쯤부터 느려지나요?
answer: 정해진 한도는 없지만, 롤업과 수식이 많은 보기는 약 2만 행을 넘으면 느려집니다. 필터링한 보기로 불러오는 행 수를 줄이면 훨씬 빨라집니다.

## search-speed
noun: 검색
bug: 페이지 제목을 정확히 입력해도 검색에서 찾지 못해요.
bug: 저희 워크스페이스에서는 검색 결과가 나오기까지 {seconds}초 정도 걸려요.
request: 작성자나 마지막 편집일 같은 검색 필터를 추가해 주세요.
question: 팀스페이스 하나 안에서만 검색하려면 어떻게 하나요?
answer: Ctrl+K(맥에서는 Cmd+K)로 검색을 열고 '필터'를 눌러 팀스페이스를 선택하세요. 작성자와 날짜로도 필터링할 수 있습니다.

## outages
noun: 서비스 안정성
bug: 오늘 오전에 {minutes}분 정도 저희 팀 누구도 페이지를 열 수 없었어요.
bug: 상태 페이지에는 정상이라고 나오는데 계속 '연결할 수 없음' 오류가 떠요.
request: 장애가 나면 워크스페이스 관리자에게 이메일로 알려 주세요.
question: 과거 장애 이력과 가동률은 어디서 볼 수 있나요?
answer: status.quirewell.example에서 현재와 과거 장애 내역을 확인하고 이메일 알림도 구독하실 수 있습니다. 엔터프라이즈 요금제에는 99.9% 가동률 SLA가 포함됩니다.

## sso-saml
noun: SAML SSO
bug: IdP에서 인증서를 교체한 뒤로 SAML 로그인이 '잘못된 응답' 오류로 실패해요.
request: 비즈니스 요금제에서도 SSO를 쓸 수 있게 해 주세요. 저희 규모에 엔터프라이즈는 너무 부담돼요.
question: Microsoft Entra ID로 SAML SSO를 설정하려면 어떻게 하나요?
answer: '설정 > 보안 > SAML SSO'에서 ACS URL과 엔터티 ID를 복사해 Entra ID의 새 엔터프라이즈 앱에 입력한 다음, 앱의 메타데이터 URL을 다시 붙여넣으세요. 도메인 인증을 먼저 완료해 주셔야 합니다.

## scim-provisioning
noun: SCIM 프로비저닝
bug: Okta에서 삭제한 사용자가 여기서는 여전히 활성 멤버로 나와요.
request: SCIM 그룹 푸시를 지원해서 팀스페이스가 Okta 그룹을 따라가게 해 주세요.
question: SCIM 토큰은 어떻게 발급하나요?
answer: 워크스페이스 소유자는 '설정 > 보안 > SCIM 프로비저닝'에서 토큰을 만들 수 있습니다. 토큰은 한 번만 표시되니 바로 IdP에 붙여넣어 주세요.

## two-factor
noun: 2단계 인증
bug: 인증 앱에서 받은 2단계 인증 코드가 매번 거부돼요.
request: 관리자가 모든 사용자에게 2단계 인증을 의무화할 수 있게 해 주세요.
question: 휴대폰을 잃어버렸어요. 2단계 인증이 켜진 계정에 어떻게 다시 로그인하나요?
answer: 2단계 인증을 설정할 때 저장해 두신 백업 코드로 로그인하세요. 백업 코드가 없으시면 계정 이메일로 회신해 주시면 본인 확인 후 초기화해 드리겠습니다.

## audit-log
noun: 감사 로그
bug: 감사 로그를 일주일보다 긴 기간으로 내보내면 파일이 비어 있어요.
request: 감사 로그를 저희 SIEM으로 실시간 전송할 수 있어야 해요.
question: 감사 로그 이벤트는 얼마나 보관되나요?
answer: 엔터프라이즈 요금제에서는 감사 로그 이벤트가 1년간 보관되며, '설정 > 보안 > 감사 로그'에서 언제든 CSV로 내보내실 수 있습니다.

## member-management
noun: 멤버 관리
bug: 내보낸 멤버가 예전에 공유한 링크로 여전히 페이지를 열 수 있어요.
request: 퇴사하는 직원의 페이지를 한 번에 팀장에게 넘길 수 있게 해 주세요.
question: 다른 사람을 워크스페이스 관리자로 지정하려면 어떻게 하나요?
answer: '설정 > 멤버'에서 해당 멤버를 찾아 역할을 '관리자'로 바꾸시면 됩니다. 워크스페이스 소유자만 변경할 수 있습니다.

## security-review
noun: 보안 검토
request: 하위 처리업체 목록을 공개하고 변경 사항을 구독할 수 있게 해 주세요.
question: SOC 2 보고서를 보내 주시고 저희 보안 설문도 작성해 주실 수 있나요?
answer: 물론입니다. SOC 2 Type II 보고서는 NDA 체결 후 트러스트 센터에서 받으실 수 있으며, 신청 양식을 보내 드렸습니다. 보안 설문은 보통 영업일 기준 5일 안에 회신해 드립니다.

## data-residency
noun: 데이터 보관 위치
request: 구매 심사를 통과하려면 데이터를 호주에 보관해야 해요.
question: 저희 워크스페이스 데이터를 EU 안에만 보관할 수 있나요?
answer: 네. 엔터프라이즈 요금제에서는 새 워크스페이스를 프랑크푸르트 리전에 둘 수 있습니다. 기존 워크스페이스는 예정된 점검 시간에 이전해 드릴 수 있습니다.
"""
