// Starts one PostgreSQL for the whole run (embedded unless TEST_DATABASE_URL is set) and prepares a
// migrated template database; every test file clones it into a database of its own (tests/harness/db.ts).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectDatabase, migrate } from '../../core/db/database.js';
import { startEmbeddedPostgres } from '../../core/db/embedded-postgres.js';
import { freePort } from './free-port.js';

export const TEMPLATE_DB = 'contactd_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: () => Promise<void> = async () => undefined;
  let dir: string | undefined;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'contactd-test-pg-'));
    // As root the server runs as the `postgres` system user, which must be able to enter the folder.
    chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), database: 'postgres' });
    adminUrl = server.url;
    stop = server.stop;
  }
  const admin = new URL(adminUrl);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await client.end();
  const db = await connectDatabase({ url: templateUrl.toString(), poolSize: 2 });
  await migrate(db);
  await db.close();
  project.provide('pgAdminUrl', admin.toString());
  project.provide('pgTemplate', TEMPLATE_DB);
  return async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
