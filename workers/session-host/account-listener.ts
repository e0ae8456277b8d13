import pg from 'pg';
import { ACCOUNTS_CHANNEL } from '../../core/accounts/login-attempts.js';
import type { Logger } from '../../core/logging/logger.js';

/** A dedicated connection LISTENing for account changes (a pooled client would be handed to others). */
export interface AccountListener {
  close(): Promise<void>;
}

/**
 * Calls `onAccount(accountId)` for every NOTIFY on the accounts channel. A lost connection is re-opened after
 * `retryMs` and then `onReconnect` runs, because notifications sent meanwhile are gone.
 */
export async function listenForAccounts(
  poolOptions: pg.PoolConfig,
  logger: Logger,
  onAccount: (accountId: number) => void,
  onReconnect: () => void,
  retryMs = 1_000,
): Promise<AccountListener> {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const open = async (): Promise<void> => {
    const next = new pg.Client(poolOptions);
    next.on('notification', (message) => {
      const accountId = Number(message.payload);
      if (message.channel === ACCOUNTS_CHANNEL && Number.isInteger(accountId)) onAccount(accountId);
    });
    next.on('error', (err) => {
      logger.warn({ err, action: 'session_host.listen_lost' }, 'the LISTEN connection failed; reconnecting');
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      schedule();
    });
    await next.connect();
    await next.query(`LISTEN ${ACCOUNTS_CHANNEL}`);
    client = next;
  };
  const schedule = (): void => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      open().then(onReconnect, (err: unknown) => {
        logger.warn({ err, action: 'session_host.listen_retry' }, 'could not LISTEN; retrying');
        schedule();
      });
    }, retryMs);
  };

  await open();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
