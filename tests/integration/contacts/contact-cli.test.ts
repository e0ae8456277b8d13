import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorCommands } from '../../../core/cli/operator-commands.js';
import type { OperatorDeps } from '../../../core/cli/operator-command.js';
import { FakeClock } from '../../../core/clock.js';
import { loadConfig } from '../../../core/config.js';
import { ValidationError } from '../../../core/errors.js';
import { createLogger } from '../../../core/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';

describe('operator commands import-contacts and export-contacts', () => {
  let t: TestDatabase;
  let deps: OperatorDeps;
  let dir: string;
  const command = (name: string) => operatorCommands.find((c) => c.name === name)!;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'contactd-cli-'));
    deps = {
      config: loadConfig({ DATABASE_URL: t.url, DATA_DIR: dir, LOG_TO_STDOUT: 'false', POLICY_VERSION: 'ops-1' }),
      db: t.db,
      logger: createLogger({ level: 'silent', stdout: false }),
      clock: new FakeClock('2026-11-29T10:00:00Z'),
    };
  });
  afterAll(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file for a new Telegram user, creating a minimal user, and prints the summary with rejected rows', async () => {
    const file = path.join(dir, 'people.csv');
    writeFileSync(file, 'Name,Phone,Email,Tags note\nAnn Lee,+14155550100,ann@example.com,vip\nBob,+14155550100,,\nNo One,bad,,\nMail Only,,mail@example.com,\n');
    const result = await command('import-contacts').run(['--user', '424242', '--list', 'Ops', file], deps);
    expect(result).toEqual({
      list: 'Ops',
      already_imported: false,
      imported: 2,
      updated: 0,
      duplicates: 1,
      extended: 1,
      unreachable: 1,
      rejected: 1,
      rejected_rows: [{ row: 4, reason: 'INVALID_PHONE', values: ['No One', 'bad', '', ''] }],
    });
    const { rows } = await t.db.pool.query('SELECT language, time_zone, policy_version FROM users WHERE telegram_id = 424242');
    expect(rows).toEqual([{ language: 'en', time_zone: 'UTC', policy_version: 'ops-1' }]);
    const again = await command('import-contacts').run(['--user', '424242', '--list', 'ops', file], deps);
    expect(again).toMatchObject({ already_imported: true, imported: 0 });
  });

  it('exports the contacts as JSON objects with the documented fields, and as CSV', async () => {
    const json = await command('export-contacts').run(['--user', '424242', '--list', 'Ops', '--format', 'json'], deps);
    expect(json).toEqual([
      {
        first_name: 'Ann', last_name: 'Lee', phone: '+14155550100', username: null, email: 'ann@example.com', company: null,
        position: null, country: null, city: null, tags: [], custom: { tags_note: 'vip', first_name_2: 'Bob' },
      },
      {
        first_name: 'Mail', last_name: 'Only', phone: null, username: null, email: 'mail@example.com', company: null,
        position: null, country: null, city: null, tags: [], custom: {},
      },
    ]);
    const text = await command('export-contacts').run(['--user', '424242', '--format', 'csv'], deps);
    expect(text).toBe('first_name,last_name,phone,username,email,company,position,country,city,tags,first_name_2,tags_note\nAnn,Lee,+14155550100,,ann@example.com,,,,,,Bob,vip\nMail,Only,,,mail@example.com,,,,,,,');
  });

  it('reads numbers written without a country code with --country', async () => {
    const file = path.join(dir, 'berlin.csv');
    writeFileSync(file, 'Name,Phone\nHans,030 1234567\n');
    const without = await command('import-contacts').run(['--user', '515151', '--list', 'Berlin', file], deps);
    expect(without).toMatchObject({ imported: 0, rejected: 1, rejected_rows: [{ row: 2, reason: 'PHONE_WITHOUT_COUNTRY' }] });
    const withCountry = await command('import-contacts').run(['--user', '515151', '--list', 'Berlin', '--country', 'Germany', file], deps);
    expect(withCountry).toMatchObject({ already_imported: false, imported: 1, rejected: 0 });
    const json = await command('export-contacts').run(['--user', '515151', '--format', 'json'], deps);
    expect(json).toEqual([expect.objectContaining({ first_name: 'Hans', phone: '+49301234567' })]);
    await expect(command('import-contacts').run(['--user', '515151', '--list', 'Berlin', '--country', 'Narnia', file], deps)).rejects.toThrow(/unknown country "Narnia"/);
  });

  it('refuses bad arguments with a one-line validation error', async () => {
    await expect(command('export-contacts').run(['--user', '424242', '--format', 'xml'], deps)).rejects.toBeInstanceOf(ValidationError);
    await expect(command('export-contacts').run(['--user', '999', '--format', 'json'], deps)).rejects.toThrow(/no user with Telegram id 999/);
    await expect(command('import-contacts').run(['--user', 'abc', '--list', 'x', 'f.csv'], deps)).rejects.toThrow(/numeric Telegram user id/);
    await expect(command('import-contacts').run(['--user', '1', 'f.csv'], deps)).rejects.toThrow(/--list is required/);
  });
});
