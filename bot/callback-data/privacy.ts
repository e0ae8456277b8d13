import { callbackData } from './callback-data.js';

/** Privacy menu actions of the user on their own data: nothing in them names an object. */
export const PRIVACY_ACTIONS = ['export', 'delete', 'delete-yes'] as const;
export type PrivacyAction = (typeof PRIVACY_ACTIONS)[number];
export const privacyActionData = callbackData('prv', ['action']);

export function parsePrivacyAction(data: string): PrivacyAction | null {
  const action = privacyActionData.unpack(data)?.action;
  return (PRIVACY_ACTIONS as readonly string[]).includes(action ?? '') ? (action as PrivacyAction) : null;
}
