## Accounts section
accounts-title =
    📱 Your messenger accounts ({ $count })
    Campaigns are sent through these accounts.
accounts-empty =
    📱 You have not connected any messenger account yet.
    Connect a Telegram or WhatsApp account to send campaigns through it.
accounts-line = { $platform } · { $name } — { $status } · { $sent }/{ $limit } today · { $health }
accounts-connect-telegram = ➕ Connect Telegram
accounts-connect-whatsapp = ➕ Connect WhatsApp
accounts-back = « Accounts
accounts-platform-telegram = Telegram
accounts-platform-whatsapp = WhatsApp
accounts-status-active = active
accounts-status-connecting = connecting
accounts-status-disconnected = disconnected
accounts-status-limited = limited until { $until }
accounts-status-limited-open = limited
accounts-card =
    { $platform } account: { $name }
    Phone: { $phone }
    Username: { $username }
    Status: { $status }
    Sent today: { $sent }
accounts-health-healthy = 🟢 healthy
accounts-health-warming = 🌱 warming up
accounts-health-cautious = 🟠 cautious
accounts-health-restricted = 🔴 restricted
accounts-card-health = Health: { $health }
accounts-card-health-why = Why: { $reasons }
accounts-card-cap = Daily limit today: { $cap } (your limit: { $limit })
accounts-card-warming = The limit grows by { $step } a day while the account stays healthy; a restriction or warning sign starts it over.
accounts-card-paused = Paused until { $until }.
accounts-reason-long-flood-wait = asked to wait { $minutes } min at once in the last day
accounts-reason-flood-waits = asked to slow down { $count } times in the last day
accounts-reason-flood-wait-time = { $minutes } min of waiting in the last day
accounts-reason-disconnects = { $count } disconnects in the last day
accounts-reason-failure-rate = { $percent } of its last { $count } messages failed
accounts-reason-low-reply-rate = only { $percent } of recipients answered
accounts-unknown = —
accounts-rename = ✏️ Rename
accounts-limit = 📊 Daily limit
accounts-disconnect = 🔌 Disconnect
accounts-limit-question = How many messages may { $name } send per day? (now { $limit })
accounts-limit-set = Daily limit of { $name } set to { $limit }.
accounts-rename-question = Type a new name for { $name } (up to 64 characters), or /cancel.
accounts-rename-invalid = A name must have 1 to 64 characters. Try again, or /cancel.
accounts-renamed = Renamed to { $name }.
accounts-disconnect-question =
    Disconnect { $name }?
    Its session is logged out and its stored credentials are deleted at once. Campaigns will no longer send through it.
accounts-disconnect-yes = Yes, disconnect
accounts-disconnect-no = No, keep it
accounts-disconnected = { $name } is disconnected and its credentials are deleted.
accounts-not-found = This account no longer exists.

## Connecting
connect-method-question = How do you want to connect your { $platform } account?
connect-method-phone_code = 📞 Phone number and code
connect-method-qr = 📷 QR code
connect-method-pairing_code = 🔢 Pairing code
connect-cancel = ✖️ Cancel
connect-phone-question = Type the phone number of the account in international format, for example +49 151 23456789.
connect-phone-invalid = That is not a phone number in international format (+ and country code). Try again, or /cancel.
connect-started = Connecting… I will tell you what to do next in a moment.
connect-wait = Please wait: the login is still starting.
connect-scan = Scan the QR code (or enter the pairing code) on your phone; I will tell you when it worked.
connect-code-format = Type the code with a dash between the digits, for example 1-2-3-4-5.
connect-code-checking = Checking the code…
connect-password-checking = Checking the password… (I deleted your message with it.)
connect-not-waiting = The login is not waiting for that right now.
connect-finish-first = Finish connecting the account or press Cancel first.
connect-cancelled = Connecting cancelled.
connect-over = This login is over.

## Login notifications
login-code-sent =
    Telegram sent a login code to the Telegram app of { $phone }.
    Type it here with a dash between the digits, for example 1-2-3-4-5 (Telegram cancels a code that is sent unchanged in any chat).
login-password-required =
    This account has two-step verification. Type its password (hint: { $hint }).
    I delete your message as soon as I have read it.
login-password-resume = 🔑 Type the password
login-qr-telegram = Open Telegram on your phone → Settings → Devices → Link Desktop Device, and scan this code. It is valid until { $expires }; I send a new one before then.
login-qr-whatsapp = Open WhatsApp on your phone → Linked devices → Link a device, and scan this code. It is valid until { $expires }; I send a new one before then.
login-pairing-code = Open WhatsApp on your phone → Linked devices → Link a device → Link with phone number instead, and enter this code: { $code }
login-invalid-code = That code is wrong. Type it again with dashes (1-2-3-4-5), or cancel.
login-invalid-password = That password is wrong. Press the button and type it again, or cancel.
login-failed-retry = 🔁 Try again
login-connected = ✅ { $name } is connected. Campaigns can now send through it.
login-failed-INVALID_CODE = The code was wrong too many times. Start again to get a new one.
login-failed-CODE_EXPIRED = The code expired before the login finished. Start again to get a new one.
login-failed-EXPIRED = The login took too long and was stopped. Start again whenever you are ready.
login-failed-INVALID_PASSWORD = The password was wrong too many times. Start again.
login-failed-INVALID_PHONE = { $platform } does not know this phone number. Check it and start again.
login-failed-FLOOD_WAIT = { $platform } asks to wait { $minutes } minutes before trying again.
login-failed-BANNED = { $platform } has banned this phone number; it cannot be connected.
login-failed-ALREADY_CONNECTED = This account is already connected.
login-failed-NO_DRIVER = Connecting { $platform } accounts is not available on this server.
login-failed-other = Connecting the { $platform } account failed. Please try again later.

## Account notifications
account-logged-out = ⚠️ { $name } was logged out by the platform. Its credentials are deleted; connect it again to keep sending.
