import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../../core/db/database.js';

/** A migrated database of its own for one test file, dropped by `drop()`. */
export interface TestDatabase {
  url: string;
  db: Database;
  drop(): Promise<void>;
}

/** URL of a fresh, migrated, empty database cloned from the run's template. */
export async function createTestDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A connected `Database` on a fresh migrated database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { url, drop } = await createTestDatabaseUrl();
  const db = await connectDatabase({ url, poolSize: 4 });
  return {
    url,
    db,
    drop: async () => {
      await db.close();
      await drop();
    },
  };
}
