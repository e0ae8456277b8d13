import { describe, expect, it } from 'vitest';
import { DEFAULT_STOP_WORDS, isStopReply, normaliseStopText } from '../../../core/delivery/stop-words.js';

describe('stop replies', () => {
  it('accepts a default stop word alone whatever its case, punctuation, spacing or emoji', () => {
    for (const reply of ['stop', 'STOP!', ' Stop. ', 'stop!!!', '«Стоп»', 'стоп 🛑', 'Unsubscribe.', '  ОТПИСАТЬСЯ  ', 'stop\u200b']) {
      expect(isStopReply(reply, DEFAULT_STOP_WORDS), reply).toBe(true);
    }
  });

  it('refuses a sentence that merely contains a stop word', () => {
    for (const reply of ['please stop', 'stop please', "don't stop", 'stop by on Monday?', 'отписаться пожалуйста', 'stopped', 'unsubscribed']) {
      expect(isStopReply(reply, DEFAULT_STOP_WORDS), reply).toBe(false);
    }
  });

  it('never takes an empty or emoji-only reply for a stop word', () => {
    expect(isStopReply('', DEFAULT_STOP_WORDS)).toBe(false);
    expect(isStopReply('🛑 !!', DEFAULT_STOP_WORDS)).toBe(false);
    expect(isStopReply('', ['!!'])).toBe(false);
  });

  it('uses only the configured words, comparing multi-word phrases and punctuation in them alike', () => {
    const words = ['Opt-Out', 'remove me', 'halt'];
    expect(isStopReply('opt out', words)).toBe(true);
    expect(isStopReply('OPT-OUT!', words)).toBe(true);
    expect(isStopReply('Remove   me.', words)).toBe(true);
    expect(isStopReply('Halt', words)).toBe(true);
    expect(isStopReply('stop', words)).toBe(false);
    expect(isStopReply('remove me please', words)).toBe(false);
  });

  it('normalises to lower-case words separated by single spaces', () => {
    expect(normaliseStopText('  ＳＴＯＰ,  NOW!! ')).toBe('stop now');
  });
});
