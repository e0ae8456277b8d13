import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../core/errors.js';
import { seededRandom } from '../../../core/random.js';
import { CampaignInvalidError, CampaignService } from '../../../core/campaigns/campaign.service.js';
import { DIRECT_MESSAGE_JOB } from '../../../core/campaigns/direct-message.js';
import type { JobQueue } from '../../../core/jobs.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, insertContacts, okPhone, UNPACED } from '../delivery/delivery-fixtures.js';
import { seedAccountRows } from '../delivery/delivery-seed.js';

let tdb: TestDatabase;
const clock = new FakeClock('2026-03-02T09:00:00Z');
const enqueued: { name: string; data: Record<string, unknown> }[] = [];
const jobs: JobQueue = {
  enqueue: async (name, data) => {
    enqueued.push({ name, data });
  },
  cancel: async () => 0,
};
let service: CampaignService;

beforeAll(async () => {
  tdb = await createTestDatabase();
  service = new CampaignService({ db: tdb.db, clock, random: seededRandom(3), jobs });
});
afterAll(async () => {
  await tdb.drop();
});

async function ready(name = 'Promo'): Promise<{ userId: number; id: number; accountIds: number[] }> {
  const user = await createUser(tdb.db.pool, 'owner_name', 'Europe/Berlin');
  const accountIds = await seedAccountRows(tdb.db.pool, user.id, 1);
  const { id } = await service.createDraft(user.id, name);
  await service.update(user.id, id, { accountIds, schedule: UNPACED });
  return { userId: user.id, id, accountIds };
}

describe('CampaignService', () => {
  it('creates drafts with a safe schedule in the user’s time zone', async () => {
    const user = await createUser(tdb.db.pool, null, 'Europe/Berlin');
    const { id } = await service.createDraft(user.id, 'New');
    const view = await service.get(user.id, id);
    expect(view).toMatchObject({ name: 'New', status: 'draft', channel: 'telegram', accountIds: [], steps: [] });
    expect(view.schedule).toMatchObject({ timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], dailyCapPerAccount: 20, delaySeconds: { min: 45, max: 120 } });
  });

  it('answers NotFound for another user’s campaign in every method', async () => {
    const { id } = await ready();
    const stranger = await createUser(tdb.db.pool);
    await expect(service.get(stranger.id, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.update(stranger.id, id, { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.setSteps(stranger.id, id, [])).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.launch(stranger.id, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.cancel(stranger.id, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.exportDeliveriesCsv(stranger.id, id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await service.list(stranger.id, 0)).total).toBe(0);
  });

  it('calls an audience empty per channel: usernames reach Telegram only; opted-out and unreachable contacts nobody', async () => {
    const { userId, id } = await ready('Channels');
    await insertContacts(tdb.db.pool, userId, [
      { username: 'only_tg_1' },
      { username: 'only_tg_2' },
      { phone: okPhone(901), optedOut: true },
      { phone: okPhone(902), reachable: false },
    ]);
    const empty = async (): Promise<unknown> => (await service.validate(userId, id)).errors.find((e) => e.code === 'CAMPAIGN_EMPTY_AUDIENCE');
    expect(await empty()).toBeUndefined();
    await service.update(userId, id, { channel: 'any' });
    expect(await empty()).toBeUndefined();
    await service.update(userId, id, { channel: 'whatsapp' });
    expect(await empty()).toMatchObject({ data: { matched: 4 } });
    await insertContacts(tdb.db.pool, userId, [{ phone: okPhone(903) }]);
    expect(await empty()).toBeUndefined();
  });

  it('rejects malformed settings with the wrong field named', async () => {
    const { userId, id } = await ready();
    const error = await service.update(userId, id, { schedule: { ...UNPACED, hours: { from: '25:00', to: '18:00' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.join()).toContain('schedule.hours.from');
  });

  it('reports template errors with step, line and column, missing accounts, an empty audience and unsafe pacing', async () => {
    const user = await createUser(tdb.db.pool);
    const { id } = await service.createDraft(user.id, 'Broken');
    await service.setSteps(user.id, id, [{ template: 'Hi\n{frist_name', delaySeconds: 0 }, { template: 'Later', delaySeconds: 0 }]);
    await service.update(user.id, id, { schedule: { ...UNPACED, dailyCapPerAccount: 200, delaySeconds: { min: 5, max: 10 } } });
    const report = await service.validate(user.id, id);
    expect(report.errors.map((e) => e.code)).toEqual(
      expect.arrayContaining(['TEMPLATE_UNCLOSED_BRACE', 'CAMPAIGN_FOLLOW_UP_WITHOUT_DELAY', 'CAMPAIGN_NO_ACCOUNTS', 'CAMPAIGN_EMPTY_AUDIENCE']),
    );
    expect(report.errors.find((e) => e.code === 'TEMPLATE_UNCLOSED_BRACE')).toMatchObject({ step: 1, line: 2 });
    expect(report.warnings.map((w) => w.code).sort()).toEqual(['CAMPAIGN_CAP_ABOVE_SAFE', 'CAMPAIGN_DELAY_BELOW_SAFE']);
    await expect(service.launch(user.id, id)).rejects.toBeInstanceOf(CampaignInvalidError);
  });

  it('counts the audience, previews rendered steps and queues a test message to the user', async () => {
    const { userId, id, accountIds } = await ready();
    await insertContacts(tdb.db.pool, userId, [
      { phone: okPhone(1), firstName: 'Ann', company: 'Acme' },
      { username: 'only_tg' },
      { phone: okPhone(3), optedOut: true },
    ]);
    await service.setSteps(userId, id, [{ template: 'Hi {first_name|there} from {company|your team}', delaySeconds: 0 }]);
    expect(await service.audience(userId, id)).toEqual({ matched: 3, reachable: { telegram: 2, whatsapp: 1 }, optedOut: 1, alreadyContacted: 0 });
    expect(await service.preview(userId, id, 1, 5)).toEqual([
      { contactLabel: 'Ann', text: 'Hi Ann from Acme' },
      { contactLabel: '@only_tg', text: 'Hi there from your team' },
    ]);
    await service.sendTest(userId, id, accountIds[0]!);
    expect(enqueued.at(-1)).toEqual({
      name: DIRECT_MESSAGE_JOB,
      data: { userId, campaignId: id, accountId: accountIds[0], text: 'Hi Ann from Acme', recipient: 'username:owner_name', purpose: 'test' },
    });
  });

  it('queues the user’s answer to a replying contact through the account that sent the message, scoped to the owner', async () => {
    const { userId, id, accountIds } = await ready();
    await insertContacts(tdb.db.pool, userId, [{ phone: okPhone(30), firstName: 'Rita' }]);
    await service.setSteps(userId, id, [{ template: 'Hello', delaySeconds: 0 }]);
    await service.launch(userId, id);
    const { rows } = await tdb.db.pool.query<{ id: number; recipient: string }>(
      "UPDATE deliveries SET status = 'replied' WHERE campaign_id = $1 RETURNING id, recipient",
      [id],
    );
    const delivery = rows[0]!;
    expect(await service.replyToContact(userId, delivery.id, '  Happy to talk on Monday  ')).toEqual({ contactLabel: 'Rita' });
    expect(enqueued.at(-1)).toEqual({
      name: DIRECT_MESSAGE_JOB,
      data: { userId, campaignId: id, accountId: accountIds[0], recipient: delivery.recipient, text: 'Happy to talk on Monday', purpose: 'reply' },
    });
    const stranger = await createUser(tdb.db.pool);
    const before = enqueued.length;
    await expect(service.replyToContact(stranger.id, delivery.id, 'Hi')).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.replyToContact(userId, delivery.id, '   ')).rejects.toBeInstanceOf(ValidationError);
    expect(enqueued).toHaveLength(before);
  });

  it('runs the lifecycle: launch, no edits while running, pause, resume, cancel skips what is queued, duplicate copies', async () => {
    const { userId, id } = await ready();
    await insertContacts(tdb.db.pool, userId, [{ phone: okPhone(10) }, { phone: okPhone(11) }]);
    await service.setSteps(userId, id, [{ template: 'Hello', delaySeconds: 0 }, { template: 'Again', delaySeconds: 86_400 }]);
    expect(await service.launch(userId, id)).toMatchObject({ queued: 2, skipped: 0, unplanned: 0 });
    await expect(service.update(userId, id, { name: 'Renamed' })).rejects.toBeInstanceOf(ConflictError);
    await expect(service.launch(userId, id)).rejects.toBeInstanceOf(ConflictError);
    await service.pause(userId, id);
    await service.update(userId, id, { name: 'Renamed' });
    clock.advance(60_000);
    await service.resume(userId, id);
    const { rows } = await tdb.db.pool.query<{ planned_at: Date }>('SELECT planned_at FROM deliveries WHERE campaign_id = $1', [id]);
    expect(rows.every((r) => r.planned_at.getTime() >= clock.now().getTime())).toBe(true);
    expect(await service.cancel(userId, id)).toEqual({ skipped: 2 });
    const stats = await service.stats(userId, id);
    expect(stats).toMatchObject({ status: 'cancelled', counts: { skipped: 2, total: 2 }, perStep: [{ position: 1 }] });
    const copy = await service.duplicate(userId, id);
    const view = await service.get(userId, copy.id);
    expect(view).toMatchObject({ name: 'Renamed', status: 'draft', counts: { total: 0 } });
    expect(view.steps.map((s) => [s.position, s.template, s.delaySeconds])).toEqual([[1, 'Hello', 0], [2, 'Again', 86_400]]);
    expect((await service.list(userId, 0)).items.map((i) => i.id)).toEqual([copy.id, id]);
    expect((await service.overallStats(userId)).campaigns).toMatchObject({ draft: 1, cancelled: 1 });
  });

  it('exports deliveries as CSV with formula-looking cells neutralised', async () => {
    const { userId, id } = await ready();
    await insertContacts(tdb.db.pool, userId, [{ username: '=cmd' }, { phone: okPhone(20) }]);
    await service.setSteps(userId, id, [{ template: 'Hello', delaySeconds: 0 }]);
    await service.launch(userId, id);
    const csv = (await service.exportDeliveriesCsv(userId, id)).toString('utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('delivery_id,step,contact_id,recipient,channel,account_id,status,attempts,planned_at,sent_at,replied_at,finished_at,error_code,error_text');
    expect(lines).toHaveLength(3);
    expect(lines.some((line) => line.includes(",'=cmd,telegram,"))).toBe(true);
    expect(lines.some((line) => line.includes(`,${okPhone(20)},telegram,`))).toBe(true); // a plain phone number stays readable
  });
});
