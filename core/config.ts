import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_STOP_WORDS } from './delivery/stop-words.js';

/**
 * Every setting of Contactd, read once from the environment at start-up. A missing or malformed value stops
 * the process with one line per problem naming the variable and what is expected; values are never echoed
 * (several are secrets).
 */

const csvIds = z
  .string()
  .trim()
  .regex(/^(\d+(\s*,\s*\d+)*)?$/, 'a comma-separated list of numeric Telegram user ids, e.g. 123456,789012')
  .transform((s) => (s === '' ? [] : s.split(',').map((id) => Number(id.trim()))));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const intIn = (min: number, max: number) =>
  z.coerce
    .number({ message: `a whole number from ${min} to ${max}` })
    .int(`a whole number from ${min} to ${max}`)
    .min(min, `a whole number from ${min} to ${max}`)
    .max(max, `a whole number from ${min} to ${max}`);

const stopWords = z
  .string()
  .transform((s) => s.split(',').map((word) => word.trim()).filter((word) => word !== ''))
  .refine((words) => words.length > 0 && words.every((word) => word.length <= 64 && /[\p{L}\p{N}]/u.test(word)), {
    message: 'comma-separated words or short phrases (each with a letter or digit, at most 64 characters), e.g. stop,unsubscribe',
  });

const secondsRange = z
  .string()
  .trim()
  .regex(/^\d{1,4}\s*-\s*\d{1,4}$/, 'a range of seconds like 3-8')
  .transform((v) => v.split('-').map((n) => Number(n.trim())))
  .refine(([min, max]) => min! <= max!, { message: 'a range of seconds like 3-8 (the first not above the second)' })
  .transform(([min, max]) => ({ min: min!, max: max! }));

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'a PostgreSQL URL like postgres://user:password@host:5432/contactd');

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'development, production or test' }).default('development'),
    BOT_TOKEN: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'a bot token from @BotFather like 123456789:AAE…')
      .optional(),
    BOT_API_ROOT: z
      .string()
      .regex(/^https?:\/\/[^\s]+[^/\s]$/, 'an http(s) URL without a trailing slash, e.g. https://api.telegram.org')
      .default('https://api.telegram.org'),
    BOT_MODE: z.enum(['polling', 'webhook'], { message: 'polling or webhook' }).default('polling'),
    WEBHOOK_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'the public URL the Bot API posts updates to (https for Telegram)').optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, '16–256 characters of A–Z, a–z, 0–9, _ or -')
      .optional(),
    WEBHOOK_HOST: z.string().default('0.0.0.0'),
    WEBHOOK_PORT: intIn(1, 65535).default(8443),
    DATABASE_URL: postgresUrl.optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    EMBEDDED_PG_PORT: intIn(1024, 65535).default(54329),
    CREDENTIALS_KEY: z
      .string()
      .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, '32 bytes as 64 hex characters or 44 base64 characters (openssl rand -hex 32)')
      .optional(),
    CREDENTIALS_OLD_KEYS: z
      .string()
      .regex(/^(([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)(,([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=))*)?$/, 'comma-separated keys in the CREDENTIALS_KEY format')
      .optional(),
    ADMIN_IDS: csvIds.default([]),
    LOG_DIR: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'fatal, error, warn, info, debug, trace or silent' }).default('info'),
    LOG_RETENTION_DAYS: intIn(1, 90).default(90),
    LOG_TO_STDOUT: bool.default(true),
    MESSENGER_DRIVER: z.enum(['real', 'simulated'], { message: 'real or simulated' }).default('real'),
    TELEGRAM_API_ID: z.coerce.number({ message: 'the numeric api_id from my.telegram.org' }).int().positive().optional(),
    TELEGRAM_API_HASH: z.string().regex(/^[0-9a-f]{32}$/, 'the 32-character api_hash from my.telegram.org').optional(),
    JOB_STORE: z.enum(['postgres', 'mongo'], { message: 'postgres or mongo' }).default('postgres'),
    MONGODB_URL: z.string().regex(/^mongodb(\+srv)?:\/\/[^\s]+$/, 'a MongoDB URL like mongodb://localhost:27017/contactd').optional(),
    POLICY_VERSION: z.string().regex(/^[\w.-]{1,32}$/, 'a short version label like 2026-03-17').default('2026-03-17'),
    POLICY_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL').optional(),
    MAX_IMPORT_FILE_MB: intIn(1, 2000).default(20),
    LEASE_SECONDS: intIn(5, 300).default(30),
    WORKER_MAX_ACCOUNTS: intIn(1, 10000).default(200),
    SHUTDOWN_TIMEOUT_SECONDS: intIn(1, 600).default(20),
    RATE_LIMIT_PER_SECOND: intIn(1, 100).default(3),
    // A reply that is only one of these (case, punctuation and emoji aside) opts the contact out for good.
    STOP_WORDS: stopWords.default([...DEFAULT_STOP_WORDS]),
    // Reachability pre-flight: how long a recipient lookup's answer is trusted, and the random pause between two
    // lookups of one account (lookups also spend the account's daily budget, like sends).
    REACHABILITY_TTL_DAYS: intIn(1, 90).default(7),
    REACHABILITY_CHECK_DELAY_SECONDS: secondsRange.default({ min: 3, max: 8 }),
    // After downtime, a pause or a limit, an overdue message older than this is skipped (STALE) instead of sent.
    CATCH_UP_MAX_AGE_HOURS: intIn(1, 8760).default(72),
    // The same for follow-ups, which read out of context sooner.
    FOLLOW_UP_MAX_AGE_HOURS: intIn(1, 8760).default(24),
    // Sandbox mode (`npm start` without BOT_TOKEN): the web chat's port on 127.0.0.1 (0 = any free port) and,
    // optionally, a database of its own instead of the sandbox's embedded PostgreSQL (tests use it).
    SANDBOX_PORT: intIn(0, 65535).default(8080),
    SANDBOX_DATABASE_URL: postgresUrl.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_MODE === 'webhook') {
      if (!env.WEBHOOK_URL) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'required when BOT_MODE=webhook' });
      if (!env.WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'required when BOT_MODE=webhook' });
    }
    if (env.JOB_STORE === 'mongo' && !env.MONGODB_URL) {
      ctx.addIssue({ code: 'custom', path: ['MONGODB_URL'], message: 'required when JOB_STORE=mongo' });
    }
    if (env.NODE_ENV === 'production' && !env.CREDENTIALS_KEY) {
      ctx.addIssue({ code: 'custom', path: ['CREDENTIALS_KEY'], message: 'required in production (openssl rand -hex 32)' });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** The parsed configuration, with derived paths resolved. */
export interface Config extends Omit<Env, 'LOG_DIR'> {
  LOG_DIR: string;
  /** Absolute data folder. */
  dataDir: string;
}

/** Thrown with every problem found; `message` is one line, safe to print (no values). */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Configuration error: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (default `process.env`). Empty strings count as unset. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: expected ${i.message}`));
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  return { ...env, dataDir, LOG_DIR: path.resolve(env.LOG_DIR ?? path.join(dataDir, 'logs')) };
}

/** The variables `requireBotToken` and friends check lazily, because only some commands need them. */
export function requireBotToken(config: Config): string {
  if (!config.BOT_TOKEN) {
    throw new ConfigError(['BOT_TOKEN: expected a bot token from @BotFather like 123456789:AAE… (see README, "Create a bot")']);
  }
  return config.BOT_TOKEN;
}
