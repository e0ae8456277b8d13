## Contacts section
contacts-home =
    <b>👥 Contacts</b>
    You have { $total } contacts in { $lists } lists.

    To import, send me a file: CSV, Excel (.xlsx), vCard (.vcf) or JSON (such as Telegram Desktop's export of your contacts), up to { $limit } MB.
contacts-home-empty =
    <b>👥 Contacts</b>
    You have no contacts yet.

    Send me a file to import them: CSV, Excel (.xlsx), vCard (.vcf) or JSON (such as Telegram Desktop's export of your contacts), up to { $limit } MB. I will show you how I read the columns before importing anything.
contacts-list-button = 📋 { $name } ({ $size })
contacts-all-button = 👥 All contacts
contacts-add-button = ➕ Add a contact
contacts-search-button = 🔍 Search
contacts-import-button = 📥 Import a file
contacts-back = « Back
contacts-import-hint = Send me the contact file as a document (CSV, Excel .xlsx, vCard .vcf or JSON, up to { $limit } MB).

## Browsing
contacts-page-title = <b>{ $name }</b> — { $total } contacts (page { $page } of { $pages })
contacts-page-all = All contacts
contacts-page-empty = <b>{ $name }</b> has no contacts.
contacts-prev = ‹ Prev
contacts-next = Next ›
contacts-export-button = 📤 Export CSV
contacts-delete-list-button = 🗑 Delete list
contacts-export-caption = { $name }: { $count } contacts.
contacts-delete-list-question = Delete the list “{ $name }” ({ $size } contacts)? You can keep the contacts (they stay in your other lists and in All contacts) or delete the ones that are in no other list.
contacts-delete-list-keep = Delete the list, keep contacts
contacts-delete-list-all = Delete the list and its contacts
contacts-list-deleted = The list “{ $name }” is deleted. { $count } contacts were deleted with it.
contacts-search-prompt = Type a name, phone, username, email or company to search for (or /cancel).
contacts-search-results = <b>Search “{ $query }”</b>: { $total } found{ $more }
contacts-search-more = , showing the first { $shown }
contacts-search-none = Nothing found for “{ $query }”.
contacts-cancelled = Cancelled.
contacts-unnamed = (no name)
contacts-opted-out-mark = 🚫

## Contact card
contacts-card =
    <b>{ $name }</b>{ $optedOut }
    { $details }
contacts-card-opted-out = { " " }— opted out, campaigns skip them
contacts-card-unreachable = ⚠️ No phone or Telegram username: stored, but campaigns cannot reach them.
contacts-card-lists = Lists: { $lists }
contacts-card-tags = Tags: { $tags }
contacts-card-custom = { $key }: { $value }
contacts-card-custom-more = … and { $count } more custom fields (all of them are in the list's CSV export)
contacts-edit-button = ✏️ Edit
contacts-tag-button = 🏷 Add tag
contacts-untag-button = ✖ { $tag }
contacts-optout-button = 🚫 Mark opted out
contacts-optin-button = ✅ Clear opt-out
contacts-delete-button = 🗑 Delete
contacts-delete-question = Delete { $name }? This cannot be undone.
contacts-delete-yes = Yes, delete
contacts-deleted = { $name } is deleted.
contacts-edit-choose = Which field of { $name } do you want to change?
contacts-edit-custom-button = ➕ Custom field
contacts-edit-prompt = Send the new { $field } for { $name }, or “-” to clear it (/cancel to stop).
contacts-edit-custom-prompt = Send the custom field as <code>name: value</code> (for example <code>deal_stage: hot</code>); <code>name: -</code> removes it. /cancel to stop.
contacts-tag-prompt = Send the tag to add (for example <i>vip</i>), or /cancel.
contacts-saved = Saved.

## Adding by hand
contacts-add-name = New contact: send the name (first and last), or “-” to skip.
contacts-add-phone = Phone number (international like +49 30 1234567, or national if you set a default country), or “-” to skip.
contacts-add-username = Telegram username (like @anna_sales or t.me/anna_sales), or “-” to skip.
contacts-add-email = Email, or “-” to skip.
contacts-add-company = Company, or “-” to skip.
contacts-add-done = Added { $name }.
contacts-add-retry = { $problem } Try again, or “-” to skip.

## Fields
contacts-field-firstName = First name
contacts-field-lastName = Last name
contacts-field-fullName = Full name
contacts-field-phone = Phone
contacts-field-username = Telegram username
contacts-field-email = Email
contacts-field-company = Company
contacts-field-position = Position
contacts-field-country = Country
contacts-field-city = City
contacts-field-custom = Custom field
contacts-field-ignore = Ignore

## Import wizard
contacts-import-downloading = Reading “{ $file }”…
contacts-import-mapping =
    <b>{ $file }</b> ({ $format }{ $sheet })
    Here is how I read the columns. Press a column to change what it is; unmapped columns are kept as custom fields you can use in templates, like <code>{"{"}deal_stage{"}"}</code>.

    { $columns }

    <b>Preview</b>
    { $preview }
contacts-import-sheet = , sheet “{ $sheet }”
contacts-import-column-line = { $n }. <b>{ $header }</b> → { $target }
contacts-import-custom-target = custom field <code>{ $key }</code>
contacts-import-columns-hidden = <i>{ $count ->
    [one] One more column is
   *[other] { $count } more columns are
} not shown: empty in the first rows (kept as custom fields where they have values), or past the first 30. Press “All columns” to see and change them.</i>
contacts-import-columns-page = <i>Columns { $from }–{ $to } of { $total }.</i>
contacts-import-columns-all = 🔎 All columns ({ $total })
contacts-import-columns-compact = Only the columns that matter
contacts-import-column-button = { $n }. { $header } → { $target }
contacts-import-choose-target = What is column { $n } “{ $header }”?
contacts-import-sheet-button = 📑 Sheet: { $sheet }
contacts-import-choose-sheet = Which sheet should I import?
contacts-import-country-button = 🌍 Default country: { $country }
contacts-import-country-none = not set
contacts-import-country-needed = ⚠️ Some phone numbers have no country code (+…). Press <b>🌍 Default country</b> and send the country they are from: without it I cannot read short ones, and take long ones for numbers whose + was dropped (79161234567 → +7 916 123-45-67).
contacts-import-country-prompt = Send the country for phone numbers written without a country code (for example <i>Germany</i> or <i>DE</i>).
contacts-import-country-set = Default country set to { $country }.
contacts-import-continue = ✅ Continue
contacts-import-cancel = ✖ Cancel
contacts-import-cancelled = Import cancelled. Nothing was stored.
contacts-import-need-identifier = At least one column must be a phone, Telegram username or email. Change a column first.
contacts-import-list-prompt = Which list should the contacts go into? Press one, or send a name for a new list.
contacts-import-existing-prompt = Some contacts may already be in your contacts (same phone, username or email). What should I do with them?
contacts-import-skip = Keep mine as they are
contacts-import-update = Update them from the file
contacts-import-started = Importing into “{ $list }”… { $bar } { $percent }%
contacts-import-saving = Importing into “{ $list }”: saving { $rows } rows…
contacts-import-summary =
    ✅ Import into “{ $list }” finished.
    Imported: { $imported }
    Updated: { $updated }
    Duplicates: { $duplicates }
    Invalid: { $rejected }
contacts-import-summary-extended = { $count ->
    [one] One contact had other values in its duplicate rows (another email, another name…): they are kept on it as numbered custom fields, like email_2.
   *[other] { $count } contacts had other values in their duplicate rows (another email, another name…): they are kept on them as numbered custom fields, like email_2.
}
contacts-import-summary-unreachable = { $count ->
    [one] One imported contact has only an email (no phone or Telegram username I could read): it is kept, but campaigns in Telegram or WhatsApp cannot reach it.
   *[other] { $count } imported contacts have only an email (no phone or Telegram username I could read): they are kept, but campaigns in Telegram or WhatsApp cannot reach them.
}
contacts-import-summary-rejected = The rows I could not import are in the file below, with the reason for each.
contacts-import-summary-no-country = ⚠️ Some phone numbers have no country code (+…) and no default country was set, so I could not read them. Send the file again and set 🌍 Default country on the first screen: the contacts already imported will not be added twice.
contacts-import-summary-rounded = ⚠️ Some phone numbers came shortened by a spreadsheet (written like 4.91701E+11), so their last digits are lost. Format the phone column as Text in the spreadsheet, export the file again and send it: the contacts already imported will not be added twice.
contacts-import-already = This file was already imported into “{ $list }” with the same choices: nothing was added twice.
contacts-import-rejected-caption = Rejected rows of { $file }: { $count }.
contacts-import-failed = ❌ The import failed and nothing was stored: { $reason }
contacts-import-too-big-cloud = This file is { $size } MB. Telegram lets bots download files only up to 20 MB; split it into smaller files, or ask the operator to run a self-hosted Telegram Bot API server.
contacts-import-too-big = This file is { $size } MB; the limit is { $limit } MB. Split it into smaller files.

## Rejection reasons (in the rejected-rows file)
contacts-reason-NO_IDENTIFIER = no phone, Telegram username or email
contacts-reason-INVALID_PHONE = the phone number is not valid
contacts-reason-PHONE_WITHOUT_COUNTRY = the phone number has no country code (+…) and no default country was set: send the file again and set the default country, or write the number with +
contacts-reason-ROUNDED_PHONE = a spreadsheet shortened the phone number (like 4.91701E+11), so its last digits are lost: format the column as Text and export the file again
contacts-reason-INVALID_USERNAME = the Telegram username is not valid
contacts-reason-INVALID_EMAIL = the email is not valid
contacts-reason-MALFORMED_ROW = the row has more cells than the header
contacts-reason-UNTERMINATED_QUOTE = a quote is opened and never closed

## Errors
contacts-error-IMPORT_EMPTY_FILE = The file is empty: there are no rows in it.
contacts-error-IMPORT_BINARY_FILE = This does not look like a contact file ({ $detail }). Send a CSV, Excel (.xlsx), vCard (.vcf) or JSON file (such as Telegram Desktop's export of your contacts).
contacts-error-IMPORT_UNSUPPORTED_FORMAT = { $detail ->
    [html] This is a web page (HTML). If it is Telegram Desktop's export, export again with the format “Machine-readable JSON” and send me result.json; otherwise save the contacts as .xlsx or .csv.
   *[other] Files in { $detail } format are not supported. Save it as .xlsx or .csv and send it again.
}
contacts-error-IMPORT_FILE_TOO_LARGE = The file is larger than the { $limit } MB limit. Split it into smaller files.
contacts-error-IMPORT_ZIP_BOMB = This workbook unpacks to far more data than it weighs, so I will not open it. Save it again as .xlsx or .csv.
contacts-error-IMPORT_CORRUPT_WORKBOOK = The workbook is damaged or password-protected. Save it again as .xlsx or .csv.
contacts-error-IMPORT_CORRUPT_JSON = This JSON file is damaged or cut short, so I cannot read it. Export it again, or send the contacts as CSV.
contacts-error-IMPORT_SHEET_NOT_FOUND = The workbook has no such sheet.
contacts-error-IMPORT_NO_COLUMNS = I could not find any column with phones, Telegram usernames, emails or names. Add a header row (for example Name, Phone, Email) and send it again.
contacts-error-IMPORT_GAVE_UP = The import of this file stopped several times before it could finish, so I gave up on it; nothing was imported. Split the file into smaller ones, or save it as .csv, and send it again.
contacts-error-IMPORT_INVALID_MAPPING = The column choices do not fit the file. Send the file again.
contacts-error-VALIDATION = That value is not valid.
contacts-error-INVALID_PHONE = That is not a valid phone number. Write it with + and the country code, for example +49 30 1234567.
contacts-error-INVALID_USERNAME = That is not a valid Telegram username (5–32 letters, digits or _, starting with a letter).
contacts-error-INVALID_EMAIL = That is not a valid email.
contacts-error-TOO_LONG = That is too long.
contacts-error-INVALID_KEY = A custom field name starts with a letter and has only letters a–z, digits and _ (for example deal_stage).
contacts-error-FIELD_KEY = That is the name of one of the contact's own fields. Change that field with its own button, or give the custom field another name.
contacts-error-CONFLICT = Another contact already has this phone, username or email.
contacts-error-NOT_FOUND = This contact or list no longer exists.
contacts-error-INTERNAL = Something went wrong on our side. Please try again later.
contacts-rejected-row = Row
contacts-rejected-reason = Reason
