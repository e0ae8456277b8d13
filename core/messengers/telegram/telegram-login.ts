/**
 * One Telegram login, driven with raw MTProto calls on ONE connected client: `auth.SendCode` and the
 * following `auth.SignIn` must share the client or Telegram answers PHONE_CODE_EXPIRED.
 */
import { Api } from 'telegram';
import { Raw } from 'telegram/events/Raw.js';
import { computeCheck } from 'telegram/Password.js';
import type { Clock } from '../../clock.js';
import { ConflictError } from '../../errors.js';
import {
  MessengerError,
  type LoginContext,
  type LoginFlow,
  type LoginRequest,
  type LoginStep,
  type MessengerConnection,
} from '../messenger.js';
import { createDeferred, type AdapterLogger } from '../listeners.js';
import { savedSessionOf, type TelegramClientLike } from './telegram-client.js';
import { TelegramConnection } from './telegram-connection.js';
import { isRpcError, translateTelegramError } from './telegram-errors.js';
import { phoneDigits, profileOf } from './telegram-peers.js';

/** The credential key holding the GramJS StringSession. */
export const SESSION_KEY = 'session';

/** Re-export the QR token this long before Telegram says it expires. */
const QR_REFRESH_MARGIN_MS = 5_000;
const QR_MIN_REFRESH_MS = 1_000;
/** Tokens live about 30 s; a far-off expiry (clock skew) must not leave a stale code on screen. */
const QR_MAX_REFRESH_MS = 60_000;

export interface TelegramLoginDeps {
  client: TelegramClientLike;
  apiId: number;
  apiHash: string;
  context: LoginContext;
  clock: Clock;
  logger: AdapterLogger;
}

type State =
  | { name: 'starting' }
  | { name: 'awaiting_code'; phone: string; phoneCodeHash: string }
  | { name: 'awaiting_qr' }
  | { name: 'awaiting_password' }
  | { name: 'finished' };

export class TelegramLogin implements LoginFlow {
  private state: State = { name: 'starting' };
  private readonly outcome = createDeferred<MessengerConnection>();
  private qrTimer: NodeJS.Timeout | undefined;
  private readonly loginTokenUpdates = new Raw({ types: [Api.UpdateLoginToken] });
  // Serialises QR re-exports: the refresh timer and the acceptance update may fire together.
  private qrChain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: TelegramLoginDeps) {}

  get connection(): Promise<MessengerConnection> {
    return this.outcome.promise;
  }

  /** Connects and sends the first step (code sent, or the first QR). Failures end in a `failed` step. */
  async start(request: LoginRequest): Promise<void> {
    await this.guard(async () => {
      await this.deps.client.connect();
      if (request.method === 'qr') {
        this.state = { name: 'awaiting_qr' };
        this.deps.client.addEventHandler(this.onLoginTokenUpdate, this.loginTokenUpdates);
        await this.exportLoginToken();
        return;
      }
      if (request.method !== 'phone_code' || request.phone === undefined) {
        throw new MessengerError('INVALID_PHONE', `Telegram login by ${request.method} needs a phone number and a code`);
      }
      await this.sendCode(phoneDigits(request.phone));
    });
  }

  async submitCode(code: string): Promise<void> {
    const state = this.state;
    if (state.name !== 'awaiting_code') throw new ConflictError('This Telegram login is not waiting for a code');
    // The code is asked for with separators (Telegram voids a code sent in any chat as-is).
    const phoneCode = code.replace(/\D/g, '');
    await this.guard(async () => {
      try {
        const result = await this.deps.client.invoke(
          new Api.auth.SignIn({ phoneNumber: state.phone, phoneCodeHash: state.phoneCodeHash, phoneCode }),
        );
        await this.finish(result);
      } catch (error) {
        if (isRpcError(error, 'SESSION_PASSWORD_NEEDED')) return this.askPassword();
        if (translateTelegramError(error).code === 'INVALID_CODE') return this.step({ type: 'invalid_code' });
        throw error;
      }
    });
  }

  async submitPassword(password: string): Promise<void> {
    if (this.state.name !== 'awaiting_password') {
      throw new ConflictError('This Telegram login is not waiting for a password');
    }
    await this.guard(async () => {
      // Fresh SRP parameters on every attempt: each srp_id is single-use.
      const params = await this.deps.client.invoke(new Api.account.GetPassword());
      try {
        const check = await computeCheck(params, password);
        await this.finish(await this.deps.client.invoke(new Api.auth.CheckPassword({ password: check })));
      } catch (error) {
        if (translateTelegramError(error).code === 'INVALID_PASSWORD') return this.step({ type: 'invalid_password' });
        throw error;
      }
    });
  }

  async cancel(): Promise<void> {
    if (this.state.name === 'finished') return;
    await this.end(new MessengerError('LOGIN_CANCELLED', 'Login cancelled'));
  }

  private async sendCode(phone: string): Promise<void> {
    const sent = await this.deps.client.invoke(
      new Api.auth.SendCode({
        phoneNumber: phone,
        apiId: this.deps.apiId,
        apiHash: this.deps.apiHash,
        settings: new Api.CodeSettings({}),
      }),
    );
    if (sent instanceof Api.auth.SentCodeSuccess) return this.finish(sent.authorization);
    this.state = { name: 'awaiting_code', phone, phoneCodeHash: sent.phoneCodeHash };
    const codeLength = 'length' in sent.type ? sent.type.length : undefined;
    await this.step({ type: 'code_sent', ...(codeLength !== undefined ? { codeLength } : {}) });
  }

  private async askPassword(): Promise<void> {
    this.clearQr();
    const params = await this.deps.client.invoke(new Api.account.GetPassword());
    this.state = { name: 'awaiting_password' };
    await this.step({ type: 'password_required', ...(params.hint !== undefined && params.hint !== '' ? { hint: params.hint } : {}) });
  }

  // ---- QR login -------------------------------------------------------------------------------

  private readonly onLoginTokenUpdate = (): void => {
    // Telegram pushes updateLoginToken when the token was accepted on a phone: re-export to finish.
    this.queueQrExport();
  };

  private queueQrExport(): void {
    this.qrChain = this.qrChain.then(() => this.guard(() => this.exportLoginToken()));
  }

  private async exportLoginToken(): Promise<void> {
    if (this.state.name !== 'awaiting_qr') return;
    try {
      const result = await this.deps.client.invoke(
        new Api.auth.ExportLoginToken({ apiId: this.deps.apiId, apiHash: this.deps.apiHash, exceptIds: [] }),
      );
      await this.onLoginToken(result);
    } catch (error) {
      if (isRpcError(error, 'SESSION_PASSWORD_NEEDED')) return this.askPassword();
      throw error;
    }
  }

  private async onLoginToken(result: Api.auth.TypeLoginToken): Promise<void> {
    if (result instanceof Api.auth.LoginTokenSuccess) return this.finish(result.authorization);
    if (result instanceof Api.auth.LoginTokenMigrateTo) {
      // The account lives on another data centre: move there and import the token, as GramJS does.
      await this.deps.client._switchDC(result.dcId);
      const imported = await this.deps.client.invoke(new Api.auth.ImportLoginToken({ token: result.token }));
      if (imported instanceof Api.auth.LoginTokenMigrateTo) {
        throw new MessengerError('TRANSIENT', 'Telegram asked to migrate the login token twice');
      }
      return this.onLoginToken(imported);
    }
    const expiresAt = new Date(result.expires * 1000);
    await this.step({ type: 'qr', payload: `tg://login?token=${result.token.toString('base64url')}`, expiresAt });
    const untilRefresh = expiresAt.getTime() - this.deps.clock.now().getTime() - QR_REFRESH_MARGIN_MS;
    const refreshIn = Math.min(QR_MAX_REFRESH_MS, Math.max(QR_MIN_REFRESH_MS, untilRefresh));
    this.clearTimer();
    this.qrTimer = setTimeout(() => this.queueQrExport(), refreshIn);
  }

  private clearTimer(): void {
    if (this.qrTimer !== undefined) clearTimeout(this.qrTimer);
    this.qrTimer = undefined;
  }

  private clearQr(): void {
    this.clearTimer();
    this.deps.client.removeEventHandler(this.onLoginTokenUpdate, this.loginTokenUpdates);
  }

  // ---- outcome --------------------------------------------------------------------------------

  private async finish(authorization: Api.auth.TypeAuthorization): Promise<void> {
    if (!(authorization instanceof Api.auth.Authorization)) {
      // A number without a Telegram account: signing up is not ours to do.
      throw new MessengerError('INVALID_PHONE', 'This phone number has no Telegram account');
    }
    this.clearQr();
    const profile = profileOf(authorization.user);
    await this.deps.context.credentials.write({ [SESSION_KEY]: savedSessionOf(this.deps.client) });
    this.state = { name: 'finished' };
    const connection = new TelegramConnection({
      client: this.deps.client,
      profile,
      clock: this.deps.clock,
      logger: this.deps.logger,
    });
    try {
      await this.step({ type: 'done', profile });
    } finally {
      this.outcome.resolve(connection);
    }
  }

  /** Runs a step of the flow; any failure ends the login with a `failed` step and a rejected connection. */
  private async guard(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (this.state.name === 'finished') {
        // Cancelled meanwhile (the destroyed client fails the pending call) or the caller's onStep threw.
        this.deps.logger.warn({ err: error }, 'telegram login step failed after the login ended');
        return;
      }
      const failure = translateTelegramError(error);
      await this.end(failure);
      await this.step({ type: 'failed', error: failure });
    }
  }

  private async end(error: MessengerError): Promise<void> {
    this.state = { name: 'finished' };
    this.clearQr();
    this.outcome.reject(error);
    try {
      await this.deps.client.destroy();
    } catch (destroyError) {
      this.deps.logger.warn({ err: destroyError }, 'telegram client destroy failed');
    }
  }

  private async step(step: LoginStep): Promise<void> {
    await this.deps.context.onStep(step);
  }
}
