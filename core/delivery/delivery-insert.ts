import { booleanArrayLiteral, integerArrayLiteral, textArrayLiteral } from '../db/array-literal.js';
import { DomainError } from '../errors.js';
import type { Platform } from '../messengers/messenger.js';
import type { Queryable } from './sql.js';

/** The step of one campaign of one owner that planned deliveries belong to, and the time they are queued at. */
export interface DeliveryTarget {
  readonly userId: number;
  readonly campaignId: number;
  readonly stepId: number;
  readonly now: Date;
}

/**
 * Planned deliveries as parallel columns: entry `i` of every array describes one delivery. Column arrays, not
 * row objects, because that is what the statement binds (seven parameters whatever the count).
 */
export interface PlannedDeliveryRows {
  /** `contacts.id` (bigint): PostgreSQL's text form or a safe integer. */
  readonly contactIds: readonly (string | number)[];
  readonly accountIds: readonly number[];
  readonly channels: readonly Platform[];
  /** In `deliveries.recipient` form: `username:<lower-case name>` or `phone:<E.164>`. */
  readonly recipients: readonly string[];
  readonly plannedAt: readonly Date[];
  /** The zone the delivery's sending window applies in; null = the campaign's zone. */
  readonly timeZones: readonly (string | null)[];
  /** Whether the sending account already knew the recipient when this was planned. */
  readonly warm: readonly boolean[];
}

/** The column arrays of a `PlannedDeliveryRows` do not all have the same length: a bug in the caller. */
export class PlannedRowsMismatchError extends DomainError {
  readonly code = 'PLANNED_ROWS_MISMATCH';
  override readonly isReportable = true;
}

// All rows in one statement: one round trip, one plan, and one run of the statement-level reference check
// (migration 20261129100000). Not COPY: staging through a temporary table costs more than binding the parameter
// arrays, and COPY straight into the table was no faster (measured). `ON CONFLICT` only when the campaign
// already has deliveries: its speculative insertion (a probe of the unique index, then a confirmation per row)
// took about half the server time of a 100,000-row launch, and a campaign without deliveries cannot conflict.
const INSERT_SQL = `
  INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, account_id, channel, recipient, status, planned_at, time_zone, warm,
                          queued_at, updated_at)
  SELECT $1, $2, $3, v.contact_id, v.account_id, v.channel, v.recipient, 'queued', v.planned_at, v.time_zone, v.warm, $4, $4
  FROM unnest($5::bigint[], $6::int[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::boolean[])
       AS v(contact_id, account_id, channel, recipient, planned_at, time_zone, warm)`;
const ON_CONFLICT = ' ON CONFLICT (step_id, contact_id) DO NOTHING';

/**
 * Inserts planned deliveries (status `queued`) of `target`'s step in one statement and returns how many were
 * inserted. A contact that already has a delivery of that step is left as it is and not counted, so
 * re-running a launch or a follow-up never duplicates a message; a contact planned twice in one call is inserted
 * once (its first row). Owner, campaign, step, contacts and accounts
 * must match (the database refuses the whole statement otherwise). Runs in the caller's transaction, if any.
 */
export async function insertPlannedDeliveries(db: Queryable, target: DeliveryTarget, rows: PlannedDeliveryRows): Promise<number> {
  const count = rows.contactIds.length;
  const columns = [rows.accountIds, rows.channels, rows.recipients, rows.plannedAt, rows.timeZones, rows.warm];
  if (columns.some((column) => column.length !== count)) {
    throw new PlannedRowsMismatchError(`planned delivery columns differ in length: ${[count, ...columns.map((c) => c.length)].join(', ')}`);
  }
  if (count === 0) return 0;
  const order = contactOrder(rows.contactIds);
  const pick = <T>(column: readonly T[]): readonly T[] => (order === null ? column : Array.from(order, (i) => column[i]!));
  const { rows: existing } = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM deliveries WHERE campaign_id = $1) AS any', [
    target.campaignId,
  ]);
  const params = [
    target.userId,
    target.campaignId,
    target.stepId,
    target.now,
    integerArrayLiteral(pick(rows.contactIds)),
    integerArrayLiteral(pick(rows.accountIds)),
    textArrayLiteral(pick(rows.channels)),
    textArrayLiteral(pick(rows.recipients)),
    // ISO text: node-postgres formats Date values in arrays one by one, several times slower.
    textArrayLiteral(pick(rows.plannedAt).map((at) => at.toISOString())),
    textArrayLiteral(pick(rows.timeZones)),
    booleanArrayLiteral(pick(rows.warm)),
  ];
  const { rowCount } = await db.query(existing[0]!.any ? INSERT_SQL + ON_CONFLICT : INSERT_SQL, params);
  return rowCount ?? 0;
}

/**
 * The permutation that puts the rows in ascending contact id order, keeping only the first row of a contact
 * planned twice, or null when they already are in that order and distinct. Inserting in that order walks the
 * `(contact_id, step_id)` index pages in order instead of jumping between them (planners emit rows account by
 * account): about 10 % less server time for 100,000 rows.
 */
function contactOrder(contactIds: readonly (string | number)[]): Uint32Array | null {
  // Only the order depends on these keys: ids past 2^53 would sort approximately, and insert just the same.
  const keys = Float64Array.from(contactIds, Number);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i += 1) ordered = keys[i - 1]! < keys[i]!;
  if (ordered) return null;
  // Stable, so the first of equal keys stays first.
  const sorted = Uint32Array.from(keys.keys()).sort((a, b) => keys[a]! - keys[b]!);
  return sorted.filter((row, i) => i === 0 || String(contactIds[sorted[i - 1]!]) !== String(contactIds[row]));
}
