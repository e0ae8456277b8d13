import { Composer, InlineKeyboard } from 'grammy';
import type { AccountView } from '../../core/accounts/account.types.js';
import type { AccountHealthView } from '../../core/accounts/account-health.service.js';
import {
  accountConnectData,
  accountDisconnectAskData,
  accountDisconnectData,
  accountLimitMenuData,
  accountLimitSetData,
  accountListData,
  accountOpenData,
  accountRenameData,
  idFrom,
  loginCancelData,
  loginResumeData,
} from '../callback-data/accounts.js';
import { menuData } from '../callback-data/menu.js';
import { CONNECT_ACCOUNT } from '../conversations/connect-account.js';
import { RENAME_ACCOUNT } from '../conversations/connect-account-rename.js';
import type { BotContext } from '../context.js';
import { healthLines, healthText, pausedUntil } from './account-health-text.js';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

const LIMIT_PRESETS = [5, 10, 20, 30, 50, 100, 200] as const;

/** The Accounts section: list, card, connect, rename, daily limit, disconnect. */
export const accountsFeature = new Composer<BotContext>();

/** Shows the user's accounts in place of the current message (the main menu's Accounts button). */
export async function showAccountList(ctx: BotContext): Promise<void> {
  const t = ctx.t.bind(ctx);
  const [accounts, health] = await Promise.all([ctx.services.accounts.list(ctx.user!.id), healthByAccount(ctx)]);
  const lines = accounts.map((a) => {
    const h = health.get(a.id);
    return t('accounts-line', {
      platform: t(`accounts-platform-${a.platform}`),
      name: a.name,
      status: statusText(ctx, a),
      sent: a.sentToday,
      limit: h?.todayCap ?? a.dailyLimit,
      health: h ? healthText(t, h) : t('accounts-unknown'),
    });
  });
  const text = accounts.length === 0 ? t('accounts-empty') : [t('accounts-title', { count: accounts.length }), '', ...lines].join('\n');
  const keyboard = new InlineKeyboard();
  for (const a of accounts) keyboard.text(`${a.name}`, accountOpenData.pack({ id: a.id })).row();
  keyboard
    .text(t('accounts-connect-telegram'), accountConnectData.pack({ platform: 'telegram' }))
    .text(t('accounts-connect-whatsapp'), accountConnectData.pack({ platform: 'whatsapp' }))
    .row()
    .text(t('menu-back'), menuData.pack({ section: 'home' }));
  await render(ctx, text, keyboard);
}

function statusText(ctx: BotContext, account: AccountView): string {
  const t: Translate = ctx.t.bind(ctx);
  if (account.status !== 'limited') return t(`accounts-status-${account.status}`);
  return account.limitedUntil ? t('accounts-status-limited', { until: pausedUntil(ctx, account.limitedUntil) }) : t('accounts-status-limited-open');
}

async function healthByAccount(ctx: BotContext): Promise<Map<number, AccountHealthView>> {
  return new Map((await ctx.services.accountHealth.forUser(ctx.user!.id)).map((h) => [h.accountId, h]));
}

/** Edits the pressed message, or sends a new one when the update is not a button press. */
async function render(ctx: BotContext, text: string, keyboard: InlineKeyboard): Promise<void> {
  if (ctx.callbackQuery?.message) await ctx.editMessageText(text, { reply_markup: keyboard });
  else await ctx.reply(text, { reply_markup: keyboard });
}

async function showCard(ctx: BotContext, accountId: number): Promise<void> {
  const t = ctx.t.bind(ctx);
  const [a, health] = await Promise.all([ctx.services.accounts.get(ctx.user!.id, accountId), healthByAccount(ctx)]);
  const h = health.get(a.id);
  const card = t('accounts-card', {
    platform: t(`accounts-platform-${a.platform}`),
    name: a.name,
    phone: a.phone ?? t('accounts-unknown'),
    username: a.username ? `@${a.username}` : t('accounts-unknown'),
    status: statusText(ctx, a),
    sent: a.sentToday,
    limit: a.dailyLimit,
  });
  const text = h ? [card, ...healthLines(ctx, h)].join('\n') : card;
  const keyboard = new InlineKeyboard()
    .text(t('accounts-rename'), accountRenameData.pack({ id: a.id }))
    .text(t('accounts-limit'), accountLimitMenuData.pack({ id: a.id }))
    .row()
    .text(t('accounts-disconnect'), accountDisconnectAskData.pack({ id: a.id }))
    .row()
    .text(t('accounts-back'), accountListData.pack({}));
  await render(ctx, text, keyboard);
}

/** Runs `then` with the id of a button of `family`; forged or malformed data answers "button expired". */
function onId(family: { filter: RegExp; unpack(data: string): Record<string, string> | null }, field: string, then: (ctx: BotContext, id: number) => Promise<void>): void {
  accountsFeature.callbackQuery(family.filter, async (ctx) => {
    const id = idFrom(family.unpack(ctx.callbackQuery.data)?.[field]);
    if (id === null) return ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
    await ctx.answerCallbackQuery();
    await then(ctx, id);
  });
}

accountsFeature.command('accounts', (ctx) => showAccountList(ctx));
accountsFeature.callbackQuery(accountListData.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showAccountList(ctx);
});

accountsFeature.callbackQuery(accountConnectData.filter, async (ctx) => {
  const platform = accountConnectData.unpack(ctx.callbackQuery.data)?.platform;
  if (platform !== 'telegram' && platform !== 'whatsapp') return ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter(CONNECT_ACCOUNT, { platform });
});

onId(accountOpenData, 'id', showCard);

onId(accountRenameData, 'id', async (ctx, id) => {
  const account = await ctx.services.accounts.get(ctx.user!.id, id);
  await ctx.conversation.enter(RENAME_ACCOUNT, id, account.name);
});

onId(accountLimitMenuData, 'id', async (ctx, id) => {
  const account = await ctx.services.accounts.get(ctx.user!.id, id);
  const keyboard = new InlineKeyboard();
  LIMIT_PRESETS.forEach((limit, i) => {
    keyboard.text(String(limit), accountLimitSetData.pack({ id, limit }));
    if (i % 4 === 3) keyboard.row();
  });
  keyboard.row().text(ctx.t('accounts-back'), accountOpenData.pack({ id }));
  await render(ctx, ctx.t('accounts-limit-question', { name: account.name, limit: account.dailyLimit }), keyboard);
});

accountsFeature.callbackQuery(accountLimitSetData.filter, async (ctx) => {
  const parsed = accountLimitSetData.unpack(ctx.callbackQuery.data);
  const id = idFrom(parsed?.id);
  const limit = Number(parsed?.limit);
  if (id === null || !LIMIT_PRESETS.includes(limit as (typeof LIMIT_PRESETS)[number])) return ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
  await ctx.services.accounts.setDailyLimit(ctx.user!.id, id, limit);
  const account = await ctx.services.accounts.get(ctx.user!.id, id);
  await ctx.answerCallbackQuery({ text: ctx.t('accounts-limit-set', { name: account.name, limit }) });
  await showCard(ctx, id);
});

onId(accountDisconnectAskData, 'id', async (ctx, id) => {
  const account = await ctx.services.accounts.get(ctx.user!.id, id);
  const keyboard = new InlineKeyboard()
    .text(ctx.t('accounts-disconnect-yes'), accountDisconnectData.pack({ id }))
    .text(ctx.t('accounts-disconnect-no'), accountOpenData.pack({ id }));
  await render(ctx, ctx.t('accounts-disconnect-question', { name: account.name }), keyboard);
});

onId(accountDisconnectData, 'id', async (ctx, id) => {
  const { name } = await ctx.services.accounts.disconnect(ctx.user!.id, id);
  await render(ctx, ctx.t('accounts-disconnected', { name }), new InlineKeyboard().text(ctx.t('accounts-back'), accountListData.pack({})));
});

// Buttons of login notifications pressed when no connect conversation is waiting.
onId(loginCancelData, 'attempt', async (ctx, attemptId) => {
  await ctx.services.accounts.cancelLogin(ctx.user!.id, attemptId);
  await ctx.reply(ctx.t('connect-cancelled'));
});

onId(loginResumeData, 'attempt', async (ctx, attemptId) => {
  const state = await ctx.services.accounts.loginState(ctx.user!.id, attemptId);
  if (state.status !== 'waiting_password' && state.status !== 'waiting_code') return void (await ctx.reply(ctx.t('connect-over')));
  await ctx.conversation.enter(CONNECT_ACCOUNT, { attemptId });
});
