import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { ValidationError } from '../errors.js';
import { ConsentSchema, UserSchema, type User } from './user.entity.js';

/** What the bot knows about a Telegram user when they finish onboarding. */
export interface Registration {
  telegramId: number;
  chatId: number;
  username?: string;
  firstName: string;
  lastName?: string;
  language: string;
  timeZone: string;
  policyVersion: string;
  adultConfirmed: boolean;
}

/** Users: registration with consent records, policy re-acceptance, profile settings. */
export class UserService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly adminIds: readonly number[] = [],
  ) {}

  /** The registered user with this Telegram id, or null. */
  async findByTelegramId(telegramId: number): Promise<User | null> {
    return this.db.em().findOne(UserSchema, { telegramId });
  }

  /**
   * Registers a user who confirmed being 18+ and accepted the policy, storing both consents (P1, P13). A user
   * who registers again (after erasure) is a new registration.
   */
  async register(input: Registration): Promise<User> {
    if (!input.adultConfirmed) throw new ValidationError('registration requires the 18+ confirmation');
    const now = this.clock.now();
    const em = this.db.em();
    return em.transactional(async (tx) => {
      const existing = await tx.findOne(UserSchema, { telegramId: input.telegramId });
      if (existing) return existing;
      const user = tx.create(UserSchema, {
        telegramId: input.telegramId,
        chatId: input.chatId,
        username: input.username ?? null,
        firstName: input.firstName,
        lastName: input.lastName ?? null,
        language: input.language,
        timeZone: input.timeZone,
        role: this.adminIds.includes(input.telegramId) ? 'admin' : 'user',
        status: 'active',
        policyVersion: input.policyVersion,
        policyAcceptedAt: now,
        adultConfirmedAt: now,
        defaultCountry: null,
        createdAt: now,
        updatedAt: now,
      });
      tx.create(ConsentSchema, { user, kind: 'age_18', version: '18+', acceptedAt: now });
      tx.create(ConsentSchema, { user, kind: 'privacy_policy', version: input.policyVersion, acceptedAt: now });
      return user;
    });
  }

  /** Records acceptance of a new policy version (P14). */
  async acceptPolicy(userId: number, version: string): Promise<void> {
    const now = this.clock.now();
    await this.db.em().transactional(async (tx) => {
      const user = await tx.findOneOrFail(UserSchema, { id: userId });
      user.policyVersion = version;
      user.policyAcceptedAt = now;
      user.updatedAt = now;
      tx.create(ConsentSchema, { user, kind: 'privacy_policy', version, acceptedAt: now });
    });
  }

  async setTimeZone(userId: number, timeZone: string): Promise<void> {
    const em = this.db.em();
    const user = await em.findOneOrFail(UserSchema, { id: userId });
    user.timeZone = timeZone;
    user.updatedAt = this.clock.now();
    await em.flush();
  }

  /** Counts a refusal of the age gate for today, storing nothing about who refused (P13). */
  async recordAgeGateRefusal(): Promise<void> {
    await this.db.pool.query(
      `INSERT INTO age_gate_refusals (day, count) VALUES ($1::date, 1)
       ON CONFLICT (day) DO UPDATE SET count = age_gate_refusals.count + 1`,
      [this.clock.now().toISOString().slice(0, 10)],
    );
  }

  /** Total refusals of the age gate (admin statistics). */
  async ageGateRefusals(): Promise<number> {
    const { rows } = await this.db.pool.query<{ total: string | null }>('SELECT sum(count) AS total FROM age_gate_refusals');
    return Number(rows[0]?.total ?? 0);
  }
}
