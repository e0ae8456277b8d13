import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import { normalisePhone } from '../../core/accounts/account.service.js';
import { ConflictError, ValidationError } from '../../core/errors.js';
import type { LoginMethod, Platform } from '../../core/messengers/messenger.js';
import { loginCancelData, loginMethodData, loginResumeData } from '../callback-data/accounts.js';
import type { BotContext, ConversationContext } from '../context.js';

export const CONNECT_ACCOUNT = 'connect-account';

type ConnectConversation = Conversation<BotContext, ConversationContext>;

/** A new login on `platform`, or an existing attempt that waits for typed input. */
export type ConnectStart = { platform: Platform } | { attemptId: number };

const METHODS: Record<Platform, readonly LoginMethod[]> = { telegram: ['phone_code', 'qr'], whatsapp: ['qr', 'pairing_code'] };
const FINISHED = ['done', 'failed', 'cancelled'];

/**
 * Connecting an account: method, phone, then whatever the session host asks for (it reports steps as
 * notifications). Typed codes and passwords go to the login attempt through the service, encrypted; the
 * message with a password is deleted and the conversation ends right after it, so its stored updates go too.
 */
export async function connectAccount(conversation: ConnectConversation, ctx: ConversationContext, start: ConnectStart): Promise<void> {
  const userId = ctx.user?.id;
  if (userId === undefined) return;
  let attemptId: number;
  if ('attemptId' in start) {
    attemptId = start.attemptId;
    await ctx.reply(ctx.t('login-password-required', { hint: ctx.t('accounts-unknown') }), { reply_markup: cancelKeyboard(ctx, attemptId) });
  } else {
    const { platform } = start;
    const started = await chooseAndStart(conversation, ctx, userId, platform);
    if (started === undefined) return;
    attemptId = started;
    await ctx.reply(ctx.t('connect-started'), { reply_markup: cancelKeyboard(ctx, attemptId) });
  }
  await followLogin(conversation, ctx, userId, attemptId);
}

async function chooseAndStart(conversation: ConnectConversation, ctx: ConversationContext, userId: number, platform: Platform): Promise<number | undefined> {
  const platformName = ctx.t(`accounts-platform-${platform}`);
  const keyboard = new InlineKeyboard();
  for (const method of METHODS[platform]) keyboard.text(ctx.t(`connect-method-${method}`), loginMethodData.pack({ method })).row();
  keyboard.text(ctx.t('connect-cancel'), loginMethodData.pack({ method: 'cancel' }));
  await ctx.reply(ctx.t('connect-method-question', { platform: platformName }), { reply_markup: keyboard });
  const choice = await conversation.waitForCallbackQuery(loginMethodData.filter, {
    otherwise: (c) => (c.callbackQuery ? c.answerCallbackQuery({ text: c.t('connect-finish-first') }) : c.reply(c.t('connect-finish-first'))),
  });
  await choice.answerCallbackQuery();
  await choice.editMessageReplyMarkup();
  const method = METHODS[platform].find((m) => m === loginMethodData.unpack(choice.callbackQuery.data)?.method);
  if (!method) {
    await ctx.reply(ctx.t('connect-cancelled'));
    return undefined;
  }
  let phone: string | undefined;
  if (method !== 'qr') {
    phone = await askPhone(conversation, ctx);
    if (phone === undefined) return undefined;
  }
  const started = await conversation.external((c) => c.services.accounts.startConnect(userId, { platform, method, phone }));
  return started.attemptId;
}

async function askPhone(conversation: ConnectConversation, ctx: ConversationContext): Promise<string | undefined> {
  await ctx.reply(ctx.t('connect-phone-question'));
  for (;;) {
    const answer = await conversation.waitFor('message:text', { otherwise: (c) => c.reply(c.t('connect-phone-question')) });
    const text = answer.message.text.trim();
    if (text === '/cancel') {
      await ctx.reply(ctx.t('connect-cancelled'));
      return undefined;
    }
    try {
      return normalisePhone(text);
    } catch {
      await ctx.reply(ctx.t('connect-phone-invalid'));
    }
  }
}

async function followLogin(conversation: ConnectConversation, ctx: ConversationContext, userId: number, attemptId: number): Promise<void> {
  const cancel = async (): Promise<void> => {
    await conversation.external((c) => c.services.accounts.cancelLogin(userId, attemptId));
    await ctx.reply(ctx.t('connect-cancelled'));
  };
  for (;;) {
    const update = await conversation.wait();
    const data = update.callbackQuery?.data;
    if (data !== undefined && Number(loginCancelData.unpack(data)?.attempt) === attemptId) {
      await update.answerCallbackQuery();
      return cancel();
    }
    const state = await conversation.external((c) => c.services.accounts.loginState(userId, attemptId));
    // The login ended (the session host said so in the chat): this update belongs to the rest of the bot.
    if (FINISHED.includes(state.status)) await conversation.halt({ next: true });
    if (data !== undefined) {
      const resume = Number(loginResumeData.unpack(data)?.attempt) === attemptId;
      await update.answerCallbackQuery(resume ? undefined : { text: ctx.t('connect-finish-first') });
      continue;
    }
    const text = update.message?.text?.trim();
    if (text === undefined) continue;
    if (text === '/cancel') return cancel();
    if (text.startsWith('/')) {
      await ctx.reply(ctx.t('connect-finish-first'));
      continue;
    }
    if (state.status === 'waiting_code') {
      const result = await conversation.external((c) => submit(() => c.services.accounts.submitLoginInput(userId, attemptId, 'code', text)));
      await ctx.reply(ctx.t(result === 'ok' ? 'connect-code-checking' : result === 'format' ? 'connect-code-format' : 'connect-not-waiting'));
    } else if (state.status === 'waiting_password') {
      await update.deleteMessage().catch(() => undefined);
      const result = await conversation.external((c) => submit(() => c.services.accounts.submitLoginInput(userId, attemptId, 'password', text)));
      await ctx.reply(ctx.t(result === 'ok' ? 'connect-password-checking' : 'connect-not-waiting'));
      // Ending the conversation erases its stored updates, the password among them; a wrong password brings
      // a button that comes back here.
      if (result === 'ok') return;
    } else {
      await ctx.reply(ctx.t(state.status === 'waiting_scan' ? 'connect-scan' : 'connect-wait'));
    }
  }
}

async function submit(task: () => Promise<void>): Promise<'ok' | 'format' | 'not-waiting'> {
  try {
    await task();
    return 'ok';
  } catch (error) {
    if (error instanceof ValidationError) return 'format';
    if (error instanceof ConflictError) return 'not-waiting';
    throw error;
  }
}

function cancelKeyboard(ctx: ConversationContext, attemptId: number): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t('connect-cancel'), loginCancelData.pack({ attempt: attemptId }));
}
