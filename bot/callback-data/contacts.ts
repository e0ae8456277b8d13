import { callbackData } from './callback-data.js';

/** Contacts section navigation: `action` on a list (`id` 0 = all contacts), with a page number. */
export const contactsNavData = callbackData('cn', ['action', 'id', 'page']);

/** Actions on one contact card; `arg` carries the page to return to (`list.page`), after a field or a tag index ({@link cardArg}). */
export const contactCardData = callbackData('cc', ['action', 'id', 'arg']);

const PAGE = /^\d+\.\d+$/;

/** A card button's `arg` carrying a value (a field, a tag index) and the page the card returns to. */
export function cardArg(value: string | number, back: string): string {
  return `${value}@${back}`;
}

/** The value and the page to return to (`list.page`; all contacts when missing) of a card button's `arg`. */
export function splitCardArg(arg: string): { value: string; back: string } {
  const at = arg.lastIndexOf('@');
  const back = at < 0 ? arg : arg.slice(at + 1);
  return { value: at < 0 ? arg : arg.slice(0, at), back: PAGE.test(back) ? back : '0.0' };
}

/** Buttons of the import wizard (only meaningful inside the import conversation). */
export const contactImportData = callbackData('ci', ['action', 'arg']);
