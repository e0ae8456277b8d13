import { ConflictError, ValidationError } from '../../errors.js';
import {
  MessengerError,
  type LoginContext,
  type LoginFlow,
  type LoginRequest,
  type LoginStep,
  type MessengerConnection,
} from '../messenger.js';
import { SimulatedConnection } from './simulated-connection.js';
import { accountProfileFor } from './simulated-identity.js';
import { newPairingCode, newQrPayload } from './simulated-ids.js';
import type { PendingLink, SimulatedPlatform } from './simulated-platform.js';
import { writeSession } from './simulated-session.js';

type FlowState = 'starting' | 'awaiting_code' | 'awaiting_password' | 'awaiting_link' | 'finishing' | 'done' | 'failed';

/** One login on the simulated platform, driven like the real ones: steps out, codes and passwords in. */
export class SimulatedLoginFlow implements LoginFlow, PendingLink {
  readonly connection: Promise<MessengerConnection>;
  readonly kind: 'qr' | 'pairing_code';
  private state: FlowState = 'starting';
  private phone: string | undefined;
  private codeIssuedAt = 0;
  private readonly linkValues = new Map<string, number>();
  private readonly timers = new Set<() => void>();
  private resolve: (connection: MessengerConnection) => void = () => undefined;
  private reject: (error: unknown) => void = () => undefined;

  private constructor(
    private readonly world: SimulatedPlatform,
    private readonly request: LoginRequest,
    private readonly context: LoginContext,
  ) {
    this.kind = request.method === 'pairing_code' ? 'pairing_code' : 'qr';
    this.connection = new Promise<MessengerConnection>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Callers that follow the steps may never await `connection`; a failed login must not crash them.
    this.connection.catch(() => undefined);
  }

  /** Starts a login; throws `ValidationError` for a method the platform does not offer. */
  static async start(world: SimulatedPlatform, request: LoginRequest, context: LoginContext): Promise<SimulatedLoginFlow> {
    const offered = world.platform === 'telegram' ? ['phone_code', 'qr'] : ['qr', 'pairing_code'];
    if (!offered.includes(request.method)) {
      throw new ValidationError(`${world.platform} does not offer ${request.method} login`);
    }
    const flow = new SimulatedLoginFlow(world, request, context);
    await flow.begin();
    return flow;
  }

  async submitCode(code: string): Promise<void> {
    this.expect('awaiting_code');
    const { loginCode, codeTtlMs, clock } = this.world.settings;
    if (clock.now().getTime() - this.codeIssuedAt > codeTtlMs) {
      return this.fail(new MessengerError('CODE_EXPIRED', 'the login code expired'));
    }
    // Users type the code with separators so Telegram does not see it in a chat and revoke it.
    if (code.replace(/\D/g, '') !== loginCode) return this.emit({ type: 'invalid_code' });
    return this.afterProof(this.phone ?? '');
  }

  async submitPassword(password: string): Promise<void> {
    this.expect('awaiting_password');
    if (password !== this.world.settings.password) return this.emit({ type: 'invalid_password' });
    return this.complete(this.phone ?? '');
  }

  async cancel(): Promise<void> {
    if (this.state === 'done' || this.state === 'failed') return;
    await this.fail(new MessengerError('LOGIN_CANCELLED', 'login cancelled'));
  }

  /** Payloads or codes the user's phone may use now. */
  currentValues(): readonly string[] {
    if (this.state !== 'awaiting_link') return [];
    const now = this.world.settings.clock.now().getTime();
    return [...this.linkValues].filter(([, expiresAt]) => expiresAt > now).map(([value]) => value);
  }

  /** The user's phone scanned the QR code or accepted the pairing code. */
  async approve(phone?: string): Promise<void> {
    if (this.state !== 'awaiting_link') return;
    await this.afterProof(phone ?? this.phone ?? this.world.settings.qr.accountPhone);
  }

  private async begin(): Promise<void> {
    const { settings } = this.world;
    if (this.request.method !== 'qr') {
      this.phone = this.request.phone ?? '';
      const failure = settings.rules.loginFailure(this.phone);
      if (failure) return this.fail(failure);
    }
    switch (this.request.method) {
      case 'phone_code':
        this.state = 'awaiting_code';
        this.codeIssuedAt = settings.clock.now().getTime();
        return this.emit({ type: 'code_sent', codeLength: settings.loginCode.length });
      case 'qr':
        this.awaitLink();
        return this.showQr(0);
      case 'pairing_code': {
        this.awaitLink();
        const code = newPairingCode(settings.random);
        this.linkValues.set(code, settings.clock.now().getTime() + settings.codeTtlMs);
        this.later(settings.codeTtlMs, () => this.fail(new MessengerError('CODE_EXPIRED', 'the pairing code expired')));
        return this.emit({ type: 'pairing_code', code });
      }
    }
  }

  private awaitLink(): void {
    this.state = 'awaiting_link';
    this.world.links.add(this);
    const after = this.world.settings.linkApproveAfterMs;
    if (after !== undefined) this.later(after, () => this.approve());
  }

  private async showQr(round: number): Promise<void> {
    if (this.state !== 'awaiting_link') return;
    const { qr, clock, random, platform } = this.world.settings;
    const payload = newQrPayload(platform, random);
    const expiresAt = new Date(clock.now().getTime() + qr.ttlMs);
    this.linkValues.set(payload, expiresAt.getTime());
    if (round < qr.refreshes) this.later(qr.ttlMs - qr.refreshLeadMs, () => this.showQr(round + 1));
    else this.later(qr.ttlMs, () => this.fail(new MessengerError('CODE_EXPIRED', 'no QR code was scanned in time')));
    await this.emit({ type: 'qr', payload, expiresAt });
  }

  /** The user proved they hold the phone; a 2FA account still needs its password. */
  private async afterProof(phone: string): Promise<void> {
    this.phone = phone;
    this.stopWaiting();
    if (!this.world.settings.rules.needsPassword(phone)) return this.complete(phone);
    this.state = 'awaiting_password';
    await this.emit({ type: 'password_required', hint: 'simulated' });
  }

  private async complete(phone: string): Promise<void> {
    this.state = 'finishing';
    const session = this.world.openSession(accountProfileFor(this.world.platform, phone));
    try {
      await writeSession(this.context.credentials, session);
    } catch (error) {
      // Lost the account's lease (or the store failed): the session must not outlive the login.
      this.state = 'failed';
      await this.world.endSession(session.sessionId);
      this.reject(error);
      throw error;
    }
    this.state = 'done';
    const connection = new SimulatedConnection(this.world, session);
    try {
      await this.emit({ type: 'done', profile: session.profile });
    } finally {
      this.resolve(connection);
    }
  }

  private async fail(error: MessengerError): Promise<void> {
    if (this.state === 'done' || this.state === 'failed') return;
    this.state = 'failed';
    this.stopWaiting();
    try {
      await this.emit({ type: 'failed', error });
    } finally {
      this.reject(error);
    }
  }

  private expect(state: FlowState): void {
    if (this.state !== state) throw new ConflictError(`login is ${this.state}, not ${state}`);
  }

  private later(ms: number, task: () => Promise<void>): void {
    this.timers.add(this.world.settings.scheduler.schedule(ms, this.world.guard(task)));
  }

  private stopWaiting(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.world.links.delete(this);
  }

  private async emit(step: LoginStep): Promise<void> {
    await this.context.onStep(step);
  }
}
