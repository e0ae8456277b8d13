## Administration (/admin)
admin-menu = <b>Administration</b>
admin-find-button = 🔎 Find a user
admin-stats-button = 📊 Statistics
admin-broadcast-button = 📢 Announce policy { $version }
admin-back = « Admin menu
admin-view-user = « User #{ $userId }
admin-find-prompt = Send the user's Telegram id, internal id or @username.
admin-user-not-found = No user matches “{ $query }”.
admin-user-card =
    <b>User #{ $userId }</b> (Telegram id { $telegramId })
    Name: { $name }
    Username: { $username }
    Status: { $status }
    Registered: { $createdAt }

    Accounts: { $accounts }
    Contacts: { $contacts }
    Campaigns: { $campaigns }
    Messages sent: { $messagesSent }
admin-no-username = —
admin-status-active = active
admin-status-suspended = suspended
admin-suspend-button = ⏸ Suspend
admin-unsuspend-button = ▶️ Unsuspend
admin-delete-button = 🗑 Delete user
admin-suspended = User #{ $userId } is suspended; { $paused } campaigns were paused and the user was told.
admin-unsuspended = User #{ $userId } is active again.
admin-delete-confirm = Delete user #{ $userId } and all their data? This cannot be undone.
admin-delete-yes = Yes, delete user #{ $userId }
admin-deleted = User #{ $userId } and all their data were deleted.
admin-stats =
    <b>Service statistics</b>
    Users: { $users } (suspended: { $suspended })
    Connected accounts: { $accounts } (active: { $activeAccounts })
    Contacts: { $contacts }
    Campaigns: { $campaigns } (running: { $runningCampaigns })
    Messages sent: { $messagesSent }
    Age-gate refusals: { $ageGateRefusals }
admin-broadcast-confirm = Tell every user who has not accepted policy version { $version } that it changed? They will be asked to accept it on their next interaction.
admin-broadcast-yes = Yes, send the notice
admin-broadcast-started = Policy notice { $version } is being sent to { $recipients } users (about 25 per second).
