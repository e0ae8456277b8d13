import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { FakeClock } from '../../../core/clock.js';
import { createSimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { seededRandom } from '../../../core/random.js';
import { startDeliveryEngine } from '../../../workers/delivery/delivery-engine.js';
import { connectSimulatedAccounts, MemoryConnectionRegistry } from '../../../workers/delivery/memory-registry.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, deliveryRows, insertContacts, launchCampaign, okPhone, RecordingNotifier } from './delivery-fixtures.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

describe('operator-configured stop words', () => {
  it('opt out contacts whose whole reply is a configured word or phrase, and no longer the built-in ones', async () => {
    const pool = tdb.db.pool;
    const clock = new FakeClock('2026-03-02T09:00:00Z');
    const driver = createSimulatedDriver('telegram', { clock, random: seededRandom(5), replies: false });
    const notifier = new RecordingNotifier();
    const registry = new MemoryConnectionRegistry();
    const user = await createUser(pool);
    // The engine as main.ts starts it with STOP_WORDS="halt, remove me".
    const engine = startDeliveryEngine(
      { pool, clock, registry, newClientMessageId: () => driver.newClientMessageId(), notifier, logger: pino({ level: 'silent' }) },
      { stopWords: ['halt', 'remove me'], idleMs: 10, maintenanceMs: 0 },
    );
    try {
      const [account] = await connectSimulatedAccounts(pool, driver, user, 1, clock.now());
      await registry.add(account!);
      const phones = [okPhone(31), okPhone(32), okPhone(33), okPhone(34)];
      const contacts = await insertContacts(pool, user.id, phones.map((phone) => ({ phone })));
      const service = new CampaignService({ db: tdb.db, clock, random: seededRandom(6) });
      const campaignId = await launchCampaign(service, user.id, [account!.accountId], [{ template: 'Hello', delaySeconds: 0 }]);
      await expect.poll(async () => (await deliveryRows(pool, campaignId)).map((r) => r.status), { timeout: 10_000 }).toEqual(phones.map(() => 'sent'));

      const replies = ['HALT!', ' Remove   me. ', 'stop', 'please halt'];
      for (const [i, text] of replies.entries()) {
        await driver.control.deliverIncoming({ kind: 'phone', phone: phones[i]! }, text, account!.connection.profile.platformUserId);
      }
      await expect.poll(() => notifier.of('delivery.reply').length).toBe(4);
      const { rows } = await pool.query<{ id: number; opted_out: boolean }>(
        'SELECT id, opted_out_at IS NOT NULL AS opted_out FROM contacts WHERE id = ANY ($1::int[]) ORDER BY id',
        [contacts],
      );
      expect(rows.map((r) => r.opted_out)).toEqual([true, true, false, false]);
      expect(notifier.of('delivery.reply').map((r) => [r.contactId, r.optedOut]).sort()).toEqual(contacts.map((id, i) => [id, i < 2]).sort());
      expect((await deliveryRows(pool, campaignId)).map((r) => r.status)).toEqual(['replied', 'replied', 'replied', 'replied']);
    } finally {
      await engine.stop();
    }
  });
});
