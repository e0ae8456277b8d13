import { Composer, InputFile } from 'grammy';
import type { CampaignView } from '../../core/campaigns/campaign.types.js';
import { ConflictError, DomainError } from '../../core/errors.js';
import {
  campaignActionData,
  campaignComposeData,
  campaignListData,
  campaignNewData,
  campaignOverallData,
  parseCampaignAction,
  parseComposeSection,
  type CampaignAction,
} from '../callback-data/campaigns.js';
import type { BotContext } from '../context.js';
import { CAMPAIGN_COMPOSE } from '../conversations/campaign-compose.js';
import { failureKey } from '../conversations/campaign-dialog.js';
import { backToCampaignKeyboard, backToListKeyboard, campaignCardKeyboard, campaignListKeyboard, cancelConfirmKeyboard } from '../keyboards/campaigns.js';
import { channelText, finished, formatInstant, issueList, percent, progressBar } from './campaign-format.js';
import { planLines } from './campaign-plan.js';
import { loadReview, renderReview, showReview } from './campaign-review.js';
import { renderCampaignStats, renderOverallStats } from './campaign-stats.js';
import { escapeHtml } from './html-text.js';

/** The campaigns section: list, card and its actions, statistics, export, and the composer's entry points. */
export const campaignsFeature = new Composer<BotContext>();

/** The engine pages campaigns by 10. */
const PAGE_SIZE = 10;

/** The campaigns list (the section's main-menu screen), edited in place of the pressed message. */
export async function showCampaignList(ctx: BotContext, page = 0): Promise<void> {
  const t = ctx.t.bind(ctx);
  const { items, total } = await ctx.services.campaigns.service.list(ctx.user!.id, page);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const text = total === 0 ? t('campaigns-empty') : t('campaigns-title', { total });
  await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: campaignListKeyboard(t, items, page, pages) });
}

function cardText(ctx: BotContext, view: CampaignView): string {
  const t = ctx.t.bind(ctx);
  const c = view.counts;
  const progress = c.total === 0 ? '' : `${progressBar(c)} ${percent(finished(c) / c.total)}\n${t('campaign-stats-counts', { ...c })}`;
  const lines = [
    t('campaign-card', {
      name: escapeHtml(view.name),
      status: t(`campaign-status-${view.status}`),
      channel: channelText(t, view.channel, view.preferredChannel),
      steps: view.steps.length,
      progress,
    }),
  ];
  if (view.launchedAt !== null) lines.push(t('campaign-card-launched', { at: formatInstant(view.launchedAt, view.schedule.timeZone) }));
  return lines.join('\n');
}

async function showCard(ctx: BotContext, id: number, mode: 'edit' | 'reply' = 'edit'): Promise<void> {
  const view = await ctx.services.campaigns.service.get(ctx.user!.id, id);
  const options = { parse_mode: 'HTML' as const, reply_markup: campaignCardKeyboard(ctx.t.bind(ctx), id, view.status) };
  if (mode === 'edit') await ctx.editMessageText(cardText(ctx, view), options);
  else await ctx.reply(cardText(ctx, view), options);
}

campaignsFeature.callbackQuery(campaignListData.filter, async (ctx) => {
  const page = Number(campaignListData.unpack(ctx.callbackQuery.data)?.page ?? '0');
  await ctx.answerCallbackQuery();
  await showCampaignList(ctx, Number.isSafeInteger(page) && page >= 0 ? page : 0);
});

campaignsFeature.callbackQuery(campaignNewData.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter(CAMPAIGN_COMPOSE, null, 'guided');
});

campaignsFeature.callbackQuery(campaignComposeData.filter, async (ctx) => {
  const parsed = parseComposeSection(ctx.callbackQuery.data);
  if (!parsed) return ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
  // Checks ownership before the composer starts: a forged id ends here with "not found".
  await ctx.services.campaigns.service.get(ctx.user!.id, parsed.id);
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter(CAMPAIGN_COMPOSE, parsed.id, parsed.section);
});

campaignsFeature.callbackQuery(campaignOverallData.filter, async (ctx) => {
  const stats = await ctx.services.campaigns.service.overallStats(ctx.user!.id);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(renderOverallStats(ctx.t.bind(ctx), stats), { parse_mode: 'HTML', reply_markup: backToListKeyboard(ctx.t.bind(ctx)) });
});

campaignsFeature.callbackQuery(campaignActionData.filter, async (ctx) => {
  const parsed = parseCampaignAction(ctx.callbackQuery.data);
  if (!parsed) return ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
  try {
    await runAction(ctx, parsed.action, parsed.id);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.answerCallbackQuery({ text: ctx.t(failureKey(error.code), { reason: error.code }) });
  }
});

async function runAction(ctx: BotContext, action: CampaignAction, id: number): Promise<void> {
  const t = ctx.t.bind(ctx);
  const userId = ctx.user!.id;
  const service = ctx.services.campaigns.service;
  switch (action) {
    case 'open':
      await showCard(ctx, id);
      await ctx.answerCallbackQuery();
      return;
    case 'review':
    case 'edit': {
      const review = await loadReview(ctx.services.campaigns, userId, id);
      await ctx.answerCallbackQuery();
      return showReview(ctx, review, 'edit');
    }
    case 'launch': {
      const review = await loadReview(ctx.services.campaigns, userId, id, { plan: false });
      if (review.report.errors.length > 0) {
        await ctx.answerCallbackQuery();
        const { text, keyboard } = renderReview(t, review);
        await ctx.reply(`${t('campaign-launch-blocked')}\n${issueList(t, review.report.errors)}`, { parse_mode: 'HTML' });
        await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: keyboard });
        return;
      }
      const result = await service.launch(userId, id).catch((error: unknown) => {
        if (error instanceof ConflictError) return null;
        throw error;
      });
      if (result === null) {
        // Launched a moment ago (a second press), being launched, or edited while it was being launched.
        await ctx.answerCallbackQuery({ text: t('campaign-launch-conflict'), show_alert: true });
        return showCard(ctx, id, 'reply');
      }
      await ctx.answerCallbackQuery();
      const plan = planLines(t, result, review.accountLabels, review.view.schedule.timeZone);
      await ctx.reply([t('campaign-launched', { queued: result.queued, skipped: result.skipped }), ...plan].join('\n'), { parse_mode: 'HTML' });
      return showCard(ctx, id, 'reply');
    }
    case 'pause':
      await service.pause(userId, id);
      await ctx.answerCallbackQuery({ text: t('campaign-paused') });
      return showCard(ctx, id);
    case 'resume':
      await service.resume(userId, id);
      await ctx.answerCallbackQuery({ text: t('campaign-resumed') });
      return showCard(ctx, id);
    case 'cancel': {
      const view = await service.get(userId, id);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(t('campaign-cancel-confirm', { name: escapeHtml(view.name) }), { parse_mode: 'HTML', reply_markup: cancelConfirmKeyboard(t, id) });
      return;
    }
    case 'cancel-yes':
      await service.cancel(userId, id);
      await ctx.answerCallbackQuery({ text: t('campaign-cancelled') });
      return showCard(ctx, id);
    case 'duplicate': {
      const copy = await service.duplicate(userId, id);
      await ctx.answerCallbackQuery({ text: t('campaign-duplicated') });
      return showCard(ctx, copy.id, 'reply');
    }
    case 'stats':
    case 'stats-new': {
      const [view, stats, accounts] = await Promise.all([service.get(userId, id), service.stats(userId, id), ctx.services.campaigns.directory.accounts(userId)]);
      const labels = Object.fromEntries(accounts.map((a) => [a.id, a.label]));
      const text = renderCampaignStats(t, view.name, stats, labels);
      const options = { parse_mode: 'HTML' as const, reply_markup: backToCampaignKeyboard(t, id) };
      await ctx.answerCallbackQuery();
      if (action === 'stats') await ctx.editMessageText(text, options);
      else await ctx.reply(text, options);
      return;
    }
    case 'export': {
      const [view, csv] = await Promise.all([service.get(userId, id), service.exportDeliveriesCsv(userId, id)]);
      await ctx.answerCallbackQuery();
      await ctx.replyWithDocument(new InputFile(csv, `campaign-${id}-deliveries.csv`), { caption: t('campaign-export-caption', { name: view.name }) });
      return;
    }
  }
}
