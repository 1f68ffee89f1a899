r"""Simplified Chinese texts of the demo workspace (format: :mod:`voxpop.demo.content`).

Written as mainland customers and a Chinese-speaking support team would write, not
translated line by line: the same topics and phrase keys as ``text_en``.
"""

PHRASES = r"""
## phrases
greet.email: 您好，
greet.email: 你好，
greet.email: Quirewell 团队你们好，
greet.email: 客服你好，
greet.email: 各位好，
greet.chat: 你好
greet.chat: 在吗？
greet.chat: 您好，
greet.chat: hi，
greet.chat: 你好，想咨询一下
open.bug: 我们好像遇到了一个 bug。
open.bug: 我们这边有个功能出问题了。
open.bug: 不确定是 bug 还是我操作有问题。
open.bug: 最近碰到一个很奇怪的问题。
open.bug: 有个问题困扰我们团队好几天了，想反馈一下。
open.request: 想提个建议。
open.request: 我们团队有个功能需求。
open.request: 有个功能我们一直很希望能有。
open.request: 一个小想法，但对我们帮助会很大。
open.request: 代表我们 {people} 人的团队提个需求。
open.question: 想问个问题。
open.question: 可能是我漏看了什么。
open.question: 能帮我看一下吗？
open.question: 帮助中心里没找到答案。
open.question: 麻烦指点一下。
open.billing: 想咨询一下账单的问题。
open.billing: 关于我们的订阅有个问题。
open.billing: 我们财务让我确认一件事。
open.billing: 问一个付费相关的问题。
open.pricing: 我现在正在看你们的价格页面。
open.pricing: 看了价格页，有点没看明白。
open.pricing: 刚才在价格页上对比了一下各个套餐。
detail.bug: 是从 {version} 版本更新之后开始的。
detail.bug: 在{platform}上每次都会出现。
detail.bug: 我们团队大概有 {people} 个人受影响。
detail.bug: 退出重新登录也没用。
detail.bug: 清过缓存了，还是不行。
detail.bug: 新建一个空白页面也能复现。
detail.bug: 大概 {days} 天前第一次发现。
detail.bug: 同事在{platform}上也遇到了同样的情况。
detail.request: 我们有 {people} 个人每天都会用到。
detail.request: 现在我们只能先用 Excel 表格凑合。
detail.request: 我们试过的好几个工具都已经支持了。
detail.request: 几乎每次开周会都会有人提到这个。
detail.request: 估计每个人每周能省半个小时左右。
detail.question: 我们用的是{plan}，不知道有没有关系。
detail.question: 我用的是{platform}。
detail.question: 文档我翻过了，没找到。
urgent: 这个问题卡住了我们{weekday}的上线。
urgent: 我们这边比较急。
urgent: 我们{weekday}要给客户做演示，麻烦尽快回复。
close.email: 谢谢！
close.email: 先谢过了。
close.email: 麻烦帮忙看一下。
close.email: 如果需要更多信息请随时告诉我。
close.email: 感谢！
close.chat: 谢谢
close.chat: 谢啦
close.chat: 有什么办法吗？
close.chat: 麻烦了
signoff: 祝好，\n{name}
signoff: 谢谢，\n{name}
signoff: {name}\n{company}
signoff: 此致\n{name}
followup.bug: 临时方案能用，先谢谢了。
followup.bug: 确认了，我们这边已经恢复正常，谢谢！
followup.bug_more: 好的，谢谢。大概什么时候能修好？
followup.bug_more: 好的，录屏已经附上了。
followup.bug_more: 刚刚在{platform}上又出现了一次。
followup.bug_more: 页面链接发你们了，已经共享给客服账号。
followup.request: 谢谢转达！有地方可以跟进进度吗？
followup.request: 好的，如果需要的话我们很乐意和你们产品团队开个会。
followup.request: 谢谢，希望能排进路线图。
followup.question: 可以了，谢谢！
followup.question: 太好了，正是我要找的。
followup.question: 明白了，谢谢这么快回复。
followup.question_more: 嗯……我这边没看到这个选项，是只有部分套餐才有吗？
followup.question_more: 试过了，还是没变化。还有什么可以检查的吗？
followup.thanks: 谢谢！
followup.thanks: 好的，收到，谢谢。
followup.thanks: 好的，感谢回复。
agent.greet: {first}您好，
agent.greet: 您好，{first}：
agent.greet: {first}您好，感谢联系我们。
agent.greet: 您好，{first}，感谢您的反馈。
agent.bug: 感谢您这么详细的描述。我们已经复现了这个问题，并转给了工程团队（内部编号 {ticket}）。
agent.bug: 非常抱歉给您带来不便。这是一个已知问题，计划在 {version_next} 版本中修复。
agent.bug: 感谢反馈。能否发一张截图和页面链接给我们？方便我们进一步排查。
agent.bug: 抱歉给您添麻烦了。工程师正在排查，一有进展我会第一时间在这里告诉您。
agent.request: 感谢您的建议，我已经把您的需求加到产品团队正在跟进的需求里了。
agent.request: 这个想法很好，其他客户也提过类似的需求，我已经转给产品团队。
agent.request: 目前还没法承诺具体时间，不过我已经把您的使用场景一起记录下来，方便团队评估优先级。
agent.question: 好问题！{answer}
agent.question: 很高兴为您解答。{answer}
agent.question: {answer}
agent.question: 没问题。{answer}
agent.billing: {answer}
agent.billing: 我帮您查了一下工作区的情况。{answer}
agent.billing: 感谢咨询。{answer}
agent.complaint: 真的非常抱歉。我已经把问题升级，我们的客服主管今天会直接联系您。
agent.complaint: 您的不满完全可以理解，这种情况本不应该发生。我已经和团队说明，会优先处理。
agent.complaint: 谢谢您这么直接地告诉我们。我已经反馈给团队负责人，一个工作日内给您答复。
agent.praise: 非常感谢您的肯定！我已经转达给团队了。
agent.praise: 看到您的留言我们整个团队都很开心，谢谢您抽空写信。
agent.close: 如果还有其他问题，随时联系我们。
agent.close: 祝您工作顺利！
agent.close: 有任何问题直接回复这封邮件即可。
agent.signoff: 祝好，\n{agent}\nQuirewell 客户支持
agent.signoff: {agent}\nQuirewell 客户支持团队
agent.final: 不客气！这个会话我先关闭了，之后有问题直接回复就行。
agent.final: 不客气！祝您这周一切顺利。
agent.final: 感谢告知，那我先把这个问题标记为已解决。
note.bug: 客户用的是{plan}，{seats} 个席位。已关联 {issue}。
note.bug: 已在{platform}上复现，升级到二线支持。
note.bug: 已知问题，跟踪单 {issue}，已发送临时解决方案。
note.request: 已加到“{noun}”需求看板，+1。
note.request: 已告知客户目前没有排期。
note.question: 已发送帮助中心文章链接。
note.question: 客户找错了设置页面，已解答。
note.complaint: 客户情绪比较大，已通知客户负责人 {owner}。
note.complaint: 有流失风险，已标记给 {owner}。
complaint.reliability: 这已经不是我第一次反馈这个问题了。{bug}我们付的是{plan}的钱，希望服务能对得起这个价格。
complaint.reliability: {bug}几周前就反馈过了，到现在一点变化都没有。团队里已经有人在问要不要换工具了。
complaint.reliability: 说实话我已经很无奈了。{bug}反反复复出现，浪费了我们大量时间。
complaint.support: 我 {days} 天前提交了一个关于{noun}的工单，到现在都没人回复。
complaint.support: 每次联系客服，都得把{noun}的问题从头到尾重新解释一遍。
complaint.support: 上次关于{noun}的回复就是复制粘贴了一篇帮助文章，根本没回答我的问题。
complaint.pricing: 续费价格一下涨了将近三分之一，事先也没有任何通知，这样对待老客户不太合适吧。
complaint.pricing: 就为了用{noun}，非得升级到更贵的套餐，感觉不太公平。
complaint.pricing: 很多席位其实没人在用，但又没有简单的办法看出哪些人不活跃，我们一直在为这些席位买单。
praise.product: 特别想感谢一下你们的{noun}，我们团队效率提高了很多。
praise.product: {noun}我们已经重度使用一个月了，整个团队都很满意。
praise.product: 非常感谢{noun}，帮我们替换掉了另外两个工具。
praise.support: 你们的客服当天就帮我们解决了{noun}的问题，太感谢了！
praise.support: 昨天 {agent} 非常耐心地帮了我们很久，请代我们向 TA 道谢。
subject.bug: {noun}无法正常使用
subject.bug: {noun}出问题了
subject.bug: Bug：{platform}上的{noun}
subject.bug: {version} 更新后{noun}异常
subject.bug: 【紧急】{noun}用不了
subject.request: 功能建议：{noun}
subject.request: 关于{noun}的建议
subject.request: {noun}的一点想法
subject.question: 关于{noun}的问题
subject.question: {noun}怎么用？
subject.question: 求助：{noun}
subject.billing: 账单问题：{noun}
subject.billing: 关于我们{plan}订阅的问题
subject.billing: {noun}
subject.pricing: 我们现在是哪个套餐？
subject.pricing: 价格页相关问题
subject.pricing: 搞不清楚套餐
subject.complaint: 对{noun}很失望
subject.complaint: 关于{noun}的投诉
subject.complaint: 很不满意
subject.praise: 谢谢你们！
subject.praise: 太喜欢{noun}了
subject.praise: 给团队点个赞
subject.call: 与{company}的通话：{noun}
subject.call: {company}定期回访电话
subject.survey: NPS 反馈（{score} 分）
subject.idea: 关于{noun}的想法
subject.idea: {noun}
subject.deal: 丢单：{company}
subject.deal: {company}：因{noun}丢单
subject.sales: 需求沟通记录：{company}
subject.sales: {company}评估记录
subject.social: {network}上的提及
subject.social: {network}上关于{noun}的帖子
social.bug: 今天还有人遇到{noun}的问题吗？我在{platform}上一上午都用不了 @quirewell
social.bug: @quirewell 我们整个团队今天{noun}都出问题了，有进展吗？
social.request: @quirewell {noun}有计划改进吗？{request}
social.request: 跪求 @quirewell：{request}谢谢！
social.complaint: @quirewell 这个月{noun}已经是第三次出问题了，我们可是付费用户啊。
social.complaint: 最近 @quirewell 的{noun}真的很让人失望，有没有可以替代的工具推荐？
social.praise: 不得不说，@quirewell 的{noun}真是我们团队今年最大的惊喜。
social.praise: 给 @quirewell 点个赞，{noun}刚刚帮我省了一个小时。
social.reply_sorry: 非常抱歉！方便私信发一下您的工作区邮箱吗？我们马上看一下。
social.reply_sorry: 我们正在排查，感谢告知！
social.reply_thanks: 谢谢您，看到这条太开心了！
social.reply_thanks: 感谢支持！
social.reply_request: 谢谢建议！已经转给产品团队了。
social.reply_request: 好主意！可以发到我们的想法看板上吗？这样其他用户也能投票。
call.customer_open: 嗯，主要是这么个事儿。
call.customer_open: 对，基本上是这样的。
call.customer_open: 那个，我先说最主要的问题吧。
call.customer_open: 今天约这个电话主要是想聊一下。
call.agent_ack: 明白。能具体说一下当时是什么情况吗？
call.agent_ack: 嗯嗯，理解。
call.agent_ack: 好的，我记一下。这种情况多久出现一次？
call.customer_more: 对。{detail}
call.customer_more: 是的，还有一点，{detail}
call.customer_more: 嗯，我再补充一下。{detail}
call.agent_wrap: 好的，我会跟进这个问题，通话结束后把纪要发给您。
call.agent_wrap: 了解了。我会把这个反馈给产品团队，下周给您答复。
call.summary: 通话纪要：{company}提到了{noun}的问题。下一步：{agent}在{weekday}前跟进。
call.summary: 通话记录：主要话题是{noun}；客户当前为{plan}，{seats} 个席位。
survey.praise: 对{noun}非常满意，继续加油！
survey.praise: 很喜欢这个产品，尤其是{noun}。
survey.complaint: {bug}把这个修好了我会打更高的分。
survey.complaint: 最近{noun}的问题太多了。
survey.pricing: 产品不错，但价格越来越难说服我们的财务了。
survey.pricing: 如果{noun}的计费能简单一点，我会打更高的分。
survey.request: 整体很好用。{request}
survey.request: 只差一点就能打 10 分了：{request}
idea.body: {request}{detail}
idea.body: {request}
idea.reply: 感谢您的想法！状态已更新为“评估中”。
idea.reply: 已与现有的想法合并，您的投票已计入。
deal.reason: 客户最后选了 {competitor}，对方已经有这个功能。
deal.reason: 客户的安全团队不同意在没有这个功能的情况下签约。
deal.reason: 预算被砍，项目推迟到明年。
deal.reason: 评估期间我们的内部支持者离职了。
deal.reason: 价格没问题，决定性因素是{noun}的差距。
deal.lost: 丢单：{company}，{seats} 个席位，{amount}。主要原因：缺少{noun}。{reason}客户原话：“{request}”
deal.lost: {company}丢单（{amount}）。{reason}主要差距：{noun}。最后一次通话时客户说：“{request}”
sales.note: 与{company}的{name}做了需求沟通。评估规模约 {people} 人。必须满足：{noun}。{request}
sales.note: 和{company}的{name}聊过。他们很喜欢编辑器，但{noun}是硬性要求。原话：“{request}”
plan.free: 免费版
plan.plus: Plus 版
plan.business: 商业版
plan.enterprise: 企业版
platform.web-chrome: Chrome
platform.web-safari: Safari
platform.web-firefox: Firefox
platform.web-edge: Edge 浏览器
platform.mac: Mac 客户端
platform.windows: Windows 客户端
platform.ios: iPhone 应用
platform.android: 安卓手机
value.weekday: 周一
value.weekday: 周二
value.weekday: 周三
value.weekday: 周四
value.weekday: 周五
value.network: 微博
value.network: 小红书
value.network: 即刻
value.competitor: Pagewise
value.competitor: Docktail
value.competitor: Tablewright
value.other_tool: Wikiloom
value.other_tool: Knowbase
value.other_tool: Pagestack
value.agent: 王静
value.agent: 刘洋
value.agent: 陈晓雨
value.agent: 赵磊
"""

TOPICS = r"""
## block-drag-and-drop
noun: 拖拽功能
bug: 把块拖进折叠列表（toggle）里，一松手就弹回原来的位置。
bug: 把块拖进两栏布局时，整栏被删掉了，块却没有移过去。
request: 希望可以一次选中多个块，直接拖到侧边栏里的另一个页面。
question: 怎么把一个块移到另一个页面，不用复制粘贴？
answer: 按住块左侧的拖动手柄，拖到侧边栏里的目标页面上即可；也可以在块菜单里选“移动到”，再搜索目标页面。

## code-blocks
noun: 代码块
bug: 往代码块里粘贴代码时缩进全没了，我们的 Python 代码片段全乱了。
bug: 代码块设置好语言后，一刷新又变回了纯文本，高亮也没了。
request: 能不能给代码块加上 Terraform 和 Elixir 的语法高亮？
request: 希望代码块能显示行号，并且有自动换行开关。
question: 能不能给所有新建的代码块设置一个默认语言？
answer: 目前还不能按工作区设置，不过代码块会记住您在当前设备上最后选择的语言。另外，输入 ```python 再按空格，也能直接创建 Python 代码块。

## embed-blocks
noun: 嵌入块
bug: 从昨天开始，Figma 嵌入只显示一个灰色方框，但链接在浏览器里是能正常打开的。
bug: 视频嵌入在{platform}上播放不了，只显示一块黑屏。
request: 希望能嵌入白板和录屏，并且可以直接预览。
question: 怎么嵌入一个在线表格，让它自动更新？
answer: 把表格的分享链接粘贴到空行里，选择“嵌入”即可。请确认表格已经共享给所有会看这个页面的人，否则他们会看到登录提示。

## comments-mentions
noun: 评论和 @ 提及
bug: 在评论里 @ 同事，对方一直收不到通知。
bug: 已经解决的评论过几个小时又重新出现在页面上。
request: 希望能把评论指派给某个人，当作一个简单的待办。
question: 有没有地方能集中看到所有 @ 我的评论？
answer: 有的：打开侧边栏的“收件箱”，筛选“提及”即可。也可以在“设置 > 通知”里开启每日邮件摘要。

## page-history
noun: 页面历史
bug: 恢复上周二的版本后，只有标题回来了，正文内容没有恢复。
bug: 在{platform}上编辑过的页面，页面历史里一个版本都没有。
request: 页面历史能不能保留更久一点？只保留一周，不够我们做审计用。
question: 怎么把页面恢复到昨天的样子？
answer: 打开页面，点击右上角的时钟图标，选择昨天的版本，再点“恢复”即可。当前版本会作为一条新记录保留，不会丢失任何内容。

## page-templates
noun: 页面模板
bug: 用模板按钮新建的页面被建到了错误的数据库里。
request: 希望能锁定模板，防止有人不小心直接改了模板本身。
question: 怎么做一个团队空间里所有人都能用的模板？
answer: 在该团队空间里新建页面，打开页面菜单选择“存为模板”。之后所有能访问这个团队空间的人都可以在“模板”里看到它。

## formula-property
noun: 公式属性
bug: 我改了一个属性的名字之后，所有用到它的公式都显示“无效属性”，可名字看起来明明是对的。
bug: 我们用来计算两个日期相差天数的公式，有一半的行结果差了一天。
request: 希望公式可以直接读取关联页面的属性，不用再中间加一个汇总属性。
question: 怎么写一个公式，在截止日期已过且状态不是“完成”时显示“已逾期”？
answer: 可以在公式属性里写：if(and(now() > prop("截止日期"), prop("状态") != "完成"), "已逾期", "")。帮助中心的公式参考里有所有函数的说明。

## select-property
noun: 单选和多选属性
bug: 我们“状态”属性里现在有两个同名选项，按其中任何一个筛选都什么也筛不出来。
request: 多选选项已经有 {n}0 多个了，希望能一键按字母排序。
question: 怎么修改单选选项的颜色？
answer: 点击属性标题，选择“编辑属性”，再点选项旁边的菜单就可以选颜色了。修改会应用到整个数据库的所有页面。

## date-property
noun: 日期属性
bug: 新加坡同事填的日期，我们在北京看到的都早了一天。
bug: 夏令时切换之后，日期属性上的提醒都晚了一个小时。
request: 希望日期属性支持重复日期，比如“每隔一周的周一”。
question: 怎么在日历视图里显示日期范围的结束日期？
answer: 打开日期属性，开启“结束日期”；然后在日历视图设置的“日历显示依据”里选择这个属性，页面就会横跨整个日期范围显示。

## relation-property
noun: 关联属性
bug: 用关联属性把两个数据库连起来之后，在另一边看不到关联的页面。
bug: 关联到其他团队空间的页面，团队里有一半的人看到的都是“无标题”。
request: 希望关联属性能指向另一个工作区里的数据库，因为合规原因我们必须分两个工作区。
request: 希望能限制关联属性只能选一个页面，现在经常有人给一个项目关联了三个客户。
question: 怎么在“项目”和“客户”两个数据库之间建立双向关联？
answer: 在“项目”里新增一个关联属性，选择“客户”数据库，并开启“在客户中显示”。这样“客户”里会自动出现对应的属性，两边会保持同步。

## rollup-property
noun: 汇总属性
bug: 我们用汇总属性算发票金额合计，和关联页面逐条加起来对比，差了几百块。
request: 希望支持“汇总的汇总”，我们需要跨三层数据库算合计。
question: 怎么显示每个项目已完成任务的百分比？
answer: 在“项目”里添加汇总属性，选择“任务”关联和“状态”属性，计算方式选“各分组占比”，再选“完成”。还可以显示成进度条。

## table-view
noun: 表格视图
bug: 表格视图里调好的列宽，只要别人打开页面就会被重置。
bug: 表格按“负责人”分组后，没有负责人的页面全都不见了，即使开了“显示空分组”也一样。
request: 希望表格视图支持冻结列，横向滚动时名称列能一直显示。
question: 怎么只在一个视图里隐藏某个属性，而不影响其他视图？
answer: 每个视图的属性显示是独立的：打开视图菜单，选择“属性”，点击眼睛图标即可，其他视图不受影响。

## board-view
noun: 看板视图
bug: 在看板上把卡片拖到另一列，过一秒又弹回原来那一列。
request: 希望看板的每一列都可以设置在制品（WIP）上限。
question: 看板能不能按人员属性分组，而不是按状态？
answer: 可以：打开看板菜单，选择“分组”，任何单选、状态或人员属性都可以用来分组。

## calendar-view
noun: 日历视图
bug: 不在我们时区的同事，在日历视图里看到的事件都错了一天。
request: 希望日历视图有按小时显示的周视图，这样才能用来排日程。
question: 怎么在自己的日历应用里订阅数据库日历？
answer: 这需要用到日历同步：打开“设置 > 连接”，连接您的日历账号，再选择要同步的数据库日历即可。

## timeline-view
noun: 时间线视图
bug: 时间线缩放到季度视图时，任务之间的依赖关系就消失了。
request: 希望时间线视图能设置基线，方便对比计划和实际进度。
request: 希望不同数据库里的项目依赖能显示在同一条时间线上。
question: 怎么让一个任务在前一个任务结束后自动开始？
answer: 先在时间线设置里开启依赖关系，然后从一个任务条的末端拖到下一个任务条的开头。开启“自动顺延后续任务”后，移动前一个任务，后面的任务也会跟着移动。

## public-links
noun: 公开链接
bug: 我们明明开了“发布到网络”，访客打开公开的帮助页面却显示“页面不存在”。
request: 希望能给公开页面设置访问密码。
question: 怎么让公开页面不被搜索引擎收录？
answer: 打开“分享”，进入“发布”，关闭“允许搜索引擎索引”即可。搜索引擎可能需要几天时间才会移除该页面。

## guest-access
noun: 访客权限
bug: 邀请的访客显示已经接受邀请了，但打开页面还是提示“您没有访问权限”。
request: 希望访客邀请可以在 30 天后自动失效。
question: 怎么邀请客户以访客身份只看某一个页面？
answer: 在该页面点击“分享”，输入客户的邮箱，选择“可评论”或“可查看”即可。对方只能看到这个页面及其子页面。

## page-permissions
noun: 页面权限
bug: 对父页面只有“可查看”权限的人，居然能编辑其中一个子页面。
request: 希望增加一种权限：可以编辑内容，但不能修改数据库属性。
question: 在共享的团队空间里，怎么把某个页面设为私密？
answer: 在该页面打开“分享”，把“团队空间所有成员”改为“无访问权限”，再单独添加需要查看的人即可。

## teamspaces
noun: 团队空间
bug: 把页面移动到另一个团队空间后，原来的共享设置全都没了。
request: 希望支持嵌套团队空间，这样每个部门下面可以再分小组。
question: 怎么创建一个只有部分人能加入的团队空间？
answer: 创建团队空间后，在团队空间设置里把类型改为“封闭”。之后只有团队空间所有者才能添加成员。

## rest-api
noun: API
bug: 查询超过 {rows} 行的数据库时，API 一直返回 500 错误。
bug: 通过 API 创建页面时，我们传的图标被忽略了。
request: 希望 API 能增加读写评论的接口。
question: API 里要用的数据库 ID 在哪里找？
answer: 以整页方式打开数据库并复制链接，“?v=”前面那串 32 位字符就是数据库 ID。另外别忘了把数据库共享给您的集成应用。

## api-rate-limits
noun: API 调用频率限制
bug: 每秒才 {n} 个请求左右就开始返回 429，远低于文档里写的上限。
request: 我们每晚要同步 {rows} 条记录，希望能提高 API 的频率限制。
question: 同步大型数据库时，怎样才能不触发频率限制？
answer: 请使用分页游标，每秒最多发送 3 个请求；收到 429 时，按 Retry-After 响应头里的秒数等待后再重试。按 last_edited_time 筛选，可以只同步有变化的内容。

## webhooks
noun: Webhook
bug: 两天前开始，我们的 Webhook 就收不到页面更新了，投递日志里也什么都没有。
request: 希望 Webhook 能支持数据库属性变更事件，而不只是新建页面。
question: 怎么验证 Webhook 请求确实来自 Quirewell？
answer: 每个请求都带有 X-Quirewell-Signature 请求头：用您的签名密钥对原始请求体计算 HMAC-SHA256，再进行比对即可。密钥可以在 Webhook 设置页面查看。

## slack-integration
noun: Slack 集成
bug: 我们的页面链接发到 Slack 里不再显示预览了，只剩一个光秃秃的网址。
request: 希望能一键把 Slack 消息转成页面。
question: 数据库里的页面状态变化时，怎么在 Slack 里收到通知？
answer: 给数据库添加一个自动化：触发条件选“属性被编辑：状态”，动作选“发送 Slack 通知”，再选择频道即可。

## github-integration
noun: GitHub 集成
bug: 关联到任务的 Pull Request 合并后，任务状态不再自动更新了。
request: 希望支持私有部署的 GitHub Enterprise Server，我们的代码不在 github.com 上。
question: 怎么把 Pull Request 自动关联到任务？
answer: 先在“设置 > 连接”里连接 GitHub，然后在分支名或 Pull Request 标题里写上任务 ID（比如 QW-123）。Pull Request 会显示在任务里，还能自动更新任务状态。

## calendar-sync
noun: 日历同步
bug: 开了日历同步之后，Google 日历里每个会议都出现了两遍。
request: 希望支持 Outlook 日历，我们公司大部分人用的是 Microsoft 365。
question: 能不能只把分配给我的页面同步到我的日历？
answer: 可以：先建一个筛选条件为“负责人是我”的数据库视图，设置日历同步时选择这个视图即可。

## ios-app
noun: iOS 应用
bug: iOS 应用一打开带大表格的页面就闪退。
bug: 在 iPad 上编辑长页面时，键盘会挡住正在输入的文字。
request: 希望 iOS 应用能支持桌面小组件。
question: 在 iPhone 的 Safari 里怎么把网页保存到 Quirewell？
answer: 在 Safari 里点“分享”，在应用列表里找到 Quirewell（或者在“更多”里添加），再选择要保存到的页面或数据库即可。

## android-app
noun: 安卓应用
bug: 安卓应用每隔一两天就把我自动退出登录。
bug: 在安卓应用里用搜狗输入法打字，每个词的最后一个字都会重复一次。
request: 希望安卓上的深色模式能跟随系统设置。
question: 在安卓上怎么只关闭评论的推送通知？
answer: 在应用里进入“设置 > 通知 > 移动端”，关闭“评论”即可，提及和提醒仍会正常推送。

## offline-mode
noun: 离线模式
bug: 已经标记为“离线可用”的页面，上了飞机打开还是一片空白。
bug: 我在{platform}上离线做的修改，重新联网后全没了。
request: 希望整个团队空间都能离线使用，我们的外勤人员一整天都没信号。
request: 希望能选择整个数据库离线保存，而不只是单个页面。
question: 坐飞机之前怎么确保页面能离线打开？
answer: 在该设备上打开页面，在页面菜单里选择“离线可用”，等出现对勾就好了。目前子页面需要分别单独标记。

## sync-conflicts
noun: 同步
bug: 我们两个人同时编辑一个页面，其中一个人的修改被悄无声息地覆盖掉了。
bug: {platform}一直显示“正在同步…”，我的修改始终没有同步到网页版。
request: 发生冲突时希望能明确提示，而不是悄悄选一个版本保留。
question: 如果两个人离线时编辑了同一个块，会怎么样？
answer: 两台设备重新联网后，每个块以最后一次编辑为准，较早的内容会保留在页面历史里，需要的话可以恢复。

## mac-app
noun: Mac 客户端
bug: Mac 客户端就算只是挂在后台，CPU 占用也有 {n}0%。
request: 希望在 Mac 上加一个全局快捷键，随时呼出快速记录。
question: 怎么让链接直接在 Mac 客户端里打开，而不是在浏览器里？
answer: 在 Mac 客户端的“设置”里开启“在桌面应用中打开链接”，之后浏览器就会把链接交给客户端打开。

## windows-app
noun: Windows 客户端
bug: 最新一次更新之后，Windows 客户端打开只有一个白屏窗口。
request: 希望提供 MSI 安装包，方便我们 IT 统一部署 Windows 客户端。
question: 没有管理员权限，怎么安装 Windows 客户端？
answer: 标准安装包是按用户安装的，不需要管理员权限。如果要全公司统一部署，下载页面上也提供 MSIX 安装包。

## plan-comparison
noun: 我们的套餐
request: 希望登录后在价格页上直接标出我们当前的套餐。
question: 说实话我分不清我们现在是哪个套餐，是 Plus 版还是商业版？
question: 我们现在用的是哪个套餐？我需要确认一下是不是已经包含单点登录了。
question: 我们一直在付费，但看不出是哪个套餐。我们有无限的页面历史吗？
question: 升级之前能帮我确认一下当前套餐吗？页面上只写着“对比套餐”。
answer: 您目前使用的是{plan}。您随时可以在“设置 > 账单”里查看，当前套餐会显示在最上方。
answer: 您的工作区目前是{plan}。价格页对所有人显示的内容都一样，不会标出您的套餐；在“设置 > 账单”里可以看到当前套餐和续费日期。
answer: 您现在用的是{plan}。价格页上的套餐对比表列出了这个套餐包含的全部功能，“设置 > 账单”里也能看到各项限额。
answer: 我帮您查了一下，您的工作区是{plan}。如果升级，当前套餐未使用的部分会自动抵扣。

## plan-limits
noun: 套餐限额
bug: 我们已经是{plan}了，上传限制却还显示 5 MB。
request: 希望免费版能多给几个访客名额，10 个对我们的志愿者团队来说不够用。
question: 我们在免费版上达到了块数量上限。如果不升级，我们的内容会怎么样？
answer: 内容不会被删除：现有页面仍然可以查看和编辑，只是在升级或删减内容之前暂时不能新增块。升级到 Plus 版后会立即解除限制。

## free-trial
noun: 免费试用
bug: 横幅上明明写着还剩五天，我们的试用却提前结束了。
question: 我们的商业版试用能延长一周吗？安全评审还没走完。
answer: 当然可以。我已经帮您把试用延长了 14 天，新的到期日可以在“设置 > 账单”里看到。

## invoices
noun: 发票
bug: 我们只有 {people} 个成员，发票上却是 {seats} 个席位。
question: 能不能在上个月的发票上补上我们的税号？会计那边需要。
question: 去年的所有发票在哪里可以下载？
answer: 可以：请先在“设置 > 账单 > 账单信息”里填写税号，我会帮您重新开具上个月的发票，之后的发票都会自动带上税号。
answer: 在“设置 > 账单 > 发票”里可以看到所有发票，每张都可以下载 PDF。工作区所有者和账单管理员都有权限查看。

## payment-methods
noun: 付款方式
bug: 我们的信用卡付款一直失败，提示“卡被拒绝”，但银行说一切正常。
question: 可以用对公转账代替信用卡付款吗？
answer: 商业版和企业版的年付套餐支持对公转账。请回复您的账单联系人，我来帮您把工作区改为开票付款。

## refunds
noun: 退款
question: 我们昨天不小心升级了，可以退款吗？
question: 上周我们移除了 {n} 个成员，这些席位的钱能退回来吗？
answer: 没问题，我已经帮您恢复到之前的套餐，并退还了这笔费用，5 到 10 个工作日内会退回到您的账户。
answer: 移除的席位会按比例折算成余额，抵扣在下一张发票里，不会原路退回到信用卡。

## seat-management
noun: 席位
bug: 我们的访客被当成正式成员计费了。
request: 希望新成员在占用付费席位之前需要管理员审批。
question: 怎么减少席位数量？这个月我们有 {n} 个人离职。
answer: 在“设置 > 成员”里移除他们即可，席位数和下一张账单会自动调整。访客不占用席位。

## annual-billing
noun: 按年付费
question: 如果现在改成按年付费，这个月剩下的时间怎么算？
answer: 本月未使用的部分会折算成余额，年付从今天开始按年付价格计算，比按月付大约便宜 20%。

## csv-import
noun: CSV 导入
bug: 导入一个 {rows} 行的 CSV，导到一半就停了，也没有任何提示。
bug: 从 CSV 导入的日期全都变成了纯文本。
request: 希望导入时可以把 CSV 的列对应到已有的属性上。
question: 怎么把 CSV 导入到已有的数据库，而不是新建一个？
answer: 打开数据库，在菜单里选择“与 CSV 合并”，然后选择文件。列名和已有属性一致的会直接填入，其他列会成为新属性。

## wiki-import
noun: 从其他知识库导入
bug: 从 {other_tool} 导入后，页面里的图片全都丢了。
request: 希望能直接从 {other_tool} 导入，我们在那边有 {pages} 个页面。
question: 我们在 {other_tool} 上有一个 {pages} 页的知识库，怎么迁移过来最好？
answer: 先在 {other_tool} 里把空间导出为 HTML 压缩包，然后用“导入 > HTML 压缩包”导入。页面层级和附件都会保留，评论不会导入。

## markdown-import
noun: Markdown 和 Word 导入
bug: 导入 Word 文档后，里面的表格全都变成了纯文本。
request: 希望导入 Markdown 文件时能保留脚注。
question: 能不能一次导入整个文件夹的 Markdown 文件？
answer: 可以：把文件夹打包成 zip，然后用“导入 > Markdown”导入即可，子文件夹会变成子页面。

## pdf-export
noun: PDF 导出
bug: 导出 PDF 时，宽表格右边的部分被截掉了。
bug: 导出的 PDF 里，客户名单中的中文名字全都显示成了方框。
request: 希望导出 PDF 时能加上我们自己的页眉和 Logo。
question: 怎么把一个页面连同所有子页面导出成一个 PDF？
answer: 打开页面菜单，选择“导出”，格式选 PDF，并开启“包含子页面”。商业版和企业版还可以把数据库以表格形式一起导出。

## workspace-export
noun: 工作区导出
bug: 导出整个工作区的邮件一直收不到，我们已经试了 {n} 次了。
request: 希望能定期自动备份到我们自己的 S3 存储桶。
question: 怎么备份整个工作区？
answer: 在“设置 > 工作区 > 导出全部工作区内容”里，系统会生成 Markdown 和 CSV 文件的压缩包，并把下载链接发到您的邮箱。企业版管理员还可以设置每周自动导出。

## ai-drafting
noun: AI 写作助手
bug: 我只选中了一段，“改进写作”却把整个页面都替换掉了。
request: 希望能给 AI 写作设置统一的文风，比如固定用词、不要用感叹号。
question: 怎么让 AI 把一段话改写得更正式一些？
answer: 选中这段文字，按空格键（或点击“询问 AI”），选择“调整语气：正式”即可，也可以直接输入您自己的指令。

## ai-translation
noun: AI 翻译
bug: 把页面翻译成日语后，所有表格都被拆成了一行一行的文字。
request: 希望能把原文和译文左右对照显示。
question: AI 能翻译整个页面并保留原来的格式吗？
answer: 可以：在页面菜单里选择“翻译页面”并选择语言，系统会生成一份翻译副本，标题、列表和表格都会保留。

## ai-page-summaries
noun: AI 摘要
bug: AI 给我们会议纪要生成的摘要里，列出了一些根本没人做过的决定。
bug: “总结此页面”只总结了长页面的前半部分。
bug: 超过 {pages} 个块的页面，点了摘要按钮之后一直转圈，要好几分钟。
request: 希望页面内容变化时，摘要能自动更新。
request: 希望摘要里能写明每个待办事项的负责人。
request: 希望可以选择摘要的长度，一句话或者一整段都行。
question: 怎么在每份会议纪要顶部自动加上摘要？
question: AI 能不能总结整个数据库的页面，比如这周所有的站会记录？
question: 摘要的信息是从哪里来的？我们领导想知道它会不会读取其他页面。
answer: 在会议纪要模板里加一个“AI 摘要”块，之后用这个模板新建的页面都会自带摘要，开完会点一下就能刷新。
answer: 可以：打开数据库，点击“询问 AI”，选择“总结当前视图”。它会使用当前视图里的页面，所以先把视图筛选到本周就行。
answer: 页面摘要只使用该页面及您有权限查看的子页面的内容，绝不会读取您无权访问的页面。

## ai-autofill
noun: AI 自动填充
bug: AI 自动填充只给一部分行填了“情绪”属性，其他行都是空的。
request: 希望 AI 自动填充只在我们点按钮时运行，而不是每次编辑都触发。
question: 怎么做一个属性，自动从每个页面里提取客户名称？
answer: 新增一个属性，类型选“AI 自动填充”，然后写上指令，比如“本页面提到的客户公司”。它会填充已有的行，页面内容变化时也会自动更新。

## ai-workspace-qa
noun: 工作区问答
bug: 问 AI 员工手册相关的问题，回答却来自一个已经归档的旧页面。
request: 希望能把某些团队空间排除在 AI 回答范围之外。
question: 工作区问答会遵守页面权限吗？
answer: 会的。回答只会引用提问者有权限打开的页面，而且每条回答都附有来源链接。

## ai-credits
noun: AI 额度
bug: AI 额度计数显示我们这个月已经用了 {n}00 次，但我们几乎没怎么用。
request: 希望管理员能看到谁用的 AI 额度最多。
question: 这个月 AI 额度用完了会怎么样？
answer: AI 助手会暂停使用，直到每月 1 号额度重置。管理员也可以在“设置 > 账单”里添加 AI 加购包，取消额度限制。

## slow-pages
noun: 页面加载速度
bug: 在{platform}上打开我们团队知识库的首页要 {seconds} 秒左右。
bug: 在长页面里打字会卡，每按一个键，字要过半秒才出来。
request: 希望页面还在加载时，能先显示一个只读版本。
question: 有什么办法能让很长的页面加载快一点？
answer: 建议拆分成若干子页面，把大型嵌入和内嵌数据库移到单独的页面里。包含几千个块的页面加载会明显变慢。

## large-databases
noun: 大型数据库
bug: 我们有个 {rows} 行的数据库，筛选一下要等半天，还经常超时。
request: 希望数据库在 10 万行的规模下也不会变慢。
question: 数据库多少行以后会开始变慢？
answer: 没有硬性上限，但如果视图里有很多汇总和公式，超过大约 2 万行就会变慢。使用筛选视图减少加载的行数会有很大帮助。

## search-speed
noun: 搜索
bug: 就算我输入页面的完整标题，搜索也找不到这个页面。
bug: 在我们的工作区里搜索，要 {seconds} 秒左右才出结果。
request: 希望搜索能加筛选条件，比如作者和最后编辑时间。
question: 怎么只在一个团队空间里搜索？
answer: 按 Ctrl+K（Mac 上是 Cmd+K）打开搜索，点击“筛选”并选择团队空间即可，也可以按创建者和日期筛选。

## outages
noun: 服务可用性
bug: 今天上午大概有 {minutes} 分钟，我们团队谁都打不开任何页面。
bug: 状态页显示一切正常，但我们一直收到“无法连接”的报错。
request: 希望发生故障时能通过邮件通知工作区管理员。
question: 在哪里可以查看历史故障记录和你们的可用率？
answer: status.quirewell.example 上有当前和历史的故障记录，也可以在那里订阅邮件通知。企业版提供 99.9% 的可用性 SLA。

## sso-saml
noun: SAML 单点登录
bug: 我们在身份提供商那边更换证书之后，SAML 登录就一直报“响应无效”。
request: 希望商业版也能用单点登录，企业版对我们这种规模的公司来说太贵了。
question: 怎么用 Microsoft Entra ID 配置 SAML 单点登录？
answer: 进入“设置 > 安全 > SAML 单点登录”，把 ACS URL 和 Entity ID 复制到 Entra ID 新建的企业应用里，再把它的元数据 URL 粘贴回来即可。请先完成域名验证。

## scim-provisioning
noun: SCIM 用户同步
bug: 我们在 Okta 里已经移除的用户，在这里还显示为活跃成员。
request: 希望 SCIM 支持组推送，让团队空间跟着 Okta 的用户组走。
question: 怎么生成 SCIM 令牌？
answer: 工作区所有者可以在“设置 > 安全 > SCIM 用户同步”里创建令牌。令牌只显示一次，请直接粘贴到您的身份提供商里。

## two-factor
noun: 双重验证
bug: 身份验证器 App 里的验证码每次都提示错误。
request: 希望管理员可以强制所有人开启双重验证。
question: 我手机丢了，开着双重验证，怎么登录回自己的账号？
answer: 请使用开启双重验证时保存的备用码登录。如果没有备用码，请用账号邮箱回复我们，我们核实身份后帮您重置。

## audit-log
noun: 审计日志
bug: 审计日志导出时，只要时间范围超过一周，导出的文件就是空的。
request: 我们需要把审计日志实时推送到我们的 SIEM 系统。
question: 审计日志的事件会保留多久？
answer: 企业版的审计日志事件保留一年，随时可以在“设置 > 安全 > 审计日志”里导出 CSV。

## member-management
noun: 成员管理
bug: 一个已经被移除的成员，仍然可以通过我们之前分享的链接打开页面。
request: 希望能把离职员工的所有页面一次性转交给他的主管。
question: 怎么把某个人设为工作区管理员？
answer: 进入“设置 > 成员”，找到这个人，把角色改为“管理员”即可。只有工作区所有者可以进行这个操作。

## security-review
noun: 安全审查
request: 希望公开你们的子处理方清单，并且支持订阅变更通知。
question: 能提供一下你们的 SOC 2 报告，并帮忙填写我们的安全问卷吗？
answer: 没问题。签署保密协议后可以在信任中心获取我们的 SOC 2 Type II 报告，申请表我已经发给您了。安全问卷一般五个工作日内返回。

## data-residency
noun: 数据存储地区
request: 我们需要把数据存放在澳大利亚，才能通过采购审核。
question: 我们工作区的数据能只存放在欧盟境内吗？
answer: 可以，企业版的新工作区可以部署在我们的法兰克福区域。已有的工作区可以在计划内的维护窗口期间迁移。
"""
