import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ConflictError } from '../../../core/errors.js';
import { seededRandom } from '../../../core/random.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { completeLaunch, deleteAbandonedLaunches, prepareLaunch } from '../../../core/campaigns/campaign-launcher.js';
import { withLaunchLock } from '../../../core/campaigns/launch-lock.js';
import { insertFreshDeliveries } from '../../../core/delivery/delivery-insert.js';
import { inClientTransaction } from '../../../core/delivery/sql.js';
import { RetentionService } from '../../../core/privacy/retention.service.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, insertContacts, okPhone, UNPACED } from '../delivery/delivery-fixtures.js';
import { seedAccountRows } from '../delivery/delivery-seed.js';

const clock = new FakeClock('2026-03-02T06:00:00Z');
let tdb: TestDatabase;
let service: CampaignService;

beforeAll(async () => {
  tdb = await createTestDatabase();
  service = new CampaignService({ db: tdb.db, clock, random: seededRandom(9) });
});
afterAll(async () => {
  await tdb.drop();
});

/** A draft to `contacts` contacts over two warmed accounts, ready to launch. */
async function readyDraft(contacts: number, firstPhone: number): Promise<{ userId: number; campaignId: number; contactIds: number[] }> {
  const user = await createUser(tdb.db.pool);
  const accountIds = await seedAccountRows(tdb.db.pool, user.id, 2);
  const contactIds = (await insertContacts(tdb.db.pool, user.id, Array.from({ length: contacts }, (_, i) => ({ phone: okPhone(firstPhone + i) })))).map(Number);
  const { id } = await service.createDraft(user.id, 'Launch');
  await service.update(user.id, id, { accountIds, schedule: UNPACED, allowOverlap: true });
  await service.setSteps(user.id, id, [{ template: 'Hello {first_name|there}', delaySeconds: 0 }]);
  return { userId: user.id, campaignId: id, contactIds };
}

async function state(campaignId: number): Promise<{ status: string; deliveries: number; contacts: number }> {
  const { rows } = await tdb.db.pool.query<{ status: string; deliveries: number; contacts: number }>(
    `SELECT c.status, (SELECT count(*)::int FROM deliveries d WHERE d.campaign_id = c.id) AS deliveries,
            (SELECT count(DISTINCT d.contact_id)::int FROM deliveries d WHERE d.campaign_id = c.id) AS contacts
     FROM campaigns c WHERE c.id = $1`,
    [campaignId],
  );
  return rows[0]!;
}

async function prepared(userId: number, campaignId: number) {
  const session = await tdb.db.pool.connect();
  const plan = await inClientTransaction(session, (client) => prepareLaunch(client, userId, campaignId, clock.now(), seededRandom(1)));
  return { session, plan };
}

describe('launching a campaign', () => {
  it('writes one delivery per recipient and only then leaves draft', async () => {
    const { userId, campaignId, contactIds } = await readyDraft(12_000, 100_000);

    const result = await service.launch(userId, campaignId);

    expect(result.queued).toBe(contactIds.length);
    expect(await state(campaignId)).toEqual({ status: 'running', deliveries: contactIds.length, contacts: contactIds.length });
  });

  it('lets one of two simultaneous launches through and refuses the other, with no delivery twice', async () => {
    const { userId, campaignId, contactIds } = await readyDraft(300, 200_000);

    const outcomes = await Promise.allSettled([service.launch(userId, campaignId), service.launch(userId, campaignId)]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(ConflictError);
    expect(await state(campaignId)).toEqual({ status: 'running', deliveries: contactIds.length, contacts: contactIds.length });
  });

  it('refuses a launch while another holds the campaign’s launch lock', async () => {
    const { userId, campaignId } = await readyDraft(3, 250_000);
    await withLaunchLock(tdb.db.pool, campaignId, async () => {
      await expect(service.launch(userId, campaignId)).rejects.toBeInstanceOf(ConflictError);
    });
    await service.launch(userId, campaignId);
    expect((await state(campaignId)).status).toBe('running');
  });

  it('keeps a campaign edited between planning and writing a draft, without deliveries, and says so', async () => {
    const { userId, campaignId } = await readyDraft(50, 300_000);
    const { session, plan } = await prepared(userId, campaignId);
    try {
      await service.setSteps(userId, campaignId, [{ template: 'Changed my mind', delaySeconds: 0 }]);
      await expect(completeLaunch(tdb.db.pool, session, plan, clock.now())).rejects.toBeInstanceOf(ConflictError);
    } finally {
      session.release();
    }
    expect(await state(campaignId)).toEqual({ status: 'draft', deliveries: 0, contacts: 0 });
  });

  it('removes what it wrote when a range fails (a contact deleted after planning), and stays a draft', async () => {
    const { userId, campaignId, contactIds } = await readyDraft(12_000, 400_000);
    const { session, plan } = await prepared(userId, campaignId);
    try {
      // The last contact is in the second range: the first commits before the second fails.
      await tdb.db.pool.query('DELETE FROM contacts WHERE id = $1', [contactIds.at(-1)]);
      await expect(completeLaunch(tdb.db.pool, session, plan, clock.now())).rejects.toMatchObject({ code: '23503' });
    } finally {
      session.release();
    }
    expect(await state(campaignId)).toEqual({ status: 'draft', deliveries: 0, contacts: 0 });
    const relaunched = await service.launch(userId, campaignId);
    expect(relaunched.queued).toBe(contactIds.length - 1);
  });

  it('replaces rows a crashed launch left behind, so nobody gets a delivery twice', async () => {
    const { userId, campaignId, contactIds } = await readyDraft(40, 500_000);
    const { session, plan } = await prepared(userId, campaignId);
    // The crash: the ranges committed, the campaign never left draft.
    await insertFreshDeliveries(tdb.db.pool, { userId, campaignId, stepId: plan.firstStepId, now: clock.now() }, plan.plan.rows, 2);
    session.release();
    expect(await state(campaignId)).toEqual({ status: 'draft', deliveries: contactIds.length, contacts: contactIds.length });

    await service.launch(userId, campaignId);

    expect(await state(campaignId)).toEqual({ status: 'running', deliveries: contactIds.length, contacts: contactIds.length });
  });

  it('has retention remove an abandoned launch’s rows after an hour, but not a launch in progress nor a launched campaign', async () => {
    const abandoned = await readyDraft(5, 600_000);
    const inProgress = await readyDraft(5, 700_000);
    const launched = await readyDraft(5, 800_000);
    for (const { userId, campaignId } of [abandoned, inProgress]) {
      const { session, plan } = await prepared(userId, campaignId);
      await insertFreshDeliveries(tdb.db.pool, { userId, campaignId, stepId: plan.firstStepId, now: clock.now() }, plan.plan.rows, 2);
      session.release();
    }
    await service.launch(launched.userId, launched.campaignId);

    expect(await deleteAbandonedLaunches(tdb.db.pool, clock.now())).toBe(0);
    clock.advance(3_600_000 + 1);
    const report = await withLaunchLock(tdb.db.pool, inProgress.campaignId, () =>
      new RetentionService(tdb.db, clock, { tempDir: '/nonexistent-contactd-test-dir' }).run(),
    );

    expect(report.abandonedLaunchDeliveriesDeleted).toBe(5);
    expect((await state(abandoned.campaignId)).deliveries).toBe(0);
    expect((await state(inProgress.campaignId)).deliveries).toBe(5);
    expect((await state(launched.campaignId)).deliveries).toBe(5);
  });
});
