import { callbackData } from './callback-data.js';

/** Admin menu screens. */
export const ADMIN_SCREENS = ['menu', 'find', 'stats', 'broadcast', 'broadcast-yes'] as const;
export type AdminScreen = (typeof ADMIN_SCREENS)[number];
export const adminScreenData = callbackData('adm', ['screen']);

/** Actions on a user; the sender is re-checked against ADMIN_IDS on every press. */
export const ADMIN_USER_ACTIONS = ['view', 'suspend', 'unsuspend', 'delete', 'delete-yes'] as const;
export type AdminUserAction = (typeof ADMIN_USER_ACTIONS)[number];
export const adminUserData = callbackData('adu', ['action', 'id']);

export function parseAdminScreen(data: string): AdminScreen | null {
  const screen = adminScreenData.unpack(data)?.screen;
  return (ADMIN_SCREENS as readonly string[]).includes(screen ?? '') ? (screen as AdminScreen) : null;
}

export function parseAdminUserAction(data: string): { action: AdminUserAction; userId: number } | null {
  const values = adminUserData.unpack(data);
  if (!values || !(ADMIN_USER_ACTIONS as readonly string[]).includes(values.action) || !/^\d{1,9}$/.test(values.id)) return null;
  return { action: values.action as AdminUserAction, userId: Number(values.id) };
}
