## Campaigns: list and card
campaigns-title = <b>Campaigns</b> ({ $total })
campaigns-empty = You have no campaigns yet. Create one: I will guide you step by step.
campaigns-new = ➕ New campaign
campaigns-continue-draft = ✏️ Continue draft “{ $name }”
campaigns-overall-stats = 📊 Overall statistics
campaigns-page-prev = « Previous
campaigns-page-next = Next »
campaigns-back = « Campaigns
campaigns-list-item = { $icon } { $name } — { $sent }/{ $total }
campaign-status-draft = draft
campaign-status-scheduled = scheduled
campaign-status-running = running
campaign-status-paused = paused
campaign-status-completed = completed
campaign-status-cancelled = cancelled
campaign-channel-telegram = Telegram
campaign-channel-whatsapp = WhatsApp
campaign-channel-any = whichever the contact has (prefer { $preferred })
campaign-card =
    <b>{ $name }</b> — { $status }
    Channel: { $channel }
    Steps: { $steps }
    { $progress }
campaign-card-launched = Launched { $at }
campaign-launch = 🚀 Launch
campaign-pause = ⏸ Pause
campaign-resume = ▶️ Resume
campaign-cancel = ✖️ Cancel campaign
campaign-duplicate = 📄 Duplicate
campaign-stats = 📊 Statistics
campaign-export = ⬇️ Export CSV
campaign-edit = ✏️ Edit
campaign-review = 📋 Review
campaign-cancel-confirm = Cancel “{ $name }”? Messages not sent yet will be skipped. This cannot be undone.
campaign-cancel-yes = Yes, cancel it
campaign-cancel-no = No, keep it
campaign-paused = Campaign paused. Nothing more is sent until you resume it.
campaign-resumed = Campaign resumed.
campaign-cancelled = Campaign cancelled.
campaign-duplicated = Copied as a new draft.
campaign-launched = 🚀 Launched: { $queued } messages queued, { $skipped } contacts skipped (opted out, unreachable or already contacted).
campaign-launch-blocked = The campaign cannot be launched yet:
campaign-launch-conflict = This campaign was not launched now: it is being launched already, or it changed while it was being launched. Here it is as it stands; launch it again from the review if it is still a draft.
campaign-plan-account = { $account }: { $warm } warm, { $cold } cold, sending until { $until }
campaign-plan-account-idle = { $account }: nothing to send
campaign-plan-unplanned = ⚠️ { $count } recipients find no free slot before the end date and will not be messaged.
campaign-export-caption = Delivery records of “{ $name }”.
campaign-not-found = That campaign no longer exists.
campaign-not-editable = This campaign cannot be changed now. Pause it first.
campaign-action-failed = That did not work: { $reason }

## Composing
campaign-compose-name = What should this campaign be called? (only you see the name)
campaign-compose-name-invalid = A name has 1 to 64 characters. Try again.
campaign-compose-channel = Which messenger should it use?
campaign-compose-channel-telegram = Telegram
campaign-compose-channel-whatsapp = WhatsApp
campaign-compose-channel-any = Whichever the contact has
campaign-compose-preferred = When a contact has both, which one first?
campaign-compose-accounts = Which of your accounts should send? Tap to select one or several (they take turns), then Done.
campaign-compose-accounts-none = You have no connected { $channel } account. Connect one in 📱 Accounts, then come back: your draft is saved.
campaign-compose-accounts-empty = Select at least one account.
campaign-compose-done = ✅ Done
campaign-compose-skip = Skip
campaign-compose-keep = Keep it as it is
campaign-compose-audience = Who should receive it? Tap lists and tags to include (none selected = all your contacts), then Done.
campaign-compose-audience-exclude = Exclude contacts with any of these tags? Tap to select, then Done.
campaign-compose-audience-report =
    Audience: { $matched } contacts match.
    Reachable on Telegram: { $telegram }; on WhatsApp: { $whatsapp }.
    Opted out: { $optedOut }; already contacted by another running campaign: { $alreadyContacted }.
campaign-compose-list = 📋 { $name } ({ $size })
campaign-compose-tag = 🏷 { $tag } ({ $count })
campaign-compose-template =
    Type the message for step { $step }.

    Variables: <code>{"{"}first_name{"}"}</code>, <code>{"{"}company{"}"}</code>… (any column of your contacts).
    Fallback when empty: <code>{"{"}first_name|there{"}"}</code>.
    Variation, one per recipient: <code>{"{"}Hi|Hello|Hey{"}"}</code>.
    Literal braces: <code>\{"{"}</code> and <code>\{"}"}</code>; a literal bar inside braces: <code>\|</code>.
campaign-compose-template-current = Current text of step { $step }:
campaign-compose-template-errors = ❌ Please fix this and send the message again:
campaign-compose-template-warnings = ⚠️ Worth a look:
campaign-compose-template-ok = ✅ The message looks good.
campaign-compose-template-accept = Keep it anyway
campaign-compose-template-retype = Type it again
campaign-compose-preview = <b>Preview</b> for { $contact }:
campaign-compose-preview-none = No contact in the audience to preview with yet.
campaign-compose-test-offer = Want to see it in your own Telegram first? I can send you a test through your selected account.
campaign-compose-send-test = 📨 Send a test to myself
campaign-compose-test-sent = Test message sent to your Telegram through { $account }.
campaign-compose-test-failed = The test could not be sent: { $reason }
campaign-compose-followups = Add a follow-up step? It is sent only to contacts who have not replied.
campaign-compose-followups-count = The campaign has { $count } steps.
campaign-compose-followup-add = ➕ Add a follow-up
campaign-compose-followup-remove = 🗑 Remove the last follow-up
campaign-compose-followup-delay = How many days after the previous step should step { $step } go out? Type a number (for example 3), or hours like <code>12h</code>.
campaign-compose-followup-delay-invalid = Type a number of days from 1 to 60 (for example 3), or hours from 1 to 1440 like <code>12h</code>.
campaign-compose-schedule = <b>Schedule</b>
campaign-compose-start = When should it start?
campaign-compose-start-now = Now
campaign-compose-start-later = At a date and time
campaign-compose-start-ask = Type the start date and time in { $zone }, like <code>2026-12-01 09:30</code>.
campaign-compose-start-invalid = I could not read that as a future date and time. Use <code>YYYY-MM-DD HH:MM</code>, for example <code>2026-12-01 09:30</code>.
campaign-compose-days = On which days may it send? Tap to toggle, then Done.
campaign-compose-days-empty = Select at least one day.
campaign-compose-hours = Sending hours, in { $zone }, like <code>09:00-18:00</code>. Now: { $from }-{ $to }.
campaign-compose-hours-invalid = I could not read “{ $input }” as hours. Type them like <code>09:00-18:00</code> (from before to, 24-hour clock).
campaign-compose-zone = Time zone: { $zone }. Keep it, or type a city or UTC offset.
campaign-compose-zone-invalid = I could not recognise “{ $input }” as a city or UTC offset.
campaign-compose-local-time-hint = 🌍 Or send in each recipient's local time: the days and hours then apply in the contact's own time zone (from its time zone, city or country), and in this one when unknown.
campaign-compose-local-time-off = 🌍 Recipients' local time: off
campaign-compose-local-time-on = 🌍 Recipients' local time: on
campaign-compose-cap = Messages per account per day (safe: up to { $safe }). Now: { $cap }. Type a number from 1 to 1000.
campaign-compose-cap-invalid = Type a whole number from 1 to 1000.
campaign-compose-delay = Random pause between two messages of one account, in seconds, like <code>45-120</code> (safe: at least { $safe }). Now: { $min }-{ $max }.
campaign-compose-delay-invalid = Type two numbers of seconds like <code>45-120</code>: the first at least 1, the second not smaller and at most 86400.
campaign-compose-end = Should it stop at a date? Type it like <code>2026-12-31 18:00</code> (in { $zone }), or Skip for no end date.
campaign-compose-end-invalid = I could not read that as a date and time after the start. Use <code>YYYY-MM-DD HH:MM</code>.
campaign-compose-unsafe = ⚠️ Above the safe defaults, accounts are more likely to be limited by { $platform }. I will keep your setting.
campaign-compose-left = Your draft is saved. Continue it any time from 📣 Campaigns.
campaign-compose-press-button = Please use the buttons above, or type the answer asked for.
campaign-day-1 = Mon
campaign-day-2 = Tue
campaign-day-3 = Wed
campaign-day-4 = Thu
campaign-day-5 = Fri
campaign-day-6 = Sat
campaign-day-7 = Sun

## Review
campaign-review-title = <b>Review “{ $name }”</b>
campaign-review-channel = Channel: { $channel }
campaign-review-accounts = Accounts: { $accounts }
campaign-review-audience = Audience: lists { $lists }; tags { $tags }; excluded tags { $exclude }
campaign-review-audience-all = all
campaign-review-audience-none = none
campaign-review-steps = Steps: { $count }
campaign-review-step = <b>Step { $step }</b>{ $delay }:
    <i>{ $text }</i>
campaign-review-step-delay = , { $days } days after step { $previous }
campaign-review-start-now = Start: when launched
campaign-review-start-at = Start: { $at }
campaign-review-window = Window: { $days }, { $from }-{ $to } ({ $zone })
campaign-review-local-time = 🌍 In each recipient's local time ({ $zone } when unknown)
campaign-review-plan = <b>If launched now:</b> { $queued } messages, { $skipped } contacts left out. Warm recipients (who already know the account) go first; cold ones are spaced more widely.
campaign-review-pacing = Per account: up to { $cap } a day, { $min }-{ $max } s apart
campaign-review-end = Ends: { $at }
campaign-review-no-end = Ends: when every message is sent
campaign-review-problems = <b>To fix before launch:</b>
campaign-review-warnings = <b>Warnings:</b>
campaign-edit-name = Name
campaign-edit-channel = Channel
campaign-edit-accounts = Accounts
campaign-edit-audience = Audience
campaign-edit-template = Message
campaign-edit-followups = Follow-ups
campaign-edit-schedule = Schedule

## Issues (validation), prefixed in code by campaign-issue-where
campaign-issue-where = Step { $step }, line { $line }, column { $column }:
campaign-issue-where-step = Step { $step }:
campaign-issue-template-empty = The message is empty.
campaign-issue-template-unclosed-brace = A “{"{"}” is never closed with “{"}"}”. To write a brace as text, type \{"{"}.
campaign-issue-template-unexpected-closing-brace = A “{"}"}” closes nothing. To write a brace as text, type \{"}"}.
campaign-issue-template-unknown-variable = There is no field “{ $name }”.{ $hint }
campaign-issue-hint = { " " }Did you mean “{ $suggestion }”?
campaign-issue-template-empty-braces = Empty braces “{"{}"}”.
campaign-issue-template-single-alternative = Braces around “{ $text }”, which is neither a field nor a choice of variations (add |, or remove the braces).
campaign-issue-template-empty-alternative = Alternative { $alternative } is empty.
campaign-issue-template-possible-variable = “{ $name }” looks like a mistyped field.{ $hint }
campaign-issue-template-empty-variable = “{ $name }” is empty for { $emptyCount } of { $sampleSize } recipients and has no fallback (write {"{"}{ $name }|…{"}"}).
campaign-issue-template-too-long = The message can reach { $length } characters; { $platform } allows { $limit }.
campaign-issue-campaign-no-steps = The campaign has no message yet.
campaign-issue-campaign-no-accounts = No sender account is selected.
campaign-issue-campaign-account-unavailable = Account #{ $accountId } cannot send ({ $status }).
campaign-issue-campaign-no-account-for-channel = No selected account can send on { $channel }.
campaign-issue-campaign-empty-audience = Nobody in the audience can be messaged.
campaign-issue-campaign-cap-above-safe = The daily cap { $cap } is above the safe { $safe }.
campaign-issue-campaign-delay-below-safe = The shortest pause { $min } s is below the safe { $safe } s.
campaign-issue-campaign-invalid-schedule = The schedule is not valid ({ $detail }).
campaign-issue-campaign-end-in-past = The end date { $endAt } has passed.
campaign-issue-campaign-follow-up-without-delay = a follow-up needs a delay after the previous step.
campaign-issue-other = problem { $code }.

## Statistics
campaign-stats-title = <b>Statistics: { $name }</b> ({ $status })
campaign-stats-counts = Queued { $queued } · Sent { $sent } · Replied { $replied } · Failed { $failed } · Skipped { $skipped } (total { $total })
campaign-stats-rate = Reply rate: { $rate }
campaign-stats-step = Step { $step }: sent { $sent }, replied { $replied }, failed { $failed } — { $rate }
campaign-stats-account = Account { $account }: sent { $sent }, replied { $replied }, failed { $failed } — { $rate }
campaign-stats-account-none = (none)
campaign-stats-per-step = <b>Per step</b>
campaign-stats-per-account = <b>Per account</b>
campaign-stats-errors = <b>Most frequent errors</b>
campaign-stats-error = { $code }: { $count }
campaign-overall-title = <b>All campaigns</b>
campaign-overall-campaigns = Campaigns: { $running } running, { $scheduled } scheduled, { $paused } paused, { $completed } completed, { $draft } drafts, { $cancelled } cancelled
campaign-overall-opted-out = Contacts opted out: { $count }

## Notifications
campaign-progress =
    📣 <b>{ $name }</b> — { $status }
    { $bar } { $percent }
    Queued { $queued } · Sent { $sent } · Failed { $failed } · Replied { $replied }
    Reply rate: { $rate }
campaign-progress-next = Next message: { $at }
campaign-completed =
    ✅ <b>{ $name }</b> finished.
    Sent { $sent } · Replied { $replied } · Failed { $failed } · Skipped { $skipped }
    Reply rate: { $rate }
campaign-completed-errors = Most frequent errors: { $errors }
campaign-reply =
    💬 <b>{ $contact }</b> replied to “{ $campaign }”:
    { $text }
campaign-reply-opted-out = 🚫 The reply contained a stop word: the contact is opted out and gets nothing more.
campaign-reply-open = 👤 Open contact
campaign-reply-opt-out = 🚫 Mark opted out
campaign-reply-answer = ↩️ Reply
campaign-reply-ask = Type your answer. It is sent through the same account that received the reply. /cancel to stop.
campaign-reply-sent = ↩️ Sent to { $contact }.
campaign-reply-cancelled = Not sent.
campaign-reply-unavailable = Replying from the bot is not available for this message.
campaign-reply-opted-out-done = { $contact } is opted out: no campaign will message them again.
campaign-contact-card =
    👤 <b>{ $name }</b>
    Phone: { $phone }
    Username: { $username }
    Company: { $company }
    Opted out: { $optedOut }
campaign-contact-not-found = That contact no longer exists.
campaign-contact-yes = yes
campaign-contact-no = no
campaign-contact-none = —
campaign-account-limited-flood = ⏳ Account { $account } ({ $platform }) was asked to slow down. It pauses until { $until }; { $moved } messages were moved to later.
campaign-account-limited-peer-moved = ⚠️ Account { $account } ({ $platform }) was limited by { $platform } until { $until }. Its { $moved } queued messages go to the campaign's other accounts.
campaign-account-limited-peer-waiting = ⚠️ Account { $account } ({ $platform }) was limited by { $platform } until { $until }. No other account can take over: { $moved } messages wait until then.
campaign-account-limited-taken-over = Taken over by { $accounts }, each within its own daily limit and pace.
campaign-account-restricted = ⚠️ Account { $account } ({ $platform }) was restricted by { $platform } until { $until } and sends nothing until then.
campaign-account-restricted-open = ⚠️ Account { $account } ({ $platform }) was restricted by { $platform } with no end date given: it sends nothing until the restriction is lifted.
campaign-account-restricted-moved = Its { $moved } queued messages go to the campaign's other accounts.
campaign-account-restricted-waiting = No other account can take over: { $moved } messages wait until then.
campaign-account-restricted-waiting-open = No other account can take over: its { $moved } queued messages stay queued, since no end date is known.
campaign-caught-up = ⏱ <b>{ $name }</b> fell behind (the service was down, the campaign paused or an account limited). { $replanned ->
    [one] One message was
   *[other] { $replanned } messages were
} re-planned to go out at the normal pace, not all at once.
campaign-caught-up-stale = { $stale ->
    [one] One message was
   *[other] { $stale } messages were
} skipped as too late: overdue by more than { $hours } h (follow-ups: { $followUpHours } h), they would arrive out of context.
campaign-caught-up-ended = { $ended ->
    [one] One message was
   *[other] { $ended } messages were
} skipped because no sending time is left before the campaign's end date.
