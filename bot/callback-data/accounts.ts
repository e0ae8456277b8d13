import { callbackData } from './callback-data.js';

/** The Accounts section's buttons. Ids in them are checked against the pressing user by the service. */
export const accountListData = callbackData('acl', []);
export const accountOpenData = callbackData('aco', ['id']);
export const accountConnectData = callbackData('acn', ['platform']);
export const accountLimitMenuData = callbackData('acd', ['id']);
export const accountLimitSetData = callbackData('acs', ['id', 'limit']);
export const accountRenameData = callbackData('acr', ['id']);
export const accountDisconnectAskData = callbackData('acx', ['id']);
export const accountDisconnectData = callbackData('acy', ['id']);
/** Cancel a login attempt. */
export const loginCancelData = callbackData('acq', ['attempt']);
/** Continue a login that waits for input (e.g. typing the 2FA password again). */
export const loginResumeData = callbackData('acp', ['attempt']);
/** The login method chosen inside the connect conversation. */
export const loginMethodData = callbackData('acm', ['method']);

/** A positive integer id from callback data, or null (forged or malformed data). */
export function idFrom(value: string | undefined): number | null {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
