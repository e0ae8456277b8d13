/**
 * A fake WhatsApp: `FakeWhatsAppWorld` plays the WhatsApp server (accounts, linked devices, who is on
 * WhatsApp, delivered messages) and hands out `FakeBaileysSocket`s shaped like a Baileys 7 socket: an
 * `ev` emitter with the same events and payloads, Boom-shaped errors with `output.statusCode`. Like the
 * real socket, it works on the `AuthenticationState` it was given (creds merged on `creds.update`, keys
 * written through `keys.set`). Nothing touches the network.
 */
import { EventEmitter } from 'node:events';
import type {
  AuthenticationState,
  BaileysEventEmitter,
  BaileysEventMap,
  WAMessage,
} from '@whiskeysockets/baileys';
import type { WhatsAppSocketConfig, WhatsAppSocketFactory, WhatsAppSocketLike } from '../../../core/messengers/whatsapp/whatsapp-socket.js';

/** An error shaped like Baileys' `Boom` (what the adapter reads: `output.statusCode`, `data`). */
export function boom(message: string, statusCode: number, data?: unknown): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode }, data });
}

export interface FakeWhatsAppSent {
  fromPhone: string;
  toJid: string;
  text: string;
  messageId: string;
}

export const PAIRING_CODE = 'K7QX2M9P';

export class FakeWhatsAppWorld {
  /** Phone numbers (digits) that have WhatsApp. */
  readonly onWhatsApp = new Set<string>();
  /** Display names of accounts that can link a device. */
  readonly accounts = new Map<string, string>();
  readonly sockets: FakeBaileysSocket[] = [];
  readonly sent: FakeWhatsAppSent[] = [];
  /** Device ids (per auth state) WhatsApp no longer accepts. */
  private readonly revokedDevices = new Set<string>();
  private readonly sendFailures: Error[] = [];
  private nextDevice = 1;
  private nextMessage = 1;
  now = () => Math.floor(Date.parse('2026-01-05T09:00:00Z') / 1000);

  readonly socketFactory: WhatsAppSocketFactory = (config) => {
    const socket = new FakeBaileysSocket(this, config);
    this.sockets.push(socket);
    return socket;
  };

  addAccount(phone: string, name: string): this {
    this.accounts.set(phone, name);
    this.onWhatsApp.add(phone);
    return this;
  }

  live(): FakeBaileysSocket[] {
    return this.sockets.filter((s) => !s.ended);
  }

  /** The newest socket that is still open. */
  current(): FakeBaileysSocket {
    const socket = this.live().at(-1);
    if (socket === undefined) throw new Error('no live fake WhatsApp socket');
    return socket;
  }

  /** The phone scans the QR / accepts the pairing code of the newest socket, as `phone`. */
  approveLink(phone: string): void {
    const socket = this.current();
    const name = this.accounts.get(phone);
    if (name === undefined) throw new Error(`no WhatsApp account ${phone}`);
    const device = this.nextDevice++;
    // What Baileys' pair-success handling does: account identity into creds, then keys, then 515.
    socket.emit('creds.update', {
      me: { id: `${phone}:${device}@s.whatsapp.net`, name, lid: `${90000 + device}:${device}@lid` },
      account: { details: Buffer.from(`device-${device}`), accountSignatureKey: Buffer.from([1, 2, 3]) },
      platform: 'smba',
      registered: socket.pairingRequested ? true : socket.auth.creds.registered,
    });
    socket.emit('connection.update', { isNewLogin: true, qr: undefined });
    void socket.closeWith(boom('Stream Errored (restart required)', 515));
  }

  /** WhatsApp logs every device of `phone` out (the user removed it in "Linked devices"). */
  revoke(phone: string): void {
    for (const socket of this.sockets) if (socket.phone() === phone) this.revokedDevices.add(socket.deviceId());
    for (const socket of this.live()) if (socket.phone() === phone) void socket.closeWith(boom('Connection Failure', 401));
  }

  isRevoked(deviceId: string): boolean {
    return this.revokedDevices.has(deviceId);
  }

  /** The next `sendMessage` fails with `error`. */
  failNextSend(error: Error): void {
    this.sendFailures.push(error);
  }

  takeSendFailure(): Error | undefined {
    return this.sendFailures.shift();
  }

  messageId(): string {
    return `IN${String(this.nextMessage++).padStart(6, '0')}`;
  }

  /** A 1:1 text from `fromPhone` arrives on every live socket of `toPhone`. */
  deliverIncoming(toPhone: string, fromPhone: string, text: string, overrides: Partial<WAMessage> = {}): WAMessage {
    const message: WAMessage = {
      key: { remoteJid: `${fromPhone}@s.whatsapp.net`, fromMe: false, id: this.messageId() },
      message: { conversation: text },
      messageTimestamp: this.now(),
      pushName: 'Sender',
      ...overrides,
    };
    this.push(toPhone, 'messages.upsert', { messages: [message], type: 'notify' });
    return message;
  }

  /**
   * `contactPhone` is saved in the address book of `phone`: what Baileys emits when app-state sync brings a
   * contact action (`contacts.upsert` with a PN id).
   */
  saveContact(phone: string, contactPhone: string): void {
    const jid = `${contactPhone}@s.whatsapp.net`;
    this.push(phone, 'contacts.upsert', [{ id: jid, name: 'Saved contact', phoneNumber: jid }]);
  }

  /** Emits `event` on every live socket of `phone`. */
  push<E extends keyof BaileysEventMap>(phone: string, event: E, payload: BaileysEventMap[E]): void {
    for (const socket of this.live()) if (socket.phone() === phone && socket.isOpen) socket.emit(event, payload);
  }
}

/** Shaped like the Baileys socket as far as the adapter uses it. */
export class FakeBaileysSocket implements WhatsAppSocketLike {
  private readonly emitter = new EventEmitter();
  readonly ev: Pick<BaileysEventEmitter, 'on' | 'off'> = {
    on: (event, listener) => void this.emitter.on(event, listener),
    off: (event, listener) => void this.emitter.off(event, listener),
  };
  readonly auth: AuthenticationState;
  ended = false;
  isOpen = false;
  pairingRequested = false;
  qrShown = 0;

  constructor(
    private readonly world: FakeWhatsAppWorld,
    config: WhatsAppSocketConfig,
  ) {
    this.auth = config.auth;
    // Like Baileys: its own listener merges creds updates into the auth state it was given.
    this.emitter.on('creds.update', (update: object) => Object.assign(this.auth.creds, update));
    // Like Baileys, the first events come on the next tick, after the caller subscribed.
    setImmediate(() => this.handshake());
  }

  emit<E extends keyof BaileysEventMap>(event: E, payload: BaileysEventMap[E]): void {
    this.emitter.emit(event, payload);
  }

  phone(): string | undefined {
    const id = this.auth.creds.me?.id;
    return id?.split(/[:@]/)[0];
  }

  deviceId(): string {
    return this.auth.creds.advSecretKey;
  }

  private handshake(): void {
    if (this.ended) return;
    this.emit('connection.update', { connection: 'connecting', receivedPendingNotifications: false, qr: undefined });
    if (this.auth.creds.account != null && this.auth.creds.me != null) {
      if (this.world.isRevoked(this.deviceId())) {
        void this.closeWith(boom('Connection Failure', 401));
        return;
      }
      this.isOpen = true;
      this.emit('connection.update', { connection: 'open' });
      return;
    }
    this.showQr();
  }

  /** Shows the next QR (WhatsApp rotates them). */
  showQr(): void {
    this.qrShown += 1;
    this.emit('connection.update', { qr: `2@fake-ref-${this.qrShown},noise,identity,adv` });
  }

  /** The server closes this socket with `error` (what Baileys' `end` emits). */
  async closeWith(error: Error | undefined): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.isOpen = false;
    this.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date(this.world.now() * 1000) } });
  }

  async sendMessage(jid: string, content: { text: string }, options: { messageId: string }): Promise<WAMessage | undefined> {
    if (!this.isOpen) throw boom('Connection Closed', 428);
    const failure = this.world.takeSendFailure();
    if (failure !== undefined) throw failure;
    this.world.sent.push({ fromPhone: this.phone() ?? '', toJid: jid, text: content.text, messageId: options.messageId });
    return { key: { remoteJid: jid, fromMe: true, id: options.messageId }, message: { extendedTextMessage: { text: content.text } } };
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    if (this.ended) throw boom('Connection Closed', 428);
    this.pairingRequested = true;
    this.emit('creds.update', { pairingCode: PAIRING_CODE, me: { id: `${phoneNumber}@s.whatsapp.net`, name: '~' } });
    return PAIRING_CODE;
  }

  async onWhatsApp(...jids: string[]): Promise<{ jid: string; exists: boolean }[] | undefined> {
    if (!this.isOpen) throw boom('Connection Closed', 428);
    return jids
      .map((jid) => jid.split('@')[0] ?? '')
      .filter((phone) => this.world.onWhatsApp.has(phone))
      .map((phone) => ({ jid: `${phone}@s.whatsapp.net`, exists: true }));
  }

  async logout(): Promise<void> {
    if (this.auth.creds.me != null) this.world.revoke(this.phone() ?? '');
    await this.closeWith(boom('Intentional Logout', 401));
  }

  async end(error: Error | undefined): Promise<void> {
    await this.closeWith(error);
  }
}
