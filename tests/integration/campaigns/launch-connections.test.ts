import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, UNPACED } from '../delivery/delivery-fixtures.js';
import { seedAccountRows, seedBulkContacts } from '../delivery/delivery-seed.js';

// The harness's pools hold 4 connections; a launch holds its lock's session while it waits for others
// (validation, the second half of the selection, the insert's ranges), and so does a preview.
let tdb: TestDatabase;
let service: CampaignService;

beforeAll(async () => {
  tdb = await createTestDatabase();
  service = new CampaignService({ db: tdb.db, clock: new FakeClock('2026-03-02T06:00:00Z'), random: seededRandom(3) });
});
afterAll(async () => {
  await tdb.drop();
});

async function draftOfNewUser(contacts: number): Promise<{ userId: number; campaignId: number }> {
  const user = await createUser(tdb.db.pool);
  const accountIds = await seedAccountRows(tdb.db.pool, user.id, 2);
  await seedBulkContacts(tdb.db.pool, user.id, contacts);
  const { id } = await service.createDraft(user.id, 'Many at once');
  await service.update(user.id, id, { accountIds, schedule: UNPACED, allowOverlap: true });
  await service.setSteps(user.id, id, [{ template: 'Hello', delaySeconds: 0 }]);
  return { userId: user.id, campaignId: id };
}

describe('launches and previews at the same time', () => {
  it('all finish on a pool smaller than what they would hold together, each launch complete', { timeout: 30_000 }, async () => {
    expect(tdb.db.pool.options.max).toBe(4);
    const drafts = await Promise.all(Array.from({ length: 6 }, () => draftOfNewUser(300)));
    const outcomes = await Promise.all(
      drafts.flatMap(({ userId, campaignId }) => [service.planPreview(userId, campaignId), service.launch(userId, campaignId)]),
    );
    expect(outcomes.map((outcome) => outcome.queued)).toEqual(Array.from({ length: 12 }, () => 300));
    const { rows } = await tdb.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = ANY ($1::int[])`,
      [drafts.map((d) => d.campaignId)],
    );
    expect(rows[0]!.n).toBe(6 * 300);
  });
});
