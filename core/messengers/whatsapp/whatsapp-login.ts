/**
 * Linking a WhatsApp device: by QR (each `connection.update.qr` is a step; WhatsApp rotates them, the
 * first lives ~60 s, the next ~20 s) or by pairing code (`requestPairingCode` once the socket is up and
 * the device is not registered). After pairing the server closes with `restartRequired` (515); the link
 * opens a new socket on the same auth state and the login is done when that one opens.
 */
import type { Clock } from '../../clock.js';
import { ConflictError } from '../../errors.js';
import {
  MessengerError,
  type AccountProfile,
  type LoginContext,
  type LoginFlow,
  type LoginMethod,
  type LoginStep,
  type MessengerConnection,
} from '../messenger.js';
import { createDeferred, type AdapterLogger } from '../listeners.js';
import { WhatsAppConnection } from './whatsapp-connection.js';
import { translateWhatsAppError } from './whatsapp-errors.js';
import { jidUser } from './whatsapp-incoming.js';
import type { LinkEnd, LinkListener, WhatsAppLink } from './whatsapp-link.js';
import type { WhatsAppSocketLike } from './whatsapp-socket.js';

const FIRST_QR_LIFETIME_MS = 60_000;
const NEXT_QR_LIFETIME_MS = 20_000;
/** Status Baileys closes with when the QR codes ran out (`DisconnectReason.timedOut`). */
const QR_TIMED_OUT = 408;

/** The profile of the linked account, from the credentials Baileys filled in while pairing. */
export function profileFromLink(link: WhatsAppLink): AccountProfile {
  const me = link.auth.state.creds.me;
  if (me?.id === undefined) throw new MessengerError('LOGGED_OUT', 'WhatsApp credentials name no account');
  const user = jidUser(me.id);
  const name = me.name !== undefined && me.name !== '~' ? me.name : me.notify;
  return { platformUserId: user, displayName: name ?? `+${user}`, phone: `+${user}` };
}

export interface WhatsAppLoginDeps {
  link: WhatsAppLink;
  method: LoginMethod;
  /** Digits of the phone number, for pairing codes. */
  phoneDigits: string | undefined;
  context: LoginContext;
  clock: Clock;
  logger: AdapterLogger;
}

export class WhatsAppLogin implements LoginFlow, LinkListener {
  private readonly outcome = createDeferred<MessengerConnection>();
  private qrCount = 0;
  private finishing = false;
  private pairingRequestedOn: WhatsAppSocketLike | undefined;
  // Steps are reported in order even though Baileys events arrive synchronously.
  private steps: Promise<void> = Promise.resolve();

  constructor(private readonly deps: WhatsAppLoginDeps) {
    deps.link.listener = this;
  }

  get connection(): Promise<MessengerConnection> {
    return this.outcome.promise;
  }

  async submitCode(): Promise<void> {
    throw new ConflictError('A WhatsApp login takes no code: the user scans the QR or types the pairing code on the phone');
  }

  async submitPassword(): Promise<void> {
    throw new ConflictError('WhatsApp logins have no password step');
  }

  async cancel(): Promise<void> {
    if (this.outcome.settled) return;
    this.outcome.reject(new MessengerError('LOGIN_CANCELLED', 'Login cancelled'));
    await this.deps.link.stop();
  }

  /** Opens the first socket; a failure ends the login with a `failed` step. */
  async start(): Promise<void> {
    try {
      await this.deps.link.open();
    } catch (error) {
      this.fail(translateWhatsAppError(error));
    }
  }

  // ---- LinkListener -------------------------------------------------------------------------------

  qr(qr: string, socket: WhatsAppSocketLike): void {
    if (this.outcome.settled) return;
    if (this.deps.method === 'pairing_code') {
      this.requestPairingCode(socket);
      return;
    }
    const lifetime = this.qrCount++ === 0 ? FIRST_QR_LIFETIME_MS : NEXT_QR_LIFETIME_MS;
    this.report({ type: 'qr', payload: qr, expiresAt: new Date(this.deps.clock.now().getTime() + lifetime) });
  }

  open(): void {
    if (this.outcome.settled || this.finishing) return;
    if (!this.deps.link.auth.isLinked()) {
      this.fail(new MessengerError('LOGGED_OUT', 'WhatsApp opened a session that is not linked'));
      return;
    }
    const profile = profileFromLink(this.deps.link);
    this.finishing = true;
    // From here on the connection listens to the link.
    const connection = new WhatsAppConnection(profile, this.deps.link, this.deps.clock, this.deps.logger);
    this.report({ type: 'done', profile });
    this.steps = this.steps.then(() => this.outcome.resolve(connection));
  }

  dropped(statusCode: number | undefined): void {
    // Every QR ref was shown and none scanned: the user has to start again.
    if (statusCode === QR_TIMED_OUT) this.fail(new MessengerError('CODE_EXPIRED', 'The WhatsApp code expired unused'));
  }

  ended(reason: LinkEnd): void {
    this.fail(
      reason === 'banned'
        ? new MessengerError('BANNED', 'WhatsApp refused this account')
        : reason === 'persist_failed'
          ? new MessengerError('TRANSIENT', 'WhatsApp credentials could not be saved')
          : new MessengerError('LOGGED_OUT', `WhatsApp ended the link (${reason})`),
    );
  }

  messages(): void {
    // Nothing to hand them to before the login is done; history sync repeats them afterwards.
  }

  restricted(): void {
    // Reported by the connection once the login is done.
  }

  // ---- internals ----------------------------------------------------------------------------------

  private requestPairingCode(socket: WhatsAppSocketLike): void {
    const phone = this.deps.phoneDigits;
    // One code per socket: the QR refresh on the same socket must not invalidate the code shown.
    if (phone === undefined || this.pairingRequestedOn === socket || this.deps.link.auth.state.creds.registered) return;
    this.pairingRequestedOn = socket;
    this.steps = this.steps
      .then(() => socket.requestPairingCode(phone))
      .then((code) => this.deps.context.onStep({ type: 'pairing_code', code }))
      .catch((error: unknown) => this.fail(translateWhatsAppError(error)));
  }

  private report(step: LoginStep): void {
    this.steps = this.steps.then(async () => {
      try {
        await this.deps.context.onStep(step);
      } catch (error) {
        this.deps.logger.error({ err: error, step: step.type }, 'login step handler failed');
      }
    });
  }

  private fail(error: MessengerError): void {
    if (this.outcome.settled) return;
    this.outcome.reject(error);
    this.report({ type: 'failed', error });
    void this.deps.link.stop();
  }
}
