/**
 * A fake Telegram: `FakeTelegramWorld` plays the MTProto server (accounts, codes, 2FA, users, message
 * history) and hands out `FakeTelegramClient`s shaped like GramJS's `TelegramClient`. Requests and
 * answers are GramJS's own `Api` objects and errors are GramJS's own error classes, so the adapter's
 * `instanceof` checks run exactly as against the real library. Nothing touches the network.
 */
import { Api } from 'telegram';
import { FloodWaitError, RPCError } from 'telegram/errors/index.js';
import { returnBigInt } from 'telegram/Helpers.js';
import type { TelegramClientFactory } from '../../../core/messengers/telegram/telegram-client.js';
import { FakeTelegramClient } from './fake-telegram-client.js';
import { SrpChallenge } from './telegram-srp.js';

export interface FakeTelegramAccount {
  id: number;
  phone: string;
  firstName: string;
  username?: string;
  password?: string;
  hint?: string;
}

export interface FakeTelegramUser {
  id: number;
  firstName: string;
  phone?: string;
  username?: string;
  /** Sends to this user fail with USER_PRIVACY_RESTRICTED. */
  privacyRestricted?: boolean;
  bot?: boolean;
  /** A channel, not a user: resolving its username yields a PeerChannel. */
  channel?: boolean;
}

export interface FakeSentMessage {
  accountId: number;
  toUserId: number;
  text: string;
  randomId: string;
  id: number;
}

const accessHashOf = (id: number): number => id * 7 + 3;
const rpc = (name: string, request: Api.AnyRequest, code = 400): RPCError => new RPCError(name, request, code);
const peerKey = (peer: Api.TypePeer): string =>
  peer instanceof Api.PeerUser ? `user:${peer.userId.toString()}` : peer instanceof Api.PeerChat ? `chat:${peer.chatId.toString()}` : `channel:${peer.channelId.toString()}`;

export { FakeTelegramClient };

export class FakeTelegramWorld {
  code = '12345';
  /** Seconds since epoch the fake uses for message dates and token expiry. */
  now = () => Math.floor(Date.parse('2026-01-05T09:00:00Z') / 1000);
  /** `updates`: SendMessage answers with a full `Updates` (UpdateMessageID + UpdateNewMessage), as for some peers. */
  sendAnswer: 'short' | 'updates' = 'short';
  /** When set, an accepted QR token answers LoginTokenMigrateTo this DC first. */
  qrHomeDc: number | undefined;
  readonly accounts: FakeTelegramAccount[] = [];
  readonly users: FakeTelegramUser[] = [];
  readonly sent: FakeSentMessage[] = [];
  readonly clients: FakeTelegramClient[] = [];
  /** Every request class name any client invoked, in order. */
  readonly calls: string[] = [];
  private readonly sessions = new Map<string, number>();
  private readonly failures = new Map<string, unknown[]>();
  private readonly history = new Map<number, Api.Message[]>();
  private readonly addressBooks = new Map<number, number[]>();
  private nextId = 1000;

  readonly clientFactory: TelegramClientFactory = (saved) => {
    const client = new FakeTelegramClient(this, saved);
    this.clients.push(client);
    return client;
  };

  addAccount(account: FakeTelegramAccount): this {
    this.accounts.push(account);
    return this;
  }

  addUser(user: FakeTelegramUser): this {
    this.users.push(user);
    return this;
  }

  /** Saves the user `userId` in the contact list of `accountId` (what `contacts.GetContacts` answers). */
  addToAddressBook(accountId: number, userId: number): void {
    const book = this.addressBooks.get(accountId) ?? [];
    book.push(userId);
    this.addressBooks.set(accountId, book);
  }

  /** The next request of `className` (e.g. `messages.SendMessage`) throws `error` (an RPC error name or an error). */
  failNext(className: string, error: string | Error | ((request: Api.AnyRequest) => Error)): void {
    const queue = this.failures.get(className) ?? [];
    queue.push(error);
    this.failures.set(className, queue);
  }

  /** The next request of `className` fails with FLOOD_WAIT_<seconds>, built the way GramJS builds it. */
  failNextWithFloodWait(className: string, seconds: number): void {
    this.failNext(className, (request) => new FloodWaitError({ request, capture: seconds }));
  }

  /** Ends every session of `accountId` (e.g. the user terminated it in the app). */
  revokeSessions(accountId: number): void {
    for (const [session, owner] of this.sessions) if (owner === accountId) this.sessions.delete(session);
  }

  /** The user accepts the QR code currently shown to `client` (the newest client by default). */
  approveQr(accountId: number, client = this.clients.at(-1)): void {
    if (client === undefined) throw new Error('no client');
    client.qrAcceptedBy = accountId;
    void client.dispatch(new Api.UpdateLoginToken());
  }

  /** `fromUserId` writes to `accountId`: recorded in history and pushed to the account's live clients. */
  async deliverIncoming(accountId: number, fromUserId: number, text: string): Promise<Api.Message> {
    const message = new Api.Message({
      id: this.nextId++,
      peerId: new Api.PeerUser({ userId: returnBigInt(fromUserId) }),
      date: this.now(),
      message: text,
      out: false,
    });
    this.historyOf(accountId).push(message);
    const update = new Api.UpdateShortMessage({
      id: message.id,
      userId: returnBigInt(fromUserId),
      message: text,
      date: message.date,
      pts: 1,
      ptsCount: 1,
    });
    for (const client of this.clients) if (client.accountId === accountId && !client.destroyed) await client.dispatch(update);
    return message;
  }

  /** Pushes any update to the account's live clients (for groups, channels, outgoing copies …). */
  async push(accountId: number, update: Api.TypeUpdate | Api.TypeUpdates, entities: Api.TypeUser[] = []): Promise<void> {
    for (const client of this.clients) {
      if (client.accountId === accountId && !client.destroyed) await client.dispatch(update, entities);
    }
  }

  apiUser(user: FakeTelegramUser | FakeTelegramAccount, self = false): Api.User {
    return new Api.User({
      id: returnBigInt(user.id),
      accessHash: returnBigInt(accessHashOf(user.id)),
      firstName: user.firstName,
      username: user.username,
      phone: user.phone,
      self,
      bot: 'bot' in user ? user.bot : undefined,
    });
  }

  historyOf(accountId: number): Api.Message[] {
    const messages = this.history.get(accountId) ?? [];
    this.history.set(accountId, messages);
    return messages;
  }

  // ---- the server --------------------------------------------------------------------------------

  async handle(client: FakeTelegramClient, request: Api.AnyRequest): Promise<unknown> {
    this.calls.push(request.className);
    const failure = this.failures.get(request.className)?.shift();
    if (failure !== undefined) {
      if (typeof failure === 'string') throw rpc(failure, request);
      if (typeof failure === 'function') throw (failure as (r: Api.AnyRequest) => Error)(request);
      throw failure as Error;
    }
    if (request instanceof Api.auth.SendCode) return this.sendCode(client, request);
    if (request instanceof Api.auth.SignIn) return this.signIn(client, request);
    if (request instanceof Api.account.GetPassword) return this.getPassword(client, request);
    if (request instanceof Api.auth.CheckPassword) return this.checkPassword(client, request);
    if (request instanceof Api.auth.ExportLoginToken) return this.exportLoginToken(client, request);
    if (request instanceof Api.auth.ImportLoginToken) return this.importLoginToken(client, request);
    const account = this.authorized(client, request);
    if (request instanceof Api.users.GetUsers) return [this.apiUser(account, true)];
    if (request instanceof Api.contacts.ResolveUsername) {
      return this.resolved(request, this.users.find((u) => u.username === request.username), 'USERNAME_NOT_OCCUPIED');
    }
    if (request instanceof Api.contacts.ResolvePhone) {
      return this.resolved(request, this.users.find((u) => u.phone === request.phone), 'PHONE_NOT_OCCUPIED');
    }
    if (request instanceof Api.messages.SendMessage) return this.sendMessage(account, request);
    if (request instanceof Api.messages.GetDialogs) return this.dialogs(account, request);
    if (request instanceof Api.contacts.GetContacts) return this.contacts(account);
    if (request instanceof Api.messages.GetHistory) return this.historyFor(account, request);
    if (request instanceof Api.auth.LogOut) {
      this.sessions.delete(client.sessionString);
      return new Api.auth.LoggedOut({});
    }
    throw new Error(`fake Telegram does not implement ${request.className}`);
  }

  private sendCode(client: FakeTelegramClient, request: Api.auth.SendCode): Api.auth.SentCode {
    if (!/^\d{7,15}$/.test(request.phoneNumber)) throw rpc('PHONE_NUMBER_INVALID', request);
    client.codeRequest = { phone: request.phoneNumber, hash: `hash-${this.nextId++}` };
    return new Api.auth.SentCode({
      type: new Api.auth.SentCodeTypeApp({ length: this.code.length }),
      phoneCodeHash: client.codeRequest.hash,
    });
  }

  private signIn(client: FakeTelegramClient, request: Api.auth.SignIn): Api.auth.TypeAuthorization {
    // Telegram ties the code to the client that asked for it: any other client gets PHONE_CODE_EXPIRED.
    const pending = client.codeRequest;
    if (pending?.phone !== request.phoneNumber || pending.hash !== request.phoneCodeHash) {
      throw rpc('PHONE_CODE_EXPIRED', request);
    }
    if (request.phoneCode !== this.code) throw rpc('PHONE_CODE_INVALID', request);
    const account = this.accounts.find((a) => a.phone === request.phoneNumber);
    if (account === undefined) return new Api.auth.AuthorizationSignUpRequired({});
    return this.authorizeOrAskPassword(client, account, request);
  }

  private authorizeOrAskPassword(client: FakeTelegramClient, account: FakeTelegramAccount, request: Api.AnyRequest) {
    if (account.password !== undefined) {
      client.passwordPendingFor = account;
      throw rpc('SESSION_PASSWORD_NEEDED', request, 401);
    }
    return this.authorize(client, account);
  }

  private authorize(client: FakeTelegramClient, account: FakeTelegramAccount): Api.auth.Authorization {
    const session = `fake-session-${this.nextId++}`;
    this.sessions.set(session, account.id);
    client.sessionString = session;
    client.accountId = account.id;
    return new Api.auth.Authorization({ user: this.apiUser(account, true) });
  }

  private async getPassword(client: FakeTelegramClient, request: Api.AnyRequest): Promise<Api.account.Password> {
    const account = client.passwordPendingFor;
    if (account?.password === undefined) throw rpc('AUTH_KEY_UNREGISTERED', request, 401);
    client.challenge = await SrpChallenge.create(account.password);
    return client.challenge.passwordInfo(account.hint);
  }

  private checkPassword(client: FakeTelegramClient, request: Api.auth.CheckPassword): Api.auth.Authorization {
    const account = client.passwordPendingFor;
    const challenge = client.challenge;
    client.challenge = undefined;
    if (account === undefined || challenge === undefined) throw rpc('SRP_ID_INVALID', request);
    if (!challenge.verify(request.password)) throw rpc('PASSWORD_HASH_INVALID', request);
    client.passwordPendingFor = undefined;
    return this.authorize(client, account);
  }

  private exportLoginToken(client: FakeTelegramClient, request: Api.AnyRequest): Api.auth.TypeLoginToken {
    const accountId = client.qrAcceptedBy;
    if (accountId === undefined) {
      return new Api.auth.LoginToken({ expires: this.now() + 30, token: Buffer.from(`token-${this.nextId++}`) });
    }
    if (this.qrHomeDc !== undefined && client.dc !== this.qrHomeDc) {
      return new Api.auth.LoginTokenMigrateTo({ dcId: this.qrHomeDc, token: Buffer.from('migrated-token') });
    }
    return this.qrSuccess(client, accountId, request);
  }

  private importLoginToken(client: FakeTelegramClient, request: Api.auth.ImportLoginToken): Api.auth.TypeLoginToken {
    const accountId = client.qrAcceptedBy;
    if (accountId === undefined || client.dc !== this.qrHomeDc || request.token.toString() !== 'migrated-token') {
      throw rpc('AUTH_TOKEN_INVALID', request);
    }
    return this.qrSuccess(client, accountId, request);
  }

  private qrSuccess(client: FakeTelegramClient, accountId: number, request: Api.AnyRequest): Api.auth.LoginTokenSuccess {
    const account = this.accounts.find((a) => a.id === accountId);
    if (account === undefined) throw rpc('AUTH_TOKEN_INVALID', request);
    return new Api.auth.LoginTokenSuccess({ authorization: this.authorizeOrAskPassword(client, account, request) });
  }

  private authorized(client: FakeTelegramClient, request: Api.AnyRequest): FakeTelegramAccount {
    const accountId = this.sessions.get(client.sessionString);
    const account = this.accounts.find((a) => a.id === accountId);
    if (account === undefined) throw rpc('AUTH_KEY_UNREGISTERED', request, 401);
    return account;
  }

  private resolved(request: Api.AnyRequest, user: FakeTelegramUser | undefined, missing: string): Api.contacts.ResolvedPeer {
    if (user === undefined) throw rpc(missing, request);
    if (user.channel === true) {
      return new Api.contacts.ResolvedPeer({
        peer: new Api.PeerChannel({ channelId: returnBigInt(user.id) }),
        chats: [],
        users: [],
      });
    }
    return new Api.contacts.ResolvedPeer({
      peer: new Api.PeerUser({ userId: returnBigInt(user.id) }),
      chats: [],
      users: [this.apiUser(user)],
    });
  }

  private sendMessage(account: FakeTelegramAccount, request: Api.messages.SendMessage): Api.TypeUpdates {
    const peer = request.peer;
    if (!(peer instanceof Api.InputPeerUser)) throw rpc('PEER_ID_INVALID', request);
    const user = this.users.find((u) => returnBigInt(u.id).equals(peer.userId));
    if (user === undefined || !returnBigInt(accessHashOf(user.id)).equals(peer.accessHash)) {
      throw rpc('PEER_ID_INVALID', request);
    }
    const randomId = request.randomId?.toString() ?? '';
    if (this.sent.some((m) => m.accountId === account.id && m.randomId === randomId)) {
      throw rpc('RANDOM_ID_DUPLICATE', request, 500);
    }
    if (user.privacyRestricted === true) throw rpc('USER_PRIVACY_RESTRICTED', request, 403);
    const id = this.nextId++;
    this.sent.push({ accountId: account.id, toUserId: user.id, text: request.message, randomId, id });
    // Our own message opens (or moves up) the dialog, as on Telegram.
    this.historyOf(account.id).push(
      new Api.Message({ id, peerId: new Api.PeerUser({ userId: returnBigInt(user.id) }), date: this.now(), message: request.message, out: true }),
    );
    if (this.sendAnswer === 'short') return new Api.UpdateShortSentMessage({ out: true, id, pts: 1, ptsCount: 1, date: this.now() });
    const message = new Api.Message({ id, peerId: new Api.PeerUser({ userId: returnBigInt(user.id) }), date: this.now(), message: request.message, out: true });
    return new Api.Updates({
      updates: [
        new Api.UpdateNewMessage({ message, pts: 1, ptsCount: 1 }),
        new Api.UpdateMessageID({ id, randomId: returnBigInt(randomId) }),
      ],
      users: [],
      chats: [],
      date: this.now(),
      seq: 0,
    });
  }

  /**
   * The account's dialogs: one per peer of its history (users, basic groups, channels), newest top message
   * first, paged like Telegram (offset by the last top message's date and id; `DialogsSlice` while more remain).
   */
  private dialogs(account: FakeTelegramAccount, request: Api.messages.GetDialogs): Api.messages.TypeDialogs {
    const lastByPeer = new Map<string, Api.Message>();
    for (const message of this.historyOf(account.id)) lastByPeer.set(peerKey(message.peerId), message);
    const all = [...lastByPeer.values()].sort((a, b) => b.date - a.date || b.id - a.id);
    const after = request.offsetDate > 0 || request.offsetId > 0;
    const rest = after ? all.filter((m) => m.date < request.offsetDate || (m.date === request.offsetDate && m.id < request.offsetId)) : all;
    const tops = rest.slice(0, request.limit);
    const userIds = new Set(tops.flatMap((m) => (m.peerId instanceof Api.PeerUser ? [Number(m.peerId.userId.toString())] : [])));
    const page = {
      dialogs: tops.map(
        (m) =>
          new Api.Dialog({
            peer: m.peerId,
            topMessage: m.id,
            readInboxMaxId: 0,
            readOutboxMaxId: 0,
            unreadCount: 0,
            unreadMentionsCount: 0,
            unreadReactionsCount: 0,
            notifySettings: new Api.PeerNotifySettings({}),
          }),
      ),
      messages: tops,
      chats: tops.flatMap((m) => (m.peerId instanceof Api.PeerUser ? [] : [this.apiChat(m.peerId)])),
      users: this.users.filter((u) => userIds.has(u.id)).map((u) => this.apiUser(u)),
    };
    return rest.length > tops.length ? new Api.messages.DialogsSlice({ ...page, count: all.length }) : new Api.messages.Dialogs(page);
  }

  private apiChat(peer: Api.TypePeer): Api.TypeChat {
    if (peer instanceof Api.PeerChat) {
      return new Api.Chat({ id: peer.chatId, title: 'Group', photo: new Api.ChatPhotoEmpty(), participantsCount: 3, date: this.now(), version: 1 });
    }
    const id = peer instanceof Api.PeerChannel ? peer.channelId : returnBigInt(0);
    return new Api.Channel({ id, accessHash: returnBigInt(accessHashOf(Number(id.toString()))), title: 'Channel', photo: new Api.ChatPhotoEmpty(), date: this.now() });
  }

  private contacts(account: FakeTelegramAccount): Api.contacts.Contacts {
    const ids = this.addressBooks.get(account.id) ?? [];
    return new Api.contacts.Contacts({
      contacts: ids.map((id) => new Api.Contact({ userId: returnBigInt(id), mutual: false })),
      savedCount: 0,
      users: this.users.filter((u) => ids.includes(u.id)).map((u) => this.apiUser(u)),
    });
  }

  private historyFor(account: FakeTelegramAccount, request: Api.messages.GetHistory): Api.messages.Messages {
    const peer = request.peer;
    if (!(peer instanceof Api.InputPeerUser)) throw rpc('PEER_ID_INVALID', request);
    const messages = this.historyOf(account.id)
      .filter((m) => m.peerId instanceof Api.PeerUser && m.peerId.userId.equals(peer.userId))
      .sort((a, b) => b.date - a.date || b.id - a.id)
      .slice(0, request.limit);
    return new Api.messages.Messages({ messages, chats: [], users: [] });
  }
}
