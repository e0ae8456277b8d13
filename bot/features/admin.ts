import { Composer, InlineKeyboard } from 'grammy';
import { NotFoundError } from '../../core/errors.js';
import { adminScreenData, adminUserData, parseAdminScreen, parseAdminUserAction, type AdminUserAction } from '../callback-data/admin.js';
import type { BotContext } from '../context.js';
import { ADMIN_FIND } from '../conversations/admin-find.js';
import { adminMenu, backToAdmin, isAdmin, renderUserCard } from './admin-views.js';

/**
 * /admin (P15) for the Telegram ids in ADMIN_IDS. For anyone else every handler passes the update on, so
 * they get the normal unknown-command answer. Each action is audited by the core AdminService.
 */
export const adminFeature = new Composer<BotContext>();
const admins = adminFeature.filter((ctx) => isAdmin(ctx));

admins.command('admin', async (ctx) => {
  await ctx.reply(...adminMenu(ctx.t.bind(ctx), ctx.services.settings.policyVersion));
});

admins.callbackQuery(adminScreenData.filter, async (ctx) => {
  const screen = parseAdminScreen(ctx.callbackQuery.data);
  const t = ctx.t.bind(ctx);
  const { admin } = ctx.services.privacy;
  const version = ctx.services.settings.policyVersion;
  await ctx.answerCallbackQuery();
  switch (screen) {
    case null:
    case 'menu':
      await ctx.reply(...adminMenu(t, version));
      return;
    case 'find':
      await ctx.conversation.enter(ADMIN_FIND);
      return;
    case 'stats': {
      const stats = await admin.stats(ctx.from.id);
      await ctx.reply(t('admin-stats', { ...stats }), { parse_mode: 'HTML', reply_markup: backToAdmin(t) });
      return;
    }
    case 'broadcast':
      await ctx.reply(t('admin-broadcast-confirm', { version }), {
        reply_markup: new InlineKeyboard().text(t('admin-broadcast-yes'), adminScreenData.pack({ screen: 'broadcast-yes' })).row().add(...backToAdmin(t).inline_keyboard.flat()),
      });
      return;
    case 'broadcast-yes': {
      await ctx.editMessageReplyMarkup();
      const { recipients } = await admin.broadcastPolicy(ctx.from.id, version);
      await ctx.reply(t('admin-broadcast-started', { version, recipients }), { reply_markup: backToAdmin(t) });
      return;
    }
  }
});

admins.callbackQuery(adminUserData.filter, async (ctx) => {
  const parsed = parseAdminUserAction(ctx.callbackQuery.data);
  if (!parsed) {
    await ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
    return;
  }
  await ctx.answerCallbackQuery();
  try {
    await runUserAction(ctx, parsed.action, parsed.userId);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    await ctx.reply(ctx.t('error-not-found'), { reply_markup: backToAdmin(ctx.t.bind(ctx)) });
  }
});

async function runUserAction(ctx: BotContext, action: AdminUserAction, userId: number): Promise<void> {
  const t = ctx.t.bind(ctx);
  const { admin } = ctx.services.privacy;
  const adminId = ctx.from!.id;
  switch (action) {
    case 'view':
      await ctx.reply(...renderUserCard(t, await admin.usage(adminId, userId)));
      return;
    case 'suspend': {
      const { pausedCampaigns } = await admin.suspend(adminId, userId);
      await ctx.reply(t('admin-suspended', { userId: String(userId), paused: pausedCampaigns }), { reply_markup: userKeyboard(t, userId) });
      return;
    }
    case 'unsuspend':
      await admin.unsuspend(adminId, userId);
      await ctx.reply(t('admin-unsuspended', { userId: String(userId) }), { reply_markup: userKeyboard(t, userId) });
      return;
    case 'delete':
      await ctx.reply(t('admin-delete-confirm', { userId: String(userId) }), {
        reply_markup: new InlineKeyboard().text(t('admin-delete-yes', { userId: String(userId) }), adminUserData.pack({ action: 'delete-yes', id: userId })).row().add(...backToAdmin(t).inline_keyboard.flat()),
      });
      return;
    case 'delete-yes':
      await ctx.editMessageReplyMarkup();
      await admin.deleteUser(adminId, userId);
      await ctx.reply(t('admin-deleted', { userId: String(userId) }), { reply_markup: backToAdmin(t) });
      return;
  }
}

function userKeyboard(t: (key: string, vars?: Record<string, string | number>) => string, userId: number): InlineKeyboard {
  return new InlineKeyboard().text(t('admin-view-user', { userId: String(userId) }), adminUserData.pack({ action: 'view', id: userId }));
}
