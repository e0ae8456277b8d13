import { MessengerError, type MessengerErrorCode, type Platform, type ResolvedRecipient } from '../../messengers/messenger.js';
import type { CheckStop } from './reachability.types.js';

/** What one lookup taught us: a cacheable answer about the recipient, or a reason for the account to stop. */
export type LookupOutcome =
  | { kind: 'reachable'; to: ResolvedRecipient }
  | { kind: 'unreachable'; errorCode: MessengerErrorCode; everywhere: boolean }
  | { kind: 'stop'; reason: CheckStop; waitSeconds?: number };

// Answers about the recipient. Everything else (FLOOD_WAIT, TRANSIENT, LOGGED_OUT, …) is about the account or
// the moment, and is never cached as "unreachable".
const ABOUT_RECIPIENT: ReadonlySet<MessengerErrorCode> = new Set(['RECIPIENT_NOT_FOUND', 'PRIVACY_RESTRICTED', 'INVALID_PHONE']);

/**
 * Whether `code` says the recipient cannot be reached, and whether that holds for every account of the
 * platform: a malformed phone, an unoccupied Telegram username and a number not on WhatsApp (`onWhatsApp`) are
 * facts about the recipient; Telegram's "no user for this phone" and privacy refusals depend on who asks
 * (phone discoverability and "who can message me" settings), so they hold for the asking account only.
 * Returns undefined for codes that are not about the recipient.
 */
export function unreachableAnswer(platform: Platform, recipient: string, code: string): { errorCode: MessengerErrorCode; everywhere: boolean } | undefined {
  if (!ABOUT_RECIPIENT.has(code as MessengerErrorCode)) return undefined;
  const errorCode = code as MessengerErrorCode;
  const everywhere =
    errorCode === 'INVALID_PHONE' || (errorCode === 'RECIPIENT_NOT_FOUND' && (platform === 'whatsapp' || recipient.startsWith('username:')));
  return { errorCode, everywhere };
}

/** Classifies what `resolveRecipient` returned or threw. Errors that are not `MessengerError` stop the account. */
export function lookupOutcome(platform: Platform, recipient: string, result: { to: ResolvedRecipient } | { error: unknown }): LookupOutcome {
  if ('to' in result) return { kind: 'reachable', to: result.to };
  const { error } = result;
  if (!(error instanceof MessengerError)) return { kind: 'stop', reason: 'error' };
  const answer = unreachableAnswer(platform, recipient, error.code);
  if (answer !== undefined) return { kind: 'unreachable', ...answer };
  if (error.code === 'FLOOD_WAIT') return { kind: 'stop', reason: 'flood_wait', waitSeconds: Math.max(1, error.waitSeconds ?? 60) };
  if (error.code === 'LOGGED_OUT') return { kind: 'stop', reason: 'not_connected' };
  // PEER_FLOOD, BANNED, TRANSIENT…: the account, not the recipient, is the problem; it stops for this run.
  return { kind: 'stop', reason: 'error' };
}
