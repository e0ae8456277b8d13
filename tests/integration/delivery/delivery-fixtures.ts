import type pg from 'pg';
import type { CampaignService } from '../../../core/campaigns/campaign.service.js';
import type { FakeClock } from '../../../core/clock.js';
import type { DeliveryDispatcher } from '../../../core/delivery/delivery-dispatcher.js';
import type { NotificationKind, NotificationMap, Notifier } from '../../../core/notifier.js';

/** A Notifier that records what it was asked to send or edit. */
export class RecordingNotifier implements Notifier {
  readonly sent: { chatId: number; kind: NotificationKind; data: unknown; messageId: number }[] = [];
  readonly edits: { chatId: number; messageId: number; kind: NotificationKind; data: unknown }[] = [];
  private nextId = 100;

  async send<K extends NotificationKind>(chatId: number, kind: K, data: NotificationMap[K]): Promise<{ messageId: number }> {
    const messageId = this.nextId++;
    this.sent.push({ chatId, kind, data, messageId });
    return { messageId };
  }

  async edit<K extends NotificationKind>(chatId: number, messageId: number, kind: K, data: NotificationMap[K]): Promise<void> {
    this.edits.push({ chatId, messageId, kind, data });
  }

  of<K extends NotificationKind>(kind: K): NotificationMap[K][] {
    return this.sent.filter((n) => n.kind === kind).map((n) => n.data as NotificationMap[K]);
  }
}

let nextTelegramId = 7_000_000;

/** A registered user; chat id = Telegram id. */
export async function createUser(pool: pg.Pool, username: string | null = 'owner', timeZone = 'UTC'): Promise<{ id: number; chatId: number }> {
  const telegramId = nextTelegramId++;
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO users (telegram_id, chat_id, username, first_name, language, time_zone, policy_version, policy_accepted_at,
       adult_confirmed_at, created_at, updated_at)
     VALUES ($1, $1, $2, 'Owner', 'en', $3, 'v1', now(), now(), now(), now()) RETURNING id`,
    [telegramId, username, timeZone],
  );
  return { id: rows[0]!.id, chatId: telegramId };
}

export interface ContactSeed {
  phone?: string | null;
  username?: string | null;
  firstName?: string | null;
  company?: string | null;
  tags?: string[];
  reachable?: boolean;
  optedOut?: boolean;
}

/** Inserts contacts of `userId` in order; returns their ids. */
export async function insertContacts(pool: pg.Pool, userId: number, seeds: readonly ContactSeed[]): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO contacts (user_id, phone, username, first_name, company, tags, reachable, opted_out_at, created_at, updated_at)
     SELECT $1, v.phone, v.username, v.first_name, v.company, coalesce(v.tags, '{}')::text[], v.reachable,
            CASE WHEN v.opted_out THEN now() END, now(), now()
     FROM jsonb_to_recordset($2::jsonb) AS v(ord int, phone text, username text, first_name text, company text, tags text[], reachable boolean, opted_out boolean)
     ORDER BY v.ord RETURNING id`,
    [userId, JSON.stringify(seeds.map((s, ord) => ({
      ord, phone: s.phone ?? null, username: s.username ?? null, first_name: s.firstName ?? null, company: s.company ?? null,
      tags: s.tags ?? [], reachable: s.reachable ?? true, opted_out: s.optedOut ?? false,
    })))],
  );
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

/** A recipient phone whose simulated fate is a normal delivery (`n` < 1000). */
export function okPhone(n: number): string {
  return `+1555100${String(n).padStart(3, '0')}2`;
}

/** A schedule with pacing off: every day, all day, no delay, a high cap. */
export const UNPACED = {
  startAt: null,
  timeZone: 'UTC',
  days: [1, 2, 3, 4, 5, 6, 7],
  hours: { from: '00:00', to: '24:00' },
  dailyCapPerAccount: 1000,
  delaySeconds: { min: 0, max: 0 },
  endAt: null,
  recipientLocalTime: false,
};

/** Creates an unpaced campaign of `steps` through `accountIds` to every sendable contact and launches it; returns its id. */
export async function launchCampaign(
  service: CampaignService,
  userId: number,
  accountIds: number[],
  steps: { template: string; delaySeconds: number }[],
): Promise<number> {
  const { id } = await service.createDraft(userId, 'Campaign');
  await service.update(userId, id, { accountIds, schedule: UNPACED });
  await service.setSteps(userId, id, steps);
  await service.launch(userId, id);
  return id;
}

export interface DeliveryRow {
  id: number; contact_id: number; account_id: number; status: string; error_code: string | null; rendered_text: string | null;
  client_message_id: string | null; recipient: string; step_id: number; attempts: number; planned_at: Date;
}

export async function deliveryRows(pool: pg.Pool, campaignId: number): Promise<DeliveryRow[]> {
  const { rows } = await pool.query<DeliveryRow>(
    `SELECT id, contact_id, account_id, status, error_code, rendered_text, client_message_id, recipient, step_id, attempts, planned_at
     FROM deliveries WHERE campaign_id = $1 ORDER BY id`,
    [campaignId],
  );
  return rows;
}

/** Dispatches rounds until one claims nothing. */
export async function drain(dispatcher: DeliveryDispatcher): Promise<void> {
  while ((await dispatcher.dispatchOnce()) > 0) {
    // keep claiming until nothing is due
  }
}

/** Moves the clock to each next planned send of the campaign and dispatches, until nothing is queued. */
export async function runToEnd(pool: pg.Pool, clock: FakeClock, dispatcher: DeliveryDispatcher, campaignId: number): Promise<void> {
  for (let round = 0; round < 500; round += 1) {
    const { rows } = await pool.query<{ next: Date | null }>(`SELECT min(planned_at) AS next FROM deliveries WHERE campaign_id = $1 AND status = 'queued'`, [campaignId]);
    const next = rows[0]!.next;
    if (next === null) return;
    if (next > clock.now()) clock.set(next);
    await drain(dispatcher);
  }
  throw new Error('the campaign did not finish');
}
