import { InlineKeyboard, type Context } from 'grammy';
import type { UserUsage } from '../../core/admin/admin.service.js';
import { adminScreenData, adminUserData } from '../callback-data/admin.js';
import type { BotServices } from '../context.js';
import { escapeHtml } from './html-text.js';

type Translate = (key: string, vars?: Record<string, string | number>) => string;
type ReplyArgs = [string, { parse_mode: 'HTML'; reply_markup: InlineKeyboard }];

/** Whether the sender is an administrator: ADMIN_IDS from the configuration, checked on every update. */
export function isAdmin(ctx: Context & { services: BotServices }): boolean {
  return ctx.from !== undefined && ctx.services.settings.adminIds.includes(ctx.from.id);
}

export function adminMenu(t: Translate, policyVersion: string): ReplyArgs {
  return [
    t('admin-menu'),
    {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard()
        .text(t('admin-find-button'), adminScreenData.pack({ screen: 'find' }))
        .text(t('admin-stats-button'), adminScreenData.pack({ screen: 'stats' }))
        .row()
        .text(t('admin-broadcast-button', { version: policyVersion }), adminScreenData.pack({ screen: 'broadcast' })),
    },
  ];
}

export function backToAdmin(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t('admin-back'), adminScreenData.pack({ screen: 'menu' }));
}

/** A user's card with the actions an administrator can take on them. */
export function renderUserCard(t: Translate, user: UserUsage): ReplyArgs {
  const id = user.userId;
  const keyboard = new InlineKeyboard()
    .text(
      user.status === 'suspended' ? t('admin-unsuspend-button') : t('admin-suspend-button'),
      adminUserData.pack({ action: user.status === 'suspended' ? 'unsuspend' : 'suspend', id }),
    )
    .text(t('admin-delete-button'), adminUserData.pack({ action: 'delete', id }))
    .row()
    .add(...backToAdmin(t).inline_keyboard.flat());
  const text = t('admin-user-card', {
    userId: String(id),
    telegramId: String(user.telegramId),
    name: escapeHtml(user.firstName),
    username: user.username ? `@${escapeHtml(user.username)}` : t('admin-no-username'),
    status: t(`admin-status-${user.status}`),
    createdAt: user.createdAt.toISOString().slice(0, 10),
    accounts: user.accounts,
    contacts: user.contacts,
    campaigns: user.campaigns,
    messagesSent: user.messagesSent,
  });
  return [text, { parse_mode: 'HTML', reply_markup: keyboard }];
}
