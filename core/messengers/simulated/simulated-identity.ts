/**
 * Who is who on the simulated platforms, derived from phone numbers and usernames alone so that every
 * process agrees without shared state.
 */
import { createHash } from 'node:crypto';
import type { AccountProfile, Platform, RecipientRef } from '../messenger.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const USERNAME = /^[a-z][a-z0-9_]{3,31}$/;
const WHATSAPP_SUFFIX = '@s.whatsapp.net';

/** A user of the simulated platform as the sender sees them. */
export interface SimulatedPerson {
  platformUserId: string;
  /** The opaque `ResolvedRecipient.address`. */
  address: string;
  phone?: string;
  username?: string;
}

/** A deterministic unsigned 48-bit number for `value`. */
export function stableHash(value: string): number {
  return createHash('sha256').update(value).digest().readUIntBE(0, 6);
}

export function isE164(phone: string): boolean {
  return E164.test(phone);
}

/** Digits of an E.164 phone, without the `+`. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** Usernames compare without `@` and case. */
export function normaliseUsername(username: string): string {
  return username.replace(/^@/, '').toLowerCase();
}

// Telegram user ids are opaque integers; 1e9 + 48 bits keeps collisions negligible at 100k contacts.
const telegramUserId = (key: string): string => String(1_000_000_000 + stableHash(key));

/** The platform user id of the account (or person) registered with `phone`. */
export function userIdForPhone(platform: Platform, phone: string): string {
  return platform === 'telegram' ? telegramUserId(`phone:${phoneDigits(phone)}`) : phoneDigits(phone);
}

/** The profile the platform reports for the account registered with `phone`. */
export function accountProfileFor(platform: Platform, phone: string): AccountProfile {
  const digits = phoneDigits(phone);
  return { platformUserId: userIdForPhone(platform, phone), displayName: `Simulated ${digits.slice(-4)}`, phone: `+${digits}` };
}

/** The person `ref` names, or undefined when it cannot name anyone on the platform (malformed, or a username on WhatsApp). */
export function personFor(platform: Platform, ref: RecipientRef): SimulatedPerson | undefined {
  if (ref.kind === 'phone') {
    if (!isE164(ref.phone)) return undefined;
    const digits = phoneDigits(ref.phone);
    const address = platform === 'telegram' ? `phone:+${digits}` : `${digits}${WHATSAPP_SUFFIX}`;
    return { platformUserId: userIdForPhone(platform, ref.phone), address, phone: `+${digits}` };
  }
  const username = normaliseUsername(ref.username);
  if (platform === 'whatsapp' || !USERNAME.test(username)) return undefined;
  return { platformUserId: telegramUserId(`username:${username}`), address: `username:${username}`, username };
}

/** The reference an address was resolved from, or undefined for an address this platform never issued. */
export function refFromAddress(platform: Platform, address: string): RecipientRef | undefined {
  if (platform === 'whatsapp') {
    return address.endsWith(WHATSAPP_SUFFIX) ? { kind: 'phone', phone: `+${address.slice(0, -WHATSAPP_SUFFIX.length)}` } : undefined;
  }
  if (address.startsWith('phone:')) return { kind: 'phone', phone: address.slice('phone:'.length) };
  if (address.startsWith('username:')) return { kind: 'username', username: address.slice('username:'.length) };
  return undefined;
}
