import type { ContactDraft } from './contact-draft.js';

/**
 * Keys naming a person: `phone:+7…`, `tg:<lower-case username>`, `email:<address>`. Rows sharing one are the same
 * person; the import groups them in SQL (`mergeStaged`), after `RepeatedKeyFilter` noted which rows repeat a key.
 */
export function dedupKeys(draft: ContactDraft): string[] {
  const keys: string[] = [];
  if (draft.phone !== null) keys.push(`phone:${draft.phone}`);
  if (draft.username !== null) keys.push(`tg:${draft.username.toLowerCase()}`);
  if (draft.email !== null) keys.push(`email:${draft.email}`);
  return keys;
}
