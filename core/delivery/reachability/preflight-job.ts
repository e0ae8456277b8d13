import type { ConnectionRegistry, LiveAccount } from '../../accounts/connection-registry.js';
import type { Clock } from '../../clock.js';
import { NotFoundError } from '../../errors.js';
import type { JobQueue } from '../../jobs.js';
import type { Notifier } from '../../notifier.js';
import type { RandomSource } from '../../random.js';
import { loadCampaign } from '../../campaigns/campaign.repository.js';
import type { Queryable } from '../sql.js';
import { campaignCheckAccounts, reachabilitySummary, uncheckedRecipients } from './preflight-audience.js';
import { PreflightRunner } from './preflight-runner.js';
import { PREFLIGHT_JOB, isCheckable, type CheckStop, type PreflightPayload, type ReachabilityOptions } from './reachability.types.js';

export interface PreflightJobDeps {
  db: Queryable;
  clock: Clock;
  random: RandomSource;
  sleep: (ms: number) => Promise<void>;
  jobs?: JobQueue;
  notifier?: Notifier;
  options: ReachabilityOptions;
  /** Lookups per account per job run (default 50: at most ~7 minutes at an 8 s pause). */
  maxChecksPerRun?: number;
  /** Times the job passes itself on looking for the workers holding the other accounts (default 12). */
  maxHops?: number;
  hopDelayMs?: number;
}

const DEFAULTS = { maxChecksPerRun: 50, maxHops: 12, hopDelayMs: 5_000 };

/**
 * One leg of a pre-flight run (`PREFLIGHT_JOB`): checks with the campaign's accounts this worker holds, then
 * passes the run on for the accounts held elsewhere (or that reached the per-run limit); the last leg tells the
 * user in the chat how many lookups were made, why any account stopped, and the audience's reachability.
 */
export async function carryOutPreflight(deps: PreflightJobDeps, registry: ConnectionRegistry | undefined, payload: PreflightPayload): Promise<void> {
  const settings = { ...DEFAULTS, ...withoutUndefined(deps) };
  // Deleted meanwhile: nothing to check, nobody to tell.
  const campaign = await loadCampaign(deps.db, payload.userId, payload.campaignId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (campaign === undefined || !isCheckable(campaign.status)) return;
  const now = deps.clock.now();
  const accounts = await campaignCheckAccounts(deps.db, campaign, now);
  const wanted = payload.accountIds === undefined ? accounts : accounts.filter((a) => payload.accountIds!.includes(a.id));
  const held: LiveAccount[] = [];
  const elsewhere: number[] = [];
  for (const account of wanted) {
    const live = registry?.get(account.id);
    if (live !== undefined && live.userId === campaign.userId) held.push(live);
    else elsewhere.push(account.id);
  }
  const runner = new PreflightRunner({ ...deps, registry: registry ?? emptyRegistry, maxChecksPerRun: settings.maxChecksPerRun });
  let allowance = 0;
  for (const account of held) allowance += await runner.allowance(account.accountId);
  const recipients = await uncheckedRecipients(deps.db, campaign, accounts, now, allowance * 2);
  const results = held.length === 0 ? [] : await runner.run(held, recipients);

  const checked = (payload.checked ?? 0) + results.reduce((sum, r) => sum + r.checked, 0);
  const stops = new Set<CheckStop>(payload.stops ?? []);
  for (const r of results) if (r.end !== 'done' && r.end !== 'more') stops.add(r.end);
  const hop = payload.hop ?? 0;
  const passOn = hop < settings.maxHops ? elsewhere : [];
  if (passOn.length < elsewhere.length) stops.add('not_connected');
  const next = [...passOn, ...results.filter((r) => r.end === 'more').map((r) => r.accountId)];
  if (next.length > 0 && deps.jobs !== undefined) {
    const at = new Date(deps.clock.now().getTime() + (passOn.length > 0 ? settings.hopDelayMs : 0));
    const nextPayload: PreflightPayload = { userId: campaign.userId, campaignId: campaign.id, accountIds: next, hop: passOn.length > 0 ? hop + 1 : hop, checked, stops: [...stops] };
    await deps.jobs.enqueue(PREFLIGHT_JOB, { ...nextPayload }, { at });
    return;
  }
  if (deps.notifier === undefined) return;
  const { rows } = await deps.db.query<{ chat_id: number }>('SELECT chat_id FROM users WHERE id = $1', [campaign.userId]);
  const chatId = rows[0]?.chat_id;
  if (chatId === undefined) return;
  const summary = await reachabilitySummary(deps.db, campaign, accounts, deps.clock.now());
  await deps.notifier.send(Number(chatId), 'campaign.preflight_done', { campaignId: campaign.id, name: campaign.name, checked, stops: [...stops].sort(), summary });
}

const emptyRegistry: ConnectionRegistry = { get: () => undefined, held: () => [], onIncoming: () => undefined, onConnected: () => undefined };

function withoutUndefined(deps: PreflightJobDeps): Partial<typeof DEFAULTS> {
  return Object.fromEntries(
    Object.entries({ maxChecksPerRun: deps.maxChecksPerRun, maxHops: deps.maxHops, hopDelayMs: deps.hopDelayMs }).filter(([, v]) => v !== undefined),
  );
}
