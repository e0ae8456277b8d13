import type { RandomSource } from '../../random.js';
import type { Platform } from '../messenger.js';

const WHATSAPP_ID = /^3EB0[0-9A-F]{20}$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
// Baileys' pairing-code alphabet: no 0/O or I/1/U look-alikes.
const PAIRING_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTVWXYZ';

/** A client message id as the platform would make it: Telegram `random_id` or a WhatsApp message id. */
export function newClientMessageId(platform: Platform, random: RandomSource): string {
  switch (platform) {
    case 'telegram':
      return random.bytes(8).readBigInt64BE().toString();
    case 'whatsapp':
      return `3EB0${random.bytes(10).toString('hex').toUpperCase()}`;
  }
}

/** Whether `id` has the platform's client message id format (Telegram refuses anything but an int64). */
export function isClientMessageId(platform: Platform, id: string): boolean {
  switch (platform) {
    case 'telegram': {
      if (!/^-?\d{1,19}$/.test(id)) return false;
      const value = BigInt(id);
      return value >= INT64_MIN && value <= INT64_MAX;
    }
    case 'whatsapp':
      return WHATSAPP_ID.test(id);
  }
}

/** Lower-case hex of `bytes` random bytes (session ids, message ids, QR tokens). */
export function randomHex(random: RandomSource, bytes: number): string {
  return random.bytes(bytes).toString('hex');
}

/** A QR login payload shaped like the platform's own. */
export function newQrPayload(platform: Platform, random: RandomSource): string {
  switch (platform) {
    case 'telegram':
      return `tg://login?token=${random.bytes(32).toString('base64url')}`;
    case 'whatsapp':
      return ['2@' + random.bytes(24).toString('base64'), ...[0, 1, 2].map(() => random.bytes(32).toString('base64'))].join(
        ',',
      );
  }
}

/** An 8-character WhatsApp pairing code. */
export function newPairingCode(random: RandomSource): string {
  return Array.from({ length: 8 }, () => PAIRING_ALPHABET[random.int(0, PAIRING_ALPHABET.length - 1)]).join('');
}
