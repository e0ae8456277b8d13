import { DomainError } from '../errors.js';

/**
 * This process no longer holds the account's lease (another worker claimed it, or it was released): the
 * write or send it attempted was refused so that two workers never act for one account.
 */
export class LeaseLostError extends DomainError {
  readonly code = 'LEASE_LOST';
  constructor(readonly accountId: number) {
    super(`the lease of account ${accountId} is no longer held by this worker`);
  }
}
