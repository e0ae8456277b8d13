// Sandbox mode: `npm start` without a bot token runs the real service against an in-process Bot API emulator,
// the simulated messengers and a database of its own, and serves a web chat on 127.0.0.1 to try it.
import path from 'node:path';
import { ConfigError, type Config } from '../../core/config.js';
import type { Database } from '../../core/db/database.js';
import type { SimulatedControl } from '../../core/messengers/simulated/index.js';
import { createBotApiEmulator } from './bot-api/index.js';
import { SANDBOX_ADMIN } from './sandbox-users.js';
import { startSandboxServer, SANDBOX_HOST, type SandboxServer } from './sandbox-server.js';

/** The emulated bot's token: the bot id before the colon, a shape BOT_TOKEN's check accepts. */
export const SANDBOX_BOT_TOKEN = '7000000001:SANDBOX-not-a-real-telegram-token';
// Credentials in the sandbox are simulated sessions worth nothing, so a fixed key keeps them readable
// across restarts without asking a first-time user to generate one.
const SANDBOX_CREDENTIALS_KEY = '5a4e44424f582d636f6e74616374642d73616e64626f782d6b65792d30303031';

/** What the sandbox needs of the application it wraps (main.ts `App`). */
export interface SandboxHostApp {
  db: Database;
  stop(reason?: string): Promise<void>;
  /** The simulated platforms' levers, when the composition exposes them (approving QR logins). */
  simulated?: readonly SimulatedControl[];
}

/** The application plus the sandbox around it. */
export type SandboxApp<A extends SandboxHostApp> = A & {
  /** Printed once by the CLI: where to open the sandbox and how to run for real. */
  banner: string;
  sandbox: SandboxServer;
};

/** Why sandbox mode may not start with this configuration, or undefined when it may. */
export function sandboxRefusal(config: Config): ConfigError | undefined {
  if (config.NODE_ENV !== 'production') return undefined;
  return new ConfigError([
    'BOT_TOKEN: expected a bot token from @BotFather in production (without one, npm start runs the local sandbox, which production refuses)',
  ]);
}

/** The configuration the wrapped application runs with in sandbox mode. */
export function sandboxConfig(config: Config, botApiRoot: string): Config {
  const dataDir = path.join(config.dataDir, 'sandbox');
  return {
    ...config,
    BOT_TOKEN: SANDBOX_BOT_TOKEN,
    BOT_API_ROOT: botApiRoot,
    BOT_MODE: 'polling',
    MESSENGER_DRIVER: 'simulated',
    // Never the real database: the embedded PostgreSQL under a data folder of its own, or the one given.
    DATABASE_URL: config.SANDBOX_DATABASE_URL,
    DATA_DIR: dataDir,
    dataDir,
    CREDENTIALS_KEY: config.CREDENTIALS_KEY ?? SANDBOX_CREDENTIALS_KEY,
    ADMIN_IDS: config.ADMIN_IDS.length > 0 ? config.ADMIN_IDS : [SANDBOX_ADMIN.id],
  };
}

/** The banner the CLI prints once the sandbox is up. */
export function sandboxBanner(url: string, config: Config): string {
  const database = config.DATABASE_URL ? 'SANDBOX_DATABASE_URL' : `the embedded PostgreSQL under ${config.dataDir}`;
  return [
    '',
    'Contactd is running in SANDBOX MODE (no BOT_TOKEN is set).',
    `  Open ${url} in your browser to chat with the bot.`,
    '  Nothing leaves this machine: Telegram, the messenger accounts and their recipients are simulated,',
    `  and the data lives in a database of its own (${database}).`,
    '  To run for real: put BOT_TOKEN (from @BotFather), TELEGRAM_API_ID and TELEGRAM_API_HASH (from',
    '  my.telegram.org) in .env, then run npm start again.',
    '',
  ].join('\n');
}

/**
 * Starts the emulator, then the application through `start` with the sandbox configuration, then the web
 * chat. Stopping stops them in reverse order (the bot's last getUpdates still needs the emulator).
 */
export async function startSandbox<A extends SandboxHostApp>(
  config: Config,
  start: (sandboxed: Config) => Promise<A>,
): Promise<SandboxApp<A>> {
  const refusal = sandboxRefusal(config);
  if (refusal) throw refusal;
  const emulator = await createBotApiEmulator({ token: SANDBOX_BOT_TOKEN, botUsername: 'contactd_sandbox_bot' });
  let app: A;
  try {
    app = await start(sandboxConfig(config, emulator.apiRoot));
  } catch (error) {
    await emulator.close();
    throw error;
  }
  let server: SandboxServer;
  try {
    server = await startSandboxServer({
      emulator,
      db: app.db,
      port: config.SANDBOX_PORT,
      simulated: () => app.simulated ?? [],
    });
  } catch (error) {
    await app.stop('startup-failed');
    await emulator.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`SANDBOX_PORT: expected a free port on ${SANDBOX_HOST} (${reason})`]);
  }
  const appStop = app.stop.bind(app);
  return Object.assign(app, {
    banner: sandboxBanner(server.url, sandboxConfig(config, emulator.apiRoot)),
    sandbox: server,
    stop: async (reason?: string) => {
      await server.close();
      await appStop(reason);
      await emulator.close();
    },
  });
}
