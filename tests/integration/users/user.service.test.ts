import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ValidationError } from '../../../core/errors.js';
import { UserService } from '../../../core/users/user.service.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';

const registration = {
  telegramId: 1001,
  chatId: 1001,
  username: 'anna',
  firstName: 'Anna',
  language: 'en',
  timeZone: 'Europe/Berlin',
  policyVersion: 'v1',
  adultConfirmed: true,
};

describe('user service', () => {
  let t: TestDatabase;
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  let users: UserService;
  beforeAll(async () => {
    t = await createTestDatabase();
    users = new UserService(t.db, clock, [2002]);
  });
  afterAll(async () => t.drop());

  it('registers a user with an 18+ consent and a policy consent', async () => {
    const user = await users.register(registration);
    expect(user.role).toBe('user');
    const { rows } = await t.db.pool.query('SELECT kind, version FROM consents WHERE user_id = $1 ORDER BY kind', [user.id]);
    expect(rows).toEqual([
      { kind: 'age_18', version: '18+' },
      { kind: 'privacy_policy', version: 'v1' },
    ]);
    expect((await users.findByTelegramId(1001))?.timeZone).toBe('Europe/Berlin');
  });

  it('makes configured admins admins', async () => {
    expect((await users.register({ ...registration, telegramId: 2002, chatId: 2002 })).role).toBe('admin');
  });

  it('refuses to register anyone who did not confirm being 18 or older', async () => {
    await expect(users.register({ ...registration, telegramId: 3003, adultConfirmed: false })).rejects.toBeInstanceOf(ValidationError);
    expect(await users.findByTelegramId(3003)).toBeNull();
  });

  it('records acceptance of a new policy version with its own consent record', async () => {
    const user = (await users.findByTelegramId(1001))!;
    clock.advance(86_400_000);
    await users.acceptPolicy(user.id, 'v2');
    const after = (await users.findByTelegramId(1001))!;
    expect(after.policyVersion).toBe('v2');
    expect(after.policyAcceptedAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    const { rows } = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM consents WHERE user_id = $1 AND kind = 'privacy_policy'", [user.id]);
    expect(rows[0]!.n).toBe(2);
  });

  it('counts age-gate refusals per day without storing who refused', async () => {
    await users.recordAgeGateRefusal();
    await users.recordAgeGateRefusal();
    expect(await users.ageGateRefusals()).toBe(2);
    const { rows } = await t.db.pool.query('SELECT * FROM age_gate_refusals');
    expect(Object.keys(rows[0] as object).sort()).toEqual(['count', 'day']);
  });
});
