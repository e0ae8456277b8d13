# Contactd bot texts, English. Every user-facing text lives in these files.

## Onboarding
onboarding-welcome =
    Welcome to Contactd 👋
    I help you reach your contacts on Telegram and WhatsApp through your own accounts: upload contacts, write campaigns, schedule them safely, and see replies here.

    First, choose your language.
onboarding-language-chosen = Language: English.
onboarding-age-question = Contactd is only for adults. Are you 18 years old or older?
onboarding-age-yes = Yes, I am 18 or older
onboarding-age-no = No
onboarding-age-refused =
    Sorry, Contactd is not available to anyone under 18, as our privacy policy says.
    I have not stored anything about you. If this was a mistake, send /start again.
onboarding-policy-question =
    Please read our privacy policy (version { $version }): { $link }

    In short: we store your profile, the accounts you connect (credentials encrypted), your contacts, campaigns and delivery records for as long as you keep your account; message texts only until they are delivered; server logs at most 90 days. You can export or delete everything at any time from the Privacy menu.

    Do you accept the privacy policy?
onboarding-policy-accept = I accept
onboarding-policy-decline = I do not accept
onboarding-policy-declined =
    Without accepting the privacy policy you cannot use Contactd. I have not stored anything about you.
    Send /start whenever you change your mind.
onboarding-timezone-question =
    Last step: your time zone, so campaigns send at the right hours.
    Type your city (for example <i>Berlin</i>, <i>New York</i>, <i>Москва</i>) or a UTC offset (for example <i>+3</i> or <i>UTC-05:30</i>).
onboarding-timezone-invalid = I could not recognise “{ $input }” as a city or UTC offset. Try a bigger city nearby, or an offset like <i>+2</i> or <i>UTC-5</i>.
onboarding-timezone-confirm = Time zone { $zone }: it is { $time } there now. Is that right?
onboarding-timezone-yes = Yes, that's right
onboarding-timezone-no = No, let me type it again
onboarding-done = All set, { $name }! Here is the main menu. You can open it any time with /menu.
onboarding-press-button = Please answer with one of the buttons above.
onboarding-already-registered = Welcome back, { $name }!

## Policy versions
policy-changed =
    Our privacy policy has changed (new version { $version }): { $link }
    Please read it and accept it to continue using Contactd.
policy-accepted = Thank you. You accepted privacy policy version { $version }.

## Main menu
menu-title = Main menu — what would you like to do?
menu-accounts = 📱 Accounts
menu-contacts = 👥 Contacts
menu-campaigns = 📣 Campaigns
menu-privacy = 🔒 Privacy
menu-help = ❓ Help
menu-back = « Back to menu
section-coming-soon = { $section }: this section is coming soon.

## Help and privacy
help =
    <b>Contactd</b> sends your outreach campaigns through your own Telegram and WhatsApp accounts.

    /menu — main menu
    /privacy — privacy policy and your data
    /help — this help

    1. Connect an account (Accounts).
    2. Upload a contact file: CSV, Excel, vCard or JSON (Contacts).
    3. Write a campaign, schedule it, and watch replies arrive here (Campaigns).
privacy-summary =
    <b>Privacy</b>
    Policy version { $version }: { $link }

    We keep: your Telegram profile (id, name, username, language, time zone) and your consents; the accounts you connect, with their session credentials encrypted; your contacts, lists, campaigns and delivery records. Message texts are kept only until they are delivered. Server logs are kept at most 90 days and never contain message texts, phone numbers or credentials.

    You can export everything or delete everything at any time.
privacy-policy-link = press “Full text” below to read it

## Commands (Telegram command menu)
command-start = Start or restart
command-menu = Main menu
command-help = Help
command-privacy = Privacy and your data

## General
unknown-input = I did not understand that. Use the buttons, or /menu for the main menu and /help for help.
not-registered = Please send /start first to set up Contactd.
rate-limited = You are sending messages too fast. Please wait a few seconds.
error-generic = Something went wrong on our side. Nothing was lost; please try again in a moment.
error-not-found = That item does not exist (any more).
button-expired = This button has expired. Open /menu for a fresh one.
cancelled = Cancelled.
button-cancel = Cancel
policy-full-text = 📄 Full text
policy-document-caption = Contactd privacy policy, version { $version }.
