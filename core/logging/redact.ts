/**
 * Keeps personal data and secrets out of logs (requirement P7): no message bodies, phone numbers, tokens or
 * credentials, whatever shape the logged object has.
 */

const SENSITIVE_KEYS = new Set(
  [
    'token', 'bottoken', 'password', 'passwd', 'secret', 'logincode', 'phone', 'phonenumber', 'phones',
    'text', 'body', 'caption', 'content', 'template', 'credentials', 'credential', 'session', 'stringsession',
    'creds', 'keys', 'apihash', 'authorization', 'cookie', 'credentialskey', 'email', 'emails', 'firstname',
    'lastname', 'fullname', 'displayname', 'username', 'reply', 'rendered', 'renderedtext',
  ].map((k) => k.toLowerCase()),
);

const REDACTED = '[redacted]';
// A bot token anywhere in a string, e.g. inside a URL that an HTTP error message quotes.
const BOT_TOKEN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;
// Phone-like digit runs: 8+ digits, optionally with + and separators.
const PHONE = /\+?\d(?:[\s().-]?\d){7,}/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Scrubs tokens, phone numbers and e-mail addresses out of free text. */
export function scrubText(text: string): string {
  return text.replace(BOT_TOKEN, REDACTED).replace(PHONE, REDACTED).replace(EMAIL, REDACTED);
}

/** A deep copy of `value` with sensitive keys replaced and free text scrubbed. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (value instanceof Error) {
    // Error properties are not enumerable: keep what helps an operator, scrubbed.
    const e = value as Error & { code?: unknown; description?: unknown };
    return scrubValue({ type: e.name, message: e.message, code: e.code, description: e.description, stack: e.stack, cause: e.cause }, depth + 1);
  }
  if (value !== null && typeof value === 'object') {
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return REDACTED;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEYS.has(k.toLowerCase()) ? REDACTED : scrubValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
