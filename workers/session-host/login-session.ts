import type { ClaimedLease } from '../../core/accounts/account-lease.js';
import type { AccountLifecycle } from '../../core/accounts/account-lifecycle.js';
import type { LoginFailureCode } from '../../core/accounts/account.notifications.js';
import { LeaseLostError } from '../../core/accounts/account.errors.js';
import type { LoginAttempt, LoginAttempts } from '../../core/accounts/login-attempts.js';
import { ConflictError } from '../../core/errors.js';
import type { Logger } from '../../core/logging/logger.js';
import { MessengerError, type CredentialStore, type LoginFlow, type LoginStep, type MessengerConnection, type MessengerDriver } from '../../core/messengers/messenger.js';
import type { Notifier } from '../../core/notifier.js';
import { qrPng } from './qr-image.js';

export interface LoginSessionDeps {
  attempts: LoginAttempts;
  lifecycle: AccountLifecycle;
  notifier: Notifier;
  logger: Logger;
}

/** How a login session hands its outcome back to the session host. */
export interface LoginOutcome {
  /** The account is active: keep this connection under the lease. */
  connected(connection: MessengerConnection): Promise<void>;
  /** The login ended without a connection (failed, cancelled, lease lost): forget the account. */
  ended(leaseLost: boolean): Promise<void>;
}

/**
 * Drives one login inside the session host: starts it on the driver, reports each step to the user through
 * the Notifier, feeds in what the user typed (taken from the attempt row) and finishes the account.
 */
export class LoginSession {
  private flow: LoginFlow | undefined;
  private finished = false;
  /** What a cancelled flow means: the user cancelled, or the attempt expired. */
  private cancelCode: LoginFailureCode = 'LOGIN_CANCELLED';
  private accepted: ((ok: boolean) => void) | undefined;
  private readonly acceptance = new Promise<boolean>((resolve) => (this.accepted = resolve));

  constructor(
    private readonly deps: LoginSessionDeps,
    private readonly lease: ClaimedLease,
    private readonly attempt: LoginAttempt,
    private readonly outcome: LoginOutcome,
  ) {}

  get attemptId(): number {
    return this.attempt.id;
  }

  async start(driver: MessengerDriver, credentials: CredentialStore): Promise<void> {
    const request = { method: this.attempt.method, phone: this.attempt.phone ?? undefined };
    try {
      this.flow = await driver.startLogin(request, { credentials, onStep: (step) => this.onStep(step) });
    } catch (error) {
      await this.fail(codeOf(error), error);
      return;
    }
    void this.settle(this.flow).catch((err: unknown) => this.deps.logger.error({ err, action: 'login.settle_failed' }, 'login outcome not recorded'));
  }

  /** Looks at the attempt row: cancelled or expired ends the login; typed input goes to the flow. */
  async sync(): Promise<void> {
    if (this.finished || !this.flow) return;
    const attempt = await this.deps.attempts.get(this.attempt.id);
    if (!attempt || attempt.status === 'cancelled' || attempt.expired) {
      if (attempt?.status !== 'cancelled' && attempt) this.cancelCode = 'EXPIRED';
      await this.flow.cancel().catch((err: unknown) => this.deps.logger.warn({ err, action: 'login.cancel_failed' }, 'cancel failed'));
      await this.fail(this.cancelCode, undefined);
      return;
    }
    const input = await this.deps.attempts.takeInput(this.attempt.id);
    if (!input) return;
    try {
      if (input.kind === 'code') await this.flow.submitCode(input.value);
      else await this.flow.submitPassword(input.value);
    } catch (error) {
      // A lost lease surfaces through `connection` (see settle), where the account is left to its new holder.
      if (error instanceof LeaseLostError) return;
      if (error instanceof ConflictError) this.deps.logger.info({ accountId: this.lease.accountId, action: 'login.input_out_of_step' }, 'input for another step ignored');
      else await this.fail(codeOf(error), error);
    }
  }

  /** Stops waiting without telling the user (graceful shutdown: another worker starts the login again). */
  abandon(): void {
    this.finished = true;
    this.accepted?.(false);
  }

  private async onStep(step: LoginStep): Promise<void> {
    if (this.finished) return;
    const { accountId, chatId, platform } = this.lease;
    const { attempts, notifier } = this.deps;
    switch (step.type) {
      case 'code_sent':
        await attempts.setStatus(this.attempt.id, 'waiting_code');
        await notifier.send(chatId, 'account.login_code_sent', { accountId, attemptId: this.attempt.id, phone: this.attempt.phone ?? '', codeLength: step.codeLength });
        return;
      case 'password_required':
        await attempts.setStatus(this.attempt.id, 'waiting_password');
        await notifier.send(chatId, 'account.login_password_required', { accountId, attemptId: this.attempt.id, hint: step.hint });
        return;
      case 'qr':
        await attempts.setStatus(this.attempt.id, 'waiting_scan');
        await notifier.send(chatId, 'account.login_qr', { accountId, attemptId: this.attempt.id, platform, png: await qrPng(step.payload), expiresAt: step.expiresAt });
        return;
      case 'pairing_code':
        await attempts.setStatus(this.attempt.id, 'waiting_scan');
        await notifier.send(chatId, 'account.login_pairing_code', { accountId, attemptId: this.attempt.id, code: step.code });
        return;
      case 'invalid_code':
        await notifier.send(chatId, 'account.login_invalid_code', { accountId, attemptId: this.attempt.id });
        return;
      case 'invalid_password':
        await notifier.send(chatId, 'account.login_invalid_password', { accountId, attemptId: this.attempt.id });
        return;
      case 'done':
        await this.done(step.profile);
        return;
      case 'failed':
        await this.fail(step.error.code, step.error);
        return;
    }
  }

  private async done(profile: Extract<LoginStep, { type: 'done' }>['profile']): Promise<void> {
    let name: string;
    try {
      ({ name } = await this.deps.lifecycle.markConnected(this.lease.accountId, profile));
      await this.deps.attempts.setStatus(this.attempt.id, 'done');
    } catch (error) {
      await this.fail(error instanceof ConflictError ? 'ALREADY_CONNECTED' : 'INTERNAL', error);
      return;
    }
    this.finished = true;
    this.accepted?.(true);
    await this.deps.notifier.send(this.lease.chatId, 'account.connected', { accountId: this.lease.accountId, name });
  }

  /** Waits for the flow's connection; hands it over only when `done` made the account active. */
  private async settle(flow: LoginFlow): Promise<void> {
    let connection: MessengerConnection;
    try {
      connection = await flow.connection;
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.finished = true;
        await this.outcome.ended(true);
      } else if (!this.finished) {
        await this.fail(codeOf(error), error);
      }
      return;
    }
    if (await this.acceptance) {
      await this.outcome.connected(connection);
    } else {
      await connection.logout().catch(() => undefined);
    }
  }

  private async fail(failure: LoginFailureCode, error: unknown): Promise<void> {
    if (this.finished) return;
    const code = failure === 'LOGIN_CANCELLED' ? this.cancelCode : failure;
    const { accountId, chatId, platform } = this.lease;
    this.deps.logger.info({ accountId, code, err: error instanceof MessengerError ? undefined : error, action: 'login.failed' }, 'login failed');
    await this.deps.attempts.setStatus(this.attempt.id, 'failed', code);
    if (code !== 'LOGIN_CANCELLED') {
      const waitSeconds = error instanceof MessengerError ? error.waitSeconds : undefined;
      await this.deps.notifier.send(chatId, 'account.login_failed', { accountId, attemptId: this.attempt.id, platform, method: this.attempt.method, code, waitSeconds });
    }
    this.finished = true;
    this.accepted?.(false);
    await this.deps.lifecycle.abandonLogin(accountId);
    await this.outcome.ended(false);
  }
}

function codeOf(error: unknown): LoginFailureCode {
  return error instanceof MessengerError ? error.code : 'INTERNAL';
}
