/**
 * The simulated platforms' deterministic behaviour. Defaults (phones by their last digits, usernames by
 * their start; each rule can be replaced through `SimulatedDriverOptions.rules`):
 *
 * | who | telegram | whatsapp |
 * |---|---|---|
 * | login phone not E.164 | INVALID_PHONE | INVALID_PHONE |
 * | login phone `…6666` | BANNED | BANNED |
 * | login phone `…429` | FLOOD_WAIT 120 s | FLOOD_WAIT 120 s |
 * | login phone `…2` | 2FA password required | — |
 * | recipient `…0000`, `ghost…` | RECIPIENT_NOT_FOUND | RECIPIENT_NOT_FOUND (also `…9`, any username) |
 * | recipient `…1111`, `private_…` | PRIVACY_RESTRICTED on send | — |
 * | recipient `…4040`, `peerflood_…` | PEER_FLOOD on send | — (WhatsApp has no such answer) |
 * | recipient `…4290`, `flood_…` | FLOOD_WAIT 30 s on send | FLOOD_WAIT 30 s on send |
 * | recipient `…7777`, `stop_…` | replies `stopText` | replies `stopText` |
 * | recipient `…8888`, `replier_…` | replies `text` | replies `text` |
 * | other recipients | by hash: `stopPercent` % reply `stopText`, `percent` % reply `text` | same |
 */
import { MessengerError, type Platform, type RecipientRef } from '../messenger.js';
import { isE164, normaliseUsername, personFor, phoneDigits, stableHash, type SimulatedPerson } from './simulated-identity.js';

/** What happens when someone tries to reach a recipient. */
export type RecipientFate =
  | { kind: 'ok' }
  | { kind: 'not_found' }
  | { kind: 'privacy_restricted' }
  | { kind: 'send_error'; code: 'FLOOD_WAIT' | 'PEER_FLOOD' | 'TRANSIENT'; waitSeconds?: number };

/** How recipients answer delivered messages. */
export interface ReplySettings {
  /** Percent (0–100) of the other recipients, chosen by hash, that answer every message with `text`. */
  percent: number;
  /** Percent (0–100) of the other recipients, chosen by hash, that answer with `stopText`. */
  stopPercent: number;
  /** Time between delivery and the answer. */
  delayMs: number;
  text: string;
  stopText: string;
}

export const DEFAULT_REPLY_SETTINGS: ReplySettings = {
  percent: 20,
  stopPercent: 5,
  delayMs: 5_000,
  text: 'Thanks, tell me more',
  stopText: 'STOP',
};

/** Every decision the simulated platform takes about people, as pure functions. */
export interface SimulatedRules {
  /** Whether the account registered with `phone` has a 2FA password. */
  needsPassword(phone: string): boolean;
  /** The error a login attempt for `phone` ends with, or undefined when it may proceed. */
  loginFailure(phone: string): MessengerError | undefined;
  recipientFate(ref: RecipientRef): RecipientFate;
  /** What `person` answers to a delivered `text`, or undefined for silence. */
  reply(person: SimulatedPerson, text: string): string | undefined;
}

const OK: RecipientFate = { kind: 'ok' };

function usernameFate(username: string): RecipientFate {
  if (username.startsWith('ghost')) return { kind: 'not_found' };
  if (username.startsWith('private_')) return { kind: 'privacy_restricted' };
  if (username.startsWith('peerflood_')) return { kind: 'send_error', code: 'PEER_FLOOD' };
  if (username.startsWith('flood_')) return { kind: 'send_error', code: 'FLOOD_WAIT', waitSeconds: 30 };
  return OK;
}

function phoneFate(platform: Platform, digits: string): RecipientFate {
  if (digits.endsWith('0000')) return { kind: 'not_found' };
  if (platform === 'whatsapp' && digits.endsWith('9')) return { kind: 'not_found' };
  if (platform === 'telegram' && digits.endsWith('1111')) return { kind: 'privacy_restricted' };
  if (platform === 'telegram' && digits.endsWith('4040')) return { kind: 'send_error', code: 'PEER_FLOOD' };
  if (digits.endsWith('4290')) return { kind: 'send_error', code: 'FLOOD_WAIT', waitSeconds: 30 };
  return OK;
}

function replyFor(settings: ReplySettings, person: SimulatedPerson): string | undefined {
  const digits = person.phone ? phoneDigits(person.phone) : '';
  const username = person.username ?? '';
  if (digits.endsWith('7777') || username.startsWith('stop_')) return settings.stopText;
  if (digits.endsWith('8888') || username.startsWith('replier_')) return settings.text;
  const bucket = stableHash(`reply:${person.platformUserId}`) % 100;
  if (bucket < settings.stopPercent) return settings.stopText;
  if (bucket < settings.stopPercent + settings.percent) return settings.text;
  return undefined;
}

/** The default rules of one platform; `replies: false` makes every recipient silent. */
export function defaultRules(platform: Platform, replies: ReplySettings | false): SimulatedRules {
  return {
    needsPassword: (phone) => platform === 'telegram' && phoneDigits(phone).endsWith('2'),
    loginFailure: (phone) => {
      if (!isE164(phone)) return new MessengerError('INVALID_PHONE', 'phone number is not in E.164 form');
      const digits = phoneDigits(phone);
      if (digits.endsWith('6666')) return new MessengerError('BANNED', 'this phone number is banned');
      if (digits.endsWith('429')) return new MessengerError('FLOOD_WAIT', 'too many login attempts', 120);
      return undefined;
    },
    recipientFate: (ref) => {
      if (!personFor(platform, ref)) return { kind: 'not_found' };
      return ref.kind === 'phone' ? phoneFate(platform, phoneDigits(ref.phone)) : usernameFate(normaliseUsername(ref.username));
    },
    reply: (person) => (replies === false ? undefined : replyFor(replies, person)),
  };
}
