import type { AccountHealthView } from '../../core/accounts/account-health.service.js';
import type { HealthReason } from '../../core/accounts/account-health.js';
import { WARM_UP_DEFAULTS } from '../../core/delivery/schedule/warm-up.js';
import type { BotContext } from '../context.js';
import { localTime } from '../notifications/local-time.js';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** The state in a word or two, with its colour (account list and card). */
export function healthText(t: Translate, health: AccountHealthView): string {
  return t(`accounts-health-${health.state}`);
}

/** An instant in the user's own zone (users.time_zone). */
export function pausedUntil(ctx: BotContext, at: Date): string {
  return localTime(at, ctx.user?.timeZone ?? 'UTC');
}

/** The card's health section: state and why, today's cap against the user's, and when a pause ends. */
export function healthLines(ctx: BotContext, health: AccountHealthView): string[] {
  const t: Translate = ctx.t.bind(ctx);
  const lines = [t('accounts-card-health', { health: healthText(t, health) })];
  const reasons = health.reasons.flatMap((reason) => reasonText(t, reason, health));
  if (reasons.length > 0) lines.push(t('accounts-card-health-why', { reasons: reasons.join('; ') }));
  lines.push(t('accounts-card-cap', { cap: health.todayCap, limit: health.userCap }));
  if (health.todayCap < health.userCap) lines.push(t('accounts-card-warming', { step: WARM_UP_DEFAULTS.dailyIncrement }));
  // A restricted account's status line says until when already; a flood wait shows only here.
  if (health.pausedUntil !== null && health.state !== 'restricted') lines.push(t('accounts-card-paused', { until: pausedUntil(ctx, health.pausedUntil) }));
  return lines;
}

function reasonText(t: Translate, reason: HealthReason, { figures }: AccountHealthView): string[] {
  switch (reason) {
    case 'restricted':
    case 'warming_up':
      // Said by the status and the warm-up line already.
      return [];
    case 'long_flood_wait':
      return [t('accounts-reason-long-flood-wait', { minutes: Math.round(figures.longestFloodWaitSeconds / 60) })];
    case 'flood_waits':
      return [t('accounts-reason-flood-waits', { count: figures.floodWaits })];
    case 'flood_wait_time':
      return [t('accounts-reason-flood-wait-time', { minutes: Math.round(figures.floodWaitSeconds / 60) })];
    case 'disconnects':
      return [t('accounts-reason-disconnects', { count: figures.disconnects })];
    case 'failure_rate':
      return [t('accounts-reason-failure-rate', { percent: percentOf(figures.failureRate), count: figures.finished })];
    case 'low_reply_rate':
      return [t('accounts-reason-low-reply-rate', { percent: percentOf(figures.replyRate) })];
  }
}

function percentOf(rate: number | null): string {
  return `${Math.round((rate ?? 0) * 100)}%`;
}
