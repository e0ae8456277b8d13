import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/logging/logger.js';

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const logger = createLogger({ level: 'debug', stdout: false, extra: stream });
  return { logger, lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('log redaction', () => {
  it('keeps message bodies, phone numbers, tokens and credentials out of every line', async () => {
    const { logger, lines } = capture();
    logger.info({ telegramUserId: 42, text: 'Hello Anna, our offer…', phone: '+4915112345678', session: '1BAAOMTQ5LjE1NC4xNjc' }, 'sent');
    logger.info({ request: { url: 'https://api.telegram.org/bot123456789:AAEabcdefghijklmnopqrstuvwxyz012345/getMe' } }, 'call');
    logger.warn('could not reach +49 151 1234 5678 or anna@example.com');
    logger.error({ err: new Error('login failed for +79161234567 with token 123456789:AAEabcdefghijklmnopqrstuvwxyz012345') }, 'failed');
    logger.info({ nested: { credentials: { key: 'k' }, password: 'hunter2', firstName: 'Anna' } }, 'deep');
    await flush();
    const all = lines.join('\n');
    expect(lines).toHaveLength(5);
    for (const secret of ['Hello Anna', '4915112345678', '1BAAOMTQ5', 'AAEabcdefghij', '151 1234 5678', 'anna@example.com', '79161234567', 'hunter2', '"Anna"']) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('"telegramUserId":42');
    expect(all).toContain('[redacted]');
  });
});
