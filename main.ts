/**
 * Contactd's composition root and CLI: the only place that knows bot/, workers/ and core/ together and
 * wires real or fake adapters from configuration.
 *
 *   start    bot + workers in one process (what `npm start` runs)
 *   bot      the Telegram bot only
 *   worker   background jobs only
 *   migrate  apply database migrations and exit
 */
import os from 'node:os';
import path from 'node:path';
import { BotStateStore } from './core/bot-state/bot-state.store.js';
import { systemClock } from './core/clock.js';
import { ConfigError, loadConfig, requireBotToken, type Config } from './core/config.js';
import { connectDatabase, migrate, type Database } from './core/db/database.js';
import { startEmbeddedPostgres } from './core/db/embedded-postgres.js';
import { createLogger, type Logger } from './core/logging/logger.js';
import { UserService } from './core/users/user.service.js';
import { createBot } from './bot/index.js';
import { startBot, type BotTransport } from './bot/runner.js';
import { createWorkers } from './workers/index.js';

const COMMANDS: Record<string, string> = {
  start: 'run the bot and the workers in one process (npm start)',
  bot: 'run only the Telegram bot (for several bot processes, use BOT_MODE=webhook)',
  worker: 'run only the background workers',
  migrate: 'apply pending database migrations and exit',
  help: 'show this list',
};

type Stopper = () => Promise<void>;

/** Where a failure of start-up is reported: one clear line, no stack trace, exit code 2. */
class StartupError extends Error {}

async function openDatabase(config: Config, logger: Logger, stoppers: Stopper[]): Promise<Database> {
  let url = config.DATABASE_URL;
  if (!url) {
    const dir = path.join(config.dataDir, 'postgres');
    logger.info({ action: 'db.embedded.starting', dir }, 'starting the embedded PostgreSQL');
    const embedded = await startEmbeddedPostgres({
      dir,
      port: config.EMBEDDED_PG_PORT,
      database: 'contactd',
      onLog: (line) => logger.debug({ action: 'db.embedded.log', line }, 'postgres'),
    }).catch((e: unknown) => {
      throw new StartupError(`Database error: could not start the embedded PostgreSQL in ${dir} on port ${config.EMBEDDED_PG_PORT} (${describe(e)}). Set DATABASE_URL to use an external one.`);
    });
    stoppers.push(() => embedded.stop());
    url = embedded.url;
  }
  const db = await connectDatabase({ url }).catch((e: unknown) => {
    throw new StartupError(`Database error: cannot connect to ${config.DATABASE_URL ? 'DATABASE_URL' : 'the embedded PostgreSQL'} (${describe(e)}).`);
  });
  stoppers.push(() => db.close());
  const applied = await migrate(db);
  if (applied.length) logger.info({ action: 'db.migrated', applied }, 'migrations applied');
  return db;
}

function describe(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string') return e.code;
  return e instanceof Error ? e.message.split('\n')[0]!.slice(0, 200) : String(e);
}

function transportOf(config: Config): BotTransport {
  if (config.BOT_MODE === 'webhook') {
    return { mode: 'webhook', url: config.WEBHOOK_URL!, secret: config.WEBHOOK_SECRET!, host: config.WEBHOOK_HOST, port: config.WEBHOOK_PORT };
  }
  return { mode: 'polling' };
}

async function run(command: string): Promise<void> {
  const config = loadConfig();
  if (command === 'start' || command === 'bot') requireBotToken(config);
  const clock = systemClock;
  const logger = createLogger({ level: config.LOG_LEVEL, dir: config.LOG_DIR, stdout: config.LOG_TO_STDOUT, clock });
  const stoppers: Stopper[] = [];
  const shutdown = async (signal: string) => {
    const level = signal === 'startup-failed' ? 'debug' : 'info';
    logger[level]({ action: 'process.stopping', signal }, 'stopping');
    for (const stop of stoppers.reverse()) {
      await stop().catch((err: unknown) => logger.error({ err, action: 'process.stop_failed' }, 'a component failed to stop'));
    }
    logger[level]({ action: 'process.stopped' }, 'stopped');
    logger.flush();
  };

  try {
    const db = await openDatabase(config, logger, stoppers);
    if (command === 'migrate') {
      await shutdown('migrate-done');
      return;
    }
    if (command === 'start' || command === 'worker') {
      const workers = await createWorkers({
        jobStore: config.JOB_STORE === 'mongo' ? { kind: 'mongo', url: config.MONGODB_URL! } : { kind: 'postgres', pool: db.pool },
        logger,
        clock,
        logDir: config.LOG_DIR,
        logRetentionDays: config.LOG_RETENTION_DAYS,
        name: `${os.hostname()}-${process.pid}`,
      });
      stoppers.push(() => workers.stop(config.SHUTDOWN_TIMEOUT_SECONDS * 1000));
    }
    if (command === 'start' || command === 'bot') {
      const bot = createBot({
        token: requireBotToken(config),
        apiRoot: config.BOT_API_ROOT,
        rateLimitPerSecond: config.RATE_LIMIT_PER_SECOND,
        services: {
          users: new UserService(db, clock, config.ADMIN_IDS),
          botState: new BotStateStore(db, clock),
          clock,
          logger,
          settings: { policyVersion: config.POLICY_VERSION, policyUrl: config.POLICY_URL, adminIds: config.ADMIN_IDS },
        },
      });
      const running = await startBot(bot, transportOf(config), logger).catch((e: unknown) => {
        throw new StartupError(`Bot error: Telegram refused the bot at ${config.BOT_API_ROOT} (${describe(e)}). Check BOT_TOKEN and BOT_API_ROOT.`);
      });
      // Registered last, so it stops first: no new updates while the rest shuts down.
      stoppers.push(() => running.stop());
    }
  } catch (e) {
    await shutdown('startup-failed');
    throw e;
  }

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdown(signal).then(() => process.exit(0));
    });
  }
}

function printHelp(): void {
  console.log('Usage: npm run cli -- <command> [options]\n\nCommands:');
  for (const [name, text] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(10)} ${text}`);
}

const command = process.argv[2] ?? 'help';
if (command === 'help' || command === '--help' || command === '-h') {
  printHelp();
} else if (!(command in COMMANDS)) {
  console.error(`Unknown command "${command}". Run with --help to list the commands.`);
  process.exit(2);
} else {
  run(command).catch((e: unknown) => {
    if (e instanceof ConfigError || e instanceof StartupError) {
      console.error(e.message);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  });
}
