/** A live, logged-in GramJS session behind the messenger port. */
import { Api } from 'telegram';
import { NewMessage, type NewMessageEvent } from 'telegram/events/NewMessage.js';
import { returnBigInt } from 'telegram/Helpers.js';
import type { Clock } from '../../clock.js';
import type {
  AccountProfile,
  ConnectionEvent,
  IncomingMessage,
  KnownPeer,
  MessengerConnection,
  RecipientRef,
  ResolvedRecipient,
  SendResult,
} from '../messenger.js';
import { ListenerSet, type AdapterLogger } from '../listeners.js';
import type { TelegramClientLike } from './telegram-client.js';
import { isRpcError, translateTelegramError } from './telegram-errors.js';
import { fetchRecentIncoming, incomingFromMessage } from './telegram-incoming.js';
import { fetchKnownPeers } from './telegram-known-peers.js';
import { inputPeerOf, phoneDigits, recipientFromResolvedPeer } from './telegram-peers.js';

export interface TelegramConnectionDeps {
  client: TelegramClientLike;
  profile: AccountProfile;
  clock: Clock;
  logger: AdapterLogger;
}

/** The message id Telegram gave a sent message, found in whichever `Updates` shape it answered with. */
function sentMessageId(result: Api.TypeUpdates, randomId: string): string | undefined {
  if (result instanceof Api.UpdateShortSentMessage) return result.id.toString();
  if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined) {
    for (const update of result.updates) {
      if (update instanceof Api.UpdateMessageID && update.randomId?.toString() === randomId) return update.id.toString();
    }
    for (const update of result.updates) {
      if (update instanceof Api.UpdateNewMessage) return update.message.id.toString();
    }
  }
  return undefined;
}

export class TelegramConnection implements MessengerConnection {
  readonly platform = 'telegram';
  readonly profile: AccountProfile;
  private readonly client: TelegramClientLike;
  private readonly clock: Clock;
  private readonly logger: AdapterLogger;
  private readonly incoming: ListenerSet<IncomingMessage>;
  private readonly events: ListenerSet<ConnectionEvent>;
  private readonly newMessages = new NewMessage({ incoming: true });
  private closed = false;

  constructor(deps: TelegramConnectionDeps) {
    this.client = deps.client;
    this.profile = deps.profile;
    this.clock = deps.clock;
    this.logger = deps.logger;
    const report = (error: unknown): void => this.logger.error({ err: error }, 'telegram listener failed');
    this.incoming = new ListenerSet(report);
    this.events = new ListenerSet(report);
    this.client.addEventHandler(this.onNewMessage, this.newMessages);
  }

  private readonly onNewMessage = (event: NewMessageEvent): void => {
    const message = incomingFromMessage(event.message, this.profile.platformUserId, event.message.sender as Api.TypeUser | undefined);
    if (message !== undefined) this.incoming.emit(message);
  };

  async resolveRecipient(ref: RecipientRef): Promise<ResolvedRecipient> {
    try {
      const resolved =
        ref.kind === 'username'
          ? await this.client.invoke(new Api.contacts.ResolveUsername({ username: ref.username.replace(/^@/, '') }))
          : await this.client.invoke(new Api.contacts.ResolvePhone({ phone: phoneDigits(ref.phone) }));
      return recipientFromResolvedPeer(resolved);
    } catch (error) {
      throw this.translate(error);
    }
  }

  async sendText(to: ResolvedRecipient, text: string, clientMessageId: string): Promise<SendResult> {
    const randomId = returnBigInt(clientMessageId);
    try {
      const result = await this.client.invoke(
        new Api.messages.SendMessage({ peer: inputPeerOf(to.address), message: text, randomId }),
      );
      const platformMessageId = sentMessageId(result, randomId.toString()) ?? '';
      return { platformMessageId, duplicate: false, sentAt: this.clock.now() };
    } catch (error) {
      // Telegram keeps sent random_ids: a reused one means our earlier attempt went out.
      // It does not say which message that was, so the platform message id stays unknown ('').
      if (isRpcError(error, 'RANDOM_ID_DUPLICATE')) return { platformMessageId: '', duplicate: true, sentAt: this.clock.now() };
      throw this.translate(error);
    }
  }

  onIncoming(handler: (message: IncomingMessage) => void | Promise<void>): () => void {
    return this.incoming.add(handler);
  }

  onEvent(handler: (event: ConnectionEvent) => void | Promise<void>): () => void {
    return this.events.add(handler);
  }

  async recentIncoming(since: Date): Promise<IncomingMessage[]> {
    try {
      return await fetchRecentIncoming(this.client, this.profile.platformUserId, since);
    } catch (error) {
      throw this.translate(error);
    }
  }

  async knownPeers(limit: number): Promise<KnownPeer[]> {
    try {
      return await fetchKnownPeers(this.client, limit);
    } catch (error) {
      throw this.translate(error);
    }
  }

  async disconnect(): Promise<void> {
    await this.close();
  }

  async logout(): Promise<void> {
    if (this.closed) return;
    try {
      await this.client.invoke(new Api.auth.LogOut());
    } catch (error) {
      // Best effort by contract: the session may already be dead on Telegram's side.
      this.logger.warn({ err: error }, 'telegram logout request failed');
    }
    await this.close();
  }

  /**
   * A translated error; a revoked session is also announced as `logged_out` (once) and the client closed,
   * so the session host stops using this connection.
   */
  private translate(error: unknown): Error {
    const translated = translateTelegramError(error);
    if ((translated.code === 'LOGGED_OUT' || translated.code === 'BANNED') && !this.closed) {
      this.events.emit({ type: 'logged_out' });
      void this.close().catch((closeError: unknown) => this.logger.warn({ err: closeError }, 'telegram close failed'));
    }
    return translated;
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.removeEventHandler(this.onNewMessage, this.newMessages);
    this.incoming.clear();
    this.events.clear();
    await this.client.destroy();
  }
}
