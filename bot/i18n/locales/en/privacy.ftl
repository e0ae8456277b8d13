## Privacy: export and deletion
privacy-export-button = 📦 Export my data
privacy-delete-button = 🗑 Delete my account
privacy-export-started = I am collecting everything we hold about you. The file will arrive in this chat in a moment.
privacy-export-in-progress = Your export is already being prepared. It will arrive in this chat; please wait for it before asking again.
privacy-export-progress = Preparing your export… { $done } of { $total } records ({ $percent }%).
privacy-export-ready = Here is everything we hold about you. README.txt inside the archive explains each file.
privacy-export-failed = Sorry, your export could not be prepared. Nothing was changed; please try again later.
privacy-delete-warning =
    <b>Delete your account?</b>
    This permanently deletes your profile, connected accounts (they are logged out and their credentials erased), contacts, lists, campaigns, delivery records, imports and scheduled jobs. It cannot be undone.

    Tip: export your data first if you want a copy.
privacy-delete-continue = Yes, delete everything
privacy-delete-type-word = To confirm, type the word { $word } (or anything else to cancel).
privacy-delete-word = DELETE
privacy-delete-cancelled = Deletion cancelled. Your data is untouched.
privacy-deleted =
    Your account and all your data have been deleted. Goodbye!
    If you ever want to come back, send /start to register again.

## Policy broadcast and suspension (sent by administrators' actions)
privacy-policy-changed-notice =
    Our privacy policy has changed (new version { $version }).
    You will be asked to read and accept it the next time you use Contactd.
account-suspended = Your Contactd account has been suspended by an administrator. Campaigns paused: { $paused }.
account-unsuspended = Your Contactd account is active again. Paused campaigns stay paused until you resume them.
account-suspended-answer = Your account is suspended. Please contact support.
