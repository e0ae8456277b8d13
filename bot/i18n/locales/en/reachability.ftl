# Reachability pre-flight: the review screen's counts, the "Check reachability" button and its report.
reachability-title = <b>Reachability</b>
reachability-channel = { $channel }: ✅ { $reachable } reachable · ⛔ { $unreachable } unreachable (left out) · ❔ { $unchecked } not checked yet (checked when sending)
reachability-reasons =    Unreachable: { $reasons }
reachability-reason-not-found = no such user
reachability-reason-privacy = privacy settings refuse messages
reachability-reason-invalid-phone = invalid number
reachability-check = 🔎 Check reachability
reachability-check-started = 🔎 Checking in the background; I'll report here. Lookups are spaced out and count against each account's daily limit, never against today's planned messages.
reachability-check-no-accounts = This campaign has no active account to check with. Connect or choose an account first.
reachability-check-unavailable = The check can't run right now. Try again later.
reachability-done = 🔎 <b>Reachability check of “{ $name }” done</b>: { $checked } lookups.
reachability-stop-budget = Some accounts used today's limit: the rest is checked when sending, or check again tomorrow.
reachability-stop-flood_wait = The platform asked an account to slow down: its checks wait until then.
reachability-stop-not_connected = An account was not connected, so its share was not checked.
reachability-stop-error = An account's lookups failed; the rest is checked when sending.
reachability-open-review = 📋 Open review
