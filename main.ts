/**
 * Contactd's composition root and CLI: the only place that knows bot/, workers/ and core/ together and
 * wires real or fake adapters from configuration. Tests reuse `startApp` with overrides.
 *
 *   start    bot + workers in one process (what `npm start` runs)
 *   bot      the Telegram bot only
 *   worker   background jobs only
 *   migrate  apply database migrations and exit
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Api } from 'grammy';
import { BotStateStore } from './core/bot-state/bot-state.store.js';
import { systemClock, type Clock } from './core/clock.js';
import { ConfigError, loadConfig, requireBotToken, type Config } from './core/config.js';
import { connectDatabase, migrate, type Database } from './core/db/database.js';
import { startEmbeddedPostgres } from './core/db/embedded-postgres.js';
import { createLogger, type Logger } from './core/logging/logger.js';
import type { Notifier } from './core/notifier.js';
import type { SimulatedControl } from './core/messengers/simulated/index.js';
import { operatorCommands } from './core/cli/operator-commands.js';
import { DomainError } from './core/errors.js';
import { UserService } from './core/users/user.service.js';
import { createPrivacyServices } from './core/privacy/privacy.services.js';
import { privacyJobs } from './workers/jobs/privacy.job.js';
import { CampaignService } from './core/campaigns/campaign.service.js';
import { ContactListService } from './core/contacts/contact-list.service.js';
import { ContactService } from './core/contacts/contact.service.js';
import { createContactsModule } from './core/contacts/contacts.module.js';
import { cryptoRandom } from './core/random.js';
import { createCampaignDirectory } from './bot/features/campaign-directory.js';
import { configureBotApi } from './bot/api-config.js';
import { createBot } from './bot/index.js';
import { openTelegramFile } from './bot/features/contacts-download.js';
import { createI18n } from './bot/i18n/i18n.js';
import { BotNotifier } from './bot/notifications/bot-notifier.js';
import { notificationRenderers } from './bot/notifications/index.js';
import { startBot, type BotTransport } from './bot/runner.js';
import { createJobQueue, createWorkers } from './workers/index.js';
import type { JobStore } from './workers/agenda.js';
import { startSandbox } from './bot/sandbox/sandbox-mode.js';
import { setupAccounts } from './core/accounts/accounts.setup.js';
import { SessionHost } from './workers/session-host.js';
import { clientIdsFrom, startDeliveryEngine } from './workers/delivery/delivery-engine.js';
import { directMessageJob } from './workers/jobs/direct-message.job.js';
import { campaignPreflightJob } from './workers/jobs/campaign-preflight.job.js';
import { contactImportJob } from './workers/jobs/contact-import.job.js';
import { reachabilityOptions } from './core/delivery/reachability/reachability.config.js';
import { ReachabilityService } from './core/delivery/reachability/reachability.service.js';
import type { ConnectionRegistry } from './core/accounts/connection-registry.js';

export const COMMANDS: Record<string, string> = {
  start: 'run the bot and the workers in one process (npm start)',
  bot: 'run only the Telegram bot (for several bot processes, use BOT_MODE=webhook)',
  worker: 'run only the background workers',
  migrate: 'apply pending database migrations and exit',
  help: 'show this list',
};

export type Role = 'start' | 'bot' | 'worker' | 'migrate';
type Stopper = () => Promise<void>;

/** A failure of start-up reported as one clear line, no stack trace, exit code 2. */
export class StartupError extends Error {}

/** Replacements tests make for adapters the configuration would otherwise pick. */
export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
}

/** A running Contactd process. */
export interface App {
  config: Config;
  db: Database;
  logger: Logger;
  stop(reason?: string): Promise<void>;
  /** Printed once by the CLI after start-up (sandbox mode: where to open it). */
  banner?: string;
  /** With MESSENGER_DRIVER=simulated: the simulated platforms' levers (the sandbox's phone scans QR codes). */
  simulated?: readonly SimulatedControl[];
}

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
      throw new StartupError(
        `Database error: could not start the embedded PostgreSQL in ${dir} on port ${config.EMBEDDED_PG_PORT} (${describe(e)}). Set DATABASE_URL to use an external one.`,
      );
    });
    stoppers.push(() => embedded.stop());
    url = embedded.url;
  }
  const db = await connectDatabase({ url }).catch((e: unknown) => {
    throw new StartupError(`Database error: cannot connect to ${config.DATABASE_URL ? 'DATABASE_URL' : 'the embedded PostgreSQL'} (${describe(e)}).`);
  });
  stoppers.push(() => db.close());
  const applied = await migrate(db);
  if (applied.length) logger.info({ action: 'db.migrated', count: applied.length }, 'migrations applied');
  return db;
}

/** How old an overdue message may be before a catch-up skips it (engine options, in ms). */
function catchUpOptions(config: Config): { catchUpMaxAgeMs: number; followUpMaxAgeMs: number } {
  return { catchUpMaxAgeMs: config.CATCH_UP_MAX_AGE_HOURS * 3_600_000, followUpMaxAgeMs: config.FOLLOW_UP_MAX_AGE_HOURS * 3_600_000 };
}

/** The same limits as a `CatchUpPolicy`, for the re-plans outside the engine's loop. */
function catchUpPolicy(config: Config): { maxAgeMs: number; followUpMaxAgeMs: number } {
  const { catchUpMaxAgeMs, followUpMaxAgeMs } = catchUpOptions(config);
  return { maxAgeMs: catchUpMaxAgeMs, followUpMaxAgeMs };
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

/** Starts the components of `role`; on failure stops what was started and rethrows. */
export async function startApp(config: Config, role: Role, overrides: AppOverrides = {}): Promise<App> {
  // `npm start` without a token runs the local sandbox (emulated Bot API, simulated messengers, own database).
  if (role === 'start' && !config.BOT_TOKEN) return startSandbox(config, (sandboxed) => startApp(sandboxed, role, overrides));
  if (role !== 'migrate') requireBotToken(config);
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL, dir: config.LOG_DIR, stdout: config.LOG_TO_STDOUT, clock });
  const stoppers: Stopper[] = [];
  let stopping = false;
  const stop = async (reason = 'stop') => {
    stopping = true;
    const level = reason === 'startup-failed' ? 'debug' : 'info';
    logger[level]({ action: 'process.stopping', reason }, 'stopping');
    for (const s of stoppers.splice(0).reverse()) {
      await s().catch((err: unknown) => logger.error({ err, action: 'process.stop_failed' }, 'a component failed to stop'));
    }
    logger[level]({ action: 'process.stopped' }, 'stopped');
    logger.flush();
  };

  try {
    const db = await openDatabase(config, logger, stoppers);
    if (role === 'migrate') return { config, db, logger, stop };

    const token = requireBotToken(config);
    const users = new UserService(db, clock, config.ADMIN_IDS);
    const i18n = createI18n();
    const botApi = configureBotApi(new Api(token, { apiRoot: config.BOT_API_ROOT }));
    const notifier: Notifier = new BotNotifier(botApi, i18n, notificationRenderers, async (chatId) => {
      const user = await users.findByTelegramId(chatId);
      return { language: user?.language ?? 'en', timeZone: user?.timeZone ?? 'UTC' };
    });
    let sessionRegistry: ConnectionRegistry | undefined;
    const privacy = createPrivacyServices({ db, clock, logger, users, notifier, jobs: () => jobQueue });
    const accounts = await setupAccounts(config, { db, clock, random: cryptoRandom, logger }).catch((e: unknown) => {
      throw e instanceof DomainError ? new StartupError(`Credentials error: ${e.message}. Check CREDENTIALS_KEY and CREDENTIALS_OLD_KEYS.`) : e;
    });
    const jobStore: JobStore = config.JOB_STORE === 'mongo' ? { kind: 'mongo', url: config.MONGODB_URL! } : { kind: 'postgres', pool: db.pool };
    const jobQueue = await createJobQueue(jobStore, logger, `${os.hostname()}-${process.pid}`);
    const contacts = createContactsModule(db, clock, jobQueue, { maxImportFileMb: config.MAX_IMPORT_FILE_MB });

    if (role === 'start' || role === 'worker') {
      const workers = await createWorkers({
        queue: jobQueue,
        logger,
        clock,
        logDir: config.LOG_DIR,
        logRetentionDays: config.LOG_RETENTION_DAYS,
        name: `${os.hostname()}-${process.pid}`,
        extraJobs: [...privacyJobs(privacy, notifier, logger), directMessageJob({ registry: () => sessionRegistry, drivers: accounts.messengers.drivers, jobs: () => jobQueue, clock, logger }),
          campaignPreflightJob({ db: db.pool, clock, random: cryptoRandom, notifier, options: reachabilityOptions(config), registry: () => sessionRegistry, jobs: () => jobQueue }),
          contactImportJob({ imports: contacts.imports, openFile: (fileId) => openTelegramFile(botApi, fileId), notifier, clock, logger, maxImportMb: config.MAX_IMPORT_FILE_MB, stopping: () => stopping })],
      });
      stoppers.push(() => workers.stop(config.SHUTDOWN_TIMEOUT_SECONDS * 1000));
      // The engine's connect handlers (missed replies, known peers) must be registered before the first account opens.
      const sessionHost = new SessionHost({ pool: db.pool, vault: accounts.vault, drivers: accounts.messengers.drivers, notifier, clock, logger, owner: `${os.hostname()}-${process.pid}`, leaseSeconds: config.LEASE_SECONDS, maxAccounts: config.WORKER_MAX_ACCOUNTS, catchUp: catchUpPolicy(config) });
      stoppers.push(() => sessionHost.stop());
      sessionRegistry = sessionHost;
      const delivery = startDeliveryEngine({ pool: db.pool, clock, registry: sessionHost, newClientMessageId: clientIdsFrom(accounts.messengers.drivers), notifier, logger }, {
        stopWords: config.STOP_WORDS,
        recipientCheckTtlMs: reachabilityOptions(config).ttlMs,
        ...catchUpOptions(config),
      });
      stoppers.push(() => delivery.stop());
      await sessionHost.start();
    }
    if (role === 'start' || role === 'bot') {
      const campaignService = new CampaignService({ db, clock, random: cryptoRandom, jobs: jobQueue, notifier, catchUp: catchUpPolicy(config) });
      const bot = createBot({
        token,
        apiRoot: config.BOT_API_ROOT,
        rateLimitPerSecond: config.RATE_LIMIT_PER_SECOND,
        services: {
          users,
          botState: new BotStateStore(db, clock),
          clock,
          logger,
          settings: { policyVersion: config.POLICY_VERSION, policyUrl: config.POLICY_URL, adminIds: config.ADMIN_IDS },
          privacy,
          accounts: accounts.service,
          accountHealth: accounts.health,
          contacts,
          campaigns: {
            service: campaignService,
            replies: { send: (userId, deliveryId, text) => campaignService.replyToContact(userId, deliveryId, text) },
            reachability: new ReachabilityService({ db: db.pool, clock, jobs: jobQueue }),
            directory: createCampaignDirectory({ lists: new ContactListService(db, clock), contacts: new ContactService(db, clock), accounts: accounts.service }),
          },
        },
      });
      const running = await startBot(bot, transportOf(config), logger).catch((e: unknown) => {
        throw new StartupError(`Bot error: the Bot API at ${config.BOT_API_ROOT} refused the bot (${describe(e)}). Check BOT_TOKEN and BOT_API_ROOT.`);
      });
      // Registered last, so it stops first: no new updates while the rest shuts down.
      stoppers.push(() => running.stop());
    }
    return { config, db, logger, stop, simulated: accounts.messengers.simulated };
  } catch (e) {
    await stop('startup-failed');
    throw e;
  }
}

function printHelp(): void {
  const lines = ['Usage: npm run cli -- <command> [options]', '', 'Commands:'];
  for (const [name, text] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(24)} ${text}`);
  for (const c of operatorCommands) lines.push(`  ${c.name.padEnd(24)} ${c.description}`, `  ${''.padEnd(24)}   usage: ${c.usage}`);
  console.log(lines.join('\n'));
}

/** Runs an operator command on a migrated database and prints its result to stdout. */
async function runOperatorCommand(name: string, args: string[]): Promise<void> {
  const command = operatorCommands.find((c) => c.name === name)!;
  const config = loadConfig({ ...process.env, LOG_TO_STDOUT: 'false' });
  const app = await startApp(config, 'migrate');
  try {
    const result = await command.run(args, { config, db: app.db, logger: app.logger, clock: systemClock });
    process.stdout.write(`${typeof result === 'string' ? result : JSON.stringify(result)}\n`);
  } finally {
    await app.stop('command-done');
  }
}

/** The CLI: parses the command, runs it, maps start-up failures to one line and exit code 2. */
async function cli(argv: string[]): Promise<void> {
  // A .env file in the working directory fills in variables the environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const command = argv[0] ?? 'help';
  if (command === 'help' || command === '--help' || command === '-h') return printHelp();
  if (operatorCommands.some((c) => c.name === command)) {
    try {
      return await runOperatorCommand(command, argv.slice(1));
    } catch (e) {
      if (!(e instanceof DomainError || e instanceof ConfigError || e instanceof StartupError)) throw e;
      console.error(e.message);
      process.exit(2);
    }
  }
  if (!(command in COMMANDS)) {
    console.error(`Unknown command "${command}". Run with --help to list the commands.`);
    process.exit(2);
  }
  try {
    const config = loadConfig();
    const app = await startApp(config, command as Role);
    if (app.banner) console.log(app.banner);
    if (command === 'migrate') return app.stop('migrate-done');
    let stopping = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        void app.stop(signal).then(() => process.exit(0));
      });
    }
  } catch (e) {
    if (e instanceof ConfigError || e instanceof StartupError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
