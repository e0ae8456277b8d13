/**
 * The messenger port: everything Contactd needs from Telegram or WhatsApp, in our own types.
 * Adapters (telegram/ on GramJS, whatsapp/ on Baileys, simulated/) implement it; library types never
 * cross it. Only the session host (workers) holds connections; the bot never does.
 */
import { DomainError } from '../errors.js';

export type Platform = 'telegram' | 'whatsapp';

/** How a user proves they own the account. */
export type LoginMethod = 'phone_code' | 'qr' | 'pairing_code';

export interface LoginRequest {
  method: LoginMethod;
  /** E.164 phone number; required for `phone_code` and `pairing_code`. */
  phone?: string;
}

/** Who the connected account is, as the platform tells us. */
export interface AccountProfile {
  /** Stable platform id of the account (Telegram user id, WhatsApp JID user part). */
  platformUserId: string;
  displayName: string;
  phone?: string;
  username?: string;
}

/** What the user must see or do next during a login. */
export type LoginStep =
  | { type: 'code_sent'; codeLength?: number }
  | { type: 'password_required'; hint?: string }
  | { type: 'qr'; payload: string; expiresAt: Date }
  | { type: 'pairing_code'; code: string }
  | { type: 'invalid_code' }
  | { type: 'invalid_password' }
  | { type: 'done'; profile: AccountProfile }
  | { type: 'failed'; error: MessengerError };

/**
 * Encrypted-at-rest key/value storage of one account's session credentials, provided by core's
 * credential vault. Values are opaque strings (adapters serialise). `write` is atomic: all changes
 * or none, and fenced (it throws `LeaseLostError` when this process no longer holds the account).
 */
export interface CredentialStore {
  read(keys: readonly string[]): Promise<Map<string, string>>;
  /** Every key that starts with `prefix` (e.g. all Baileys keys of one type). */
  readPrefix(prefix: string): Promise<Map<string, string>>;
  /** `null` deletes the key. */
  write(changes: Readonly<Record<string, string | null>>): Promise<void>;
  clear(): Promise<void>;
}

/** Who to send to, before resolution. */
export type RecipientRef = { kind: 'phone'; phone: string } | { kind: 'username'; username: string };

/** A recipient the platform confirmed exists; `address` is adapter-specific and opaque to core. */
export interface ResolvedRecipient {
  address: string;
  /** The platform user id, used to match replies to deliveries. */
  platformUserId: string;
  displayName?: string;
}

export interface SendResult {
  platformMessageId: string;
  /** The platform told us this client message id was already used: the message went out before. */
  duplicate: boolean;
  sentAt: Date;
}

export interface IncomingMessage {
  /** The platform user id of the sender (matches `ResolvedRecipient.platformUserId`). */
  fromPlatformUserId: string;
  fromPhone?: string;
  fromUsername?: string;
  text: string;
  platformMessageId: string;
  receivedAt: Date;
}

/** How the account knows a peer: a private chat it has, or an entry of its address book. */
export type KnownPeerSource = 'dialog' | 'address_book';

/**
 * A person the account already knows. Phones are E.164 with `+`; usernames as the platform spells them.
 * At least one of `phone` and `username` is usually present; the platform may hide both.
 */
export interface KnownPeer {
  platformUserId: string;
  phone?: string;
  username?: string;
  source: KnownPeerSource;
}

export type ConnectionEvent =
  | { type: 'logged_out' }
  | { type: 'restricted'; until?: Date; reason: string }
  | { type: 'disconnected'; willReconnect: boolean }
  | { type: 'reconnected' };

/** A live, logged-in session of one account. */
export interface MessengerConnection {
  readonly platform: Platform;
  readonly profile: AccountProfile;
  /** Throws `MessengerError` (`RECIPIENT_NOT_FOUND`, `PRIVACY_RESTRICTED`, `FLOOD_WAIT`, …). */
  resolveRecipient(ref: RecipientRef): Promise<ResolvedRecipient>;
  /**
   * Sends `text`. `clientMessageId` comes from `MessengerDriver.newClientMessageId()` and is stored by
   * the caller before this call: calling again with the same id never delivers twice.
   */
  sendText(to: ResolvedRecipient, text: string, clientMessageId: string): Promise<SendResult>;
  /** Incoming messages from other users (not our own outgoing). Returns an unsubscribe function. */
  onIncoming(handler: (message: IncomingMessage) => void | Promise<void>): () => void;
  /** Session-level events: logout by the platform, restrictions, reconnects. */
  onEvent(handler: (event: ConnectionEvent) => void | Promise<void>): () => void;
  /** Incoming messages received since `since` (used to find replies missed while offline). */
  recentIncoming(since: Date): Promise<IncomingMessage[]>;
  /**
   * People the account already knows: its most recent private dialogs with users (no groups, channels or
   * bots), newest first, then its address book; at most `limit` of each, and a peer in both only once
   * (as `dialog`). Throws `MessengerError` like any other request.
   */
  knownPeers(limit: number): Promise<KnownPeer[]>;
  /** Closes the live connection, keeping the credentials valid. */
  disconnect(): Promise<void>;
  /** Ends the session on the platform's side (best effort) and closes the connection. */
  logout(): Promise<void>;
}

/** In-progress login; the adapter reports steps through `onStep` given to `startLogin`. */
export interface LoginFlow {
  submitCode(code: string): Promise<void>;
  submitPassword(password: string): Promise<void>;
  cancel(): Promise<void>;
  /** Resolves with the connection once a `done` step was reported; rejects when the login failed. */
  readonly connection: Promise<MessengerConnection>;
}

export interface LoginContext {
  credentials: CredentialStore;
  onStep(step: LoginStep): void | Promise<void>;
}

export interface MessengerDriver {
  readonly platform: Platform;
  startLogin(request: LoginRequest, context: LoginContext): Promise<LoginFlow>;
  /** Reconnects from stored credentials; throws `MessengerError` `LOGGED_OUT` if they are no longer valid. */
  restore(credentials: CredentialStore): Promise<MessengerConnection>;
  /** A fresh client message id in the platform's format (Telegram random_id, WhatsApp message id). */
  newClientMessageId(): string;
}

export type MessengerErrorCode =
  | 'FLOOD_WAIT'
  | 'PEER_FLOOD'
  | 'RECIPIENT_NOT_FOUND'
  | 'PRIVACY_RESTRICTED'
  | 'LOGGED_OUT'
  | 'BANNED'
  | 'TRANSIENT'
  | 'INVALID_CODE'
  | 'CODE_EXPIRED'
  | 'INVALID_PASSWORD'
  | 'INVALID_PHONE'
  | 'LOGIN_CANCELLED';

/** Every failure an adapter reports, translated from the library's own errors. */
export class MessengerError extends DomainError {
  override readonly isReportable: boolean;
  constructor(
    readonly code: MessengerErrorCode,
    message: string,
    /** For `FLOOD_WAIT`: seconds the platform asks us to wait. */
    readonly waitSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.isReportable = code === 'TRANSIENT';
  }

  /** Whether trying the same operation later can succeed. */
  get retryable(): boolean {
    return this.code === 'TRANSIENT' || this.code === 'FLOOD_WAIT';
  }
}
