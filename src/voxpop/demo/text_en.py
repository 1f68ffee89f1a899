r"""English texts of the demo workspace (format: :mod:`voxpop.demo.content`)."""

PHRASES = r"""
## phrases
greet.email: Hi,
greet.email: Hello,
greet.email: Hi there,
greet.email: Hello Quirewell team,
greet.email: Good morning,
greet.email: Hi support,
greet.email: Hey folks,
greet.chat: hi
greet.chat: Hi!
greet.chat: hey
greet.chat: Hello,
greet.chat: hi there,
greet.chat: Hey team,
open.bug: I think we've run into a bug.
open.bug: Something seems broken on our side.
open.bug: Not sure if this is a bug or just me.
open.bug: We're seeing a strange problem.
open.bug: Reporting an issue that's been bugging our team.
open.request: I have a suggestion.
open.request: Feature request from our team.
open.request: One thing we keep wishing for.
open.request: Small idea that would make a big difference for us.
open.request: A request from our {people}-person team.
open.question: Quick question.
open.question: I'm probably missing something obvious.
open.question: Could you help me with something?
open.question: I couldn't find this in the help center.
open.question: Hoping you can point me in the right direction.
open.billing: I have a billing question.
open.billing: Question about our subscription.
open.billing: Our finance team asked me to check something.
open.billing: Quick one about billing.
open.pricing: I'm on your pricing page right now.
open.pricing: Looking at the pricing page and I'm a bit confused.
open.pricing: I was comparing plans on the pricing page.
detail.bug: It started after the {version} update.
detail.bug: It happens every time on {platform}.
detail.bug: About {people} people on our team are affected.
detail.bug: I tried logging out and back in, no luck.
detail.bug: Clearing the cache didn't help.
detail.bug: I can reproduce it in a brand-new page too.
detail.bug: We first noticed it {days} days ago.
detail.bug: A colleague sees the same thing on {platform}.
detail.request: We have {people} people who would use this daily.
detail.request: Right now we work around it with a spreadsheet.
detail.request: A couple of tools we've tried already do this.
detail.request: This comes up in almost every team meeting.
detail.request: It would save each of us maybe half an hour a week.
detail.question: We're on the {plan} plan, if that matters.
detail.question: I'm using {platform}.
detail.question: I've looked through the docs but couldn't find it.
urgent: This is blocking our launch on {weekday}.
urgent: It's fairly urgent for us.
urgent: We have a client presentation on {weekday}, so a quick answer would be great.
close.email: Thanks!
close.email: Thanks in advance.
close.email: Any help appreciated.
close.email: Let me know if you need more details.
close.email: Appreciate it!
close.email: Thank you for looking into this.
close.chat: thanks!
close.chat: thx
close.chat: Thanks in advance
close.chat: any ideas?
signoff: Best,\n{name}
signoff: Thanks,\n{name}
signoff: {name}\n{company}
signoff: Regards,\n{name}
signoff: Cheers,\n{name}
followup.bug: The workaround helps for now, thank you.
followup.bug: Confirmed, it works again on our side. Thanks!
followup.bug_more: Thanks. Any idea when a fix will ship?
followup.bug_more: Sure, I've attached a screen recording.
followup.bug_more: It happened again just now on {platform}.
followup.bug_more: Here's the page link, it's shared with support now.
followup.request: Thanks for passing it on! Is there somewhere I can follow progress?
followup.request: Great, happy to join a call with your product team if useful.
followup.request: Thanks. Fingers crossed it makes the roadmap.
followup.question: That worked, thank you!
followup.question: Perfect, exactly what I needed.
followup.question: Got it, thanks for the quick answer.
followup.question_more: Hmm, I don't see that option. Is it only on some plans?
followup.question_more: I tried that, but nothing changed. Anything else I can check?
followup.thanks: Thanks!
followup.thanks: Got it, thank you.
followup.thanks: OK, appreciate the reply.
agent.greet: Hi {first},
agent.greet: Hello {first},
agent.greet: Hi {first}, thanks for reaching out.
agent.greet: Thanks for getting in touch, {first}.
agent.bug: Thanks for the detailed report. I could reproduce this and have passed it to our engineers (internal ref {ticket}).
agent.bug: Sorry about that! This is a known issue and a fix is planned for version {version_next}.
agent.bug: Thanks for flagging this. Could you send a screenshot and the page link so we can investigate?
agent.bug: I'm sorry for the trouble. Our engineers are looking into it now, and I'll update you here as soon as I hear back.
agent.request: Thanks for the suggestion. I've added your vote to the request our product team is tracking.
agent.request: That's a great idea, and you're not the first to ask. I've shared it with the product team.
agent.request: I can't promise a date, but I've logged this with your use case so the team can weigh it properly.
agent.question: Good question! {answer}
agent.question: Happy to help. {answer}
agent.question: {answer}
agent.question: Sure thing. {answer}
agent.billing: {answer}
agent.billing: I've checked your workspace. {answer}
agent.billing: Thanks for asking. {answer}
agent.complaint: I'm really sorry about this. I've escalated it and our support lead will follow up with you today.
agent.complaint: You're right to be frustrated, this shouldn't happen. I've made it a priority with the team.
agent.complaint: Thank you for telling us so plainly. I've shared this with our team lead and we'll get back to you within a day.
agent.praise: Thank you so much for the kind words! I've shared this with the team.
agent.praise: This made our day, thank you for taking the time to write.
agent.close: Let me know if there's anything else I can help with.
agent.close: Have a great day!
agent.close: Just reply here if you have any other questions.
agent.signoff: Best,\n{agent}\nQuirewell Support
agent.signoff: {agent}\nQuirewell Support
agent.final: You're welcome! I'll close this conversation now, but just reply if anything comes up.
agent.final: You're welcome! Have a good rest of the week.
agent.final: Thanks for letting us know. I'll mark this as solved.
note.bug: Customer on {plan}, {seats} seats. Linked to {issue}.
note.bug: Reproduced on {platform}. Escalated to tier 2.
note.bug: Known issue, tracked in {issue}. Sent the workaround.
note.request: Added to the "{noun}" feedback board, +1.
note.request: Told the customer there's no date yet.
note.question: Sent the help-center article.
note.question: Customer was looking in the wrong settings page, answered.
note.complaint: Customer is upset, account owner {owner} informed.
note.complaint: Possible churn risk, flagged to {owner}.
complaint.reliability: This is not the first time I'm writing about this. {bug} We pay for {plan} and expect better.
complaint.reliability: {bug} I reported this weeks ago and nothing has changed. Our team is starting to ask whether we should switch tools.
complaint.reliability: Honestly, I'm fed up. {bug} It keeps happening and it's costing us hours.
complaint.support: I opened a ticket about {noun} {days} days ago and still haven't heard back.
complaint.support: Every time I contact support I have to explain the whole problem with {noun} again from scratch.
complaint.support: The last answer I got about {noun} was a copy-pasted article that didn't answer my question.
complaint.pricing: Our renewal price went up by almost a third with no warning. That's not how you treat long-time customers.
complaint.pricing: Having to move to a more expensive plan just to get {noun} feels unfair.
complaint.pricing: We pay for seats that nobody uses because there's no easy way to see who is inactive.
praise.product: Just wanted to say a big thank you for {noun}. Our team works so much faster now.
praise.product: We've been using {noun} heavily for a month now and the whole team is happy.
praise.product: Big thanks for {noun}. It replaced two other tools for us.
praise.support: Your support team fixed our problem with {noun} the same day. Thank you!
praise.support: {agent} was incredibly patient with us yesterday. Please pass on our thanks.
subject.bug: {Noun} not working
subject.bug: Problem with {noun}
subject.bug: Bug: {noun} on {platform}
subject.bug: Issue with {noun} since {version}
subject.bug: URGENT: {noun} broken
subject.request: Feature request: {noun}
subject.request: Suggestion about {noun}
subject.request: Idea for {noun}
subject.question: Question about {noun}
subject.question: How do I use {noun}?
subject.question: Help with {noun}
subject.billing: Billing question: {noun}
subject.billing: Question about our {plan} subscription
subject.billing: {Noun}
subject.pricing: Which plan are we on?
subject.pricing: Pricing page question
subject.pricing: Confused about plans
subject.complaint: Disappointed with {noun}
subject.complaint: Complaint about {noun}
subject.complaint: Not happy
subject.praise: Thank you!
subject.praise: Loving {noun}
subject.praise: Kudos to the team
subject.call: Call with {company}: {noun}
subject.call: {company} check-in call
subject.survey: NPS response ({score})
subject.idea: Idea about {noun}
subject.idea: {Noun}
subject.deal: Closed lost: {company}
subject.deal: {company}: lost on {noun}
subject.sales: Discovery call notes: {company}
subject.sales: {company} evaluation notes
subject.social: Mention on {network}
subject.social: {network} post about {noun}
social.bug: Anyone else having trouble with {noun} today? Been failing for me all morning on {platform} @quirewell
social.bug: @quirewell something's wrong with {noun} for our whole team today. Any news?
social.request: @quirewell any plans to improve {noun}? {request}
social.request: Dear @quirewell, {request} Thanks!
social.complaint: @quirewell third problem with {noun} this month. We pay for this, it's not ok.
social.complaint: Really disappointed with {noun} in @quirewell lately. Anyone have alternatives?
social.praise: Honestly, @quirewell's {noun} made our team's year.
social.praise: Shoutout to @quirewell, {noun} just saved me an hour of work.
social.reply_sorry: Sorry about this! Could you DM us your workspace email so we can take a look?
social.reply_sorry: We're looking into it right now. Thanks for letting us know.
social.reply_thanks: Thank you, that's lovely to hear!
social.reply_thanks: Thanks for the shoutout!
social.reply_request: Thanks for the idea! We've passed it on to our product team.
social.reply_request: Good one. Could you add it on our ideas board so others can vote too?
call.customer_open: Yeah, so, the main thing is this.
call.customer_open: Right, so basically... here's what's going on.
call.customer_open: OK so, um, let me start with the big one.
call.customer_open: So the reason I wanted to talk today:
call.agent_ack: Got it. Can you walk me through what happens exactly?
call.agent_ack: Mm-hm, that makes sense.
call.agent_ack: OK, I'm writing that down. How often does it come up?
call.customer_more: Yeah. {detail}
call.customer_more: Right. Oh, and one more thing. {detail}
call.customer_more: Mm. And I should say one more thing. {detail}
call.agent_wrap: OK, I'll follow up on this and send you a summary after the call.
call.agent_wrap: Understood. I'll take this to the product team and get back to you next week.
call.summary: Call summary: {company} raised {noun}. Next step: {agent} to follow up by {weekday}.
call.summary: Notes from the call: main topic {noun}; customer on {plan}, {seats} seats.
survey.praise: Really happy with {noun}. Keep it up!
survey.praise: Love the product, especially {noun}.
survey.complaint: {bug} Fix this and I'd score you higher.
survey.complaint: Too many problems with {noun} lately.
survey.pricing: Good product, but the price keeps getting harder to justify to our finance team.
survey.pricing: I'd score higher if billing for {noun} were simpler.
survey.request: Good product overall. {request}
survey.request: Would give a 10 with one change: {request}
idea.body: {request} {detail}
idea.body: {request}
idea.reply: Thanks for the idea! Status changed to "Under review".
idea.reply: Merged with an existing idea, your vote has been added.
deal.reason: They went with {competitor}, which already has it.
deal.reason: Their security team wouldn't sign off without it.
deal.reason: Budget was cut, project pushed to next year.
deal.reason: Our champion left during the evaluation.
deal.reason: Price was fine; the gap on {noun} was the deciding factor.
deal.lost: Closed lost: {company}, {seats} seats, {amount}. Primary reason: missing {noun}. {reason} Their words: "{request}"
deal.lost: Lost {company} ({amount}). {reason} Main gap: {noun}. From the last call: "{request}"
sales.note: Discovery call with {name} ({company}). Evaluating us for about {people} people. Must-have: {noun}. {request}
sales.note: Spoke with {name} at {company}. They like the editor, but {noun} is a hard requirement. Quote: "{request}"
plan.free: Free
plan.plus: Plus
plan.business: Business
plan.enterprise: Enterprise
platform.web-chrome: Chrome
platform.web-safari: Safari
platform.web-firefox: Firefox
platform.web-edge: Edge
platform.mac: the Mac app
platform.windows: the Windows app
platform.ios: the iPhone app
platform.android: Android
value.weekday: Monday
value.weekday: Tuesday
value.weekday: Wednesday
value.weekday: Thursday
value.weekday: Friday
value.network: X
value.network: LinkedIn
value.network: Reddit
value.competitor: Pagewise
value.competitor: Docktail
value.competitor: Tablewright
value.other_tool: Wikiloom
value.other_tool: Knowbase
value.other_tool: Pagestack
value.agent: Sam
value.agent: Priya
value.agent: Tom
value.agent: Ana
value.agent: Leo
"""

TOPICS = r"""
## block-drag-and-drop
noun: drag and drop
bug: When I drag a block into a toggle, it jumps back to where it was as soon as I let go.
bug: Dragging a block into a two-column layout deletes the column instead of moving the block.
request: Please let us select several blocks and drag them together onto another page in the sidebar.
question: How do I move a block to a different page without copying and pasting it?
answer: Grab the handle next to the block and drop it onto the page in the sidebar, or use "Move to" in the block menu and search for the page.

## code-blocks
noun: code blocks
bug: Pasting code into a code block strips all the indentation, so our Python snippets are broken.
bug: Syntax highlighting switches back to plain text after I reload the page.
request: Could you add syntax highlighting for Terraform and Elixir in code blocks?
request: We'd love line numbers and a wrap toggle on code blocks.
question: Is there a way to set a default language for every new code block?
answer: Not per workspace yet, but a code block remembers the last language you picked on that device. Typing ```python followed by a space also creates a Python code block directly.

## embed-blocks
noun: embeds
bug: Our Figma embeds show an empty grey box since yesterday, although the links open fine in a browser.
bug: Video embeds won't play on {platform}, they just show a black rectangle.
request: It would be great to embed whiteboards and screen recordings with a live preview.
question: How do I embed a spreadsheet so it updates automatically?
answer: Paste the sheet's share link on an empty line and choose "Embed". Make sure the sheet is shared with everyone who will view the page, otherwise they'll see a sign-in prompt.

## comments-mentions
noun: comments and mentions
bug: When I @-mention a colleague in a comment, they never get the notification.
bug: Resolved comments keep reappearing on the page after a few hours.
request: Please add a way to assign a comment to someone, like a lightweight task.
question: Can I see all the comments where I'm mentioned in one place?
answer: Yes: open Inbox in the sidebar and filter by "Mentions". You can also turn on a daily email digest in Settings > Notifications.

## page-history
noun: page history
bug: Restoring a version from last Tuesday only brought back the title, not the content.
bug: Page history shows no versions at all for pages we edited on {platform}.
request: We need a longer page history; a week isn't enough for our audits.
question: How do I restore a page to how it looked yesterday?
answer: Open the page, click the clock icon in the top right, pick yesterday's version and click "Restore". The current version is kept as a new entry, so nothing is lost.

## page-templates
noun: page templates
bug: The template button creates the new page in the wrong database.
request: Please let us lock a template so nobody edits the template itself by accident.
question: How do I make a template that everyone in our teamspace can use?
answer: Create the page in the teamspace, open the page menu and choose "Save as template". It then shows up under Templates for everyone with access to that teamspace.

## formula-property
noun: formula properties
bug: After I renamed a property, every formula that used it shows "Invalid property" even though the name looks right.
bug: Our formula that counts days between two dates is off by one for half the rows.
request: Please let formulas read properties of related pages directly, without a rollup in between.
question: How do I write a formula that shows "Overdue" when the due date has passed and the status isn't Done?
answer: Try if(and(now() > prop("Due"), prop("Status") != "Done"), "Overdue", "") in a formula property. The formula reference in the help center lists every function.

## select-property
noun: select properties
bug: Two options in our Status select now have the same name, and filtering by either one shows nothing.
request: Please let us sort multi-select options alphabetically with one click, we have over {n}0 of them.
question: How do I change the colour of a select option?
answer: Click the property header, choose "Edit property", then click the menu next to the option to pick a colour. The change applies to every page in the database.

## date-property
noun: date properties
bug: Dates entered by our colleagues in Singapore show up one day earlier for us in Berlin.
bug: Reminders on date properties fire an hour late since the clocks changed.
request: We'd like recurring dates, for example "every second Monday", in date properties.
question: How do I show the end date of a range in a calendar view?
answer: Open the date property and turn on "End date", then in the calendar view's settings choose that property under "Show calendar by". Pages will span the whole range.

## relation-property
noun: relation properties
bug: When I link two databases with a relation, the linked pages don't show up on the other side.
bug: Relations to pages in another teamspace show up as "Untitled" for half of our team.
request: Please let a relation point to a database in another workspace; we keep two workspaces for legal reasons.
request: We need to limit a relation to one page. Right now people link three clients to one project.
question: How do I make a two-way relation between our Projects and Clients databases?
answer: Add a Relation property in Projects, pick the Clients database and switch on "Show on Clients". The matching property then appears in Clients and both stay in sync.

## rollup-property
noun: rollups
bug: Our rollup that sums invoice amounts is off by a few hundred compared with the linked pages.
request: Please allow a rollup of a rollup; we need totals across three levels of databases.
question: How do I show the percentage of tasks that are done for each project?
answer: Add a Rollup property on Projects, choose the Tasks relation and the Status property, calculate "Percent per group" and pick "Done". You can show it as a progress bar.

## table-view
noun: table views
bug: Column widths in our table view reset every time someone else opens the page.
bug: Grouping the table by Owner hides every page that has no owner, even with "Show empty groups" on.
request: We'd love frozen columns in table view so the name stays visible when scrolling sideways.
question: How do I hide a property in one view without hiding it everywhere?
answer: Each view has its own property visibility: open the view's menu, choose Properties and click the eye icon. Other views are not affected.

## board-view
noun: board views
bug: Cards dragged to another column on our board snap back to the old column after a second.
request: Please add work-in-progress limits per column on boards.
question: Can I group a board by a person property instead of status?
answer: Yes: open the board's menu, choose Group and pick any select, status or person property.

## calendar-view
noun: calendar views
bug: The calendar view shows events on the wrong day for anyone outside our time zone.
request: A week view with hours would make the calendar view usable for scheduling.
question: How do I subscribe to a database calendar from my own calendar app?
answer: That's done with calendar sync: open Settings > Connections, connect your calendar account and choose which database calendars to publish.

## timeline-view
noun: timeline views
bug: Dependencies on the timeline disappear when I zoom out to quarters.
request: We need a baseline in timeline view so we can compare the plan with what actually happened.
request: Please show dependencies between projects in different databases on one timeline.
question: How do I make one task start automatically when the task before it ends?
answer: Turn on dependencies in the timeline settings, then drag from the end of one bar to the start of the next. With "Shift dependent tasks" on, moving the first task moves the next one too.

## public-links
noun: public links
bug: Our public help page shows "Page not found" to visitors even though "Share to web" is on.
request: Please let us password-protect a public page.
question: How do I stop a public page from showing up in search engines?
answer: Open Share, go to Publish and switch off "Search engine indexing". It can take a few days for search engines to drop the page.

## guest-access
noun: guest access
bug: A guest we invited gets "You don't have access" even though the invitation shows as accepted.
request: We need guest invitations to expire automatically after 30 days.
question: How do I invite a client as a guest to just one page?
answer: Open Share on that page, type the client's email and pick "Can comment" or "Can view". They'll only see that page and its sub-pages.

## page-permissions
noun: page permissions
bug: People with "Can view" on a parent page can still edit one of its sub-pages.
request: Please add a permission level that lets people edit content but not change database properties.
question: How do I make a page private inside a shared teamspace?
answer: Open Share on the page, change "Everyone in the teamspace" to "No access", then add just the people who should see it.

## teamspaces
noun: teamspaces
bug: Moving a page into another teamspace removed all of its existing share settings.
request: We'd like nested teamspaces so each department can have its own sub-teams.
question: How do I make a teamspace that only some people can join?
answer: Create the teamspace and set its type to "Closed" in the teamspace settings. Members can then only be added by a teamspace owner.

## rest-api
noun: the API
bug: The API returns 500 errors when we query a database with more than {rows} rows.
bug: Creating a page through the API ignores the icon we send.
request: Please add API endpoints to read and write comments.
question: How do I get the ID of a database to use with the API?
answer: Open the database as a full page and copy its link: the 32-character string before "?v=" is the database ID. Remember to share the database with your integration too.

## api-rate-limits
noun: API rate limits
bug: We get 429 errors at only about {n} requests per second, well below the documented limit.
request: We need higher API rate limits for our nightly sync of {rows} records.
question: What's the best way to sync a large database without hitting the rate limit?
answer: Use the pagination cursor, send at most three requests per second and, on a 429, wait the number of seconds in the Retry-After header. Filtering by last_edited_time lets you sync only what changed.

## webhooks
noun: webhooks
bug: Our webhook stopped receiving page updates two days ago, and the delivery log shows nothing.
request: Please add webhook events for database property changes, not just new pages.
question: How do I check that webhook requests really come from Quirewell?
answer: Every request has an X-Quirewell-Signature header: compute an HMAC-SHA256 of the raw body with your signing secret and compare. The webhook settings page shows the secret.

## slack-integration
noun: the Slack integration
bug: Links to our pages don't unfurl in Slack anymore, they just show the bare URL.
request: We'd love to turn a Slack message into a page with one click.
question: How do I get a Slack notification when a database page changes status?
answer: Add an automation to the database: trigger "Property edited: Status", action "Send Slack notification", then pick the channel.

## github-integration
noun: the GitHub integration
bug: Pull requests linked to tasks no longer update the task status when they're merged.
request: Please support self-hosted GitHub Enterprise Server; our code isn't on github.com.
question: How do I link a pull request to a task automatically?
answer: Connect GitHub in Settings > Connections, then put the task ID (like QW-123) in the branch name or pull request title. The pull request shows up on the task and can move its status.

## calendar-sync
noun: calendar sync
bug: Calendar sync creates every meeting twice in our Google Calendar.
request: Please support Outlook calendars; most of our company is on Microsoft 365.
question: Can I sync only the pages assigned to me to my calendar?
answer: Yes: create a view of the database filtered to "Assignee is me", then choose that view when you set up calendar sync.

## ios-app
noun: the iOS app
bug: The iOS app crashes as soon as I open a page with a large table.
bug: On the iPad, the keyboard covers the text I'm typing on long pages.
request: Please add home screen widgets to the iOS app.
question: How do I save a web page into Quirewell from Safari on my iPhone?
answer: Tap Share in Safari, find Quirewell in the row of apps (or add it under "More"), then pick the page or database to save it into.

## android-app
noun: the Android app
bug: The Android app logs me out every couple of days.
bug: Typing on the Android app with the Samsung keyboard duplicates the last letter of every word.
request: Please make dark mode follow the system setting on Android.
question: How do I turn off push notifications for comments only on Android?
answer: In the app, go to Settings > Notifications > Mobile and switch off "Comments". Mentions and reminders will still come through.

## offline-mode
noun: offline mode
bug: Pages I marked as "Available offline" still show a blank screen on the plane.
bug: Edits I made offline on {platform} were gone when I reconnected.
request: We need full offline access to whole teamspaces; our field staff work without signal all day.
request: Please let us pick whole databases to keep offline, not just single pages.
question: How do I make sure a page is available offline before a flight?
answer: Open the page on that device, choose "Available offline" in the page menu and wait for the check mark. Sub-pages need to be marked separately for now.

## sync-conflicts
noun: sync
bug: Two of us edited the same page and one person's changes were silently overwritten.
bug: {Platform} shows "Syncing..." forever and my changes never reach the web.
request: Please show a clear warning when a conflict happens instead of quietly picking one version.
question: What happens if two people edit the same block while offline?
answer: When both devices reconnect, the latest edit to each block wins, and the earlier text is kept in page history so you can restore it.

## mac-app
noun: the Mac app
bug: The Mac app uses {n}0% CPU even when it's just sitting in the background.
request: Please add a global shortcut that opens quick capture from anywhere on the Mac.
question: How do I make links open in the Mac app instead of the browser?
answer: In the Mac app, go to Settings and switch on "Open links in desktop app". The browser will then hand links over to the app.

## windows-app
noun: the Windows app
bug: The Windows app opens as a blank white window after the latest update.
request: Please offer an MSI installer so our IT team can deploy the Windows app.
question: How do I install the Windows app without admin rights?
answer: The standard installer installs per user, so no admin rights are needed. For a company-wide rollout there is also an MSIX package on the downloads page.

## plan-comparison
noun: our plan
request: Please show our current plan on the pricing page when we're signed in.
question: I honestly can't tell which plan we're on. Is it Plus or Business?
question: Which plan are we on right now? I need to know if we already have SSO.
question: We're paying for something but I can't see which plan it is. Do we have unlimited page history?
question: Before I upgrade, can you confirm our current plan? The page just says "Compare plans".
answer: You're on the {plan} plan. You can always check it under Settings > Billing, where the current plan is shown at the top.
answer: Your workspace is on {plan}. The pricing page looks the same for everyone, so it won't highlight your plan; Settings > Billing shows it along with your renewal date.
answer: You're currently on {plan}. The plan comparison table on the pricing page shows exactly what that includes, and Settings > Billing lists your limits.
answer: I checked and your workspace is on {plan}. If you upgrade, we'll credit the unused part of your current plan automatically.

## plan-limits
noun: plan limits
bug: The upload limit still says 5 MB even though we're on {plan}.
request: Please give the Free plan a few more guests; 10 isn't enough for our volunteer group.
question: We hit the block limit on the Free plan. What happens to our content if we don't upgrade?
answer: Nothing is deleted: you can still read and edit existing pages, but adding new blocks is paused until you upgrade or remove content. Upgrading to Plus lifts the limit immediately.

## free-trial
noun: the free trial
bug: Our trial ended early even though the banner said five days were left.
question: Can we extend our Business trial by a week? Our security review isn't finished.
answer: Of course. I've extended your trial by 14 days; you'll see the new end date under Settings > Billing.

## invoices
noun: invoices
bug: Our invoice shows {seats} seats, but we only have {people} members.
question: Can you add our VAT number to last month's invoice? Our accountant needs it.
question: Where can I download all our invoices for last year?
answer: Sure: add the VAT ID under Settings > Billing > Billing details and I'll reissue last month's invoice with it. Future invoices will include it automatically.
answer: Settings > Billing > Invoices lists every invoice, each with a PDF download. Workspace owners and billing admins can see them.

## payment-methods
noun: payment methods
bug: Our card payment keeps failing with "card declined", although the bank says everything is fine.
question: Can we pay by bank transfer instead of credit card?
answer: Bank transfer is available for annual plans on Business and Enterprise. Reply with your billing contact and I'll switch your workspace to invoicing.

## refunds
noun: a refund
question: We upgraded by mistake yesterday. Can we get a refund?
question: We removed {n} members last week. Will we get money back for those seats?
answer: No problem, I've moved you back to your previous plan and refunded the charge. It takes 5 to 10 business days to show up on your statement.
answer: Removed seats are credited pro rata, and the credit is applied to your next invoice rather than refunded to the card.

## seat-management
noun: seats
bug: We were billed for our guests as if they were full members.
request: Please let admins approve new members before they take a paid seat.
question: How do I reduce the number of seats? We have {n} people leaving this month.
answer: Remove them under Settings > Members; the seat count and your next invoice adjust automatically. Guests don't use seats.

## annual-billing
noun: annual billing
question: If we switch to annual billing now, what happens to the rest of this month?
answer: The unused part of this month is credited, and the year starts today at the annual price, which is about 20% less than paying monthly.

## csv-import
noun: CSV import
bug: Importing a CSV with {rows} rows stops about halfway and doesn't say why.
bug: All the dates from our CSV import end up as plain text.
request: Please let us map CSV columns to existing properties during import.
question: How do I import a CSV into an existing database instead of creating a new one?
answer: Open the database, choose "Merge with CSV" in its menu and pick the file. Columns whose names match existing properties are filled in; the others become new properties.

## wiki-import
noun: importing from other wikis
bug: The import from {other_tool} lost all the images in our pages.
request: Please add a direct importer for {other_tool}; we have {pages} pages there.
question: What's the best way to move our {pages}-page wiki over from {other_tool}?
answer: Export the space from {other_tool} as an HTML zip and use Import > "HTML zip". The page hierarchy and attachments come across; comments do not.

## markdown-import
noun: Markdown and Word import
bug: Importing a Word document turns every table into plain text.
request: Please keep footnotes when importing Markdown files.
question: Can I import a whole folder of Markdown files at once?
answer: Yes: zip the folder and import the zip with Import > Markdown. Sub-folders become sub-pages.

## pdf-export
noun: PDF export
bug: PDF export cuts off the right side of wide tables.
bug: Exported PDFs show empty boxes instead of the Chinese names in our client list.
request: We'd like to export pages to PDF with our own header and logo.
question: How do I export a page and all its sub-pages into one PDF?
answer: Open the page menu, choose Export, pick PDF and switch on "Include sub-pages". On Business and Enterprise you can include databases as tables too.

## workspace-export
noun: workspace export
bug: The full workspace export email never arrives; we've tried {n} times.
request: Please offer scheduled automatic backups to our own S3 bucket.
question: How do I back up our whole workspace?
answer: Settings > Workspace > "Export all workspace content" creates a zip of Markdown and CSV files and emails you a link. On Enterprise, admins can schedule it weekly.

## ai-drafting
noun: the AI writing assistant
bug: "Improve writing" replaced the whole page instead of the paragraph I had selected.
request: Please let us set a house style for the AI writer, like British spelling and no exclamation marks.
question: How do I ask the AI to rewrite a paragraph in a more formal tone?
answer: Select the paragraph, press Space (or click "Ask AI") and choose "Change tone: Professional". You can also type your own instruction.

## ai-translation
noun: AI translation
bug: Translating a page into Japanese breaks every table into separate lines.
request: Please show the original and the translated text side by side.
question: Can the AI translate a whole page and keep the formatting?
answer: Yes: choose "Translate page" in the page menu and pick the language. It creates a translated copy and keeps headings, lists and tables.

## ai-page-summaries
noun: AI summaries
bug: The AI summary of our meeting notes lists decisions that nobody actually made.
bug: "Summarize this page" only covers the first half of long pages.
bug: The summary button keeps spinning for minutes on pages with more than {pages} blocks.
request: Please let summaries update automatically when the page changes.
request: We'd like summaries to say who owns each action item.
request: Please let us choose how long a summary is, one line or a full paragraph.
question: How do I add a summary at the top of every meeting note automatically?
question: Can the AI summarize a whole database of pages, like all of this week's standups?
question: Where do summaries get their information from? My manager wants to know if it reads other pages.
answer: Add an "AI summary" block to your meeting-notes template. Every new page from that template gets one, and you can refresh it with one click after the meeting.
answer: Yes: open the database, click "Ask AI" and choose "Summarize view". It uses the pages in the current view, so filter it to this week first.
answer: A page summary only uses the content of that page and the sub-pages you can see. It never reads pages you don't have access to.

## ai-autofill
noun: AI autofill
bug: AI autofill fills the Sentiment property for some rows and leaves the others empty.
request: We'd like AI autofill to run only when we press a button, not on every edit.
question: How do I make a property that pulls the customer's name out of each page automatically?
answer: Add a property, choose "AI autofill" as its type and write the instruction, for example "The customer company mentioned on this page". It fills existing rows and updates when pages change.

## ai-workspace-qa
noun: workspace Q&A
bug: Asking the AI about our handbook returns answers from an old archived page.
request: Please let us exclude some teamspaces from AI answers.
question: Does workspace Q&A respect page permissions?
answer: Yes. Answers only draw on pages the person asking can open, and every answer links to its sources.

## ai-credits
noun: AI credits
bug: The AI credit counter says we've used {n}00 responses this month, but we've barely touched it.
request: Please let admins see who uses the most AI credits.
question: What happens when we run out of AI responses this month?
answer: The assistant pauses until your credits renew on the first of the month. Admins can add the AI add-on under Settings > Billing to remove the limit.

## slow-pages
noun: page loading
bug: Opening our team wiki home page takes about {seconds} seconds on {platform}.
bug: Typing on long pages lags; each letter appears half a second after I press the key.
request: Please show a read-only version right away while the rest of the page is still loading.
question: Is there anything we can do to make a very long page load faster?
answer: Split it into sub-pages and move big embeds and inline databases onto their own pages. Pages with several thousand blocks load noticeably slower.

## large-databases
noun: large databases
bug: Our database with {rows} rows takes forever to filter and often times out.
request: We need databases that handle 100,000 rows without slowing down.
question: How many rows can a database have before it gets slow?
answer: There's no hard limit, but views with many rollups and formulas slow down past about 20,000 rows. Filtered views that load fewer rows help a lot.

## search-speed
noun: search
bug: Search doesn't find a page even when I type its exact title.
bug: Search takes about {seconds} seconds to show any results in our workspace.
request: Please add filters to search, like author and last edited date.
question: How do I search inside just one teamspace?
answer: Open search with Ctrl+K (Cmd+K on a Mac), click "Filters" and pick the teamspace. You can also filter by creator and date.

## outages
noun: availability
bug: Nobody on our team could open any page for about {minutes} minutes this morning.
bug: We keep getting "Unable to connect" errors although the status page says everything is fine.
request: Please send outage alerts by email to workspace admins.
question: Where can we see past incidents and your uptime?
answer: status.quirewell.example lists current and past incidents, and you can subscribe to email updates there. Enterprise plans include a 99.9% uptime SLA.

## sso-saml
noun: SAML SSO
bug: Since we rotated our certificate in our identity provider, SAML sign-in fails with "Invalid response".
request: We need SSO on the Business plan; Enterprise is too much for a company our size.
question: How do we set up SAML SSO with Microsoft Entra ID?
answer: Go to Settings > Security > SAML SSO, copy the ACS URL and Entity ID into a new Entra ID enterprise app, then paste its metadata URL back. Verify your domain first.

## scim-provisioning
noun: SCIM provisioning
bug: Users we removed in Okta still show up as active members here.
request: Please support group push over SCIM so teamspaces follow our Okta groups.
question: How do I generate a SCIM token?
answer: Workspace owners can create one under Settings > Security > SCIM provisioning. The token is shown once, so paste it straight into your identity provider.

## two-factor
noun: two-factor authentication
bug: The 2FA code from my authenticator app is rejected every time.
request: Please let admins require two-factor authentication for everyone.
question: I lost my phone. How do I get back into my account with 2FA turned on?
answer: Use one of the backup codes you saved when you set up 2FA. If you don't have them, reply from your account email and we'll verify your identity and reset it.

## audit-log
noun: the audit log
bug: The audit log export is empty for any date range longer than a week.
request: We need to stream the audit log into our SIEM.
question: How long do you keep audit log events?
answer: Audit log events are kept for one year on Enterprise and can be exported as CSV at any time from Settings > Security > Audit log.

## member-management
noun: member management
bug: A member we removed can still open pages through a link we shared earlier.
request: Please let us hand over all pages of a departing employee to their manager in one go.
question: How do I make someone a workspace admin?
answer: Go to Settings > Members, find the person and change their role to Admin. Only workspace owners can do this.

## security-review
noun: security reviews
request: Please publish a list of your subprocessors that we can subscribe to for changes.
question: Can you send us your SOC 2 report and fill in our security questionnaire?
answer: Sure. Our SOC 2 Type II report is available under NDA from the trust center, and I've sent you the request form. We usually return questionnaires within five business days.

## data-residency
noun: data residency
request: We need our data stored in Australia to pass our procurement review.
question: Can our workspace data be stored in the EU only?
answer: Yes, on Enterprise we can host new workspaces in our Frankfurt region. Existing workspaces can be moved during a scheduled maintenance window.
"""
