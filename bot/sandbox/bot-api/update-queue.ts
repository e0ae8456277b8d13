// The bot's pending updates. getUpdates confirms by offset and long-polls; a webhook consumes the same
// queue from its head. Like Telegram, one getUpdates request may wait at a time: a newer one ends it
// with 409 Conflict.
import { BotApiError, telegramError } from './api-error.js';
import type { TgUpdate } from './types.js';

const FIRST_UPDATE_ID = 10_000_001;
const MAX_POLL_SECONDS = 50;
/** Telegram's default: everything except these, which a bot must ask for explicitly. */
const OPT_IN_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** Parameters of one getUpdates call, already decoded. */
export interface PollRequest {
  offset?: number;
  limit?: number;
  timeoutSeconds?: number;
  allowedUpdates?: string[];
}

interface Waiter {
  limit: number;
  finish(result: TgUpdate[] | BotApiError): void;
}

/** Pending updates plus the long-poll waiter. */
export class UpdateQueue {
  private readonly pending: TgUpdate[] = [];
  private nextId = FIRST_UPDATE_ID;
  private allowed: Set<string> | undefined;
  private waiter: Waiter | undefined;

  /** @param onEnqueue called after every accepted update (the webhook deliverer listens). */
  constructor(private readonly onEnqueue: () => void = () => undefined) {}

  /** Adds an update (payload without id); returns it, or undefined when allowed_updates filters it out. */
  enqueue(payload: Omit<TgUpdate, 'update_id'>): TgUpdate | undefined {
    const type = Object.keys(payload)[0] ?? '';
    const accepted = this.allowed === undefined ? !OPT_IN_TYPES.has(type) : this.allowed.has(type);
    if (!accepted) return undefined;
    const update = { update_id: this.nextId++, ...payload } as TgUpdate;
    this.pending.push(update);
    this.waiter?.finish(this.take(this.waiter.limit));
    this.onEnqueue();
    return update;
  }

  /** Sets allowed_updates: an empty list restores Telegram's default. */
  setAllowedUpdates(types: string[] | undefined): void {
    if (types === undefined) return;
    this.allowed = types.length === 0 ? undefined : new Set(types);
  }

  /** The allowed_updates setting, if one is in force. */
  allowedUpdates(): string[] | undefined {
    return this.allowed === undefined ? undefined : [...this.allowed];
  }

  /** getUpdates: confirms by offset, answers at once when something is pending, else waits. */
  async poll(request: PollRequest, signal: AbortSignal): Promise<TgUpdate[]> {
    this.terminateWaiter(telegramError('otherGetUpdates'));
    this.setAllowedUpdates(request.allowedUpdates);
    if (request.offset !== undefined) this.confirm(request.offset);
    const limit = Math.min(100, Math.max(1, request.limit ?? 100));
    const ready = this.take(limit);
    const seconds = Math.min(MAX_POLL_SECONDS, Math.max(0, request.timeoutSeconds ?? 0));
    if (ready.length > 0 || seconds === 0 || signal.aborted) return ready;
    return new Promise<TgUpdate[]>((resolve, reject) => {
      const waiter: Waiter = {
        limit,
        finish: (result) => {
          if (this.waiter !== waiter) return;
          this.waiter = undefined;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (result instanceof BotApiError) reject(result);
          else resolve(result);
        },
      };
      const onAbort = (): void => waiter.finish([]);
      const timer = setTimeout(() => waiter.finish([]), seconds * 1000);
      signal.addEventListener('abort', onAbort);
      this.waiter = waiter;
    });
  }

  /** Ends a waiting getUpdates (with an error, or empty when the emulator closes). */
  terminateWaiter(reason: BotApiError | 'empty'): void {
    this.waiter?.finish(reason === 'empty' ? [] : reason);
  }

  /** Forgets updates below `offset`; a negative offset keeps only the last `-offset` updates. */
  confirm(offset: number): void {
    if (offset < 0) {
      this.pending.splice(0, Math.max(0, this.pending.length + offset));
      return;
    }
    const keep = this.pending.findIndex((update) => update.update_id >= offset);
    this.pending.splice(0, keep < 0 ? this.pending.length : keep);
  }

  /** The oldest pending update (webhook delivery). */
  head(): TgUpdate | undefined {
    return this.pending[0];
  }

  /** Drops the oldest pending update after a successful webhook delivery. */
  shift(): void {
    this.pending.shift();
  }

  /** Drops everything pending (drop_pending_updates). */
  clear(): void {
    this.pending.length = 0;
  }

  /** How many updates wait for the bot. */
  get size(): number {
    return this.pending.length;
  }

  private take(limit: number): TgUpdate[] {
    return this.pending.slice(0, limit);
  }
}
