import { MikroORM, type EntityManager, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { migrationsList } from '../../migrations/index.js';
import { entities } from './entities.js';

// bigint columns (Telegram ids, counts) come back as numbers: every value we store fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** The database handles every process shares: the ORM for unit-of-work edits, a pg pool for set-based SQL. */
export interface Database {
  orm: MikroORM;
  /** For COPY, LISTEN/NOTIFY, Agenda and set-based statements the ORM has no API for. */
  pool: pg.Pool;
  /** A fresh EntityManager for one request or job. */
  em(): EntityManager;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  debug?: boolean;
}

/** Connects the ORM and a pg pool to `url`. Does not migrate. */
export async function connectDatabase(options: DatabaseOptions): Promise<Database> {
  const config: Options = {
    clientUrl: options.url,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    pool: { min: 0, max: options.poolSize ?? 10 },
    debug: options.debug ?? false,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
  };
  const orm = await MikroORM.init(config);
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // A client losing its server (a restart, a terminated backend) must not crash the process: an idle one is
  // reported to the pool, a checked-out one to itself, between two queries, where nobody listens by default. Its
  // next query fails instead, and the pool drops it when it is released.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    orm,
    pool,
    em: () => orm.em.fork(),
    close: async () => {
      await pool.end();
      await orm.close(true);
    },
  };
}

// Any constant shared by every Contactd process; it serialises migrations across processes.
const MIGRATION_LOCK_KEY = 7_190_451_203;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so several processes starting together
 * migrate once. Returns the names applied.
 */
export async function migrate(db: Database): Promise<string[]> {
  const client = await db.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await db.orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
