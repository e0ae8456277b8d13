/**
 * Launch planning in memory, after the recipients were selected in SQL: which account sends to whom (a warm
 * recipient to an account that knows it, cold ones evening out the totals), in what order (warm first, then
 * cold, each by contact id), in whose local time, and when (`planAccountQueue`, with warm-up caps).
 */
import { zoneForContact } from '../contacts/time-zone/zone-for-contact.js';
import { dailyCapOf, type AccountPacing } from '../delivery/account-pacing.js';
import type { PlannedDeliveryRows } from '../delivery/delivery-insert.js';
import { planAccountQueueTimes, type QueuedSend } from '../delivery/schedule/index.js';
import type { Platform } from '../messengers/messenger.js';
import type { RandomSource } from '../random.js';
import { scheduleWindow } from './campaign-window.js';
import type { AccountPlan, Schedule } from './campaign.types.js';
import { LeastLoaded } from './least-loaded.js';

/** One selected recipient, as the launch query returns it (in contact id order). */
export interface LaunchRecipient {
  /** `contacts.id` (bigint) as PostgreSQL's text; only passed back to the insert. */
  readonly contactId: string;
  readonly channel: Platform;
  readonly recipient: string;
  /** The contact's place, read only when the campaign sends in recipients' local time. */
  readonly timeZone?: string | null;
  readonly country?: string | null;
  readonly city?: string | null;
  /** Ids of the campaign's usable accounts that already know the recipient, ascending; null when none. */
  readonly knownBy: readonly number[] | null;
}

/** A sender account as assignment needs it. */
export interface AssignableAccount {
  readonly id: number;
  readonly platform: Platform;
}

/** Which account each recipient went to. */
export interface Assignment {
  /** Per recipient: the index into the accounts, or -1 when no account sends on its channel. */
  readonly account: Int32Array;
  /** Per recipient: 1 when the chosen account knows it. */
  readonly warm: Uint8Array;
}

/**
 * Gives each recipient an account of its channel: a warm recipient goes to the least loaded account among
 * those that know it; then each cold one goes to the least loaded account, which evens out the totals.
 * Ties go to the earlier account, so the result depends only on the input order.
 */
export function assignAccounts(recipients: readonly LaunchRecipient[], accounts: readonly AssignableAccount[]): Assignment {
  const n = recipients.length;
  const account = new Int32Array(n).fill(-1);
  const warm = new Uint8Array(n);
  const load = new Int32Array(accounts.length);
  const indexById = new Map(accounts.map((a, k) => [a.id, k]));
  const byPlatform: Record<Platform, number[]> = { telegram: [], whatsapp: [] };
  accounts.forEach((a, k) => byPlatform[a.platform].push(k));

  for (let i = 0; i < n; i += 1) {
    const r = recipients[i]!;
    if (r.knownBy === null) continue;
    let best = -1;
    for (const id of r.knownBy) {
      const k = indexById.get(id);
      // A Telegram account that has a phone in its address book does not make a WhatsApp message warm.
      if (k === undefined || accounts[k]!.platform !== r.channel) continue;
      if (best === -1 || load[k]! < load[best]!) best = k;
    }
    if (best === -1) continue;
    account[i] = best;
    warm[i] = 1;
    load[best]! += 1;
  }
  const cold: Record<Platform, LeastLoaded> = { telegram: new LeastLoaded(load, byPlatform.telegram), whatsapp: new LeastLoaded(load, byPlatform.whatsapp) };
  for (let i = 0; i < n; i += 1) if (warm[i] === 0) account[i] = cold[recipients[i]!.channel].take();
  return { account, warm };
}

/** Each account's queue as recipient indices: its warm recipients first, then its cold ones, each in input order. */
export function accountQueues(assignment: Assignment, accountCount: number): number[][] {
  const warm = Array.from({ length: accountCount }, () => [] as number[]);
  const cold = Array.from({ length: accountCount }, () => [] as number[]);
  const { account } = assignment;
  for (let i = 0; i < account.length; i += 1) {
    const k = account[i]!;
    if (k >= 0) (assignment.warm[i] === 1 ? warm : cold)[k]!.push(i);
  }
  return warm.map((list, k) => list.concat(cold[k]!));
}

/**
 * The zone each recipient's window applies in: `null` (the campaign's zone) unless the campaign sends in
 * recipients' local time, then `zoneForContact`, cached by place because 100,000 contacts share few places.
 */
export function recipientZones(schedule: Pick<Schedule, 'recipientLocalTime' | 'timeZone'>): (recipient: LaunchRecipient) => string | null {
  if (!schedule.recipientLocalTime) return () => null;
  const cache = new Map<string, string | null>();
  return (r) => {
    if (!r.timeZone && !r.country && !r.city) return null;
    const key = `${r.timeZone ?? ''}\u0000${r.country ?? ''}\u0000${r.city ?? ''}`;
    let zone = cache.get(key);
    if (zone === undefined) {
      const found = zoneForContact({ timeZone: r.timeZone ?? null, country: r.country ?? null, city: r.city ?? null }, schedule.timeZone);
      zone = found === schedule.timeZone ? null : found;
      cache.set(key, zone);
    }
    return zone;
  };
}

/** What `planLaunch` decided. */
export interface LaunchPlan {
  /** The planned rows, column by column, ready for `insertFreshDeliveries`. */
  rows: PlannedDeliveryRows;
  /** One entry per account given, in the given order. */
  accounts: AccountPlan[];
  /** Recipients without a slot before the end date (or without an account of their channel). */
  unplanned: number;
}

export interface LaunchPlanInput {
  /** In contact id order. */
  readonly recipients: readonly LaunchRecipient[];
  /** The campaign's usable accounts, in id order. */
  readonly accounts: readonly AccountPacing[];
  readonly schedule: Schedule;
  readonly now: Date;
  readonly random: RandomSource;
}

/**
 * Plans a launch: assigns the recipients, orders each account's queue warm first, and plans it within the
 * window (in each recipient's zone when asked), the account's warm-up cap per day, the delays, behind the
 * account's latest planned or made send and its usage today, up to the end date.
 */
export function planLaunch(input: LaunchPlanInput): LaunchPlan {
  const { recipients, accounts, schedule } = input;
  const assignment = assignAccounts(recipients, accounts);
  const queues = accountQueues(assignment, accounts.length);
  const zoneOf = recipientZones(schedule);
  const window = scheduleWindow(schedule);
  const startAt = schedule.startAt === null ? input.now.getTime() : Math.max(input.now.getTime(), Date.parse(schedule.startAt));
  const endAt = schedule.endAt === null ? null : new Date(schedule.endAt);
  const delay = { minSeconds: schedule.delaySeconds.min, maxSeconds: schedule.delaySeconds.max };
  const items = queuedSends();
  const n = recipients.length;
  const zones = new Array<string | null>(n);
  for (let i = 0; i < n; i += 1) zones[i] = zoneOf(recipients[i]!);
  // Per recipient: its planned time (epoch ms), or NaN when it got none. Rows are then emitted in contact order.
  const plannedAt = new Float64Array(n).fill(Number.NaN);
  const plans: AccountPlan[] = [];
  let planned = 0;

  accounts.forEach((pacing, k) => {
    const queue = queues[k]!;
    const queued = queue.map((i) => items(zones[i]!, assignment.warm[i] === 1));
    const times = planAccountQueueTimes({
      items: queued,
      window,
      dailyCap: steadyCap(dailyCapOf(pacing, schedule.dailyCapPerAccount, schedule.timeZone), Math.min(schedule.dailyCapPerAccount, pacing.dailyLimit)),
      delay,
      endAt,
      start: new Date(startAt),
      lastSentAt: pacing.lastPlannedAt ?? pacing.lastSentAt,
      sentToday: pacing.usedToday,
      random: input.random,
    });
    const plan: AccountPlan = { accountId: pacing.id, warm: 0, cold: 0, firstAt: null, lastAt: null, unplanned: 0 };
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < queue.length; j += 1) {
      const at = times[j]!;
      if (Number.isNaN(at)) {
        plan.unplanned += 1;
        continue;
      }
      const i = queue[j]!;
      plannedAt[i] = at;
      if (assignment.warm[i] === 1) plan.warm += 1;
      else plan.cold += 1;
      if (at < first) first = at;
      if (at > last) last = at;
    }
    planned += plan.warm + plan.cold;
    if (plan.warm + plan.cold > 0) {
      plan.firstAt = new Date(first).toISOString();
      plan.lastAt = new Date(last).toISOString();
    }
    plans.push(plan);
  });

  const rows = {
    contactIds: new Array<string>(planned),
    accountIds: new Array<number>(planned),
    channels: new Array<Platform>(planned),
    recipients: new Array<string>(planned),
    plannedAt: new Array<number>(planned),
    timeZones: new Array<string | null>(planned),
    warm: new Array<boolean>(planned),
  };
  let row = 0;
  for (let i = 0; i < n; i += 1) {
    const at = plannedAt[i]!;
    if (Number.isNaN(at)) continue;
    const r = recipients[i]!;
    rows.contactIds[row] = r.contactId;
    rows.accountIds[row] = accounts[assignment.account[i]!]!.id;
    rows.channels[row] = r.channel;
    rows.recipients[row] = r.recipient;
    rows.plannedAt[row] = at;
    rows.timeZones[row] = zones[i]!;
    rows.warm[row] = assignment.warm[i] === 1;
    row += 1;
  }
  return { rows, accounts: plans, unplanned: n - rows.contactIds.length };
}

/**
 * Warm-up caps only grow with healthy days and a plan's days only move forward: once a day reaches the
 * account's ceiling every later day has it too, so the calendar maths stops there (100 accounts × months).
 */
function steadyCap(cap: (dayStartMs: number) => number, ceiling: number): (dayStartMs: number) => number {
  let reached = false;
  return (dayStartMs) => {
    if (reached) return ceiling;
    const value = cap(dayStartMs);
    reached = value >= ceiling;
    return value;
  };
}

// One shared, frozen item per (zone, warmth): a 100,000-message plan needs no object per message.
function queuedSends(): (zone: string | null, warm: boolean) => QueuedSend {
  const byZone = new Map<string | null, readonly [QueuedSend, QueuedSend]>();
  return (zone, warm) => {
    let pair = byZone.get(zone);
    if (pair === undefined) {
      pair = [Object.freeze({ zone, warm: false }), Object.freeze({ zone, warm: true })];
      byZone.set(zone, pair);
    }
    return pair[warm ? 1 : 0];
  };
}
