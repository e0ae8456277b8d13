import { callbackData } from './callback-data.js';

/** Contacts section navigation: `action` on a list (`id` 0 = all contacts), with a page number. */
export const contactsNavData = callbackData('cn', ['action', 'id', 'page']);

/** Actions on one contact card; `arg` carries a field, a tag index or the page to return to. */
export const contactCardData = callbackData('cc', ['action', 'id', 'arg']);

/** Buttons of the import wizard (only meaningful inside the import conversation). */
export const contactImportData = callbackData('ci', ['action', 'arg']);
