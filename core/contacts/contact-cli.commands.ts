import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { OperatorCommand, OperatorDeps } from '../cli/operator-command.js';
import { ValidationError } from '../errors.js';
import { exportContacts, exportContactsCsv } from './contact-export.js';
import { ContactImportService, importCounts } from './contact-import.service.js';
import { toCountryCode } from './import/country.normaliser.js';
import { ContactListService } from './contact-list.service.js';

function parse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>, usage: string): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ValidationError(`${error instanceof Error ? error.message : String(error)}. Usage: ${usage}`);
  }
}

function telegramId(value: unknown, usage: string): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw new ValidationError(`--user must be a numeric Telegram user id. Usage: ${usage}`);
  return Number(value);
}

// A minimal user for operator imports: English, UTC, the current policy version. The consents of such a
// user are the operator's responsibility (they never went through the bot's onboarding).
async function ensureUser(deps: OperatorDeps, telegram: number): Promise<number> {
  const now = deps.clock.now();
  await deps.db.pool.query(
    `INSERT INTO users (telegram_id, chat_id, first_name, language, time_zone, policy_version, policy_accepted_at, adult_confirmed_at, created_at, updated_at)
     VALUES ($1, $1, $2, 'en', 'UTC', $3, $4, $4, $4, $4) ON CONFLICT (telegram_id) DO NOTHING`,
    [telegram, String(telegram), deps.config.POLICY_VERSION, now],
  );
  const { rows } = await deps.db.pool.query<{ id: number }>('SELECT id FROM users WHERE telegram_id = $1', [telegram]);
  return rows[0]!.id;
}

async function findUser(deps: OperatorDeps, telegram: number): Promise<number> {
  const { rows } = await deps.db.pool.query<{ id: number }>('SELECT id FROM users WHERE telegram_id = $1', [telegram]);
  if (rows[0] === undefined) throw new ValidationError(`no user with Telegram id ${telegram}`);
  return rows[0].id;
}

const IMPORT_USAGE = 'import-contacts --user <telegram user id> --list <name> [--update] [--sheet <name>] [--country <code or name>] <file>';

/** `import-contacts`: the bot's import pipeline on a local file; prints the summary as one JSON object. */
export const importContactsCommand: OperatorCommand = {
  name: 'import-contacts',
  usage: IMPORT_USAGE,
  description: "import a contact file (CSV, XLSX, vCard) into a user's list (creates a minimal user if needed)",
  async run(args, deps) {
    const { values, positionals } = parse(
      args,
      { user: { type: 'string' }, list: { type: 'string' }, update: { type: 'boolean' }, sheet: { type: 'string' }, country: { type: 'string' } },
      IMPORT_USAGE,
    );
    const file = positionals[0];
    if (positionals.length !== 1 || file === undefined) throw new ValidationError(`give exactly one file. Usage: ${IMPORT_USAGE}`);
    if (typeof values.list !== 'string') throw new ValidationError(`--list is required. Usage: ${IMPORT_USAGE}`);
    // For numbers written without a country code, instead of the user's default country (not stored).
    const country = typeof values.country === 'string' ? toCountryCode(values.country.trim()) : undefined;
    if (country === null) throw new ValidationError(`unknown country ${JSON.stringify(values.country)}. Usage: ${IMPORT_USAGE}`);
    const userId = await ensureUser(deps, telegramId(values.user, IMPORT_USAGE));
    const service = new ContactImportService(deps.db, deps.clock, { maxBytes: deps.config.MAX_IMPORT_FILE_MB * 1024 * 1024 });
    const summary = await service.run({
      userId,
      listName: values.list,
      fileName: file.split(/[\\/]/).pop() ?? file,
      source: file,
      sheet: typeof values.sheet === 'string' ? values.sheet : undefined,
      existing: values.update === true ? 'update' : 'skip',
      ...(country === undefined ? {} : { defaultCountry: country }),
    });
    return {
      list: summary.listName,
      already_imported: summary.alreadyImported,
      ...importCounts(summary),
      rejected_rows: summary.rejections.map((r) => ({ row: r.rowNumber, reason: r.reason, values: r.values })),
    };
  },
};

const EXPORT_USAGE = 'export-contacts --user <telegram user id> [--list <name>] --format json|csv';

/** `export-contacts`: prints a user's contacts (or one list's) as a JSON array or CSV. */
export const exportContactsCommand: OperatorCommand = {
  name: 'export-contacts',
  usage: EXPORT_USAGE,
  description: "print a user's contacts as JSON or CSV",
  async run(args, deps) {
    const { values } = parse(args, { user: { type: 'string' }, list: { type: 'string' }, format: { type: 'string' } }, EXPORT_USAGE);
    if (values.format !== 'json' && values.format !== 'csv') throw new ValidationError(`--format must be json or csv. Usage: ${EXPORT_USAGE}`);
    const userId = await findUser(deps, telegramId(values.user, EXPORT_USAGE));
    let listId: number | undefined;
    if (typeof values.list === 'string') {
      const list = await new ContactListService(deps.db, deps.clock).findByName(userId, values.list);
      if (list === null) throw new ValidationError(`the user has no list named "${values.list}"`);
      listId = list.id;
    }
    if (values.format === 'csv') {
      let text = '';
      for await (const chunk of exportContactsCsv(deps.db, userId, listId)) text += chunk;
      return text.replace(/\r?\n$/, '');
    }
    const contacts = [];
    for await (const contact of exportContacts(deps.db, userId, listId)) contacts.push(contact);
    return contacts;
  },
};
