import type { Platform } from '../messenger.js';

/** One message the simulated platform accepted for delivery. */
export interface LedgerDelivery {
  platform: Platform;
  /** Sender account's platform user id. */
  accountPlatformUserId: string;
  clientMessageId: string;
  recipientPlatformUserId: string;
  /** The recipient's `ResolvedRecipient.address`, so replies can be rebuilt from the ledger alone. */
  recipientAddress: string;
  text: string;
  sentAt: Date;
}

export interface LedgerEntry extends LedgerDelivery {
  /** Ledger sequence number; also the simulated platform message id. */
  id: string;
}

export interface LedgerRecordResult {
  /** The stored entry: the new one, or for a duplicate the one recorded first. */
  entry: LedgerEntry;
  /** The (platform, account, client message id) was already recorded: nothing was delivered now. */
  duplicate: boolean;
}

export interface LedgerFilter {
  platform?: Platform;
  accountPlatformUserId?: string;
  /** Only entries with `sentAt >= sentSince`. */
  sentSince?: Date;
}

/**
 * Durable record of everything the simulated platform delivered. `record` decides atomically whether a
 * client message id was used before by the same account, also across processes for durable implementations.
 */
export interface SimulatedLedger {
  record(delivery: LedgerDelivery): Promise<LedgerRecordResult>;
  /** Matching entries, oldest first. */
  list(filter?: LedgerFilter): Promise<LedgerEntry[]>;
  /** The newest entry to each recipient `account` wrote to, newest first, at most `limit` (its dialogs). */
  latestPerRecipient(platform: Platform, account: string, limit: number): Promise<LedgerEntry[]>;
}

function matchesLedgerFilter(entry: LedgerDelivery, filter: LedgerFilter): boolean {
  return (
    (filter.platform === undefined || entry.platform === filter.platform) &&
    (filter.accountPlatformUserId === undefined || entry.accountPlatformUserId === filter.accountPlatformUserId) &&
    (filter.sentSince === undefined || entry.sentAt.getTime() >= filter.sentSince.getTime())
  );
}

/** A ledger living in this process only (unit tests, single-process sandbox). */
export class MemorySimulatedLedger implements SimulatedLedger {
  private readonly entries: LedgerEntry[] = [];
  private readonly byKey = new Map<string, LedgerEntry>();

  async record(delivery: LedgerDelivery): Promise<LedgerRecordResult> {
    const key = JSON.stringify([delivery.platform, delivery.accountPlatformUserId, delivery.clientMessageId]);
    const existing = this.byKey.get(key);
    if (existing) return { entry: { ...existing }, duplicate: true };
    const entry: LedgerEntry = { ...delivery, sentAt: new Date(delivery.sentAt), id: String(this.entries.length + 1) };
    this.entries.push(entry);
    this.byKey.set(key, entry);
    return { entry: { ...entry }, duplicate: false };
  }

  async list(filter: LedgerFilter = {}): Promise<LedgerEntry[]> {
    return this.entries.filter((e) => matchesLedgerFilter(e, filter)).map((e) => ({ ...e }));
  }

  async latestPerRecipient(platform: Platform, account: string, limit: number): Promise<LedgerEntry[]> {
    const latest = new Map<string, LedgerEntry>();
    for (const entry of this.entries) {
      if (entry.platform !== platform || entry.accountPlatformUserId !== account) continue;
      // Entries are in id order, so deleting first moves the recipient to the end (newest).
      latest.delete(entry.recipientPlatformUserId);
      latest.set(entry.recipientPlatformUserId, entry);
    }
    return [...latest.values()].reverse().slice(0, Math.max(limit, 0)).map((e) => ({ ...e }));
  }
}
